//! A rule's regex, compiled once.
//!
//! The pattern is parsed once; the syntax tree serves both the compiled regex and the matcher's
//! look at how every match starts (its prefix literals, see `matcher::PhraseIndex`), and the
//! one compiled regex serves both searches over a whole field and anchored searches at the
//! places where a match can start.

use regex_automata::{meta, Input, Match};
use regex_syntax::hir::Hir;
use std::sync::Arc;

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
    regex: meta::Regex,
    /// The parsed pattern, kept for the matcher to work out where matches can start.
    hir: Arc<Hir>,
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
        let regex = meta::Builder::new()
            .configure(config)
            .build_from_hir(&hir)
            .map_err(|e| match e.size_limit() {
                Some(limit) => PatternError::TooBig(limit),
                None => PatternError::Syntax(e.to_string()),
            })?;
        Ok(RuleRegex {
            pattern: pattern.into(),
            regex,
            hir: Arc::new(hir),
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the regex matches anywhere in `hay`.
    pub fn is_match(&self, hay: &str) -> bool {
        self.regex.is_match(hay)
    }

    /// The successive non-overlapping matches in `hay`, as `regex::Regex::find_iter` finds
    /// them.
    pub fn find_iter<'r, 'h>(&'r self, hay: &'h str) -> impl Iterator<Item = Match> + 'r
    where
        'h: 'r,
    {
        self.regex.find_iter(hay)
    }

    /// The leftmost-first match of an anchored or unanchored search described by `input`.
    pub(crate) fn search(&self, input: &Input<'_>) -> Option<Match> {
        self.regex.search(input)
    }

    /// The parsed pattern.
    pub(crate) fn hir(&self) -> &Hir {
        &self.hir
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
