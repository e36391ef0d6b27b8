//! The attribution analysis as first written (eager names, a `Cow` per word, a phrase probe
//! at every token): the test oracle for the on-demand analysis in `source.rs`.

use super::config::AttributionConfig;
use super::source::{Attribution, NamedSource, PhraseSet, Sources};
use crate::text::Span;
use std::borrow::Cow;

/// The kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters and digits, with inner `-`, `'`, `’` and `.` (`Nilsson-Wright`, `U.S`).
    Word,
    /// `,`, brackets and dashes: a pause inside a clause.
    Comma,
    /// `.`, `;`, `:`, `!`, `?`, `…`: the end of a clause.
    Stop,
    /// A quotation mark standing alone.
    Quote,
}

/// One token of a sentence; offsets are into the sentence.
#[derive(Debug, Clone)]
pub struct Token<'s> {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub text: &'s str,
    /// The word in lower case (borrowed when it has no upper-case letter).
    pub lower: Cow<'s, str>,
}

impl Token<'_> {
    fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    /// The word in lower case.
    pub fn low(&self) -> &str {
        &self.lower
    }

    fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Splits a sentence into word and punctuation tokens (other symbols are skipped).
pub fn tokenize(s: &str) -> Vec<Token<'_>> {
    let bytes = s.as_bytes();
    // The character at byte `i` (a boundary) and its length; ASCII without decoding.
    let at = |i: usize| -> (char, usize) {
        match bytes[i] {
            b if b < 0x80 => (b as char, 1),
            _ => {
                let c = s[i..].chars().next().unwrap_or(' ');
                (c, c.len_utf8())
            }
        }
    };
    let alnum = |c: char| c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric());
    let mut out = Vec::with_capacity(bytes.len() / 5 + 1);
    let mut i = 0;
    while i < bytes.len() {
        let (c, len) = at(i);
        if alnum(c) {
            // A word runs over letters and digits, and over `-`, `'`, `’`, `.` between two of
            // them. Lower-case ASCII letters and digits, the bulk of it, are read a byte at a
            // time; `fold` notes an upper-case or non-ASCII letter (the word is then lowered).
            let mut fold = !(c.is_ascii_lowercase() || c.is_ascii_digit());
            let mut end = i + len;
            while end < bytes.len() {
                let b = bytes[end];
                if b.is_ascii_lowercase() || b.is_ascii_digit() {
                    end += 1;
                    continue;
                }
                let (d, dl) = at(end);
                let inner =
                    matches!(d, '-' | '\'' | '’' | '.') && end + dl < bytes.len() && alnum(at(end + dl).0);
                if !alnum(d) && !inner {
                    break;
                }
                fold |= b.is_ascii_uppercase() || b >= 0x80;
                end += dl;
            }
            out.push(Token {
                start: i,
                end,
                kind: Kind::Word,
                text: &s[i..end],
                lower: if fold {
                    lower_case(&s[i..end])
                } else {
                    Cow::Borrowed(&s[i..end])
                },
            });
            i = end;
            continue;
        }
        i += len;
        let kind = match c {
            ',' | '(' | ')' | '[' | ']' | '—' | '–' => Kind::Comma,
            '.' | ';' | ':' | '!' | '?' | '…' => Kind::Stop,
            '"' | '“' | '”' | '«' | '»' | '„' | '\'' | '‘' | '’' => Kind::Quote,
            _ => continue,
        };
        out.push(Token {
            start: i - len,
            end: i,
            kind,
            text: &s[i - len..i],
            lower: Cow::Borrowed(""),
        });
    }
    out
}

/// `word` in lower case, borrowed when it already is.
fn lower_case(word: &str) -> Cow<'_, str> {
    if word.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// Words that join the parts of one name (`Bank of England`, `Centre for Geopolitics`).
const CONNECTORS: &[&str] = &[
    "of", "for", "de", "del", "della", "la", "le", "du", "van", "von", "der", "den", "al", "bin", "ibn",
    "da", "di", "the", "and",
];

/// Forms of `be` before a participle: `is believed`, `was reported` are passives that hide
/// the source, not attributions.
const PASSIVE_AUX: &[&str] = &["is", "are", "was", "were", "be", "been", "being"];

/// Words that may follow the name after an inverted verb (`said Smith on Monday`).
const INVERTED_TAIL: &[&str] = &[
    "on",
    "in",
    "at",
    "who",
    "during",
    "after",
    "before",
    "last",
    "yesterday",
    "today",
    "earlier",
    "this",
    "late",
    "a",
    "an",
    "the",
];

/// How a forward scan for a source reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// After `according to`, `told`: the first name of the phrase.
    Phrase,
    /// After an inverted speech verb: a name that ends its clause.
    Inverted,
    /// After a vague noun: a name attached to it, before any verb.
    Local,
}

/// Words before a noun: a verb-like word after them is a noun (`the claim`, `this report`).
const NOUN_DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "final",
];

/// Adverbs that may sit between `be` and a participle (`is often cited`), besides `-ly` words.
const MODIFIERS: &[&str] = &["often", "also", "not", "still", "now", "long", "once", "since"];

/// Determiners after which an institution noun names a source (`the ministry`).
const DETERMINERS: &[&str] = &["the", "its", "his", "her", "their", "our"];

/// One sentence, tokenized, with its names marked; build it once and ask it everything.
pub struct Sentence<'c, 's> {
    cfg: &'c AttributionConfig,
    toks: Vec<Token<'s>>,
    /// For each token inside a name: the token range of the whole name.
    name: Vec<Option<(usize, usize)>>,
    /// For each token: where the clause holding it starts (the end of the last comma, quote or
    /// stop before it; 0 if none).
    clause_start: Vec<usize>,
}

impl<'c, 's> Sentence<'c, 's> {
    /// Tokenizes `text` and marks its names.
    pub fn new(cfg: &'c AttributionConfig, text: &'s str) -> Self {
        let toks = tokenize(text);
        let mut clause_start = Vec::with_capacity(toks.len());
        let mut at = 0;
        for t in &toks {
            clause_start.push(at);
            if t.kind != Kind::Word {
                at = t.end;
            }
        }
        let mut s = Sentence {
            cfg,
            name: vec![None; toks.len()],
            toks,
            clause_start,
        };
        let mut i = 0;
        while i < s.toks.len() {
            match s.name_at(i) {
                Ok(e) => {
                    for k in i..e {
                        s.name[k] = Some((i, e));
                    }
                    i = e;
                }
                Err(next) => i = next.max(i + 1),
            }
        }
        s
    }

    fn word(&self, i: usize) -> Option<&Token<'s>> {
        self.toks.get(i).filter(|t| t.is_word())
    }

    fn is_vague_noun(&self, i: usize) -> bool {
        self.word(i)
            .is_some_and(|t| self.cfg.vague_sources.contains(t.low()))
    }

    /// A vague source at token `i`: a vague noun, or a quantifier standing as the source
    /// (`Some say`, `many believe`: not followed by another word it would qualify).
    fn is_vague(&self, i: usize) -> bool {
        if self.is_vague_noun(i) {
            return true;
        }
        let Some(t) = self.word(i) else { return false };
        self.cfg.quantifiers.contains(t.low())
            && match self.word(i + 1) {
                None => true,
                Some(n) => {
                    longest_at(&self.cfg.verbs, &self.toks, i + 1) > 0
                        || self.cfg.clause_words.contains(n.low())
                }
            }
    }

    /// Whether token `i` starts a clause (first word, or after a stop, a colon or a quote).
    fn clause_initial(&self, i: usize) -> bool {
        i == 0 || matches!(self.toks[i - 1].kind, Kind::Stop | Kind::Quote)
    }

    /// If a name starts at token `i`, `Ok` with the token index just past it; else `Err` with
    /// the token where the next name may start.
    fn name_at(&self, i: usize) -> Result<usize, usize> {
        let cfg = self.cfg;
        let no = Err(i + 1);
        let Some(t) = self.word(i) else { return no };
        let org = longest_at(&cfg.organisations, &self.toks, i);
        if org > 0 {
            return Ok(i + org);
        }
        // Cheapest tests first: most words are neither after a determiner nor capitalised.
        if i > 0
            && self.word(i - 1).is_some_and(|d| DETERMINERS.contains(&d.low()))
            && cfg.institutions.contains(t.low())
        {
            return Ok(i + 1);
        }
        let plain = |t: &Token<'_>| {
            t.capitalised()
                && !cfg.not_names.contains(t.low())
                && !cfg.vague_sources.contains(t.low())
                && !cfg.quantifiers.contains(t.low())
                && !cfg.pronouns.contains(t.low())
        };
        // `some Muslims`, `many Americans`: a quantified group, not a name.
        if !plain(t) {
            return no;
        }
        let quantified = i > 0
            && self
                .word(i - 1)
                .is_some_and(|p| cfg.quantifiers.contains(p.low()));
        if quantified {
            return no;
        }
        let mut e = i + 1;
        let mut last = i + 1;
        while let Some(n) = self.word(e) {
            if plain(n) {
                e += 1;
                last = e;
            } else if CONNECTORS.contains(&n.low()) && self.word(e + 1).is_some_and(plain) {
                e += 1;
            } else {
                break;
            }
        }
        let e = last;
        // `Western officials`, `US intelligence officials`: a modifier of a vague noun. Every
        // later word of the run modifies it too, so the scan goes on after the run.
        if self.is_vague_noun(e)
            || (self.word(e).is_some_and(|n| !n.capitalised())
                && longest_at(&cfg.verbs, &self.toks, e) == 0
                && longest_at(&cfg.source_after, &self.toks, e) == 0
                && self.is_vague_noun(e + 1))
        {
            return Err(e);
        }
        // A lone capitalised word opening a clause is only a name when it is the subject of a
        // speech verb or of an apposition (`Smith said`, `Smith, a spokesman, …`).
        if e == i + 1 && self.clause_initial(i) {
            let verb = longest_at(&cfg.verbs, &self.toks, e) > 0;
            let apposition = self.toks.get(e).is_some_and(|n| n.kind == Kind::Comma);
            if !verb && !apposition {
                return no;
            }
        }
        Ok(e)
    }

    fn span(&self, a: usize, b: usize) -> Span {
        self.toks[a].start..self.toks[b - 1].end
    }

    /// The source after token `k0` (`according to X`, `…, said X`): the first name before the
    /// end of the clause, unless it begins a new clause (`told reporters Putin would…`).
    /// In [`Mode::Local`] the scan reads only the noun phrase of a vague cue and ends at the
    /// next attribution verb (`analysts at Capital Economics said`); in [`Mode::Inverted`] the
    /// name must end its clause (`…, said John Smith, a spokesman`).
    fn forward(&self, k0: usize, mode: Mode) -> Attribution {
        let local = mode == Mode::Local;
        let cfg = self.cfg;
        let mut vague = None;
        let mut words = 0;
        let mut k = k0;
        while let Some(t) = self.toks.get(k) {
            match t.kind {
                Kind::Stop | Kind::Quote => break,
                Kind::Comma => {
                    if longest_at(&cfg.continuations, &self.toks, k + 1) == 0 {
                        break;
                    }
                }
                Kind::Word => {
                    words += 1;
                    if words > cfg.reach {
                        break;
                    }
                    if local
                        && (longest_at(&cfg.verbs, &self.toks, k) > 0
                            || longest_at(&cfg.source_after, &self.toks, k) > 0)
                        && self.verb_use(k)
                    {
                        break;
                    }
                    if let Some((a, b)) = self.name[k] {
                        let new_clause = self.word(b).is_some_and(|n| {
                            cfg.clause_words.contains(n.low())
                                || (mode == Mode::Inverted && !INVERTED_TAIL.contains(&n.low()))
                        });
                        if new_clause {
                            break;
                        }
                        return Attribution::Named(self.span(a, b));
                    }
                    if self.is_vague(k) {
                        vague.get_or_insert(self.span(k, k + 1));
                    } else if cfg.clause_words.contains(t.low()) {
                        break;
                    }
                }
            }
            k += 1;
        }
        vague.map_or(Attribution::Unattributed, Attribution::Vague)
    }

    /// The subject of a speech verb at token `v`: the nearest name, pronoun or vague source
    /// before it in the clause (an apposition between them is skipped over).
    fn backward(&self, v: usize) -> Attribution {
        let cfg = self.cfg;
        let mut candidate = None;
        let mut words = 0;
        let mut k = v;
        // Punctuation does not count as words; bound it too, so the scan stays short.
        let floor = v.saturating_sub(4 * cfg.reach);
        while k > floor {
            k -= 1;
            let t = &self.toks[k];
            match t.kind {
                Kind::Stop | Kind::Quote => break,
                Kind::Comma => continue,
                Kind::Word => {}
            }
            words += 1;
            if words > cfg.reach {
                break;
            }
            if let Some((a, b)) = self.name[k] {
                // `critics of Social Security`, `many in America`: the name qualifies the
                // subject; look on for the subject itself.
                let modifier = a > 0
                    && self
                        .word(a - 1)
                        .is_some_and(|p| p.lower == "of" || p.lower == "in");
                if !modifier {
                    return Attribution::Named(self.span(a, b));
                }
                candidate.get_or_insert(self.span(a, b));
                k = a;
                continue;
            }
            if cfg.pronouns.contains(t.low()) {
                return Attribution::Named(self.span(k, k + 1));
            }
            // A quantifier before the verb makes its subject vague (`some manufacturers have found`).
            if self.is_vague(k) || cfg.quantifiers.contains(t.low()) {
                return Attribution::Vague(self.span(k, k + 1));
            }
        }
        candidate.map_or(Attribution::Unattributed, Attribution::Named)
    }

    /// Whether the word at `i` is used as a verb here: not after a determiner (`the claim`),
    /// not a passive participle (`is believed`, `was widely reported`), and in lower case
    /// unless it opens a clause (`According to …`; `"Say Cheese"` is a title).
    fn verb_use(&self, i: usize) -> bool {
        let t = &self.toks[i];
        if t.capitalised() && !self.clause_initial(i) {
            return false;
        }
        let prev = |k: usize| (k > 0).then(|| self.word(k - 1)).flatten();
        let Some(p) = prev(i) else { return true };
        if NOUN_DETERMINERS.contains(&p.low()) {
            return false;
        }
        let adverb = p.lower.ends_with("ly") || MODIFIERS.contains(&p.low());
        let aux = if adverb { prev(i - 1) } else { Some(p) };
        !aux.is_some_and(|a| PASSIVE_AUX.contains(&a.low()))
    }

    /// The named and vague sources of the sentence's attribution verbs.
    pub fn sources(&self) -> Sources {
        let cfg = self.cfg;
        let mut out = Sources::default();
        for i in 0..self.toks.len() {
            if !self.toks[i].is_word() {
                continue;
            }
            // `told` is both: `Lavrov told reporters` credits Lavrov, `an aide told the BBC`
            // credits the BBC. The better source of the two counts. (The phrase lookups come
            // first: most words are neither, and then how the word is used does not matter.)
            let after = longest_at(&cfg.source_after, &self.toks, i);
            let verb = longest_at(&cfg.verbs, &self.toks, i);
            if (after == 0 && verb == 0) || !self.verb_use(i) {
                continue;
            }
            let ahead = if after > 0 {
                self.forward(i + after, Mode::Phrase)
            } else {
                Attribution::Unattributed
            };
            let mut subject = Attribution::Unattributed;
            if verb > 0 {
                let inverted = i > 0
                    && (matches!(self.toks[i - 1].kind, Kind::Comma | Kind::Quote)
                        || self.toks[i - 1].lower == "as");
                let that = self.word(i + verb).is_some_and(|n| n.lower == "that");
                if inverted && !that {
                    subject = self.forward(i + verb, Mode::Inverted);
                }
                if subject == Attribution::Unattributed {
                    subject = self.backward(i);
                }
            }
            match (ahead, subject) {
                (Attribution::Named(source), _) | (_, Attribution::Named(source)) => {
                    let first = i.min(self.toks.partition_point(|t| t.start < source.start));
                    let clause_start = self.clause_start[first];
                    out.named.push(NamedSource {
                        source,
                        verb: self.toks[i].start,
                        clause_start,
                    });
                }
                (Attribution::Vague(v), _) | (_, Attribution::Vague(v)) => {
                    out.vague.get_or_insert(v);
                }
                _ => {}
            }
        }
        out
    }

    /// A named source attached to the vague noun ending at byte `offset`: after a link word
    /// (`analysts at Capital Economics`, `reports from Reuters`, `skeptics such as James
    /// Randi`) or a comma and a continuation (`some experts, including John Smith`). A name
    /// after `of` is the topic (`critics of Social Security`), not the source.
    pub fn named_after(&self, offset: usize) -> Option<Span> {
        let cfg = self.cfg;
        let mut k = self.toks.partition_point(|t| t.start < offset);
        let link = match self.toks.get(k)?.kind {
            Kind::Comma => {
                k += 1;
                longest_at(&cfg.continuations, &self.toks, k)
            }
            Kind::Word => longest_at(&cfg.links, &self.toks, k),
            _ => 0,
        };
        if link == 0 {
            return None;
        }
        match self.forward(k + link, Mode::Local) {
            Attribution::Named(s) => {
                let first = self.toks.partition_point(|t| t.start < s.start);
                let topic = first > 0 && self.toks[first - 1].lower == "of";
                (!topic).then_some(s)
            }
            _ => None,
        }
    }
}

/// The length in tokens of the longest phrase of `set` starting at token `i` (0 if none).
fn longest_at(set: &PhraseSet, toks: &[Token<'_>], i: usize) -> usize {
    let key = |t: &Token<'_>| -> String {
        if set.folds() {
            t.lower.to_string()
        } else {
            t.text.to_string()
        }
    };
    let Some(first) = toks.get(i).filter(|t| t.is_word()) else {
        return 0;
    };
    let Some(cands) = set.phrases_from(&key(first)) else {
        return 0;
    };
    cands
        .iter()
        .filter(|words| {
            words
                .iter()
                .enumerate()
                .all(|(k, w)| toks.get(i + k).is_some_and(|t| t.is_word() && key(t) == *w))
        })
        .map(Vec::len)
        .max()
        .unwrap_or(0)
}
