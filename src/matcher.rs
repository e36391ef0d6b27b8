//! The compiled matchers: one case-insensitive Aho-Corasick automaton over every phrase of every
//! enabled rule, and the regex rules. Placement checks (line position, words on the line, last
//! lines, a following list) are applied to each raw match.

use crate::fold::{fold, variants};
use crate::ruleset::{FieldScope, LinePosition, ListSpec, Matcher, Rule, Scope};
use crate::text::{Span, TextModel};
use aho_corasick::{AhoCorasick, MatchKind};
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

/// Every phrase of every enabled rule in one automaton.
#[derive(Debug, Clone)]
pub struct PhraseIndex {
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern: the rules that listed it, and whether its first and last
    /// characters are word characters (and so need a word boundary there).
    patterns: Vec<PatternInfo>,
}

#[derive(Debug, Clone)]
struct PatternInfo {
    rules: Vec<u32>,
    word_start: bool,
    word_end: bool,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl PhraseIndex {
    /// Builds the automaton over the folded spelling variants of every phrase.
    pub fn build(rules: &[Rule]) -> Result<PhraseIndex, aho_corasick::BuildError> {
        let mut keys: Vec<String> = Vec::new();
        let mut patterns: Vec<PatternInfo> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (ri, rule) in rules.iter().enumerate() {
            if !rule.enabled {
                continue;
            }
            let Matcher::Phrases(phrases) = &rule.matcher else {
                continue;
            };
            for p in phrases {
                for v in variants(&p.text) {
                    let key = fold(&v);
                    let at = *index.entry(key.clone()).or_insert_with(|| {
                        keys.push(key.clone());
                        patterns.push(PatternInfo {
                            rules: Vec::new(),
                            word_start: key.chars().next().is_some_and(is_word),
                            word_end: key.chars().last().is_some_and(is_word),
                        });
                        keys.len() - 1
                    });
                    if patterns[at].rules.last() != Some(&(ri as u32)) {
                        patterns[at].rules.push(ri as u32);
                    }
                }
            }
        }
        let automaton = if keys.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&keys)?,
            )
        };
        Ok(PhraseIndex { automaton, patterns })
    }

    /// Calls `hit(rule_index, span)` for every whole-word occurrence of a phrase in `text`.
    pub fn scan(&self, text: &str, mut hit: impl FnMut(usize, Span)) {
        let Some(ac) = &self.automaton else {
            return;
        };
        let folded = fold(text);
        for m in ac.find_overlapping_iter(&folded) {
            let info = &self.patterns[m.pattern().as_usize()];
            if info.word_start && text[..m.start()].chars().next_back().is_some_and(is_word) {
                continue;
            }
            if info.word_end && text[m.end()..].chars().next().is_some_and(is_word) {
                continue;
            }
            for &r in &info.rules {
                hit(r as usize, m.start()..m.end());
            }
        }
    }
}

/// Whether a rule of this scope runs on a field, given whether the title is a separate field.
pub fn applies(scope: FieldScope, is_title_field: bool) -> bool {
    match scope {
        FieldScope::Any => true,
        FieldScope::Title => is_title_field,
        FieldScope::Body => !is_title_field,
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Context for placement checks on one field.
pub struct Placement<'a, 't> {
    /// The field's text model.
    pub model: &'a TextModel<'t>,
    /// Indices of the non-blank lines, in order.
    pub nonblank: Vec<usize>,
    /// Per-line facts, computed once on first use so that each check costs the match, not the
    /// line: a long line with many matches must not make scoring quadratic.
    facts: OnceCell<Vec<LineFacts>>,
    /// For each `max_item_words` asked for: per line, the first line at or after it that ends a
    /// list below a match (see [`Placement::list_after`]).
    list_stops: RefCell<HashMap<usize, Vec<usize>>>,
}

/// What placement checks need to know about one line.
#[derive(Debug, Clone, Copy)]
struct LineFacts {
    /// Letters on the line.
    alphabetic: usize,
    /// Byte offset of the first letter or digit (the line's end when there is none).
    first_alnum: usize,
    /// Words on the line (see `words`).
    words: usize,
}

impl<'a, 't> Placement<'a, 't> {
    /// Prepares placement checks for a field.
    pub fn new(model: &'a TextModel<'t>) -> Self {
        let text = model.text();
        let nonblank = model
            .lines()
            .iter()
            .enumerate()
            .filter(|(_, l)| !text[(*l).clone()].trim().is_empty())
            .map(|(i, _)| i)
            .collect();
        Placement {
            model,
            nonblank,
            facts: OnceCell::new(),
            list_stops: RefCell::new(HashMap::new()),
        }
    }

    fn facts(&self, li: usize) -> LineFacts {
        let facts = self.facts.get_or_init(|| {
            let text = self.model.text();
            self.model
                .lines()
                .iter()
                .map(|l| {
                    let t = &text[l.clone()];
                    LineFacts {
                        alphabetic: t.chars().filter(|c| c.is_alphabetic()).count(),
                        first_alnum: t.find(char::is_alphanumeric).map_or(l.end, |i| l.start + i),
                        words: words(t),
                    }
                })
                .collect()
        });
        facts[li]
    }

    /// Checks a raw match against a rule's scope; returns the evidence span (extended over a
    /// following list when the rule asks for one) or `None` when the match is out of place.
    pub fn accept(&self, scope: &Scope, span: Span) -> Option<Span> {
        let text = self.model.text();
        let li = self.model.line_index(span.start);
        let line = self.model.lines()[li].clone();
        let needs_line = scope.line != LinePosition::Anywhere || scope.max_line_words.is_some();
        if needs_line && span.end > line.end {
            return None;
        }
        match scope.line {
            LinePosition::Anywhere => {}
            LinePosition::Alone => {
                // The span lies within its line (checked above): it is alone when every letter
                // of the line is inside it.
                let inside = text[span.clone()].chars().filter(|c| c.is_alphabetic()).count();
                if self.facts(li).alphabetic > inside {
                    return None;
                }
            }
            LinePosition::Start => {
                if self.facts(li).first_alnum < span.start {
                    return None;
                }
            }
        }
        if let Some(max) = scope.max_line_words {
            if self.facts(li).words > max {
                return None;
            }
        }
        if let Some(n) = scope.last_lines {
            let first_allowed = self.nonblank.len().saturating_sub(n);
            let pos = self.nonblank.partition_point(|&i| i < li);
            if pos < first_allowed {
                return None;
            }
        }
        if scope.skip_quoted && in_embedded_quote(&text[line.start..span.start]) {
            return None;
        }
        match scope.list {
            None => Some(span),
            Some(list) => self.list_after(span, li, list),
        }
    }

    /// Extends `span` over a list that follows it: separated items on the rest of its line, or
    /// short lines below it (blank lines allowed between).
    fn list_after(&self, span: Span, li: usize, spec: ListSpec) -> Option<Span> {
        let text = self.model.text();
        let lines = self.model.lines();
        let rest = &text[span.end.min(lines[li].end)..lines[li].end];
        let rest_trim = rest.trim_start_matches([':', '-', '–', '—', ' ']).trim();
        if !rest_trim.is_empty() {
            let items: Vec<&str> = rest_trim
                .split([',', ';', '|', '·', '•'])
                .map(str::trim)
                .collect();
            let ok = items.len() >= spec.min_items
                && items
                    .iter()
                    .all(|i| !i.is_empty() && words(i) <= spec.max_item_words);
            return ok.then(|| span.start..lines[li].start + text[lines[li].clone()].trim_end().len());
        }
        // The list is every non-blank line below, up to the first one too long or ending a
        // sentence; `stops[i]` is that line for a list starting at line `i`, computed once per
        // `max_item_words` for the whole field (a field of a million `Tags:` lines stays linear).
        let mut stops = self.list_stops.borrow_mut();
        let stops = stops.entry(spec.max_item_words).or_insert_with(|| {
            let mut stops = vec![lines.len(); lines.len() + 1];
            for i in (0..lines.len()).rev() {
                let t = text[lines[i].clone()].trim();
                let ends = !t.is_empty() && (words(t) > spec.max_item_words || t.ends_with(['.', '!', '?']));
                stops[i] = if ends { i } else { stops[i + 1] };
            }
            stops
        });
        let stop = stops[li + 1];
        let first = self.nonblank.partition_point(|&i| i <= li);
        let past = self.nonblank.partition_point(|&i| i < stop);
        let count = past.saturating_sub(first);
        let end = match count {
            0 => span.end,
            _ => {
                let last = &lines[self.nonblank[past - 1]];
                last.start + text[last.clone()].trim_end().len()
            }
        };
        (count >= spec.min_items).then_some(span.start..end)
    }
}

/// Whether text that follows `before` (the start of its line) stands inside a quotation that
/// opens after some words: `the headline read “TNF xyxy`. A quotation that opens the line does
/// not count, so a line that is all quotation is judged as text, not as a report of it.
fn in_embedded_quote(before: &str) -> bool {
    let mut open: Option<(char, usize)> = None;
    for (i, c) in before.char_indices() {
        open = match open {
            None if matches!(c, '“' | '„' | '«' | '"') => Some((c, i)),
            None => None,
            Some((o, at)) => {
                let closes = match o {
                    '“' => c == '”',
                    '„' => c == '“' || c == '”',
                    '«' => c == '»',
                    _ => c == '"',
                };
                (!closes).then_some((o, at))
            }
        };
    }
    open.is_some_and(|(_, at)| before[..at].chars().any(char::is_alphabetic))
}

/// Removes overlapping spans, keeping the leftmost and then the longest.
pub fn leftmost_longest(spans: &mut Vec<Span>) {
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut last_end = 0;
    let mut first = true;
    spans.retain(|s| {
        if first || s.start >= last_end {
            first = false;
            last_end = s.end;
            true
        } else {
            false
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_removal_keeps_leftmost_longest() {
        let mut v = vec![5..9, 0..3, 0..6, 7..12, 12..13];
        leftmost_longest(&mut v);
        assert_eq!(v, vec![0..6, 7..12, 12..13]);
    }

    #[test]
    fn embedded_quotations_are_told_from_quoted_lines() {
        assert!(in_embedded_quote("the headline read “TNF "));
        assert!(in_embedded_quote("Die Zeile lautete „Lorem "));
        assert!(in_embedded_quote("it said \"As "));
        assert!(!in_embedded_quote("“"));
        assert!(!in_embedded_quote("  « "));
        assert!(!in_embedded_quote("he said “no” and then "));
        assert!(!in_embedded_quote("Er sagte „nein“ und "));
        assert!(!in_embedded_quote("plain text "));
    }

    #[test]
    fn words_ignore_punctuation_tokens() {
        assert_eq!(words("Share this: — Facebook"), 3);
        assert_eq!(words("  "), 0);
    }
}
