//! Validation and compilation of parsed rule files into [`Rule`]s and a [`ScoringPolicy`].
//!
//! Every problem is collected with its location, so a user fixing a rule file sees all of them
//! at once rather than one per run.

use super::error::{LoadError, Location, RuleError, RuleErrorKind};
use super::file::{RuleDef, RuleFile, ScoringDef};
use super::overrides;
use super::{
    Example, FieldScope, LinePosition, ListSpec, Matcher, PatternError, Phrase, RegexCompiler, Rule,
    RuleRegex, RuleSource, Scope,
};
use crate::attribution::{check_rescue, compile_attribution, AttributionConfig};
use crate::category::{Category, Severity};
use crate::limits::Limits;
use crate::scoring::ScoringPolicy;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use toml::Spanned;

/// The analyses a rule can name with `analyzer = "…"`.
pub const ANALYZERS: &[&str] = &[
    crate::facts::FACT_FILE,
    crate::facts::BATCH,
    crate::facts::SELF_CONTRADICTION,
    crate::attribution::NAMED_SOURCE,
];

/// The compiled content of a rule set: its rules and its score policy.
#[derive(Debug)]
pub struct Compiled {
    /// All rules, enabled or not, in source order.
    pub rules: Vec<Rule>,
    /// The score policy.
    pub scoring: ScoringPolicy,
    /// The `[attribution]` table, if the rule set has one.
    pub attribution: Option<AttributionConfig>,
    /// Stories, facts, slots and consensus settings.
    pub facts: crate::facts::FactSet,
    /// The signal tables of each source (by index), for `signals::analyzers`: each file is
    /// parsed once.
    pub signals: Vec<(usize, crate::signals::SignalDefs)>,
}

/// Context for one source file while it is being validated.
struct Ctx<'a> {
    origin: &'a str,
    text: &'a str,
    errors: &'a mut Vec<RuleError>,
    /// Compiles the file's regexes (one for the whole rule set).
    regexes: &'a RegexCompiler,
    /// The file's line breaks, to locate spans quickly.
    lines: Vec<usize>,
}

impl Ctx<'_> {
    fn err(&mut self, span: Range<usize>, kind: RuleErrorKind) {
        self.errors
            .push(RuleError::at(self.origin, self.text, span, kind));
    }

    fn loc(&self, span: Range<usize>) -> Location {
        Location::with_lines(self.origin, self.text, &self.lines, span.start, span.end)
    }
}

/// Parses one source into its schema, mapping TOML errors to located rule errors.
pub fn parse(source: &RuleSource) -> Result<RuleFile, RuleError> {
    toml::from_str::<RuleFile>(&source.text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        // The parser's message may span lines ("invalid escape sequence\nexpected `b`, …"):
        // keep it on one line of the diagnostic.
        let message = e
            .message()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ")
            .replace("expected i64", "expected an integer")
            .replace("expected f64", "expected a number");
        // toml reports schema problems (unknown field, wrong type, missing key) through the
        // same error type as syntax problems; tell them apart by serde's wording, which starts
        // the message.
        let schema = [
            "unknown field",
            "missing field",
            "duplicate field",
            "invalid type",
            "invalid value",
            "invalid length",
            "unknown variant",
            "empty language key",
        ]
        .iter()
        .any(|w| message.starts_with(w));
        let kind = if schema {
            let array = message.contains("expected a sequence")
                && source
                    .text
                    .get(span.clone())
                    .is_some_and(|t| t.starts_with("[rule]"));
            let message = match array {
                true => format!("{message}: write `[[rule]]` (an array of tables), not `[rule]`"),
                false => message,
            };
            RuleErrorKind::Schema { message }
        } else {
            RuleErrorKind::Syntax {
                message: lower_first(&message),
            }
        };
        RuleError::at(&source.origin, &source.text, span, kind)
    })
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Validates and compiles every source into one rule set, with the default [`Limits`].
#[allow(dead_code)]
pub fn compile(sources: &[RuleSource]) -> Result<Compiled, LoadError> {
    compile_with(sources, &Limits::default())
}

/// Validates and compiles every source into one rule set, within `limits`.
pub fn compile_with(sources: &[RuleSource], limits: &Limits) -> Result<Compiled, LoadError> {
    let mut errors = Vec::new();
    let mut rules: Vec<Rule> = Vec::new();
    let mut scoring: Option<(ScoringPolicy, Location)> = None;
    let mut seen: HashMap<String, Location> = HashMap::new();
    let mut pending = Vec::new();
    let mut attribution: Option<(AttributionConfig, Location)> = None;
    let mut facts = crate::facts::Builder::default();
    let mut signals = Vec::new();
    let regexes = RegexCompiler::new(limits.max_regex_bytes, limits.max_regex_dfa_bytes);
    for (index, source) in sources.iter().enumerate() {
        if source.text.len() > limits.max_rule_file_bytes {
            let at = crate::limits::floor_char_boundary(&source.text, limits.max_rule_file_bytes);
            let kind = RuleErrorKind::FileTooLarge {
                size: source.text.len(),
                limit: limits.max_rule_file_bytes,
            };
            errors.push(RuleError::at(&source.origin, &source.text, at..at, kind));
            continue;
        }
        let file = match parse(source) {
            Ok(f) => f,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        signals.push((
            index,
            crate::signals::SignalDefs {
                supersede: file.supersede,
                title_caps: file.title_caps,
                quoted_speech: file.quoted_speech,
                opinion_density: file.opinion_density,
            },
        ));
        pending.push(overrides::Pending {
            origin: &source.origin,
            text: &source.text,
            overrides: file.overrides,
            verdict: file.verdict,
        });
        let mut ctx = Ctx {
            origin: &source.origin,
            text: &source.text,
            errors: &mut errors,
            regexes: &regexes,
            lines: super::error::line_breaks(&source.text),
        };
        for def in file.rule {
            let span = def.span();
            let def = def.into_inner();
            let id_span = def.id.span();
            if let Some(rule) = compile_rule(&mut ctx, def, span) {
                if let Some(first) = seen.get(&rule.id) {
                    ctx.err(
                        id_span,
                        RuleErrorKind::DuplicateId {
                            id: rule.id.clone(),
                            first: first.to_string(),
                        },
                    );
                    continue;
                }
                seen.insert(rule.id.clone(), rule.location.clone());
                rules.push(rule);
            }
        }
        facts.add_file(source, file.story, file.slot, file.consensus, ctx.errors);
        if let Some(def) = file.scoring {
            let span = def.span();
            if let Some((_, first)) = &scoring {
                let first = first.to_string();
                ctx.err(span, RuleErrorKind::DuplicateScoring { first });
            } else if let Some(policy) = compile_scoring(&mut ctx, def.into_inner()) {
                scoring = Some((policy, ctx.loc(span)));
            }
        }
        if let Some(def) = file.attribution {
            let span = def.span();
            if let Some((_, first)) = &attribution {
                let message = format!("`[attribution]` is already set at {first}; a rule set has one");
                ctx.err(span, RuleErrorKind::Schema { message });
            } else if let Some(cfg) = compile_attribution(ctx.origin, ctx.text, def.into_inner(), ctx.errors)
            {
                attribution = Some((cfg, ctx.loc(span)));
            }
        }
    }
    if let Some((cfg, _)) = &attribution {
        check_rescue(cfg, &rules, &mut errors);
    }
    overrides::apply(pending, &mut rules, scoring.as_mut().map(|(p, _)| p), &mut errors);
    let facts = facts.finish(&rules, &mut errors);
    if scoring.is_none() && errors.is_empty() {
        let origin = sources.first().map_or("<rules>", |s| s.origin.as_str());
        errors.push(RuleError::at(origin, "", 0..0, RuleErrorKind::MissingScoring));
    }
    if !errors.is_empty() {
        return Err(LoadError::Invalid(errors));
    }
    let (scoring, _) = scoring.expect("checked above");
    let attribution = attribution.map(|(cfg, _)| cfg);
    Ok(Compiled {
        rules,
        scoring,
        attribution,
        facts,
        signals,
    })
}

fn one_of<T: Copy>(
    ctx: &mut Ctx,
    key: &'static str,
    value: Option<Spanned<String>>,
    default: T,
    table: &[(&str, T)],
) -> Option<T> {
    let Some(v) = value else {
        return Some(default);
    };
    if let Some((_, t)) = table.iter().find(|(n, _)| *n == v.get_ref()) {
        return Some(*t);
    }
    let expected = table
        .iter()
        .map(|(n, _)| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    ctx.err(
        v.span(),
        RuleErrorKind::UnknownValue {
            key,
            value: v.get_ref().clone(),
            expected,
        },
    );
    None
}

fn expected_categories() -> String {
    Category::ALL
        .iter()
        .filter(|c| **c != Category::Input)
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn category(ctx: &mut Ctx, name: &Spanned<String>) -> Option<Category> {
    match name.get_ref().parse::<Category>() {
        // `input` is reserved for the engine's own findings (an article cut at a limit).
        Ok(c) if c != Category::Input => Some(c),
        _ => {
            ctx.err(
                name.span(),
                RuleErrorKind::UnknownCategory {
                    name: name.get_ref().clone(),
                    expected: expected_categories(),
                },
            );
            None
        }
    }
}

fn valid_id(id: &str, category: Category) -> bool {
    let Some(rest) = id
        .strip_prefix(category.as_str())
        .and_then(|r| r.strip_prefix('/'))
    else {
        return false;
    };
    !rest.is_empty()
        && rest.split('/').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Checks a number from a rule file against its allowed range; the error names the key, the
/// range and the value, for the caller to locate at the value's span.
pub(crate) fn check_range(
    key: &'static str,
    v: &Spanned<i64>,
    range: std::ops::RangeInclusive<i64>,
    expected: &'static str,
) -> Result<i64, RuleErrorKind> {
    let x = *v.get_ref();
    if range.contains(&x) {
        Ok(x)
    } else {
        Err(RuleErrorKind::OutOfRange {
            key,
            expected,
            found: x.to_string(),
        })
    }
}

fn ranged(
    ctx: &mut Ctx,
    key: &'static str,
    v: &Spanned<i64>,
    range: std::ops::RangeInclusive<i64>,
    expected: &'static str,
) -> Option<i64> {
    check_range(key, v, range, expected)
        .map_err(|kind| ctx.err(v.span(), kind))
        .ok()
}

/// Compiles a regex written in a rule file, locating syntax errors inside the pattern.
#[allow(dead_code)]
pub(crate) fn compile_regex(
    ctx_origin: &str,
    ctx_text: &str,
    pattern: &Spanned<String>,
) -> Result<RuleRegex, RuleError> {
    let limits = Limits::default();
    let compiler = RegexCompiler::new(limits.max_regex_bytes, limits.max_regex_dfa_bytes);
    compile_regex_limited(ctx_origin, ctx_text, pattern, &compiler, false)
}

/// [`compile_regex`] with `compiler` (and its regex size and DFA memory limits); `whole_only`
/// for an `except` pattern (see `RuleRegex::new`).
pub(crate) fn compile_regex_limited(
    ctx_origin: &str,
    ctx_text: &str,
    pattern: &Spanned<String>,
    compiler: &RegexCompiler,
    whole_only: bool,
) -> Result<RuleRegex, RuleError> {
    let span = pattern.span();
    let raw = ctx_text.get(span.clone()).unwrap_or("");
    // Offset of the pattern's first character inside the file: exact for literal strings
    // (a multi-line literal drops a newline right after its opening delimiter).
    let open = if raw.starts_with("'''") || raw.starts_with("\"\"\"") {
        3 + [("\r\n", 2), ("\n", 1)]
            .iter()
            .find(|(nl, _)| raw[3..].starts_with(nl))
            .map_or(0, |(_, n)| *n)
    } else {
        1
    };
    let literal = raw.starts_with('\'');
    match RuleRegex::new(pattern.get_ref(), compiler, whole_only) {
        Ok(r) => Ok(r),
        Err(PatternError::TooBig(limit)) => Err(RuleError::at(
            ctx_origin,
            ctx_text,
            span,
            RuleErrorKind::TooLarge {
                message: format!("the compiled regex exceeds the limit of {limit} bytes"),
            },
        )),
        Err(PatternError::Syntax(e)) => {
            let (at, message) = match regex_syntax::ast::parse::Parser::new().parse(pattern.get_ref()) {
                Err(ast) => (ast.span().start.offset, ast.kind().to_string()),
                Ok(_) => (0, e.lines().last().unwrap_or("").trim().to_string()),
            };
            let start = if literal {
                span.start + open + at
            } else {
                span.start
            };
            Err(RuleError::at(
                ctx_origin,
                ctx_text,
                start..start + 1,
                RuleErrorKind::BadRegex {
                    message: message.trim_start_matches("error: ").to_string(),
                },
            ))
        }
    }
}

fn compile_rule(ctx: &mut Ctx, def: RuleDef, span: Range<usize>) -> Option<Rule> {
    let before = ctx.errors.len();
    let category = category(ctx, &def.category);
    if let Some(c) = category {
        if !valid_id(def.id.get_ref(), c) {
            ctx.err(
                def.id.span(),
                RuleErrorKind::BadId {
                    id: def.id.get_ref().clone(),
                    category: c.to_string(),
                },
            );
        }
    }
    let points = ranged(ctx, "points", &def.points, -100..=100, "between -100 and 100").unwrap_or(0) as i32;
    let default_severity = if points > 0 {
        Severity::Info
    } else if points <= -20 {
        Severity::Major
    } else {
        Severity::Minor
    };
    let severities: Vec<(&str, Severity)> = Severity::ALL.iter().map(|s| (s.as_str(), *s)).collect();
    let severity = one_of(ctx, "severity", def.severity, default_severity, &severities);
    let field = one_of(
        ctx,
        "field",
        def.field,
        FieldScope::Any,
        &[
            ("any", FieldScope::Any),
            ("title", FieldScope::Title),
            ("body", FieldScope::Body),
        ],
    );
    let line = one_of(
        ctx,
        "line",
        def.line,
        LinePosition::Anywhere,
        &[
            ("anywhere", LinePosition::Anywhere),
            ("alone", LinePosition::Alone),
            ("start", LinePosition::Start),
        ],
    );
    let max_line_words = def
        .max_line_words
        .as_ref()
        .and_then(|v| ranged(ctx, "max_line_words", v, 1..=1000, "between 1 and 1000"))
        .map(|v| v as usize);
    let last_lines = def
        .last_lines
        .as_ref()
        .and_then(|v| ranged(ctx, "last_lines", v, 1..=100_000, "between 1 and 100000"))
        .map(|v| v as usize);
    let list = def.followed_by_list.map(|l| {
        let l = l.into_inner();
        ListSpec {
            min_items: l.min_items.unwrap_or(3).clamp(1, 1000) as usize,
            max_item_words: l.max_item_words.unwrap_or(4).clamp(1, 1000) as usize,
        }
    });

    let matcher = match (def.phrases, def.regex, def.analyzer) {
        (Some(p), None, None) => {
            let mut phrases = Vec::new();
            for (lang, phrase) in p.into_inner().phrases {
                let norm = phrase.get_ref().split_whitespace().collect::<Vec<_>>().join(" ");
                if !norm.chars().any(char::is_alphanumeric) {
                    ctx.err(phrase.span(), RuleErrorKind::EmptyPhrase);
                    continue;
                }
                phrases.push(Phrase { lang, text: norm });
            }
            Some(Matcher::Phrases(phrases))
        }
        (None, Some(r), None) => match compile_regex_limited(ctx.origin, ctx.text, &r, ctx.regexes, false) {
            Ok(re) => Some(Matcher::Regex(re)),
            Err(e) => {
                ctx.errors.push(e);
                None
            }
        },
        (None, None, Some(a)) => {
            let table: Vec<(&str, &str)> = ANALYZERS.iter().map(|n| (*n, *n)).collect();
            one_of(ctx, "analyzer", Some(a), "", &table).map(|n| Matcher::Analyzer(n.to_string()))
        }
        (p, r, a) => {
            let n = [p.is_some(), r.is_some(), a.is_some()]
                .iter()
                .filter(|x| **x)
                .count();
            let found = if n > 1 { "more than one" } else { "neither" };
            ctx.err(def.id.span(), RuleErrorKind::Matcher { found: found.into() });
            None
        }
    };
    let mut except = Vec::new();
    for e in &def.except {
        match compile_regex_limited(ctx.origin, ctx.text, e, ctx.regexes, true) {
            Ok(re) => except.push(re),
            Err(err) => ctx.errors.push(err),
        }
    }
    let mut examples = Vec::new();
    for (list, must_flag) in [
        (def.examples.must_flag, true),
        (def.examples.must_not_flag, false),
    ] {
        for ex in list {
            examples.push(Example {
                location: ctx.loc(ex.span()),
                text: ex.into_inner(),
                must_flag,
            });
        }
    }
    if ctx.errors.len() > before {
        return None;
    }
    Some(Rule {
        id: def.id.into_inner(),
        category: category?,
        severity: severity?,
        points,
        message: def.message.trim().to_string(),
        location: ctx.loc(span),
        matcher: matcher?,
        except,
        scope: Scope {
            field: field?,
            line: line?,
            max_line_words,
            last_lines,
            skip_quoted: def.skip_quoted,
            list,
        },
        enabled: def.enabled,
        examples,
        overridden: None,
    })
}

fn caps(ctx: &mut Ctx, table: Option<Spanned<BTreeMap<String, i64>>>) -> BTreeMap<Category, i32> {
    let Some(table) = table else {
        return BTreeMap::new();
    };
    let span = table.span();
    let mut out = BTreeMap::new();
    for (name, v) in table.into_inner() {
        match name.parse::<Category>() {
            Ok(c) if (0..=100).contains(&v) => {
                out.insert(c, v as i32);
            }
            Ok(_) => ctx.err(
                span.clone(),
                RuleErrorKind::OutOfRange {
                    key: "cap",
                    expected: "between 0 and 100",
                    found: format!("{name} = {v}"),
                },
            ),
            Err(()) => ctx.err(
                span.clone(),
                RuleErrorKind::UnknownCategory {
                    name,
                    expected: expected_categories(),
                },
            ),
        }
    }
    out
}

fn compile_scoring(ctx: &mut Ctx, def: ScoringDef) -> Option<ScoringPolicy> {
    let before = ctx.errors.len();
    let start = ranged(ctx, "start", &def.start, 0..=100, "between 0 and 100");
    let pass = ranged(ctx, "pass", &def.pass, 0..=100, "between 0 and 100");
    let review = ranged(ctx, "review", &def.review, 0..=100, "between 0 and 100");
    if let (Some(p), Some(r)) = (pass, review) {
        if r > p {
            ctx.err(
                def.review.span(),
                RuleErrorKind::OutOfRange {
                    key: "review",
                    expected: "at most `pass`",
                    found: r.to_string(),
                },
            );
        }
    }
    let repeat_factor = match &def.repeat_factor {
        Some(f) if !(0.0..=1.0).contains(f.get_ref()) => {
            ctx.err(
                f.span(),
                RuleErrorKind::OutOfRange {
                    key: "repeat_factor",
                    expected: "between 0.0 and 1.0",
                    found: f.get_ref().to_string(),
                },
            );
            0.5
        }
        Some(f) => *f.get_ref(),
        None => 0.5,
    };
    let max_repeats = def
        .max_repeats
        .as_ref()
        .and_then(|v| ranged(ctx, "max_repeats", v, 1..=1000, "between 1 and 1000"))
        .unwrap_or(3) as usize;
    let caps_ = caps(ctx, def.caps);
    let credit_caps = caps(ctx, def.credit_caps);
    if ctx.errors.len() > before {
        return None;
    }
    Some(ScoringPolicy {
        start: start? as i32,
        pass: pass? as i32,
        review: review? as i32,
        repeat_factor,
        max_repeats,
        caps: caps_,
        credit_caps,
    })
}
