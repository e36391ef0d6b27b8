//! Rule-file loading errors name the file, line and column and say what was expected.

use credence::{Engine, LoadError, RuleErrorKind, RuleSource};

const SCORING: &str = "[scoring]\nstart = 75\npass = 60\nreview = 35\n";

fn errors(src: &str) -> Vec<credence::RuleError> {
    let sources = vec![
        RuleSource::new("scoring.toml", SCORING),
        RuleSource::new("bad.toml", src),
    ];
    match Engine::from_sources(sources) {
        Ok(_) => panic!("expected an error for:\n{src}"),
        Err(LoadError::Invalid(v)) => v,
        Err(e) => panic!("unexpected error kind: {e}"),
    }
}

fn one(src: &str) -> credence::RuleError {
    let mut v = errors(src);
    assert_eq!(v.len(), 1, "{v:?}");
    v.remove(0)
}

const RULE: &str =
    "[[rule]]\nid = \"boilerplate/x\"\ncategory = \"boilerplate\"\npoints = -5\nmessage = \"m\"\n";

#[test]
fn syntax_error_is_located() {
    let e = one("[[rule]]\nid = \"boilerplate/x\nmessage = 1\n");
    assert!(matches!(e.kind, RuleErrorKind::Syntax { .. }), "{e}");
    assert_eq!(e.location.origin, "bad.toml");
    assert_eq!(e.location.line, 2);
}

#[test]
fn unknown_key_names_the_key_and_the_expected_ones() {
    let e = one(&format!("{RULE}phrasez = [\"a\"]\n"));
    assert!(matches!(e.kind, RuleErrorKind::Schema { .. }), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("unknown field `phrasez`") && msg.contains("`phrases`"),
        "{msg}"
    );
    assert_eq!((e.location.line, e.location.column), (6, 1), "{e}");
}

#[test]
fn wrong_type_is_located_at_the_value() {
    let e = one("[[rule]]\nid = \"boilerplate/x\"\ncategory = \"boilerplate\"\npoints = \"five\"\nmessage = \"m\"\nphrases = [\"a\"]\n");
    assert!(matches!(e.kind, RuleErrorKind::Schema { .. }), "{e}");
    assert!(e.to_string().contains("invalid type"), "{e}");
    assert_eq!((e.location.line, e.location.column), (4, 10));
}

#[test]
fn bad_regex_points_into_the_pattern() {
    let e = one(&format!("{RULE}regex = 'ab(c'\n"));
    assert!(matches!(e.kind, RuleErrorKind::BadRegex { .. }), "{e}");
    assert_eq!(e.location.line, 6);
    // `regex = '` is 9 characters; the unclosed group opens at offset 2 of the pattern.
    assert_eq!(e.location.column, 12, "{e}");
}

#[test]
fn duplicate_id_names_the_first_definition() {
    let src = format!("{RULE}phrases = [\"a\"]\n\n{RULE}phrases = [\"b\"]\n");
    let e = one(&src);
    match &e.kind {
        RuleErrorKind::DuplicateId { id, first } => {
            assert_eq!(id, "boilerplate/x");
            assert!(first.starts_with("bad.toml:1:"), "{first}");
        }
        k => panic!("{k:?}"),
    }
    assert_eq!((e.location.line, e.location.column), (9, 6));
}

#[test]
fn unknown_category_lists_the_closed_set() {
    let e = one("[[rule]]\nid = \"chrome/x\"\ncategory = \"chrome\"\npoints = -5\nmessage = \"m\"\nphrases = [\"a\"]\n");
    match &e.kind {
        RuleErrorKind::UnknownCategory { name, expected } => {
            assert_eq!(name, "chrome");
            assert!(expected.contains("`boilerplate`"));
        }
        k => panic!("{k:?}"),
    }
    assert_eq!((e.location.line, e.location.column), (3, 12));
}

#[test]
fn empty_phrase_and_missing_matcher_are_errors() {
    let e = one(&format!("{RULE}phrases = [\"ok\", \" ... \"]\n"));
    assert_eq!(e.kind, RuleErrorKind::EmptyPhrase);
    assert_eq!((e.location.line, e.location.column), (6, 18));
    let e = one(RULE);
    assert!(matches!(e.kind, RuleErrorKind::Matcher { .. }), "{e}");
}

#[test]
fn all_errors_are_reported_at_once() {
    let src = format!("{RULE}regex = '('\n\n[[rule]]\nid = \"x/y\"\ncategory = \"nope\"\npoints = 1\nmessage = \"m\"\nphrases = [\"a\"]\n");
    assert_eq!(errors(&src).len(), 2);
}

#[test]
fn bad_id_and_values_out_of_range() {
    let e = one("[[rule]]\nid = \"placeholder/x\"\ncategory = \"boilerplate\"\npoints = -5\nmessage = \"m\"\nphrases = [\"a\"]\n");
    assert!(matches!(e.kind, RuleErrorKind::BadId { .. }), "{e}");
    let e = one("[[rule]]\nid = \"boilerplate/x\"\ncategory = \"boilerplate\"\npoints = -500\nmessage = \"m\"\nphrases = [\"a\"]\n");
    assert!(
        matches!(e.kind, RuleErrorKind::OutOfRange { key: "points", .. }),
        "{e}"
    );
    let e = one(&format!("{RULE}phrases = [\"a\"]\nline = \"alonee\"\n"));
    assert!(
        e.to_string()
            .contains("unknown line `alonee`, expected one of `anywhere`, `alone`, `start`"),
        "{e}"
    );
}

#[test]
fn scoring_table_is_required_once() {
    let e = Engine::from_sources(vec![RuleSource::new(
        "a.toml",
        format!("{RULE}phrases = [\"a\"]\n"),
    )])
    .unwrap_err();
    assert!(
        matches!(e.rule_errors()[0].kind, RuleErrorKind::MissingScoring),
        "{e}"
    );
    let e = one(SCORING);
    assert!(matches!(e.kind, RuleErrorKind::DuplicateScoring { .. }), "{e}");
    assert_eq!(e.location.line, 1);
}

#[test]
fn from_dir_reports_missing_and_empty_directories() {
    let missing = Engine::from_dir("/nonexistent/credence-rules").unwrap_err();
    assert!(matches!(missing, LoadError::Io { .. }), "{missing}");
    let empty = std::env::temp_dir().join(format!("credence-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let e = Engine::from_dir(&empty).unwrap_err();
    assert!(matches!(e, LoadError::Empty { .. }), "{e}");
    std::fs::remove_dir_all(&empty).unwrap();
}
