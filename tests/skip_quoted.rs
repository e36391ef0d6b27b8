//! `skip_quoted = true`: a match inside a quotation that other words on its line introduce is a
//! report quoting the text, not the text itself.

use credence::{Article, Engine, LoadError, RuleErrorKind, RuleSource};

const SCORING: &str = "[scoring]\nstart = 75\npass = 60\nreview = 35\n";

fn engine(skip: &str) -> Result<Engine, LoadError> {
    let rule = format!(
        "[[rule]]\nid = \"placeholder/x\"\ncategory = \"placeholder\"\npoints = -5\n\
         message = \"m\"\nphrases = [\"lorem ipsum dolor\"]\n{skip}\n"
    );
    Engine::from_sources(vec![
        RuleSource::new("scoring.toml", SCORING),
        RuleSource::new("x.toml", rule),
    ])
}

fn hits(engine: &Engine, text: &str) -> usize {
    engine
        .score(&Article::from_plain_text(text))
        .findings
        .iter()
        .filter(|f| f.rule == "placeholder/x")
        .count()
}

#[test]
fn embedded_quotations_are_skipped_only_when_asked() {
    let on = engine("skip_quoted = true").unwrap();
    let off = engine("").unwrap();
    let report = "Title\n\nThe caption read “Lorem ipsum dolor sit amet” all morning.\n";
    assert_eq!(hits(&on, report), 0);
    assert_eq!(hits(&off, report), 1);
    let german = "Title\n\nDie Bildunterschrift lautete „Lorem ipsum dolor sit amet“.\n";
    assert_eq!(hits(&on, german), 0);
}

#[test]
fn whole_line_quotations_and_closed_quotes_still_count() {
    let on = engine("skip_quoted = true").unwrap();
    assert_eq!(hits(&on, "Title\n\n“Lorem ipsum dolor sit amet.”\n"), 1);
    assert_eq!(
        hits(
            &on,
            "Title\n\nHe said “no” and then: Lorem ipsum dolor sit amet.\n"
        ),
        1
    );
    assert_eq!(hits(&on, "Title\n\nLorem ipsum dolor sit amet.\n"), 1);
}

#[test]
fn a_wrong_type_is_a_located_error() {
    let Err(LoadError::Invalid(errors)) = engine("skip_quoted = \"yes\"") else {
        panic!("expected a type error");
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert!(matches!(e.kind, RuleErrorKind::Schema { .. }), "{e}");
    assert_eq!(e.location.origin, "x.toml");
    assert_eq!(e.location.line, 7);
}
