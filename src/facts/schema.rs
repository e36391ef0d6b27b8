//! The fact-file schema as written on disk: `[[story]]` (with `[[story.fact]]` and
//! `[[story.slot]]`), `[[slot]]` and `[consensus]`. The reference is `docs/facts.md`.

use serde::Deserialize;
use toml::Spanned;

/// `[[story]]`: a story a newsroom tracks, when it applies, and its facts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryDef {
    /// Stable id (lower-case letters, digits and `-`).
    pub id: Spanned<String>,
    /// A plain-language title.
    pub title: String,
    /// Groups of phrases: the article must mention at least one phrase of every group.
    pub mentions: Spanned<Vec<Vec<Spanned<String>>>>,
    /// First publication date (`YYYY-MM-DD`) the story applies to, for dated articles.
    pub published_from: Option<Spanned<String>>,
    /// Last publication date (`YYYY-MM-DD`) the story applies to, for dated articles.
    pub published_to: Option<Spanned<String>>,
    /// Slots only this story uses.
    #[serde(default)]
    pub slot: Vec<Spanned<SlotDef>>,
    /// The facts.
    #[serde(default)]
    pub fact: Vec<Spanned<FactDef>>,
}

/// `[[story.fact]]`: one fact, its sources and its checks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDef {
    /// Id, unique within the story.
    pub id: Spanned<String>,
    /// The fact in plain language; quoted in findings.
    pub statement: String,
    /// References a moderator can check (publisher, title, date).
    pub sources: Spanned<Vec<String>>,
    /// The slot this fact fixes (a `[[slot]]` or `[[story.slot]]` id).
    pub slot: Option<Spanned<String>>,
    /// The values of the slot that agree with the fact, with their variants.
    #[serde(default)]
    pub accept: Vec<Spanned<String>>,
    /// Patterns of statements that contradict the fact.
    #[serde(default)]
    pub contradicted_by: Vec<Spanned<String>>,
    /// Texts that must (or must not) contradict the fact; checked by `credence rules test`.
    #[serde(default)]
    pub examples: crate::ruleset::file::ExamplesDef,
}

/// `[[slot]]` / `[[story.slot]]`: something an article states a value for.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotDef {
    /// Stable id (lower-case letters, digits and `-`).
    pub id: Spanned<String>,
    /// `place`, `name`, `date`, `years`, `count` or `ordinal`.
    pub kind: Spanned<String>,
    /// What the value is, as a noun phrase (`the place of the leaders' last meeting`).
    pub label: String,
    /// Patterns with a `{value}` where the value stands.
    pub patterns: Vec<Spanned<String>>,
    /// Values too broad to contradict anything (`Russia` for a meeting place).
    #[serde(default)]
    pub vague: Vec<Spanned<String>>,
}

/// `[consensus]`: when the batch agrees clearly enough to flag the articles that disagree.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsensusDef {
    /// Fewest articles of a story that must state a slot's value (default 3).
    pub min_articles: Option<Spanned<i64>>,
    /// Smallest share of those that must agree (default 0.6; above one half).
    pub min_share: Option<Spanned<f64>>,
    /// Fewest salient names two articles must share to be grouped without help (default 3).
    pub min_shared_names: Option<Spanned<i64>>,
    /// Smallest share of the smaller article's names they must share (default 0.4).
    pub min_name_overlap: Option<Spanned<f64>>,
}
