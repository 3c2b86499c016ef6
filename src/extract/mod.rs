//! Extract: the bytes of one input file → the plan's text as a reader sees it, plus what the
//! format knows about each line (where it sits in the .docx, its numbering label, its layout).
//!
//! Every reader (`.txt`, `.docx`) produces the same [`Extracted`] value, so the stages after this
//! one never know which format a plan came in. Readers never panic on content: a file that cannot
//! be read at all is an [`ExtractError`]; anything odd but readable is an [`ExtractFinding`].

pub mod docx;
pub mod legacy;
pub mod mojibake;
pub mod text;

use std::ops::Range;

/// Which reader produced the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Plain text (`.txt`).
    Txt,
    /// WordprocessingML package (`.docx`).
    Docx,
}

/// A plan's extracted text and everything the reader learned about it.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The reader that produced this text.
    pub kind: InputKind,
    /// The text as the user sees it: decoded, BOM removed, line endings normalised to `\n`.
    /// For `.txt` it is otherwise exactly the file's text (not yet NFC: the source map does that).
    /// For `.docx` it has one line per paragraph (a `w:br` starts a new line) and is NFC.
    pub text: String,
    /// One entry per line of `text` (same index as the 0-based line number) for formats that know
    /// more than the text; empty for `.txt`.
    pub lines: Vec<LineInfo>,
    /// Page setup of each document section (`.docx` only), in document order.
    pub page_setups: Vec<PageSetup>,
    /// Where the plan's page numbers are (`.docx` only; `None` for `.txt`).
    pub page_numbers: Option<PageNumbering>,
    /// Findings made while reading (legacy encodings, tracked changes, …).
    pub findings: Vec<ExtractFinding>,
    /// Word comments anchored in the main text (`.docx` only), in document order.
    pub comments: Vec<Comment>,
}

/// A Word comment (`word/comments.xml`) and the lines its anchor covers
/// (`w:commentRangeStart` … `w:commentRangeEnd` in the main part, or the paragraph holding its
/// `w:commentReference` when it has no range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The comment's text, its paragraphs joined by a space.
    pub text: String,
    /// The lines of the extracted text the anchor covers (0-based, end exclusive, never empty).
    pub lines: std::ops::Range<usize>,
}

impl Extracted {
    /// A plain-text extraction with no per-line facts.
    pub fn plain(kind: InputKind, text: String) -> Self {
        Extracted {
            kind,
            text,
            lines: Vec::new(),
            page_setups: Vec::new(),
            page_numbers: None,
            findings: Vec::new(),
            comments: Vec::new(),
        }
    }
}

/// What a `.docx` reader knows about one line of the extracted text.
#[derive(Debug, Clone, Default)]
pub struct LineInfo {
    /// Where the paragraph sits in the package.
    pub location: Location,
    /// The auto-numbering label Word rendered in front of the paragraph, if any. The label text is
    /// also at the start of the line (`"I. "` + paragraph text), exactly as a `.txt` would have it.
    pub numbering: Option<NumberingLabel>,
    /// Effective paragraph properties (after style inheritance).
    pub paragraph: ParagraphLayout,
    /// Effective run properties, in order; ranges are byte ranges within this line's text.
    pub runs: Vec<RunLayout>,
}

/// Where a paragraph sits in a `.docx` package.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Location {
    /// A line with no known location (`.txt`).
    #[default]
    Unknown,
    /// A paragraph of the main document body; `paragraph` counts every paragraph of the main part
    /// from 1, table-cell paragraphs included.
    Body {
        /// 1-based paragraph number in the main part.
        paragraph: usize,
        /// The table cell holding the paragraph, if any (innermost for nested tables).
        cell: Option<CellRef>,
        /// True when the paragraph sits inside a text box or a drawing shape.
        text_box: bool,
    },
    /// A paragraph of a footnote.
    Footnote {
        /// The footnote's `w:id`.
        id: i64,
    },
    /// A paragraph of an endnote.
    Endnote {
        /// The endnote's `w:id`.
        id: i64,
    },
    /// A paragraph of a page header part (e.g. `word/header1.xml`).
    PageHeader {
        /// Part name inside the package.
        part: String,
    },
    /// A paragraph of a page footer part.
    PageFooter {
        /// Part name inside the package.
        part: String,
    },
}

impl Location {
    /// True for a paragraph inside a table cell of the main body.
    pub fn in_table(&self) -> bool {
        matches!(self, Location::Body { cell: Some(_), .. })
    }
}

/// The position of a table cell: 1-based table number in the part (counted in document order,
/// nested tables included), row and cell within that table, and nesting depth (1 = top level).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellRef {
    /// 1-based table number in document order.
    pub table: usize,
    /// 1-based row within the table.
    pub row: usize,
    /// 1-based cell within the row.
    pub cell: usize,
    /// Nesting depth, 1 for a top-level table.
    pub depth: usize,
}

/// An auto-numbering label rendered from `numbering.xml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberingLabel {
    /// The label as Word shows it, e.g. `"I."`, `"1."`, `"a)"`, `"-"`.
    pub text: String,
    /// The number format of the level that produced the label.
    pub format: NumberFormat,
    /// The list level (`w:ilvl`, 0-based).
    pub level: u8,
    /// The `w:numId` of the list instance.
    pub num_id: u32,
}

/// Number formats of `w:numFmt` that matter to plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFormat {
    /// `decimal`, `decimalZero`
    Decimal,
    /// `upperRoman`
    UpperRoman,
    /// `lowerRoman`
    LowerRoman,
    /// `upperLetter`: A B C … (Latin order: no Đ)
    UpperLetter,
    /// `lowerLetter`: a b c … (Latin order: no đ)
    LowerLetter,
    /// `bullet`
    Bullet,
    /// Anything else (rendered as decimal).
    Other,
}

/// Horizontal alignment of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alignment {
    /// `left` / `start`
    Left,
    /// `center`
    Center,
    /// `right` / `end`
    Right,
    /// `both` / `distribute`
    Justify,
}

/// Line spacing as Word stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineSpacing {
    /// `lineRule="auto"`: in 240ths of a line (240 = single, 360 = 1.5 lines).
    Auto(u32),
    /// `lineRule="exact"`, in twips.
    Exact(u32),
    /// `lineRule="atLeast"`, in twips.
    AtLeast(u32),
}

/// Effective paragraph properties after resolving styles; `None` where nothing sets the value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParagraphLayout {
    /// Paragraph style id (`w:pStyle`).
    pub style: Option<String>,
    /// Alignment (`w:jc`).
    pub alignment: Option<Alignment>,
    /// First-line indent in twips (negative for a hanging indent).
    pub first_line_indent: Option<i32>,
    /// Space before the paragraph, in twips.
    pub space_before: Option<u32>,
    /// Space after the paragraph, in twips.
    pub space_after: Option<u32>,
    /// Line spacing.
    pub line_spacing: Option<LineSpacing>,
    /// For a line whose text starts with tabs, in a paragraph with no list label and no
    /// first-line or hanging indent: how far the tabs move its first character. Word prints
    /// such a line indented as a first-line indent would; `None` for other lines.
    pub tab_indent: Option<TabIndent>,
}

/// How far the leading tabs of a line move its text (see [`ParagraphLayout::tab_indent`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabIndent {
    /// To this many twips from the paragraph's left indent: the tabs end on left tab stops
    /// (the paragraph's own, its styles', or the document's default stops).
    Twips(i32),
    /// A tab ends on a centred, right or decimal stop (text placed against a stop, not an
    /// indented paragraph), or the paragraph's left indent is negative: not measured.
    Unknown,
}

/// Effective run properties after resolving direct formatting, character style, paragraph style
/// chain, document defaults and theme fonts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunLayout {
    /// Byte range of the run's text within its line.
    pub range: Range<usize>,
    /// Font family for Vietnamese (Latin) text (`w:rFonts/@w:ascii` or `@w:hAnsi`, theme resolved).
    pub font: Option<String>,
    /// Size in half-points (`w:sz`): 26 = 13 pt.
    pub size_half_points: Option<u32>,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Underlined (any underline style but `none`).
    pub underline: bool,
    /// The font is set on the text itself (direct formatting, or a character style applied to
    /// the run), not inherited from the paragraph's style, a table style or the document
    /// defaults: a reviewer fixes it on those paragraphs, not in a style.
    pub direct_font: bool,
}

/// Page size, orientation and margins of one document section (all in twips; 1 mm ≈ 56.7).
#[derive(Debug, Clone, PartialEq)]
pub struct PageSetup {
    /// 0-based line of the extracted text where this section starts.
    pub first_line: usize,
    /// Page width.
    pub width: u32,
    /// Page height.
    pub height: u32,
    /// True for landscape (`w:orient="landscape"`, or width greater than height).
    pub landscape: bool,
    /// Top margin.
    pub margin_top: i32,
    /// Bottom margin.
    pub margin_bottom: i32,
    /// Left margin.
    pub margin_left: u32,
    /// Right margin.
    pub margin_right: u32,
}

/// The page numbers of a `.docx`, read from its first section (the plan's own text; later
/// sections hold appendices and attached forms, numbered as their authors like).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageNumbering {
    /// The number printed on the pages after the first (the section's default header or
    /// footer); `None` when those pages carry no `PAGE` field.
    pub number: Option<PageNumber>,
    /// True when page 1 shows a page number too (no "Different First Page", or a first-page
    /// header or footer that holds a `PAGE` field).
    pub on_first_page: bool,
    /// True when a header or footer of any section (appendices included) holds a `PAGE` field.
    pub any_section: bool,
    /// The number of pages `docProps/app.xml` records (Word and WPS write it at every save),
    /// when it can be trusted: a file whose statistics count no words (made by a program from
    /// a template) has a stale count, and LibreOffice writes none.
    pub pages: Option<u32>,
}

/// Where a page number sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageNumber {
    /// In the page header (top margin) or the footer (bottom margin).
    pub band: PageBand,
    /// The alignment of the paragraph holding the field; `None` when a tab comes before the
    /// field in that paragraph (its place then depends on tab stops, which are not read).
    pub alignment: Option<Alignment>,
}

/// The top or bottom margin of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageBand {
    /// The page header, in the top margin.
    Header,
    /// The page footer, in the bottom margin.
    Footer,
}

/// Something a reader noticed that a rule may want to report.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractFinding {
    /// What was found.
    pub kind: FindingKind,
    /// Byte range in [`Extracted::text`] where it was found (empty range at 0 for whole-file facts).
    pub span: Range<usize>,
}

/// Kinds of reader findings.
#[derive(Debug, Clone, PartialEq)]
pub enum FindingKind {
    /// Text that looks like a legacy 8-bit Vietnamese encoding read as Unicode.
    LegacyEncoding {
        /// The legacy encoding suspected.
        encoding: LegacyEncoding,
        /// The font that declares it (`.docx`), if known.
        font: Option<String>,
        /// A short sample of the affected text, as it appears.
        sample: String,
    },
    /// Paragraphs in a legacy 8-bit encoding inside an otherwise Unicode text (pasted from a
    /// `.VnTime` or `VNI-Times` document); the span is the first of them, converted.
    LegacyParagraphs {
        /// The legacy encoding of the first such paragraph.
        encoding: LegacyEncoding,
        /// A short sample of the first paragraph, as it appears.
        sample: String,
        /// How many paragraphs (lines) were converted.
        count: usize,
    },
    /// A `.txt` whose bytes were not UTF-8/UTF-16 and were decoded as Windows-1258.
    DecodedWindows1258,
    /// Lines of UTF-8 that were read as Windows-1252 or Latin-1 and saved again (`Káº¿
    /// hoáº¡ch`); the span is the first of them. They are read back as they were written,
    /// except a `.docx` paragraph a decoder lost bytes of, which is left as stored.
    DoubleEncoded {
        /// The first such line, undone and shortened.
        sample: String,
        /// How many lines.
        count: usize,
    },
    /// Text in decomposed Unicode (NFD); `count` characters were composed for checking.
    Decomposed {
        /// How many places were not in NFC.
        count: usize,
    },
    /// The `.docx` has tracked changes not yet accepted or rejected.
    TrackedChanges {
        /// Number of insertions (`w:ins`, `w:moveTo`) read as current text.
        insertions: usize,
        /// Number of deletions (`w:del`, `w:moveFrom`) left out.
        deletions: usize,
    },
}

/// Legacy Vietnamese 8-bit encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyEncoding {
    /// TCVN3 (ABC), fonts `.VnTime`, `.VnTimeH`, …
    Tcvn3,
    /// VNI-Windows, fonts `VNI-Times`, …
    Vni,
}

impl LegacyEncoding {
    /// The name reviewers know it by.
    pub fn name(self) -> &'static str {
        match self {
            LegacyEncoding::Tcvn3 => "TCVN3 (ABC)",
            LegacyEncoding::Vni => "VNI",
        }
    }
}

/// Why a file could not be read. Each variant has a one-line message in Vietnamese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// The operating system refused to read the file.
    Io(String),
    /// The file is empty.
    Empty,
    /// The file is larger than vblint reads.
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The plan's text is larger than vblint checks ([`crate::limits::MAX_TEXT_BYTES`]).
    TextTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// A `.docx` with more paragraphs than vblint reads ([`crate::limits::MAX_PARAGRAPHS`]).
    TooManyParagraphs {
        /// The limit.
        limit: usize,
    },
    /// Bytes that are not text in a known encoding.
    NotText,
    /// A Word 97–2003 binary document (OLE2), possibly renamed to `.docx`.
    LegacyWordDoc,
    /// An OLE2 container holding an encrypted package (password-protected `.docx`).
    Encrypted,
    /// Not a zip archive.
    NotZip,
    /// A damaged or truncated zip archive.
    BrokenZip(String),
    /// A zip with no WordprocessingML main document part.
    NoMainPart,
    /// A part or the whole package inflates beyond the limits, or compresses suspiciously well.
    ZipBomb(String),
    /// An XML part that is unsafe (DOCTYPE, entity declarations) or too deeply nested.
    UnsafeXml {
        /// Part name.
        part: String,
        /// What was wrong.
        detail: String,
    },
    /// An XML part that is not well-formed or is truncated.
    BrokenXml {
        /// Part name.
        part: String,
        /// What was wrong.
        detail: String,
    },
    /// An input kind vblint does not read (by extension).
    Unsupported(String),
}

impl ExtractError {
    /// The one-line message, in Vietnamese (`english == false`) or English. The message says what
    /// is wrong and what to do.
    pub fn message(&self, english: bool) -> String {
        use ExtractError::*;
        match (self, english) {
            (Io(e), false) => format!("không đọc được tệp: {e}"),
            (Io(e), true) => format!("cannot read the file: {e}"),
            (Empty, false) => "tệp rỗng, không có nội dung để kiểm tra".into(),
            (Empty, true) => "the file is empty: there is nothing to check".into(),
            (TooLarge { limit }, false) => format!(
                "tệp lớn hơn giới hạn {} MiB mà vblint đọc; hãy kiểm tra lại tệp",
                limit >> 20
            ),
            (TooLarge { limit }, true) => format!(
                "the file is larger than the {} MiB vblint reads; check that it is really a plan",
                limit >> 20
            ),
            (TextTooLarge { limit }, false) => format!(
                "văn bản dài hơn giới hạn {} MiB mà vblint kiểm tra; hãy kiểm tra lại tệp",
                limit >> 20
            ),
            (TextTooLarge { limit }, true) => format!(
                "the text is larger than the {} MiB limit vblint checks; check that it is really a plan",
                limit >> 20
            ),
            (TooManyParagraphs { limit }, false) => format!(
                "tài liệu có hơn {limit} đoạn, vượt giới hạn vblint đọc; hãy kiểm tra lại tệp"
            ),
            (TooManyParagraphs { limit }, true) => format!(
                "the document has more than {limit} paragraphs, the limit vblint reads; check that it is really a plan"
            ),
            (NotText, false) => "tệp không phải văn bản UTF-8, UTF-16 hay Windows-1258; hãy lưu lại dưới dạng văn bản Unicode (UTF-8)".into(),
            (NotText, true) => "the file is not UTF-8, UTF-16 or Windows-1258 text; save it again as Unicode (UTF-8) text".into(),
            (LegacyWordDoc, false) => "đây là tệp Word 97-2003 (.doc), không phải .docx; hãy mở bằng Word và lưu lại dưới dạng .docx".into(),
            (LegacyWordDoc, true) => "this is a Word 97-2003 document (.doc), not .docx; open it in Word and save it as .docx".into(),
            (Encrypted, false) => "tệp .docx được đặt mật khẩu; hãy gỡ mật khẩu rồi kiểm tra lại".into(),
            (Encrypted, true) => "the .docx is password-protected; remove the password and check it again".into(),
            (NotZip, false) => "tệp không phải .docx hợp lệ (không phải gói zip); hãy lưu lại từ Word dưới dạng .docx".into(),
            (NotZip, true) => "the file is not a valid .docx (not a zip package); save it again from Word as .docx".into(),
            (BrokenZip(d), false) => format!("tệp .docx bị hỏng hoặc không trọn vẹn ({d}); hãy lưu lại hoặc tải lại tệp"),
            (BrokenZip(d), true) => format!("the .docx is damaged or truncated ({d}); save or download it again"),
            (NoMainPart, false) => "gói .docx không có phần nội dung chính (word/document.xml); hãy lưu lại từ Word".into(),
            (NoMainPart, true) => "the .docx package has no main document part (word/document.xml); save it again from Word".into(),
            (ZipBomb(d), false) => format!("tệp .docx giải nén vượt giới hạn an toàn ({d}); tệp có thể độc hại, không kiểm tra"),
            (ZipBomb(d), true) => format!("the .docx inflates beyond the safety limits ({d}); it may be hostile and was not checked"),
            (UnsafeXml { part, detail }, false) => format!("phần {part} chứa XML không an toàn ({detail}); tệp không được kiểm tra"),
            (UnsafeXml { part, detail }, true) => format!("part {part} holds unsafe XML ({detail}); the file was not checked"),
            (BrokenXml { part, detail }, false) => format!("phần {part} bị hỏng ({detail}); hãy mở bằng Word và lưu lại"),
            (BrokenXml { part, detail }, true) => format!("part {part} is broken ({detail}); open the file in Word and save it again"),
            (Unsupported(ext), false) => format!("vblint không đọc được loại tệp {ext}; hãy dùng .docx hoặc .txt"),
            (Unsupported(ext), true) => format!("vblint does not read {ext} files; use .docx or .txt"),
        }
    }
}

pub use crate::limits::MAX_INPUT_BYTES;
/// The largest plain-text file vblint reads ([`crate::limits::MAX_TEXT_FILE_BYTES`]).
pub use crate::limits::MAX_TEXT_FILE_BYTES as MAX_TEXT_BYTES;
use crate::limits::MAX_TEXT_FILE_BYTES;

/// Extracts a plan from a file's bytes, choosing the reader by content first and by extension
/// second: a zip or OLE2 signature always goes to the `.docx` reader, whatever the name says.
///
/// A file with no text at all (nothing, only a byte-order mark, only white space, a `.docx` whose
/// paragraphs are all empty) is [`ExtractError::Empty`]; text beyond
/// [`crate::limits::MAX_TEXT_BYTES`] is [`ExtractError::TextTooLarge`].
pub fn extract(bytes: &[u8], extension: &str) -> Result<Extracted, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    let extracted = if docx::looks_like_package(bytes) {
        docx::extract(bytes)?
    } else {
        match extension.to_ascii_lowercase().as_str() {
            "docx" => docx::extract(bytes)?,
            "doc" => return Err(ExtractError::LegacyWordDoc),
            _ => {
                if bytes.len() as u64 > MAX_TEXT_FILE_BYTES {
                    return Err(ExtractError::TextTooLarge {
                        limit: MAX_TEXT_FILE_BYTES,
                    });
                }
                text::extract(bytes)?
            }
        }
    };
    if extracted.text.len() > crate::limits::MAX_TEXT_BYTES {
        return Err(ExtractError::TextTooLarge {
            limit: crate::limits::MAX_TEXT_BYTES as u64,
        });
    }
    if extracted.text.chars().all(is_blank) {
        return Err(ExtractError::Empty);
    }
    Ok(extracted)
}

/// White space, and the invisible characters editors leave in otherwise empty files (a stray
/// byte-order mark or zero-width space).
fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}')
}
