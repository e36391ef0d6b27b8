//! The `credence` command-line tool: scores articles, profiles sources, explains and checks
//! rules.
//!
//! Exit codes (docs/cli.md): 0 all scored and gates passed; 1 a gate failed (`--fail-under`,
//! `--fail-on`, a failing rule example); 2 usage or rule errors; 3 some inputs could not be
//! scored.
//!
//! Modules: `score` (the streaming pipeline, shared by `sources`), `stream` (ordered parallel
//! map), `input` (reading), `format` (text, JSON, CSV), `summary` (stderr summary and
//! progress), `watch` (`--watch-rules`), `rules_cmd`, `explain`, `sources`, `completions` (shell
//! completions and the man page).

mod batch;
mod completions;
mod explain;
mod format;
mod input;
mod rules_cmd;
mod score;
mod sources;
mod stream;
mod summary;
mod watch;

use clap::{Parser, Subcommand};
use credence::{Engine, LoadError, RuleSource};
use format::Format;
use std::io::{self, Write};
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
    Score(score::ScoreArgs),
    /// Per-source reliability profiles (articles, mean and median score, verdicts, top rules), worst first.
    Sources(sources::SourcesArgs),
    /// Show the report for one article and why a rule did or did not fire.
    Explain(explain::ExplainArgs),
    /// Work with rule directories.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout.
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff) to stdout.
    Man,
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
    /// List the rules: id, category, points, where defined, default or overridden.
    List {
        /// The rule directory (default: the embedded rules).
        dir: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Include disabled rules.
        #[arg(long)]
        all: bool,
    },
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
        Command::Score(args) => score::run(args),
        Command::Sources(args) => sources::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Rules { command } => match command {
            RulesCommand::Check { dir } => rules_cmd::check(dir),
            RulesCommand::Test { dir } => rules_cmd::test(dir),
            RulesCommand::List { dir, format, all } => rules_cmd::list(dir, format, all),
        },
        Command::Completions(args) => completions::completions(args),
        Command::Man => completions::man(),
    }
}

/// A load error with the sources it was found in, for rendering without reading them again.
type Failed = (LoadError, Vec<RuleSource>);

/// The engine for a rule directory, or the embedded rules.
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
