//! Criterion benchmarks of scaling in rule count: 10 → 2,000 generated phrase rules and
//! 10 → 200 generated regex rules, scoring the same 100 KB of seed text. Throughput may fall
//! at most 2× from 10 to 2,000 phrase rules (docs/performance.md).
//!
//! `cargo bench --bench rules`

mod support;

use credence::{Article, Engine};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::time::Duration;
use support::{phrase_rules, regex_rules, text_of_size};

fn scaling(c: &mut Criterion, group: &str, counts: &[usize], rules: fn(usize) -> Vec<credence::RuleSource>) {
    let text = text_of_size(100_000);
    let article = Article::from_plain_text(text.clone());
    let mut g = c.benchmark_group(group);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    g.sample_size(30);
    g.throughput(Throughput::Bytes(text.len() as u64));
    for &n in counts {
        let engine = Engine::from_sources(rules(n)).unwrap();
        g.bench_with_input(BenchmarkId::from_parameter(n), &article, |b, a| {
            b.iter(|| engine.score(black_box(a)))
        });
    }
    g.finish();
}

fn phrase_scaling(c: &mut Criterion) {
    scaling(c, "phrase_rules", &[10, 100, 500, 2000], phrase_rules);
}

fn regex_scaling(c: &mut Criterion) {
    scaling(c, "regex_rules", &[10, 50, 200], regex_rules);
}

criterion_group!(benches, phrase_scaling, regex_scaling);
criterion_main!(benches);
