//! Places and names in a sentence: runs of capitalised words, found by a hand-written scanner
//! with exactly the semantics of the regexes that first defined them (their leftmost-first
//! `find_iter`; the regexes are kept as the oracle of the tests, which compare the two on
//! generated text).
//!
//! The regexes start with a class (an upper-case letter), so the regex crate has no literal to
//! look for and runs a forward and a reverse lazy DFA for every match, a few per sentence.
//! The scanner reads the sentence once. Its character classes are those of the regexes, taken
//! from `regex-syntax` when first used, so they agree on every character.
//!
//! ```text
//! WORD  = [\p{Lu}][\p{L}\p{M}'’.-]*
//! PLACE = (?:(?:WORD\s+)?(?:ADJ\s+)?NOUN\s+of\s+)?WORD(?:\s+(?:(?:of\s+the|of|de|la|del|du)\s+)?WORD)*(?:\s+SUFFIX\b)?
//! NAME  = WORD(?:\s+(?:(?:of|de|la|del|bin|al|van|von)\s+)?WORD)*
//! ```
//!
//! Every alternation is tried in the regex's order and the first that leads to a match is
//! taken, as leftmost-first semantics say. White space runs (`\s+`) and word tails are taken
//! whole: what follows each is never white space or a word character, so a shorter run can
//! never lead to a match.

use once_cell::sync::Lazy;
use std::ops::Range;

/// The adjectives of a place descriptor (`the port city of …`).
const ADJECTIVES: &[&str] = &[
    "port",
    "capital",
    "coastal",
    "northern",
    "southern",
    "eastern",
    "western",
    "far-eastern",
];

/// The nouns of a place descriptor (`the Russian city of …`).
const NOUNS: &[&str] = &[
    "city", "town", "village", "region", "province", "port", "capital", "island",
];

/// The nouns that may end a place (`Vostochny space centre`), each a list of words separated
/// by white space, in the regex's order.
const SUFFIXES: &[&[&str]] = &[
    &["cosmodrome"],
    &["space", "centre"],
    &["space", "center"],
    &["space", "port"],
    &["spaceport"],
    &["launch", "site"],
    &["city"],
    &["region"],
    &["province"],
    &["oblast"],
    &["krai"],
    &["territory"],
    &["island"],
    &["airport"],
    &["palace"],
    &["square"],
];

/// The first letters of lists of lower-case words, as a mask (bit 0: `a`).
const fn first_letters(lists: &[&[&str]]) -> u32 {
    let mut mask = 0;
    let mut i = 0;
    while i < lists.len() {
        mask |= 1 << (lists[i][0].as_bytes()[0] - b'a');
        i += 1;
    }
    mask
}

const PLACE_LINK_LETTERS: u32 = first_letters(PLACE_LINKS);
const NAME_LINK_LETTERS: u32 = first_letters(NAME_LINKS);
const SUFFIX_LETTERS: u32 = first_letters(SUFFIXES);

/// For the first two letters of each of the [`ADJECTIVES`] and [`NOUNS`], its third one (no
/// two of them share two first letters and differ in the third: the build checks it).
const THIRD: [[u8; 26]; 26] = {
    let mut t = [[0u8; 26]; 26];
    let lists: [&[&str]; 2] = [ADJECTIVES, NOUNS];
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            let w = lists[l][i].as_bytes();
            let (x, y) = ((w[0] - b'a') as usize, (w[1] - b'a') as usize);
            assert!(t[x][y] == 0 || t[x][y] == w[2]);
            t[x][y] = w[2];
            i += 1;
        }
        l += 1;
    }
    t
};

/// Whether three bytes start one of the [`ADJECTIVES`] or [`NOUNS`].
fn starts_descriptor(x: u8, y: u8, z: u8) -> bool {
    let (x, y) = (x.wrapping_sub(b'a') as usize, y.wrapping_sub(b'a') as usize);
    x < 26 && y < 26 && THIRD[x][y] == z && z != 0
}

/// What may start a match, by byte: 1 an upper-case ASCII letter or the first byte of a
/// non-ASCII character, 2 a lower-case letter that starts a descriptor word.
const STARTS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'A'..=b'Z' | 0xC0..=0xFF => 1,
            x @ b'a'..=b'z' if has_second(x) => 2,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// Whether some descriptor word starts with the letter `x`.
const fn has_second(x: u8) -> bool {
    let row = THIRD[(x - b'a') as usize];
    let mut i = 0;
    while i < 26 {
        if row[i] != 0 {
            return true;
        }
        i += 1;
    }
    false
}

/// The words that may join two capitalised words of a place, in the regex's order.
const PLACE_LINKS: &[&[&str]] = &[&["of", "the"], &["of"], &["de"], &["la"], &["del"], &["du"]];

/// The words that may join two capitalised words of a name, in the regex's order.
const NAME_LINKS: &[&[&str]] = &[
    &["of"],
    &["de"],
    &["la"],
    &["del"],
    &["bin"],
    &["al"],
    &["van"],
    &["von"],
];

/// The source of the regex that first defined places (the test oracle).
#[cfg(test)]
pub(crate) fn place_regex() -> String {
    let word = WORD;
    let descriptor = format!(
        r"(?:{word}\s+)?(?:(?:port|capital|coastal|northern|southern|eastern|western|far-eastern)\s+)?(?:city|town|village|region|province|port|capital|island)\s+of\s+"
    );
    let nouns = r"cosmodrome|space\s+(?:centre|center|port)|spaceport|launch\s+site|city|region|province|oblast|krai|territory|island|airport|palace|square";
    format!(
        r"(?:{descriptor})?{word}(?:\s+(?:(?:of\s+the|of|de|la|del|du)\s+)?{word})*(?:\s+(?:{nouns})(?-u:\b))?"
    )
}

/// The source of the regex that first defined names (the test oracle).
#[cfg(test)]
pub(crate) fn name_regex() -> String {
    format!(r"{WORD}(?:\s+(?:(?:of|de|la|del|bin|al|van|von)\s+)?{WORD})*")
}

/// A capitalised word, as the regexes write it.
#[cfg(test)]
const WORD: &str = r"[\p{Lu}][\p{L}\p{M}'’.-]*";

/// A set of characters: a table for ASCII, sorted ranges for the rest.
struct Class {
    ascii: [bool; 128],
    ranges: Vec<(char, char)>,
}

impl Class {
    /// The class of a regex that is one character class (`\s`, `\p{Lu}`, `[…]`).
    fn of(regex: &str) -> Class {
        use regex_syntax::hir::{self, HirKind};
        let hir = regex_syntax::Parser::new().parse(regex).expect("a valid class");
        let ranges: Vec<(char, char)> = match hir.kind() {
            HirKind::Class(hir::Class::Unicode(c)) => {
                c.ranges().iter().map(|r| (r.start(), r.end())).collect()
            }
            other => panic!("`{regex}` is not a Unicode class: {other:?}"),
        };
        let mut ascii = [false; 128];
        for (i, slot) in ascii.iter_mut().enumerate() {
            let c = char::from(i as u8);
            *slot = ranges.iter().any(|&(a, b)| a <= c && c <= b);
        }
        Class { ascii, ranges }
    }

    fn has(&self, c: char) -> bool {
        if c.is_ascii() {
            return self.ascii[c as usize];
        }
        let i = self.ranges.partition_point(|&(_, end)| end < c);
        self.ranges.get(i).is_some_and(|&(start, _)| start <= c)
    }
}

/// The three classes the regexes use.
struct Classes {
    /// `\p{Lu}`: what starts a word.
    upper: Class,
    /// `[\p{L}\p{M}'’.-]`: what may follow.
    tail: Class,
    /// `\s`.
    space: Class,
}

static CLASSES: Lazy<Classes> = Lazy::new(|| Classes {
    upper: Class::of(r"\p{Lu}"),
    tail: Class::of(r"[\p{L}\p{M}'’.-]"),
    space: Class::of(r"\s"),
});

/// Every place in `text` that starts at or after `at`, in order: what `PLACE.find_iter`
/// gives from `at` on (the regexes look at nothing before a match); from 0, every place.
/// The places of the whole text that start at or after `at` when none of them starts before
/// `at` and ends after it (see [`may_join`]).
pub(crate) fn places_from(text: &str, at: usize) -> Runs<'_> {
    Runs {
        at,
        ..Runs::new(text, true)
    }
}

/// [`places_from`] for names.
pub(crate) fn names_from(text: &str, at: usize) -> Runs<'_> {
    Runs {
        at,
        ..Runs::new(text, false)
    }
}

/// Whether `bytes` start with a lower-case word that a place or a name may hold right after
/// white space: a link (`of the`, `de`, `bin`), a descriptor's adjective or noun (`port`,
/// `city`), a suffix's word (`space`, `cosmodrome`). A place or name holds no other word that
/// starts with a lower-case letter after white space (its own words start with a capital),
/// so none runs across the start of such a word.
pub(crate) fn may_join(bytes: &[u8]) -> bool {
    let Some(&b) = bytes.first().filter(|b| b.is_ascii_lowercase()) else {
        return false;
    };
    JOINING[(b - b'a') as usize]
        .iter()
        .any(|w| bytes.get(..w.len()).is_some_and(|p| p == w.as_bytes()))
}

/// The words of [`may_join`] by their first letter (index 0: `a`).
static JOINING: Lazy<[Vec<&'static str>; 26]> = Lazy::new(|| {
    let mut by_letter: [Vec<&'static str>; 26] = Default::default();
    let lists = PLACE_LINKS.iter().chain(NAME_LINKS).chain(SUFFIXES);
    for w in lists.flat_map(|l| l.iter()).chain(ADJECTIVES).chain(NOUNS) {
        let slot = &mut by_letter[(w.as_bytes()[0] - b'a') as usize];
        if !slot.contains(w) {
            slot.push(w);
        }
    }
    by_letter
});

/// The places or names of a text, one after the other.
pub(crate) struct Runs<'a> {
    text: &'a str,
    classes: &'a Classes,
    place: bool,
    /// Where the next search starts.
    at: usize,
}

impl<'a> Runs<'a> {
    fn new(text: &'a str, place: bool) -> Runs<'a> {
        Runs {
            text,
            classes: &CLASSES,
            place,
            at: 0,
        }
    }

    /// The character at `i` (a character boundary) and its length.
    fn char_at(&self, i: usize) -> Option<(char, usize)> {
        let b = *self.text.as_bytes().get(i)?;
        if b.is_ascii() {
            return Some((b as char, 1));
        }
        let c = self.text[i..].chars().next()?;
        Some((c, c.len_utf8()))
    }

    /// The end of the white space starting at `i` (`i` when there is none).
    fn spaces(&self, mut i: usize) -> usize {
        while let Some((c, n)) = self.char_at(i) {
            if !self.classes.space.has(c) {
                break;
            }
            i += n;
        }
        i
    }

    /// The end of `\s+` at `i`, if there is white space there.
    fn space1(&self, i: usize) -> Option<usize> {
        let e = self.spaces(i);
        (e > i).then_some(e)
    }

    /// The end of `lit` if the text has it at `i` (a byte loop: the literals are a few bytes,
    /// shorter than a call to `memcmp`).
    fn lit(&self, i: usize, lit: &str) -> Option<usize> {
        let hay = self.text.as_bytes().get(i..i + lit.len())?;
        hay.iter()
            .zip(lit.as_bytes())
            .all(|(a, b)| a == b)
            .then_some(i + lit.len())
    }

    /// The end of the capitalised word starting at `i`, if one does.
    fn word(&self, i: usize) -> Option<usize> {
        let (c, n) = self.char_at(i)?;
        if !self.classes.upper.has(c) {
            return None;
        }
        let mut e = i + n;
        while let Some((c, n)) = self.char_at(e) {
            if !self.classes.tail.has(c) {
                break;
            }
            e += n;
        }
        Some(e)
    }

    /// The end of `words` at `i`, separated by white space.
    fn words(&self, i: usize, words: &[&str]) -> Option<usize> {
        let mut at = i;
        for (k, w) in words.iter().enumerate() {
            if k > 0 {
                at = self.space1(at)?;
            }
            at = self.lit(at, w)?;
        }
        Some(at)
    }

    /// `NOUN\s+of\s+WORD` at `i`: the end of the word.
    fn noun_of_word(&self, i: usize) -> Option<usize> {
        NOUNS.iter().find_map(|noun| {
            let at = self.space1(self.lit(i, noun)?)?;
            let at = self.space1(self.lit(at, "of")?)?;
            self.word(at)
        })
    }

    /// `(?:ADJ\s+)?NOUN\s+of\s+WORD` at `i`: the end of the word.
    fn described_word(&self, i: usize) -> Option<usize> {
        if !self.may_describe(i) {
            return None;
        }
        ADJECTIVES
            .iter()
            .find_map(|adj| self.noun_of_word(self.space1(self.lit(i, adj)?)?))
            .or_else(|| self.noun_of_word(i))
    }

    /// Whether an adjective or a noun of a descriptor may start at `i`: its first three bytes
    /// are those of one (checked in a test against the lists).
    fn may_describe(&self, i: usize) -> bool {
        let b = self.text.as_bytes();
        match b.get(i..i + 3) {
            Some(&[x, y, z]) => starts_descriptor(x, y, z),
            _ => false,
        }
    }

    /// Whether the byte at `i` is the first letter of a word in `letters` (a mask made by
    /// [`first_letters`]): a cheap test before the words themselves are tried.
    fn may_start(&self, i: usize, letters: u32) -> bool {
        self.text
            .as_bytes()
            .get(i)
            .is_some_and(|b| b.is_ascii_lowercase() && letters & (1 << (b - b'a')) != 0)
    }

    /// The end of the match starting at `i`, if one does.
    fn match_at(&self, i: usize) -> Option<usize> {
        let first = if !self.place {
            self.word(i)?
        } else if self.text.as_bytes()[i].is_ascii_lowercase() {
            // Only a descriptor starts with a lower-case word.
            self.described_word(i)?
        } else {
            // `WORD\s+` and a descriptor first, else the word alone.
            let w = self.word(i)?;
            self.space1(w).and_then(|at| self.described_word(at)).unwrap_or(w)
        };
        let (links, letters) = match self.place {
            true => (PLACE_LINKS, PLACE_LINK_LETTERS),
            false => (NAME_LINKS, NAME_LINK_LETTERS),
        };
        let mut end = first;
        // `(?:\s+(?:LINK\s+)?WORD)*`, greedy: once a repetition matches, what follows always
        // can (the rest is optional), so no repetition is ever given back.
        while let Some(at) = self.space1(end) {
            let linked = match self.may_start(at, letters) {
                true => links
                    .iter()
                    .find_map(|l| self.word(self.space1(self.words(at, l)?)?)),
                false => None,
            };
            match linked.or_else(|| self.word(at)) {
                Some(e) => end = e,
                None => break,
            }
        }
        if self.place {
            // `(?:\s+SUFFIX(?-u:\b))?`
            if let Some(at) = self.space1(end).filter(|&at| self.may_start(at, SUFFIX_LETTERS)) {
                let bytes = self.text.as_bytes();
                let boundary = |e: usize| {
                    bytes
                        .get(e)
                        .is_none_or(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
                };
                if let Some(e) = SUFFIXES
                    .iter()
                    .find_map(|s| self.words(at, s).filter(|&e| boundary(e)))
                {
                    end = e;
                }
            }
        }
        Some(end)
    }
}

impl Iterator for Runs<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        while i < bytes.len() {
            // Upper-case letters, character boundaries (the regexes match at no other) and
            // the lower-case letters that start a descriptor.
            let may_start = match STARTS[bytes[i] as usize] {
                0 => false,
                1 => true,
                _ => self.place && self.may_describe(i),
            };
            if may_start {
                if let Some(end) = self.match_at(i) {
                    self.at = end;
                    return Some(i..end);
                }
            }
            i += 1;
        }
        self.at = bytes.len();
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn oracle(place: bool) -> Regex {
        Regex::new(&if place { place_regex() } else { name_regex() }).unwrap()
    }

    fn check(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        for place in [true, false] {
            let want: Vec<Range<usize>> = oracle(place).find_iter(text).map(|m| m.range()).collect();
            let got: Vec<Range<usize>> = Runs::new(text, place).collect();
            proptest::prop_assert_eq!(got, want, "place: {}, text: {:?}", place, text);
        }
        Ok(())
    }

    #[test]
    fn the_three_byte_check_knows_the_descriptor_words() {
        for b in 0..=255u8 {
            let first = ADJECTIVES.iter().chain(NOUNS).any(|w| w.as_bytes()[0] == b);
            let want = if b.is_ascii_uppercase() || b >= 0xC0 {
                1
            } else {
                u8::from(first) * 2
            };
            assert_eq!(STARTS[b as usize], want, "{b}");
        }
        let letters = b'a'..=b'z';
        for x in letters.clone() {
            for y in letters.clone() {
                for z in letters.clone() {
                    let listed = ADJECTIVES
                        .iter()
                        .chain(NOUNS)
                        .any(|w| w.as_bytes()[..3] == [x, y, z]);
                    assert_eq!(
                        starts_descriptor(x, y, z),
                        listed,
                        "{}",
                        String::from_utf8_lossy(&[x, y, z])
                    );
                }
            }
        }
    }

    #[test]
    fn places_and_names_as_the_regexes_find_them() {
        for text in [
            "taking place in the Russian city of Vladivostok.",
            "was in September at Russia’s Vostochny cosmodrome.",
            "the port of Wonsan and the port city of Nampo",
            "the ethnicity of Russians in the capital of France",
            "Bank of the Lakes, Bank of The Hague, Bank of the river",
            "Vostochny space centre, Vostochny space centres, Baikonur spaceport",
            "Kim Jong Un met Osama bin Laden and Ludwig van Beethoven at Palais de la Paix.",
            "ÉCOLE Σοφός ǅemal Ⅷ İstanbul e\u{301}Tat A\u{301}bc \u{a0}Paris\u{2003}Texas",
            "Moscow2024 ST. PETERSBURG far-eastern city of Khabarovsk",
        ] {
            check(text).unwrap();
        }
    }

    proptest::proptest! {
        #[test]
        fn places_and_names_are_the_regexes_matches(
            parts in proptest::collection::vec(
                "The|the|Russian|Russia’s|Kim's|city|City|of|of the|of The|the|town|village|region|province|port|capital|coastal|far-eastern|Far-Eastern|island|Vostochny|cosmodrome|space|centre|center|spaceport|launch|site|oblast|krai|airport|palace|square|squares|de|la|del|du|bin|al|van|von|Paris|A|É|é|Σοφός|ǅ|Ⅷ|\u{301}|’|'|\\.|-|,|;|2024|_|x|ex|e|\u{a0}|\u{2003}|\n|\t| ",
                0..14,
            ),
            seps in proptest::collection::vec("| |  |\n|\u{a0}", 14),
        ) {
            let mut text = String::new();
            for (p, s) in parts.iter().zip(&seps) {
                text.push_str(p);
                text.push_str(s);
            }
            check(&text)?;
        }

        #[test]
        fn any_text_gives_the_regexes_matches(text in "\\PC{0,40}") {
            check(&text)?;
        }
    }
}
