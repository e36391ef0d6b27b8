//! Rendering reports and error records as text, JSON Lines or CSV, and rule loading errors as
//! diagnostics. Each render returns the whole output for one input, so workers can render in
//! parallel and the writer only copies bytes.

use crate::input::InputError;
use credence::{LoadError, Report};
use std::fmt::Write as _;

/// How reports are printed.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable diagnostics.
    Text,
    /// One JSON object per line.
    Json,
    /// Comma-separated values with a header row (RFC 4180 quoting).
    Csv,
}

/// The CSV header of `score --format csv`.
pub const CSV_HEADER: &[&str] = &[
    "line",
    "id",
    "source",
    "score",
    "verdict",
    "findings",
    "top_findings",
    "rules_version",
    "error",
];

/// How many findings the CSV `top_findings` column lists.
const TOP_FINDINGS: usize = 3;

/// One report, with its JSON Lines line number when reading JSON Lines.
pub fn report(report: &Report, line: Option<usize>, format: Format) -> String {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string(report).expect("reports always serialize");
            s.push('\n');
            s
        }
        Format::Text => format!("{report}\n"),
        Format::Csv => {
            let mut top: Vec<_> = report.findings.iter().filter(|f| f.points != 0).collect();
            top.sort_by_key(|f| f.points);
            let top = top
                .iter()
                .take(TOP_FINDINGS)
                .map(|f| format!("{} {:+} {:?}", f.rule, f.points, f.evidence))
                .collect::<Vec<_>>()
                .join("; ");
            csv_row(&[
                &line.map(|l| l.to_string()).unwrap_or_default(),
                report.id.as_deref().unwrap_or(""),
                report.source.as_deref().unwrap_or(""),
                &report.score.to_string(),
                report.verdict.as_str(),
                &report.findings.len().to_string(),
                &top,
                &report.rules_version,
                "",
            ])
        }
    }
}

/// One error record.
pub fn input_error(e: &InputError, format: Format) -> String {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string(e).expect("error records always serialize");
            s.push('\n');
            s
        }
        Format::Text => {
            let what = match (&e.id, e.line) {
                (Some(id), _) => id.clone(),
                (None, Some(l)) => format!("line {l}"),
                (None, None) => "input".into(),
            };
            format!("{what}: error[{}]: {}\n\n", e.error.kind, e.error.message)
        }
        Format::Csv => csv_row(&[
            &e.line.map(|l| l.to_string()).unwrap_or_default(),
            e.id.as_deref().unwrap_or(""),
            "",
            "",
            "error",
            "",
            "",
            "",
            &format!("{}: {}", e.error.kind, e.error.message),
        ]),
    }
}

/// One CSV record ending in CRLF-free `\n`. A field is quoted when it holds a comma, a quote,
/// a line break or surrounding spaces; quotes inside are doubled.
pub fn csv_row(fields: &[&str]) -> String {
    let mut s = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let quote = f.contains([',', '"', '\n', '\r']) || f.starts_with(' ') || f.ends_with(' ');
        if quote {
            s.push('"');
            s.push_str(&f.replace('"', "\"\""));
            s.push('"');
        } else {
            s.push_str(f);
        }
    }
    s.push('\n');
    s
}

/// Renders rule loading errors as diagnostics: location, message, the quoted line and a caret.
pub fn load_error(e: &LoadError) -> String {
    let errors = e.rule_errors();
    if errors.is_empty() {
        return format!("error: {e}");
    }
    let mut s = String::new();
    for err in errors {
        let loc = &err.location;
        let _ = write!(s, "error: {}\n  --> {loc}\n", err.kind);
        if let Ok(text) = std::fs::read_to_string(&loc.origin) {
            if let Some(line) = text.lines().nth(loc.line.saturating_sub(1)) {
                let num = loc.line.to_string();
                let pad = " ".repeat(num.len());
                let _ = writeln!(
                    s,
                    "{pad} |\n{num} | {line}\n{pad} | {}^",
                    " ".repeat(loc.column.saturating_sub(1))
                );
            }
        }
    }
    let _ = write!(s, "{} error(s)", errors.len());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_row(&["a", "b c", ""]), "a,b c,\n");
        assert_eq!(
            csv_row(&["x,y", "say \"hi\"", "two\nlines", " pad"]),
            "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\"\n"
        );
    }
}
