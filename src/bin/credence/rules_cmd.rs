//! `credence rules check | test | list`.

use crate::format::{self, Format};
use crate::{exit, load, report_load_error};
use credence::{Engine, Rule, EMBEDDED};
use std::path::PathBuf;
use std::process::ExitCode;

/// `rules check`: validate a rule directory.
pub fn check(dir: Option<PathBuf>) -> ExitCode {
    match load(dir.as_ref()) {
        Ok(engine) => {
            let enabled = engine.rules().iter().filter(|r| r.enabled()).count();
            println!(
                "ok: {} rules ({} enabled) in {} files, version {}",
                engine.rules().len(),
                enabled,
                engine.sources().len(),
                engine.version()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            report_load_error(&e);
            ExitCode::from(exit::USAGE)
        }
    }
}

/// `rules test`: run every rule's examples.
pub fn test(dir: Option<PathBuf>) -> ExitCode {
    let engine = match load(dir.as_ref()) {
        Ok(e) => e,
        Err(e) => {
            report_load_error(&e);
            return ExitCode::from(exit::USAGE);
        }
    };
    let failures = engine.check_examples();
    let total: usize = engine
        .rules()
        .iter()
        .filter(|r| r.enabled())
        .map(|r| r.examples().len())
        .sum();
    for f in &failures {
        println!("FAIL {f}");
    }
    println!("{} passed, {} failed", total - failures.len(), failures.len());
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(exit::GATE)
    }
}

/// Where a rule comes from: the embedded defaults or the user's files, and whether an
/// override changed it.
fn origin(engine: &Engine, rule: &Rule) -> &'static str {
    let file = &rule.location().origin;
    // A rule is a default when its file's text is one of the embedded files, whatever the path.
    let default = engine
        .sources()
        .iter()
        .find(|s| s.origin == *file)
        .is_some_and(|s| EMBEDDED.iter().any(|(_, text)| *text == s.text));
    match (default, rule.overridden().is_some()) {
        (true, false) => "default",
        (true, true) => "default, overridden",
        (false, false) => "user",
        (false, true) => "user, overridden",
    }
}

#[derive(serde::Serialize)]
struct Row<'a> {
    id: &'a str,
    category: String,
    points: i32,
    severity: &'static str,
    enabled: bool,
    origin: &'static str,
    defined: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    overridden: Option<String>,
}

/// `rules list`: every rule with its id, category, points and where it is defined.
pub fn list(dir: Option<PathBuf>, format: Format, all: bool) -> ExitCode {
    let engine = match load(dir.as_ref()) {
        Ok(e) => e,
        Err(e) => {
            report_load_error(&e);
            return ExitCode::from(exit::USAGE);
        }
    };
    let rows: Vec<Row> = engine
        .rules()
        .iter()
        .filter(|r| all || r.enabled())
        .map(|r| Row {
            id: r.id(),
            category: r.category().to_string(),
            points: r.points(),
            severity: r.severity().as_str(),
            enabled: r.enabled(),
            origin: origin(&engine, r),
            defined: format!("{}:{}", r.location().origin, r.location().line),
            overridden: r.overridden().map(|l| format!("{}:{}", l.origin, l.line)),
        })
        .collect();
    let mut out = String::new();
    match format {
        Format::Json => {
            for r in &rows {
                out.push_str(&serde_json::to_string(r).expect("rows serialize"));
                out.push('\n');
            }
        }
        Format::Csv => {
            out.push_str(&format::csv_row(&[
                "id",
                "category",
                "points",
                "severity",
                "enabled",
                "origin",
                "defined",
                "overridden",
            ]));
            for r in &rows {
                out.push_str(&format::csv_row(&[
                    r.id,
                    &r.category,
                    &r.points.to_string(),
                    r.severity,
                    &r.enabled.to_string(),
                    r.origin,
                    &r.defined,
                    r.overridden.as_deref().unwrap_or(""),
                ]));
            }
        }
        Format::Text => {
            let w = rows.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
            let c = rows.iter().map(|r| r.category.len()).max().unwrap_or(8).max(8);
            out.push_str(&format!(
                "{:w$}  {:c$}  {:>6}  {:8}  {:19}  DEFINED\n",
                "ID", "CATEGORY", "POINTS", "SEVERITY", "ORIGIN"
            ));
            for r in &rows {
                let state = if r.enabled {
                    r.origin.to_string()
                } else {
                    format!("{} (off)", r.origin)
                };
                out.push_str(&format!(
                    "{:w$}  {:c$}  {:>6}  {:8}  {:19}  {}{}\n",
                    r.id,
                    r.category,
                    format!("{:+}", r.points),
                    r.severity,
                    state,
                    r.defined,
                    r.overridden
                        .as_ref()
                        .map(|o| format!(" (overridden at {o})"))
                        .unwrap_or_default()
                ));
            }
            let overridden = rows.iter().filter(|r| r.overridden.is_some()).count();
            out.push_str(&format!(
                "{} rules, {} overridden, version {}\n",
                rows.len(),
                overridden,
                engine.version()
            ));
        }
    }
    print!("{out}");
    ExitCode::SUCCESS
}
