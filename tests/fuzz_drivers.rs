//! The fuzz targets of `fuzz/` driven from stable `cargo test`: the same bodies
//! (`tests/fuzz_common`) run over the committed corpus (`tests/corpus/`, `tests/bad_rules/`,
//! `rules/`, `seeds/`) and over proptest-generated inputs.
//!
//! Case counts default to 256 per property; set `CREDENCE_FUZZ_CASES=N` for a longer run, e.g.
//! `CREDENCE_FUZZ_CASES=20000 cargo test --release --test fuzz_drivers`.

mod fuzz_common;

use credence::RuleSource;
use fuzz_common::{analyzer, load_and_check, rule_loader, SCORING};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn files(dir: &str, ext: Option<&str>) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)))
        .collect();
    out.sort();
    out
}

fn cases() -> u32 {
    std::env::var("CREDENCE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

#[test]
fn rule_loader_over_the_corpus() {
    let mut n = 0;
    for dir in ["tests/corpus/rules", "tests/bad_rules", "rules"] {
        for path in files(dir, Some("toml")) {
            rule_loader(&std::fs::read(&path).unwrap());
            n += 1;
        }
    }
    assert!(n >= 40, "corpus has {n} rule files");
}

#[test]
fn analyzer_over_the_corpus_and_the_seeds() {
    let arts = files("tests/corpus/articles", None);
    assert!(arts.len() >= 10);
    for path in arts {
        analyzer(&std::fs::read(&path).unwrap());
    }
    for path in files("seeds", Some("txt")) {
        let text = std::fs::read(&path).unwrap();
        for flags in [0u8, 0x80] {
            let mut data = vec![flags];
            data.extend_from_slice(&text);
            analyzer(&data);
        }
    }
}

#[test]
fn corpus_rule_files_that_must_load_do_and_the_others_fail_where_expected() {
    let load = |name: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus/rules")
            .join(name);
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        load_and_check(vec![
            RuleSource::new("scoring.toml", SCORING),
            RuleSource::new(name, text),
        ])
    };
    for ok in [
        "multiline-regex.toml",
        "phrases-by-language.toml",
        "every-key.toml",
        "empty-match.toml",
    ] {
        assert!(load(ok).is_ok(), "{ok}: {}", load(ok).unwrap_err());
    }
    let huge = load("huge-repetition.toml").unwrap_err();
    assert!(
        huge.contains("pattern too large") && huge.contains("huge-repetition.toml:6:9"),
        "{huge}"
    );
    let deep = load("deep-nesting.toml").unwrap_err();
    assert!(
        deep.contains("invalid regex") && deep.contains("deep-nesting.toml:6:"),
        "{deep}"
    );
}

/// A valid rule file with random edits: a few bytes replaced, removed or inserted from an
/// alphabet of TOML punctuation, keys and regex syntax.
fn mutated_rule_file() -> impl Strategy<Value = Vec<u8>> {
    let bases: Vec<Vec<u8>> = [
        "rules/placeholder.toml",
        "rules/boilerplate.toml",
        "rules/scoring.toml",
    ]
    .iter()
    .map(|p| std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(p)).unwrap())
    .chain(
        files("tests/corpus/rules", Some("toml"))
            .into_iter()
            .map(|p| std::fs::read(p).unwrap()),
    )
    .collect();
    let token = prop_oneof![
        Just(b"[".to_vec()),
        Just(b"]".to_vec()),
        Just(b"'".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"'''".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"=".to_vec()),
        Just(b"{".to_vec()),
        Just(b"(".to_vec()),
        Just(b"\\".to_vec()),
        Just(b"[[rule]]\n".to_vec()),
        Just(b"id = \"placeholder/x\"\n".to_vec()),
        Just(b"regex = '(a|b)*{1000}'\n".to_vec()),
        Just(b"phrases = [\"\", \"...\"]\n".to_vec()),
        Just(b"points = 9999999999999999999\n".to_vec()),
        Just(b"repeat_factor = nan\n".to_vec()),
        Just("é€😀\u{feff}\u{202e}".as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 1..4),
    ];
    let edit = (any::<prop::sample::Index>(), 0..3u8, token);
    (0..bases.len(), prop::collection::vec(edit, 1..6)).prop_map(move |(b, edits)| {
        let mut data = bases[b].clone();
        for (at, op, tok) in edits {
            let i = at.index(data.len() + 1);
            match op {
                0 => {
                    data.splice(i..i, tok);
                }
                1 => {
                    let end = (i + tok.len()).min(data.len());
                    data.drain(i..end);
                }
                _ => {
                    let end = (i + tok.len()).min(data.len());
                    data.splice(i..end, tok);
                }
            }
        }
        data
    })
}

/// Article bytes: a flag byte, then fields built from rule-triggering fragments and noise.
fn article_bytes() -> impl Strategy<Value = Vec<u8>> {
    let frag = prop_oneof![
        Just("Leave a Reply\n".as_bytes().to_vec()),
        Just("[Date] – ".as_bytes().to_vec()),
        Just("{{ name }}".as_bytes().to_vec()),
        Just("Tags:\n".as_bytes().to_vec()),
        Just("Keywords: a, b, c\n".as_bytes().to_vec()),
        Just("Comments ".as_bytes().to_vec()),
        Just("\r\n".as_bytes().to_vec()),
        Just("\r".as_bytes().to_vec()),
        Just("\u{feff}\u{200d}\u{202e}\u{301}😀".as_bytes().to_vec()),
        Just(vec![0xFF]),
        Just(vec![0]),
        prop::collection::vec(any::<u8>(), 0..16),
        "\\PC{0,20}".prop_map(String::into_bytes),
    ];
    (any::<u8>(), prop::collection::vec(frag, 0..40)).prop_map(|(flags, parts)| {
        let mut v = vec![flags];
        v.extend(parts.concat());
        v
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn rule_loader_on_mutated_rule_files(data in mutated_rule_file()) {
        rule_loader(&data);
    }

    #[test]
    fn rule_loader_on_arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..512)) {
        rule_loader(&data);
    }

    #[test]
    fn analyzer_on_generated_articles(data in article_bytes()) {
        analyzer(&data);
    }

    #[test]
    fn analyzer_on_arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        analyzer(&data);
    }
}
