//! Writing reports and errors: JSON Lines and human diagnostics.

use crate::input::InputError;
use crate::Format;
use credence::Report;
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
