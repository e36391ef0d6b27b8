//! Why a rule did or did not fire on an article: [`Engine::explain`] retraces the rule's
//! path through the engine (scope, raw matches, placement, exceptions, analyses, repeats and
//! caps) and lists a [`Reason`] for every match and every field it skipped.
//!
//! The reasons form an open set ([`Reason`] is `#[non_exhaustive]`): a rule family that can
//! explain a match away (attribution rescuing a cue, say) shows up today as
//! [`Reason::RemovedByAnalysis`] and can add its own, more specific variant.
//!
//! ```
//! use credence::{Article, Engine, Reason};
//! let engine = Engine::default();
//! let a = Article::from_plain_text("Title\n\nPARIS, [Date] – text.\n");
//! let why = engine.explain(&a, "placeholder/bracket-token").unwrap();
//! assert!(why.fired);
//! assert!(matches!(why.reasons[0], Reason::Fired { .. }));
//! ```

use crate::article::{Article, Field};
use crate::engine::Engine;
use crate::matcher::{applies, PhraseIndex, Placement};
use crate::ruleset::{FieldScope, LinePosition, Matcher, Scope};
use crate::text::{Span, TextModel};
use serde::Serialize;
use std::fmt;

/// Where a piece of evidence sits: field, byte span, 1-based line and column, and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spot {
    /// The field the offsets point into.
    pub field: Field,
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The text of the span.
    pub evidence: String,
}

/// One reason in an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Reason {
    /// The rule is turned off (`enabled = false`, possibly by an override).
    Disabled {
        /// How many raw matches it would have had.
        would_match: usize,
    },
    /// The rule does not look at this field.
    OutOfScope {
        /// The field skipped.
        field: Field,
        /// The rule's scope, as written in the rule file.
        scope: String,
        /// A match that lies outside the part of the field the rule looks at, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        at: Option<Spot>,
    },
    /// No phrase or regex match in this field.
    NotMatched {
        /// The field searched.
        field: Field,
    },
    /// Matched, but not where the rule wants it (line position, words on the line, last
    /// lines, a following list).
    OutOfPlace {
        /// The match.
        at: Spot,
        /// What the rule requires, as written in the rule file.
        requires: String,
    },
    /// Matched, but an `except` pattern dropped it.
    Excepted {
        /// The match.
        at: Spot,
        /// The exception pattern that matched.
        pattern: String,
    },
    /// Matched and placed, but a later analysis removed it (for example a cue rescued by a
    /// named source), or a longer overlapping match of the same rule absorbed it.
    RemovedByAnalysis {
        /// The match.
        at: Spot,
    },
    /// A finding, counted in full.
    Fired {
        /// The evidence.
        at: Spot,
        /// Points it contributes.
        points: i32,
    },
    /// A finding discounted as a repeat of the same rule.
    Repeated {
        /// The evidence.
        at: Spot,
        /// Points it contributes (less than the rule's points, or 0).
        points: i32,
        /// How the points were computed.
        note: String,
    },
    /// A finding cut by its category's cap.
    Capped {
        /// The evidence.
        at: Spot,
        /// Points it contributes.
        points: i32,
        /// How the points were computed.
        note: String,
    },
}

/// Why one rule did or did not fire on one article.
///
/// ```
/// use credence::{Article, Engine};
/// let engine = Engine::default();
/// let a = Article::from_plain_text("Title\n\nMoscow, [Date] – x. Then [Date] again.\n");
/// let why = engine.explain(&a, "placeholder/bracket-token").unwrap();
/// assert!(why.fired && why.reasons.len() >= 2);
/// assert_eq!(why.points, engine.score(&a).findings.iter().filter(|f| f.rule == why.rule).map(|f| f.points).sum::<i32>());
/// assert!(engine.explain(&a, "no/such-rule").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The rule id.
    pub rule: String,
    /// Whether the rule has a finding in the report.
    pub fired: bool,
    /// The sum of its findings' points.
    pub points: i32,
    /// Every reason, in field order then position.
    pub reasons: Vec<Reason>,
}

impl Engine {
    /// Explains why rule `rule_id` did or did not fire on `article`; `None` if no rule has
    /// that id. Scores the article once (like [`Engine::score`]) and retraces the rule alone.
    pub fn explain(&self, article: &Article, rule_id: &str) -> Option<Explanation> {
        let rule = self.rules().iter().find(|r| r.id() == rule_id)?;
        let report = self.score(article);
        let mine: Vec<_> = report.findings.iter().filter(|f| f.rule == rule_id).collect();
        let mut reasons = Vec::new();
        let mut raw_total = 0;
        let fields: Vec<(Field, &str, Option<Span>)> = match (article.title(), article.title_in_body()) {
            (_, Some(r)) => vec![(Field::Body, article.body(), Some(r))],
            (Some(t), None) => vec![(Field::Title, t, None), (Field::Body, article.body(), None)],
            (None, None) => vec![(Field::Body, article.body(), None)],
        };
        let mut always_on = rule.clone();
        always_on.enabled = true;
        let index = PhraseIndex::build(std::slice::from_ref(&always_on)).ok();
        for (field, text, title_range) in fields {
            let model = TextModel::new(text);
            let spot = |s: &Span| {
                let (line, column) = model.line_column(s.start);
                Spot {
                    field,
                    start: s.start,
                    end: s.end,
                    line,
                    column,
                    evidence: text[s.clone()].to_string(),
                }
            };
            let limit: Option<Option<Span>> = match (title_range.as_ref(), rule.scope.field) {
                (Some(r), FieldScope::Title) => Some(Some(r.clone())),
                (Some(_), _) => Some(None),
                (None, scope) => applies(scope, field == Field::Title).then_some(None),
            };
            let mut raw: Vec<Span> = Vec::new();
            match (&rule.matcher, &index) {
                (Matcher::Phrases(_), Some(ix)) => {
                    // Regex candidates of the shared automaton are not needed here.
                    let _ = ix.scan(text, |_, s| raw.push(s));
                }
                (Matcher::Regex(re), _) => raw.extend(
                    re.find_iter(text)
                        .filter(|m| m.start() < m.end())
                        .map(|m| m.range()),
                ),
                _ => {}
            }
            raw_total += raw.len();
            if !rule.enabled {
                continue;
            }
            let Some(limit) = limit else {
                reasons.push(Reason::OutOfScope {
                    field,
                    scope: scope_text(&rule.scope),
                    at: None,
                });
                continue;
            };
            let (inside, outside): (Vec<Span>, Vec<Span>) = raw.into_iter().partition(|s| match &limit {
                Some(l) => s.start >= l.start && s.end <= l.end,
                None => true,
            });
            for s in &outside {
                reasons.push(Reason::OutOfScope {
                    field,
                    scope: scope_text(&rule.scope),
                    at: Some(spot(s)),
                });
            }
            if inside.is_empty() && outside.is_empty() {
                reasons.push(Reason::NotMatched { field });
                continue;
            }
            let placement = Placement::new(&model);
            for s in inside {
                let Some(placed) = placement.accept(&rule.scope, s.clone()) else {
                    reasons.push(Reason::OutOfPlace {
                        at: spot(&s),
                        requires: scope_text(&rule.scope),
                    });
                    continue;
                };
                let hit = &text[placed.clone()];
                if let Some(e) = rule.except.iter().find(|e| e.is_match(hit)) {
                    reasons.push(Reason::Excepted {
                        at: spot(&placed),
                        pattern: e.as_str().to_string(),
                    });
                    continue;
                }
                let overlaps = mine
                    .iter()
                    .any(|f| f.field == field && f.start < placed.end && placed.start < f.end);
                if !overlaps {
                    reasons.push(Reason::RemovedByAnalysis { at: spot(&placed) });
                }
            }
        }
        if !rule.enabled {
            reasons.insert(
                0,
                Reason::Disabled {
                    would_match: raw_total,
                },
            );
        }
        // The findings themselves, including ones an analysis added without a raw match.
        for f in &mine {
            let at = Spot {
                field: f.field,
                start: f.start,
                end: f.end,
                line: f.line,
                column: f.column,
                evidence: f.evidence.clone(),
            };
            let r = match &f.note {
                Some(n) if n.contains("capped") => Reason::Capped {
                    at,
                    points: f.points,
                    note: n.clone(),
                },
                Some(n) => Reason::Repeated {
                    at,
                    points: f.points,
                    note: n.clone(),
                },
                None => Reason::Fired { at, points: f.points },
            };
            reasons.push(r);
        }
        reasons.sort_by_key(|r| match r {
            Reason::Disabled { .. } => (0, Field::Title, 0),
            Reason::OutOfScope { field, at, .. } => (1, *field, at.as_ref().map_or(0, |a| a.start)),
            Reason::NotMatched { field } => (1, *field, 0),
            Reason::OutOfPlace { at, .. }
            | Reason::Excepted { at, .. }
            | Reason::RemovedByAnalysis { at }
            | Reason::Fired { at, .. }
            | Reason::Repeated { at, .. }
            | Reason::Capped { at, .. } => (1, at.field, at.start),
        });
        Some(Explanation {
            rule: rule_id.to_string(),
            fired: !mine.is_empty(),
            points: mine.iter().map(|f| f.points).sum(),
            reasons,
        })
    }
}

/// A rule's scope as rule-file keys (`field = "title", line = "alone"`), or `anywhere`.
fn scope_text(scope: &Scope) -> String {
    let mut parts = Vec::new();
    match scope.field {
        FieldScope::Any => {}
        FieldScope::Title => parts.push("field = \"title\"".to_string()),
        FieldScope::Body => parts.push("field = \"body\"".to_string()),
    }
    match scope.line {
        LinePosition::Anywhere => {}
        LinePosition::Alone => parts.push("line = \"alone\"".into()),
        LinePosition::Start => parts.push("line = \"start\"".into()),
    }
    if let Some(n) = scope.max_line_words {
        parts.push(format!("max_line_words = {n}"));
    }
    if let Some(n) = scope.last_lines {
        parts.push(format!("last_lines = {n}"));
    }
    if let Some(l) = scope.list {
        parts.push(format!(
            "followed_by_list = {{ min_items = {}, max_item_words = {} }}",
            l.min_items, l.max_item_words
        ));
    }
    if parts.is_empty() {
        "anywhere".into()
    } else {
        parts.join(", ")
    }
}

impl fmt::Display for Spot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = if self.field == Field::Title {
            " (title)"
        } else {
            ""
        };
        write!(f, "{}:{}{field} {:?}", self.line, self.column, self.evidence)
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Disabled { would_match } => write!(
                f,
                "disabled: the rule is turned off (enabled = false); it would have {would_match} raw match(es)"
            ),
            Reason::OutOfScope { field, scope, at: None } => {
                write!(f, "out of scope: the {field} is not searched ({scope})", field = field.as_str())
            }
            Reason::OutOfScope { scope, at: Some(at), .. } => {
                write!(f, "out of scope: {at} matched outside the part the rule looks at ({scope})")
            }
            Reason::NotMatched { field } => write!(f, "not matched: no match in the {}", field.as_str()),
            Reason::OutOfPlace { at, requires } => {
                write!(f, "out of place: {at} matched, but the rule requires {requires}")
            }
            Reason::Excepted { at, pattern } => {
                write!(f, "excepted: {at} matched, but the exception '{pattern}' drops it")
            }
            Reason::RemovedByAnalysis { at } => write!(
                f,
                "removed: {at} matched, but a later analysis explained it away (or a longer match absorbed it)"
            ),
            Reason::Fired { at, points } => write!(f, "fired: {at}, {points:+} points"),
            Reason::Repeated { at, points, note } => write!(f, "repeat: {at}, {points:+} points ({note})"),
            Reason::Capped { at, points, note } => write!(f, "capped: {at}, {points:+} points ({note})"),
        }
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.fired { "fired" } else { "did not fire" };
        writeln!(f, "rule {}: {state} ({:+} points)", self.rule, self.points)?;
        for r in &self.reasons {
            writeln!(f, "  - {r}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSource;

    fn engine(extra: &str) -> Engine {
        let mut s = crate::embedded_sources();
        s.push(RuleSource::new("extra.toml", extra));
        Engine::from_sources(s).unwrap()
    }

    #[test]
    fn fired_repeated_and_capped() {
        let e = Engine::default();
        let a = Article::from_plain_text("T\n\n[Date] [City] [Name] [Link] x.\n");
        let why = e.explain(&a, "placeholder/bracket-token").unwrap();
        assert!(why.fired);
        let kinds: Vec<&str> = why
            .reasons
            .iter()
            .map(|r| match r {
                Reason::Fired { .. } => "fired",
                Reason::Repeated { .. } => "repeat",
                Reason::Capped { .. } => "capped",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds[0], "fired");
        assert!(
            kinds.contains(&"capped") || kinds.contains(&"repeat"),
            "{kinds:?}"
        );
        assert_eq!(
            why.points,
            e.score(&a)
                .in_category(crate::Category::Placeholder)
                .map(|f| f.points)
                .sum::<i32>()
        );
    }

    #[test]
    fn disabled_not_matched_excepted_and_out_of_place() {
        let e = engine("[[override]]\nid = \"placeholder/lorem-ipsum\"\nenabled = false\n");
        let a = Article::from_plain_text("T\n\nLorem ipsum dolor sit amet.\n");
        let why = e.explain(&a, "placeholder/lorem-ipsum").unwrap();
        assert!(!why.fired);
        assert!(
            matches!(why.reasons[0], Reason::Disabled { would_match } if would_match > 0),
            "{why}"
        );

        let why = e.explain(&a, "placeholder/date-mask").unwrap();
        assert_eq!(why.reasons, [Reason::NotMatched { field: Field::Body }]);

        let a = Article::from_plain_text("T\n\n“We note that [the company] faced it,” he said.\n");
        let why = e.explain(&a, "placeholder/bracket-token").unwrap();
        assert!(
            matches!(&why.reasons[0], Reason::Excepted { at, .. } if at.evidence == "[the company]"),
            "{why}"
        );
        assert!(e.explain(&a, "nope/x").is_none());
    }

    #[test]
    fn out_of_place_names_the_requirement() {
        let e = engine(
            "[[rule]]\nid = \"boilerplate/test-alone\"\ncategory = \"boilerplate\"\npoints = -5\nmessage = \"m\"\nphrases = [\"subscribe now\"]\nline = \"alone\"\n",
        );
        let a = Article::from_plain_text("T\n\nPeople said subscribe now to the plan, officials added.\n");
        let why = e.explain(&a, "boilerplate/test-alone").unwrap();
        assert!(
            matches!(&why.reasons[0], Reason::OutOfPlace { requires, .. } if requires == "line = \"alone\""),
            "{why}"
        );
        assert!(why.to_string().contains("out of place: 3:13"), "{why}");
    }
}
