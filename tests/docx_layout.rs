//! Layout rules on `.docx` plans built in memory: wrong margins, fonts and sizes are found in the
//! right zone, with the value found and the range expected in the message, grouped so that a plan
//! in the wrong font gives one finding and not one per line.
//!
//! `regenerate_layout_fixtures` (ignored) writes `fixtures/rules/<id>/fail-layout.docx` for every
//! layout rule from the rule's first firing example: run it after changing a layout rule's
//! examples with `cargo test --test docx_layout -- --ignored`.

use std::path::PathBuf;

use vblint::check::docx_example::{DocxExample, LineFormat, TabSpec};
use vblint::check::{self, parse_docx_example, CheckOptions, Diagnostic, Expect, RuleSet};
use vblint::parse::{Document, System};

fn rules() -> RuleSet {
    RuleSet::embedded().expect("embedded rules load")
}

fn layout_ids(rules: &RuleSet) -> Vec<String> {
    rules
        .rules()
        .filter(|r| matches!(r.kind, check::Kind::Layout(_) | check::Kind::PageNumber(_)))
        .map(|r| r.id.clone())
        .collect()
}

const PLAN: &str = "UBND HUYỆN KIM ĐỘNG
TRƯỜNG MẦM NON AN BÌNH
Số: 05/KH-MNAB
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
An Bình, ngày 12 tháng 02 năm 2024

KẾ HOẠCH
Tổ chức Ngày hội đọc sách năm học 2023 - 2024

I. MỤC ĐÍCH, YÊU CẦU
Khơi dậy niềm yêu thích sách của trẻ.
Giúp cha mẹ trẻ hiểu ý nghĩa của việc đọc sách cùng con.
II. TỔ CHỨC THỰC HIỆN
Các lớp chuẩn bị góc sách, tổ chức cho trẻ tham gia.

Trên đây là Kế hoạch tổ chức Ngày hội đọc sách./.

Nơi nhận:
- Phòng GDĐT huyện Kim Động;
- Lưu: VT, CM.

HIỆU TRƯỞNG

Nguyễn Thị Lan
";

fn fmt(line: &str) -> LineFormat {
    LineFormat {
        line: line.into(),
        ..LineFormat::default()
    }
}

/// The plan laid out as Nghị định 30/2020 asks.
fn compliant() -> DocxExample {
    let sized = |line: &str, size: f64, bold: bool, italic: bool| LineFormat {
        size: Some(size),
        bold: Some(bold),
        italic: Some(italic),
        ..fmt(line)
    };
    let body = |line: &str| LineFormat {
        align: Some("justify".into()),
        indent_mm: Some(10.0),
        ..fmt(line)
    };
    DocxExample {
        margins_mm: Some([20.0, 20.0, 30.0, 15.0]),
        font: Some("Times New Roman".into()),
        size: Some(14.0),
        format: vec![
            sized("UBND", 13.0, false, false),
            sized("TRƯỜNG", 13.0, true, false),
            sized("Số:", 13.0, false, false),
            sized("CỘNG HÒA", 12.0, true, false),
            sized("Độc lập", 13.0, true, false),
            sized("An Bình, ngày", 14.0, false, true),
            sized("KẾ HOẠCH", 14.0, true, false),
            sized("Tổ chức Ngày", 14.0, true, false),
            sized("Nơi nhận", 12.0, true, true),
            sized("- ", 11.0, false, false),
            sized("HIỆU TRƯỞNG", 14.0, true, false),
            sized("Nguyễn Thị Lan", 14.0, true, false),
            body("I."),
            body("II."),
            body("Khơi"),
            body("Giúp"),
            body("Các lớp"),
            body("Trên đây"),
        ],
        ..DocxExample::default()
    }
}

fn check_spec(spec: &DocxExample, english: bool) -> (Document, Vec<Diagnostic>) {
    let doc = parse_docx_example(PLAN, spec, None, None).expect("the plan builds and reads");
    let options = CheckOptions {
        english,
        ..CheckOptions::default()
    };
    let diags = check::check(&doc, &rules(), &options);
    (doc, diags)
}

fn check_text(text: &str, spec: &DocxExample, english: bool) -> (Document, Vec<Diagnostic>) {
    let doc = parse_docx_example(text, spec, None, None).expect("the plan builds and reads");
    let options = CheckOptions {
        english,
        ..CheckOptions::default()
    };
    let diags = check::check(&doc, &rules(), &options);
    (doc, diags)
}

fn layout_findings(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    diags
        .iter()
        .filter(|d| d.rule.starts_with("layout-"))
        .collect()
}

/// Overrides some of the format of the lines starting with `line`; unset fields keep theirs.
fn with(mut spec: DocxExample, f: LineFormat) -> DocxExample {
    let old = spec
        .format
        .iter()
        .position(|g| g.line == f.line)
        .map(|i| spec.format.remove(i))
        .unwrap_or_default();
    spec.format.insert(
        0,
        LineFormat {
            line: f.line,
            font: f.font.or(old.font),
            size: f.size.or(old.size),
            bold: f.bold.or(old.bold),
            italic: f.italic.or(old.italic),
            underline: f.underline.or(old.underline),
            align: f.align.or(old.align),
            indent_mm: f.indent_mm.or(old.indent_mm),
            line_spacing: f.line_spacing.or(old.line_spacing),
            space_before: f.space_before.or(old.space_before),
            space_after: f.space_after.or(old.space_after),
            tabs: if f.tabs.is_empty() { old.tabs } else { f.tabs },
        },
    );
    spec
}

#[test]
fn a_compliant_plan_has_no_layout_findings() {
    let (doc, diags) = check_spec(&compliant(), false);
    assert!(doc.title.is_some() && doc.noi_nhan.is_some() && !doc.signers.is_empty());
    let found: Vec<String> = layout_findings(&diags)
        .iter()
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn wrong_margins_are_reported_per_section_with_the_range() {
    let spec = DocxExample {
        margins_mm: Some([25.4, 25.4, 25.4, 25.4]),
        ..compliant()
    };
    let (_, diags) = check_spec(&spec, true);
    let found = layout_findings(&diags);
    let rules: Vec<&str> = found.iter().map(|d| d.rule.as_str()).collect();
    // Word's default margins pass top and bottom (20–25 mm, within the 0.5 mm tolerance) but
    // not left and right.
    assert_eq!(
        rules,
        ["layout-margin-left", "layout-margin-right"],
        "{found:?}"
    );
    assert_eq!(
        found[0].message,
        "left margin 25.4 mm in section 1; expected 30–35 mm"
    );
    assert_eq!(
        found[1].message,
        "right margin 25.4 mm in section 1; expected 15–20 mm"
    );
}

#[test]
fn a_wrong_font_everywhere_is_one_finding_with_a_count() {
    let spec = DocxExample {
        font: Some("Arial".into()),
        ..compliant()
    };
    let (doc, diags) = check_spec(&spec, false);
    let found = layout_findings(&diags);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = found[0];
    assert_eq!(d.rule, "layout-font");
    let lines = PLAN.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(
        d.message,
        format!("phông chữ Arial ở toàn văn bản; quy định Times New Roman ({lines} dòng)")
    );
    // The finding points at the first line that has the wrong font.
    assert_eq!(doc.line_number(d.span), 1);
}

#[test]
fn a_wrong_font_set_on_some_paragraphs_names_where_and_how_to_fix_it() {
    // Two body paragraphs typed in Arial by direct formatting: the finding names the zone, not
    // the whole document, and the help is about those paragraphs, not the Normal style (which
    // is right).
    let arial = |line: &str| LineFormat {
        font: Some("Arial".into()),
        ..fmt(line)
    };
    let spec = with(with(compliant(), arial("Khơi")), arial("Giúp"));
    let (doc, diags) = check_spec(&spec, false);
    let found = layout_findings(&diags);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = found[0];
    assert_eq!(d.rule, "layout-font");
    assert_eq!(
        d.message,
        "phông chữ Arial ở nội dung; quy định Times New Roman (2 dòng)"
    );
    assert!(d.help.contains("chọn các đoạn đó"), "{}", d.help);
    assert!(!d.help.contains("Normal"), "{}", d.help);
    assert_eq!(doc.text(d.span), "Khơi dậy niềm yêu thích sách của trẻ.");

    // In two zones: the paragraphs are counted.
    let spec = with(with(compliant(), arial("Khơi")), arial("HIỆU TRƯỞNG"));
    let (_, diags) = check_spec(&spec, true);
    let found = layout_findings(&diags);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].message,
        "font Arial in 2 paragraphs; expected Times New Roman (2 line(s))"
    );
    assert!(
        found[0].help.contains("select those paragraphs"),
        "{}",
        found[0].help
    );
}

#[test]
fn a_wrong_font_from_the_defaults_points_at_the_style() {
    // Everywhere: the whole document, and the help says to fix the Normal style.
    let spec = DocxExample {
        font: Some("Arial".into()),
        ..compliant()
    };
    let (_, diags) = check_spec(&spec, false);
    let found = layout_findings(&diags);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].message.contains("ở toàn văn bản"),
        "{}",
        found[0].message
    );
    assert!(found[0].help.contains("kiểu Normal"), "{}", found[0].help);

    // Inherited by the body only (every other line sets Times New Roman on its text): the zone
    // is named, and the font still comes from the style.
    let mut spec = spec;
    for f in &mut spec.format {
        if !["I.", "II.", "Khơi", "Giúp", "Các lớp"].contains(&f.line.as_str()) {
            f.font = Some("Times New Roman".into());
        }
    }
    let (_, diags) = check_spec(&spec, false);
    let found = layout_findings(&diags);
    let font: Vec<&&Diagnostic> = found.iter().filter(|d| d.rule == "layout-font").collect();
    assert_eq!(font.len(), 1, "{found:?}");
    assert_eq!(
        font[0].message,
        "phông chữ Arial ở nội dung; quy định Times New Roman (5 dòng)"
    );
    assert!(font[0].help.contains("kiểu Normal"), "{}", font[0].help);
}

/// The plan with its two body paragraphs typed after a tab instead of a first-line indent.
fn tabbed_plan() -> String {
    PLAN.replace("Khơi dậy", "\tKhơi dậy")
        .replace("Giúp cha", "\tGiúp cha")
}

/// `compliant()` with the tabbed paragraphs given no indent of their own, and `f`'s extras.
fn tabbed(f: impl Fn(&str) -> LineFormat) -> DocxExample {
    let mut spec = compliant();
    spec.format.retain(|g| g.line != "Khơi" && g.line != "Giúp");
    for line in ["Khơi", "Giúp"] {
        spec.format.insert(
            0,
            LineFormat {
                align: Some("justify".into()),
                ..f(line)
            },
        );
    }
    spec
}

fn indent_findings(text: &str, spec: &DocxExample) -> Vec<String> {
    let (_, diags) = check_text(text, spec, false);
    diags
        .into_iter()
        .filter(|d| d.rule == "layout-body-indent")
        .map(|d| d.message)
        .collect()
}

#[test]
fn a_leading_tab_indents_the_first_line_to_the_first_tab_stop() {
    let text = tabbed_plan();
    // The tab stands at Word's default stop (720 twips = 12.7 mm) when the document names none,
    // and at the document's own default (LibreOffice writes 1.25 cm): both are in range.
    assert_eq!(indent_findings(&text, &tabbed(fmt)), Vec::<String>::new());
    let libreoffice = DocxExample {
        default_tab_mm: Some(12.5),
        ..tabbed(fmt)
    };
    assert_eq!(indent_findings(&text, &libreoffice), Vec::<String>::new());
    // A default stop of 6.35 mm puts the text there.
    let short = DocxExample {
        default_tab_mm: Some(6.35),
        ..tabbed(fmt)
    };
    assert_eq!(
        indent_findings(&text, &short),
        ["lùi đầu dòng 6,4 mm ở nội dung; quy định 10–12,7 mm (2 dòng)"]
    );
    // The same lines without their tab are not indented at all.
    assert_eq!(
        indent_findings(PLAN, &tabbed(fmt)),
        ["lùi đầu dòng 0 mm ở nội dung; quy định 10–12,7 mm (2 dòng)"]
    );
}

/// Typed spaces indent a line by the width of the font's space glyph, which the reader does
/// not measure: such a line is not judged, rather than reported at 0 mm.
#[test]
fn a_line_indented_with_typed_spaces_is_not_judged() {
    let spaced = PLAN
        .replace("Khơi dậy", "          Khơi dậy")
        .replace("Giúp cha", "      Giúp cha");
    assert_eq!(indent_findings(&spaced, &tabbed(fmt)), Vec::<String>::new());
    // One space is a slip, not an indent: the line is judged as unindented.
    let one = PLAN
        .replace("Khơi dậy", " Khơi dậy")
        .replace("Giúp cha", " Giúp cha");
    assert_eq!(
        indent_findings(&one, &tabbed(fmt)),
        ["lùi đầu dòng 0 mm ở nội dung; quy định 10–12,7 mm (2 dòng)"]
    );
}

#[test]
fn a_leading_tab_goes_to_the_paragraphs_own_tab_stop() {
    let text = tabbed_plan();
    let stop = |mm: f64, align: Option<&'static str>| {
        move |line: &str| LineFormat {
            tabs: vec![TabSpec {
                mm,
                align: align.map(str::to_string),
            }],
            ..fmt(line)
        }
    };
    // A left stop of the paragraph's own comes before the default ones.
    let own = DocxExample {
        default_tab_mm: Some(25.4),
        ..tabbed(stop(10.0, None))
    };
    assert_eq!(indent_findings(&text, &own), Vec::<String>::new());
    assert_eq!(
        indent_findings(&text, &tabbed(stop(5.0, Some("left")))),
        ["lùi đầu dòng 5 mm ở nội dung; quy định 10–12,7 mm (2 dòng)"]
    );
    // Text set against a right or centred stop is not an indented paragraph: not judged.
    assert_eq!(
        indent_findings(&text, &tabbed(stop(100.0, Some("right")))),
        Vec::<String>::new()
    );
}

/// A paragraph pasted from an old document in VNI-Times is reported once, by the encoding
/// rule, which also says to use Times New Roman; the font rule speaks only of Unicode text
/// set in the old font.
#[test]
fn a_legacy_paragraph_is_not_reported_again_for_its_font() {
    let rules_fired = |text: &str| {
        let spec = with(
            compliant(),
            LineFormat {
                font: Some("VNI-Times".into()),
                ..fmt(text.split_whitespace().next().unwrap())
            },
        );
        let (_, diags) = check_text(
            &PLAN.replace(
                "Giúp cha mẹ trẻ hiểu ý nghĩa của việc đọc sách cùng con.",
                text,
            ),
            &spec,
            false,
        );
        let mut ids: Vec<String> = diags
            .into_iter()
            .map(|d| d.rule)
            .filter(|r| r.starts_with("text-legacy") || r == "layout-font")
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        rules_fired("Giuùp cha meï treû hieåu yù nghóa cuûa vieäc ñoïc saùch cuøng con."),
        ["text-legacy-encoding"]
    );
    assert_eq!(
        rules_fired("Giúp cha mẹ trẻ hiểu ý nghĩa của việc đọc sách cùng con."),
        ["layout-font"]
    );
}

#[test]
fn sizes_are_judged_by_zone() {
    // 11 pt is right for the recipient items and wrong for the body.
    let spec = with(
        with(
            compliant(),
            LineFormat {
                size: Some(11.0),
                ..fmt("Khơi")
            },
        ),
        LineFormat {
            size: Some(11.0),
            ..fmt("Giúp")
        },
    );
    let (doc, diags) = check_spec(&spec, true);
    let found = layout_findings(&diags);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].rule, "layout-size-body");
    assert_eq!(
        found[0].message,
        "font size 11 pt in the body; expected 13–14 pt (2 line(s))"
    );
    assert_eq!(
        doc.text(found[0].span),
        "Khơi dậy niềm yêu thích sách của trẻ."
    );
    assert_eq!(found[0].section.as_deref(), Some("I"));

    // The recipient items at 13 pt are wrong for their zone only.
    let spec = with(
        compliant(),
        LineFormat {
            size: Some(13.0),
            ..fmt("- ")
        },
    );
    let (_, diags) = check_spec(&spec, true);
    let found = layout_findings(&diags);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].rule, "layout-size-noi-nhan-items");
    assert_eq!(
        found[0].message,
        "font size 13 pt in the recipient items; expected 11 pt (2 line(s))"
    );
}

#[test]
fn styles_and_header_sizes() {
    let spec = with(
        compliant(),
        LineFormat {
            size: Some(14.0),
            bold: Some(false),
            ..fmt("CỘNG HÒA")
        },
    );
    let (_, diags) = check_spec(&spec, false);
    let found: Vec<(&str, &str)> = layout_findings(&diags)
        .iter()
        .map(|d| (d.rule.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "layout-bold-quoc-hieu",
                "Quốc hiệu trình bày không đậm; quy định đậm (1 dòng)"
            ),
            (
                "layout-size-quoc-hieu",
                "cỡ chữ 14 pt ở Quốc hiệu; quy định 12–13 pt (1 dòng)"
            ),
        ]
    );
}

#[test]
fn whitespace_only_runs_do_not_count() {
    // A run of spaces in another font and size (common around tabs) is invisible on the page.
    let body = [
        r#"<w:p><w:r><w:t>I. MỤC ĐÍCH</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve">   </w:t></w:r><w:r><w:t>Khơi dậy niềm yêu thích sách.</w:t></w:r></w:p>"#,
    ]
    .concat();
    let spec = DocxExample {
        font: Some("Times New Roman".into()),
        size: Some(14.0),
        ..DocxExample::default()
    };
    let bytes =
        vblint::check::docx_example::package(&body, Some(&spec.styles_xml())).expect("package");
    let x = vblint::extract::docx::extract(&bytes).expect("reads");
    let doc = vblint::parse::parse(x, &vblint::parse::ParseOptions::default());
    let diags = check::check(&doc, &rules(), &CheckOptions::default());
    let found = layout_findings(&diags);
    assert!(
        !found
            .iter()
            .any(|d| d.rule == "layout-font" || d.rule == "layout-size-body"),
        "{found:?}"
    );
}

#[test]
fn layout_rules_do_not_run_on_text() {
    let doc = check::parse_text(PLAN, None);
    let diags = check::check(&doc, &rules(), &CheckOptions::default());
    assert!(layout_findings(&diags).is_empty());
}

#[test]
fn party_plans_get_party_values() {
    let spec = with(
        compliant(),
        LineFormat {
            size: Some(13.0),
            ..fmt("Khơi")
        },
    );
    let doc = parse_docx_example(PLAN, &spec, Some(System::Party), None).expect("builds");
    let diags = check::check(&doc, &rules(), &CheckOptions::default());
    let rules: Vec<&str> = layout_findings(&diags)
        .iter()
        .map(|d| d.rule.as_str())
        .collect();
    // 13 pt body is right for a state plan and too small for a Party plan; the state-only rules
    // stay quiet, the Party ones speak (title 14 < 15–16, label 12 ≠ 14, items 11 ≠ 12, …).
    assert!(rules.contains(&"layout-party-size-body"), "{rules:?}");
    assert!(rules.contains(&"layout-party-size-title"), "{rules:?}");
    assert!(!rules.contains(&"layout-size-body"), "{rules:?}");
    assert!(
        !rules.iter().any(|r| r.starts_with("layout-margin-")),
        "{rules:?}"
    );
}

#[test]
fn every_layout_rule_reads_docx_only_and_has_a_docx_example() {
    let rules = rules();
    let ids = layout_ids(&rules);
    assert!(ids.len() >= 30, "{ids:?}");
    for id in ids {
        let rule = rules.get(&id).expect("rule");
        assert_eq!(rule.input, check::InputFilter::Docx, "{id}");
        assert!(
            rule.severity != check::Severity::Error,
            "{id}: layout is never an error"
        );
        for expect in [Expect::Fire, Expect::Pass] {
            assert!(
                rule.examples
                    .iter()
                    .any(|e| e.expect == expect && e.docx.is_some()),
                "{id}: needs a .docx example that expects {expect:?}"
            );
        }
    }
}

fn fixture_path(id: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/rules")
        .join(id)
        .join("fail-layout.docx")
}

/// The bytes of a rule's fixture: its first firing `.docx` example.
fn fixture_bytes(rules: &RuleSet, id: &str) -> Vec<u8> {
    let rule = rules.get(id).expect("rule");
    let example = rule
        .examples
        .iter()
        .find(|e| e.expect == Expect::Fire && e.docx.is_some())
        .expect("a firing .docx example");
    let spec = example.docx.as_ref().expect("docx");
    spec.build(&example.text).expect("builds")
}

#[test]
#[ignore = "writes fixtures/rules/<id>/fail-layout.docx; run after changing layout examples"]
fn regenerate_layout_fixtures() {
    let rules = rules();
    for id in layout_ids(&rules) {
        let path = fixture_path(&id);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, fixture_bytes(&rules, &id)).expect("write fixture");
    }
}

#[test]
fn layout_fixtures_are_up_to_date() {
    // The committed fixture must still fire (tests/fixtures.rs checks that for every fixture);
    // here we only check that it exists, so a new layout rule is not forgotten.
    let rules = rules();
    let missing: Vec<String> = layout_ids(&rules)
        .into_iter()
        .filter(|id| !fixture_path(id).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "run `cargo test --test docx_layout -- --ignored` to write: {missing:?}"
    );
}

/// A section that starts after the signature holds an appendix or an attached form, laid out
/// for its content: a landscape task table there, or a form with its own margins, is not
/// judged; the same section in the plan's own text is.
#[test]
fn sections_after_the_signature_are_not_judged() {
    use vblint::extract::{Extracted, InputKind, PageSetup};
    use vblint::parse::{parse, ParseOptions};
    let portrait = PageSetup {
        first_line: 0,
        width: 11906,
        height: 16838,
        landscape: false,
        margin_top: 1134,
        margin_bottom: 1134,
        margin_left: 1701,
        margin_right: 1134,
    };
    let turned = |first_line| PageSetup {
        first_line,
        width: 16838,
        height: 11906,
        landscape: true,
        margin_right: 1701,
        ..portrait.clone()
    };
    let text = format!("{PLAN}\nPhụ lục\nPHÂN CÔNG NHIỆM VỤ\nNội dung | Đơn vị | Thời gian\n");
    let lines = text.lines().count();
    let appendix = text
        .lines()
        .position(|l| l == "Phụ lục")
        .expect("appendix line");
    let body = text
        .lines()
        .position(|l| l.starts_with("II. "))
        .expect("body line");
    let findings = |second: usize| {
        let mut extracted = Extracted::plain(InputKind::Docx, text.clone());
        extracted.page_setups = vec![portrait.clone(), turned(second)];
        let doc = parse(extracted, &ParseOptions::default());
        assert!(!doc.signers.is_empty());
        let rules: Vec<String> = check::check(&doc, &rules(), &CheckOptions::default())
            .into_iter()
            .filter(|d| d.rule.starts_with("layout-"))
            .map(|d| d.rule)
            .collect();
        rules
    };
    assert!(appendix < lines);
    assert_eq!(findings(appendix), Vec::<String>::new());
    assert_eq!(findings(body), ["layout-orientation"]);
}
