//! Inputs shared by the benchmarks: seed-like articles of any size, generated rule sets, and
//! the reference "limit" scan. Everything is built from files inside the repository.

#![allow(dead_code)] // each bench uses its own part

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use credence::{embedded_sources, Engine, Matcher, RuleSource};

/// The seed articles (`seeds/*.txt`), in file order.
pub fn seeds() -> Vec<String> {
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

/// Seed text repeated (articles separated by a blank line) to exactly `size` bytes or just
/// under, cut at a character boundary.
pub fn text_of_size(size: usize) -> String {
    let seeds = seeds();
    let mut out = String::with_capacity(size + 8192);
    'fill: loop {
        for s in &seeds {
            if out.len() >= size {
                break 'fill;
            }
            out.push_str(s);
            out.push_str("\n\n");
        }
    }
    let mut cut = size;
    while !out.is_char_boundary(cut) {
        cut -= 1;
    }
    out.truncate(cut);
    out
}

/// Every literal phrase of the enabled rules of an engine.
pub fn phrases(engine: &Engine) -> Vec<String> {
    engine
        .rules()
        .iter()
        .filter(|r| r.enabled())
        .flat_map(|r| match r.matcher() {
            Matcher::Phrases(p) => p.iter().map(|p| p.text.clone()).collect(),
            Matcher::Regex(_) | Matcher::Analyzer(_) => Vec::new(),
        })
        .collect()
}

/// The reference scan: one case-insensitive Aho-Corasick pass reporting every (overlapping)
/// occurrence of every phrase, doing nothing else. This is what the engine's phrase rules
/// need at the least: every phrase of every rule, overlaps included. The automaton is a DFA
/// (the fastest kind, and the one the engine uses for a rule set of this size).
pub struct Limit {
    overlapping: AhoCorasick,
    leftmost: AhoCorasick,
}

impl Limit {
    /// Builds both reference automata over the phrases of the default rules.
    pub fn new(engine: &Engine) -> Limit {
        let p = phrases(engine);
        let overlapping = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .build(&p)
            .unwrap();
        let leftmost = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            .build(&p)
            .unwrap();
        Limit {
            overlapping,
            leftmost,
        }
    }

    /// Counts every overlapping occurrence (the reference the targets are stated against).
    pub fn overlapping(&self, text: &str) -> usize {
        self.overlapping.find_overlapping_iter(text).count()
    }

    /// Counts non-overlapping leftmost-first occurrences: a faster, weaker scan (it may use the
    /// SIMD prefilters), shown for context.
    pub fn leftmost(&self, text: &str) -> usize {
        self.leftmost.find_iter(text).count()
    }
}

/// Deterministic pseudo-random numbers (xorshift), so generated rule sets are the same on
/// every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The words of the seed articles (letters only, lower case, at least 3 letters, deduplicated).
fn vocabulary() -> Vec<String> {
    let mut words: Vec<String> = seeds()
        .iter()
        .flat_map(|s| {
            s.split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

fn scoring_source() -> RuleSource {
    embedded_sources()
        .into_iter()
        .find(|s| s.origin.ends_with("scoring.toml"))
        .expect("the embedded rules have a scoring.toml")
}

/// A rule set of the `[scoring]` table and `n` generated phrase rules, each listing three
/// phrases of two or three words drawn from the seeds' vocabulary (so the automaton sees
/// realistic prefixes and some phrases do occur).
pub fn phrase_rules(n: usize) -> Vec<RuleSource> {
    let vocab = vocabulary();
    let mut rng = Rng::new(0x5eed + n as u64);
    let mut toml = String::new();
    for i in 0..n {
        let mut phrases = Vec::new();
        for _ in 0..3 {
            let k = 2 + rng.below(2);
            let words: Vec<&str> = (0..k).map(|_| vocab[rng.below(vocab.len())].as_str()).collect();
            phrases.push(format!("{:?}", words.join(" ")));
        }
        toml.push_str(&format!(
            "[[rule]]\nid = \"boilerplate/gen-{i}\"\ncategory = \"boilerplate\"\npoints = -1\n\
             message = \"generated\"\nphrases = [{}]\n\n",
            phrases.join(", ")
        ));
    }
    vec![scoring_source(), RuleSource::new("generated.toml", toml)]
}

/// A rule set of the `[scoring]` table and `n` generated regex rules shaped like real ones:
/// a case-insensitive word from the seeds' vocabulary followed by a number or a capitalised
/// word.
pub fn regex_rules(n: usize) -> Vec<RuleSource> {
    let vocab = vocabulary();
    let mut rng = Rng::new(0x7e9e + n as u64);
    let mut toml = String::new();
    for i in 0..n {
        let w = &vocab[rng.below(vocab.len())];
        let pattern = match i % 3 {
            0 => format!(r"(?i)\b{w}\s+\d+"),
            1 => format!(r"\b{w}\s+[A-Z][a-z]+\b"),
            _ => format!(r"(?i)\b{w}(?:,|:)\s+\w+"),
        };
        toml.push_str(&format!(
            "[[rule]]\nid = \"boilerplate/gen-{i}\"\ncategory = \"boilerplate\"\npoints = -1\n\
             message = \"generated\"\nregex = '''{pattern}'''\n\n"
        ));
    }
    vec![scoring_source(), RuleSource::new("generated.toml", toml)]
}
