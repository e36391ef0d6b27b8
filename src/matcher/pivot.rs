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
//!   (`StartsAt::LiteralsAndLineStarts`), instead of every line start.

use super::{any_char, ends_prefixes, fold_case_classes, folded_prefix_literals};
use crate::ruleset::CachePool;
use once_cell::sync::OnceCell;
use regex_automata::hybrid::dfa::DFA;
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

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
        pivots_of(&parts, Use::Checks, &mut branches)?;
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
        for b in top {
            let mut parts = Vec::new();
            flatten(b, &mut parts);
            pivots_of(&parts, Use::LineStarts { crlf }, &mut branches)?;
        }
        (!branches.is_empty()).then_some(Pivots { branches, crlf })
    }

    /// Whether some branch can match through `p`, as far as its checks tell: `hay[p..]` starts
    /// with its pivot's part, and `hay[..p]` ends with the part before it, both within `line`.
    pub(crate) fn may_match_at(&self, hay: &str, line: std::ops::Range<usize>, p: usize) -> bool {
        self.branches.iter().any(|b| b.may_match_at(hay, line.clone(), p))
    }
}

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
fn pivots_of(parts: &[&Hir], use_: Use, out: &mut Vec<Pivot>) -> Option<()> {
    if out.len() >= MAX_BRANCHES {
        return None;
    }
    if let Some(p) = Pivot::of(parts, use_) {
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
        pivots_of(&split, use_, out)
    })
}

impl Pivot {
    /// The best pivot of the concatenation of `parts`: the part whose prefix literals (of it
    /// and what follows) are longest (fewest literals, then the earliest part, on a tie).
    /// Only parts that start a run of literals are tried (a part inside one has shorter
    /// literals). `None` when there is none, or (for line starts) a line break may come
    /// before it.
    fn of(parts: &[&Hir], use_: Use) -> Option<Pivot> {
        // Each part folded once, when first read; the literal extractor reads from a part up
        // to the first one that ends every prefix (see `fold_case_classes`), and no further
        // than `MAX_PIVOT_PARTS` parts here.
        let mut folded: Vec<Option<Hir>> = vec![None; parts.len()];
        let mut best: Option<(usize, Vec<String>)> = None;
        let score = |lits: &[String]| {
            let shortest = lits.iter().map(|l| l.chars().count()).min().unwrap_or(0);
            (shortest, usize::MAX - lits.len())
        };
        for k in 0..parts.len() {
            let starts_none = match parts[k].kind() {
                HirKind::Look(_) => true,
                HirKind::Repetition(r) => r.min == 0,
                _ => ends_prefixes(parts[k]),
            };
            let in_run = k > 0 && matches!(folded[k - 1].as_ref().map(Hir::kind), Some(HirKind::Literal(_)));
            if starts_none || in_run {
                continue;
            }
            let last = parts.len().min(k + MAX_PIVOT_PARTS);
            let end = (k..last)
                .find(|&j| ends_prefixes(parts[j]))
                .map_or(last, |j| j + 1);
            let mut read = Vec::with_capacity(end - k + 1);
            for j in k..end {
                read.push(
                    folded[j]
                        .get_or_insert_with(|| fold_case_classes(parts[j]))
                        .clone(),
                );
            }
            if end < parts.len() {
                read.push(any_char());
            }
            let Some(lits) = folded_prefix_literals(&Hir::concat(read)) else {
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
    let for_pool = dfa.clone();
    let pool: CachePool = Pool::new(Box::new(move || for_pool.create_cache()));
    Some((dfa, pool))
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
