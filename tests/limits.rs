//! Every limit of `credence::Limits` is applied, and changing it changes what it should.

use credence::{embedded_sources, Article, Engine, Limits, RuleErrorKind};

fn with(limits: Limits) -> Result<Engine, credence::LoadError> {
    Engine::from_sources_with_limits(embedded_sources(), limits)
}

const ARTICLE: &str =
    "Minister resigns\n\nPARIS, [Date] – The minister resigned.\n\nLeave a Reply\nTags: a, b, c\n";

#[test]
fn defaults_load_the_embedded_rules() {
    let e = with(Limits::default()).unwrap();
    assert_eq!(e.limits(), &Limits::default());
    assert_eq!(e.limits(), Engine::default().limits());
}

#[test]
fn a_regex_over_the_size_limit_is_a_located_load_error() {
    let err = with(Limits::default().max_regex_bytes(10_000)).unwrap_err();
    let e = err
        .rule_errors()
        .iter()
        .find(|e| matches!(e.kind, RuleErrorKind::TooLarge { .. }))
        .unwrap_or_else(|| panic!("{err}"));
    assert_eq!(e.location.origin, "rules/placeholder.toml");
    assert!(e.to_string().contains("exceeds the limit of 10000 bytes"), "{e}");
}

#[test]
fn rule_files_over_the_size_limit_are_rejected_each() {
    let err = with(Limits::default().max_rule_file_bytes(100)).unwrap_err();
    let sizes: Vec<(String, usize, usize)> = err
        .rule_errors()
        .iter()
        .map(|e| match &e.kind {
            RuleErrorKind::FileTooLarge { size, limit } => (e.location.origin.clone(), *size, *limit),
            k => panic!("{k:?}"),
        })
        .collect();
    assert_eq!(
        sizes.len(),
        embedded_sources().iter().filter(|s| s.text.len() > 100).count()
    );
    for (origin, size, limit) in sizes {
        let src = embedded_sources()
            .into_iter()
            .find(|s| s.origin == origin)
            .unwrap();
        assert_eq!((size, limit), (src.text.len(), 100));
    }
}

#[test]
fn a_tiny_dfa_cache_changes_speed_not_results() {
    let small = with(Limits::default().max_regex_dfa_bytes(1)).unwrap();
    let article = Article::from_plain_text(ARTICLE.repeat(50));
    assert_eq!(
        small.score(&article).findings,
        Engine::default().score(&article).findings
    );
}

#[test]
fn the_finding_limit_keeps_the_first_and_counts_the_rest() {
    let e = with(Limits::default().max_findings(2)).unwrap();
    let full = Engine::default().score(&Article::from_plain_text(ARTICLE));
    let capped = e.score(&Article::from_plain_text(ARTICLE));
    assert!(full.findings.len() > 2, "{full}");
    assert_eq!(capped.findings[..2], full.findings[..2]);
    let last = &capped.findings[2];
    assert_eq!(last.rule, "input/too-many-findings");
    assert_eq!(
        (last.start, last.end),
        (full.findings[2].start, full.findings[2].end)
    );
    let dropped = full.findings.len() - 2;
    assert!(
        last.message.starts_with(&format!("{dropped} more findings")),
        "{}",
        last.message
    );
    assert_eq!(capped.findings.len(), 3);
}

#[test]
fn an_article_under_the_size_limit_is_scored_as_is() {
    let article = Article::from_plain_text(ARTICLE);
    let exact = with(Limits::default().max_article_bytes(ARTICLE.len())).unwrap();
    assert_eq!(exact.score(&article), Engine::default().score(&article));
    let cut = with(Limits::default().max_article_bytes(ARTICLE.len() - 1)).unwrap();
    let r = cut.score(&article);
    assert_eq!(r.findings.last().unwrap().rule, "input/truncated");
}
