//! Snapshot tests of the diagnostics for broken rule files: each `tests/bad_rules/NAME.toml`
//! renders exactly as `tests/bad_rules/NAME.expected`, names the file, line and column, and
//! quotes the line. `UPDATE_SNAPSHOTS=1 cargo test --test bad_rules` rewrites the snapshots.
//! See `tests/bad_rules/README.md` for how each file is loaded.

use credence::{render_example_failures, render_load_error, Engine, Limits, RuleSource};
use std::path::Path;

fn scoring() -> RuleSource {
    RuleSource::new("<scoring>", "[scoring]\nstart = 75\npass = 60\nreview = 35\n")
}

/// Loads one broken file the way its name says and renders the result.
fn render(name: &str, text: String) -> String {
    let origin = format!("tests/bad_rules/{name}");
    let file = RuleSource::new(origin, text);
    let sources = if name.starts_with("scoring-") && name != "scoring-duplicate.toml" {
        vec![file]
    } else {
        vec![scoring(), file]
    };
    let limits = if name.starts_with("limit-") {
        Limits::default().max_rule_file_bytes(200)
    } else {
        Limits::default()
    };
    match Engine::from_sources_with_limits(sources.clone(), limits) {
        Err(e) => {
            assert!(!name.starts_with("examples-"), "{name} should load:\n{e}");
            render_load_error(&e, &sources)
        }
        Ok(engine) => {
            assert!(name.starts_with("examples-"), "{name} loaded without an error");
            let failures = engine.check_examples();
            assert!(!failures.is_empty(), "{name}: every example passed");
            render_example_failures(&failures, &sources)
        }
    }
}

#[test]
fn every_broken_rule_file_renders_its_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_rules");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "only {} broken rule files", names.len());
    let mut mismatched = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let got = render(name, text.clone());
        check_located(name, &text, &got);
        let snap = dir.join(name.replace(".toml", ".expected"));
        if update {
            std::fs::write(&snap, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&snap).unwrap_or_else(|_| {
            panic!(
                "{} is missing; run with UPDATE_SNAPSHOTS=1 to write it",
                snap.display()
            )
        });
        if got != want {
            mismatched.push(format!("--- {name}: expected\n{want}--- got\n{got}"));
        }
    }
    let stale: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".expected") && !names.contains(&n.replace(".expected", ".toml")))
        .collect();
    assert!(stale.is_empty(), "snapshots without a rule file: {stale:?}");
    assert!(
        mismatched.is_empty(),
        "{} snapshots differ (UPDATE_SNAPSHOTS=1 rewrites them):\n{}",
        mismatched.len(),
        mismatched.join("\n")
    );
}

/// Every diagnostic of a broken file points into it with `file:line:column` and quotes that
/// line of the file (the missing-scoring error points at the file's start without a quote).
fn check_located(name: &str, text: &str, rendered: &str) {
    let origin = format!("tests/bad_rules/{name}");
    let lines: Vec<&str> = rendered.lines().collect();
    let arrows: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("  --> "))
        .collect();
    assert!(!arrows.is_empty(), "{name}: no location in\n{rendered}");
    for i in arrows {
        let loc = &lines[i]["  --> ".len()..];
        let (file, rest) = loc.split_once(':').unwrap();
        assert_eq!(file, origin, "{name}: {rendered}");
        let (line, column) = rest.split_once(':').unwrap();
        let (line, column): (usize, usize) = (line.parse().unwrap(), column.parse().unwrap());
        assert!(line >= 1 && column >= 1);
        if rendered.contains("no `[scoring]` table") {
            assert_eq!((line, column), (1, 1));
            continue;
        }
        let quoted = lines[i + 2];
        let expected_prefix = format!("{line} | ");
        assert!(quoted.starts_with(&expected_prefix), "{name}: {quoted}");
        let source_line = text.lines().nth(line - 1).unwrap_or("").trim_end_matches('\r');
        let shown = &quoted[expected_prefix.len()..];
        assert!(
            shown.trim_end_matches('…').trim() == source_line.trim() || shown.len() < source_line.len(),
            "{name}: quoted {shown:?}, line {line} is {source_line:?}"
        );
        let caret = lines[i + 3];
        assert!(caret.ends_with('^'), "{name}: {caret}");
    }
}
