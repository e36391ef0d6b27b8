//! Analyses of the signal families that vocabulary alone cannot express: which all-caps title
//! words are shouting ([`title`]), how dense opinion wording is ([`density`]), explained
//! anonymity replacing plain anonymity in a sentence ([`supersede`]) and the byline credit
//! from an article's metadata ([`credits`]).
//!
//! Each analysis is configured by a table in the rule files (`[title_caps]`,
//! `[opinion_density]`, `[[supersede]]`; see `docs/signals.md`) and built here, once, when the
//! engine is built. The vocabulary itself (phrases, regexes, acronym lists) stays in the rule
//! files.

mod credits;
mod density;
mod quotes;
mod supersede;
mod title;

use crate::analyze::Analyzer;
use crate::category::Category;
use crate::ruleset::file::{DensityDef, QuotedSpeechDef, SupersedeDef, TitleCapsDef};
use crate::ruleset::{LoadError, Rule, RuleError, RuleErrorKind, RuleSource};
use std::ops::Range;
use toml::Spanned;

/// The signal tables of one rule file, as parsed when the rule set was compiled.
#[derive(Debug)]
pub(crate) struct SignalDefs {
    pub supersede: Vec<Spanned<SupersedeDef>>,
    pub title_caps: Option<Spanned<TitleCapsDef>>,
    pub quoted_speech: Option<Spanned<QuotedSpeechDef>>,
    pub opinion_density: Option<Spanned<DensityDef>>,
}

/// Builds the analyses configured in the signal tables `defs` (each with the index of its
/// source in `sources`) for the compiled `rules` (indices into them). Problems (an unknown rule
/// id, a value out of range) are reported with their location.
pub(crate) fn analyzers(
    sources: &[RuleSource],
    defs: Vec<(usize, SignalDefs)>,
    rules: &[Rule],
) -> Result<Vec<Box<dyn Analyzer>>, LoadError> {
    let mut out: Vec<Box<dyn Analyzer>> = Vec::new();
    let mut errors = Vec::new();
    for (index, file) in defs {
        let source = &sources[index];
        let mut ctx = Ctx {
            source,
            rules,
            errors: &mut errors,
        };
        for def in file.supersede {
            if let Some(a) = supersede::Supersede::build(&mut ctx, def.into_inner()) {
                out.push(Box::new(a));
            }
        }
        if let Some(def) = file.title_caps {
            if let Some(a) = title::TitleCaps::build(&mut ctx, def.into_inner()) {
                out.push(Box::new(a));
            }
        }
        if let Some(def) = file.quoted_speech {
            if let Some(a) = quotes::QuotedSpeech::build(&mut ctx, def.into_inner()) {
                out.push(Box::new(a));
            }
        }
        if let Some(def) = file.opinion_density {
            if let Some(a) = density::Density::build(&mut ctx, def.into_inner()) {
                out.push(Box::new(a));
            }
        }
    }
    if !errors.is_empty() {
        return Err(LoadError::Invalid(errors));
    }
    if let Some(a) = credits::BylineCredit::build(rules) {
        out.push(Box::new(a));
    }
    Ok(out)
}

/// The source being read and where its problems go.
pub(crate) struct Ctx<'a> {
    source: &'a RuleSource,
    rules: &'a [Rule],
    errors: &'a mut Vec<RuleError>,
}

impl Ctx<'_> {
    fn err(&mut self, span: Range<usize>, kind: RuleErrorKind) {
        self.errors
            .push(RuleError::at(&self.source.origin, &self.source.text, span, kind));
    }

    /// The index of the enabled rule with this id, or a located error.
    fn rule(&mut self, id: &Spanned<String>) -> Option<usize> {
        let found = self.rules.iter().position(|r| r.id == *id.get_ref());
        if found.is_none() {
            self.err(
                id.span(),
                RuleErrorKind::UnknownValue {
                    key: "rule",
                    value: id.get_ref().clone(),
                    expected: "the id of a rule in the rule set".into(),
                },
            );
        }
        found
    }

    fn category(&mut self, name: &Spanned<String>) -> Option<Category> {
        let c = name.get_ref().parse::<Category>().ok();
        if c.is_none() {
            let expected = Category::ALL
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ");
            self.err(
                name.span(),
                RuleErrorKind::UnknownCategory {
                    name: name.get_ref().clone(),
                    expected,
                },
            );
        }
        c
    }

    fn ranged(
        &mut self,
        key: &'static str,
        v: &Spanned<i64>,
        max: i64,
        expected: &'static str,
    ) -> Option<usize> {
        crate::ruleset::compile::check_range(key, v, 1..=max, expected)
            .map(|x| x as usize)
            .map_err(|kind| self.err(v.span(), kind))
            .ok()
    }
}
