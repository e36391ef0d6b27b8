//! Who a sentence credits: word tokens, names, vague sources, and the sources of attribution
//! verbs (`X said`, `…, said X`, `according to X`).
//!
//! Everything here is linear in the sentence length: one tokenizing pass (the words lower-cased
//! into one buffer), one phrase lookup per word for the attribution verbs, and for each verb a
//! scan bounded by `reach` words, which reads the names of the runs of words it reaches.

use super::config::{lexicon, AttributionConfig};
use crate::hash::WordMap;
use crate::text::Span;
use std::cell::Cell;

/// The kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters and digits, with inner `-`, `'`, `’` and `.` (`Nilsson-Wright`, `U.S`).
    Word,
    /// `,`, brackets and dashes: a pause inside a clause.
    Comma,
    /// `.`, `;`, `:`, `!`, `?`, `…`: the end of a clause.
    Stop,
    /// A quotation mark standing alone.
    Quote,
}

/// One token of a sentence; offsets are into the sentence. Its text and lower case are read
/// through the [`Tokens`] that hold it.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Whether the token starts with an upper-case letter.
    cap: bool,
    /// Where the word's lower case is in [`Tokens::lower`] (empty for punctuation).
    lo: u32,
    hi: u32,
    /// Whether the token is in a name, once its run of words has been read.
    name: Cell<Mark>,
    /// The word's [`lexicon`] bits (set by [`Sentence::new`]; 0 until then and for
    /// punctuation).
    flags: u32,
}

impl Token {
    fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
}

/// The tokens of a sentence, with the sentence's text and one buffer holding the lower case
/// of every word.
#[derive(Debug, Clone)]
pub(crate) struct Tokens<'s> {
    text: &'s str,
    /// The sentence with its ASCII letters lowered (a word's lower case is at the word's own
    /// offsets), followed by the lower case of each word that has a non-ASCII letter with a
    /// lower case of its own (`É`, `Σ`).
    lower: String,
    toks: Vec<Token>,
    /// Whether the words' [`lexicon`] bits are set: then a phrase set skips a word whose bits
    /// say no phrase of it starts there.
    flagged: bool,
}

/// A word token with its text, as the analysis reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word<'a> {
    /// The word in lower case (`str::to_lowercase`).
    pub lower: &'a str,
    cap: bool,
    /// Its [`lexicon`] bits, in a sentence (0 in tokens not made by [`Sentence::new`]).
    flags: u32,
}

impl<'a> Word<'a> {
    /// The word in lower case.
    pub(crate) fn low(&self) -> &'a str {
        self.lower
    }

    /// Whether the word starts with an upper-case letter.
    pub(crate) fn capitalised(&self) -> bool {
        self.cap
    }

    /// Whether the word is in one of the word lists of the [`lexicon`] bits `bits`.
    fn is(&self, bits: u32) -> bool {
        self.flags & bits != 0
    }
}

impl<'s> Tokens<'s> {
    /// The buffers, for [`tokenize_into`].
    pub(crate) fn into_buffers(self) -> (String, Vec<Token>) {
        (self.lower, self.toks)
    }

    /// The tokens, in order.
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, Token> {
        self.toks.iter()
    }

    fn len(&self) -> usize {
        self.toks.len()
    }

    fn get(&self, i: usize) -> Option<&Token> {
        self.toks.get(i)
    }

    /// The token's text.
    pub(crate) fn text(&self, t: &Token) -> &'s str {
        &self.text[t.start..t.end]
    }

    /// The token's lower case (empty for punctuation).
    pub(crate) fn low(&self, t: &Token) -> &str {
        &self.lower[t.lo as usize..t.hi as usize]
    }

    /// Token `i` if it is a word.
    pub(crate) fn word(&self, i: usize) -> Option<Word<'_>> {
        let t = self.toks.get(i).filter(|t| t.is_word())?;
        Some(Word {
            lower: self.low(t),
            cap: t.cap,
            flags: t.flags,
        })
    }

    /// Sets the [`lexicon`] bits of every word.
    fn flag(&mut self, lexicon: &crate::hash::WordMap<u32>) {
        for t in &mut self.toks {
            if t.kind == Kind::Word {
                t.flags = lexicon
                    .get(&self.lower[t.lo as usize..t.hi as usize])
                    .copied()
                    .unwrap_or(0);
            }
        }
        self.flagged = true;
    }
}

impl std::ops::Index<usize> for Tokens<'_> {
    type Output = Token;

    fn index(&self, i: usize) -> &Token {
        &self.toks[i]
    }
}

/// Splits a sentence into word and punctuation tokens (other symbols are skipped), and
/// lower-cases its words into one buffer.
pub(crate) fn tokenize(s: &str) -> Tokens<'_> {
    tokenize_into(s, String::new(), Vec::new())
}

/// [`tokenize`] into the buffers of an earlier [`Tokens`] ([`Tokens::into_buffers`]), cleared
/// first: no allocation once they are large enough.
pub(crate) fn tokenize_into(s: &str, mut lower: String, mut out: Vec<Token>) -> Tokens<'_> {
    let bytes = s.as_bytes();
    // The character at byte `i` (a boundary) and its length; ASCII without decoding.
    let at = |i: usize| -> (char, usize) {
        match bytes[i] {
            b if b < 0x80 => (b as char, 1),
            // U+2000 to U+203F (`’`, `“`, `—`) from their last byte.
            0xE2 if bytes.get(i + 1) == Some(&0x80) => {
                let c = char::from_u32(0x2000 + u32::from(bytes[i + 2] & 0x3F)).unwrap_or(' ');
                (c, 3)
            }
            _ => {
                let c = s[i..].chars().next().unwrap_or(' ');
                (c, c.len_utf8())
            }
        }
    };
    let alnum = |c: char| {
        c.is_ascii_alphanumeric()
            || (!c.is_ascii() && !('\u{2000}'..='\u{203F}').contains(&c) && c.is_alphanumeric())
    };
    lower.clear();
    lower.reserve(s.len() + 16);
    lower.push_str(s);
    lower.make_ascii_lowercase();
    out.clear();
    out.reserve(bytes.len() / 5 + 1);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Most bytes are ASCII letters, digits and spaces: told apart by one table lookup.
        let (c, len) = if b < 0x80 { (b as char, 1) } else { at(i) };
        if ASCII_ALNUM[usize::from(b)] || (b >= 0x80 && alnum(c)) {
            // A word runs over letters and digits, and over `-`, `'`, `’`, `.` between two of
            // them. ASCII letters and digits, the bulk of it, are read a byte at a time; `wide`
            // notes a non-ASCII character.
            let mut wide = !c.is_ascii();
            let mut end = i + len;
            while end < bytes.len() {
                let b = bytes[end];
                if ASCII_ALNUM[usize::from(b)] {
                    end += 1;
                    continue;
                }
                if b < 0x80 && !matches!(b, b'-' | b'\'' | b'.') {
                    // A space or a mark that never joins words.
                    break;
                }
                let (d, dl) = at(end);
                let inner =
                    matches!(d, '-' | '\'' | '’' | '.') && end + dl < bytes.len() && alnum(at(end + dl).0);
                if !alnum(d) && !inner {
                    break;
                }
                wide |= b >= 0x80;
                end += dl;
            }
            // A non-ASCII letter with a lower case of its own (`É`; `Σ`, whose lower case
            // depends on its place) needs the full lowering; `’` and `é` do not.
            let (lo, hi) = if wide && s[i..end].chars().any(|c| !c.is_ascii() && !lowers_to_itself(c)) {
                let lo = lower.len();
                lower.push_str(&s[i..end].to_lowercase());
                (lo, lower.len())
            } else {
                (i, end)
            };
            out.push(Token {
                start: i,
                end,
                kind: Kind::Word,
                cap: if c.is_ascii() {
                    c.is_ascii_uppercase()
                } else {
                    c.is_uppercase()
                },
                lo: lo as u32,
                hi: hi as u32,
                name: Cell::new(Mark::Unread),
                flags: 0,
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
            cap: false,
            lo: 0,
            hi: 0,
            name: Cell::new(Mark::Unread),
            flags: 0,
        });
    }
    Tokens {
        text: s,
        lower,
        toks: out,
        flagged: false,
    }
}

/// For each byte, whether it is an ASCII letter or digit.
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Whether `c` is its own lower case.
fn lowers_to_itself(c: char) -> bool {
    let mut l = c.to_lowercase();
    l.next() == Some(c) && l.next().is_none()
}

/// A compiled list of phrases, matched on consecutive word tokens.
#[derive(Debug, Clone, Default)]
pub(crate) struct PhraseSet {
    /// Phrases by their first word; each phrase is its words.
    by_first: WordMap<Vec<Vec<String>>>,
    /// For each first byte of a first word: bit `n` set when a first word of `n` bytes (31 for
    /// 31 and more) starts with it. Most words fail this test and are never hashed.
    shapes: Vec<u32>,
    /// Whether words compare case-insensitively (then they are stored lower case).
    fold: bool,
    /// The set's [`lexicon`] bit (0: none): in a sentence whose words carry their bits, a
    /// word without it starts no phrase of the set.
    bit: u32,
}

impl PhraseSet {
    /// An empty set; `fold` makes it case-insensitive.
    pub(crate) fn new(fold: bool) -> Self {
        PhraseSet {
            by_first: WordMap::default(),
            shapes: vec![0; 256],
            fold,
            bit: 0,
        }
    }

    /// This set, with its [`lexicon`] bit.
    pub(crate) fn with_bit(mut self, bit: u32) -> Self {
        self.bit = bit;
        self
    }

    /// Adds a phrase (words separated by white space).
    pub(crate) fn insert(&mut self, phrase: &str) {
        let words: Vec<String> = phrase
            .split_whitespace()
            .map(|w| {
                if self.fold {
                    w.to_lowercase()
                } else {
                    w.to_string()
                }
            })
            .collect();
        if let Some(first) = words.first() {
            self.shapes[usize::from(first.as_bytes()[0])] |= shape(first);
            let cands = self.by_first.entry(first.clone()).or_default();
            cands.push(words);
            // Longest first: the first phrase that matches is the longest.
            cands.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
    }

    fn key<'a>(&self, toks: &'a Tokens<'_>, t: &Token) -> &'a str {
        if self.fold {
            toks.low(t)
        } else {
            toks.text(t)
        }
    }

    /// The first words of the phrases (lower case when the set folds).
    pub(crate) fn first_words(&self) -> impl Iterator<Item = &str> + '_ {
        self.by_first.keys().map(String::as_str)
    }

    /// One word of each phrase, its longest (the first of the longest), lower case when the
    /// set folds: text without any of them as a word holds none of the phrases.
    pub(crate) fn key_words(&self) -> impl Iterator<Item = &str> + '_ {
        self.by_first.values().flatten().filter_map(|words| {
            words
                .iter()
                .rev()
                .max_by_key(|w| w.chars().count())
                .map(String::as_str)
        })
    }

    /// Whether the set compares words case-insensitively.
    #[cfg(test)]
    pub(crate) fn folds(&self) -> bool {
        self.fold
    }

    /// The phrases whose first word is `first`.
    #[cfg(test)]
    pub(crate) fn phrases_from(&self, first: &str) -> Option<&Vec<Vec<String>>> {
        self.by_first.get(first)
    }

    /// The length in tokens of the longest phrase starting at token `i` (0 if none).
    #[inline]
    pub(crate) fn longest_at(&self, toks: &Tokens<'_>, i: usize) -> usize {
        match toks.get(i) {
            Some(t) if t.is_word() && (t.flags & self.bit != 0 || self.bit == 0 || !toks.flagged) => {
                self.longest_from(toks, i)
            }
            _ => 0,
        }
    }

    /// [`Self::longest_at`] for a word token `i`, looked up.
    #[inline(never)]
    fn longest_from(&self, toks: &Tokens<'_>, i: usize) -> usize {
        let first = &toks.toks[i];
        let key = self.key(toks, first);
        let fits = key
            .as_bytes()
            .first()
            .is_some_and(|&b| self.shapes[usize::from(b)] & shape(key) != 0);
        if !fits {
            return 0;
        }
        let Some(cands) = self.by_first.get(key) else {
            return 0;
        };
        cands
            .iter()
            .find(|words| {
                words[1..].iter().enumerate().all(|(k, w)| {
                    toks.get(i + 1 + k)
                        .is_some_and(|t| t.is_word() && self.key(toks, t) == w)
                })
            })
            .map_or(0, Vec::len)
    }
}

/// The bit of a word's length in [`PhraseSet::shapes`].
fn shape(word: &str) -> u32 {
    1 << word.len().min(31)
}

/// Who a sentence credits for what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Attribution {
    /// A named person or organisation (or a pronoun standing for one) is given as the source;
    /// the span is the name, in sentence offsets.
    Named(Span),
    /// The only sources given are vague (`analysts`, `Western officials`, `some`); the span
    /// is the vague noun.
    Vague(Span),
    /// No source at all.
    Unattributed,
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

/// Whether the word tokens of a run are marked as names yet, and the name a token is in.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Mark {
    /// The run of words holding the token has not been read for names yet.
    Unread,
    /// The token is in no name.
    Plain,
    /// The token is in the name over tokens `.0..1`.
    Name(u32, u32),
}

/// One sentence, tokenized; build it once and ask it everything.
///
/// Names are marked on demand: the first time a word is asked about, the run of word tokens
/// holding it (between two punctuation tokens) is read for names from its start, exactly as a
/// pass over the whole sentence would read it (a name never spans punctuation, so every run
/// starts a name search afresh). Most words of a sentence are never near an attribution verb,
/// and their runs are never read.
pub(crate) struct Sentence<'c, 's> {
    cfg: &'c AttributionConfig,
    toks: Tokens<'s>,
}

impl<'c, 's> Sentence<'c, 's> {
    /// Tokenizes `text`.
    pub(crate) fn new(cfg: &'c AttributionConfig, text: &'s str) -> Self {
        let mut toks = tokenize(text);
        toks.flag(&cfg.lexicon);
        Sentence { cfg, toks }
    }

    fn word(&self, i: usize) -> Option<Word<'_>> {
        self.toks.word(i)
    }

    /// The name token `k` is in, if any (its token range).
    fn name(&self, k: usize) -> Option<(usize, usize)> {
        if let Mark::Unread = self.toks[k].name.get() {
            self.mark_run(k);
        }
        match self.toks[k].name.get() {
            Mark::Name(a, b) => Some((a as usize, b as usize)),
            _ => None,
        }
    }

    /// Marks the names of the run of word tokens holding token `k`.
    fn mark_run(&self, k: usize) {
        let mut i = k;
        while i > 0 && self.toks[i - 1].is_word() {
            i -= 1;
        }
        let mut end = k;
        while end < self.toks.len() && self.toks[end].is_word() {
            end += 1;
        }
        // A name or a skipped modifier ends at the latest at the end of the run.
        while i < end {
            match self.name_at(i) {
                Ok(e) => {
                    for t in &self.toks.toks[i..e] {
                        t.name.set(Mark::Name(i as u32, e as u32));
                    }
                    i = e;
                }
                Err(next) => {
                    let next = next.max(i + 1);
                    for t in &self.toks.toks[i..next] {
                        t.name.set(Mark::Plain);
                    }
                    i = next;
                }
            }
        }
        let t = &self.toks[k];
        if let Mark::Unread = t.name.get() {
            t.name.set(Mark::Plain);
        }
    }

    /// Where the clause holding token `k` starts: the end of the last comma, quote or stop
    /// before it, 0 if none.
    fn clause_start(&self, k: usize) -> usize {
        self.toks.toks[..k]
            .iter()
            .rfind(|t| !t.is_word())
            .map_or(0, |t| t.end)
    }

    fn is_vague_noun(&self, i: usize) -> bool {
        self.word(i).is_some_and(|t| t.is(lexicon::VAGUE_SOURCE))
    }

    /// A vague source at token `i`: a vague noun, or a quantifier standing as the source
    /// (`Some say`, `many believe`: not followed by another word it would qualify).
    fn is_vague(&self, i: usize) -> bool {
        if self.is_vague_noun(i) {
            return true;
        }
        let Some(t) = self.word(i) else { return false };
        t.is(lexicon::QUANTIFIER)
            && match self.word(i + 1) {
                None => true,
                Some(n) => self.cfg.verbs.longest_at(&self.toks, i + 1) > 0 || n.is(lexicon::CLAUSE_WORD),
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
        let org = cfg.organisations.longest_at(&self.toks, i);
        if org > 0 {
            return Ok(i + org);
        }
        // Cheapest tests first: most words are neither institutions nor capitalised.
        if t.is(lexicon::INSTITUTION)
            && i > 0
            && self.word(i - 1).is_some_and(|d| DETERMINERS.contains(&d.low()))
        {
            return Ok(i + 1);
        }
        let plain = |t: Word<'_>| {
            t.capitalised()
                && !t.is(lexicon::NOT_NAME | lexicon::VAGUE_SOURCE | lexicon::QUANTIFIER | lexicon::PRONOUN)
        };
        // `some Muslims`, `many Americans`: a quantified group, not a name.
        if !plain(t) {
            return no;
        }
        let quantified = i > 0 && self.word(i - 1).is_some_and(|p| p.is(lexicon::QUANTIFIER));
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
                && cfg.verbs.longest_at(&self.toks, e) == 0
                && cfg.source_after.longest_at(&self.toks, e) == 0
                && self.is_vague_noun(e + 1))
        {
            return Err(e);
        }
        // A lone capitalised word opening a clause is only a name when it is the subject of a
        // speech verb or of an apposition (`Smith said`, `Smith, a spokesman, …`).
        if e == i + 1 && self.clause_initial(i) {
            let verb = cfg.verbs.longest_at(&self.toks, e) > 0;
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
                    if cfg.continuations.longest_at(&self.toks, k + 1) == 0 {
                        break;
                    }
                }
                Kind::Word => {
                    words += 1;
                    if words > cfg.reach {
                        break;
                    }
                    if local
                        && (cfg.verbs.longest_at(&self.toks, k) > 0
                            || cfg.source_after.longest_at(&self.toks, k) > 0)
                        && self.verb_use(k)
                    {
                        break;
                    }
                    if let Some((a, b)) = self.name(k) {
                        let new_clause = self.word(b).is_some_and(|n| {
                            n.is(lexicon::CLAUSE_WORD)
                                || (mode == Mode::Inverted && !INVERTED_TAIL.contains(&n.low()))
                        });
                        if new_clause {
                            break;
                        }
                        return Attribution::Named(self.span(a, b));
                    }
                    if self.is_vague(k) {
                        vague.get_or_insert(self.span(k, k + 1));
                    } else if t.flags & lexicon::CLAUSE_WORD != 0 {
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
            let t = match self.toks[k].kind {
                Kind::Stop | Kind::Quote => break,
                Kind::Comma => continue,
                Kind::Word => self.word(k).expect("a word"),
            };
            words += 1;
            if words > cfg.reach {
                break;
            }
            if let Some((a, b)) = self.name(k) {
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
            if t.is(lexicon::PRONOUN) {
                return Attribution::Named(self.span(k, k + 1));
            }
            // A quantifier before the verb makes its subject vague (`some manufacturers have found`).
            if self.is_vague(k) || t.is(lexicon::QUANTIFIER) {
                return Attribution::Vague(self.span(k, k + 1));
            }
        }
        candidate.map_or(Attribution::Unattributed, Attribution::Named)
    }

    /// Whether the word at `i` is used as a verb here: not after a determiner (`the claim`),
    /// not a passive participle (`is believed`, `was widely reported`), and in lower case
    /// unless it opens a clause (`According to …`; `"Say Cheese"` is a title).
    fn verb_use(&self, i: usize) -> bool {
        if self.toks[i].cap && !self.clause_initial(i) {
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
    pub(crate) fn sources(&self) -> Sources {
        let cfg = self.cfg;
        let mut out = Sources::default();
        for i in 0..self.toks.len() {
            if !self.toks[i].is_word() {
                continue;
            }
            // `told` is both: `Lavrov told reporters` credits Lavrov, `an aide told the BBC`
            // credits the BBC. The better source of the two counts. (The phrase lookups come
            // first: most words are neither, and then how the word is used does not matter.)
            let after = cfg.source_after.longest_at(&self.toks, i);
            let verb = cfg.verbs.longest_at(&self.toks, i);
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
                        || self.toks.low(&self.toks[i - 1]) == "as");
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
                    let first = i.min(self.toks.toks.partition_point(|t| t.start < source.start));
                    let clause_start = self.clause_start(first);
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
    pub(crate) fn named_after(&self, offset: usize) -> Option<Span> {
        let cfg = self.cfg;
        let mut k = self.toks.toks.partition_point(|t| t.start < offset);
        let link = match self.toks.get(k)?.kind {
            Kind::Comma => {
                k += 1;
                cfg.continuations.longest_at(&self.toks, k)
            }
            Kind::Word => cfg.links.longest_at(&self.toks, k),
            _ => 0,
        };
        if link == 0 {
            return None;
        }
        match self.forward(k + link, Mode::Local) {
            Attribution::Named(s) => {
                let first = self.toks.toks.partition_point(|t| t.start < s.start);
                let topic = first > 0 && self.toks.low(&self.toks[first - 1]) == "of";
                (!topic).then_some(s)
            }
            _ => None,
        }
    }
}

/// The attributions of one sentence.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sources {
    /// Attributions to a named source, in sentence order.
    pub named: Vec<NamedSource>,
    /// The first vague source given as a source (`analysts said`, `according to reports`).
    pub vague: Option<Span>,
}

/// One attribution to a named source; offsets are into the sentence.
#[derive(Debug, Clone)]
pub(crate) struct NamedSource {
    /// The name.
    pub source: Span,
    /// Where its attribution verb starts.
    pub verb: usize,
    /// Where the clause of the attribution starts (after the last comma, quote or stop before
    /// it; 0 if none).
    pub clause_start: usize,
}

impl Sources {
    /// Whether a cue at `cue` (sentence offsets) is credited to a named source: the sentence
    /// gives no vague source, and a named attribution either comes before the cue
    /// (`Smith said the talks may fail`) or stands in its own clause after it (`the talks may
    /// fail, Smith said`; `"We might," said Smith`).
    pub(crate) fn credit(&self, cue: &Span) -> bool {
        self.vague.is_none()
            && self
                .named
                .iter()
                .any(|n| n.verb <= cue.start || n.clause_start >= cue.end)
    }

    /// The sentence's attribution as a whole: vague if any source is vague, else named if
    /// any is named.
    pub(crate) fn attribution(&self) -> Attribution {
        match (&self.vague, self.named.first()) {
            (Some(v), _) => Attribution::Vague(v.clone()),
            (None, Some(n)) => Attribution::Named(n.source.clone()),
            (None, None) => Attribution::Unattributed,
        }
    }
}

/// Who `sentence` credits for what it says: a vague source if any of its attributions is vague
/// (a name elsewhere in the sentence does not outweigh `critics say`), else a named source,
/// else none.
///
/// A source is named when an attribution verb has a name as its source: the subject of a
/// speech verb (`Smith said`, `John Nilsson-Wright, head of …, said`, `he said` for a person
/// named earlier), the words after an inverted speech verb (`"…," said John Smith`), or the
/// words after a `source_after` phrase (`according to reports from Reuters`, `as stated in an
/// article in Rodong Sinmun`, `told the BBC`). Names are runs of capitalised words that are not
/// `not_names`, organisations from the list, and institutions after a determiner
/// (`the ministry`); a capitalised modifier of a vague noun (`Western officials`) is no name.
/// Offsets in the result are into `sentence`.
#[allow(dead_code)] // the crate-internal API for the good-practice family
pub(crate) fn sentence_attribution(cfg: &AttributionConfig, sentence: &str) -> Attribution {
    Sentence::new(cfg, sentence).sources().attribution()
}

/// The first named source `sentence` credits (its span in `sentence`), if it credits one,
/// even when it also credits vague ones.
///
/// This is the named-source test of the attribution analysis, for any family that needs to
/// know whether a sentence names its source (for example credits for named sources). See
/// [`sentence_attribution`] for what counts as a named source.
#[allow(dead_code)] // the crate-internal API for the good-practice family
pub(crate) fn attributed_source(cfg: &AttributionConfig, sentence: &str) -> Option<Span> {
    Sentence::new(cfg, sentence)
        .sources()
        .named
        .first()
        .map(|n| n.source.clone())
}
