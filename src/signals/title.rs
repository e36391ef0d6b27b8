//! Shouting in titles: an all-caps word among lower-case ones (`inside a SUITCASE`), as opposed
//! to an acronym (`NASA`, `NATO`), a short token (`US`, `EU`: taken for an acronym unless listed
//! as shouting, like `OMG`), a news label before a colon (`BREAKING:`, `JUST IN:`), or a title
//! set in capitals throughout (a house style, not emphasis).
//!
//! The rule named in `[title_caps]` finds every all-caps token of the title; this analysis keeps
//! only the ones that are shouting. The word lists live in the rule file.

use super::Ctx;
use crate::analyze::{Analyzer, FieldView, RawFinding};
use crate::ruleset::file::TitleCapsDef;
use std::collections::HashSet;

/// Filters the all-caps candidates of one rule down to shouting.
#[derive(Debug)]
pub(crate) struct TitleCaps {
    rule: usize,
    min_letters: usize,
    acronyms: HashSet<String>,
    shouting: HashSet<String>,
    labels: HashSet<String>,
}

/// Upper case, apostrophes dropped, white space collapsed: the key the lists are compared by.
fn key(s: &str) -> String {
    s.split_whitespace()
        .map(|w| w.chars().filter(|c| !matches!(c, '\'' | '’')).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

impl TitleCaps {
    pub(crate) fn build(ctx: &mut Ctx, def: TitleCapsDef) -> Option<TitleCaps> {
        let rule = ctx.rule(&def.rule);
        let min_letters = match &def.min_letters {
            Some(v) => ctx.ranged("min_letters", v, 20, "between 1 and 20")?,
            None => 4,
        };
        let set = |list: &[toml::Spanned<String>]| list.iter().map(|s| key(s.get_ref())).collect();
        Some(TitleCaps {
            rule: rule?,
            min_letters,
            acronyms: set(&def.acronyms),
            shouting: set(&def.shouting),
            labels: set(&def.labels),
        })
    }

    /// Whether `token` (an all-caps word of `title`, starting at byte `at`) is shouting.
    fn is_shouting(&self, title: &str, token: &str, at: usize) -> bool {
        let letters = title.chars().filter(|c| c.is_alphabetic()).count();
        let upper = title.chars().filter(|c| c.is_uppercase()).count();
        if letters > 0 && upper * 10 >= letters * 8 {
            return false; // set in capitals throughout
        }
        let mut word = key(token);
        if token.ends_with("'S") || token.ends_with("’S") || token.ends_with("'s") || token.ends_with("’s")
        {
            word.pop(); // possessive `NASA'S`: the apostrophe is already gone from the key
        }
        if self.acronyms.contains(&word) {
            return false;
        }
        let n = word.chars().filter(|c| c.is_alphabetic()).count();
        if n < self.min_letters && !self.shouting.contains(&word) {
            return false;
        }
        if !word
            .chars()
            .any(|c| matches!(c, 'A' | 'E' | 'I' | 'O' | 'U' | 'Y'))
        {
            return false; // no vowel: not a word but letters (`HSBC`, `NSFW`)
        }
        // A kicker: the run of all-caps words that opens the title, ended by a colon, a bar or
        // a dash (`WATCH LIVE:`), or listed as a label (`BREAKING`).
        let kicker_end = title
            .split_whitespace()
            .take_while(|w| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase))
            .map(|w| w.as_ptr() as usize - title.as_ptr() as usize + w.len())
            .last()
            .unwrap_or(0);
        if at < kicker_end {
            let kicker = &title[..kicker_end];
            let rest = title[kicker_end..].trim_start();
            let marked = kicker.ends_with([':', '|']) || rest.starts_with([':', '|', '-', '—', '–']);
            let k = key(kicker.trim_matches(|c: char| !c.is_alphanumeric()));
            if marked || self.labels.contains(&k) {
                return false;
            }
        }
        true
    }
}

impl Analyzer for TitleCaps {
    fn analyze(&self, view: &FieldView<'_, '_>, out: &mut Vec<RawFinding>) {
        let text = view.model.text();
        let title = match &view.title_range {
            Some(r) => r.clone(),
            None => 0..text.len(),
        };
        out.retain(|f| {
            if f.field != view.field
                || f.rule != self.rule
                || f.span.start < title.start
                || f.span.end > title.end
            {
                return true;
            }
            self.is_shouting(
                &text[title.clone()],
                &text[f.span.clone()],
                f.span.start - title.start,
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps() -> TitleCaps {
        let set = |v: &[&str]| v.iter().map(|s| key(s)).collect();
        TitleCaps {
            rule: 0,
            min_letters: 4,
            acronyms: set(&["NASA", "NATO"]),
            shouting: set(&["OMG"]),
            labels: set(&["JUST IN", "BREAKING"]),
        }
    }

    fn shouts(title: &str, token: &str) -> bool {
        let at = title.find(token).unwrap();
        caps().is_shouting(title, token, at)
    }

    #[test]
    fn emphasis_is_shouting_acronyms_are_not() {
        assert!(shouts("Police find a body inside a SUITCASE", "SUITCASE"));
        assert!(!shouts("This is NOT a drill", "NOT")); // three letters: an acronym by default
        assert!(shouts("OMG this cake", "OMG"));
        assert!(!shouts("NASA finds water on Mars", "NASA"));
        assert!(!shouts("NASA's probe reaches Jupiter", "NASA's"));
        assert!(!shouts("NATO allies meet in Brussels", "NATO"));
        assert!(!shouts("US and EU agree on tariffs", "US"));
    }

    #[test]
    fn labels_and_all_caps_titles_are_not_shouting() {
        assert!(!shouts("JUST IN: Senate passes the budget", "JUST"));
        assert!(!shouts("BREAKING: Senate passes the budget", "BREAKING"));
        assert!(!shouts("CBS NEWS POLL SHOWS SUPPORT", "NEWS"));
        assert!(!shouts("WATCH LIVE: Senate votes on the budget", "LIVE"));
        assert!(!shouts("HSBC cuts 100 senior bankers", "HSBC"));
        assert!(shouts("Airbnb guests TRASH home", "TRASH"));
        assert!(shouts("WOW: Senate passes the budget WITHOUT debate", "WITHOUT"));
    }
}
