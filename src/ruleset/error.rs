//! Typed errors for loading rule files, each with the file, line and column it points at.

use std::fmt;
use std::path::PathBuf;
use thiserror::Error;

/// Where something sits in a rule file: origin (path or name), 1-based line and column (in
/// characters), and the byte span.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Location {
    /// The file path or in-memory name the rule source was given under.
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offsets into the source.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

impl Location {
    /// The location of byte span `start..end` in `source`.
    pub fn new(origin: &str, source: &str, start: usize, end: usize) -> Self {
        Location::with_lines(origin, source, &[], start, end)
    }

    /// [`Location::new`] given the byte offsets of the first `lines.len()` line breaks of
    /// `source` (see [`line_breaks`]), so that locating many spans in one file costs a binary
    /// search each instead of a pass over the text before them. Breaks past the end of `lines`
    /// are counted in the text.
    pub(crate) fn with_lines(origin: &str, source: &str, lines: &[usize], start: usize, end: usize) -> Self {
        let start = floor_char_boundary(source, start.min(source.len()));
        let end = floor_char_boundary(source, end.clamp(start, source.len()));
        let known = lines.partition_point(|&nl| nl < start);
        let from = if known == 0 { 0 } else { lines[known - 1] + 1 };
        let before = &source[from..start];
        let line = known + before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(from, |i| from + i + 1);
        let column = source[line_start..start].chars().count() + 1;
        Location {
            origin: origin.to_string(),
            line,
            column,
            start,
            end,
        }
    }
}

/// The byte offsets of the line breaks (`\n`) of `source`, for [`Location::with_lines`].
pub(crate) fn line_breaks(source: &str) -> Vec<usize> {
    source.match_indices('\n').map(|(i, _)| i).collect()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.origin, self.line, self.column)
    }
}

/// What is wrong with one place in a rule file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RuleErrorKind {
    /// The file is not valid TOML.
    #[error("invalid TOML: {message}")]
    Syntax {
        /// The parser's description, lower case.
        message: String,
    },
    /// The TOML is valid but a key is unknown, missing or of the wrong type.
    #[error("{message}")]
    Schema {
        /// What was found and what was expected (e.g. ``unknown field `phrase`, expected one of ...``).
        message: String,
    },
    /// A regex that does not compile.
    #[error("invalid regex: {message}")]
    BadRegex {
        /// The regex crate's description.
        message: String,
    },
    /// A regex or phrase set over the configured size limit.
    #[error("pattern too large: {message}")]
    TooLarge {
        /// What limit was exceeded.
        message: String,
    },
    /// A rule file over the size limit ([`Limits::max_rule_file_bytes`](crate::Limits)); the
    /// location is where the limit falls.
    #[error("rule file too large: {size} bytes, over the limit of {limit} bytes")]
    FileTooLarge {
        /// The file's size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// Two rules with the same id.
    #[error("duplicate rule id `{id}`, first defined at {first}")]
    DuplicateId {
        /// The id.
        id: String,
        /// Where the first rule with that id is.
        first: String,
    },
    /// A category outside the closed set.
    #[error("unknown category `{name}`, expected one of {expected}")]
    UnknownCategory {
        /// The name given.
        name: String,
        /// The accepted names, comma separated.
        expected: String,
    },
    /// A value outside the accepted set of a keyword key (severity, field, line).
    #[error("unknown {key} `{value}`, expected one of {expected}")]
    UnknownValue {
        /// The key.
        key: &'static str,
        /// The value given.
        value: String,
        /// The accepted values, comma separated.
        expected: String,
    },
    /// A rule id not of the form `category/name` with the rule's own category.
    #[error("rule id `{id}` must be `{category}/name` (lower case letters, digits and `-`)")]
    BadId {
        /// The id.
        id: String,
        /// The rule's category.
        category: String,
    },
    /// An empty phrase, which would match everywhere.
    #[error("empty phrase: a phrase must contain at least one letter or digit")]
    EmptyPhrase,
    /// A rule with no matcher, or with more than one.
    #[error("a rule needs exactly one of `phrases`, `regex` or `analyzer` (found {found})")]
    Matcher {
        /// What was found.
        found: String,
    },
    /// A number outside its allowed range.
    #[error("{key} must be {expected}, found {found}")]
    OutOfRange {
        /// The key.
        key: &'static str,
        /// The allowed range.
        expected: &'static str,
        /// The value given.
        found: String,
    },
    /// A second `[scoring]` table in the rule set.
    #[error("`[scoring]` is already set at {first}; a rule set has one scoring table")]
    DuplicateScoring {
        /// Where the first one is.
        first: String,
    },
    /// An `[[override]]` names a rule id that no rule of the set has.
    #[error("override of unknown rule id `{id}`{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownOverride {
        /// The id given.
        id: String,
        /// The closest existing id, when one is close.
        suggestion: Option<String>,
    },
    /// A problem in a story, fact, slot or `[consensus]` table (see `docs/facts.md`).
    #[error("{message}")]
    Fact {
        /// What is wrong and what was expected.
        message: String,
    },
    /// The rule set has no `[scoring]` table at all.
    #[error("no `[scoring]` table in the rule set (add a scoring.toml with start and thresholds)")]
    MissingScoring,
}

/// One located problem in a rule file.
///
/// ```
/// use credence::{Engine, RuleSource};
/// let err = Engine::from_sources([RuleSource::new("a.toml", "[[rule]]\nid = 3\n")]).unwrap_err();
/// let e = &err.rule_errors()[0];
/// assert!(e.to_string().starts_with("a.toml:2:"), "{e}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{location}: {kind}")]
pub struct RuleError {
    /// Where the problem is.
    pub location: Location,
    /// What the problem is.
    pub kind: RuleErrorKind,
}

impl RuleError {
    /// An error at byte span `start..end` of `source`.
    pub fn at(origin: &str, source: &str, span: std::ops::Range<usize>, kind: RuleErrorKind) -> Self {
        RuleError {
            location: Location::new(origin, source, span.start, span.end),
            kind,
        }
    }
}

/// Why a rule set could not be loaded.
///
/// ```
/// use credence::{Engine, LoadError, RuleSource};
/// let err = Engine::from_sources([RuleSource::new("a.toml", "[[rule]]\nid = 3\n")]).unwrap_err();
/// match &err {
///     LoadError::Invalid(errors) => {
///         assert_eq!(errors[0].location.origin, "a.toml");
///         assert_eq!(errors[0].location.line, 2);
///     }
///     other => panic!("{other}"),
/// }
/// assert!(matches!(Engine::from_dir("/no/such/dir"), Err(LoadError::Io { .. })));
/// ```
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum LoadError {
    /// A rule directory or file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A rule file is not UTF-8.
    #[error("{}: rule file is not valid UTF-8 (at byte {offset})", path.display())]
    NotUtf8 {
        /// The path.
        path: PathBuf,
        /// The first invalid byte.
        offset: usize,
    },
    /// The rule directory holds no `.toml` files.
    #[error("{}: no rule files (*.toml) found", path.display())]
    Empty {
        /// The directory.
        path: PathBuf,
    },
    /// One or more located problems in the rule files; all are listed, in file order.
    #[error("{}", render_list(.0))]
    Invalid(Vec<RuleError>),
}

impl LoadError {
    /// The located problems, if this error has any.
    pub fn rule_errors(&self) -> &[RuleError] {
        match self {
            LoadError::Invalid(v) => v,
            _ => &[],
        }
    }
}

fn render_list(errors: &[RuleError]) -> String {
    let mut s = String::new();
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&e.to_string());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters() {
        let src = "a = 1\nbé = 'x'\n";
        let at = src.find("'x'").unwrap();
        let l = Location::new("f.toml", src, at, at + 3);
        assert_eq!((l.line, l.column), (2, 6));
        assert_eq!(l.to_string(), "f.toml:2:6");
    }

    #[test]
    fn line_breaks_locate_like_a_scan() {
        let src = "a\n\nbé = 'x'\r\nc\nlast";
        let lines = line_breaks(src);
        for start in 0..=src.len() + 2 {
            for known in 0..=lines.len() {
                let want = Location::new("f", src, start, start + 1);
                assert_eq!(
                    Location::with_lines("f", src, &lines[..known], start, start + 1),
                    want
                );
            }
        }
    }
}
