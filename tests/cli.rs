//! The command line as users and CI meet it: exit codes, output formats, rule folders, and
//! files that cannot be read.

use std::path::{Path, PathBuf};
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

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vblint-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn clean_plan_exits_zero() {
    let o = vblint(&["check", "fixtures/plans/clean-state.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 lỗi"));
}

#[test]
fn error_findings_exit_one_with_rustc_style_output() {
    let o = vblint(&[
        "check",
        "fixtures/rules/recipients-missing/fail-no-block.txt",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("lỗi[recipients-missing]: kế hoạch không có phần \"Nơi nhận:\""),
        "{out}"
    );
    assert!(
        out.contains("┌─ fixtures/rules/recipients-missing/fail-no-block.txt:"),
        "{out}"
    );
    assert!(out.contains("= gợi ý: "), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour when NO_COLOR is set");
}

#[test]
fn english_messages_on_request() {
    let o = vblint(&[
        "check",
        "--lang",
        "en",
        "fixtures/rules/recipients-missing/fail-no-block.txt",
    ]);
    assert!(stdout(&o).contains("the plan has no \"Nơi nhận:\" (recipients) block"));
    assert!(stdout(&o).contains("1 file(s) checked"));
}

#[test]
fn warnings_alone_exit_zero() {
    let o = vblint(&[
        "check",
        "fixtures/rules/reporting-vague/fail-theo-quy-dinh.txt",
    ]);
    assert!(stdout(&o).contains("cảnh báo[reporting-vague]"));
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn json_follows_the_documented_schema() {
    let o = vblint(&[
        "check",
        "--format",
        "json",
        "fixtures/rules/reporting-vague/fail-theo-quy-dinh.txt",
        "missing.txt",
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unreadable file makes the run exit 2"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["version"], 1);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let missing = files.iter().find(|f| f["path"] == "missing.txt").unwrap();
    assert!(missing["error"]["message"]
        .as_str()
        .unwrap()
        .contains("không có tệp"));
    let plan = files.iter().find(|f| f["path"] != "missing.txt").unwrap();
    assert!(plan["error"].is_null());
    let d = plan["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "reporting-vague")
        .unwrap();
    assert_eq!(d["severity"], "warning");
    for key in ["message", "help"] {
        assert!(d[key].as_str().is_some_and(|s| !s.is_empty()));
    }
    for key in ["line", "column", "end_line", "end_column"] {
        assert!(d[key].as_u64().is_some_and(|n| n >= 1), "{key}");
    }
    assert_eq!(d["section"], "III › 3");
    assert_eq!(v["summary"]["files"], 2);
    assert!(v["summary"]["warnings"].as_u64().unwrap() >= 1);
}

#[test]
fn columns_count_characters_of_the_users_text() {
    // Decomposed Vietnamese and CRLF: the column counts the characters the user's file holds.
    let dir = temp_dir("nfd");
    let text = "KE\u{302}\u{301} HOA\u{323}CH\r\nVe\u{302}\u{300} vie\u{323}c X\r\n\r\nI. MU\u{323}C \u{110}I\u{301}CH\r\nNo\u{323}i dung.\r\nTrên đây là kế hoạch./.\r\n";
    let path = dir.join("nfd.txt");
    std::fs::write(&path, text).unwrap();
    let o = vblint(&[
        "check",
        "--format",
        "json",
        "--select",
        "recipients-missing",
        path.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(d["line"], 6);
    // "Trên đây là kế hoạch" is 20 characters, so `./.` starts at column 21.
    assert_eq!(d["column"], 21);
}

#[test]
fn unreadable_files_do_not_stop_the_run() {
    let dir = temp_dir("mixed");
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    std::fs::write(
        dir.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3, 0xff, 0xfe, 0, 0],
    )
    .unwrap();
    std::fs::copy("fixtures/plans/clean-state.txt", dir.join("plan.txt")).unwrap();
    let o = vblint(&["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(out.contains("empty.txt: tệp rỗng"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("lỗi: ") && l.contains("binary.txt")),
        "{out}"
    );
    assert!(out.contains("Đã kiểm tra 3 tệp"), "{out}");
}

#[test]
fn input_files_are_never_modified() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ke-hoach-mau.txt");
    let before = std::fs::read(&path).unwrap();
    let _ = vblint(&["check", "examples/ke-hoach-mau.txt"]);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(
        vblint(&["check", "--format", "yaml", "x.txt"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(vblint(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        vblint(&["check", "--ignore", "no-such-rule", "x.txt"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(vblint(&["explain", "no-such-rule"]).status.code(), Some(2));
}

#[test]
fn rules_and_explain() {
    let o = vblint(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o)
        .lines()
        .any(|l| l.starts_with("recipients-archive") && l.contains("lỗi")));
    let o = vblint(&["explain", "signer-deputy-title"]);
    let out = stdout(&o);
    assert!(out.contains("Điều 13"), "{out}");
    assert!(out.contains("Ví dụ sai"), "{out}");
    assert!(out.contains("KT. GIÁM ĐỐC"), "{out}");
    let o = vblint(&["explain", "--lang", "en", "signer-deputy-title"]);
    assert!(stdout(&o).contains("Use instead"));
}

#[test]
fn tree_shows_zones_and_sections() {
    let o = vblint(&["tree", "fixtures/plans/clean-state.txt"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for needle in [
        "Quốc hiệu",
        "số, ký hiệu: Số: 05/KH-MNAB",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "III. TỔ CHỨC THỰC HIỆN",
        "Nơi nhận: dòng",
        "họ tên: Nguyễn Thị Lan",
        "Văn bản được trích dẫn (1)",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
    assert_eq!(vblint(&["tree", "nope.txt"]).status.code(), Some(2));
}

#[test]
fn user_rule_folders_add_and_override() {
    let dir = temp_dir("rules");
    // Override a built-in rule's severity by reusing its id.
    let builtin = std::fs::read_to_string("rules/reporting/reporting-vague.toml").unwrap();
    std::fs::write(
        dir.join("vague.toml"),
        builtin.replace("severity = \"warning\"", "severity = \"error\""),
    )
    .unwrap();
    let o = vblint(&[
        "check",
        "--rules",
        dir.to_str().unwrap(),
        "fixtures/rules/reporting-vague/fail-theo-quy-dinh.txt",
    ]);
    assert!(
        stdout(&o).contains("lỗi[reporting-vague]"),
        "{}",
        stdout(&o)
    );
    assert_eq!(o.status.code(), Some(1));
    // Only the folder's rules.
    let o = vblint(&[
        "rules",
        "--no-default-rules",
        "--rules",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(stdout(&o).lines().count(), 1);
}

#[test]
fn a_province_rule_written_in_toml() {
    let dir = temp_dir("province");
    std::fs::write(
        dir.join("ky-hieu-truong.toml"),
        r#"
id = "province-archive-unit"
severity = "warning"
kind = "pattern"
[summary]
vi = "Dòng lưu phải ghi đơn vị soạn thảo"
en = "The archive line names the drafting unit"
[message]
vi = "dòng lưu \"{text}\" chưa ghi đơn vị soạn thảo"
en = "the archive line \"{text}\" does not name the drafting unit"
[help]
vi = "ghi thêm ký hiệu đơn vị sau VT, ví dụ \"- Lưu: VT, CM.\""
en = "add the unit after VT, e.g. \"- Lưu: VT, CM.\""
[docs]
vi = "Quy định riêng của tỉnh."
en = "A province's own rule."
source = "Quy chế công tác văn thư của tỉnh"
[params]
scope = "noi_nhan.last_item"
mode = "each"
pattern = 'Lưu:\s*VT,\s*\S'
[[example]]
expect = "fire"
text = "Nơi nhận:\n- Sở GDĐT;\n- Lưu: VT.\n"
[[example]]
expect = "pass"
text = "Nơi nhận:\n- Sở GDĐT;\n- Lưu: VT, CM.\n"
"#,
    )
    .unwrap();
    let o = vblint(&[
        "check",
        "--rules",
        dir.to_str().unwrap(),
        "--select",
        "province-archive-unit",
        "fixtures/plans/clean-state.txt",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn bad_rule_files_are_clear_errors() {
    let cases = [
        (
            "unknown-key.toml",
            "id = \"x-y\"\nseverity = \"error\"\nkind = \"pattern\"\ncolour = 1\n",
            "colour",
        ),
        (
            "bad-regex.toml",
            include_str!("../rules/recipients/recipients-archive.toml")
                .replace(
                    "pattern = '(?i)^[-–+•]?\\s*lưu\\b'",
                    "pattern = '(unclosed'",
                )
                .leak(),
            "bad regex",
        ),
        (
            "bad-example.toml",
            include_str!("../rules/recipients/recipients-archive.toml")
                .replace("expect = \"pass\"", "expect = \"fire\"")
                .replace("- Các tổ chuyên môn.", "- Lưu: VT.")
                .leak(),
            "example",
        ),
        (
            "bad-skip-if.toml",
            include_str!("../rules/recipients/recipients-archive.toml")
                .replacen("kind = ", "skip_if = [\"always\"]\nkind = ", 1)
                .leak(),
            "skip_if",
        ),
    ];
    for (name, text, needle) in cases {
        let dir = temp_dir(name);
        std::fs::write(dir.join(name), text).unwrap();
        let o = vblint(&["rules", "--rules", dir.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(err.contains(name) && err.contains(needle), "{name}: {err}");
    }
}

fn vblint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vblint"))
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .output()
        .expect("vblint runs")
}

#[test]
fn config_file_is_discovered_and_flags_override_it() {
    let dir = temp_dir("config");
    let plans = dir.join("ke-hoach");
    std::fs::create_dir_all(&plans).unwrap();
    let plan = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/rules/reporting-vague/fail-theo-quy-dinh.txt");
    std::fs::copy(&plan, plans.join("plan.txt")).unwrap();
    std::fs::write(
        dir.join("vblint.toml"),
        "lang = \"en\"\n[severity]\nreporting-vague = \"error\"\n",
    )
    .unwrap();
    // Found from a subfolder; English and the raised severity apply.
    let o = vblint_in(&plans, &["check", "plan.txt"]);
    let out = stdout(&o);
    assert!(
        out.contains("error[reporting-vague]: the reporting duty is vague"),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(1));
    // The flag wins over the file.
    let o = vblint_in(&plans, &["check", "--lang", "vi", "plan.txt"]);
    assert!(stdout(&o).contains("nội dung báo cáo chưa cụ thể"));
    // --no-config ignores it.
    let o = vblint_in(&plans, &["check", "--no-config", "plan.txt"]);
    assert_eq!(o.status.code(), Some(0));
    // ignore in the file.
    std::fs::write(dir.join("vblint.toml"), "ignore = [\"reporting-vague\"]\n").unwrap();
    let o = vblint_in(&plans, &["check", "plan.txt"]);
    assert!(!stdout(&o).contains("reporting-vague"));
}

#[test]
fn bad_config_is_a_clear_error() {
    let dir = temp_dir("bad-config");
    std::fs::write(dir.join("vblint.toml"), "ignore = [\"no-such-rule\"]\n").unwrap();
    let o = vblint_in(&dir, &["check", "."]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("vblint.toml") && err.contains("no-such-rule"),
        "{err}"
    );
    std::fs::write(dir.join("vblint.toml"), "colour = true\n").unwrap();
    let o = vblint_in(&dir, &["check", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("colour"));
}

#[test]
fn config_forces_the_system() {
    let dir = temp_dir("config-system");
    std::fs::write(dir.join("vblint.toml"), "system = \"party\"\n").unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/plans/clean-state.txt"),
        dir.join("plan.txt"),
    )
    .unwrap();
    let o = vblint_in(&dir, &["tree", "plan.txt"]);
    assert!(
        stdout(&o).starts_with("Hệ thống văn bản: Đảng"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("do người dùng chọn"));
    let o = vblint_in(&dir, &["tree", "--system", "state", "plan.txt"]);
    assert!(
        stdout(&o).starts_with("Hệ thống văn bản: nhà nước"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn broken_word_files_are_named_and_the_rest_is_checked() {
    let dir = temp_dir("hostile");
    // A Word 97-2003 file renamed to .docx (OLE2 signature), a truncated .docx, a zip that is
    // not a Word document, and a good plan.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    std::fs::write(dir.join("cu.docx"), &ole).unwrap();
    let good = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/docx/ke-hoach-chuyen-doi-so.docx"),
    )
    .unwrap();
    std::fs::write(dir.join("cut.docx"), &good[..good.len() / 2]).unwrap();
    std::fs::write(
        dir.join("notes.docx"),
        b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
    )
    .unwrap();
    std::fs::write(dir.join("good.docx"), &good).unwrap();
    let o = vblint(&["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("lỗi: ")).collect();
    assert_eq!(errors.len(), 3, "{out}");
    assert!(
        errors
            .iter()
            .any(|l| l.contains("cu.docx") && l.contains("Word 97-2003")),
        "{out}"
    );
    assert!(errors.iter().any(|l| l.contains("cut.docx")), "{out}");
    assert!(errors.iter().any(|l| l.contains("notes.docx")), "{out}");
    assert!(
        out.contains("good.docx:"),
        "the good file is still checked: {out}"
    );
    assert!(out.contains("Đã kiểm tra 4 tệp"), "{out}");
}

#[test]
fn docx_findings_carry_a_location() {
    let o = vblint(&[
        "check",
        "--format",
        "json",
        "fixtures/docx/ke-hoach-chuyen-doi-so.docx",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    for d in diags {
        assert!(
            d["location"]["paragraph"].as_u64().is_some() || d["location"]["footnote"].is_number(),
            "{d}"
        );
    }
}

#[test]
fn github_annotations() {
    let o = vblint(&[
        "check",
        "--format",
        "github",
        "fixtures/rules/recipients-archive/fail-no-archive-line.txt",
        "nope.txt",
    ]);
    let out = stdout(&o);
    assert!(
        out.lines().any(|l| l.starts_with(
            "::error file=fixtures/rules/recipients-archive/fail-no-archive-line.txt,line="
        ) && l.contains("title=recipients-archive::")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("::error file=nope.txt::")),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn layout_findings_in_json_point_at_the_paragraph() {
    let o = vblint(&[
        "check",
        "--format",
        "json",
        "--lang",
        "en",
        "fixtures/rules/layout-size-body/fail-layout.docx",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    let diags = v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    let d = diags
        .iter()
        .find(|d| d["rule"] == "layout-size-body")
        .expect("the layout finding");
    // The fixture is the rule's example: the body alone, so its first paragraph.
    assert_eq!(d["location"]["paragraph"].as_u64(), Some(1), "{d}");
    assert_eq!(d["location"]["part"], "document", "{d}");
    let message = d["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("in the body") && message.contains("expected 13–14 pt"),
        "{message}"
    );
}

/// An opt-in rule (`text-nbsp`) runs only when a selection names it by id: not by default,
/// not through its family or `ALL`, and yes through the flag or the configuration file.
#[test]
fn opt_in_rules_run_only_when_named() {
    let plan = "fixtures/rules/text-nbsp/fail-pasted-from-web.txt";
    let fired = |args: &[&str]| stdout(&vblint(args)).contains("[text-nbsp]");
    assert!(!fired(&["check", plan]));
    assert!(!fired(&["check", "--extend-select", "text", plan]));
    assert!(!fired(&["check", "--select", "ALL", plan]));
    assert!(fired(&["check", "--extend-select", "text-nbsp", plan]));
    assert!(fired(&["check", "--select", "text-nbsp", plan]));
    let dir = temp_dir("opt-in");
    std::fs::copy(plan, dir.join("plan.txt")).unwrap();
    std::fs::write(dir.join("vblint.toml"), "extend-select = [\"text-nbsp\"]\n").unwrap();
    assert!(stdout(&vblint_in(&dir, &["check", "plan.txt"])).contains("[text-nbsp]"));
}
