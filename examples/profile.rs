//! A fixed workload for profilers: scores seed-like text of a given size a given number of
//! times with the default rules. Instruction counts under callgrind are repeatable on a busy
//! machine, so this is the loop used to optimise the hot path (docs/performance.md):
//!
//! ```text
//! cargo build --release --example profile
//! valgrind --tool=callgrind target/release/examples/profile 1000000 3
//! ```

#[path = "../benches/support/mod.rs"]
mod support;

use credence::{Article, Engine};

fn main() {
    let mut args = std::env::args().skip(1);
    let size: usize = args
        .next()
        .map_or(1_000_000, |s| s.parse().expect("SIZE in bytes"));
    let times: usize = args.next().map_or(3, |s| s.parse().expect("TIMES"));
    let limit_only = args.next().is_some_and(|s| s == "limit");
    let engine = Engine::default();
    let text = support::text_of_size(size);
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
