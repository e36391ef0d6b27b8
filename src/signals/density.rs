//! Density scaling: findings of one category (opinion wording) count only where they are the
//! voice of the article, not a stray word. Findings inside quotation marks are someone else's
//! words and are dropped; the rest count when there are at least `min_count` of them, or when
//! they are dense (`min_per_1000_words`), so one loaded word in a long report does not sink it
//! while a short rant is flagged from its first sentence.

use super::quotes::{inside, quoted_spans};
use super::Ctx;
use crate::analyze::{Analyzer, FieldView, RawFinding};
use crate::category::Category;
use crate::ruleset::file::DensityDef;

/// `[opinion_density]` for one category.
#[derive(Debug)]
pub(crate) struct Density {
    category: Category,
    min_count: usize,
    min_per_1000_words: usize,
    skip_quoted: bool,
}

impl Density {
    pub(crate) fn build(ctx: &mut Ctx, def: DensityDef) -> Option<Density> {
        let category = ctx.category(&def.category);
        let min_count = ctx.ranged("min_count", &def.min_count, 1000, "between 1 and 1000");
        let per = ctx.ranged(
            "min_per_1000_words",
            &def.min_per_1000_words,
            1000,
            "between 1 and 1000",
        );
        Some(Density {
            category: category?,
            min_count: min_count?,
            min_per_1000_words: per?,
            skip_quoted: def.skip_quoted,
        })
    }
}

/// Words: runs of white-space-separated text holding a letter or digit.
fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

impl Analyzer for Density {
    fn analyze(&self, view: &FieldView<'_, '_>, out: &mut Vec<RawFinding>) {
        let mine = |f: &RawFinding| f.field == view.field && view.rules[f.rule].category == self.category;
        if !out.iter().any(mine) {
            return;
        }
        if self.skip_quoted {
            let quoted = quoted_spans(view.model);
            out.retain(|f| !mine(f) || !inside(&quoted, &f.span));
        }
        let n = out.iter().filter(|f| mine(f)).count();
        let words = word_count(view.model.text()).max(1);
        let dense = n * 1000 >= self.min_per_1000_words * words;
        if n == 0 {
            return;
        }
        if n < self.min_count && !dense {
            out.retain(|f| !mine(f));
            return;
        }
        for f in out.iter_mut().filter(|f| mine(f)) {
            f.message = Some(format!(
                "{} ({n} such markers in {words} words)",
                view.rules[f.rule].message
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_skip_punctuation() {
        assert_eq!(word_count("I think — so."), 3);
    }
}
