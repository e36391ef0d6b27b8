//! Quoted speech: the spans of a field inside quotation marks. Words there are someone else's,
//! so opinion wording or a reader-addressing `you` inside them says nothing of the writer.
//! `[quoted_speech]` names the rules whose findings are dropped there.

use super::Ctx;
use crate::analyze::{Analyzer, FieldView, RawFinding};
use crate::ruleset::file::QuotedSpeechDef;
use crate::text::{Span, TextModel};

/// Whether `c` may stand before an opening single quote (start, space, bracket, colon, dash).
fn opens_after(prev: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | ':' | '—' | '–' | '-' | '"' | '“'))
}

/// Whether `c` may follow a closing single quote (end, space, punctuation).
fn closes_before(next: Option<char>) -> bool {
    next.is_none_or(|n| {
        n.is_whitespace()
            || matches!(
                n,
                ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '—' | '–' | '"' | '”'
            )
    })
}

/// The spans inside quotation marks, quotes included: `“…”`, `«…»`, straight `"…"` pairs, and
/// single quotes `‘…’` / `'…'` that open after a space and close before one (so that the
/// apostrophes of `Trump's` and `dogs'` are not taken for quotes). A quotation never runs past
/// its paragraph: an unclosed one ends there.
pub(crate) fn quoted_spans(model: &TextModel) -> Vec<Span> {
    let text = model.text();
    let mut out = Vec::new();
    for para in model.paragraphs() {
        let p = &text[para.clone()];
        let mut open: Option<(usize, char)> = None;
        let mut prev: Option<char> = None;
        let mut chars = p.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let at = para.start + i;
            match (open, c) {
                (None, '“' | '«' | '"') => open = Some((at, c)),
                (None, '‘' | '\'') if opens_after(prev) && next.is_some_and(|n| !n.is_whitespace()) => {
                    open = Some((at, c))
                }
                (Some((s, '“')), '”')
                | (Some((s, '«')), '»')
                | (Some((s, '"')), '"')
                | (Some((s, '‘' | '\'')), '’' | '\'')
                    if c == '”' || c == '»' || c == '"' || closes_before(next) =>
                {
                    out.push(s..at + c.len_utf8());
                    open = None;
                }
                _ => {}
            }
            prev = Some(c);
        }
        if let Some((s, _)) = open {
            out.push(s..para.end);
        }
    }
    out
}

/// `[quoted_speech]`: drops findings of the listed rules inside quotation marks.
#[derive(Debug)]
pub(crate) struct QuotedSpeech {
    rules: Vec<usize>,
}

impl QuotedSpeech {
    pub(crate) fn build(ctx: &mut Ctx, def: QuotedSpeechDef) -> Option<QuotedSpeech> {
        let rules: Vec<Option<usize>> = def.rules.iter().map(|r| ctx.rule(r)).collect();
        Some(QuotedSpeech {
            rules: rules.into_iter().collect::<Option<Vec<_>>>()?,
        })
    }
}

/// Whether `span` lies inside one of `quoted`.
pub(crate) fn inside(quoted: &[Span], span: &Span) -> bool {
    quoted.iter().any(|q| q.start <= span.start && span.end <= q.end)
}

impl Analyzer for QuotedSpeech {
    fn analyze(&self, view: &FieldView<'_, '_>, out: &mut Vec<RawFinding>) {
        let mine = |f: &RawFinding| f.field == view.field && self.rules.contains(&f.rule);
        if !out.iter().any(mine) {
            return;
        }
        let quoted = quoted_spans(view.model);
        out.retain(|f| !mine(f) || !inside(&quoted, &f.span));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        let m = TextModel::new(text);
        quoted_spans(&m).into_iter().map(|s| &text[s]).collect()
    }

    #[test]
    fn quotations_are_found_in_each_style() {
        assert_eq!(
            quoted("He said “I think so” and \"we must\" go."),
            vec!["“I think so”", "\"we must\""]
        );
        assert_eq!(quoted("«Bien» dit-il."), vec!["«Bien»"]);
        assert_eq!(
            quoted("EU tells UK: 'we miss you already'"),
            vec!["'we miss you already'"]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(quoted("Trump's plan and the dogs' toys are Kim’s").is_empty());
        assert_eq!(quoted("The ‘bold’ plan, Trump's aides say"), vec!["‘bold’"]);
    }

    #[test]
    fn an_unclosed_quote_stops_at_its_paragraph() {
        assert_eq!(
            quoted("“I think it will rain.\n\nThe minister left."),
            vec!["“I think it will rain."]
        );
    }
}
