//! Grouping a batch of articles into stories: an explicit `story` key wins; otherwise the
//! first fact-file story whose triggers the article matches; otherwise articles that share
//! enough salient names (people, places, organisations) are linked, and linked articles form
//! one story.

use super::{fields, values, FactSet};
use crate::article::Article;
use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};

/// How an article was grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The article's `story` field.
    Explicit,
    /// A fact file's triggers.
    FactFile,
    /// Shared names.
    Names,
}

impl By {
    /// `explicit`, `fact-file` or `names`.
    pub fn as_str(self) -> &'static str {
        match self {
            By::Explicit => "explicit",
            By::FactFile => "fact-file",
            By::Names => "names",
        }
    }
}

/// One story of the batch.
#[derive(Debug, Clone)]
pub struct Group {
    /// The story id.
    pub id: String,
    /// How its articles were grouped.
    pub by: By,
    /// The fact-file stories its articles match (for the facts that fix slots).
    pub stories: Vec<usize>,
    /// Indices into the batch.
    pub members: Vec<usize>,
}

static CAPITALISED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[\p{Lu}][\p{L}\p{M}-]*(?:\s+(?:of\s+|de\s+|bin\s+|al-)?[\p{Lu}][\p{L}\p{M}-]*)*")
        .expect("name regex")
});

/// Words that are never salient names of a story, on top of the function words and months of
/// slot values (`super::values`).
const COMMON: &[&str] = &["for", "president", "minister", "leader", "photo", "by"];

/// The salient names of an article, as words: capitalised words that do not begin a sentence
/// (or that continue a run of capitalised words), lower case, possessives dropped, common
/// words and title-case lines (headlines, section headings) left out. Words rather than whole
/// names, so `Russian President Vladimir Putin` and `Putin` share `putin`.
pub fn names(article: &Article) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (_, text) in fields(article) {
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            let capitalised = words
                .iter()
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .count();
            let heading = !line.trim_end().ends_with(['.', '!', '?', '"', '”']);
            if heading && words.len() >= 3 && capitalised * 10 >= words.len() * 6 {
                continue;
            }
            for m in CAPITALISED.find_iter(line) {
                let before = line[..m.start()].trim_end();
                let starts_sentence =
                    before.is_empty() || before.ends_with(['.', '!', '?', ':', '"', '“', '”']);
                let run = m.as_str().to_lowercase().replace('’', "'");
                for (k, word) in run.split_whitespace().enumerate() {
                    if k == 0 && starts_sentence {
                        continue;
                    }
                    let word = word
                        .trim_end_matches("'s")
                        .trim_matches(|c: char| !c.is_alphanumeric());
                    if word.chars().count() < 3
                        || COMMON.contains(&word)
                        || values::FUNCTION_WORDS.contains(&word)
                        || values::MONTHS.contains(&word)
                    {
                        continue;
                    }
                    out.insert(word.to_string());
                }
            }
        }
    }
    out
}

/// Groups a batch, given the fact-file stories each article mentions
/// ([`FactSet::stories_of`], one list per article); returns the groups, in order of their first
/// article. Articles that fall into no group of two or more by names get no group.
pub fn group(set: &FactSet, articles: &[Article], stories_of: &[Vec<usize>]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: BTreeMap<(u8, String), usize> = BTreeMap::new();
    let mut rest = Vec::new();
    for ((i, a), stories) in articles.iter().enumerate().zip(stories_of) {
        let (key, by) = if let Some(s) = a.story().map(str::trim).filter(|s| !s.is_empty()) {
            ((0, s.to_string()), By::Explicit)
        } else if let Some(&s) = stories.first() {
            ((1, set.stories[s].id.clone()), By::FactFile)
        } else {
            rest.push(i);
            continue;
        };
        let g = *index.entry(key.clone()).or_insert_with(|| {
            groups.push(Group {
                id: key.1.clone(),
                by,
                stories: Vec::new(),
                members: Vec::new(),
            });
            groups.len() - 1
        });
        groups[g].members.push(i);
        for &s in stories {
            if !groups[g].stories.contains(&s) {
                groups[g].stories.push(s);
            }
        }
    }
    // The rest: link articles that share enough names (union-find), then name each group by
    // its most widely shared names.
    let names: Vec<BTreeSet<String>> = rest.iter().map(|&i| self::names(&articles[i])).collect();
    let mut parent: Vec<usize> = (0..rest.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let c = &set.consensus;
    // Shared words counted through an index from word to articles, so unrelated articles are
    // never compared.
    let mut postings: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (k, ns) in names.iter().enumerate() {
        for n in ns {
            postings.entry(n.as_str()).or_default().push(k);
        }
    }
    for a in 0..rest.len() {
        let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
        for n in &names[a] {
            for &b in postings[n.as_str()].iter().filter(|&&b| b > a) {
                *shared.entry(b).or_insert(0) += 1;
            }
        }
        for (b, count) in shared {
            let smaller = names[a].len().min(names[b].len()).max(1);
            if count >= c.min_shared_names && count as f64 / smaller as f64 >= c.min_name_overlap {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[rb] = ra;
            }
        }
    }
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for k in 0..rest.len() {
        let r = root(&mut parent, k);
        clusters.entry(r).or_default().push(k);
    }
    let mut named: Vec<Group> = clusters
        .into_values()
        .filter(|ks| ks.len() >= 2)
        .map(|ks| {
            let mut count: BTreeMap<&str, usize> = BTreeMap::new();
            for &k in &ks {
                for n in &names[k] {
                    *count.entry(n.as_str()).or_insert(0) += 1;
                }
            }
            let mut top: Vec<(&str, usize)> = count.into_iter().collect();
            top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let id = top
                .iter()
                .take(3)
                .map(|(n, _)| n.to_string())
                .collect::<Vec<_>>()
                .join("+");
            Group {
                id: format!("names:{id}"),
                by: By::Names,
                stories: Vec::new(),
                members: ks.iter().map(|&k| rest[k]).collect(),
            }
        })
        .collect();
    groups.append(&mut named);
    groups.sort_by_key(|g| g.members[0]);
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_skip_sentence_starts_and_common_words() {
        let a = Article::new("The mayor of Lyon met Anne Hidalgo in Paris. Officials said Lyon would pay.");
        let n = names(&a);
        assert!(n.contains("lyon"), "{n:?}");
        assert!(n.contains("anne") && n.contains("hidalgo"), "{n:?}");
        assert!(n.contains("paris"), "{n:?}");
        assert!(!n.contains("officials"), "{n:?}");
        assert!(!n.contains("the"), "{n:?}");
        let headline = Article::new("Putin Makes First Visit to North Korea\n\nHe met Kim Jong Un.");
        let n = names(&headline);
        assert!(!n.contains("makes") && n.contains("jong"), "{n:?}");
    }
}
