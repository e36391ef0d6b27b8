//! Pivots: literals inside a regex that every match of one of its branches holds, for regexes
//! whose matches can start almost anywhere (a leading `[A-Z]`, `\w+`, or `^[^\p{L}\n]*`).
//!
//! A branch of a regex (a top-level alternative, or the whole regex) is a concatenation
//! `c_0 … c_n`. When the part from some `c_k` on has a small set of prefix literals (the
//! pivot), every match of the branch holds one of them where `c_k` starts: the phrase
//! automaton reports where they occur, as it does prefix literals. Such a place `p` can be
//! part of a match only if the branch from `c_k` on matches anchored at `p` (the forward check)
//! and the branch before `c_k` matches anchored to end at `p` (the reverse check); a failed
//! check rules the place out, a passed one (or a lazy DFA giving up) keeps it. Two uses:
//!
//! - a regex that cannot match a line break is searched only on the lines where a check
//!   passed (`StartsAt::Pivots`): its matches there are exactly those of a whole-field
//!   search, as none crosses a line break;
//! - a branch that starts at a line start, with no line break before its pivot, can only
//!   match from the start of the pivot's line: that line start is its candidate
//!   (`StartsAt::LineStarts` and `StartsAt::LiteralsAndLineStarts`), instead of every line
//!   start. No check is made there: the anchored search at the line start is the check.
//!
//! A branch is split further at its first alternation when it has no pivot of its own
//! (`\b(?:HEADING…|(?i:…goes here))`, as the parser factors the common `\b` out). The pivot
//! of a branch is the part that starts the longest literals (ties: fewer literals, then the
//! earlier part); its literals are read from the syntax tree as the literal extractor reads
//! the tree with case-insensitive letters folded (see `prefixes`).

use super::{class_is_big, ends_prefixes, gate_literals, one_letter};
use crate::ruleset::CachePool;
use once_cell::sync::OnceCell;
use regex_automata::hybrid::dfa::DFA;
use regex_automata::nfa::thompson;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{Literal, Seq};
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use std::collections::HashMap;

/// The pivots of a regex's branches (see the module documentation).
#[derive(Debug)]
pub(crate) struct Pivots {
    /// One per branch that has a pivot (every branch, or every line-start branch).
    pub(crate) branches: Vec<Pivot>,
    /// For the line-start branches: whether a `\r` starts a line too (`(?mR)^`).
    pub(crate) crlf: bool,
}

/// One branch's pivot and its checks.
pub(crate) struct Pivot {
    /// The pivot's folded literals (patterns of the phrase automaton).
    pub(crate) lits: Vec<String>,
    /// The branch from its pivot on (`None` for a line-start pivot, which has no checks).
    after: Option<Hir>,
    /// The branch before its pivot (`None` when the pivot is its start).
    before: Option<Hir>,
    /// The checks' lazy DFAs, built on first use (`None` if they cannot be).
    checks: OnceCell<Option<Checks>>,
}

impl std::fmt::Debug for Pivot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pivot")
            .field("lits", &self.lits)
            .field("before", &self.before.is_some())
            .finish()
    }
}

struct Checks {
    forward: (DFA, CachePool),
    reverse: Option<(DFA, CachePool)>,
}

/// Most parts of a concatenation read for a pivot's literals (at most that many characters).
const MAX_PIVOT_PARTS: usize = 16;

/// Most prefix literals a pivot may have.
const MAX_PIVOT_LITERALS: usize = super::MAX_PREFIX_LITERALS;

impl Pivots {
    /// The pivots of every branch of `hir` (its top-level alternatives), or `None` when a
    /// branch has none.
    pub(crate) fn of_every_branch(hir: &Hir) -> Option<Pivots> {
        let mut branches = Vec::new();
        let mut parts = Vec::new();
        flatten(hir, &mut parts);
        pivots_of(&parts, Use::Checks, &mut Memo::default(), &mut branches)?;
        Some(Pivots {
            branches,
            crlf: false,
        })
    }

    /// The pivots of the branches of `hir` that start at a line start, or `None` when one of
    /// them has none, or may match a line break (`\n`, and `\r` when it starts lines too)
    /// before it.
    pub(crate) fn of_line_branches(hir: &Hir) -> Option<Pivots> {
        let top: Vec<&Hir> = match hir.kind() {
            HirKind::Alternation(bs) => bs.iter().filter(|b| super::at_line_start(b)).collect(),
            _ => vec![hir],
        };
        let crlf = top
            .iter()
            .any(|b| b.properties().look_set().contains(Look::StartCRLF));
        let mut branches = Vec::new();
        let mut memo = Memo::default();
        for b in top {
            let mut parts = Vec::new();
            flatten(b, &mut parts);
            pivots_of(&parts, Use::LineStarts { crlf }, &mut memo, &mut branches)?;
        }
        (!branches.is_empty()).then_some(Pivots { branches, crlf })
    }

    /// Whether some branch can match through `p`, as far as its checks tell: `hay[p..]` starts
    /// with its pivot's part, and `hay[..p]` ends with the part before it, both within `line`.
    pub(crate) fn may_match_at(&self, hay: &str, line: std::ops::Range<usize>, p: usize) -> bool {
        self.branches.iter().any(|b| b.may_match_at(hay, line.clone(), p))
    }
}

/// The prefixes of the parts of a regex read so far, by their address in its tree (the
/// branches a regex splits into share most of their parts).
type Memo = HashMap<*const Hir, Seq>;

/// What a pivot is for.
#[derive(Clone, Copy)]
enum Use {
    /// Checks at each place it occurs: its branch's parts are kept for them.
    Checks,
    /// The start of its line: no line break may come before it in a match.
    LineStarts { crlf: bool },
}

/// Most branches a regex is split into for its pivots.
const MAX_BRANCHES: usize = 32;

/// Pushes `hir` to `out` as the parts of a concatenation (the parts of a concatenation, the
/// inside of a group).
fn flatten<'h>(hir: &'h Hir, out: &mut Vec<&'h Hir>) {
    match hir.kind() {
        HirKind::Concat(items) => items.iter().for_each(|h| flatten(h, out)),
        HirKind::Capture(c) => flatten(&c.sub, out),
        _ => out.push(hir),
    }
}

/// Pushes to `out` the pivot of the concatenation of `parts`, or if it has none, the pivots
/// of the branches it splits into at its first alternation (`\b(?:a…|b…)` is `\ba…|\bb…`; the
/// parser factors common prefixes out). `None` when some branch has none, or there would be
/// more than [`MAX_BRANCHES`].
fn pivots_of(parts: &[&Hir], use_: Use, memo: &mut Memo, out: &mut Vec<Pivot>) -> Option<()> {
    if out.len() >= MAX_BRANCHES {
        return None;
    }
    // A lone alternation is split at once (the regex it is had no prefix literals).
    let alone = matches!(parts, [h] if matches!(h.kind(), HirKind::Alternation(_)));
    if let Some(p) = (!alone).then(|| Pivot::of(parts, use_, memo)).flatten() {
        out.push(p);
        return Some(());
    }
    let (i, bs) = parts.iter().enumerate().find_map(|(i, h)| match h.kind() {
        HirKind::Alternation(bs) => Some((i, bs)),
        _ => None,
    })?;
    if out.len() + bs.len() > MAX_BRANCHES {
        return None;
    }
    bs.iter().try_for_each(|b| {
        let mut split = parts[..i].to_vec();
        flatten(b, &mut split);
        split.extend_from_slice(&parts[i + 1..]);
        pivots_of(&split, use_, memo, out)
    })
}

impl Pivot {
    /// The best pivot of the concatenation of `parts`: the part whose prefix literals (of it
    /// and what follows) are longest (fewest literals, then the earliest part, on a tie).
    /// Only parts that start a run of literals are tried (a part inside one has shorter
    /// literals). `None` when there is none, or (for line starts) a line break may come
    /// before it.
    fn of(parts: &[&Hir], use_: Use, memo: &mut Memo) -> Option<Pivot> {
        // The prefixes of each part, worked out once, when first read; from a part, they are
        // crossed with those of the parts that follow, as the literal extractor does for a
        // concatenation, up to `MAX_PIVOT_PARTS` parts.
        let mut best: Option<(usize, Vec<String>)> = None;
        let score = |lits: &[String]| {
            let shortest = lits.iter().map(|l| l.chars().count()).min().unwrap_or(0);
            (shortest, usize::MAX - lits.len())
        };
        let literal = |h: &Hir| match h.kind() {
            HirKind::Literal(_) => true,
            HirKind::Class(Class::Unicode(c)) => c.ranges().len() <= 4 && one_letter(c).is_some(),
            _ => false,
        };
        for k in 0..parts.len() {
            let starts_none = match parts[k].kind() {
                HirKind::Look(_) => true,
                HirKind::Repetition(r) => r.min == 0,
                _ => ends_prefixes(parts[k]),
            };
            if starts_none || (k > 0 && literal(parts[k - 1])) {
                continue;
            }
            let last = parts.len().min(k + MAX_PIVOT_PARTS);
            let mut seq = Seq::singleton(Literal::exact(vec![]));
            let mut run: Vec<u8> = Vec::new();
            for &part in &parts[k..last] {
                if seq.is_inexact() {
                    break;
                }
                if append_letters(part, &mut run) {
                    continue;
                }
                if !run.is_empty() {
                    cross(&mut seq, Seq::singleton(Literal::exact(std::mem::take(&mut run))));
                }
                if !seq.is_inexact() {
                    let next = memo
                        .entry(part as *const Hir)
                        .or_insert_with(|| prefixes(part))
                        .clone();
                    cross(&mut seq, next);
                }
            }
            if !run.is_empty() && !seq.is_inexact() {
                cross(&mut seq, Seq::singleton(Literal::exact(run)));
            }
            if last < parts.len() {
                seq.make_inexact();
            }
            let Some(lits) = gate_literals(&seq) else {
                continue;
            };
            if lits.len() > MAX_PIVOT_LITERALS {
                continue;
            }
            if best.as_ref().is_none_or(|(_, b)| score(&lits) > score(b)) {
                best = Some((k, lits));
            }
        }
        let (k, lits) = best?;
        let concat = |ps: &[&Hir]| Hir::concat(ps.iter().map(|&h| h.clone()).collect());
        let (after, before) = match use_ {
            Use::Checks => (Some(concat(&parts[k..])), (k > 0).then(|| concat(&parts[..k]))),
            Use::LineStarts { crlf } => {
                let breaks = |h: &&Hir| may_match(h, '\n') || (crlf && may_match(h, '\r'));
                if parts[..k].iter().any(breaks) {
                    return None;
                }
                (None, None)
            }
        };
        Some(Pivot {
            lits,
            after,
            before,
            checks: OnceCell::new(),
        })
    }

    fn checks(&self) -> Option<&Checks> {
        self.checks
            .get_or_init(|| {
                let forward = lazy_dfa(self.after.as_ref()?, false)?;
                let reverse = match &self.before {
                    Some(h) => Some(lazy_dfa(h, true)?),
                    None => None,
                };
                Some(Checks { forward, reverse })
            })
            .as_ref()
    }

    fn may_match_at(&self, hay: &str, line: std::ops::Range<usize>, p: usize) -> bool {
        let Some(checks) = self.checks() else {
            return true;
        };
        let (dfa, pool) = &checks.forward;
        let input = Input::new(hay)
            .range(p..line.end)
            .anchored(Anchored::Yes)
            .earliest(true);
        if let Ok(None) = dfa.try_search_fwd(&mut pool.get(), &input) {
            return false;
        }
        let Some((dfa, pool)) = &checks.reverse else {
            return true;
        };
        let input = Input::new(hay)
            .range(line.start..p)
            .anchored(Anchored::Yes)
            .earliest(true);
        !matches!(dfa.try_search_rev(&mut pool.get(), &input), Ok(None))
    }
}

/// The prefixes every match of `hir` starts with, as the literal extractor finds them in the
/// tree with its case-insensitive letters folded (`[Ss]` is `s`; see `fold_case_classes`),
/// read straight from `hir`: a class of one letter in its cases is that letter, a small class
/// its characters, a bigger one ends every prefix; a repetition gives its part's prefixes,
/// inexact (none if it may repeat zero times); concatenations and alternations are crossed
/// and joined within [`MAX_PIVOT_LITERALS`] literals. Every match of `hir` starts with one of
/// them (folded), or they are infinite.
fn prefixes(hir: &Hir) -> Seq {
    let exact = |bytes: &[u8]| Seq::singleton(Literal::exact(bytes.to_vec()));
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => exact(b""),
        HirKind::Literal(l) => exact(&l.0),
        HirKind::Class(Class::Unicode(c)) if class_is_big(c) => Seq::infinite(),
        HirKind::Class(Class::Unicode(c)) => match small_letter(c) {
            Some(l) => exact(l.encode_utf8(&mut [0; 4]).as_bytes()),
            None => c
                .ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .map(|ch| Literal::exact(ch.encode_utf8(&mut [0; 4]).as_bytes().to_vec()))
                .collect(),
        },
        HirKind::Class(Class::Bytes(_)) => Seq::infinite(),
        HirKind::Repetition(r) if r.min == 0 => Seq::singleton(Literal::inexact(vec![])),
        HirKind::Repetition(r) => {
            let mut seq = prefixes(&r.sub);
            if r.max != Some(1) || r.min != 1 {
                seq.make_inexact();
            }
            seq
        }
        HirKind::Capture(c) => prefixes(&c.sub),
        HirKind::Concat(items) => {
            let mut seq = exact(b"");
            // A run of literals and letters (a word under `(?i)`) is crossed at once.
            let mut run: Vec<u8> = Vec::new();
            for h in items {
                if seq.is_inexact() {
                    break;
                }
                if append_letters(h, &mut run) {
                    continue;
                }
                if !run.is_empty() {
                    cross(&mut seq, exact(&run));
                    run.clear();
                }
                if !seq.is_inexact() {
                    cross(&mut seq, prefixes(h));
                }
            }
            if !run.is_empty() && !seq.is_inexact() {
                cross(&mut seq, exact(&run));
            }
            seq
        }
        HirKind::Alternation(branches) => {
            let mut seq = Seq::empty();
            for h in branches {
                if !seq.is_finite() {
                    break;
                }
                let mut next = prefixes(h);
                if seq.max_union_len(&next).is_some_and(|n| n > MAX_PIVOT_LITERALS) {
                    next.make_infinite();
                }
                seq.union(&mut next);
            }
            seq
        }
    }
}

/// Crosses `seq` with `next` (an infinite sequence past [`MAX_PIVOT_LITERALS`] literals, as
/// the literal extractor does).
fn cross(seq: &mut Seq, mut next: Seq) {
    if seq.max_cross_len(&next).is_some_and(|n| n > MAX_PIVOT_LITERALS) {
        next.make_infinite();
    }
    seq.cross_forward(&mut next);
}

/// Appends `hir` to `run` if it is a literal or a letter in its cases (folded); says whether.
fn append_letters(hir: &Hir, run: &mut Vec<u8>) -> bool {
    match hir.kind() {
        HirKind::Literal(l) => run.extend_from_slice(&l.0),
        HirKind::Class(Class::Unicode(c)) => match small_letter(c) {
            Some(l) => run.extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes()),
            None => return false,
        },
        _ => return false,
    }
    true
}

/// The one letter a small class holds in its cases (see `one_letter`).
fn small_letter(c: &regex_syntax::hir::ClassUnicode) -> Option<char> {
    if class_is_big(c) {
        return None;
    }
    one_letter(c)
}

/// A lazy DFA for `hir`, reversed or not, with a pool of caches.
fn lazy_dfa(hir: &Hir, reverse: bool) -> Option<(DFA, CachePool)> {
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .reverse(reverse)
                .which_captures(thompson::WhichCaptures::None)
                .nfa_size_limit(Some(crate::limits::Limits::default().max_regex_bytes)),
        )
        .build_from_hir(hir)
        .ok()?;
    let dfa = DFA::builder()
        .configure(DFA::config().unicode_word_boundary(true))
        .build_from_nfa(nfa)
        .ok()?;
    Some(crate::ruleset::pooled(dfa))
}

/// Whether `hir` may match a text holding `c` (an ASCII character).
pub(crate) fn may_match(hir: &Hir, c: char) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(l) => l.0.contains(&(c as u8)),
        HirKind::Class(Class::Unicode(cls)) => cls.ranges().iter().any(|r| r.start() <= c && c <= r.end()),
        HirKind::Class(Class::Bytes(cls)) => cls
            .ranges()
            .iter()
            .any(|r| r.start() <= c as u8 && c as u8 <= r.end()),
        HirKind::Repetition(r) => r.max != Some(0) && may_match(&r.sub, c),
        HirKind::Capture(cap) => may_match(&cap.sub, c),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().any(|h| may_match(h, c)),
    }
}
