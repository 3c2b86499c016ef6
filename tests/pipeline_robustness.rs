//! The whole pipeline (read → parse → check → report) never panics and stays fast on odd input:
//! plans shuffled line by line, lines cut at random places, markers without text, huge lines.

mod support;

use support::rng::Rng;

use std::time::{Duration, Instant};

use vblint::check::{self, CheckOptions, RuleSet};
use vblint::extract;
use vblint::parse::{self, ParseOptions};
use vblint::report::{self, FileReport};

fn run(text: &str, rules: &RuleSet) {
    if let Ok(extracted) = extract::extract(text.as_bytes(), "txt") {
        let doc = parse::parse(extracted, &ParseOptions::default());
        let _ = parse::tree::render(&doc, false);
        let diags = check::check(&doc, rules, &CheckOptions::default());
        let report = FileReport {
            path: "x.txt".into(),
            outcome: Ok((doc, diags)),
        };
        let reports = [report];
        let _ = report::human(&reports, false, false);
        let _ = report::json(&reports, true);
    }
}

#[test]
fn shuffled_and_cut_plans_never_panic() {
    let rules = RuleSet::embedded().expect("rules load");
    let mut lines: Vec<String> = Vec::new();
    for plan in [
        include_str!("../fixtures/plans/clean-state.txt"),
        include_str!("../fixtures/plans/clean-party.txt"),
        include_str!("../examples/ke-hoach-mau.txt"),
    ] {
        lines.extend(plan.lines().map(String::from));
    }
    let extras = [
        "I.",
        "1.",
        "a)",
        "-",
        "+",
        "Nơi nhận:",
        "KT.",
        "Số:",
        "ngày",
        "¹",
        "[1]",
        "*",
        "./.",
        "\t\t",
        "KẾ HOẠCH",
        "Số 01-",
        "Kế hoạch số /",
        "TM. ",
        "Q. TRƯỞNG PHÒNG",
        "Trên đây là",
    ];
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let started = Instant::now();
    for _ in 0..300 {
        let n = 1 + rng.below(60);
        let mut text = String::new();
        for _ in 0..n {
            let line = if rng.below(5) == 0 {
                extras[rng.below(extras.len())].to_string()
            } else {
                lines[rng.below(lines.len())].clone()
            };
            // Cut some lines at a random character.
            let line = if rng.below(4) == 0 {
                let cut = rng.below(line.chars().count() + 1);
                line.chars().take(cut).collect()
            } else {
                line
            };
            text.push_str(&line);
            text.push(if rng.below(10) == 0 { '\r' } else { '\n' });
        }
        run(&text, &rules);
    }
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn degenerate_inputs() {
    let rules = RuleSet::embedded().expect("rules load");
    let long_line = "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND tỉnh; ".repeat(20_000);
    let deep = (0..2000)
        .map(|i| format!("{}. Mục {i}\n", i % 100))
        .collect::<String>();
    let dashes = "-\n+\n".repeat(5000);
    let started = Instant::now();
    for text in [
        "\n",
        " ",
        "\u{feff}",
        "KẾ HOẠCH",
        "Nơi nhận:",
        "\t\t\t\n\t\t",
        &long_line,
        &deep,
        &dashes,
    ] {
        run(text, &rules);
    }
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
}
