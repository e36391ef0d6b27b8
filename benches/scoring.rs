//! Criterion benchmarks of the engine with its default embedded rules, each beside the
//! reference "limit" (one Aho-Corasick pass over the same bytes with every phrase of the default
//! rules, doing nothing else), so their ratio comes from one run on one machine.
//!
//! `cargo bench --bench scoring`; groups: `build`, `short`, `long`, `batch`, `size`, `jobs`.
//! The figures and how to read them: docs/performance.md.

mod support;

use credence::{Article, Engine};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::time::Duration;
use support::{seeds, text_of_size, Limit};

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    g.bench_function("default_rules", |b| {
        b.iter(|| Engine::from_sources(black_box(credence::embedded_sources())).unwrap())
    });
    g.finish();
}

/// Credence and the two reference scans on one text, in one group.
fn against_limit(c: &mut Criterion, group: &str, name: &str, text: &str, samples: usize) {
    let engine = Engine::default();
    let limit = Limit::new(&engine);
    let article = Article::from_plain_text(text.to_string());
    let mut g = c.benchmark_group(group);
    g.sample_size(samples);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function(BenchmarkId::new("credence", name), |b| {
        b.iter(|| engine.score(black_box(&article)))
    });
    g.bench_function(BenchmarkId::new("limit_overlapping", name), |b| {
        b.iter(|| limit.overlapping(black_box(text)))
    });
    g.bench_function(BenchmarkId::new("limit_leftmost", name), |b| {
        b.iter(|| limit.leftmost(black_box(text)))
    });
    g.finish();
}

fn short(c: &mut Criterion) {
    // The median-sized seed article.
    let mut s = seeds();
    s.sort_by_key(String::len);
    let text = s[s.len() / 2].clone();
    against_limit(c, "short", &format!("{}B", text.len()), &text, 100);
}

fn long(c: &mut Criterion) {
    against_limit(c, "long", "200KB", &text_of_size(200_000), 50);
}

/// 10,000 seed-like articles (the seeds in turn, each with its own id), scored one by one.
fn batch_articles(n: usize) -> Vec<Article> {
    let s = seeds();
    (0..n)
        .map(|i| Article::from_plain_text(s[i % s.len()].clone()).with_id(format!("a{i}")))
        .collect()
}

fn batch(c: &mut Criterion) {
    let engine = Engine::default();
    let limit = Limit::new(&engine);
    let articles = batch_articles(10_000);
    let bytes: usize = articles.iter().map(|a| a.body().len()).sum();
    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(8));
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("credence/10000_articles", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(engine.score(a));
            }
        })
    });
    g.bench_function("limit_overlapping/10000_articles", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| limit.overlapping(a.body()))
                .sum::<usize>()
        })
    });
    g.finish();
}

/// Scaling in article size: time per byte must stay flat from 1 KB to 10 MB.
fn size(c: &mut Criterion) {
    let engine = Engine::default();
    let limit = Limit::new(&engine);
    let mut g = c.benchmark_group("size");
    g.warm_up_time(Duration::from_secs(1));
    for (label, n) in [
        ("1KB", 1_000),
        ("10KB", 10_000),
        ("100KB", 100_000),
        ("1MB", 1_000_000),
        ("10MB", 10_000_000),
    ] {
        let text = text_of_size(n);
        let article = Article::from_plain_text(text.clone());
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.sample_size(if n >= 10_000_000 {
            10
        } else if n >= 1_000_000 {
            20
        } else {
            50
        });
        g.measurement_time(Duration::from_secs(if n >= 1_000_000 { 6 } else { 3 }));
        g.bench_with_input(BenchmarkId::new("credence", label), &article, |b, a| {
            b.iter(|| engine.score(a))
        });
        g.bench_with_input(BenchmarkId::new("limit_overlapping", label), &text, |b, t| {
            b.iter(|| limit.overlapping(t))
        });
    }
    g.finish();
}

/// Two threads sharing one engine against one thread, on the same batch of 2,000 articles.
fn jobs(c: &mut Criterion) {
    let engine = Engine::default();
    let articles = batch_articles(2_000);
    let bytes: usize = articles.iter().map(|a| a.body().len()).sum();
    let mut g = c.benchmark_group("jobs");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    for jobs in [1usize, 2] {
        g.bench_with_input(BenchmarkId::from_parameter(jobs), &jobs, |b, &jobs| {
            b.iter(|| {
                let chunk = articles.len().div_ceil(jobs);
                std::thread::scope(|s| {
                    for part in articles.chunks(chunk) {
                        let engine = &engine;
                        s.spawn(move || {
                            for a in part {
                                black_box(engine.score(a));
                            }
                        });
                    }
                });
            })
        });
    }
    g.finish();
}

criterion_group!(benches, build, short, long, batch, size, jobs);
criterion_main!(benches);
