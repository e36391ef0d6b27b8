//! Human diagnostics for rule-loading errors: the location, what is wrong and what was expected,
//! the quoted line and carets under the offending text. Pure: the caller passes the sources it
//! loaded, nothing is read again.

use crate::engine::ExampleFailure;
use crate::ruleset::{LoadError, Location, RuleErrorKind, RuleSource};
use std::fmt::Write;

/// Widest quoted line, in characters; longer lines are shown as a window around the error.
const MAX_SHOWN: usize = 100;

/// Renders a [`LoadError`] as compiler-style diagnostics, quoting each located error's line
/// from the source of the same origin in `sources` (a location whose origin is not among them
/// is shown without a quote).
///
/// ```
/// use credence::{render_load_error, Engine, RuleSource};
/// let sources = vec![RuleSource::new(
///     "bad.toml",
///     "[scoring]\nstart = 75\npass = 60\nreview = 135\n",
/// )];
/// let err = Engine::from_sources(sources.clone()).unwrap_err();
/// let expected = [
///     "error: review must be between 0 and 100, found 135",
///     "  --> bad.toml:4:10",
///     "  |",
///     "4 | review = 135",
///     "  |          ^^^",
///     "1 error",
///     "",
/// ];
/// assert_eq!(render_load_error(&err, &sources), expected.join("\n"));
/// ```
pub fn render_load_error(error: &LoadError, sources: &[RuleSource]) -> String {
    let errors = error.rule_errors();
    if errors.is_empty() {
        return format!("error: {error}\n");
    }
    let mut s = String::new();
    for e in errors {
        let quote = !matches!(e.kind, RuleErrorKind::MissingScoring);
        render_at(&mut s, &e.kind.to_string(), &e.location, sources, quote);
    }
    let n = errors.len();
    let _ = writeln!(s, "{n} error{}", if n == 1 { "" } else { "s" });
    s
}

/// Renders failing rule examples ([`Engine::check_examples`](crate::Engine::check_examples))
/// like [`render_load_error`]: what the rule did, the example's location and its quoted line.
///
/// ```
/// use credence::{render_example_failures, Engine, RuleSource};
/// let sources = vec![
///     RuleSource::new("scoring.toml", "[scoring]\nstart = 75\npass = 60\nreview = 35\n"),
///     RuleSource::new(
///         "x.toml",
///         "[[rule]]\nid = \"boilerplate/x\"\ncategory = \"boilerplate\"\npoints = -5\n\
///          message = \"m\"\nphrases = [\"Leave a Reply\"]\n\
///          [rule.examples]\nmust_flag = [\"Leave no reply\"]\n",
///     ),
/// ];
/// let engine = Engine::from_sources(sources.clone()).unwrap();
/// let out = render_example_failures(&engine.check_examples(), &sources);
/// assert!(out.starts_with("error: rule `boilerplate/x` did not flag a must_flag example\n  --> x.toml:8:14\n"));
/// ```
pub fn render_example_failures(failures: &[ExampleFailure], sources: &[RuleSource]) -> String {
    let mut s = String::new();
    for f in failures {
        let what = if f.must_flag {
            "did not flag a must_flag example"
        } else {
            "flagged a must_not_flag example"
        };
        render_at(
            &mut s,
            &format!("rule `{}` {what}", f.rule),
            &f.location,
            sources,
            true,
        );
    }
    let n = failures.len();
    let _ = writeln!(s, "{n} failed example{}", if n == 1 { "" } else { "s" });
    s
}

fn render_at(s: &mut String, message: &str, loc: &Location, sources: &[RuleSource], quote: bool) {
    let _ = writeln!(s, "error: {message}\n  --> {loc}");
    let text = sources
        .iter()
        .find(|src| src.origin == loc.origin)
        .map(|src| src.text.as_str());
    let Some(text) = text.filter(|t| quote && loc.start <= t.len() && t.is_char_boundary(loc.start)) else {
        return;
    };
    let line_start = text[..loc.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[loc.start..].find('\n').map_or(text.len(), |i| loc.start + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let end = loc.end.min(line_start + line.len()).max(loc.start);
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let caret_at = text[line_start..loc.start].chars().count();
    let caret_len = text[loc.start..end.max(loc.start)].chars().count().max(1);
    // A window of at most MAX_SHOWN characters that starts the caret within view.
    let from = match chars.len() > MAX_SHOWN {
        true => caret_at
            .saturating_sub(MAX_SHOWN / 2)
            .min(chars.len() - MAX_SHOWN),
        false => 0,
    };
    let to = (from + MAX_SHOWN).min(chars.len());
    let mut shown: String = if from > 0 { "…".into() } else { String::new() };
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push('…');
    }
    let caret_col = caret_at - from + usize::from(from > 0);
    let caret_len = caret_len.min((to + 1).saturating_sub(caret_at).max(1));
    let num = loc.line.to_string();
    let pad = " ".repeat(num.len());
    let _ = writeln!(s, "{pad} |");
    let _ = writeln!(s, "{num} | {}", shown.trim_end());
    let _ = writeln!(s, "{pad} | {}{}", " ".repeat(caret_col), "^".repeat(caret_len));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::RuleError;

    fn err(src: &str, start: usize, end: usize) -> String {
        let e = LoadError::Invalid(vec![RuleError {
            location: Location::new("f.toml", src, start, end),
            kind: RuleErrorKind::EmptyPhrase,
        }]);
        render_load_error(&e, &[RuleSource::new("f.toml", src)])
    }

    #[test]
    fn carets_cover_the_span_on_its_line() {
        let out = err("a = 1\nbé = 'xy'\n", 12, 16);
        assert!(out.contains("2 | bé = 'xy'\n  |      ^^^^\n"), "{out}");
    }

    #[test]
    fn long_lines_are_windowed_and_never_panic() {
        let src = format!("k = '{}'", "x".repeat(5000));
        let out = err(&src, 3000, 3001);
        let quoted = out.lines().nth(3).unwrap();
        assert!(quoted.chars().count() < MAX_SHOWN + 10, "{quoted}");
        for (s, e) in [(0, 0), (src.len(), src.len()), (4, 99999)] {
            let _ = err(&src, s, e);
        }
        let _ = err("", 0, 0);
        let _ = err("\r\n\t\r", 1, 3);
    }

    #[test]
    fn unknown_origin_is_shown_without_a_quote() {
        let e = LoadError::Invalid(vec![RuleError {
            location: Location::new("other.toml", "x", 0, 1),
            kind: RuleErrorKind::EmptyPhrase,
        }]);
        assert_eq!(
            render_load_error(&e, &[]),
            "error: empty phrase: a phrase must contain at least one letter or digit\n  --> other.toml:1:1\n1 error\n"
        );
    }
}
