//! Fixture plans under `fixtures/`:
//! - `fixtures/plans/clean-*.txt` are complete, compliant plans: no rule may fire on them;
//! - `fixtures/rules/<rule-id>/fail*.txt` must trigger `<rule-id>`, `pass*.txt` must not;
//! - every rule has at least one `fail` fixture;
//! - the human output of every fixture is snapshotted (insta), so a change in what a reviewer
//!   sees is reviewed.

use std::path::{Path, PathBuf};

use vblint::check::{self, CheckOptions, Diagnostic, RuleSet};
use vblint::extract;
use vblint::parse::{self, Document, ParseOptions};
use vblint::report::{self, FileReport};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rules() -> RuleSet {
    RuleSet::embedded().expect("embedded rules load")
}

fn check_file(path: &Path, rules: &RuleSet) -> (Document, Vec<Diagnostic>) {
    let bytes = std::fs::read(path).expect("fixture is readable");
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_string())
        .unwrap_or_default();
    let extracted = extract::extract(&bytes, &ext)
        .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message(true)));
    let doc = parse::parse(extracted, &ParseOptions::default());
    // A fixture whose name says `issued` is checked as an issued plan (`--issued`).
    let issued = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().contains("-issued"));
    let options = CheckOptions {
        issued,
        ..CheckOptions::default()
    };
    let diags = check::check(&doc, rules, &options);
    (doc, diags)
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
        .replace('\\', "/")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt" || e == "docx") {
            out.push(p);
        }
    }
    out.sort();
}

#[test]
fn snapshots() {
    let rules = rules();
    insta::glob!("../fixtures", "{plans,rules}/**/*.{txt,docx}", |path| {
        let (doc, diags) = check_file(path, &rules);
        let report = FileReport {
            path: relative(path),
            outcome: Ok((doc, diags)),
        };
        insta::assert_snapshot!(report::human(&[report], false, false));
    });
}

#[test]
fn clean_plans_have_no_findings() {
    let rules = rules();
    let mut files = Vec::new();
    files_under(&root().join("fixtures/plans"), &mut files);
    assert!(!files.is_empty());
    for f in files.iter().filter(|f| {
        f.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("clean"))
    }) {
        let (_, diags) = check_file(f, &rules);
        let found: Vec<String> = diags
            .iter()
            .map(|d| format!("{} {}", d.rule, d.message))
            .collect();
        assert!(found.is_empty(), "{}:\n{}", relative(f), found.join("\n"));
    }
}

#[test]
fn rule_fixtures_fire_and_pass() {
    let rules = rules();
    let mut files = Vec::new();
    files_under(&root().join("fixtures/rules"), &mut files);
    let mut failures = Vec::new();
    for f in &files {
        let Some(rule) = f
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().to_string())
        else {
            continue;
        };
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        assert!(
            rules.get(&rule).is_some(),
            "{}: no rule `{rule}`",
            relative(f)
        );
        let (_, diags) = check_file(f, &rules);
        let fired = diags.iter().any(|d| d.rule == rule);
        if name.starts_with("fail") && !fired {
            failures.push(format!("{}: expected `{rule}` to fire", relative(f)));
        }
        if name.starts_with("pass") && fired {
            failures.push(format!("{}: expected `{rule}` to stay quiet", relative(f)));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_failing_fixture() {
    let rules = rules();
    let missing: Vec<&str> = rules
        .rules()
        .map(|r| r.id.as_str())
        .filter(|id| {
            let dir = root().join("fixtures/rules").join(id);
            let mut files = Vec::new();
            files_under(&dir, &mut files);
            !files.iter().any(|f| {
                f.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("fail"))
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a fail fixture: {missing:?}"
    );
}
