//! # credence
//!
//! Scores how reliable a news article is as a source, and explains every point it takes away.
//!
//! ```
//! use credence::{Article, Engine};
//!
//! let engine = Engine::default(); // the rule set embedded in the binary
//! let article = Article::from_plain_text(
//!     "Putin visits Pyongyang\n\nMoscow, [Date] – Reports suggest a treaty.\n\nLeave a Reply\n",
//! );
//! let report = engine.score(&article);
//! assert!(report.score < 100);
//! for f in &report.findings {
//!     // every finding quotes its evidence: exactly the text of its byte span
//!     assert_eq!(&article.body()[f.start..f.end], f.evidence);
//! }
//! // the explanation adds up
//! assert_eq!(report.score, (report.start + report.total_points()).clamp(0, 100));
//! println!("{report}");
//! ```
//!
//! ## Concepts
//! - An [`Article`] is text plus metadata. [`Article::from_plain_text`] treats the first
//!   non-empty line as the title; every span is a byte offset into the text as given.
//! - An [`Engine`] is a compiled rule set: [`Engine::default`] (embedded rules),
//!   [`Engine::from_dir`] or [`Engine::from_sources`]. It is `Send + Sync` and cheap to clone.
//! - [`Engine::score`] returns a [`Report`]: a score from 0 to 100 (higher is more reliable), a
//!   [`Verdict`], and [`Finding`]s. `score == clamp(start + Σ points, 0, 100)`.
//! - Rule files are TOML; see `docs/rules.md` for every key, and `docs/facts.md` for fact files
//!   (stories, facts with sources, slots). A rule directory can extend the
//!   embedded defaults (`extends = "default"`) and override rules by id.
//! - [`Engine::explain`] says why one rule did or did not fire on an article.
//! - [`SourceProfiles`] accumulates reports into per-source profiles; [`Reloadable`] swaps in
//!   a new rule set atomically for long-running pipelines (`docs/moderation.md`).
//! - [`Engine::score_batch`] scores several articles together: articles on the same story are
//!   also checked against each other (batch consensus), and each report names its story
//!   ([`StoryGroup`]).
//!
//! ## Features
//! - `cli` (default): the `credence` binary (clap, serde_json). Use
//!   `default-features = false` for the library alone.

#![deny(missing_docs)]

mod analyze;
mod article;
mod attribution;
mod category;
mod diagnostic;
mod engine;
mod explain;
mod facts;
mod fold;
mod limits;
mod matcher;
mod profile;
mod reload;
mod report;
mod ruleset;
mod scoring;
mod signals;
mod text;

pub use article::{Article, Field};
pub use category::{Category, Severity};
pub use diagnostic::{render_example_failures, render_load_error};
pub use engine::{Engine, ExampleFailure};
pub use explain::{Explanation, Reason, Spot};
pub use facts::StoryGroup;
pub use limits::Limits;
pub use profile::{Profile, RuleCount, SourceProfiles, UNKNOWN_SOURCE};
pub use reload::{ReloadEvent, Reloadable, RuleWatcher};
pub use report::{Finding, Report, Verdict};
pub use ruleset::{
    embedded_sources, Example, FieldScope, LinePosition, ListSpec, LoadError, Location, Matcher, Phrase,
    Rule, RuleError, RuleErrorKind, RuleSource, Scope, EMBEDDED,
};
pub use scoring::ScoringPolicy;
pub use text::{Span, TextModel};
