use std::io::Read;

use super::*;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/docx/ke-hoach-chuyen-doi-so.docx"
);

fn fixture() -> Vec<u8> {
    fs::read(FIXTURE).expect("fixture")
}

/// Every entry of a package: name → (raw compressed bytes, crc, inflated bytes).
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>, u32, Vec<u8>)> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let (name, raw, crc) = {
            let mut entry = zip.by_index_raw(i).expect("entry");
            let name = entry.name().expect("name").into_owned();
            let crc = entry.crc32();
            let mut raw = Vec::new();
            entry.read_to_end(&mut raw).expect("read raw");
            (name, raw, crc)
        };
        let mut inflated = Vec::new();
        zip.by_index(i)
            .expect("entry")
            .read_to_end(&mut inflated)
            .expect("inflate");
        out.push((name, raw, crc, inflated));
    }
    out
}

fn text_of(bytes: &[u8]) -> String {
    crate::extract::extract(bytes, "docx")
        .expect("re-read")
        .text
}

#[test]
fn unchanged_package_copies_every_entry_raw() {
    let input = fixture();
    let out = PackageEditor::open(&input)
        .expect("open")
        .finish()
        .expect("finish");
    assert_eq!(entries(&input), entries(&out));
    assert_eq!(text_of(&input), text_of(&out));
}

#[test]
fn replacing_a_part_leaves_the_others_byte_identical() {
    let input = fixture();
    let mut pkg = PackageEditor::open(&input).expect("open");
    let main = pkg.main_part().expect("main");
    assert_eq!(main, "word/document.xml");
    let xml = String::from_utf8(pkg.read(&main).expect("read").expect("part")).expect("utf8");
    let before = text_of(&input);
    let word = before
        .split_whitespace()
        .nth(3)
        .expect("a word")
        .to_string();
    assert!(xml.contains(&word), "the word {word} is in one run");
    pkg.set(&main, xml.replacen(&word, "XYZ", 1).into_bytes());
    assert_eq!(pkg.changed_parts(), vec!["word/document.xml"]);
    let out = pkg.finish().expect("finish");

    let (old, new) = (entries(&input), entries(&out));
    assert_eq!(old.len(), new.len());
    for (a, b) in old.iter().zip(&new) {
        assert_eq!(a.0, b.0, "entry order kept");
        if a.0 == main {
            assert_ne!(a.3, b.3);
        } else {
            assert_eq!(a, b, "{} copied byte for byte", a.0);
        }
    }
    assert_eq!(text_of(&out), before.replacen(&word, "XYZ", 1));
    // The input slice was only read.
    assert_eq!(input, fixture());
}

#[test]
fn adding_a_part_with_relationship_and_content_type() {
    let input = fixture();
    let mut pkg = PackageEditor::open(&input).expect("open");
    let main = pkg.main_part().expect("main");
    let ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
    let ty = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
    pkg.set(
        "word/comments.xml",
        b"<w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>"
            .to_vec(),
    );
    pkg.set_content_type("word/comments.xml", ct).expect("ct");
    let id = pkg
        .add_relationship(&main, ty, "word/comments.xml")
        .expect("rel");
    // Asking again reuses the relationship and leaves the override alone.
    assert_eq!(
        pkg.add_relationship(&main, ty, "word/comments.xml")
            .expect("rel"),
        id
    );
    pkg.set_content_type("word/comments.xml", ct).expect("ct");
    let out = pkg.finish().expect("finish");

    let new = entries(&out);
    let find = |n: &str| {
        new.iter()
            .find(|e| e.0 == n)
            .map(|e| String::from_utf8(e.3.clone()).expect("utf8"))
            .expect(n)
    };
    let types = find("[Content_Types].xml");
    assert_eq!(types.matches("PartName=\"/word/comments.xml\"").count(), 1);
    assert!(types.contains(ct));
    let rels = find("word/_rels/document.xml.rels");
    assert!(rels.contains(&format!("Id=\"{id}\"")));
    assert!(rels.contains("Target=\"comments.xml\""));
    assert_eq!(new.last().expect("entries").0, "word/comments.xml");

    // The reader follows the new relationship, and the text is unchanged.
    let mut reread = Package::open(&out).expect("reopen");
    let rel = reread
        .rels("word/document.xml")
        .expect("rels")
        .into_iter()
        .find(|r| r.id == id)
        .expect("new rel");
    assert_eq!(
        (rel.kind.as_str(), rel.target.as_str()),
        ("comments", "word/comments.xml")
    );
    assert_eq!(text_of(&out), text_of(&input));
    // Untouched entries are still raw copies.
    for old in entries(&input) {
        if !["[Content_Types].xml", "word/_rels/document.xml.rels"].contains(&old.0.as_str()) {
            assert!(new.contains(&old), "{} kept", old.0);
        }
    }
}

#[test]
fn a_part_without_rels_gets_a_new_rels_part() {
    let input = fixture();
    let mut pkg = PackageEditor::open(&input).expect("open");
    assert!(!pkg.has("word/_rels/comments.xml.rels"));
    pkg.set("word/comments.xml", b"<x/>".to_vec());
    let id = pkg
        .add_relationship("word/comments.xml", "urn:example:type", "media/a.png")
        .expect("rel");
    assert_eq!(id, "rId1");
    let rels = String::from_utf8(
        pkg.read("word/_rels/comments.xml.rels")
            .expect("read")
            .expect("new rels part"),
    )
    .expect("utf8");
    assert!(rels.contains("Target=\"/media/a.png\""), "{rels}");
    pkg.finish().expect("finish");
}

#[test]
fn empty_roots_and_prefixed_roots_are_opened() {
    let t = insert_before_root_end("x.rels", b"<Relationships xmlns=\"u\"/>", |p| {
        format!("<{p}Relationship/>")
    })
    .expect("insert");
    assert_eq!(
        t,
        "<Relationships xmlns=\"u\"><Relationship/></Relationships>"
    );
    let t = insert_before_root_end("ct.xml", b"<ct:Types xmlns:ct=\"u\"></ct:Types>\r\n", |p| {
        format!("<{p}Override/>")
    })
    .expect("insert");
    assert_eq!(t, "<ct:Types xmlns:ct=\"u\"><ct:Override/></ct:Types>\r\n");
}

#[test]
fn an_existing_override_is_replaced() {
    let text = "<Types><Override PartName=\"/word/a.xml\" ContentType=\"old\"/>\
                <Override ContentType='x' PartName='/B.xml'/></Types>";
    let (s, e, ct) = find_override(text, "/word/a.xml").expect("found");
    assert_eq!(ct, "old");
    assert!(text[s..e].starts_with("<Override") && text[s..e].ends_with("/>"));
    assert_eq!(find_override(text, "/b.xml").map(|f| f.2), Some("x".into()));
    assert!(find_override(text, "/c.xml").is_none());
}

#[test]
fn broken_xml_is_never_written() {
    let input = fixture();
    let mut pkg = PackageEditor::open(&input).expect("open");
    pkg.set(
        "word/document.xml",
        b"<w:document><w:body></w:document>".to_vec(),
    );
    assert!(matches!(pkg.finish(), Err(WriteError::BrokenPart { .. })));
}

#[test]
fn not_a_package_is_a_read_error() {
    assert!(matches!(
        PackageEditor::open(b"plain text"),
        Err(WriteError::Read(ExtractError::NotZip))
    ));
}

#[test]
fn atomic_write_refuses_to_overwrite_unless_asked() {
    let dir = std::env::temp_dir().join(format!("vblint-write-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("out.txt");
    let _ = fs::remove_file(&path);
    write_atomic(&path, b"one", false).expect("first write");
    assert_eq!(
        write_atomic(&path, b"two", false),
        Err(WriteError::Exists(path.clone()))
    );
    assert_eq!(fs::read(&path).expect("read"), b"one");
    write_atomic(&path, b"three", true).expect("overwrite");
    assert_eq!(fs::read(&path).expect("read"), b"three");
    // No temporary file is left behind.
    let left: Vec<_> = fs::read_dir(&dir)
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("out.txt")]);
    // A folder that does not exist is an I/O error naming the file.
    let missing = dir.join("no/such/dir/out.txt");
    assert!(matches!(
        write_atomic(&missing, b"x", false),
        Err(WriteError::Io { .. })
    ));
    fs::remove_dir_all(&dir).expect("clean");
}
