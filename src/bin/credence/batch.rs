//! Scoring several files as one batch, so articles on the same story are checked against each
//! other (batch consensus, `Engine::score_batch`).

use crate::input::{self, Item};
use credence::Engine;
use std::path::PathBuf;

/// Reads every path, scores all the articles together, and returns the inputs in order with
/// each article replaced by its report.
pub fn score_paths(engine: &Engine, paths: &[PathBuf]) -> Vec<Item> {
    let mut articles = Vec::new();
    let mut items = Vec::new();
    for item in input::read_paths(paths) {
        match item {
            Item::Article(a) => {
                articles.push(a);
                items.push(None);
            }
            other => items.push(Some(other)),
        }
    }
    let mut reports = engine.score_batch(&articles).into_iter();
    items
        .into_iter()
        .filter_map(|i| i.or_else(|| reports.next().map(|r| Item::Scored(Box::new(r)))))
        .collect()
}
