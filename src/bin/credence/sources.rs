//! `credence sources`: per-source reliability profiles, worst first.

use crate::exit;
use crate::format::{self, Format};
use crate::score::{run_stream, StreamError, StreamOpts};
use credence::{Profile, Report, SourceProfiles};
use std::io::{self, BufRead};
use std::process::ExitCode;

/// `credence sources` options.
#[derive(clap::Args, Debug)]
pub struct SourcesArgs {
    #[command(flatten)]
    pub stream: StreamOpts,
    /// Read reports (the output of `score --format json`) from stdin instead of scoring.
    #[arg(long, conflicts_with_all = ["jsonl", "paths"])]
    pub from_reports: bool,
    /// Output format: text is a table.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Rules listed per source.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub top: usize,
}

/// Runs `credence sources`.
pub fn run(args: SourcesArgs) -> ExitCode {
    let mut profiles = SourceProfiles::new();
    let mut code = ExitCode::SUCCESS;
    if args.from_reports {
        let mut skipped = 0;
        for (i, line) in io::stdin().lock().split(b'\n').enumerate() {
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("error: reading stdin: {e}");
                    return ExitCode::from(exit::INPUT);
                }
            };
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Report>(&line) {
                Ok(r) => profiles.add(&r),
                Err(_) => {
                    // error records of `score` land here too; they have no score to count
                    if !args.stream.quiet {
                        eprintln!("credence: line {}: not a report, skipped", i + 1);
                    }
                    skipped += 1;
                }
            }
        }
        if skipped > 0 {
            code = ExitCode::from(exit::INPUT);
        }
    } else {
        let mut add = |r: &Report| profiles.add(r);
        match run_stream(&args.stream, None, io::sink(), &mut add) {
            Ok(s) if s.failed() > 0 => code = ExitCode::from(exit::INPUT),
            Ok(_) => {}
            Err(StreamError::Rules | StreamError::Usage) => return ExitCode::from(exit::USAGE),
            Err(StreamError::Io) => return ExitCode::from(exit::INPUT),
        }
    }
    let mut list = profiles.worst_first();
    for p in &mut list {
        p.top_rules.truncate(args.top);
    }
    print!("{}", render(&list, args.format));
    code
}

fn top(p: &Profile) -> String {
    p.top_rules
        .iter()
        .map(|r| {
            let ex = if r.examples.is_empty() {
                String::new()
            } else {
                format!(" e.g. {}", r.examples.join(", "))
            };
            format!("{} ×{}{ex}", r.rule, r.articles)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn render(list: &[Profile], format: Format) -> String {
    let mut s = String::new();
    match format {
        Format::Json => {
            for p in list {
                s.push_str(&serde_json::to_string(p).expect("profiles serialize"));
                s.push('\n');
            }
        }
        Format::Csv => {
            s.push_str(&format::csv_row(&[
                "source",
                "articles",
                "mean",
                "median",
                "pass",
                "review",
                "reject",
                "top_rules",
            ]));
            for p in list {
                s.push_str(&format::csv_row(&[
                    &p.source,
                    &p.articles.to_string(),
                    &format!("{:.1}", p.mean),
                    &p.median.to_string(),
                    &p.pass.to_string(),
                    &p.review.to_string(),
                    &p.reject.to_string(),
                    &top(p),
                ]));
            }
        }
        Format::Text => {
            let w = list
                .iter()
                .map(|p| p.source.chars().count())
                .max()
                .unwrap_or(6)
                .max(6);
            s.push_str(&format!(
                "{:w$}  {:>8}  {:>5}  {:>6}  {:>5}  {:>6}  {:>6}  TOP RULES\n",
                "SOURCE", "ARTICLES", "MEAN", "MEDIAN", "PASS", "REVIEW", "REJECT"
            ));
            for p in list {
                s.push_str(&format!(
                    "{:w$}  {:>8}  {:>5.1}  {:>6}  {:>5}  {:>6}  {:>6}  {}\n",
                    p.source,
                    p.articles,
                    p.mean,
                    p.median,
                    p.pass,
                    p.review,
                    p.reject,
                    top(p)
                ));
            }
        }
    }
    s
}
