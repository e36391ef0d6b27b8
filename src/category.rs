//! The closed set of finding categories and severities.
//!
//! Categories are part of the rule-file contract: a rule names one of them, reports carry it, and
//! scoring caps are set per category. The set is closed so that downstream tools can rely on it;
//! new families reserve their name here first.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What kind of weakness (or strength) a finding is evidence of.
///
/// The serialized name (kebab-case) is the one used in rule files, reports and scoring caps.
///
/// ```
/// use credence::Category;
/// assert_eq!(Category::Placeholder.as_str(), "placeholder");
/// assert_eq!("good-practice".parse::<Category>(), Ok(Category::GoodPractice));
/// assert!(Category::ALL.contains(&Category::Hedging));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Unfilled template tokens and generator leftovers.
    ///
    /// Example: `Moscow, [Date] – ...`, `Lorem ipsum`, `As an AI language model, ...`.
    Placeholder,
    /// Leftover page chrome, comment forms and SEO dumps copied along with the article.
    ///
    /// Example: `Leave a Reply`, `You May Have Missed`, a `Keywords:` line followed by a list.
    Boilerplate,
    /// A claim credited to no one, or to a vague source.
    ///
    /// Example: `Reports suggest ...`, `Some experts warn ...`.
    UnattributedClaim,
    /// Speculative wording without a source; a small penalty on its own.
    ///
    /// Example: `could potentially`, `is expected to`.
    Hedging,
    /// A statement that contradicts a fact file or the consensus of the batch.
    ///
    /// Example: placing a meeting in Vladivostok when every other source says Vostochny.
    ConsensusContradiction,
    /// One article giving two incompatible values for the same fact.
    ///
    /// Example: the last meeting placed both at Vostochny and in Vladivostok.
    SelfContradiction,
    /// Bait phrasing, shouting and shock words in the headline.
    ///
    /// Example: `You Won't Believe What Happened Next!!`.
    SensationalTitle,
    /// Claims credited to unnamed people the reporter knows.
    ///
    /// Example: `a source close to the ministry said`.
    AnonymousSource,
    /// First-person opinion and loaded wording in a news body.
    ///
    /// Example: `I think this is a disgraceful decision`.
    OpinionVoice,
    /// Evidence of journalistic practice that earns credit (positive points).
    ///
    /// Example: a dateline `PARIS (Reuters) —`, a quotation with a named speaker.
    GoodPractice,
    /// Not evidence about the article but about how much of it was scored: the engine adds these
    /// (0 points) when an article was cut at a size limit or had too many findings to list.
    ///
    /// Example: `input/truncated` on a 50 MB scraped page.
    Input,
}

impl Category {
    /// Every category, in documentation order.
    pub const ALL: &'static [Category] = &[
        Category::Placeholder,
        Category::Boilerplate,
        Category::UnattributedClaim,
        Category::Hedging,
        Category::ConsensusContradiction,
        Category::SelfContradiction,
        Category::SensationalTitle,
        Category::AnonymousSource,
        Category::OpinionVoice,
        Category::GoodPractice,
        Category::Input,
    ];

    /// The kebab-case name used in rule files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Placeholder => "placeholder",
            Category::Boilerplate => "boilerplate",
            Category::UnattributedClaim => "unattributed-claim",
            Category::Hedging => "hedging",
            Category::ConsensusContradiction => "consensus-contradiction",
            Category::SelfContradiction => "self-contradiction",
            Category::SensationalTitle => "sensational-title",
            Category::AnonymousSource => "anonymous-source",
            Category::OpinionVoice => "opinion-voice",
            Category::GoodPractice => "good-practice",
            Category::Input => "input",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL.iter().copied().find(|c| c.as_str() == s).ok_or(())
    }
}

/// How serious a finding is, independent of its points; used for display and filtering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Informational, usually a credit or a weak signal.
    Info,
    /// Worth a look; rarely decisive alone.
    Minor,
    /// A clear weakness.
    Major,
    /// A strong sign the article was not reported by anyone.
    Critical,
}

impl Severity {
    /// Every severity, from least to most serious.
    pub const ALL: &'static [Severity] = &[
        Severity::Info,
        Severity::Minor,
        Severity::Major,
        Severity::Critical,
    ];

    /// The kebab-case name used in rule files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Minor => "minor",
            Severity::Major => "major",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL.iter().copied().find(|c| c.as_str() == s).ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>(), Ok(*c));
            let json = format!("\"{}\"", c.as_str());
            assert_eq!(serde_json::from_str::<Category>(&json).unwrap(), *c);
        }
        for s in Severity::ALL {
            assert_eq!(s.as_str().parse::<Severity>(), Ok(*s));
        }
        assert!("boilerplates".parse::<Category>().is_err());
    }
}
