//! The documentation and the JSON Schemas cannot go stale: every key the rule-file parser
//! accepts is listed in `docs/*.md` and in `docs/schema/rules.schema.json` (and nothing else is),
//! every rule file points at the schema and validates against it, and real reports validate
//! against `docs/schema/report.schema.json`.
//!
//! The accepted keys come from the code itself: every table of the schema is parsed with
//! `deny_unknown_fields`, so a rule file with an unknown key `__probe` in a table fails with
//! "unknown field `__probe`, expected one of `a`, `b`…". The tables are discovered the same way,
//! starting from the top level and trying each key as a table and as an array of tables, so a
//! new table (or key) in `src/ruleset/file.rs` or the modules it uses is found without editing
//! this test.

mod common;

use common::schema::{check, lint, load_schema, resolve};
use credence::{Article, Engine, RuleSource};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const PROBE: &str = "__probe";

/// One table of the rule-file schema: the keys from the top level down, each with whether it is
/// an array of tables (`[[rule]]`) or a table (`[rule.examples]`).
#[derive(Debug, Clone)]
struct Table {
    path: Vec<(String, bool)>,
    keys: BTreeSet<String>,
}

impl Table {
    /// The TOML header of the table: `[[rule]]`, `[rule.examples]`; `top level` for the root.
    fn header(&self) -> String {
        match self.path.last() {
            None => "top level".into(),
            Some((_, array)) => {
                let dotted: Vec<&str> = self.path.iter().map(|(k, _)| k.as_str()).collect();
                if *array {
                    format!("[[{}]]", dotted.join("."))
                } else {
                    format!("[{}]", dotted.join("."))
                }
            }
        }
    }
}

/// A rule file (inline TOML) with `__probe = 1` inside the table at `path`.
fn probe_source(path: &[(String, bool)]) -> String {
    let mut inner = format!("{{ {PROBE} = 1 }}");
    for (i, (key, array)) in path.iter().enumerate().rev() {
        let value = if *array { format!("[{inner}]") } else { inner };
        inner = if i == 0 {
            format!("{key} = {value}")
        } else {
            format!("{{ {key} = {value} }}")
        };
    }
    if path.is_empty() {
        format!("{PROBE} = 1")
    } else {
        inner
    }
}

/// The keys the table at `path` accepts, or `None` when the value there is not a table with a
/// fixed set of keys (a string, a list, a map of any keys…).
fn accepted_keys(path: &[(String, bool)]) -> Option<BTreeSet<String>> {
    let src = probe_source(path);
    let err = match Engine::from_sources([RuleSource::new("probe.toml", src.as_str())]) {
        Ok(_) => return None,
        Err(e) => e.to_string(),
    };
    // Only an unknown-key error names the probe; what follows it on its line lists the
    // accepted keys, each in backticks (whatever the exact wording around them).
    let marker = format!("`{PROBE}`");
    let at = err.find(&marker)?;
    let rest = &err[at + marker.len()..];
    let rest = rest.lines().next().unwrap_or("");
    // serde: "expected one of `a`, `b`", "expected `a` or `b`", "expected `a`", "there are no fields"
    Some(rest.split('`').skip(1).step_by(2).map(str::to_string).collect())
}

/// Every table of the rule-file schema, from the top level down.
fn schema_tables() -> Vec<Table> {
    let root = accepted_keys(&[]).expect("the top level of a rule file has a fixed set of keys");
    let mut out = vec![Table {
        path: vec![],
        keys: root,
    }];
    let mut i = 0;
    while i < out.len() {
        let table = out[i].clone();
        for key in &table.keys {
            for array in [false, true] {
                let mut path = table.path.clone();
                path.push((key.clone(), array));
                if let Some(keys) = accepted_keys(&path) {
                    out.push(Table { path, keys });
                    break;
                }
            }
        }
        i += 1;
    }
    out
}

#[test]
fn discovery_finds_the_tables_known_today() {
    // Guards the probe itself: if serde's message changed, discovery would find nothing.
    let tables = schema_tables();
    let headers: BTreeSet<String> = tables.iter().map(Table::header).collect();
    for h in [
        "top level",
        "[[rule]]",
        "[rule.examples]",
        "[rule.followed_by_list]",
        "[scoring]",
        "[[override]]",
        "[verdict]",
        "[attribution]",
    ] {
        assert!(headers.contains(h), "{h} not discovered; found {headers:?}");
    }
    let rule = tables.iter().find(|t| t.header() == "[[rule]]").unwrap();
    for k in [
        "id", "category", "points", "message", "phrases", "regex", "examples",
    ] {
        assert!(rule.keys.contains(k), "{k} missing from {:?}", rule.keys);
    }
}

// ---------------------------------------------------------------------------------------------
// docs/*.md

fn docs() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    out.sort();
    out
}

/// A markdown section: its heading and the first cells of its table rows that are a single
/// code span (`` `key` ``, `` `[rule.examples]` ``), normalised to the key they document.
struct Section {
    file: String,
    heading: String,
    keys: BTreeSet<String>,
}

fn key_of_cell(cell: &str) -> Option<String> {
    let cell = cell.trim();
    let inner = cell.strip_prefix('`')?.strip_suffix('`')?;
    if inner.contains('`') {
        return None;
    }
    let inner = inner.trim_start_matches('[').trim_end_matches(']');
    Some(inner.rsplit('.').next().unwrap_or(inner).to_string())
}

fn sections() -> Vec<Section> {
    let mut out = Vec::new();
    for (path, text) in docs() {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut fence = false;
        for line in text.lines() {
            if line.starts_with("```") {
                fence = !fence;
                continue;
            }
            if fence {
                continue;
            }
            if line.starts_with('#') {
                out.push(Section {
                    file: file.clone(),
                    heading: line.trim_start_matches('#').trim().to_string(),
                    keys: BTreeSet::new(),
                });
            } else if let (Some(rest), Some(s)) = (line.strip_prefix('|'), out.last_mut()) {
                if s.file == file {
                    if let Some(k) = rest.split('|').next().and_then(key_of_cell) {
                        s.keys.insert(k);
                    }
                }
            }
        }
    }
    out
}

/// The sections that document a table: a heading holding its header as code (`` `[[rule]]` ``),
/// or "Top-level keys" for the root.
fn sections_of<'a>(table: &Table, all: &'a [Section]) -> Vec<&'a Section> {
    let code = format!("`{}`", table.header());
    all.iter()
        .filter(|s| {
            if table.path.is_empty() {
                s.file == "rules.md" && s.heading.eq_ignore_ascii_case("top-level keys")
            } else {
                s.heading.contains(&code)
            }
        })
        .collect()
}

#[test]
fn every_rule_file_key_is_documented_and_every_documented_key_exists() {
    let all = sections();
    let mut problems = Vec::new();
    for table in schema_tables() {
        let found = sections_of(&table, &all);
        if found.is_empty() {
            // No section of its own: each key must at least be the first cell of a table row
            // somewhere in docs/. Better: a heading with the header in backticks, and a table.
            let everywhere: BTreeSet<&String> = all.iter().flat_map(|s| &s.keys).collect();
            for k in &table.keys {
                if !everywhere.contains(k) {
                    problems.push(format!(
                        "{}: key `{k}` is not documented (give the table a docs section headed `{}` with one table row per key)",
                        table.header(),
                        table.header()
                    ));
                }
            }
            continue;
        }
        let documented: BTreeSet<String> = found.iter().flat_map(|s| s.keys.iter().cloned()).collect();
        let where_ = found
            .iter()
            .map(|s| format!("{} \"{}\"", s.file, s.heading))
            .collect::<Vec<_>>()
            .join(", ");
        for k in table.keys.difference(&documented) {
            problems.push(format!(
                "{}: key `{k}` is accepted by the parser but not documented in {where_}",
                table.header()
            ));
        }
        for k in documented.difference(&table.keys) {
            problems.push(format!(
                "{}: key `{k}` is documented in {where_} but the parser rejects it",
                table.header()
            ));
        }
    }
    assert!(problems.is_empty(), "docs are stale:\n{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// docs/schema/rules.schema.json

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The object schema of the table at `path` in the rules schema.
fn schema_object<'a>(root: &'a Value, path: &[(String, bool)]) -> Result<&'a Value, String> {
    let mut at = resolve(root, root);
    for (key, array) in path {
        let props = at
            .get("properties")
            .ok_or_else(|| format!("no `properties` on the way to `{key}`"))?;
        let mut v = resolve(
            root,
            props.get(key).ok_or_else(|| format!("no property `{key}`"))?,
        );
        if *array {
            v = resolve(
                root,
                v.get("items")
                    .ok_or_else(|| format!("`{key}` is not an array of tables"))?,
            );
        }
        at = v;
    }
    Ok(at)
}

#[test]
fn rules_schema_lists_exactly_the_keys_the_parser_accepts() {
    let schema = load_schema("rules.schema.json");
    let mut problems = Vec::new();
    for table in schema_tables() {
        let obj = match schema_object(&schema, &table.path) {
            Ok(o) => o,
            Err(e) => {
                problems.push(format!("{}: {e}", table.header()));
                continue;
            }
        };
        if obj.get("additionalProperties") != Some(&Value::Bool(false)) {
            problems.push(format!(
                "{}: the schema must set additionalProperties: false",
                table.header()
            ));
        }
        let keys: BTreeSet<String> = obj
            .get("properties")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for k in table.keys.difference(&keys) {
            problems.push(format!(
                "{}: key `{k}` is accepted by the parser but missing from the schema",
                table.header()
            ));
        }
        for k in keys.difference(&table.keys) {
            problems.push(format!(
                "{}: key `{k}` is in the schema but the parser rejects it",
                table.header()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/schema/rules.schema.json is stale:\n{}",
        problems.join("\n")
    );
}

fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rule_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

#[test]
fn every_rule_file_points_at_the_schema_and_validates_against_it() {
    let schema = load_schema("rules.schema.json");
    let rules = repo().join("rules");
    let mut files = Vec::new();
    rule_files(&rules, &mut files);
    assert!(files.len() >= 5, "{files:?}");
    let mut problems = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let depth = f.strip_prefix(&rules).unwrap().components().count();
        let want = format!("#:schema {}docs/schema/rules.schema.json", "../".repeat(depth));
        if text.lines().next() != Some(want.as_str()) {
            problems.push(format!("{}: the first line must be `{want}`", f.display()));
        }
        // the comment must lead to the schema from the file's own directory
        let rel = want.trim_start_matches("#:schema ");
        if !f.parent().unwrap().join(rel).is_file() {
            problems.push(format!("{}: `{rel}` does not exist", f.display()));
        }
        let value: Value = toml::from_str(&text).unwrap();
        for e in check(&schema, &value) {
            problems.push(format!("{}: {e}", f.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn rules_schema_rejects_what_the_parser_rejects() {
    let schema = load_schema("rules.schema.json");
    let cases = [
        "[[rule]]\nid = \"placeholder/x\"\ncategory = \"placeholder\"\npoints = -1\nmessage = \"m\"\nregex = 'x'\nphrasez = []\n",
        "[[rule]]\nid = \"placeholder/x\"\ncategory = \"no-such-category\"\npoints = -1\nmessage = \"m\"\nregex = 'x'\n",
        "[[rule]]\nid = \"placeholder/x\"\ncategory = \"placeholder\"\npoints = \"-1\"\nmessage = \"m\"\nregex = 'x'\n",
        "[[rule]]\ncategory = \"placeholder\"\npoints = -1\nmessage = \"m\"\nregex = 'x'\n",
        "[scoring]\nstart = 75\npass = 60\n",
        "[[override]]\nid = \"placeholder/x\"\nsevrity = \"minor\"\n",
        "[[rule]]\nid = \"input/x\"\ncategory = \"input\"\npoints = -1\nmessage = \"m\"\nregex = 'x'\n",
        "[[rule]]\nid = \"placeholder/x\"\ncategory = \"placeholder\"\npoints = -1\nmessage = \"m\"\nanalyzer = \"gossip\"\n",
        "[[slot]]\nid = \"s\"\nkind = \"planet\"\nlabel = \"l\"\npatterns = [\"in {value}\"]\n",
        "[[story]]\nid = \"Bad Id\"\ntitle = \"t\"\nmentions = [[\"a\"]]\n",
        "[[story]]\nid = \"s\"\ntitle = \"t\"\nmentions = [[\"a\"]]\npublished_from = \"June 2024\"\n",
        "[[story]]\nid = \"s\"\ntitle = \"t\"\nmentions = [[\"a\"]]\n[[story.fact]]\nid = \"f\"\nstatement = \"x\"\nsources = []\ncontradicted_by = [\"a b\"]\n",
        "[consensus]\nmin_articles = 1\n",
        "[consensus]\nmin_share = 1.5\n",
    ];
    for src in cases {
        assert!(
            Engine::from_sources([RuleSource::new("t.toml", src)]).is_err(),
            "{src}"
        );
        let value: Value = toml::from_str(src).unwrap();
        assert!(!check(&schema, &value).is_empty(), "the schema accepts:\n{src}");
    }
}

// ---------------------------------------------------------------------------------------------
// docs/schema/report.schema.json

/// Reports covering every field kind, with and without `id`, `source` and `note`.
fn sample_reports() -> Vec<Value> {
    let engine = Engine::default();
    let wire = "Senate passes budget\n\nWASHINGTON (Reuters) — The Senate passed the budget on June 18, 2024, by 52 votes to 48.\n\"It is a good day,\" said John Smith, the majority leader.\n";
    let chrome = "Putin visits Pyongyang\n\nMoscow, [Date] – Reports suggest a treaty.\n\nLeave a Reply\nLeave a Reply\nLeave a Reply\nLeave a Reply\nPost Comment\nPost Comment\nPost Comment\n";
    let articles = [
        Article::from_plain_text(wire),
        Article::from_plain_text(chrome),
        Article::new("The body. Reports suggest a treaty was signed.")
            .with_title("You Won't Believe What Happened Next!!")
            .with_byline("By Jane Doe")
            .with_id("a-1")
            .with_source("example.com"),
        Article::from_plain_text(""),
    ];
    let mut out: Vec<Value> = articles
        .iter()
        .map(|a| serde_json::to_value(engine.score(a)).unwrap())
        .collect();
    // A batch: reports carry `story` (grouped explicitly, and by the default Putin fact file).
    let batch = [
        Article::from_plain_text(wire).with_story("budget"),
        Article::from_plain_text(wire).with_story("budget"),
        Article::from_plain_text(
            "Putin visits Pyongyang\n\nVladimir Putin arrived in Pyongyang to meet Kim Jong Un.\n",
        ),
    ];
    let reports = engine.score_batch(&batch);
    let by: BTreeSet<&str> = reports
        .iter()
        .map(|r| r.story.as_ref().expect("a batch report has a story").by.as_str())
        .collect();
    assert_eq!(by, BTreeSet::from(["explicit", "fact-file"]));
    out.extend(reports.iter().map(|r| serde_json::to_value(r).unwrap()));
    out
}

#[test]
fn reports_validate_against_the_report_schema_and_use_every_key_of_it() {
    let schema = load_schema("report.schema.json");
    let reports = sample_reports();
    let mut fields = BTreeSet::new();
    let mut seen_report: BTreeSet<String> = BTreeSet::new();
    let mut seen_finding: BTreeSet<String> = BTreeSet::new();
    for r in &reports {
        let errors = check(&schema, r);
        assert!(errors.is_empty(), "{r}\n{}", errors.join("\n"));
        seen_report.extend(r.as_object().unwrap().keys().cloned());
        for f in r["findings"].as_array().unwrap() {
            seen_finding.extend(f.as_object().unwrap().keys().cloned());
            fields.insert(f["field"].as_str().unwrap().to_string());
        }
    }
    // the samples exercise what they claim to
    assert_eq!(
        fields,
        BTreeSet::from(["title".into(), "body".into(), "byline".into()])
    );
    for k in ["id", "source"] {
        assert!(seen_report.contains(k), "no sample report has `{k}`");
        assert!(
            reports.iter().any(|r| r.get(k).is_none()),
            "every sample report has `{k}`"
        );
    }
    assert!(seen_finding.contains("note"), "no sample finding has a note");
    // every key of the schema is one a report can carry: none is left from an older format
    let defs = &schema["definitions"];
    let keys = |d: &str| -> BTreeSet<String> {
        defs[d]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(
        keys("report"),
        seen_report,
        "report keys in the schema vs serialized"
    );
    assert_eq!(
        keys("finding"),
        seen_finding,
        "finding keys in the schema vs serialized"
    );
}

/// A change that breaks a report.
type Edit = fn(&mut Value);

#[test]
fn report_schema_rejects_broken_reports() {
    let schema = load_schema("report.schema.json");
    let good = sample_reports().remove(1);
    assert!(check(&schema, &good).is_empty());
    let edits: [(&str, Edit); 8] = [
        ("missing score", |r| {
            drop(r.as_object_mut().unwrap().remove("score"))
        }),
        ("unknown key", |r| r["extra"] = Value::Bool(true)),
        ("bad verdict", |r| r["verdict"] = "maybe".into()),
        ("bad category", |r| r["findings"][0]["category"] = "gossip".into()),
        ("string points", |r| r["findings"][0]["points"] = "-3".into()),
        ("missing evidence", |r| {
            drop(r["findings"][0].as_object_mut().unwrap().remove("evidence"))
        }),
        ("bad story grouping", |r| {
            r["story"] = serde_json::json!({"id": "x", "by": "guess", "others": 0})
        }),
        ("story without others", |r| {
            r["story"] = serde_json::json!({"id": "x", "by": "names"})
        }),
    ];
    for (what, edit) in edits {
        let mut r = good.clone();
        edit(&mut r);
        assert!(
            !check(&schema, &r).is_empty(),
            "the schema accepts a report with {what}"
        );
    }
}

#[test]
fn report_schema_enums_match_the_code() {
    let schema = load_schema("report.schema.json");
    let defs = &schema["definitions"];
    let set = |d: &str| -> BTreeSet<String> {
        defs[d]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{d} has no enum"))
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let categories: BTreeSet<String> = credence::Category::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    let severities: BTreeSet<String> = credence::Severity::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    assert_eq!(set("category"), categories);
    assert_eq!(set("severity"), severities);
    let rules = load_schema("rules.schema.json");
    let rule_categories: BTreeSet<String> = rules["definitions"]["category"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(rule_categories, categories, "rules.schema.json categories");
    let verdicts: BTreeSet<String> = [
        credence::Verdict::Pass,
        credence::Verdict::Review,
        credence::Verdict::Reject,
    ]
    .iter()
    .map(|v| v.as_str().to_string())
    .collect();
    assert_eq!(set("verdict"), verdicts);
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for f in [
        credence::Field::Title,
        credence::Field::Body,
        credence::Field::Byline,
    ] {
        *by_kind.entry(f.as_str()).or_default() += 1;
    }
    assert_eq!(set("field"), by_kind.keys().map(|s| s.to_string()).collect());
}

/// The ```toml blocks of docs/*.md (with the line they start on).
fn toml_blocks() -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for (path, text) in docs() {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut block: Option<(usize, String)> = None;
        for (i, line) in text.lines().enumerate() {
            match &mut block {
                None if line.trim_start() == "```toml" => block = Some((i + 1, String::new())),
                Some(_) if line.trim_start().starts_with("```") => {
                    let (at, body) = block.take().unwrap();
                    out.push((file.clone(), at, body));
                }
                Some((_, body)) => {
                    // indented blocks (inside list items) lose their indentation
                    body.push_str(line.trim_start());
                    body.push('\n');
                }
                None => {}
            }
        }
    }
    out
}

#[test]
fn every_toml_example_in_the_docs_is_valid_against_the_rules_schema() {
    let schema = load_schema("rules.schema.json");
    let blocks = toml_blocks();
    assert!(blocks.len() >= 8, "found only {} toml blocks", blocks.len());
    let mut problems = Vec::new();
    // A fragment of one `[[rule]]` (`message = …` alone) is checked against the rule table,
    // with no key required.
    let mut fragment = schema["definitions"]["rule"].clone();
    fragment.as_object_mut().unwrap().remove("required");
    fragment["definitions"] = schema["definitions"].clone();
    let rule_keys = fragment["properties"].as_object().unwrap().clone();
    let mut checked = 0;
    for (file, line, body) in &blocks {
        let v = match toml::from_str::<Value>(body) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("docs/{file}:{line}: not TOML: {}", e.message()));
                continue;
            }
        };
        let root = v.as_object().unwrap();
        if root.contains_key("dependencies") || root.contains_key("package") {
            continue; // a Cargo manifest
        }
        let against = if !root.is_empty() && root.keys().all(|k| rule_keys.contains_key(k)) {
            &fragment
        } else {
            &schema
        };
        checked += 1;
        problems.extend(
            check(against, &v)
                .into_iter()
                .map(|e| format!("docs/{file}:{line}: {e}")),
        );
    }
    assert!(checked >= 8, "only {checked} rule-file examples checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_schemas_are_well_formed() {
    for name in ["rules.schema.json", "report.schema.json"] {
        let schema = load_schema(name);
        assert_eq!(
            schema["$schema"], "http://json-schema.org/draft-07/schema#",
            "{name}"
        );
        let problems = lint(&schema);
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
    }
}
