//! Hostile articles: what a scraper drags in. Each case yields a valid report with exactly the
//! findings listed (rule id, field, evidence, line and column), under the default rules.
//!
//! Linear time is checked without clocks: the large cases (a 50 MB line, a million lines, a
//! 2 MB line holding 230 000 phrase matches, a million list-looking lines) are big enough that
//! anything quadratic in the input or in the number of matches would run for hours and fail
//! the suite, while the linear engine scores each in seconds even in a debug build.

mod fuzz_common;

use credence::{Article, Engine, Field, Limits, Report};
use fuzz_common::check_report;

/// `(rule, field, evidence, line, column)` of one expected finding.
type Want<'a> = (&'a str, Field, &'a str, usize, usize);

const B: Field = Field::Body;
const T: Field = Field::Title;

fn got(report: &Report) -> Vec<(String, Field, String, usize, usize)> {
    report
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.field, f.evidence.clone(), f.line, f.column))
        .collect()
}

fn expect(engine: &Engine, name: &str, article: Article, want: &[Want]) -> Report {
    let report = engine.score(&article);
    check_report(engine, &article, &report);
    let want: Vec<(String, Field, String, usize, usize)> = want
        .iter()
        .map(|(r, f, e, l, c)| (r.to_string(), *f, e.to_string(), *l, *c))
        .collect();
    assert_eq!(got(&report), want, "case `{name}`");
    report
}

#[test]
fn small_hostile_articles() {
    let engine = Engine::default();
    let plain = |s: &str| Article::from_plain_text(s);
    let cases: Vec<(&str, Article, Vec<Want>)> = vec![
        ("empty", plain(""), vec![]),
        ("whitespace only", plain(" \t\n\r\n \u{3000}\u{a0}\n\n"), vec![]),
        ("NUL bytes only", plain(&"\0".repeat(1000)), vec![]),
        (
            "NUL bytes around a token",
            plain("Minister resigns\0\n\0\0PARIS, [Date]\0 – text\0"),
            vec![("placeholder/bracket-token", B, "[Date]", 2, 10)],
        ),
        (
            "UTF-8 BOM before chrome",
            plain("\u{feff}Leave a Reply\n"),
            vec![("boilerplate/comment-heading", B, "Leave a Reply", 1, 2)],
        ),
        (
            "CRLF line endings",
            plain("Title\r\n\r\nBody [City] here.\r\nLeave a Reply\r\n"),
            vec![
                ("placeholder/bracket-token", B, "[City]", 3, 6),
                ("boilerplate/comment-heading", B, "Leave a Reply", 4, 1),
            ],
        ),
        (
            "lone CR line endings",
            plain("Title\r\rBody [City] here.\rLeave a Reply\r"),
            vec![
                ("placeholder/bracket-token", B, "[City]", 3, 6),
                ("boilerplate/comment-heading", B, "Leave a Reply", 4, 1),
            ],
        ),
        (
            "right-to-left text and direction overrides",
            plain("שלום עולם\n\nمرحبا \u{202e}بالعالم\u{202c} [Date] نص\n"),
            vec![("placeholder/bracket-token", B, "[Date]", 3, 17)],
        ),
        (
            "combining characters",
            plain("Ame\u{301}lie Poulain\n\nCafe\u{301} [Name] a\u{308}\u{308}\u{308}\u{308}\n"),
            vec![("placeholder/bracket-token", B, "[Name]", 3, 7)],
        ),
        (
            "combining mark inside a phrase stops the match",
            plain("Story\n\nLeave\u{301} a Reply\n"),
            vec![],
        ),
        (
            "emoji around chrome",
            plain("🔥 Big news 🔥\n\n🔥🔥 Leave a Reply 🔥\n"),
            vec![("boilerplate/comment-heading", B, "Leave a Reply", 3, 4)],
        ),
        (
            "zero-width joiners",
            plain("👨\u{200d}👩\u{200d}👧 family\n\nLeave\u{200d} a Reply\n[Date]\u{200d}\u{200b}\n"),
            vec![("placeholder/bracket-token", B, "[Date]", 4, 1)],
        ),
        (
            "title longer than the body",
            Article::new("Ok.").with_title(format!("[Date] {}", "long title words ".repeat(5000))),
            vec![("placeholder/bracket-token", T, "[Date]", 1, 1)],
        ),
        (
            "nothing but brackets",
            plain(&("[]{}()<>⟨⟩【】".repeat(5000) + &"[".repeat(100_000))),
            vec![],
        ),
        (
            "nothing but quotes",
            plain(&"\"'“”‘’«»„‚‹›「」『』`".repeat(20_000)),
            vec![],
        ),
        (
            "nothing but terminators",
            plain(&". ! ? … 。".repeat(50_000)),
            vec![],
        ),
    ];
    for (name, article, want) in cases {
        expect(&engine, name, article, &want);
    }
}

#[test]
fn empty_article_scores_the_start() {
    let engine = Engine::default();
    let r = expect(&engine, "empty", Article::new(""), &[]);
    assert_eq!(r.score, engine.scoring().start);
}

#[test]
fn fifty_megabyte_single_line_is_cut_at_the_limit_with_a_finding() {
    let engine = Engine::default();
    let text = "x ".repeat(25 << 20); // 50 MiB, one line
    let cap = engine.limits().max_article_bytes;
    let report = expect(
        &engine,
        "50 MB line",
        Article::from_plain_text(text),
        &[("input/truncated", B, " ", 1, cap)],
    );
    let f = &report.findings[0];
    assert_eq!((f.start, f.end, f.points), (cap - 1, cap, 0));
    assert!(
        f.message.contains(&format!("{} bytes", 50 << 20)),
        "{}",
        f.message
    );
}

#[test]
fn fifty_megabyte_single_line_is_scored_whole_under_a_raised_limit() {
    let engine = Engine::from_sources_with_limits(
        credence::embedded_sources(),
        Limits::default().max_article_bytes(64 << 20),
    )
    .unwrap();
    let mut text = "x ".repeat(25 << 20);
    text.push_str("[Date]");
    expect(
        &engine,
        "50 MB line, raised limit",
        Article::from_plain_text(text),
        &[("placeholder/bracket-token", B, "[Date]", 1, (50 << 20) + 1)],
    );
}

#[test]
fn a_cut_never_splits_a_character() {
    let engine = Engine::from_sources_with_limits(
        credence::embedded_sources(),
        Limits::default().max_article_bytes(100),
    )
    .unwrap();
    // 3-byte characters: 100 is not a boundary, 99 is.
    let report = expect(
        &engine,
        "cut on a boundary",
        Article::new("€".repeat(1000)).with_title("€".repeat(40)),
        &[
            ("input/truncated", T, "€", 1, 33),
            ("input/truncated", B, "€", 1, 33),
        ],
    );
    assert_eq!(report.findings[1].end, 99);
}

#[test]
fn a_million_short_lines() {
    let engine = Engine::default();
    expect(
        &engine,
        "a million lines",
        Article::from_plain_text("a\n".repeat(1_000_000)),
        &[],
    );
    expect(
        &engine,
        "a million empty lines",
        Article::from_plain_text("\n".repeat(1_000_000) + "\r".repeat(1_000_000).as_str()),
        &[],
    );
}

#[test]
fn a_million_chrome_lines_list_the_first_findings_and_say_how_many_were_dropped() {
    let limits = Limits::default().max_article_bytes(16 << 20);
    let engine = Engine::from_sources_with_limits(credence::embedded_sources(), limits).unwrap();
    let max = engine.limits().max_findings;
    let report = engine.score(&Article::from_plain_text("Comments\n".repeat(1_000_000)));
    check_report(
        &engine,
        &Article::from_plain_text("Comments\n".repeat(1_000_000)),
        &report,
    );
    assert_eq!(report.findings.len(), max + 1);
    assert!(report.findings[..max]
        .iter()
        .all(|f| f.rule == "boilerplate/comment-heading"));
    let last = &report.findings[max];
    assert_eq!(last.rule, "input/too-many-findings");
    assert_eq!(
        (last.line, last.column, last.evidence.as_str()),
        (max + 1, 1, "Comments")
    );
    assert!(
        last.message
            .starts_with(&format!("{} more findings", 1_000_000 - max)),
        "{}",
        last.message
    );
    // Repeats past the third count nothing; the boilerplate cap is not reached.
    assert_eq!(report.score, 75 - 12 - 6 - 3);
}

#[test]
fn many_matches_on_one_long_line_stay_linear() {
    let engine = Engine::default();
    // 230 000 matches of line-scoped phrases on one 2 MB line: none is alone on its line.
    let line = "Comments Loading Share this ".repeat(80_000);
    expect(
        &engine,
        "2 MB line of chrome words",
        Article::from_plain_text(&line[..2 << 20]),
        &[],
    );
    // A million lines that each look like the start of a keyword list.
    let report = engine.score(&Article::from_plain_text("Tags:\n".repeat(300_000)));
    assert!(report
        .findings
        .iter()
        .all(|f| f.rule == "boilerplate/keyword-dump"));
    assert_eq!(
        report.findings.len(),
        1,
        "overlapping lists collapse into the first"
    );
    assert_eq!(report.findings[0].evidence.len(), 300_000 * 6 - 1);
}

#[test]
fn a_long_line_of_tokens_lists_the_finding_limit_and_renders() {
    let engine = Engine::default();
    let text = "[Date] ".repeat(300_000); // 2.1 MB on one line, 300 000 tokens
    let article = Article::from_plain_text(text);
    let report = engine.score(&article);
    check_report(&engine, &article, &report);
    let max = engine.limits().max_findings;
    // The body is cut at 2 MiB first, then the first `max` tokens are listed.
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules.len(), max + 2);
    assert!(rules[..max].iter().all(|r| *r == "placeholder/bracket-token"));
    assert_eq!(rules[max], "input/too-many-findings");
    assert_eq!(rules[max + 1], "input/truncated");
    assert_eq!(report.findings[max].column, max * 7 + 1);
    // The text rendering quotes a window of the line around each finding, not the line.
    let shown = report.to_string();
    assert!(
        shown.lines().all(|l| l.chars().count() < 400),
        "a quoted line is windowed"
    );
}
