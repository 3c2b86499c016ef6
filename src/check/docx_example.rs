//! Rule examples as `.docx`: a plan text plus a compact layout description, built into a real
//! WordprocessingML package in memory so that examples of layout rules go through the same
//! `.docx` reader, parser and checker as a user's file.
//!
//! In a rule file:
//!
//! ```toml
//! [[example]]
//! expect = "fire"
//! text = """
//! Nơi nhận:
//! - Như trên;
//! - Lưu: VT.
//! """
//! [example.docx]
//! margins_mm = [20, 20, 30, 15]   # top, bottom, left, right
//! font = "Times New Roman"        # document default font (docDefaults)
//! size = 14                       # document default size in pt
//! format = [{ line = "Nơi nhận", size = 12, bold = true, italic = true }]
//! ```
//!
//! Each line of `text` becomes one paragraph; a tab in it (`\t`) is a Word tab. A `format` entry
//! applies to every line that starts with its `line` text (after trimming); the first matching
//! entry wins.

use std::io::{Cursor, Write};

use serde::Deserialize;
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

/// Twips per millimetre.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

/// The layout of an example built as `.docx`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DocxExample {
    /// Page size `[width, height]` in mm; A4 when margins are given without it.
    #[serde(default)]
    pub paper_mm: Option<[f64; 2]>,
    /// Landscape orientation.
    #[serde(default)]
    pub landscape: bool,
    /// Margins `[top, bottom, left, right]` in mm.
    #[serde(default)]
    pub margins_mm: Option<[f64; 4]>,
    /// Default font of the document (written in `docDefaults`, so it is inherited).
    #[serde(default)]
    pub font: Option<String>,
    /// Default size of the document in pt.
    #[serde(default)]
    pub size: Option<f64>,
    /// The default tab stop interval in mm (`w:defaultTabStop` in `settings.xml`); without it
    /// the package has no settings part and Word's 12.7 mm applies.
    #[serde(default)]
    pub default_tab_mm: Option<f64>,
    /// Direct formatting for lines, by their start.
    #[serde(default)]
    pub format: Vec<LineFormat>,
    /// A page number (a `PAGE` field) in the `"header"` or the `"footer"` of every page.
    #[serde(default)]
    pub page_number: Option<String>,
    /// The alignment of the page number's paragraph: `left`, `center` (the default), `right`.
    #[serde(default)]
    pub page_number_align: Option<String>,
    /// "Different First Page" (`w:titlePg`): page 1 has an empty header and footer.
    #[serde(default)]
    pub title_page: bool,
    /// The page count written in `docProps/app.xml`, as Word records it at save.
    #[serde(default)]
    pub pages: Option<u32>,
}

/// Direct formatting for the lines that start with `line`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LineFormat {
    /// The start of the lines it applies to (after trimming).
    pub line: String,
    /// Font family.
    #[serde(default)]
    pub font: Option<String>,
    /// Size in pt (rounded to half-points).
    #[serde(default)]
    pub size: Option<f64>,
    /// Bold.
    #[serde(default)]
    pub bold: Option<bool>,
    /// Italic.
    #[serde(default)]
    pub italic: Option<bool>,
    /// Underline (single).
    #[serde(default)]
    pub underline: Option<bool>,
    /// `left`, `center`, `right` or `justify`.
    #[serde(default)]
    pub align: Option<String>,
    /// First-line indent in mm (negative: hanging).
    #[serde(default)]
    pub indent_mm: Option<f64>,
    /// Line spacing in lines (`lineRule="auto"`).
    #[serde(default)]
    pub line_spacing: Option<f64>,
    /// Space before in pt.
    #[serde(default)]
    pub space_before: Option<f64>,
    /// Space after in pt.
    #[serde(default)]
    pub space_after: Option<f64>,
    /// Tab stops of the paragraph's own (`w:tabs`).
    #[serde(default)]
    pub tabs: Vec<TabSpec>,
}

/// A tab stop of a paragraph.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TabSpec {
    /// Position in mm from the text margin.
    pub mm: f64,
    /// `left` (the default), `center`, `right`, `decimal`, `bar` or `clear`.
    #[serde(default)]
    pub align: Option<String>,
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

pub use crate::write::xml_escape;

fn twips(mm: f64) -> i64 {
    (mm * TWIPS_PER_MM).round() as i64
}

impl DocxExample {
    /// The `w:body` inner XML for `text`: one paragraph per line, then the section properties.
    pub fn body_xml(&self, text: &str) -> String {
        let mut body = String::new();
        for line in text.trim_matches('\n').split('\n') {
            let trimmed = line.trim();
            let fmt = self
                .format
                .iter()
                .find(|f| !trimmed.is_empty() && trimmed.starts_with(f.line.trim()));
            body.push_str(&paragraph(line, fmt));
        }
        body.push_str(&self.sect_pr());
        body
    }

    fn sect_pr(&self) -> String {
        if self.paper_mm.is_none()
            && self.margins_mm.is_none()
            && !self.landscape
            && self.page_number.is_none()
            && !self.title_page
        {
            return String::new();
        }
        let mut refs = String::new();
        match self.page_number.as_deref() {
            Some("footer") => refs.push_str(&format!(
                r#"<w:footerReference w:type="default" r:id="{PAGE_REL_ID}"/>"#
            )),
            Some(_) => refs.push_str(&format!(
                r#"<w:headerReference w:type="default" r:id="{PAGE_REL_ID}"/>"#
            )),
            None => {}
        }
        let [mut w, mut h] = self.paper_mm.unwrap_or([210.0, 297.0]);
        if self.landscape && w < h {
            std::mem::swap(&mut w, &mut h);
        }
        let orient = if self.landscape {
            r#" w:orient="landscape""#
        } else {
            ""
        };
        let mut s = format!(
            r#"<w:sectPr>{refs}<w:pgSz w:w="{}" w:h="{}"{orient}/>"#,
            twips(w),
            twips(h)
        );
        if let Some([t, b, l, r]) = self.margins_mm {
            s.push_str(&format!(
                r#"<w:pgMar w:top="{}" w:bottom="{}" w:left="{}" w:right="{}" w:header="720" w:footer="720" w:gutter="0"/>"#,
                twips(t),
                twips(b),
                twips(l),
                twips(r)
            ));
        }
        if self.title_page {
            s.push_str("<w:titlePg/>");
        }
        s.push_str("</w:sectPr>");
        s
    }

    /// The header or footer part holding the page number, and `docProps/app.xml` with the page
    /// count: the parts [`package_with`] adds.
    fn extra_parts(&self) -> Vec<ExtraPart> {
        let mut out = Vec::new();
        if let Some(mm) = self.default_tab_mm {
            out.push(ExtraPart {
                name: "word/settings.xml".into(),
                content: format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="{W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="{}"/><w:characterSpacingControl w:val="doNotCompress"/></w:settings>"#,
                    twips(mm)
                ),
                content_type:
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
                        .into(),
                relationship: Some(("rIdSettings", "settings")),
            });
        }
        if let Some(band) = &self.page_number {
            let footer = band == "footer";
            let (root, name) = if footer {
                ("ftr", "footer")
            } else {
                ("hdr", "header")
            };
            let jc = match self.page_number_align.as_deref() {
                Some("justify") => "both".to_string(),
                Some(a) => xml_escape(a),
                None => "center".to_string(),
            };
            out.push(ExtraPart {
                name: format!("word/{name}1.xml"),
                content: format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} xmlns:w="{W}"><w:p><w:pPr><w:jc w:val="{jc}"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE   \* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:{root}>"#
                ),
                content_type: format!(
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.{name}+xml"
                ),
                relationship: Some((PAGE_REL_ID, name)),
            });
        }
        if let Some(pages) = self.pages {
            out.push(ExtraPart {
                name: "docProps/app.xml".into(),
                content: format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Pages>{pages}</Pages><Words>{}</Words></Properties>"#,
                    pages * 400
                ),
                content_type:
                    "application/vnd.openxmlformats-officedocument.extended-properties+xml".into(),
                relationship: None,
            });
        }
        out
    }

    /// `styles.xml` with the document defaults.
    pub fn styles_xml(&self) -> String {
        let mut rpr = String::new();
        if let Some(f) = &self.font {
            let f = xml_escape(f);
            rpr.push_str(&format!(
                r#"<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}"/>"#
            ));
        }
        if let Some(s) = self.size {
            rpr.push_str(&format!(r#"<w:sz w:val="{}"/>"#, (s * 2.0).round() as i64));
        }
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>{rpr}</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#
        )
    }

    /// A one-line description of the layout, for `vblint explain` (layout is invisible in the
    /// example's text, so the reader needs it spelled out).
    pub fn describe(&self, english: bool) -> String {
        let n = |v: f64| {
            let s = format!("{}", (v * 10.0).round() / 10.0);
            if english {
                s
            } else {
                s.replace('.', ",")
            }
        };
        let mut parts = Vec::new();
        if let Some([w, h]) = self.paper_mm {
            parts.push(format!(
                "{} {}×{} mm",
                if english { "paper" } else { "khổ giấy" },
                n(w),
                n(h)
            ));
        }
        if self.landscape {
            parts.push(if english { "landscape" } else { "khổ ngang" }.to_string());
        }
        if let Some(m) = self.margins_mm {
            let m: Vec<String> = m.iter().map(|v| n(*v)).collect();
            parts.push(format!(
                "{} {} mm",
                if english {
                    "margins top/bottom/left/right"
                } else {
                    "lề trên/dưới/trái/phải"
                },
                m.join("/")
            ));
        }
        let default: Vec<String> = self
            .font
            .iter()
            .cloned()
            .chain(self.size.map(|s| format!("{} pt", n(s))))
            .collect();
        if !default.is_empty() {
            parts.push(default.join(" "));
        }
        if let Some(t) = self.default_tab_mm {
            parts.push(format!(
                "{} {} mm",
                if english {
                    "default tab stops every"
                } else {
                    "điểm dừng tab mặc định mỗi"
                },
                n(t)
            ));
        }
        for f in &self.format {
            let mut props = Vec::new();
            if let Some(font) = &f.font {
                props.push(font.clone());
            }
            if let Some(s) = f.size {
                props.push(format!("{} pt", n(s)));
            }
            for (flag, en, vi) in [
                (f.bold, "bold", "đậm"),
                (f.italic, "italic", "nghiêng"),
                (f.underline, "underlined", "gạch chân"),
            ] {
                match (flag, english) {
                    (Some(true), true) => props.push(en.into()),
                    (Some(false), true) => props.push(format!("not {en}")),
                    (Some(true), false) => props.push(vi.into()),
                    (Some(false), false) => props.push(format!("không {vi}")),
                    (None, _) => {}
                }
            }
            if let Some(a) = &f.align {
                props.push(a.clone());
            }
            if let Some(i) = f.indent_mm {
                props.push(format!(
                    "{} {} mm",
                    if english { "indent" } else { "thụt" },
                    n(i)
                ));
            }
            if let Some(l) = f.line_spacing {
                props.push(format!(
                    "{} {}",
                    if english {
                        "line spacing"
                    } else {
                        "giãn dòng"
                    },
                    n(l)
                ));
            }
            for (v, en, vi) in [
                (f.space_before, "space before", "cách trên"),
                (f.space_after, "space after", "cách dưới"),
            ] {
                if let Some(v) = v {
                    props.push(format!("{} {} pt", if english { en } else { vi }, n(v)));
                }
            }
            for t in &f.tabs {
                let align = t.align.as_deref().unwrap_or("left");
                props.push(format!(
                    "{} {align} {} mm",
                    if english {
                        "tab stop"
                    } else {
                        "điểm dừng tab"
                    },
                    n(t.mm)
                ));
            }
            parts.push(format!("\"{}…\": {}", f.line.trim(), props.join(", ")));
        }
        if let Some(band) = &self.page_number {
            let align = match (
                self.page_number_align.as_deref().unwrap_or("center"),
                english,
            ) {
                ("left", false) => "căn trái",
                ("right", false) => "căn phải",
                ("justify", false) => "căn đều",
                (_, false) => "căn giữa",
                ("left", true) => "left",
                ("right", true) => "right",
                ("justify", true) => "justified",
                (_, true) => "centred",
            };
            parts.push(match (band == "footer", english) {
                (true, true) => format!("page number in the footer, {align}"),
                (false, true) => format!("page number in the header, {align}"),
                (true, false) => format!("số trang ở chân trang, {align}"),
                (false, false) => format!("số trang ở đầu trang, {align}"),
            });
        }
        if self.title_page {
            parts.push(
                if english {
                    "different first page"
                } else {
                    "trang đầu khác"
                }
                .to_string(),
            );
        }
        if let Some(p) = self.pages {
            parts.push(if english {
                format!("{p} pages")
            } else {
                format!("{p} trang")
            });
        }
        parts.join("; ")
    }

    /// The `.docx` package for `text`.
    pub fn build(&self, text: &str) -> Result<Vec<u8>, String> {
        package_with(
            &self.body_xml(text),
            Some(&self.styles_xml()),
            &self.extra_parts(),
        )
    }
}

fn paragraph(line: &str, fmt: Option<&LineFormat>) -> String {
    let mut ppr = String::new();
    let mut rpr = String::new();
    if let Some(f) = fmt {
        let mut spacing = String::new();
        if let Some(b) = f.space_before {
            spacing.push_str(&format!(r#" w:before="{}""#, (b * 20.0).round() as i64));
        }
        if let Some(a) = f.space_after {
            spacing.push_str(&format!(r#" w:after="{}""#, (a * 20.0).round() as i64));
        }
        if let Some(l) = f.line_spacing {
            spacing.push_str(&format!(
                r#" w:line="{}" w:lineRule="auto""#,
                (l * 240.0).round() as i64
            ));
        }
        if !spacing.is_empty() {
            ppr.push_str(&format!("<w:spacing{spacing}/>"));
        }
        if let Some(i) = f.indent_mm {
            let attr = if i < 0.0 { "hanging" } else { "firstLine" };
            ppr.push_str(&format!(r#"<w:ind w:{attr}="{}"/>"#, twips(i.abs())));
        }
        if !f.tabs.is_empty() {
            ppr.push_str("<w:tabs>");
            for t in &f.tabs {
                ppr.push_str(&format!(
                    r#"<w:tab w:val="{}" w:pos="{}"/>"#,
                    xml_escape(t.align.as_deref().unwrap_or("left")),
                    twips(t.mm)
                ));
            }
            ppr.push_str("</w:tabs>");
        }
        if let Some(a) = &f.align {
            let val = if a == "justify" { "both" } else { a.as_str() };
            ppr.push_str(&format!(r#"<w:jc w:val="{}"/>"#, xml_escape(val)));
        }
        if let Some(font) = &f.font {
            let font = xml_escape(font);
            rpr.push_str(&format!(
                r#"<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>"#
            ));
        }
        for (flag, tag) in [(f.bold, "b"), (f.italic, "i")] {
            if let Some(on) = flag {
                rpr.push_str(&format!(r#"<w:{tag} w:val="{}"/>"#, u8::from(on)));
            }
        }
        if let Some(u) = f.underline {
            rpr.push_str(&format!(
                r#"<w:u w:val="{}"/>"#,
                if u { "single" } else { "none" }
            ));
        }
        if let Some(s) = f.size {
            rpr.push_str(&format!(r#"<w:sz w:val="{}"/>"#, (s * 2.0).round() as i64));
        }
    }
    let ppr = if ppr.is_empty() {
        String::new()
    } else {
        format!("<w:pPr>{ppr}</w:pPr>")
    };
    let rpr = if rpr.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{rpr}</w:rPr>")
    };
    if line.is_empty() {
        return format!("<w:p>{ppr}</w:p>");
    }
    // Tabs are `w:tab` elements, as Word writes them.
    let content: Vec<String> = line
        .split('\t')
        .map(|piece| {
            if piece.is_empty() {
                String::new()
            } else {
                format!(r#"<w:t xml:space="preserve">{}</w:t>"#, xml_escape(piece))
            }
        })
        .collect();
    format!(
        "<w:p>{ppr}<w:r>{rpr}{}</w:r></w:p>",
        content.join("<w:tab/>")
    )
}

/// The relationship id of an example's header or footer part.
const PAGE_REL_ID: &str = "rId2";

/// A part added to an example's package.
struct ExtraPart {
    /// Part name.
    name: String,
    content: String,
    content_type: String,
    /// For a part of the main document: its relationship id and type (`header`, `footer`);
    /// `None` for a package-level part (`docProps/app.xml`).
    relationship: Option<(&'static str, &'static str)>,
}

/// A minimal `.docx` package: `body` is the inner XML of `w:body`; `styles` a full `styles.xml`.
pub fn package(body: &str, styles: Option<&str>) -> Result<Vec<u8>, String> {
    package_with(body, styles, &[])
}

fn package_with(body: &str, styles: Option<&str>, extra: &[ExtraPart]) -> Result<Vec<u8>, String> {
    let mut overrides = String::new();
    let mut doc_rels = String::new();
    let mut root_rels = String::new();
    for part in extra {
        overrides.push_str(&format!(
            r#"<Override PartName="/{}" ContentType="{}"/>"#,
            part.name, part.content_type
        ));
        match part.relationship {
            Some((id, kind)) => doc_rels.push_str(&format!(
                r#"<Relationship Id="{id}" Type="{REL}/{kind}" Target="{}"/>"#,
                part.name.trim_start_matches("word/")
            )),
            None => root_rels.push_str(&format!(
                r#"<Relationship Id="rId9" Type="{REL}/extended-properties" Target="{}"/>"#,
                part.name
            )),
        }
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="{REL}"><w:body>{body}</w:body></w:document>"#
    );
    let styles_rel = if styles.is_some() {
        format!(r#"<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>"#)
    } else {
        String::new()
    };
    let mut parts: Vec<(&str, String)> = vec![
        (
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>{overrides}</Types>"#
            ),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>{root_rels}</Relationships>"#
            ),
        ),
        ("word/document.xml", document),
        (
            "word/_rels/document.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">{styles_rel}{doc_rels}</Relationships>"#
            ),
        ),
    ];
    if let Some(s) = styles {
        parts.push(("word/styles.xml", s.to_string()));
    }
    for part in extra {
        parts.push((&part.name, part.content.clone()));
    }
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        w.start_file(name, SimpleFileOptions::default())
            .map_err(|e| e.to_string())?;
        w.write_all(content.as_bytes()).map_err(|e| e.to_string())?;
    }
    w.finish()
        .map(Cursor::into_inner)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Alignment, LineSpacing};

    #[test]
    fn builds_a_package_the_reader_reads() {
        let spec = DocxExample {
            margins_mm: Some([20.0, 20.0, 30.0, 15.0]),
            font: Some("Times New Roman".into()),
            size: Some(14.0),
            format: vec![LineFormat {
                line: "Nơi nhận".into(),
                size: Some(12.0),
                bold: Some(true),
                italic: Some(true),
                align: Some("justify".into()),
                indent_mm: Some(10.0),
                line_spacing: Some(1.5),
                space_after: Some(6.0),
                ..LineFormat::default()
            }],
            ..DocxExample::default()
        };
        let bytes = spec.build("Một & hai\n\nNơi nhận:").expect("builds");
        let x = crate::extract::docx::extract(&bytes).expect("reads");
        assert_eq!(x.text, "Một & hai\n\nNơi nhận:");
        let first = &x.lines[0].runs[0];
        assert_eq!(first.font.as_deref(), Some("Times New Roman"));
        assert_eq!(first.size_half_points, Some(28));
        let label = &x.lines[2];
        assert_eq!(label.runs[0].size_half_points, Some(24));
        assert!(label.runs[0].bold && label.runs[0].italic);
        assert_eq!(label.paragraph.alignment, Some(Alignment::Justify));
        assert_eq!(label.paragraph.first_line_indent, Some(567));
        assert_eq!(label.paragraph.line_spacing, Some(LineSpacing::Auto(360)));
        assert_eq!(label.paragraph.space_after, Some(120));
        let page = &x.page_setups[0];
        assert_eq!((page.width, page.height), (11906, 16838));
        assert_eq!(
            (page.margin_top, page.margin_left, page.margin_right),
            (1134, 1701, 850)
        );
    }
}
