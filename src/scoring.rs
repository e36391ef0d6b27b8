//! From findings to a score: the start score, repeat discounts, per-category caps, clamping and
//! verdict thresholds, all set in the `[scoring]` table of the rule set.
//!
//! The score is `clamp(start + Σ points, 0, 100)` where the points are the ones listed on the
//! findings, after repeats and caps; so the explanation always adds up.

use crate::category::Category;
use crate::report::{Finding, Verdict};
use std::collections::BTreeMap;

/// The score policy of a rule set (`[scoring]`).
///
/// ```
/// let policy = credence::Engine::default().scoring().clone();
/// assert!(policy.review <= policy.pass);
/// assert!((0..=100).contains(&policy.start));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ScoringPolicy {
    /// Score before any finding.
    pub start: i32,
    /// Lowest score that passes.
    pub pass: i32,
    /// Lowest score that goes to review; lower is rejected.
    pub review: i32,
    /// Each repeat of one rule counts this factor times the previous one.
    pub repeat_factor: f64,
    /// Findings of one rule past this many count 0 points.
    pub max_repeats: usize,
    /// Largest total penalty per category (positive number of points).
    pub caps: BTreeMap<Category, i32>,
    /// Largest total credit per category.
    pub credit_caps: BTreeMap<Category, i32>,
}

impl ScoringPolicy {
    /// The verdict for a score.
    pub fn verdict(&self, score: i32) -> Verdict {
        if score >= self.pass {
            Verdict::Pass
        } else if score >= self.review {
            Verdict::Review
        } else {
            Verdict::Reject
        }
    }

    /// Assigns each finding its points (from `base_points`, in the order given) and returns the
    /// clamped score. Findings must be in report order: the first finding of a rule is the one
    /// that counts in full.
    pub fn apply(&self, findings: &mut [Finding]) -> i32 {
        let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
        let mut penalty: BTreeMap<Category, i32> = BTreeMap::new();
        let mut credit: BTreeMap<Category, i32> = BTreeMap::new();
        let mut notes: Vec<Option<String>> = Vec::with_capacity(findings.len());
        let mut points = Vec::with_capacity(findings.len());
        for f in findings.iter() {
            let n = per_rule.entry(f.rule.as_str()).or_insert(0);
            let mut note = None;
            let mut p = if *n >= self.max_repeats {
                note = Some(format!(
                    "repeat {} of this rule: past the limit of {}, counts 0",
                    *n + 1,
                    self.max_repeats
                ));
                0
            } else if *n > 0 {
                let factor = self.repeat_factor.powi(*n as i32);
                note = Some(format!("repeat {} of this rule, counted at ×{factor}", *n + 1));
                (f.base_points as f64 * factor).round() as i32
            } else {
                f.base_points
            };
            *n += 1;
            if p < 0 {
                if let Some(cap) = self.caps.get(&f.category) {
                    let used = penalty.entry(f.category).or_insert(0);
                    let left = cap - *used;
                    if -p > left {
                        note = Some(format!("{} penalties capped at {cap} points", f.category));
                        p = -left.max(0);
                    }
                    *used += -p;
                }
            } else if p > 0 {
                if let Some(cap) = self.credit_caps.get(&f.category) {
                    let used = credit.entry(f.category).or_insert(0);
                    let left = cap - *used;
                    if p > left {
                        note = Some(format!("{} credits capped at {cap} points", f.category));
                        p = left.max(0);
                    }
                    *used += p;
                }
            }
            points.push(p);
            notes.push(note);
        }
        for ((f, p), note) in findings.iter_mut().zip(points).zip(notes) {
            f.points = p;
            f.note = note;
        }
        let total: i32 = findings.iter().map(|f| f.points).sum();
        (self.start + total).clamp(0, 100)
    }
}
