//! The body's typography as real Word plans lay it out: tables inside the body, headings set
//! at the margin or centred, lists with a hanging indent, and a `Nơi nhận:` label sharing its
//! paragraph with the signer's title. The body rules judge running paragraphs only, and say
//! once per file what is wrong.

mod support;

use support::docx::{p, two_columns, Docx};
use vblint::check::{self, CheckOptions, Diagnostic, RuleSet};
use vblint::parse::{self, ParseOptions};

/// Justified with a 1 cm first-line indent: what the decree asks of a running paragraph.
const PROSE: &str = r#"<w:jc w:val="both"/><w:ind w:firstLine="567"/>"#;
/// Left-aligned with no indent: a paragraph typed without the body's layout.
const PLAIN: &str = r#"<w:jc w:val="left"/>"#;

fn header() -> String {
    let mut body = two_columns(
        &["ỦY BAN NHÂN DÂN", "XÃ AN PHÚ", "Số: 21/KH-UBND"],
        &[
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "An Phú, ngày 12 tháng 3 năm 2025",
        ],
    );
    body.push_str(&p(r#"<w:jc w:val="center"/>"#, "KẾ HOẠCH"));
    body.push_str(&p(
        r#"<w:jc w:val="center"/>"#,
        "Tổ chức Ngày hội đọc sách năm 2025",
    ));
    body
}

/// A plan whose running paragraphs take `prose` as their paragraph properties; headings sit at
/// the margin, a centred part title and a table of tasks stand in the body.
fn plan(prose: &str) -> String {
    let mut body = header();
    let heading = r#"<w:jc w:val="left"/>"#;
    for (ppr, line) in [
        (heading, "I. MỤC ĐÍCH, YÊU CẦU"),
        (heading, "1. Mục đích"),
        (
            prose,
            "Khơi dậy niềm yêu thích đọc sách trong nhân dân, nhất là thanh thiếu niên.",
        ),
        (
            prose,
            "Nâng cao vai trò của thư viện xã trong đời sống văn hóa của nhân dân.",
        ),
        (heading, "II. NỘI DUNG"),
        (r#"<w:jc w:val="center"/>"#, "PHẦN THỨ HAI"),
        (
            prose,
            "Trưng bày sách tại nhà văn hóa xã trong ba ngày của tuần lễ hội.",
        ),
        (
            r#"<w:jc w:val="both"/><w:ind w:left="567" w:hanging="284"/>"#,
            "- Sách về lịch sử địa phương;",
        ),
        (heading, "III. TỔ CHỨC THỰC HIỆN"),
        (
            prose,
            "Văn hóa - xã hội xã báo cáo kết quả về Ủy ban nhân dân xã trước ngày 30/4/2025.",
        ),
        (
            prose,
            "Trên đây là Kế hoạch tổ chức Ngày hội đọc sách năm 2025 của Ủy ban nhân dân xã./.",
        ),
    ] {
        body.push_str(&p(ppr, line));
        if line.starts_with("Trưng bày") {
            // A table of tasks: its cells are centred and unindented, as tables are.
            body.push_str(&two_columns(
                &["STT", "1", "2"],
                &["Nội dung", "Trưng bày sách", "Thi kể chuyện"],
            ));
        }
    }
    body.push_str(&two_columns(
        &["Nơi nhận:", "- UBND huyện Tân Phú;", "- Lưu: VT, VHXH."],
        &["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Trần Văn Bình"],
    ));
    body
}

fn findings(body: &str, prefix: &str) -> Vec<Diagnostic> {
    let x = Docx::new(body).extract();
    let doc = parse::parse(x, &ParseOptions::default());
    let rules = RuleSet::embedded().expect("rules");
    check::check(&doc, &rules, &CheckOptions::default())
        .into_iter()
        .filter(|d| d.rule.starts_with(prefix))
        .collect()
}

#[test]
fn tables_headings_part_titles_and_hanging_lists_are_not_body_paragraphs() {
    let found = findings(&plan(PROSE), "layout-body-");
    assert!(
        found.is_empty(),
        "a plan whose running paragraphs are justified and indented is clean: {:?}",
        found
            .iter()
            .map(|d| format!("{} {}", d.rule, d.message))
            .collect::<Vec<_>>()
    );
}

#[test]
fn unjustified_paragraphs_are_reported_once_per_rule_with_the_count() {
    let found = findings(&plan(PLAIN), "layout-body-");
    let rules: Vec<&str> = found.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(
        rules,
        ["layout-body-alignment", "layout-body-indent"],
        "{found:?}"
    );
    for d in &found {
        // The four running paragraphs of the body (the closing is a zone of its own), and
        // none of the headings, titles or cells.
        assert!(d.message.contains("(4 dòng)"), "{}", d.message);
    }
}

#[test]
fn differing_values_are_named_in_one_finding() {
    let mut body = header();
    body.push_str(&p("", "I. MỤC ĐÍCH, YÊU CẦU"));
    for (indent, line) in [
        (0, "Khơi dậy niềm yêu thích đọc sách trong nhân dân."),
        (
            284,
            "Nâng cao vai trò của thư viện xã trong đời sống văn hóa.",
        ),
        (0, "Phát động phong trào đọc sách trong các trường học."),
        (142, "Xây dựng tủ sách ở các thôn trên địa bàn xã."),
    ] {
        let ppr = format!(r#"<w:jc w:val="both"/><w:ind w:firstLine="{indent}"/>"#);
        body.push_str(&p(&ppr, line));
    }
    let found = findings(&body, "layout-body-indent");
    assert_eq!(found.len(), 1, "{found:?}");
    let message = &found[0].message;
    assert!(message.starts_with("lùi đầu dòng 0 mm, "), "{message}");
    assert!(message.contains("(4 dòng)"), "{message}");
}

#[test]
fn a_label_sharing_its_paragraph_with_the_signer_title_is_judged_by_its_own_runs() {
    let mut body = plan(PROSE);
    // Drop the table tail and put the label and the title in one paragraph, as older
    // documents do with tabs: the label italic and bold, the title upright.
    let tail = body.rfind("<w:tbl>").expect("the tail table");
    body.truncate(tail);
    body.push_str(
        r#"<w:p><w:r><w:rPr><w:b/><w:i/><w:sz w:val="24"/></w:rPr><w:t>Nơi nhận:</w:t></w:r><w:r><w:tab/><w:tab/></w:r><w:r><w:rPr><w:b/><w:sz w:val="28"/></w:rPr><w:t>HIỆU TRƯỞNG</w:t></w:r></w:p>"#,
    );
    body.push_str(&p("", "- Như trên;"));
    body.push_str(&p("", "- Lưu: VT."));
    let found = findings(&body, "layout-italic-noi-nhan-label");
    assert!(found.is_empty(), "{found:?}");
}

/// PDF text pasted into Word keeps one paragraph per printed line; a closing wrapped that way
/// is still one closing that ends with `./.`.
#[test]
fn a_closing_pasted_from_pdf_over_two_paragraphs_is_one_closing() {
    let mut body = header();
    for line in [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Khơi dậy niềm yêu thích đọc sách trong nhân dân.",
        "II. NỘI DUNG",
        "Trưng bày sách tại nhà văn hóa xã.",
        "III. TỔ CHỨC THỰC HIỆN",
        "Văn hóa - xã hội xã báo cáo kết quả về Ủy ban nhân dân xã trước ngày 30/4/2025.",
        "Trên đây là Kế hoạch tổ chức Ngày hội đọc sách năm 2025 của Ủy ban nhân dân xã; đề",
        "nghị các bộ phận nghiêm túc thực hiện./.",
    ] {
        body.push_str(&p(PROSE, line));
    }
    body.push_str(&two_columns(
        &["Nơi nhận:", "- UBND huyện Tân Phú;", "- Lưu: VT, VHXH."],
        &["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Trần Văn Bình"],
    ));
    let found = findings(&body, "closing-");
    assert!(found.is_empty(), "{found:?}");
}

/// Text formatted All Caps (`w:caps`) is read in capitals, as the reviewer sees it: a title
/// typed `Kế hoạch` and a heading typed in sentence case are capitals on the page.
#[test]
fn all_caps_formatting_reads_as_capitals() {
    let caps = |ppr: &str, typed: &str| {
        format!(
            r#"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr><w:caps/></w:rPr><w:t>{typed}</w:t></w:r></w:p>"#
        )
    };
    let centre = r#"<w:jc w:val="center"/>"#;
    let left = r#"<w:jc w:val="left"/>"#;
    let body = plan(PROSE)
        .replace(&p(centre, "KẾ HOẠCH"), &caps(centre, "Kế hoạch"))
        .replace(
            &p(left, "I. MỤC ĐÍCH, YÊU CẦU"),
            &caps(left, "I. Mục đích, yêu cầu"),
        );
    let rules =
        |body: &str| -> Vec<String> { findings(body, "").into_iter().map(|d| d.rule).collect() };
    // The same findings as the plan typed in capitals.
    assert_eq!(rules(&body), rules(&plan(PROSE)));
    // Typed the same way without the formatting, the title and the heading are wrong.
    let plain = rules(&body.replace("<w:caps/>", ""));
    let extra: Vec<&String> = plain
        .iter()
        .filter(|r| !rules(&plan(PROSE)).contains(r))
        .collect();
    assert_eq!(extra, ["title-not-alone", "heading-level1-capitals"]);
}
