//! One rule's finding replaces other rules' findings in the same sentence: an anonymous source
//! whose anonymity is explained (`who spoke on condition of anonymity because they were not
//! authorised to speak`) is a lighter finding than the bare `a source close to`, and the two
//! must not both count.

use super::Ctx;
use crate::analyze::{Analyzer, FieldView, RawFinding};
use crate::ruleset::file::SupersedeDef;
use std::collections::BTreeSet;

/// `[[supersede]]`: findings of `rule` remove findings of `drops` in their sentence.
#[derive(Debug)]
pub(crate) struct Supersede {
    rule: usize,
    drops: Vec<usize>,
}

impl Supersede {
    pub(crate) fn build(ctx: &mut Ctx, def: SupersedeDef) -> Option<Supersede> {
        let rule = ctx.rule(&def.rule);
        let drops: Vec<Option<usize>> = def.drops.iter().map(|d| ctx.rule(d)).collect();
        Some(Supersede {
            rule: rule?,
            drops: drops.into_iter().collect::<Option<Vec<_>>>()?,
        })
    }
}

impl Analyzer for Supersede {
    fn analyze(&self, view: &FieldView<'_, '_>, out: &mut Vec<RawFinding>) {
        let sentence = |f: &RawFinding| view.model.sentence_index(f.span.start);
        let winners: BTreeSet<usize> = out
            .iter()
            .filter(|f| f.field == view.field && f.rule == self.rule)
            .filter_map(sentence)
            .collect();
        if winners.is_empty() {
            return;
        }
        out.retain(|f| {
            f.field != view.field
                || !self.drops.contains(&f.rule)
                || !sentence(f).is_some_and(|s| winners.contains(&s))
        });
    }
}
