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
//!   [`Engine::from_dir`] or [`Engine::from_sources`] (any [`RuleSource`]s). It is
//!   `Send + Sync` and cheap to clone; loading fails with a [`LoadError`] that lists every
//!   problem with its file, line and column.
//! - [`Engine::score`] returns a [`Report`]: a score from 0 to 100 (higher is more reliable), a
//!   [`Verdict`], and [`Finding`]s, each with its rule id, [`Category`], [`Severity`], evidence
//!   and points.
//! - Rule files are TOML; `docs/rules.md` lists every key, and `docs/schema/rules.schema.json`
//!   lets editors check them. A rule directory can extend the embedded defaults
//!   (`extends = "default"`) and override rules by id.
//! - [`Engine::explain`] says why one rule did or did not fire on an article ([`Explanation`]).
//! - [`SourceProfiles`] accumulates reports into per-source profiles; [`Reloadable`] and
//!   [`RuleWatcher`] swap in a new rule set atomically for long-running pipelines.
//! - [`Engine::score_batch`] scores several articles together: articles on the same story are
//!   also checked against each other (batch consensus), and each report names its story
//!   ([`StoryGroup`]). `docs/facts.md` describes fact files (stories, facts with sources, slots).
//!
//! The [`guide`] walks through all of these with examples: engines shared across threads,
//! batches, custom rule sources, loading errors, profiles, explanations and live reload.
//!
//! ## Conventions
//! - **Spans**: `start..end` are byte offsets into the finding's [`Field`] (end exclusive),
//!   always on `char` boundaries, and `evidence` is exactly that slice. For an article made
//!   with [`Article::from_plain_text`] the title is part of the body and its findings point
//!   into the body; with [`Article::with_title`] they point into the title string. `line` and
//!   `column` are 1-based, columns counted in characters; `\n`, `\r\n` and a lone `\r` end a
//!   line.
//! - **Score**: `score == clamp(start + Σ findings[].points, 0, 100)`, so the explanation adds
//!   up. `base_points` is the rule's value; `points` is what is left after repeats of the same
//!   rule and the category caps of the [`ScoringPolicy`], and `note` says what changed it.
//!   Negative points are flaws, positive points credits. The verdict is `pass` at or above
//!   the policy's `pass`, `review` at or above `review`, else `reject`.
//! - **Order and determinism**: findings are sorted by field (title, body, byline), then
//!   position, then rule id; the same article and rules always give the same report.
//! - **Purity**: scoring does no I/O and keeps no global state.
//!
//! ## Features
//! | feature | default | adds |
//! |---|---|---|
//! | `cli` | yes | the `credence` binary (clap, clap_complete, clap_mangen, serde_json) |
//!
//! Use `default-features = false` for the library alone.

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
mod hash;
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
    Rule, RuleError, RuleErrorKind, RuleRegex, RuleSource, Scope, EMBEDDED,
};
pub use scoring::ScoringPolicy;
pub use text::{Span, TextModel};

#[doc = include_str!("../docs/library.md")]
pub mod guide {}

/// The README's Rust example, compiled and run by `cargo test`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
