//! A rule's regex, compiled once, to what its searches need.
//!
//! The pattern is parsed once (see `parse` for how case-insensitive classes are kept cheap),
//! and the syntax tree tells where a match can start (its prefix literals or line starts, see
//! `matcher::PhraseIndex`). A regex the matcher only ever searches anchored, at those places,
//! has its searches run a lazy DFA built straight from its forward automaton (a Thompson NFA,
//! without captures), compiled on first use: at load, a bound worked out from the syntax tree
//! (`nfa_bound`) shows it fits the size limit, and only a regex whose bound is over the limit
//! has its automaton compiled at load to tell exactly, as the full regex would. The full regex
//! (forward and reverse automata, prefilters) is built only if something searches it over a
//! whole text (`except` checks, `explain`). A regex searched over whole fields gets the full
//! regex at load, and nothing else.

use super::nfa_bound::{nfa_bytes, reverse_nfa_bytes, ClassMemo};
use crate::matcher::Starts;
use once_cell::sync::OnceCell;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, NFA};
use regex_automata::util::pool::Pool;
use regex_automata::{meta, Input, Match};
use regex_syntax::ast::{self, Ast};
use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange, Hir};
use std::cell::RefCell;
use std::sync::{Arc, Mutex};

pub(crate) type CacheFn =
    dyn Fn() -> Cache + Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe;
pub(crate) type CachePool = Pool<Cache, Box<CacheFn>>;

/// `dfa` with a pool of caches for the threads that search it.
pub(crate) fn pooled(dfa: DFA) -> (DFA, CachePool) {
    let for_pool = dfa.clone();
    let pool: CachePool = Pool::new(Box::new(move || for_pool.create_cache()));
    (dfa, pool)
}

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
    /// The parsed pattern, to build the full regex from on first use.
    hir: Arc<Hir>,
    /// Where matches can start, and the prefix or pivot literals that gate it (see `matcher`).
    starts: Starts,
    /// The forward automaton for anchored searches; `None` for a regex searched over whole
    /// texts, whose full regex is built at once.
    nfa: Option<Forward>,
    /// The `regex` crate's configuration with the rule-file limits.
    config: Arc<meta::Config>,
    /// The full regex, for searches over a whole text.
    whole: Arc<OnceCell<meta::Regex>>,
    /// The lazy DFA for anchored searches, with a cache per thread; `None` when the pattern
    /// needs what a lazy DFA lacks (then the full regex serves).
    anchored: Arc<OnceCell<Option<(DFA, CachePool)>>>,
}

/// The forward automaton of a regex searched anchored: compiled at load when only compiling
/// could tell that it fits the size limit, else on first use (see `nfa_bound`).
#[derive(Clone)]
enum Forward {
    Compiled(NFA),
    Deferred(Arc<Mutex<thompson::Compiler>>),
}

/// Largest bound under which a compile is put off to first use, whatever the size limit: past
/// it, the automaton could run out of state ids, an error that must be reported at load.
const MAX_DEFERRED_BYTES: u64 = 1 << 32;

/// Why a pattern did not compile.
#[derive(Debug)]
pub(crate) enum PatternError {
    /// The pattern is not a valid regex: the parser's message.
    Syntax(String),
    /// The compiled regex would exceed this many bytes.
    TooBig(usize),
}

/// Compiles the regexes of one rule set: one automaton compiler serves them all (each new
/// compiler sets up and frees large tables).
pub(crate) struct RegexCompiler {
    /// The `regex` crate's configuration with the rule-file limits.
    config: Arc<meta::Config>,
    /// The forward automaton compiler, configured exactly as the full regex configures its own
    /// (captures, UTF-8 empty matches, no shrinking), so the size limit fails where it always
    /// did. Used at load only for a regex whose size bound is over the limit.
    nfa: thompson::Compiler,
    /// The compiler of the automata deferred to first use (no captures: the lazy DFA has no
    /// use for them), shared by the rule set's regexes (it lives as long as they do, with the
    /// tables of its last compile).
    deferred: Arc<Mutex<thompson::Compiler>>,
    /// The large classes the size bound has met (see `nfa_bound`).
    classes: RefCell<ClassMemo>,
}

impl RegexCompiler {
    /// A compiler with a compiled-size limit of `size_limit` bytes and a lazy-DFA cache of
    /// `dfa_size_limit` bytes per regex (the `regex` crate's `size_limit` and
    /// `dfa_size_limit`).
    pub(crate) fn new(size_limit: usize, dfa_size_limit: usize) -> RegexCompiler {
        let config = meta::Config::new()
            .nfa_size_limit(Some(size_limit))
            .hybrid_cache_capacity(dfa_size_limit);
        // The regex crate's own NFA settings, with or without captures.
        let compiler = |captures: thompson::WhichCaptures| {
            let mut c = thompson::Compiler::new();
            c.configure(
                thompson::Config::new()
                    .utf8(config.get_utf8_empty())
                    .nfa_size_limit(config.get_nfa_size_limit())
                    .shrink(false)
                    .which_captures(captures),
            );
            c
        };
        let nfa = compiler(config.get_which_captures());
        let deferred = compiler(thompson::WhichCaptures::None);
        RegexCompiler {
            config: Arc::new(config),
            nfa,
            deferred: Arc::new(Mutex::new(deferred)),
            classes: RefCell::new(ClassMemo::default()),
        }
    }
}

impl RuleRegex {
    /// Parses and compiles `pattern` with `compiler`.
    ///
    /// `whole_only` says the regex is only ever searched over whole texts (an `except`
    /// pattern): then even a regex the matcher would scan with has its full regex built on
    /// first use, when bounds show that its forward and reverse automata fit the size limit
    /// (the rule it excepts from may never match).
    pub(crate) fn new(
        pattern: &str,
        compiler: &RegexCompiler,
        whole_only: bool,
    ) -> Result<Self, PatternError> {
        let hir = parse(pattern).map_err(PatternError::Syntax)?;
        let config = compiler.config.clone();
        let starts = crate::matcher::strategy(&hir);
        let too_big = |e: meta::BuildError| match e.size_limit() {
            Some(limit) => PatternError::TooBig(limit),
            None => PatternError::Syntax(e.to_string()),
        };
        let fits = |bytes: u64| {
            bytes <= MAX_DEFERRED_BYTES
                && config
                    .get_nfa_size_limit()
                    .is_none_or(|limit| bytes <= limit as u64)
        };
        let memo = &mut *compiler.classes.borrow_mut();
        if starts.at.searches_whole() {
            // Searched over whole fields of every article: the full regex, now (its first
            // steps, the forward and reverse automata, are what check the size limit), unless
            // it is an `except` pattern shown to fit.
            let whole =
                if whole_only && fits(nfa_bytes(&hir, true, memo)) && fits(reverse_nfa_bytes(&hir, memo)) {
                    OnceCell::new()
                } else {
                    let whole = meta::Builder::new()
                        .configure((*config).clone())
                        .build_from_hir(&hir)
                        .map_err(too_big)?;
                    OnceCell::with_value(whole)
                };
            return Ok(RuleRegex {
                pattern: pattern.into(),
                hir: Arc::new(hir),
                starts,
                nfa: None,
                config,
                whole: Arc::new(whole),
                anchored: Arc::new(OnceCell::new()),
            });
        }
        // Searched anchored only: its automaton waits for the first search unless only
        // compiling it can tell whether it fits the size limit.
        let nfa = if fits(nfa_bytes(&hir, true, memo)) {
            Forward::Deferred(compiler.deferred.clone())
        } else {
            let nfa = compiler
                .nfa
                .build_from_hir(&hir)
                .map_err(|e| match e.size_limit() {
                    Some(limit) => PatternError::TooBig(limit),
                    None => PatternError::Syntax(e.to_string()),
                })?;
            Forward::Compiled(nfa)
        };
        Ok(RuleRegex {
            pattern: pattern.into(),
            hir: Arc::new(hir),
            starts,
            nfa: Some(nfa),
            config,
            whole: Arc::new(OnceCell::new()),
            anchored: Arc::new(OnceCell::new()),
        })
    }

    /// The full regex, built at load for regexes searched over whole texts, else on first use.
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
            build((*self.config).clone())
                .or_else(|| build((*self.config).clone().hybrid(false).dfa(false)))
                .or_else(|| build(meta::Config::new().nfa_size_limit(None).hybrid(false).dfa(false)))
                .expect("a parsed pattern compiles without a size limit")
        })
    }

    /// The forward automaton for anchored searches, compiled now if it was deferred (`None`
    /// for a regex searched over whole texts, or if it does not compile).
    fn forward(&self) -> Option<NFA> {
        match self.nfa.as_ref()? {
            Forward::Compiled(nfa) => Some(nfa.clone()),
            Forward::Deferred(compiler) => {
                let compiler = compiler.lock().unwrap_or_else(|e| e.into_inner());
                compiler.build_from_hir(&self.hir).ok()
            }
        }
    }

    /// The parsed pattern.
    pub(crate) fn hir(&self) -> &Hir {
        &self.hir
    }

    /// Where matches can start, and the folded prefix or pivot literals when they gate the
    /// regex.
    pub(crate) fn starts(&self) -> &Starts {
        &self.starts
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

    /// The successive non-overlapping matches in `input`'s span, as
    /// `regex::Regex::find_iter` finds them there (the text around the span counts for
    /// assertions such as `\b`).
    pub(crate) fn find_iter_in<'r, 'h>(&'r self, input: Input<'h>) -> impl Iterator<Item = Match> + 'r
    where
        'h: 'r,
    {
        self.whole().find_iter(input)
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
                .build_from_nfa(self.forward()?)
                .ok()?;
            Some(pooled(dfa))
        });
        Anchored {
            regex: self,
            dfa: dfa.as_ref().map(|(dfa, pool)| (dfa, pool.get())),
        }
    }
}

/// Parses `pattern` into exactly the syntax tree `regex_syntax::Parser` gives, with the
/// parser's message when it is not a valid regex.
///
/// Under `(?i)` the parser closes every character class under case folding, which for a class
/// like `[^\p{L}\d\n]` means folding every letter of Unicode: most of the time it takes to
/// load the default rules went there. Yet such classes are already closed, or nearly:
/// folding `\p{L}` adds one character (U+0345, a combining mark that folds to `ι`), and `\d`,
/// `\s`, `\w` and their negations add none. So before the tree is translated, each class made
/// of those and of literal characters and short ranges is written out closed (with U+0345,
/// and with the other cases of its literals) and marked case-sensitive; translating it then
/// gives the same class without the folding. Anything else is left to the parser, and any
/// error is the parser's own.
fn parse(pattern: &str) -> Result<Hir, String> {
    match parse_closed(pattern) {
        Some(hir) => Ok(hir),
        None => regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .map_err(|e| e.to_string()),
    }
}

/// [`parse`] with closed classes, `None` on any error.
fn parse_closed(pattern: &str) -> Option<Hir> {
    let mut ast = regex_syntax::ast::parse::Parser::new().parse(pattern).ok()?;
    close_classes(&mut ast, &mut Mode { i: false, u: true });
    regex_syntax::hir::translate::Translator::new()
        .translate(pattern, &ast)
        .ok()
}

/// The flags [`close_classes`] follows: case-insensitive and Unicode.
#[derive(Clone, Copy)]
struct Mode {
    i: bool,
    u: bool,
}

impl Mode {
    fn apply(&mut self, flags: &ast::Flags) {
        if let Some(on) = flags.flag_state(ast::Flag::CaseInsensitive) {
            self.i = on;
        }
        if let Some(on) = flags.flag_state(ast::Flag::Unicode) {
            self.u = on;
        }
    }
}

/// Rewrites every case-insensitive class of `ast` that [`closed_class`] can write out closed.
/// Flags follow the translator's scoping: `(?i)` holds to the end of its group, across
/// alternatives; `(?i:…)` inside the group only.
fn close_classes(ast: &mut Ast, mode: &mut Mode) {
    match ast {
        Ast::Flags(set) => mode.apply(&set.flags),
        Ast::Group(g) => {
            let mut inner = *mode;
            if let ast::GroupKind::NonCapturing(flags) = &g.kind {
                inner.apply(flags);
            }
            close_classes(&mut g.ast, &mut inner);
        }
        Ast::Concat(c) => c.asts.iter_mut().for_each(|a| close_classes(a, mode)),
        Ast::Alternation(a) => a.asts.iter_mut().for_each(|a| close_classes(a, mode)),
        Ast::Repetition(r) => close_classes(&mut r.ast, mode),
        Ast::ClassUnicode(_) | Ast::ClassBracketed(_) if mode.i && mode.u => {
            if let Some(closed) = closed_class(ast) {
                *ast = closed;
            }
        }
        _ => {}
    }
}

/// The one character case folding adds to `\p{L}`.
const LETTER_FOLD_EXTRA: char = '\u{345}';

/// Longest literal range whose other cases are written out.
const MAX_FOLDED_RANGE: u32 = 1000;

/// `class` (a `\p{L}` or a bracketed class, under `(?i)`) as a case-sensitive class of the
/// same characters the parser gives it, or `None` when it holds anything else.
fn closed_class(class: &Ast) -> Option<Ast> {
    let (span, negated, items) = match class {
        Ast::ClassUnicode(c) => (c.span, false, vec![ast::ClassSetItem::Unicode((**c).clone())]),
        Ast::ClassBracketed(b) => match &b.kind {
            ast::ClassSet::Item(ast::ClassSetItem::Union(u)) => (b.span, b.negated, u.items.clone()),
            ast::ClassSet::Item(one) => (b.span, b.negated, vec![one.clone()]),
            ast::ClassSet::BinaryOp(_) => return None,
        },
        _ => return None,
    };
    let mut out = Vec::with_capacity(items.len() + 1);
    for item in items {
        match &item {
            ast::ClassSetItem::Unicode(c) if is_letter(c) => {
                // `\P{L}` (negated) folds to the complement of `\p{L}` and U+0345: the same
                // class, closed, as `\P{L}` without it. Only the plain one is rewritten.
                if c.negated {
                    return None;
                }
                out.push(literal(span, LETTER_FOLD_EXTRA));
            }
            ast::ClassSetItem::Perl(_) => {}
            ast::ClassSetItem::Literal(l) => fold_range(span, l.c, l.c, &mut out)?,
            ast::ClassSetItem::Range(r) => fold_range(span, r.start.c, r.end.c, &mut out)?,
            _ => return None,
        }
        out.push(item);
    }
    let bracketed = ast::ClassBracketed {
        span,
        negated,
        kind: ast::ClassSet::Item(ast::ClassSetItem::Union(ast::ClassSetUnion { span, items: out })),
    };
    let flag = |kind| ast::FlagsItem { span, kind };
    Some(Ast::group(ast::Group {
        span,
        kind: ast::GroupKind::NonCapturing(ast::Flags {
            span,
            items: vec![
                flag(ast::FlagsItemKind::Negation),
                flag(ast::FlagsItemKind::Flag(ast::Flag::CaseInsensitive)),
            ],
        }),
        ast: Box::new(Ast::class_bracketed(bracketed)),
    }))
}

/// Whether a Unicode class item is `\p{L}` (or `\P{L}`).
fn is_letter(c: &ast::ClassUnicode) -> bool {
    match &c.kind {
        ast::ClassUnicodeKind::OneLetter(l) => *l == 'L',
        ast::ClassUnicodeKind::Named(n) => n == "L" || n == "Letter",
        ast::ClassUnicodeKind::NamedValue { .. } => false,
    }
}

fn literal(span: ast::Span, c: char) -> ast::ClassSetItem {
    ast::ClassSetItem::Literal(ast::Literal {
        span,
        kind: ast::LiteralKind::Verbatim,
        c,
    })
}

/// Pushes the characters case folding adds to `start..=end`; `None` when the range is too
/// long to fold here.
fn fold_range(span: ast::Span, start: char, end: char, out: &mut Vec<ast::ClassSetItem>) -> Option<()> {
    if (end as u32).saturating_sub(start as u32) > MAX_FOLDED_RANGE {
        return None;
    }
    let plain = ClassUnicode::new([ClassUnicodeRange::new(start, end)]);
    let mut folded = plain.clone();
    folded.try_case_fold_simple().ok()?;
    folded.difference(&plain);
    for r in folded.ranges() {
        out.push(ast::ClassSetItem::Range(ast::ClassSetRange {
            span,
            start: ast::Literal {
                span,
                kind: ast::LiteralKind::Verbatim,
                c: r.start(),
            },
            end: ast::Literal {
                span,
                kind: ast::LiteralKind::Verbatim,
                c: r.end(),
            },
        }));
    }
    Some(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn slow(pattern: &str) -> Result<Hir, String> {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .map_err(|e| e.to_string())
    }

    /// Whether loading `pattern` within `limit` failed on the size limit before compiles were
    /// put off: the full regex of a scanned one, the forward automaton of the others.
    fn too_big_at_load(pattern: &str, compiler: &RegexCompiler) -> bool {
        let hir = parse(pattern).unwrap();
        let size_limit = |e: Option<usize>| e.is_some();
        if crate::matcher::strategy(&hir).at.searches_whole() {
            let built = meta::Builder::new()
                .configure((*compiler.config).clone())
                .build_from_hir(&hir);
            built.map_or_else(|e| size_limit(e.size_limit()), |_| false)
        } else {
            compiler
                .nfa
                .build_from_hir(&hir)
                .map_or_else(|e| size_limit(e.size_limit()), |_| false)
        }
    }

    /// Size-limit errors come at load exactly where they came when every automaton was
    /// compiled at load, for every shipped regex as a rule's and as an `except` pattern, under
    /// limits from tight to the default; and a regex whose compiles were put off searches as
    /// the full regex does.
    #[test]
    fn compiles_put_off_fail_at_load_where_they_always_did() {
        let patterns = crate::ruleset::embedded_regexes();
        let text =
            "Follow us on Twitter\n12 people were killed, 3 dead.\n“No,” said Ann Lee. [Date] XX/XX/YYYY";
        let (mut failed, mut put_off) = (0, 0);
        for limit in [3_000, 20_000, 60_000, 150_000, 2 << 20] {
            let compiler = RegexCompiler::new(limit, 2 << 20);
            for p in &patterns {
                let want = too_big_at_load(p, &compiler);
                for whole_only in [false, true] {
                    match RuleRegex::new(p, &compiler, whole_only) {
                        Err(PatternError::TooBig(l)) => {
                            assert!(want, "{p} within {limit}");
                            assert_eq!(l, limit);
                            failed += 1;
                        }
                        Err(PatternError::Syntax(e)) => panic!("{p}: {e}"),
                        Ok(re) => {
                            assert!(!want, "{p} within {limit}");
                            put_off += usize::from(re.whole.get().is_none() && re.nfa.is_none());
                            let full = regex::Regex::new(p).unwrap();
                            let got: Vec<_> = re.find_iter(text).map(|m| m.range()).collect();
                            let expected: Vec<_> = full.find_iter(text).map(|m| m.range()).collect();
                            assert_eq!(got, expected, "{p}");
                        }
                    }
                }
            }
        }
        assert!(
            failed > 0 && put_off > 0,
            "{failed} failed, {put_off} scanned ones put off"
        );
    }

    #[test]
    fn letters_gain_one_character_under_case_folding() {
        let (Ok(plain), Ok(folded)) = (slow(r"\p{L}"), slow(r"(?i)\p{L}")) else {
            panic!()
        };
        let (
            regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(mut f)),
            regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(p)),
        ) = (folded.into_kind(), plain.into_kind())
        else {
            panic!()
        };
        f.difference(&p);
        assert_eq!(
            f.ranges(),
            [ClassUnicodeRange::new(LETTER_FOLD_EXTRA, LETTER_FOLD_EXTRA)]
        );
        for closed in [r"[\w]", r"[\d]", r"[\s]", r"[\W]", r"[\S]", r"[\D]"] {
            assert_eq!(slow(&format!("(?i){closed}")), slow(closed), "{closed}");
        }
    }

    #[test]
    fn closed_classes_parse_as_the_parser_does() {
        let mut patterns: Vec<String> = [
            r"(?i)[^\p{L}\d\n]*x",
            r"(?i)\p{L}+|\pL|\P{L}|\p{Letter}|[\P{L}a]",
            r"(?i)[a-zK'’.&\s]+ [^\w\-] [ǅſ-ſ] [\x00-\x{10FFFF}]",
            r"(?i:[\p{L}a])[\p{L}a](?i)[\p{L}a]",
            r"a(?i)[\p{L}k]|[\p{L}k](?-i)[\p{L}k]|(?i-u:[a-z])[\p{L}k]",
            r"(?iu)x(?-u)[a-z](?u)[\p{L}\d]",
            r"(?i)[[:alpha:]\p{L}] [\p{L}&&a-z] [\p{Greek}]",
            r"(?ix) [ \p{L} ' ]+ # comment",
            r"(?i)\p{L}*(?-i:\p{L})(?x: \p{L} )",
            r"(?i)[",
            r"(?i)(?-u:\p{L})",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        patterns.extend(crate::ruleset::embedded_regexes());
        assert!(patterns.len() > 40, "{} patterns", patterns.len());
        for p in &patterns {
            match slow(p) {
                Ok(hir) => assert_eq!(parse_closed(p), Some(hir), "{p}"),
                Err(e) => assert_eq!(parse(p), Err(e), "{p}"),
            }
        }
        // The rewrite does happen: the class is written out, case-sensitive.
        let mut ast = regex_syntax::ast::parse::Parser::new()
            .parse(r"(?i)[^\p{L}\d\n]")
            .unwrap();
        close_classes(&mut ast, &mut Mode { i: false, u: true });
        let printed = {
            let mut out = String::new();
            regex_syntax::ast::print::Printer::new()
                .print(&ast, &mut out)
                .unwrap();
            out
        };
        assert_eq!(printed, "(?i)(?-i:[^\u{345}\\p{L}\\d\\n])");
    }
}
