//! `vblint annotate` on every `.docx` fixture and on a plan built with the awkward places a span
//! can sit in (split runs, hyperlinks, fields, tracked changes, text boxes, tables, an existing
//! comment): the copy reads back to the same findings, has one comment per finding, keeps every
//! other part byte for byte, and opens in LibreOffice.

mod support;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use support::docx::{p, table_row, Docx};
use vblint::annotate;
use vblint::check::{self, CheckOptions, Diagnostic, RuleSet};
use vblint::parse::{self, Document, ParseOptions};

fn check_bytes(bytes: &[u8], rules: &RuleSet) -> (Document, Vec<Diagnostic>) {
    let extracted = vblint::extract::extract(bytes, "docx").expect("readable");
    let doc = parse::parse(extracted, &ParseOptions::default());
    let diags = check::check(&doc, rules, &CheckOptions::default());
    (doc, diags)
}

/// Findings as (rule, message, line, column): what a reviewer sees.
fn summary(doc: &Document, diags: &[Diagnostic]) -> Vec<(String, String, usize, usize)> {
    diags
        .iter()
        .map(|d| {
            let p = doc.source.position(d.span.start);
            (d.rule.clone(), d.message.clone(), p.line, p.column)
        })
        .collect()
}

fn entries(bytes: &[u8]) -> BTreeMap<String, (u32, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index_raw(i).expect("entry");
        let mut raw = Vec::new();
        f.read_to_end(&mut raw).expect("raw read");
        out.insert(f.name().expect("name").to_string(), (f.crc32(), raw));
    }
    out
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut s = String::new();
    z.by_name(name).expect(name).read_to_string(&mut s).unwrap();
    s
}

/// Annotates, then checks the promises of the issue; returns the copy.
fn annotate_and_verify(name: &str, input: &[u8], rules: &RuleSet) -> Vec<u8> {
    let (doc, diags) = check_bytes(input, rules);
    let copy = annotate::annotate(input, &doc, &diags, rules, false).expect(name);
    assert_eq!(copy.comments, diags.len());
    // Read back by vblint's own reader: the same findings at the same places.
    let (doc2, diags2) = check_bytes(&copy.bytes, rules);
    assert_eq!(summary(&doc, &diags), summary(&doc2, &diags2), "{name}");
    // One w:comment per finding, besides the ones already there.
    let before = if entries(input).contains_key("word/comments.xml") {
        part(input, "word/comments.xml")
            .matches("<w:comment ")
            .count()
    } else {
        0
    };
    let comments = part(&copy.bytes, "word/comments.xml");
    assert_eq!(
        comments.matches("<w:comment ").count(),
        before + diags.len(),
        "{name}"
    );
    assert_eq!(comments.matches("w:author=\"vblint\"").count(), diags.len());
    let document = part(&copy.bytes, "word/document.xml");
    assert_eq!(
        document.matches("<w:commentRangeStart ").count(),
        document.matches("<w:commentReference ").count()
    );
    // Comments anchored on the finding's text enclose exactly that text.
    let first_id: usize = comments
        .split("<w:comment w:id=\"")
        .skip(1)
        .filter(|c| c.contains("w:author=\"vblint\""))
        .filter_map(|c| c.split('"').next()?.parse().ok())
        .min()
        .unwrap_or(0);
    let exact = diags
        .iter()
        .enumerate()
        .filter(|(i, d)| {
            let id = first_id + i;
            let wanted = doc.source.slice(d.span).replace('\t', "");
            !wanted.is_empty() && range_text(&document, id) == wanted
        })
        .count();
    assert!(
        exact >= copy.placed.on_span,
        "{name}: {exact} comments enclose their text, {} were anchored on it",
        copy.placed.on_span
    );
    // Every other part is the same bytes.
    let (a, b) = (entries(input), entries(&copy.bytes));
    for (entry, data) in &a {
        let editable = entry == "word/document.xml"
            || entry == "word/comments.xml"
            || entry == "[Content_Types].xml"
            || entry.ends_with(".rels");
        if !editable {
            assert_eq!(Some(data), b.get(entry), "{name}: {entry} changed");
        }
    }
    copy.bytes
}

/// The text (`w:t` only) between a comment's range marks.
fn range_text(document: &str, id: usize) -> String {
    let start = format!("<w:commentRangeStart w:id=\"{id}\"/>");
    let end = format!("<w:commentRangeEnd w:id=\"{id}\"/>");
    let (Some(a), Some(b)) = (document.find(&start), document.find(&end)) else {
        return String::new();
    };
    let inner = &document[a..b.max(a)];
    let mut out = String::new();
    for piece in inner.split("<w:t").skip(1) {
        // `<w:t>` or `<w:t xml:space=…>`, not `<w:tab/>` or `<w:tbl>`.
        if !(piece.starts_with('>') || piece.starts_with(' ')) {
            continue;
        }
        let Some(open_end) = piece.find('>') else {
            continue;
        };
        if piece[..open_end].ends_with('/') {
            continue;
        }
        let body = &piece[open_end + 1..];
        let text = &body[..body.find("</w:t>").unwrap_or(body.len())];
        out.push_str(
            &text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&"),
        );
    }
    out
}

fn docx_fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = e.path();
            // Hostile inputs (`fixtures/bad/`) have their own test, `tests/bad_inputs.rs`.
            if path.is_dir() && path.file_name().is_some_and(|n| n == "bad") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "docx") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_docx_fixture_annotates_faithfully() {
    let rules = RuleSet::embedded().unwrap();
    let fixtures = docx_fixtures();
    assert!(fixtures.len() >= 3);
    let mut total = 0;
    for f in fixtures {
        let input = std::fs::read(&f).unwrap();
        let (_, diags) = check_bytes(&input, &rules);
        total += diags.len();
        annotate_and_verify(&f.display().to_string(), &input, &rules);
    }
    assert!(total > 0, "the fixtures have findings to anchor");
}

/// A plan whose findings sit in awkward places.
fn awkward_plan() -> Vec<u8> {
    let hyperlink = r#"<w:p><w:r><w:t xml:space="preserve">Căn cứ </w:t></w:r><w:hyperlink w:anchor="x"><w:r><w:t>Kế hoạch số 12/KH-PGDĐT</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> của Phòng Giáo dục và Đào tạo về tổ chức Ngày hội đọc sách, Trường xây dựng Kế hoạch như sau:</w:t></w:r></w:p>"#;
    let split_runs = r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>I. MỤC ĐÍCH</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">, YÊU </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>CẦU</w:t></w:r></w:p>"#;
    let field = r#"<w:p><w:r><w:t xml:space="preserve">Các tổ chuyên môn tổng hợp, báo cáo kết quả </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> QUOTE "theo quy định" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>theo quy định</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r></w:p>"#;
    let tracked = r#"<w:p><w:r><w:t xml:space="preserve">Khơi dậy niềm yêu thích sách </w:t></w:r><w:ins w:id="90" w:author="Tổ văn thư" w:date="2024-02-01T00:00:00Z"><w:r><w:t xml:space="preserve">của trẻ </w:t></w:r></w:ins><w:del w:id="91" w:author="Tổ văn thư" w:date="2024-02-01T00:00:00Z"><w:r><w:delText>cũ</w:delText></w:r></w:del><w:r><w:t>và cha mẹ.</w:t></w:r></w:p>"#;
    let commented = r#"<w:p><w:commentRangeStart w:id="7"/><w:r><w:t>KẾ HOẠCH</w:t></w:r><w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r></w:p>"#;
    let text_box = r#"<w:p><w:r><w:t>Ngày hội được tổ chức an toàn.</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Ghi chú trong khung: theo quy định.</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Ghi chú trong khung: theo quy định.</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#;
    let header = table_row(&[
        &(p("", "UBND HUYỆN KIM ĐỘNG")
            + &p("", "TRƯỜNG MẦM NON AN BÌNH")
            + &p("", "Số:     /KH-MNAB")),
        &(p("", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
            + &p("", "Độc lập - Tự do - Hạnh phúc")
            + &p("", "An Bình, ngày 12 tháng 02 năm 2024")),
    ]);
    let body = [
        header,
        commented.to_string(),
        p("", "Tổ chức Ngày hội đọc sách năm học 2023 - 2024"),
        hyperlink.to_string(),
        split_runs.to_string(),
        p("", "1. Mục đích"),
        tracked.to_string(),
        p("", "2. Yêu cầu"),
        text_box.to_string(),
        p("", "II. TỔ CHỨC THỰC HIỆN"),
        field.to_string(),
        p("", "Nơi nhận:"),
        p("", "- Phòng GDĐT;"),
        p("", "- Các tổ chuyên môn."),
        p("", "HIỆU TRƯỞNG"),
        p("", "Nguyễn Thị Lan"),
    ]
    .concat();
    let mut z = Docx::new(&body).zip();
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{}"><w:comment w:id="7" w:author="Trưởng phòng"><w:p><w:r><w:t>Xem lại tên loại.</w:t></w:r></w:p></w:comment></w:comments>"#,
        support::docx::W
    );
    z = z.part("word/comments.xml", comments);
    // Content types as Word writes them, so that word processors accept the package.
    assert_eq!(z.parts[0].0, "[Content_Types].xml");
    let types = String::from_utf8(z.parts[0].1.clone()).unwrap().replace(
        "</Types>",
        r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#,
    );
    z.parts[0].1 = types.into_bytes();
    // Point the main part at its comments (the builder writes the rels last).
    let last = z.parts.len() - 2;
    let rels = String::from_utf8(z.parts[last].1.clone()).unwrap();
    assert!(z.parts[last].0.ends_with("document.xml.rels"));
    z.parts[last].1 = rels
        .replace("</Relationships>", r#"<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#)
        .into_bytes();
    z.bytes()
}

#[test]
fn awkward_places_keep_comments_and_tracked_changes() {
    let rules = RuleSet::embedded().unwrap();
    let input = awkward_plan();
    let (_, diags) = check_bytes(&input, &rules);
    assert!(diags.len() >= 3, "{diags:#?}");
    let (doc, _) = check_bytes(&input, &rules);
    let placed = annotate::annotate(&input, &doc, &diags, &rules, false)
        .unwrap()
        .placed;
    assert!(placed.on_span > 0 && placed.on_paragraph > 0, "{placed:?}");
    let copy = annotate_and_verify("awkward", &input, &rules);
    let comments = part(&copy, "word/comments.xml");
    assert!(
        comments.contains("Xem lại tên loại.") && comments.contains("w:author=\"Trưởng phòng\"")
    );
    // New ids stay clear of every annotation id already used (comment 7, changes 90 and 91).
    assert!(
        comments.contains("<w:comment w:id=\"92\" w:author=\"vblint\""),
        "{comments}"
    );
    let document = part(&copy, "word/document.xml");
    for kept in [
        "<w:ins w:id=\"90\"",
        "<w:delText>cũ</w:delText>",
        "<w:commentRangeStart w:id=\"7\"/>",
        "<w:hyperlink w:anchor=\"x\">",
        "<w:instrText xml:space=\"preserve\"> QUOTE",
    ] {
        assert!(document.contains(kept), "{kept}");
    }
    // No comment inside a text box: Word does not keep them there.
    for tb in document.split("<w:txbxContent>").skip(1) {
        let inside = &tb[..tb.find("</w:txbxContent>").unwrap()];
        assert!(!inside.contains("commentRange"));
    }
}

#[test]
fn the_input_is_never_modified_and_outputs_are_not_overwritten() {
    let dir = std::env::temp_dir().join(format!("vblint-annotate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("ke-hoach.docx");
    std::fs::write(&input, awkward_plan()).unwrap();
    let before = std::fs::read(&input).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_vblint"))
            .arg("annotate")
            .args(args)
            .output()
            .unwrap()
    };
    let o = run(&[input.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = dir.join("ke-hoach.vblint.docx");
    assert!(out.exists());
    assert_eq!(std::fs::read(&input).unwrap(), before);
    let again = run(&[input.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(
        run(&[input.to_str().unwrap(), "--force"]).status.code(),
        Some(0)
    );
    // A folder: one copy per plan; copies are not annotated again.
    std::fs::write(dir.join("b.txt"), "KẾ HOẠCH\nTổ chức hội thi\n").unwrap();
    let o = run(&[dir.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(dir.join("b.vblint.txt").exists());
    assert!(!dir.join("ke-hoach.vblint.vblint.docx").exists());
    let notes = std::fs::read_to_string(dir.join("b.vblint.txt")).unwrap();
    assert!(notes.starts_with("KẾ HOẠCH\n") && notes.contains("[vblint: "));
    // -o with a folder is a usage error.
    assert_eq!(
        run(&[dir.to_str().unwrap(), "-o", "x.docx"]).status.code(),
        Some(2)
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn annotated_copies_open_in_libreoffice() {
    let Ok(status) = std::process::Command::new("soffice")
        .arg("--version")
        .output()
    else {
        eprintln!("skipped: soffice (LibreOffice) is not installed; .ci/run installs it");
        return;
    };
    assert!(status.status.success());
    let rules = RuleSet::embedded().unwrap();
    let dir = std::env::temp_dir().join(format!("vblint-soffice-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut inputs = vec![("awkward".to_string(), awkward_plan())];
    for f in docx_fixtures()
        .iter()
        .filter(|f| !f.to_string_lossy().contains("/rules/"))
    {
        inputs.push((
            f.file_stem().unwrap().to_string_lossy().into(),
            std::fs::read(f).unwrap(),
        ));
    }
    let mut names = Vec::new();
    for (name, input) in &inputs {
        let (doc, diags) = check_bytes(input, &rules);
        let copy = annotate::annotate(input, &doc, &diags, &rules, false).unwrap();
        let path = dir.join(format!("{name}.vblint.docx"));
        std::fs::write(&path, copy.bytes).unwrap();
        names.push(path);
    }
    let o = std::process::Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&dir)
        .args(&names)
        .env("HOME", &dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for n in &names {
        let pdf = n.with_extension("pdf");
        let size = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
        assert!(size > 1000, "{} was not converted", n.display());
    }
}
