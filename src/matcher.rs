//! The compiled matchers: one case-insensitive Aho-Corasick automaton over every phrase of every
//! enabled rule *and* the prefix literals of every regex rule, run once over each field. Phrase
//! hits are reported directly; a regex with prefix literals is only tried, anchored, where one
//! of its literals occurs (so a regex costs nothing on text where it cannot match, and no regex
//! makes its own pass over the text). A regex whose matches can start almost anywhere (at a
//! line start, after a leading `[A-Z]`) is gated the same way by literals inside it, its
//! pivots (see `pivot`): a line-start branch is tried at the start of the lines holding one,
//! and a regex that never matches a line break is searched only on those lines where a pivot
//! passes its checks. Placement checks (line position, words on the line, last lines, a
//! following list) are applied to each raw match.

use crate::fold::{fold, fold_into, variants};
use crate::ruleset::CachePool;
use crate::ruleset::{FieldScope, LinePosition, ListSpec, Matcher, Rule, RuleRegex, Scope};
use crate::text::{Span, TextModel};
use aho_corasick::automaton::Automaton as AcAutomaton;
use aho_corasick::nfa::contiguous::NFA as ContiguousNfa;
use aho_corasick::{Anchored as AcAnchored, MatchKind};
use once_cell::sync::OnceCell as SyncOnceCell;
pub(crate) use pivot::Pivots;
use regex_automata::hybrid::dfa::DFA;
use regex_automata::nfa::thompson;
use regex_automata::{Anchored, Input, PatternSet};
use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition};
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

mod dfa;
mod pivot;

use dfa::{Num, PhraseDfa};

/// Up to this many automaton patterns the phrase index turns into a DFA once it has scanned
/// [`DFA_AFTER_BYTES`]; above, it stays a contiguous NFA.
pub const DFA_MAX_PATTERNS: usize = 10_000;

/// Bytes an engine scans with the contiguous NFA before it builds the DFA ([`PhraseDfa`]).
/// With the default rules (about 2,600 patterns, 27,000 states) the DFA takes ~58 M
/// instructions and ~8 ms to build, and then saves ~30 instructions per byte scanned and
/// walks about twice as fast: it pays for itself after ~2 MB. A command that scores one
/// article never builds it; a batch builds it once, early.
pub const DFA_AFTER_BYTES: usize = 2 << 20;

/// Bytes an engine scans before it builds the line gate (see
/// [`RegexCandidates::add_line_starts`]). It holds the line-start rules that have no pivots
/// (the others are tried only on the lines holding one, see [`Pivots`]). With every line-start
/// rule in it, building it cost ~58 M instructions (their automata, compiled again as one) and
/// then saved ~16 instructions per byte: it paid for itself after ~4 MB. A command that scores
/// a few articles never builds it.
pub const LINE_GATE_AFTER_BYTES: usize = 4 << 20;

/// Every phrase of every enabled rule, and the prefix literals of every enabled regex rule, in
/// one automaton.
#[derive(Debug, Clone)]
pub struct PhraseIndex {
    automaton: Option<Automaton>,
    /// For each automaton pattern: the rules that listed it, and whether its first and last
    /// characters are word characters (and so need a word boundary there).
    patterns: Vec<PatternInfo>,
    /// Enabled regex rules, in rule order.
    regexes: Vec<RegexEntry>,
    /// The line-start regex rules as one lazy DFA, built on first use: at each line start one
    /// anchored search says which of them can match there. `None` inside when it cannot be
    /// built (each rule then tries every line start itself).
    line_gate: SyncOnceCell<Option<Arc<LineGate>>>,
}

/// The regexes of the [`StartsAt::LineStarts`] rules as one lazy DFA (forward only, every
/// match), and for each of its patterns the entry of `PhraseIndex::regexes` it stands for.
struct LineGate {
    dfa: DFA,
    caches: CachePool,
    entries: Vec<u32>,
}

impl std::fmt::Debug for LineGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LineGate")
            .field("entries", &self.entries)
            .finish()
    }
}

impl LineGate {
    fn build(index: &PhraseIndex, rules: &[Rule]) -> Option<LineGate> {
        let mut hirs = Vec::new();
        let mut entries = Vec::new();
        for (ix, e) in index.regexes.iter().enumerate() {
            if e.strategy != StartsAt::LineStarts || e.pivot_lines {
                continue;
            }
            let Matcher::Regex(re) = &rules.get(e.rule)?.matcher else {
                return None;
            };
            hirs.push(re.hir().clone());
            entries.push(ix as u32);
        }
        if hirs.is_empty() {
            return None;
        }
        let limit = crate::limits::Limits::default()
            .max_regex_bytes
            .saturating_mul(hirs.len());
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(limit)),
            )
            .build_many_from_hir(&hirs)
            .ok()?;
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(regex_automata::MatchKind::All)
                    .unicode_word_boundary(true),
            )
            .build_from_nfa(nfa)
            .ok()?;
        let (dfa, caches) = crate::ruleset::pooled(dfa);
        Some(LineGate { dfa, caches, entries })
    }

    /// Calls `hit(entry)` for each line-start rule that can match anchored at `at` (every one
    /// of them when the lazy DFA gives up, as on a Unicode word boundary beside non-ASCII).
    fn at(&self, text: &str, at: usize, set: &mut PatternSet, mut hit: impl FnMut(u32)) {
        set.clear();
        let input = Input::new(text).range(at..).anchored(Anchored::Yes);
        let mut cache = self.caches.get();
        match self.dfa.try_which_overlapping_matches(&mut cache, &input, set) {
            Ok(()) => set.iter().for_each(|p| hit(self.entries[p.as_usize()])),
            Err(_) => self.entries.iter().for_each(|&e| hit(e)),
        }
    }
}

/// The phrase automaton: a contiguous NFA, quick to build, until the engine has scanned
/// enough text for a DFA (faster per byte, slower to build) to pay for itself. Both find
/// exactly the same matches in the same order. Both are walked byte by byte by
/// [`walk`] rather than through the crate's overlapping-search iterator, which re-enters the
/// search for every match (a seed article has a match every ~9 bytes).
#[derive(Debug)]
struct Automaton {
    nfa: Arc<ContiguousNfa>,
    /// The patterns, for the DFA.
    keys: Arc<Vec<String>>,
    /// The DFA, once built (`None` if it could not be).
    dfa: SyncOnceCell<Option<Arc<AnyDfa>>>,
    /// Bytes scanned so far, up to the point the DFA is built.
    scanned: AtomicUsize,
}

impl Clone for Automaton {
    fn clone(&self) -> Self {
        Automaton {
            nfa: self.nfa.clone(),
            keys: self.keys.clone(),
            dfa: self.dfa.clone(),
            scanned: AtomicUsize::new(self.scanned.load(Ordering::Relaxed)),
        }
    }
}

/// The automaton to scan some text with (see [`Automaton::get`]).
#[derive(Clone, Copy)]
enum Walker<'a> {
    Nfa(&'a ContiguousNfa),
    Dfa(&'a PhraseDfa<u16>),
    Dfa32(&'a PhraseDfa<u32>),
}

/// The phrase DFA with 2-byte state numbers when its trie fits them, else 4-byte ones.
#[derive(Debug)]
enum AnyDfa {
    Small(PhraseDfa<u16>),
    Large(PhraseDfa<u32>),
}

impl AnyDfa {
    fn new(keys: &[String]) -> Option<AnyDfa> {
        PhraseDfa::new(keys)
            .map(AnyDfa::Small)
            .or_else(|| PhraseDfa::new(keys).map(AnyDfa::Large))
    }

    fn walker(&self) -> Walker<'_> {
        match self {
            AnyDfa::Small(d) => Walker::Dfa(d),
            AnyDfa::Large(d) => Walker::Dfa32(d),
        }
    }
}

impl Walker<'_> {
    fn max_pattern_len(self) -> usize {
        match self {
            Walker::Nfa(a) => Table::max_pattern_len(a),
            Walker::Dfa(a) => Table::max_pattern_len(a),
            Walker::Dfa32(a) => Table::max_pattern_len(a),
        }
    }

    /// Calls `found(pattern, start, end)` for every occurrence of every pattern in `hay`
    /// (overlapping ones too), by end and then in the automaton's order for one end: exactly
    /// what the crate's overlapping iterator reports, in the same order.
    #[inline]
    fn walk(self, hay: &[u8], found: impl FnMut(usize, usize, usize)) {
        // The contiguous NFA's transition is a loop with branches, not one load: lanes make
        // it slower (three times, measured), so it walks in one.
        let lanes_from = match self {
            Walker::Nfa(_) => usize::MAX,
            Walker::Dfa(_) | Walker::Dfa32(_) => LANES_FROM,
        };
        self.walk_lanes(hay, lanes_from, found);
    }

    /// [`Walker::walk`], in [`LANES`] lanes from `lanes_from` bytes on (for tests of both
    /// paths).
    #[inline]
    fn walk_lanes(self, hay: &[u8], lanes_from: usize, found: impl FnMut(usize, usize, usize)) {
        match self {
            Walker::Nfa(a) => walk(a, hay, lanes_from, found),
            Walker::Dfa(a) => walk(a, hay, lanes_from, found),
            Walker::Dfa32(a) => walk(a, hay, lanes_from, found),
        }
    }
}

/// Text shorter than this is walked in one lane (see [`walk`]).
const LANES_FROM: usize = 256;

/// Lanes a long text is walked in (see [`walk`]).
const LANES: usize = 4;

/// [`Walker::walk`] on one kind of automaton. Built without a prefilter, its only special
/// states are the dead state (which an unanchored search never reaches) and the match states,
/// so the loop per byte is one transition and one comparison.
///
/// Each transition waits for the one before (the next state is loaded from the current one),
/// so one walk runs at the speed of the memory holding the table, not of the processor. A
/// long text is therefore walked as [`LANES`] parts in the same loop, whose loads overlap:
/// each part but the last reaches on by the longest pattern less one byte and keeps the
/// matches that start in it, the next starts where it ends, and their matches are handed out
/// merged, in the order one walk finds them (by end, and at one end, longest first: the
/// earlier part's).
#[inline(always)]
fn walk<A: Table>(aut: &A, hay: &[u8], lanes_from: usize, mut found: impl FnMut(usize, usize, usize)) {
    let Some(start) = aut.start() else {
        return;
    };
    let len = |p: u32| aut.pattern_len(p);
    let reach = aut.max_pattern_len().saturating_sub(1);
    if hay.len() < lanes_from.max(LANES * (reach + 1)) {
        walk_one(aut, start, hay, 0, &mut |p, end| {
            found(p, end - len(p as u32), end)
        });
        return;
    }
    // Part k starts at `k * step`; all but the last read `step + reach` bytes.
    let step = (hay.len() - reach) / LANES;
    let from: [usize; LANES] = std::array::from_fn(|k| k * step);
    let part = |k: usize| {
        &hay[from[k]..if k + 1 == LANES {
            hay.len()
        } else {
            from[k] + step + reach
        }]
    };
    let parts: [&[u8]; LANES] = std::array::from_fn(part);
    let mut out: [Vec<(u32, u32)>; LANES] = std::array::from_fn(|_| Vec::with_capacity(hay.len() / 32));
    let mut sid = [start; LANES];
    let both = step + reach;
    // Indexed: the lanes step through their parts in lockstep.
    #[allow(clippy::needless_range_loop)]
    for i in 0..both {
        for k in 0..LANES {
            sid[k] = aut.next(sid[k], parts[k][i]);
        }
        for k in 0..LANES {
            if aut.is_special(sid[k]) && !aut.is_dead(sid[k]) {
                aut.for_each_match(sid[k], |p| out[k].push((p, (from[k] + i + 1) as u32)));
            }
        }
    }
    let last = &mut out[LANES - 1];
    walk_one(
        aut,
        sid[LANES - 1],
        &parts[LANES - 1][both..],
        from[LANES - 1] + both,
        &mut |p, end| last.push((p as u32, end as u32)),
    );
    // A part's matches that start in the next part are the next part's too.
    for k in 0..LANES - 1 {
        let stop = from[k + 1];
        out[k].retain(|&(p, end)| (end as usize) - len(p) < stop);
    }
    // Merged by end, the earlier lane first at a tie. A part's matches end before the part
    // after next begins (a part is longer than the reach), so only neighbours interleave:
    // before each match of a part, the next part's matches that end earlier.
    let mut emit = |(p, end): (u32, u32)| {
        let end = end as usize;
        found(p as usize, end - len(p), end);
    };
    // Matches of part k already handed out while merging part k - 1.
    let mut done = 0;
    for k in 0..LANES {
        let next = out.get(k + 1);
        let mut taken = 0;
        for &m in &out[k][done..] {
            if let Some(next) = next {
                while let Some(&n) = next.get(taken).filter(|n| n.1 < m.1) {
                    emit(n);
                    taken += 1;
                }
            }
            emit(m);
        }
        done = taken;
    }
}

/// One lane of [`walk`]: walks `hay` (which starts at byte `offset` of the text) from state
/// `sid`, calling `found(pattern, end)` for each match.
#[inline(always)]
fn walk_one<A: Table>(
    aut: &A,
    mut sid: A::State,
    hay: &[u8],
    offset: usize,
    found: &mut impl FnMut(usize, usize),
) {
    for (i, &byte) in hay.iter().enumerate() {
        sid = aut.next(sid, byte);
        if aut.is_special(sid) {
            if aut.is_dead(sid) {
                return;
            }
            aut.for_each_match(sid, |p| found(p as usize, offset + i + 1));
        }
    }
}

/// What [`walk`] needs of an automaton: the contiguous NFA (through aho-corasick's
/// `Automaton` trait, searching unanchored) and [`PhraseDfa`].
trait Table {
    type State: Copy;
    /// The unanchored start state (`None` when the automaton cannot search unanchored).
    fn start(&self) -> Option<Self::State>;
    fn next(&self, s: Self::State, byte: u8) -> Self::State;
    /// Whether `s` is a match state or the dead state: the one comparison per byte.
    fn is_special(&self, s: Self::State) -> bool;
    fn is_dead(&self, s: Self::State) -> bool;
    /// Calls `f` with each pattern that ends in special state `s`, in the automaton's order.
    fn for_each_match(&self, s: Self::State, f: impl FnMut(u32));
    fn pattern_len(&self, p: u32) -> usize;
    fn max_pattern_len(&self) -> usize;
}

impl Table for ContiguousNfa {
    type State = aho_corasick::automaton::StateID;

    fn start(&self) -> Option<Self::State> {
        self.start_state(AcAnchored::No).ok()
    }

    #[inline(always)]
    fn next(&self, s: Self::State, byte: u8) -> Self::State {
        self.next_state(AcAnchored::No, s, byte)
    }

    #[inline(always)]
    fn is_special(&self, s: Self::State) -> bool {
        AcAutomaton::is_special(self, s)
    }

    #[inline(always)]
    fn is_dead(&self, s: Self::State) -> bool {
        AcAutomaton::is_dead(self, s)
    }

    #[inline(always)]
    fn for_each_match(&self, s: Self::State, mut f: impl FnMut(u32)) {
        if self.is_match(s) {
            for k in 0..self.match_len(s) {
                f(self.match_pattern(s, k).as_u32());
            }
        }
    }

    #[inline(always)]
    fn pattern_len(&self, p: u32) -> usize {
        AcAutomaton::pattern_len(self, aho_corasick::PatternID::new_unchecked(p as usize))
    }

    fn max_pattern_len(&self) -> usize {
        AcAutomaton::max_pattern_len(self)
    }
}

impl<S: Num> Table for PhraseDfa<S> {
    type State = S;

    fn start(&self) -> Option<S> {
        Some(PhraseDfa::start(self))
    }

    #[inline(always)]
    fn next(&self, s: S, byte: u8) -> S {
        PhraseDfa::next(self, s, byte)
    }

    #[inline(always)]
    fn is_special(&self, s: S) -> bool {
        self.is_match(s)
    }

    #[inline(always)]
    fn is_dead(&self, _: S) -> bool {
        false
    }

    #[inline(always)]
    fn for_each_match(&self, s: S, mut f: impl FnMut(u32)) {
        for &p in self.matches(s) {
            f(p);
        }
    }

    #[inline(always)]
    fn pattern_len(&self, p: u32) -> usize {
        PhraseDfa::pattern_len(self, p)
    }

    fn max_pattern_len(&self) -> usize {
        PhraseDfa::max_pattern_len(self)
    }
}

impl Automaton {
    fn new(keys: Vec<String>) -> Result<Automaton, aho_corasick::BuildError> {
        let nfa = aho_corasick::nfa::contiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&keys)?;
        Ok(Automaton {
            nfa: Arc::new(nfa),
            keys: Arc::new(keys),
            dfa: SyncOnceCell::new(),
            scanned: AtomicUsize::new(0),
        })
    }

    /// Whether the engine has scanned at least `bytes` bytes with this automaton.
    fn scanned_past(&self, bytes: usize) -> bool {
        self.dfa.get().is_some() || self.scanned.load(Ordering::Relaxed) >= bytes
    }

    /// The automaton to scan `bytes` more bytes with.
    fn get(&self, bytes: usize) -> Walker<'_> {
        let nfa = Walker::Nfa(&self.nfa);
        if let Some(dfa) = self.dfa.get() {
            return dfa.as_deref().map_or(nfa, AnyDfa::walker);
        }
        if self.keys.len() > DFA_MAX_PATTERNS
            || self
                .scanned
                .fetch_add(bytes, Ordering::Relaxed)
                .saturating_add(bytes)
                < DFA_AFTER_BYTES
        {
            return nfa;
        }
        self.dfa
            .get_or_init(|| AnyDfa::new(&self.keys).map(Arc::new))
            .as_deref()
            .map_or(nfa, AnyDfa::walker)
    }
}

#[derive(Debug, Clone)]
struct RegexEntry {
    rule: usize,
    /// How the rule finds the places where it can match.
    strategy: StartsAt,
    /// For [`StartsAt::LineStarts`] and [`StartsAt::LiteralsAndLineStarts`]: whether its
    /// line-start branches are tried only at the starts of the lines where one of their
    /// pivots occurs (see [`Pivots`]); the line gate leaves such a rule out.
    pivot_lines: bool,
    /// Whether the rule looks at the title only (its candidates past the title are dropped).
    title_only: bool,
    /// Whether a match can start inside a word (see [`may_start_inside_word`]); when not, a
    /// candidate between two ASCII word characters (`in` in `Putin`) is dropped unsearched.
    inside_words: bool,
}

/// Where a regex rule is tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum StartsAt {
    /// Anchored, where one of its prefix literals (in the automaton) occurs.
    Literals,
    /// Anchored, at each line start: every match starts at one (`(?m)^`, `\A`).
    LineStarts,
    /// Both: each branch of the regex starts with prefix literals or at a line start.
    LiteralsAndLineStarts,
    /// `find_iter` over the lines where one of its branches' pivots occurs and passes that
    /// branch's checks (see [`Pivots`]): no match crosses a line break.
    Pivots,
    /// `find_iter` over the field: nothing narrows where it can start.
    Scan,
}

impl StartsAt {
    /// Whether the rule's regex is searched over whole texts (lines or fields), with the full
    /// regex, rather than only anchored.
    pub(crate) fn searches_whole(self) -> bool {
        matches!(self, StartsAt::Pivots | StartsAt::Scan)
    }
}

/// How a regex rule is run, worked out once from its syntax tree ([`strategy`]).
#[derive(Debug, Clone)]
pub(crate) struct Starts {
    /// Where it is tried.
    pub(crate) at: StartsAt,
    /// Its folded prefix literals, when they gate it.
    pub(crate) prefixes: Option<Vec<String>>,
    /// Its branches' pivots: of every branch for [`StartsAt::Pivots`], of the line-start
    /// branches for [`StartsAt::LiteralsAndLineStarts`] (when each has one).
    pub(crate) pivots: Option<Arc<Pivots>>,
}

#[derive(Debug, Clone, Default)]
struct PatternInfo {
    /// Phrase rules listing this pattern.
    rules: Vec<u32>,
    /// Positions in `PhraseIndex::regexes` of the regex rules this pattern is a prefix literal of.
    regexes: Vec<u32>,
    /// Positions in `PhraseIndex::regexes` of the regex rules this pattern is a pivot literal
    /// of (see [`Pivots`]).
    pivots: Vec<u32>,
    /// The analyzers' words this pattern is (see [`PhraseIndex::build_with_words`]).
    words: Vec<u32>,
    word_start: bool,
    word_end: bool,
}

/// What one scan of a field found for the regex rules: where each may match.
#[derive(Debug)]
pub struct RegexCandidates<'i> {
    index: &'i PhraseIndex,
    /// (key, byte), sorted: key `2 * entry` (of `PhraseIndex::regexes`) with a byte where one
    /// of its prefix literals occurs, or a line start where a line-start rule can match; key
    /// `2 * entry + 1` with a byte where one of its pivot literals occurs.
    starts: Vec<(u32, usize)>,
    /// Whether the line starts of the line-start rules are in `starts` (see
    /// [`RegexCandidates::add_line_starts`]).
    lines_gated: bool,
}

impl RegexCandidates<'_> {
    /// Adds, for each line-start rule, the line starts of the field (byte 0 and the starts of
    /// `lines`) where it can match: one anchored multi-pattern search per line instead of one
    /// search per rule per line. Title-only rules keep no candidates at or past `title_end`.
    /// `rules` are the rules the index was built from. Until the engine has scanned
    /// [`LINE_GATE_AFTER_BYTES`] this does nothing (each line-start rule then tries every line
    /// start itself): the results are the same either way.
    pub fn add_line_starts(&mut self, rules: &[Rule], text: &str, lines: &[Span], title_end: usize) {
        let due = self.index.line_gate.get().is_some()
            || self
                .index
                .automaton
                .as_ref()
                .is_some_and(|a| a.scanned_past(LINE_GATE_AFTER_BYTES));
        if due {
            self.gate_lines(rules, text, lines, title_end);
        }
    }

    /// [`RegexCandidates::add_line_starts`], whatever the engine has scanned.
    fn gate_lines(&mut self, rules: &[Rule], text: &str, lines: &[Span], title_end: usize) {
        let Some(gate) = self
            .index
            .line_gate
            .get_or_init(|| LineGate::build(self.index, rules).map(Arc::new))
        else {
            return;
        };
        let mut set = PatternSet::new(gate.entries.len());
        let starts = std::iter::once(0).chain(lines.iter().map(|l| l.start).filter(|&s| s > 0));
        for at in starts.filter(|&s| s < text.len()) {
            gate.at(text, at, &mut set, |ix| {
                if at < title_end || !self.index.regexes[ix as usize].title_only {
                    self.starts.push((2 * ix, at));
                }
            });
        }
        self.starts.sort_unstable();
        self.starts.dedup();
        self.lines_gated = true;
    }

    /// The regex rules that can match in the field, in rule order.
    pub fn iter(&self) -> impl Iterator<Item = RegexRun<'_>> + '_ {
        self.index
            .regexes
            .iter()
            .enumerate()
            .filter_map(move |(ix, entry)| {
                let lo = self.starts.partition_point(|&(x, _)| (x as usize) < 2 * ix);
                let mid = self.starts.partition_point(|&(x, _)| (x as usize) < 2 * ix + 1);
                let hi = self.starts.partition_point(|&(x, _)| (x as usize) <= 2 * ix + 1);
                let (starts, pivots) = (&self.starts[lo..mid], &self.starts[mid..hi]);
                let gated = match entry.strategy {
                    StartsAt::Literals | StartsAt::Pivots => true,
                    StartsAt::LineStarts => self.lines_gated || entry.pivot_lines,
                    StartsAt::LiteralsAndLineStarts => entry.pivot_lines,
                    StartsAt::Scan => false,
                };
                (!gated || lo < hi).then_some(RegexRun {
                    entry,
                    starts,
                    pivots,
                    lines_gated: self.lines_gated,
                })
            })
    }
}

/// One regex rule to run on a field, with the places a match can start.
#[derive(Debug)]
pub struct RegexRun<'c> {
    entry: &'c RegexEntry,
    starts: &'c [(u32, usize)],
    /// Where its pivot literals occur.
    pivots: &'c [(u32, usize)],
    /// Whether a line-start rule's candidates are already in `starts`.
    lines_gated: bool,
}

impl RegexRun<'_> {
    /// The rule's index.
    pub fn rule(&self) -> usize {
        self.entry.rule
    }

    /// Calls `found(span)` for every non-empty, non-overlapping match of `re` (this rule's
    /// regex) in `text[range]`, exactly as `re.find_iter(&text[range])` would find them, spans
    /// given in `text`. Gated regexes are only tried at their candidate positions, line-start
    /// regexes at the starts of `lines` (the field's lines), with anchored searches of the
    /// same compiled regex.
    pub fn find(&self, re: &RuleRegex, text: &str, range: Span, lines: &[Span], mut found: impl FnMut(Span)) {
        let hay = &text[range.clone()];
        let pivots = re.starts().pivots.as_deref();
        if let (StartsAt::Pivots, Some(pivots)) = (self.entry.strategy, pivots) {
            self.find_on_lines(re, pivots, hay, range.start, &mut found);
            return;
        }
        if self.entry.strategy == StartsAt::Scan {
            for m in re.find_iter(hay) {
                if m.start() < m.end() {
                    found(range.start + m.start()..range.start + m.end());
                }
            }
            return;
        };
        // Every match starts with a prefix literal, so the leftmost match is the first
        // candidate where an anchored search succeeds; the next one is searched for from its end.
        let mut next = range.start;
        let mut searcher = re.anchored();
        let lines_too = match self.entry.strategy {
            StartsAt::LineStarts => !self.lines_gated,
            StartsAt::LiteralsAndLineStarts => !self.entry.pivot_lines,
            _ => false,
        };
        // Tries an anchored search at `at`; says whether later candidates can still match.
        let mut try_at = |at: usize| -> bool {
            if at >= range.end {
                return false;
            }
            if at >= next {
                let input = Input::new(hay).range(at - range.start..).anchored(Anchored::Yes);
                if let Some(m) = searcher.search(&input) {
                    if m.start() < m.end() {
                        found(range.start + m.start()..range.start + m.end());
                        next = range.start + m.end();
                    }
                }
            }
            true
        };
        if self.entry.pivot_lines {
            // The line-start branches can only start at the start of a line holding one of
            // their pivots (no line break comes between); the others at their prefix literals.
            let crlf = pivots.is_some_and(|p| p.crlf);
            let lines = line_starts_of(hay, self.pivots, range.start, crlf);
            // Both are sorted: merged in order, each place once, without a copy.
            let literals = self.starts.iter().map(|&(_, at)| at);
            for at in merge_sorted(literals, lines.iter().copied()) {
                if !try_at(at) {
                    break;
                }
            }
            return;
        }
        if !lines_too {
            // The candidates are sorted already: no copy.
            for &(_, at) in self.starts {
                if !try_at(at) {
                    break;
                }
            }
            return;
        }
        let first = lines.partition_point(|l| l.start < range.start);
        let line_starts = std::iter::once(range.start).chain(
            lines[first..]
                .iter()
                .map(|l| l.start)
                .filter(|&s| s > range.start && s < range.end),
        );
        let literals = self.starts.iter().map(|&(_, at)| at);
        for at in merge_sorted(literals, line_starts) {
            if !try_at(at) {
                break;
            }
        }
    }
}

impl RegexRun<'_> {
    /// [`RegexRun::find`] for a [`StartsAt::Pivots`] rule, in `hay` (which starts at byte
    /// `offset` of the field): `find_iter` over each line (between two `\n`) where a pivot
    /// occurs and passes its checks. None of its matches holds a line break, so those are the
    /// matches `find_iter` finds over the whole of `hay`. When pivots are so dense that their
    /// checks would cost more than a search of the whole text, it is one `find_iter` over `hay`.
    fn find_on_lines(
        &self,
        re: &RuleRegex,
        pivots: &Pivots,
        hay: &str,
        offset: usize,
        found: &mut impl FnMut(Span),
    ) {
        let bytes = hay.as_bytes();
        let mut budget = hay.len() / PIVOT_CHECK_BYTES + PIVOT_CHECKS;
        let per_pivot = pivots.branches.len();
        // The line of the last pivot, and whether it is to be searched.
        let mut line = 0..0;
        let mut marked = false;
        let mut lines: Vec<Span> = Vec::new();
        for &(_, at) in self.pivots {
            let Some(p) = at.checked_sub(offset).filter(|&p| p < hay.len()) else {
                continue;
            };
            if p >= line.end || (p == 0 && line.end == 0) {
                if marked {
                    lines.push(line.clone());
                }
                marked = false;
                let start = bytes[..p].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                let end = bytes[p..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(hay.len(), |i| p + i);
                line = start..end;
            }
            if marked {
                continue;
            }
            let Some(left) = budget.checked_sub(per_pivot) else {
                // Too many checks: one search over the whole text.
                for m in re.find_iter(hay) {
                    if m.start() < m.end() {
                        found(offset + m.start()..offset + m.end());
                    }
                }
                return;
            };
            budget = left;
            marked = pivots.may_match_at(hay, line.clone(), p);
        }
        if marked {
            lines.push(line);
        }
        for l in lines {
            for m in re.find_iter_in(Input::new(hay).range(l)) {
                if m.start() < m.end() {
                    found(offset + m.start()..offset + m.end());
                }
            }
        }
    }
}

/// A [`StartsAt::Pivots`] rule makes up to one branch check per this many bytes of a field
/// (plus [`PIVOT_CHECKS`]); past that it searches the field as a whole, which then costs less
/// (a check, an anchored search with its set-up, costs about what a search of 16 bytes does).
const PIVOT_CHECK_BYTES: usize = 16;

/// See [`PIVOT_CHECK_BYTES`].
const PIVOT_CHECKS: usize = 64;

/// The union of two ascending sequences, ascending, each value once.
fn merge_sorted(
    a: impl Iterator<Item = usize>,
    b: impl Iterator<Item = usize>,
) -> impl Iterator<Item = usize> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    let mut last = None;
    std::iter::from_fn(move || loop {
        let next = match (a.peek(), b.peek()) {
            (Some(&x), Some(&y)) if x <= y => a.next(),
            (Some(_), Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, _) => b.next(),
        }?;
        if last != Some(next) {
            last = Some(next);
            return Some(next);
        }
    })
}

/// The start (in the field) of the line of each pivot in `pivots` (field positions) that lies
/// in `hay` (which starts at field byte `offset`): the byte after the last `\n` (or `\r` too,
/// with `crlf`) before it, or the start of `hay`. Read once from left to right.
fn line_starts_of(hay: &str, pivots: &[(u32, usize)], offset: usize, crlf: bool) -> Vec<usize> {
    let bytes = hay.as_bytes();
    let mut out = Vec::new();
    let (mut read, mut start) = (0, 0);
    for &(_, at) in pivots {
        let Some(p) = at.checked_sub(offset).filter(|&p| p < hay.len()) else {
            continue;
        };
        if p > read {
            if let Some(i) = bytes[read..p]
                .iter()
                .rposition(|&b| b == b'\n' || (crlf && b == b'\r'))
            {
                start = read + i + 1;
            }
            read = p;
        }
        if out.last() != Some(&(offset + start)) {
            out.push(offset + start);
        }
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// How a regex rule is run, with its folded prefix literals when they gate it and its
/// branches' pivots when they do (worked out once, when the regex is compiled:
/// [`RuleRegex::starts`]).
pub(crate) fn strategy(hir: &Hir) -> Starts {
    let starts = |at, prefixes, pivots: Option<Pivots>| Starts {
        at,
        prefixes,
        pivots: pivots.map(Arc::new),
    };
    if let Some(lits) = prefix_literals(hir) {
        return starts(StartsAt::Literals, Some(lits), None);
    }
    if at_line_start(hir) {
        return starts(StartsAt::LineStarts, None, Pivots::of_line_branches(hir));
    }
    // An alternation whose every branch starts with literals or at a line start.
    if let HirKind::Alternation(branches) = hir.kind() {
        let mut lits: Vec<String> = Vec::new();
        let mut every = true;
        for b in branches {
            if at_line_start(b) {
                continue;
            }
            match prefix_literals(b) {
                Some(l) if lits.len() + l.len() <= MAX_PREFIX_LITERALS => {
                    lits.extend(l.into_iter().filter(|x| !lits.contains(x)).collect::<Vec<_>>())
                }
                _ => {
                    every = false;
                    break;
                }
            }
        }
        if every {
            let pivots = Pivots::of_line_branches(hir);
            return starts(StartsAt::LiteralsAndLineStarts, Some(lits), pivots);
        }
    }
    // Matches that can start anywhere: if none holds a line break, the lines where a pivot
    // of each branch passes its checks.
    let lines = hir.properties().minimum_len().is_some_and(|n| n > 0) && !pivot::may_match(hir, '\n');
    match lines.then(|| Pivots::of_every_branch(hir)).flatten() {
        Some(p) => starts(StartsAt::Pivots, None, Some(p)),
        None => starts(StartsAt::Scan, None, None),
    }
}

/// Whether a match of `hir` may start between two ASCII word characters (letters, digits,
/// `_`). It cannot when every match begins with a word-boundary assertion (`\b`, `\b{start}`,
/// ASCII or Unicode: an ASCII word character on both sides fails each) or, branch by branch,
/// with a character that is no ASCII word character (`,`). Anything else, say so.
fn may_start_inside_word(hir: &Hir) -> bool {
    let prefix = hir.properties().look_set_prefix();
    let bounded = [
        Look::WordAscii,
        Look::WordUnicode,
        Look::WordStartAscii,
        Look::WordStartUnicode,
        Look::WordStartHalfAscii,
        Look::WordStartHalfUnicode,
    ];
    if bounded.iter().any(|&l| prefix.contains(l)) {
        return false;
    }
    match hir.kind() {
        HirKind::Alternation(branches) => branches.iter().any(may_start_inside_word),
        HirKind::Capture(c) => may_start_inside_word(&c.sub),
        HirKind::Concat(items) => match items.iter().find(|h| !matches!(h.kind(), HirKind::Look(_))) {
            // The first item that consumes (the assertions before it consume nothing).
            Some(first) if first.properties().minimum_len().is_some_and(|n| n > 0) => {
                may_start_inside_word(first)
            }
            _ => true,
        },
        HirKind::Literal(lit) => lit
            .0
            .first()
            .is_none_or(|&b| b.is_ascii_alphanumeric() || b == b'_'),
        HirKind::Class(Class::Unicode(c)) => c.ranges().iter().any(|r| {
            [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')]
                .iter()
                .any(|&(lo, hi)| r.start() <= hi && lo <= r.end())
        }),
        HirKind::Class(Class::Bytes(c)) => c.ranges().iter().any(|r| {
            [(b'0', b'9'), (b'A', b'Z'), (b'_', b'_'), (b'a', b'z')]
                .iter()
                .any(|&(lo, hi)| r.start() <= hi && lo <= r.end())
        }),
        HirKind::Repetition(r) if r.min > 0 => may_start_inside_word(&r.sub),
        _ => true,
    }
}

/// Whether every match of `hir` starts at a line start (`(?m)^`) or at the start of the text.
pub(crate) fn at_line_start(hir: &Hir) -> bool {
    let starts = hir.properties().look_set_prefix();
    starts.contains(Look::StartLF) || starts.contains(Look::Start) || starts.contains(Look::StartCRLF)
}

/// Most prefix literals a regex may have to be gated by them.
pub(crate) const MAX_PREFIX_LITERALS: usize = 400;

/// The folded prefix literals every match of the regex starts with, or `None` when they are
/// not a small finite set or would gate it on almost every word (a single letter).
fn prefix_literals(hir: &Hir) -> Option<Vec<String>> {
    // Case-insensitive letters are classes (`[Ss]`); the text is folded before the automaton
    // sees it, so each such class counts as its one lower-case letter.
    folded_prefix_literals(&fold_case_classes(hir))
}

/// [`prefix_literals`] of a tree whose classes are already folded ([`fold_case_classes`]).
fn folded_prefix_literals(folded: &Hir) -> Option<Vec<String>> {
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_class(CLASS_LITERALS)
        .limit_total(MAX_PREFIX_LITERALS)
        .extract(folded);
    gate_literals(&seq)
}

/// The folded literals of a sequence of prefixes, or `None` when they would not gate (see
/// [`prefix_literals`]).
pub(crate) fn gate_literals(seq: &Seq) -> Option<Vec<String>> {
    let lits = seq.literals()?;
    if lits.is_empty() || lits.len() > MAX_PREFIX_LITERALS {
        return None;
    }
    let mut out = Vec::with_capacity(lits.len());
    for l in lits {
        // A literal that is empty, or not whole characters, cannot be folded: no gate.
        let s = std::str::from_utf8(l.as_bytes()).ok().filter(|s| !s.is_empty())?;
        let f = fold(s);
        // A single letter or space occurs in almost every word: no gate. (A digit is rarer and
        // starts the numbers that figure and date rules look for; so are the rare letters.)
        let rare = |c: char| matches!(c, 'j' | 'q' | 'x' | 'z');
        if f.chars().count() == 1
            && f.chars()
                .all(|c| (c.is_alphabetic() && !rare(c)) || c.is_whitespace())
        {
            return None;
        }
        if !out.contains(&f) {
            out.push(f);
        }
    }
    Some(out)
}

/// Most characters of a class the literal extractor expands into literals (more make the
/// prefix unbounded).
const CLASS_LITERALS: usize = 10;

/// The one letter (in lower case) a small class holds in its cases (`[Ss]`, `[Kk\u{212A}]`),
/// if it is one.
pub(crate) fn one_letter(c: &ClassUnicode) -> Option<char> {
    // The common case: an ASCII letter in its two cases.
    if let [u, l] = c.ranges() {
        let (u, l) = (u.start(), l.start());
        if c.ranges().iter().all(|r| r.start() == r.end())
            && u.is_ascii_uppercase()
            && l == u.to_ascii_lowercase()
        {
            return Some(l);
        }
    }
    let mut chars = c.ranges().iter().flat_map(|r| r.start()..=r.end());
    let first = chars.next();
    // One case of a letter: its upper case's lower case (`ſ` → `S` → `s`).
    let canon = |ch: char| -> Option<char> {
        let mut up = ch.to_uppercase();
        let u = match (up.next(), up.next()) {
            (Some(u), None) => u,
            _ => return None,
        };
        let mut low = u.to_lowercase();
        match (low.next(), low.next()) {
            (Some(l), None) => Some(l),
            _ => None,
        }
    };
    first.and_then(canon).filter(|&l| {
        c.ranges().iter().map(|r| r.len()).sum::<usize>() <= 4
            && c.ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .all(|ch| canon(ch) == Some(l))
    })
}

/// Whether a class has more than [`CLASS_LITERALS`] characters.
pub(crate) fn class_is_big(c: &ClassUnicode) -> bool {
    let mut count = 0;
    c.ranges().iter().any(|r| {
        count += r.len();
        count > CLASS_LITERALS
    })
}

/// The class of every character.
pub(crate) fn any_char() -> Hir {
    Hir::class(Class::Unicode(ClassUnicode::new([ClassUnicodeRange::new(
        '\0',
        char::MAX,
    )])))
}

/// Whether the literal extractor, reading a concatenation, stops right after `hir`: its
/// prefixes are an infinite set (a class too big to give literals, or a repetition or group
/// of one), which leaves every prefix read so far inexact or the whole set infinite.
pub(crate) fn ends_prefixes(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => class_is_big(c),
        HirKind::Repetition(r) => ends_prefixes(&r.sub),
        HirKind::Capture(c) => ends_prefixes(&c.sub),
        _ => false,
    }
}

/// `hir` with every class whose characters are one letter in its cases (`[Ss]`, `[Kk\u{212A}]`)
/// replaced by that letter in lower case, as far as the literal extractor reads it. Every
/// class too big to give literals is replaced by the class of all characters, which gives
/// none either and is cheaper to copy than a big case-folded class like `(?i)[^\p{L}\d]`
/// (hundreds of ranges); what follows such a class in a concatenation, which the extractor
/// never reads, is not copied at all (see [`ends_prefixes`]).
pub(crate) fn fold_case_classes(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) if class_is_big(c) => any_char(),
        HirKind::Class(Class::Unicode(c)) => match one_letter(c) {
            Some(l) => Hir::literal(l.to_string().into_bytes()),
            None => hir.clone(),
        },
        HirKind::Concat(subs) => {
            // A word under `(?i)`, literals and letters in their cases, folds to one literal
            // at once (what `Hir::concat` makes of the parts folded one by one).
            let mut word = Vec::new();
            let is_word = subs.iter().all(|sub| match sub.kind() {
                HirKind::Literal(l) => {
                    word.extend_from_slice(&l.0);
                    true
                }
                HirKind::Class(Class::Unicode(c)) if !class_is_big(c) => one_letter(c).is_some_and(|l| {
                    word.extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes());
                    true
                }),
                _ => false,
            });
            if is_word {
                return Hir::literal(word);
            }
            // The literal extractor reads a concatenation up to the first part that ends every
            // prefix: what follows is never read, and one placeholder stands for it.
            let mut out = Vec::with_capacity(subs.len());
            for (i, sub) in subs.iter().enumerate() {
                out.push(fold_case_classes(sub));
                if ends_prefixes(sub) {
                    if i + 1 < subs.len() {
                        out.push(any_char());
                    }
                    break;
                }
            }
            Hir::concat(out)
        }
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(fold_case_classes).collect()),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(fold_case_classes(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(fold_case_classes(&c.sub)),
            ..c.clone()
        }),
        _ => hir.clone(),
    }
}

impl PhraseIndex {
    /// Builds the automaton over the folded spelling variants of every phrase and the folded
    /// prefix literals of every regex.
    pub fn build(rules: &[Rule]) -> Result<PhraseIndex, aho_corasick::BuildError> {
        PhraseIndex::build_with_words(rules, &[])
    }

    /// [`PhraseIndex::build`], with the (folded) `words` the analyzers look for in the same
    /// automaton: [`PhraseIndex::scan_field`] reports every occurrence of word `i` (anywhere,
    /// not only as a whole word) as `(i, span)`, so an analyzer reads no text of its own.
    pub fn build_with_words(
        rules: &[Rule],
        words: &[String],
    ) -> Result<PhraseIndex, aho_corasick::BuildError> {
        let mut keys: Vec<String> = Vec::new();
        let mut patterns: Vec<PatternInfo> = Vec::new();
        let mut regexes = Vec::new();
        let mut index: crate::hash::WordMap<usize> = crate::hash::WordMap::default();
        let mut slot = |key: String, keys: &mut Vec<String>, patterns: &mut Vec<PatternInfo>| -> usize {
            if let Some(&at) = index.get(&key) {
                return at;
            }
            patterns.push(PatternInfo {
                word_start: key.chars().next().is_some_and(is_word),
                word_end: key.chars().last().is_some_and(is_word),
                ..PatternInfo::default()
            });
            index.insert(key.clone(), keys.len());
            keys.push(key);
            keys.len() - 1
        };
        for (ri, rule) in rules.iter().enumerate() {
            if !rule.enabled {
                continue;
            }
            match &rule.matcher {
                Matcher::Phrases(phrases) => {
                    for p in phrases {
                        for v in variants(&p.text) {
                            let at = slot(fold(&v), &mut keys, &mut patterns);
                            if patterns[at].rules.last() != Some(&(ri as u32)) {
                                patterns[at].rules.push(ri as u32);
                            }
                        }
                    }
                }
                Matcher::Regex(re) => {
                    let starts = re.starts();
                    let ix = regexes.len() as u32;
                    regexes.push(RegexEntry {
                        inside_words: may_start_inside_word(re.hir()),
                        rule: ri,
                        strategy: starts.at,
                        pivot_lines: starts.pivots.is_some()
                            && matches!(starts.at, StartsAt::LineStarts | StartsAt::LiteralsAndLineStarts),
                        title_only: rule.scope.field == FieldScope::Title,
                    });
                    for lit in starts.prefixes.iter().flatten() {
                        let at = slot(lit.clone(), &mut keys, &mut patterns);
                        if patterns[at].regexes.last() != Some(&ix) {
                            patterns[at].regexes.push(ix);
                        }
                    }
                    let pivots = starts.pivots.iter().flat_map(|p| &p.branches);
                    for lit in pivots.flat_map(|b| &b.lits) {
                        let at = slot(lit.clone(), &mut keys, &mut patterns);
                        if patterns[at].pivots.last() != Some(&ix) {
                            patterns[at].pivots.push(ix);
                        }
                    }
                }
                // Rules whose mechanism is an analysis (facts) have nothing to scan for.
                Matcher::Analyzer(_) => {}
            }
        }
        for (i, w) in words.iter().enumerate() {
            let at = slot(w.clone(), &mut keys, &mut patterns);
            patterns[at].words.push(i as u32);
        }
        // A DFA is the fastest search (one table lookup per byte), but much larger than the
        // contiguous NFA (6.8 MB against 0.6 MB for the default rules) and slower to build,
        // so it is only built once an engine has scanned enough (`DFA_AFTER_BYTES`), with
        // 2-byte state numbers when its trie fits them (`PhraseDfa`).
        let automaton = if keys.is_empty() {
            None
        } else {
            Some(Automaton::new(keys)?)
        };
        Ok(PhraseIndex {
            automaton,
            patterns,
            regexes,
            line_gate: SyncOnceCell::new(),
        })
    }

    /// Calls `hit(rule_index, span)` for every whole-word occurrence of a phrase in `text`, and
    /// returns where each regex rule can match.
    pub fn scan(&self, text: &str, hit: impl FnMut(usize, Span)) -> RegexCandidates<'_> {
        self.scan_windows(text, WINDOW, usize::MAX, &mut Vec::new(), hit)
    }

    /// [`PhraseIndex::scan`] for a field whose title ends at byte `title_end` (0 when the
    /// field has no title, the field's length when it is the title): candidates of title-only
    /// regex rules past it are not collected. The occurrences of the analyzers' words are
    /// added to `words`.
    pub fn scan_field(
        &self,
        text: &str,
        title_end: usize,
        words: &mut Vec<(u32, Span)>,
        hit: impl FnMut(usize, Span),
    ) -> RegexCandidates<'_> {
        self.scan_windows(text, WINDOW, title_end, words, hit)
    }

    /// [`PhraseIndex::scan`], folding and searching the text in windows of about `window`
    /// bytes: the folded copy stays small and in cache however long the text. Each window
    /// reaches on by the longest pattern less one byte, and keeps only the matches that start
    /// in it, so every occurrence is reported exactly once.
    fn scan_windows(
        &self,
        text: &str,
        window: usize,
        title_end: usize,
        words: &mut Vec<(u32, Span)>,
        mut hit: impl FnMut(usize, Span),
    ) -> RegexCandidates<'_> {
        // Sized for seed-like text (about one candidate per 20 bytes), so it seldom grows.
        let mut starts: Vec<(u32, usize)> = Vec::with_capacity((text.len() / 16).min(8192));
        if let Some(ac) = self.automaton.as_ref().map(|a| a.get(text.len())) {
            let reach = ac.max_pattern_len().saturating_sub(1);
            let mut folded = Vec::with_capacity(text.len().min(window + reach + 4));
            let mut from = 0;
            loop {
                let to = ceil_char_boundary(text, from + window.max(1));
                let end = ceil_char_boundary(text, to + reach);
                fold_into(&text[from..end], &mut folded);
                ac.walk(&folded, |pattern, start, stop| {
                    let (start, stop) = (from + start, from + stop);
                    if start >= to {
                        return; // the next window reports it
                    }
                    let info = &self.patterns[pattern];
                    for &x in &info.pivots {
                        if start < title_end || !self.regexes[x as usize].title_only {
                            starts.push((2 * x + 1, start));
                        }
                    }
                    if !info.regexes.is_empty() {
                        // Between two word characters, only a regex that may start inside a
                        // word can match (a field and a title start at neither).
                        let bytes = text.as_bytes();
                        let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
                        let in_word = start > 0 && is_word(bytes[start - 1]) && is_word(bytes[start]);
                        for &x in &info.regexes {
                            let entry = &self.regexes[x as usize];
                            if (start < title_end || !entry.title_only) && (entry.inside_words || !in_word) {
                                starts.push((2 * x, start));
                            }
                        }
                    }
                    for &w in &info.words {
                        words.push((w, start..stop));
                    }
                    if info.rules.is_empty() {
                        return;
                    }
                    if info.word_start && text[..start].chars().next_back().is_some_and(is_word) {
                        return;
                    }
                    if info.word_end && text[stop..].chars().next().is_some_and(is_word) {
                        return;
                    }
                    for &r in &info.rules {
                        hit(r as usize, start..stop);
                    }
                });
                if to >= text.len() {
                    break;
                }
                from = to;
            }
        }
        starts.sort_unstable();
        starts.dedup();
        RegexCandidates {
            index: self,
            starts,
            lines_gated: false,
        }
    }
}

/// Bytes folded and searched at a time (plus the longest pattern): fits in the L2 cache.
const WINDOW: usize = 64 * 1024;

/// The first character boundary at or after `at` (the text's length past its end).
fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Whether a rule of this scope runs on a field, given whether the title is a separate field.
pub fn applies(scope: FieldScope, is_title_field: bool) -> bool {
    match scope {
        FieldScope::Any => true,
        FieldScope::Title => is_title_field,
        FieldScope::Body => !is_title_field,
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Context for placement checks on one field.
pub struct Placement<'a, 't> {
    /// The field's text model.
    pub model: &'a TextModel<'t>,
    /// Indices of the non-blank lines, in order.
    pub nonblank: Vec<usize>,
    /// Per-line facts, each computed on first use and only as far as a check needs, so that
    /// each check costs the match, not the line (a long line with many matches must not make
    /// scoring quadratic, and a paragraph is not read to its end to learn that it is long),
    /// and lines no check asks about cost nothing.
    facts: Vec<OnceCell<LineFacts>>,
    /// Per line: the words counted so far (see [`Placement::more_words_than`]).
    counted: Vec<Cell<WordCount>>,
    /// For each `max_item_words` asked for: per line, the first line at or after it that ends a
    /// list below a match (see [`Placement::list_after`]).
    list_stops: RefCell<HashMap<usize, Vec<usize>>>,
}

/// Where the letters of one line begin and end: enough to tell whether a span is alone on it.
#[derive(Debug, Clone, Copy)]
struct LineFacts {
    /// Byte offset of the first letter (the line's end when there is none).
    first_alpha: usize,
    /// Byte offset just past the last letter (the line's start when there is none).
    alpha_end: usize,
    /// Byte offset of the first letter or digit (the line's end when there is none).
    first_alnum: usize,
}

/// The words of a line counted up to some point (see `words`): counting resumes where it
/// stopped, so each line is read at most once however many checks ask.
#[derive(Debug, Clone, Copy, Default)]
struct WordCount {
    words: usize,
    /// Byte offset (in the field) where counting stopped: a white-space boundary.
    at: usize,
    done: bool,
}

impl<'a, 't> Placement<'a, 't> {
    /// Prepares placement checks for a field.
    pub fn new(model: &'a TextModel<'t>) -> Self {
        let text = model.text();
        let nonblank = model
            .lines()
            .iter()
            .enumerate()
            .filter(|(_, l)| !text[(*l).clone()].trim().is_empty())
            .map(|(i, _)| i)
            .collect();
        Placement {
            model,
            nonblank,
            facts: vec![OnceCell::new(); model.lines().len()],
            counted: model
                .lines()
                .iter()
                .map(|l| {
                    Cell::new(WordCount {
                        at: l.start,
                        ..WordCount::default()
                    })
                })
                .collect(),
            list_stops: RefCell::new(HashMap::new()),
        }
    }

    fn facts(&self, li: usize) -> LineFacts {
        *self.facts[li].get_or_init(|| {
            let l = self.model.lines()[li].clone();
            let t = &self.model.text()[l.clone()];
            LineFacts {
                first_alpha: t.find(char::is_alphabetic).map_or(l.end, |i| l.start + i),
                alpha_end: t
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_alphabetic())
                    .map_or(l.start, |(i, c)| l.start + i + c.len_utf8()),
                first_alnum: t.find(char::is_alphanumeric).map_or(l.end, |i| l.start + i),
            }
        })
    }

    /// Whether `span`, which lies within line `li`, holds every letter of the line: none
    /// before it and none after it.
    fn alone(&self, li: usize, span: &Span) -> bool {
        let f = self.facts(li);
        f.first_alpha >= span.start && f.alpha_end <= span.end
    }

    /// Whether line `li` has more than `max` words (see `words`), counting only as far as it
    /// takes to tell.
    fn more_words_than(&self, li: usize, max: usize) -> bool {
        let cell = &self.counted[li];
        let mut c = cell.get();
        if c.words <= max && !c.done {
            let end = self.model.lines()[li].end;
            let text = self.model.text();
            let mut rest = &text[c.at..end];
            while c.words <= max {
                rest = rest.trim_start();
                let Some(len) = rest
                    .find(char::is_whitespace)
                    .or((!rest.is_empty()).then_some(rest.len()))
                else {
                    c.done = true;
                    break;
                };
                if rest[..len].chars().any(char::is_alphanumeric) {
                    c.words += 1;
                }
                rest = &rest[len..];
            }
            c.at = end - rest.len();
            c.done |= rest.trim_start().is_empty();
            cell.set(c);
        }
        c.words > max
    }

    /// Checks a raw match against a rule's scope; returns the evidence span (extended over a
    /// following list when the rule asks for one) or `None` when the match is out of place.
    pub fn accept(&self, scope: &Scope, span: Span) -> Option<Span> {
        let text = self.model.text();
        let li = self.model.line_index(span.start);
        let line = self.model.lines()[li].clone();
        let needs_line = scope.line != LinePosition::Anywhere || scope.max_line_words.is_some();
        if needs_line && span.end > line.end {
            return None;
        }
        match scope.line {
            LinePosition::Anywhere => {}
            LinePosition::Alone => {
                if !self.alone(li, &span) {
                    return None;
                }
            }
            LinePosition::Start => {
                if self.facts(li).first_alnum < span.start {
                    return None;
                }
            }
        }
        if let Some(max) = scope.max_line_words {
            if self.more_words_than(li, max) {
                return None;
            }
        }
        if let Some(n) = scope.last_lines {
            let nonblank = &self.nonblank;
            let first_allowed = nonblank.len().saturating_sub(n);
            let pos = nonblank.partition_point(|&i| i < li);
            if pos < first_allowed {
                return None;
            }
        }
        if scope.skip_quoted && in_embedded_quote(&text[line.start..span.start]) {
            return None;
        }
        match scope.list {
            None => Some(span),
            Some(list) => self.list_after(span, li, list),
        }
    }

    /// Extends `span` over a list that follows it: separated items on the rest of its line, or
    /// short lines below it (blank lines allowed between).
    fn list_after(&self, span: Span, li: usize, spec: ListSpec) -> Option<Span> {
        let text = self.model.text();
        let lines = self.model.lines();
        let rest = &text[span.end.min(lines[li].end)..lines[li].end];
        let rest_trim = rest.trim_start_matches([':', '-', '–', '—', ' ']).trim();
        if !rest_trim.is_empty() {
            let items: Vec<&str> = rest_trim
                .split([',', ';', '|', '·', '•'])
                .map(str::trim)
                .collect();
            let ok = items.len() >= spec.min_items
                && items
                    .iter()
                    .all(|i| !i.is_empty() && words(i) <= spec.max_item_words);
            return ok.then(|| span.start..lines[li].start + text[lines[li].clone()].trim_end().len());
        }
        // The list is every non-blank line below, up to the first one too long or ending a
        // sentence; `stops[i]` is that line for a list starting at line `i`, computed once per
        // `max_item_words` for the whole field (a field of a million `Tags:` lines stays linear).
        let mut stops = self.list_stops.borrow_mut();
        let stops = stops.entry(spec.max_item_words).or_insert_with(|| {
            let mut stops = vec![lines.len(); lines.len() + 1];
            for i in (0..lines.len()).rev() {
                let t = text[lines[i].clone()].trim();
                let ends = !t.is_empty()
                    && (t.ends_with(['.', '!', '?']) || self.more_words_than(i, spec.max_item_words));
                stops[i] = if ends { i } else { stops[i + 1] };
            }
            stops
        });
        let stop = stops[li + 1];
        let first = self.nonblank.partition_point(|&i| i <= li);
        let past = self.nonblank.partition_point(|&i| i < stop);
        let count = past.saturating_sub(first);
        let end = match count {
            0 => span.end,
            _ => {
                let last = &lines[self.nonblank[past - 1]];
                last.start + text[last.clone()].trim_end().len()
            }
        };
        (count >= spec.min_items).then_some(span.start..end)
    }
}

/// Whether text that follows `before` (the start of its line) stands inside a quotation that
/// opens after some words: `the headline read “TNF xyxy`. A quotation that opens the line does
/// not count, so a line that is all quotation is judged as text, not as a report of it.
fn in_embedded_quote(before: &str) -> bool {
    let mut open: Option<(char, usize)> = None;
    for (i, c) in before.char_indices() {
        open = match open {
            None if matches!(c, '“' | '„' | '«' | '"') => Some((c, i)),
            None => None,
            Some((o, at)) => {
                let closes = match o {
                    '“' => c == '”',
                    '„' => c == '“' || c == '”',
                    '«' => c == '»',
                    _ => c == '"',
                };
                (!closes).then_some((o, at))
            }
        };
    }
    open.is_some_and(|(_, at)| before[..at].chars().any(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::compile::compile;
    use crate::ruleset::RuleSource;
    use proptest::prelude::*;

    const REGEXES: &[&str] = &[
        r"(?i)\bxx\s+\d+",
        r"\b(?:XX|xx|MM|DD)[/.-](?:XX|xx|YYYY)\b",
        r"(?i)\[\s*(?:date|city)\s*\]",
        r"ab|b",
        r"a*b?",
        r"(?i)straße|ǅ\w+",
        r"\d+\s*%",
        r"(?im)^[^\p{L}\d\n]*(?:xx|ab)\s*$",
        r"(?m)^[ \t]*By[ \t]+[A-Z]\w+",
        r"(?i)(?-u:\b)(?:some|many)\s+\w+",
        r"(?i)\b(?:dd|mm|x)\b",
        r"(?im)lorem\s+ipsum|^[^\p{L}\n]*dolor",
        r"[0-9]+\s*%",
        r"(?-u:\b)[A-Z][a-z]+ (?:said|told [a-z]+)[:,]? ?[\x22“]",
        r"[A-Z0-9]*[ \t]*(?:HEADING|TEXT)[ \t]+HERE\b|(?i)\bxy(?:xy)+\b",
        r"(?m)^[A-Z]{2,}[0-9]*$",
        r"(?mR)^[ \t]*follow @\w+|(?i)said\b",
        r"(?m)^[^\p{L}\n]*follow @\w+",
    ];

    fn rules() -> Vec<Rule> {
        let mut toml = String::from("[scoring]\nstart = 75\npass = 60\nreview = 35\n");
        for (i, re) in REGEXES.iter().enumerate() {
            toml.push_str(&format!(
                "[[rule]]\nid = \"boilerplate/r{i}\"\ncategory = \"boilerplate\"\npoints = -1\n\
                 message = \"m\"\nregex = '''{re}'''\n"
            ));
        }
        compile(&[RuleSource::new("t.toml", toml)]).unwrap().rules
    }

    /// The gated, anchored search finds exactly what `find_iter` finds (non-empty matches).
    fn agrees(text: &str) {
        let rules = rules();
        let index = PhraseIndex::build(&rules).unwrap();
        let model = TextModel::new(text);
        for gate_lines in [false, true] {
            let mut cands = index.scan(text, |_, _| {});
            if gate_lines {
                cands.gate_lines(&rules, text, model.lines(), text.len());
            }
            agrees_with(&rules, &cands, text, &model);
        }
    }

    fn agrees_with(rules: &[Rule], cands: &RegexCandidates, text: &str, model: &TextModel) {
        let runs: Vec<RegexRun> = cands.iter().collect();
        for (ri, rule) in rules.iter().enumerate() {
            let Matcher::Regex(re) = &rule.matcher else {
                continue;
            };
            let want: Vec<Span> = re
                .find_iter(text)
                .filter(|m| m.start() < m.end())
                .map(|m| m.range())
                .collect();
            let mut got = Vec::new();
            if let Some(run) = runs.iter().find(|r| r.rule() == ri) {
                run.find(re, text, 0..text.len(), model.lines(), |s| got.push(s));
            }
            assert_eq!(got, want, "regex {} on {text:?}", re.as_str());
        }
    }

    #[test]
    fn regexes_run_where_they_can_start() {
        use StartsAt::*;
        let rules = rules();
        let index = PhraseIndex::build(&rules).unwrap();
        let got: Vec<StartsAt> = index.regexes.iter().map(|r| r.strategy).collect();
        // `a*b?` can match anywhere (even empty); `\d` is every Unicode digit; a lone letter
        // (`b` of `ab|b`) would gate on almost every word, but a rare one (`x`) does; `ß` has a two-letter upper case
        // so `(?i)straße` does not fold to one literal. `^` in multi-line mode means line
        // starts, and a branch that starts there may sit beside branches with literals; digits
        // gate; case-insensitive words count once.
        assert_eq!(
            got,
            [
                Literals,
                Literals,
                Literals,
                Scan,
                Scan,
                Scan,
                Scan,
                LineStarts,
                LineStarts,
                Literals,
                Literals,
                LiteralsAndLineStarts,
                Literals,
                Pivots,
                Pivots,
                LineStarts,
                LiteralsAndLineStarts,
                LineStarts,
            ]
        );
        // Line-start rules whose line-start branches hold a literal no line break comes
        // before are tried at the starts of the lines that hold it, not at every line start
        // (`[^\p{L}\n]` holds `\r`, which starts no line without `R`); the others go to the line gate.
        let pivot_lines: Vec<usize> = index
            .regexes
            .iter()
            .enumerate()
            .filter(|(_, r)| r.pivot_lines)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(pivot_lines, [7, 8, 11, 16, 17]);
    }

    /// The fold as it was first written: the whole tree, every concatenation to its end.
    fn fold_whole(hir: &Hir) -> Hir {
        match hir.kind() {
            HirKind::Class(Class::Unicode(c)) if class_is_big(c) => any_char(),
            HirKind::Class(Class::Unicode(_)) => fold_case_classes(hir),
            HirKind::Concat(subs) => Hir::concat(subs.iter().map(fold_whole).collect()),
            HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(fold_whole).collect()),
            HirKind::Repetition(r) => Hir::repetition(Repetition {
                sub: Box::new(fold_whole(&r.sub)),
                ..r.clone()
            }),
            HirKind::Capture(c) => Hir::capture(Capture {
                sub: Box::new(fold_whole(&c.sub)),
                ..c.clone()
            }),
            _ => hir.clone(),
        }
    }

    /// The extractor finds the same prefixes in the fold of what it reads as in the fold of the
    /// whole tree, for the whole regex and for each branch of a top-level alternation (what
    /// [`strategy`] asks for).
    fn folds_agree(pattern: &str) {
        let Ok(hir) = regex_syntax::parse(pattern) else {
            return;
        };
        let extract = |h: &Hir| {
            Extractor::new()
                .kind(ExtractKind::Prefix)
                .limit_class(CLASS_LITERALS)
                .limit_total(MAX_PREFIX_LITERALS)
                .extract(h)
        };
        let mut parts = vec![hir.clone()];
        if let HirKind::Alternation(branches) = hir.kind() {
            parts.extend(branches.iter().cloned());
        }
        for h in &parts {
            assert_eq!(
                extract(&fold_case_classes(h)),
                extract(&fold_whole(h)),
                "{pattern}"
            );
        }
    }

    #[test]
    fn the_fold_reads_what_the_extractor_reads() {
        let shipped = crate::ruleset::embedded_regexes();
        assert!(shipped.len() > 40, "{} regexes", shipped.len());
        for p in &shipped {
            folds_agree(p);
        }
        for p in REGEXES {
            folds_agree(p);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

        #[test]
        fn the_fold_agrees_on_random_regexes(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("ab"), Just("(?i)some"), Just("(?i)S"), Just("\\w"), Just("\\W"),
                    Just("[^\\p{L}\\d\\n]"), Just("ß"), Just("[a-c]"), Just("[a-z]"), Just("\\b"),
                    Just("^"), Just("(?m)^"), Just("\\s"), Just("(?:ab|cd)"), Just("(x)"),
                    Just("(?i:foo|bar)"), Just("\\d"), Just("[0-9]"), Just("(?:)"), Just("k"),
                ],
                1..7,
            ),
            ops in proptest::collection::vec(0u8..9, 1..7),
        ) {
            let mut pattern = String::new();
            for (i, (p, op)) in parts.iter().zip(ops.iter().cycle()).enumerate() {
                let piece = match op {
                    0 => format!("{p}*"),
                    1 => format!("(?:{p})+"),
                    2 => format!("(?:{p}){{2,3}}"),
                    3 => format!("(?:{p})?"),
                    4 => format!("(?:{p}|z)"),
                    5 => format!("({p})"),
                    6 if i > 0 => format!("|{p}"),
                    _ => p.to_string(),
                };
                pattern.push_str(&piece);
            }
            folds_agree(&pattern);
        }
    }

    #[test]
    fn case_insensitive_letters_fold_to_one_literal() {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(r"(?i)(?:some|MANY)\s+people|analyſts")
            .unwrap();
        let mut lits = prefix_literals(&hir).unwrap();
        lits.sort();
        assert_eq!(lits, ["analysts", "many", "some"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

        /// The hand-written walk over either automaton, in one lane or several, reports what
        /// the crate's own overlapping search reports, in the same order.
        #[test]
        fn the_walk_finds_what_the_overlapping_search_finds(
            keys in proptest::collection::vec("[abc ]{1,4}", 1..12),
            hay in "[abcd ]{0,200}",
        ) {
            let expected: Vec<(usize, usize, usize)> = aho_corasick::AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&keys)
                .unwrap()
                .find_overlapping_iter(&hay)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            let automaton = Automaton::new(keys).unwrap();
            let dfa = PhraseDfa::new(&automaton.keys).unwrap();
            let dfa32 = PhraseDfa::new(&automaton.keys).unwrap();
            for walker in [Walker::Nfa(&automaton.nfa), Walker::Dfa(&dfa), Walker::Dfa32(&dfa32)] {
                // One lane, and several whatever the length.
                for lanes_from in [usize::MAX, 0] {
                    let mut found = Vec::new();
                    walker.walk_lanes(hay.as_bytes(), lanes_from, |p, start, end| found.push((p, start, end)));
                    prop_assert_eq!(&found, &expected);
                }
            }
        }
    }

    #[test]
    fn windows_report_every_occurrence_once() {
        let toml = r#"
[scoring]
start = 75
pass = 60
review = 35

[[rule]]
id = "boilerplate/a"
category = "boilerplate"
points = -1
message = "m"
phrases = ["leave a reply", "reply", "Beiträge"]

[[rule]]
id = "boilerplate/b"
category = "boilerplate"
points = -1
message = "m"
regex = '\[date\]'
"#;
        let rules = compile(&[RuleSource::new("t.toml", toml)]).unwrap().rules;
        let words: Vec<String> = ["re", "reply", "ä", "a reply"].map(String::from).to_vec();
        let index = PhraseIndex::build_with_words(&rules, &words).unwrap();
        let text = "Leave a Reply. REPLY [date] ähnliche BEITRÄGE\nleave a\nreply [date]";
        let collect = |window| {
            let mut hits = Vec::new();
            let mut found = Vec::new();
            let c = index.scan_windows(text, window, usize::MAX, &mut found, |r, s| hits.push((r, s)));
            hits.sort_by_key(|(r, s)| (*r, s.start, s.end));
            found.sort_by_key(|(w, s)| (*w, s.start));
            (hits, c.starts, found)
        };
        let whole = collect(text.len());
        assert_eq!(whole.0.len(), 6, "{:?}", whole.0);
        assert_eq!(whole.1.len(), 2);
        // Every occurrence of every word, overlapping, inside words too.
        let folded = fold(text);
        let mut expected = Vec::new();
        for (i, w) in words.iter().enumerate() {
            for at in (0..folded.len())
                .filter(|&at| folded.is_char_boundary(at) && folded[at..].starts_with(w.as_str()))
            {
                expected.push((i as u32, at..at + w.len()));
            }
        }
        assert_eq!(whole.2, expected);
        for window in 1..text.len() {
            assert_eq!(collect(window), whole, "window {window}");
        }
    }

    #[test]
    fn the_dfa_finds_what_the_nfa_finds() {
        let rules = compile(&crate::ruleset::embedded_sources()).unwrap().rules;
        let index = PhraseIndex::build(&rules).unwrap();
        let text = "Leave a Reply. Click here to subscribe! Sources say: “It’s unclear,” some experts \
                    said on [Date]. Share this: Facebook, Twitter. Lorem ipsum dolor sit amet.";
        let scan = || {
            let mut hits = Vec::new();
            let starts = index.scan(text, |r, s| hits.push((r, s))).starts;
            (hits, starts)
        };
        let automaton = index.automaton.as_ref().unwrap();
        let by_nfa = scan();
        assert!(
            automaton.dfa.get().is_none(),
            "the DFA is built only after {DFA_AFTER_BYTES} bytes"
        );
        assert!(by_nfa.0.len() > 3 && !by_nfa.1.is_empty(), "{by_nfa:?}");
        automaton.get(DFA_AFTER_BYTES);
        assert!(automaton.dfa.get().is_some_and(Option::is_some));
        assert_eq!(scan(), by_nfa);
    }

    #[test]
    fn gated_regexes_find_what_find_iter_finds() {
        agrees("On XX/XX/YYYY the xx 12 and XX  3 rose 5 % in [City] and [ date ].");
        agrees("aab bab STRASSE Straße ǅungla xxx 4 axx 5");
        agrees("xx\n  ab \n--xx--\r\nxx\rBy Ann Lee\n By Bo\nsome people, MANY dd x mm");
        agrees("Lorem  ipsum dolor\n -- dolor\nLOREM\nipsum 12 % 5%\n\ndolor");
        agrees("");
        agrees("Ann said: “No,” Bo told me \"x\". “Yes” Cy said “z” AB: Dee said, \"w\"\nEd said");
        agrees("TEXT  HERE and HEADING HERE, HERE, text here; xyxyxy XYXY xyxyx\nBODY TEXT HERE\n");
        agrees("AB: x\nC: AB\r\nDE12\n follow @ann\r follow @bo\r\n-- follow @cy said\nfollow @");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

        #[test]
        fn gated_regexes_agree_on_any_text(text in "[aAbxX/ .\\[\\]dDMY0-9%ßǅ\n\r-]{0,40}|(?:By |some |MANY |xx|ab|lorem|ipsum|dolor|-|1|%|\n|\r| )*") {
            agrees(&text);
        }

        #[test]
        fn pivoted_regexes_agree_on_any_text(text in "(?:Ann|Bo|said|told|me|:|,|\"|“|”|HEADING|TEXT|HERE|here|xy|X|AB|12|follow|@|é|-|\t| |  |\n|\r)*") {
            agrees(&text);
        }
    }

    /// Every embedded regex rule finds in every seed article, alone and with lines that some
    /// of them flag added, exactly what `find_iter` finds, with the line gate and without.
    #[test]
    fn embedded_regexes_find_what_find_iter_finds_on_the_seeds() {
        let rules = compile(&crate::ruleset::embedded_sources()).unwrap().rules;
        let index = PhraseIndex::build(&rules).unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut seeds: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        seeds.sort();
        assert!(seeds.len() >= 5, "{} seeds", seeds.len());
        let added = "\nFollow The Verge on Twitter\r\n  Slate on Twitter\n -- Lorem ipsum --\nTEXT HERE\n\
                     “No,” said Ann Lee. Ann said: “Yes.” Photo caption goes here\nBy Ann Lee and Bo Li\n";
        let mut kinds = HashMap::new();
        for path in seeds {
            let seed = std::fs::read_to_string(path).unwrap();
            for text in [seed.clone(), seed + added] {
                let model = TextModel::new(&text);
                for gate_lines in [false, true] {
                    let mut cands = index.scan(&text, |_, _| {});
                    if gate_lines {
                        cands.gate_lines(&rules, &text, model.lines(), text.len());
                    }
                    agrees_with(&rules, &cands, &text, &model);
                }
            }
        }
        for e in &index.regexes {
            *kinds.entry((e.strategy, e.pivot_lines)).or_insert(0) += 1;
        }
        // Each way of running a rule is exercised by some embedded rule.
        for kind in [
            (StartsAt::Literals, false),
            (StartsAt::LineStarts, false),
            (StartsAt::LineStarts, true),
            (StartsAt::LiteralsAndLineStarts, true),
            (StartsAt::Pivots, false),
            (StartsAt::Scan, false),
        ] {
            assert!(kinds.contains_key(&kind), "{kind:?} in {kinds:?}");
        }
    }

    #[test]
    fn word_bounded_regexes_are_not_tried_inside_words() {
        let inside = |p: &str| may_start_inside_word(&regex_syntax::parse(p).unwrap());
        assert!(!inside(r"(?i)\bin\s+the"));
        assert!(!inside(r"(?i)(?-u:\b)(?:is|are)\s+said|,\s*said"));
        assert!(!inside(r"\b{start}in|[.,;]x"));
        assert!(inside(r",|in"));
        assert!(inside(r"(?:x)?\bin"));
        assert!(inside(r"[a-c]x"));
        assert!(inside(r"(?m)^in"));
        // Every embedded regex finds what `find_iter` finds, with its literals inside words.
        let rules = compile(&crate::ruleset::embedded_sources()).unwrap().rules;
        let index = PhraseIndex::build(&rules).unwrap();
        let bounded: Vec<&str> = index
            .regexes
            .iter()
            .filter(|r| !r.inside_words)
            .map(|r| rules[r.rule].id.as_str())
            .collect();
        for id in [
            "unattributed-claim/agentless-passive",
            "good-practice/cited-document",
            "unattributed-claim/vague-quantifier",
        ] {
            assert!(bounded.contains(&id), "{id} not in {bounded:?}");
        }
        for text in [
            "Putin is in Berlin; this visit, considered historic, was thought to be so. Within \
             his being, as has been said, it is believed; analysts said; Mr Putin, insiders",
            "Xinhua's reporters: unbelievable, unsaid, reconsidered. Some experts warn, aside",
        ] {
            let model = TextModel::new(text);
            let cands = index.scan(text, |_, _| {});
            agrees_with(&rules, &cands, text, &model);
        }
    }

    #[test]
    fn embedded_quotations_are_told_from_quoted_lines() {
        assert!(in_embedded_quote("the headline read “TNF "));
        assert!(in_embedded_quote("Die Zeile lautete „Lorem "));
        assert!(in_embedded_quote("it said \"As "));
        assert!(!in_embedded_quote("“"));
        assert!(!in_embedded_quote("  « "));
        assert!(!in_embedded_quote("he said “no” and then "));
        assert!(!in_embedded_quote("Er sagte „nein“ und "));
        assert!(!in_embedded_quote("plain text "));
    }

    #[test]
    fn words_ignore_punctuation_tokens() {
        assert_eq!(words("Share this: — Facebook"), 3);
        assert_eq!(words("  "), 0);
    }

    proptest! {
        /// Two ascending sequences merge into their sorted, deduplicated union.
        #[test]
        fn merged_starts_are_the_sorted_union(
            a in proptest::collection::btree_set(0usize..60, 0..20),
            b in proptest::collection::btree_set(0usize..60, 0..20),
            dup in 0usize..3,
        ) {
            // `a` repeated in place, as candidates of two literals at one place are.
            let a: Vec<usize> = a.iter().flat_map(|&x| std::iter::repeat_n(x, dup + 1)).collect();
            let mut want: Vec<usize> = a.iter().chain(&b).copied().collect();
            want.sort_unstable();
            want.dedup();
            let got: Vec<usize> = merge_sorted(a.into_iter(), b.into_iter()).collect();
            prop_assert_eq!(got, want);
        }
    }

    proptest! {
        /// The line facts computed only as far as a check needs answer as the whole line's
        /// counts did: a span is alone when the line has no more letters than the span, and
        /// a line is too long when it has more words than the maximum (asked in any order,
        /// so counting resumes where it stopped).
        #[test]
        fn partial_line_facts_agree_with_whole_line_counts(
            text in "([a-zé5’—,.]{1,6}[ \t]{0,2}|\n){0,40}",
            asks in proptest::collection::vec((0usize..50, 0usize..12, 0usize..200, 0usize..40), 1..30),
        ) {
            let model = TextModel::new(&text);
            let placement = Placement::new(&model);
            let lines = model.lines();
            for (li, max, from, len) in asks {
                let li = li % lines.len();
                let line = &text[lines[li].clone()];
                prop_assert_eq!(placement.more_words_than(li, max), words(line) > max);
                // A span inside the line, on character boundaries.
                let bounds: Vec<usize> = line
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([line.len()])
                    .collect();
                let a = bounds[from % bounds.len()];
                let b = bounds[(from + len) % bounds.len()].max(a);
                let letters = |t: &str| t.chars().filter(|c| c.is_alphabetic()).count();
                let span = lines[li].start + a..lines[li].start + b;
                prop_assert_eq!(placement.alone(li, &span), letters(line) <= letters(&line[a..b]));
            }
        }
    }
}
