//! The signal families of issue 8 with the default rules: good-practice credits, sensational
//! titles, anonymous sourcing and opinion voice, each credit and penalty with the cases it must
//! leave alone; and the rule-file tables that configure their analyses.

use credence::{Article, Category, Engine, Field, Report, RuleErrorKind, RuleSource, EMBEDDED};

fn score(text: &str) -> Report {
    Engine::default().score(&Article::from_plain_text(text))
}

fn title(headline: &str) -> Report {
    Engine::default().score(&Article::new("").with_title(headline))
}

fn rules(report: &Report) -> Vec<&str> {
    report.findings.iter().map(|f| f.rule.as_str()).collect()
}

fn has(report: &Report, rule: &str) -> bool {
    report.findings.iter().any(|f| f.rule == rule)
}

fn evidence<'r>(report: &'r Report, rule: &str) -> Vec<&'r str> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.evidence.as_str())
        .collect()
}

const WIRE: &str = "Senate passes budget\n\
By Jane Doe\n\n\
WASHINGTON (Reuters) — The Senate passed the budget on June 18, 2024, by 52 votes to 48.\n\n\
“This is a good day for taxpayers,” said John Smith, the majority leader.\n\n\
The bill cuts spending by $4.2 billion, according to the Congressional Budget Office. \
The Treasury said in a statement that it would publish the details.\n";

// ---- credits ----------------------------------------------------------------------------

#[test]
fn a_wire_story_earns_each_credit_with_its_evidence() {
    let r = score(WIRE);
    assert_eq!(evidence(&r, "good-practice/byline"), ["By Jane Doe"]);
    assert_eq!(evidence(&r, "good-practice/dateline"), ["WASHINGTON (Reuters) —"]);
    assert_eq!(evidence(&r, "good-practice/named-quote"), ["” said John Smith"]);
    // Found by the attribution analysis: the evidence is the source's name.
    let named = evidence(&r, "good-practice/named-attribution");
    assert!(
        named.iter().any(|e| e.contains("Congressional Budget Office")),
        "{named:?}"
    );
    assert_eq!(evidence(&r, "good-practice/cited-document"), ["in a statement"]);
    assert_eq!(evidence(&r, "good-practice/specific-date"), ["June 18, 2024"]);
    assert!(evidence(&r, "good-practice/specific-figure").contains(&"$4.2 billion"));
    for f in r.in_category(Category::GoodPractice) {
        assert!(f.base_points > 0, "{f:?}");
        assert_eq!(&WIRE[f.start..f.end], f.evidence);
    }
}

#[test]
fn credits_are_capped_for_the_category() {
    let r = score(WIRE);
    let credit: i32 = r.in_category(Category::GoodPractice).map(|f| f.points).sum();
    let uncapped: i32 = r.in_category(Category::GoodPractice).map(|f| f.base_points).sum();
    let cap = Engine::default().scoring().credit_caps[&Category::GoodPractice];
    assert!(
        uncapped > cap,
        "the wire story should earn more than the cap ({uncapped})"
    );
    assert_eq!(credit, cap);
    assert!(r
        .in_category(Category::GoodPractice)
        .any(|f| f.note.as_deref().is_some_and(|n| n.contains("capped"))));
}

#[test]
fn a_sourced_story_scores_above_the_same_facts_told_without_sources() {
    let bare = "Senate passes budget\n\n\
        The Senate passed the budget. It is a good day for taxpayers. \
        The bill cuts spending. The details will be published.\n";
    assert!(score(WIRE).score > score(bare).score + 10);
}

#[test]
fn byline_metadata_is_credited_once() {
    let engine = Engine::default();
    let body = "The Senate passed the budget, Jane Doe reports.";
    let r = engine.score(&Article::new(body).with_title("Budget").with_byline("By Jane Doe"));
    let b: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "good-practice/byline")
        .collect();
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].evidence, "Jane Doe");
    assert_eq!(&body[b[0].start..b[0].end], "Jane Doe");
    assert!(b[0].message.contains("By Jane Doe"));

    // Not in the text: the evidence is the metadata byline itself (field `byline`).
    let r = engine.score(&Article::new("The Senate passed the budget.").with_byline(" Jane Doe"));
    let b: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "good-practice/byline")
        .collect();
    assert_eq!(b.len(), 1);
    assert_eq!(
        (b[0].field, b[0].start, b[0].end),
        (credence::Field::Byline, 1, 9)
    );
    assert_eq!(b[0].evidence, "Jane Doe");

    // A byline line in the text and the same byline as metadata: one credit.
    let r = engine.score(&Article::from_plain_text("Budget\nBy Jane Doe\n\nText.").with_byline("Jane Doe"));
    assert_eq!(evidence(&r, "good-practice/byline"), ["By Jane Doe"]);
    // No byline at all: no credit.
    assert!(!has(
        &engine.score(&Article::new("Text.")),
        "good-practice/byline"
    ));
}

#[test]
fn credits_need_a_name_a_document_or_a_real_dateline() {
    let r = score(
        "Talks\n\nMoscow/Pyongyang, [Date] – Reports suggest a treaty. \
         “We will sign,” he said. Analysts said the talks went well. By Tuesday it was over.",
    );
    for rule in [
        "good-practice/dateline",
        "good-practice/named-quote",
        "good-practice/named-attribution",
        "good-practice/byline",
        "good-practice/cited-document",
    ] {
        assert!(!has(&r, rule), "{rule}: {:?}", rules(&r));
    }
}

// ---- sensational titles -----------------------------------------------------------------

#[test]
fn bait_titles_are_flagged_each_by_its_rule() {
    for (headline, rule) in [
        (
            "You Won't Believe What Happened Next",
            "sensational-title/bait-phrase",
        ),
        ("Heres why the tax cannot work", "sensational-title/bait-phrase"),
        (
            "21 pieces of advice anyone could use",
            "sensational-title/listicle-lead",
        ),
        (
            "This tweet could become the most retweeted ever",
            "sensational-title/teaser-lead",
        ),
        (
            "Why fretting about clothes ruins lives",
            "sensational-title/question-word-lead",
        ),
        (
            "Is the culture of shame increasing?",
            "sensational-title/question-hook",
        ),
        (
            "Ed Sheeran's emoji is so damn adorable",
            "sensational-title/hype-word",
        ),
        ("Gulp!", "sensational-title/one-line-teaser"),
        ("She did WHAT?!", "sensational-title/stacked-punctuation"),
        (
            "He dabbed at the summit. Now he's grounded",
            "sensational-title/two-beat-teaser",
        ),
        (
            "Woman smuggles a man inside a SUITCASE",
            "sensational-title/all-caps-word",
        ),
        (
            "The recipe your family will love",
            "sensational-title/second-person",
        ),
    ] {
        let r = title(headline);
        assert!(has(&r, rule), "{headline:?} should fire {rule}: {:?}", rules(&r));
        let f = r.findings.iter().find(|f| f.rule == rule).unwrap();
        assert_eq!(f.field, Field::Title);
        assert_eq!(&headline[f.start..f.end], f.evidence);
    }
}

#[test]
fn acronyms_labels_and_plain_news_titles_are_not_shouting() {
    for headline in [
        "NASA confirms water on Mars",
        "NATO allies meet in Brussels",
        "NASA's probe reaches Jupiter",
        "US and EU agree on tariffs",
        "HSBC cuts 100 senior bankers",
        "BREAKING: Senate passes the budget",
        "WATCH LIVE: Senate votes on the budget",
        "CBS NEWS POLL: MOST AMERICANS DISAPPROVE",
    ] {
        assert!(
            !has(&title(headline), "sensational-title/all-caps-word"),
            "{headline:?}"
        );
    }
    for headline in [
        "Senate passes budget after all-night session",
        "11 dead, 14 injured in bus crash",
        "Central bank raises rates by a quarter point",
        "Russian tour boat sinks, killing over 100",
    ] {
        let r = title(headline);
        assert_eq!(
            r.in_category(Category::SensationalTitle).count(),
            0,
            "{headline:?}: {:?}",
            rules(&r)
        );
    }
}

#[test]
fn title_case_is_not_a_signal() {
    let r = title("Medicare System Overhaul Proposed By Two Senators");
    assert_eq!(
        r.in_category(Category::SensationalTitle).count(),
        0,
        "{:?}",
        rules(&r)
    );
}

#[test]
fn a_quoted_you_in_a_title_is_speech_not_a_hook() {
    let r = title("EU tells UK: 'we miss you already'");
    assert!(!has(&r, "sensational-title/second-person"), "{:?}", rules(&r));
    assert!(has(
        &title("We miss you already"),
        "sensational-title/second-person"
    ));
}

#[test]
fn title_rules_stay_in_the_title() {
    let r = score("Senate passes budget\n\nYou won't believe what happened next!! This is why.");
    assert_eq!(
        r.in_category(Category::SensationalTitle).count(),
        0,
        "{:?}",
        rules(&r)
    );
    // A first line of paragraph length is not a headline.
    let long = "Russian President Vladimir Putin is set to visit North Korea on Tuesday, marking his \
        first trip to the isolated nation in 24 years. This visit underscores a significant moment \
        in the geopolitical landscape, as Mr. Putin engages in talks with North Korean leader Kim.";
    let r = score(long);
    assert_eq!(
        r.in_category(Category::SensationalTitle).count(),
        0,
        "{:?}",
        rules(&r)
    );
}

#[test]
fn sensational_title_penalties_are_capped() {
    let r = title("You WON'T BELIEVE These 21 Most Amazing Things Here's Why?!");
    let total: i32 = r.in_category(Category::SensationalTitle).map(|f| f.points).sum();
    let cap = Engine::default().scoring().caps[&Category::SensationalTitle];
    assert_eq!(-total, cap, "{:?}", rules(&r));
}

// ---- anonymous sourcing -----------------------------------------------------------------

#[test]
fn unnamed_sources_are_flagged() {
    for text in [
        "The board will meet on Friday, according to two people familiar with the matter.",
        "A source close to the ministry said the deal was off.",
        "Sources say the minister will resign.",
        "An insider said the merger was dead.",
    ] {
        let r = score(&format!("Talks\n\n{text}"));
        assert!(
            has(&r, "anonymous-source/unnamed-source"),
            "{text:?}: {:?}",
            rules(&r)
        );
    }
}

#[test]
fn an_explained_anonymity_is_lighter_and_replaces_the_bare_one() {
    let explained = "Talks\n\nAn official, who spoke on condition of anonymity because he was not \
        authorised to speak publicly, said the talks had failed.";
    let r = score(explained);
    assert!(has(&r, "anonymous-source/explained-anonymity"), "{:?}", rules(&r));
    assert!(!has(&r, "anonymous-source/unnamed-source"), "{:?}", rules(&r));
    let bare = score("Talks\n\nAn official, who spoke on condition of anonymity, said the talks had failed.");
    assert!(has(&bare, "anonymous-source/unnamed-source"));
    let penalty = |r: &Report| -> i32 { r.in_category(Category::AnonymousSource).map(|f| f.points).sum() };
    assert!(
        penalty(&r) > penalty(&bare),
        "{} vs {}",
        penalty(&r),
        penalty(&bare)
    );
    // The replacement is per sentence: an unexplained source elsewhere still counts.
    let both = score(&format!("{explained} Sources say the minister will resign."));
    assert!(has(&both, "anonymous-source/unnamed-source"));
}

#[test]
fn named_and_unattributed_claims_are_not_anonymous_sources() {
    for text in [
        "An Exxon Mobil spokesperson said the company would appeal.",
        "Reports suggest the deal is off.",
        "Jane Doe, the minister, said the deal was off.",
    ] {
        let r = score(&format!("Talks\n\n{text}"));
        assert_eq!(r.in_category(Category::AnonymousSource).count(), 0, "{text:?}");
    }
}

// ---- opinion voice ----------------------------------------------------------------------

const FILLER: &str = "The committee met on Tuesday and reviewed the budget line by line. \
    Members asked about the cost of the new rail line and the schedule for the works. \
    The minister answered each question and promised a written reply within a month. ";

#[test]
fn a_quoted_i_think_from_a_named_speaker_does_not_fire() {
    let r = score("Budget\n\n“I think this budget is a mistake,” said Jane Doe, the opposition leader.");
    assert_eq!(
        r.in_category(Category::OpinionVoice).count(),
        0,
        "{:?}",
        rules(&r)
    );
    let r = score("Budget\n\nThe opposition called the plan \"disgraceful\" and \"treasonous\".");
    assert_eq!(
        r.in_category(Category::OpinionVoice).count(),
        0,
        "{:?}",
        rules(&r)
    );
}

#[test]
fn the_writers_own_opinion_fires() {
    let r = score("Budget\n\nI think this budget is a disgraceful mistake and we must reject it.");
    assert!(has(&r, "opinion-voice/first-person"));
    assert!(has(&r, "opinion-voice/loaded-word"));
    assert!(r
        .in_category(Category::OpinionVoice)
        .all(|f| f.message.contains("markers in")));
}

#[test]
fn one_loaded_word_in_a_long_report_does_not_sink_it() {
    let long = format!(
        "Budget\n\n{}The outcome was disgraceful. {}",
        FILLER.repeat(3),
        FILLER.repeat(3)
    );
    let r = score(&long);
    assert_eq!(
        r.in_category(Category::OpinionVoice).count(),
        0,
        "{:?}",
        rules(&r)
    );
    // The same length with opinion throughout is flagged.
    let rant = format!(
        "Budget\n\n{}I think it is disgraceful. {}We must stop these treasonous thugs. {}",
        FILLER, FILLER, FILLER
    );
    let r = score(&rant);
    assert!(
        r.in_category(Category::OpinionVoice).count() >= 3,
        "{:?}",
        rules(&r)
    );
}

// ---- the rule-file tables ---------------------------------------------------------------

fn with_extra(extra: &str) -> Vec<RuleSource> {
    let mut sources: Vec<RuleSource> = EMBEDDED.iter().map(|(o, t)| RuleSource::new(*o, *t)).collect();
    sources.push(RuleSource::new("extra.toml", extra));
    sources
}

#[test]
fn a_table_naming_an_unknown_rule_is_a_located_error() {
    let err = Engine::from_sources(with_extra(
        "[[supersede]]\nrule = \"anonymous-source/nope\"\ndrops = []\n",
    ))
    .unwrap_err();
    let e = &err.rule_errors()[0];
    assert_eq!(
        (e.location.origin.as_str(), e.location.line, e.location.column),
        ("extra.toml", 2, 8)
    );
    assert!(
        matches!(&e.kind, RuleErrorKind::UnknownValue { key: "rule", value, .. } if value == "anonymous-source/nope")
    );
}

#[test]
fn table_errors_name_categories_ranges_and_unknown_keys() {
    let err = Engine::from_sources(with_extra(
        "[opinion_density]\ncategory = \"opinions\"\nmin_count = 0\nmin_per_1000_words = 5\n",
    ))
    .unwrap_err();
    let kinds: Vec<_> = err
        .rule_errors()
        .iter()
        .map(|e| (&e.kind, e.location.line))
        .collect();
    assert!(
        matches!(kinds[0], (RuleErrorKind::UnknownCategory { .. }, 2)),
        "{kinds:?}"
    );
    assert!(
        matches!(kinds[1], (RuleErrorKind::OutOfRange { key: "min_count", .. }, 3)),
        "{kinds:?}"
    );

    let err = Engine::from_sources(with_extra(
        "[title_caps]\nrule = \"sensational-title/all-caps-word\"\nacronym = []\n",
    ))
    .unwrap_err();
    let e = &err.rule_errors()[0];
    assert!(e.kind.to_string().contains("unknown field `acronym`"), "{e}");
    assert_eq!(e.location.line, 3);
}

#[test]
fn anonymous_sources_are_not_also_unattributed_claims() {
    let engine = Engine::default();
    let r = engine.score(&Article::new("Sources said the minister will resign on Monday."));
    let cats: Vec<&str> = r.findings.iter().map(|f| f.category.as_str()).collect();
    assert!(cats.contains(&"anonymous-source"), "{cats:?}");
    assert!(!cats.contains(&"unattributed-claim"), "{cats:?}");
    // A vague group that is not an anonymous source still counts as an unattributed claim.
    let r = engine.score(&Article::new("Some experts warn that the treaty will fail."));
    assert!(r
        .findings
        .iter()
        .any(|f| f.category.as_str() == "unattributed-claim"));
}
