//! `credence score` given several files scores them as one batch: each report names the
//! story it was grouped into, and the fact checks show in the JSON output.

use std::process::Command;

fn score(args: &[&str]) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_credence"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["score", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn several_files_are_one_batch_grouped_into_the_fact_file_story() {
    let reports = score(&["seeds"]);
    assert_eq!(reports.len(), 5);
    for r in &reports {
        assert_eq!(r["story"]["id"], "putin-pyongyang-2024", "{r}");
        assert_eq!(r["story"]["by"], "fact-file");
        assert_eq!(r["story"]["others"], 4);
    }
    let r004 = &reports[4];
    assert!(r004["id"].as_str().unwrap().ends_with("004_c4ed1bb31c85fc90.txt"));
    let rules: Vec<&str> = r004["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"consensus-contradiction/fact-file"), "{rules:?}");
    assert!(rules.contains(&"self-contradiction/slot"), "{rules:?}");
}

#[test]
fn one_file_is_a_batch_of_one() {
    let reports = score(&["seeds/000_80c840646ea3c5ae.txt"]);
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["story"]["others"], 0);
}
