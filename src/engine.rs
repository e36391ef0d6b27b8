//! The engine: a compiled rule set that scores articles. Build it once, share it (it is
//! `Send + Sync` and cheap to clone), and call [`Engine::score`] as often as you like.

use crate::analyze::{Analyzer, ArticleAnalyzer, FieldView, RawFinding};
use crate::article::{Article, Field};
use crate::attribution::AttributionAnalyzer;
use crate::limits::Limits;
use crate::matcher::{applies, PhraseIndex, Placement};
use crate::report::{Finding, Report};
use crate::ruleset::compile::{compile_with, Compiled};
use crate::ruleset::{embedded_sources, FieldScope, LoadError, Location, Matcher, Rule, RuleSource};
use crate::scoring::ScoringPolicy;
use crate::text::{Span, TextModel};
use once_cell::sync::Lazy;
use std::path::Path;
use std::sync::Arc;

/// A compiled rule set, ready to score articles.
///
/// ```
/// use credence::{Article, Engine, Verdict};
/// let engine = Engine::default();
/// let report = engine.score(&Article::from_plain_text(
///     "Minister resigns\n\nPARIS, [Date] – The minister resigned.\n\nLeave a Reply\n",
/// ));
/// assert!(report.findings.iter().any(|f| f.evidence == "[Date]"));
/// assert_ne!(report.verdict, Verdict::Pass);
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    rules: Vec<Rule>,
    scoring: ScoringPolicy,
    phrases: PhraseIndex,
    version: String,
    sources: Vec<RuleSource>,
    /// Family-specific analyses run after the phrase and regex rules, in order, on each field.
    analyzers: Vec<Box<dyn Analyzer>>,
    /// Analyses of the whole article, run after every field (the fact checks).
    article_analyzers: Vec<Box<dyn ArticleAnalyzer>>,
    /// Stories, facts and slots for the fact checks and batch consensus.
    facts: Arc<crate::facts::FactSet>,
    /// Size limits on articles, findings and rules.
    limits: Limits,
}

static DEFAULT: Lazy<Engine> = Lazy::new(|| {
    // The embedded rules are checked by the test suite (`embedded_rules_load`); failing here
    // means the binary was built from a broken rules/ directory.
    Engine::from_sources(embedded_sources()).unwrap_or_else(|e| panic!("embedded rules are invalid:\n{e}"))
});

impl Default for Engine {
    /// The engine for the default rule set embedded in the binary, compiled once per process.
    fn default() -> Self {
        DEFAULT.clone()
    }
}

/// A rule example that did not behave as written.
///
/// ```
/// use credence::{Engine, RuleSource};
/// let rule = "[[rule]]\nid = \"boilerplate/promo\"\ncategory = \"boilerplate\"\npoints = -5\nmessage = \"m\"\nphrases = [\"Buy now\"]\n[rule.examples]\nmust_flag = [\"Order today\"]\n";
/// let mut sources = credence::embedded_sources();
/// sources.push(RuleSource::new("promo.toml", rule));
/// let failures = Engine::from_sources(sources)?.check_examples();
/// assert_eq!(failures.len(), 1);
/// assert!(failures[0].must_flag && failures[0].rule == "boilerplate/promo");
/// assert_eq!((failures[0].location.origin.as_str(), failures[0].location.line), ("promo.toml", 8));
/// # Ok::<(), credence::LoadError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule whose example failed.
    pub rule: String,
    /// Where the example is written.
    pub location: Location,
    /// The example text.
    pub text: String,
    /// `true` if the rule should have flagged the text and did not; `false` if it flagged a
    /// text it must not flag.
    pub must_flag: bool,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.must_flag {
            "did not flag a must_flag example"
        } else {
            "flagged a must_not_flag example"
        };
        write!(
            f,
            "{}: rule `{}` {what}: {:?}",
            self.location, self.rule, self.text
        )
    }
}

impl Engine {
    /// Compiles rule sources given in memory (for tests, or rules kept in a database).
    pub fn from_sources(sources: impl IntoIterator<Item = RuleSource>) -> Result<Engine, LoadError> {
        Engine::from_sources_with_limits(sources, Limits::default())
    }

    /// Compiles rule sources within `limits` (rule file and regex sizes), and scores within them
    /// (article size, findings per article). See [`Limits`].
    pub fn from_sources_with_limits(
        sources: impl IntoIterator<Item = RuleSource>,
        limits: Limits,
    ) -> Result<Engine, LoadError> {
        let sources = crate::ruleset::overrides::expand(sources.into_iter().collect())?;
        let Compiled {
            rules,
            scoring,
            attribution,
            facts,
            signals,
        } = compile_with(&sources, &limits)?;
        let facts = Arc::new(facts);
        // The words the analyzers look for are found by the engine's own scan: the fact
        // checks' first (numbered from 0), then the attribution verb gate's.
        let article_analyzers: Vec<Box<dyn ArticleAnalyzer>> =
            crate::facts::analyzer(&facts).into_iter().collect();
        let mut words: Vec<String> = match article_analyzers.is_empty() {
            true => Vec::new(),
            false => facts.scan_words().to_vec(),
        };
        let attribution =
            attribution.map(|cfg| AttributionAnalyzer::new(cfg, &rules).with_word_base(words.len() as u32));
        if let Some(a) = &attribution {
            words.extend(a.gate_words().iter().cloned());
        }
        let phrases = PhraseIndex::build_with_words(&rules, &words).map_err(|e| {
            LoadError::Invalid(vec![crate::ruleset::RuleError {
                location: Location::new("<phrases>", "", 0, 0),
                kind: crate::ruleset::RuleErrorKind::TooLarge {
                    message: e.to_string(),
                },
            }])
        })?;
        let version = content_hash(&sources);
        // Attribution first: it removes rescued cues before the signal analyses look at them.
        let mut analyzers: Vec<Box<dyn Analyzer>> = Vec::new();
        if let Some(a) = attribution {
            analyzers.push(Box::new(a));
        }
        analyzers.extend(crate::signals::analyzers(&sources, signals, &rules)?);
        Ok(Engine {
            inner: Arc::new(Inner {
                rules,
                scoring,
                phrases,
                version,
                sources,
                analyzers,
                article_analyzers,
                facts,
                limits,
            }),
        })
    }

    /// Loads every `*.toml` file under a rule directory (recursively).
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Engine, LoadError> {
        Engine::from_sources(RuleSource::read_dir(dir)?)
    }

    /// [`Engine::from_dir`] within `limits`.
    pub fn from_dir_with_limits(dir: impl AsRef<Path>, limits: Limits) -> Result<Engine, LoadError> {
        Engine::from_sources_with_limits(RuleSource::read_dir(dir)?, limits)
    }

    /// The limits the engine was built with.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// All rules, enabled or not, in source order.
    pub fn rules(&self) -> &[Rule] {
        &self.inner.rules
    }

    /// The score policy.
    pub fn scoring(&self) -> &ScoringPolicy {
        &self.inner.scoring
    }

    /// The sources the engine was built from.
    pub fn sources(&self) -> &[RuleSource] {
        &self.inner.sources
    }

    /// A content hash of the rule sources (16 hex digits); reports carry it.
    pub fn version(&self) -> &str {
        &self.inner.version
    }

    /// Scores one article. Pure: no I/O, no shared mutable state.
    pub fn score(&self, article: &Article) -> Report {
        // One clipped copy and one body model (its lines) for both steps.
        let clipped = self.inner.limits.clip(article);
        let body_model = TextModel::new(clipped.body());
        let raw = self.findings_in(&clipped, &body_model, None);
        self.finish_in(article, &clipped, &body_model, raw)
    }

    /// The compiled stories, facts and slots.
    pub(crate) fn facts(&self) -> &crate::facts::FactSet {
        &self.inner.facts
    }

    /// Every raw finding of the article's own rules (before scoring), title field first, and
    /// the fact-file stories whose triggers the article matches
    /// ([`crate::facts::FactSet::stories_of`], which batch grouping needs): read from the
    /// occurrences the engine's scan found, rather than by scanning the article again.
    pub(crate) fn findings_and_stories(&self, article: &Article) -> (Vec<RawFinding>, Vec<usize>) {
        let clipped = self.inner.limits.clip(article);
        let mut stories = None;
        let raw = self.findings_in(&clipped, &TextModel::new(clipped.body()), Some(&mut stories));
        // Grouping reads the whole article, past what the limits let the rules see; and the
        // scan has the facts' words only when a fact check runs.
        let stories = match (&clipped, stories) {
            (std::borrow::Cow::Borrowed(_), Some(stories)) => stories,
            _ => self.inner.facts.stories_of(article),
        };
        (raw, stories)
    }

    /// The raw findings of an article already clipped to the limits, with its body's model.
    /// When `stories` is given and a fact check runs, it gets the stories the article's
    /// fields mention (see [`Engine::findings_and_stories`]).
    fn findings_in(
        &self,
        article: &Article,
        body_model: &TextModel,
        stories: Option<&mut Option<Vec<usize>>>,
    ) -> Vec<RawFinding> {
        let title_model;
        // (field, model, the title's place inside the body for plain-text articles)
        let mut fields: Vec<(Field, &TextModel, Option<Span>)> = Vec::with_capacity(2);
        match (article.title(), article.title_in_body()) {
            (_, Some(title_range)) => fields.push((Field::Body, body_model, Some(title_range))),
            (Some(title), None) => {
                title_model = TextModel::new(title);
                fields.push((Field::Title, &title_model, None));
                fields.push((Field::Body, body_model, None));
            }
            (None, None) => fields.push((Field::Body, body_model, None)),
        }
        let mut raw: Vec<RawFinding> = Vec::new();
        let words: Vec<Vec<(u32, Span)>> = fields
            .iter()
            .map(|(field, model, title_range)| {
                self.scan_field(article, *field, model, title_range.clone(), &mut raw)
            })
            .collect();
        if !self.inner.article_analyzers.is_empty() {
            if let Some(out) = stories {
                let texts = fields.iter().map(|(_, model, _)| model.text());
                *out = Some(self.inner.facts.stories_in(article, texts.zip(&words)));
            }
            let views: Vec<FieldView> = fields
                .into_iter()
                .zip(&words)
                .map(|((field, model, title_range), words)| FieldView {
                    article,
                    field,
                    model,
                    title_range,
                    rules: &self.inner.rules,
                    words,
                })
                .collect();
            for analyzer in &self.inner.article_analyzers {
                analyzer.analyze(&views, &mut raw);
            }
        }
        raw
    }

    /// Turns raw findings into a scored report: orders them, applies repeats and caps, and
    /// computes the score and verdict.
    pub(crate) fn finish(&self, article: &Article, raw: Vec<RawFinding>) -> Report {
        let clipped = self.inner.limits.clip(article);
        self.finish_in(article, &clipped, &TextModel::new(clipped.body()), raw)
    }

    /// [`Engine::finish`] given the article clipped to the limits and its body's model.
    fn finish_in(
        &self,
        original: &Article,
        article: &Article,
        body_model: &TextModel,
        mut raw: Vec<RawFinding>,
    ) -> Report {
        let inner = &*self.inner;
        let body = article.body();
        raw.sort_by(|a, b| {
            (a.field, a.span.start, a.span.end, &inner.rules[a.rule].id).cmp(&(
                b.field,
                b.span.start,
                b.span.end,
                &inner.rules[b.rule].id,
            ))
        });
        raw.dedup_by(|a, b| a.rule == b.rule && a.field == b.field && a.span == b.span);
        let dropped = inner.limits.cap_findings(&mut raw);
        let title_text = match article.title_in_body() {
            Some(_) => String::new(),
            None => article.title().unwrap_or("").to_string(),
        };
        let title_model = TextModel::new(&title_text);
        let byline_text = article.byline().unwrap_or("");
        let byline_model = TextModel::new(byline_text);
        let mut findings: Vec<Finding> = raw
            .into_iter()
            .map(|r| {
                let rule = &inner.rules[r.rule];
                let (text, model) = match r.field {
                    Field::Title => (title_text.as_str(), &title_model),
                    Field::Body => (body, body_model),
                    Field::Byline => (byline_text, &byline_model),
                };
                let (line, column) = model.line_column(r.span.start);
                Finding {
                    rule: rule.id.clone(),
                    category: rule.category,
                    severity: rule.severity,
                    points: rule.points,
                    base_points: rule.points,
                    message: r.message.unwrap_or_else(|| rule.message.clone()),
                    evidence: text[r.span.clone()].to_string(),
                    field: r.field,
                    start: r.span.start,
                    end: r.span.end,
                    line,
                    column,
                    note: None,
                }
            })
            .collect();
        findings.extend(crate::limits::truncation_findings(original, article, &title_text));
        if let Some((n, first)) = dropped {
            let text = match first.field {
                Field::Title => title_text.as_str(),
                Field::Body => body,
                Field::Byline => article.byline().unwrap_or(""),
            };
            let max = inner.limits.max_findings.max(1);
            findings.push(crate::limits::dropped_finding(
                n,
                max,
                first.field,
                text,
                first.span,
            ));
        }
        findings.sort_by(|a, b| (a.field, a.start, a.end, &a.rule).cmp(&(b.field, b.start, b.end, &b.rule)));
        let score = inner.scoring.apply(&mut findings);
        Report {
            id: article.id().map(str::to_string),
            score,
            verdict: inner.scoring.verdict(score),
            start: inner.scoring.start,
            source: article.source_name(),
            rules_version: inner.version.clone(),
            findings,
            story: None,
            texts: Some(Arc::new(crate::report::Texts {
                title: title_text,
                body: body.to_string(),
                byline: byline_text.to_string(),
            })),
        }
    }

    /// Runs the phrase and regex rules and the per-field analyzers over one field, and returns
    /// where the analyzers' words occur in it. `title_range` is the title's place inside the
    /// body for plain-text articles: title-only rules are confined to it.
    fn scan_field(
        &self,
        article: &Article,
        field: Field,
        model: &TextModel,
        title_range: Option<Span>,
        out: &mut Vec<RawFinding>,
    ) -> Vec<(u32, Span)> {
        let inner = &*self.inner;
        let is_title = field == Field::Title;
        let text = model.text();
        let placement = Placement::new(model);
        let confine = |rule: &Rule| -> Option<Option<Span>> {
            match (title_range.as_ref(), rule.scope.field) {
                (Some(r), FieldScope::Title) => Some(Some(r.clone())),
                (Some(_), _) => Some(None),
                (None, scope) => applies(scope, is_title).then_some(None),
            }
        };
        // Every accepted match of every rule, as (rule, span); one buffer for the field.
        let mut hits: Vec<(usize, Span)> = Vec::new();
        let title_end = match (&title_range, is_title) {
            (Some(r), _) => r.end,
            (None, true) => text.len(),
            (None, false) => 0,
        };
        // Sized for seed-like text (about one analyzer word per 40 bytes), so it seldom grows.
        let mut words = Vec::with_capacity((text.len() / 32).min(4096));
        let mut regexes = inner.phrases.scan_field(text, title_end, &mut words, |ri, span| {
            let rule = &inner.rules[ri];
            let Some(limit) = confine(rule) else { return };
            if let Some(l) = &limit {
                if span.start < l.start || span.end > l.end {
                    return;
                }
            }
            if let Some(s) = placement.accept(&rule.scope, span) {
                hits.push((ri, s));
            }
        });
        regexes.add_line_starts(&inner.rules, text, model.lines(), title_end);
        // Only the regexes that can match run, and only where they can match.
        for run in regexes.iter() {
            let ri = run.rule();
            let rule = &inner.rules[ri];
            let Matcher::Regex(re) = &rule.matcher else {
                continue;
            };
            let Some(limit) = confine(rule) else { continue };
            let range = limit.unwrap_or(0..text.len());
            run.find(re, text, range, model.lines(), |span| {
                if let Some(s) = placement.accept(&rule.scope, span) {
                    hits.push((ri, s));
                }
            });
        }
        // Per rule: drop excepted matches, then overlaps (leftmost, then longest).
        hits.sort_unstable_by(|a, b| (a.0, a.1.start, b.1.end).cmp(&(b.0, b.1.start, a.1.end)));
        let mut i = 0;
        while i < hits.len() {
            let ri = hits[i].0;
            let rule = &inner.rules[ri];
            let mut last_end = None;
            while i < hits.len() && hits[i].0 == ri {
                let span = hits[i].1.clone();
                i += 1;
                if rule.except.iter().any(|e| e.is_match(&text[span.clone()])) {
                    continue;
                }
                if last_end.is_some_and(|e| span.start < e) {
                    continue;
                }
                last_end = Some(span.end);
                out.push(RawFinding {
                    rule: ri,
                    field,
                    span,
                    message: None,
                });
            }
        }
        let view = FieldView {
            article,
            field,
            model,
            title_range,
            rules: &inner.rules,
            words: &words,
        };
        for analyzer in &inner.analyzers {
            analyzer.analyze(&view, out);
        }
        words
    }

    /// Runs every rule's examples; returns the ones that did not behave as written.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for rule in self.rules().iter().filter(|r| r.enabled) {
            for ex in &rule.examples {
                let report = match &rule.matcher {
                    // a batch rule's example is several articles separated by `---` lines
                    Matcher::Analyzer(a) if a == crate::facts::BATCH => {
                        crate::facts::example_report(self, &ex.text)
                    }
                    _ => self.score(&Article::from_plain_text(ex.text.clone())),
                };
                let fired = report.findings.iter().any(|f| f.rule == rule.id);
                if fired != ex.must_flag {
                    failures.push(ExampleFailure {
                        rule: rule.id.clone(),
                        location: ex.location.clone(),
                        text: ex.text.clone(),
                        must_flag: ex.must_flag,
                    });
                }
            }
        }
        failures.extend(crate::facts::check_fact_examples(self));
        failures
    }
}

/// FNV-1a over every source's origin and text, as 16 hex digits.
fn content_hash(sources: &[RuleSource]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for s in sources {
        for b in s.origin.bytes().chain([0]).chain(s.text.bytes()).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn public_types_are_send_and_sync() {
        assert_send_sync::<Engine>();
        assert_send_sync::<Report>();
        assert_send_sync::<Article>();
        assert_send_sync::<LoadError>();
    }

    #[test]
    fn embedded_rules_load() {
        let engine = Engine::from_sources(embedded_sources()).unwrap();
        assert!(!engine.rules().is_empty());
    }

    #[test]
    fn version_changes_with_content() {
        let a = [RuleSource::new("a", "x")];
        let b = [RuleSource::new("a", "y")];
        assert_ne!(content_hash(&a), content_hash(&b));
        assert_eq!(content_hash(&a), content_hash(&a));
    }
}
