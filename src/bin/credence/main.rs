//! The `credence` command-line tool: scores articles, checks and tests rule files.
//!
//! Exit codes: 0 all scored and gates passed; 1 a gate failed (`--fail-under`); 2 usage or rule
//! errors; 3 some inputs could not be scored.

mod input;
mod output;

use clap::{Parser, Subcommand, ValueEnum};
use credence::{Engine, LoadError, RuleSource};
use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Scores how reliable news articles are as sources, and explains why.
#[derive(Parser, Debug)]
#[command(name = "credence", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Score articles: .txt files and directories, or JSON Lines on stdin with --jsonl.
    Score(ScoreArgs),
    /// Work with rule directories.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(clap::Args, Debug)]
struct ScoreArgs {
    /// Files or directories (searched recursively for .txt files).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Read JSON Lines from stdin: {"id", "body", "title"?, "byline"?, "published"?, "url"?, "source"?, "story"?}.
    #[arg(long)]
    jsonl: bool,
    /// Use the rule files in this directory instead of the embedded rules.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Exit 1 when any article scores below N.
    #[arg(long, value_name = "N")]
    fail_under: Option<i32>,
}

#[derive(Subcommand, Debug)]
enum RulesCommand {
    /// Validate a rule directory (default: the embedded rules).
    Check {
        /// The rule directory.
        dir: Option<PathBuf>,
    },
    /// Run every rule's examples and report each failure with its rule id and file:line.
    Test {
        /// The rule directory.
        dir: Option<PathBuf>,
    },
}

/// How reports are printed.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable diagnostics.
    Text,
    /// One JSON report per line.
    Json,
}

/// Exit codes, documented in docs/cli.md.
mod exit {
    pub const GATE: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const INPUT: u8 = 3;
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { exit::USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Score(args) => score(args),
        Command::Rules { command } => match command {
            RulesCommand::Check { dir } => rules_check(dir),
            RulesCommand::Test { dir } => rules_test(dir),
        },
    }
}

/// A load error with the sources it was found in, for rendering without reading them again.
type Failed = (LoadError, Vec<RuleSource>);

fn load(dir: Option<&PathBuf>) -> Result<Engine, Failed> {
    match dir {
        Some(d) => {
            let sources = RuleSource::read_dir(d).map_err(|e| (e, Vec::new()))?;
            Engine::from_sources(sources.clone()).map_err(|e| (e, sources))
        }
        None => Ok(Engine::default()),
    }
}

fn report_load_error((e, sources): &Failed) {
    let mut err = io::stderr().lock();
    let _ = write!(err, "{}", credence::render_load_error(e, sources));
}

fn score(args: ScoreArgs) -> ExitCode {
    let engine = match load(args.rules.as_ref()) {
        Ok(e) => e,
        Err(e) => {
            report_load_error(&e);
            return ExitCode::from(exit::USAGE);
        }
    };
    if args.jsonl && !args.paths.is_empty() {
        eprintln!("error: --jsonl reads stdin; do not give paths as well");
        return ExitCode::from(exit::USAGE);
    }
    if !args.jsonl && args.paths.is_empty() {
        eprintln!("error: give files or directories to score, or --jsonl to read JSON Lines from stdin");
        return ExitCode::from(exit::USAGE);
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut gate_failed = false;
    let mut input_failed = false;
    let mut emit = |item: input::Item, out: &mut io::BufWriter<io::StdoutLock>| -> io::Result<()> {
        match item {
            input::Item::Article(article) => {
                let report = engine.score(&article);
                if args.fail_under.is_some_and(|n| report.score < n) {
                    gate_failed = true;
                }
                output::write_report(out, &report, args.format)
            }
            input::Item::Error(e) => {
                input_failed = true;
                output::write_input_error(out, &e, args.format)
            }
        }
    };
    let result = if args.jsonl {
        let stdin = io::stdin();
        let mut reader = stdin.lock();
        let mut line_no = 0;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) => break Ok(()),
                Ok(_) => {}
                Err(e) => break Err(e),
            }
            line_no += 1;
            let Some(item) = input::parse_jsonl_line(&buf, line_no) else {
                continue;
            };
            if let Err(e) = emit(item, &mut out) {
                break Err(e);
            }
        }
    } else {
        let mut result = Ok(());
        for item in input::read_paths(&args.paths) {
            if let Err(e) = emit(item, &mut out) {
                result = Err(e);
                break;
            }
        }
        result
    };
    if let Err(e) = result.and_then(|_| out.flush()) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("error: {e}");
            return ExitCode::from(exit::INPUT);
        }
    }
    if input_failed {
        ExitCode::from(exit::INPUT)
    } else if gate_failed {
        ExitCode::from(exit::GATE)
    } else {
        ExitCode::SUCCESS
    }
}

fn rules_check(dir: Option<PathBuf>) -> ExitCode {
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

fn rules_test(dir: Option<PathBuf>) -> ExitCode {
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
