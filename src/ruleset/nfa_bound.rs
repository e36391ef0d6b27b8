//! An upper bound on the memory the `regex` crate's Thompson NFA builder reaches while it
//! compiles a syntax tree, worked out from the tree alone.
//!
//! The size limit of a rule's regex (`Limits::max_regex_bytes`) is the builder's limit: it
//! fails as soon as its states and their transitions take more bytes than that, and since it
//! only ever adds, it fails exactly when the finished builder would be over. Compiling the
//! automaton just to learn that it fits was most of the cost of loading the default rules, so
//! a regex whose bound is within the limit is not compiled at load (`RuleRegex` compiles it on
//! first use); one whose bound is over is compiled at load, which tells exactly, as before.
//!
//! The bound follows the compiler (`regex_automata::nfa::thompson::Compiler`, forward, no
//! shrinking) node by node, counting every state it adds, every transition of its sparse
//! states, and every patch as if it grew a union state:
//!
//! - a literal of `n` bytes: `n` byte states;
//! - a class: a target state and, through the UTF-8 compiler, at most one state and one
//!   transition per edge of the trie of its UTF-8 sequences, plus the root (see
//!   [`utf8_edges`]);
//! - a repetition: its largest count of copies of the sub-expression (at least one), a union
//!   state per optional copy, and a few more states;
//! - an alternation: a union and a join state around the branches, or, when every branch is
//!   a literal, the literal trie (at most two states per byte and one per literal);
//! - a capture (when captures are compiled): two states; a look-around: one state;
//! - around it all, the unanchored prefix (three states), the capture of the whole match and
//!   the match state.
//!
//! The same walk bounds the reverse automaton the full regex also compiles (no captures; a
//! class is a union of its UTF-8 sequences, a state per byte): an `except` pattern the
//! matcher would scan with has its full regex built on first use when both bounds fit.
//!
//! A unit test finds the builder's exact memory (by searching for the smallest limit that
//! compiles) and checks the bound against it on the shipped regexes and on random ones.

use crate::hash::WordHasher;
use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind, Repetition};
use regex_syntax::utf8::{Utf8Range, Utf8Sequences};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Bytes of one builder state, at least (an enum whose largest variants hold a `Vec`: 32
/// bytes on 64-bit targets).
const STATE: u64 = 40;
/// Bytes of one transition of a sparse state (two bytes and a state id: 8).
const TRANSITION: u64 = 8;
/// Bytes a patch may add (one state id appended to a union state).
const PATCH: u64 = 4;

/// States, and heap bytes (transitions and union entries), at most.
#[derive(Debug, Clone, Copy, Default)]
struct Cost {
    states: u64,
    heap: u64,
}

impl Cost {
    fn new(states: u64, heap: u64) -> Cost {
        Cost { states, heap }
    }

    fn plus(self, other: Cost) -> Cost {
        Cost {
            states: self.states.saturating_add(other.states),
            heap: self.heap.saturating_add(other.heap),
        }
    }

    fn times(self, n: u64) -> Cost {
        Cost {
            states: self.states.saturating_mul(n),
            heap: self.heap.saturating_mul(n),
        }
    }

    fn bytes(self) -> u64 {
        self.states.saturating_mul(STATE).saturating_add(self.heap)
    }
}

/// The trie edges of the large classes seen so far (see [`utf8_edges`]): the same few
/// Unicode classes (`\w`, `\p{L}` and their negations) recur in many regexes.
#[derive(Debug, Default)]
pub(crate) struct ClassMemo(HashMap<Vec<u64>, (u64, u64), BuildHasherDefault<WordHasher>>);

/// Classes with fewer ranges are not remembered.
const MEMO_RANGES: usize = 16;

/// At most how many bytes the forward Thompson NFA builder takes to compile `hir`, with
/// capture states for every group when `captures` is set (the `regex` crate's default).
pub(crate) fn nfa_bytes(hir: &Hir, captures: bool, memo: &mut ClassMemo) -> u64 {
    bound(hir, captures, false, memo)
}

/// At most how many bytes the builder takes to compile `hir` in reverse, as the full regex
/// compiles it for its reverse searches (no captures, no shrinking): each class is a union of
/// its UTF-8 sequences, one state per byte of each (see [`utf8_bytes_and_sequences`]).
pub(crate) fn reverse_nfa_bytes(hir: &Hir, memo: &mut ClassMemo) -> u64 {
    bound(hir, false, true, memo)
}

fn bound(hir: &Hir, captures: bool, reverse: bool, memo: &mut ClassMemo) -> u64 {
    // The unanchored prefix `(?s-u:.)*?` (a union, a byte range, an empty state), the capture
    // of group 0, the match state, and the patches between them.
    Bound {
        captures,
        reverse,
        memo,
    }
    .cost(hir)
    .plus(Cost::new(6, 6 * PATCH))
    .bytes()
}

struct Bound<'m> {
    captures: bool,
    reverse: bool,
    memo: &'m mut ClassMemo,
}

impl Bound<'_> {
    fn cost(&mut self, hir: &Hir) -> Cost {
        let captures = self.captures;
        match hir.kind() {
            HirKind::Empty => Cost::new(1, 0),
            HirKind::Literal(lit) => {
                let n = lit.0.len() as u64;
                Cost::new(n.max(1), n * PATCH)
            }
            HirKind::Class(Class::Bytes(c)) => {
                let n = c.ranges().len() as u64;
                Cost::new(2, n * TRANSITION)
            }
            HirKind::Class(Class::Unicode(c)) if self.reverse && !c.is_ascii() => {
                // A union and a join state; per byte of each sequence a byte state and a
                // patch, and a patch of the union per sequence.
                let (bytes, seqs) = self.memo_or(c, true, utf8_bytes_and_sequences);
                Cost::new(2 + bytes, (bytes + seqs) * PATCH)
            }
            HirKind::Class(Class::Unicode(c)) => {
                let (n, _) = self.memo_or(c, false, |c| (utf8_edges(c), 0));
                Cost::new(2 + n, n * TRANSITION)
            }
            HirKind::Look(_) => Cost::new(1, 0),
            HirKind::Capture(c) => {
                let sub = self.cost(&c.sub);
                if captures {
                    sub.plus(Cost::new(2, 2 * PATCH))
                } else {
                    sub
                }
            }
            HirKind::Repetition(r) => self.repetition(r),
            HirKind::Concat(subs) => subs.iter().fold(Cost::new(1, 0), |acc, s| {
                acc.plus(self.cost(s)).plus(Cost::new(0, PATCH))
            }),
            HirKind::Alternation(subs) => {
                let n = subs.len() as u64;
                let branches = subs.iter().fold(Cost::new(2, 0), |acc, s| {
                    acc.plus(self.cost(s)).plus(Cost::new(0, 2 * PATCH))
                });
                // Every branch a literal: the compiler builds a trie of them instead.
                let literal_bytes = subs.iter().try_fold(0u64, |acc, s| match s.kind() {
                    HirKind::Literal(l) => Some(acc + l.0.len() as u64),
                    _ => None,
                });
                match literal_bytes {
                    Some(b) => {
                        let trie = b + 1;
                        let trie = Cost::new(1 + 2 * trie + n, trie * TRANSITION + (trie + 2 * n) * PATCH);
                        Cost::new(branches.states.max(trie.states), branches.heap.max(trie.heap))
                    }
                    None => branches,
                }
            }
        }
    }

    /// `count(class)`, remembered for a large class (one entry per direction).
    fn memo_or(
        &mut self,
        class: &ClassUnicode,
        reverse: bool,
        count: impl Fn(&ClassUnicode) -> (u64, u64),
    ) -> (u64, u64) {
        if class.ranges().len() < MEMO_RANGES {
            return count(class);
        }
        let mut key: Vec<u64> = class
            .ranges()
            .iter()
            .map(|r| u64::from(r.start()) << 32 | u64::from(r.end()))
            .collect();
        if reverse {
            key.push(u64::MAX);
        }
        *self.memo.0.entry(key).or_insert_with(|| count(class))
    }

    fn repetition(&mut self, r: &Repetition) -> Cost {
        let sub = self.cost(&r.sub);
        let min = u64::from(r.min);
        let max = r.max.map_or(min, u64::from);
        let copies = max.max(min).max(1);
        let optional = max.saturating_sub(min);
        let extra = Cost::new(
            optional.saturating_add(4),
            copies
                .saturating_add(optional.saturating_mul(3))
                .saturating_add(6)
                .saturating_mul(PATCH),
        );
        sub.times(copies).plus(extra)
    }
}

/// The edges of the trie of the UTF-8 sequences of `class`, in the order the compiler adds
/// them: each sequence adds the bytes it does not share with the one before. The compiler's
/// UTF-8 automaton has at most one transition per edge and one state per edge, plus its root
/// and target states (it may share more, never less).
///
/// A range within one block of 64 characters (all but the last byte the same) is one
/// sequence, compared with the one before by its leading bytes; a longer range's sequences
/// are enumerated, the first of them counted whole.
fn utf8_edges(class: &ClassUnicode) -> u64 {
    // The previous sequence when it was a whole block's: its first character and length.
    let mut prev: Option<(u32, usize)> = None;
    let mut edges = 0;
    for r in class.ranges() {
        let (a, b) = (u32::from(r.start()), u32::from(r.end()));
        let n = r.start().len_utf8();
        if b < 0x80 {
            // One sequence of one byte, not the one before.
            edges += 1;
            prev = None;
        } else if a >> 6 == b >> 6 {
            // The leading bytes are the first `n - 1` base-64 digits above the last one, so
            // with the block before they share as many as those digits agree.
            let common = match prev {
                Some((p, m)) if m == n => (1..n)
                    .take_while(|k| a >> (6 * (n - k)) == p >> (6 * (n - k)))
                    .count(),
                _ => 0,
            };
            edges += (n - common) as u64;
            prev = Some((a, n));
        } else {
            let mut last = [Utf8Range { start: 0, end: 0 }; 4];
            let mut last_len = 0;
            for seq in Utf8Sequences::new(r.start(), r.end()) {
                let s = seq.as_slice();
                let common = s
                    .iter()
                    .zip(&last[..last_len])
                    .take_while(|(x, y)| x == y)
                    .count();
                edges += (s.len() - common) as u64;
                last[..s.len()].copy_from_slice(s);
                last_len = s.len();
            }
            prev = None;
        }
    }
    edges
}

/// The bytes of every UTF-8 sequence of `class` in all, and how many sequences there are.
fn utf8_bytes_and_sequences(class: &ClassUnicode) -> (u64, u64) {
    let (mut bytes, mut seqs) = (0, 0);
    for r in class.ranges() {
        let (a, b) = (u32::from(r.start()), u32::from(r.end()));
        if b < 0x80 || a >> 6 == b >> 6 {
            // ASCII, or within one block of 64: one sequence.
            bytes += r.start().len_utf8() as u64;
            seqs += 1;
            continue;
        }
        for seq in Utf8Sequences::new(r.start(), r.end()) {
            bytes += seq.len() as u64;
            seqs += 1;
        }
    }
    (bytes, seqs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex_automata::nfa::thompson;

    /// The fast path of `utf8_edges` gives the sequence `Utf8Sequences` gives.
    #[test]
    fn a_range_within_a_block_is_one_sequence() {
        for (a, b) in [
            ('a', 'z'),
            ('é', 'ö'),
            ('\u{4E00}', '\u{4E3F}'),
            ('\u{1F600}', '\u{1F63F}'),
            ('\u{10FFFF}', '\u{10FFFF}'),
        ] {
            let seqs: Vec<_> = Utf8Sequences::new(a, b).collect();
            assert_eq!(seqs.len(), 1, "{a:?}..={b:?}");
            let one = ClassUnicode::new([regex_syntax::hir::ClassUnicodeRange::new(a, b)]);
            assert_eq!(utf8_edges(&one), seqs[0].len() as u64);
        }
    }

    /// The builder's exact memory for `hir`: the smallest size limit it compiles within.
    fn exact(hir: &Hir, reverse: bool) -> u64 {
        let captures = match reverse {
            false => thompson::WhichCaptures::All,
            true => thompson::WhichCaptures::None,
        };
        let fits = |limit: u64| {
            thompson::Compiler::new()
                .configure(
                    thompson::Config::new()
                        .nfa_size_limit(Some(limit as usize))
                        .shrink(false)
                        .reverse(reverse)
                        .which_captures(captures),
                )
                .build_from_hir(hir)
                .is_ok()
        };
        let (mut lo, mut hi) = (0u64, 1u64 << 30);
        assert!(fits(hi));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if fits(mid) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo
    }

    fn check(pattern: &str) {
        let hir = regex_syntax::parse(pattern).unwrap();
        let (bound, exact_bytes) = (
            nfa_bytes(&hir, true, &mut ClassMemo::default()),
            exact(&hir, false),
        );
        assert!(bound >= exact_bytes, "{pattern}: bound {bound} < {exact_bytes}");
        let (reverse, exact_reverse) = (
            reverse_nfa_bytes(&hir, &mut ClassMemo::default()),
            exact(&hir, true),
        );
        assert!(
            reverse >= exact_reverse,
            "{pattern}: reverse bound {reverse} < {exact_reverse}"
        );
        assert!(nfa_bytes(&hir, false, &mut ClassMemo::default()) <= bound);
    }

    #[test]
    fn the_bound_holds_for_the_shipped_regexes() {
        let mut loosest = 0;
        let shipped = crate::ruleset::embedded_regexes();
        for p in &shipped {
            let hir = regex_syntax::parse(p).unwrap();
            let memo = &mut ClassMemo::default();
            loosest = loosest
                .max(nfa_bytes(&hir, true, memo))
                .max(reverse_nfa_bytes(&hir, memo));
            check(p);
        }
        assert!(shipped.len() > 40, "{} regexes", shipped.len());
        // The bound is not so loose that a shipped regex would be compiled at load.
        let limit = crate::limits::Limits::default().max_regex_bytes as u64;
        assert!(loosest < limit, "a bound of {loosest} bytes");
    }

    #[test]
    fn the_bound_holds_at_the_edges() {
        for p in [
            "",
            "a",
            "(?:)",
            "a|b",
            "abc|abd|ab|",
            "(a)|(b)",
            "x*",
            "x*?",
            "(?:a*)*",
            "(?:a?){3,7}",
            "(?:ab){0,20}",
            "(?:\\w){2,}",
            "[^a]",
            "\\p{L}{1,3}",
            "(?i)k\\b",
            "(?-u:[a-z\\d]\\b)",
            "^\\W*$",
            "[\u{D7FF}-\u{E000}]",
            "[\\x00-\\x{10FFFF}]",
        ] {
            check(p);
        }
    }

    /// The edges of the trie of every UTF-8 sequence of `class`, enumerated.
    fn enumerated_edges(class: &ClassUnicode) -> u64 {
        let mut last = [Utf8Range { start: 0, end: 0 }; 4];
        let mut last_len = 0;
        let mut edges = 0;
        for r in class.ranges() {
            for seq in Utf8Sequences::new(r.start(), r.end()) {
                let s = seq.as_slice();
                let common = s
                    .iter()
                    .zip(&last[..last_len])
                    .take_while(|(x, y)| x == y)
                    .count();
                edges += (s.len() - common) as u64;
                last[..s.len()].copy_from_slice(s);
                last_len = s.len();
            }
        }
        edges
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

        #[test]
        fn classes_have_at_most_the_edges_counted(
            bounds in proptest::collection::vec(prop_oneof![0u32..0x300, 0x300u32..0x3000, 0u32..0x11_0000], 2..40),
        ) {
            let mut chars: Vec<char> = bounds.iter().filter_map(|&c| char::from_u32(c)).collect();
            chars.sort_unstable();
            let ranges = chars
                .chunks_exact(2)
                .map(|p| regex_syntax::hir::ClassUnicodeRange::new(p[0], p[1]));
            let class = ClassUnicode::new(ranges);
            prop_assert!(utf8_edges(&class) >= enumerated_edges(&class));
        }

        #[test]
        fn the_bound_holds_for_random_regexes(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("a"), Just("(?i)s"), Just("\\w"), Just("\\W"), Just("\\p{L}"),
                    Just("[^\\p{L}\\d\\n]"), Just("é"), Just("[a-z]"), Just("\\b"), Just("^"),
                    Just("(?m)$"), Just("\\s"), Just("."), Just("(?:ab|cd)"), Just("(x)"),
                    Just("(?:foo|bar|baz)"), Just("\\d"), Just("[\u{80}-\u{10FFFF}]"),
                ],
                1..6,
            ),
            ops in proptest::collection::vec(0u8..8, 1..6),
        ) {
            let mut pattern = String::new();
            for (p, op) in parts.iter().zip(ops.iter().cycle()) {
                let piece = match op {
                    0 => format!("{p}*"),
                    1 => format!("(?:{p})+"),
                    2 => format!("(?:{p}){{2,4}}"),
                    3 => format!("(?:{p})?"),
                    4 => format!("(?:{p}|z)"),
                    5 => format!("(?:{p}){{3}}"),
                    _ => p.to_string(),
                };
                pattern.push_str(&piece);
            }
            check(&pattern);
        }
    }
}
