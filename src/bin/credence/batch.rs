//! Scoring a whole batch at once, so articles on the same story are checked against each other
//! (batch consensus, `Engine::score_batch`). Files are always scored this way; JSON Lines only
//! with `--consensus`, since it holds the whole batch in memory.

use crate::input::{Item, Raw};
use credence::Engine;

/// Parses every input, scores all the articles together, and returns the inputs in order with
/// each article replaced by its report ([`Raw::Scored`]) and each bad input by its error.
pub fn pre_score(engine: &Engine, raws: Vec<Raw>) -> Vec<Raw> {
    let mut articles = Vec::new();
    let mut slots = Vec::with_capacity(raws.len());
    for raw in raws {
        let line = match &raw {
            Raw::Line { line, .. } | Raw::TooLarge { line, .. } => Some(*line),
            _ => None,
        };
        match raw.parse() {
            Item::Article(a) => {
                articles.push(a);
                slots.push(Err(line));
            }
            Item::Scored(report) => slots.push(Ok(Raw::Scored { line, report })),
            Item::Error(e) => slots.push(Ok(Raw::Failed(e))),
        }
    }
    let mut reports = engine.score_batch(&articles).into_iter();
    slots
        .into_iter()
        .filter_map(|slot| match slot {
            Ok(raw) => Some(raw),
            Err(line) => reports.next().map(|r| Raw::Scored {
                line,
                report: Box::new(r),
            }),
        })
        .collect()
}
