use super::*;
use crate::ruleset::compile::parse;
use crate::ruleset::RuleSource;
use config::lexicon;

fn cfg() -> AttributionConfig {
    let src = RuleSource::new(
        "rules/attribution.toml",
        include_str!("../../rules/attribution.toml"),
    );
    let def = parse(&src).unwrap().attribution.unwrap().into_inner();
    let mut errors = Vec::new();
    let cfg = compile_attribution(&src.origin, &src.text, def, &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    cfg.unwrap()
}

/// The named source of a sentence, as text.
fn named(s: &str) -> Option<&str> {
    attributed_source(&cfg(), s).map(|sp| &s[sp])
}

fn vague(s: &str) -> Option<&str> {
    match sentence_attribution(&cfg(), s) {
        Attribution::Vague(sp) => Some(&s[sp]),
        _ => None,
    }
}

#[test]
fn subject_of_a_speech_verb_is_the_source() {
    assert_eq!(named("Smith said the plan may fail."), Some("Smith"));
    assert_eq!(
        named("The talks may fail, John Smith said on Monday."),
        Some("John Smith")
    );
    assert_eq!(named("The talks may fail, he said."), Some("he"));
}

#[test]
fn an_apposition_between_name_and_verb_is_skipped() {
    let s = "John Nilsson-Wright, head of the Japan and Koreas programme at Cambridge University’s Centre for Geopolitics, said Putin is reinforcing ties.";
    assert!(
        named(s).is_some_and(|n| n.contains("Geopolitics")),
        "{:?}",
        named(s)
    );
    assert_eq!(
        named("Smith, a former diplomat, said the talks may fail."),
        Some("Smith")
    );
}

#[test]
fn inverted_verb_takes_the_source_after_it() {
    assert_eq!(named("\"We may win,\" said John Smith."), Some("John Smith"));
    assert_eq!(
        named("The ships may sail next week, said Maria Zakharova, a ministry spokeswoman."),
        Some("Maria Zakharova")
    );
    // The name after the verb opens a new clause: not the source.
    assert_eq!(named("Analysts, however, said Putin would travel."), None);
    assert_eq!(
        vague("Analysts, however, said Putin would travel."),
        Some("Analysts")
    );
}

#[test]
fn source_after_phrases_look_forward() {
    let s = "The visit was confirmed on Monday, according to reports from Reuters and EFE agencies.";
    assert_eq!(named(s), Some("Reuters"));
    let s = "Both Moscow and Pyongyang confirmed the visit.";
    assert_eq!(named(s), Some("Moscow and Pyongyang"));
    let s = "He expressed support, as stated in an article in Rodong Sinmun, the ruling party’s newspaper.";
    assert!(named(s).is_some());
    assert_eq!(
        named("The deal may collapse, an official told the BBC."),
        Some("BBC")
    );
    assert_eq!(
        named("According to the ministry, the talks may resume."),
        Some("ministry")
    );
    assert_eq!(
        vague("According to reports, the talks may resume."),
        Some("reports")
    );
    assert_eq!(named("An aide told reporters Putin would travel."), None);
}

#[test]
fn vague_sources_stay_vague() {
    assert_eq!(named("Western officials said the shipments had begun."), None);
    assert_eq!(
        vague("Western officials said the shipments had begun."),
        Some("officials")
    );
    assert_eq!(
        vague("US intelligence officials said Kim would travel."),
        Some("officials")
    );
    assert_eq!(
        vague("Some experts warn of a deepening partnership."),
        Some("experts")
    );
    assert_eq!(vague("Some say the treaty is dead."), Some("Some"));
    assert_eq!(
        named("Analysts suggest that the two leaders might explore cooperation."),
        None
    );
    assert_eq!(
        named("Reports suggest Russia is seeking weapons from North Korea."),
        None
    );
}

#[test]
fn a_named_member_rescues_a_vague_group() {
    let s = "Some experts, including John Smith of Oxford, warn of a deepening partnership.";
    assert!(named(s).is_some());
}

#[test]
fn passives_and_plain_sentences_name_no_one() {
    assert_eq!(named("Putin is believed to have approved the deal."), None);
    assert_eq!(named("Putin is expected to visit Vietnam."), None);
    assert_eq!(named("The meeting could lead to new agreements."), None);
    assert_eq!(named("Additionally, the talks could cover sanctions."), None);
    assert_eq!(
        sentence_attribution(&cfg(), "It rained."),
        Attribution::Unattributed
    );
}

#[test]
fn tokens_keep_inner_hyphens_and_apostrophes() {
    let t = source::tokenize("Nilsson-Wright’s “view”, U.S. aid.");
    let words: Vec<&str> = t
        .iter()
        .filter(|x| x.kind == source::Kind::Word)
        .map(|x| t.text(x))
        .collect();
    assert_eq!(words, vec!["Nilsson-Wright’s", "view", "U.S", "aid"]);
    assert!(t.iter().all(|x| x.end > x.start));
}

#[test]
fn a_quotation_with_its_speaker_is_attributed() {
    assert_eq!(
        named("\"We might sign the agreement this week,\" Lavrov told reporters."),
        Some("Lavrov")
    );
    assert_eq!(
        named("“We might sign it,” said Sergei Lavrov."),
        Some("Sergei Lavrov")
    );
}

#[test]
fn long_runs_of_capitals_are_scanned_once() {
    // A shouting sentence: 20,000 capitalised words modifying a vague noun. A scan that
    // restarted at every word of the run would take quadratic time here.
    let mut s = "WORD ".repeat(20_000);
    s.push_str("officials said the talks may fail, and, , , , , , , , , , , , , , , , , , , , , , , , , , , , , , , , they said.");
    assert_eq!(vague(&s), Some("officials"));
}

#[test]
fn cue_positions_decide_which_attribution_covers_them() {
    let c = cfg();
    let s = "It is believed that Smith might resign, John Jones said.";
    let sources = Sentence::new(&c, s).sources();
    let at = |w: &str| {
        let i = s.find(w).unwrap();
        i..i + w.len()
    };
    assert!(sources.credit(&at("might")), "{sources:?}");
    let s2 = "It is also said that he strongly believed in it.";
    let sources = Sentence::new(&c, s2).sources();
    let i = s2.find("said").unwrap();
    assert!(!sources.credit(&(i..i + 4)), "{sources:?}");
}

/// The tokenizer as first written, one `char` at a time: the oracle for the byte-wise one.
fn tokenize_by_chars(s: &str) -> Vec<(usize, usize, source::Kind)> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                let inner = matches!(d, '-' | '\'' | '’' | '.')
                    && s[j + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if !d.is_alphanumeric() && !inner {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            out.push((i, end, source::Kind::Word));
            continue;
        }
        let kind = match c {
            ',' | '(' | ')' | '[' | ']' | '—' | '–' => source::Kind::Comma,
            '.' | ';' | ':' | '!' | '?' | '…' => source::Kind::Stop,
            '"' | '“' | '”' | '«' | '»' | '„' | '\'' | '‘' | '’' => source::Kind::Quote,
            _ => continue,
        };
        out.push((i, i + c.len_utf8(), kind));
    }
    out
}

proptest::proptest! {
    #[test]
    fn byte_tokenizer_agrees_with_the_char_tokenizer(s in "[a-zA-Z0-9 .,'’\\-–—“”\"éÉΣİK日ǅ()!?…\n]{0,60}") {
        let toks = source::tokenize(&s);
        let got: Vec<(usize, usize, source::Kind)> =
            toks.iter().map(|t| (t.start, t.end, t.kind)).collect();
        proptest::prop_assert_eq!(got, tokenize_by_chars(&s));
        for (i, t) in toks.iter().enumerate() {
            let Some(w) = toks.word(i) else {
                proptest::prop_assert!(t.kind != source::Kind::Word);
                continue;
            };
            proptest::prop_assert_eq!(w.low(), toks.text(t).to_lowercase());
            let cap = toks.text(t).chars().next().is_some_and(char::is_uppercase);
            proptest::prop_assert_eq!(w.capitalised(), cap);
        }
    }
}

/// Words and punctuation that steer the analysis: every word of the vocabulary lists, in lower
/// case and capitalised, names, connectors, determiners, auxiliaries and punctuation.
fn vocabulary(c: &AttributionConfig) -> Vec<String> {
    let mut v: Vec<String> = [
        "Smith",
        "John",
        "Jones",
        "Bank",
        "England",
        "Moscow",
        "WORD",
        "of",
        "the",
        "and",
        "for",
        "a",
        "its",
        "is",
        "was",
        "been",
        "widely",
        "often",
        "that",
        "as",
        "on",
        "Monday",
        "he",
        "talks",
        "may",
        "fail",
        "in",
        "critics",
        ",",
        ".",
        ";",
        ":",
        "\"",
        "“",
        "”",
        "’",
        "—",
        "(",
        ")",
        "...",
        "U.S.",
        "Nilsson-Wright’s",
        "É",
        "ÉCOLE",
    ]
    .iter()
    .map(|w| w.to_string())
    .collect();
    let sets = [
        &c.vague_sources,
        &c.quantifiers,
        &c.institutions,
        &c.not_names,
        &c.pronouns,
        &c.clause_words,
    ];
    for set in sets {
        v.extend(set.iter().cloned());
    }
    let phrases = [
        &c.verbs,
        &c.source_after,
        &c.organisations,
        &c.continuations,
        &c.links,
    ];
    for set in phrases {
        let firsts: Vec<String> = set.first_words().map(str::to_string).collect();
        for f in firsts {
            for p in set.phrases_from(&f).into_iter().flatten() {
                v.push(p.join(" "));
            }
        }
    }
    let capitalised: Vec<String> = v
        .iter()
        .filter_map(|w| {
            let mut cs = w.chars();
            let first = cs.next()?;
            first
                .is_lowercase()
                .then(|| first.to_uppercase().chain(cs).collect())
        })
        .collect();
    v.extend(capitalised);
    v.sort();
    v.dedup();
    v
}

/// The new analysis and the oracle agree on `s`: its sources, and the name attached after
/// every token (`named_after`).
fn agrees_with_the_oracle(c: &AttributionConfig, s: &str) -> Result<(), String> {
    let new = Sentence::new(c, s);
    let old = oracle::Sentence::new(c, s);
    let (a, b) = (format!("{:?}", new.sources()), format!("{:?}", old.sources()));
    if a != b {
        return Err(format!("sources of {s:?}:\n new {a}\n old {b}"));
    }
    for offset in 0..=s.len() {
        if s.is_char_boundary(offset) && new.named_after(offset) != old.named_after(offset) {
            return Err(format!(
                "named_after({offset}) of {s:?}: new {:?}, old {:?}",
                new.named_after(offset),
                old.named_after(offset)
            ));
        }
    }
    Ok(())
}

#[test]
fn on_demand_names_agree_with_the_oracle_on_the_examples() {
    let c = cfg();
    let text = include_str!("../../rules/attribution.toml");
    let mut n = 0;
    for line in text.lines() {
        // Every quoted example of the rule file, as a sentence.
        for (k, part) in line.split('"').enumerate() {
            if k % 2 == 1 && part.len() > 10 {
                agrees_with_the_oracle(&c, part).unwrap();
                n += 1;
            }
        }
    }
    assert!(n > 20, "{n} examples");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
    #[test]
    fn on_demand_names_agree_with_the_oracle(
        picks in proptest::collection::vec((0usize..10_000, 0u8..4), 1..30)
    ) {
        thread_local! {
            static SETUP: (AttributionConfig, Vec<String>) = {
                let c = cfg();
                let v = vocabulary(&c);
                (c, v)
            };
        }
        SETUP.with(|(c, v)| {
            let mut s = String::new();
            for (w, gap) in &picks {
                s.push_str(&v[w % v.len()]);
                // Mostly spaces, sometimes words run into the punctuation after them.
                if *gap > 0 {
                    s.push(' ');
                }
            }
            agrees_with_the_oracle(c, &s).map_err(proptest::test_runner::TestCaseError::fail)
        })?;
    }
}

#[test]
fn the_kelvin_sign_is_the_only_other_letter_that_lowers_to_ascii() {
    let lowers_to_ascii: Vec<char> = (0x80..=0x10FFFF)
        .filter_map(char::from_u32)
        .filter(|c| c.to_lowercase().all(|l| l.is_ascii()))
        .collect();
    assert_eq!(lowers_to_ascii, vec![gate::KELVIN]);
}

#[test]
fn key_words_are_the_longest_word_of_each_phrase() {
    let mut set = source::PhraseSet::new(true);
    for p in ["in a statement by", "According to", "said"] {
        set.insert(p);
    }
    let mut keys: Vec<&str> = set.key_words().collect();
    keys.sort_unstable();
    assert_eq!(keys, vec!["according", "said", "statement"]);
}

/// The engine's hits of `words` in `text` (numbered from 0), as the analyzers get them.
fn hits_of(words: &[String], text: &str) -> Vec<(u32, Span)> {
    let index = crate::matcher::PhraseIndex::build_with_words(&[], words).unwrap();
    let mut hits = Vec::new();
    index.scan_field(text, 0, &mut hits, |_, _| {});
    hits
}

/// The verb gate of `words` over `text`, from the engine's hits.
fn gate_of(words: &[&str], text: &str, sentences: &[Span]) -> Vec<bool> {
    let words = gate::usable(words.iter().copied()).unwrap();
    let kelvin = text.contains(gate::KELVIN);
    gate::sentences(
        text,
        sentences,
        &hits_of(&words, text),
        0..words.len() as u32,
        kelvin,
    )
}

/// Whether the verb gate passes every sentence of `text` in which the oracle finds a source.
fn gate_passes_every_attribution(a: &AttributionAnalyzer, text: &str) -> Result<usize, String> {
    let model = crate::text::TextModel::new(text);
    let sentences = model.sentences();
    let kelvin = text.contains(gate::KELVIN);
    let gate = a.may_credit(text, sentences, &hits_of(a.gate_words(), text), kelvin);
    let mut attributed = 0;
    for (si, span) in sentences.iter().enumerate() {
        let s = &text[span.clone()];
        let sources = oracle::Sentence::new(&a.cfg, s).sources();
        if sources.vague.is_some() || !sources.named.is_empty() {
            attributed += 1;
            if !gate[si] {
                return Err(format!("the gate drops {s:?}, which credits {sources:?}"));
            }
        }
    }
    Ok(attributed)
}

#[test]
fn the_verb_gate_passes_every_attributed_example() {
    let a = AttributionAnalyzer::new(cfg(), &[]);
    let text = include_str!("../../rules/attribution.toml");
    let mut examples = String::new();
    for line in text.lines() {
        for (k, part) in line.split('"').enumerate() {
            if k % 2 == 1 && part.len() > 10 {
                examples.push_str(part);
                examples.push_str("\n\n");
            }
        }
    }
    let attributed = gate_passes_every_attribution(&a, &examples).unwrap();
    assert!(attributed > 10, "{attributed}");
    // A word that lower-cases to a verb only through the Kelvin sign (`thin\u{212A}s`).
    let kelvin = "Smith thin\u{212A}s the talks may fail.";
    assert_eq!(gate_passes_every_attribution(&a, kelvin), Ok(1));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
    #[test]
    fn the_verb_gate_passes_every_attributed_sentence(
        picks in proptest::collection::vec((0usize..10_000, 0u8..6), 1..80)
    ) {
        thread_local! {
            static SETUP: (AttributionAnalyzer, Vec<String>) = {
                let a = AttributionAnalyzer::new(cfg(), &[]);
                let v = vocabulary(&a.cfg);
                (a, v)
            };
        }
        SETUP.with(|(a, v)| {
            let mut s = String::new();
            for (w, gap) in &picks {
                s.push_str(&v[w % v.len()]);
                s.push_str(match gap {
                    0 => "",
                    1 => ". ",
                    2 => "\n\n",
                    _ => " ",
                });
            }
            gate_passes_every_attribution(a, &s)
                .map(|_| ())
                .map_err(proptest::test_runner::TestCaseError::fail)
        })?;
    }
}

/// The verb gate as first written, one Aho-Corasick automaton (every overlapping match): the
/// oracle for the gate from the engine's hits ([`gate::sentences`]).
fn gate_by_automaton(words: &[&str], text: &str, sentences: &[Span]) -> Vec<bool> {
    if text.contains(gate::KELVIN) {
        return vec![true; sentences.len()];
    }
    let ac = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(words)
        .unwrap();
    let mut out = vec![false; sentences.len()];
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut si = 0;
    for m in ac.find_overlapping_iter(text) {
        if alnum(text[..m.start()].chars().next_back()) || alnum(text[m.end()..].chars().next()) {
            continue;
        }
        si += sentences[si..].partition_point(|s| s.end <= m.start());
        match sentences.get(si) {
            Some(s) if s.start <= m.start() => out[si] = true,
            Some(_) => {}
            None => break,
        }
    }
    out
}

#[test]
fn the_word_gate_takes_only_ascii_letters_and_digits() {
    assert_eq!(
        gate::usable(["said", "Told", "x2"]),
        Some(vec!["said".into(), "told".into(), "x2".into()])
    );
    assert!(gate::usable(["said", "o.k."]).is_none());
    assert!(gate::usable(["dijo", "señaló"]).is_none());
    assert!(gate::usable([""]).is_none());
    let text = "He SAYS so. Essays say-so. Saïd said. Nothing here.";
    let model = crate::text::TextModel::new(text);
    assert_eq!(
        gate_of(&["said", "says", "say"], text, model.sentences()),
        vec![true, true, true, false]
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
    #[test]
    fn the_word_gate_agrees_with_the_automaton(
        text in "(?:said|SAYS|say|Told|tells|according|x|é|ï|日|\u{212A}|’|-|[a-z]{1,3}|[ .,!?\n]){0,40}"
    ) {
        let words = ["said", "says", "say", "told", "tells", "according", "x"];
        let model = crate::text::TextModel::new(&text);
        let sentences = model.sentences();
        proptest::prop_assert_eq!(
            gate_of(&words, &text, sentences),
            gate_by_automaton(&words, &text, sentences)
        );
    }
}

#[test]
fn the_lexicon_holds_each_list_with_its_bit() {
    let c = cfg();
    let sets = [
        (&c.vague_sources, lexicon::VAGUE_SOURCE),
        (&c.quantifiers, lexicon::QUANTIFIER),
        (&c.institutions, lexicon::INSTITUTION),
        (&c.not_names, lexicon::NOT_NAME),
        (&c.pronouns, lexicon::PRONOUN),
        (&c.clause_words, lexicon::CLAUSE_WORD),
    ];
    let phrases = [
        (&c.verbs, lexicon::VERB),
        (&c.source_after, lexicon::SOURCE_AFTER),
        (&c.organisations, lexicon::ORGANISATION),
        (&c.continuations, lexicon::CONTINUATION),
        (&c.links, lexicon::LINK),
    ];
    let mut words: Vec<String> = vocabulary(&c).iter().map(|w| w.to_lowercase()).collect();
    words.extend(["", "saidx", "accord", "reuters", "according to"].map(String::from));
    for w in &words {
        for (set, bit) in sets {
            assert_eq!(c.is(w, bit), set.contains(w), "{w:?} {bit}");
        }
        for (set, bit) in phrases {
            let first = set.first_words().any(|f| f.to_lowercase() == *w);
            assert_eq!(c.is(w, bit), first, "{w:?} {bit}");
        }
    }
}
