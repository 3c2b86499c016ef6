//! vblint in CI and pre-commit: selectors, thresholds, statistics, per-file configuration,
//! overrides, exclude, folder walking, standard input, closed pipes, baselines and inline
//! suppressions, `vblint init`.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use support::docx::{commented, p, Docx};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vblint"));
    c.env("NO_COLOR", "1");
    c
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("vblint runs")
}

fn run(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vblint-ci-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

const VAGUE: &str = "fixtures/rules/reporting-vague/fail-theo-quy-dinh.txt";
const NO_RECIPIENTS: &str = "fixtures/rules/recipients-missing/fail-no-block.txt";
const DOCX: &str = "fixtures/docx/ke-hoach-van-ban-thuong.docx";

fn rules_in(o: &Output) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let mut rules: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

#[test]
fn selectors_take_ids_families_and_all() {
    let all = rules_in(&run(&["check", "--format", "json", DOCX]));
    assert!(all.iter().any(|r| r.starts_with("layout-")));
    let no_layout = rules_in(&run(&[
        "check", "--format", "json", "--ignore", "layout", DOCX,
    ]));
    assert!(!no_layout.is_empty());
    assert!(
        no_layout.iter().all(|r| !r.starts_with("layout-")),
        "{no_layout:?}"
    );
    let only_layout = rules_in(&run(&[
        "check", "--format", "json", "--select", "layout", DOCX,
    ]));
    assert!(!only_layout.is_empty());
    assert!(
        only_layout.iter().all(|r| r.starts_with("layout-")),
        "{only_layout:?}"
    );
    let none = rules_in(&run(&[
        "check", "--format", "json", "--ignore", "ALL", DOCX,
    ]));
    assert!(none.is_empty(), "{none:?}");
    let extended = rules_in(&run(&[
        "check",
        "--format",
        "json",
        "--select",
        "layout",
        "--extend-select",
        "signer",
        DOCX,
    ]));
    assert!(
        extended.iter().any(|r| r.starts_with("signer-")),
        "{extended:?}"
    );
    // An unknown selector names the closest valid one.
    let o = run(&["check", "--select", "layuot", DOCX]);
    assert_eq!(o.status.code(), Some(2));
    assert!(out(&o).is_empty());
    assert!(
        err(&o).contains("`layuot`") && err(&o).contains("`layout`"),
        "{}",
        err(&o)
    );
    // `vblint rules` shows the family.
    let o = run(&["rules"]);
    assert!(out(&o)
        .lines()
        .any(|l| l.starts_with("layout-margin-left") && l.contains(" layout ")));
}

#[test]
fn thresholds_and_statistics() {
    // Warnings alone exit 0, unless --max-warnings is exceeded.
    assert_eq!(run(&["check", VAGUE]).status.code(), Some(0));
    assert_eq!(
        run(&["check", "--max-warnings", "0", VAGUE]).status.code(),
        Some(1)
    );
    assert_eq!(
        run(&["check", "--max-warnings", "50", VAGUE]).status.code(),
        Some(0)
    );
    // Errors exit 1, unless --exit-zero.
    assert_eq!(run(&["check", NO_RECIPIENTS]).status.code(), Some(1));
    assert_eq!(
        run(&["check", "--exit-zero", NO_RECIPIENTS]).status.code(),
        Some(0)
    );
    // --min-severity hides lower levels.
    let o = run(&["check", "--format", "json", "--min-severity", "error", DOCX]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    assert!(diags.iter().all(|d| d["severity"] == "error"));
    assert!(v["summary"]["warnings"] == 0 && v["summary"]["infos"] == 0);
    // --statistics prints counts per rule instead of the findings.
    let o = run(&["check", "--statistics", DOCX]);
    let text = out(&o);
    assert!(!text.contains("┌─"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("1  basis-missing")),
        "{text}"
    );
    let o = run(&["check", "--statistics", "--format", "json", DOCX]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["rule"] == "basis-missing" && r["count"] == 1));
}

#[test]
fn the_nearest_config_above_each_file_wins() {
    let dir = temp_dir("nearest");
    let a = dir.join("truong-a");
    let b = dir.join("truong-b");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::copy(fixture(VAGUE), a.join("plan.txt")).unwrap();
    std::fs::copy(fixture(VAGUE), b.join("plan.txt")).unwrap();
    std::fs::write(
        dir.join("vblint.toml"),
        "[severity]\nreporting-vague = \"error\"\n",
    )
    .unwrap();
    std::fs::write(b.join("vblint.toml"), "ignore = [\"reporting\"]\n").unwrap();
    let o = run_in(&dir, &["check", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files[0]["path"], "truong-a/plan.txt");
    let a_rules: Vec<&str> = files[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "reporting-vague")
        .map(|d| d["severity"].as_str().unwrap())
        .collect();
    assert_eq!(a_rules, ["error"]);
    assert!(!files[1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["rule"].as_str().unwrap().starts_with("reporting")));
    assert_eq!(o.status.code(), Some(1));
    // --isolated ignores both.
    let o = run_in(&dir, &["check", "--isolated", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for f in v["files"].as_array().unwrap() {
        assert!(f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "reporting-vague" && d["severity"] == "warning"));
    }
}

#[test]
fn overrides_exclude_and_output_format_from_config() {
    let dir = temp_dir("overrides");
    std::fs::create_dir_all(dir.join("truong-x")).unwrap();
    std::fs::create_dir_all(dir.join("luu-tru")).unwrap();
    std::fs::copy(fixture(DOCX), dir.join("truong-x/kh.docx")).unwrap();
    std::fs::copy(fixture(DOCX), dir.join("kh.docx")).unwrap();
    std::fs::write(dir.join("luu-tru/cu.doc"), b"old").unwrap();
    std::fs::write(
        dir.join("vblint.toml"),
        "output-format = \"concise\"\nexclude = [\"luu-tru\"]\n[[overrides]]\nfiles = [\"truong-*/**\"]\nignore = [\"layout\"]\n",
    )
    .unwrap();
    let o = run_in(&dir, &["check", "."]);
    let text = out(&o);
    assert!(!text.contains("cu.doc"), "excluded: {text}");
    assert!(
        text.contains("kh.docx:1:1: cảnh báo[layout-margin-left]"),
        "{text}"
    );
    assert!(
        !text.contains("truong-x/kh.docx:1:1: cảnh báo[layout"),
        "{text}"
    );
    assert!(text.contains("truong-x/kh.docx:"), "{text}");
    // Unknown keys name the closest valid key; a bad glob names the glob.
    std::fs::write(dir.join("vblint.toml"), "exlude = [\"x\"]\n").unwrap();
    let o = run_in(&dir, &["check", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("vblint.toml") && err(&o).contains("`exclude`"),
        "{}",
        err(&o)
    );
    assert!(out(&o).is_empty());
    std::fs::write(dir.join("vblint.toml"), "exclude = [\"a[\"]\n").unwrap();
    let o = run_in(&dir, &["check", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("a["), "{}", err(&o));
}

#[test]
fn folders_are_walked_like_a_repository() {
    let dir = temp_dir("walk");
    std::fs::create_dir_all(dir.join(".hidden")).unwrap();
    std::fs::create_dir_all(dir.join("build")).unwrap();
    std::fs::create_dir_all(dir.join("thu-muc.docx")).unwrap();
    std::fs::copy(fixture(VAGUE), dir.join("A.TXT")).unwrap();
    std::fs::copy(fixture(DOCX), dir.join("B.DOCX")).unwrap();
    std::fs::copy(fixture(VAGUE), dir.join(".hidden/c.txt")).unwrap();
    std::fs::copy(fixture(VAGUE), dir.join("build/d.txt")).unwrap();
    std::fs::copy(fixture(VAGUE), dir.join("thu-muc.docx/e.txt")).unwrap();
    std::fs::write(dir.join("scan.pdf"), b"%PDF-1.4").unwrap();
    std::fs::write(dir.join("ban.odt"), b"PK").unwrap();
    std::fs::write(dir.join("notes.md"), b"# notes").unwrap();
    std::fs::write(dir.join(".gitignore"), "build/\n").unwrap();
    let o = run_in(&dir, &["check", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["A.TXT", "B.DOCX", "thu-muc.docx/e.txt"]);
    let skipped = v["summary"]["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped
        .iter()
        .all(|s| s["reason"].as_str().unwrap().contains(".docx hoặc .txt")));
    let o = run_in(&dir, &["check", "."]);
    assert!(
        out(&o).contains("bỏ qua 1 tệp: không đọc tệp .pdf"),
        "{}",
        out(&o)
    );
    // A folder with no plan: said on stderr, exit 2 when named.
    let empty = dir.join("trong");
    std::fs::create_dir_all(&empty).unwrap();
    let o = run_in(&dir, &["check", "trong"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("không tìm thấy kế hoạch"), "{}", err(&o));
}

#[test]
fn standard_input_with_a_name() {
    let plan = std::fs::read(fixture(VAGUE)).unwrap();
    let mut child = bin()
        .args([
            "check",
            "-",
            "--stdin-filename",
            "ke-hoach/kh.txt",
            "--format",
            "concise",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&plan).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(
        out(&o).contains("ke-hoach/kh.txt:32:1: cảnh báo[reporting-vague]"),
        "{}",
        out(&o)
    );
    // A .docx on standard input is read as .docx.
    let docx = std::fs::read(fixture(DOCX)).unwrap();
    let mut child = bin()
        .args([
            "check",
            "-",
            "--stdin-filename",
            "kh.docx",
            "--format",
            "concise",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&docx).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(
        out(&o).contains("kh.docx:1:1: cảnh báo[layout-margin-left]"),
        "{}",
        out(&o)
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    for args in [
        vec!["rules"],
        vec!["check", "fixtures"],
        vec!["explain", "recipients-archive"],
    ] {
        let mut child = bin()
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read nothing and close the pipe at once, like `| head -0`.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let code = o.status.code();
        assert!(
            matches!(code, Some(0..=2)),
            "{args:?}: {code:?} {}",
            err(&o)
        );
        assert!(!err(&o).contains("panicked"), "{args:?}: {}", err(&o));
    }
}

#[test]
fn baseline_hides_accepted_findings_until_their_text_changes() {
    let dir = temp_dir("baseline");
    let plan = dir.join("kh.txt");
    let text = std::fs::read_to_string(fixture(VAGUE)).unwrap();
    std::fs::write(&plan, &text).unwrap();
    let o = run_in(
        &dir,
        &[
            "check",
            "--write-baseline",
            "vblint-baseline.json",
            "kh.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("vblint-baseline.json")).unwrap())
            .unwrap();
    let entries = baseline["entries"].as_array().unwrap();
    assert!(entries
        .iter()
        .any(|e| e["rule"] == "reporting-vague" && e["path"] == "kh.txt"));
    // Nothing left to report.
    let o = run_in(
        &dir,
        &[
            "check",
            "--baseline",
            "vblint-baseline.json",
            "--format",
            "json",
            "kh.txt",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["files"][0]["diagnostics"].as_array().unwrap().len(),
        0,
        "{v}"
    );
    assert_eq!(v["summary"]["baselined"], entries.len());
    // An edit elsewhere (a line added above) keeps them accepted.
    std::fs::write(&plan, text.replacen("KẾ HOẠCH", "KẾ HOẠCH\n", 1)).unwrap();
    let o = run_in(
        &dir,
        &[
            "check",
            "--baseline",
            "vblint-baseline.json",
            "--format",
            "json",
            "kh.txt",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        !v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "reporting-vague"),
        "{v}"
    );
    // Editing the offending text brings it back, and its old entry is stale.
    std::fs::write(
        &plan,
        text.replace(
            "tổng hợp, báo cáo kết quả theo quy định",
            "báo cáo kết quả theo quy định hiện hành",
        ),
    )
    .unwrap();
    let o = run_in(
        &dir,
        &["check", "--baseline", "vblint-baseline.json", "kh.txt"],
    );
    assert!(out(&o).contains("[reporting-vague]"), "{}", out(&o));
    assert!(
        out(&o).contains("mục baseline không còn khớp: kh.txt [reporting-vague]"),
        "{}",
        out(&o)
    );
    // The baseline also comes from vblint.toml; a corrupt one is a clear error.
    std::fs::write(&plan, &text).unwrap();
    std::fs::write(
        dir.join("vblint.toml"),
        "baseline = \"vblint-baseline.json\"\n",
    )
    .unwrap();
    let o = run_in(&dir, &["check", "--format", "json", "kh.txt"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["summary"]["baselined"].as_u64().unwrap() > 0);
    std::fs::write(dir.join("vblint-baseline.json"), "{ not json").unwrap();
    let o = run_in(&dir, &["check", "kh.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("vblint-baseline.json"), "{}", err(&o));
    assert!(out(&o).is_empty());
}

#[test]
fn inline_suppressions_and_unused_ones() {
    let dir = temp_dir("suppress");
    let text = std::fs::read_to_string(fixture(VAGUE)).unwrap();
    let with = text.replacen(
        "Các tổ chuyên môn tổng hợp",
        "vblint: bỏ qua reporting-vague đã thống nhất với phòng\nCác tổ chuyên môn tổng hợp",
        1,
    );
    assert_ne!(with, text);
    std::fs::write(dir.join("kh.txt"), &with).unwrap();
    let o = run_in(&dir, &["check", "--format", "json", "kh.txt"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"reporting-vague"), "{rules:?}");
    assert!(!rules.contains(&"suppression-unused"), "{rules:?}");
    assert!(v["summary"]["suppressed"].as_u64().unwrap() >= 1);
    // A suppression that hides nothing, and one naming no rule.
    let unused = text.replacen(
        "KẾ HOẠCH",
        "KẾ HOẠCH\nvblint: ignore recipients-archive\nvblint: bỏ qua khong-co-quy-tac",
        1,
    );
    std::fs::write(dir.join("kh.txt"), &unused).unwrap();
    let o = run_in(&dir, &["check", "--format", "json", "kh.txt"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"suppression-unused"), "{rules:?}");
    assert!(rules.contains(&"suppression-invalid"), "{rules:?}");
    // A mistyped id gets the closest valid one as a hint.
    let typo = text.replacen("KẾ HOẠCH", "KẾ HOẠCH\nvblint: bỏ qua reporting-vage", 1);
    std::fs::write(dir.join("kh.txt"), &typo).unwrap();
    let o = run_in(&dir, &["check", "--format", "json", "kh.txt"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let hint = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "suppression-invalid")
        .and_then(|d| d["message"].as_str())
        .unwrap_or_default()
        .to_string();
    assert!(hint.contains("(có phải \"reporting-vague\"?)"), "{hint}");
}

/// The reporting-vague fixture as a `.docx`, one paragraph per line; the paragraph starting with
/// each anchor's text is wrapped in that comment's anchor.
fn commented_plan(anchors: &[(&str, u32)], comments: &[(u32, &str)]) -> Vec<u8> {
    let text = std::fs::read_to_string(fixture(VAGUE)).unwrap();
    let mut body = String::new();
    let mut placed = 0;
    for line in text.lines() {
        let para = p("", &vblint::check::docx_example::xml_escape(line));
        match anchors.iter().find(|(start, _)| line.starts_with(start)) {
            Some((_, id)) => {
                placed += 1;
                body.push_str(&commented(*id, &para));
            }
            None => body.push_str(&para),
        }
    }
    assert_eq!(placed, anchors.len(), "every anchor found its paragraph");
    Docx::new(&body).comments(comments).bytes()
}

/// (rule, severity, line) of each finding of a `check --format json` run on one file.
fn findings(dir: &Path, file: &str) -> (Vec<(String, String, u64)>, serde_json::Value) {
    let o = run_in(dir, &["check", "--format", "json", file]);
    assert_ne!(o.status.code(), Some(2), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    (list, v)
}

#[test]
fn word_comment_suppressions_unused_and_unknown_ones() {
    let dir = temp_dir("comment-suppress");
    let has = |list: &[(String, String, u64)], rule: &str| list.iter().any(|f| f.0 == rule);
    // Without a comment the rule fires on the reporting paragraph.
    std::fs::write(dir.join("plain.docx"), commented_plan(&[], &[])).unwrap();
    let (plain, _) = findings(&dir, "plain.docx");
    assert!(has(&plain, "reporting-vague"), "{plain:?}");
    // A comment on that paragraph accepts it; one that hides nothing is reported where it is
    // anchored; one naming no rule is a warning; a reviewer's ordinary comment is not read.
    let bytes = commented_plan(
        &[
            ("Các tổ chuyên môn tổng hợp", 1),
            ("Ngày hội tổ chức vào", 2),
            ("Khơi dậy", 3),
            ("- Giáo viên kể chuyện", 4),
        ],
        &[
            (1, "vblint: bỏ qua reporting-vague đã thống nhất với phòng"),
            (2, "vblint: ignore recipients-archive"),
            (3, "vblint: bỏ qua khong-co-quy-tac"),
            (4, "Cần viết rõ hơn; xem vblint: bỏ qua không áp dụng ở đây"),
        ],
    );
    std::fs::write(dir.join("kh.docx"), bytes).unwrap();
    let (list, v) = findings(&dir, "kh.docx");
    assert!(!has(&list, "reporting-vague"), "{list:?}");
    assert!(v["summary"]["suppressed"].as_u64().unwrap() >= 1);
    let unused: Vec<_> = list
        .iter()
        .filter(|f| f.0 == "suppression-unused")
        .collect();
    assert_eq!(unused.len(), 1, "{list:?}");
    assert_eq!(unused[0].1, "warning");
    assert_eq!(unused[0].2, 24, "on the anchored paragraph's line");
    let invalid: Vec<_> = list
        .iter()
        .filter(|f| f.0 == "suppression-invalid")
        .collect();
    assert_eq!(invalid.len(), 1, "{list:?}");
    assert_eq!(invalid[0].1, "warning");
    // On a heading, the comment covers the section under it.
    std::fs::write(
        dir.join("heading.docx"),
        commented_plan(
            &[("3. Chế độ báo cáo", 1)],
            &[(1, "vblint: bỏ qua reporting-vague")],
        ),
    )
    .unwrap();
    let (list, _) = findings(&dir, "heading.docx");
    assert!(!has(&list, "reporting-vague"), "{list:?}");
    assert!(!has(&list, "suppression-unused"), "{list:?}");
    // Anchored elsewhere, it hides nothing: the finding stays and the comment is unused.
    std::fs::write(
        dir.join("elsewhere.docx"),
        commented_plan(
            &[("Ngày hội tổ chức vào", 1)],
            &[(1, "vblint: bỏ qua reporting-vague")],
        ),
    )
    .unwrap();
    let (list, _) = findings(&dir, "elsewhere.docx");
    assert!(has(&list, "reporting-vague"), "{list:?}");
    assert!(has(&list, "suppression-unused"), "{list:?}");
}

/// Runs `vblint ARGS` with a pseudo-terminal as its stdout and stderr (`script` from
/// util-linux) and returns what the terminal showed; `None` when `script` is absent.
fn on_a_terminal(dir: &Path, args: &str) -> Option<String> {
    let probe = Command::new("script").arg("--version").output();
    if !probe.is_ok_and(|o| o.status.success()) {
        return None;
    }
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_vblint"));
    let o = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("script runs");
    Some(String::from_utf8_lossy(&o.stdout).into_owned())
}

#[test]
fn progress_bar_on_a_terminal_only_for_people_and_many_files() {
    let dir = temp_dir("progress");
    let plan = std::fs::read(fixture(VAGUE)).unwrap();
    for i in 0..60 {
        std::fs::write(dir.join(format!("kh-{i:02}.txt")), &plan).unwrap();
    }
    let Some(shown) = on_a_terminal(&dir, "check .") else {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    };
    assert!(
        shown.contains("/60") && shown.contains('░'),
        "no progress bar: {shown}"
    );
    assert!(shown.contains("kh-59.txt"), "{shown}");
    // Machine formats never draw it, even on a terminal.
    let json = on_a_terminal(&dir, "check . --format json").unwrap();
    assert!(json.contains("\"kh-59.txt\""), "{json}");
    assert!(!json.contains("/60"), "{json}");
    // Fifty files or fewer: no bar.
    for i in 50..60 {
        std::fs::remove_file(dir.join(format!("kh-{i:02}.txt"))).unwrap();
    }
    let few = on_a_terminal(&dir, "check .").unwrap();
    assert!(few.contains("kh-49.txt") && !few.contains("/50"), "{few}");
    // Stderr not a terminal (a CI log): no bar.
    for i in 50..60 {
        std::fs::write(dir.join(format!("kh-{i:02}.txt")), &plan).unwrap();
    }
    let o = run_in(&dir, &["check", "."]);
    assert!(out(&o).contains("kh-59.txt"));
    assert!(!err(&o).contains("/60"), "{}", err(&o));
    assert!(!out(&o).contains("/60"));
}

#[test]
fn init_writes_a_starter_and_refuses_to_overwrite() {
    let dir = temp_dir("init");
    let o = run_in(&dir, &["init"]);
    assert_eq!(o.status.code(), Some(0));
    let written = std::fs::read_to_string(dir.join("vblint.toml")).unwrap();
    assert!(written.contains("# exclude"));
    // The starter is a valid configuration.
    std::fs::copy(fixture(VAGUE), dir.join("kh.txt")).unwrap();
    assert_eq!(run_in(&dir, &["check", "kh.txt"]).status.code(), Some(0));
    std::fs::write(dir.join("vblint.toml"), "lang = \"en\"\n").unwrap();
    let o = run_in(&dir, &["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.join("vblint.toml")).unwrap(),
        "lang = \"en\"\n"
    );
    assert_eq!(run_in(&dir, &["init", "--force"]).status.code(), Some(0));
}

#[test]
fn tree_and_explain_follow_the_config() {
    let dir = temp_dir("tree");
    std::fs::copy(fixture(VAGUE), dir.join("kh.txt")).unwrap();
    std::fs::write(dir.join("vblint.toml"), "lang = \"en\"\n").unwrap();
    let vi = run(&["tree", VAGUE]);
    let en = run_in(&dir, &["tree", "kh.txt"]);
    assert_eq!(en.status.code(), Some(0));
    assert_ne!(out(&vi), out(&en), "lang from vblint.toml applies to tree");
    let o = run_in(&dir, &["explain", "recipients-archive"]);
    let text = out(&o);
    assert!(text.contains("Source"), "{text}");
    assert!(!text.contains("**"), "markdown is rendered: {text}");
    let o = run(&["explain", "recipients-archiv"]);
    assert!(err(&o).contains("recipients-archive"), "{}", err(&o));
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = run(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0));
        assert!(out(&o).contains("write-baseline"), "{shell}");
    }
    let o = run(&["man"]);
    assert!(
        out(&o).starts_with(".ie") || out(&o).contains(".TH"),
        "{}",
        out(&o)
    );
}

#[test]
fn the_first_baseline_is_written_when_the_config_already_names_it() {
    let dir = temp_dir("first-baseline");
    std::fs::copy(fixture(NO_RECIPIENTS), dir.join("kh.txt")).unwrap();
    std::fs::write(
        dir.join("vblint.toml"),
        "baseline = \"vblint-baseline.json\"\n",
    )
    .unwrap();
    let o = run_in(
        &dir,
        &[
            "check",
            "--write-baseline",
            "vblint-baseline.json",
            "kh.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = run_in(&dir, &["check", "kh.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert!(
        out(&o).contains("phát hiện đã có trong baseline"),
        "{}",
        out(&o)
    );
}
