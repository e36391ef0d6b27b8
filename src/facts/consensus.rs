//! Batch consensus: for the articles of one story, the values each states for each slot; where
//! a clear majority agrees, the articles that disagree are flagged.

use super::grouping::{self, Group};
use super::{compatible, quote, FactSet, Stated, StoryGroup};
use crate::analyze::RawFinding;
use crate::article::Article;
use crate::engine::Engine;
use crate::report::Report;

impl Engine {
    /// Scores a batch of articles together: each article gets its own findings, and the
    /// articles of one story are also checked against each other (batch consensus).
    ///
    /// Articles are grouped into stories by their `story` field, else by the fact-file story
    /// whose triggers they match, else by shared names. For every slot that no fact file fixes,
    /// when at least `min_articles` articles of a story state a value and at least `min_share`
    /// of them agree, each article that states an incompatible value gets a finding of the
    /// rule with `analyzer = "batch"`. Reports come back in input order and say which story
    /// each article was grouped into ([`Report::story`]).
    ///
    /// ```
    /// use credence::{Article, Engine};
    /// let engine = Engine::default();
    /// let said = |place: &str| Article::new(format!(
    ///     "Ministers of Ruritania and Elbonia signed the accord. Their last meeting was in March in {place}."
    /// )).with_story("accord");
    /// let reports = engine.score_batch(&[said("Geneva"), said("Geneva"), said("Geneva"), said("Oslo")]);
    /// assert_eq!(reports[0].story.as_ref().unwrap().others, 3);
    /// assert!(reports[3].findings.iter().any(|f| f.rule == "consensus-contradiction/batch"));
    /// assert!(!reports[0].findings.iter().any(|f| f.rule == "consensus-contradiction/batch"));
    /// ```
    pub fn score_batch(&self, articles: &[Article]) -> Vec<Report> {
        let set = self.facts();
        let (mut raw, stories): (Vec<Vec<RawFinding>>, Vec<Vec<usize>>) =
            articles.iter().map(|a| self.findings_and_stories(a)).unzip();
        let groups = grouping::group(set, articles, &stories);
        let mut story: Vec<Option<StoryGroup>> = vec![None; articles.len()];
        for g in &groups {
            for &m in &g.members {
                story[m] = Some(StoryGroup {
                    id: g.id.clone(),
                    by: g.by.as_str().to_string(),
                    others: g.members.len() - 1,
                });
            }
            if let Some(rule) = set.rule_batch {
                for (m, finding) in disagreements(set, articles, g, rule) {
                    raw[m].push(finding);
                }
            }
        }
        articles
            .iter()
            .zip(raw)
            .zip(story)
            .map(|((a, r), s)| {
                let mut report = self.finish(a, r);
                report.story = s;
                report
            })
            .collect()
    }
}

/// The batch findings of one story: (article index, finding).
fn disagreements(set: &FactSet, articles: &[Article], g: &Group, rule: usize) -> Vec<(usize, RawFinding)> {
    let c = &set.consensus;
    let mut out = Vec::new();
    if g.members.len() < c.min_articles {
        return out;
    }
    let slots: Vec<usize> = set
        .slots_for(&g.stories)
        .into_iter()
        .filter(|&s| !matches!(set.fact_for(&g.stories, s), Some((_, f)) if !f.accept.is_empty()))
        .collect();
    let stated: Vec<Vec<Stated>> = g
        .members
        .iter()
        .map(|&m| set.stated_in_article(&articles[m], &slots))
        .collect();
    for &slot in &slots {
        let per: Vec<Vec<&Stated>> = stated
            .iter()
            .map(|v| v.iter().filter(|s| s.slot == slot).collect())
            .collect();
        let n = per.iter().filter(|v| !v.is_empty()).count();
        if n < c.min_articles {
            continue;
        }
        // Support of each stated value: how many articles state a compatible one.
        let support = |v: &Stated| {
            per.iter()
                .filter(|a| a.iter().any(|x| compatible(&x.norm, &v.norm)))
                .count()
        };
        let mut best: Option<(&Stated, usize)> = None;
        let mut tie = false;
        for v in per.iter().flatten() {
            let s = support(v);
            match best {
                None => best = Some((v, s)),
                Some((_, bs)) if s > bs => {
                    best = Some((v, s));
                    tie = false;
                }
                Some((b, bs)) if s == bs && !compatible(&b.norm, &v.norm) => tie = true,
                _ => {}
            }
        }
        let Some((majority, k)) = best else { continue };
        if tie || (k as f64) < c.min_share * n as f64 {
            continue;
        }
        for (i, values) in per.iter().enumerate() {
            if values.is_empty() || values.iter().any(|x| compatible(&x.norm, &majority.norm)) {
                continue;
            }
            let v = values[0];
            out.push((
                g.members[i],
                RawFinding {
                    rule,
                    field: v.field,
                    span: v.span.clone(),
                    message: Some(format!(
                        "{k} of {n} articles on this story (`{}`) give {} as {}; this one says {}",
                        g.id,
                        set.slots[slot].label,
                        quote(&majority.text),
                        quote(&v.text)
                    )),
                },
            ));
        }
    }
    out
}

/// The report of the last article of an example written as several articles separated by
/// lines holding only `---`, scored as one batch (for the examples of a batch rule).
pub(crate) fn example_report(engine: &Engine, text: &str) -> Report {
    let mut parts: Vec<String> = vec![String::new()];
    for line in text.split_inclusive('\n') {
        if line.trim() == "---" {
            parts.push(String::new());
        } else if let Some(last) = parts.last_mut() {
            last.push_str(line);
        }
    }
    let articles: Vec<Article> = parts.into_iter().map(Article::from_plain_text).collect();
    let mut reports = engine.score_batch(&articles);
    reports.pop().unwrap_or_else(|| engine.score(&Article::new("")))
}

#[cfg(test)]
mod tests {
    use crate::{Article, Engine, Limits};
    use once_cell::sync::Lazy;

    /// The default rules, and the same with articles clipped to 40 bytes.
    static ENGINES: Lazy<[Engine; 2]> = Lazy::new(|| {
        let clipping = Limits::default().max_article_bytes(40);
        [
            Engine::default(),
            Engine::from_sources_with_limits(crate::ruleset::embedded_sources(), clipping).unwrap(),
        ]
    });

    /// The stories batch grouping reads from the engine's scan are the ones a scan of the
    /// article of its own finds.
    fn same_stories(engine: &Engine, article: &Article) -> Result<(), proptest::test_runner::TestCaseError> {
        let (_, stories) = engine.findings_and_stories(article);
        proptest::prop_assert_eq!(stories, engine.facts().stories_of(article));
        Ok(())
    }

    #[test]
    fn the_seeds_stories_come_from_the_scan() {
        let engine = Engine::default();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut mentioning = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let article = Article::from_plain_text(std::fs::read_to_string(&path).unwrap());
                same_stories(&engine, &article).unwrap();
                mentioning += usize::from(!engine.facts().stories_of(&article).is_empty());
            }
        }
        assert!(
            mentioning >= 3,
            "the seeds are about the default fact file's story"
        );
    }

    proptest::proptest! {
        #[test]
        fn stories_from_the_scan_are_the_stories_of_the_article(
            words in proptest::collection::vec(
                "Putin|PUTIN|Putin’s|putins|North Korea|north  korea|NORTH\nKOREA|Pyongyang|pyongyang,|Kim Jong Un|Kim’s|DPRK|xDPRK|Moscow|Russia|Russian|visit|summit|June|2024|,|\\.|the|\n",
                0..14,
            ),
            title in proptest::option::of("Putin visits Pyongyang|North Korea|Kim Jong Un|DPRK"),
            published in proptest::option::of("2024-06-1[0-9]|2019-01-01|2030-12-31|not a date"),
            clip in proptest::bool::ANY,
        ) {
            let engine = &ENGINES[usize::from(clip)];
            let body = words.join(" ");
            let mut article = match &title {
                Some(t) => Article::new(body).with_title(t.clone()),
                None => Article::from_plain_text(body),
            };
            if let Some(p) = &published {
                article = article.with_published(p.clone());
            }
            same_stories(engine, &article)?;
        }
    }
}
