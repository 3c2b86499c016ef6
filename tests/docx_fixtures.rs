//! The `.docx` reader on files saved by a real word processor (LibreOffice Writer); see
//! `fixtures/docx/README.md`.

use vblint::extract::{docx, CellRef, Location, NumberFormat};

fn read(name: &str) -> vblint::extract::Extracted {
    let path = format!("{}/fixtures/docx/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("fixture present");
    docx::extract(&bytes).expect("fixture extracts")
}

fn line_of(x: &vblint::extract::Extracted, text: &str) -> usize {
    x.text
        .split('\n')
        .position(|l| l == text)
        .unwrap_or_else(|| panic!("line {text:?} missing from:\n{}", x.text))
}

#[test]
fn libreoffice_plan_with_tables_numbering_and_footnote() {
    let x = read("ke-hoach-chuyen-doi-so.docx");
    assert_eq!(x.lines.len(), x.text.split('\n').count());

    // Header table: agency left, Quốc hiệu right.
    let so = line_of(&x, "Số: 42/KH-UBND");
    let qh = line_of(&x, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    let cell = |l: usize| match &x.lines[l].location {
        Location::Body { cell, .. } => *cell,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        cell(so),
        Some(CellRef {
            table: 1,
            row: 1,
            cell: 1,
            depth: 1
        })
    );
    assert_eq!(cell(qh).map(|c| (c.table, c.cell)), Some((1, 2)));
    line_of(&x, "An Bình, ngày 12 tháng 3 năm 2026");
    assert_eq!(cell(line_of(&x, "KẾ HOẠCH")), None);

    // Auto-numbered headings read as typed ones would.
    for heading in [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "2. Yêu cầu",
        "a) Bảo đảm đúng tiến độ.",
        "b) Phân công rõ trách nhiệm.",
        "II. NHIỆM VỤ, GIẢI PHÁP",
        "1. Hoàn thiện hạ tầng số",
        "III. TỔ CHỨC THỰC HIỆN",
    ] {
        let l = line_of(&x, heading);
        assert!(x.lines[l].numbering.is_some(), "{heading} has a label");
    }
    let roman = &x.lines[line_of(&x, "II. NHIỆM VỤ, GIẢI PHÁP")];
    assert_eq!(
        roman.numbering.as_ref().map(|n| (n.format, n.level)),
        Some((NumberFormat::UpperRoman, 0))
    );
    assert!(roman.runs.iter().all(|r| r.bold));

    // Footnote: marker in the body, note text after the body.
    let basis = x
        .text
        .split('\n')
        .find(|l| l.starts_with("Căn cứ Nghị quyết"))
        .expect("basis line");
    assert!(basis.contains("Bộ Chính trị¹;"), "{basis}");
    let note = x
        .text
        .split('\n')
        .position(|l| l.starts_with("¹ Nghị quyết về đột phá"))
        .expect("footnote line");
    assert!(matches!(x.lines[note].location, Location::Footnote { .. }));

    // Signature table, page header, page setup.
    let signer = line_of(&x, "Trần Văn Minh");
    assert_eq!(cell(signer).map(|c| (c.table, c.cell)), Some((2, 2)));
    assert_eq!(cell(line_of(&x, "Nơi nhận:")).map(|c| c.cell), Some(1));
    assert!(x
        .lines
        .iter()
        .any(|l| matches!(l.location, Location::PageHeader { .. })));
    let page = &x.page_setups[0];
    assert_eq!((page.width, page.height), (11906, 16838));
    assert_eq!((page.margin_left, page.margin_right), (1701, 850));
    let body = &x.lines[line_of(&x, "Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị báo cáo về Ủy ban nhân dân xã để xem xét, giải quyết.")];
    assert_eq!(body.paragraph.first_line_indent, Some(567));
    assert_eq!(body.runs[0].font.as_deref(), Some("Times New Roman"));
    assert_eq!(body.runs[0].size_half_points, Some(28));
}

#[test]
fn libreoffice_plain_text_plan() {
    let x = read("ke-hoach-van-ban-thuong.docx");
    let lines: Vec<&str> = x.text.split('\n').collect();
    assert_eq!(lines[0], "ỦY BAN NHÂN DÂN PHƯỜNG HÒA AN");
    assert_eq!(lines[2], "", "blank lines are kept");
    for l in ["KẾ HOẠCH", "I. MỤC ĐÍCH, YÊU CẦU", "II. TỔ CHỨC THỰC HIỆN"] {
        line_of(&x, l);
    }
    assert!(x.findings.is_empty());
}
