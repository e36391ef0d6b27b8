//! The byline credit from an article's metadata: an article given with a byline
//! ([`Article::with_byline`](crate::Article::with_byline)) is signed even when the text has no
//! `By Jane Doe` line. The rule `good-practice/byline` (its points, message, examples) is the
//! one a `By …` line in the text fires; this analysis adds its finding for the metadata.

use crate::analyze::{Analyzer, FieldView, RawFinding};
use crate::article::Field;
use crate::ruleset::Rule;

/// The rule the metadata byline is credited under.
pub(crate) const BYLINE_RULE: &str = "good-practice/byline";

/// Credits a byline given as metadata, once per article.
#[derive(Debug)]
pub(crate) struct BylineCredit {
    rule: usize,
}

impl BylineCredit {
    /// `None` when the rule set has no enabled `good-practice/byline` rule.
    pub(crate) fn build(rules: &[Rule]) -> Option<BylineCredit> {
        let rule = rules.iter().position(|r| r.id == BYLINE_RULE && r.enabled)?;
        Some(BylineCredit { rule })
    }
}

impl Analyzer for BylineCredit {
    fn analyze(&self, view: &FieldView<'_, '_>, out: &mut Vec<RawFinding>) {
        if view.field != Field::Body || out.iter().any(|f| f.rule == self.rule) {
            return;
        }
        let Some(byline) = view.article.byline().map(str::trim).filter(|b| !b.is_empty()) else {
            return;
        };
        let name = byline
            .strip_prefix("By ")
            .or_else(|| byline.strip_prefix("by "))
            .unwrap_or(byline)
            .trim();
        let text = view.model.text();
        // Point at the name where the text has it; otherwise the evidence is the byline itself
        // (field `byline`, offsets into the metadata string).
        let raw = view.article.byline().unwrap_or("");
        let (field, span) = match text.find(name).filter(|_| !name.is_empty()) {
            Some(at) => (Field::Body, at..at + name.len()),
            None => {
                let at = raw.find(byline).unwrap_or(0);
                (Field::Byline, at..at + byline.len())
            }
        };
        let rule = &view.rules[self.rule];
        out.push(RawFinding {
            rule: self.rule,
            field,
            span,
            message: Some(format!(
                "{} (byline given with the article: {byline})",
                rule.message
            )),
        });
    }
}
