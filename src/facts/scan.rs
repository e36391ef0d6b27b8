//! One scan of a field for every word the fact-file analysis looks for: the `mentions`
//! phrases that put an article in a story, and the gate words of every pattern
//! ([`Template::words`]). Both are in one Aho-Corasick automaton over the folded text, so a
//! field is folded once and read once, however many stories and patterns there are.

use super::template::{follow, Template};
use crate::fold::fold;
use crate::text::Span;

/// Longest gate word that may gate nothing when its pattern has a longer required word (see
/// [`everywhere`]).
const SHORT_WORD: usize = 3;

/// Short words found almost everywhere in English text, on their own or inside longer words
/// (`her` in `other`, `un` in `under`).
const COMMON: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "has", "he", "her", "his", "in", "is", "it",
    "its", "no", "not", "of", "on", "or", "the", "to", "un", "was",
];

/// Whether a gate word is too common to gate: a short word ([`SHORT_WORD`]) of [`COMMON`], or
/// of one letter. Each occurrence would cost a hit, and almost every sentence has one.
pub(crate) fn everywhere(word: &str) -> bool {
    let n = word.chars().count();
    n <= 1 || n <= SHORT_WORD && COMMON.contains(&word)
}

/// What one automaton pattern stands for: a `mentions` phrase, a gate word, or both.
#[derive(Debug, Clone, Default)]
struct Entry {
    /// The (story, `mentions` group) pairs this phrase satisfies; empty for a gate word only.
    groups: Vec<(u32, u32)>,
    /// Whether the phrase starts (ends) with a word character: then a word character just
    /// before (after) it means it is part of a longer word, and it does not count as a mention.
    word_start: bool,
    word_end: bool,
    /// Where in [`Scanner::refs`] the patterns this gate word stands for (with the bit of its
    /// required word, what may follow it, and all the pattern's bits) are (empty for a `mentions` phrase only).
    refs: (u32, u32),
}

/// Which `mentions` groups of each story a text mentions, by story, then group.
pub(crate) type Mentioned = Vec<Vec<bool>>;

/// The fact set's one automaton and what its patterns stand for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scanner {
    automaton: Option<aho_corasick::AhoCorasick>,
    /// The automaton's patterns (folded); `entries[i]` is what `keys[i]` stands for.
    keys: Vec<String>,
    entries: Vec<Entry>,
    /// The (pattern number, bit of the required word, what may follow the word:
    /// [`follow`], the bits of all the pattern's required words) of every gate word, one word's after the other's ([`Entry::refs`]).
    refs: Vec<(u32, u32, u8, u32)>,
    /// For each pattern number: the bits of all its required words (0: no gate words).
    masks: Vec<u32>,
    /// For each pattern number: whether its gate regex starts with its first required word
    /// (bit 0), so its statements start where that word occurs.
    leads: Vec<bool>,
    /// For each pattern number: whether all its gate words are ASCII. Then the words of a
    /// statement are hits of the automaton unless the text has a character that
    /// case-insensitive matching equates with an ASCII letter but folding does not
    /// ([`EXOTIC`]), and their order can be checked.
    ascii: Vec<bool>,
}

/// The characters that case-insensitive regexes equate with an ASCII letter and that folding
/// ([`crate::fold`]) leaves alone: the Kelvin sign (`k`) and the long s (`s`). A test checks
/// the list against `regex-syntax`'s case folding.
pub(crate) const EXOTIC: [char; 2] = ['\u{212A}', '\u{17F}'];

/// The (sentence, pattern number) pairs of a field where a pattern may hold, sorted, each with
/// the offset in the field where its statements can start (the sentence's start, or the
/// first occurrence of the pattern's first word when its statements start with it).
pub(crate) type Pairs = Vec<(u32, u32, usize)>;

impl Scanner {
    /// Numbers every pattern ([`Template::gate`]) in the order given, and puts every
    /// `mentions` phrase of every story (`mentions[story][group]`, folded, with `'`, `’` and
    /// `‘` for each apostrophe) and every gate word in one automaton.
    pub(crate) fn build<'a>(
        mentions: &[Vec<Vec<String>>],
        templates: impl Iterator<Item = &'a mut Template>,
    ) -> Scanner {
        let mut keys: Vec<String> = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        let slot = |key: &str, keys: &mut Vec<String>, entries: &mut Vec<Entry>| -> usize {
            match keys.iter().position(|k| k == key) {
                Some(at) => at,
                None => {
                    keys.push(key.to_string());
                    entries.push(Entry::default());
                    keys.len() - 1
                }
            }
        };
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        for (si, groups) in mentions.iter().enumerate() {
            for (gi, group) in groups.iter().enumerate() {
                for phrase in group {
                    let mut spellings = vec![String::new()];
                    for c in phrase.chars() {
                        let options: &[char] = if c == '\'' { &['\'', '’', '‘'] } else { &[c] };
                        spellings = spellings
                            .iter()
                            .flat_map(|s| options.iter().map(move |o| format!("{s}{o}")))
                            .collect();
                    }
                    for key in spellings {
                        let at = slot(&key, &mut keys, &mut entries);
                        let e = &mut entries[at];
                        e.word_start = phrase.starts_with(is_word);
                        e.word_end = phrase.ends_with(is_word);
                        e.groups.push((si as u32, gi as u32));
                    }
                }
            }
        }
        // What each word stands for, by pattern, before they are laid out one after the other.
        let mut gates: Vec<Vec<(u32, u32, u8, u32)>> = Vec::new();
        let mut masks = Vec::new();
        let mut leads = Vec::new();
        let mut ascii = Vec::new();
        for (id, t) in templates.enumerate() {
            t.gate = id as u32;
            let mut mask = 0;
            // Words found almost everywhere (`in`, `the`, `his`, and inside longer words:
            // `her` in `other`) gate nothing when the pattern has a required word without
            // them. Each occurrence would cost a hit; the gate regex of the pattern checks
            // them anyway. Rarer short words (`go`, `met`, `kim`) gate: each saves the gate
            // regex of a pattern in most sentences that hold its other words.
            let long = |a: &&Vec<String>| !a.iter().any(|w| everywhere(w));
            let required: Vec<&Vec<String>> = match t.words().iter().filter(long).count() {
                0 => t.words().iter().collect(),
                _ => t.words().iter().filter(long).collect(),
            };
            // The first required word is the first word of the gate regex.
            let first = required.first().is_some_and(|r| std::ptr::eq(*r, &t.words()[0]));
            leads.push(t.starts_with_word() && first);
            ascii.push(required.iter().all(|a| a.iter().all(|w| w.is_ascii())));
            for (k, alternatives) in required.into_iter().enumerate() {
                let bit = 1u32 << k;
                mask |= bit;
                // The group's place in the pattern, for what may follow each of its words.
                let g = t
                    .words()
                    .iter()
                    .position(|a| std::ptr::eq(a, alternatives))
                    .unwrap_or(0);
                for (w, &follow) in alternatives.iter().zip(&t.follows()[g]) {
                    let at = slot(w, &mut keys, &mut entries);
                    gates.resize(keys.len(), Vec::new());
                    gates[at].push((id as u32, bit, follow, 0));
                }
            }
            masks.push(mask);
        }
        // Each word's patterns with all their required words' bits, known only now.
        for refs in &mut gates {
            for r in refs.iter_mut() {
                r.3 = masks[r.0 as usize];
            }
        }
        let mut refs = Vec::new();
        gates.resize(keys.len(), Vec::new());
        for (e, g) in entries.iter_mut().zip(&gates) {
            e.refs = (refs.len() as u32, (refs.len() + g.len()) as u32);
            refs.extend_from_slice(g);
        }
        // A few hundred words: the automaton is small, and a DFA is the fastest to run.
        let automaton = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&keys)
            .ok()
            .filter(|_| !keys.is_empty());
        Scanner {
            automaton,
            keys,
            entries,
            refs,
            masks,
            leads,
            ascii,
        }
    }

    /// The words to look for (folded): the engine's scan reports their occurrences by index
    /// in this list, for [`Scanner::scan_hits`].
    pub(crate) fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The occurrences of the scanner's words in `text`, from its own automaton.
    #[cfg(test)]
    pub(crate) fn hits_for_tests(&self, text: &str) -> Vec<(u32, Span)> {
        let folded = fold(text);
        self.automaton
            .as_ref()
            .map(|ac| {
                ac.find_overlapping_iter(folded.as_bytes())
                    .map(|m| (m.pattern().as_u32(), m.range()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// For each pattern number: the bits of all its required words (0 when it has none).
    pub(crate) fn masks(&self) -> &[u32] {
        &self.masks
    }

    /// Nothing mentioned yet, for stories with these `mentions`.
    pub(crate) fn nothing_mentioned<'a>(mentions: impl Iterator<Item = &'a Vec<Vec<String>>>) -> Mentioned {
        mentions.map(|groups| vec![false; groups.len()]).collect()
    }

    /// Scans one field with the scanner's own automaton: see [`Scanner::scan_hits`].
    pub(crate) fn scan(&self, text: &str, sentences: Option<&[Span]>, mentioned: &mut Mentioned) -> Pairs {
        let Some(ac) = &self.automaton else {
            return Pairs::default();
        };
        let folded = fold(text);
        let hits: Vec<(u32, Span)> = ac
            .find_overlapping_iter(folded.as_bytes())
            .map(|m| (m.pattern().as_u32(), m.range()))
            .collect();
        self.scan_hits(text, &hits, sentences, mentioned)
    }

    /// Reads the occurrences of the scanner's words in a field (`hits`: (index in
    /// [`Scanner::keys`], span), in any order): marks in `mentioned` the groups whose phrases it
    /// mentions, and, when its sentences are given, returns the (sentence, pattern number) pairs
    /// where the required words of the pattern occur in the sentence in the pattern's order
    /// (a word counts for the sentence it starts in; each starts after the one before), with
    /// where the pattern's statements can start.
    ///
    /// An occurrence counts only when the character after it may follow the word in a
    /// statement ([`Template::follows`]: `Putin` followed by white space or a comma, `Putin’s`
    /// by an apostrophe); no case-insensitive spelling changes that character.
    ///
    /// The order is a necessary condition of a statement: each word of a pattern follows the
    /// previous one, and each is found by the automaton. The last holds for patterns whose
    /// gate words are ASCII, in a field without an [`EXOTIC`] character; for the others, the
    /// words need only occur.
    pub(crate) fn scan_hits(
        &self,
        text: &str,
        hits: &[(u32, Span)],
        sentences: Option<&[Span]>,
        mentioned: &mut Mentioned,
    ) -> Pairs {
        self.scan_hits_ordered(text, hits, sentences, mentioned, true)
    }

    /// [`Scanner::scan_hits`], checking the order of the words of ASCII patterns and what
    /// follows each word when `ordered`, and only that they occur when not (what the tests
    /// compare with).
    pub(crate) fn scan_hits_ordered(
        &self,
        text: &str,
        hits: &[(u32, Span)],
        sentences: Option<&[Span]>,
        mentioned: &mut Mentioned,
        ordered: bool,
    ) -> Pairs {
        // A few dozen pairs in a news article's body; sized once.
        let mut out = Pairs::with_capacity(if sentences.is_some() { 32 } else { 0 });
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        // (start, word, the class of the character after it).
        let mut gated: Vec<(usize, u32, u8)> =
            Vec::with_capacity(if sentences.is_some() { hits.len() } else { 0 });
        for (w, span) in hits {
            // Other analyzers' words are numbered after these.
            let Some(e) = self.entries.get(*w as usize) else {
                continue;
            };
            if !e.groups.is_empty() {
                // Folding keeps whether a character is a word character, so the text serves.
                let cut_start = e.word_start && text[..span.start].chars().next_back().is_some_and(is_word);
                let cut_end = e.word_end && text[span.end..].chars().next().is_some_and(is_word);
                if !(cut_start || cut_end) {
                    for &(story, group) in &e.groups {
                        mentioned[story as usize][group as usize] = true;
                    }
                }
            }
            if sentences.is_some() && e.refs.0 < e.refs.1 {
                let next = match text.as_bytes().get(span.end) {
                    Some(&b) if b.is_ascii() => follow::of(Some(b as char)),
                    _ => follow::of(text[span.end..].chars().next()),
                };
                // Unordered, every occurrence counts (what the tests compare with).
                gated.push((span.start, *w, if ordered { next } else { follow::ANY }));
            }
        }
        let Some(sentences) = sentences else {
            return out;
        };
        // In text order, sentence by sentence: `seen` holds the bits of the required words of
        // each pattern seen in the sentence, and `bits` those seen in order, each after the one
        // before (the earliest occurrence of each, which leaves the most room for the rest). A
        // pattern may hold where its words are all seen in order, or all seen in a sentence
        // with an `EXOTIC` character (checked only then), or, for a pattern with a non-ASCII
        // gate word, all seen. Only the patterns all of whose words are seen are looked at
        // when a sentence ends (a few of the many its words touch); a pattern's progress
        // belongs to the sentence it was last touched in, and starts afresh in the next.
        if !gated.is_sorted() {
            gated.sort_unstable();
        }
        let mut state = vec![Progress::default(); self.masks.len()];
        // The patterns all of whose words were seen in the current sentence.
        let mut complete: Vec<u32> = Vec::with_capacity(16);
        let mut si = 0;
        let flush = |si: usize, state: &[Progress], complete: &mut Vec<u32>, out: &mut Pairs| {
            let sentence = &sentences[si];
            complete.sort_unstable();
            let mut exotic = None;
            for &t in complete.iter() {
                let p = &state[t as usize];
                let (mask, checked) = (self.masks[t as usize], ordered && self.ascii[t as usize]);
                let from = if checked && p.bits == mask {
                    if self.leads[t as usize] {
                        p.first as usize
                    } else {
                        sentence.start
                    }
                } else if !checked
                    || *exotic
                        .get_or_insert_with(|| EXOTIC.iter().any(|&c| text[sentence.clone()].contains(c)))
                {
                    sentence.start
                } else {
                    continue;
                };
                out.push((si as u32, t, from));
            }
            complete.clear();
        };
        for (start, w, next) in gated {
            if sentences.get(si).is_some_and(|s| s.end <= start) {
                if !complete.is_empty() {
                    flush(si, &state, &mut complete, &mut out);
                }
                si += sentences[si..].partition_point(|s| s.end <= start);
            }
            if sentences.get(si).is_none_or(|s| s.start > start) {
                continue;
            }
            // Sentence numbers from 1, so a pattern never touched has none.
            let epoch = si as u32 + 1;
            let (from, to) = self.entries[w as usize].refs;
            for &(t, bit, may, mask) in &self.refs[from as usize..to as usize] {
                // No statement has the word followed by this character.
                if may & next == 0 {
                    continue;
                }
                let p = &mut state[t as usize];
                if p.epoch != epoch {
                    *p = Progress {
                        epoch,
                        ..Progress::default()
                    };
                }
                if p.seen != mask && p.seen | bit == mask {
                    complete.push(t);
                }
                p.seen |= bit;
                // The next word in order: bits are given in the pattern's order, so the words
                // counted so far are `bit - 1`.
                if bit == p.bits + 1 && (p.bits == 0 || start as u32 > p.last) {
                    if p.bits == 0 {
                        p.first = start as u32;
                    }
                    p.bits |= bit;
                    p.last = start as u32;
                }
            }
        }
        if !complete.is_empty() {
            flush(si, &state, &mut complete, &mut out);
        }
        out
    }
}

/// How far a pattern's required words have been seen in a sentence.
#[derive(Debug, Clone, Copy, Default)]
struct Progress {
    /// The sentence (numbered from 1) this progress is in; 0 before any.
    epoch: u32,
    /// The bits of the required words seen.
    seen: u32,
    /// The bits of the first required words seen in order.
    bits: u32,
    /// Where the first and the last word counted in order start.
    first: u32,
    last: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextModel;

    fn templates() -> Vec<Template> {
        [
            ("Putin ... visit*/travel_to {value}", true),
            ("last/previous meeting ... in/at {value}", true),
            ("first ... in/for {value}", true),
            ("Kim’s/Kim's upcoming visit to Russia", false),
            ("in/at {value}", true),
        ]
        .iter()
        .map(|(p, hole)| Template::new(p, *hole).unwrap())
        .collect()
    }

    /// The (sentence, pattern, from) triples by their definition: every required word (those
    /// with no alternative found [`everywhere`] when the pattern has one) has an alternative that
    /// occurs in the folded text starting inside the sentence (followed, when `ordered`, by a
    /// character its pattern allows there), each after the one before when
    /// `ordered` (the earliest such sequence; `from` is where its first word starts when the
    /// pattern's statements start with it, else the sentence's start).
    fn pairs_by_search(templates: &[Template], text: &str, ordered: bool) -> Pairs {
        let folded = fold(text);
        let model = TextModel::new(text);
        let mut out = Vec::new();
        for (si, s) in model.sentences().iter().enumerate() {
            for (ti, t) in templates.iter().enumerate() {
                let long: Vec<&Vec<String>> = t
                    .words()
                    .iter()
                    .filter(|a| !a.iter().any(|w| everywhere(w)))
                    .collect();
                let required: Vec<&Vec<String>> = if long.is_empty() {
                    t.words().iter().collect()
                } else {
                    long
                };
                // The earliest occurrence of a group starting at or after `after`, followed
                // (when `ordered`) by a character a statement may have after it.
                let next = |alts: &Vec<String>, after: usize| {
                    let g = t.words().iter().position(|a| std::ptr::eq(a, alts)).unwrap();
                    (alts.iter().zip(&t.follows()[g]))
                        .flat_map(|(w, &may)| {
                            folded.match_indices(w.as_str()).filter_map(move |(p, _)| {
                                let after = follow::of(text[p + w.len()..].chars().next());
                                (!ordered || may & after != 0).then_some(p)
                            })
                        })
                        .filter(|&p| p >= after && s.start <= p && p < s.end)
                        .min()
                };
                if required.is_empty() {
                    continue;
                }
                let all_there = required.iter().all(|alts| next(alts, 0).is_some());
                let mut at = Some(0);
                let mut first = None;
                for alts in &required {
                    at = at.and_then(|a| next(alts, a));
                    first = first.or(at);
                    at = at.map(|p| p + 1);
                }
                let leads = t.starts_with_word() && std::ptr::eq(required[0], &t.words()[0]);
                let ascii = required.iter().all(|a| a.iter().all(|w| w.is_ascii()));
                let exotic = text[s.clone()].contains(EXOTIC);
                if at.is_some() && ordered && ascii {
                    out.push((si as u32, ti as u32, if leads { first.unwrap() } else { s.start }));
                } else if all_there && (!ordered || !ascii || exotic) {
                    out.push((si as u32, ti as u32, s.start));
                }
            }
        }
        out
    }

    #[test]
    fn exotic_characters_are_those_case_folding_adds_to_ascii_letters() {
        let mut found = Vec::new();
        for c in ('a'..='z').chain('A'..='Z') {
            let hir = regex_syntax::Parser::new().parse(&format!("(?i){c}")).unwrap();
            if let regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(u)) = hir.kind() {
                for r in u.ranges() {
                    found.extend((r.start()..=r.end()).filter(|c| !c.is_ascii()));
                }
            }
        }
        found.sort();
        found.dedup();
        let mut exotic = EXOTIC.to_vec();
        exotic.sort();
        assert_eq!(found, exotic);
        // Folding leaves them alone, so the automaton does not find `kim` in `Kim` written
        // with a Kelvin sign.
        assert_eq!(fold("\u{212A}im \u{17F}"), "\u{212A}im \u{17F}");
    }

    proptest::proptest! {
        #[test]
        fn the_scan_finds_the_pairs_of_the_definition(
            words in proptest::collection::vec(
                "Putin|PUTIN|visited|travel to|last|Previous|meeting|first|in|at|for|Kim’s|KIM'S|\u{212A}im's|upcoming|visit|to|Russia|\\.|\n\n|,|Mr\\.|the|2000",
                0..30,
            ),
        ) {
            let mut templates = templates();
            let mentions = vec![vec![vec!["putin".to_string()], vec!["russia".to_string(), "kim's".to_string()]]];
            let scanner = Scanner::build(&mentions, templates.iter_mut());
            let text = words.join(" ");
            let model = TextModel::new(&text);
            let mut mentioned = Scanner::nothing_mentioned(mentions.iter());
            let pairs = scanner.scan(&text, Some(model.sentences()), &mut mentioned);
            proptest::prop_assert_eq!(&pairs, &pairs_by_search(&templates, &text, true));
            let unordered = scanner.scan_hits_ordered(&text, &scanner.hits_for_tests(&text), Some(model.sentences()), &mut mentioned.clone(), false);
            proptest::prop_assert_eq!(&unordered, &pairs_by_search(&templates, &text, false));
            // The same from the hits of the engine's automaton, in its order.
            let index = crate::matcher::PhraseIndex::build_with_words(&[], scanner.keys()).unwrap();
            let mut hits = Vec::new();
            index.scan_field(&text, 0, &mut hits, |_, _| {});
            let mut from_engine = Scanner::nothing_mentioned(mentions.iter());
            proptest::prop_assert_eq!(&scanner.scan_hits(&text, &hits, Some(model.sentences()), &mut from_engine), &pairs);
            proptest::prop_assert_eq!(&from_engine, &mentioned);
            let folded = fold(&text);
            proptest::prop_assert_eq!(mentioned[0][0], folded.split(|c: char| !c.is_alphanumeric()).any(|w| w == "putin"));
        }
    }

    #[test]
    fn patterns_are_numbered_in_order_and_short_words_gate_only_alone() {
        let mut templates = templates();
        let scanner = Scanner::build(&[], templates.iter_mut());
        assert_eq!(
            templates.iter().map(|t| t.gate).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        // `in/at` gates the last pattern only, and `to` nothing: the others have rarer words.
        // `Kim’s` gates: `kim` is short but not everywhere.
        assert_eq!(scanner.masks(), [0b11, 0b11, 0b1, 0b1111, 0b1]);
        let text = "They met in Paris. Putin said it was his first visit in years.";
        let model = TextModel::new(text);
        let pairs = scanner.scan(text, Some(model.sentences()), &mut Vec::new());
        let got: Vec<(u32, u32)> = pairs.iter().map(|&(s, t, _)| (s, t)).collect();
        assert_eq!(got, [(0, 4), (1, 0), (1, 2), (1, 4)]);
        // Statements start at the first word: `Putin`, `first`.
        assert_eq!(pairs[1].2, text.find("Putin").unwrap());
        assert_eq!(pairs[2].2, text.find("first").unwrap());
        // Out of order, the words gate nothing: `first` before `Putin`.
        let text = "His first visit, Putin said.";
        let model = TextModel::new(text);
        let pairs = scanner.scan(text, Some(model.sentences()), &mut Vec::new());
        assert!(!pairs.iter().any(|&(_, t, _)| t == 0), "{pairs:?}");
    }
}
