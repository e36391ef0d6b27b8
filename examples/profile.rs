//! A fixed workload for profilers: scores seed-like text of a given size a given number of
//! times with the default rules. Instruction counts under callgrind are repeatable on a busy
//! machine, so this is the loop used to optimise the hot path (docs/performance.md):
//!
//! ```text
//! cargo build --release --example profile
//! valgrind --tool=callgrind target/release/examples/profile 1000000 3
//! ```
//!
//! A third argument picks another workload: `limit` (the reference scan alone), `short` (the
//! median-sized seed article, as in the `short` benchmarks; SIZE is ignored), `phrases:N`
//! or `regexes:N` (N generated rules instead of the defaults, as in `benches/rules.rs`), or
//! `jobs:J` (SIZE is then a number of seed articles, scored TIMES over by J threads sharing one
//! engine; compare CPU time and wall time under `perf stat`).

#[path = "../benches/support/mod.rs"]
mod support;

use credence::{Article, Engine};

fn main() {
    let mut args = std::env::args().skip(1);
    let size: usize = args
        .next()
        .map_or(1_000_000, |s| s.parse().expect("SIZE in bytes"));
    let times: usize = args.next().map_or(3, |s| s.parse().expect("TIMES"));
    let mode = args.next().unwrap_or_default();
    let limit_only = mode == "limit";
    let engine = match mode.split_once(':') {
        Some(("phrases", n)) => Engine::from_sources(support::phrase_rules(n.parse().unwrap())).unwrap(),
        Some(("regexes", n)) => Engine::from_sources(support::regex_rules(n.parse().unwrap())).unwrap(),
        _ => Engine::default(),
    };
    if let Some(("jobs", j)) = mode.split_once(':') {
        let jobs: usize = j.parse().expect("jobs:J");
        let seeds = support::seeds();
        let articles: Vec<Article> = (0..size)
            .map(|i| Article::from_plain_text(seeds[i % seeds.len()].clone()))
            .collect();
        let chunk = articles.len().div_ceil(jobs).max(1);
        let found: usize = std::thread::scope(|s| {
            let handles: Vec<_> = articles
                .chunks(chunk)
                .map(|part| {
                    let engine = &engine;
                    s.spawn(move || {
                        let mut n = 0;
                        for _ in 0..times {
                            for a in part {
                                n += engine.score(a).findings.len();
                            }
                        }
                        n
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        println!("{size} articles × {times} on {jobs} threads: {found} findings");
        return;
    }
    let text = if mode == "short" {
        // The median-sized seed article, as in the `short` benchmarks (SIZE is ignored).
        let mut s = support::seeds();
        s.sort_by_key(String::len);
        s[s.len() / 2].clone()
    } else {
        support::text_of_size(size)
    };
    let article = Article::from_plain_text(text.clone());
    let mut findings = 0;
    if limit_only {
        let limit = support::Limit::new(&engine);
        for _ in 0..times {
            findings += limit.overlapping(&text);
        }
    } else {
        for _ in 0..times {
            findings += engine.score(&article).findings.len();
        }
    }
    println!("{} bytes × {times}: {findings} findings", text.len());
}
