//! The end-of-run summary and the progress line, both on stderr (stdout carries only results).

use credence::{Category, Report, Verdict};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Counts over a run, filled in input order by the writer.
#[derive(Debug, Default)]
pub struct Summary {
    /// Articles scored.
    pub scored: u64,
    /// Articles per verdict.
    pub verdicts: BTreeMap<Verdict, u64>,
    /// Per category: articles with at least one finding, and findings.
    pub categories: BTreeMap<Category, (u64, u64)>,
    /// Inputs that could not be scored, per error kind.
    pub errors: BTreeMap<&'static str, u64>,
    /// The slowest article: its name (id, else line) and scoring time.
    pub slowest: Option<(String, Duration)>,
    /// Articles per rule-set version, in order of first use (more than one after a reload).
    pub versions: Vec<(String, u64)>,
    /// Lowest score seen.
    pub min_score: Option<i32>,
    /// Worst verdict seen.
    pub worst: Option<Verdict>,
}

impl Summary {
    /// Counts one scored article; `elapsed` is its scoring time when it was scored on its own
    /// (articles scored together as a batch have none, and are not candidates for slowest).
    pub fn add_report(&mut self, report: &Report, line: Option<usize>, elapsed: Option<Duration>) {
        self.scored += 1;
        *self.verdicts.entry(report.verdict).or_insert(0) += 1;
        let mut seen: Vec<Category> = Vec::new();
        for f in &report.findings {
            let e = self.categories.entry(f.category).or_insert((0, 0));
            e.1 += 1;
            if !seen.contains(&f.category) {
                seen.push(f.category);
                e.0 += 1;
            }
        }
        if let Some(elapsed) = elapsed.filter(|&e| self.slowest.as_ref().is_none_or(|(_, d)| e > *d)) {
            let name = match (&report.id, line) {
                (Some(id), _) => id.clone(),
                (None, Some(l)) => format!("line {l}"),
                (None, None) => "<article>".into(),
            };
            self.slowest = Some((name, elapsed));
        }
        match self.versions.last_mut() {
            Some((v, n)) if *v == report.rules_version => *n += 1,
            _ => match self.versions.iter_mut().find(|(v, _)| *v == report.rules_version) {
                Some((_, n)) => *n += 1,
                None => self.versions.push((report.rules_version.clone(), 1)),
            },
        }
        self.min_score = Some(self.min_score.map_or(report.score, |m| m.min(report.score)));
        self.worst = self.worst.max(Some(report.verdict));
    }

    /// Counts one input that could not be scored.
    pub fn add_error(&mut self, kind: &'static str) {
        *self.errors.entry(kind).or_insert(0) += 1;
    }

    /// Inputs that could not be scored.
    pub fn failed(&self) -> u64 {
        self.errors.values().sum()
    }

    /// Writes the summary.
    pub fn write(&self, w: &mut impl Write, elapsed: Duration) -> std::io::Result<()> {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let total = self.scored + self.failed();
        writeln!(
            w,
            "credence: {} inputs, {} scored, {} not scored, in {:.2}s ({:.0} articles/s)",
            total,
            self.scored,
            self.failed(),
            secs,
            self.scored as f64 / secs
        )?;
        let v = |x| self.verdicts.get(&x).copied().unwrap_or(0);
        writeln!(
            w,
            "  verdicts: pass {}, review {}, reject {}",
            v(Verdict::Pass),
            v(Verdict::Review),
            v(Verdict::Reject)
        )?;
        if !self.categories.is_empty() {
            let list: Vec<String> = self
                .categories
                .iter()
                .map(|(c, (a, f))| format!("{c} {a} articles ({f} findings)"))
                .collect();
            writeln!(w, "  categories: {}", list.join(", "))?;
        }
        if !self.errors.is_empty() {
            let list: Vec<String> = self.errors.iter().map(|(k, n)| format!("{k} {n}")).collect();
            writeln!(w, "  errors: {}", list.join(", "))?;
        }
        if let Some((name, d)) = &self.slowest {
            writeln!(w, "  slowest: {name} ({:.1} ms)", d.as_secs_f64() * 1000.0)?;
        }
        if self.versions.len() > 1 {
            let list: Vec<String> = self.versions.iter().map(|(v, n)| format!("{v} ×{n}")).collect();
            writeln!(w, "  rule versions: {}", list.join(", "))?;
        }
        Ok(())
    }
}

/// A one-line progress display on stderr, drawn only when stderr is a terminal and the run
/// has lasted a second.
pub struct Progress {
    on: bool,
    start: Instant,
    last: Option<Instant>,
    total: Option<usize>,
}

impl Progress {
    /// A progress line for `total` inputs when known; silent unless stderr is a terminal.
    pub fn new(total: Option<usize>, quiet: bool) -> Self {
        Progress {
            on: !quiet && std::io::stderr().is_terminal(),
            start: Instant::now(),
            last: None,
            total,
        }
    }

    /// Redraws at most every 200 ms.
    pub fn draw(&mut self, done: u64, failed: u64) {
        if !self.on {
            return;
        }
        let now = Instant::now();
        if now - self.start < Duration::from_secs(1)
            || self.last.is_some_and(|l| now - l < Duration::from_millis(200))
        {
            return;
        }
        self.last = Some(now);
        let rate = done as f64 / (now - self.start).as_secs_f64();
        let bar = match self.total {
            Some(t) if t > 0 => {
                const W: usize = 30;
                let filled = ((done as usize).min(t) * W) / t;
                format!("[{}{}] {done}/{t}", "#".repeat(filled), ".".repeat(W - filled))
            }
            _ => format!("{done} articles"),
        };
        let mut e = std::io::stderr().lock();
        let _ = write!(e, "\r\x1b[K{bar}, {rate:.0}/s, {failed} not scored");
        let _ = e.flush();
    }

    /// Clears the line before the summary.
    pub fn finish(&mut self) {
        if self.on && self.last.is_some() {
            let _ = write!(std::io::stderr(), "\r\x1b[K");
        }
    }
}
