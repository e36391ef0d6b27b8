//! A rule's regex, compiled once, to what its searches need.
//!
//! The pattern is parsed once, and its forward automaton (a Thompson NFA) compiled once, when
//! the rule is loaded: the syntax tree serves the matcher's look at how every match starts
//! (its prefix literals, see `matcher::PhraseIndex`), and compiling the automaton is what
//! checks the size limit. Most rule regexes are only ever searched anchored, at the places
//! where the matcher says a match can start; those searches run a lazy DFA built straight from
//! that automaton. The full regex (forward and reverse automata, prefilters), needed to search
//! a whole text, is built by the matcher at load time for the regexes it searches that way,
//! and on first use for the others.

use once_cell::sync::OnceCell;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, NFA};
use regex_automata::util::pool::Pool;
use regex_automata::{meta, Input, Match};
use regex_syntax::hir::Hir;
use std::sync::Arc;

type CacheFn = dyn Fn() -> Cache + Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe;
type CachePool = Pool<Cache, Box<CacheFn>>;

/// A compiled regular expression of a rule file (`regex = …` or `except = […]`), with the
/// syntax and semantics of the `regex` crate: leftmost-first matches over UTF-8 text.
///
/// ```
/// use credence::{Engine, Matcher};
/// let engine = Engine::default();
/// let rule = engine.rules().iter().find(|r| r.id() == "placeholder/bracket-token").unwrap();
/// let Matcher::Regex(re) = rule.matcher() else { panic!("a regex rule") };
/// assert!(re.is_match("PARIS, [Date] – The minister resigned."));
/// let spans: Vec<_> = re.find_iter("[City] and [Date]").map(|m| m.range()).collect();
/// assert_eq!(spans, [0..6, 11..17]);
/// ```
#[derive(Clone)]
pub struct RuleRegex {
    pattern: Arc<str>,
    /// The parsed pattern, kept for the matcher to work out where matches can start and to
    /// build the full regex from.
    hir: Arc<Hir>,
    /// The forward automaton, with the `regex` crate's configuration.
    nfa: NFA,
    /// The `regex` crate's configuration with the rule-file limits.
    config: meta::Config,
    /// The full regex, for searches over a whole text.
    whole: Arc<OnceCell<meta::Regex>>,
    /// The lazy DFA for anchored searches, with a cache per thread; `None` when the pattern
    /// needs what a lazy DFA lacks (then the full regex serves).
    anchored: Arc<OnceCell<Option<(DFA, CachePool)>>>,
}

/// Why a pattern did not compile.
#[derive(Debug)]
pub(crate) enum PatternError {
    /// The pattern is not a valid regex: the parser's message.
    Syntax(String),
    /// The compiled regex would exceed this many bytes.
    TooBig(usize),
}

impl RuleRegex {
    /// Parses and compiles `pattern` with a compiled-size limit of `size_limit` bytes and a
    /// lazy-DFA cache of `dfa_size_limit` bytes (the `regex` crate's `size_limit` and
    /// `dfa_size_limit`).
    pub(crate) fn new(pattern: &str, size_limit: usize, dfa_size_limit: usize) -> Result<Self, PatternError> {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .map_err(|e| PatternError::Syntax(e.to_string()))?;
        let config = meta::Config::new()
            .nfa_size_limit(Some(size_limit))
            .hybrid_cache_capacity(dfa_size_limit);
        // The forward automaton exactly as the full regex compiles it first (captures, UTF-8
        // empty matches, no shrinking), so the size limit fails where it always did.
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .utf8(config.get_utf8_empty())
                    .nfa_size_limit(config.get_nfa_size_limit())
                    .shrink(false)
                    .which_captures(config.get_which_captures()),
            )
            .build_from_hir(&hir)
            .map_err(|e| match e.size_limit() {
                Some(limit) => PatternError::TooBig(limit),
                None => PatternError::Syntax(e.to_string()),
            })?;
        Ok(RuleRegex {
            pattern: pattern.into(),
            hir: Arc::new(hir),
            nfa,
            config,
            whole: Arc::new(OnceCell::new()),
            anchored: Arc::new(OnceCell::new()),
        })
    }

    /// The full regex, built on first use (see [`RuleRegex::prepare_whole`]).
    fn whole(&self) -> &meta::Regex {
        self.whole.get_or_init(|| {
            let build = |config: meta::Config| {
                meta::Builder::new()
                    .configure(config)
                    .build_from_hir(&self.hir)
                    .ok()
            };
            // The forward automaton fit the limit when the rule was loaded, so only the reverse
            // one can fail here (it never has: it is the same automaton without captures); the
            // forward one alone then serves, within the limit or, failing that, without it.
            build(self.config.clone())
                .or_else(|| build(self.config.clone().hybrid(false).dfa(false)))
                .or_else(|| build(meta::Config::new().nfa_size_limit(None).hybrid(false).dfa(false)))
                .expect("a parsed pattern compiles without a size limit")
        })
    }

    /// Builds the full regex now, for a regex that will search whole texts.
    pub(crate) fn prepare_whole(&self) {
        self.whole();
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the regex matches anywhere in `hay`.
    pub fn is_match(&self, hay: &str) -> bool {
        self.whole().is_match(hay)
    }

    /// The successive non-overlapping matches in `hay`, as `regex::Regex::find_iter` finds
    /// them.
    pub fn find_iter<'r, 'h>(&'r self, hay: &'h str) -> impl Iterator<Item = Match> + 'r
    where
        'h: 'r,
    {
        self.whole().find_iter(hay)
    }

    /// A searcher for anchored searches, holding its thread's cache for as many searches as
    /// the caller makes.
    pub(crate) fn anchored(&self) -> Anchored<'_> {
        let dfa = self.anchored.get_or_init(|| {
            let dfa = DFA::builder()
                .configure(
                    DFA::config()
                        .cache_capacity(self.config.get_hybrid_cache_capacity())
                        .unicode_word_boundary(true),
                )
                .build_from_nfa(self.nfa.clone())
                .ok()?;
            let for_pool = dfa.clone();
            let pool: CachePool = Pool::new(Box::new(move || for_pool.create_cache()));
            Some((dfa, pool))
        });
        Anchored {
            regex: self,
            dfa: dfa.as_ref().map(|(dfa, pool)| (dfa, pool.get())),
        }
    }

    /// The parsed pattern.
    pub(crate) fn hir(&self) -> &Hir {
        &self.hir
    }
}

/// Anchored searches with one regex (see [`RuleRegex::anchored`]).
pub(crate) struct Anchored<'r> {
    regex: &'r RuleRegex,
    dfa: Option<(
        &'r DFA,
        regex_automata::util::pool::PoolGuard<'r, Cache, Box<CacheFn>>,
    )>,
}

impl Anchored<'_> {
    /// The leftmost-first match starting at the start of `input`'s span, exactly as the full
    /// regex would find it.
    pub(crate) fn search(&mut self, input: &Input<'_>) -> Option<Match> {
        let input = input.clone().anchored(regex_automata::Anchored::Yes);
        if let Some((dfa, cache)) = &mut self.dfa {
            // A lazy DFA may give up (a Unicode word boundary next to a non-ASCII letter, or a
            // cache cleared too often); the full regex then answers.
            if let Ok(found) = dfa.try_search_fwd(cache, &input) {
                return found.map(|end| Match::new(end.pattern(), input.start()..end.offset()));
            }
        }
        self.regex.whole().search(&input)
    }
}

impl std::fmt::Debug for RuleRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("RuleRegex").field(&self.as_str()).finish()
    }
}

impl std::fmt::Display for RuleRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
