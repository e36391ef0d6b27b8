//! Facts: checking articles against the facts of the stories a newsroom tracks (fact files),
//! against the other articles of the same story in a batch (consensus), and against themselves
//! (self-contradiction).
//!
//! A **slot** is something an article states a value for: where the leaders last met, how many
//! years since the last visit. Slots are found with patterns (see [`template`]) whose
//! `{value}` is a typed value ([`values::Kind`]). A **story** has triggers (phrases the
//! article must mention) and **facts**; a fact fixes a slot's accepted values or lists
//! statements that contradict it. Three rules, chosen in the rule files by `analyzer = "…"`,
//! report what the checks find: `fact-file`, `batch` and `self-contradiction`.
//!
//! The format is documented in `docs/facts.md`.

mod capitalised;
mod consensus;
mod grouping;
pub(crate) mod numbers;
mod scan;
pub(crate) mod schema;
pub(crate) mod template;
pub(crate) mod values;

use crate::analyze::{ArticleAnalyzer, FieldView, RawFinding};
use crate::article::{Article, Field};
use crate::fold::fold;
use crate::ruleset::{Location, Matcher, Rule, RuleError, RuleErrorKind, RuleSource};
use crate::text::{Span, TextModel};
use schema::{ConsensusDef, FactDef, SlotDef, StoryDef};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use template::Template;
use toml::Spanned;
use values::{compatible, Kind, Norm};

pub(crate) use consensus::example_report;

/// The analyzer name of the rule that reports contradictions of a fact file.
pub const FACT_FILE: &str = "fact-file";
/// The analyzer name of the rule that reports disagreement with the batch.
pub const BATCH: &str = "batch";
/// The analyzer name of the rule that reports an article contradicting itself.
pub const SELF_CONTRADICTION: &str = "self-contradiction";

/// The story an article was grouped into when scored in a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryGroup {
    /// The story's id: the explicit `story` field, a fact file's story id, or `names:…` for a
    /// group found by shared names.
    pub id: String,
    /// How it was grouped: `explicit`, `fact-file` or `names`.
    pub by: String,
    /// How many other articles of the batch are in the same story.
    pub others: usize,
}

impl fmt::Display for StoryGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (grouped by {}, with {} other article",
            self.id, self.by, self.others
        )?;
        f.write_str(if self.others == 1 { ")" } else { "s)" })
    }
}

/// A compiled slot.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub id: String,
    pub kind: Kind,
    pub label: String,
    pub patterns: Vec<Template>,
    pub vague: Vec<Norm>,
}

/// A compiled fact.
#[derive(Debug, Clone)]
pub(crate) struct Fact {
    pub id: String,
    pub statement: String,
    pub sources: Vec<String>,
    pub slot: Option<usize>,
    pub accept: Vec<Norm>,
    pub contradicted_by: Vec<Template>,
    pub examples: Vec<crate::ruleset::Example>,
}

/// A compiled story.
#[derive(Debug, Clone)]
pub(crate) struct Story {
    pub id: String,
    pub title: String,
    pub origin: String,
    /// Folded phrases; one of each group must be mentioned.
    pub mentions: Vec<Vec<String>>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Slots of this story only (indices into `FactSet::slots`).
    pub slots: Vec<usize>,
    pub facts: Vec<Fact>,
}

/// Batch consensus settings.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Consensus {
    pub min_articles: usize,
    pub min_share: f64,
    pub min_shared_names: usize,
    pub min_name_overlap: f64,
}

impl Default for Consensus {
    fn default() -> Self {
        Consensus {
            min_articles: 3,
            min_share: 0.6,
            min_shared_names: 3,
            min_name_overlap: 0.4,
        }
    }
}

/// Every story, slot and setting of a rule set, and the rules their findings go under.
#[derive(Debug, Clone, Default)]
pub struct FactSet {
    pub(crate) stories: Vec<Story>,
    pub(crate) slots: Vec<Slot>,
    /// Slots that apply to every article.
    pub(crate) global: Vec<usize>,
    pub(crate) consensus: Consensus,
    pub(crate) rule_fact: Option<usize>,
    pub(crate) rule_batch: Option<usize>,
    pub(crate) rule_self: Option<usize>,
    /// Every `mentions` phrase and every pattern's gate words, in one automaton.
    scanner: scan::Scanner,
    /// Where each pattern is, by number ([`Template::gate`]).
    patterns: Vec<PatternAt>,
}

/// Where a pattern is in a fact set.
#[derive(Debug, Clone, Copy)]
enum PatternAt {
    /// `slots[.0].patterns[.1]`.
    Slot(usize, usize),
    /// `stories[.0].facts[.1].contradicted_by[.2]`.
    Fact(usize, usize, usize),
}

/// The candidate values of one kind in a sentence (see [`values::candidates`]).
type Candidates = Vec<(Span, Option<Norm>)>;

/// Which patterns may hold in which sentence of a field: the (sentence, pattern) pairs where
/// the required words of the pattern occur in the sentence in the pattern's order (from one
/// scan of the field; see [`scan::Scanner::scan_hits`]) and the pattern's gate regex matches
/// the sentence.
#[derive(Debug, Default, Clone)]
pub(crate) struct SentenceGates {
    pairs: Vec<(u32, u32)>,
    /// For each pair, where in its sentence a value can start at the earliest
    /// ([`Template::values_from`]).
    lows: Vec<u32>,
}

impl SentenceGates {
    /// Whether sentence `si` may hold a statement of `t`.
    pub(crate) fn may(&self, si: usize, t: &Template) -> bool {
        self.low(si, t).is_some()
    }

    /// Where in sentence `si` a value of `t` can start at the earliest, if `t` may hold there.
    fn low(&self, si: usize, t: &Template) -> Option<usize> {
        let i = self.pairs.binary_search(&(si as u32, t.gate)).ok()?;
        Some(self.lows[i] as usize)
    }

    /// The same gates without the earliest starts of values (what the tests compare with).
    #[cfg(test)]
    fn without_lows(&self) -> SentenceGates {
        SentenceGates {
            pairs: self.pairs.clone(),
            lows: vec![0; self.lows.len()],
        }
    }

    /// The sentences where some pattern may hold, in order.
    pub(crate) fn sentences(&self) -> impl Iterator<Item = usize> + '_ {
        self.pairs.chunk_by(|a, b| a.0 == b.0).map(|g| g[0].0 as usize)
    }

    /// The sentences where some pattern may hold, in order, each with where its pairs are.
    fn by_sentence(&self) -> impl Iterator<Item = (usize, std::ops::Range<usize>)> + '_ {
        let mut at = 0;
        self.pairs.chunk_by(|a, b| a.0 == b.0).map(move |g| {
            at += g.len();
            (g[0].0 as usize, at - g.len()..at)
        })
    }
}

/// One value an article states for a slot.
#[derive(Debug, Clone)]
pub(crate) struct Stated {
    pub slot: usize,
    pub field: Field,
    /// The value's span in the field.
    pub span: Span,
    pub text: String,
    pub norm: Norm,
    pub line: usize,
}

/// The fields of an article as the engine scans them: the body, and the title when it is
/// given apart from the body.
pub(crate) fn fields(article: &Article) -> Vec<(Field, &str)> {
    match (article.title(), article.title_in_body()) {
        (Some(t), None) => vec![(Field::Title, t), (Field::Body, article.body())],
        _ => vec![(Field::Body, article.body())],
    }
}

impl FactSet {
    /// The words the fact checks look for, for the engine's scan to find
    /// ([`crate::analyze::FieldView::words`]).
    pub(crate) fn scan_words(&self) -> &[String] {
        self.scanner.keys()
    }

    /// The stories whose triggers the article matches, in rule-set order.
    pub(crate) fn stories_of(&self, article: &Article) -> Vec<usize> {
        let mut mentioned = scan::Scanner::nothing_mentioned(self.stories.iter().map(|s| &s.mentions));
        for (_, t) in fields(article) {
            self.scanner.scan(t, None, &mut mentioned);
        }
        self.stories_mentioned(&mentioned, article)
    }

    /// [`FactSet::stories_of`], from the occurrences of [`FactSet::scan_words`] the engine's
    /// scan found in each field (the article's fields as [`fields`] lists them, each with its
    /// occurrences) instead of scanning the fields again.
    pub(crate) fn stories_in<'t>(
        &self,
        article: &Article,
        fields: impl Iterator<Item = (&'t str, &'t Vec<(u32, Span)>)>,
    ) -> Vec<usize> {
        let mut mentioned = scan::Scanner::nothing_mentioned(self.stories.iter().map(|s| &s.mentions));
        for (text, words) in fields {
            self.scanner.scan_hits(text, words, None, &mut mentioned);
        }
        self.stories_mentioned(&mentioned, article)
    }

    /// The stories all of whose `mentions` groups are mentioned, among those whose dates
    /// include the article's.
    fn stories_mentioned(&self, mentioned: &scan::Mentioned, article: &Article) -> Vec<usize> {
        let date = article
            .published()
            .map(|d| d.trim().get(..10).unwrap_or(d.trim()).to_string());
        self.stories
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                let in_range = match &date {
                    Some(d) if is_iso_date(d) => {
                        !matches!(&s.from, Some(f) if d < f) && !matches!(&s.to, Some(t) if d > t)
                    }
                    _ => true,
                };
                in_range && mentioned[*i].iter().all(|&g| g)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The slots that apply to an article in these stories: the global ones, then the
    /// stories' own.
    /// A story slot with the id of a global one replaces it for the story's articles.
    pub(crate) fn slots_for(&self, stories: &[usize]) -> Vec<usize> {
        let own: Vec<usize> = stories
            .iter()
            .flat_map(|&s| self.stories[s].slots.iter().copied())
            .collect();
        let mut out: Vec<usize> = self
            .global
            .iter()
            .copied()
            .filter(|&g| !own.iter().any(|&o| self.slots[o].id == self.slots[g].id))
            .collect();
        out.extend(own);
        out
    }

    /// Scans a field once for the gate words of every pattern, then runs the gate regex of
    /// each pattern whose words are all in a sentence, in order, on that sentence.
    pub(crate) fn gates(&self, model: &TextModel) -> SentenceGates {
        let mut mentioned = scan::Scanner::nothing_mentioned(self.stories.iter().map(|s| &s.mentions));
        let pairs = self
            .scanner
            .scan(model.text(), Some(model.sentences()), &mut mentioned);
        self.gates_of(model, pairs)
    }

    /// [`FactSet::gates`] with the words of a pattern needed only to occur in a sentence, not
    /// in order, and every search from the sentence's start: what the gates were before the
    /// order was checked, for the tests to compare with.
    #[cfg(test)]
    fn gates_unordered(&self, model: &TextModel) -> SentenceGates {
        let mut mentioned = scan::Scanner::nothing_mentioned(self.stories.iter().map(|s| &s.mentions));
        let hits = self.scanner.hits_for_tests(model.text());
        let pairs = self.scanner.scan_hits_ordered(
            model.text(),
            &hits,
            Some(model.sentences()),
            &mut mentioned,
            false,
        );
        self.gates_of(model, pairs)
    }

    /// The gates of a field from the (sentence, pattern) pairs of its scan
    /// ([`scan::Scanner::scan`]): the pairs whose pattern's gate regex matches the sentence,
    /// searched from where the pattern's statements can start.
    fn gates_of(&self, model: &TextModel, scanned: scan::Pairs) -> SentenceGates {
        let sentences = model.sentences();
        let masks = self.scanner.masks();
        let mut pairs = scanned;
        // Patterns without gate words may hold in any sentence.
        if masks.contains(&0) {
            let ungated = (0..masks.len() as u32).filter(|&t| masks[t as usize] == 0);
            for t in ungated {
                pairs.extend(
                    sentences
                        .iter()
                        .enumerate()
                        .map(|(si, s)| (si as u32, t, s.start)),
                );
            }
            pairs.sort_unstable();
        }
        // The gate regex of each pattern whose words are all there, in order (measured: one
        // `RegexSet` search per sentence instead costs as much per byte and more to build).
        let text = model.text();
        let mut gates = SentenceGates {
            pairs: Vec::with_capacity(pairs.len()),
            lows: Vec::with_capacity(pairs.len()),
        };
        for &(si, t, at) in &pairs {
            let sentence = &sentences[si as usize];
            let low = self
                .template(t)
                .values_from(&text[sentence.clone()], at - sentence.start);
            if let Some(low) = low {
                gates.pairs.push((si, t));
                gates.lows.push(low as u32);
            }
        }
        gates
    }

    /// The pattern numbered `t` ([`Template::gate`]).
    fn template(&self, t: u32) -> &Template {
        match self.patterns[t as usize] {
            PatternAt::Slot(s, p) => &self.slots[s].patterns[p],
            PatternAt::Fact(s, f, p) => &self.stories[s].facts[f].contradicted_by[p],
        }
    }

    /// Every pattern, by number ([`Template::gate`]).
    #[cfg(test)]
    fn templates(&self) -> Vec<&Template> {
        self.slots
            .iter()
            .flat_map(|s| s.patterns.iter())
            .chain(
                self.stories
                    .iter()
                    .flat_map(|s| s.facts.iter())
                    .flat_map(|f| f.contradicted_by.iter()),
            )
            .collect()
    }

    /// Every value the text of one field states for the given slots: for each statement (a
    /// pattern's match up to its `{value}`), the nearest value.
    pub(crate) fn stated(&self, slots: &[usize], field: Field, model: &TextModel) -> Vec<Stated> {
        self.stated_gated(slots, field, model, &self.gates(model))
    }

    /// [`FactSet::stated`] with the field's gates already computed.
    pub(crate) fn stated_gated(
        &self,
        slots: &[usize],
        field: Field,
        model: &TextModel,
        gates: &SentenceGates,
    ) -> Vec<Stated> {
        let text = model.text();
        let mut out = Vec::new();
        let sentences = model.sentences();
        // Sized once for a slot's patterns.
        let mut patterns: Vec<&Template> = Vec::with_capacity(8);
        // Only the sentences where some pattern may hold.
        for (sx, pairs) in gates.by_sentence() {
            let sentence = &sentences[sx];
            let s = &text[sentence.clone()];
            // Candidates of each kind, found once per sentence and only when a slot needs them,
            // from where a value of the slot can start at the earliest (the earliest of its
            // patterns'): (kind, from where, the candidates that start there or later).
            let mut cache: Vec<(Kind, usize, Candidates)> = Vec::new();
            for &si in slots {
                let slot = &self.slots[si];
                patterns.clear();
                let mut low = usize::MAX;
                // A slot's patterns are numbered one after the other ([`scan::Scanner::build`]),
                // so the sentence's pairs of this slot are a run of its pairs.
                let Some(first) = slot.patterns.first().map(|p| p.gate) else {
                    continue;
                };
                let end = first + slot.patterns.len() as u32;
                let from = pairs.start + gates.pairs[pairs.clone()].partition_point(|&(_, t)| t < first);
                for i in (from..pairs.end).take_while(|&i| gates.pairs[i].1 < end) {
                    patterns.push(&slot.patterns[(gates.pairs[i].1 - first) as usize]);
                    low = low.min(gates.lows[i] as usize);
                }
                if patterns.is_empty() {
                    continue;
                }
                // Those of another slot of the kind serve if read from as early.
                let at = match cache.iter().position(|(k, _, _)| *k == slot.kind) {
                    Some(i) if cache[i].1 <= low => i,
                    Some(i) => {
                        cache[i] = (slot.kind, low, values::candidates_after(slot.kind, s, low));
                        i
                    }
                    None => {
                        cache.push((slot.kind, low, values::candidates_after(slot.kind, s, low)));
                        cache.len() - 1
                    }
                };
                // The first value of each statement (by where it starts); a handful per
                // sentence, so a list serves.
                let mut by_start: Vec<(usize, Stated)> = Vec::new();
                for (span, norm) in &cache[at].2 {
                    let Some(start) = patterns.iter().filter_map(|p| p.fits(s, span.clone())).min() else {
                        continue;
                    };
                    if by_start.iter().any(|(s, _)| *s == start) {
                        continue;
                    }
                    let Some(norm) = norm
                        .clone()
                        .or_else(|| values::norm_of(slot.kind, &s[span.clone()]))
                    else {
                        continue;
                    };
                    let abs = sentence.start + span.start..sentence.start + span.end;
                    by_start.push((
                        start,
                        Stated {
                            slot: si,
                            field,
                            text: text[abs.clone()].to_string(),
                            line: model.line_column(abs.start).0,
                            span: abs,
                            norm,
                        },
                    ));
                }
                let mut found: Vec<Stated> = by_start.into_iter().map(|(_, v)| v).collect();
                found.sort_by_key(|v| v.span.start);
                found.dedup_by_key(|v| v.span.start);
                out.extend(
                    found
                        .into_iter()
                        .filter(|v| !slot.vague.iter().any(|g| compatible_words_equal(g, &v.norm))),
                );
            }
        }
        out.sort_by_key(|v| (v.field, v.span.start, v.slot));
        out
    }

    /// Every value the whole article states for the given slots, title first.
    pub(crate) fn stated_in_article(&self, article: &Article, slots: &[usize]) -> Vec<Stated> {
        let mut out = Vec::new();
        for (field, text) in fields(article) {
            out.extend(self.stated(slots, field, &TextModel::new(text)));
        }
        out
    }

    /// The fact of these stories that fixes a slot, if any.
    pub(crate) fn fact_for(&self, stories: &[usize], slot: usize) -> Option<(&Story, &Fact)> {
        stories.iter().find_map(|&s| {
            let story = &self.stories[s];
            story
                .facts
                .iter()
                .find(|f| f.slot == Some(slot))
                .map(|f| (story, f))
        })
    }
}

/// A vague value matches a stated one when they name the same thing (not merely a part of it):
/// the same words, in any order, each as many times. Counted in place (a value has a few
/// words) rather than on sorted copies: this runs for every value a sentence states.
fn compatible_words_equal(vague: &Norm, v: &Norm) -> bool {
    match (vague, v) {
        (Norm::Words(a), Norm::Words(b)) => {
            let count = |words: &[String], w: &String| words.iter().filter(|x| *x == w).count();
            a.len() == b.len() && a.iter().all(|w| count(a, w) == count(b, w))
        }
        _ => false,
    }
}

fn is_iso_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn quote(s: &str) -> String {
    format!("“{}”", s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Where a stated value is, for messages: `line 7`, or `title`.
fn place(v: &Stated) -> String {
    match v.field {
        Field::Title => "title".to_string(),
        Field::Byline => "byline".to_string(),
        Field::Body => format!("line {}", v.line),
    }
}

fn sources_text(f: &Fact) -> String {
    f.sources.join("; ")
}

/// The per-article checks: fact files and self-contradiction.
#[derive(Debug)]
struct FactsAnalyzer {
    facts: Arc<FactSet>,
}

/// The analyzer for the per-article checks, when the rule set has any rule for them.
pub(crate) fn analyzer(facts: &Arc<FactSet>) -> Option<Box<dyn ArticleAnalyzer>> {
    (facts.rule_fact.is_some() || facts.rule_self.is_some())
        .then(|| Box::new(FactsAnalyzer { facts: facts.clone() }) as Box<dyn ArticleAnalyzer>)
}

impl ArticleAnalyzer for FactsAnalyzer {
    fn analyze(&self, fields: &[FieldView<'_, '_>], out: &mut Vec<RawFinding>) {
        let set = &*self.facts;
        let Some(article) = fields.first().map(|v| v.article) else {
            return;
        };
        // The engine's scan of each field found the words (`FieldView::words`, built with
        // `scan_words`): which stories the article mentions, which patterns may hold where.
        let mut mentioned = scan::Scanner::nothing_mentioned(set.stories.iter().map(|s| &s.mentions));
        let pairs: Vec<scan::Pairs> = fields
            .iter()
            .map(|v| {
                set.scanner
                    .scan_hits(v.model.text(), v.words, Some(v.model.sentences()), &mut mentioned)
            })
            .collect();
        let stories = set.stories_mentioned(&mentioned, article);
        let slots = set.slots_for(&stories);
        if slots.is_empty() && stories.is_empty() {
            return;
        }
        let gates: Vec<SentenceGates> = fields
            .iter()
            .zip(pairs)
            .map(|(v, pairs)| set.gates_of(v.model, pairs))
            .collect();
        // The whole article's values (self-contradiction compares across fields); each
        // field's own are the ones the fact checks report for it.
        let all: Vec<Stated> = fields
            .iter()
            .zip(&gates)
            .flat_map(|(v, g)| set.stated_gated(&slots, v.field, v.model, g))
            .collect();
        for (view, gates) in fields.iter().zip(&gates) {
            if let Some(rule) = set.rule_fact {
                fact_file_findings(set, &stories, view, &all, gates, rule, out);
            }
            if let Some(rule) = set.rule_self {
                self_findings(set, &stories, view.field, &all, rule, out);
            }
        }
    }
}

/// The fact-file findings of one field: its values (those of `all`, the whole article's, that
/// are in this field) that a fact rejects, and its statements a fact lists as contradicting it.
fn fact_file_findings(
    set: &FactSet,
    stories: &[usize],
    view: &FieldView<'_, '_>,
    all: &[Stated],
    gates: &SentenceGates,
    rule: usize,
    out: &mut Vec<RawFinding>,
) {
    let text = view.model.text();
    for &si in stories {
        let story = &set.stories[si];
        for fact in &story.facts {
            if let Some(slot) = fact.slot.filter(|_| !fact.accept.is_empty()) {
                for v in all.iter().filter(|v| v.field == view.field && v.slot == slot) {
                    if fact.accept.iter().any(|a| compatible(a, &v.norm)) {
                        continue;
                    }
                    out.push(RawFinding {
                        rule,
                        field: view.field,
                        span: v.span.clone(),
                        message: Some(format!(
                            "contradicts the fact file ({}, story `{}`: {}, fact `{}`): {} — this article gives {} as {}. Sources: {}",
                            story.origin,
                            story.id,
                            story.title,
                            fact.id,
                            fact.statement,
                            set.slots[slot].label,
                            quote(&v.text),
                            sources_text(fact)
                        )),
                    });
                }
            }
            if fact.contradicted_by.is_empty() {
                continue;
            }
            // Only the sentences where some pattern may hold (in order, as all of them were).
            for sx in gates.sentences() {
                let sentence = &view.model.sentences()[sx];
                let s = &text[sentence.clone()];
                for t in fact.contradicted_by.iter().filter(|t| gates.may(sx, t)) {
                    for m in t.find_all(s) {
                        let span = sentence.start + m.start..sentence.start + m.end;
                        out.push(RawFinding {
                            rule,
                            field: view.field,
                            message: Some(format!(
                                "contradicts the fact file ({}, story `{}`: {}, fact `{}`): {} — this article says {}. Sources: {}",
                                story.origin,
                                story.id,
                                story.title,
                                fact.id,
                                fact.statement,
                                quote(&text[span.clone()]),
                                sources_text(fact)
                            )),
                            span,
                        });
                    }
                }
            }
        }
    }
}

fn self_findings(
    set: &FactSet,
    stories: &[usize],
    field: Field,
    all: &[Stated],
    rule: usize,
    out: &mut Vec<RawFinding>,
) {
    // The values stated for each slot, in article order: a value is compared only with the
    // earlier values of its own slot. Only the first of equal values is kept: the comparison
    // depends on the value alone, so a later equal one would never be the first found, and a
    // long article repeating its values is compared in linear time, not quadratic.
    let mut by_slot: HashMap<usize, Vec<&Stated>> = HashMap::new();
    for later in all {
        let earlier_values = by_slot.entry(later.slot).or_default();
        let accepted = set
            .fact_for(stories, later.slot)
            .map(|(_, f)| &f.accept[..])
            .unwrap_or(&[]);
        let ok = |n: &Norm| accepted.iter().any(|x| compatible(x, n));
        let found = earlier_values
            .iter()
            .copied()
            .find(|e| !(compatible(&e.norm, &later.norm) || ok(&e.norm) && ok(&later.norm)));
        if !earlier_values.iter().any(|e| e.norm == later.norm) {
            earlier_values.push(later);
        }
        let Some(earlier) = found else {
            continue;
        };
        // Point at the value the fact file rejects when it decides; else at the later one.
        let culprit = if ok(&later.norm) && !ok(&earlier.norm) {
            earlier
        } else {
            later
        };
        if culprit.field != field {
            continue;
        }
        let slot = &set.slots[later.slot];
        out.push(RawFinding {
            rule,
            field,
            span: culprit.span.clone(),
            message: Some(format!(
                "the article gives two incompatible values for {}: {} ({}) and {} ({})",
                slot.label,
                quote(&earlier.text),
                place(earlier),
                quote(&later.text),
                place(later)
            )),
        });
    }
}

/// Runs the examples of every fact: each text, scored as a plain-text article, must (or must
/// not) get a fact-file finding naming that fact.
pub(crate) fn check_fact_examples(engine: &crate::engine::Engine) -> Vec<crate::engine::ExampleFailure> {
    let set = engine.facts();
    let Some(rule) = set.rule_fact.map(|r| engine.rules()[r].id.clone()) else {
        return Vec::new();
    };
    let mut failures = Vec::new();
    for story in &set.stories {
        for fact in &story.facts {
            let tag = format!("story `{}`: {}, fact `{}`", story.id, story.title, fact.id);
            for ex in &fact.examples {
                let report = engine.score(&Article::from_plain_text(ex.text.clone()));
                let fired = report
                    .findings
                    .iter()
                    .any(|f| f.rule == rule && f.message.contains(&tag));
                if fired != ex.must_flag {
                    failures.push(crate::engine::ExampleFailure {
                        rule: format!("{rule} ({}/{})", story.id, fact.id),
                        location: ex.location.clone(),
                        text: ex.text.clone(),
                        must_flag: ex.must_flag,
                    });
                }
            }
        }
    }
    failures
}

/// Collects stories, slots and settings from every rule file, then resolves references.
#[derive(Default)]
pub(crate) struct Builder {
    set: FactSet,
    /// Global slot ids → index, with where each is defined.
    slot_ids: HashMap<String, (usize, Location)>,
    story_ids: HashMap<String, Location>,
    consensus_at: Option<Location>,
    /// Facts whose slot is resolved at the end: (story, fact, slot id, its location, accept
    /// values with their locations).
    pending: Vec<Pending>,
}

struct Pending {
    story: usize,
    fact: usize,
    slot: Spanned<String>,
    slot_loc: Location,
    accept: Vec<(String, Location)>,
    /// Ids of the story's own slots → index.
    local: HashMap<String, usize>,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

struct Ctx<'a> {
    source: &'a RuleSource,
    errors: &'a mut Vec<RuleError>,
}

impl Ctx<'_> {
    fn loc(&self, span: std::ops::Range<usize>) -> Location {
        Location::new(&self.source.origin, &self.source.text, span.start, span.end)
    }
    fn err(&mut self, span: std::ops::Range<usize>, message: String) {
        let location = self.loc(span);
        self.errors.push(RuleError {
            location,
            kind: RuleErrorKind::Fact { message },
        });
    }
    fn id(&mut self, what: &str, id: &Spanned<String>) {
        if !valid_id(id.get_ref()) {
            self.err(
                id.span(),
                format!(
                    "{what} id `{}` must be lower-case letters, digits and `-`",
                    id.get_ref()
                ),
            );
        }
    }
}

impl Builder {
    /// Adds one rule file's stories, slots and `[consensus]` table.
    pub fn add_file(
        &mut self,
        source: &RuleSource,
        stories: Vec<Spanned<StoryDef>>,
        slots: Vec<Spanned<SlotDef>>,
        consensus: Option<Spanned<ConsensusDef>>,
        errors: &mut Vec<RuleError>,
    ) {
        let mut ctx = Ctx { source, errors };
        for def in slots {
            let id_span = def.get_ref().id.span();
            if let Some(slot) = compile_slot(&mut ctx, def.into_inner()) {
                if let Some((_, first)) = self.slot_ids.get(&slot.id) {
                    let msg = format!("duplicate slot id `{}`, first defined at {first}", slot.id);
                    ctx.err(id_span, msg);
                    continue;
                }
                let at = ctx.loc(id_span);
                self.slot_ids.insert(slot.id.clone(), (self.set.slots.len(), at));
                self.set.global.push(self.set.slots.len());
                self.set.slots.push(slot);
            }
        }
        for def in stories {
            self.add_story(&mut ctx, def.into_inner());
        }
        if let Some(def) = consensus {
            let span = def.span();
            if let Some(first) = &self.consensus_at {
                let msg = format!("`[consensus]` is already set at {first}; a rule set has one");
                ctx.err(span, msg);
            } else {
                self.consensus_at = Some(ctx.loc(span));
                self.set.consensus = compile_consensus(&mut ctx, def.into_inner());
            }
        }
    }

    fn add_story(&mut self, ctx: &mut Ctx, def: StoryDef) {
        ctx.id("story", &def.id);
        let id = def.id.get_ref().clone();
        if let Some(first) = self.story_ids.get(&id) {
            let msg = format!("duplicate story id `{id}`, first defined at {first}");
            ctx.err(def.id.span(), msg);
            return;
        }
        self.story_ids.insert(id.clone(), ctx.loc(def.id.span()));
        let mut mentions = Vec::new();
        let mentions_span = def.mentions.span();
        for group in def.mentions.into_inner() {
            let mut g = Vec::new();
            for p in group {
                let norm =
                    fold(&p.get_ref().split_whitespace().collect::<Vec<_>>().join(" ")).replace('’', "'");
                if !norm.chars().any(char::is_alphanumeric) {
                    ctx.err(p.span(), "empty phrase in `mentions`".into());
                    continue;
                }
                g.push(norm);
            }
            if g.is_empty() {
                ctx.err(
                    mentions_span.clone(),
                    "every group of `mentions` needs at least one phrase".into(),
                );
            }
            mentions.push(g);
        }
        if mentions.is_empty() {
            ctx.err(mentions_span, "`mentions` needs at least one group of phrases, e.g. [[\"Putin\"], [\"Pyongyang\", \"North Korea\"]]".into());
        }
        let mut date = |d: Option<Spanned<String>>, key: &str| {
            let d = d?;
            if is_iso_date(d.get_ref()) {
                Some(d.into_inner())
            } else {
                ctx.err(
                    d.span(),
                    format!(
                        "`{key}` must be a date written YYYY-MM-DD, found `{}`",
                        d.get_ref()
                    ),
                );
                None
            }
        };
        let from = date(def.published_from, "published_from");
        let to = date(def.published_to, "published_to");
        let story_index = self.set.stories.len();
        let mut local = HashMap::new();
        let mut slots = Vec::new();
        for s in def.slot {
            if let Some(slot) = compile_slot(ctx, s.into_inner()) {
                local.insert(slot.id.clone(), self.set.slots.len());
                slots.push(self.set.slots.len());
                self.set.slots.push(slot);
            }
        }
        let mut facts = Vec::new();
        let mut fact_ids: std::collections::HashSet<String> = Default::default();
        for f in def.fact {
            let f: FactDef = f.into_inner();
            ctx.id("fact", &f.id);
            if !fact_ids.insert(f.id.get_ref().clone()) {
                let msg = format!("duplicate fact id `{}` in story `{id}`", f.id.get_ref());
                ctx.err(f.id.span(), msg);
            }
            if f.sources.get_ref().iter().all(|s| s.trim().is_empty()) {
                ctx.err(
                    f.sources.span(),
                    format!(
                        "fact `{}` needs at least one source a moderator can check",
                        f.id.get_ref()
                    ),
                );
            }
            if f.slot.is_none() && f.contradicted_by.is_empty() {
                ctx.err(
                    f.id.span(),
                    format!(
                        "fact `{}` has no check: give `slot` and `accept`, or `contradicted_by`",
                        f.id.get_ref()
                    ),
                );
            }
            if f.slot.is_none() && !f.accept.is_empty() {
                ctx.err(f.accept[0].span(), "`accept` needs a `slot` to check".into());
            }
            let mut contradicted_by = Vec::new();
            for p in &f.contradicted_by {
                match Template::new(p.get_ref(), false) {
                    Ok(t) => contradicted_by.push(t),
                    Err(m) => ctx.err(p.span(), format!("invalid pattern: {m}")),
                }
            }
            if let Some(slot) = f.slot {
                let slot_loc = ctx.loc(slot.span());
                self.pending.push(Pending {
                    story: story_index,
                    fact: facts.len(),
                    slot,
                    slot_loc,
                    accept: f
                        .accept
                        .iter()
                        .map(|a| (a.get_ref().clone(), ctx.loc(a.span())))
                        .collect(),
                    local: local.clone(),
                });
            }
            let mut examples = Vec::new();
            for (list, must_flag) in [(f.examples.must_flag, true), (f.examples.must_not_flag, false)] {
                for ex in list {
                    examples.push(crate::ruleset::Example {
                        location: ctx.loc(ex.span()),
                        text: ex.into_inner(),
                        must_flag,
                    });
                }
            }
            facts.push(Fact {
                examples,
                id: f.id.into_inner(),
                statement: f.statement.trim().to_string(),
                sources: f.sources.into_inner(),
                slot: None,
                accept: Vec::new(),
                contradicted_by,
            });
        }
        self.set.stories.push(Story {
            id,
            title: def.title,
            origin: ctx.source.origin.clone(),
            mentions,
            from,
            to,
            slots,
            facts,
        });
    }

    /// Resolves fact slots and accepted values, and finds the rules of each analysis.
    pub fn finish(mut self, rules: &[Rule], errors: &mut Vec<RuleError>) -> FactSet {
        for p in std::mem::take(&mut self.pending) {
            let name = p.slot.get_ref();
            let Some(&slot) = p
                .local
                .get(name)
                .or_else(|| self.slot_ids.get(name).map(|(i, _)| i))
            else {
                let mut known: Vec<String> = self
                    .slot_ids
                    .keys()
                    .chain(p.local.keys())
                    .map(|k| format!("`{k}`"))
                    .collect();
                known.sort();
                errors.push(RuleError {
                    location: p.slot_loc,
                    kind: RuleErrorKind::Fact {
                        message: format!("unknown slot `{name}`, expected one of {}", known.join(", ")),
                    },
                });
                continue;
            };
            let kind = self.set.slots[slot].kind;
            let mut accept = Vec::new();
            for (text, location) in p.accept {
                match values::parse(kind, &text) {
                    Some(n) => accept.push(n),
                    None => errors.push(RuleError {
                        location,
                        kind: RuleErrorKind::Fact {
                            message: format!(
                                "`{text}` is not a value of kind `{}` (slot `{name}`)",
                                kind_name(kind)
                            ),
                        },
                    }),
                }
            }
            let fact = &mut self.set.stories[p.story].facts[p.fact];
            fact.slot = Some(slot);
            fact.accept = accept;
        }
        let mut find = |name: &str| {
            let mut uses = rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.enabled && matches!(&r.matcher, Matcher::Analyzer(a) if a == name));
            let first = uses.next();
            for (_, r) in uses {
                let first = first.map_or(String::new(), |(_, f)| format!("`{}` at {}", f.id, f.location));
                errors.push(RuleError {
                    location: r.location.clone(),
                    kind: RuleErrorKind::Fact {
                        message: format!(
                            "rule `{}`: analyzer `{name}` already reports under {first}; one enabled rule per analyzer",
                            r.id
                        ),
                    },
                });
            }
            first.map(|(i, _)| i)
        };
        self.set.rule_fact = find(FACT_FILE);
        self.set.rule_batch = find(BATCH);
        self.set.rule_self = find(SELF_CONTRADICTION);
        let set = &mut self.set;
        let mentions: Vec<Vec<Vec<String>>> = set.stories.iter().map(|s| s.mentions.clone()).collect();
        let templates = set.slots.iter_mut().flat_map(|s| s.patterns.iter_mut()).chain(
            set.stories
                .iter_mut()
                .flat_map(|s| s.facts.iter_mut())
                .flat_map(|f| f.contradicted_by.iter_mut()),
        );
        set.scanner = scan::Scanner::build(&mentions, templates);
        // The same order as the numbers just given.
        set.patterns = (set.slots.iter().enumerate())
            .flat_map(|(s, slot)| (0..slot.patterns.len()).map(move |p| PatternAt::Slot(s, p)))
            .chain(set.stories.iter().enumerate().flat_map(|(s, story)| {
                story.facts.iter().enumerate().flat_map(move |(f, fact)| {
                    (0..fact.contradicted_by.len()).map(move |p| PatternAt::Fact(s, f, p))
                })
            }))
            .collect();
        self.set
    }
}

fn kind_name(kind: Kind) -> &'static str {
    Kind::NAMES
        .iter()
        .find(|(_, k)| *k == kind)
        .map_or("?", |(n, _)| n)
}

fn compile_slot(ctx: &mut Ctx, def: SlotDef) -> Option<Slot> {
    let before = ctx.errors.len();
    ctx.id("slot", &def.id);
    let kind = Kind::NAMES
        .iter()
        .find(|(n, _)| *n == def.kind.get_ref())
        .map(|(_, k)| *k);
    if kind.is_none() {
        let expected: Vec<String> = Kind::NAMES.iter().map(|(n, _)| format!("`{n}`")).collect();
        let msg = format!(
            "unknown slot kind `{}`, expected one of {}",
            def.kind.get_ref(),
            expected.join(", ")
        );
        ctx.err(def.kind.span(), msg);
    }
    let mut patterns = Vec::new();
    for p in &def.patterns {
        match Template::new(p.get_ref(), true) {
            Ok(t) => patterns.push(t),
            Err(m) => ctx.err(p.span(), format!("invalid pattern: {m}")),
        }
    }
    if def.patterns.is_empty() {
        ctx.err(
            def.id.span(),
            format!("slot `{}` needs at least one pattern", def.id.get_ref()),
        );
    }
    let mut vague = Vec::new();
    if let Some(k) = kind {
        for v in &def.vague {
            match values::parse(k, v.get_ref()) {
                Some(n) => vague.push(n),
                None => ctx.err(
                    v.span(),
                    format!("`{}` is not a value of kind `{}`", v.get_ref(), kind_name(k)),
                ),
            }
        }
    }
    if ctx.errors.len() > before {
        return None;
    }
    Some(Slot {
        id: def.id.into_inner(),
        kind: kind?,
        label: def.label.trim().to_string(),
        patterns,
        vague,
    })
}

fn compile_consensus(ctx: &mut Ctx, def: ConsensusDef) -> Consensus {
    let mut c = Consensus::default();
    let mut int = |v: &Option<Spanned<i64>>, key: &str, lo: i64, into: &mut usize| {
        if let Some(v) = v {
            if *v.get_ref() >= lo && *v.get_ref() <= 1000 {
                *into = *v.get_ref() as usize;
            } else {
                ctx.err(
                    v.span(),
                    format!("{key} must be between {lo} and 1000, found {}", v.get_ref()),
                );
            }
        }
    };
    int(&def.min_articles, "min_articles", 2, &mut c.min_articles);
    int(
        &def.min_shared_names,
        "min_shared_names",
        1,
        &mut c.min_shared_names,
    );
    let mut share = |v: &Option<Spanned<f64>>, key: &str, lo: f64, into: &mut f64| {
        if let Some(v) = v {
            if *v.get_ref() > lo && *v.get_ref() <= 1.0 {
                *into = *v.get_ref();
            } else {
                ctx.err(
                    v.span(),
                    format!("{key} must be above {lo} and at most 1.0, found {}", v.get_ref()),
                );
            }
        }
    };
    share(&def.min_share, "min_share", 0.5, &mut c.min_share);
    share(
        &def.min_name_overlap,
        "min_name_overlap",
        0.0,
        &mut c.min_name_overlap,
    );
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::compile::compile;

    /// Whether the folded text mentions `phrase` as whole words: the first implementation of
    /// the mention check, the oracle for the automaton.
    fn contains_phrase(folded: &str, phrase: &str) -> bool {
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        folded.match_indices(phrase).any(|(i, m)| {
            let before = folded[..i].chars().next_back();
            let after = folded[i + m.len()..].chars().next();
            let cut_start = phrase.starts_with(is_word) && before.is_some_and(is_word);
            let cut_end = phrase.ends_with(is_word) && after.is_some_and(is_word);
            !(cut_start || cut_end)
        })
    }

    /// The stories of an article as first implemented: the folded fields, with `’` and `‘` as
    /// `'`, searched for each phrase of each group.
    fn stories_by_search(set: &FactSet, article: &Article) -> Vec<usize> {
        let mut text = String::new();
        for (_, t) in fields(article) {
            text.push_str(&fold(t).replace(['’', '‘'], "'"));
            text.push('\n');
        }
        (0..set.stories.len())
            .filter(|&i| {
                set.stories[i]
                    .mentions
                    .iter()
                    .all(|group| group.iter().any(|p| contains_phrase(&text, p)))
            })
            .collect()
    }

    fn set() -> FactSet {
        let toml = r#"
[scoring]
start = 75
pass = 60
review = 35

[[story]]
id = "s1"
title = "t"
mentions = [["Putin"], ["North Korea", "Kim’s visit", "DPRK"]]

[[story]]
id = "s2"
title = "t"
mentions = [["O'Neill", "Sinn Féin"], ["Belfast"]]
"#;
        compile(&[crate::ruleset::RuleSource::new("facts/t.toml", toml)])
            .unwrap()
            .facts
    }

    #[test]
    fn patterns_are_found_by_their_numbers() {
        let engine = crate::engine::Engine::default();
        let set = engine.facts();
        let all = set.templates();
        assert!(all.len() > 10);
        assert_eq!(set.patterns.len(), all.len());
        for (t, p) in all.iter().enumerate() {
            assert_eq!(p.gate, t as u32);
            assert!(std::ptr::eq(set.template(t as u32), *p));
        }
        // A slot's patterns one after the other (what `stated_gated` reads them by).
        for slot in &set.slots {
            let first = slot.patterns[0].gate;
            assert!(slot
                .patterns
                .iter()
                .enumerate()
                .all(|(k, p)| p.gate == first + k as u32));
        }
    }

    proptest::proptest! {
        /// Counting words in place says what comparing sorted copies said.
        #[test]
        fn words_equal_is_equality_of_sorted_words(
            a in proptest::collection::vec("[ab]{1,2}", 0..5),
            b in proptest::collection::vec("[ab]{1,2}", 0..5),
        ) {
            let sorted = |v: &[String]| {
                let mut v = v.to_vec();
                v.sort();
                v
            };
            let expected = sorted(&a) == sorted(&b);
            proptest::prop_assert_eq!(
                compatible_words_equal(&Norm::Words(a.clone()), &Norm::Words(b.clone())),
                expected
            );
        }

        #[test]
        fn gates_in_order_find_the_values_and_statements_gates_by_presence_found(
            words in proptest::collection::vec(
                "Putin|PUTIN|Putin’s|visit|visited|visits|trip|North Korea|Pyongyang|first|in|for|since|after|24 years|over two decades|20 years|last|previous|meeting|met|was|at|on|Vostochny Cosmodrome|Vladivostok|September 2023|July 2000|2001|defence minister|Andrei Belousov|delegation|accompanied|Kim|Kim’s|\u{212A}im|is set to|will|visit to|Russia|Moscow|when|arrives|the|his|time|went|then|go on to|Vietnam|,|\\.|Putin’s first visit to|Putin's trip to|Putin,|Putin’s|Putin is set to visit|Putin will visit|Kim’s upcoming visit to|Kim Jong Un is set to visit|Kim, who will visit|last met in|the last meeting was in|last meeting, in|first visit to North Korea in|first trip to Pyongyang since|visit-to|two-day|its first|defense minister,",
                0..24,
            ),
        ) {
            let engine = crate::engine::Engine::default();
            let set = engine.facts();
            let text = words.join(" ");
            let model = TextModel::new(&text);
            let slots: Vec<usize> = (0..set.slots.len()).collect();
            let (ordered, unordered) = (set.gates(&model), set.gates_unordered(&model));
            // Fewer pairs, never more.
            proptest::prop_assert!(ordered.pairs.iter().all(|p| unordered.pairs.contains(p)));
            let values = |g: &SentenceGates| -> Vec<(usize, Span, String)> {
                set.stated_gated(&slots, Field::Body, &model, g)
                    .into_iter()
                    .map(|v| (v.slot, v.span, format!("{:?}", v.norm)))
                    .collect()
            };
            proptest::prop_assert_eq!(values(&ordered), values(&unordered));
            // Candidates read from where values can start find what all of them found.
            proptest::prop_assert_eq!(values(&ordered), values(&ordered.without_lows()));
            // A pattern without a value is gated by its own regex: the same pairs pass.
            let whole = |g: &SentenceGates| -> Vec<(u32, u32)> {
                let all = set.templates();
                g.pairs.iter().copied().filter(|&(_, t)| !all[t as usize].has_value()).collect()
            };
            proptest::prop_assert_eq!(whole(&ordered), whole(&unordered));
        }

        #[test]
        fn the_mention_automaton_finds_what_the_search_found(
            words in proptest::collection::vec(
                "Putin|PUTIN|Putins|north korea|North  Korea|NORTH\nKOREA|Kim's visit|kim’s visit|Kim‘s visit|DPRK|xDPRK|O’Neill|o'neill|O‘NEILL|Sinn Féin|SINN FÉIN|Belfast|Belfasts|,|\\.|the",
                0..8,
            ),
            title in proptest::option::of("Putin|Belfast|DPRK"),
        ) {
            let set = set();
            let body = words.join(" ");
            let article = match &title {
                Some(t) => Article::new(body).with_title(t.clone()),
                None => Article::from_plain_text(body),
            };
            proptest::prop_assert_eq!(set.stories_of(&article), stories_by_search(&set, &article));
        }
    }
}
