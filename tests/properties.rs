//! Property tests (proptest) over the three entry points that take untrusted input: the `.txt`
//! reader, the plan parser and the `.docx` reader. Arbitrary bytes and mutations of valid plans
//! and packages (truncation, flipped bytes, dropped or duplicated lines and XML elements,
//! shuffled paragraphs) never panic, and whatever is read keeps the invariants later stages rely
//! on: every span lies inside the text on character boundaries, and every line and column points
//! inside the file.
//!
//! Case counts keep the suite well under a minute unoptimised; `PROPTEST_CASES=10000 cargo test
//! --release --test properties` runs a longer search. Failures are saved under
//! `proptest-regressions/` and replayed first on every run.

mod support;

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, FileFailurePersistence};

use support::docx::{np, p, table_row, Docx};
use vblint::check::{self, CheckOptions, RuleSet};
use vblint::extract::{self, Extracted, InputKind};
use vblint::parse::{self, ParseOptions};
use vblint::report::{self, FileReport};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::embedded().expect("built-in rules load"))
}

/// `cases` unless `PROPTEST_CASES` asks for another number.
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    }
}

/// The reader's own invariants: findings and per-line facts point inside the text.
fn assert_extracted(x: &Extracted) {
    let text = &x.text;
    for f in &x.findings {
        assert!(
            f.span.start <= f.span.end && f.span.end <= text.len(),
            "finding {f:?}"
        );
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
    }
    if x.kind == InputKind::Docx {
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(x.lines.len(), lines.len(), "one LineInfo per line");
        for (line, info) in lines.iter().zip(&x.lines) {
            for run in &info.runs {
                let r = &run.range;
                assert!(
                    r.start <= r.end && r.end <= line.len(),
                    "run {r:?} in {line:?}"
                );
                assert!(line.is_char_boundary(r.start) && line.is_char_boundary(r.end));
            }
        }
        for s in &x.page_setups {
            assert!(
                s.first_line <= lines.len(),
                "page setup at line {}",
                s.first_line
            );
        }
    }
}

/// Every `Span { start: a, end: b }` in a model's debug text: all spans the model holds, whatever
/// field holds them, so the property does not need updating when the model grows.
fn model_spans(debug: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut rest = debug;
    let num = |s: &str| {
        s.chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
    };
    while let Some(i) = rest.find("Span { start: ") {
        rest = &rest[i + "Span { start: ".len()..];
        let Some(j) = rest.find(", end: ") else { break };
        if let (Ok(s), Ok(e)) = (num(rest).parse(), num(&rest[j + 7..]).parse()) {
            out.push((s, e));
        }
    }
    out
}

/// Parses, checks and reports an extraction, asserting the span and position invariants.
/// Returns how many spans were verified.
fn assert_pipeline(x: Extracted) -> usize {
    assert_extracted(&x);
    let doc = parse::parse(x, &ParseOptions::default());
    let _ = parse::tree::render(&doc, true);
    let diags = check::check(&doc, rules(), &CheckOptions::default());
    let text = doc.source.text();
    let display = doc.source.display();
    let lines: Vec<&str> = display.split('\n').collect();
    let mut spans: Vec<(usize, usize)> = diags.iter().map(|d| (d.span.start, d.span.end)).collect();
    spans.extend(model_spans(&format!("{doc:?}")));
    for &(start, end) in &spans {
        assert!(
            start <= end && end <= text.len(),
            "span {start}..{end} outside 0..{}",
            text.len()
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "span {start}..{end} splits a character"
        );
        let range = doc.source.display_range(parse_span(start, end));
        assert!(range.end <= display.len(), "display range {range:?}");
        assert!(display.is_char_boundary(range.start) && display.is_char_boundary(range.end));
        for at in [start, end] {
            let pos = doc.source.position(at);
            assert!(
                pos.line >= 1 && pos.line <= lines.len(),
                "line {} of {}",
                pos.line,
                lines.len()
            );
            let width = lines[pos.line - 1].chars().count();
            assert!(
                pos.column >= 1 && pos.column <= width + 1,
                "column {} on line {} of {width} characters",
                pos.column,
                pos.line
            );
        }
    }
    let reports = [FileReport {
        path: "plan".into(),
        outcome: Ok((doc, diags)),
    }];
    let _ = report::human(&reports, false, false);
    let _ = report::json(&reports, true);
    spans.len()
}

fn parse_span(start: usize, end: usize) -> vblint::source::Span {
    vblint::source::Span::new(start, end)
}

/// Reads bytes as the CLI would and checks whatever is read.
fn read_and_check(bytes: &[u8], ext: &str) {
    if let Ok(x) = extract::extract(bytes, ext) {
        assert_pipeline(x);
    }
}

// ---- mutations ----------------------------------------------------------------------------

/// One edit to a file's bytes or lines.
#[derive(Debug, Clone)]
enum Edit {
    Truncate(Index),
    Flip(Index, u8),
    DropLine(Index),
    DuplicateLine(Index, Index),
    SwapLines(Index, Index),
    Insert(Index, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<Index>().prop_map(Edit::Truncate),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        any::<Index>().prop_map(Edit::DropLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::DuplicateLine(a, b)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<Index>(), plan_fragment()).prop_map(|(i, s)| Edit::Insert(i, s)),
    ]
}

/// Short strings made of what plans are made of: markers, headings, punctuation, Vietnamese
/// letters (composed and decomposed), tabs and line breaks.
fn plan_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("I. ".to_string()),
        Just("1. ".to_string()),
        Just("a) ".to_string()),
        Just("- ".to_string()),
        Just("KẾ HOẠCH\n".to_string()),
        Just("Nơi nhận:\n".to_string()),
        Just("KT. CHỦ TỊCH\n".to_string()),
        Just("Số: /KH-UBND\n".to_string()),
        Just("ngày 05 tháng 01 năm 2025".to_string()),
        Just("Căn cứ Luật số 01/2024/QH15;".to_string()),
        Just("Trên đây là Kế hoạch./.\n".to_string()),
        Just("\t\t".to_string()),
        Just("a\u{0301}\u{0323}".to_string()),
        "[a-zA-ZđĐàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệ0-9 .,;:/()\\-\n\t]{0,40}",
    ]
}

/// Applies `edits` to the lines (split after `\n`) and bytes of `text`.
fn apply(text: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut bytes = text.to_vec();
    for e in edits {
        let mut lines: Vec<Vec<u8>> = bytes
            .split_inclusive(|&b| b == b'\n')
            .map(<[u8]>::to_vec)
            .collect();
        match e {
            Edit::Truncate(i) if !bytes.is_empty() => bytes.truncate(i.index(bytes.len())),
            Edit::Flip(i, b) if !bytes.is_empty() => {
                let at = i.index(bytes.len());
                bytes[at] ^= b | 1;
            }
            Edit::DropLine(i) if !lines.is_empty() => {
                lines.remove(i.index(lines.len()));
                bytes = lines.concat();
            }
            Edit::DuplicateLine(a, b) if !lines.is_empty() => {
                let line = lines[a.index(lines.len())].clone();
                lines.insert(b.index(lines.len() + 1), line);
                bytes = lines.concat();
            }
            Edit::SwapLines(a, b) if !lines.is_empty() => {
                let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                lines.swap(a, b);
                bytes = lines.concat();
            }
            Edit::Insert(i, s) => {
                let at = i.index(bytes.len() + 1);
                bytes.splice(at..at, s.bytes());
            }
            _ => {}
        }
    }
    bytes
}

const PLANS: [&str; 3] = [
    include_str!("../fixtures/plans/clean-state.txt"),
    include_str!("../fixtures/plans/clean-party.txt"),
    include_str!("../examples/ke-hoach-mau.txt"),
];

// ---- .docx packages ------------------------------------------------------------------------

/// The paragraphs of a small but complete plan as `.docx` body elements: a header table,
/// auto-numbered headings, a footnote reference, a field, a tracked insertion, a section break.
fn docx_paragraphs() -> Vec<String> {
    vec![
        table_row(&[&p("", "ỦY BAN NHÂN DÂN XÃ AN BÌNH"), &p("", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]),
        p("", "KẾ HOẠCH"),
        p("", "Tổ chức ngày hội đọc sách năm 2025"),
        r#"<w:p><w:r><w:t>Căn cứ Luật Thư viện</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:ins><w:r><w:t> mới</w:t></w:r></w:ins></w:p>"#.to_string(),
        np(1, 0, "MỤC ĐÍCH, YÊU CẦU"),
        np(1, 1, "Mục đích"),
        p("", "- Khuyến khích thói quen đọc sách."),
        np(1, 0, "NỘI DUNG"),
        p("", "Trên đây là Kế hoạch tổ chức ngày hội đọc sách./."),
        table_row(&[&p("", "Nơi nhận:\n- UBND huyện;\n- Lưu: VT."), &p("", "CHỦ TỊCH")]),
        r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:bottom="1134" w:left="1701" w:right="850"/></w:sectPr>"#.to_string(),
    ]
}

fn package(body: &str) -> Vec<u8> {
    Docx::new(body)
        .numbering(r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#)
        .styles(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:rFonts w:ascii="Times New Roman"/><w:sz w:val="28"/></w:rPr></w:style>"#)
        .footnotes(r#"<w:footnote w:id="1"><w:p><w:r><w:t>Luật số 46/2019/QH14.</w:t></w:r></w:p></w:footnote>"#)
        .bytes()
}

/// One edit to a package: to its paragraphs, to the XML of its body, or to the zip bytes.
#[derive(Debug, Clone)]
enum DocxEdit {
    DropParagraph(Index),
    DuplicateParagraph(Index, Index),
    Shuffle(Vec<Index>),
    DropTag(Index),
    DuplicateTag(Index, Index),
    XmlBytes(Edit),
}

fn docx_edit() -> impl Strategy<Value = DocxEdit> {
    prop_oneof![
        any::<Index>().prop_map(DocxEdit::DropParagraph),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| DocxEdit::DuplicateParagraph(a, b)),
        prop::collection::vec(any::<Index>(), 1..12).prop_map(DocxEdit::Shuffle),
        any::<Index>().prop_map(DocxEdit::DropTag),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| DocxEdit::DuplicateTag(a, b)),
        edit().prop_map(DocxEdit::XmlBytes),
    ]
}

/// Byte ranges of the tags (`<…>`) in `xml`.
fn tags(xml: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(s) = xml[from..].find('<') {
        let s = from + s;
        let Some(e) = xml[s..].find('>') else { break };
        out.push(s..s + e + 1);
        from = s + e + 1;
    }
    out
}

/// The body XML after `edits`.
fn edited_body(edits: &[DocxEdit]) -> Vec<u8> {
    let mut paras = docx_paragraphs();
    let mut xml_edits = Vec::new();
    for e in edits {
        match e {
            DocxEdit::DropParagraph(i) if !paras.is_empty() => {
                paras.remove(i.index(paras.len()));
            }
            DocxEdit::DuplicateParagraph(a, b) if !paras.is_empty() => {
                let dup = paras[a.index(paras.len())].clone();
                paras.insert(b.index(paras.len() + 1), dup);
            }
            DocxEdit::Shuffle(swaps) if !paras.is_empty() => {
                for (k, s) in swaps.iter().enumerate() {
                    let n = paras.len();
                    paras.swap(k % n, s.index(n));
                }
            }
            DocxEdit::DropTag(i) => {
                let body = paras.concat();
                let t = tags(&body);
                if !t.is_empty() {
                    let r = t[i.index(t.len())].clone();
                    paras = vec![format!("{}{}", &body[..r.start], &body[r.end..])];
                }
            }
            DocxEdit::DuplicateTag(a, b) => {
                let body = paras.concat();
                let t = tags(&body);
                if !t.is_empty() {
                    let r = t[a.index(t.len())].clone();
                    let at = t[b.index(t.len())].start;
                    let mut s = body.clone();
                    s.insert_str(at, &body[r]);
                    paras = vec![s];
                }
            }
            DocxEdit::XmlBytes(e) => xml_edits.push(e.clone()),
            _ => {}
        }
    }
    apply(paras.concat().as_bytes(), &xml_edits)
}

/// Builds a package around a body that may no longer be UTF-8 (the reader must say so).
fn package_bytes(body: &[u8]) -> Vec<u8> {
    match std::str::from_utf8(body) {
        Ok(s) => package(s),
        Err(_) => {
            let marker = "\u{E000}BODY\u{E000}";
            let zip = Docx::new(marker).zip();
            let parts =
                zip.parts
                    .into_iter()
                    .fold(support::docx::Zip::default(), |z, (n, c, _)| {
                        let c = match c.windows(marker.len()).position(|w| w == marker.as_bytes()) {
                            Some(at) => [&c[..at], body, &c[at + marker.len()..]].concat(),
                            None => c,
                        };
                        z.part(&n, c)
                    });
            parts.bytes()
        }
    }
}

// ---- properties ----------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(512))]

    /// Any bytes given to the `.txt` reader.
    #[test]
    fn text_reader_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        read_and_check(&bytes, "txt");
    }

    /// Real plans edited at random, read as `.txt`.
    #[test]
    fn text_reader_takes_edited_plans(
        plan in 0..PLANS.len(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        read_and_check(&apply(PLANS[plan].as_bytes(), &edits), "txt");
    }

    /// The parser on any text, whatever a reader would have made of it.
    #[test]
    fn parser_takes_any_text(
        parts in prop::collection::vec(prop_oneof![plan_fragment(), any::<String>()], 0..30),
    ) {
        let text = parts.concat().replace('\r', "\n");
        assert_pipeline(Extracted::plain(InputKind::Txt, text));
    }

    /// Any bytes after a zip signature, given to the `.docx` reader.
    #[test]
    fn docx_reader_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut v = b"PK\x03\x04".to_vec();
        v.extend(bytes);
        read_and_check(&v, "docx");
    }

    /// A valid package with its paragraphs and XML edited at random.
    #[test]
    fn docx_reader_takes_edited_documents(edits in prop::collection::vec(docx_edit(), 1..5)) {
        read_and_check(&package_bytes(&edited_body(&edits)), "docx");
    }

    /// A valid package with its zip bytes edited at random.
    #[test]
    fn docx_reader_takes_damaged_zips(edits in prop::collection::vec(edit(), 1..4)) {
        let bytes = package(&docx_paragraphs().concat());
        read_and_check(&apply(&bytes, &edits), "docx");
    }
}

/// The unedited inputs are read and carry spans, so the properties above test something.
#[test]
fn the_unedited_inputs_are_read() {
    for plan in PLANS {
        let x = extract::extract(plan.as_bytes(), "txt").expect("plan reads");
        assert!(assert_pipeline(x) > 10);
    }
    let x = extract::extract(&package(&docx_paragraphs().concat()), "docx").expect("docx reads");
    assert!(
        x.text.contains("KẾ HOẠCH") && x.text.contains("Luật số 46/2019/QH14"),
        "{}",
        x.text
    );
    assert!(assert_pipeline(x) > 10);
    assert_eq!(edited_body(&[]), docx_paragraphs().concat().into_bytes());
}
