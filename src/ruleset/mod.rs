//! Rule sets: sources (files or in-memory text), their schema, validation, and the compiled
//! rules the engine runs.

pub(crate) mod compile;
mod error;
pub(crate) mod file;
mod nfa_bound;
pub(crate) mod overrides;
mod pattern;

pub use error::{LoadError, Location, RuleError, RuleErrorKind};
pub use pattern::RuleRegex;
pub(crate) use pattern::{pooled, CachePool, PatternError, RegexCompiler};

use crate::category::{Category, Severity};
use std::path::{Path, PathBuf};

/// One rule file's text and the name errors should use for it (a path, or any label).
///
/// ```
/// use credence::{Engine, RuleSource};
/// let mut sources = credence::embedded_sources(); // the default rules, as sources
/// sources.push(RuleSource::new(
///     "db:extra",
///     "[[rule]]\nid = \"boilerplate/promo\"\ncategory = \"boilerplate\"\npoints = -5\nmessage = \"a promotion\"\nphrases = [\"Buy now\"]\n",
/// ));
/// let engine = Engine::from_sources(sources)?;
/// assert!(engine.rules().iter().any(|r| r.id() == "boilerplate/promo"));
/// # Ok::<(), credence::LoadError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSource {
    /// The path or label shown in errors and `rules list`.
    pub origin: String,
    /// The TOML text.
    pub text: String,
}

impl RuleSource {
    /// A source from a label and its text.
    pub fn new(origin: impl Into<String>, text: impl Into<String>) -> Self {
        RuleSource {
            origin: origin.into(),
            text: text.into(),
        }
    }

    /// Reads every `*.toml` file under `dir` (recursively, in path order).
    pub fn read_dir(dir: impl AsRef<Path>) -> Result<Vec<RuleSource>, LoadError> {
        let dir = dir.as_ref();
        let mut paths = Vec::new();
        collect_toml(dir, &mut paths)?;
        if paths.is_empty() {
            return Err(LoadError::Empty {
                path: dir.to_path_buf(),
            });
        }
        paths.sort();
        paths.iter().map(RuleSource::read_file).collect()
    }

    /// Reads one rule file.
    pub fn read_file(path: impl AsRef<Path>) -> Result<RuleSource, LoadError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
            path: path.to_path_buf(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        Ok(RuleSource::new(path.display().to_string(), text))
    }
}

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let io = |source| LoadError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            collect_toml(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// The default rule set, embedded in the binary. Keep in step with `rules/` (a test checks).
pub const EMBEDDED: &[(&str, &str)] = &[
    ("rules/scoring.toml", include_str!("../../rules/scoring.toml")),
    (
        "rules/placeholder.toml",
        include_str!("../../rules/placeholder.toml"),
    ),
    (
        "rules/boilerplate.toml",
        include_str!("../../rules/boilerplate.toml"),
    ),
    ("rules/title.toml", include_str!("../../rules/title.toml")),
    ("rules/sourcing.toml", include_str!("../../rules/sourcing.toml")),
    ("rules/opinion.toml", include_str!("../../rules/opinion.toml")),
    ("rules/credits.toml", include_str!("../../rules/credits.toml")),
    (
        "rules/attribution.toml",
        include_str!("../../rules/attribution.toml"),
    ),
    (
        "rules/facts/slots.toml",
        include_str!("../../rules/facts/slots.toml"),
    ),
    (
        "rules/facts/putin-pyongyang-2024.toml",
        include_str!("../../rules/facts/putin-pyongyang-2024.toml"),
    ),
];

/// The embedded default rule sources.
pub fn embedded_sources() -> Vec<RuleSource> {
    EMBEDDED.iter().map(|(o, t)| RuleSource::new(*o, *t)).collect()
}

/// Every `regex` and `except` pattern of the embedded rule files, in file order (each rule's
/// regex, then its excepts): what the tests of the regex machinery check it on.
#[cfg(test)]
pub(crate) fn embedded_regexes() -> Vec<String> {
    let mut out = Vec::new();
    for src in embedded_sources() {
        let file: toml::Value = toml::from_str(&src.text).expect("embedded rule files are TOML");
        for rule in file.get("rule").and_then(|r| r.as_array()).into_iter().flatten() {
            let excepts = rule.get("except").and_then(|e| e.as_array());
            let all = rule.get("regex").into_iter().chain(excepts.into_iter().flatten());
            out.extend(all.filter_map(|p| p.as_str()).map(str::to_string));
        }
    }
    out
}

/// Which field of an article a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldScope {
    /// Title and body.
    Any,
    /// Only the title (for a plain-text article, its first non-empty line).
    Title,
    /// Only the body (for a plain-text article, the whole text).
    Body,
}

/// Where on its line a match must sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinePosition {
    /// Anywhere.
    Anywhere,
    /// Alone on its line: beside it only punctuation, symbols and numbers.
    Alone,
    /// At the start of its line (after bullets and spaces).
    Start,
}

/// The list a match must be followed by (`followed_by_list`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListSpec {
    /// Fewest items.
    pub min_items: usize,
    /// Most words per item.
    pub max_item_words: usize,
}

/// Where a rule applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Title, body or both.
    pub field: FieldScope,
    /// Position on the line.
    pub line: LinePosition,
    /// Most words on the match's line.
    pub max_line_words: Option<usize>,
    /// Only in the last N non-blank lines.
    pub last_lines: Option<usize>,
    /// Drop matches inside a quotation embedded in a longer line (a report quoting the text).
    pub skip_quoted: bool,
    /// Must be followed by a list.
    pub list: Option<ListSpec>,
}

/// One literal phrase of a rule, with the language it was listed under (empty if none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Language tag from the phrase table (`en`, `de`), or empty.
    pub lang: String,
    /// The phrase, white space collapsed.
    pub text: String,
}

/// What a rule matches.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// Literal phrases, case-insensitive, on word boundaries.
    Phrases(Vec<Phrase>),
    /// A regular expression over the original text.
    Regex(RuleRegex),
    /// Findings come from a named analysis (`analyzer = "fact-file"`), not from a pattern.
    Analyzer(String),
}

/// A rule example: a text the rule must or must not flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The text, scored as a plain-text article.
    pub text: String,
    /// `true` for `must_flag`, `false` for `must_not_flag`.
    pub must_flag: bool,
    /// Where the example is written.
    pub location: Location,
}

/// A compiled rule.
///
/// ```
/// use credence::{Category, Engine};
/// let engine = Engine::default();
/// let rule = engine.rules().iter().find(|r| r.id() == "placeholder/bracket-token").unwrap();
/// assert_eq!(rule.category(), Category::Placeholder);
/// assert!(rule.points() < 0 && rule.enabled());
/// assert!(rule.location().origin.ends_with("placeholder.toml"));
/// assert!(!rule.examples().is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct Rule {
    pub(crate) id: String,
    pub(crate) category: Category,
    pub(crate) severity: Severity,
    pub(crate) points: i32,
    pub(crate) message: String,
    pub(crate) location: Location,
    pub(crate) matcher: Matcher,
    pub(crate) except: Vec<RuleRegex>,
    pub(crate) scope: Scope,
    pub(crate) enabled: bool,
    pub(crate) examples: Vec<Example>,
    /// Where an `[[override]]` changed this rule, if one did.
    pub(crate) overridden: Option<Location>,
}

impl Rule {
    /// The stable id, `category/name`.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The category.
    pub fn category(&self) -> Category {
        self.category
    }
    /// The severity.
    pub fn severity(&self) -> Severity {
        self.severity
    }
    /// Points per finding before repeats and caps (negative for a flaw).
    pub fn points(&self) -> i32 {
        self.points
    }
    /// Why it matters.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// Where the rule is defined.
    pub fn location(&self) -> &Location {
        &self.location
    }
    /// What it matches.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }
    /// Where it applies.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }
    /// Whether it runs.
    pub fn enabled(&self) -> bool {
        self.enabled
    }
    /// Its examples.
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }
    /// Where an `[[override]]` changed this rule (points, severity, enabled, message), if one did.
    pub fn overridden(&self) -> Option<&Location> {
        self.overridden.as_ref()
    }
}
