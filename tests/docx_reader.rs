//! The `.docx` reader on hand-built packages: text, locations, numbering labels, layout, and
//! every hostile input finishing quickly with the right error.

mod support;

use support::docx::{commented, extract_in_time, np, p, table_row, Docx, Zip, W};
use vblint::extract::{
    Alignment, CellRef, ExtractError, FindingKind, LegacyEncoding, LineSpacing, Location,
    NumberFormat,
};

fn lines(text: &str) -> Vec<&str> {
    text.split('\n').collect()
}

/// Three-level list: I. / 1. / a), as plans number their parts.
const PLAN_NUMBERING: &str = r#"
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/><w:pStyle w:val="Heading1"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/><w:suff w:val="space"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF02D;"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="+"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/><w:isLgl/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%3)"/><w:lvlRestart w:val="0"/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num>
"#;

const HEADING_STYLES: &str = r#"
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="MyHeading"><w:basedOn w:val="Heading1"/></w:style>
"#;

#[test]
fn auto_numbered_headings_render_like_word() {
    let body = [
        p(r#"<w:pStyle w:val="Heading1"/>"#, "MỤC ĐÍCH, YÊU CẦU"),
        np(1, 1, "Mục đích"),
        np(1, 1, "Yêu cầu"),
        np(1, 2, "một"),
        np(1, 2, "hai"),
        np(1, 2, "ba"),
        np(1, 2, "bốn"),
        np(1, 2, "năm"),
        p(r#"<w:pStyle w:val="MyHeading"/>"#, "NỘI DUNG"),
        np(1, 1, "Nhiệm vụ"),
        np(1, 2, "một"),
        np(2, 0, "gạch đầu dòng"),
        np(2, 1, "cộng"),
        p(
            r#"<w:numPr><w:numId w:val="0"/></w:numPr><w:pStyle w:val="Heading1"/>"#,
            "KHÔNG SỐ",
        ),
    ]
    .concat();
    let x = Docx::new(&body)
        .styles(HEADING_STYLES)
        .numbering(PLAN_NUMBERING)
        .extract();
    assert_eq!(
        lines(&x.text),
        [
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Mục đích",
            "2. Yêu cầu",
            "a) một",
            "b) hai",
            "c) ba",
            "d) bốn",
            // Word's lowerLetter has no đ: rendered as Word shows it.
            "e) năm",
            "II. NỘI DUNG",
            "1. Nhiệm vụ",
            "a) một",
            "- gạch đầu dòng",
            "+ cộng",
            "KHÔNG SỐ",
        ]
    );
    let first = x.lines[0].numbering.as_ref().expect("label");
    assert_eq!(first.text, "I.");
    assert_eq!(first.format, NumberFormat::UpperRoman);
    assert_eq!((first.level, first.num_id), (0, 1));
    let a = x.lines[3].numbering.as_ref().expect("label");
    assert_eq!(
        (a.text.as_str(), a.format),
        ("a)", NumberFormat::LowerLetter)
    );
    assert_eq!(
        x.lines[11].numbering.as_ref().map(|l| l.format),
        Some(NumberFormat::Bullet)
    );
    assert!(x.lines[13].numbering.is_none());
    // The list level's hanging indent applies; runs exclude the label.
    assert_eq!(x.lines[3].paragraph.first_line_indent, Some(-360));
    assert_eq!(x.lines[0].runs[0].range, 3.."I. MỤC ĐÍCH, YÊU CẦU".len());
    assert!(x.lines[0].runs[0].bold);
}

#[test]
fn nums_share_counters_unless_restarted() {
    let body = [
        np(3, 0, "một"),
        np(3, 1, "con"),
        np(3, 0, "hai"),
        np(5, 0, "ba (tiếp tục qua num khác)"),
        np(4, 0, "lại một"),
        np(4, 1, "con"),
        np(4, 0, "lại hai"),
        np(4, 2, "không khởi động lại"),
        np(4, 0, "lại ba"),
        np(4, 2, "tiếp"),
    ]
    .concat();
    let x = Docx::new(&body).numbering(PLAN_NUMBERING).extract();
    // isLgl renders the Roman parent as decimal inside "1.1."; lvlRestart 0 never restarts;
    // suff "nothing" puts no space after the label.
    assert_eq!(
        lines(&x.text),
        [
            "I. một",
            "1.1. con",
            "II. hai",
            "III. ba (tiếp tục qua num khác)",
            "I. lại một",
            "1.1. con",
            "II. lại hai",
            "(1)không khởi động lại",
            "III. lại ba",
            "(2)tiếp",
        ]
    );
}

#[test]
fn header_and_signature_tables_have_cell_locations() {
    let header = table_row(&[
        &[
            p("", "ỦY BAN NHÂN DÂN"),
            p("", "TỈNH NAM ĐỊNH"),
            p("", "Số: 15/KH-UBND"),
        ]
        .concat(),
        &[
            p("", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            p("", "Độc lập - Tự do - Hạnh phúc"),
            p("", ""),
            p("", "Nam Định, ngày 05 tháng 01 năm 2026"),
        ]
        .concat(),
    ]);
    let signature = table_row(&[
        &p("", "Nơi nhận:"),
        &[p("", "TM. ỦY BAN NHÂN DÂN"), p("", "CHỦ TỊCH")].concat(),
    ]);
    let body = [header, p("", "KẾ HOẠCH"), signature].concat();
    let x = Docx::new(&body).extract();
    assert_eq!(
        lines(&x.text),
        [
            "ỦY BAN NHÂN DÂN",
            "TỈNH NAM ĐỊNH",
            "Số: 15/KH-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "",
            "Nam Định, ngày 05 tháng 01 năm 2026",
            "KẾ HOẠCH",
            "Nơi nhận:",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
        ]
    );
    let cell = |table, cell| CellRef {
        table,
        row: 1,
        cell,
        depth: 1,
    };
    assert_eq!(
        x.lines[2].location,
        Location::Body {
            paragraph: 3,
            cell: Some(cell(1, 1)),
            text_box: false
        }
    );
    assert_eq!(
        x.lines[6].location,
        Location::Body {
            paragraph: 7,
            cell: Some(cell(1, 2)),
            text_box: false
        }
    );
    assert_eq!(
        x.lines[7].location,
        Location::Body {
            paragraph: 8,
            cell: None,
            text_box: false
        }
    );
    assert_eq!(
        x.lines[10].location,
        Location::Body {
            paragraph: 11,
            cell: Some(cell(2, 2)),
            text_box: false
        }
    );
}

#[test]
fn nested_tables_report_depth() {
    let inner = table_row(&[&p("", "trong")]);
    let body = table_row(&[&[p("", "ngoài"), inner].concat()]);
    let x = Docx::new(&body).extract();
    assert_eq!(lines(&x.text), ["ngoài", "trong"]);
    match &x.lines[1].location {
        Location::Body { cell: Some(c), .. } => {
            assert_eq!((c.table, c.row, c.cell, c.depth), (2, 1, 1, 2));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn footnotes_are_numbered_by_first_reference() {
    let body = format!(
        r#"<w:p><w:r><w:t>Căn cứ Nghị định</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="5"/></w:r><w:r><w:t xml:space="preserve"> và Thông tư</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>{}"#,
        p("", "Nội dung")
    );
    let notes = r#"
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Thông tư số 01/2011/TT-BNV</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="5"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Nghị định số 30/2020/NĐ-CP</w:t></w:r></w:p><w:p><w:r><w:t>dòng hai</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="9"><w:p><w:r><w:t>không ai tham chiếu</w:t></w:r></w:p></w:footnote>
"#;
    let x = Docx::new(&body).footnotes(notes).extract();
    assert_eq!(
        lines(&x.text),
        [
            "Căn cứ Nghị định¹ và Thông tư²",
            "Nội dung",
            "¹ Nghị định số 30/2020/NĐ-CP",
            "dòng hai",
            "² Thông tư số 01/2011/TT-BNV",
        ]
    );
    assert_eq!(x.lines[2].location, Location::Footnote { id: 5 });
    assert_eq!(x.lines[3].location, Location::Footnote { id: 5 });
    assert_eq!(x.lines[4].location, Location::Footnote { id: 2 });
}

#[test]
fn endnotes_follow_footnotes() {
    let body = r#"<w:p><w:r><w:t>Văn bản</w:t></w:r><w:r><w:endnoteReference w:id="3"/></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#;
    let mut d = Docx::new(body).footnotes(
        r#"<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>chú thích</w:t></w:r></w:p></w:footnote>"#,
    );
    d.endnotes = Some(format!(
        r#"<w:endnotes xmlns:w="{W}"><w:endnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:endnote><w:endnote w:id="3"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t xml:space="preserve">   cuối</w:t></w:r></w:p></w:endnote></w:endnotes>"#
    ));
    let x = d.extract();
    assert_eq!(lines(&x.text), ["Văn bản¹¹", "¹ chú thích", "¹ cuối"]);
    assert_eq!(x.lines[1].location, Location::Footnote { id: 1 });
    assert_eq!(x.lines[2].location, Location::Endnote { id: 3 });
}

#[test]
fn newlines_inside_text_stay_inside_the_line() {
    let body = "<w:p><w:r><w:t>một\nhai\r\nba</w:t></w:r></w:p>";
    let x = Docx::new(body).extract();
    assert_eq!(x.text, "một hai ba");
}

#[test]
fn non_wordprocessing_main_part_is_no_main_part() {
    let xml = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>"#;
    assert_eq!(err(with_document(xml)), ExtractError::NoMainPart);
}

#[test]
fn tracked_changes_keep_insertions_and_drop_deletions() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">Thời gian </w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>tháng 3</w:delText></w:r></w:del><w:ins w:id="2" w:author="A"><w:r><w:t>tháng 4</w:t></w:r></w:ins><w:moveFrom w:id="3"><w:r><w:t>cũ</w:t></w:r></w:moveFrom><w:moveTo w:id="4"><w:r><w:t xml:space="preserve"> năm 2026</w:t></w:r></w:moveTo></w:p>"#;
    let x = Docx::new(body).extract();
    assert_eq!(x.text, "Thời gian tháng 4 năm 2026");
    assert!(x.findings.iter().any(|f| f.kind
        == FindingKind::TrackedChanges {
            insertions: 2,
            deletions: 2
        }));
}

#[test]
fn no_tracked_changes_finding_without_changes() {
    let x = Docx::new(&p("", "a")).extract();
    assert!(x.findings.is_empty());
}

#[test]
fn any_prefix_bound_to_the_namespace_reads_the_same() {
    let w_doc = Docx::new(&[p("", "Kế hoạch"), p("", "thực hiện")].concat());
    let expected = w_doc.extract().text;
    let ns0 = w_doc
        .document_xml()
        .replace("xmlns:w=", "xmlns:ns0=")
        .replace("<w:", "<ns0:")
        .replace("</w:", "</ns0:")
        .replace(" w:", " ns0:");
    let bytes = Docx::new("")
        .zip()
        .parts
        .into_iter()
        .fold(Zip::default(), |z, (name, content, _)| {
            if name == "word/document.xml" {
                z.part(&name, ns0.clone())
            } else {
                z.part(&name, content)
            }
        })
        .bytes();
    let x = extract_in_time(bytes).expect("ns0 document");
    assert_eq!(x.text, expected);
    assert_eq!(x.text, "Kế hoạch\nthực hiện");
}

#[test]
fn default_namespace_and_strict_uri_are_accepted() {
    let doc = r#"<document xmlns="http://purl.oclc.org/ooxml/wordprocessingml/main"><body><p><r><t>Strict</t></r></p></body></document>"#;
    let bytes = Docx::new("")
        .zip()
        .parts
        .into_iter()
        .fold(Zip::default(), |z, (name, content, _)| {
            if name == "word/document.xml" {
                z.part(&name, doc)
            } else {
                z.part(&name, content)
            }
        })
        .bytes();
    assert_eq!(extract_in_time(bytes).expect("strict").text, "Strict");
}

#[test]
fn split_runs_join_into_one_line() {
    let body = r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>I</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>. MỤC ĐÍCH</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>, YÊU CẦU</w:t></w:r></w:p>"#;
    let x = Docx::new(body).extract();
    assert_eq!(x.text, "I. MỤC ĐÍCH, YÊU CẦU");
    // Adjacent runs with the same formatting merge into one range.
    assert_eq!(x.lines[0].runs.len(), 1);
    assert_eq!(x.lines[0].runs[0].range, 0..x.text.len());
}

#[test]
fn fields_show_results_not_instructions() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">Trang </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve">, </w:t></w:r><w:fldSimple w:instr=" DATE "><w:r><w:t>05/01/2026</w:t></w:r></w:fldSimple><w:hyperlink r:id="rId9"><w:r><w:t xml:space="preserve"> liên kết</w:t></w:r></w:hyperlink><w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:r><w:t xml:space="preserve"> điều khiển</w:t></w:r></w:sdtContent></w:sdt><w:smartTag w:uri="u" w:element="place"><w:r><w:t xml:space="preserve"> Hà Nội</w:t></w:r></w:smartTag></w:p>"#;
    let x = Docx::new(body).extract();
    assert_eq!(x.text, "Trang 3, 05/01/2026 liên kết điều khiển Hà Nội");
}

#[test]
fn special_run_content() {
    let body = r#"<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:noBreakHyphen/><w:t>d</w:t><w:softHyphen/><w:t>e</w:t><w:sym w:font="Symbol" w:char="F0B7"/><w:sym w:font="Arial" w:char="00A7"/><w:cr/><w:t>f</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r></w:p><w:p/>"#;
    let x = Docx::new(body).extract();
    assert_eq!(lines(&x.text), ["a\tb", "c-de•§", "f", ""]);
    assert_eq!(x.lines[0].location, x.lines[1].location);
    assert_eq!(x.lines[1].location, x.lines[2].location);
    assert_eq!(
        x.lines[3].location,
        Location::Body {
            paragraph: 2,
            cell: None,
            text_box: false
        }
    );
}

/// Insert › Symbol stores a glyph of a symbol font; the text shows what the glyph draws, and
/// an unknown glyph still keeps the words on either side apart.
#[test]
fn symbols_read_as_the_characters_they_draw() {
    let sym = |font: &str, code: &str| format!(r#"<w:sym w:font="{font}" w:char="{code}"/>"#);
    let body = format!(
        "<w:p><w:r><w:t xml:space=\"preserve\">lọc </w:t>{}<w:t xml:space=\"preserve\"> tư vấn </w:t>{}<w:t>tiêm</w:t>{}<w:t>x</w:t>{}{}<w:t>y</w:t></w:r></w:p>",
        sym("Symbol", "F0AE"),
        sym("Symbol", "F0B3"),
        sym("Wingdings", "F0FC"),
        sym("Wingdings", "F021"),
        sym("Arial", "E123"),
    );
    let x = Docx::new(&body).extract();
    assert_eq!(lines(&x.text), ["lọc → tư vấn ≥tiêm✓x\u{FFFC}\u{FFFC}y"]);
}

/// A content control still showing its placeholder ("Nhấp hoặc gõ vào đây…") stands for a
/// value not filled in: its prompt is not read as the document's text.
#[test]
fn content_control_placeholders_read_as_blank() {
    let control = |props: &str, text: &str| {
        format!(
            r#"<w:p><w:r><w:t xml:space="preserve">Số: </w:t></w:r><w:sdt><w:sdtPr><w:alias w:val="Số"/>{props}<w:text/></w:sdtPr><w:sdtContent><w:r><w:t>{text}</w:t></w:r></w:sdtContent></w:sdt></w:p>"#
        )
    };
    let body = [
        control("<w:showingPlcHdr/>", "Nhấp hoặc gõ vào đây để nhập số."),
        control("", "12/KH-UBND"),
        control(r#"<w:showingPlcHdr w:val="0"/>"#, "13/KH-UBND"),
        r#"<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Nhập trích yếu.</w:t></w:r></w:p></w:sdtContent></w:sdt><w:p><w:r><w:t>Sau</w:t></w:r></w:p>"#.to_string(),
    ]
    .concat();
    let x = Docx::new(&body).extract();
    assert_eq!(
        lines(&x.text),
        ["Số: ", "Số: 12/KH-UBND", "Số: 13/KH-UBND", "", "Sau"]
    );
}

#[test]
fn page_breaks_and_hidden_styles() {
    let body = r#"<w:p><w:r><w:br w:type="page"/></w:r><w:r><w:t>Phụ lục</w:t></w:r></w:p><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>trước</w:t><w:br w:type="page"/><w:t>sau</w:t></w:r><w:r><w:rPr><w:rStyle w:val="An"/></w:rPr><w:t>ẩn qua kiểu</w:t></w:r><w:r><w:rPr><w:rStyle w:val="An"/><w:vanish w:val="0"/></w:rPr><w:t>!</w:t></w:r></w:p>"#;
    let x = Docx::new(body)
        .styles(
            r#"<w:style w:type="character" w:styleId="An"><w:rPr><w:vanish/></w:rPr></w:style>"#,
        )
        .extract();
    assert_eq!(lines(&x.text), ["Phụ lục", "trước", "sau!"]);
}

#[test]
fn alternate_content_text_box_is_read_once() {
    let body = r#"<w:p><w:r><w:t>Trước</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Hộp văn bản</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Hộp văn bản</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#;
    let x = Docx::new(body).extract();
    assert_eq!(x.text.matches("Hộp văn bản").count(), 1, "{}", x.text);
    let tb = x
        .lines
        .iter()
        .zip(lines(&x.text))
        .find(|(_, t)| *t == "Hộp văn bản")
        .map(|(l, _)| l.location.clone());
    assert!(matches!(
        tb,
        Some(Location::Body {
            paragraph: 2,
            text_box: true,
            ..
        })
    ));
    // The text box follows the paragraph it is anchored in.
    assert_eq!(lines(&x.text), ["Trước", "Hộp văn bản"]);
}

#[test]
fn unknown_choice_falls_back_to_vml() {
    let body = r#"<w:p><w:r><mc:AlternateContent xmlns:x9="urn:unknown"><mc:Choice Requires="x9"><x9:thing><w:txbxContent><w:p><w:r><w:t>sai</w:t></w:r></w:p></w:txbxContent></x9:thing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>đúng</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#;
    let x = Docx::new(body).extract();
    assert!(x.text.contains("đúng"));
    assert!(!x.text.contains("sai"));
}

#[test]
fn page_setup_and_effective_fonts() {
    let styles = r#"
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/><w:sz w:val="22"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:jc w:val="both"/><w:ind w:firstLine="567"/></w:pPr><w:rPr><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:before="120" w:line="360"/></w:pPr><w:rPr><w:rFonts w:asciiTheme="majorHAnsi"/><w:b/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Emph"><w:rPr><w:i/><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr></w:style>
"#;
    let body = format!(
        r#"{}<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>KẾ HOẠCH</w:t></w:r><w:r><w:rPr><w:b w:val="0"/><w:sz w:val="26"/><w:u w:val="single"/></w:rPr><w:t>tiêu đề</w:t></w:r></w:p><w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:bottom="1134" w:left="1134" w:right="1134"/></w:sectPr></w:pPr><w:r><w:rPr><w:rStyle w:val="Emph"/></w:rPr><w:t>Nhấn</w:t></w:r></w:p>{}<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1417" w:bottom="1134" w:left="1701" w:right="1134"/></w:sectPr>"#,
        p("", "Thân bài"),
        p("", "Phụ lục ngang"),
    );
    let x = Docx::new(&body)
        .styles(styles)
        .theme("Cambria", "Calibri")
        .extract();
    assert_eq!(
        lines(&x.text),
        ["Thân bài", "KẾ HOẠCHtiêu đề", "Nhấn", "Phụ lục ngang"]
    );
    // Body: Normal (justify, 567 first line, 14 pt) over docDefaults (theme minor font).
    let body_line = &x.lines[0];
    assert_eq!(body_line.paragraph.style.as_deref(), Some("Normal"));
    assert_eq!(body_line.paragraph.alignment, Some(Alignment::Justify));
    assert_eq!(body_line.paragraph.first_line_indent, Some(567));
    assert_eq!(body_line.paragraph.space_after, Some(160));
    assert_eq!(
        body_line.paragraph.line_spacing,
        Some(LineSpacing::Auto(259))
    );
    assert_eq!(body_line.runs[0].font.as_deref(), Some("Calibri"));
    assert_eq!(body_line.runs[0].size_half_points, Some(28));
    // Title: basedOn Normal, major theme font, bold switched off by w:val="0".
    let title = &x.lines[1];
    assert_eq!(title.paragraph.alignment, Some(Alignment::Center));
    assert_eq!(title.paragraph.first_line_indent, Some(567));
    assert_eq!(title.paragraph.space_before, Some(120));
    assert_eq!(title.paragraph.line_spacing, Some(LineSpacing::Auto(360)));
    assert_eq!(title.runs.len(), 2);
    assert_eq!(title.runs[0].font.as_deref(), Some("Cambria"));
    assert!(title.runs[0].bold);
    assert!(!title.runs[1].bold);
    assert!(title.runs[1].underline);
    assert_eq!(title.runs[1].size_half_points, Some(26));
    // Character style wins over paragraph style and defaults.
    let emph = &x.lines[2].runs[0];
    assert_eq!(emph.font.as_deref(), Some("Arial"));
    assert!(emph.italic);
    // Two sections: wrong margins in the first, landscape in the second.
    assert_eq!(x.page_setups.len(), 2);
    let s1 = &x.page_setups[0];
    assert_eq!(
        (s1.first_line, s1.width, s1.height, s1.landscape),
        (0, 11906, 16838, false)
    );
    assert_eq!(
        (
            s1.margin_top,
            s1.margin_bottom,
            s1.margin_left,
            s1.margin_right
        ),
        (1134, 1134, 1134, 1134)
    );
    let s2 = &x.page_setups[1];
    assert_eq!(
        (s2.first_line, s2.landscape, s2.margin_left),
        (3, true, 1701)
    );
}

/// A table style's run and paragraph properties reach the cells of tables that name it (or,
/// with no `w:tblStyle`, of every table when it is the default), below the paragraph style:
/// what a `Table Grid` in an agency template sets for the header and signature cells.
#[test]
fn table_styles_reach_their_cells_below_the_paragraph_style() {
    let styles = r#"
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/><w:sz w:val="26"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Sized"><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="table" w:styleId="Plain"><w:rPr><w:i/></w:rPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="Plain"/><w:pPr><w:jc w:val="center"/><w:spacing w:after="0"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="24"/></w:rPr><w:tblStylePr w:type="wholeTable"><w:rPr><w:sz w:val="20"/></w:rPr></w:tblStylePr><w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr></w:tblStylePr></w:style>
"#;
    let cell = |inner: &str| format!("<w:tc>{inner}</w:tc>");
    let body = format!(
        r#"{}<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tr>{}{}</w:tr></w:tbl><w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tr>{}</w:tr></w:tbl>"#,
        p("", "Ngoài bảng"),
        cell(&p("", "Nơi nhận:")),
        cell(&format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Sized"/></w:pPr><w:r><w:t>CHỦ TỊCH</w:t></w:r></w:p>{}"#,
            p(r#"<w:jc w:val="right"/>"#, "Ký tên")
        )),
        cell(&p("", "Bảng không kiểu")),
    );
    let x = Docx::new(&body)
        .styles(styles)
        .theme("Cambria", "Calibri")
        .extract();
    assert_eq!(
        lines(&x.text),
        [
            "Ngoài bảng",
            "Nơi nhận:",
            "CHỦ TỊCH",
            "Ký tên",
            "Bảng không kiểu"
        ]
    );
    let run = |i: usize| &x.lines[i].runs[0];
    // Outside a table: Normal over the defaults; no table style applies.
    assert_eq!(run(0).font.as_deref(), Some("Calibri"));
    assert_eq!(run(0).size_half_points, Some(26));
    assert!(!run(0).italic);
    assert_eq!(x.lines[0].paragraph.alignment, Some(Alignment::Justify));
    // In a `TableGrid` cell: its font, size and spacing where the paragraph style sets none,
    // and italic from the style it is based on; its conditional first-row bold is not read.
    // The default `Normal Table` is ignored, as Word ignores it. The size comes from the
    // style's whole-table region, which overrides its own.
    assert_eq!(run(1).font.as_deref(), Some("Times New Roman"));
    assert_eq!(run(1).size_half_points, Some(20));
    assert!(run(1).italic);
    assert!(!run(1).bold);
    assert_eq!(x.lines[1].paragraph.space_after, Some(0));
    // The paragraph style wins over the table style, and direct formatting over both.
    assert_eq!(x.lines[1].paragraph.alignment, Some(Alignment::Justify));
    assert_eq!(run(2).size_half_points, Some(28));
    assert_eq!(run(2).font.as_deref(), Some("Times New Roman"));
    assert_eq!(x.lines[3].paragraph.alignment, Some(Alignment::Right));
    // A table that names no style takes the default table style: here `Normal Table`, so
    // nothing.
    assert!(!run(4).italic && !run(4).bold);
    assert_eq!(run(4).font.as_deref(), Some("Calibri"));
    assert_eq!(run(4).size_half_points, Some(26));
}

/// [MS-DOCX] `overrideTableStyleFontSizeAndJustification`: absent or off (documents from
/// before Word 2013), a cell in the default paragraph style takes the table style's size over
/// a default of 12 pt and its alignment over a default left; on, the paragraph style wins.
#[test]
fn older_documents_let_the_table_style_win_over_a_12_pt_left_normal() {
    let styles = r#"
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="24"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Other"><w:pPr><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="24"/></w:rPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="26"/></w:rPr></w:style>
"#;
    let body = format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tr><w:tc>{}<w:p><w:pPr><w:pStyle w:val="Other"/></w:pPr><w:r><w:t>Kiểu khác</w:t></w:r></w:p></w:tc></w:tr></w:tbl>{}"#,
        p("", "Trong bảng"),
        p("", "Ngoài bảng"),
    );
    let cell = |x: &vblint::extract::Extracted, i: usize| {
        (
            x.lines[i].runs[0].size_half_points,
            x.lines[i].paragraph.alignment,
        )
    };
    let older = Docx::new(&body).styles(styles).extract();
    assert_eq!(cell(&older, 0), (Some(26), Some(Alignment::Center)));
    // Only the default paragraph style gives way, and only inside a table.
    assert_eq!(cell(&older, 1), (Some(24), Some(Alignment::Left)));
    assert_eq!(cell(&older, 2), (Some(24), Some(Alignment::Left)));
    let newer = Docx::new(&body)
        .styles(styles)
        .settings(r#"<w:compat><w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/></w:compat>"#)
        .extract();
    assert_eq!(cell(&newer, 0), (Some(24), Some(Alignment::Left)));
}

#[test]
fn legacy_vntime_font_is_reported() {
    let body = format!(
        r#"<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t>KÕ ho¹ch</w:t></w:r></w:p><w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime"/></w:rPr><w:t>tæ chøc</w:t></w:r></w:p><w:p><w:r><w:rPr><w:rFonts w:ascii="VNI-Times"/></w:rPr><w:t>Keá hoaïch</w:t></w:r></w:p>{}"#,
        p("", "Unicode")
    );
    let x = Docx::new(&body).extract();
    let legacy: Vec<_> = x
        .findings
        .iter()
        .filter_map(|f| match &f.kind {
            FindingKind::LegacyEncoding {
                encoding,
                font,
                sample,
            } => Some((*encoding, font.clone(), sample.clone(), f.span.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(legacy.len(), 2, "one finding per font: {legacy:?}");
    assert_eq!(legacy[0].0, LegacyEncoding::Tcvn3);
    assert_eq!(legacy[0].1.as_deref(), Some(".VnTime"));
    // The finding quotes the text as stored; the extracted text is converted to Unicode, so
    // the other rules read real Vietnamese.
    assert_eq!(legacy[0].2, "KÕ ho¹ch");
    assert_eq!(&x.text[legacy[0].3.clone()], "Kế hoạch");
    assert_eq!(legacy[1].0, LegacyEncoding::Vni);
    assert_eq!(legacy[1].2, "Keá hoaïch");
    assert_eq!(&x.text[legacy[1].3.clone()], "Kế hoạch");
    assert_eq!(
        x.text.lines().collect::<Vec<_>>(),
        ["Kế hoạch", "tổ chức", "Kế hoạch", "Unicode"]
    );
}

#[test]
fn unicode_text_in_a_legacy_font_is_left_alone() {
    let body =
        r#"<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime"/></w:rPr><w:t>Kế hoạch</w:t></w:r></w:p>"#;
    let x = Docx::new(body).extract();
    assert_eq!(x.text, "Kế hoạch");
    assert!(x.findings.is_empty(), "{:?}", x.findings);
}

/// A "DỰ THẢO" watermark is WordArt in the page header: its words are read as the header's
/// text, and the plan counts as marked a draft.
#[test]
fn a_watermark_in_the_page_header_marks_a_draft() {
    let body = format!(
        r#"{}<w:sectPr><w:headerReference w:type="default" r:id="rH"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>"#,
        p("", "Thân")
    );
    let watermark = r#"<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="PowerPlusWaterMarkObject"><v:textpath style="font-family:&quot;Times New Roman&quot;" string="DỰ THẢO"/></v:shape></w:pict></w:r></w:p>"#;
    let x = Docx::new(&body)
        .header("rH", "header1.xml", watermark, true)
        .extract();
    assert_eq!(lines(&x.text)[1].trim(), "DỰ THẢO");
    let doc = vblint::parse::parse(x, &vblint::parse::ParseOptions::default());
    assert!(doc.draft_marked);
    // The same plan without the watermark is not marked.
    let x = Docx::new(&body)
        .header("rH", "header1.xml", &p("", "Trường THPT Yên Khánh B"), true)
        .extract();
    let doc = vblint::parse::parse(x, &vblint::parse::ParseOptions::default());
    assert!(!doc.draft_marked);
}

#[test]
fn main_part_found_through_relationships() {
    let mut d = Docx::new(&p("", "Tên khác")).footnotes("");
    d.main = Some("content/main.xml".into());
    let x = d.extract();
    assert_eq!(x.text, "Tên khác");
}

#[test]
fn headers_and_footers_follow_the_notes() {
    let body = format!(
        r#"{}<w:sectPr><w:headerReference w:type="default" r:id="rH"/><w:footerReference w:type="default" r:id="rF"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>"#,
        p("", "Thân")
    );
    let d = Docx::new(&body)
        .header(
            "rH",
            "header1.xml",
            r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
            true,
        )
        .header("rF", "footer1.xml", &p("", "Chân trang"), false)
        .header("rUnused", "header9.xml", &p("", "không dùng"), true);
    let x = d.extract();
    assert_eq!(lines(&x.text), ["Thân", "2", "Chân trang"]);
    assert_eq!(
        x.lines[1].location,
        Location::PageHeader {
            part: "word/header1.xml".into()
        }
    );
    assert_eq!(x.lines[1].paragraph.alignment, Some(Alignment::Center));
    assert_eq!(
        x.lines[2].location,
        Location::PageFooter {
            part: "word/footer1.xml".into()
        }
    );
}

#[test]
fn text_is_nfc() {
    // "ế" decomposed across one run, and a combining mark split over two runs.
    let body = "<w:p><w:r><w:t>K\u{0065}\u{0302}\u{0301} ho</w:t></w:r><w:r><w:t>a</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>\u{0323}ch</w:t></w:r></w:p>";
    let x = Docx::new(body).extract();
    assert_eq!(x.text, "Kế hoạch");
    for r in &x.lines[0].runs {
        assert!(x.text.get(r.range.clone()).is_some());
    }
}

#[test]
fn utf16_part_is_decoded() {
    let doc = Docx::new(&p("", "UTF-16 văn bản"))
        .document_xml()
        .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(doc.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let zip = replace_part(Docx::new(""), "word/document.xml", bytes);
    assert_eq!(extract_in_time(zip).expect("utf-16").text, "UTF-16 văn bản");
}

#[test]
fn dispatcher_routes_zip_to_docx_reader() {
    let bytes = Docx::new(&p("", "qua bộ chọn")).bytes();
    let x = vblint::extract::extract(&bytes, "txt").expect("docx by content");
    assert_eq!(x.text, "qua bộ chọn");
    assert_eq!(x.kind, vblint::extract::InputKind::Docx);
}

// ---- Hostile and broken inputs -------------------------------------------------------------

fn replace_part(d: Docx, part: &str, content: impl Into<Vec<u8>>) -> Vec<u8> {
    let content = content.into();
    d.zip()
        .parts
        .into_iter()
        .fold(Zip::default(), |z, (name, c, _)| {
            if name == part {
                z.part(&name, content.clone())
            } else {
                z.part(&name, c)
            }
        })
        .bytes()
}

fn with_document(xml: &str) -> Vec<u8> {
    replace_part(Docx::new(""), "word/document.xml", xml.as_bytes().to_vec())
}

fn err(bytes: Vec<u8>) -> ExtractError {
    match extract_in_time(bytes) {
        Ok(x) => panic!("expected an error, got text {:?}", x.text),
        Err(e) => e,
    }
}

#[test]
fn not_a_zip() {
    assert_eq!(err(b"just some text".to_vec()), ExtractError::NotZip);
}

#[test]
fn empty_input() {
    assert_eq!(err(Vec::new()), ExtractError::Empty);
}

#[test]
fn truncated_zip() {
    let bytes = Docx::new(&p("", "x")).bytes();
    let cut = bytes[..bytes.len() / 2].to_vec();
    assert!(matches!(err(cut), ExtractError::BrokenZip(_)));
}

#[test]
fn zip_without_main_part() {
    let bytes = Zip::default()
        .part("[Content_Types].xml", "<Types/>")
        .part("other.txt", "hello")
        .bytes();
    assert_eq!(err(bytes), ExtractError::NoMainPart);
}

#[test]
fn corrupt_deflate_stream() {
    let mut bytes = Docx::new(&p("", &"Nội dung kế hoạch ".repeat(200))).bytes();
    let name = b"word/document.xml";
    let pos = bytes
        .windows(name.len())
        .position(|w| w == name)
        .expect("local header");
    let header = pos - 30;
    let extra = u16::from_le_bytes([bytes[header + 28], bytes[header + 29]]) as usize;
    let data = pos + name.len() + extra;
    for b in &mut bytes[data + 5..data + 40] {
        *b ^= 0x5A;
    }
    assert!(matches!(err(bytes), ExtractError::BrokenZip(_)));
}

#[test]
fn zip_bomb_by_ratio() {
    // 8 MiB of blanks deflate to a few KiB: far beyond any real part's ratio.
    let mut xml = Docx::new(&p("", "x")).document_xml();
    xml.push_str(&" ".repeat(8 << 20));
    let bytes = replace_part(Docx::new(""), "word/document.xml", xml.into_bytes());
    assert!(matches!(err(bytes), ExtractError::ZipBomb(_)));
}

#[test]
fn zip_bomb_by_part_size() {
    // Stored (ratio 1:1) but larger than the per-part cap.
    let big = vec![b' '; (vblint::extract::docx::MAX_PART_BYTES + 1) as usize];
    let bytes = Docx::new(&p("", "x")).zip().stored("word/styles.xml", big);
    let mut d = bytes.clone();
    // Point the document at the huge styles part.
    d.parts
        .retain(|(n, _, _)| n != "word/_rels/document.xml.rels");
    let d = d.part(
        "word/_rels/document.xml.rels",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
    );
    assert!(matches!(err(d.bytes()), ExtractError::ZipBomb(_)));
}

#[test]
fn zip_bomb_by_entry_count() {
    let mut z = Docx::new(&p("", "x")).zip();
    for i in 0..=vblint::extract::docx::MAX_ENTRIES {
        z = z.stored(&format!("junk/{i}"), Vec::new());
    }
    assert!(matches!(err(z.bytes()), ExtractError::ZipBomb(_)));
}

#[test]
fn doctype_is_unsafe() {
    let xml = format!(
        r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"#
    );
    assert!(matches!(
        err(with_document(&xml)),
        ExtractError::UnsafeXml { .. }
    ));
}

#[test]
fn billion_laughs_is_unsafe() {
    let xml = format!(
        r#"<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#
    );
    assert!(matches!(
        err(with_document(&xml)),
        ExtractError::UnsafeXml { .. }
    ));
}

#[test]
fn unknown_entity_is_broken() {
    let xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>a &foo; b</w:t></w:r></w:p></w:body></w:document>"#
    );
    assert!(matches!(
        err(with_document(&xml)),
        ExtractError::BrokenXml { .. }
    ));
}

#[test]
fn predefined_and_character_references_resolve() {
    let xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>a &amp; b &lt;c&gt; &#7871; &#x1EBF;</w:t></w:r></w:p></w:body></w:document>"#
    );
    assert_eq!(
        extract_in_time(with_document(&xml)).expect("refs").text,
        "a & b <c> ế ế"
    );
}

#[test]
fn deep_nesting_is_unsafe() {
    let depth = 300;
    let xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body>{}{}</w:body></w:document>"#,
        "<w:sdt>".repeat(depth),
        "</w:sdt>".repeat(depth)
    );
    assert!(matches!(
        err(with_document(&xml)),
        ExtractError::UnsafeXml { .. }
    ));
}

#[test]
fn very_deep_nesting_does_not_overflow() {
    let depth = 200_000;
    let xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body>{}</w:body></w:document>"#,
        "<w:tbl><w:tr><w:tc>".repeat(depth)
    );
    assert!(matches!(
        err(with_document(&xml)),
        ExtractError::UnsafeXml { .. }
    ));
}

#[test]
fn truncated_part_is_broken() {
    let xml =
        format!(r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>cắt giữa chừng</w:t></w:r>"#);
    assert!(matches!(
        err(with_document(&xml)),
        ExtractError::BrokenXml { .. }
    ));
}

#[test]
fn foreign_encoding_is_rejected() {
    let xml = format!(
        r#"<?xml version="1.0" encoding="ISO-8859-1"?><w:document xmlns:w="{W}"><w:body><w:p/></w:body></w:document>"#
    );
    assert!(matches!(
        err(with_document(&xml)),
        ExtractError::BrokenXml { .. } | ExtractError::UnsafeXml { .. }
    ));
}

#[test]
fn mismatched_end_tag_is_broken() {
    let xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>x</w:r></w:t></w:p></w:body></w:document>"#
    );
    assert!(matches!(
        err(with_document(&xml)),
        ExtractError::BrokenXml { .. }
    ));
}

#[test]
fn invalid_utf8_is_broken() {
    let mut xml = format!(r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>"#).into_bytes();
    xml.extend([0xC3, 0x28, 0xFF]);
    xml.extend(b"</w:t></w:r></w:p></w:body></w:document>");
    let bytes = replace_part(Docx::new(""), "word/document.xml", xml);
    assert!(matches!(err(bytes), ExtractError::BrokenXml { .. }));
}

#[test]
fn broken_optional_part_fails_cleanly() {
    let mut d = Docx::new(&p("", "x"));
    d.styles = Some(format!(r#"<w:styles xmlns:w="{W}"><w:style>"#));
    assert!(matches!(err(d.bytes()), ExtractError::BrokenXml { .. }));
}

#[test]
fn ole2_doc_and_encrypted_docx() {
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.extend(vec![0u8; 1024]);
    doc.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
    assert_eq!(err(doc.clone()), ExtractError::LegacyWordDoc);
    let mut enc = doc;
    enc.extend(
        "EncryptionInfo"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    assert_eq!(err(enc), ExtractError::Encrypted);
}

#[test]
fn unbound_prefix_is_broken() {
    let xml = r#"<w:document><w:body/></w:document>"#;
    assert!(matches!(
        err(with_document(xml)),
        ExtractError::BrokenXml { .. }
    ));
}

#[test]
fn decomposed_text_is_composed_and_reported() {
    let x = Docx::new(&p("", "Ke\u{302}\u{301} hoa\u{323}ch")).extract();
    assert_eq!(x.text, "Kế hoạch");
    assert!(
        x.findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::Decomposed { count: 1 })),
        "{:?}",
        x.findings
    );
    let x = Docx::new(&p("", "Kế hoạch")).extract();
    assert!(x.findings.is_empty());
}

/// Word comments reach the model with the lines their anchors cover: a range over several
/// paragraphs, a comment on a point (reference only), and comments with no anchor in the main
/// part left out.
#[test]
fn comments_carry_their_anchored_lines() {
    let body = [
        p("", "KẾ HOẠCH"),
        commented(1, &(p("", "một") + &p("", "hai"))),
        p("", "ba"),
        r#"<w:p><w:r><w:t>bốn</w:t></w:r><w:r><w:commentReference w:id="2"/></w:r></w:p>"#
            .to_string(),
    ]
    .concat();
    let x = Docx::new(&body)
        .comments(&[(1, "vblint: bỏ qua x"), (2, "ghi chú"), (3, "không neo")])
        .extract();
    let got: Vec<(&str, std::ops::Range<usize>)> = x
        .comments
        .iter()
        .map(|c| (c.text.as_str(), c.lines.clone()))
        .collect();
    assert_eq!(got, vec![("vblint: bỏ qua x", 1..3), ("ghi chú", 4..5)]);
}

/// `w:caps` shows a run in capitals, from a style or the run itself (`w:val="0"` turns it
/// off); a run in a legacy font keeps its look-alike letters for conversion.
#[test]
fn all_caps_runs_read_in_capitals() {
    let styles =
        r#"<w:style w:type="paragraph" w:styleId="Title"><w:rPr><w:caps/></w:rPr></w:style>"#;
    let body = format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Kế hoạch </w:t></w:r><w:r><w:rPr><w:caps w:val="0"/></w:rPr><w:t>liên tịch</w:t></w:r></w:p><w:p><w:r><w:rPr><w:caps/></w:rPr><w:t>đảng ủy xã</w:t></w:r><w:r><w:t> và </w:t></w:r></w:p><w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/><w:caps/></w:rPr><w:t>KÕ ho¹ch</w:t></w:r></w:p>{}"#,
        p("", "Thân bài")
    );
    let x = Docx::new(&body).styles(styles).extract();
    assert_eq!(
        lines(&x.text),
        [
            "KẾ HOẠCH liên tịch",
            "ĐẢNG ỦY XÃ và ",
            "Kế hoạch",
            "Thân bài"
        ]
    );
}

/// A paragraph pasted from double-encoded text is read back, and its runs keep their letters:
/// the bold one ends where its word does.
#[test]
fn double_encoded_paragraphs_are_read_back_with_their_runs() {
    // `Tổ chức` in bold then ` ngày hội`, as a Windows decoder leaves them.
    let garbled = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                0x80..=0x9F => {
                    let byte = [b];
                    let (windows, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
                    let first = windows.chars().next();
                    first.unwrap_or(char::from(b))
                }
                _ => char::from(b),
            })
            .collect()
    };
    let body = format!(
        r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{}</w:t></w:r><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>{}"#,
        garbled("Tổ chức"),
        garbled(" ngày hội đọc sách"),
        p("", "Thân bài")
    );
    let x = Docx::new(&body).extract();
    assert_eq!(lines(&x.text), ["Tổ chức ngày hội đọc sách", "Thân bài"]);
    let runs = &x.lines[0].runs;
    assert_eq!(runs.len(), 2);
    assert!(runs[0].bold && !runs[1].bold);
    assert_eq!(runs[0].range, 0.."Tổ chức".len());
    assert_eq!(runs[1].range.end, "Tổ chức ngày hội đọc sách".len());
    assert!(x.findings.iter().any(|f| matches!(
        &f.kind,
        vblint::extract::FindingKind::DoubleEncoded { count: 1, sample } if sample == "Tổ chức ngày hội đọc sách"
    )));
}

/// A paragraph holding a complex `PAGE` field, with this `w:pPr` inner XML and text before it.
fn page_field(ppr: &str, before: &str) -> String {
    format!(
        r#"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{before}</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE   \* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#
    )
}

/// The body of a one-section plan with these header and footer references.
fn sect_body(refs: &str) -> String {
    format!(
        r#"{}<w:sectPr>{refs}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>"#,
        p("", "KẾ HOẠCH")
    )
}

/// Adds `docProps/app.xml` with these statistics to a package.
fn with_app_xml(d: &Docx, stats: &str) -> Vec<u8> {
    let mut z = d.zip();
    for part in &mut z.parts {
        if part.0 == "_rels/.rels" {
            let rels = String::from_utf8(part.1.clone()).expect("utf-8").replace(
                "</Relationships>",
                r#"<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#,
            );
            part.1 = rels.into_bytes();
        }
    }
    z.part(
        "docProps/app.xml",
        format!(
            r#"<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">{stats}</Properties>"#
        ),
    )
    .bytes()
}

#[test]
fn page_numbers_of_the_first_section() {
    use vblint::extract::{PageBand, PageNumber};
    // Old-template layout: footer, right, on every page including page 1.
    let old = Docx::new(&sect_body(
        r#"<w:footerReference w:type="default" r:id="rF"/>"#,
    ))
    .header(
        "rF",
        "footer1.xml",
        &page_field(r#"<w:jc w:val="right"/>"#, ""),
        false,
    )
    .extract();
    let n = old.page_numbers.expect("a .docx knows its page numbers");
    assert_eq!(
        n.number,
        Some(PageNumber {
            band: PageBand::Footer,
            alignment: Some(Alignment::Right)
        })
    );
    assert!(n.on_first_page && n.any_section);
    assert_eq!(n.pages, None, "no docProps/app.xml");

    // Decree layout: a simple field inside a content control, centred in the header; page 1
    // has its own header without a number; a NUMPAGES field in the footer is no page number.
    let sdt = r#"<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Page Numbers (Top of Page)"/></w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:fldSimple w:instr=" PAGE \* Arabic "><w:r><w:t>2</w:t></w:r></w:fldSimple></w:p></w:sdtContent></w:sdt>"#;
    let numpages = r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;
    let decree = Docx::new(&sect_body(
        r#"<w:headerReference w:type="default" r:id="rH"/><w:headerReference w:type="first" r:id="rH1"/><w:footerReference w:type="default" r:id="rF"/><w:titlePg/>"#,
    ))
    .header("rH", "header1.xml", sdt, true)
    .header("rH1", "header2.xml", &p("", ""), true)
    .header("rF", "footer1.xml", numpages, false)
    .extract()
    .page_numbers
    .expect("numbering");
    assert_eq!(
        decree.number,
        Some(PageNumber {
            band: PageBand::Header,
            alignment: Some(Alignment::Center)
        })
    );
    assert!(!decree.on_first_page);

    // A number after a tab sits where the tab stops are: its alignment is unknown.
    let tabbed = Docx::new(&sect_body(
        r#"<w:headerReference r:id="rH"/><w:titlePg w:val="0"/>"#,
    ))
    .header("rH", "header1.xml", &page_field("", "\t"), true)
    .extract()
    .page_numbers
    .expect("numbering");
    assert_eq!(
        tabbed.number,
        Some(PageNumber {
            band: PageBand::Header,
            alignment: None
        })
    );
    assert!(tabbed.on_first_page, "titlePg is off");
}

#[test]
fn page_count_is_trusted_only_beside_a_word_count() {
    let d = Docx::new(&sect_body(""));
    let read = |stats: &str| {
        extract_in_time(with_app_xml(&d, stats))
            .expect("reads")
            .page_numbers
            .expect("numbering")
    };
    let saved = read("<Pages>4</Pages><Words>1650</Words>");
    assert_eq!(
        (saved.pages, saved.number, saved.on_first_page),
        (Some(4), None, false)
    );
    // A template's statistics, left as they were by a program that wrote the text.
    assert_eq!(read("<Pages>1</Pages><Words>0</Words>").pages, None);
    assert_eq!(read("<Words>300</Words>").pages, None);
    assert_eq!(read("<Pages>x</Pages><Words>300</Words>").pages, None);
}

#[test]
fn a_number_on_even_pages_alone_is_numbering() {
    use vblint::extract::PageBand;
    let n = Docx::new(&sect_body(
        r#"<w:headerReference w:type="even" r:id="rE"/><w:titlePg/>"#,
    ))
    .header(
        "rE",
        "header1.xml",
        &page_field(r#"<w:jc w:val="center"/>"#, ""),
        true,
    )
    .extract()
    .page_numbers
    .expect("numbering");
    assert_eq!(n.number.map(|n| n.band), Some(PageBand::Header));
    assert!(!n.on_first_page);
}
