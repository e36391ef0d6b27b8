//! The verb gate: which sentences of a field hold, as a whole word, one of a set of ASCII words
//! (the key words of the attribution verbs and `source_after` phrases), compared ASCII
//! case-insensitively.
//!
//! One pass over the field's bytes, a table lookup per byte: each run of letters and digits is
//! looked up in a hash set only when a key word has its length, first letter and last letter
//! (two bit tables). It replaces an Aho-Corasick automaton over the same words (the test
//! oracle), which cost about three times as much.

use crate::hash::WordHasher;
use crate::text::Span;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

/// The only character that is not ASCII and whose lower case is (`K`, the Kelvin sign): a word
/// holding it may lower-case to a key word that an ASCII comparison does not see.
pub(crate) const KELVIN: char = '\u{212A}';

/// The longest key word the gate takes.
const MAX_LEN: usize = 31;

/// Whether each byte is an ASCII letter or digit.
const ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Whether the character at byte `i` of `text` (a boundary) is alphanumeric, and its length.
/// The General Punctuation block (U+2000 to U+203F: `’`, `“`, `—`), the bulk of the non-ASCII
/// characters of news text, is answered without decoding.
pub(crate) fn alnum_at(text: &str, i: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    match bytes[i] {
        b if b < 0x80 => (b.is_ascii_alphanumeric(), 1),
        0xE2 if bytes.get(i + 1) == Some(&0x80) => (false, 3),
        _ => {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        }
    }
}

/// Finds the sentences that hold one of its words; see the module docs.
#[derive(Debug, Clone)]
pub(crate) struct WordGate {
    /// The words, lower case.
    words: HashSet<Box<[u8]>, BuildHasherDefault<WordHasher>>,
    /// For each lower-case first byte: bit `n` set when a word of `n` bytes starts with it.
    firsts: [u32; 256],
    /// For each lower-case last byte: bit `n` set when a word of `n` bytes ends with it.
    lasts: [u32; 256],
}

impl WordGate {
    /// A gate for `words`; `None` unless every word is 1 to 31 ASCII letters and digits (a
    /// caller then passes every sentence).
    pub(crate) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Option<Self> {
        let mut gate = WordGate {
            words: HashSet::default(),
            firsts: [0; 256],
            lasts: [0; 256],
        };
        for w in words {
            let ok = (1..=MAX_LEN).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_alphanumeric());
            if !ok {
                return None;
            }
            let w = w.to_ascii_lowercase().into_bytes();
            gate.firsts[usize::from(w[0])] |= 1 << w.len();
            gate.lasts[usize::from(w[w.len() - 1])] |= 1 << w.len();
            gate.words.insert(w.into_boxed_slice());
        }
        Some(gate)
    }

    /// For each sentence, whether one of the words occurs in it as a whole word: bounded by
    /// characters that are not alphanumeric (`char::is_alphanumeric`), equal to the word but
    /// for the case of ASCII letters. Every sentence passes when the text holds [`KELVIN`].
    pub(crate) fn sentences(&self, text: &str, sentences: &[Span]) -> Vec<bool> {
        let mut out = vec![false; sentences.len()];
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut kelvin = false;
        let mut si = 0;
        let mut i = 0;
        'runs: while i < n {
            if bytes[i] < 0x80 && !ALNUM[usize::from(bytes[i])] {
                i += 1;
                continue;
            }
            // A run of letters and digits starts at `i` unless `i` holds another non-ASCII
            // character; `ascii` notes whether it is all ASCII.
            let start = i;
            let mut ascii = true;
            loop {
                while i < n && ALNUM[usize::from(bytes[i])] {
                    i += 1;
                }
                if i == n || bytes[i] < 0x80 {
                    break;
                }
                let (alnum, len) = alnum_at(text, i);
                kelvin |= text[i..].starts_with(KELVIN);
                if !alnum {
                    if i == start {
                        i += len;
                        continue 'runs;
                    }
                    break;
                }
                ascii = false;
                i += len;
            }
            if ascii && self.holds(&bytes[start..i]) {
                si += sentences[si..].partition_point(|s| s.end <= start);
                if sentences.get(si).is_some_and(|s| s.start <= start) {
                    out[si] = true;
                }
            }
        }
        if kelvin {
            out.fill(true);
        }
        out
    }

    /// Whether the ASCII run `run` is one of the words, ignoring ASCII case.
    fn holds(&self, run: &[u8]) -> bool {
        let len = run.len();
        if len > MAX_LEN
            || self.firsts[usize::from(run[0].to_ascii_lowercase())] & (1 << len) == 0
            || self.lasts[usize::from(run[len - 1].to_ascii_lowercase())] & (1 << len) == 0
        {
            return false;
        }
        let mut low = [0u8; MAX_LEN];
        low[..len].copy_from_slice(run);
        low[..len].make_ascii_lowercase();
        self.words.contains(&low[..len])
    }
}
