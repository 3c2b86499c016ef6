//! `vblint fix`: round trips on every fixture, idempotence, `.docx` packages that stay
//! byte-identical outside the edited part and open in LibreOffice, and the command line.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vblint::check::docx_example::DocxExample;
use vblint::check::RuleSet;
use vblint::fix::{self, FixOptions, Safety};

/// A plan with one slip of each safe kind, in the shapes drafters make them.
const SLIPS: &str = "UBND HUYỆN KIM ĐỘNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG MẦM NON AN BÌNH\tĐộc lập - Tự do - Hạnh phúc
Số: 15/KH-MNAB\tKim Động, ngày 5 tháng 03 năm 2024

KẾ HOẠCH
Tổ chức Ngày hội đọc sách năm 2024

I. MỤC ĐÍCH, YÊU CẦU
1. Tổ chức  ngày hội văn hóa đọc ,bảo đảm sức khỏe cho trẻ.
2. Phối hợp với Uỷ ban nhân dân xã;hỗ trợ hoạt động văn hóa.
Trên đây là Kế hoạch tổ chức Ngày hội đọc sách./.

Nơi nhận:\tKT HIỆU TRƯỞNG
- Phòng GDĐT huyện\tPHÓ HIỆU TRƯỞNG
- Lưu: VT, CM;

\tNguyễn Thị Thủy
";

fn rules() -> RuleSet {
    RuleSet::embedded().expect("embedded rules")
}

fn safe_fixable(rules: &RuleSet) -> BTreeSet<String> {
    rules
        .rules()
        .filter(|r| r.fix.as_ref().is_some_and(|f| f.safety == Safety::Safe))
        .map(|r| r.id.clone())
        .collect()
}

fn fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("fixtures")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            // Hostile inputs (`fixtures/bad/`) have their own test, `tests/bad_inputs.rs`.
            if p.is_dir() && p.file_name().is_some_and(|n| n == "bad") {
                continue;
            }
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "txt" || e == "docx") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut out,
    );
    out
}

fn ext(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every entry of a zip: name → inflated bytes.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("inflate");
            (f.name().expect("name").into_owned(), data)
        })
        .collect()
}

#[test]
fn every_fixture_round_trips_without_safe_fixable_findings() {
    let rules = rules();
    let safe = safe_fixable(&rules);
    let options = FixOptions::default();
    let mut fixed_files = 0;
    for path in fixtures() {
        let bytes = std::fs::read(&path).expect("read");
        let Ok(out) = fix::fix_bytes(&bytes, &ext(&path), &rules, &options) else {
            continue; // fixtures of unreadable files
        };
        fixed_files += usize::from(out.changed);
        let left: Vec<&str> = out
            .after
            .1
            .iter()
            .filter(|d| safe.contains(&d.rule))
            .map(|d| d.rule.as_str())
            .collect();
        assert!(
            left.is_empty(),
            "{}: safe-fixable findings remain after fix: {left:?}\nnotes: {:?}",
            path.display(),
            out.notes
        );
        // Idempotent: fixing the fixed file changes nothing.
        let again = fix::fix_bytes(&out.output, &ext(&path), &rules, &options).expect("refix");
        assert!(
            !again.changed,
            "{}: a second fix changed it",
            path.display()
        );
        if !out.changed {
            assert_eq!(
                out.output,
                bytes,
                "{}: unchanged input kept",
                path.display()
            );
        }
    }
    assert!(
        fixed_files >= 10,
        "only {fixed_files} fixtures needed a fix"
    );
}

#[test]
fn layout_fixtures_stop_firing_with_unsafe_fixes() {
    let rules = rules();
    let options = FixOptions {
        unsafe_fixes: true,
        ..FixOptions::default()
    };
    let mut fixed = 0;
    for path in fixtures() {
        let Some(id) = path
            .parent()
            .and_then(|d| d.file_name())
            .map(|d| d.to_string_lossy().into_owned())
        else {
            continue;
        };
        let Some(rule) = rules.get(&id) else { continue };
        if ext(&path) != "docx" || rule.fix.is_none() {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read");
        let safe = fix::fix_bytes(&bytes, "docx", &rules, &FixOptions::default()).expect("fix");
        assert!(
            safe.after.1.iter().any(|d| d.rule == id),
            "{id}: fixed without --unsafe-fixes"
        );
        let out = fix::fix_bytes(&bytes, "docx", &rules, &options).expect("fix");
        assert!(
            out.after.1.iter().all(|d| d.rule != id),
            "{id}: still fires after its layout fix"
        );
        fixed += 1;
    }
    assert!(fixed >= 8, "only {fixed} layout fixtures have a fix");
}

#[test]
fn text_slips_are_fixed_and_unsafe_fixes_wait_for_the_flag() {
    let rules = rules();
    let out = fix::fix_bytes(SLIPS.as_bytes(), "txt", &rules, &FixOptions::default()).expect("fix");
    let text = String::from_utf8(out.output).expect("utf8");
    for fixed in [
        "ngày 05 tháng 3 năm 2024",
        "1. Tổ chức ngày hội văn hóa đọc, bảo đảm",
        "Ủy ban nhân dân xã; hỗ trợ",
        "KT. HIỆU TRƯỞNG",
        "- Phòng GDĐT huyện;\tPHÓ",
        "- Lưu: VT, CM.\n",
        // A signer's name keeps its spelling.
        "Nguyễn Thị Thủy",
    ] {
        assert!(text.contains(fixed), "missing {fixed:?} in\n{text}");
    }
    let safe = safe_fixable(&rules);
    assert!(out.after.1.iter().all(|d| !safe.contains(&d.rule)));
    assert!(out.before.len() > out.after.1.len());
}

/// A finding a reviewer accepted with a suppression is not rewritten by `vblint fix`; the other
/// slips still are.
#[test]
fn accepted_findings_are_left_as_they_are() {
    let rules = rules();
    let accepted = SLIPS.replace(
        "I. MỤC ĐÍCH, YÊU CẦU\n",
        "I. MỤC ĐÍCH, YÊU CẦU\nvblint: bỏ qua text-double-space giữ nguyên như bản gốc\n",
    );
    let out =
        fix::fix_bytes(accepted.as_bytes(), "txt", &rules, &FixOptions::default()).expect("fix");
    let text = String::from_utf8(out.output).expect("utf8");
    assert!(text.contains("1. Tổ chức  ngày hội"), "{text}");
    assert!(text.contains("KT. HIỆU TRƯỞNG"), "{text}");
    assert!(!out.applied.contains_key("text-double-space"));
    // Nor is it reported as left to fix: the run shows what `vblint check` shows.
    assert!(out.before.iter().all(|d| d.rule != "text-double-space"));
    assert!(out.after.1.iter().all(|d| d.rule != "text-double-space"));
}

#[test]
fn docx_runs_are_edited_in_place_and_other_parts_stay_identical() {
    let rules = rules();
    let input = DocxExample::default().build(SLIPS).expect("build");
    let out = fix::fix_bytes(&input, "docx", &rules, &FixOptions::default()).expect("fix");
    assert!(out.changed);
    let safe = safe_fixable(&rules);
    let left: Vec<&String> = out
        .after
        .1
        .iter()
        .map(|d| &d.rule)
        .filter(|r| safe.contains(*r))
        .collect();
    assert!(left.is_empty(), "{left:?} {:?}", out.notes);
    assert!(out.text_after.contains("ngày 05 tháng 3 năm 2024"));
    assert!(out.text_after.contains("KT. HIỆU TRƯỞNG"));
    let (old, new) = (entries(&input), entries(&out.output));
    assert_eq!(old.len(), new.len());
    for (a, b) in old.iter().zip(&new) {
        assert_eq!(a.0, b.0);
        if a.0 != "word/document.xml" {
            assert_eq!(a.1, b.1, "{} changed", a.0);
        }
    }
    // The document part changed only inside `w:t` elements: the markup is the same.
    let markup = |xml: &[u8]| {
        let s = String::from_utf8_lossy(xml);
        let mut out = String::new();
        let mut in_tag = false;
        for c in s.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push('>');
                }
                _ if in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace(" xml:space=\"preserve\"", "")
    };
    let doc = |e: &[(String, Vec<u8>)]| {
        e.iter()
            .find(|(n, _)| n == "word/document.xml")
            .map(|(_, d)| d.clone())
            .expect("document part")
    };
    assert_eq!(markup(&doc(&old)), markup(&doc(&new)));
    let again = fix::fix_bytes(&out.output, "docx", &rules, &FixOptions::default()).expect("refix");
    assert!(!again.changed);
}

#[test]
fn docx_edits_across_runs_are_skipped_with_a_note() {
    let rules = rules();
    let input = DocxExample::default().build(SLIPS).expect("build");
    // Split "Tổ chức  ngày" so the double space straddles two runs.
    let mut pkg = vblint::write::PackageEditor::open(&input).expect("open");
    let xml = String::from_utf8(pkg.read("word/document.xml").expect("read").expect("part"))
        .expect("utf8");
    assert!(xml.contains("Tổ chức  ngày"));
    let split = xml.replacen(
        "Tổ chức  ngày",
        "Tổ chức </w:t></w:r><w:r><w:t xml:space=\"preserve\"> ngày",
        1,
    );
    pkg.set("word/document.xml", split.into_bytes());
    let input = pkg.finish().expect("finish");
    let out = fix::fix_bytes(&input, "docx", &rules, &FixOptions::default()).expect("fix");
    assert!(
        out.notes
            .iter()
            .any(|n| n.contains("text-double-space") && n.contains("(run)")),
        "{:?}",
        out.notes
    );
    assert!(out.after.1.iter().any(|d| d.rule == "text-double-space"));
    // The other slips were still fixed.
    assert!(out.text_after.contains("KT. HIỆU TRƯỞNG"));
}

/// The main part of a `.docx`, as text.
fn document_xml(docx: &[u8]) -> String {
    entries(docx)
        .into_iter()
        .find(|(n, _)| n == "word/document.xml")
        .map(|(_, d)| String::from_utf8(d).expect("utf8"))
        .expect("part")
}

#[test]
fn legacy_font_docx_is_converted_to_unicode_in_times_new_roman() {
    let rules = rules();
    let body = r#"<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t>KÕ ho¹ch tæ chøc Ngµy héi ®äc s¸ch</w:t></w:r></w:p>"#;
    let input = vblint::check::docx_example::package(body, None).expect("package");
    let out = fix::fix_bytes(&input, "docx", &rules, &FixOptions::default()).expect("fix");
    assert!(out.changed);
    assert!(out.before.iter().any(|d| d.rule == "text-legacy-encoding"));
    assert!(out.after.1.iter().all(|d| d.rule != "text-legacy-encoding"));
    let xml = document_xml(&out.output);
    assert!(xml.contains("Kế hoạch tổ chức Ngày hội đọc sách"), "{xml}");
    assert!(xml.contains("Times New Roman") && !xml.contains(".VnTime"));
}

/// Double-encoded text is read back in `.txt` (the whole file rewritten as read) and in
/// `.docx` (each `w:t` that is), and the finding goes.
#[test]
fn double_encoded_text_is_read_back() {
    let rules = rules();
    let garbled = "Káº¿ hoáº¡ch tá»• chá»©c NgÃ\u{A0}y há»™i Ä‘á»\u{8D}c sÃ¡ch";
    let written = "Kế hoạch tổ chức Ngày hội đọc sách";
    let body = format!(r#"<w:p><w:r><w:t>{garbled}</w:t></w:r></w:p>"#);
    let input = vblint::check::docx_example::package(&body, None).expect("package");
    let out = fix::fix_bytes(&input, "docx", &rules, &FixOptions::default()).expect("fix");
    assert!(out.changed);
    assert!(out.before.iter().any(|d| d.rule == "text-double-encoded"));
    assert!(out.after.1.iter().all(|d| d.rule != "text-double-encoded"));
    let xml = document_xml(&out.output);
    assert!(xml.contains(written), "{xml}");
    let text = format!("{garbled}\nThân bài.\n");
    let out = fix::fix_bytes(text.as_bytes(), "txt", &rules, &FixOptions::default()).expect("fix");
    assert_eq!(
        String::from_utf8(out.output).expect("utf8"),
        format!("{written}\nThân bài.\n")
    );
}

#[test]
fn a_legacy_font_set_by_a_style_is_left_with_a_note() {
    let rules = rules();
    let styles = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>"#;
    let body = r#"<w:p><w:r><w:t>KÕ ho¹ch tæ chøc Ngµy héi ®äc s¸ch</w:t></w:r></w:p>"#;
    let input = vblint::check::docx_example::package(body, Some(styles)).expect("package");
    let out = fix::fix_bytes(&input, "docx", &rules, &FixOptions::default()).expect("fix");
    assert!(out.before.iter().any(|d| d.rule == "text-legacy-encoding"));
    assert!(
        out.notes.iter().any(|n| n.contains("text-legacy-encoding")),
        "{:?}",
        out.notes
    );
}

#[test]
fn fixed_docx_opens_in_libreoffice() {
    let Ok(status) = Command::new("soffice").arg("--version").output() else {
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    };
    assert!(status.status.success());
    let rules = rules();
    let dir = temp_dir("soffice");
    let mut inputs = vec![(
        "slips.docx".to_string(),
        DocxExample::default().build(SLIPS).expect("build"),
    )];
    for p in fixtures().into_iter().filter(|p| ext(p) == "docx").take(3) {
        inputs.push((
            p.file_name().expect("name").to_string_lossy().into_owned(),
            std::fs::read(&p).expect("read"),
        ));
    }
    for p in fixtures().into_iter().filter(|p| {
        p.to_string_lossy().contains("layout-font")
            || p.to_string_lossy().contains("layout-orientation")
    }) {
        inputs.push((
            format!(
                "{}.docx",
                p.parent()
                    .and_then(|d| d.file_name())
                    .expect("dir")
                    .to_string_lossy()
            ),
            std::fs::read(&p).expect("read"),
        ));
    }
    let options = FixOptions {
        unsafe_fixes: true,
        ..FixOptions::default()
    };
    for (name, bytes) in inputs {
        let out = fix::fix_bytes(&bytes, "docx", &rules, &options).expect("fix");
        let path = dir.join(&name);
        std::fs::write(&path, &out.output).expect("write");
        let profile = format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        );
        let o = Command::new("soffice")
            .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&dir)
            .arg(&path)
            .output()
            .expect("soffice runs");
        let pdf = path.with_extension("pdf");
        assert!(
            o.status.success() && pdf.exists() && std::fs::metadata(&pdf).expect("pdf").len() > 0,
            "{name}: LibreOffice could not open the fixed file: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vblint-fix-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn vblint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vblint"))
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .output()
        .expect("vblint runs")
}

#[test]
fn cli_writes_beside_refuses_to_overwrite_and_fixes_in_place_on_request() {
    let dir = temp_dir("cli");
    std::fs::write(dir.join("kh.txt"), SLIPS).expect("write");
    // check marks fixable findings and counts them.
    let o = vblint(&dir, &["check", "kh.txt"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("lỗi[header-date-zero-padding]: [*] "),
        "{text}"
    );
    assert!(
        text.contains("sửa tự động được bằng `vblint fix` [*]"),
        "{text}"
    );
    // --diff writes nothing.
    let o = vblint(&dir, &["fix", "--diff", "kh.txt"]);
    let diff = String::from_utf8_lossy(&o.stdout);
    assert!(
        diff.contains("-Số: 15/KH-MNAB\tKim Động, ngày 5 tháng 03 năm 2024"),
        "{diff}"
    );
    assert!(diff.contains("+Số: 15/KH-MNAB\tKim Động, ngày 05 tháng 3 năm 2024"));
    assert!(!dir.join("kh.fixed.txt").exists());
    // Beside the input; the input is untouched.
    let o = vblint(&dir, &["fix", "kh.txt"]);
    assert_ne!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("kh.txt")).expect("read"),
        SLIPS
    );
    let fixed = std::fs::read_to_string(dir.join("kh.fixed.txt")).expect("fixed");
    assert!(fixed.contains("KT. HIỆU TRƯỞNG"));
    // A second run refuses to overwrite, unless forced.
    let o = vblint(&dir, &["fix", "kh.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    let o = vblint(&dir, &["fix", "--force", "kh.txt"]);
    assert_ne!(o.status.code(), Some(2));
    // -o takes one file.
    let o = vblint(&dir, &["fix", "-o", "x.txt", "kh.txt", "kh.fixed.txt"]);
    assert_eq!(o.status.code(), Some(2));
    // --in-place rewrites the input and leaves no temporary file.
    let o = vblint(&dir, &["fix", "--in-place", "kh.txt"]);
    assert_ne!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.join("kh.txt")).expect("read"),
        fixed
    );
    let names: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        BTreeSet::from(["kh.txt".into(), "kh.fixed.txt".into()])
    );
    // A missing file is a one-line error and exit 2.
    let o = vblint(&dir, &["fix", "khong-co.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("error: khong-co.txt: "));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Measures `vblint fix` on the real plans beside the repo (`../shared/corpus`): findings before
/// and after per file, fixes applied, edits skipped, and any rule with more findings after the
/// fix than before (a fix that made the document worse). Run with
/// `cargo test --test fix -- --ignored --nocapture measure_corpus`.
#[test]
#[ignore = "a measurement over ../shared/corpus, not a test"]
fn measure_corpus() {
    use std::collections::BTreeMap;
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let Ok(list) = std::fs::read_dir(&corpus) else {
        eprintln!("skipped: no corpus at {}", corpus.display());
        return;
    };
    let rules = rules();
    let mut paths: Vec<PathBuf> = list.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    // Places per rule, not findings: a rule repeating in a file is reported once with a count,
    // so fewer places can mean more findings.
    let counts = |doc: &vblint::parse::Document| {
        let mut m: BTreeMap<String, usize> = BTreeMap::new();
        let options = vblint::check::CheckOptions::default();
        let cx = vblint::check::Context::draft(doc);
        for rule in rules.rules() {
            if vblint::check::runs(rule, doc, &options) {
                let n = rule.kind.check_all(&cx).len();
                if n > 0 {
                    m.insert(rule.id.clone(), n);
                }
            }
        }
        m
    };
    println!("file | findings before | after safe | after unsafe | fixes safe/unsafe | skipped | rules with more places after");
    let (mut total_before, mut total_safe, mut total_unsafe) = (0, 0, 0);
    for path in paths {
        let e = ext(&path);
        if e != "txt" && e != "docx" {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read");
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let mut row = Vec::new();
        let mut worse = Vec::new();
        let mut before_n = 0;
        for unsafe_fixes in [false, true] {
            let options = FixOptions {
                unsafe_fixes,
                ..FixOptions::default()
            };
            let out = match fix::fix_bytes(&bytes, &e, &rules, &options) {
                Ok(o) => o,
                Err(err) => {
                    println!("{name} | unreadable: {}", err.message(true));
                    break;
                }
            };
            let before_doc = fix::check_bytes(&bytes, &e, &rules, &options)
                .expect("read")
                .0;
            let (b, a) = (counts(&before_doc), counts(&out.after.0));
            for (rule, n) in &a {
                if n > b.get(rule).unwrap_or(&0) {
                    worse.push(format!(
                        "{rule} {}→{n}{}",
                        b.get(rule).unwrap_or(&0),
                        if unsafe_fixes { " (unsafe)" } else { "" }
                    ));
                }
            }
            before_n = out.before.len();
            row.push((
                out.after.1.len(),
                out.applied.values().sum::<usize>(),
                out.notes.len(),
            ));
        }
        if row.len() == 2 {
            total_before += before_n;
            total_safe += row[0].0;
            total_unsafe += row[1].0;
            println!(
                "{name} | {before_n} | {} | {} | {}/{} | {} | {}",
                row[0].0,
                row[1].0,
                row[0].1,
                row[1].1,
                row[0].2,
                if worse.is_empty() {
                    "-".into()
                } else {
                    worse.join(", ")
                }
            );
        }
    }
    println!("total | {total_before} | {total_safe} | {total_unsafe}");
}

#[test]
fn unreadable_files_are_one_line_errors_and_the_run_goes_on() {
    let dir = temp_dir("bad");
    std::fs::write(dir.join("hong.docx"), b"PK\x03\x04 truncated").expect("write");
    std::fs::write(dir.join("kh.txt"), SLIPS).expect("write");
    let o = vblint(&dir, &["fix", "hong.docx", "kh.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.lines()
            .filter(|l| l.starts_with("error: hong.docx: "))
            .count(),
        1,
        "{err}"
    );
    // The other file was still fixed, and nothing was written for the broken one.
    assert!(dir.join("kh.fixed.txt").exists());
    assert!(!dir.join("hong.fixed.docx").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `fix` and `annotate` find each file's `vblint.toml` (next to the file, not in the current
/// folder), apply its `[[overrides]]` and `exclude`, and skip their own earlier outputs: they
/// get all of it only through the shared driver.
#[test]
fn fix_and_annotate_honour_the_configuration_next_to_each_file() {
    let dir = temp_dir("per-file-config");
    let plans = dir.join("plans");
    for sub in ["truong-a", "luu-tru"] {
        std::fs::create_dir_all(plans.join(sub)).expect("mkdir");
    }
    for f in ["kh.txt", "truong-a/kh.txt", "luu-tru/kh.txt"] {
        std::fs::write(plans.join(f), SLIPS).expect("write");
    }
    std::fs::write(
        plans.join("vblint.toml"),
        "exclude = [\"luu-tru\"]\n[[overrides]]\nfiles = [\"truong-*/**\"]\nignore = [\"header-date-zero-padding\"]\n",
    )
    .expect("config");
    // Run from the parent folder, which has no vblint.toml of its own.
    let o = vblint(&dir, &["annotate", "plans"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let notes = |f: &str| std::fs::read_to_string(plans.join(f)).expect("annotated copy");
    assert!(notes("kh.vblint.txt").contains("header-date-zero-padding"));
    let overridden = notes("truong-a/kh.vblint.txt");
    assert!(overridden.contains("[vblint: "), "{overridden}");
    assert!(
        !overridden.contains("header-date-zero-padding"),
        "{overridden}"
    );
    assert!(!plans.join("luu-tru/kh.vblint.txt").exists(), "excluded");

    let o = vblint(&dir, &["fix", "plans"]);
    let stdout = String::from_utf8_lossy(&o.stdout).to_string();
    assert_ne!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let fixed = |f: &str| std::fs::read_to_string(plans.join(f)).expect("fixed copy");
    assert!(fixed("kh.fixed.txt").contains("ngày 05 tháng 3 năm 2024"));
    // The override keeps the date as written; other fixes still apply.
    let overridden = fixed("truong-a/kh.fixed.txt");
    assert!(
        overridden.contains("ngày 5 tháng 03 năm 2024"),
        "{overridden}"
    );
    assert!(overridden.contains("KT. HIỆU TRƯỞNG"), "{overridden}");
    assert!(!plans.join("luu-tru/kh.fixed.txt").exists(), "excluded");
    // The annotated copies written above were not fixed as plans of their own.
    assert!(!stdout.contains(".vblint.txt"), "{stdout}");
    assert!(!plans.join("kh.vblint.fixed.txt").exists());
    // Results are printed in path order.
    let first = stdout.find("plans/kh.txt").expect("kh.txt reported");
    let second = stdout
        .find("plans/truong-a/kh.txt")
        .expect("truong-a reported");
    assert!(first < second, "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}
