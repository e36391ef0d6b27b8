//! The bodies of the fuzz targets, shared by `fuzz/fuzz_targets/*.rs` (libFuzzer, nightly) and
//! `tests/fuzz_drivers.rs` (proptest and the corpus, stable `cargo test`), plus the report
//! invariants every test of hostile input checks.
//!
//! - [`rule_loader`]: arbitrary bytes as a rule file → an engine, or located errors whose
//!   locations are in bounds and whose rendering quotes them; never a panic.
//! - [`analyzer`]: arbitrary bytes as an article (text and metadata) → a report for which
//!   [`check_report`] holds; never a panic.

#![allow(dead_code)]

use credence::{render_load_error, Article, Engine, Field, Limits, LoadError, Location, Report, RuleSource};
use std::sync::OnceLock;

/// A scoring table, so that fuzzed rule files are compiled past the "no scoring" error.
pub const SCORING: &str = "[scoring]\nstart = 75\npass = 60\nreview = 35\n";

/// Limits small enough that fuzz inputs reach the truncation and too-many-findings paths.
pub fn tiny_limits() -> Limits {
    Limits::default().max_article_bytes(64).max_findings(2)
}

fn tiny_engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::from_sources_with_limits(credence::embedded_sources(), tiny_limits()).unwrap())
}

/// Checks every invariant of a report: score in range and equal to the clamped sum, verdict
/// from the thresholds, each finding's span in bounds on character boundaries with its
/// evidence, line and column, findings in their stable order, known rule ids and categories,
/// points never larger than the base points, the finding limit, and a JSON round trip.
pub fn check_report(engine: &Engine, article: &Article, report: &Report) {
    assert!((0..=100).contains(&report.score), "score {}", report.score);
    assert_eq!(report.score, (report.start + report.total_points()).clamp(0, 100));
    assert_eq!(report.start, engine.scoring().start);
    assert_eq!(report.verdict, engine.scoring().verdict(report.score));
    assert_eq!(report.id.as_deref(), article.id());
    assert_eq!(report.rules_version, engine.version());
    // Line starts of each field, computed once (`\n`, `\r\n` and a lone `\r` end a line), so
    // that checking many findings on a long text stays linear.
    let title_starts = line_starts(article.title().unwrap_or(""));
    let body_starts = line_starts(article.body());
    let byline_starts = line_starts(article.byline().unwrap_or(""));
    for f in &report.findings {
        let (text, starts) = match f.field {
            Field::Title => {
                assert!(
                    article.title_in_body().is_none(),
                    "title findings only for a separate title: {f:?}"
                );
                (article.title().unwrap_or(""), &title_starts)
            }
            Field::Body => (article.body(), &body_starts),
            Field::Byline => (article.byline().unwrap_or(""), &byline_starts),
        };
        assert!(
            f.start < f.end && f.end <= text.len(),
            "span out of bounds: {f:?}"
        );
        assert!(
            text.is_char_boundary(f.start) && text.is_char_boundary(f.end),
            "{f:?}"
        );
        assert_eq!(&text[f.start..f.end], f.evidence);
        let line = starts.partition_point(|&s| s <= f.start);
        let line_start = starts[line - 1];
        assert_eq!(
            (f.line, f.column),
            (line, text[line_start..f.start].chars().count() + 1),
            "{f:?}"
        );
        match engine.rules().iter().find(|r| r.id() == f.rule) {
            Some(rule) => {
                assert_eq!(f.category, rule.category(), "{f:?}");
                assert_eq!(f.base_points, rule.points(), "{f:?}");
                assert!(rule.enabled(), "{f:?}");
            }
            None => {
                assert!(
                    ["input/truncated", "input/too-many-findings"].contains(&f.rule.as_str()),
                    "finding of an unknown rule: {f:?}"
                );
                assert_eq!((f.points, f.base_points), (0, 0), "{f:?}");
            }
        }
        assert!(
            f.points.abs() <= f.base_points.abs() && f.points * f.base_points >= 0,
            "{f:?}"
        );
    }
    let key = |f: &credence::Finding| (f.field, f.start, f.end, f.rule.clone());
    assert!(
        report.findings.windows(2).all(|w| key(&w[0]) <= key(&w[1])),
        "findings are in their stable order"
    );
    assert!(report.findings.len() <= engine.limits().max_findings.max(1) + 3);
    let json = serde_json::to_string(report).unwrap();
    let back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back.findings, report.findings);
    assert_eq!(back.score, report.score);
}

/// Byte offsets where lines start: 0, and after every `\n`, `\r\n` or lone `\r`.
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = vec![0];
    for i in 0..b.len() {
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            out.push(i + 1);
        }
    }
    out
}

/// Splits fuzz bytes into an article: byte 0 holds flags, the rest is fields separated by
/// `0xFF` (never valid UTF-8, so a text never contains it), each decoded lossily.
pub fn article_from_bytes(data: &[u8]) -> (u8, Article) {
    let (flags, rest) = data.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
    let mut parts = rest
        .split(|b| *b == 0xFF)
        .map(|p| String::from_utf8_lossy(p).into_owned());
    let body = parts.next().unwrap_or_default();
    let mut article = if flags & 1 == 0 {
        Article::from_plain_text(body)
    } else {
        Article::new(body).with_title(parts.next().unwrap_or_default())
    };
    type Set = fn(Article, String) -> Article;
    let setters: [(u8, Set); 6] = [
        (2, Article::with_id),
        (4, Article::with_byline),
        (8, Article::with_published),
        (16, Article::with_url),
        (32, Article::with_source),
        (64, Article::with_story),
    ];
    for (bit, set) in setters {
        if flags & bit != 0 {
            article = set(article, parts.next().unwrap_or_default());
        }
    }
    (flags, article)
}

/// The analyzer target: scores the article from `data` with the default rules (or, when the
/// top flag bit is set, with tiny limits) and checks the report; scoring twice agrees.
pub fn analyzer(data: &[u8]) {
    let (flags, article) = article_from_bytes(data);
    let default = Engine::default();
    let engine = if flags & 0x80 != 0 {
        tiny_engine()
    } else {
        &default
    };
    let report = engine.score(&article);
    check_report(engine, &article, &report);
    assert_eq!(report, engine.score(&article), "scoring is deterministic");
    let shown = report.to_string();
    assert!(shown.contains(&format!("score {}/100", report.score)));
}

/// The rule-loader target: `data` as a rule file, alone and beside a scoring table.
pub fn rule_loader(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let _ = load_and_check(vec![RuleSource::new("fuzz.toml", text.clone())]);
    let _ = load_and_check(vec![
        RuleSource::new("scoring.toml", SCORING),
        RuleSource::new("fuzz.toml", text),
    ]);
}

/// Loads `sources`; checks an engine's examples and a fixed article, or every error's location
/// and rendering. Returns the engine or the rendering.
pub fn load_and_check(sources: Vec<RuleSource>) -> Result<Engine, String> {
    match Engine::from_sources(sources.clone()) {
        Ok(engine) => {
            for failure in engine.check_examples() {
                assert!(!failure.rule.is_empty());
            }
            for rule in engine.rules() {
                for ex in rule.examples() {
                    let a = Article::from_plain_text(ex.text.clone());
                    check_report(&engine, &a, &engine.score(&a));
                }
            }
            let a = Article::from_plain_text("Title [Date]\n\nLeave a Reply\nTags: a, b, c\n");
            check_report(&engine, &a, &engine.score(&a));
            Ok(engine)
        }
        Err(e) => {
            let LoadError::Invalid(errors) = &e else {
                panic!("in-memory sources can only be invalid: {e}");
            };
            assert!(!errors.is_empty());
            let rendered = render_load_error(&e, &sources);
            for err in errors {
                let loc = &err.location;
                let src = sources
                    .iter()
                    .find(|s| s.origin == loc.origin)
                    .unwrap_or_else(|| panic!("error names an unknown origin: {err}"));
                assert!(
                    loc.start <= loc.end && loc.end <= src.text.len(),
                    "{err}: {loc:?}"
                );
                assert!(src.text.is_char_boundary(loc.start) && src.text.is_char_boundary(loc.end));
                let again = Location::new(&loc.origin, &src.text, loc.start, loc.end);
                assert_eq!((loc.line, loc.column), (again.line, again.column), "{err}");
                assert!(!err.kind.to_string().is_empty());
                assert!(rendered.contains(&format!("--> {loc}\n")), "{rendered}");
            }
            Err(rendered)
        }
    }
}
