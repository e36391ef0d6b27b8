//! Criterion benchmarks: engine build from the embedded rules, and scoring the seed articles.

use credence::{embedded_sources, Article, Engine};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn seeds() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn build(c: &mut Criterion) {
    c.bench_function("engine_build_default", |b| {
        b.iter(|| Engine::from_sources(black_box(embedded_sources())).unwrap())
    });
}

fn score_seeds(c: &mut Criterion) {
    let engine = Engine::default();
    let articles: Vec<Article> = seeds().into_iter().map(Article::from_plain_text).collect();
    let bytes: usize = articles.iter().map(|a| a.body().len()).sum();
    let mut g = c.benchmark_group("score");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("seeds", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(engine.score(a));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, build, score_seeds);
criterion_main!(benches);
