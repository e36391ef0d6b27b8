//! Slot values: finding candidates of a kind in a sentence (places, dates, spans of time,
//! counts, ordinals), normalising them, and deciding whether two values are compatible.

use super::capitalised;
use super::numbers::{self, Interval};
use once_cell::sync::Lazy;
use regex::Regex;
use std::ops::Range;

/// What kind of value a slot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A place (`Vladivostok`, `the Vostochny Cosmodrome`, `Russia’s Far East`).
    Place,
    /// A person or organisation (`Kim Jong Il`).
    Name,
    /// A date: a year, a month, or both (`2000`, `July 2000`, `September`).
    Date,
    /// A span of time (`24 years`, `over two decades`).
    Years,
    /// A count (`24`, `twenty-four`, `about 300`).
    Count,
    /// An ordinal (`second`, `24th`).
    Ordinal,
}

impl Kind {
    /// The names used in fact files, with their kinds.
    pub const NAMES: &'static [(&'static str, Kind)] = &[
        ("place", Kind::Place),
        ("name", Kind::Name),
        ("date", Kind::Date),
        ("years", Kind::Years),
        ("count", Kind::Count),
        ("ordinal", Kind::Ordinal),
    ];
}

/// A normalised value.
#[derive(Debug, Clone, PartialEq)]
pub enum Norm {
    /// Significant words of a place or name, lower case.
    Words(Vec<String>),
    /// A date's parts; `None` where the text does not say.
    Date {
        /// Day of the month (only with a month).
        day: Option<u8>,
        /// 1–12.
        month: Option<u8>,
        /// The year.
        year: Option<i32>,
    },
    /// An amount, possibly approximate.
    Amount(Interval),
    /// An ordinal.
    Ordinal(u32),
}

pub(super) const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Capitalised words that start sentences or name days rather than places or people; shared
/// with story grouping (`super::grouping`), which skips them as salient names too.
pub(super) const FUNCTION_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "the",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "his",
    "her",
    "their",
    "its",
    "a",
    "an",
    "in",
    "at",
    "on",
    "after",
    "before",
    "mr",
    "mrs",
    "ms",
    "dr",
    "but",
    "and",
    "while",
    "as",
];

/// More words that are never names in a slot value (on top of [`FUNCTION_WORDS`]).
const NOT_NAMES: &[&str] = &["our", "during", "if", "when"];

/// Generic place nouns dropped before comparing (`Vostochny Cosmodrome` = `Vostochny space
/// centre` = `Vostochny`).
const GENERIC_PLACE_WORDS: &[&str] = &[
    "cosmodrome",
    "spaceport",
    "space",
    "centre",
    "center",
    "launch",
    "site",
    "city",
    "town",
    "region",
    "province",
    "oblast",
    "krai",
    "territory",
    "the",
    "of",
];

const MONTH_RE: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)";

static DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:\d{{1,2}}(?:st|nd|rd|th)?(?:[-–]\d{{1,2}})?\s+(?:of\s+)?{MONTH_RE}(?:,?\s+(?:1[6-9]\d\d|20\d\d))?|{MONTH_RE}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?(?:[-–]\d{{1,2}})?)?(?:,?\s+(?:of\s+)?(?:1[6-9]\d\d|20\d\d))?|(?:1[6-9]\d\d|20\d\d))(?-u:\b)"
    ))
    .expect("date regex")
});

static YEARS_UNIT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:years?|decades?|century|centuries)(?-u:\b)").expect("unit regex")
});

static NUMBER_WORD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:\d[\d,]*(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)(?-u:\b)")
        .expect("number regex")
});

static ORDINAL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:\d+(?:st|nd|rd|th)|(?:twenty|thirty|forty|fifty)[-\s](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth)(?-u:\b)")
        .expect("ordinal regex")
});

/// Every candidate value of `kind` in `text`, as (span, normalised value), in text order.
/// Places and names come without their normal form (`None`): [`norm_of`] gives it when a
/// pattern takes the candidate, and drops it when it is no value after all.
#[cfg(test)]
pub fn candidates(kind: Kind, text: &str) -> Vec<(Range<usize>, Option<Norm>)> {
    candidates_from(kind, text, 0)
}

/// The candidates of [`candidates`] read from [`restart_before`]`(text, at)` on, in order:
/// every one that starts at or after `at`, and perhaps a few before it (those that start
/// from the restart on; for spans of time, those whose unit does). Read from
/// that point on only (a point no candidate of the whole text runs across), so a statement
/// whose value can only start late in a sentence costs the rest of the sentence only. Counts
/// and ordinals, whose words run across lower-case words (`twenty one`), are read from the
/// start. A property test compares it with [`candidates`].
pub fn candidates_after(kind: Kind, text: &str, at: usize) -> Vec<(Range<usize>, Option<Norm>)> {
    let from = match kind {
        Kind::Count | Kind::Ordinal => 0,
        _ => restart_before(text, at),
    };
    candidates_from(kind, text, from)
}

/// The candidates of `text` from `from` on (a point no candidate runs across: 0, or
/// [`restart_before`]), the text before it serving as look-behind.
fn candidates_from(kind: Kind, text: &str, from: usize) -> Vec<(Range<usize>, Option<Norm>)> {
    match kind {
        Kind::Place | Kind::Name => {
            let runs = match kind {
                Kind::Place => capitalised::places_from(text, from),
                _ => capitalised::names_from(text, from),
            };
            runs.map(|mut span| {
                // A sentence-initial `The Kremlin`: drop the article.
                for lead in ["The ", "THE "] {
                    if text[span.clone()].starts_with(lead) {
                        span.start += lead.len();
                    }
                }
                let s = text[span.clone()].trim_end_matches(['.', '-', '\'', '’']);
                // Normalised only when a pattern takes it (see `norm_of`): most capitalised
                // words of a sentence are no slot's value.
                (span.start..span.start + s.len(), None)
            })
            .collect()
        }
        Kind::Date => matches_from(&DATE, text, from)
            .filter_map(|m| Some((m.range(), Some(parse(kind, m.as_str())?))))
            .collect(),
        Kind::Years => {
            let mut out = Vec::new();
            for unit in matches_from(&YEARS_UNIT, text, from) {
                // The longest run of up to six words before the unit that reads as an amount.
                let before = &text[..unit.start()];
                // Only an amount can come right before the unit (`24`, `four`, `a`, `of`).
                if !numbers::amount_may_end(before) {
                    continue;
                }
                let starts = word_starts_before(before, 6);
                let Some(&far) = starts.last() else {
                    continue;
                };
                // The words once; each start reads the ones from it on, farthest first.
                let (at, words) = numbers::words_at(&text[far..unit.end()]);
                let best = starts.iter().rev().find_map(|&s| {
                    let from = at.partition_point(|&o| o < s - far);
                    let iv = numbers::years_of(&words[from..])?;
                    Some((s..unit.end(), Some(Norm::Amount(iv))))
                });
                out.extend(best);
            }
            out
        }
        Kind::Count => matches_from(&NUMBER_WORD, text, from)
            .filter_map(|m| Some((m.range(), Some(parse(kind, m.as_str())?))))
            .collect(),
        Kind::Ordinal => matches_from(&ORDINAL, text, from)
            .filter_map(|m| Some((m.range(), Some(parse(kind, m.as_str())?))))
            .collect(),
    }
}

/// The matches of `re` in `text` from `from` on, as `find_iter` finds them (none of these
/// regexes matches the empty string, so each search starts where the last match ended).
fn matches_from<'t>(re: &'t Regex, text: &'t str, mut from: usize) -> impl Iterator<Item = regex::Match<'t>> {
    std::iter::from_fn(move || {
        let m = re.find_at(text, from)?;
        from = m.end();
        Some(m)
    })
}

/// Where to start reading the places, names, dates and spans of time of `text` to find
/// every one that starts at or after `at`: the start of a word, the one `at` is in or one of
/// the four before it, that starts with a lower-case ASCII letter after ASCII white space
/// and that no place, name or date holds after white space ([`capitalised::may_join`]; it
/// covers the `of` of dates). No place, name or date runs across the start of such a word
/// (their other words start with a capital or a digit), nor does a span of time's unit (one
/// word), from which the span is read back. 0 when there is none.
pub fn restart_before(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
    let word_start = |mut i: usize| {
        while i > 0 && !space(b[i - 1]) {
            i -= 1;
        }
        i
    };
    let mut start = word_start(at.min(b.len()));
    for _ in 0..5 {
        if start == 0 {
            return 0;
        }
        if b.get(start).is_some_and(u8::is_ascii_lowercase) && !capitalised::may_join(&b[start..]) {
            return start;
        }
        // The word before.
        let mut end = start;
        while end > 0 && space(b[end - 1]) {
            end -= 1;
        }
        start = word_start(end);
    }
    0
}

/// The starts of the last `n` words of `before` (a word: a run of non-white-space), nearest
/// first; walks back from the end only, so each unit costs the words it looks at.
fn word_starts_before(before: &str, n: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(n);
    let mut chars = before.char_indices().rev().peekable();
    while out.len() < n {
        // skip white space, then walk back over one word
        while chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
        let mut start = None;
        while let Some((i, _)) = chars.next_if(|&(_, c)| !c.is_whitespace()) {
            start = Some(i);
        }
        match start {
            Some(i) => out.push(i),
            None => break,
        }
    }
    out
}

/// The normal form of a candidate that [`candidates`] left to be normalised on use (places
/// and names); `None` when it is no value of the kind after all.
pub fn norm_of(kind: Kind, text: &str) -> Option<Norm> {
    words(text, kind)
}

/// Normalises a value written in a fact file (or found in text) as `kind`.
pub fn parse(kind: Kind, text: &str) -> Option<Norm> {
    let t = text.trim();
    match kind {
        Kind::Place | Kind::Name => words(t, kind),
        Kind::Date => {
            let lower = t.to_lowercase();
            let month = lower
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.len() >= 3)
                .find_map(|w| MONTHS.iter().position(|m| m.starts_with(w)))
                .map(|i| i as u8 + 1);
            let year = lower
                .split(|c: char| !c.is_ascii_digit())
                .find(|d| d.len() == 4)
                .and_then(|d| d.parse().ok());
            let day = month.and_then(|_| {
                lower
                    .split(|c: char| !c.is_ascii_digit())
                    .find(|d| (1..=2).contains(&d.len()))
                    .and_then(|d| d.parse().ok())
                    .filter(|d| (1..=31).contains(d))
            });
            (month.is_some() || year.is_some()).then_some(Norm::Date { day, month, year })
        }
        Kind::Years => numbers::years(t).map(Norm::Amount),
        Kind::Count => numbers::count(&t.replace(',', "")).map(Norm::Amount),
        Kind::Ordinal => numbers::ordinal(t).map(Norm::Ordinal),
    }
}

/// The significant words of a place or name: lower case, apostrophes straightened, the head
/// after `city of` or a possessive (`Russia’s Far East` → `far east`), generic place nouns
/// dropped. `None` when nothing is left or the words name a time rather than a place.
///
/// Runs on every candidate a pattern takes, so the common case is cheap: ASCII text is
/// lower-cased in one copy, and the `… of` descriptors are looked for only when `of ` occurs
/// (every one of them contains it). A property test compares it with the first version.
fn words(text: &str, kind: Kind) -> Option<Norm> {
    let lower = if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        let l = text.to_lowercase();
        if l.contains('’') {
            l.replace('’', "'")
        } else {
            l
        }
    };
    let mut head = lower.strip_prefix("the ").unwrap_or(&lower);
    if contains(head, b"of ") {
        for marker in DESCRIBED {
            if let Some(i) = head.rfind(marker) {
                head = &head[i + marker.len()..];
            }
        }
        for marker in ["city of ", "town of ", "region of ", "capital of "] {
            if let Some(rest) = head.strip_prefix(marker) {
                head = rest;
            }
        }
    }
    if kind == Kind::Place && contains(head, b"'s ") {
        if let Some(i) = head.rfind("'s ") {
            head = &head[i + 3..];
        }
    }
    let head = head.trim_end_matches("'s").trim_end_matches('\'');
    let mut all: Vec<String> = head
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let first = all.first()?;
    if FUNCTION_WORDS.contains(&first.as_str())
        || NOT_NAMES.contains(&first.as_str())
        || MONTHS.contains(&first.as_str()) && all.len() == 1
    {
        return None;
    }
    if kind == Kind::Place {
        // Generic place nouns dropped, unless nothing else is left.
        let generic = |w: &String| GENERIC_PLACE_WORDS.contains(&w.as_str());
        if !all.iter().all(generic) {
            all.retain(|w| !generic(w));
        }
    }
    Some(Norm::Words(all))
}

/// The descriptors whose last occurrence starts the head of a place or name (`the Russian
/// city of Vladivostok` → `vladivostok`), in the order they are cut.
const DESCRIBED: [&str; 8] = [
    " city of ",
    " town of ",
    " village of ",
    " region of ",
    " province of ",
    " port of ",
    " capital of ",
    " island of ",
];

/// Whether `needle` (a few bytes) occurs in `hay`: cheaper than a substring searcher's set-up
/// on the short texts of a candidate.
fn contains(hay: &str, needle: &[u8]) -> bool {
    hay.as_bytes().windows(needle.len()).any(|w| w == needle)
}

/// Whether two values can both be true of the same thing: a place and a part of it (`Far
/// East` and `Russian Far East`), a month and a full date in it, overlapping amounts.
pub fn compatible(a: &Norm, b: &Norm) -> bool {
    match (a, b) {
        (Norm::Words(x), Norm::Words(y)) => {
            x.iter().all(|w| y.contains(w)) || y.iter().all(|w| x.contains(w))
        }
        (
            Norm::Date {
                day: d1,
                month: m1,
                year: y1,
            },
            Norm::Date {
                day: d2,
                month: m2,
                year: y2,
            },
        ) => {
            fn agree<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
                a.is_none() || b.is_none() || a == b
            }
            agree(d1, d2) && agree(m1, m2) && agree(y1, y2)
        }
        (Norm::Amount(x), Norm::Amount(y)) => x.overlaps(y),
        (Norm::Ordinal(x), Norm::Ordinal(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The years candidates as first written: each of up to six starts before a unit read on
    /// its own, the farthest that reads as an amount kept.
    fn years_by_starts(text: &str) -> Vec<(Range<usize>, Option<Norm>)> {
        let mut out = Vec::new();
        for unit in YEARS_UNIT.find_iter(text) {
            let mut best = None;
            for s in word_starts_before(&text[..unit.start()], 6) {
                if let Some(iv) = numbers::years(&text[s..unit.end()]) {
                    best = Some((s..unit.end(), Some(Norm::Amount(iv))));
                }
            }
            out.extend(best);
        }
        out
    }

    /// [`words`] as first written: the oracle for the faster one.
    fn words_as_first_written(text: &str, kind: Kind) -> Option<Norm> {
        let lower = text.to_lowercase().replace('’', "'");
        let mut head = lower.strip_prefix("the ").unwrap_or(&lower);
        for marker in DESCRIBED {
            if let Some(i) = head.rfind(marker) {
                head = &head[i + marker.len()..];
            }
        }
        for marker in ["city of ", "town of ", "region of ", "capital of "] {
            if let Some(rest) = head.strip_prefix(marker) {
                head = rest;
            }
        }
        if kind == Kind::Place {
            if let Some(i) = head.rfind("'s ") {
                head = &head[i + 3..];
            }
        }
        let head = head.trim_end_matches("'s").trim_end_matches('\'');
        let all: Vec<String> = head
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
            .filter(|w| !w.is_empty())
            .collect();
        let first = all.first()?;
        if FUNCTION_WORDS.contains(&first.as_str())
            || NOT_NAMES.contains(&first.as_str())
            || MONTHS.contains(&first.as_str()) && all.len() == 1
        {
            return None;
        }
        let significant: Vec<String> = if kind == Kind::Place {
            all.iter()
                .filter(|w| !GENERIC_PLACE_WORDS.contains(&w.as_str()))
                .cloned()
                .collect()
        } else {
            all.clone()
        };
        Some(Norm::Words(if significant.is_empty() {
            all
        } else {
            significant
        }))
    }

    proptest::proptest! {
        #[test]
        fn words_are_those_of_the_first_version(
            parts in proptest::collection::vec(
                "The|the|THE|Russian|city|City|of|town|village|region|province|port|capital|island|Russia’s|Russia's|Kim's|’s|'s|Far|East|Vostochny|Cosmodrome|space|centre|launch|site|September|Monday|He|Our|ΣΟΦΟΣ|İstanbul|-|–|'|’|\\.|,| |  |\n|of the|de|La|x",
                0..10,
            ),
            place in proptest::bool::ANY,
        ) {
            let text = parts.join(" ");
            let kind = if place { Kind::Place } else { Kind::Name };
            proptest::prop_assert_eq!(words(&text, kind), words_as_first_written(&text, kind));
            let glued = parts.concat();
            proptest::prop_assert_eq!(words(&glued, kind), words_as_first_written(&glued, kind));
        }
    }

    proptest::proptest! {
        #[test]
        fn candidates_read_from_a_restart_are_those_read_from_the_start(
            words in proptest::collection::vec(
                "in|at|on|of|the|The|of the|de|la|bin|al|van|port|capital|city|town|region|island|space|centre|launch|site|square|cosmodrome|far-eastern|eastern|Russian|Russia’s|Vostochny|Far|East|Kim|Jong|Un|North|Korea|Vladivostok|City|13|September|2023|July|20th|of July|Sept\\.|24|twenty|one|first|years|decades|century|a|quarter|nearly|over|visit|was|last|met|meeting|,|\\.|–|-|\n|  |électricité|Île",
                0..20,
            ),
            at in 0usize..200,
        ) {
            let text = words.join(" ");
            let at = (at.min(text.len())..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap();
            let from = restart_before(&text, at);
            proptest::prop_assert!(from <= at);
            for kind in [Kind::Place, Kind::Name, Kind::Date, Kind::Years, Kind::Count, Kind::Ordinal] {
                let (all, got) = (candidates(kind, &text), candidates_after(kind, &text, at));
                // Some of them, in the same order: each from where the last one was.
                let mut rest = all.iter();
                for c in &got {
                    proptest::prop_assert!(rest.any(|a| a == c), "{:?}: {:?} not in {:?}", kind, c, all);
                }
                // Every one that starts at or after `at`; for all but spans of time (read
                // back from their unit), exactly those from the restart on.
                let late: Vec<_> = all.iter().filter(|(s, _)| s.start >= at).collect();
                proptest::prop_assert!(late.iter().all(|c| got.contains(c)), "{:?} from {}", kind, from);
                if matches!(kind, Kind::Place | Kind::Name | Kind::Date) {
                    let want: Vec<_> = all.iter().filter(|(s, _)| s.start >= from).cloned().collect();
                    proptest::prop_assert_eq!(got, want, "{:?} from {}", kind, from);
                }
            }
        }

        #[test]
        fn years_read_from_words_split_once_are_those_read_from_each_start(
            words in proptest::collection::vec(
                "24|twenty-four|Twenty|four|a|A|couple|of|few|half|quarter|century|nearly|more|than|over|about|almost|at|least|the|last|in|years|YEARS|year|decades|,|–|first|ΣΟΦΟΣ|\n",
                0..14,
            ),
        ) {
            let text = words.join(" ");
            proptest::prop_assert_eq!(candidates(Kind::Years, &text), years_by_starts(&text));
        }
    }

    #[test]
    fn word_starts_walk_back_from_the_end() {
        let s = "It has been  nearly two ";
        let got = word_starts_before(s, 3);
        let words: Vec<&str> = got
            .iter()
            .map(|&i| s[i..].split_whitespace().next().unwrap())
            .collect();
        assert_eq!(words, ["two", "nearly", "been"]);
        assert_eq!(word_starts_before("  one", 6), vec![2]);
        assert!(word_starts_before("   ", 6).is_empty());
        assert_eq!(word_starts_before("a b c d e f g h", 6).len(), 6);
    }

    fn texts(kind: Kind, text: &str) -> Vec<String> {
        candidates(kind, text)
            .into_iter()
            .filter(|(s, n)| n.is_some() || norm_of(kind, &text[s.clone()]).is_some())
            .map(|(s, _)| text[s].to_string())
            .collect()
    }

    #[test]
    fn places_keep_descriptors_and_possessives_in_the_span() {
        assert_eq!(
            texts(Kind::Place, "taking place in the Russian city of Vladivostok."),
            vec!["Russian city of Vladivostok"]
        );
        assert_eq!(
            texts(Kind::Place, "was in September at Russia’s Vostochny cosmodrome."),
            vec!["Russia’s Vostochny cosmodrome"]
        );
        let p = |s| parse(Kind::Place, s).unwrap();
        assert_eq!(
            p("Russian city of Vladivostok"),
            Norm::Words(vec!["vladivostok".into()])
        );
        assert_eq!(
            p("Russia’s Vostochny cosmodrome"),
            Norm::Words(vec!["vostochny".into()])
        );
        assert!(compatible(
            &p("Vostochny Cosmodrome"),
            &p("the Vostochny space centre")
        ));
        assert!(compatible(&p("Russia's Far East"), &p("Russian Far East")));
        assert!(!compatible(&p("Vladivostok"), &p("Vostochny Cosmodrome")));
        assert_eq!(parse(Kind::Place, "September"), None);
        assert_eq!(parse(Kind::Place, "Tuesday"), None);
    }

    #[test]
    fn dates_compare_by_the_parts_they_give() {
        let d = |s| parse(Kind::Date, s).unwrap();
        assert!(compatible(&d("2000"), &d("July 2000")));
        assert!(compatible(&d("September"), &d("September 2023")));
        assert!(!compatible(&d("July 2000"), &d("June 2000")));
        assert!(!compatible(&d("2000"), &d("2001")));
        assert!(compatible(&d("July 20, 1969"), &d("20 July 1969")));
        assert!(!compatible(&d("21 July 1969"), &d("20 July 1969")));
        assert!(compatible(&d("July 1969"), &d("20 July 1969")));
        assert_eq!(
            texts(Kind::Date, "met on 13 September 2023 and in 2019"),
            vec!["13 September 2023", "2019"]
        );
        assert!(texts(Kind::Date, "they may meet").is_empty());
    }

    #[test]
    fn spans_of_time_take_the_longest_amount() {
        assert_eq!(
            texts(Kind::Years, "his first trip to the country in over two decades."),
            vec!["over two decades"]
        );
        assert_eq!(
            texts(Kind::Years, "for the first time in 24 years"),
            vec!["24 years"]
        );
        assert_eq!(
            texts(Kind::Years, "in nearly a quarter century"),
            vec!["nearly a quarter century"]
        );
        assert!(texts(Kind::Years, "in recent years").is_empty());
    }

    #[test]
    fn ordinals_and_counts() {
        assert_eq!(texts(Kind::Ordinal, "his second visit"), vec!["second"]);
        let c = |s| parse(Kind::Count, s).unwrap();
        assert!(compatible(&c("twenty-four"), &c("24")));
        assert!(!compatible(&c("25"), &c("24")));
    }
}
