//! The input: an article's text and metadata.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Which part of an article a finding points into.
///
/// ```
/// use credence::{Article, Engine, Field};
/// let a = Article::new("Body text.").with_title("You Won't Believe This!!");
/// let report = Engine::default().score(&a);
/// let f = report.findings.iter().find(|f| f.field == Field::Title).unwrap();
/// assert_eq!(&a.title().unwrap()[f.start..f.end], f.evidence);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    /// The headline, when it is given apart from the body (offsets are into the title string).
    Title,
    /// The body (offsets are into the body string; for [`Article::from_plain_text`], into the
    /// whole text as given, title line included).
    Body,
    /// The byline given as metadata ([`Article::with_byline`]); offsets are into that string.
    Byline,
}

impl Field {
    /// The name used in reports: `title` or `body`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Body => "body",
            Field::Byline => "byline",
        }
    }
}

/// A news article to score: its text plus optional metadata.
///
/// Two shapes are supported:
/// - a plain-text file ([`Article::from_plain_text`]): the whole file is the body and the title is
///   its first non-empty line, found *inside* the body, so every span is an offset into the file;
/// - separate fields ([`Article::new`] with [`Article::with_title`]): the title is its own string
///   and title findings point into it.
///
/// ```
/// use credence::Article;
/// let a = Article::from_plain_text("\n  Headline here\nBody text.\n");
/// assert_eq!(a.title(), Some("Headline here"));
/// assert_eq!(a.body(), "\n  Headline here\nBody text.\n");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    id: Option<String>,
    body: String,
    title: Option<String>,
    #[serde(skip)]
    title_in_body: Option<Range<usize>>,
    byline: Option<String>,
    published: Option<String>,
    url: Option<String>,
    source: Option<String>,
    story: Option<String>,
}

impl Article {
    /// An article with this body and no metadata.
    pub fn new(body: impl Into<String>) -> Self {
        Article {
            body: body.into(),
            ..Article::default()
        }
    }

    /// An article from a whole plain-text file: the title is the first non-empty line (trimmed),
    /// located inside the body; spans of every finding are byte offsets into `text` as given.
    pub fn from_plain_text(text: impl Into<String>) -> Self {
        let body = text.into();
        let title_in_body = first_nonempty_line(&body);
        let title = title_in_body.clone().map(|r| body[r].to_string());
        Article {
            body,
            title,
            title_in_body,
            ..Article::default()
        }
    }

    /// Sets a title given apart from the body.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self.title_in_body = None;
        self
    }

    /// Sets an identifier that reports echo back (a path, a database key).
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Sets the byline as given (`By Jane Doe`).
    pub fn with_byline(mut self, byline: impl Into<String>) -> Self {
        self.byline = Some(byline.into());
        self
    }

    /// Sets the publication date as given; it is not parsed.
    pub fn with_published(mut self, published: impl Into<String>) -> Self {
        self.published = Some(published.into());
        self
    }

    /// Sets the URL the article was fetched from.
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Sets the name of the publishing source (`Reuters`, `example-news.com`).
    pub fn with_source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Sets an explicit story key, used to group articles for batch consensus.
    pub fn with_story(mut self, story: impl Into<String>) -> Self {
        self.story = Some(story.into());
        self
    }

    /// The identifier, if one was set.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The body text.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The title, whether given apart or taken from the first line of a plain-text file.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// Where the title sits inside the body, for articles made by [`Article::from_plain_text`].
    pub fn title_in_body(&self) -> Option<Range<usize>> {
        self.title_in_body.clone()
    }

    /// The byline, if given.
    pub fn byline(&self) -> Option<&str> {
        self.byline.as_deref()
    }

    /// The publication date as given, if any.
    pub fn published(&self) -> Option<&str> {
        self.published.as_deref()
    }

    /// The URL, if given.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// The source name, if given.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// The explicit story key, if given.
    pub fn story(&self) -> Option<&str> {
        self.story.as_deref()
    }

    /// The name a report records for the publisher: the source name, else the host of the URL.
    pub fn source_name(&self) -> Option<String> {
        if let Some(s) = &self.source {
            return Some(s.clone());
        }
        let url = self.url.as_deref()?;
        let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit('@').next().unwrap_or(host);
        let host = host.split(':').next().unwrap_or(host);
        let host = host.strip_prefix("www.").unwrap_or(host);
        (!host.is_empty()).then(|| host.to_ascii_lowercase())
    }
}

/// The byte range of the first line with non-whitespace content, trimmed.
fn first_nonempty_line(text: &str) -> Option<Range<usize>> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed_start = line.len() - line.trim_start().len();
        let content = line.trim();
        if !content.is_empty() {
            let s = start + trimmed_start;
            return Some(s..s + content.len());
        }
        start += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_title_is_first_nonempty_line_inside_body() {
        let text = "\r\n \t\r\n  Big news today  \r\nSecond line";
        let a = Article::from_plain_text(text);
        let r = a.title_in_body().unwrap();
        assert_eq!(&text[r], "Big news today");
        assert_eq!(a.title(), Some("Big news today"));
    }

    #[test]
    fn empty_text_has_no_title() {
        assert_eq!(Article::from_plain_text("  \n\n").title(), None);
        assert_eq!(Article::from_plain_text("").title(), None);
    }

    #[test]
    fn source_name_falls_back_to_url_host() {
        let a = Article::new("x").with_url("https://www.Example.com:8080/a/b?c");
        assert_eq!(a.source_name().as_deref(), Some("example.com"));
        let b = a.clone().with_source("Reuters");
        assert_eq!(b.source_name().as_deref(), Some("Reuters"));
        assert_eq!(Article::new("x").source_name(), None);
    }
}
