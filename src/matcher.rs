//! The compiled matchers: one case-insensitive Aho-Corasick automaton over every phrase of every
//! enabled rule *and* the prefix literals of every regex rule, run once over each field. Phrase
//! hits are reported directly; a regex runs only on fields where one of its prefix literals
//! occurs, and only from the first occurrence on. Placement checks (line position, words on the
//! line, last lines, a following list) are applied to each raw match.

use crate::fold::{fold, fold_bytes, variants};
use crate::ruleset::{FieldScope, LinePosition, ListSpec, Matcher, Rule, Scope};
use crate::text::{Span, TextModel};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use once_cell::sync::OnceCell;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// Every phrase of every enabled rule, and the prefix literals of every enabled regex rule, in
/// one automaton.
#[derive(Debug, Clone)]
pub struct PhraseIndex {
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern: the rules that listed it, and whether its first and last
    /// characters are word characters (and so need a word boundary there).
    patterns: Vec<PatternInfo>,
    /// Enabled regex rules, in rule order: the rule index, and whether it has prefix literals
    /// in the automaton (if not, it runs on every field).
    regexes: Vec<(usize, bool)>,
}

#[derive(Debug, Clone, Default)]
struct PatternInfo {
    /// Phrase rules listing this pattern.
    rules: Vec<u32>,
    /// Positions in `PhraseIndex::regexes` of the regex rules this pattern is a prefix literal of.
    regexes: Vec<u32>,
    word_start: bool,
    word_end: bool,
}

/// What one scan of a field found for the regex rules: where each may first match.
#[derive(Debug)]
pub struct RegexCandidates<'i> {
    index: &'i PhraseIndex,
    /// Per entry of `PhraseIndex::regexes`: the first byte where a match can start.
    first: Vec<Option<usize>>,
}

impl RegexCandidates<'_> {
    /// Each regex rule that can match in the field, with the first byte where a match can
    /// start, in rule order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.index
            .regexes
            .iter()
            .zip(&self.first)
            .filter_map(|(&(rule, _), first)| first.map(|f| (rule, f)))
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The folded prefix literals every match of `re` starts with, or `None` when they are not a
/// small finite set (the regex then runs on every field).
fn prefix_literals(re: &regex::Regex) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(re.as_str())
        .ok()?;
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.len() > 64 {
        return None;
    }
    let mut out = Vec::with_capacity(lits.len());
    for l in lits {
        // A literal that is empty, or not whole characters, cannot be folded: no gate.
        let s = std::str::from_utf8(l.as_bytes()).ok().filter(|s| !s.is_empty())?;
        let f = fold(s);
        if !out.contains(&f) {
            out.push(f);
        }
    }
    Some(out)
}

impl PhraseIndex {
    /// Builds the automaton over the folded spelling variants of every phrase and the folded
    /// prefix literals of every regex.
    pub fn build(rules: &[Rule]) -> Result<PhraseIndex, aho_corasick::BuildError> {
        let mut keys: Vec<String> = Vec::new();
        let mut patterns: Vec<PatternInfo> = Vec::new();
        let mut regexes = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut slot = |key: String, keys: &mut Vec<String>, patterns: &mut Vec<PatternInfo>| -> usize {
            *index.entry(key.clone()).or_insert_with(|| {
                patterns.push(PatternInfo {
                    word_start: key.chars().next().is_some_and(is_word),
                    word_end: key.chars().last().is_some_and(is_word),
                    ..PatternInfo::default()
                });
                keys.push(key);
                keys.len() - 1
            })
        };
        for (ri, rule) in rules.iter().enumerate() {
            if !rule.enabled {
                continue;
            }
            match &rule.matcher {
                Matcher::Phrases(phrases) => {
                    for p in phrases {
                        for v in variants(&p.text) {
                            let at = slot(fold(&v), &mut keys, &mut patterns);
                            if patterns[at].rules.last() != Some(&(ri as u32)) {
                                patterns[at].rules.push(ri as u32);
                            }
                        }
                    }
                }
                Matcher::Regex(re) => {
                    let gate = prefix_literals(re);
                    let ix = regexes.len() as u32;
                    regexes.push((ri, gate.is_some()));
                    for lit in gate.into_iter().flatten() {
                        let at = slot(lit, &mut keys, &mut patterns);
                        if patterns[at].regexes.last() != Some(&ix) {
                            patterns[at].regexes.push(ix);
                        }
                    }
                }
            }
        }
        let automaton = if keys.is_empty() {
            None
        } else {
            // A DFA: the fastest search, one table lookup per byte; its memory is fine for
            // thousands of phrases.
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&keys)?,
            )
        };
        Ok(PhraseIndex {
            automaton,
            patterns,
            regexes,
        })
    }

    /// Calls `hit(rule_index, span)` for every whole-word occurrence of a phrase in `text`, and
    /// returns where each regex rule can first match.
    pub fn scan(&self, text: &str, mut hit: impl FnMut(usize, Span)) -> RegexCandidates<'_> {
        let mut first: Vec<Option<usize>> = self
            .regexes
            .iter()
            .map(|&(_, gated)| (!gated).then_some(0))
            .collect();
        if let Some(ac) = &self.automaton {
            let folded = fold_bytes(text);
            for m in ac.find_overlapping_iter(&folded) {
                let info = &self.patterns[m.pattern().as_usize()];
                for &x in &info.regexes {
                    first[x as usize].get_or_insert(m.start());
                }
                if info.rules.is_empty() {
                    continue;
                }
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
        RegexCandidates { index: self, first }
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
    /// Indices of the non-blank lines, in order; computed on first use (only `last_lines`
    /// needs them).
    nonblank: OnceCell<Vec<usize>>,
}

impl<'a, 't> Placement<'a, 't> {
    /// Prepares placement checks for a field.
    pub fn new(model: &'a TextModel<'t>) -> Self {
        Placement {
            model,
            nonblank: OnceCell::new(),
        }
    }

    fn nonblank(&self) -> &[usize] {
        self.nonblank.get_or_init(|| {
            let text = self.model.text();
            self.model
                .lines()
                .iter()
                .enumerate()
                .filter(|(_, l)| !text[(*l).clone()].trim().is_empty())
                .map(|(i, _)| i)
                .collect()
        })
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
        let before = &text[line.start..span.start];
        let after = &text[span.end.min(line.end)..line.end];
        match scope.line {
            LinePosition::Anywhere => {}
            LinePosition::Alone => {
                if before.chars().chain(after.chars()).any(char::is_alphabetic) {
                    return None;
                }
            }
            LinePosition::Start => {
                if before.chars().any(char::is_alphanumeric) {
                    return None;
                }
            }
        }
        if let Some(max) = scope.max_line_words {
            if words(&text[line.clone()]) > max {
                return None;
            }
        }
        if let Some(n) = scope.last_lines {
            let nonblank = self.nonblank();
            let first_allowed = nonblank.len().saturating_sub(n);
            let pos = nonblank.partition_point(|&i| i < li);
            if pos < first_allowed {
                return None;
            }
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
        let mut count = 0;
        let mut end = span.end;
        for line in &lines[li + 1..] {
            let t = text[line.clone()].trim();
            if t.is_empty() {
                continue;
            }
            if words(t) > spec.max_item_words || t.ends_with(['.', '!', '?']) {
                break;
            }
            count += 1;
            end = line.start + text[line.clone()].trim_end().len();
        }
        (count >= spec.min_items).then_some(span.start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_ignore_punctuation_tokens() {
        assert_eq!(words("Share this: — Facebook"), 3);
        assert_eq!(words("  "), 0);
    }
}
