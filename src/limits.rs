//! Limits that protect a shared pipeline from hostile inputs: oversized articles, runaway
//! finding counts, huge rule files and regexes that would explode the automaton.
//!
//! Every limit has a safe default ([`Limits::default`]); change them when building an engine
//! with [`Engine::from_sources_with_limits`](crate::Engine::from_sources_with_limits).
//!
//! | limit | default | past it |
//! |---|---|---|
//! | [`max_article_bytes`](Limits::max_article_bytes) | 2 MiB per field | the first N bytes (cut on a character boundary) are scored, and an `input/truncated` finding (0 points) says so |
//! | [`max_findings`](Limits::max_findings) | 1000 per article | the first N findings in report order are kept, and an `input/too-many-findings` finding (0 points) says how many were dropped |
//! | [`max_rule_file_bytes`](Limits::max_rule_file_bytes) | 1 MiB per file | loading fails with a located `TooLarge` error |
//! | [`max_regex_bytes`](Limits::max_regex_bytes) | 2 MiB per regex | loading fails with a `TooLarge` error at the regex |
//! | [`max_regex_dfa_bytes`](Limits::max_regex_dfa_bytes) | 2 MiB per regex | the lazy DFA's cache stays within it (matching falls back to slower engines, never fails) |
//!
//! An article is never dropped silently: it is always scored, and a report says when only part
//! of it was.
//!
//! ```
//! use credence::{Article, Engine, Limits};
//! let limits = Limits::default().max_article_bytes(64);
//! let engine = Engine::from_sources_with_limits(credence::embedded_sources(), limits).unwrap();
//! let report = engine.score(&Article::from_plain_text("word ".repeat(100)));
//! assert!(report.findings.iter().any(|f| f.rule == "input/truncated"));
//! ```

use crate::article::{Article, Field};
use crate::category::{Category, Severity};
use crate::report::Finding;
use crate::text::Span;
use std::borrow::Cow;

/// Resource limits of an engine. Construct with [`Limits::default`] and adjust with the
/// chainable setters (or assign the public fields).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest title or body scored, in bytes; a longer field is scored up to the last
    /// character boundary at or before this many bytes (at least 64), with an `input/truncated`
    /// finding.
    pub max_article_bytes: usize,
    /// Most findings listed for one article (at least 1); the rest are dropped before scoring
    /// and an `input/too-many-findings` finding says how many.
    pub max_findings: usize,
    /// Largest rule file accepted, in bytes.
    pub max_rule_file_bytes: usize,
    /// Largest compiled regex of a rule (`regex::RegexBuilder::size_limit`), in bytes.
    pub max_regex_bytes: usize,
    /// Largest lazy-DFA cache of a rule's regex (`regex::RegexBuilder::dfa_size_limit`), in bytes.
    pub max_regex_dfa_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_article_bytes: 2 << 20,
            max_findings: 1000,
            max_rule_file_bytes: 1 << 20,
            max_regex_bytes: 2 << 20,
            max_regex_dfa_bytes: 2 << 20,
        }
    }
}

impl Limits {
    /// Sets [`Limits::max_article_bytes`].
    pub fn max_article_bytes(mut self, n: usize) -> Self {
        self.max_article_bytes = n;
        self
    }

    /// Sets [`Limits::max_findings`].
    pub fn max_findings(mut self, n: usize) -> Self {
        self.max_findings = n;
        self
    }

    /// Sets [`Limits::max_rule_file_bytes`].
    pub fn max_rule_file_bytes(mut self, n: usize) -> Self {
        self.max_rule_file_bytes = n;
        self
    }

    /// Sets [`Limits::max_regex_bytes`].
    pub fn max_regex_bytes(mut self, n: usize) -> Self {
        self.max_regex_bytes = n;
        self
    }

    /// Sets [`Limits::max_regex_dfa_bytes`].
    pub fn max_regex_dfa_bytes(mut self, n: usize) -> Self {
        self.max_regex_dfa_bytes = n;
        self
    }

    /// The article size limit actually applied (never below 64 bytes, so a cut article keeps
    /// at least one character).
    fn article_cap(&self) -> usize {
        self.max_article_bytes.max(64)
    }

    /// The article as scored: itself when both fields fit, else a copy cut to the limit.
    pub(crate) fn clip<'a>(&self, article: &'a Article) -> Cow<'a, Article> {
        let cap = self.article_cap();
        let title_long = article.title_in_body().is_none() && article.title().is_some_and(|t| t.len() > cap);
        if article.body().len() <= cap && !title_long {
            return Cow::Borrowed(article);
        }
        let body = &article.body()[..floor_char_boundary(article.body(), cap)];
        let mut out = match (article.title_in_body(), article.title()) {
            (Some(_), _) => Article::from_plain_text(body),
            (None, Some(t)) => Article::new(body).with_title(&t[..floor_char_boundary(t, cap)]),
            (None, None) => Article::new(body),
        };
        let meta = [
            (article.id(), Article::with_id as fn(Article, String) -> Article),
            (article.byline(), Article::with_byline),
            (article.published(), Article::with_published),
            (article.url(), Article::with_url),
            (article.source(), Article::with_source),
            (article.story(), Article::with_story),
        ];
        for (value, set) in meta {
            if let Some(v) = value {
                out = set(out, v.to_string());
            }
        }
        Cow::Owned(out)
    }

    /// Keeps the first `max_findings` of `items` (already in report order); returns how many
    /// were dropped and the first dropped item.
    pub(crate) fn cap_findings<T>(&self, items: &mut Vec<T>) -> Option<(usize, T)> {
        let max = self.max_findings.max(1);
        if items.len() <= max {
            return None;
        }
        let dropped = items.len() - max;
        let first = items.drain(max..).next()?;
        Some((dropped, first))
    }
}

/// The findings that say an article was only partly scored: `input/truncated` for each field
/// cut to the size limit.
pub(crate) fn truncation_findings(original: &Article, scored: &Article, title_text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let cut_body = scored.body().len();
    if cut_body < original.body().len() {
        out.push(input_finding(
            "input/truncated",
            Field::Body,
            scored.body(),
            last_char(scored.body()),
            format!(
                "the body is {} bytes, over the limit of {} bytes: only the first {cut_body} bytes were scored",
                original.body().len(),
                cut_body
            ),
        ));
    }
    if scored.title_in_body().is_none() {
        if let (Some(t), Some(full)) = (scored.title(), original.title()) {
            if t.len() < full.len() && !title_text.is_empty() {
                out.push(input_finding(
                    "input/truncated",
                    Field::Title,
                    title_text,
                    last_char(title_text),
                    format!(
                        "the title is {} bytes, over the limit of {} bytes: only the first {} bytes were scored",
                        full.len(),
                        t.len(),
                        t.len()
                    ),
                ));
            }
        }
    }
    out
}

/// The finding that says findings were dropped, placed at the first dropped one.
pub(crate) fn dropped_finding(dropped: usize, max: usize, field: Field, text: &str, span: Span) -> Finding {
    input_finding(
        "input/too-many-findings",
        field,
        text,
        span,
        format!("{dropped} more findings from here on were dropped: an article lists at most {max} findings"),
    )
}

fn input_finding(rule: &str, field: Field, text: &str, span: Span, message: String) -> Finding {
    let (line, column) = line_column(text, span.start);
    Finding {
        rule: rule.to_string(),
        category: Category::Input,
        severity: Severity::Info,
        points: 0,
        base_points: 0,
        message,
        evidence: text[span.clone()].to_string(),
        field,
        start: span.start,
        end: span.end,
        line,
        column,
        note: None,
    }
}

/// 1-based line and column (in characters) of byte `offset`, with the text model's line ends
/// (`\n`, `\r\n`, lone `\r`).
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset];
    let mut line = 1;
    let mut line_start = 0;
    for (i, &b) in before.iter().enumerate() {
        let ends = b == b'\n' || (b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
        if ends {
            line += 1;
            line_start = i + 1;
        }
    }
    (line, text[line_start..offset].chars().count() + 1)
}

/// The span of the last character of a non-empty text (both characters of a final `\r\n`).
fn last_char(text: &str) -> Span {
    if text.ends_with("\r\n") {
        return text.len() - 2..text.len();
    }
    let start = text.char_indices().next_back().map_or(0, |(i, _)| i);
    start..text.len()
}

/// The largest character boundary of `s` at or below `i`.
pub(crate) fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_cuts_on_a_char_boundary_and_keeps_metadata() {
        let limits = Limits::default().max_article_bytes(64);
        let body = "é".repeat(100); // 200 bytes
        let a = Article::new(body)
            .with_title("t")
            .with_id("x")
            .with_url("https://a.b/c");
        let c = limits.clip(&a);
        assert_eq!(c.body().len(), 64);
        assert_eq!(c.id(), Some("x"));
        assert_eq!(c.url(), Some("https://a.b/c"));
        assert_eq!(c.title(), Some("t"));
        let small = Article::new("short");
        assert!(matches!(limits.clip(&small), Cow::Borrowed(_)));
    }

    #[test]
    fn cap_findings_keeps_the_first() {
        let limits = Limits::default().max_findings(3);
        let mut v = vec![1, 2, 3, 4, 5];
        assert_eq!(limits.cap_findings(&mut v), Some((2, 4)));
        assert_eq!(v, vec![1, 2, 3]);
        assert_eq!(limits.cap_findings(&mut v), None);
    }

    #[test]
    fn last_char_is_a_whole_character() {
        assert_eq!(last_char("ab€"), 2..5);
        assert_eq!(floor_char_boundary("ab€", 4), 2);
        assert_eq!(line_column("a\r\nb\rcd", 6), (3, 2));
    }
}
