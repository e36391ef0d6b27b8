//! docs/cli.md against the binary: every command and every long option `credence … --help`
//! prints is documented, every exit code is; `credence completions SHELL` and `credence man`
//! are generated from the same definition; JSON output lines validate against
//! docs/schema/report.schema.json.

mod common;

use common::schema::{check, load_schema};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_credence");

fn stdout_of(args: &[&str]) -> String {
    let out = Command::new(BIN).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "credence {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The subcommand names listed under `Commands:` in a help text, without `help`.
fn commands_in(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

/// The long options (`--jsonl`) of a help text, without `--help` and `--version`.
fn long_options_in(help: &str) -> BTreeSet<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Options:"))
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l
                .strip_prefix("-")
                .and_then(|r| r.split_once(", ").map(|(_, rest)| rest))
                .unwrap_or(l);
            let opt = l.strip_prefix("--")?;
            let name: String = opt
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            Some(format!("--{name}"))
        })
        .filter(|o| o != "--help" && o != "--version")
        .collect()
}

/// Every command path (`["score"]`, `["rules", "list"]`) with its help text.
fn all_commands() -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    let mut todo = vec![vec![]];
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = stdout_of(&args);
        for c in commands_in(&help) {
            let mut p = path.clone();
            p.push(c);
            todo.push(p);
        }
        out.push((path, help));
    }
    out
}

fn cli_md() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/cli.md")).unwrap()
}

/// `needle` stands in `text` not as part of a longer option or word (`--rules` is not found in
/// `--rules-dir`).
fn mentions(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(i, _)| {
        let after = text[i + needle.len()..].chars().next();
        !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}

#[test]
fn every_command_and_long_option_is_in_docs_cli_md() {
    let doc = cli_md();
    let commands = all_commands();
    let names: Vec<String> = commands.iter().map(|(p, _)| p.join(" ")).collect();
    for c in [
        "score",
        "sources",
        "explain",
        "rules",
        "rules check",
        "rules test",
        "rules list",
        "completions",
        "man",
    ] {
        assert!(
            names.iter().any(|n| n == c),
            "{c} not found in the help texts: {names:?}"
        );
    }
    let mut missing = Vec::new();
    for (path, help) in &commands {
        if path.is_empty() {
            continue;
        }
        let name = path.join(" ");
        if !mentions(&doc, &format!("credence {name}")) {
            missing.push(format!("command `credence {name}`"));
        }
        for opt in long_options_in(help) {
            if !mentions(&doc, &opt) {
                missing.push(format!("option `{opt}` of `credence {name}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/cli.md does not document:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_option_parser_of_this_test_finds_options() {
    let help = stdout_of(&["score", "--help"]);
    let opts = long_options_in(&help);
    for o in ["--jsonl", "--rules", "--jobs", "--format", "--fail-under"] {
        assert!(opts.contains(o), "{o} not in {opts:?}");
    }
    assert!(!mentions("use --rules-dir", "--rules"));
    assert!(mentions("use --rules DIR", "--rules"));
}

#[test]
fn every_exit_code_is_documented_in_cli_md_and_the_man_page() {
    let doc = cli_md();
    let man = stdout_of(&["man"]);
    for code in 0..=3 {
        assert!(
            doc.contains(&format!("| {code} |")),
            "exit code {code} missing from docs/cli.md"
        );
        assert!(
            man.contains(&format!("\\fB{code}\\fR")),
            "exit code {code} missing from the man page"
        );
    }
    // usage errors really exit 2, as documented
    let out = Command::new(BIN)
        .args(["completions", "no-such-shell"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn completions_are_generated_for_every_shell_and_know_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {} bytes", script.len());
        for word in [
            "score",
            "sources",
            "explain",
            "rules",
            "completions",
            "man",
            "fail-under",
            "watch-rules",
        ] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    let bash = stdout_of(&["completions", "bash"]);
    assert!(
        bash.contains("complete -F _credence"),
        "not a bash completion script"
    );
}

#[test]
fn the_man_page_has_every_command_and_option() {
    let man = stdout_of(&["man"]);
    assert!(
        man.contains("\n.TH credence 1 "),
        "not a man page: {}",
        &man[..man.len().min(200)]
    );
    for (path, help) in all_commands() {
        if path.is_empty() {
            continue;
        }
        let section = format!(".SH \"CREDENCE {}\"", path.join(" ").to_uppercase());
        let at = man
            .find(&section)
            .unwrap_or_else(|| panic!("man page lacks {section}"));
        let rest = &man[at + section.len()..];
        let body = &rest[..rest.find("\n.SH ").unwrap_or(rest.len())];
        for opt in long_options_in(&help) {
            // roff escapes dashes: --fail-under is written \-\-fail\-under
            let roff = opt.replace('-', "\\-");
            assert!(body.contains(&roff), "{section} lacks {opt}");
        }
    }
}

#[test]
fn json_output_lines_validate_against_the_report_schema() {
    let schema = load_schema("report.schema.json");
    let input = concat!(
        r#"{"id":"ok","title":"You Won't Believe This!!","body":"Moscow, [Date] – Reports suggest a treaty.\n\nLeave a Reply\nLeave a Reply\nLeave a Reply\n","byline":"By Jane Doe","url":"https://www.example.com/a"}"#,
        "\n",
        r#"{"id":"no-body"}"#,
        "\n",
        "not json\n",
        r#"{"body":"A plain body with no id."}"#,
        "\n",
    );
    let mut child = Command::new(BIN)
        .args(["score", "--jsonl", "--format", "json", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(3), "inputs failed: exit 3");
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    for l in &lines {
        let errors = check(&schema, l);
        assert!(errors.is_empty(), "{l}\n{}", errors.join("\n"));
    }
    assert_eq!(lines[1]["error"]["kind"], "missing-body");
    assert_eq!(lines[2]["error"]["kind"], "json");
    assert!(lines[0]["findings"].as_array().unwrap().len() > 2);
    // an error record is not a report and a report is not an error record
    let defs = &schema["definitions"];
    let as_def = |d: &str, v: &Value| {
        let mut s = defs[d].clone();
        s["definitions"] = defs.clone();
        check(&s, v).is_empty()
    };
    assert!(as_def("report", &lines[0]) && !as_def("error_record", &lines[0]));
    assert!(as_def("error_record", &lines[1]) && !as_def("report", &lines[1]));
}

#[test]
fn batch_json_output_lines_carry_a_story_and_validate_against_the_report_schema() {
    let schema = load_schema("report.schema.json");
    let body = "The Senate passed the budget on June 18, 2024, by 52 votes to 48.";
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "a", "body": body, "story": "budget"}),
        serde_json::json!({"id": "b", "body": body, "story": "budget"}),
    );
    let mut child = Command::new(BIN)
        .args(["score", "--jsonl", "--consensus", "--format", "json", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", String::from_utf8_lossy(&out.stderr));
    for l in &lines {
        let errors = check(&schema, l);
        assert!(errors.is_empty(), "{l}\n{}", errors.join("\n"));
        assert_eq!(
            l["story"],
            serde_json::json!({"id": "budget", "by": "explicit", "others": 1})
        );
    }
}

#[test]
fn every_option_in_docs_cli_md_exists() {
    let doc = cli_md();
    let mut known: BTreeSet<String> = all_commands()
        .iter()
        .flat_map(|(_, h)| long_options_in(h))
        .collect();
    known.extend(["--help".to_string(), "--version".to_string()]);
    let mut stale = BTreeSet::new();
    for (i, _) in doc.match_indices("--") {
        let before = doc[..i].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-') {
            continue;
        }
        let name: String = doc[i + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if name.starts_with(|c: char| c.is_ascii_lowercase()) {
            let opt = format!("--{name}");
            if !known.contains(&opt) {
                stale.insert(opt);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "docs/cli.md documents options no command has: {stale:?}"
    );
}

#[test]
fn credence_command_lines_in_every_doc_use_real_options() {
    let commands = all_commands();
    let options_of = |path: &[&str]| -> Option<BTreeSet<String>> {
        commands
            .iter()
            .find(|(p, _)| p.iter().map(String::as_str).eq(path.iter().copied()))
            .map(|(_, h)| long_options_in(h))
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    for e in std::fs::read_dir(root.join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            files.push(p);
        }
    }
    let mut checked = 0;
    let mut wrong = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            for (i, _) in line.match_indices("credence ") {
                // the words of one command: up to a pipe, redirection, end of code span…
                let rest = &line[i + "credence ".len()..];
                let end = rest
                    .find(['|', '>', '<', '`', ';', '&', ')'])
                    .unwrap_or(rest.len());
                let words: Vec<&str> = rest[..end].split_whitespace().collect();
                let mut path: Vec<&str> = Vec::new();
                for w in &words {
                    let mut longer = path.clone();
                    longer.push(w);
                    if options_of(&longer).is_some() {
                        path = longer;
                    } else {
                        break;
                    }
                }
                if path.is_empty() {
                    continue; // prose: "credence scores…"
                }
                let known = options_of(&path).unwrap();
                checked += 1;
                for w in &words {
                    let Some(opt) = w.strip_prefix("--") else { continue };
                    let opt: String = opt
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                        .collect();
                    let opt = format!("--{opt}");
                    if opt != "--help" && !known.contains(&opt) {
                        wrong.push(format!(
                            "{}:{}: `credence {}` has no {opt}",
                            f.display(),
                            n + 1,
                            path.join(" ")
                        ));
                    }
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} command lines found");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
