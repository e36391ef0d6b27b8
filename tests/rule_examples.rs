//! Every example in every shipped rule file behaves as written, one test per file, and the
//! embedded rule set is exactly the files in `rules/`.

use credence::{Engine, RuleSource, EMBEDDED};

fn failures_in(file: &str) -> Vec<String> {
    let engine = Engine::default();
    let examples: usize = engine
        .rules()
        .iter()
        .filter(|r| r.location().origin == file)
        .map(|r| r.examples().len())
        .sum();
    let failures: Vec<String> = engine
        .check_examples()
        .into_iter()
        .filter(|f| f.location.origin == file)
        .map(|f| f.to_string())
        .collect();
    let rules = engine
        .rules()
        .iter()
        .filter(|r| r.location().origin == file)
        .count();
    assert!(
        rules == 0 || examples >= rules,
        "{file}: {examples} examples for {rules} rules; give each rule examples"
    );
    failures
}

macro_rules! rule_file_tests {
    ($($name:ident => $file:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            let f = failures_in($file);
            assert!(f.is_empty(), "{}", f.join("\n"));
        }
    )*};
}

rule_file_tests! {
    placeholder_examples => "rules/placeholder.toml",
    boilerplate_examples => "rules/boilerplate.toml",
    title_examples => "rules/title.toml",
    sourcing_examples => "rules/sourcing.toml",
    opinion_examples => "rules/opinion.toml",
    credits_examples => "rules/credits.toml",
    attribution_examples => "rules/attribution.toml",
    fact_slot_examples => "rules/facts/slots.toml",
    fact_putin_pyongyang_examples => "rules/facts/putin-pyongyang-2024.toml",
}

#[test]
fn every_example_of_the_default_rules_passes() {
    let f: Vec<String> = Engine::default()
        .check_examples()
        .iter()
        .map(|f| f.to_string())
        .collect();
    assert!(f.is_empty(), "{}", f.join("\n"));
}

#[test]
fn embedded_rules_are_the_files_in_rules_dir() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
    let on_disk = RuleSource::read_dir(dir).unwrap();
    let mut disk: Vec<(String, String)> = on_disk
        .into_iter()
        .map(|s| {
            let rel = s.origin.split("/rules/").last().unwrap().to_string();
            (format!("rules/{rel}"), s.text)
        })
        .collect();
    disk.sort();
    let mut embedded: Vec<(String, String)> = EMBEDDED
        .iter()
        .map(|(o, t)| (o.to_string(), t.to_string()))
        .collect();
    embedded.sort();
    assert_eq!(
        disk.iter().map(|d| &d.0).collect::<Vec<_>>(),
        embedded.iter().map(|d| &d.0).collect::<Vec<_>>(),
        "add new rule files to EMBEDDED in src/ruleset/mod.rs"
    );
    assert_eq!(disk, embedded);
}

#[test]
fn from_dir_equals_embedded_default() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
    let from_dir = Engine::from_dir(dir).unwrap();
    assert_eq!(from_dir.rules().len(), Engine::default().rules().len());
}
