//! Numbers as news text writes them: digits and words (`24`, `twenty-four`), ordinals
//! (`first`, `24th`, `twenty-fourth`) and approximate amounts of time (`over two decades`,
//! `nearly a quarter century`). An approximate amount becomes an interval of values it is
//! compatible with, so `over two decades` agrees with 24 years and `20 years` does not.

use std::borrow::Cow;

/// An inclusive interval of values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Smallest value meant.
    pub lo: f64,
    /// Largest value meant.
    pub hi: f64,
}

impl Interval {
    /// The interval holding one value.
    pub fn point(v: f64) -> Interval {
        Interval { lo: v, hi: v }
    }

    /// Whether the two intervals share a value.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.lo <= other.hi + 1e-9 && other.lo <= self.hi + 1e-9
    }
}

const UNITS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: &[&str] = &[
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const UNIT_ORDINALS: &[&str] = &[
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];
const TENS_ORDINALS: &[&str] = &[
    "",
    "",
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
];

/// What separates words besides white space (`twenty-four`, `1,000 years` is not read).
const WORD_BREAKS: [char; 3] = ['-', '–', ','];

fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .replace(WORD_BREAKS, " ")
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// The words of `text` as [`years`] reads them, and for each the byte offset in `text` of the
/// run of non-white-space it comes from. The words of `text[o..]`, for such an offset `o`,
/// are the ones from `o` on: lower-casing and splitting never reach across white space.
///
/// A word already in lower-case ASCII is borrowed, other ASCII words are lower-cased one by
/// one; a property test compares the words with those [`words`] gives for each run.
pub(crate) fn words_at(text: &str) -> (Vec<usize>, Vec<Cow<'_, str>>) {
    // Up to seven runs (six words and a unit), most of one word.
    let (mut at, mut out) = (Vec::with_capacity(8), Vec::with_capacity(8));
    for (s, run) in runs(text) {
        if run.is_ascii() {
            // Lower-casing ASCII keeps every break where it is: split first, then lower-case
            // only the words that need it.
            for w in run.split(WORD_BREAKS).filter(|w| !w.is_empty()) {
                at.push(s);
                out.push(match w.bytes().any(|b| b.is_ascii_uppercase()) {
                    true => Cow::Owned(w.to_ascii_lowercase()),
                    false => Cow::Borrowed(w),
                });
            }
        } else {
            for w in words(run) {
                at.push(s);
                out.push(Cow::Owned(w));
            }
        }
    }
    (at, out)
}

/// The runs of non-white-space of `text`, with their offsets.
fn runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .filter(|r| !r.is_empty())
        .map(move |r| (r.as_ptr() as usize - text.as_ptr() as usize, r))
}

#[cfg(test)]
/// A cardinal number written in digits or words, below 1000 (`24`, `twenty-four`,
/// `twenty four`, `a hundred`).
pub fn cardinal(text: &str) -> Option<u32> {
    cardinal_words(&words(text))
}

fn cardinal_words<S: AsRef<str>>(w: &[S]) -> Option<u32> {
    match w {
        [] => None,
        [d] => {
            let d = d.as_ref();
            match d.chars().all(|c| c.is_ascii_digit()) {
                true => d.parse().ok(),
                false => small(d),
            }
        }
        [a, b] if a.as_ref() == "a" || a.as_ref() == "one" => (b.as_ref() == "hundred").then_some(100),
        [t, u] => {
            let t = TENS.iter().position(|x| *x == t.as_ref()).filter(|&i| i >= 2)?;
            let u = UNITS
                .iter()
                .position(|x| *x == u.as_ref())
                .filter(|&i| (1..10).contains(&i))?;
            Some((t * 10 + u) as u32)
        }
        _ => None,
    }
}

fn small(w: &str) -> Option<u32> {
    if let Some(i) = UNITS.iter().position(|x| *x == w) {
        return Some(i as u32);
    }
    if let Some(i) = TENS.iter().position(|x| *x == w).filter(|&i| i >= 2) {
        return Some(i as u32 * 10);
    }
    match w {
        "a" | "an" => Some(1),
        "dozen" => Some(12),
        "hundred" => Some(100),
        _ => None,
    }
}

/// Whether the last word of `before` (the text before a unit of time) can end an amount
/// (`24`, `four`, `a`, `of`, `few`…): [`years`] reads nothing else there, so a unit after any
/// other word needs no further look.
pub fn amount_may_end(before: &str) -> bool {
    let brk = |c: char| c.is_whitespace() || WORD_BREAKS.contains(&c);
    let head = before.trim_end_matches(brk);
    let last = head
        .rfind(brk)
        .map_or(head, |i| head[i..].trim_start_matches(brk));
    may_end_amount(&last.to_lowercase())
}

/// Whether `word` (lower case) can end the amount before a unit of time.
fn may_end_amount(word: &str) -> bool {
    (!word.is_empty() && word.chars().all(|c| c.is_ascii_digit()))
        || small(word).is_some()
        || matches!(word, "of" | "few" | "several" | "half" | "couple" | "quarter")
}

/// An ordinal written in digits or words (`1st`, `24th`, `first`, `twenty-fourth`).
pub fn ordinal(text: &str) -> Option<u32> {
    let w = words(text);
    match w.as_slice() {
        [d] if d.len() > 2 && d.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
            let num = d.trim_end_matches(|c: char| !c.is_ascii_digit());
            let suffix = &d[num.len()..];
            let n: u32 = num.parse().ok()?;
            let expected = match (n % 100, n % 10) {
                (11..=13, _) => "th",
                (_, 1) => "st",
                (_, 2) => "nd",
                (_, 3) => "rd",
                _ => "th",
            };
            (suffix == expected).then_some(n)
        }
        [u] => UNIT_ORDINALS
            .iter()
            .position(|x| x == u)
            .or_else(|| {
                TENS_ORDINALS
                    .iter()
                    .position(|x| x == u)
                    .filter(|&i| i >= 2)
                    .map(|i| i * 10)
            })
            .map(|i| i as u32)
            .filter(|&n| n > 0),
        [t, u] => {
            let t = TENS.iter().position(|x| x == t).filter(|&i| i >= 2)?;
            let u = UNIT_ORDINALS
                .iter()
                .position(|x| x == u)
                .filter(|&i| (1..10).contains(&i))?;
            Some((t * 10 + u) as u32)
        }
        _ => None,
    }
}

/// How a qualifier widens an amount.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Qualifier {
    Exact,
    Over,
    Under,
    About,
    AtLeast,
}

/// Qualifiers of an amount, each as its words.
const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["just", "over"], Qualifier::Over),
    (&["more", "than"], Qualifier::Over),
    (&["over"], Qualifier::Over),
    (&["upwards", "of"], Qualifier::Over),
    (&["upward", "of"], Qualifier::Over),
    (&["in", "excess", "of"], Qualifier::Over),
    (&["nearly"], Qualifier::Under),
    (&["almost"], Qualifier::Under),
    (&["close", "to"], Qualifier::Under),
    (&["just", "under"], Qualifier::Under),
    (&["under"], Qualifier::Under),
    (&["less", "than"], Qualifier::Under),
    (&["not", "quite"], Qualifier::Under),
    (&["about"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["at", "least"], Qualifier::AtLeast),
    (&["the", "past"], Qualifier::Exact),
    (&["the", "last"], Qualifier::Exact),
];

/// A span of time in years, as an interval: `24 years`, `twenty-four years`, `over two
/// decades` (20–30), `nearly a quarter century` (20–25), `half a century`, `a decade`.
/// `None` when the words are not an amount of time.
pub fn years(text: &str) -> Option<Interval> {
    years_of(&words(text))
}

/// [`years`] of a text already split into words ([`words_at`]).
pub(crate) fn years_of<S: AsRef<str>>(w: &[S]) -> Option<Interval> {
    let (unit, rest) = w.split_last()?;
    let unit = match unit.as_ref() {
        "year" | "years" => 1.0,
        "decade" | "decades" => 10.0,
        "century" | "centuries" => 100.0,
        _ => return None,
    };
    let (qualifier, rest) = qualifier(rest);
    // No amount below is longer than four words (`a quarter of a`).
    if rest.len() > 4 {
        return None;
    }
    // The words as a fixed-size array, to match phrases without joining them (a word holds
    // no white space, so words equal exactly when their joined texts do).
    let mut phrase = [""; 4];
    for (p, w) in phrase.iter_mut().zip(rest) {
        *p = w.as_ref();
    }
    // The amount, and how wide the phrase is by itself (`two decades` ≈ 20–29).
    let (amount, spread) = match &phrase[..rest.len()] {
        ["a", "couple", "of"] | ["a", "couple"] | ["couple", "of"] => (2.0, unit - 1.0),
        ["a", "few"] => (3.0, 2.0 * unit),
        ["several"] => (3.0, 6.0 * unit),
        ["half", "a"] | ["a", "half"] => (0.5, 0.1 * unit),
        ["a", "quarter"] | ["a", "quarter", "of", "a"] | ["quarter", "of", "a"] | ["quarter"] => (0.25, 0.0),
        _ => {
            let n = cardinal_words(rest)? as f64;
            (n, if unit > 1.0 { unit - 1.0 } else { 0.0 })
        }
    };
    let v = amount * unit;
    let base = if amount == 0.25 && unit == 100.0 {
        Interval { lo: 23.0, hi: 27.0 }
    } else {
        Interval {
            lo: v,
            hi: v + spread,
        }
    };
    Some(match qualifier {
        Qualifier::Exact => base,
        Qualifier::Over => Interval {
            lo: v,
            hi: (v * 1.5).max(base.hi),
        },
        Qualifier::Under => Interval { lo: v * 0.8, hi: v },
        Qualifier::About => Interval {
            lo: v * 0.85,
            hi: (v * 1.15).max(base.hi),
        },
        Qualifier::AtLeast => Interval {
            lo: v,
            hi: f64::INFINITY,
        },
    })
}

fn qualifier<S: AsRef<str>>(w: &[S]) -> (Qualifier, &[S]) {
    for (q, kind) in QUALIFIERS {
        let n = q.len();
        if w.len() > n && w[..n].iter().zip(*q).all(|(a, b)| a.as_ref() == *b) {
            return (*kind, &w[n..]);
        }
    }
    (Qualifier::Exact, w)
}

/// A plain count (`24`, `twenty-four`, `about 300`) as an interval.
pub fn count(text: &str) -> Option<Interval> {
    let w = words(text);
    let (q, rest) = qualifier(&w);
    let digits: String = rest.concat();
    let v = if rest.len() == 1 && digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
        digits.parse::<f64>().ok()?
    } else {
        cardinal_words(rest)? as f64
    };
    Some(match q {
        Qualifier::Exact => Interval::point(v),
        Qualifier::Over => Interval { lo: v, hi: v * 1.5 },
        Qualifier::Under => Interval { lo: v * 0.8, hi: v },
        Qualifier::About => Interval {
            lo: v * 0.85,
            hi: v * 1.15,
        },
        Qualifier::AtLeast => Interval {
            lo: v,
            hi: f64::INFINITY,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`words_at`] by its definition: [`words`] of each run of non-white-space.
    fn words_at_by_runs(text: &str) -> (Vec<usize>, Vec<String>) {
        let (mut at, mut out) = (Vec::new(), Vec::new());
        for (i, c) in text.char_indices() {
            let starts = !c.is_whitespace() && text[..i].chars().next_back().is_none_or(char::is_whitespace);
            if starts {
                let run = text[i..].split(char::is_whitespace).next().unwrap_or("");
                for w in words(run) {
                    at.push(i);
                    out.push(w);
                }
            }
        }
        (at, out)
    }

    proptest::proptest! {
        #[test]
        fn words_at_are_the_words_of_each_run(
            parts in proptest::collection::vec("Twenty|four|-|–|,|A|quarter|ΣΟΦΟΣ|İ|24|\\.| |  |\n|\u{a0}|x", 0..12),
        ) {
            let text = parts.concat();
            let (at, words) = words_at(&text);
            let words: Vec<String> = words.into_iter().map(|w| w.into_owned()).collect();
            proptest::prop_assert_eq!((at, words), words_at_by_runs(&text));
        }
    }

    #[test]
    fn every_amount_years_reads_ends_with_a_word_that_may_end_one() {
        for text in [
            "24 years",
            "twenty-four years",
            "twenty four years",
            "over two decades",
            "nearly a quarter century",
            "a quarter of a century",
            "a couple of years",
            "a few years",
            "several decades",
            "half a century",
            "a hundred years",
            "about 300 years",
        ] {
            assert!(years(text).is_some(), "{text}");
            let w = words(text);
            assert!(may_end_amount(&w[w.len() - 2]), "{text}");
        }
        for word in ["the", "many", "last", "24th", "(24", "recent"] {
            assert!(!may_end_amount(word), "{word}");
        }
        assert!(amount_may_end("it has been twenty-four "));
        assert!(amount_may_end("over two "));
        assert!(amount_may_end("a quarter of a "));
        assert!(!amount_may_end("in recent "));
    }

    fn has(text: &str, v: f64) -> bool {
        years(text)
            .unwrap_or_else(|| panic!("{text:?} not parsed"))
            .overlaps(&Interval::point(v))
    }

    #[test]
    fn cardinals_in_digits_and_words() {
        assert_eq!(cardinal("24"), Some(24));
        assert_eq!(cardinal("twenty-four"), Some(24));
        assert_eq!(cardinal("Twenty four"), Some(24));
        assert_eq!(cardinal("seventeen"), Some(17));
        assert_eq!(cardinal("forty"), Some(40));
        assert_eq!(cardinal("twenty-twelve"), None);
        assert_eq!(cardinal("many"), None);
    }

    #[test]
    fn ordinals_in_digits_and_words() {
        assert_eq!(ordinal("first"), Some(1));
        assert_eq!(ordinal("24th"), Some(24));
        assert_eq!(ordinal("twenty-fourth"), Some(24));
        assert_eq!(ordinal("twentieth"), Some(20));
        assert_eq!(ordinal("22nd"), Some(22));
        assert_eq!(ordinal("11th"), Some(11));
        assert_eq!(ordinal("22th"), None);
        assert_eq!(ordinal("four"), None);
        assert_eq!(ordinal("1éa"), None);
        assert_eq!(ordinal("2ndé"), None);
    }

    #[test]
    fn approximate_spans_of_time_agree_with_the_true_value() {
        for text in [
            "24 years",
            "twenty-four years",
            "over two decades",
            "more than two decades",
            "more than 20 years",
            "nearly a quarter century",
            "almost a quarter of a century",
            "a quarter-century",
            "about 25 years",
            "two decades",
        ] {
            assert!(has(text, 24.0), "{text} should agree with 24");
        }
        for text in [
            "20 years",
            "30 years",
            "a decade",
            "three decades",
            "half a century",
            "nearly two decades",
        ] {
            assert!(!has(text, 24.0), "{text} should not agree with 24");
        }
        assert!(has("half a century", 50.0));
        assert!(has("a couple of decades", 24.0));
        assert_eq!(years("the years"), None);
        assert_eq!(years("many years"), None);
        // The longest amounts: a three-word qualifier and four words.
        assert!(years("in excess of a quarter of a century").is_some_and(|i| i.lo == 25.0));
        assert_eq!(years("first visit to the country in five years"), None);
    }

    #[test]
    fn counts_with_qualifiers() {
        assert_eq!(count("300"), Some(Interval::point(300.0)));
        assert!(count("about 300").unwrap().overlaps(&Interval::point(320.0)));
        assert!(!count("300").unwrap().overlaps(&Interval::point(320.0)));
    }
}
