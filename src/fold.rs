//! Case folding that keeps byte offsets: every character is replaced by its lower-case form when
//! that form is one character of the same UTF-8 length, and left alone otherwise. The folded
//! text therefore has exactly the same byte offsets as the original, so matches found in it are
//! spans of the original without any mapping. Line terminators and tabs fold to a space, so a
//! phrase also matches across a line break.

/// Folds `text` for case-insensitive phrase matching, keeping every byte offset.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        let bytes: Vec<u8> = text.bytes().map(|b| fold_char(b as char) as u8).collect();
        // Every ASCII byte folds to an ASCII byte, so the result is valid UTF-8.
        return String::from_utf8(bytes).unwrap_or_default();
    }
    text.chars().map(fold_char).collect()
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
    fn variants_cover_typographic_apostrophes() {
        let v = variants("You won't believe");
        assert!(v.contains(&"You won’t believe".to_string()));
        assert_eq!(variants("plain").len(), 1);
    }
}
