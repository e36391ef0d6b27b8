//! Writing reports and errors: JSON Lines and human diagnostics.

use crate::input::InputError;
use crate::Format;
use credence::{LoadError, Report};
use std::io::{self, Write};

/// Writes one report in the chosen format.
pub fn write_report(out: &mut impl Write, report: &Report, format: Format) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer(&mut *out, report)?;
            writeln!(out)
        }
        Format::Text => writeln!(out, "{report}"),
    }
}

/// Writes one error record in the chosen format.
pub fn write_input_error(out: &mut impl Write, e: &InputError, format: Format) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer(&mut *out, e)?;
            writeln!(out)
        }
        Format::Text => {
            let what = match (&e.id, e.line) {
                (Some(id), _) => id.clone(),
                (None, Some(l)) => format!("line {l}"),
                (None, None) => "input".into(),
            };
            writeln!(out, "{what}: error[{}]: {}\n", e.error.kind, e.error.message)
        }
    }
}

/// Renders rule loading errors as diagnostics: location, message, the quoted line and a caret.
pub fn render_load_error(e: &LoadError) -> String {
    let errors = e.rule_errors();
    if errors.is_empty() {
        return format!("error: {e}");
    }
    let mut s = String::new();
    for err in errors {
        let loc = &err.location;
        s.push_str(&format!("error: {}\n  --> {loc}\n", err.kind));
        if let Ok(text) = std::fs::read_to_string(&loc.origin) {
            if let Some(line) = text.lines().nth(loc.line.saturating_sub(1)) {
                let num = loc.line.to_string();
                let pad = " ".repeat(num.len());
                s.push_str(&format!(
                    "{pad} |\n{num} | {line}\n{pad} | {}^\n",
                    " ".repeat(loc.column - 1)
                ));
            }
        }
    }
    s.push_str(&format!("{} error(s)", errors.len()));
    s
}
