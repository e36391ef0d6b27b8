//! Fact files, batch consensus and self-contradiction.
//!
//! - Metamorphic tests: a correct sentence from a seed article passes; the same sentence with
//!   one fact changed (year, place, who travels, number of years) is flagged.
//! - Paraphrase tests: the same fact in other words (number words, approximate phrases, other
//!   names for the place) is not flagged.
//! - Batch tests with 3–6 synthetic articles: a clear majority flags the minority; ties and
//!   too-small batches flag nothing.
//! - A fact file written for another story (`tests/facts/apollo-11.toml`) works as is.

use credence::{embedded_sources, Article, Category, Engine, LoadError, Report, RuleErrorKind, RuleSource};

const TITLE: &str = "Putin visits North Korea\n\n";

fn contradictions(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| {
            f.category == Category::ConsensusContradiction || f.category == Category::SelfContradiction
        })
        .map(|f| format!("{} {:?}: {}", f.rule, f.evidence, f.message))
        .collect()
}

fn check(engine: &Engine, sentence: &str) -> Vec<String> {
    contradictions(&engine.score(&Article::from_plain_text(format!("{TITLE}{sentence}"))))
}

/// Correct sentences from the seeds, each with mutations that change one fact.
const METAMORPHIC: &[(&str, &str, &[&str])] = &[
    (
        // the number of years since the last visit
        "Russian President Vladimir Putin is set to visit North Korea on Tuesday, marking his first trip to the isolated nation in 24 years.",
        "24 years",
        &["20 years", "fourteen years", "three decades", "half a century", "nearly two decades"],
    ),
    (
        // the place of the last meeting
        "This visit follows their recent meeting in September at the Vostochny Cosmodrome in Russia’s Far East.",
        "Vostochny Cosmodrome",
        &["Kremlin", "Khabarovsk", "Vladivostok Cosmodrome"],
    ),
    (
        "The last meeting between the two leaders was in September at Russia’s Vostochny cosmodrome.",
        "Russia’s Vostochny cosmodrome",
        &["the Russian city of Vladivostok", "Moscow", "Beijing"],
    ),
    (
        // the month of the last meeting
        "The last meeting between the two leaders was in September at Russia’s Vostochny cosmodrome.",
        "September",
        &["July", "March 2022"],
    ),
    (
        // the year of the previous visit
        "The last time President Putin visited North Korea was in 2000, during his first year in office.",
        "2000",
        &["2001", "1999", "June 2000"],
    ),
    (
        "Putin's trip, his first to the country since 2000, comes as Moscow seeks arms.",
        "2000",
        &["2001", "1998"],
    ),
    (
        // who travels
        "Russian President Vladimir Putin is set to visit North Korea on Tuesday.",
        "Russian President Vladimir Putin is set to visit North Korea",
        &[
            "North Korean leader Kim Jong Un is set to visit Russia",
            "North Korean leader Kim Jong Un will travel to Moscow",
            "Russian President Vladimir Putin is set to visit South Korea",
            "Russian President Vladimir Putin is set to visit China",
        ],
    ),
    (
        // the treaty
        "Putin and Kim signed a comprehensive strategic partnership treaty on Wednesday.",
        "signed",
        &["did not sign", "failed to sign"],
    ),
    (
        // who is in the delegation
        "Putin’s delegation includes his new defense minister, Andrei Belousov, Foreign Minister Sergei Lavrov, and Deputy Prime Minister Alexander Novak.",
        "Andrei Belousov",
        &["Sergei Shoigu"],
    ),
    (
        // where Putin goes next
        "After North Korea, Putin is expected to visit Vietnam, a Communist state and long-time ally.",
        "Vietnam",
        &["Laos", "China"],
    ),
];

#[test]
fn correct_seed_sentences_are_not_flagged() {
    let engine = Engine::default();
    for (sentence, _, _) in METAMORPHIC {
        let found = check(&engine, sentence);
        assert!(found.is_empty(), "{sentence:?} flagged: {found:#?}");
    }
}

#[test]
fn changing_one_fact_is_flagged() {
    let engine = Engine::default();
    for (sentence, fact, mutations) in METAMORPHIC {
        assert!(sentence.contains(fact), "{fact:?} not in {sentence:?}");
        for m in *mutations {
            let changed = sentence.replacen(fact, m, 1);
            let found = check(&engine, &changed);
            assert!(
                found
                    .iter()
                    .any(|f| f.starts_with("consensus-contradiction/fact-file")),
                "{changed:?} not flagged: {found:#?}"
            );
        }
    }
}

#[test]
fn paraphrases_that_keep_the_fact_are_not_flagged() {
    let engine = Engine::default();
    for sentence in [
        "Putin arrived in Pyongyang, marking his first trip to the isolated nation in 24 years.",
        "Putin arrived in Pyongyang for the first time in twenty-four years.",
        "Putin arrived in Pyongyang, the first trip by a Russian leader to the country in over two decades.",
        "Putin arrived in Pyongyang, his first visit in nearly a quarter of a century.",
        "Putin arrived in Pyongyang, his first visit in more than 20 years.",
        "Putin’s Historic Visit to North Korea After 24 Years Amidst Growing Ties",
        "Putin Makes First Visit to North Korea in Over Two Decades, Meets Kim Jong Un",
        "Their last meeting was in September at the Vostochny space centre in the Amur region.",
        "They last met in September 2023 at the Vostochny spaceport.",
        "Their most recent meeting took place at the Vostochny Cosmodrome in Russia.",
        "The last time Putin visited North Korea was in July 2000, when he met Kim Jong Il.",
        "Putin’s previous visit to Pyongyang was in July 2000.",
        "Vladimir Putin will travel to Pyongyang on Tuesday for talks with Kim Jong Un.",
        "This visit comes after North Korean leader Kim Jong Un’s trip to the Russian Far East last September.",
        "Putin’s Upcoming Visit to North Korea was confirmed by Russia Following Kim Jong Un’s Visit to the Russian Far East",
        "Their first meeting was in Vladivostok in April 2019; the last was at the Vostochny Cosmodrome.",
        "Putin arrived in Pyongyang after more than two years of war in Ukraine.",
        "Former defence minister Sergei Shoigu visited Pyongyang in July 2023.",
        "Defence minister Andrei Belousov accompanied Putin.",
        "Putin's trip, his first to the country since 2000, comes as Moscow seeks arms.",
        "Kim last visited Russia in September, when the two leaders met at the Vostochny Cosmodrome.",
        "The leaders previously met in Vladivostok in 2019.",
        // a story slot replaces the generic one: Kim's trips are not Putin's visit
        "Putin is making his first visit in 24 years. Kim made his first trip abroad in four years in 2023.",
        "Kim Jong Un visited Russia in September 2023, where he toured the Vostochny Cosmodrome.",
    ] {
        let found = check(&engine, sentence);
        assert!(found.is_empty(), "{sentence:?} flagged: {found:#?}");
    }
}

#[test]
fn fact_file_findings_name_the_fact_and_its_sources() {
    let engine = Engine::default();
    let found = check(
        &engine,
        "The most recent meeting between the two leaders occurred in September, taking place in the Russian city of Vladivostok.",
    );
    let f = found
        .iter()
        .find(|f| f.starts_with("consensus-contradiction/fact-file"))
        .expect("a fact-file finding");
    assert!(f.contains("putin-pyongyang-2024"), "{f}");
    assert!(f.contains("last-meeting-place"), "{f}");
    assert!(f.contains("Vladivostok"), "{f}");
    assert!(f.contains("Sources: Reuters, 13 September 2023"), "{f}");
}

#[test]
fn facts_apply_only_to_their_story() {
    let engine = Engine::default();
    // Neither Putin nor North Korea: the Pyongyang facts do not apply.
    let other = "Summit in Oslo\n\nThe last meeting between the two prime ministers was in Vladivostok, and the first in 24 years.";
    let report = engine.score(&Article::from_plain_text(other));
    assert!(
        contradictions(&report).is_empty(),
        "{:#?}",
        contradictions(&report)
    );
    // A dated article outside the story's dates is not checked either.
    let dated = Article::new("Kim Jong Un is set to visit Russia, where he will meet Vladimir Putin.")
        .with_title("Kim to meet Putin")
        .with_published("2023-09-10");
    assert!(contradictions(&engine.score(&dated)).is_empty());
    let in_range = dated.clone().with_published("2024-06-17");
    assert!(!contradictions(&engine.score(&in_range)).is_empty());
}

#[test]
fn seed_004_contradicts_itself_and_the_finding_quotes_both_places() {
    let text = include_str!("../seeds/004_c4ed1bb31c85fc90.txt");
    let report = Engine::default().score(&Article::from_plain_text(text));
    let selfc: Vec<_> = report.in_category(Category::SelfContradiction).collect();
    assert_eq!(selfc.len(), 1, "{selfc:#?}");
    let f = selfc[0];
    assert!(
        f.message.contains("Vladivostok") && f.message.contains("Vostochny"),
        "{}",
        f.message
    );
    assert_eq!(f.evidence, "Russian city of Vladivostok");
    assert!(f.points <= -20);
}

#[test]
fn self_contradiction_needs_two_incompatible_values_for_one_slot() {
    let engine = Engine::default();
    let both = "Leaders meet\n\nTheir last meeting was in Geneva. The previous meeting took place in Oslo.";
    let r = engine.score(&Article::from_plain_text(both));
    let f: Vec<_> = r.in_category(Category::SelfContradiction).collect();
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains("“Geneva” (line 3)") && f[0].message.contains("“Oslo” (line 3)"),
        "{}",
        f[0].message
    );
    for fine in [
        "Leaders meet\n\nTheir last meeting was in Geneva. The previous meeting took place in Geneva.",
        "Leaders meet\n\nTheir first meeting was in Oslo. Their last meeting was in Geneva.",
        "Leaders meet\n\nThey met for the first time in 24 years. It was their first summit in over two decades.",
    ] {
        let r = engine.score(&Article::from_plain_text(fine));
        assert_eq!(r.in_category(Category::SelfContradiction).count(), 0, "{fine:?}");
    }
    let years =
        "Leaders meet\n\nThey met for the first time in 24 years. It was their first summit in a decade.";
    let r = engine.score(&Article::from_plain_text(years));
    assert_eq!(r.in_category(Category::SelfContradiction).count(), 1);
}

/// A synthetic article of the story `accord`, saying where the last meeting was.
fn accord(place: &str) -> Article {
    Article::new(format!(
        "The foreign ministers of Ruritania and Elbonia, Anna Berg and Jon Holt, signed the accord in Vienna on Monday. Their last meeting was in {place}."
    ))
    .with_title("Ruritania and Elbonia sign accord")
}

fn batch_findings(reports: &[Report]) -> Vec<Vec<&str>> {
    reports
        .iter()
        .map(|r| {
            r.findings
                .iter()
                .filter(|f| f.rule == "consensus-contradiction/batch")
                .map(|f| f.evidence.as_str())
                .collect()
        })
        .collect()
}

#[test]
fn a_clear_majority_flags_the_minority_and_counts() {
    let engine = Engine::default();
    let batch: Vec<Article> = ["Geneva", "Geneva", "the Swiss city of Geneva", "Oslo"]
        .iter()
        .map(|p| accord(p).with_story("accord"))
        .collect();
    let reports = engine.score_batch(&batch);
    assert_eq!(
        batch_findings(&reports),
        vec![vec![], vec![], vec![], vec!["Oslo"]]
    );
    let f = reports[3]
        .findings
        .iter()
        .find(|f| f.rule == "consensus-contradiction/batch")
        .unwrap();
    assert!(
        f.message.starts_with("3 of 4 articles on this story (`accord`)"),
        "{}",
        f.message
    );
    assert!(f.message.contains("this one says “Oslo”"), "{}", f.message);
    let story = reports[3].story.as_ref().unwrap();
    assert_eq!(
        (story.id.as_str(), story.by.as_str(), story.others),
        ("accord", "explicit", 3)
    );
    // scored alone, the same article has nothing to disagree with
    assert!(engine
        .score(&batch[3])
        .findings
        .iter()
        .all(|f| f.rule != "consensus-contradiction/batch"));
}

#[test]
fn three_of_five_is_a_majority_and_flags_both_others() {
    let batch: Vec<Article> = ["Geneva", "Oslo", "Geneva", "Lisbon", "Geneva"]
        .iter()
        .map(|p| accord(p).with_story("accord"))
        .collect();
    let reports = Engine::default().score_batch(&batch);
    assert_eq!(
        batch_findings(&reports),
        vec![vec![], vec!["Oslo"], vec![], vec!["Lisbon"], vec![]]
    );
}

#[test]
fn ties_and_weak_majorities_flag_nothing() {
    let engine = Engine::default();
    for places in [
        &["Geneva", "Geneva", "Oslo", "Oslo"][..],
        &["Geneva", "Geneva", "Geneva", "Oslo", "Oslo", "Oslo"][..],
        &["Geneva", "Oslo", "Lisbon"][..],
        &["Geneva", "Geneva", "Oslo", "Lisbon", "Rome"][..],
    ] {
        let batch: Vec<Article> = places.iter().map(|p| accord(p).with_story("accord")).collect();
        let reports = engine.score_batch(&batch);
        assert!(
            batch_findings(&reports).iter().all(Vec::is_empty),
            "{places:?}: {:?}",
            batch_findings(&reports)
        );
    }
}

#[test]
fn too_small_batches_flag_nothing() {
    let engine = Engine::default();
    let two = [accord("Geneva").with_story("a"), accord("Oslo").with_story("a")];
    assert!(batch_findings(&engine.score_batch(&two))
        .iter()
        .all(Vec::is_empty));
    // four articles, but only two of them state the slot
    let mut four = vec![accord("Geneva"), accord("Oslo")];
    four.push(Article::new("Ruritania and Elbonia signed the accord in Vienna.").with_title("Accord"));
    four.push(Article::new("Anna Berg and Jon Holt signed the accord in Vienna.").with_title("Accord"));
    let four: Vec<Article> = four.into_iter().map(|a| a.with_story("a")).collect();
    assert!(batch_findings(&engine.score_batch(&four))
        .iter()
        .all(Vec::is_empty));
}

#[test]
fn articles_are_grouped_by_shared_names_when_nothing_else_says() {
    let engine = Engine::default();
    let other = Article::new(
        "The city council of Lyon approved the budget. Mayor Grégory Doucet said Lyon would hire teachers.",
    )
    .with_title("Lyon budget");
    let batch = vec![
        accord("Geneva"),
        accord("Geneva"),
        other,
        accord("Geneva"),
        accord("Oslo"),
    ];
    let reports = engine.score_batch(&batch);
    assert_eq!(
        batch_findings(&reports),
        vec![vec![], vec![], vec![], vec![], vec!["Oslo"]]
    );
    let s = reports[0].story.as_ref().unwrap();
    assert_eq!((s.by.as_str(), s.others), ("names", 3));
    assert!(s.id.starts_with("names:"), "{}", s.id);
    assert_eq!(reports[2].story, None, "the Lyon article shares no names");
    // an explicit story wins over names
    let mut split = batch.clone();
    split[4] = split[4].clone().with_story("elsewhere");
    let reports = engine.score_batch(&split);
    assert!(batch_findings(&reports).iter().all(Vec::is_empty));
    assert_eq!(reports[4].story.as_ref().unwrap().others, 0);
}

#[test]
fn seeds_in_a_batch_join_the_fact_file_story() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let batch: Vec<Article> = names
        .iter()
        .map(|n| Article::from_plain_text(std::fs::read_to_string(format!("{dir}/{n}")).unwrap()))
        .collect();
    let engine = Engine::default();
    let reports = engine.score_batch(&batch);
    for (r, a) in reports.iter().zip(&batch) {
        let s = r.story.as_ref().unwrap();
        assert_eq!(
            (s.id.as_str(), s.by.as_str(), s.others),
            ("putin-pyongyang-2024", "fact-file", 4)
        );
        // the fact file decides every slot the seeds state, so the batch adds nothing
        let alone = engine.score(a);
        assert_eq!(alone.findings, r.findings);
    }
}

fn with_user_file() -> Engine {
    let mut sources = embedded_sources();
    sources.push(
        RuleSource::read_file(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/facts/apollo-11.toml")).unwrap(),
    );
    Engine::from_sources(sources).unwrap()
}

#[test]
fn a_user_written_fact_file_for_another_story_works_without_code_changes() {
    let engine = with_user_file();
    let title = "Apollo 11: the Moon landing remembered\n\n";
    let right = [
        "Armstrong and Aldrin landed in the Sea of Tranquility on 20 July 1969.",
        "The lunar module Eagle touched down at Tranquility Base on July 20, 1969.",
        "It was the first crewed Moon landing.",
        "Neil Armstrong was the first man to walk on the Moon; Aldrin followed him.",
    ];
    for s in right {
        let r = engine.score(&Article::from_plain_text(format!("{title}{s}")));
        assert!(contradictions(&r).is_empty(), "{s:?}: {:#?}", contradictions(&r));
    }
    let wrong = [
        "Armstrong and Aldrin landed in the Ocean of Storms on 20 July 1969.",
        "Armstrong and Aldrin landed in the Sea of Tranquility on 21 July 1969.",
        "It was the second crewed Moon landing.",
        "Buzz Aldrin was the first man to walk on the Moon.",
    ];
    for s in wrong {
        let r = engine.score(&Article::from_plain_text(format!("{title}{s}")));
        let found = contradictions(&r);
        assert!(
            found
                .iter()
                .any(|f| f.contains("apollo-11") && f.contains("tests/facts/apollo-11.toml")),
            "{s:?}: {found:#?}"
        );
    }
    // Its own examples pass.
    let failures: Vec<String> = engine
        .check_examples()
        .iter()
        .filter(|f| f.location.origin.ends_with("apollo-11.toml"))
        .map(|f| f.to_string())
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
    // The default story is unaffected.
    let putin = "Putin visits North Korea\n\nThe last meeting between the two leaders was in September in Vladivostok.";
    assert!(!contradictions(&engine.score(&Article::from_plain_text(putin))).is_empty());
}

fn errors(src: &str) -> Vec<credence::RuleError> {
    let mut sources = embedded_sources();
    sources.push(RuleSource::new("user.toml", src));
    match Engine::from_sources(sources) {
        Ok(_) => panic!("expected an error for:\n{src}"),
        Err(LoadError::Invalid(v)) => v,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

#[test]
fn fact_file_mistakes_are_located_and_explained() {
    let story = "[[story]]\nid = \"s\"\ntitle = \"t\"\nmentions = [[\"x\"]]\n";
    let cases: &[(&str, &str, usize)] = &[
        ("[[story.fact]]\nid = \"f\"\nstatement = \"s\"\nsources = [\"r\"]\nslot = \"nowhere\"\naccept = [\"x\"]\n", "unknown slot `nowhere`", 9),
        ("[[story.fact]]\nid = \"f\"\nstatement = \"s\"\nsources = []\ncontradicted_by = [\"a b\"]\n", "at least one source", 8),
        ("[[story.fact]]\nid = \"f\"\nstatement = \"s\"\nsources = [\"r\"]\ncontradicted_by = [\"visit {value}\"]\n", "invalid pattern", 9),
        ("[[story.fact]]\nid = \"f\"\nstatement = \"s\"\nsources = [\"r\"]\nslot = \"years-since-last-visit\"\naccept = [\"lots\"]\n", "not a value of kind `years`", 10),
        ("[[story.fact]]\nid = \"f\"\nstatement = \"s\"\nsources = [\"r\"]\n", "has no check", 6),
        ("[[story.slot]]\nid = \"x\"\nkind = \"colour\"\nlabel = \"l\"\npatterns = [\"in {value}\"]\n", "unknown slot kind `colour`", 7),
    ];
    for (extra, message, line) in cases {
        let errs = errors(&format!("{story}{extra}"));
        assert_eq!(errs.len(), 1, "{errs:?}");
        let e = &errs[0];
        assert!(matches!(e.kind, RuleErrorKind::Fact { .. }), "{e}");
        assert!(e.to_string().contains(message), "{e}");
        assert_eq!(
            (e.location.origin.as_str(), e.location.line),
            ("user.toml", *line),
            "{e}"
        );
    }
    let unknown_key = errors(&format!("{story}when = 1\n"));
    assert!(
        unknown_key[0].to_string().contains("unknown field `when`"),
        "{}",
        unknown_key[0]
    );
    let analyzer = errors("[[rule]]\nid = \"hedging/x\"\ncategory = \"hedging\"\npoints = -1\nmessage = \"m\"\nanalyzer = \"facts\"\n");
    assert!(
        analyzer[0].to_string().contains("unknown analyzer `facts`"),
        "{}",
        analyzer[0]
    );
    assert_eq!(analyzer[0].location.line, 6);
    let twice = errors("[[rule]]\nid = \"consensus-contradiction/again\"\ncategory = \"consensus-contradiction\"\npoints = -1\nmessage = \"m\"\nanalyzer = \"batch\"\n");
    assert!(
        twice[0]
            .to_string()
            .contains("analyzer `batch` already reports under `consensus-contradiction/batch`"),
        "{}",
        twice[0]
    );
}

#[test]
fn batch_scoring_is_deterministic() {
    let engine = Engine::default();
    let batch: Vec<Article> = ["Geneva", "Oslo", "Geneva", "Geneva"]
        .iter()
        .map(|p| accord(p))
        .collect();
    let a = serde_json::to_string(&engine.score_batch(&batch)).unwrap();
    let b = serde_json::to_string(&engine.score_batch(&batch)).unwrap();
    assert_eq!(a, b);
    assert!(a.contains("\"story\":{\"id\":\"names:"), "{a}");
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Text built from the words the fact checks look for, with odd characters between.
    fn storyish() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "Putin",
            "Kim Jong Un",
            "North Korea",
            "Pyongyang",
            "last meeting",
            "was in",
            "at the",
            "Vostochny Cosmodrome",
            "Russia’s",
            "city of",
            "Vladivostok",
            "first",
            "in",
            "24",
            "years",
            "over two decades",
            "a quarter",
            "century",
            "September",
            "2000",
            "July 20,",
            "visit",
            "is set to",
            "Moscow",
            "when",
            "arrives",
            ".",
            "\n\n",
            "é",
            "’s",
            "—",
            "1éa",
            "22nd",
            "second",
            "defence minister",
            "After",
            "Vietnam",
            "---",
        ]);
        prop::collection::vec(words, 0..40).prop_map(|w| w.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

        #[test]
        fn batches_of_story_text_hold_the_report_invariants(texts in prop::collection::vec(storyish(), 1..5)) {
            let engine = Engine::default();
            let batch: Vec<Article> = texts.iter().map(|t| Article::from_plain_text(t.clone())).collect();
            let reports = engine.score_batch(&batch);
            prop_assert_eq!(reports.len(), batch.len());
            for (r, a) in reports.iter().zip(&batch) {
                prop_assert_eq!(r.score, (r.start + r.total_points()).clamp(0, 100));
                for f in &r.findings {
                    prop_assert_eq!(&a.body()[f.start..f.end], f.evidence.as_str());
                }
                prop_assert!(r.story.is_some() || r.findings.iter().all(|f| f.rule != "consensus-contradiction/batch"));
            }
        }
    }
}

#[test]
fn whole_seed_000_with_one_fact_changed_gets_exactly_that_finding() {
    let text = include_str!("../seeds/000_80c840646ea3c5ae.txt");
    let engine = Engine::default();
    assert!(contradictions(&engine.score(&Article::from_plain_text(text))).is_empty());
    for (fact, changed, evidence) in [
        ("in 24 years", "in 14 years", "14 years"),
        ("at the Vostochny Cosmodrome", "in Vladivostok", "Vladivostok"),
        ("was in 2000", "was in 2004", "2004"),
        ("recent meeting in September", "recent meeting in May", "May"),
        ("is set to visit North Korea", "is set to visit Japan", "Japan"),
    ] {
        assert!(text.contains(fact), "{fact:?}");
        let report = engine.score(&Article::from_plain_text(text.replacen(fact, changed, 1)));
        let found: Vec<&str> = report
            .in_category(Category::ConsensusContradiction)
            .map(|f| f.evidence.as_str())
            .collect();
        assert_eq!(found, vec![evidence], "{fact:?} → {changed:?}");
        assert!(report.score < engine.score(&Article::from_plain_text(text)).score);
    }
}

#[test]
fn without_a_fact_file_the_seeds_are_grouped_by_their_names() {
    let sources: Vec<RuleSource> = embedded_sources()
        .into_iter()
        .filter(|s| !s.origin.contains("putin-pyongyang"))
        .collect();
    let engine = Engine::from_sources(sources).unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let mut batch: Vec<Article> = names
        .iter()
        .map(|n| Article::from_plain_text(std::fs::read_to_string(format!("{dir}/{n}")).unwrap()))
        .collect();
    batch.push(Article::from_plain_text(
        "Lyon budget\n\nThe city council of Lyon approved the budget. Mayor Grégory Doucet said Lyon would hire teachers.",
    ));
    let reports = engine.score_batch(&batch);
    let ids: Vec<Option<String>> = reports
        .iter()
        .map(|r| r.story.as_ref().map(|s| s.id.clone()))
        .collect();
    let first = ids[0].clone().expect("seed 000 grouped");
    assert!(first.starts_with("names:") && first.contains("korea"), "{first}");
    assert!(
        ids[..5].iter().all(|i| i.as_deref() == Some(first.as_str())),
        "{ids:?}"
    );
    assert_eq!(ids[5], None);
    // no fact file: seed 004 still contradicts itself, but no fact-file finding exists
    let r004 = &reports[4];
    assert_eq!(r004.in_category(Category::SelfContradiction).count(), 1);
    assert!(r004
        .findings
        .iter()
        .all(|f| f.rule != "consensus-contradiction/fact-file"));
}

#[test]
fn fact_examples_are_checked_like_rule_examples() {
    let mut sources = embedded_sources();
    sources.push(RuleSource::new(
        "user.toml",
        r#"
[[story]]
id = "summit"
title = "A summit"
mentions = [["Ruritania"]]

[[story.fact]]
id = "place"
statement = "The summit was in Geneva."
sources = ["Ruritanian Gazette, 1 May 2024"]
slot = "last-meeting-place"
accept = ["Geneva"]
examples.must_flag = ["Ruritania talks\n\nTheir last meeting was in Oslo.", "Ruritania talks\n\nTheir last meeting was in Geneva."]
examples.must_not_flag = ["Ruritania talks\n\nTheir last meeting was in Geneva."]
"#,
    ));
    let engine = Engine::from_sources(sources).unwrap();
    let failures: Vec<_> = engine
        .check_examples()
        .into_iter()
        .filter(|f| f.location.origin == "user.toml")
        .collect();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].must_flag);
    assert!(failures[0].text.contains("Geneva"));
    assert!(failures[0].rule.contains("summit/place"), "{}", failures[0].rule);
    assert_eq!(failures[0].location.line, 13);
}

#[test]
fn the_worked_example_in_the_docs_is_the_tested_fact_file() {
    let doc = include_str!("../docs/facts.md");
    let start = doc
        .find("```toml\n[[story]]\nid = \"apollo-11\"")
        .expect("worked example in docs/facts.md")
        + 8;
    let end = start + doc[start..].find("```").unwrap();
    let file = include_str!("facts/apollo-11.toml");
    let file = &file[file.find("[[story]]").unwrap()..];
    assert_eq!(
        &doc[start..end],
        file,
        "docs/facts.md and tests/facts/apollo-11.toml differ"
    );
}

#[test]
fn a_title_given_apart_is_checked_and_compared_with_the_body() {
    let engine = Engine::default();
    let found = |title: &str, body: &str| -> Vec<(String, credence::Field, String)> {
        let report = engine.score(&Article::new(body).with_title(title));
        report
            .findings
            .iter()
            .filter(|f| {
                f.category == Category::ConsensusContradiction || f.category == Category::SelfContradiction
            })
            .map(|f| (f.rule.clone(), f.field, f.evidence.clone()))
            .collect()
    };
    // Whether a finding of a rule whose id contains `rule` quotes `evidence` in `field`.
    let has =
        |got: &[(String, credence::Field, String)], rule: &str, field: credence::Field, evidence: &str| {
            got.iter()
                .any(|(r, f, e)| r.contains(rule) && *f == field && e == evidence)
        };
    let title_wrong = found(
        "Putin’s first visit to North Korea in 20 years",
        "Vladimir Putin arrived in Pyongyang on Wednesday. It is Putin's first visit to North Korea in 24 years.",
    );
    // The fact file accepts 24 years: the title's value is the culprit, in the title.
    assert!(
        has(&title_wrong, "/fact-file", credence::Field::Title, "20 years"),
        "{title_wrong:?}"
    );
    assert!(
        has(
            &title_wrong,
            "self-contradiction/",
            credence::Field::Title,
            "20 years"
        ),
        "{title_wrong:?}"
    );
    assert!(
        title_wrong.iter().all(|(_, f, _)| *f == credence::Field::Title),
        "{title_wrong:?}"
    );
    let body_wrong = found(
        "Putin’s first visit to North Korea in 24 years",
        "Vladimir Putin arrived in Pyongyang on Wednesday. It is Putin's first visit to North Korea in 20 years.",
    );
    assert!(
        has(
            &body_wrong,
            "self-contradiction/",
            credence::Field::Body,
            "20 years"
        ),
        "{body_wrong:?}"
    );
    assert!(
        body_wrong.iter().all(|(_, f, _)| *f == credence::Field::Body),
        "{body_wrong:?}"
    );
    // The story is recognised from the title and the body together.
    let split = found(
        "Putin in Pyongyang",
        "It is his first visit to North Korea in 20 years, the Kremlin said.",
    );
    assert!(
        has(&split, "/fact-file", credence::Field::Body, "20 years"),
        "{split:?}"
    );
}
