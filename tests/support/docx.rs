//! A small in-memory `.docx` builder: hand-written XML parts zipped with the `zip` writer, so
//! tests can make both well-formed and hostile packages.

use std::io::{Cursor, Write};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use vblint::extract::{ExtractError, Extracted};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The WordprocessingML Transitional namespace.
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Office relationships namespace (for `r:id`).
pub const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Parts by name, zipped on demand.
#[derive(Clone, Default)]
pub struct Zip {
    /// (name, bytes, stored?) in zip order.
    pub parts: Vec<(String, Vec<u8>, bool)>,
}

impl Zip {
    /// Adds a deflated part.
    pub fn part(mut self, name: &str, content: impl Into<Vec<u8>>) -> Self {
        self.parts.push((name.to_string(), content.into(), false));
        self
    }

    /// Adds a part stored without compression.
    pub fn stored(mut self, name: &str, content: impl Into<Vec<u8>>) -> Self {
        self.parts.push((name.to_string(), content.into(), true));
        self
    }

    /// The zip bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content, stored) in &self.parts {
            let method = if *stored {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            };
            let opts = SimpleFileOptions::default()
                .compression_method(method)
                .large_file(content.len() > u32::MAX as usize / 2);
            w.start_file(name.as_str(), opts).expect("start_file");
            w.write_all(content).expect("write part");
        }
        w.finish().expect("finish zip").into_inner()
    }
}

/// A `.docx` described by its parts' XML; missing optional parts are left out of the package.
#[derive(Clone, Default)]
pub struct Docx {
    /// Inner XML of `w:body`.
    pub body: String,
    /// Full `styles.xml`.
    pub styles: Option<String>,
    /// Full `numbering.xml`.
    pub numbering: Option<String>,
    /// Full `footnotes.xml`.
    pub footnotes: Option<String>,
    /// Full `endnotes.xml`.
    pub endnotes: Option<String>,
    /// Full `theme/theme1.xml`.
    pub theme: Option<String>,
    /// (relationship id, part file name under `word/`, full XML, is header).
    pub headers: Vec<(String, String, String, bool)>,
    /// Name of the main part (default `word/document.xml`).
    pub main: Option<String>,
    /// Full `comments.xml`.
    pub comments: Option<String>,
    /// Full `settings.xml`.
    pub settings: Option<String>,
}

impl Docx {
    /// A document with this body content.
    pub fn new(body: &str) -> Self {
        Docx {
            body: body.to_string(),
            ..Docx::default()
        }
    }

    /// Adds `styles.xml` from the inner XML of `w:styles`.
    pub fn styles(mut self, inner: &str) -> Self {
        self.styles = Some(format!(r#"<w:styles xmlns:w="{W}">{inner}</w:styles>"#));
        self
    }

    /// Adds `numbering.xml` from the inner XML of `w:numbering`.
    pub fn numbering(mut self, inner: &str) -> Self {
        self.numbering = Some(format!(
            r#"<w:numbering xmlns:w="{W}">{inner}</w:numbering>"#
        ));
        self
    }

    /// Adds `footnotes.xml` from the inner XML of `w:footnotes`.
    pub fn footnotes(mut self, inner: &str) -> Self {
        self.footnotes = Some(format!(
            r#"<w:footnotes xmlns:w="{W}">{inner}</w:footnotes>"#
        ));
        self
    }

    /// Adds `comments.xml` with these comments: (`w:id`, text). Anchor them in the body with
    /// [`commented`].
    pub fn comments(mut self, comments: &[(u32, &str)]) -> Self {
        let inner: String = comments
            .iter()
            .map(|(id, text)| {
                format!(
                    r#"<w:comment w:id="{id}" w:author="Tổ trưởng" w:initials="TT"><w:p><w:r><w:annotationRef/></w:r><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:comment>"#
                )
            })
            .collect();
        self.comments = Some(format!(r#"<w:comments xmlns:w="{W}">{inner}</w:comments>"#));
        self
    }

    /// Adds `settings.xml` from the inner XML of `w:settings`.
    pub fn settings(mut self, inner: &str) -> Self {
        self.settings = Some(format!(r#"<w:settings xmlns:w="{W}">{inner}</w:settings>"#));
        self
    }

    /// Adds a theme with these major and minor Latin fonts.
    pub fn theme(mut self, major: &str, minor: &str) -> Self {
        self.theme = Some(format!(
            r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="T"><a:themeElements><a:fontScheme name="F"><a:majorFont><a:latin typeface="{major}"/><a:ea typeface=""/></a:majorFont><a:minorFont><a:latin typeface="{minor}"/></a:minorFont></a:fontScheme></a:themeElements></a:theme>"#
        ));
        self
    }

    /// Adds a header (`is_header`) or footer part with this inner XML of `w:hdr`/`w:ftr`.
    pub fn header(mut self, rid: &str, file: &str, inner: &str, is_header: bool) -> Self {
        let root = if is_header { "hdr" } else { "ftr" };
        self.headers.push((
            rid.to_string(),
            file.to_string(),
            format!(r#"<w:{root} xmlns:w="{W}" xmlns:r="{R}">{inner}</w:{root}>"#),
            is_header,
        ));
        self
    }

    /// The full `document.xml`.
    pub fn document_xml(&self) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body>{}</w:body></w:document>"#,
            self.body
        )
    }

    /// The package as a [`Zip`] (to add or corrupt parts).
    pub fn zip(&self) -> Zip {
        let main = self
            .main
            .clone()
            .unwrap_or_else(|| "word/document.xml".into());
        let (dir, file) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
        let mut rels = String::new();
        let mut add = |id: &str, kind: &str, target: &str| {
            rels.push_str(&format!(
                r#"<Relationship Id="{id}" Type="{REL}/{kind}" Target="{target}"/>"#
            ));
        };
        let mut z = Zip::default()
            .part("[Content_Types].xml", CONTENT_TYPES)
            .part(
                "_rels/.rels",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="{main}"/></Relationships>"#
                ),
            )
            .part(&main, self.document_xml());
        let optional = [
            ("styles", "styles.xml", &self.styles),
            ("numbering", "numbering.xml", &self.numbering),
            ("footnotes", "footnotes.xml", &self.footnotes),
            ("endnotes", "endnotes.xml", &self.endnotes),
            ("theme", "theme/theme1.xml", &self.theme),
            ("comments", "comments.xml", &self.comments),
            ("settings", "settings.xml", &self.settings),
        ];
        for (i, (kind, name, xml)) in optional.iter().enumerate() {
            if let Some(xml) = xml {
                add(&format!("rIdX{i}"), kind, name);
                z = z.part(&format!("{dir}/{name}"), xml.as_bytes());
            }
        }
        for (rid, name, xml, is_header) in &self.headers {
            add(rid, if *is_header { "header" } else { "footer" }, name);
            z = z.part(&format!("{dir}/{name}"), xml.as_bytes());
        }
        z.part(
            &format!("{dir}/_rels/{file}.rels"),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
            ),
        )
    }

    /// The `.docx` bytes.
    pub fn bytes(&self) -> Vec<u8> {
        self.zip().bytes()
    }

    /// Extracts the package (within the time limit).
    pub fn extract(&self) -> Extracted {
        let x = extract_in_time(self.bytes()).expect("the fixture should extract");
        assert_eq!(
            x.lines.len(),
            x.text.split('\n').count(),
            "one LineInfo per line"
        );
        x
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#;

/// How long any extraction may take before the test fails as a hang.
pub const TIME_LIMIT: Duration = Duration::from_secs(10);

/// Runs the `.docx` reader on another thread and fails the test if it does not finish in
/// [`TIME_LIMIT`] (a hang cannot be interrupted, only abandoned).
pub fn extract_in_time(bytes: Vec<u8>) -> Result<Extracted, ExtractError> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(vblint::extract::docx::extract(&bytes));
    });
    rx.recv_timeout(TIME_LIMIT)
        .expect("the reader did not finish within the time limit (or panicked)")
}

/// A paragraph with one run of text and optional `w:pPr` inner XML.
pub fn p(ppr: &str, text: &str) -> String {
    let ppr = if ppr.is_empty() {
        String::new()
    } else {
        format!("<w:pPr>{ppr}</w:pPr>")
    };
    format!(r#"<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// Paragraphs' XML wrapped in the anchor of comment `id`: `w:commentRangeStart` before the
/// first, `w:commentRangeEnd` and the reference run after the last (as Word writes it).
pub fn commented(id: u32, paragraphs: &str) -> String {
    let start = format!(r#"<w:commentRangeStart w:id="{id}"/>"#);
    let end =
        format!(r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r>"#);
    // Word puts both marks inside the paragraphs: after the first `w:pPr` (or `w:p`) and before
    // the last `</w:p>`.
    let mut s = paragraphs.to_string();
    let open = s.find("<w:p>").map(|i| i + "<w:p>".len()).unwrap_or(0);
    let open = match s[open..].find("</w:pPr>") {
        Some(j) if s[open..open + j].find("<w:r>").is_none() => open + j + "</w:pPr>".len(),
        _ => open,
    };
    s.insert_str(open, &start);
    let close = s.rfind("</w:p>").unwrap_or(s.len());
    s.insert_str(close, &end);
    s
}

/// A numbered paragraph (`numId`, `ilvl`) with one run of text.
pub fn np(num_id: u32, ilvl: u8, text: &str) -> String {
    p(
        &format!(r#"<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>"#),
        text,
    )
}

/// A borderless table of one row, each cell holding the given paragraphs' XML.
pub fn table_row(cells: &[&str]) -> String {
    let mut s = String::from(
        r#"<w:tbl><w:tblPr><w:tblBorders><w:top w:val="nil"/></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="4500"/><w:gridCol w:w="5500"/></w:tblGrid><w:tr>"#,
    );
    for c in cells {
        s.push_str(&format!(
            r#"<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>{c}</w:tc>"#
        ));
    }
    s.push_str("</w:tr></w:tbl>");
    s
}

/// I. / 1. / a) as state plans number their parts (list 1), and I- / 1- / a) as Party plans do
/// (list 2).
pub const PLAN_NUMBERING: &str = r#"
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1-"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2-"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
"#;

/// A borderless two-column table: the left cell's lines, then the right cell's.
pub fn two_columns(left: &[&str], right: &[&str]) -> String {
    let cell = |lines: &[&str]| {
        let ps: String = lines
            .iter()
            .map(|l| p("", &vblint::check::docx_example::xml_escape(l)))
            .collect();
        if ps.is_empty() {
            "<w:p/>".to_string()
        } else {
            ps
        }
    };
    format!(
        r#"<w:tbl><w:tblPr><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="5500"/></w:tblGrid><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>"#,
        cell(left),
        cell(right)
    )
}
