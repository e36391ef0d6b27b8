//! Reading articles: plain-text files and directories, and JSON Lines records.

use credence::Article;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One input: an article to score, or a record of why an input could not be read.
pub enum Item {
    /// An article.
    Article(Article),
    /// An article already scored (in a batch).
    Scored(Box<credence::Report>),
    /// An input that could not be scored.
    Error(InputError),
}

/// Why one input could not be scored; printed as an error record.
#[derive(Debug, Clone, serde::Serialize)]
pub struct InputError {
    /// The JSON Lines line number, when reading JSON Lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The id, when known (the path for files).
    pub id: Option<String>,
    /// The problem.
    pub error: ErrorBody,
}

/// The `error` object of an error record.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ErrorBody {
    /// `io`, `not-utf8`, `json`, `missing-body`, `wrong-type`.
    pub kind: &'static str,
    /// What went wrong.
    pub message: String,
}

fn error(line: Option<usize>, id: Option<String>, kind: &'static str, message: String) -> Item {
    Item::Error(InputError {
        line,
        id,
        error: ErrorBody { kind, message },
    })
}

/// One JSON Lines record.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    #[serde(default)]
    id: Option<serde_json::Value>,
    body: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    byline: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    story: Option<String>,
}

fn id_string(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// Parses one JSON Lines line; `None` for a blank line.
pub fn parse_jsonl_line(bytes: &[u8], line: usize) -> Option<Item> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Some(error(
                Some(line),
                None,
                "not-utf8",
                format!("line is not valid UTF-8 (at byte {})", e.valid_up_to()),
            ))
        }
    };
    let text = text.trim_end_matches(['\n', '\r']);
    if text.trim().is_empty() {
        return None;
    }
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return Some(error(Some(line), None, "json", format!("invalid JSON: {e}"))),
    };
    let id = value.get("id").and_then(id_string);
    if !value.is_object() {
        return Some(error(
            Some(line),
            None,
            "wrong-type",
            "expected a JSON object".into(),
        ));
    }
    if value.get("body").is_none() {
        return Some(error(
            Some(line),
            id,
            "missing-body",
            "the record has no `body` field".into(),
        ));
    }
    let rec: Record = match serde_json::from_value(value) {
        Ok(r) => r,
        Err(e) => return Some(error(Some(line), id, "wrong-type", e.to_string())),
    };
    let mut a = match rec.title {
        Some(t) => Article::new(rec.body).with_title(t),
        None => Article::new(rec.body),
    };
    if let Some(id) = rec.id.as_ref().and_then(id_string) {
        a = a.with_id(id);
    }
    if let Some(v) = rec.byline {
        a = a.with_byline(v);
    }
    if let Some(v) = rec.published {
        a = a.with_published(v);
    }
    if let Some(v) = rec.url {
        a = a.with_url(v);
    }
    if let Some(v) = rec.source {
        a = a.with_source(v);
    }
    if let Some(v) = rec.story {
        a = a.with_story(v);
    }
    Some(Item::Article(a))
}

/// Every `.txt` file named or found (recursively, in path order) under the given paths.
pub fn read_paths(paths: &[PathBuf]) -> impl Iterator<Item = Item> + '_ {
    paths.iter().flat_map(|p| {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        collect(p, true, &mut files, &mut errors);
        files.sort();
        errors.into_iter().chain(files.into_iter().map(|f| read_file(&f)))
    })
}

fn collect(path: &Path, explicit: bool, files: &mut Vec<PathBuf>, errors: &mut Vec<Item>) {
    let id = Some(path.display().to_string());
    if path.is_dir() {
        match std::fs::read_dir(path) {
            Ok(entries) => {
                for e in entries.flatten() {
                    collect(&e.path(), false, files, errors);
                }
            }
            Err(e) => errors.push(error(None, id, "io", e.to_string())),
        }
    } else if explicit || path.extension().is_some_and(|e| e == "txt") {
        files.push(path.to_path_buf());
    }
}

fn read_file(path: &Path) -> Item {
    let id = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Item::Article(Article::from_plain_text(text).with_id(id)),
            Err(e) => error(
                None,
                Some(id),
                "not-utf8",
                format!(
                    "file is not valid UTF-8 (at byte {})",
                    e.utf8_error().valid_up_to()
                ),
            ),
        },
        Err(e) => error(None, Some(id), "io", e.to_string()),
    }
}
