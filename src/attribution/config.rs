//! The `[attribution]` table: the vocabulary the attribution analysis rescues cue findings with
//! (attribution verbs, vague source nouns, organisations…), its schema and its compilation.
//!
//! The reference for every key is `docs/attribution.md`.

use super::source::PhraseSet;
use crate::category::Category;
use crate::hash::WordMap;
#[cfg(test)]
use crate::hash::WordSet;
use crate::ruleset::{Location, Rule, RuleError, RuleErrorKind};
use serde::Deserialize;
use toml::Spanned;

/// `[attribution]` as written in a rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionDef {
    /// Rule ids, id prefixes (`unattributed-claim/vague`) or categories whose findings a named
    /// source rescues.
    pub rescue: Vec<Spanned<String>>,
    /// Sentences before and after a cue's sentence searched for a named source (0–5).
    pub window: Option<Spanned<i64>>,
    /// Words scanned from an attribution verb to find its source (1–40).
    pub reach: Option<Spanned<i64>>,
    /// Speech verbs whose source is their subject (`X said`), or follows them when the verb
    /// comes after a comma or a quotation (`…, said X`).
    #[serde(default)]
    pub verbs: Vec<Spanned<String>>,
    /// Phrases whose source follows them (`according to X`, `told X`, `citing X`).
    #[serde(default)]
    pub source_after: Vec<Spanned<String>>,
    /// Nouns that name no one (`analysts`, `experts`, `reports`); as a source they leave a
    /// claim unattributed, and they stop a capitalised modifier from counting as a name
    /// (`Western officials`).
    #[serde(default)]
    pub vague_sources: Vec<Spanned<String>>,
    /// Quantifiers that make a source vague when they stand as one (`some`, `many`).
    #[serde(default)]
    pub quantifiers: Vec<Spanned<String>>,
    /// Organisations and outlets that count as a named source wherever they stand, even at
    /// the start of a sentence (case-sensitive).
    #[serde(default)]
    pub organisations: Vec<Spanned<String>>,
    /// Common nouns that name an identifiable source after a determiner (`the ministry`).
    #[serde(default)]
    pub institutions: Vec<Spanned<String>>,
    /// Capitalised words that are never a name (`The`, `Monday`, `January`).
    #[serde(default)]
    pub not_names: Vec<Spanned<String>>,
    /// Pronouns that refer back to a named person (`he`, `she`) and so count as a named source.
    #[serde(default)]
    pub pronouns: Vec<Spanned<String>>,
    /// Words that end the search for a source after a verb: a name followed by one of them
    /// begins a new clause (`told reporters Putin would…`).
    #[serde(default)]
    pub clause_words: Vec<Spanned<String>>,
    /// Words after a comma that continue a source (`some experts, including John Smith`).
    #[serde(default)]
    pub continuations: Vec<Spanned<String>>,
    /// Words that attach a name to a vague noun right after it (`analysts at Capital
    /// Economics`, `reports from Reuters`).
    #[serde(default)]
    pub links: Vec<Spanned<String>>,
}

/// Where the rescued findings come from: a category, or a rule id or id prefix.
#[derive(Debug, Clone)]
pub(crate) struct RescueEntry {
    pub name: String,
    pub location: Location,
}

/// The compiled `[attribution]` table.
#[derive(Debug, Clone)]
pub(crate) struct AttributionConfig {
    pub rescue: Vec<RescueEntry>,
    pub window: usize,
    pub reach: usize,
    pub verbs: PhraseSet,
    pub source_after: PhraseSet,
    /// Read through [`Self::lexicon`]; the set itself is for the test oracle.
    #[cfg(test)]
    pub vague_sources: WordSet,
    /// Read through [`Self::lexicon`]; the set itself is for the test oracle.
    #[cfg(test)]
    pub quantifiers: WordSet,
    pub organisations: PhraseSet,
    /// Read through [`Self::lexicon`]; the set itself is for the test oracle.
    #[cfg(test)]
    pub institutions: WordSet,
    /// Read through [`Self::lexicon`]; the set itself is for the test oracle.
    #[cfg(test)]
    pub not_names: WordSet,
    /// Read through [`Self::lexicon`]; the set itself is for the test oracle.
    #[cfg(test)]
    pub pronouns: WordSet,
    /// Read through [`Self::lexicon`]; the set itself is for the test oracle.
    #[cfg(test)]
    pub clause_words: WordSet,
    pub continuations: PhraseSet,
    pub links: PhraseSet,
    /// Every word of the word lists and every first word of the phrase lists (lower case),
    /// with the [`lexicon`] bits of the lists it is in: one lookup per word of a sentence
    /// answers every membership question about it ([`super::source::Sentence::new`]).
    pub lexicon: WordMap<u32>,
}

/// The bits of [`AttributionConfig::lexicon`]: which list a word is in (a word list), or
/// which list has a phrase starting with it (a phrase list; for the case-sensitive
/// `organisations`, a phrase whose first word lower-cases to it).
pub(crate) mod lexicon {
    pub const VERB: u32 = 1;
    pub const SOURCE_AFTER: u32 = 1 << 1;
    pub const ORGANISATION: u32 = 1 << 2;
    pub const CONTINUATION: u32 = 1 << 3;
    pub const LINK: u32 = 1 << 4;
    pub const VAGUE_SOURCE: u32 = 1 << 5;
    pub const QUANTIFIER: u32 = 1 << 6;
    pub const INSTITUTION: u32 = 1 << 7;
    pub const NOT_NAME: u32 = 1 << 8;
    pub const PRONOUN: u32 = 1 << 9;
    pub const CLAUSE_WORD: u32 = 1 << 10;
}

impl AttributionConfig {
    /// Whether `word` (lower case) is in a word list of the [`lexicon`] bits `bits`.
    #[inline]
    pub(crate) fn is(&self, word: &str, bits: u32) -> bool {
        self.bits(word) & bits != 0
    }

    /// The [`lexicon`] bits of `word` (lower case; 0 if it is in no list).
    #[inline]
    pub(crate) fn bits(&self, word: &str) -> u32 {
        self.lexicon.get(word).copied().unwrap_or(0)
    }

    /// Whether findings of `rule` are subject to rescue.
    pub(crate) fn rescues(&self, rule: &Rule) -> bool {
        self.rescue.iter().any(|e| entry_matches(&e.name, rule))
    }
}

fn entry_matches(entry: &str, rule: &Rule) -> bool {
    rule.category.as_str() == entry
        || rule.id == entry
        || rule
            .id
            .strip_prefix(entry)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Compiles one `[attribution]` table; problems are pushed to `errors` with their location.
pub(crate) fn compile_attribution(
    origin: &str,
    text: &str,
    def: AttributionDef,
    errors: &mut Vec<RuleError>,
) -> Option<AttributionConfig> {
    let before = errors.len();
    let mut err = |span: std::ops::Range<usize>, kind| errors.push(RuleError::at(origin, text, span, kind));
    let mut ranged = |v: &Option<Spanned<i64>>,
                      key: &'static str,
                      range: std::ops::RangeInclusive<i64>,
                      expected,
                      default| {
        match v {
            None => default,
            Some(v) if range.contains(v.get_ref()) => *v.get_ref() as usize,
            Some(v) => {
                err(
                    v.span(),
                    RuleErrorKind::OutOfRange {
                        key,
                        expected,
                        found: v.get_ref().to_string(),
                    },
                );
                default
            }
        }
    };
    let window = ranged(&def.window, "window", 0..=5, "between 0 and 5", 1);
    let reach = ranged(&def.reach, "reach", 1..=40, "between 1 and 40", 8);
    let mut empty = Vec::new();
    let mut check = |list: &[Spanned<String>]| -> Vec<String> {
        let mut out = Vec::new();
        for p in list {
            let norm = p.get_ref().split_whitespace().collect::<Vec<_>>().join(" ");
            if norm.chars().any(char::is_alphanumeric) {
                out.push(norm);
            } else {
                empty.push(p.span());
            }
        }
        out
    };
    // Checked in the order of the table, so that errors keep their order.
    let lists = [
        check(&def.verbs),
        check(&def.source_after),
        check(&def.vague_sources),
        check(&def.quantifiers),
        check(&def.organisations),
        check(&def.institutions),
        check(&def.not_names),
        check(&def.pronouns),
        check(&def.clause_words),
        check(&def.continuations),
        check(&def.links),
    ];
    let size = lists.iter().map(Vec::len).sum();
    let [verbs, source_after, vague_sources, quantifiers, organisations, institutions, not_names, pronouns, clause_words, continuations, links] =
        lists;
    let mut lexicon: WordMap<u32> = WordMap::with_capacity_and_hasher(size, Default::default());
    let mut add = |word: String, bit: u32| *lexicon.entry(word).or_default() |= bit;
    let mut phrases = |list: Vec<String>, fold: bool, bit: u32| {
        let mut set = PhraseSet::new(fold);
        for p in &list {
            set.insert(p);
        }
        for first in set.first_words() {
            // A folding set keeps its words lower case already.
            let lower = if fold {
                first.to_string()
            } else {
                first.to_lowercase()
            };
            add(lower, bit);
        }
        set.with_bit(bit)
    };
    let verbs = phrases(verbs, true, lexicon::VERB);
    let source_after = phrases(source_after, true, lexicon::SOURCE_AFTER);
    let organisations = phrases(organisations, false, lexicon::ORGANISATION);
    let continuations = phrases(continuations, true, lexicon::CONTINUATION);
    let links = phrases(links, true, lexicon::LINK);
    // The word lists live in the lexicon; the test oracle reads them as sets.
    #[cfg(test)]
    let sets: Vec<WordSet> = [
        &vague_sources,
        &quantifiers,
        &institutions,
        &not_names,
        &pronouns,
        &clause_words,
    ]
    .iter()
    .map(|list| list.iter().map(|w| w.to_lowercase()).collect())
    .collect();
    for (list, bit) in [
        (vague_sources, lexicon::VAGUE_SOURCE),
        (quantifiers, lexicon::QUANTIFIER),
        (institutions, lexicon::INSTITUTION),
        (not_names, lexicon::NOT_NAME),
        (pronouns, lexicon::PRONOUN),
        (clause_words, lexicon::CLAUSE_WORD),
    ] {
        for w in list {
            add(w.to_lowercase(), bit);
        }
    }
    #[cfg(test)]
    let [vague_sources, quantifiers, institutions, not_names, pronouns, clause_words]: [WordSet; 6] =
        sets.try_into().expect("six sets");
    let rescue: Vec<RescueEntry> = def
        .rescue
        .iter()
        .map(|r| RescueEntry {
            name: r.get_ref().trim().to_string(),
            location: Location::new(origin, text, r.span().start, r.span().end),
        })
        .collect();
    for span in empty {
        errors.push(RuleError::at(origin, text, span, RuleErrorKind::EmptyPhrase));
    }
    if errors.len() > before {
        return None;
    }
    Some(AttributionConfig {
        rescue,
        window,
        reach,
        verbs,
        source_after,
        #[cfg(test)]
        vague_sources,
        #[cfg(test)]
        quantifiers,
        organisations,
        #[cfg(test)]
        institutions,
        #[cfg(test)]
        not_names,
        #[cfg(test)]
        pronouns,
        #[cfg(test)]
        clause_words,
        continuations,
        links,
        lexicon,
    })
}

/// Checks that every `rescue` entry names a category or at least one rule of the set.
pub(crate) fn check_rescue(cfg: &AttributionConfig, rules: &[Rule], errors: &mut Vec<RuleError>) {
    for e in &cfg.rescue {
        let known = e.name.parse::<Category>().is_ok() || rules.iter().any(|r| entry_matches(&e.name, r));
        if !known {
            errors.push(RuleError {
                location: e.location.clone(),
                kind: RuleErrorKind::UnknownValue {
                    key: "rescue",
                    value: e.name.clone(),
                    expected: "a category, a rule id, or a rule id prefix".to_string(),
                },
            });
        }
    }
}
