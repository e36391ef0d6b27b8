//! The ratio of full scoring to the limit, measured interleaved: `cargo bench --bench ratio`.
//!
//! Criterion (`benches/scoring.rs`) measures credence and the limit one after the other, some
//! seconds apart; on a shared machine whose speed drifts over seconds, their ratio drifts with
//! it (the same code measured 5.5× and 6.9× on the same article in two runs). Here each round
//! times credence and then the limit on the same workload, back to back, and the ratio is
//! taken per round: drift that lasts longer than a round cancels out. The table gives the
//! median ratio over the rounds, with the lowest and highest, and the median times.
//!
//! Workloads: the median-sized seed article, 200 KB of seed text, a batch of 10,000 seed
//! articles (the seeds in turn, scored one by one), and the size curve from 1 KB to 1 MB.
//! The limit is the same as Criterion's (`support::Limit::overlapping`).

mod support;

use credence::{Article, Engine};
use std::hint::black_box;
use std::time::{Duration, Instant};
use support::{seeds, text_of_size, Limit};

/// Rounds per workload.
const ROUNDS: usize = 21;

/// Time each side of a round runs for, about.
const SLICE: Duration = Duration::from_millis(40);

/// Repetitions of `f` that take about [`SLICE`] (at least one).
fn calibrate(mut f: impl FnMut()) -> usize {
    let t = Instant::now();
    f();
    let once = t.elapsed().max(Duration::from_nanos(100));
    ((SLICE.as_secs_f64() / once.as_secs_f64()) as usize).max(1)
}

/// Seconds per call of `f`, over `n` calls.
fn per_call(n: usize, mut f: impl FnMut()) -> f64 {
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    t.elapsed().as_secs_f64() / n as f64
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Runs `ROUNDS` interleaved rounds and prints one row.
fn row(name: &str, bytes: usize, mut credence: impl FnMut(), mut limit: impl FnMut()) {
    // Warm up: lazily built state (deferred compiles, the phrase DFA past 2 MiB) is built
    // before the first round.
    let warm = Instant::now();
    while warm.elapsed() < Duration::from_millis(500) {
        credence();
        limit();
    }
    let (nc, nl) = (calibrate(&mut credence), calibrate(&mut limit));
    let (mut ratios, mut tc, mut tl) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let c = per_call(nc, &mut credence);
        let l = per_call(nl, &mut limit);
        ratios.push(c / l);
        tc.push(c);
        tl.push(l);
    }
    let (lo, hi) = ratios
        .iter()
        .fold((f64::MAX, 0f64), |(lo, hi), &r| (lo.min(r), hi.max(r)));
    let (c, l) = (median(&mut tc), median(&mut tl));
    println!(
        "{name:<12} {bytes:>10} {:>12} {:>12} {:>8.2} {:>6.2}–{:<6.2} {:>9.1}",
        fmt(c),
        fmt(l),
        median(&mut ratios),
        lo,
        hi,
        bytes as f64 / c / 1e6
    );
}

fn fmt(secs: f64) -> String {
    if secs >= 1e-3 {
        format!("{:.2} ms", secs * 1e3)
    } else {
        format!("{:.1} µs", secs * 1e6)
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let engine = Engine::default();
    let limit = Limit::new(&engine);
    println!(
        "{:<12} {:>10} {:>12} {:>12} {:>8} {:>13} {:>9}",
        "workload", "bytes", "credence", "limit", "ratio", "lowest–highest", "MB/s"
    );
    let mut s = seeds();
    s.sort_by_key(String::len);
    let short = s[s.len() / 2].clone();
    let texts: Vec<(String, String)> = [("short", short)]
        .into_iter()
        .map(|(n, t)| (n.to_string(), t))
        .chain([("200 KB", 200_000)].map(|(n, k)| (n.to_string(), text_of_size(k))))
        .collect();
    for (name, text) in &texts {
        let article = Article::from_plain_text(text.clone());
        row(
            name,
            text.len(),
            || {
                black_box(engine.score(black_box(&article)));
            },
            || {
                black_box(limit.overlapping(black_box(text)));
            },
        );
    }
    let seeds = seeds();
    let batch: Vec<Article> = (0..10_000)
        .map(|i| Article::from_plain_text(seeds[i % seeds.len()].clone()).with_id(format!("a{i}")))
        .collect();
    let bytes: usize = batch.iter().map(|a| a.body().len()).sum();
    row(
        "batch 10,000",
        bytes,
        || {
            for a in &batch {
                black_box(engine.score(a));
            }
        },
        || {
            black_box(batch.iter().map(|a| limit.overlapping(a.body())).sum::<usize>());
        },
    );
    for (name, n) in [
        ("size 1 KB", 1_000),
        ("size 10 KB", 10_000),
        ("size 100 KB", 100_000),
        ("size 1 MB", 1_000_000),
    ] {
        let text = text_of_size(n);
        let article = Article::from_plain_text(text.clone());
        row(
            name,
            text.len(),
            || {
                black_box(engine.score(black_box(&article)));
            },
            || {
                black_box(limit.overlapping(black_box(&text)));
            },
        );
    }
}
