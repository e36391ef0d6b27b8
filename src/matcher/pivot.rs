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

use super::prefix_literals;
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
    /// The branch from its pivot on.
    after: Hir,
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

/// Most prefix literals a pivot may have.
const MAX_PIVOT_LITERALS: usize = 64;

impl Pivots {
    /// The pivots of every branch of `hir` (its top-level alternatives), or `None` when a
    /// branch has none.
    pub(crate) fn of_every_branch(hir: &Hir) -> Option<Pivots> {
        let mut branches = Vec::new();
        pivots_of(hir, &mut branches)?;
        Some(Pivots {
            branches,
            crlf: false,
        })
    }

    /// The pivots of the branches of `hir` that start at a line start, or `None` when one of
    /// them has none, or may match a line break (`\n`, and `\r` when it starts lines too)
    /// before it.
    pub(crate) fn of_line_branches(hir: &Hir) -> Option<Pivots> {
        let mut branches = Vec::new();
        let mut crlf = false;
        for b in self::branches(hir).iter().filter(|b| super::at_line_start(b)) {
            crlf |= b.properties().look_set().contains(Look::StartCRLF);
            pivots_of(b, &mut branches)?;
        }
        let breaks = |p: &Pivot| {
            p.before
                .as_ref()
                .is_some_and(|h| may_match(h, '\n') || (crlf && may_match(h, '\r')))
        };
        (!branches.is_empty() && !branches.iter().any(breaks)).then_some(Pivots { branches, crlf })
    }

    /// Whether some branch can match through `p`, as far as its checks tell: `hay[p..]` starts
    /// with its pivot's part, and `hay[..p]` ends with the part before it, both within `line`.
    pub(crate) fn may_match_at(&self, hay: &str, line: std::ops::Range<usize>, p: usize) -> bool {
        self.branches.iter().any(|b| b.may_match_at(hay, line.clone(), p))
    }
}

/// Most branches a regex is split into for its pivots.
const MAX_BRANCHES: usize = 32;

/// Pushes to `out` the pivot of `hir`, or if it has none, the pivots of the branches it splits
/// into: the alternatives of an alternation, or of the first alternation in a concatenation
/// (`\b(?:a…|b…)` is `\ba…|\bb…`, as the parser factors common prefixes out). `None` when
/// some branch has none, or there would be more than [`MAX_BRANCHES`].
fn pivots_of(hir: &Hir, out: &mut Vec<Pivot>) -> Option<()> {
    if out.len() >= MAX_BRANCHES {
        return None;
    }
    if let Some(p) = Pivot::of(hir) {
        out.push(p);
        return Some(());
    }
    match hir.kind() {
        HirKind::Alternation(bs) => bs.iter().try_for_each(|b| pivots_of(b, out)),
        HirKind::Capture(c) => pivots_of(&c.sub, out),
        HirKind::Concat(items) => {
            let (i, bs) = items.iter().enumerate().find_map(|(i, h)| match h.kind() {
                HirKind::Alternation(bs) => Some((i, bs)),
                _ => None,
            })?;
            bs.iter().try_for_each(|b| {
                let mut parts = items.clone();
                parts[i] = b.clone();
                pivots_of(&Hir::concat(parts), out)
            })
        }
        _ => None,
    }
}

/// The top-level alternatives of `hir`, or `hir` itself.
fn branches(hir: &Hir) -> Vec<Hir> {
    match hir.kind() {
        HirKind::Alternation(bs) => bs.clone(),
        _ => vec![hir.clone()],
    }
}

impl Pivot {
    /// The best pivot of a branch: the part of its concatenation whose prefix literals are
    /// longest (fewest literals, then the earliest part, on a tie).
    fn of(branch: &Hir) -> Option<Pivot> {
        let items: Vec<Hir> = match branch.kind() {
            HirKind::Concat(items) => items.clone(),
            _ => vec![branch.clone()],
        };
        let mut best: Option<(usize, Vec<String>)> = None;
        let score = |lits: &[String]| {
            let shortest = lits.iter().map(|l| l.chars().count()).min().unwrap_or(0);
            (shortest, usize::MAX - lits.len())
        };
        for k in 0..items.len() {
            if matches!(items[k].kind(), HirKind::Look(_)) {
                continue;
            }
            let Some(lits) = prefix_literals(&Hir::concat(items[k..].to_vec())) else {
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
        Some(Pivot {
            lits,
            after: Hir::concat(items[k..].to_vec()),
            before: (k > 0).then(|| Hir::concat(items[..k].to_vec())),
            checks: OnceCell::new(),
        })
    }

    fn checks(&self) -> Option<&Checks> {
        self.checks
            .get_or_init(|| {
                let forward = lazy_dfa(&self.after, false)?;
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
