//! A fast hasher for the short word keys of the analyzers' vocabularies.
//!
//! The standard library's SipHash resists hash flooding, which costs about as much as the rest
//! of a word lookup; the keys hashed here are a rule set's own word lists, looked up with the
//! words of an article, so a multiply-rotate hash over eight bytes at a time is enough.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A word-at-a-time multiply-rotate hasher (not flooding-resistant; see the module docs).
#[derive(Debug, Default, Clone, Copy)]
pub struct WordHasher {
    state: u64,
}

const K: u64 = 0x9e37_79b9_7f4a_7c15;

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.state = (self.state.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.state
    }
}

/// A set of words hashed with [`WordHasher`].
#[cfg_attr(not(test), allow(dead_code))] // the attribution analysis's test oracle
pub type WordSet = HashSet<String, BuildHasherDefault<WordHasher>>;
/// A map from words hashed with [`WordHasher`].
pub type WordMap<V> = HashMap<String, V, BuildHasherDefault<WordHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_find_what_was_put_in_and_nothing_else() {
        let words = ["said", "says", "according", "told", "a", "an", "reportedly", ""];
        let set: WordSet = words.iter().map(|w| w.to_string()).collect();
        for w in words {
            assert!(set.contains(w), "{w}");
        }
        for w in ["sai", "saidd", "Said", "according to", "b"] {
            assert!(!set.contains(w), "{w}");
        }
    }

    #[test]
    fn different_words_hash_apart() {
        let h = |s: &str| {
            let mut x = WordHasher::default();
            x.write(s.as_bytes());
            x.finish()
        };
        assert_ne!(h("said"), h("says"));
        assert_ne!(h("abcdefgh1"), h("abcdefgh2"));
        assert_ne!(h(""), h("a"));
    }
}
