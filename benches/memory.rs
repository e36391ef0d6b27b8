//! Engine build time and memory, measured with a counting global allocator (not Criterion:
//! it prints one table). `cargo bench --bench memory`
//!
//! - build: the fastest of 30 builds of the engine from the embedded default rules;
//! - engine heap: bytes still allocated after a build, i.e. what one engine holds;
//! - per article: allocations and peak extra heap while scoring a seed article and 200 KB;
//! - engine heap once it has scanned enough text to build its phrase DFA.

mod support;

use credence::{embedded_sources, Article, Engine};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static CALLS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        CALLS.fetch_add(1, Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
            PEAK.fetch_max(live, Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Relaxed);
        }
        CALLS.fetch_add(1, Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Peak extra heap, allocation calls and findings while scoring `article` once.
fn scoring_cost(engine: &Engine, article: &Article) -> (usize, usize, usize) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let calls = CALLS.load(Relaxed);
    let report = engine.score(article);
    let peak = PEAK.load(Relaxed) - base;
    let calls = CALLS.load(Relaxed) - calls;
    (peak, calls, report.findings.len())
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let mut best = f64::INFINITY;
    for _ in 0..30 {
        let t = Instant::now();
        let e = Engine::from_sources(embedded_sources()).unwrap();
        best = best.min(t.elapsed().as_secs_f64());
        drop(e);
    }
    let before = LIVE.load(Relaxed);
    let engine = Engine::from_sources(embedded_sources()).unwrap();
    let held = LIVE.load(Relaxed) - before;
    let rules = engine.rules().len();
    println!(
        "engine build (embedded defaults, {rules} rules): {:.2} ms (best of 30)",
        best * 1e3
    );
    println!("engine heap: {:.1} KiB", held as f64 / 1024.0);

    let mut seeds = support::seeds();
    seeds.sort_by_key(String::len);
    let seed = Article::from_plain_text(seeds[seeds.len() / 2].clone());
    let long = Article::from_plain_text(support::text_of_size(200_000));
    for (name, a) in [("seed article", &seed), ("200 KB article", &long)] {
        engine.score(a); // warm any lazily built state
        let (peak, calls, findings) = scoring_cost(&engine, a);
        println!(
            "{name} ({} bytes): peak extra heap {:.1} KiB ({:.2}× the text), {calls} allocations, {findings} findings",
            a.body().len(),
            peak as f64 / 1024.0,
            peak as f64 / a.body().len() as f64
        );
    }
    // Past 2 MiB scanned (`DFA_AFTER_BYTES` in src/matcher.rs), the engine builds its phrase
    // DFA (and, past 4 MiB, the line gate); the lazy DFAs' caches have grown too.
    let before = LIVE.load(Relaxed);
    let mut scanned = 0;
    while scanned <= (10 << 20) {
        engine.score(&long);
        scanned += long.body().len();
    }
    println!(
        "engine heap after {} MB scanned (phrase DFA and line gate built): {:.1} KiB",
        scanned / 1_000_000,
        (held + LIVE.load(Relaxed) - before) as f64 / 1024.0
    );
}
