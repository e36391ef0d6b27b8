//! Case folding that keeps byte offsets: every character is replaced by its lower-case form when
//! that form is one character of the same UTF-8 length, and left alone otherwise. The folded
//! text therefore has exactly the same byte offsets as the original, so matches found in it are
//! spans of the original without any mapping. Line terminators and tabs fold to a space, so a
//! phrase also matches across a line break.

/// Folds `text` for case-insensitive phrase matching, keeping every byte offset.
pub fn fold(text: &str) -> String {
    // Folding maps whole characters to characters of the same UTF-8 length, so the bytes stay
    // valid UTF-8; the check cannot fail.
    String::from_utf8(fold_bytes(text)).unwrap_or_default()
}

/// Folds `text` into a byte buffer (the automaton searches bytes).
pub fn fold_bytes(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Folds `text` into `out`, replacing its contents: one copy, then one pass over the ASCII bytes
/// that the compiler turns into vector code, then a pass over the rare non-ASCII characters.
pub fn fold_into(text: &str, out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(text.as_bytes());
    for b in out.iter_mut() {
        let x = *b;
        let upper = x.wrapping_sub(b'A') < 26;
        let space = x == b'\n' || x == b'\r' || x == b'\t';
        *b = if upper {
            x | 0x20
        } else if space {
            b' '
        } else {
            x
        };
    }
    if !text.is_ascii() {
        let mut i = 0;
        while let Some(at) = next_non_ascii(out, i) {
            let c = text[at..].chars().next().unwrap_or(' ');
            let f = fold_char(c);
            if f != c {
                f.encode_utf8(&mut out[at..at + c.len_utf8()]);
            }
            i = at + c.len_utf8();
        }
    }
}

/// The position of the first byte at or after `from` that is not ASCII, eight bytes at a time.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        if word & HIGH != 0 {
            return Some(i + (word & HIGH).trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    bytes[i.min(bytes.len())..]
        .iter()
        .position(|&b| b >= 0x80)
        .map(|p| i + p)
}

/// Folds one character: white-space controls to a space, letters to lower case when the lower
/// case has the same UTF-8 length.
pub fn fold_char(c: char) -> char {
    match c {
        '\n' | '\r' | '\t' => ' ',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        }
    }
}

/// The spelling variants a phrase is matched under: as written, and with typographic
/// apostrophes and quotes swapped for straight ones and back, and `...` for `…` and back.
pub fn variants(phrase: &str) -> Vec<String> {
    let mut out = vec![phrase.to_string()];
    // Most phrases hold none of these: `'`, `"`, `.`, or the lead byte of `’`, `“`, `”`, `…`.
    if !phrase.bytes().any(|b| matches!(b, b'\'' | b'"' | b'.' | 0xE2)) {
        return out;
    }
    let swaps: &[(&str, &str)] = &[("'", "’"), ("\"", "“"), ("\"", "”"), ("...", "…")];
    for (a, b) in swaps {
        let mut more = Vec::new();
        for v in &out {
            if v.contains(a) {
                more.push(v.replace(a, b));
            }
            if v.contains(b) {
                more.push(v.replace(b, a));
            }
        }
        for m in more {
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_of_phrases_without_quotes_or_dots_are_the_phrase() {
        for p in [
            "leave a reply",
            "naïve café",
            "“quoted”",
            "it’s",
            "don't",
            "wait...",
            "so…",
            "a.b",
        ] {
            let mut want = vec![p.to_string()];
            for (a, b) in [("'", "’"), ("\"", "“"), ("\"", "”"), ("...", "…")] {
                for v in want.clone() {
                    for w in [v.replace(a, b), v.replace(b, a)] {
                        if !want.contains(&w) {
                            want.push(w);
                        }
                    }
                }
            }
            assert_eq!(variants(p), want, "{p}");
        }
        assert_eq!(variants("leave a reply"), ["leave a reply"]);
    }

    #[test]
    fn folding_keeps_offsets() {
        for s in [
            "Ähnliche BEITRÄGE",
            "İstanbul ẞ Σ",
            "Leave a\r\nReply",
            "日本語 ＡＢＣ",
        ] {
            let f = fold(s);
            assert_eq!(f.len(), s.len());
            for (a, b) in s.char_indices().zip(f.char_indices()) {
                assert_eq!(a.0, b.0);
            }
        }
        assert_eq!(fold("Ähnliche BEITRÄGE"), "ähnliche beiträge");
        assert_eq!(fold("Leave a\nReply"), "leave a reply");
    }

    #[test]
    fn byte_folding_agrees_with_char_folding() {
        for s in [
            "Ähnliche BEITRÄGE\r\n\tX",
            "İstanbul ẞ Σ “Q” AZaz@[`{",
            "日本語 ＡＢＣ",
            "",
        ] {
            let by_char: String = s.chars().map(fold_char).collect();
            assert_eq!(fold_bytes(s), by_char.into_bytes(), "{s:?}");
        }
    }

    #[test]
    fn variants_cover_typographic_apostrophes() {
        let v = variants("You won't believe");
        assert!(v.contains(&"You won’t believe".to_string()));
        assert_eq!(variants("plain").len(), 1);
    }
}
