//! The rule-file schema as written on disk (TOML), with spans kept for error messages.
//!
//! This module only describes and parses; validation and compilation are in
//! [`super::compile`]. The reference for every key is `docs/rules.md`.

use super::overrides::{OverrideDef, VerdictDef};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// One rule file: any number of `[[rule]]` tables, and at most one `[scoring]` table in the
/// whole rule set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// The rules, in file order.
    #[serde(default)]
    pub rule: Vec<Spanned<RuleDef>>,
    /// Score policy (start, thresholds, repeats, caps).
    pub scoring: Option<Spanned<ScoringDef>>,
    /// `[title_caps]`: which all-caps title words are acronyms or labels (docs/signals.md).
    pub title_caps: Option<Spanned<TitleCapsDef>>,
    /// `[opinion_density]`: density scaling of a category's findings (docs/signals.md).
    pub opinion_density: Option<Spanned<DensityDef>>,
    /// `[quoted_speech]`: rules whose findings inside quotation marks are dropped.
    pub quoted_speech: Option<Spanned<QuotedSpeechDef>>,
    /// `[[supersede]]`: a rule's finding replaces other rules' findings in its sentence.
    #[serde(default)]
    pub supersede: Vec<Spanned<SupersedeDef>>,
    /// `extends = "default"`: build on the embedded rules (see [`super::overrides`]).
    #[allow(dead_code)] // read before compilation, by `overrides::expand`
    pub extends: Option<Spanned<String>>,
    /// `[[override]]` tables: change existing rules by id.
    #[serde(default, rename = "override")]
    pub overrides: Vec<Spanned<OverrideDef>>,
    /// `[verdict]`: change the verdict thresholds.
    pub verdict: Option<Spanned<VerdictDef>>,
    /// Attribution vocabulary for the claim-cue analysis (see `docs/attribution.md`).
    pub attribution: Option<Spanned<crate::attribution::AttributionDef>>,
    /// Stories with their facts (`[[story]]`, see `docs/facts.md`).
    #[serde(default)]
    pub story: Vec<Spanned<crate::facts::schema::StoryDef>>,
    /// Slots that apply to any story (`[[slot]]`, see `docs/facts.md`).
    #[serde(default)]
    pub slot: Vec<Spanned<crate::facts::schema::SlotDef>>,
    /// Batch consensus settings (`[consensus]`, at most one in the rule set).
    pub consensus: Option<Spanned<crate::facts::schema::ConsensusDef>>,
}

/// One `[[rule]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Stable id, `category/name`.
    pub id: Spanned<String>,
    /// One of the closed set of categories.
    pub category: Spanned<String>,
    /// `info`, `minor`, `major` or `critical`; defaults from the points.
    pub severity: Option<Spanned<String>>,
    /// Points per finding: negative for a flaw, positive for good practice.
    pub points: Spanned<i64>,
    /// Why it matters, in plain words.
    pub message: String,
    /// Literal phrases (case-insensitive, whole words): a list, or a table of lists by language.
    pub phrases: Option<Spanned<PhraseList>>,
    /// A regular expression (regex crate syntax); write it as a TOML literal string `'...'`.
    pub regex: Option<Spanned<String>>,
    /// The named analysis that produces this rule's findings (instead of `phrases`/`regex`).
    pub analyzer: Option<Spanned<String>>,
    /// Regexes tested against a match's text; a match any of them finds is dropped.
    #[serde(default)]
    pub except: Vec<Spanned<String>>,
    /// `any` (default), `title` or `body`.
    pub field: Option<Spanned<String>>,
    /// `anywhere` (default), `alone` (nothing but punctuation or numbers beside it on its line)
    /// or `start` (the match begins its line).
    pub line: Option<Spanned<String>>,
    /// The line holding the match has at most this many words.
    pub max_line_words: Option<Spanned<i64>>,
    /// The match must be in the last N non-blank lines of its field.
    pub last_lines: Option<Spanned<i64>>,
    /// Drop a match inside a quotation that other words on its line introduce.
    #[serde(default)]
    pub skip_quoted: bool,
    /// The match must be followed by a list (SEO keyword dumps); the evidence covers the list.
    pub followed_by_list: Option<Spanned<ListDef>>,
    /// `false` turns the rule off without deleting it.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Texts the rule must flag and texts it must not flag; checked by `credence rules test`.
    #[serde(default)]
    pub examples: ExamplesDef,
}

fn yes() -> bool {
    true
}

/// `followed_by_list = { min_items = 3, max_item_words = 4 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListDef {
    /// Fewest items for a list (default 3).
    pub min_items: Option<i64>,
    /// Most words in one item (default 4).
    pub max_item_words: Option<i64>,
}

/// `[rule.examples]`: `must_flag` and `must_not_flag` lists of texts.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesDef {
    /// Each text, scored as a plain-text article, must get a finding of this rule.
    #[serde(default)]
    pub must_flag: Vec<Spanned<String>>,
    /// Each text must get no finding of this rule.
    #[serde(default)]
    pub must_not_flag: Vec<Spanned<String>>,
}

/// The `[scoring]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringDef {
    /// Score before any finding (0–100).
    pub start: Spanned<i64>,
    /// Lowest score that passes.
    pub pass: Spanned<i64>,
    /// Lowest score that goes to review; anything lower is rejected.
    pub review: Spanned<i64>,
    /// Each repeat of one rule counts this factor times the previous one (0–1, default 0.5).
    pub repeat_factor: Option<Spanned<f64>>,
    /// Findings of one rule past this many are listed with 0 points (default 3).
    pub max_repeats: Option<Spanned<i64>>,
    /// Largest total penalty per category, as a positive number of points.
    pub caps: Option<Spanned<BTreeMap<String, i64>>>,
    /// Largest total credit per category.
    pub credit_caps: Option<Spanned<BTreeMap<String, i64>>>,
}

/// `[title_caps]`: the all-caps analysis of titles (`src/signals/title.rs`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleCapsDef {
    /// The rule whose candidate findings (all-caps tokens) the analysis filters.
    pub rule: Spanned<String>,
    /// Tokens with fewer letters than this are taken for acronyms unless listed in `shouting`.
    pub min_letters: Option<Spanned<i64>>,
    /// Upper-case words that are acronyms or names, never shouting (`NASA`, `NATO`).
    #[serde(default)]
    pub acronyms: Vec<Spanned<String>>,
    /// Short upper-case words that are shouting all the same (`OMG`, `WTF`).
    #[serde(default)]
    pub shouting: Vec<Spanned<String>>,
    /// News labels that open a title before a colon (`BREAKING:`, `JUST IN:`).
    #[serde(default)]
    pub labels: Vec<Spanned<String>>,
}

/// `[opinion_density]`: a category whose findings count only where they are dense.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DensityDef {
    /// The category scaled (`opinion-voice`).
    pub category: Spanned<String>,
    /// Fewest findings outside quotations for any of them to count, unless dense.
    pub min_count: Spanned<i64>,
    /// Findings per 1,000 words at or above which they count whatever their number.
    pub min_per_1000_words: Spanned<i64>,
    /// Drop findings inside quotation marks (someone else's words, quoted).
    #[serde(default = "yes")]
    pub skip_quoted: bool,
}

/// `[quoted_speech]`: findings of these rules inside quotation marks are someone else's words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotedSpeechDef {
    /// The rules whose findings are dropped inside quotations.
    pub rules: Vec<Spanned<String>>,
}

/// `[[supersede]]`: when `rule` fires in a sentence, findings of `drops` there are removed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupersedeDef {
    /// The rule that takes precedence.
    pub rule: Spanned<String>,
    /// The rules whose findings it replaces in the same sentence.
    pub drops: Vec<Spanned<String>>,
}

/// A phrase list: `["a", "b"]` or `{ en = ["a"], de = ["b"] }`.
#[derive(Debug, Default)]
pub struct PhraseList {
    /// `(language, phrase)`; the language is empty for a plain list.
    pub phrases: Vec<(String, Spanned<String>)>,
}

impl<'de> Deserialize<'de> for PhraseList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PhraseList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of phrases, or a table of phrase lists by language")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PhraseList, A::Error> {
                let mut phrases = Vec::new();
                while let Some(p) = seq.next_element::<Spanned<String>>()? {
                    phrases.push((String::new(), p));
                }
                Ok(PhraseList { phrases })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PhraseList, A::Error> {
                let mut phrases = Vec::new();
                while let Some(lang) = map.next_key::<String>()? {
                    let list: Vec<Spanned<String>> = map.next_value()?;
                    if lang.is_empty() {
                        return Err(de::Error::custom("empty language key"));
                    }
                    phrases.extend(list.into_iter().map(|p| (lang.clone(), p)));
                }
                Ok(PhraseList { phrases })
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_accept_list_or_table() {
        let f: RuleFile = toml::from_str(
            r#"
            [[rule]]
            id = "boilerplate/x"
            category = "boilerplate"
            points = -1
            message = "m"
            phrases = ["a", "b"]
            [[rule]]
            id = "boilerplate/y"
            category = "boilerplate"
            points = -1
            message = "m"
            phrases = { en = ["a"], de = ["b", "c"] }
            "#,
        )
        .unwrap();
        assert_eq!(
            f.rule[0]
                .get_ref()
                .phrases
                .as_ref()
                .unwrap()
                .get_ref()
                .phrases
                .len(),
            2
        );
        let by_lang = &f.rule[1].get_ref().phrases.as_ref().unwrap().get_ref().phrases;
        assert_eq!(by_lang.len(), 3);
        assert_eq!(by_lang[2].0, "de");
    }

    #[test]
    fn unknown_keys_are_rejected_with_a_span() {
        let src = "[[rule]]\nid = \"a/b\"\nphrasez = []\n";
        let err = toml::from_str::<RuleFile>(src).unwrap_err();
        assert!(
            err.message().contains("unknown field `phrasez`"),
            "{}",
            err.message()
        );
        assert!(err.span().is_some());
    }
}
