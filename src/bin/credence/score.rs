//! `credence score` and the streaming pipeline shared with `credence sources`.
//!
//! ```text
//! reader (this thread) ──(raw input, engine snapshot)──▶ N workers: parse, score, render
//!        ▲ waits while the window is full                     │ the worker holding the next
//!        └──────────────────────────────────── result in order writes it (and the ones
//!                                               that waited for it) to stdout, counts the summary
//! ```
//!
//! Each input is paired with the engine current *when it is read*, so a rule reload
//! (`--watch-rules`) applies to every line read after it and to none before it.
//!
//! Batch consensus (`Engine::score_batch`, comparing articles of the same story) needs the
//! whole batch before any report: files are always pre-scored as one batch
//! ([`crate::batch::pre_score`]) and the reports then flow through the same pipeline; JSON Lines
//! do so only with `--consensus`. Plain streaming JSON Lines stays per article.

use crate::format::{self, Format};
use crate::input::{self, Item, Raw};
use crate::stream::{ordered_map, Event};
use crate::summary::{Progress, Summary};
use crate::watch::Watch;
use crate::{exit, load, report_load_error};
use credence::{Engine, Reloadable, Report, Verdict};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Default `--max-bytes`: longer JSON Lines lines are error records.
pub const DEFAULT_MAX_BYTES: usize = 1 << 20;

/// Options of every command that reads a batch of articles.
#[derive(clap::Args, Debug)]
pub struct StreamOpts {
    /// Files or directories (searched recursively for .txt files).
    pub paths: Vec<PathBuf>,
    /// Read JSON Lines from stdin: {"id", "body", "title"?, "byline"?, "published"?, "url"?, "source"?, "story"?}.
    #[arg(long)]
    pub jsonl: bool,
    /// Use the rule files in this directory instead of the embedded rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Worker threads (default: every core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Longest JSON Lines line, in bytes; longer lines become `too-large` error records.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
    /// Reload the --rules directory when its files change (lines read after the reload use the new rules).
    #[arg(long, requires = "rules")]
    pub watch_rules: bool,
    /// How often --watch-rules checks the files, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 500)]
    pub watch_interval: u64,
    /// No summary on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// With --jsonl: read the whole batch first and check articles on the same story against
    /// each other (batch consensus). Memory then grows with the batch. Files are always
    /// scored as one batch.
    #[arg(long, requires = "jsonl", conflicts_with = "watch_rules")]
    pub consensus: bool,
}

/// `credence score` options.
#[derive(clap::Args, Debug)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub stream: StreamOpts,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 when any article scores below N.
    #[arg(long, value_name = "N")]
    pub fail_under: Option<i32>,
    /// Exit 1 when any article gets this verdict or a worse one.
    #[arg(long, value_enum, value_name = "VERDICT")]
    pub fail_on: Option<Gate>,
}

/// The verdict gate of `--fail-on`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Gate {
    /// Fail on review or reject.
    Review,
    /// Fail on reject.
    Reject,
}

/// The result of one input, made by a worker.
pub struct Scored {
    /// The rendered output (empty when nothing is printed).
    pub rendered: String,
    /// The JSON Lines line, when reading JSON Lines.
    pub line: Option<usize>,
    /// The report and, when it was scored on its own, its scoring time; or the kind of error.
    pub outcome: Result<(Report, Option<Duration>), &'static str>,
}

/// Scores one raw input with the given engine and renders it.
fn work(raw: Raw, engine: &Engine, format: Option<Format>) -> Scored {
    let line = match &raw {
        Raw::Line { line, .. } | Raw::TooLarge { line, .. } => Some(*line),
        Raw::Scored { line, .. } => *line,
        Raw::File(_) | Raw::Failed(_) => None,
    };
    match raw.parse() {
        Item::Article(article) => {
            let t = Instant::now();
            let report = engine.score(&article);
            let elapsed = t.elapsed();
            let rendered = format.map_or_else(String::new, |f| format::report(&report, line, f));
            Scored {
                rendered,
                line,
                outcome: Ok((report, Some(elapsed))),
            }
        }
        Item::Scored(report) => {
            let rendered = format.map_or_else(String::new, |f| format::report(&report, line, f));
            Scored {
                rendered,
                line,
                // Scored with its batch (`batch::pre_score`): no time of its own.
                outcome: Ok((*report, None)),
            }
        }
        Item::Error(e) => Scored {
            rendered: format.map_or_else(String::new, |f| format::input_error(&e, f)),
            line: e.line,
            outcome: Err(e.error.kind),
        },
    }
}

/// Writes results in order, counts them, and draws progress.
pub struct Emitter<'a, W: Write> {
    out: W,
    summary: Summary,
    progress: Progress,
    on_report: &'a mut (dyn FnMut(&Report) + Send),
}

impl<W: Write> Emitter<'_, W> {
    fn emit(&mut self, s: Scored) -> io::Result<()> {
        self.out.write_all(s.rendered.as_bytes())?;
        match &s.outcome {
            Ok((report, elapsed)) => {
                self.summary.add_report(report, s.line, *elapsed);
                (self.on_report)(report);
            }
            Err(kind) => self.summary.add_error(kind),
        }
        Ok(())
    }

    fn idle(&mut self) -> io::Result<()> {
        self.progress
            .draw(self.summary.scored + self.summary.failed(), self.summary.failed());
        self.out.flush()
    }
}

/// Bytes read from standard input at a time (its own buffer is 8 KB: a read call for every
/// few articles).
const STDIN_BUFFER: usize = 1 << 16;

/// Why a stream ended early.
pub enum StreamError {
    /// The rules did not load (already reported); exit 2.
    Rules,
    /// Usage error (already reported); exit 2.
    Usage,
    /// Reading the input or writing the output failed (already reported); exit 3.
    Io,
}

/// Runs a batch through the pipeline: prints each result in `format` (none: print nothing)
/// to `out`, calls `on_report` on every report in input order, and returns the summary.
pub fn run_stream(
    opts: &StreamOpts,
    format: Option<Format>,
    out: impl Write + Send,
    on_report: &mut (dyn FnMut(&Report) + Send),
) -> Result<Summary, StreamError> {
    if opts.jsonl && !opts.paths.is_empty() {
        eprintln!("error: --jsonl reads stdin; do not give paths as well");
        return Err(StreamError::Usage);
    }
    if !opts.jsonl && opts.paths.is_empty() {
        eprintln!("error: give files or directories to score, or --jsonl to read JSON Lines from stdin");
        return Err(StreamError::Usage);
    }
    if opts.max_bytes == 0 || opts.jobs == Some(0) {
        eprintln!("error: --max-bytes and --jobs must be at least 1");
        return Err(StreamError::Usage);
    }
    let engine = load(opts.rules.as_ref()).map_err(|e| {
        report_load_error(&e);
        StreamError::Rules
    })?;
    let handle = Reloadable::new(engine);
    let jobs = opts
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    // Items in flight: the reader, stopped by a full window, is woken when half of it is free,
    // so a wider window means fewer wake-ups (16 per job woke it every 8 articles: 2.5% of a
    // one-job run's samples in futex calls; 64 halves that). Memory stays bounded by the
    // window times `--max-bytes`.
    let window = (jobs * 64).max(64);
    let started = Instant::now();
    let mut read_failure: Option<io::Error> = None;
    // Files are scored as one batch (batch consensus); JSON Lines only with --consensus.
    let files: Vec<Raw> = if opts.jsonl {
        Vec::new()
    } else {
        crate::batch::pre_score(&handle.current(), input::read_paths(&opts.paths).collect())
    };
    let watch = opts.watch_rules.then(|| {
        Watch::start(
            opts.rules.clone().expect("clap requires --rules"),
            handle.clone(),
            opts.watch_interval,
        )
    });
    let mut emitter = Emitter {
        out,
        summary: Summary::default(),
        progress: Progress::new((!opts.jsonl).then_some(files.len()), opts.quiet),
        on_report,
    };
    let result = {
        let sink = |e: Event<Scored>| match e {
            Event::Item(s) => emitter.emit(s),
            Event::Idle => emitter.idle(),
        };
        let score = |(raw, engine): (Raw, Engine)| work(raw, &engine, format);
        if opts.jsonl && opts.consensus {
            let stdin = io::stdin();
            let lines: Vec<Raw> = input::Lines::new(
                io::BufReader::with_capacity(STDIN_BUFFER, stdin.lock()),
                opts.max_bytes,
                &mut read_failure,
            )
            .collect();
            let engine = handle.current();
            let scored = crate::batch::pre_score(&engine, lines);
            let input = scored.into_iter().map(|raw| (raw, engine.clone()));
            ordered_map(input, jobs, window, score, sink)
        } else if opts.jsonl {
            let stdin = io::stdin();
            let lines = input::Lines::new(
                io::BufReader::with_capacity(STDIN_BUFFER, stdin.lock()),
                opts.max_bytes,
                &mut read_failure,
            );
            let input = lines.map(|raw| (raw, handle.current()));
            ordered_map(input, jobs, window, score, sink)
        } else {
            let input = files.into_iter().map(|raw| (raw, handle.current()));
            ordered_map(input, jobs, window, score, sink)
        }
    };
    drop(watch);
    emitter.progress.finish();
    let mut failed = false;
    if let Some(e) = read_failure {
        eprintln!("error: reading stdin: {e}");
        failed = true;
    }
    if let Err(e) = result.and_then(|_| emitter.out.flush()) {
        if e.kind() == io::ErrorKind::BrokenPipe {
            if !opts.quiet {
                eprintln!("credence: the output was closed; stopped reading");
            }
        } else {
            eprintln!("error: writing output: {e}");
            failed = true;
        }
    }
    if !opts.quiet {
        let _ = emitter.summary.write(&mut io::stderr().lock(), started.elapsed());
    }
    if failed {
        return Err(StreamError::Io);
    }
    Ok(emitter.summary)
}

/// `credence score`.
pub fn run(args: ScoreArgs) -> ExitCode {
    let mut out = io::BufWriter::new(io::stdout());
    if args.format == Format::Csv {
        // the header goes first, before any worker output
        let _ = out.write_all(format::csv_row(format::CSV_HEADER).as_bytes());
    }
    let summary = match run_stream(&args.stream, Some(args.format), out, &mut |_| {}) {
        Ok(s) => s,
        Err(StreamError::Rules | StreamError::Usage) => return ExitCode::from(exit::USAGE),
        Err(StreamError::Io) => return ExitCode::from(exit::INPUT),
    };
    let below = args
        .fail_under
        .is_some_and(|n| summary.min_score.is_some_and(|m| m < n));
    let verdict = args.fail_on.is_some_and(|g| {
        let limit = match g {
            Gate::Review => Verdict::Review,
            Gate::Reject => Verdict::Reject,
        };
        summary.worst.is_some_and(|w| w >= limit)
    });
    if summary.failed() > 0 {
        ExitCode::from(exit::INPUT)
    } else if below || verdict {
        ExitCode::from(exit::GATE)
    } else {
        ExitCode::SUCCESS
    }
}
