//! Invariants that hold for any input: the score is in range, evidence is exactly the span's
//! text on char boundaries, line:column point at the span, the explanation adds up, and the
//! output is deterministic.

use credence::{Article, Engine, Field, Report};
use proptest::prelude::*;

fn check(article: &Article, report: &Report) {
    assert!((0..=100).contains(&report.score));
    assert_eq!(report.score, (report.start + report.total_points()).clamp(0, 100));
    for f in &report.findings {
        let text = match f.field {
            Field::Title => article.title().unwrap_or(""),
            Field::Body => article.body(),
            Field::Byline => article.byline().unwrap_or(""),
        };
        assert!(
            f.start < f.end && f.end <= text.len(),
            "span out of bounds: {f:?}"
        );
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        assert_eq!(&text[f.start..f.end], f.evidence);
        let before = &text[..f.start];
        let line =
            before.matches('\n').count() + before.matches('\r').count() - before.matches("\r\n").count() + 1;
        assert_eq!(f.line, line, "{f:?}");
        assert!(f.column >= 1);
    }
    let mut sorted = report.findings.clone();
    sorted.sort_by(|a, b| (a.field, a.start, a.end, &a.rule).cmp(&(b.field, b.start, b.end, &b.rule)));
    assert_eq!(sorted, report.findings, "findings are in a stable order");
}

/// Text built from fragments that trigger rules, mixed with arbitrary characters.
fn articleish() -> impl Strategy<Value = String> {
    let frag = prop_oneof![
        Just("Leave a Reply\n".to_string()),
        Just("[Date] – ".to_string()),
        Just("Keywords:\nA\nB\nC\n".to_string()),
        Just("Reports suggest that ".to_string()),
        Just("Mr. Kim said. ".to_string()),
        Just("“Quoted,” he said. ".to_string()),
        Just("\r\n".to_string()),
        Just("Ähnliche Beiträge\n".to_string()),
        Just("As an AI language model, ".to_string()),
        "\\PC{0,20}",
        "[a-zA-Z .,\\n\\[\\]]{0,30}",
    ];
    prop::collection::vec(frag, 0..20).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn plain_text_reports_hold_invariants(text in articleish()) {
        let engine = Engine::default();
        let article = Article::from_plain_text(text);
        let report = engine.score(&article);
        check(&article, &report);
        prop_assert_eq!(&report, &engine.score(&article));
    }

    #[test]
    fn separate_title_reports_hold_invariants(title in articleish(), body in articleish(), byline in "(By )?[A-Z][a-z]{0,8}( [A-Z][a-z]{1,8})?") {
        let engine = Engine::default();
        let article = Article::new(body).with_title(title).with_byline(byline);
        let report = engine.score(&article);
        check(&article, &report);
    }

    #[test]
    fn any_string_never_panics(text in "\\PC*") {
        let article = Article::from_plain_text(text);
        let report = Engine::default().score(&article);
        check(&article, &report);
    }
}
