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
    /// `io`, `not-utf8`, `json`, `missing-body`, `wrong-type`, `too-large`.
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

/// One unit of input before parsing, as the reader hands it to a worker.
pub enum Raw {
    /// A JSON Lines line (without its newline), with its 1-based line number.
    Line { line: usize, bytes: Vec<u8> },
    /// A line longer than the limit; its bytes were skipped, not kept.
    TooLarge { line: usize, len: usize, max: usize },
    /// A plain-text file to read.
    File(PathBuf),
    /// An input that already failed (an unreadable directory).
    Failed(InputError),
    /// An article already scored as part of a batch (batch consensus), with its line number.
    Scored {
        /// The JSON Lines line number, when reading JSON Lines.
        line: Option<usize>,
        /// The report.
        report: Box<credence::Report>,
    },
}

impl Raw {
    /// Reads and parses the input into an article or an error record.
    pub fn parse(self) -> Item {
        match self {
            Raw::Line { line, bytes } => parse_jsonl_line(&bytes, line)
                .unwrap_or_else(|| error(Some(line), None, "json", "blank line".into())),
            Raw::TooLarge { line, len, max } => error(
                Some(line),
                None,
                "too-large",
                format!("line is {len} bytes, over the limit of {max} (--max-bytes)"),
            ),
            Raw::File(path) => read_file(&path),
            Raw::Failed(e) => Item::Error(e),
            Raw::Scored { report, .. } => Item::Scored(report),
        }
    }
}

/// Reads JSON Lines from `reader` one line at a time, skipping blank lines. A line over
/// `max_bytes` is not buffered: its bytes are counted and dropped, and it becomes
/// [`Raw::TooLarge`]. A read error ends the stream and is stored in `failure`.
pub struct Lines<'f, R> {
    reader: R,
    max_bytes: usize,
    line: usize,
    failure: &'f mut Option<std::io::Error>,
}

impl<'f, R: std::io::BufRead> Lines<'f, R> {
    /// Lines of `reader`, each at most `max_bytes` long.
    pub fn new(reader: R, max_bytes: usize, failure: &'f mut Option<std::io::Error>) -> Self {
        Lines {
            reader,
            max_bytes,
            line: 0,
            failure,
        }
    }

    /// The next line: `Ok(None)` at the end; `Err((len))` when it is over the limit.
    fn read_one(&mut self) -> std::io::Result<Option<Result<Vec<u8>, usize>>> {
        let mut buf = Vec::new();
        let mut len = 0usize;
        let mut any = false;
        let mut last = None;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                break;
            }
            any = true;
            let (take, done) = match find_newline(chunk) {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            let part = &chunk[..take];
            let content = if done { &part[..take - 1] } else { part };
            len += content.len();
            if let Some(&b) = content.last() {
                last = Some(b);
            }
            // one byte of slack for the `\r` of a CRLF line ending
            if len <= self.max_bytes.saturating_add(1) {
                buf.extend_from_slice(content);
            } else if !buf.is_empty() {
                buf = Vec::new();
            }
            self.reader.consume(take);
            if done {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        if last == Some(b'\r') {
            len -= 1;
            if buf.len() > len {
                buf.pop();
            }
        }
        Ok(Some(if len > self.max_bytes { Err(len) } else { Ok(buf) }))
    }
}

/// Where the first `\n` of `bytes` is: eight bytes at a time (a JSON Lines record is a few
/// kilobytes on one line).
fn find_newline(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])) ^ (ONES * u64::from(b'\n'));
        if x.wrapping_sub(ONES) & !x & HIGH != 0 {
            break;
        }
        i += 8;
    }
    bytes[i..].iter().position(|&b| b == b'\n').map(|p| i + p)
}

impl<R: std::io::BufRead> Iterator for Lines<'_, R> {
    type Item = Raw;
    fn next(&mut self) -> Option<Raw> {
        loop {
            let got = match self.read_one() {
                Ok(g) => g?,
                Err(e) => {
                    *self.failure = Some(e);
                    return None;
                }
            };
            self.line += 1;
            let line = self.line;
            match got {
                Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(bytes) => return Some(Raw::Line { line, bytes }),
                Err(len) => {
                    return Some(Raw::TooLarge {
                        line,
                        len,
                        max: self.max_bytes,
                    })
                }
            }
        }
    }
}

/// Every `.txt` file named or found (recursively, in path order) under the given paths.
pub fn read_paths(paths: &[PathBuf]) -> impl Iterator<Item = Raw> + '_ {
    paths.iter().flat_map(|p| {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        collect(p, true, &mut files, &mut errors);
        files.sort();
        errors
            .into_iter()
            .map(Raw::Failed)
            .chain(files.into_iter().map(Raw::File))
    })
}

fn collect(path: &Path, explicit: bool, files: &mut Vec<PathBuf>, errors: &mut Vec<InputError>) {
    let id = Some(path.display().to_string());
    if path.is_dir() {
        match std::fs::read_dir(path) {
            Ok(entries) => {
                for e in entries.flatten() {
                    collect(&e.path(), false, files, errors);
                }
            }
            Err(e) => errors.push(InputError {
                line: None,
                id,
                error: ErrorBody {
                    kind: "io",
                    message: e.to_string(),
                },
            }),
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::Just;

    proptest::proptest! {
        /// The eight-bytes-at-a-time search finds the first line break a byte-wise one finds.
        #[test]
        fn newlines_are_found_as_one_by_one(bytes in proptest::collection::vec(
            proptest::prop_oneof![Just(b'\n'), Just(b'a'), Just(0x8Au8), Just(0x0Bu8), proptest::num::u8::ANY],
            0..60,
        )) {
            proptest::prop_assert_eq!(find_newline(&bytes), bytes.iter().position(|&b| b == b'\n'));
        }
    }

    fn read(input: &[u8], max: usize) -> Vec<String> {
        let mut failure = None;
        let out: Vec<String> = Lines::new(std::io::BufReader::with_capacity(4, input), max, &mut failure)
            .map(|r| match r {
                Raw::Line { line, bytes } => format!("{line}:{}", String::from_utf8_lossy(&bytes)),
                Raw::TooLarge { line, len, .. } => format!("{line}:too-large {len}"),
                _ => unreachable!(),
            })
            .collect();
        assert!(failure.is_none());
        out
    }

    #[test]
    fn lines_skip_blanks_strip_crlf_and_count_physical_lines() {
        assert_eq!(read(b"ab\r\n\n  \ncd", 10), ["1:ab", "4:cd"]);
        assert_eq!(read(b"", 10), Vec::<String>::new());
    }

    #[test]
    fn long_lines_are_measured_not_kept() {
        // a small reader buffer makes the line arrive in many chunks
        assert_eq!(
            read(b"0123456789\n01234567890123\nok\n", 10),
            ["1:0123456789", "2:too-large 14", "3:ok"]
        );
        assert_eq!(read(b"0123456789abc", 10), ["1:too-large 13"]);
        assert_eq!(
            read(b"0123456789\r\n0123456789a\r\n", 10),
            ["1:0123456789", "2:too-large 11"]
        );
    }
}
