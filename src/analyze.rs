//! The extension point for rule families whose mechanism is more than a phrase or a regex
//! (attribution, facts, title analysis): an [`Analyzer`] runs on each field after the phrase
//! and regex rules, sees the shared text model and the findings so far, and may add findings
//! or remove ones it can explain away (a cue rescued by a named source). An
//! [`ArticleAnalyzer`] runs once per article, after every field (the fact checks).
//!
//! Neither reads the text for the words it looks for: those are in the engine's one automaton,
//! and each field's occurrences come in [`FieldView::words`].

use crate::article::{Article, Field};
use crate::ruleset::Rule;
use crate::text::{Span, TextModel};

/// A finding before scoring: which rule (index into the engine's rules), where, and an optional
/// message specific to this finding (replacing the rule's message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawFinding {
    pub rule: usize,
    pub field: Field,
    pub span: Span,
    pub message: Option<String>,
}

/// What an analyzer sees of one field.
#[allow(dead_code)] // read by the analyzers of the rule families
pub(crate) struct FieldView<'a, 't> {
    /// The whole article (metadata, the other field).
    pub article: &'a Article,
    /// The field being analysed.
    pub field: Field,
    /// Its text model; offsets of findings are into `model.text()`.
    pub model: &'a TextModel<'t>,
    /// For plain-text articles, where the title sits inside the body.
    pub title_range: Option<Span>,
    /// The engine's rules (indices match `RawFinding::rule`).
    pub rules: &'a [Rule],
    /// Every occurrence of the analyzers' words in the field, from the engine's one scan
    /// (see [`crate::matcher::PhraseIndex::build_with_words`]): (word, span), in no set order.
    pub words: &'a [(u32, Span)],
}

/// A family-specific analysis, built at rule-load time from the rule files and run per field.
pub(crate) trait Analyzer: Send + Sync + std::fmt::Debug {
    /// Adds findings to `out` (or removes ones this analysis explains away). Findings in `out`
    /// are all of this field and earlier fields; only touch those with `f.field == view.field`.
    fn analyze(&self, view: &FieldView<'_, '_>, out: &mut Vec<RawFinding>);
}

/// A family-specific analysis of the whole article at once, run after every field has been
/// scanned and analysed: the fact-file analysis needs the stories the whole article mentions
/// and compares values across fields, so it reads each field once instead of once per field.
pub(crate) trait ArticleAnalyzer: Send + Sync + std::fmt::Debug {
    /// Adds findings to `out`, which holds every finding of every field so far. `fields` are
    /// the article's fields in scanning order (title first), each with its text model.
    fn analyze(&self, fields: &[FieldView<'_, '_>], out: &mut Vec<RawFinding>);
}
