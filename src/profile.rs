//! Source profiles: per-source aggregates of scored reports, the signal that turns article
//! scores into source reliability.
//!
//! [`SourceProfiles`] takes reports one at a time and keeps only counters: memory grows with
//! the number of sources and rules, never with the number of articles. The median is exact,
//! from a 101-bucket histogram (scores are integers from 0 to 100).
//!
//! ```
//! use credence::{Article, Engine, SourceProfiles};
//! let engine = Engine::default();
//! let mut profiles = SourceProfiles::new();
//! for (src, text) in [("a.example", "T\n\nPARIS, [Date] – x.\n"), ("b.example", "T\n\nFine text.\n")] {
//!     profiles.add(&engine.score(&Article::from_plain_text(text).with_source(src)));
//! }
//! let worst = profiles.worst_first();
//! assert_eq!(worst[0].source, "a.example");
//! assert!(worst[0].mean < worst[1].mean);
//! ```

use crate::report::{Report, Verdict};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The name used for reports without a source.
pub const UNKNOWN_SOURCE: &str = "(unknown)";

/// How many example article ids are kept per rule and source.
pub const EXAMPLES_PER_RULE: usize = 3;

/// Accumulates reports into per-source profiles.
///
/// ```
/// use credence::{Article, Engine, SourceProfiles};
/// let engine = Engine::default();
/// let (mut left, mut right) = (SourceProfiles::new(), SourceProfiles::new());
/// left.add(&engine.score(&Article::from_plain_text("T\n\nText.\n").with_source("a.example")));
/// right.add(&engine.score(&Article::from_plain_text("T\n\nMore.\n").with_url("https://www.a.example/x")));
/// left.merge(right); // e.g. profiles built by two threads
/// let p = left.profile("a.example", 3).unwrap();
/// assert_eq!(p.articles, 2);
/// ```
#[derive(Debug, Clone, Default)]
pub struct SourceProfiles {
    by_source: HashMap<String, Acc>,
}

#[derive(Debug, Clone)]
struct Acc {
    articles: u64,
    sum: u64,
    histogram: [u64; 101],
    verdicts: [u64; 3],
    rules: HashMap<String, RuleAcc>,
}

#[derive(Debug, Clone, Default)]
struct RuleAcc {
    articles: u64,
    findings: u64,
    examples: Vec<String>,
}

impl Default for Acc {
    fn default() -> Self {
        Acc {
            articles: 0,
            sum: 0,
            histogram: [0; 101],
            verdicts: [0; 3],
            rules: HashMap::new(),
        }
    }
}

/// A rule's share of one source's findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    /// The rule id.
    pub rule: String,
    /// Articles of the source where it fired.
    pub articles: u64,
    /// Its findings over all those articles.
    pub findings: u64,
    /// Up to three ids of articles where it fired (articles without an id are
    /// not listed).
    pub examples: Vec<String>,
}

/// The profile of one source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// The source name (a report's `source`), or [`UNKNOWN_SOURCE`].
    pub source: String,
    /// Articles scored.
    pub articles: u64,
    /// Mean score.
    pub mean: f64,
    /// Median score (the lower median for an even count).
    pub median: i32,
    /// Articles per verdict.
    pub pass: u64,
    /// Articles sent to review.
    pub review: u64,
    /// Articles rejected.
    pub reject: u64,
    /// The rules that fire most, by articles then findings, most first.
    pub top_rules: Vec<RuleCount>,
}

impl SourceProfiles {
    /// No sources yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one report under its source.
    pub fn add(&mut self, report: &Report) {
        let name = report.source.as_deref().unwrap_or(UNKNOWN_SOURCE);
        let acc = match self.by_source.get_mut(name) {
            Some(a) => a,
            None => self.by_source.entry(name.to_string()).or_default(),
        };
        let score = report.score.clamp(0, 100) as usize;
        acc.articles += 1;
        acc.sum += score as u64;
        acc.histogram[score] += 1;
        acc.verdicts[match report.verdict {
            Verdict::Pass => 0,
            Verdict::Review => 1,
            Verdict::Reject => 2,
        }] += 1;
        let mut per_rule: BTreeMap<&str, u64> = BTreeMap::new();
        for f in &report.findings {
            *per_rule.entry(f.rule.as_str()).or_insert(0) += 1;
        }
        for (rule, n) in per_rule {
            let r = match acc.rules.get_mut(rule) {
                Some(r) => r,
                None => acc.rules.entry(rule.to_string()).or_default(),
            };
            r.articles += 1;
            r.findings += n;
            if let Some(id) = &report.id {
                if r.examples.len() < EXAMPLES_PER_RULE {
                    r.examples.push(id.clone());
                }
            }
        }
    }

    /// Merges another accumulator into this one (for per-thread accumulation).
    pub fn merge(&mut self, other: SourceProfiles) {
        for (name, o) in other.by_source {
            let acc = self.by_source.entry(name).or_default();
            acc.articles += o.articles;
            acc.sum += o.sum;
            for (a, b) in acc.histogram.iter_mut().zip(o.histogram) {
                *a += b;
            }
            for (a, b) in acc.verdicts.iter_mut().zip(o.verdicts) {
                *a += b;
            }
            for (rule, r) in o.rules {
                let mine = acc.rules.entry(rule).or_default();
                mine.articles += r.articles;
                mine.findings += r.findings;
                for ex in r.examples {
                    if mine.examples.len() < EXAMPLES_PER_RULE {
                        mine.examples.push(ex);
                    }
                }
            }
        }
    }

    /// Number of sources seen.
    pub fn len(&self) -> usize {
        self.by_source.len()
    }

    /// Whether no report was added.
    pub fn is_empty(&self) -> bool {
        self.by_source.is_empty()
    }

    /// The profile of one source, with up to `top` rules.
    pub fn profile(&self, source: &str, top: usize) -> Option<Profile> {
        self.by_source.get(source).map(|a| finish(source, a, top))
    }

    /// Every profile, worst first: lowest mean score, then most rejects, then name. Each lists
    /// its 5 most frequent rules.
    pub fn worst_first(&self) -> Vec<Profile> {
        let mut v: Vec<Profile> = self.by_source.iter().map(|(n, a)| finish(n, a, 5)).collect();
        v.sort_by(|a, b| {
            a.mean
                .total_cmp(&b.mean)
                .then(b.reject.cmp(&a.reject))
                .then(a.source.cmp(&b.source))
        });
        v
    }
}

fn finish(name: &str, a: &Acc, top: usize) -> Profile {
    let mean = if a.articles == 0 {
        0.0
    } else {
        a.sum as f64 / a.articles as f64
    };
    let mut median = 0;
    if a.articles > 0 {
        let want = a.articles.div_ceil(2);
        let mut seen = 0;
        for (score, n) in a.histogram.iter().enumerate() {
            seen += n;
            if seen >= want {
                median = score as i32;
                break;
            }
        }
    }
    let mut rules: Vec<RuleCount> = a
        .rules
        .iter()
        .map(|(id, r)| RuleCount {
            rule: id.clone(),
            articles: r.articles,
            findings: r.findings,
            examples: r.examples.clone(),
        })
        .collect();
    rules.sort_by(|x, y| {
        y.articles
            .cmp(&x.articles)
            .then(y.findings.cmp(&x.findings))
            .then(x.rule.cmp(&y.rule))
    });
    rules.truncate(top);
    Profile {
        source: name.to_string(),
        articles: a.articles,
        mean,
        median,
        pass: a.verdicts[0],
        review: a.verdicts[1],
        reject: a.verdicts[2],
        top_rules: rules,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Category, Field, Finding, Severity};

    fn report(id: &str, source: Option<&str>, score: i32, verdict: Verdict, rules: &[&str]) -> Report {
        Report {
            id: Some(id.into()),
            score,
            verdict,
            start: 75,
            source: source.map(str::to_string),
            rules_version: "v".into(),
            story: None,
            findings: rules
                .iter()
                .map(|r| Finding {
                    rule: r.to_string(),
                    category: Category::Placeholder,
                    severity: Severity::Major,
                    points: -10,
                    base_points: -10,
                    message: String::new(),
                    evidence: String::new(),
                    field: Field::Body,
                    start: 0,
                    end: 0,
                    line: 1,
                    column: 1,
                    note: None,
                })
                .collect(),
            texts: None,
        }
    }

    #[test]
    fn mean_median_verdicts_and_top_rules() {
        let mut p = SourceProfiles::new();
        for (i, s) in [10, 20, 30, 90].iter().enumerate() {
            let v = if *s >= 60 { Verdict::Pass } else { Verdict::Reject };
            let rules: &[&str] = if i < 3 { &["p/a", "p/a", "p/b"] } else { &[] };
            p.add(&report(&format!("a{i}"), Some("A"), *s, v, rules));
        }
        p.add(&report("u", None, 70, Verdict::Pass, &["p/b"]));
        let a = p.profile("A", 5).unwrap();
        assert_eq!(a.articles, 4);
        assert_eq!(a.mean, 37.5);
        assert_eq!(a.median, 20);
        assert_eq!((a.pass, a.review, a.reject), (1, 0, 3));
        assert_eq!(a.top_rules[0].rule, "p/a");
        assert_eq!(a.top_rules[0].findings, 6);
        assert_eq!(a.top_rules[0].examples, ["a0", "a1", "a2"]);
        let all = p.worst_first();
        assert_eq!(
            all.iter().map(|p| p.source.as_str()).collect::<Vec<_>>(),
            ["A", UNKNOWN_SOURCE]
        );
    }

    #[test]
    fn merge_equals_adding_everything_to_one() {
        let reports: Vec<Report> = (0..20)
            .map(|i| {
                report(
                    &i.to_string(),
                    Some(["x", "y"][i % 2]),
                    (i * 5) as i32,
                    Verdict::Review,
                    &["p/a"],
                )
            })
            .collect();
        let mut one = SourceProfiles::new();
        reports.iter().for_each(|r| one.add(r));
        let (mut a, mut b) = (SourceProfiles::new(), SourceProfiles::new());
        reports[..7].iter().for_each(|r| a.add(r));
        reports[7..].iter().for_each(|r| b.add(r));
        a.merge(b);
        let strip = |v: Vec<Profile>| {
            v.into_iter()
                .map(|p| (p.source, p.articles, p.median, p.mean))
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(a.worst_first()), strip(one.worst_first()));
    }
}
