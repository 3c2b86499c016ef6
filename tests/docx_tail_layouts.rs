//! The Nơi nhận list and the signer as offices lay them out in Word tables: the label in a cell
//! of its own, signer lines beside the list row by row, the signer above the list, and joint
//! plans with two signers. Each is built as a real .docx and read by the .docx reader.

mod support;

use support::docx::{p, Docx, PLAN_NUMBERING};
use vblint::check::{self, CheckOptions, RuleSet};
use vblint::parse::{self, ParseOptions};

/// A borderless table: each row a list of cells, each cell a list of lines.
fn table(rows: &[&[&[&str]]]) -> String {
    let mut s = String::from(
        r#"<w:tbl><w:tblPr><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="4500"/><w:gridCol w:w="5000"/></w:tblGrid>"#,
    );
    for row in rows {
        s.push_str("<w:tr>");
        for cell in *row {
            let ps: String = cell
                .iter()
                .map(|l| p("", &vblint::check::docx_example::xml_escape(l)))
                .collect();
            s.push_str(&format!(
                "<w:tc>{}</w:tc>",
                if ps.is_empty() {
                    "<w:p/>".to_string()
                } else {
                    ps
                }
            ));
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

fn plan(tail: &str) -> String {
    let mut body = table(&[&[
        &["ỦY BAN NHÂN DÂN", "XÃ AN PHÚ"],
        &[
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
        ],
    ]]);
    body.push_str(&table(&[&[
        &["Số: 21/KH-UBND"],
        &["An Phú, ngày 12 tháng 3 năm 2025"],
    ]]));
    for line in [
        "KẾ HOẠCH",
        "Tổ chức Ngày hội đọc sách năm 2025",
        "Căn cứ Kế hoạch số 10/KH-UBND ngày 05/01/2025 của Ủy ban nhân dân huyện Tân Phú về phát triển văn hóa đọc, Ủy ban nhân dân xã xây dựng Kế hoạch như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Khơi dậy niềm yêu thích đọc sách trong nhân dân.",
        "II. NỘI DUNG",
        "1. Trưng bày sách tại nhà văn hóa xã.",
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Văn hóa - xã hội xã báo cáo kết quả về Ủy ban nhân dân xã trước ngày 30/4/2025.",
        "Trên đây là Kế hoạch tổ chức Ngày hội đọc sách năm 2025 của Ủy ban nhân dân xã./.",
    ] {
        body.push_str(&p("", line));
    }
    body.push_str(tail);
    body
}

fn read(body: &str) -> parse::Document {
    let x = Docx::new(body).numbering(PLAN_NUMBERING).extract();
    parse::parse(x, &ParseOptions::default())
}

fn names(doc: &parse::Document) -> Vec<String> {
    doc.signers
        .iter()
        .filter_map(|s| s.name.map(|n| doc.source.slice(n).to_string()))
        .collect()
}

fn tail_findings(doc: &parse::Document) -> Vec<String> {
    let rules = RuleSet::embedded().expect("rules");
    check::check(doc, &rules, &CheckOptions::default())
        .into_iter()
        .map(|d| d.rule)
        .filter(|r| {
            r.starts_with("recipients-") || r.starts_with("signer-") || r.starts_with("closing-")
        })
        .collect()
}

#[test]
fn the_label_in_its_own_cell_with_signer_lines_beside_the_list() {
    let tail = table(&[
        &[&["Nơi nhận:"], &["TM. ỦY BAN NHÂN DÂN"]],
        &[
            &[
                "- UBND huyện Tân Phú;",
                "- Các ban, ngành xã;",
                "- Lưu: VT, VHXH.",
            ],
            &["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Lê Thị Hoa"],
        ],
    ]);
    let doc = read(&plan(&tail));
    let nn = doc.noi_nhan.as_ref().expect("the list is found");
    assert_eq!(nn.items.len(), 3);
    assert_eq!(names(&doc), ["Lê Thị Hoa"]);
    assert_eq!(
        doc.signers[0].authorities.len(),
        2,
        "TM. then KT. in one block"
    );
    assert!(tail_findings(&doc).is_empty(), "{:?}", tail_findings(&doc));
}

#[test]
fn the_signer_above_the_list() {
    let tail = format!(
        "{}{}",
        table(&[&[
            &[],
            &["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Trần Văn Bình"]
        ]]),
        table(&[&[
            &["Nơi nhận:", "- UBND huyện Tân Phú;", "- Lưu: VT, VHXH."],
            &[]
        ]])
    );
    let doc = read(&plan(&tail));
    assert_eq!(doc.noi_nhan.as_ref().map(|n| n.items.len()), Some(2));
    assert_eq!(names(&doc), ["Trần Văn Bình"]);
    assert!(tail_findings(&doc).is_empty(), "{:?}", tail_findings(&doc));
}

#[test]
fn a_joint_plan_has_two_signers() {
    let tail = format!(
        "{}{}",
        table(&[&[
            &["TM. BAN THƯỜNG VỤ ĐOÀN XÃ", "BÍ THƯ", "", "Phạm Minh Đức"],
            &["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Trần Văn Bình"],
        ]]),
        table(&[&[&["Nơi nhận:", "- Huyện đoàn Tân Phú;", "- Lưu: VT."], &[]]])
    );
    let doc = read(&plan(&tail));
    assert_eq!(names(&doc), ["Phạm Minh Đức", "Trần Văn Bình"]);
    assert_eq!(doc.noi_nhan.as_ref().map(|n| n.items.len()), Some(2));
    assert!(tail_findings(&doc).is_empty(), "{:?}", tail_findings(&doc));
}
