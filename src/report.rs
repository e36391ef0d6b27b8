//! The output: a scored report with its findings, serializable to JSON and printable as
//! compiler-style diagnostics.
//!
//! # JSON format
//!
//! One object per article:
//!
//! ```json
//! {"id":"seeds/001.txt","score":12,"verdict":"reject","start":75,"rules_version":"3f2a…",
//!  "findings":[{"rule":"placeholder/bracket-token","category":"placeholder","severity":"major",
//!   "points":-25,"base_points":-25,"message":"…","evidence":"[Date]","field":"body",
//!   "start":113,"end":119,"line":3,"column":19}]}
//! ```
//!
//! `score == clamp(start + Σ findings[].points, 0, 100)`; `evidence` is exactly the text of
//! `start..end` (byte offsets into the field); `line` and `column` are 1-based, columns counted
//! in characters. `note` appears when repeats or caps changed a finding's points. Reports of a
//! batch ([`crate::Engine::score_batch`]) also carry
//! `"story":{"id":"putin-pyongyang-2024","by":"fact-file","others":4}`.

use crate::article::Field;
use crate::category::{Category, Severity};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The decision a moderation workflow acts on.
///
/// ```
/// use credence::{Engine, Verdict};
/// let policy = Engine::default().scoring().clone();
/// assert_eq!(policy.verdict(100), Verdict::Pass);
/// assert_eq!(policy.verdict(0), Verdict::Reject);
/// assert_eq!(Verdict::Review.as_str(), "review");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Reliable enough to use.
    Pass,
    /// A person should look.
    Review,
    /// Not usable as a source.
    Reject,
}

impl Verdict {
    /// `pass`, `review` or `reject`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Review => "review",
            Verdict::Reject => "reject",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One piece of evidence for or against the article.
///
/// ```
/// use credence::{Article, Category, Engine, Field};
/// let text = "Title\n\nMoscow, [Date] – A treaty.\n";
/// let report = Engine::default().score(&Article::from_plain_text(text));
/// let f = &report.findings[0];
/// assert_eq!(f.category, Category::Placeholder);
/// assert_eq!(f.field, Field::Body);
/// assert_eq!(&text[f.start..f.end], f.evidence); // "[Date]"
/// assert_eq!((f.line, f.column), (3, 9));
/// assert!(f.points < 0 && f.note.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule id, `category/name`.
    pub rule: String,
    /// The rule's category.
    pub category: Category,
    /// The rule's severity.
    pub severity: Severity,
    /// Points this finding contributes to the score (after repeats and caps).
    pub points: i32,
    /// Points the rule gives one finding before repeats and caps.
    pub base_points: i32,
    /// Why it matters, in plain words.
    pub message: String,
    /// Exactly the text of `start..end` in `field`.
    pub evidence: String,
    /// The field the offsets point into.
    pub field: Field,
    /// Start byte offset into the field.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub column: usize,
    /// How repeats or caps changed the points, when they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The scored report for one article.
///
/// ```
/// use credence::{Article, Engine, Verdict};
/// let engine = Engine::default();
/// let report = engine.score(&Article::from_plain_text("Title\n\nMoscow, [Date] – A treaty.\n").with_id("a-1"));
/// assert_eq!(report.id.as_deref(), Some("a-1"));
/// assert_eq!(report.score, (report.start + report.total_points()).clamp(0, 100));
/// assert_eq!(report.verdict, engine.scoring().verdict(report.score));
/// assert_ne!(report.verdict, Verdict::Pass);
/// // `Display` renders compiler-style diagnostics; serde gives the JSON report
/// assert!(report.to_string().contains("placeholder/bracket-token"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The article's id, when it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// 0–100, higher is more reliable.
    pub score: i32,
    /// The verdict for the score.
    pub verdict: Verdict,
    /// The score before any finding.
    pub start: i32,
    /// The publishing source (source name, else the URL's host), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Content hash of the rule set that scored the article.
    pub rules_version: String,
    /// Every finding, in field order (title first), then by position.
    pub findings: Vec<Finding>,
    /// The story the article was grouped into when scored in a batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<crate::facts::StoryGroup>,
    /// The texts the offsets point into, for rendering; not serialized.
    #[serde(skip)]
    pub(crate) texts: Option<std::sync::Arc<Texts>>,
}

/// The texts a report's offsets point into, kept for rendering.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Texts {
    pub title: String,
    pub body: String,
    pub byline: String,
}

impl Report {
    /// The sum of the findings' points.
    pub fn total_points(&self) -> i32 {
        self.findings.iter().map(|f| f.points).sum()
    }

    /// Findings of one category.
    pub fn in_category(&self, category: Category) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.category == category)
    }
}

impl fmt::Display for Report {
    /// A human report: score and verdict, then each finding as a diagnostic with the quoted
    /// line and a caret under the evidence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.id.as_deref().unwrap_or("<article>");
        writeln!(
            f,
            "{name}: score {}/100, {} ({} findings; start {}, {:+} points)",
            self.score,
            self.verdict,
            self.findings.len(),
            self.start,
            self.total_points()
        )?;
        if let Some(story) = &self.story {
            writeln!(f, "  story: {story}")?;
        }
        for finding in &self.findings {
            let text = self.texts.as_ref().map(|t| match finding.field {
                Field::Title => t.title.as_str(),
                Field::Body => t.body.as_str(),
                Field::Byline => t.byline.as_str(),
            });
            write_finding(f, name, finding, text)?;
        }
        Ok(())
    }
}

fn write_finding(f: &mut fmt::Formatter<'_>, name: &str, x: &Finding, text: Option<&str>) -> fmt::Result {
    let kind = if x.points > 0 || x.base_points > 0 {
        "credit"
    } else {
        x.severity.as_str()
    };
    writeln!(f, "\n{kind}[{}]: {:+} points", x.rule, x.points)?;
    let field = match x.field {
        Field::Title => " (title)",
        Field::Body => "",
        Field::Byline => " (byline)",
    };
    writeln!(f, "  --> {name}:{}:{}{field}", x.line, x.column)?;
    if let Some(text) =
        text.filter(|t| x.end <= t.len() && t.is_char_boundary(x.start) && t.is_char_boundary(x.end))
    {
        // Only a window of the line is shown: look for its ends within REACH bytes of the
        // evidence, so that many findings on one long line do not each cost the whole line.
        const REACH: usize = 1024;
        let mut lo = x.start.saturating_sub(REACH);
        while !text.is_char_boundary(lo) {
            lo += 1;
        }
        let mut hi = x.end.saturating_add(REACH).min(text.len());
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        let line_start = text[lo..x.start].rfind(['\n', '\r']).map_or(lo, |i| lo + i + 1);
        let line_end = text[x.start..hi].find(['\n', '\r']).map_or(hi, |i| x.start + i);
        let (shown, caret_at, caret_len) = window(
            &text[line_start..line_end],
            x.start - line_start,
            x.end.min(line_end) - line_start,
        );
        let num = x.line.to_string();
        let pad = " ".repeat(num.len());
        writeln!(f, "{pad} |")?;
        writeln!(f, "{num} | {shown}")?;
        writeln!(
            f,
            "{pad} | {}{}",
            " ".repeat(caret_at),
            "^".repeat(caret_len.max(1))
        )?;
    } else {
        writeln!(f, "   evidence: {:?}", x.evidence)?;
    }
    writeln!(f, "  = {}", x.message)?;
    if let Some(note) = &x.note {
        writeln!(f, "  = note: {note}")?;
    }
    Ok(())
}

/// Cuts a long line to a window around the evidence; returns the shown text and the caret
/// column and width, in characters.
fn window(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    const CONTEXT: usize = 40;
    const MAX_CARET: usize = 80;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let ci = |b: usize| chars.iter().position(|(i, _)| *i >= b).unwrap_or(chars.len());
    let (cs, ce) = (ci(start), ci(end));
    let from = cs.saturating_sub(CONTEXT);
    let to = (ce + CONTEXT).min(chars.len()).max(cs.min(chars.len()));
    let to = to.min(from + CONTEXT * 2 + MAX_CARET);
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    shown.extend(
        chars[from..to]
            .iter()
            .map(|(_, c)| if *c == '\t' { ' ' } else { *c }),
    );
    if to < chars.len() {
        shown.push('…');
    }
    let caret_at = cs - from + usize::from(from > 0);
    let caret_len = ce.min(to).saturating_sub(cs);
    (shown, caret_at, caret_len)
}
