//! Rule directories that build on the embedded defaults: `extends = "default"` pulls in the
//! embedded rule set, `[[override]]` tables change existing rules by id (points, severity,
//! enabled, message) and `[verdict]` moves the verdict thresholds.
//!
//! ```toml
//! # my-rules/credence.toml
//! extends = "default"
//!
//! [[override]]
//! id = "boilerplate/comment-form"
//! points = -5
//! severity = "minor"
//!
//! [[override]]
//! id = "placeholder/lorem-ipsum"
//! enabled = false
//!
//! [verdict]
//! pass = 65
//! review = 40
//! ```
//!
//! An override of an id no rule has is an error located at the id (file:line:column).

use super::error::{LoadError, Location, RuleError, RuleErrorKind};
use super::{embedded_sources, Rule, RuleSource};
use crate::category::Severity;
use crate::scoring::ScoringPolicy;
use serde::Deserialize;
use toml::Spanned;

/// The only value `extends` accepts today.
pub const DEFAULT_BASE: &str = "default";

/// One `[[override]]` table: the id of an existing rule and the keys to change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideDef {
    /// The id of the rule to change (defined in the defaults or in any file of the set).
    pub id: Spanned<String>,
    /// New points per finding (-100..=100).
    pub points: Option<Spanned<i64>>,
    /// New severity: `info`, `minor`, `major` or `critical`.
    pub severity: Option<Spanned<String>>,
    /// `false` turns the rule off, `true` turns a disabled rule on.
    pub enabled: Option<bool>,
    /// A new message.
    pub message: Option<String>,
}

/// The `[verdict]` table: new verdict thresholds for the rule set's scoring policy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictDef {
    /// Lowest score that passes.
    pub pass: Option<Spanned<i64>>,
    /// Lowest score that goes to review.
    pub review: Option<Spanned<i64>>,
}

/// Only the `extends` key of a file; every other key is ignored here and checked by the compiler.
#[derive(Deserialize)]
struct Head {
    extends: Option<Spanned<String>>,
}

/// Whether a TOML text can have an `extends` key: it spells the word out, or has a Unicode
/// escape (`\u…`, `\U…`) that a quoted key could spell it with. The other files (every
/// default one) need not be parsed to know they have none.
fn may_name_extends(text: &str) -> bool {
    text.contains("extends") || text.contains("\\u") || text.contains("\\U")
}

/// Prepends the embedded default sources when any source says `extends = "default"`.
/// A file that does not parse is left for the compiler to report.
pub(crate) fn expand(sources: Vec<RuleSource>) -> Result<Vec<RuleSource>, LoadError> {
    let mut extends = false;
    let mut errors = Vec::new();
    for s in &sources {
        if !may_name_extends(&s.text) {
            continue;
        }
        let Ok(head) = toml::from_str::<Head>(&s.text) else {
            continue;
        };
        let Some(base) = head.extends else { continue };
        if base.get_ref() == DEFAULT_BASE {
            extends = true;
        } else {
            errors.push(RuleError::at(
                &s.origin,
                &s.text,
                base.span(),
                RuleErrorKind::UnknownValue {
                    key: "extends",
                    value: base.get_ref().clone(),
                    expected: format!("`{DEFAULT_BASE}`"),
                },
            ));
        }
    }
    if !errors.is_empty() {
        return Err(LoadError::Invalid(errors));
    }
    if !extends {
        return Ok(sources);
    }
    let mut all = embedded_sources();
    all.extend(sources);
    Ok(all)
}

/// The overrides of one source, kept until every rule of the set is compiled.
pub(crate) struct Pending<'a> {
    pub origin: &'a str,
    pub text: &'a str,
    pub overrides: Vec<Spanned<OverrideDef>>,
    pub verdict: Option<Spanned<VerdictDef>>,
}

/// Applies every pending override to the compiled rules and policy, collecting located errors.
pub(crate) fn apply(
    pending: Vec<Pending<'_>>,
    rules: &mut [Rule],
    mut scoring: Option<&mut ScoringPolicy>,
    errors: &mut Vec<RuleError>,
) {
    for p in pending {
        let err = |span: std::ops::Range<usize>, kind| RuleError::at(p.origin, p.text, span, kind);
        for o in p.overrides {
            let span = o.span();
            let o = o.into_inner();
            let Some(rule) = rules.iter_mut().find(|r| r.id == *o.id.get_ref()) else {
                let near = nearest(o.id.get_ref(), rules.iter().map(|r| r.id.as_str()));
                errors.push(err(
                    o.id.span(),
                    RuleErrorKind::UnknownOverride {
                        id: o.id.get_ref().clone(),
                        suggestion: near.map(str::to_string),
                    },
                ));
                continue;
            };
            let before = errors.len();
            let points = o.points.as_ref().and_then(|v| {
                let x = *v.get_ref();
                if (-100..=100).contains(&x) {
                    Some(x as i32)
                } else {
                    errors.push(err(
                        v.span(),
                        RuleErrorKind::OutOfRange {
                            key: "points",
                            expected: "between -100 and 100",
                            found: x.to_string(),
                        },
                    ));
                    None
                }
            });
            let severity = o.severity.as_ref().and_then(|v| {
                let found = Severity::ALL.iter().find(|s| s.as_str() == v.get_ref());
                if found.is_none() {
                    errors.push(err(
                        v.span(),
                        RuleErrorKind::UnknownValue {
                            key: "severity",
                            value: v.get_ref().clone(),
                            expected: Severity::ALL
                                .iter()
                                .map(|s| format!("`{s}`"))
                                .collect::<Vec<_>>()
                                .join(", "),
                        },
                    ));
                }
                found.copied()
            });
            if errors.len() > before {
                continue;
            }
            if let Some(x) = points {
                rule.points = x;
            }
            if let Some(s) = severity {
                rule.severity = s;
            }
            if let Some(e) = o.enabled {
                rule.enabled = e;
            }
            if let Some(m) = o.message {
                rule.message = m.trim().to_string();
            }
            rule.overridden = Some(Location::new(p.origin, p.text, span.start, span.end));
        }
        if let (Some(v), Some(policy)) = (p.verdict, scoring.as_deref_mut()) {
            let v = v.into_inner();
            let mut pass = policy.pass;
            let mut review = policy.review;
            let mut ok = true;
            for (key, val, slot) in [("pass", &v.pass, &mut pass), ("review", &v.review, &mut review)] {
                let Some(val) = val else { continue };
                let x = *val.get_ref();
                if (0..=100).contains(&x) {
                    *slot = x as i32;
                } else {
                    ok = false;
                    errors.push(err(
                        val.span(),
                        RuleErrorKind::OutOfRange {
                            key,
                            expected: "between 0 and 100",
                            found: x.to_string(),
                        },
                    ));
                }
            }
            if ok && review > pass {
                let span = v.review.as_ref().or(v.pass.as_ref()).map_or(0..0, |s| s.span());
                errors.push(err(
                    span,
                    RuleErrorKind::OutOfRange {
                        key: "review",
                        expected: "at most `pass`",
                        found: format!("review {review} > pass {pass}"),
                    },
                ));
            } else if ok {
                policy.pass = pass;
                policy.review = review;
            }
        }
    }
}

/// The id closest to `id` by edit distance, when it is close enough to be a likely typo.
fn nearest<'a>(id: &str, ids: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    ids.map(|c| (edit_distance(id, c), c))
        .filter(|(d, _)| *d <= 3.max(id.len() / 5))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;

    fn user(text: &str) -> Vec<RuleSource> {
        vec![RuleSource::new("my/credence.toml", text)]
    }

    #[test]
    fn every_spelling_of_extends_is_read() {
        let base = Engine::default().rules().len();
        for head in [
            "extends = \"default\"",
            "\"extends\" = \"default\"",
            "'extends' = \"default\"",
            "\"\\u0065xtends\" = \"default\"",
            "\"\\U00000065xtends\" = \"default\"",
        ] {
            assert!(may_name_extends(head), "{head}");
            let e = Engine::from_sources(user(head)).unwrap_or_else(|e| panic!("{head}: {e}"));
            assert_eq!(e.rules().len(), base, "{head}");
        }
        for src in crate::ruleset::embedded_sources() {
            assert!(
                !may_name_extends(&src.text),
                "{} is parsed for nothing",
                src.origin
            );
        }
    }

    #[test]
    fn extends_pulls_in_defaults_and_overrides_change_them() {
        let base = Engine::default();
        let e = Engine::from_sources(user(
            "extends = \"default\"\n\n[[override]]\nid = \"placeholder/date-mask\"\npoints = -7\nseverity = \"minor\"\n\n[[override]]\nid = \"placeholder/lorem-ipsum\"\nenabled = false\n\n[verdict]\npass = 70\nreview = 20\n",
        ))
        .unwrap();
        assert_eq!(e.rules().len(), base.rules().len());
        let mask = e
            .rules()
            .iter()
            .find(|r| r.id() == "placeholder/date-mask")
            .unwrap();
        assert_eq!(mask.points(), -7);
        assert_eq!(mask.severity(), Severity::Minor);
        let loc = mask.overridden().unwrap();
        assert_eq!((loc.origin.as_str(), loc.line), ("my/credence.toml", 3));
        let lorem = e
            .rules()
            .iter()
            .find(|r| r.id() == "placeholder/lorem-ipsum")
            .unwrap();
        assert!(!lorem.enabled());
        assert_eq!((e.scoring().pass, e.scoring().review), (70, 20));
        assert_ne!(e.version(), base.version());
        let untouched = e
            .rules()
            .iter()
            .find(|r| r.id() == "placeholder/bracket-token")
            .unwrap();
        assert!(untouched.overridden().is_none());
    }

    #[test]
    fn unknown_override_id_is_located_with_a_suggestion() {
        let err = Engine::from_sources(user(
            "extends = \"default\"\n[[override]]\nid = \"placeholder/date-mask\"\npoints = -1\n[[override]]\n  id = \"placeholder/date-masc\"\n",
        ))
        .unwrap_err();
        let errs = err.rule_errors();
        assert_eq!(errs.len(), 1, "{err}");
        assert_eq!(errs[0].location.to_string(), "my/credence.toml:6:8");
        assert!(
            err.to_string().contains("did you mean `placeholder/date-mask`"),
            "{err}"
        );
    }

    #[test]
    fn bad_values_and_bad_base_are_located() {
        let err = Engine::from_sources(user("extends = \"defaults\"\n")).unwrap_err();
        assert_eq!(err.rule_errors()[0].location.to_string(), "my/credence.toml:1:11");
        let err = Engine::from_sources(user(
            "extends = \"default\"\n[[override]]\nid = \"placeholder/date-mask\"\npoints = -500\nseverity = \"huge\"\n[verdict]\npass = 30\nreview = 50\n",
        ))
        .unwrap_err();
        let at: Vec<String> = err.rule_errors().iter().map(|e| e.location.to_string()).collect();
        assert_eq!(
            at,
            [
                "my/credence.toml:4:10",
                "my/credence.toml:5:12",
                "my/credence.toml:8:10"
            ],
            "{err}"
        );
    }

    #[test]
    fn a_default_id_redefined_is_a_duplicate() {
        let err = Engine::from_sources(user(
            "extends = \"default\"\n[[rule]]\nid = \"placeholder/date-mask\"\ncategory = \"placeholder\"\npoints = -1\nmessage = \"m\"\nphrases = [\"x\"]\n",
        ))
        .unwrap_err();
        assert!(err.to_string().contains("duplicate rule id"), "{err}");
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(nearest("a/bc", ["a/bd", "zzzz"].into_iter()), Some("a/bd"));
    }
}
