//! Patterns a non-programmer can write, compiled to regexes.
//!
//! A pattern is words separated by spaces, matched case-insensitively inside one sentence:
//!
//! | write | means |
//! |---|---|
//! | `visit` | the word `visit` |
//! | `visit/visits/visited` | any one of them |
//! | `set_to` | the words `set to` (an underscore is a space inside an alternative) |
//! | `visit*` | a word starting with `visit` |
//! | `[the]`, `[is_set_to/will]` | optional words |
//! | `...` | up to ten words of anything |
//! | `{value}` | the slot's value (a place, a date, a number of years…) |
//!
//! `'` and `’` match each other, and a `-` matches a hyphen or a space.
//!
//! A pattern's regexes are compiled when first used: most patterns never see a sentence that
//! holds all their words (see [`crate::facts::FactSet`]'s sentence gates), so most never need
//! theirs. Loading only makes sure each will compile (its size; the syntax is generated).
//! Each compiles only the automaton its use needs, a lazy DFA: forward for the regexes that
//! answer yes or no (a pattern's gate, what must follow its value), reverse for those that
//! find where a statement ending at a value starts (what must come before it). Scoring 1 MB
//! of seed articles, that is 77 M of the 157 M instructions the full regexes took to compile;
//! the full regex is compiled only if a lazy DFA gives up.

use crate::ruleset::CachePool;
use once_cell::sync::OnceCell;
use regex::{Regex, RegexBuilder};
use regex_automata::hybrid::dfa::DFA;
use std::sync::Arc;

/// Between two words: white space, or a comma and white space.
const SEP: &str = r"\s*,?\s+";

/// Most words a `...` gap stands for.
pub const GAP_WORDS: usize = 10;

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Template {
    kind: Compiled,
    /// For each required word of the pattern, its alternatives as gate words (folded, the
    /// leading letters and digits of each); every statement contains one of each. The fact set
    /// has the engine's automaton find them, so a sentence is only tried with the patterns all
    /// of whose required words occur in it. Empty when the pattern has no such word.
    words: Vec<Vec<String>>,
    /// For each gate word of `words`, what may follow it in a statement ([`follow`]).
    follows: Vec<Vec<u8>>,
    /// This pattern's number in its fact set, for [`crate::facts::FactSet`]'s sentence gates.
    pub(crate) gate: u32,
    /// Whether the gate regex starts with the first required word (`words()[0]`): then every
    /// match of it starts where one of that word's gate words occurs.
    starts_with_word: bool,
}

#[derive(Debug, Clone)]
enum Compiled {
    /// No `{value}`: the regex finds the whole statement.
    Whole(Lazy),
    /// With a `{value}`: what must come before it (anchored at its end) and after it (anchored
    /// at its start).
    Hole {
        /// The words around the value, unanchored: a sentence without them has no statement.
        gate: Lazy,
        before: Option<Lazy>,
        after: Option<Lazy>,
    },
}

/// A regex compiled on first use.
#[derive(Debug, Clone)]
struct Lazy {
    source: String,
    regex: OnceCell<Option<Regex>>,
    /// For [`Lazy::is_match`]: the forward lazy DFA alone, which a yes or no needs (the full
    /// regex also compiles the reverse automaton that finds where a match starts).
    forward: Arc<OnceCell<Option<(DFA, CachePool)>>>,
    /// For [`Lazy::start_at_end`]: the reverse lazy DFA alone, which finds where a match
    /// ending at the end of the text starts.
    reverse: Arc<OnceCell<Option<(DFA, CachePool)>>>,
}

/// A lazy DFA of `source` (case-insensitive, no captures), forward or reverse, with a pool of
/// caches for the threads that search it; `None` if it does not compile.
fn lazy_dfa(source: &str, reverse: bool) -> Option<(DFA, CachePool)> {
    use regex_automata::nfa::thompson;
    let nfa = thompson::Compiler::new()
        .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
        .configure(
            thompson::Config::new()
                .nfa_size_limit(Some(MAX_REGEX_BYTES))
                .which_captures(thompson::WhichCaptures::None)
                .reverse(reverse),
        )
        .build(source)
        .ok()?;
    // In reverse, every match is wanted: the last one seen starts leftmost.
    let kind = match reverse {
        true => regex_automata::MatchKind::All,
        false => regex_automata::MatchKind::LeftmostFirst,
    };
    let dfa = DFA::builder()
        .configure(DFA::config().match_kind(kind))
        .build_from_nfa(nfa)
        .ok()?;
    Some(crate::ruleset::pooled(dfa))
}

impl Lazy {
    /// Checks `source` and keeps it for [`Lazy::get`]. The syntax is generated from escaped
    /// words and always valid; what can fail is the size. A regex whose [`size_bound`] is
    /// within the limit compiles; a longer one is compiled to its automaton here, so a pattern
    /// too large is reported when its file is loaded, never at first use.
    fn new(source: String) -> Result<Lazy, String> {
        if size_bound(&source) > MAX_REGEX_BYTES {
            let hir = regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(&source)
                .map_err(|e| e.to_string())?;
            if nfa_bytes(&hir).is_err() {
                // The regex crate's own error, as when every pattern was compiled at load.
                build(&source)?;
            }
        }
        Ok(Lazy {
            source,
            regex: OnceCell::new(),
            forward: Arc::new(OnceCell::new()),
            reverse: Arc::new(OnceCell::new()),
        })
    }

    /// The compiled regex (`None` only if it failed to compile, which [`Lazy::new`] rules out).
    fn get(&self) -> Option<&Regex> {
        self.regex.get_or_init(|| build(&self.source).ok()).as_ref()
    }

    /// Whether the regex matches somewhere in `hay`, as [`Regex::is_match`] says, from the
    /// forward lazy DFA alone when it answers (it gives up only when its cache thrashes).
    fn is_match(&self, hay: &str) -> bool {
        let forward = self.forward.get_or_init(|| lazy_dfa(&self.source, false));
        if let Some((dfa, pool)) = forward {
            let mut cache = pool.get();
            if let Ok(found) = dfa.try_search_fwd(&mut cache, &regex_automata::Input::new(hay).earliest(true))
            {
                return found.is_some();
            }
        }
        self.get().is_some_and(|re| re.is_match(hay))
    }

    /// Whether the regex matches somewhere in `hay` starting at or after `from`, the text
    /// before it serving as look-behind, as [`Regex::is_match_at`] says.
    fn is_match_from(&self, hay: &str, from: usize) -> bool {
        self.earliest_end_from(hay, from).is_some()
    }

    /// Where the first match of the regex in `hay` starting at or after `from` to end ends
    /// (the least end of all such matches), from the forward lazy DFA when it answers; `from`
    /// when only the full regex answers and says there is one. `None` when there is none.
    fn earliest_end_from(&self, hay: &str, from: usize) -> Option<usize> {
        let forward = self.forward.get_or_init(|| lazy_dfa(&self.source, false));
        if let Some((dfa, pool)) = forward {
            let mut cache = pool.get();
            let input = regex_automata::Input::new(hay).range(from..).earliest(true);
            if let Ok(found) = dfa.try_search_fwd(&mut cache, &input) {
                return found.map(|m| m.offset());
            }
        }
        self.get()
            .is_some_and(|re| re.is_match_at(hay, from))
            .then_some(from)
    }

    /// Where the match of the regex in `hay` starts, as [`Regex::find`] says, for a regex
    /// whose every match ends at the end of `hay` (`\z`): from the reverse lazy DFA alone
    /// when it answers.
    fn start_at_end(&self, hay: &str) -> Option<usize> {
        if let Some((dfa, pool)) = self.reverse.get_or_init(|| lazy_dfa(&self.source, true)) {
            let mut cache = pool.get();
            let input = regex_automata::Input::new(hay).anchored(regex_automata::Anchored::Yes);
            if let Ok(found) = dfa.try_search_rev(&mut cache, &input) {
                return found.map(|m| m.offset());
            }
        }
        self.get()?.find(hay).map(|m| m.start())
    }
}

#[derive(Debug, PartialEq)]
enum Elem {
    Lit(String),
    Gap,
    Opt(String),
    Hole,
}

#[derive(PartialEq, Clone, Copy)]
enum Prev {
    None,
    Lit,
    Soft,
}

fn alternative(alt: &str) -> Result<String, String> {
    let (body, prefix) = match alt.strip_suffix('*') {
        Some(b) => (b, true),
        None => (alt, false),
    };
    if body.is_empty() || body.contains('*') {
        return Err(format!("`{alt}` is not a word: `*` may only end a word"));
    }
    let mut re = String::new();
    if body.chars().next().is_some_and(|c| c.is_alphanumeric()) {
        re.push_str(r"(?-u:\b)");
    }
    for (i, word) in body.split('_').filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            re.push_str(r"\s+");
        }
        for c in word.chars() {
            match c {
                '\'' | '’' => re.push_str("['’]"),
                '-' => re.push_str(r"[-‐–\s]"),
                c => re.push_str(&regex::escape(&c.to_string())),
            }
        }
    }
    if prefix {
        re.push_str(r"\w*");
    } else if body.chars().last().is_some_and(|c| c.is_alphanumeric()) {
        re.push_str(r"(?-u:\b)");
    }
    Ok(re)
}

fn alternatives(token: &str) -> Result<String, String> {
    let alts: Vec<String> = token.split('/').map(alternative).collect::<Result<_, _>>()?;
    Ok(format!("(?:{})", alts.join("|")))
}

fn parse(source: &str) -> Result<Vec<Elem>, String> {
    let mut out = Vec::new();
    for token in source.split_whitespace() {
        out.push(if token == "..." || token == "…" {
            Elem::Gap
        } else if token == "{value}" {
            Elem::Hole
        } else if token.contains(['{', '}']) {
            return Err(format!(
                "`{token}`: the only hole a pattern can have is `{{value}}`"
            ));
        } else if let Some(inner) = token.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            Elem::Opt(alternatives(inner)?)
        } else if token.contains(['[', ']']) {
            return Err(format!(
                "`{token}`: optional words are written `[word]` or `[a/b]`"
            ));
        } else {
            Elem::Lit(alternatives(token)?)
        });
    }
    Ok(out)
}

/// The gate words of a pattern: for each required word (not optional, not a gap or the
/// value), the folded leading letters and digits of each of its alternatives (`kim’s/kim*`
/// gives `kim`), each with what may follow it in a statement ([`follow`]). Every statement
/// contains one alternative of every required word. A required word with an alternative that
/// starts with neither a letter nor a digit gives no gate and is left out; so are words past
/// the 32nd.
fn gate_words(source: &str) -> (Vec<Vec<String>>, Vec<Vec<u8>>) {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut follows: Vec<Vec<u8>> = Vec::new();
    let tokens: Vec<&str> = source.split_whitespace().collect();
    'tokens: for (i, token) in tokens.iter().enumerate() {
        if matches!(*token, "..." | "…" | "{value}") || token.starts_with('[') || out.len() == 32 {
            continue;
        }
        // Every word but the last of a pattern is followed by a separator (`SEP`).
        let last = i + 1 == tokens.len();
        let mut words: Vec<String> = Vec::new();
        let mut after: Vec<u8> = Vec::new();
        for alt in token.split('/') {
            let lead: String = alt.chars().take_while(|c| c.is_alphanumeric()).collect();
            if lead.is_empty() {
                continue 'tokens;
            }
            let word = crate::fold::fold(&lead);
            let may = follow::after(&lead, &alt[lead.len()..], last);
            match words.iter().position(|w| *w == word) {
                Some(k) => after[k] |= may,
                None => {
                    words.push(word);
                    after.push(may);
                }
            }
        }
        out.push(words);
        follows.push(after);
    }
    (out, follows)
}

/// What may follow a gate word in a statement: a mask of the classes of the character right
/// after it ([`follow::of`]). A hit of the word followed by a character of no class in its
/// mask is no statement's word.
pub(crate) mod follow {
    /// White space (`\s`).
    pub const SPACE: u8 = 1;
    /// A comma.
    pub const COMMA: u8 = 2;
    /// `'` or `’`.
    pub const APOSTROPHE: u8 = 4;
    /// `-`, `‐` or `–`.
    pub const DASH: u8 = 8;
    /// An ASCII letter or digit, or `_`.
    pub const WORD: u8 = 16;
    /// Any other character.
    pub const OTHER: u8 = 32;
    /// The end of the text.
    pub const END: u8 = 64;
    /// Anything.
    pub const ANY: u8 = 127;

    /// The class of the character after a word (`None` at the end of the text).
    pub fn of(next: Option<char>) -> u8 {
        match next {
            None => END,
            Some(',') => COMMA,
            Some('\'' | '’') => APOSTROPHE,
            Some('-' | '‐' | '–') => DASH,
            Some(c) if c.is_ascii_alphanumeric() || c == '_' => WORD,
            Some(c) if c.is_whitespace() => SPACE,
            Some(_) => OTHER,
        }
    }

    /// What may follow the leading letters and digits `lead` of an alternative whose rest is
    /// `rest`, as the regex of [`super::alternative`] and the separators after it say: a
    /// prefix's `\w*` anything; an apostrophe either one; `-` a dash or white space; `_`
    /// white space; the end of the alternative its ASCII word boundary, then a separator
    /// (white space or a comma) unless the word is the pattern's `last`. Anything when `lead`
    /// is not ASCII (its boundary is ASCII) or the rest starts with another character.
    pub fn after(lead: &str, rest: &str, last: bool) -> u8 {
        if !lead.is_ascii() {
            return ANY;
        }
        match rest.chars().next() {
            None if last => ANY & !WORD,
            None => SPACE | COMMA,
            Some('\'' | '’') => APOSTROPHE,
            Some('-') => DASH | SPACE,
            Some('_') => SPACE,
            Some(_) => ANY,
        }
    }
}

fn stitch(elems: &[Elem]) -> (String, Prev) {
    let mut out = String::new();
    let mut prev = Prev::None;
    for e in elems {
        if prev == Prev::Lit {
            out.push_str(SEP);
        }
        match e {
            Elem::Lit(r) => {
                out.push_str(r);
                prev = Prev::Lit;
            }
            Elem::Gap => {
                out.push_str(&format!(r"(?:\S+\s+){{0,{GAP_WORDS}}}?"));
                prev = Prev::Soft;
            }
            Elem::Opt(r) => {
                out.push_str(&format!(r"(?:{r}\s+)?"));
                prev = Prev::Soft;
            }
            Elem::Hole => unreachable!("holes are split off before stitching"),
        }
    }
    (out, prev)
}

/// The compiled-size limit of a pattern's regexes.
const MAX_REGEX_BYTES: usize = 2 << 20;

fn build(re: &str) -> Result<Regex, String> {
    RegexBuilder::new(re)
        .case_insensitive(true)
        .size_limit(MAX_REGEX_BYTES)
        .build()
        .map_err(|e| e.to_string())
}

/// The size of the automaton a generated regex compiles to (what the size limit bounds), or
/// the error when it is over the limit.
fn nfa_bytes(hir: &regex_syntax::hir::Hir) -> Result<usize, String> {
    use regex_automata::nfa::thompson;
    thompson::Compiler::new()
        .configure(thompson::Config::new().nfa_size_limit(Some(MAX_REGEX_BYTES)))
        .build_from_hir(hir)
        .map(|nfa| nfa.memory_usage())
        .map_err(|e| e.to_string())
}

/// An upper bound of [`nfa_bytes`] for the regexes this module generates: the Unicode
/// classes `\w` and `\S` cost up to 20 KB each (a `...` gap's ten repetitions share
/// theirs), every other character of the regex at most 200 bytes, plus 4 KB. Checked against
/// the real size for every pattern of the default rules (`size_bound_holds`).
fn size_bound(re: &str) -> usize {
    let classes = re.matches(r"\w").count() + re.matches(r"\S").count();
    4096 + 20_000 * classes + 200 * re.len()
}

impl Template {
    /// Compiles a pattern; `hole` says whether it must have a `{value}` (slot patterns) or
    /// must not (contradicting statements).
    pub fn new(source: &str, hole: bool) -> Result<Template, String> {
        let elems = parse(source)?;
        let holes = elems.iter().filter(|e| **e == Elem::Hole).count();
        match (hole, holes) {
            (true, 0) => return Err("a slot pattern needs a `{value}` where the value stands".into()),
            (false, n) if n > 0 => {
                return Err("a contradicting statement has no `{value}`; write the words it says".into())
            }
            (_, n) if n > 1 => return Err("a pattern has at most one `{value}`".into()),
            _ => {}
        }
        if !elems.iter().any(|e| matches!(e, Elem::Lit(_))) {
            return Err("a pattern needs at least one word".into());
        }
        if matches!(elems.first(), Some(Elem::Gap)) {
            return Err("a pattern cannot start with `...`".into());
        }
        let kind = if hole {
            let at = elems.iter().position(|e| *e == Elem::Hole).unwrap_or(0);
            let (before, after) = (&elems[..at], &elems[at + 1..]);
            if matches!(after.last(), Some(Elem::Gap | Elem::Opt(_))) {
                return Err("a pattern cannot end with `...` or an optional word".into());
            }
            let gate = if before.is_empty() {
                stitch(after).0
            } else {
                stitch(before).0
            };
            let gate = Lazy::new(gate)?;
            let before = if before.is_empty() {
                None
            } else {
                let (re, prev) = stitch(before);
                let sep = if prev == Prev::Lit { SEP } else { "" };
                Some(Lazy::new(format!(r"(?:{re}){sep}(?:(?:the|a|an)\s+)?\z"))?)
            };
            let after = if after.is_empty() {
                None
            } else {
                let (re, _) = stitch(after);
                Some(Lazy::new(format!(r"\A[\s,]*(?:{re})"))?)
            };
            Compiled::Hole { gate, before, after }
        } else {
            if matches!(elems.last(), Some(Elem::Gap | Elem::Opt(_))) {
                return Err("a pattern cannot end with `...` or an optional word".into());
            }
            Compiled::Whole(Lazy::new(stitch(&elems).0)?)
        };
        let first = source.split_whitespace().find(|t| *t != "{value}");
        let starts_with_word = first.is_some_and(|t| {
            !matches!(t, "..." | "…")
                && !t.starts_with('[')
                && t.split('/')
                    .all(|a| a.chars().next().is_some_and(char::is_alphanumeric))
        });
        let (words, follows) = gate_words(source);
        Ok(Template {
            kind,
            words,
            follows,
            gate: 0,
            starts_with_word,
        })
    }

    /// For each required word, the gate words one of which every statement of this pattern
    /// contains (folded, possibly only the start of a word); empty when there is none.
    pub fn words(&self) -> &[Vec<String>] {
        &self.words
    }

    /// For each gate word of [`Template::words`], what may follow it in a statement: a mask
    /// of [`follow`] classes.
    pub fn follows(&self) -> &[Vec<u8>] {
        &self.follows
    }

    /// Whether the pattern has a `{value}`.
    #[cfg(test)]
    pub fn has_value(&self) -> bool {
        matches!(self.kind, Compiled::Hole { .. })
    }

    /// Whether every match of the gate regex starts with an alternative of the first required
    /// word (see [`Template::words`]), so a search for it may start at that word's first
    /// occurrence ([`Template::may_fit_from`]).
    pub fn starts_with_word(&self) -> bool {
        self.starts_with_word
    }

    /// [`Template::may_fit`] for a sentence where no statement can start before `from` (the
    /// first occurrence of the first required word when [`Template::starts_with_word`]): the
    /// search starts there, the text before it serving only as look-behind.
    pub fn may_fit_from(&self, sentence: &str, from: usize) -> bool {
        if from == 0 {
            return self.may_fit(sentence);
        }
        match &self.kind {
            Compiled::Hole { gate, .. } => gate.is_match_from(sentence, from),
            Compiled::Whole(re) => re.get().is_some_and(|re| re.is_match_at(sentence, from)),
        }
    }

    /// [`Template::may_fit_from`], saying also where, at the earliest, the value of a
    /// statement starting at or after `from` can start: where the first match of the words
    /// before the `{value}` ends (the gate regex of a pattern with words before its value is
    /// those words; every statement's match there ends as late or later). 0 for a pattern
    /// whose value comes first, or that has none; `from` when the lazy DFA gives up. `None`
    /// when the sentence holds no statement.
    pub fn values_from(&self, sentence: &str, from: usize) -> Option<usize> {
        match &self.kind {
            Compiled::Hole {
                gate,
                before: Some(_),
                ..
            } => gate.earliest_end_from(sentence, from),
            _ => self.may_fit_from(sentence, from).then_some(0),
        }
    }

    /// Spans (relative to `sentence`) of every statement a hole-less pattern finds.
    pub fn find_all(&self, sentence: &str) -> Vec<std::ops::Range<usize>> {
        match &self.kind {
            Compiled::Whole(re) => re
                .get()
                .map_or_else(Vec::new, |re| re.find_iter(sentence).map(|m| m.range()).collect()),
            Compiled::Hole { .. } => Vec::new(),
        }
    }

    /// Whether the sentence may hold a statement of this pattern (a cheap test before
    /// [`Template::fits`] is tried on each value; for a pattern without `{value}`, whether
    /// [`Template::find_all`] finds one).
    pub fn may_fit(&self, sentence: &str) -> bool {
        match &self.kind {
            Compiled::Hole { gate, .. } => gate.is_match(sentence),
            Compiled::Whole(re) => re.get().is_some_and(|re| re.is_match(sentence)),
        }
    }

    /// Whether the value at `value` (relative to `sentence`) stands where the `{value}` of the
    /// pattern is; returns where the statement starts.
    pub fn fits(&self, sentence: &str, value: std::ops::Range<usize>) -> Option<usize> {
        let Compiled::Hole { before, after, .. } = &self.kind else {
            return None;
        };
        if let Some(a) = after {
            if !a.is_match(&sentence[value.end..]) {
                return None;
            }
        }
        match before {
            Some(b) => b.start_at_end(&sentence[..value.start]),
            None => Some(value.start),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_patterns_with_alternatives_gaps_and_options() {
        let t = Template::new("Kim ... is_set_to/will visit/travel_to Russia/Moscow", false).unwrap();
        let s = "North Korean leader Kim Jong Un is set to visit Russia, officials said.";
        let found = t.find_all(s);
        assert_eq!(found.len(), 1);
        assert_eq!(&s[found[0].clone()], "Kim Jong Un is set to visit Russia");
        assert!(t
            .find_all("Kim Jong Un’s trip to the Russian Far East last September")
            .is_empty());
        let opt = Template::new("Kim’s [upcoming/planned] visit to Russia", false).unwrap();
        assert_eq!(opt.find_all("Kim's visit to Russia").len(), 1);
        assert_eq!(opt.find_all("KIM’S UPCOMING VISIT TO RUSSIA").len(), 1);
        let pre = Template::new("arriv* in Moscow", false).unwrap();
        assert_eq!(pre.find_all("he arrived in Moscow").len(), 1);
        assert!(pre.find_all("the arrival in Moscowville").is_empty());
    }

    #[test]
    fn holes_check_what_comes_before_and_after() {
        let t = Template::new("last meeting ... in/at {value}", true).unwrap();
        let s = "The last meeting was in September at the Vostochny Cosmodrome.";
        let v = s.find("Vostochny").unwrap();
        assert_eq!(t.fits(s, v..v + 9), Some(s.find("last").unwrap()));
        let far = "The last meeting of the old committee that nobody in the town ever remembers at all was in Paris.";
        let p = far.find("Paris").unwrap();
        assert_eq!(t.fits(far, p..p + 5), None);
        let after = Template::new("{value} years ago", true).unwrap();
        assert!(after.fits("It was 24 years ago", 7..9).is_some());
        assert!(after.fits("It was 24 days ago", 7..9).is_none());
    }

    #[test]
    fn gate_words_are_the_first_required_word() {
        let t = Template::new("[the] last meeting ... in/at {value}", true).unwrap();
        assert_eq!(t.words(), [vec!["last"], vec!["meeting"], vec!["in", "at"]]);
        let t = Template::new("{value} years ago", true).unwrap();
        assert_eq!(t.words(), [vec!["years"], vec!["ago"]]);
        let t = Template::new("Kim’s/KIM* [upcoming] visit", false).unwrap();
        assert_eq!(t.words(), [vec!["kim"], vec!["visit"]]);
        let t = Template::new("set_to/will visit", false).unwrap();
        assert_eq!(t.words(), [vec!["set", "will"], vec!["visit"]]);
        // a word with an alternative that starts with neither a letter nor a digit is no gate
        let t = Template::new("’s/of visit", false).unwrap();
        assert_eq!(t.words(), [vec!["visit"]]);
        assert!(Template::new("’s/of ’ve", false).unwrap().words().is_empty());
    }

    #[test]
    fn size_bound_holds() {
        let sources: Vec<crate::ruleset::RuleSource> = crate::ruleset::embedded_sources();
        let mut checked = 0;
        for src in &sources {
            let file: toml::Value = toml::from_str(&src.text).unwrap();
            let mut patterns = Vec::new();
            collect_patterns(&file, &mut patterns);
            for p in patterns {
                let hole = p.contains("{value}");
                let Ok(t) = Template::new(&p, hole) else { continue };
                let lazies: Vec<&Lazy> = match &t.kind {
                    Compiled::Whole(w) => vec![w],
                    Compiled::Hole { gate, before, after } => {
                        std::iter::once(gate).chain(before).chain(after).collect()
                    }
                };
                for l in lazies {
                    let hir = regex_syntax::ParserBuilder::new()
                        .case_insensitive(true)
                        .build()
                        .parse(&l.source)
                        .unwrap();
                    let real = nfa_bytes(&hir).unwrap();
                    assert!(real <= size_bound(&l.source), "{}: {real} bytes", l.source);
                    assert!(l.get().is_some(), "{} compiles", l.source);
                    checked += 1;
                }
            }
        }
        assert!(checked > 50, "{checked} regexes checked");
        // Gaps and prefixes are the expensive parts.
        for p in [
            "a ... b ... c ... d",
            "visit* travel* go* {value}",
            "x/y/z [q/r] {value} s",
        ] {
            let t = Template::new(p, p.contains("{value}")).unwrap();
            let (Compiled::Whole(l) | Compiled::Hole { gate: l, .. }) = &t.kind;
            let hir = regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(&l.source)
                .unwrap();
            assert!(nfa_bytes(&hir).unwrap() <= size_bound(&l.source), "{p}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, .. proptest::prelude::ProptestConfig::default() })]
        /// The forward lazy DFA says yes exactly where the full regex finds a match, and the
        /// reverse one finds where a match ending at the end starts, for every regex of every
        /// pattern of the default rules.
        #[test]
        fn the_forward_automaton_matches_where_the_regex_does(
            words in proptest::collection::vec(
                "Putin|PUTIN|putin’s|Kim's|visit|VISITED|visits|travel|to|North|korea|Pyongyang|first|in|for|24|twenty-four|years|ago|last|met|meeting|SUMMIT|was|the|The|A|an|after|since|Moscow|russia|delegation|Defence|minister|Sergei|ſ|K|É|,|\\.|\u{a0}|\n|-|–|last meeting was in|the last meeting was in the|Putin’s first visit to North Korea in|Putin will visit the|Putin arrived in|last met in|first trip in|visit to Pyongyang after",
                0..16,
            ),
        ) {
            static LAZIES: once_cell::sync::Lazy<Vec<Lazy>> = once_cell::sync::Lazy::new(default_lazies);
            let text = words.join(" ");
            // The whole text, and its second half (a value's suffix, as `after` sees it).
            let mid = (text.len() / 2..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            for l in LAZIES.iter() {
                for hay in [text.as_str(), &text[mid..]] {
                    proptest::prop_assert_eq!(l.is_match(hay), l.get().unwrap().is_match(hay), "{}", l.source);
                    if l.source.ends_with(r"\z") {
                        // Every place a value could start: after each space.
                        let ends = hay.match_indices(' ').map(|(i, _)| i + 1).chain([hay.len()]);
                        for end in ends {
                            let before = &hay[..end];
                            let want = l.get().unwrap().find(before).map(|m| m.start());
                            proptest::prop_assert_eq!(l.start_at_end(before), want, "{} on {:?}", l.source, before);
                        }
                    }
                }
            }
        }
    }

    /// Every regex of every pattern of the default rules.
    fn default_lazies() -> Vec<Lazy> {
        let mut out = Vec::new();
        for src in crate::ruleset::embedded_sources() {
            let file: toml::Value = toml::from_str(&src.text).unwrap();
            let mut patterns = Vec::new();
            collect_patterns(&file, &mut patterns);
            for p in patterns {
                let Ok(t) = Template::new(&p, p.contains("{value}")) else {
                    continue;
                };
                match t.kind {
                    Compiled::Whole(w) => out.push(w),
                    Compiled::Hole { gate, before, after } => {
                        out.extend(std::iter::once(gate).chain(before).chain(after))
                    }
                }
            }
        }
        out
    }

    /// Every string in a `patterns` or `contradicted_by` array anywhere in `v`.
    fn collect_patterns(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    match (k.as_str(), v) {
                        ("patterns" | "contradicted_by", toml::Value::Array(a)) => {
                            out.extend(a.iter().filter_map(|s| s.as_str().map(str::to_string)))
                        }
                        _ => collect_patterns(v, out),
                    }
                }
            }
            toml::Value::Array(a) => a.iter().for_each(|v| collect_patterns(v, out)),
            _ => {}
        }
    }

    #[test]
    fn patterns_too_large_are_reported_at_load() {
        let words = vec!["stay*"; 200].join(" ");
        let err = Template::new(&format!("{words} {{value}}"), true).unwrap_err();
        assert!(err.contains("exceeds size limit"), "{err}");
        let t = Template::new("last meeting ... in/at {value}", true).unwrap();
        let Compiled::Hole { before: Some(b), .. } = &t.kind else {
            panic!()
        };
        assert!(b.regex.get().is_none(), "compiled before its first use");
    }

    #[test]
    fn bad_patterns_say_what_is_wrong() {
        assert!(Template::new("last meeting {place}", true)
            .unwrap_err()
            .contains("{value}"));
        assert!(Template::new("visit", true)
            .unwrap_err()
            .contains("needs a `{value}`"));
        assert!(Template::new("visit {value}", false).is_err());
        assert!(Template::new("visit ...", false).is_err());
        assert!(Template::new("... visit", false).is_err());
        assert!(Template::new("vi*sit", false).is_err());
        assert!(Template::new("{value} {value}", true).is_err());
    }
}
