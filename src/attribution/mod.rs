//! Attribution-aware analysis of claim cues (`unattributed-claim`, `hedging`).
//!
//! The cue rules are ordinary phrase and regex rules (`rules/attribution.toml`), found in the
//! engine's single pass. This analyzer then looks at the sentence holding each cue finding of a
//! rule listed in `[attribution] rescue` and drops the finding when the claim is attributed:
//!
//! - a cue naming a vague source (`analysts`, `some experts`) only when a name is attached to
//!   it (`analysts at Capital Economics`, `some experts, including John Smith`);
//! - any other cue when a named attribution in its sentence covers it (`Smith said the talks
//!   may fail`, `the talks may fail, Smith said`, `"…," said Smith`, `according to Reuters`) and
//!   the sentence credits no vague source; or, when its sentence gives no source at all, when a
//!   sentence within `window` before or after names one.
//!
//! `Western officials said`, `some experts warn` are never rescued. `{source}` in a rule's
//! message is replaced by the vague source of the finding. See `docs/attribution.md`.
//!
//! Cost: the verb gate (`gate.rs`: one key word of each attribution verb and `source_after`
//! phrase, found by the engine's one automaton) says which sentences may credit a source; only those are
//! tokenized and searched for sources, each once per field, and a sentence holding a vague cue
//! (`analysts`) for the name attached to it. Names are read on demand, only in the runs of
//! words a scan reaches, and scans are bounded by `reach` words: linear in the field. Each
//! word of a tokenized sentence is looked up once in the lexicon (`config.rs`: every word list
//! and the first words of every phrase list, with a bit per list), which answers every
//! membership question about it and lets a phrase list skip the words that start none of its
//! phrases.

mod config;
mod gate;
mod source;

use config::lexicon;
pub(crate) use config::{check_rescue, compile_attribution, AttributionConfig, AttributionDef};
#[allow(unused_imports)] // the crate-internal API for the good-practice family
pub(crate) use source::{attributed_source, sentence_attribution, Attribution, Sentence, Sources};

use crate::analyze::{Analyzer, FieldView, RawFinding};
use crate::article::Field;
use crate::ruleset::{Matcher, Rule};
use crate::text::Span;
use source::Tokens;
use std::borrow::Cow;

/// The analyzer name of the credit rule for statements attributed to a named source
/// (`analyzer = "named-source"`, `good-practice/named-attribution` in the default rules): one
/// finding per sentence that credits a named person or organisation, at the source's name, as
/// found by the same attribution analysis that rescues claim cues.
pub const NAMED_SOURCE: &str = "named-source";

/// The placeholder in a rule message replaced by the vague source of the finding.
pub(crate) const SOURCE_PLACEHOLDER: &str = "{source}";

/// Drops cue findings whose claim is attributed to a named source; see the module docs.
#[derive(Debug)]
pub(crate) struct AttributionAnalyzer {
    cfg: AttributionConfig,
    /// For each rule (by index): whether its findings are subject to rescue.
    rescued: Vec<bool>,
    /// The enabled `analyzer = "named-source"` credit rule, if the rule set has one.
    credit: Option<usize>,
    /// For each rule (by index): its message split at each `{source}`, when it holds one.
    placeholder: Vec<Option<Vec<String>>>,
    /// One word of every attribution verb and `source_after` phrase (its longest), ASCII
    /// case-insensitive: a sentence without one of them as a word credits no source, so only
    /// the sentences where the gate finds one are analysed for sources. `None` when such a
    /// word is not ASCII letters and digits (every sentence is analysed then). The engine's
    /// automaton finds them, numbered from `word_base` ([`FieldView::words`]).
    gate_words: Option<Vec<String>>,
    word_base: u32,
}

impl AttributionAnalyzer {
    /// Builds the analyzer for a compiled rule set.
    pub(crate) fn new(cfg: AttributionConfig, rules: &[Rule]) -> Self {
        let rescued = rules.iter().map(|r| cfg.rescues(r)).collect();
        let credit = rules
            .iter()
            .position(|r| r.enabled && matches!(&r.matcher, Matcher::Analyzer(a) if a == NAMED_SOURCE));
        let mut keys: Vec<&str> = cfg
            .verbs
            .key_words()
            .chain(cfg.source_after.key_words())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let gate_words = gate::usable(keys);
        let placeholder = rules
            .iter()
            .map(|r| {
                r.message
                    .contains(SOURCE_PLACEHOLDER)
                    .then(|| r.message.split(SOURCE_PLACEHOLDER).map(str::to_string).collect())
            })
            .collect();
        AttributionAnalyzer {
            cfg,
            rescued,
            credit,
            placeholder,
            gate_words,
            word_base: 0,
        }
    }

    /// The words the engine's scan is to find for the verb gate (none when there is no gate).
    pub(crate) fn gate_words(&self) -> &[String] {
        self.gate_words.as_deref().unwrap_or_default()
    }

    /// This analyzer with its gate words numbered from `base` in the engine's scan.
    pub(crate) fn with_word_base(mut self, base: u32) -> Self {
        self.word_base = base;
        self
    }

    /// For each sentence, whether it may credit a source: whether the key word of an
    /// attribution verb or `source_after` phrase occurs in it as a whole word (`hits`: the
    /// engine's [`FieldView::words`]; `kelvin`: whether the text holds [`gate::KELVIN`]).
    fn may_credit(&self, text: &str, sentences: &[Span], hits: &[(u32, Span)], kelvin: bool) -> Vec<bool> {
        match &self.gate_words {
            Some(words) => {
                let ids = self.word_base..self.word_base + words.len() as u32;
                gate::sentences(text, sentences, hits, ids, kelvin)
            }
            None => vec![true; sentences.len()],
        }
    }

    /// Where the first vague source noun of a cue's evidence ends (`analysts`, `reports` in
    /// `reports suggest`), as an offset into the evidence.
    fn vague_noun_end(&self, toks: &Tokens<'_>) -> Option<usize> {
        toks.iter()
            .find(|t| self.cfg.is(toks.low(t), lexicon::VAGUE_SOURCE))
            .map(|t| t.end)
    }

    /// The word to name in the message: the first vague noun or quantifier in the evidence,
    /// else the evidence itself, lower case.
    fn source_word<'t>(&self, evidence: &str, toks: &'t Tokens<'_>) -> Cow<'t, str> {
        // One lookup per word: the first vague noun, else the first quantifier.
        let mut quantifier = None;
        let mut vague = None;
        for t in toks.iter() {
            let bits = self.cfg.bits(toks.low(t));
            if bits & lexicon::VAGUE_SOURCE != 0 {
                vague = Some(t);
                break;
            }
            if bits & lexicon::QUANTIFIER != 0 {
                quantifier.get_or_insert(t);
            }
        }
        vague.or(quantifier).map_or_else(
            || Cow::Owned(evidence.to_lowercase()),
            |t| Cow::Borrowed(toks.low(t)),
        )
    }
}

impl Analyzer for AttributionAnalyzer {
    fn analyze(&self, view: &FieldView<'_, '_>, out: &mut Vec<RawFinding>) {
        let model = view.model;
        let text = model.text();
        let sentences = model.sentences();
        // Each sentence looked at is tokenized and analysed at most once.
        let mut cache = Cache {
            cfg: &self.cfg,
            text,
            sentences,
            words: view.words,
            kelvin: model.has_kelvin_sign(),
            gate: None,
            tokens: Vec::new(),
            sources: Vec::new(),
        };
        cache.tokens.resize_with(sentences.len(), || None);
        cache.sources.resize_with(sentences.len(), || None);
        let mut scratch: Option<(String, Vec<source::Token>)> = None;
        out.retain_mut(|f| {
            if f.field != view.field {
                return true;
            }
            if !self.rescued.get(f.rule).copied().unwrap_or(false) {
                self.fill_message(view, f, None);
                return true;
            }
            let Some(si) = model.sentence_index(f.span.start) else {
                return true;
            };
            let sentence = sentences[si].clone();
            let evidence = &text[f.span.clone()];
            // The evidence's words, for the vague noun here and for the message, in buffers
            // reused from one finding to the next.
            let (lower, toks) = scratch.take().unwrap_or_default();
            let words = source::tokenize_into(evidence, lower, toks);
            let rescued = if let Some(noun_end) = self.vague_noun_end(&words) {
                // `analysts`, `some experts`: only a name given for them rescues the claim
                // (`analysts at Capital Economics`); a name elsewhere is someone else's claim.
                let end = (f.span.start + noun_end).min(sentence.end) - sentence.start;
                cache.sentence(si).named_after(end).is_some()
            } else {
                let own = cache.sources(self, si);
                let cue = f.span.start.max(sentence.start) - sentence.start
                    ..f.span.end.min(sentence.end) - sentence.start;
                // A sentence with no source at all may be covered by a neighbour that names one.
                own.credit(&cue)
                    || (own.vague.is_none() && own.named.is_empty() && {
                        let lo = si.saturating_sub(self.cfg.window);
                        let hi = (si + self.cfg.window).min(sentences.len() - 1);
                        (lo..=hi)
                            .filter(|&n| n != si)
                            .any(|n| matches!(cache.sources(self, n).attribution(), Attribution::Named(_)))
                    })
            };
            if !rescued {
                self.fill_message(view, f, Some(&words));
            }
            scratch = Some(words.into_buffers());
            !rescued
        });
        self.one_finding_per_cue(view, out);
        // Credits: each sentence that names its source, at the name.
        let Some(credit) = self.credit else { return };
        if !crate::matcher::applies(view.rules[credit].scope.field, view.field == Field::Title) {
            return;
        }
        for (si, sentence) in sentences.iter().enumerate() {
            let sources = cache.sources(self, si);
            // A pronoun (`he said`) names no one the reader can weigh: no credit for it.
            let source_text =
                |n: &source::NamedSource| text[sentence.start..][n.source.clone()].to_lowercase();
            let named = sources
                .named
                .iter()
                .find(|n| !n.source.is_empty() && !self.cfg.is(&source_text(n), lexicon::PRONOUN));
            if let Some(named) = named {
                out.push(RawFinding {
                    rule: credit,
                    field: view.field,
                    span: sentence.start + named.source.start..sentence.start + named.source.end,
                    message: None,
                });
            }
        }
    }
}

/// The sentences of a field as the analysis reads them, each tokenized and analysed on first
/// use.
struct Cache<'c, 's> {
    cfg: &'c AttributionConfig,
    text: &'s str,
    sentences: &'s [Span],
    /// The engine's hits of the analyzers' words in the field.
    words: &'s [(u32, Span)],
    /// Whether the text holds the Kelvin sign ([`gate::KELVIN`]).
    kelvin: bool,
    /// Which sentences may credit a source (the verb gate), computed on first use.
    gate: Option<Vec<bool>>,
    tokens: Vec<Option<Sentence<'c, 's>>>,
    sources: Vec<Option<Sources>>,
}

impl<'c, 's> Cache<'c, 's> {
    /// Sentence `si`, tokenized.
    fn sentence(&mut self, si: usize) -> &Sentence<'c, 's> {
        let (cfg, text) = (self.cfg, self.text);
        let span = self.sentences[si].clone();
        self.tokens[si].get_or_insert_with(|| Sentence::new(cfg, &text[span]))
    }

    /// The sources sentence `si` credits: none when the verb gate finds no attribution verb
    /// in it (the sentence is then not even tokenized).
    fn sources(&mut self, analyzer: &AttributionAnalyzer, si: usize) -> &Sources {
        if self.sources[si].is_none() {
            let gate = self.gate.get_or_insert_with(|| {
                analyzer.may_credit(self.text, self.sentences, self.words, self.kelvin)
            });
            let sources = if gate[si] {
                self.sentence(si).sources()
            } else {
                Sources::default()
            };
            self.sources[si] = Some(sources);
        }
        self.sources[si].as_ref().expect("just computed")
    }
}

impl AttributionAnalyzer {
    /// Replaces `{source}` in the finding's rule message by the vague source of its evidence
    /// (whose tokens are `words` when the caller has them).
    fn fill_message(&self, view: &FieldView<'_, '_>, f: &mut RawFinding, words: Option<&Tokens<'_>>) {
        if f.message.is_some() {
            return;
        }
        let message = &view.rules[f.rule].message;
        let parts = match self.placeholder.get(f.rule) {
            Some(Some(parts)) => Cow::Borrowed(parts),
            None if message.contains(SOURCE_PLACEHOLDER) => {
                Cow::Owned(message.split(SOURCE_PLACEHOLDER).map(str::to_string).collect())
            }
            _ => return,
        };
        let evidence = &view.model.text()[f.span.clone()];
        let own;
        let words = match words {
            Some(words) => words,
            None => {
                own = source::tokenize(evidence);
                &own
            }
        };
        f.message = Some(parts.join(&*self.source_word(evidence, words)));
    }
}

impl AttributionAnalyzer {
    /// Where cues of rescued rules overlap (`some experts` is both a vague source and a vague
    /// quantifier), keeps only the finding with the largest penalty: one cue, one finding.
    fn one_finding_per_cue(&self, view: &FieldView<'_, '_>, out: &mut Vec<RawFinding>) {
        let mut mine: Vec<usize> = (0..out.len())
            .filter(|&i| {
                out[i].field == view.field && self.rescued.get(out[i].rule).copied().unwrap_or(false)
            })
            .collect();
        if mine.len() < 2 {
            return;
        }
        let weight = |i: usize| view.rules[out[i].rule].points.abs();
        mine.sort_by(|&a, &b| {
            (out[a].span.start, std::cmp::Reverse(weight(a)), out[a].rule).cmp(&(
                out[b].span.start,
                std::cmp::Reverse(weight(b)),
                out[b].rule,
            ))
        });
        let mut drop = vec![false; out.len()];
        let mut kept: Option<usize> = None;
        for i in mine {
            match kept {
                Some(k) if out[i].span.start < out[k].span.end => {
                    if weight(i) > weight(k) {
                        drop[k] = true;
                        kept = Some(i);
                    } else {
                        drop[i] = true;
                    }
                }
                _ => kept = Some(i),
            }
        }
        let mut i = 0;
        out.retain(|_| {
            i += 1;
            !drop[i - 1]
        });
    }
}

#[cfg(test)]
mod oracle;
#[cfg(test)]
mod tests;
