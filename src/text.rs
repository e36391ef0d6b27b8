//! The text model: lines, paragraphs, sentences and byte → line:column mapping, computed once per
//! field and shared by every rule.
//!
//! All positions are byte offsets into the analysed string. Lines end at `\n`, `\r\n` or a lone
//! `\r`; the terminator is not part of the line. Columns are counted in characters, 1-based.

use once_cell::sync::OnceCell;
use std::ops::Range;

/// A half-open byte range `start..end` into the analysed text.
pub type Span = Range<usize>;

/// Abbreviations after which a period does not end a sentence (compared case-sensitively,
/// without the final period).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "St", "Sr", "Jr", "Gen", "Lt", "Col", "Capt", "Cmdr", "Sgt",
    "Adm", "Maj", "Sen", "Rep", "Gov", "Pres", "Rev", "Hon", "Fr", "Insp", "Supt", "Amb", "Inc", "Co",
    "Corp", "Ltd", "Bros", "No", "Nos", "Vol", "vs", "etc", "approx", "est", "Jan", "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mt", "Ft", "Ave", "Blvd", "Rd", "Dept", "Univ",
    "Assn", "Ph", "al", "cf", "ca", "Nr", "Abs", "Hr", "Hrn", "Fig",
];

/// The Kelvin sign, the one character outside ASCII whose lower case is ASCII (`k`).
pub(crate) const KELVIN_SIGN: char = '\u{212A}';

/// Per-field text structure, computed once and shared by every rule.
///
/// Lines are split when the model is made; paragraphs and sentences on first use (then kept),
/// so a field that no rule asks for sentences never pays for sentence splitting.
///
/// ```
/// use credence::TextModel;
/// let m = TextModel::new("Title\r\n\nÜber. Two?");
/// assert_eq!(m.lines().len(), 3); // "\r\n" ends one line
/// assert_eq!(m.line_column(8), (3, 1)); // 1-based
/// assert_eq!(m.line_column(15), (3, 7)); // "Two": columns count characters, not bytes
/// ```
#[derive(Debug, Clone)]
pub struct TextModel<'t> {
    text: &'t str,
    lines: Vec<Span>,
    paragraphs: OnceCell<Vec<Span>>,
    sentences: OnceCell<Vec<Span>>,
    /// Whether the text holds the Kelvin sign, noted by the sentence splitter.
    kelvin: OnceCell<bool>,
}

impl<'t> TextModel<'t> {
    /// Segments `text` into lines (paragraphs and sentences follow on first use).
    pub fn new(text: &'t str) -> Self {
        TextModel {
            text,
            lines: split_lines(text),
            paragraphs: OnceCell::new(),
            sentences: OnceCell::new(),
            kelvin: OnceCell::new(),
        }
    }

    /// The analysed text.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Every line (without its terminator), including empty ones.
    pub fn lines(&self) -> &[Span] {
        &self.lines
    }

    /// Blocks of non-blank lines separated by blank lines, trimmed of surrounding whitespace.
    pub fn paragraphs(&self) -> &[Span] {
        self.paragraphs
            .get_or_init(|| split_paragraphs(self.text, &self.lines))
    }

    /// Sentences, trimmed; they never cross a blank line.
    pub fn sentences(&self) -> &[Span] {
        self.sentences.get_or_init(|| {
            let mut kelvin = false;
            let sentences = split_sentences(self.text, &self.lines, &mut kelvin);
            // Set here only, once: `sentences` is initialised once.
            let _ = self.kelvin.set(kelvin);
            sentences
        })
    }

    /// Whether the text holds the Kelvin sign (`K`, U+212A), the one character outside ASCII
    /// whose lower case is ASCII (`k`). The sentence splitter decodes every character led by
    /// the byte 0xE2, as this one is, so it notes it on the way (splitting the sentences if
    /// they are not yet).
    pub(crate) fn has_kelvin_sign(&self) -> bool {
        self.sentences();
        self.kelvin.get().copied().unwrap_or(true)
    }

    /// The index of the line holding byte `offset` (the last line for offsets at the end).
    pub fn line_index(&self, offset: usize) -> usize {
        match self.lines.binary_search_by(|l| l.start.cmp(&offset)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        }
    }

    /// The index of the sentence holding byte `offset`, if any.
    pub fn sentence_index(&self, offset: usize) -> Option<usize> {
        let sentences = self.sentences();
        let i = match sentences.binary_search_by(|s| s.start.cmp(&offset)) {
            Ok(i) => i,
            Err(0) => return None,
            Err(i) => i - 1,
        };
        (offset < sentences[i].end).then_some(i)
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let i = self.line_index(offset);
        let start = self.lines.get(i).map_or(0, |l| l.start);
        let offset = offset.min(self.text.len()).max(start);
        let column = self.text[start..offset].chars().count() + 1;
        (i + 1, column)
    }

    /// The text of a span.
    pub fn slice(&self, span: &Span) -> &'t str {
        &self.text[span.clone()]
    }
}

fn split_lines(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    // News paragraphs run to a few hundred bytes: room for most texts' lines at once.
    let mut lines = Vec::with_capacity((text.len() / 128).clamp(4, 4096));
    let mut start = 0;
    let mut i = 0;
    while let Some(at) = next_line_break(bytes, i) {
        lines.push(start..at);
        i = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
        start = i;
    }
    lines.push(start..bytes.len());
    lines
}

/// The position of the first `\n` or `\r` at or after `from`, sixteen bytes at a time (lines
/// are split for every field, so this loop is on the hot path). As in
/// [`next_terminator_byte`], each half of a block gets a mask whose lowest set bit is exact.
fn next_line_break(bytes: &[u8], from: usize) -> Option<usize> {
    let mask = |x: u64| (bytes_equal(x, b'\n') | bytes_equal(x, b'\r')) & HIGH;
    let mut i = from;
    while let Some(block) = bytes.get(i..i + 16) {
        if let Some(at) = first_marked(block, mask) {
            return Some(i + at);
        }
        i += 16;
    }
    bytes[i.min(bytes.len())..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map(|p| i + p)
}

/// Whether a byte is ASCII and not white space: a line or sentence starting (or ending) with
/// one needs no trimming there.
fn ascii_solid(b: u8) -> bool {
    b.is_ascii() && !is_ascii_space(b)
}

fn is_blank(text: &str, span: &Span) -> bool {
    if span.start < span.end && ascii_solid(text.as_bytes()[span.start]) {
        return false;
    }
    text[span.clone()].trim().is_empty()
}

fn trim_span(text: &str, span: Span) -> Span {
    let bytes = text.as_bytes();
    // ASCII white space a byte at a time; other white space (`\u{a0}`) by characters.
    let mut a = span.start;
    while a < span.end && is_ascii_space(bytes[a]) {
        a += 1;
    }
    if a < span.end && !bytes[a].is_ascii() {
        a = span.end - text[a..span.end].trim_start().len();
    }
    if a == span.end {
        return span.start..span.start;
    }
    let mut e = span.end;
    while is_ascii_space(bytes[e - 1]) {
        e -= 1;
    }
    if !bytes[e - 1].is_ascii() {
        e = a + text[a..e].trim_end().len();
    }
    a..e
}

/// The ASCII white space of `char::is_whitespace`.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// `s` without its leading white space, skipped a byte at a time while it is ASCII.
fn skip_space(s: &str) -> &str {
    let n = s.bytes().take_while(|&b| is_ascii_space(b)).count();
    let rest = &s[n..];
    if rest.as_bytes().first().is_some_and(|b| !b.is_ascii()) {
        rest.trim_start()
    } else {
        rest
    }
}

fn split_paragraphs(text: &str, lines: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut cur: Option<Span> = None;
    for line in lines {
        if is_blank(text, line) {
            if let Some(p) = cur.take() {
                out.push(trim_span(text, p));
            }
        } else {
            cur = Some(match cur {
                Some(p) => p.start..line.end,
                None => line.clone(),
            });
        }
    }
    if let Some(p) = cur {
        out.push(trim_span(text, p));
    }
    out
}

/// Whether a line break after `line` continues the sentence (hard-wrapped prose): the line is
/// long, does not end in sentence punctuation, and the next line starts in lower case.
fn wraps_into(text: &str, line: &Span, next: &Span) -> bool {
    let cur = text[line.clone()].trim_end();
    let nxt = text[next.clone()].trim_start();
    // Cheapest tests first; the length test reads at most 50 characters.
    nxt.chars().next().is_some_and(|c| c.is_lowercase())
        && !cur.ends_with(['.', '!', '?', ':', '"', '”', '’'])
        && cur.chars().nth(49).is_some()
}

/// The sentences of the text; `kelvin` is set when a sentence holds the Kelvin sign (a blank
/// line holds only white space).
fn split_sentences(text: &str, lines: &[Span], kelvin: &mut bool) -> Vec<Span> {
    // Sentences run to about a hundred bytes: room for most texts' sentences at once.
    let mut out = Vec::with_capacity((text.len() / 64).clamp(4, 8192));
    // Group lines into runs that a sentence may span (hard-wrapped prose), then split each run.
    let mut i = 0;
    while i < lines.len() {
        if is_blank(text, &lines[i]) {
            i += 1;
            continue;
        }
        let start = lines[i].start;
        let mut end = lines[i].end;
        while i + 1 < lines.len()
            && !is_blank(text, &lines[i + 1])
            && wraps_into(text, &lines[i], &lines[i + 1])
        {
            i += 1;
            end = lines[i].end;
        }
        split_run(text, start..end, &mut out, kelvin);
        i += 1;
    }
    out
}

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '»', '」'];

/// Splits one run of text into sentences at `.`, `!`, `?` (and `…`) followed by white space.
/// Every character led by the byte 0xE2 is decoded on the way; `kelvin` is set when one is
/// the Kelvin sign.
fn split_run(text: &str, run: Span, out: &mut Vec<Span>, kelvin: &mut bool) {
    let s = &text[run.clone()];
    let bytes = s.as_bytes();
    let mut sent_start = 0;
    let mut i = 0;
    loop {
        i = next_terminator_byte(bytes, i);
        if i >= bytes.len() {
            break;
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        if !matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？') {
            *kelvin |= c == KELVIN_SIGN;
            i += c.len_utf8();
            continue;
        }
        // Swallow runs of terminators and closing quotes/brackets.
        let mut end = i + c.len_utf8();
        while let Some(d) = s[end..].chars().next() {
            if matches!(d, '.' | '!' | '?' | '…') || CLOSERS.contains(&d) {
                end += d.len_utf8();
            } else {
                break;
            }
        }
        let at = i;
        i = end;
        let rest = &s[end..];
        let Some(after) = rest.chars().next() else {
            break;
        };
        if !after.is_whitespace() {
            continue;
        }
        let next_word = skip_space(rest).chars().next();
        if next_word.is_some_and(|w| w.is_lowercase()) {
            // `"Is it over?" she asked.`: a lower-case word continues the sentence.
            continue;
        }
        if c == '.' && !ends_sentence(&s[sent_start..at], next_word) {
            continue;
        }
        push_trimmed(text, run.start + sent_start..run.start + end, out);
        sent_start = end;
    }
    push_trimmed(text, run.start + sent_start..run.end, out);
}

/// The first byte at or after `i` that may start a terminator, or `bytes.len()`. Terminators
/// are `.`, `!`, `?` or start with one of three lead bytes (`…`, `。`, `！`, `？`); every other
/// byte is skipped without decoding, sixteen at a time while they are ASCII.
///
/// Each half of a block gets a mask with the high bit set in every byte that is `.`, `!`, `?`
/// or not ASCII, and perhaps in some bytes after such a byte (the borrow of the zero-byte
/// test runs upward), so its lowest set bit is exact: the first candidate is read from the
/// masks without a loop over bytes. A non-ASCII byte that leads no terminator (`é`, `’` does)
/// sends the rest of its block to a loop over bytes.
fn next_terminator_byte(bytes: &[u8], mut i: usize) -> usize {
    let mask = |x: u64| (bytes_equal(x, b'.') | bytes_equal(x, b'!') | bytes_equal(x, b'?') | x) & HIGH;
    let starts = |b: u8| matches!(b, b'.' | b'!' | b'?' | 0xE2 | 0xE3 | 0xEF);
    // The first terminator byte of a block, from its first marked byte on.
    let find = |block: &[u8]| {
        let at = first_marked(block, mask)?;
        block[at..].iter().position(|&b| starts(b)).map(|k| at + k)
    };
    while let Some(block) = bytes.get(i..i + 16) {
        if let Some(at) = find(block) {
            return i + at;
        }
        i += 16;
    }
    // The last bytes, padded with spaces to a block.
    let mut block = [b' '; 16];
    block[..bytes.len() - i.min(bytes.len())].copy_from_slice(&bytes[i.min(bytes.len())..]);
    find(&block).map_or(bytes.len(), |at| (i + at).min(bytes.len()))
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The bytes of `x` equal to `b`, as the high bit of each (under [`HIGH`]): the lowest set bit
/// is exact; those above it may be false (a borrow runs on past the first match).
#[inline(always)]
fn bytes_equal(x: u64, b: u8) -> u64 {
    let y = x ^ (ONES * u64::from(b));
    y.wrapping_sub(ONES) & !y
}

/// The first byte of a 16-byte block that `mask` marks in either half (read as two
/// little-endian words), if any: only the lowest mark of a half is trusted.
#[inline(always)]
fn first_marked(block: &[u8], mask: impl Fn(u64) -> u64) -> Option<usize> {
    let word = |c: &[u8]| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
    let (lo, hi) = (mask(word(&block[..8])), mask(word(&block[8..16])));
    if lo != 0 {
        Some(lo.trailing_zeros() as usize / 8)
    } else if hi != 0 {
        Some(8 + hi.trailing_zeros() as usize / 8)
    } else {
        None
    }
}

/// Decides whether the period at the end of `before` ends a sentence, given the next character.
fn ends_sentence(before: &str, next: Option<char>) -> bool {
    let word = last_word(before);
    // Initials and dotted acronyms: `J.`, `U.S.`, `e.g.`.
    let last = match word.as_bytes().iter().rposition(|&b| b == b'.') {
        Some(dot) => &word[dot + 1..],
        None => word,
    };
    let mut chars = last.chars();
    if matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic()) {
        // A single capital before the period: an initial or the end of `U.S.`; a sentence ends
        // only when a capitalised word follows an acronym like `U.S.` (ambiguous; keep together
        // when the acronym is dotted, since `U.S. officials` is far more common than a sentence
        // ending in `U.S.`).
        return false;
    }
    if is_abbreviation(last) {
        return false;
    }
    // A lower-case continuation after a period is not a new sentence (`approx. five`).
    !matches!(next, Some(c) if c.is_lowercase())
}

/// The text after the last white space, `(`, `"` or `“` of `before` (all of it if none): read
/// back a byte at a time while the bytes are ASCII, else split by characters.
fn last_word(before: &str) -> &str {
    let bytes = before.as_bytes();
    let mut k = bytes.len();
    while k > 0 {
        match bytes[k - 1] {
            0x80.. => {
                return before
                    .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
                    .next()
                    .unwrap_or("")
            }
            // The ASCII white space of `char::is_whitespace`.
            b'\t'..=b'\r' | b' ' | b'(' | b'"' => break,
            _ => k -= 1,
        }
    }
    &before[k..]
}

/// A word of at most seven bytes as a number: its bytes, then its length in the top byte.
const fn word_key(word: &[u8]) -> Option<u64> {
    if word.len() > 7 {
        return None;
    }
    let mut key = (word.len() as u64) << 56;
    let mut i = 0;
    while i < word.len() {
        key |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    Some(key)
}

/// [`ABBREVIATIONS`] as [`word_key`]s, sorted: a word is looked up by a binary search over
/// numbers instead of a comparison with each abbreviation.
const ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = {
    let mut keys = [0u64; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = match word_key(ABBREVIATIONS[i].as_bytes()) {
            Some(k) => k,
            None => panic!("an abbreviation longer than seven bytes"),
        };
        // Insertion sort.
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    keys
};

/// Whether `word` is one of [`ABBREVIATIONS`].
fn is_abbreviation(word: &str) -> bool {
    word_key(word.as_bytes()).is_some_and(|k| ABBREVIATION_KEYS.binary_search(&k).is_ok())
}

fn push_trimmed(text: &str, span: Span, out: &mut Vec<Span>) {
    let t = trim_span(text, span);
    if !t.is_empty() {
        out.push(t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run splitter as first written, one `char` at a time: the oracle for the byte-wise one.
    fn split_run_by_chars(text: &str, run: Span, out: &mut Vec<Span>) {
        let s = &text[run.clone()];
        let mut sent_start = 0;
        let mut iter = s.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if !matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？') {
                continue;
            }
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if matches!(d, '.' | '!' | '?' | '…') || CLOSERS.contains(&d) {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            let rest = &s[end..];
            let Some(after) = rest.chars().next() else {
                break;
            };
            if !after.is_whitespace() {
                continue;
            }
            let next_word = rest.trim_start().chars().next();
            if next_word.is_some_and(|w| w.is_lowercase()) {
                continue;
            }
            if c == '.' && !ends_sentence(&s[sent_start..i], next_word) {
                continue;
            }
            push_trimmed(text, run.start + sent_start..run.start + end, out);
            sent_start = end;
        }
        push_trimmed(text, run.start + sent_start..run.end, out);
    }

    proptest::proptest! {
        #[test]
        fn terminator_bytes_are_found_sixteen_at_a_time_as_one_by_one(
            s in "(?:[a-z ,;]{0,30}|[.!?…。！？é—’ï日\u{80}-]){0,40}",
            from in 0usize..80,
        ) {
            let bytes = s.as_bytes();
            let from = from.min(bytes.len());
            let want = (from..bytes.len())
                .find(|&i| matches!(bytes[i], b'.' | b'!' | b'?' | 0xE2 | 0xE3 | 0xEF))
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(next_terminator_byte(bytes, from), want);
        }

        #[test]
        fn line_breaks_are_found_sixteen_at_a_time_as_one_by_one(
            s in "(?:[a-z ]{0,20}|[\n\r\u{b}\u{c}\u{e}\u{8d}é’\u{10a}\u{d0a}]){0,30}",
            from in 0usize..80,
        ) {
            let bytes = s.as_bytes();
            let from = from.min(bytes.len());
            let want = (from..bytes.len()).find(|&i| bytes[i] == b'\n' || bytes[i] == b'\r');
            proptest::prop_assert_eq!(next_line_break(bytes, from), want);
        }

        #[test]
        fn last_word_is_what_follows_the_last_separator(s in "[a-zA-Z.(\"“ \t\n\u{b}\u{1c}\u{a0}\u{2009}é]{0,12}") {
            let want = s
                .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
                .next()
                .unwrap_or("");
            proptest::prop_assert_eq!(last_word(&s), want);
        }

        #[test]
        fn abbreviations_are_found_by_their_keys(s in "(?:[A-Za-z]{1,4}|Mr|Sept|approx|est|\u{0}){0,3}") {
            proptest::prop_assert_eq!(is_abbreviation(&s), ABBREVIATIONS.contains(&s.as_str()));
        }

        #[test]
        fn trimming_agrees_with_str_trim(s in "[a \t\n\u{b}\u{a0}\u{2009}é.]{0,8}") {
            let span = trim_span(&s, 0..s.len());
            let want = s.trim();
            proptest::prop_assert_eq!(&s[span.clone()], want);
            if !want.is_empty() {
                proptest::prop_assert_eq!(span.start, s.len() - s.trim_start().len());
            }
            proptest::prop_assert_eq!(is_blank(&s, &(0..s.len())), want.is_empty());
            proptest::prop_assert_eq!(skip_space(&s), s.trim_start());
        }

        #[test]
        fn byte_splitter_agrees_with_the_char_splitter(s in "(?:[a-zA-Z ]{0,6}|Mr|U\\.S|[.!?…。！？’”)\"“é—\u{212A}])*") {
            let mut got = Vec::new();
            let mut kelvin = false;
            split_run(&s, 0..s.len(), &mut got, &mut kelvin);
            proptest::prop_assert_eq!(kelvin, s.contains('\u{212A}'));
            let mut want = Vec::new();
            split_run_by_chars(&s, 0..s.len(), &mut want);
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn the_kelvin_sign_is_noted_in_any_line() {
        for text in [
            "",
            "a",
            "\u{212A}",
            "a\n\n \u{2003}\n b\u{212A}.",
            "Ok. \u{212A}",
            "x\u{212A}’y",
        ] {
            assert_eq!(
                TextModel::new(text).has_kelvin_sign(),
                text.contains('\u{212A}'),
                "{text:?}"
            );
        }
        let m = TextModel::new("\u{2003}\n\u{212A}\u{2003}");
        assert!(m.has_kelvin_sign());
        assert_eq!(m.sentences().len(), 1);
    }

    #[test]
    fn every_abbreviation_is_found_and_nothing_longer() {
        for a in ABBREVIATIONS {
            assert!(is_abbreviation(a), "{a}");
            assert!(!is_abbreviation(&format!("{a}x")), "{a}x");
        }
        assert!(!is_abbreviation("approxim"));
    }

    fn sentences(text: &str) -> Vec<&str> {
        let m = TextModel::new(text);
        m.sentences().iter().map(|s| &text[s.clone()]).collect()
    }

    #[test]
    fn splits_on_terminators_but_not_abbreviations() {
        assert_eq!(
            sentences("Mr. Putin met Dr. Kim in the U.S. capital. It cost 3.5 million. Done!"),
            vec![
                "Mr. Putin met Dr. Kim in the U.S. capital.",
                "It cost 3.5 million.",
                "Done!"
            ]
        );
    }

    #[test]
    fn quotes_and_curly_apostrophes_stay_inside() {
        assert_eq!(
            sentences("He said “We won.” Then he left. Kim’s trip ended."),
            vec!["He said “We won.”", "Then he left.", "Kim’s trip ended."]
        );
        assert_eq!(
            sentences("\"Is it over?\" she asked. Yes."),
            vec!["\"Is it over?\" she asked.", "Yes."]
        );
    }

    #[test]
    fn line_breaks_end_sentences_unless_hard_wrapped() {
        assert_eq!(
            sentences("Headline\nBody starts here."),
            vec!["Headline", "Body starts here."]
        );
        let wrapped = "The committee said on Tuesday that the new rules would\ntake effect next year.";
        assert_eq!(sentences(wrapped), vec![wrapped]);
    }

    #[test]
    fn lines_handle_crlf_and_lone_cr() {
        let m = TextModel::new("a\r\nb\rc\n");
        let got: Vec<&str> = m.lines().iter().map(|l| &m.text()[l.clone()]).collect();
        assert_eq!(got, vec!["a", "b", "c", ""]);
    }

    #[test]
    fn line_breaks_are_found_in_every_byte_of_a_word() {
        for at in 0..20 {
            let mut text = "x".repeat(20);
            text.replace_range(at..at + 1, "\n");
            assert_eq!(split_lines(&text), vec![0..at, at + 1..20]);
            assert_eq!(next_line_break(text.as_bytes(), 0), Some(at));
        }
        assert_eq!(next_line_break("é\u{10a}\u{d0a}ab".as_bytes(), 0), None);
    }

    #[test]
    fn line_column_counts_characters() {
        let text = "ab\n“Kim” said\n";
        let m = TextModel::new(text);
        assert_eq!(m.line_column(0), (1, 1));
        assert_eq!(m.line_column(3), (2, 1));
        let said = text.find("said").unwrap();
        assert_eq!(m.line_column(said), (2, 7));
        assert_eq!(m.line_column(text.len()), (3, 1));
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let text = "One.\nTwo.\n\n  \nThree.\n";
        let m = TextModel::new(text);
        let got: Vec<&str> = m.paragraphs().iter().map(|p| &text[p.clone()]).collect();
        assert_eq!(got, vec!["One.\nTwo.", "Three."]);
    }

    #[test]
    fn sentence_index_finds_the_holder() {
        let text = "One two. Three four.";
        let m = TextModel::new(text);
        assert_eq!(m.sentence_index(0), Some(0));
        assert_eq!(m.sentence_index(text.find("Three").unwrap()), Some(1));
        assert_eq!(m.sentence_index(8), None);
    }
}
