//! The ways in for reviewers who never read compiler output: the HTML report (`--format html`),
//! annotated Word copies (`vblint annotate`) and the local web page (`vblint serve`).

use std::path::PathBuf;
use std::process::{Command, Output};

fn vblint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vblint"))
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("vblint runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[allow(dead_code)]
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vblint-reviewer-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn html_report_for_a_folder_has_an_index_and_a_verdict_per_document() {
    let o = vblint(&[
        "check",
        "--format",
        "html",
        "examples/ke-hoach-mau.txt",
        "fixtures/plans",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let page = stdout(&o);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<html lang=\"vi\">"));
    assert!(page.contains("class=\"index\""));
    assert_eq!(page.matches("<section class=\"doc\"").count(), 3);
    assert_eq!(page.matches("class=\"verdict pass\">đạt<").count(), 2 + 2);
    assert!(page.contains("class=\"verdict fix\">cần sửa<"));
    // Every finding of the JSON report is on the page, grouped under a part heading.
    let json = stdout(&vblint(&[
        "check",
        "--format",
        "json",
        "examples/ke-hoach-mau.txt",
    ]));
    let n = json.matches("\"rule\":").count();
    assert!(n > 0);
    assert_eq!(page.matches("<li class=\"finding").count(), n);
    assert!(page.contains("<h3>Nơi nhận</h3>"));
    assert!(page.contains("id=\"rule-recipients-archive\""));
    assert!(page.contains("@media print"));
    // Self-contained: no external resource of any kind.
    for external in ["src=\"http", "href=\"http", "@import", "url("] {
        assert!(!page.contains(external), "{external}");
    }
}

#[test]
fn html_report_in_english() {
    let o = vblint(&[
        "check",
        "--format",
        "html",
        "--lang",
        "en",
        "fixtures/plans/clean-state.txt",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let page = stdout(&o);
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains(">passes<"));
    assert!(
        !page.contains("class=\"index\""),
        "one document needs no index"
    );
}
