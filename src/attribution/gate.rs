//! The verb gate: which sentences of a field hold, as a whole word, one of a set of ASCII words
//! (the key words of the attribution verbs and `source_after` phrases), compared ASCII
//! case-insensitively.
//!
//! The words are in the engine's one automaton (see [`crate::analyze::FieldView::words`]): the
//! gate reads no text of its own. It keeps the occurrences bounded by characters that are not
//! alphanumeric and marks the sentence each starts in. It replaces a byte scan of its own
//! (about 19 instructions per byte of seed text) and, before that, an Aho-Corasick automaton
//! over the same words (the test oracle).

use crate::text::Span;
use std::ops::Range;

/// The only character that is not ASCII and whose lower case is (`K`, the Kelvin sign): a word
/// holding it may lower-case to a key word that an ASCII comparison does not see. The text
/// model notes it while splitting sentences ([`crate::text::TextModel::has_kelvin_sign`]).
#[cfg(test)]
pub(crate) use crate::text::KELVIN_SIGN as KELVIN;

/// The words, lower case, when every one is ASCII letters and digits; `None` otherwise (a
/// caller then passes every sentence).
pub(crate) fn usable<'a>(words: impl IntoIterator<Item = &'a str>) -> Option<Vec<String>> {
    words
        .into_iter()
        .map(|w| {
            (!w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric())).then(|| w.to_ascii_lowercase())
        })
        .collect()
}

/// For each sentence, whether one of the words occurs in it as a whole word: bounded by
/// characters that are not alphanumeric (`char::is_alphanumeric`), equal to the word but for
/// the case of ASCII letters. `hits` are the occurrences the engine found in the folded text,
/// (word, span); the gate's words are those numbered in `ids`. Every sentence passes when the
/// text holds [`KELVIN`] (`kelvin`, from [`crate::text::TextModel::has_kelvin_sign`]).
pub(crate) fn sentences(
    text: &str,
    sentences: &[Span],
    hits: &[(u32, Span)],
    ids: Range<u32>,
    kelvin: bool,
) -> Vec<bool> {
    if kelvin {
        return vec![true; sentences.len()];
    }
    let mut out = vec![false; sentences.len()];
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    for (w, span) in hits {
        // Folding keeps ASCII bytes ASCII and others not, so a hit of an ASCII word is the
        // same letters, in any case, in the text.
        if !ids.contains(w)
            || alnum(text[..span.start].chars().next_back())
            || alnum(text[span.end..].chars().next())
        {
            continue;
        }
        let si = sentences.partition_point(|s| s.end <= span.start);
        if sentences.get(si).is_some_and(|s| s.start <= span.start) {
            out[si] = true;
        }
    }
    out
}
