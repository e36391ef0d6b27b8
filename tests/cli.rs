//! Integration tests of the `credence` binary: exit codes, streaming batches with bad lines,
//! CSV, rule overrides, `rules list`, `explain`, `sources` and live reload mid-stream.

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_credence");

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

fn stdout_lines(o: &Output) -> Vec<Value> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh temporary directory for this test.
fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("credence-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn line(id: &str, body: &str) -> String {
    serde_json::json!({ "id": id, "body": body }).to_string() + "\n"
}

const CLEAN: &str = "Council approves budget\n\nThe council approved the budget on Tuesday.";
const TEMPLATE: &str = "Council approves budget\n\nSPRINGFIELD, [Date] – The council approved it.";
const BAD: &str =
    "Minister resigns\n\n[CITY], [Date] – Lorem ipsum dolor sit amet, consectetur adipiscing elit.";

#[test]
fn exit_0_when_everything_scores_and_no_gate_fails() {
    let o = run(
        &["score", "--jsonl", "--format", "json", "--fail-under", "50"],
        line("a", CLEAN).as_bytes(),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout_lines(&o)[0]["verdict"], "pass");
}

#[test]
fn exit_1_when_a_gate_fails() {
    let input = line("a", CLEAN) + &line("b", TEMPLATE);
    let o = run(
        &["score", "--jsonl", "--format", "json", "--fail-under", "60"],
        input.as_bytes(),
    );
    assert_eq!(code(&o), 1);
    let o = run(
        &["score", "--jsonl", "--format", "json", "--fail-on", "review"],
        input.as_bytes(),
    );
    assert_eq!(code(&o), 1);
    // review is not reject
    let o = run(
        &["score", "--jsonl", "--format", "json", "--fail-on", "reject"],
        input.as_bytes(),
    );
    assert_eq!(code(&o), 0, "{:?}", stdout_lines(&o));
    let o = run(
        &["score", "--jsonl", "--format", "json", "--fail-on", "reject"],
        line("c", BAD).as_bytes(),
    );
    assert_eq!(code(&o), 1);
}

#[test]
fn exit_2_for_usage_and_rule_errors() {
    assert_eq!(code(&run(&["score", "--no-such-flag"], b"")), 2);
    assert_eq!(code(&run(&["score", "--jsonl", "--watch-rules"], b"")), 2);
    assert_eq!(code(&run(&["score", "--fail-on", "maybe", "--jsonl"], b"")), 2);
    let dir = temp_dir("exit2");
    std::fs::write(dir.join("bad.toml"), "[[rule]\n").unwrap();
    let o = run(&["score", "--jsonl", "--rules", dir.to_str().unwrap()], b"");
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("bad.toml:1:"), "{}", stderr(&o));
}

#[test]
fn exit_3_when_some_inputs_cannot_be_scored_and_every_line_gets_one_output_line_in_order() {
    // 300 lines, every 7th broken in one of five ways, scored on 2 threads
    let mut input = Vec::new();
    let mut expect = Vec::new();
    for i in 1..=300usize {
        let body = if i % 3 == 0 { TEMPLATE } else { CLEAN };
        let (bytes, kind): (Vec<u8>, Option<&str>) = match i % 35 {
            7 => (b"{not json".to_vec(), Some("json")),
            14 => (
                format!("{{\"id\":\"x{i}\",\"title\":\"t\"}}").into_bytes(),
                Some("missing-body"),
            ),
            21 => (
                format!("{{\"id\":\"x{i}\",\"body\":[1]}}").into_bytes(),
                Some("wrong-type"),
            ),
            28 => (b"{\"id\":\"u\",\"body\":\"caf\xe9\"}".to_vec(), Some("not-utf8")),
            0 => (
                line(&format!("a{i}"), &"word ".repeat(400))
                    .trim_end()
                    .as_bytes()
                    .to_vec(),
                Some("too-large"),
            ),
            _ => (line(&format!("a{i}"), body).trim_end().as_bytes().to_vec(), None),
        };
        input.extend_from_slice(&bytes);
        input.push(b'\n');
        expect.push((i, kind));
    }
    let o = run(
        &[
            "score",
            "--jsonl",
            "--format",
            "json",
            "-j",
            "2",
            "--max-bytes",
            "1000",
        ],
        &input,
    );
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    let out = stdout_lines(&o);
    assert_eq!(out.len(), expect.len());
    for (v, (i, kind)) in out.iter().zip(&expect) {
        match kind {
            Some(k) => {
                assert_eq!(v["line"], *i, "{v}");
                assert_eq!(v["error"]["kind"], *k, "{v}");
            }
            None => assert_eq!(v["id"], format!("a{i}"), "{v}"),
        }
    }
    // the summary is on stderr only
    let err = stderr(&o);
    assert!(err.contains("300 inputs"), "{err}");
    assert!(err.contains("too-large 8"), "{err}");
    assert!(err.contains("slowest:"), "{err}");
    assert!(
        !err.contains('\r'),
        "no progress line when stderr is not a terminal"
    );
}

#[test]
fn csv_has_a_header_and_one_quoted_row_per_input() {
    let input = line("a,1", TEMPLATE) + "oops\n" + &line("b", CLEAN);
    let o = run(&["score", "--jsonl", "--format", "csv", "-q"], input.as_bytes());
    assert_eq!(code(&o), 3);
    assert!(o.stderr.is_empty(), "--quiet: {}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 4, "{text}");
    assert!(rows[0].starts_with("line,id,source,score,verdict"));
    assert!(
        rows[1].starts_with("1,\"a,1\",,45,review,1,\"placeholder/bracket-token -30 \"\"[Date]\"\"\""),
        "{}",
        rows[1]
    );
    assert!(rows[2].starts_with("2,,,,error,"), "{}", rows[2]);
    assert!(rows[3].starts_with("3,b,,75,pass,0,"), "{}", rows[3]);
}

#[test]
fn files_mode_keeps_path_order_and_reports_unreadable_files() {
    let dir = temp_dir("files");
    for (name, text) in [("b.txt", TEMPLATE), ("a.txt", CLEAN)] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    std::fs::write(dir.join("c.txt"), b"T\n\n\xff\xfe").unwrap();
    let o = run(
        &["score", "--format", "json", "-j", "2", dir.to_str().unwrap()],
        b"",
    );
    assert_eq!(code(&o), 3);
    let out = stdout_lines(&o);
    let ids: Vec<String> = out
        .iter()
        .map(|v| v["id"].as_str().unwrap().rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a.txt", "b.txt", "c.txt"]);
    assert_eq!(out[2]["error"]["kind"], "not-utf8");
    // Files are scored together as one batch: no article has a time of its own to call the
    // slowest (it used to say "0.0 ms").
    let err = stderr(&o);
    assert!(err.contains("2 scored"), "{err}");
    assert!(!err.contains("slowest:"), "{err}");
}

fn write_rules(dir: &Path, text: &str) {
    std::fs::write(dir.join("credence.toml"), text).unwrap();
}

#[test]
fn overrides_change_scores_and_rules_list_shows_them() {
    let dir = temp_dir("overrides");
    write_rules(
        &dir,
        "extends = \"default\"\n\n[[override]]\nid = \"placeholder/bracket-token\"\npoints = -5\n\n[[override]]\nid = \"placeholder/lorem-ipsum\"\nenabled = false\n\n[verdict]\npass = 80\nreview = 50\n",
    );
    let d = dir.to_str().unwrap();
    let o = run(
        &["score", "--jsonl", "--format", "json", "--rules", d],
        line("a", TEMPLATE).as_bytes(),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let r = &stdout_lines(&o)[0];
    assert_eq!(r["score"], 70);
    assert_eq!(r["verdict"], "review", "pass threshold moved to 80");

    let o = run(&["rules", "list", d, "--format", "json", "--all"], b"");
    assert_eq!(code(&o), 0);
    let rows = stdout_lines(&o);
    let get = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    let bt = get("placeholder/bracket-token");
    assert_eq!(bt["points"], -5);
    assert_eq!(bt["origin"], "default, overridden");
    assert!(
        bt["overridden"].as_str().unwrap().ends_with("credence.toml:3"),
        "{bt}"
    );
    assert_eq!(get("placeholder/lorem-ipsum")["enabled"], false);
    assert_eq!(get("placeholder/date-mask")["origin"], "default");
    assert!(get("placeholder/date-mask")["defined"]
        .as_str()
        .unwrap()
        .starts_with("rules/placeholder.toml:"));
    // without --all, disabled rules are not listed; the text table names the override
    let o = run(&["rules", "list", d], b"");
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(!text.contains("placeholder/lorem-ipsum"));
    assert!(text.contains("(overridden at "), "{text}");
}

#[test]
fn an_override_of_an_unknown_id_is_a_located_error() {
    let dir = temp_dir("unknown-override");
    write_rules(
        &dir,
        "extends = \"default\"\n\n[[override]]\nid = \"placeholder/brackett-token\"\npoints = -5\n",
    );
    let d = dir.to_str().unwrap();
    for args in [vec!["rules", "check", d], vec!["score", "--jsonl", "--rules", d]] {
        let o = run(&args, b"");
        assert_eq!(code(&o), 2);
        let err = stderr(&o);
        assert!(err.contains("credence.toml:4:6"), "{err}");
        assert!(err.contains("did you mean `placeholder/bracket-token`"), "{err}");
    }
}

#[test]
fn rules_list_defaults() {
    let o = run(&["rules", "list", "--format", "csv"], b"");
    assert_eq!(code(&o), 0);
    let text = String::from_utf8(o.stdout).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with("placeholder/bracket-token,"))
        .unwrap();
    assert!(
        row.contains(",placeholder,-30,major,true,default,rules/placeholder.toml:"),
        "{row}"
    );
}

#[test]
fn explain_says_why_a_rule_did_or_did_not_fire() {
    let dir = temp_dir("explain");
    let file = dir.join("a.txt");
    std::fs::write(
        &file,
        "Title\n\n“We note that [the company] faced it,” he said, on [Date].\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let o = run(&["explain", f, "--rule", "placeholder/bracket-token"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("rule placeholder/bracket-token: fired (-30 points)"),
        "{text}"
    );
    assert!(text.contains("excepted: 3:15 \"[the company]\""), "{text}");
    assert!(text.contains("fired: 3:52 \"[Date]\""), "{text}");

    let o = run(
        &[
            "explain",
            f,
            "--rule",
            "placeholder/date-mask",
            "--format",
            "json",
        ],
        b"",
    );
    let v = &stdout_lines(&o)[0];
    assert_eq!(v["explanation"]["fired"], false);
    assert_eq!(v["explanation"]["reasons"][0]["kind"], "not-matched");
    assert_eq!(v["report"]["findings"][0]["evidence"], "[Date]");

    let rules = temp_dir("explain-rules");
    write_rules(
        &rules,
        "extends = \"default\"\n[[override]]\nid = \"placeholder/bracket-token\"\nenabled = false\n",
    );
    let o = run(
        &[
            "explain",
            f,
            "--rule",
            "placeholder/bracket-token",
            "--rules",
            rules.to_str().unwrap(),
        ],
        b"",
    );
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("disabled: the rule is turned off"), "{text}");

    assert_eq!(code(&run(&["explain", f, "--rule", "nope/nothing"], b"")), 2);
    assert_eq!(code(&run(&["explain", "/no/such/file.txt"], b"")), 3);
}

#[test]
fn sources_profiles_worst_first() {
    let mut input = String::new();
    for i in 0..6 {
        let (src, body) = if i % 2 == 0 {
            ("good.example", CLEAN)
        } else {
            ("bad.example", BAD)
        };
        input += &(serde_json::json!({"id": format!("n{i}"), "body": body, "url": format!("https://www.{src}/x/{i}")}).to_string() + "\n");
    }
    let o = run(&["sources", "--jsonl", "--format", "json"], input.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let p = stdout_lines(&o);
    assert_eq!(p.len(), 2);
    assert_eq!(p[0]["source"], "bad.example");
    assert_eq!(p[0]["articles"], 3);
    assert_eq!(p[0]["reject"], 3);
    assert_eq!(
        p[0]["top_rules"][0]["examples"],
        serde_json::json!(["n1", "n3", "n5"])
    );
    assert_eq!(p[1]["median"], 75);
    // the same from saved reports
    let reports = run(&["score", "--jsonl", "--format", "json"], input.as_bytes());
    let o = run(
        &["sources", "--from-reports", "--format", "json"],
        &reports.stdout,
    );
    assert_eq!(stdout_lines(&o), p);
}

/// Reads lines from a child's pipe on a thread, so the test can wait with a timeout.
fn line_reader(r: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(r).lines() {
            let Ok(l) = l else { break };
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

fn next_line(rx: &mpsc::Receiver<String>, what: &str) -> String {
    rx.recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
}

fn wait_for(rx: &mpsc::Receiver<String>, needle: &str) -> String {
    loop {
        let l = next_line(rx, needle);
        if l.contains(needle) {
            return l;
        }
    }
}

#[test]
fn reload_mid_stream_scores_lines_before_with_the_old_rules_and_after_with_the_new() {
    let dir = temp_dir("reload");
    write_rules(&dir, "extends = \"default\"\n");
    let mut child = Command::new(BIN)
        .args([
            "score",
            "--jsonl",
            "--format",
            "json",
            "-j",
            "2",
            "--watch-rules",
            "--watch-interval",
            "20",
        ])
        .args(["--rules", dir.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let out = line_reader(child.stdout.take().unwrap());
    let err = line_reader(child.stderr.take().unwrap());
    let mut send = move |ids: std::ops::Range<usize>| {
        for i in ids {
            stdin
                .write_all(line(&format!("n{i}"), TEMPLATE).as_bytes())
                .unwrap();
        }
        stdin.flush().unwrap();
    };
    let mut got: Vec<Value> = Vec::new();
    let take = |n: usize, got: &mut Vec<Value>| {
        for _ in 0..n {
            got.push(serde_json::from_str(&next_line(&out, "a report")).unwrap());
        }
    };

    send(0..3);
    take(3, &mut got);
    write_rules(
        &dir,
        "extends = \"default\"\n[[override]]\nid = \"placeholder/bracket-token\"\npoints = -2\n",
    );
    wait_for(&err, "rules reloaded");
    send(3..6);
    take(3, &mut got);
    // a broken edit is refused and the last good rules stay
    write_rules(
        &dir,
        "extends = \"default\"\n[[override]]\nid = \"placeholder/nope\"\n",
    );
    let refused = wait_for(&err, "not reloaded");
    send(6..8);
    take(2, &mut got);
    drop(send);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(
        out.recv_timeout(Duration::from_secs(5)).is_err(),
        "no extra output"
    );

    let ids: Vec<&str> = got.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7"]);
    let versions: Vec<&str> = got.iter().map(|v| v["rules_version"].as_str().unwrap()).collect();
    let scores: Vec<i64> = got.iter().map(|v| v["score"].as_i64().unwrap()).collect();
    assert!(versions[..3].iter().all(|v| *v == versions[0]));
    assert!(versions[3..].iter().all(|v| *v == versions[3]));
    assert_ne!(versions[0], versions[3]);
    assert!(refused.contains(versions[3]), "{refused}");
    assert_eq!(scores, [45, 45, 45, 73, 73, 73, 73, 73]);
}
