//! `credence explain FILE [--rule ID]`: the full report, and why one rule did or did not fire.

use crate::format::Format;
use crate::{exit, load, report_load_error};
use credence::Article;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// `credence explain` options.
#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// A plain-text article (first non-empty line is the title), or `-` for stdin.
    pub file: PathBuf,
    /// Explain this rule: why it fired, or why not.
    #[arg(long, value_name = "ID")]
    pub rule: Option<String>,
    /// Use the rule files in this directory instead of the embedded rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Output format (csv is not available here).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Runs `credence explain`.
pub fn run(args: ExplainArgs) -> ExitCode {
    let engine = match load(args.rules.as_ref()) {
        Ok(e) => e,
        Err(e) => {
            report_load_error(&e);
            return ExitCode::from(exit::USAGE);
        }
    };
    let (id, bytes) = if args.file.as_os_str() == "-" {
        let mut b = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut b) {
            eprintln!("error: reading stdin: {e}");
            return ExitCode::from(exit::INPUT);
        }
        ("<stdin>".to_string(), b)
    } else {
        match std::fs::read(&args.file) {
            Ok(b) => (args.file.display().to_string(), b),
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", args.file.display());
                return ExitCode::from(exit::INPUT);
            }
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "error: {id} is not valid UTF-8 (at byte {})",
                e.utf8_error().valid_up_to()
            );
            return ExitCode::from(exit::INPUT);
        }
    };
    let article = Article::from_plain_text(text).with_id(id);
    let report = engine.score(&article);
    let explanation = match &args.rule {
        None => None,
        Some(rule) => match engine.explain(&article, rule) {
            Some(x) => Some(x),
            None => {
                eprintln!("error: no rule `{rule}` in the rule set (see `credence rules list`)");
                return ExitCode::from(exit::USAGE);
            }
        },
    };
    match args.format {
        Format::Json | Format::Csv => {
            let v = serde_json::json!({ "report": report, "explanation": explanation });
            println!("{v}");
        }
        Format::Text => {
            println!("{report}");
            if let Some(x) = explanation {
                print!("{x}");
            }
        }
    }
    ExitCode::SUCCESS
}
