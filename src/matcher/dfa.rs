//! The phrase automaton as a compact DFA, built straight from the patterns.
//!
//! aho-corasick's own DFA of the default rules (about 2,600 patterns, 27,000 states) takes
//! ~290 M instructions to build, because it works out each transition through the sparse
//! states of a noncontiguous NFA, and its table holds 4-byte state ids for 128 byte classes:
//! 13.7 MB. This one is built the textbook way, in one breadth-first pass over a trie kept
//! dense from the start (each state's row is its failure state's row with its own children
//! written over it), and holds 2-byte state numbers: 6.8 MB for the same rules, built in
//! ~58 M instructions (~8 ms, against ~35 ms). A rule set whose trie has more states than
//! 2-byte numbers can tell apart (2,000 generated phrase rules come close: 65,114) gets
//! 4-byte ones ([`Num`]).
//!
//! A row holds one entry per byte class, rounded up to a power of two so that a state's row
//! starts at `state << shift` (the entries past the classes are never read, so they cost
//! address space, not cache). States with matches are numbered last, so the walk tells them
//! apart with one comparison.
//!
//! It finds exactly what aho-corasick's automata find with `MatchKind::Standard`, in the same
//! order: at each end, a state's own patterns (in pattern order), then its failure state's,
//! and so on (a property test checks this against the crate's overlapping search).

/// The width of a DFA's state numbers: `u16` when the trie fits, else `u32`.
pub(crate) trait Num: Copy + Ord + std::fmt::Debug + Send + Sync + 'static {
    /// A child not yet written, while the trie is built (so not a state number).
    const NONE: Self;
    fn from_usize(n: usize) -> Self;
    fn to_usize(self) -> usize;
}

impl Num for u16 {
    const NONE: u16 = u16::MAX;
    #[inline(always)]
    fn from_usize(n: usize) -> u16 {
        n as u16
    }
    #[inline(always)]
    fn to_usize(self) -> usize {
        self as usize
    }
}

impl Num for u32 {
    const NONE: u32 = u32::MAX;
    #[inline(always)]
    fn from_usize(n: usize) -> u32 {
        n as u32
    }
    #[inline(always)]
    fn to_usize(self) -> usize {
        self as usize
    }
}

/// A dense DFA over byte classes, with state numbers of type `S` (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct PhraseDfa<S: Num> {
    /// Byte to class: each byte that occurs in a pattern has its own class, every other
    /// byte shares class 0.
    classes: [u8; 256],
    /// log2 of the row length (the number of classes rounded up to a power of two, so a
    /// row starts at `state << shift`).
    shift: u32,
    /// The transitions, row after row.
    trans: Vec<S>,
    /// States numbered from here on are match states (the others come first, so one
    /// comparison tells them apart).
    match_from: S,
    /// For match state `match_from + i`: its patterns are
    /// `patterns[match_at[i]..match_at[i + 1]]`.
    match_at: Vec<u32>,
    patterns: Vec<u32>,
    /// Each pattern's length in bytes.
    lens: Vec<u32>,
    max_len: usize,
}

impl<S: Num> PhraseDfa<S> {
    /// The DFA of `keys`, or `None` when a key is empty or the trie has more states than `S`
    /// can tell apart.
    pub(crate) fn new<K: AsRef<[u8]>>(keys: &[K]) -> Option<PhraseDfa<S>> {
        if keys.iter().any(|k| k.as_ref().is_empty()) || keys.len() > u32::MAX as usize {
            return None;
        }
        let (classes, n) = byte_classes(keys)?;
        let shift = n.next_power_of_two().trailing_zeros();
        let stride = 1usize << shift;
        let mut rows = trie(keys, &classes, shift)?;
        let states = rows.len() >> shift;
        let fail = fill(&mut rows, shift, n);
        // Match lists, in breadth-first order (a failure state's is complete before its
        // children need it): own patterns (in id order), then the failure state's list.
        let mut own: Vec<(S, u32)> = Vec::with_capacity(keys.len());
        for (id, k) in keys.iter().enumerate() {
            let mut s = S::from_usize(0);
            for &b in k.as_ref() {
                s = rows[(s.to_usize() << shift) | classes[b as usize] as usize];
            }
            // Walking a key from the start ends in the trie state where the key ends.
            own.push((s, id as u32));
        }
        own.sort_unstable();
        let mut list: Vec<Vec<u32>> = vec![Vec::new(); states];
        for &(s, id) in &own {
            list[s.to_usize()].push(id);
        }
        for &s in &fail.order {
            let (s, f) = (s.to_usize(), fail.of[s.to_usize()].to_usize());
            if s != 0 && !list[f].is_empty() {
                let inherited = list[f].clone();
                list[s].extend(inherited);
            }
        }
        // Renumber, states without matches first (the root, which has none, stays 0), and
        // move the rows to their new places.
        let mut number = vec![S::from_usize(0); states];
        let mut next = 0;
        for matching in [false, true] {
            for (s, l) in list.iter().enumerate() {
                if l.is_empty() != matching {
                    number[s] = S::from_usize(next);
                    next += 1;
                }
            }
        }
        let match_from = states - list.iter().filter(|l| !l.is_empty()).count();
        for row in rows.chunks_exact_mut(stride) {
            for t in &mut row[..n] {
                *t = number[t.to_usize()];
            }
        }
        permute_rows(&mut rows, stride, &number);
        let mut match_at = Vec::with_capacity(states - match_from + 1);
        let mut patterns = Vec::new();
        let mut by_number = vec![0usize; states];
        for (s, &k) in number.iter().enumerate() {
            by_number[k.to_usize()] = s;
        }
        for &s in &by_number[match_from..] {
            match_at.push(patterns.len() as u32);
            patterns.extend_from_slice(&list[s]);
        }
        match_at.push(patterns.len() as u32);
        let lens: Vec<u32> = keys.iter().map(|k| k.as_ref().len() as u32).collect();
        let max_len = lens.iter().copied().max().unwrap_or(0) as usize;
        Some(PhraseDfa {
            classes,
            shift,
            trans: rows,
            match_from: S::from_usize(match_from),
            match_at,
            patterns,
            lens,
            max_len,
        })
    }

    /// The state the walk starts in.
    #[inline(always)]
    pub(crate) fn start(&self) -> S {
        S::from_usize(0)
    }

    /// The state after reading `byte` in state `s`.
    #[inline(always)]
    pub(crate) fn next(&self, s: S, byte: u8) -> S {
        let at = (s.to_usize() << self.shift) | self.classes[byte as usize] as usize;
        // In bounds: a state number is below the row count and a class below the row length.
        self.trans[at]
    }

    /// Whether some pattern ends in state `s`.
    #[inline(always)]
    pub(crate) fn is_match(&self, s: S) -> bool {
        s >= self.match_from
    }

    /// The patterns that end in match state `s`, in the order aho-corasick reports them.
    #[inline(always)]
    pub(crate) fn matches(&self, s: S) -> &[u32] {
        let i = s.to_usize() - self.match_from.to_usize();
        &self.patterns[self.match_at[i] as usize..self.match_at[i + 1] as usize]
    }

    /// Pattern `p`'s length in bytes.
    #[inline(always)]
    pub(crate) fn pattern_len(&self, p: u32) -> usize {
        self.lens[p as usize] as usize
    }

    /// The longest pattern's length.
    pub(crate) fn max_pattern_len(&self) -> usize {
        self.max_len
    }
}

/// Byte to class (each byte of a key its own class from 1, the rest 0) and the number of
/// classes; `None` when every byte value occurs, leaving no class for the rest.
fn byte_classes<K: AsRef<[u8]>>(keys: &[K]) -> Option<([u8; 256], usize)> {
    let mut seen = [false; 256];
    for k in keys {
        for &b in k.as_ref() {
            seen[b as usize] = true;
        }
    }
    let mut classes = [0u8; 256];
    let mut n = 1usize;
    for b in 0..256 {
        if seen[b] {
            if n > u8::MAX as usize {
                return None;
            }
            classes[b] = n as u8;
            n += 1;
        }
    }
    Some((classes, n))
}

/// The keys' trie as dense rows of `1 << shift` entries ([`Num::NONE`]: no child); `None`
/// when `S` cannot number its states (`NONE` is not a state number).
fn trie<S: Num, K: AsRef<[u8]>>(keys: &[K], classes: &[u8; 256], shift: u32) -> Option<Vec<S>> {
    let stride = 1usize << shift;
    // Room for the most states the keys can make, so the rows are never copied to grow
    // (only the rows used are written, so only their pages are touched).
    let most = 1 + keys.iter().map(|k| k.as_ref().len()).sum::<usize>();
    let mut rows: Vec<S> = Vec::with_capacity(most.min(S::NONE.to_usize()) << shift);
    rows.resize(stride, S::NONE);
    for k in keys {
        let mut s = 0usize;
        for &b in k.as_ref() {
            let at = (s << shift) | classes[b as usize] as usize;
            if rows[at] == S::NONE {
                let next = rows.len() >> shift;
                if next >= S::NONE.to_usize() {
                    return None;
                }
                rows[at] = S::from_usize(next);
                rows.resize(rows.len() + stride, S::NONE);
            }
            s = rows[at].to_usize();
        }
    }
    Some(rows)
}

/// The failure states, and the states in breadth-first order (the root first).
struct Failures<S> {
    of: Vec<S>,
    order: Vec<S>,
}

/// Turns the trie into the DFA's transitions: in breadth-first order, each state's row
/// becomes its failure state's, with its own children written over it (a failure state is
/// shallower, so its row is complete by then). Only the first `n` columns are used.
fn fill<S: Num>(rows: &mut [S], shift: u32, n: usize) -> Failures<S> {
    let states = rows.len() >> shift;
    let root = S::from_usize(0);
    let mut of = vec![root; states];
    let mut order: Vec<S> = Vec::with_capacity(states);
    order.push(root);
    // The root's missing children lead back to it; its children fail to it.
    for t in &mut rows[..n] {
        if *t == S::NONE {
            *t = root;
        } else {
            order.push(*t);
        }
    }
    let mut via_fail = vec![root; n];
    let mut i = 1;
    while i < order.len() {
        let s = order[i].to_usize();
        i += 1;
        let f = of[s].to_usize() << shift;
        via_fail.copy_from_slice(&rows[f..f + n]);
        let row = s << shift;
        for (t, &v) in rows[row..row + n].iter_mut().zip(&via_fail) {
            if *t == S::NONE {
                *t = v;
            } else {
                of[t.to_usize()] = v;
                order.push(*t);
            }
        }
    }
    Failures { of, order }
}

/// Moves row `s` of `rows` to row `number[s]`, in place (cycle after cycle of the
/// permutation, one spare row).
fn permute_rows<S: Num>(rows: &mut [S], stride: usize, number: &[S]) {
    let mut placed = vec![false; number.len()];
    let mut carried = vec![S::from_usize(0); stride];
    for first in 0..number.len() {
        if placed[first] {
            continue;
        }
        carried.copy_from_slice(&rows[first * stride..(first + 1) * stride]);
        let mut from = first;
        loop {
            placed[from] = true;
            let to = number[from].to_usize();
            if to == first {
                rows[first * stride..(first + 1) * stride].copy_from_slice(&carried);
                break;
            }
            rows[to * stride..(to + 1) * stride].swap_with_slice(&mut carried);
            from = to;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every match of a walk from the start, as (pattern, start, end), in the order found.
    fn walk<S: Num>(dfa: &PhraseDfa<S>, hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut s = dfa.start();
        let mut out = Vec::new();
        for (i, &b) in hay.iter().enumerate() {
            s = dfa.next(s, b);
            if dfa.is_match(s) {
                for &p in dfa.matches(s) {
                    out.push((p as usize, i + 1 - dfa.pattern_len(p), i + 1));
                }
            }
        }
        out
    }

    proptest! {
        /// What aho-corasick's overlapping search finds, in its order, with either width of
        /// state numbers: with repeated keys, keys inside keys and multi-byte characters.
        #[test]
        fn finds_what_the_overlapping_search_finds(
            keys in proptest::collection::vec("[ab’é ]{1,5}", 1..16),
            hay in "[ab’éc ]{0,120}",
        ) {
            let expected: Vec<(usize, usize, usize)> = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::Standard)
                .build(&keys)
                .unwrap()
                .find_overlapping_iter(&hay)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            prop_assert_eq!(&walk(&PhraseDfa::<u16>::new(&keys).unwrap(), hay.as_bytes()), &expected);
            prop_assert_eq!(walk(&PhraseDfa::<u32>::new(&keys).unwrap(), hay.as_bytes()), expected);
        }
    }

    #[test]
    fn refuses_what_it_cannot_hold() {
        assert!(PhraseDfa::<u16>::new(&["a", ""]).is_none(), "an empty key");
        assert!(PhraseDfa::<u32>::new(&["a", ""]).is_none(), "an empty key");
        // Four-letter keys: 26^4 of them need more than 65,536 states, 20,000 fewer.
        let letters = |mut n: usize| {
            (0..4)
                .map(|_| {
                    let c = (b'a' + (n % 26) as u8) as char;
                    n /= 26;
                    c
                })
                .collect::<String>()
        };
        let many: Vec<String> = (0..26usize.pow(4)).map(letters).collect();
        assert!(PhraseDfa::<u16>::new(&many).is_none());
        let some: Vec<String> = (0..20_000).map(letters).collect();
        let small = PhraseDfa::<u16>::new(&some).expect("fewer states");
        let large = PhraseDfa::<u32>::new(&some).expect("fewer states");
        assert_eq!(walk(&small, b"zaaa").len(), 1);
        assert_eq!(walk(&small, b"xyzaaaqb"), walk(&large, b"xyzaaaqb"));
    }
}
