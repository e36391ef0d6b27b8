//! The attribution analysis: claim cues (`unattributed-claim`, `hedging`) are dropped when a
//! named source covers them, and kept when the source is vague or missing.

use credence::{Article, Category, Engine, Finding, LoadError, RuleErrorKind, RuleSource};

fn findings(text: &str) -> Vec<Finding> {
    Engine::default()
        .score(&Article::from_plain_text(text))
        .findings
        .into_iter()
        .filter(|f| matches!(f.category, Category::UnattributedClaim | Category::Hedging))
        .collect()
}

fn flagged(text: &str) -> bool {
    !findings(text).is_empty()
}

fn evidence(text: &str) -> Vec<String> {
    findings(text).into_iter().map(|f| f.evidence).collect()
}

// A headline line first: plain-text articles take their first line as the title.
const H: &str = "Talks in Pyongyang\n\n";

#[test]
fn cues_without_a_source_are_flagged() {
    assert!(flagged(&format!("{H}The ships might sail next week.")));
    assert!(flagged(&format!("{H}It is believed that the reactor restarted.")));
    assert!(flagged(&format!("{H}The general was reportedly dismissed.")));
}

#[test]
fn a_named_source_before_the_cue_rescues_it() {
    assert!(!flagged(&format!(
        "{H}John Smith said the ships might sail next week."
    )));
    assert!(!flagged(&format!(
        "{H}According to the IAEA, it is believed that the reactor restarted."
    )));
}

#[test]
fn a_named_source_after_the_cue_rescues_it() {
    assert!(!flagged(&format!(
        "{H}The ships might sail next week, John Smith said."
    )));
    assert!(!flagged(&format!(
        "{H}It is believed that the reactor restarted, according to Reuters."
    )));
    assert!(!flagged(&format!(
        "{H}He expressed support amid “US pressure,” as stated in an article in Rodong Sinmun, the ruling party’s newspaper. The talks may well resume."
    )));
}

#[test]
fn a_name_in_the_cue_clause_but_not_its_source_does_not_rescue() {
    // `Smith` inside the claim is what it is about, not who makes it.
    let text = format!("{H}It is believed that Smith might resign.");
    assert_eq!(evidence(&text).len(), 2, "{:?}", evidence(&text));
}

#[test]
fn a_neighbouring_sentence_naming_the_source_rescues_an_unsourced_cue() {
    let before =
        format!("{H}The IAEA said inspectors left on Monday. It is believed that the reactor restarted.");
    assert!(!flagged(&before), "{:?}", evidence(&before));
    let after = format!("{H}It is believed that the reactor restarted. The IAEA said inspectors saw steam.");
    assert!(!flagged(&after), "{:?}", evidence(&after));
}

#[test]
fn a_sentence_beyond_the_window_does_not_rescue() {
    let text = format!(
        "{H}It is believed that the reactor restarted. The plant is old. It was built in 1970. The IAEA said inspectors saw steam."
    );
    assert_eq!(evidence(&text), vec!["It is believed"]);
}

#[test]
fn quotations_are_rescued_by_their_speaker_only() {
    assert!(!flagged(&format!(
        "{H}“We might sign this week,” said Sergei Lavrov."
    )));
    assert!(!flagged(&format!(
        "{H}\"We might sign this week,\" Lavrov told reporters."
    )));
    assert!(!flagged(&format!("{H}“We might sign this week,” he said.")));
    assert!(flagged(&format!("{H}“We might sign this week.”")));
}

#[test]
fn vague_sources_still_fire() {
    for text in [
        "Western officials said the shipments had begun.",
        "Some experts warn of a deepening strategic partnership.",
        "Analysts suggest that the two leaders will explore cooperation.",
        "Reports suggest Russia is seeking to procure weapons.",
        "US intelligence officials said Kim would travel by train.",
        "Critics of Social Security claim that it gives a low rate of return.",
    ] {
        assert!(flagged(&format!("{H}{text}")), "{text}");
    }
}

#[test]
fn a_vague_source_is_not_rescued_by_a_name_elsewhere() {
    // In the same sentence: Smith's statement is not the critics'.
    let text = format!("{H}Smith said the plan failed, but critics say it will return.");
    assert_eq!(evidence(&text), vec!["critics say"]);
    // In a neighbouring sentence: the vague source was given, and it is still vague.
    let text = format!("{H}Reports suggest Russia is seeking weapons. The IAEA said inspectors left.");
    assert_eq!(evidence(&text), vec!["Reports suggest"]);
}

#[test]
fn a_name_attached_to_a_vague_source_rescues_it() {
    for text in [
        "Some experts, including John Smith of Oxford University, warn of a deepening partnership.",
        "Analysts at Capital Economics said growth would slow.",
        "The visit was confirmed on Monday, according to reports from Reuters and EFE agencies.",
        "Skeptics such as James Randi note that there is little evidence.",
    ] {
        assert!(
            !flagged(&format!("{H}{text}")),
            "{text}: {:?}",
            evidence(&format!("{H}{text}"))
        );
    }
}

#[test]
fn messages_say_what_is_missing() {
    let f = findings(&format!("{H}Analysts suggest that the two leaders will meet."));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].evidence, "Analysts suggest");
    assert_eq!(
        f[0].message,
        "claim attributed to unnamed 'analysts'; name the analysts or the report"
    );
    let f = findings(&format!("{H}Some experts warn of a new axis."));
    assert_eq!(f.len(), 1, "one cue, one finding: {f:?}");
    assert!(f[0].message.contains("'experts'"), "{}", f[0].message);
    assert!(!f[0].message.contains("{source}"));
}

#[test]
fn page_chrome_and_quantities_are_not_cues() {
    assert!(!flagged(
        "Putin in Pyongyang\n\nThe visit ended.\n\nYou May Have Missed\n"
    ));
    assert!(!flagged(&format!(
        "{H}Some 200 people attended. As many as 30 ships took part."
    )));
}

#[test]
fn the_seed_passages_behave() {
    let text = "Putin visit\n\nJohn Nilsson-Wright, head of the Japan and Koreas programme at Cambridge University’s Centre for Geopolitics, said Putin is reinforcing ties with its Cold War ally.";
    assert!(!flagged(text), "{:?}", evidence(text));
    let text = "Putin visit\n\nBoth Moscow and Pyongyang confirmed the upcoming visit on Monday, according to reports from Reuters and EFE agencies.";
    assert!(!flagged(text), "{:?}", evidence(text));
}

const SCORING: &str = "[scoring]\nstart = 75\npass = 60\nreview = 35\n";
const CUES: &str = r#"
[[rule]]
id = "unattributed-claim/passive"
category = "unattributed-claim"
points = -4
message = "no source for '{source}'"
phrases = ["is believed"]

[[rule]]
id = "hedging/might"
category = "hedging"
points = -1
message = "hedge"
phrases = ["might"]
"#;

fn engine(attribution: &str) -> Result<Engine, LoadError> {
    Engine::from_sources([
        RuleSource::new("scoring.toml", SCORING),
        RuleSource::new("cues.toml", CUES),
        RuleSource::new("attribution.toml", attribution),
    ])
}

fn rules_fired(engine: &Engine, text: &str) -> Vec<String> {
    engine
        .score(&Article::from_plain_text(format!("{H}{text}")))
        .findings
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

const TABLE: &str = "[attribution]\nverbs = [\"said\"]\nvague_sources = [\"officials\"]\n";

#[test]
fn the_window_and_the_rescued_rules_come_from_the_table() {
    let text = "Smith said the plant is closed. It is believed that it might reopen.";
    let both = engine(&format!(
        "{TABLE}rescue = [\"unattributed-claim\", \"hedging/might\"]\n"
    ))
    .unwrap();
    assert!(rules_fired(&both, text).is_empty());
    let no_window = engine(&format!(
        "{TABLE}rescue = [\"unattributed-claim\", \"hedging\"]\nwindow = 0\n"
    ))
    .unwrap();
    assert_eq!(
        rules_fired(&no_window, text),
        vec!["unattributed-claim/passive", "hedging/might"]
    );
    let only_claims = engine(&format!("{TABLE}rescue = [\"unattributed-claim/passive\"]\n")).unwrap();
    assert_eq!(rules_fired(&only_claims, text), vec!["hedging/might"]);
    // Without the table nothing is rescued.
    let none = Engine::from_sources([
        RuleSource::new("scoring.toml", SCORING),
        RuleSource::new("cues.toml", CUES),
    ])
    .unwrap();
    assert_eq!(rules_fired(&none, text).len(), 2);
}

#[test]
fn the_message_placeholder_is_filled() {
    let e = engine(&format!("{TABLE}rescue = [\"unattributed-claim\"]\n")).unwrap();
    let r = e.score(&Article::from_plain_text(format!(
        "{H}It is believed to be true."
    )));
    assert_eq!(r.findings[0].message, "no source for 'is believed'");
    // Also for rules the table does not rescue.
    let e = engine(&format!("{TABLE}rescue = [\"hedging\"]\n")).unwrap();
    let r = e.score(&Article::from_plain_text(format!(
        "{H}Smith said it is believed to be true."
    )));
    assert_eq!(r.findings[0].message, "no source for 'is believed'");
}

fn one_error(attribution: &str) -> credence::RuleError {
    match engine(attribution) {
        Err(LoadError::Invalid(mut v)) => {
            assert_eq!(v.len(), 1, "{v:?}");
            v.remove(0)
        }
        Err(e) => panic!("unexpected error: {e}"),
        Ok(_) => panic!("expected an error for {attribution}"),
    }
}

#[test]
fn table_errors_are_located() {
    let e = one_error("[attribution]\nrescue = [\"hedging\", \"unattributed-claim/nope\"]\n");
    assert!(
        matches!(e.kind, RuleErrorKind::UnknownValue { key: "rescue", .. }),
        "{e}"
    );
    assert_eq!(
        (e.location.origin.as_str(), e.location.line, e.location.column),
        ("attribution.toml", 2, 22)
    );

    let e = one_error("[attribution]\nrescue = [\"hedging\"]\nwindow = 9\n");
    assert!(
        matches!(e.kind, RuleErrorKind::OutOfRange { key: "window", .. }),
        "{e}"
    );
    assert_eq!((e.location.line, e.location.column), (3, 10));

    let e = one_error("[attribution]\nrescue = [\"hedging\"]\nverbz = [\"said\"]\n");
    assert!(e.to_string().contains("unknown field `verbz`"), "{e}");

    let e = one_error("[attribution]\nrescue = [\"hedging\"]\nverbs = [\"said\", \" \"]\n");
    assert!(matches!(e.kind, RuleErrorKind::EmptyPhrase), "{e}");
    assert_eq!(e.location.line, 3);
}

#[test]
fn a_second_table_is_an_error() {
    let err = Engine::from_sources([
        RuleSource::new("scoring.toml", SCORING),
        RuleSource::new("cues.toml", CUES),
        RuleSource::new("a.toml", "[attribution]\nrescue = [\"hedging\"]\n"),
        RuleSource::new("b.toml", "[attribution]\nrescue = [\"hedging\"]\n"),
    ])
    .unwrap_err();
    let errors = err.rule_errors();
    assert_eq!(errors.len(), 1, "{err}");
    assert_eq!(errors[0].location.origin, "b.toml");
    assert!(errors[0].to_string().contains("a.toml:1:1"), "{}", errors[0]);
}

#[test]
fn long_articles_are_analysed_in_one_go() {
    // Many cue sentences, each next to a named one: every cue is looked at and rescued.
    let mut text = String::from(H);
    for i in 0..2000 {
        text.push_str(&format!(
            "Smith said talks resumed on day {i}. It is believed that they might end. "
        ));
    }
    assert!(!flagged(&text));
}
