//! The document model of a plan: its zones, the section tree and the citations, each with spans
//! into the NFC text of [`SourceText`].

use crate::extract::{ExtractFinding, InputKind, LineInfo, PageNumbering, PageSetup};
use crate::source::{SourceText, Span};

/// The document system, which decides the thể thức a plan must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum System {
    /// State bodies: Nghị định 30/2020/NĐ-CP (Quốc hiệu and Tiêu ngữ).
    State,
    /// Party bodies: Hướng dẫn 36-HD/VPTW ("ĐẢNG CỘNG SẢN VIỆT NAM").
    Party,
    /// Hồ Chí Minh Communist Youth Union ("ĐOÀN TNCS HỒ CHÍ MINH").
    Youth,
}

impl System {
    /// The identifier used in rule files and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            System::State => "state",
            System::Party => "party",
            System::Youth => "youth",
        }
    }

    /// Parses a rule-file or command-line identifier.
    pub fn from_id(id: &str) -> Option<System> {
        match id {
            "state" => Some(System::State),
            "party" => Some(System::Party),
            "youth" => Some(System::Youth),
            _ => None,
        }
    }
}

/// How the system was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemEvidence {
    /// From the national title, Party title or Youth Union title in the header.
    HeaderTitle,
    /// From the shape of the `Số` line (`Số: 05/KH-UBND` vs `Số 01-KH/TU`).
    NumberShape,
    /// Nothing in the header told; state is assumed.
    Assumed,
    /// Forced by configuration or the command line.
    Forced,
}

/// A plan parsed into its parts. Every part knows its span in [`Document::source`].
#[derive(Debug, Clone)]
pub struct Document {
    /// The NFC text and its map back to the user's text.
    pub source: SourceText,
    /// The reader that produced the text.
    pub input: InputKind,
    /// Per-line facts from the reader (`.docx` only; empty for `.txt`), indexed by 0-based line.
    pub line_info: Vec<LineInfo>,
    /// Page setup of each `.docx` section.
    pub page_setups: Vec<PageSetup>,
    /// Where the page numbers are (`.docx` only).
    pub page_numbers: Option<PageNumbering>,
    /// Reader findings, with spans converted to the NFC text.
    pub findings: Vec<ExtractFinding>,
    /// Word comments and the lines they are anchored to (`.docx`; line numbers are the same in
    /// the NFC text). Read by suppressions, never by rules.
    pub comments: Vec<crate::extract::Comment>,
    /// The detected (or forced) document system.
    pub system: System,
    /// How the system was decided.
    pub system_evidence: SystemEvidence,
    /// The type of document (loại văn bản), which decides the rules that apply.
    pub doc_type: super::doctype::DocType,
    /// The header zone (above the title).
    pub header: Header,
    /// The title line `KẾ HOẠCH`.
    pub title: Option<Span>,
    /// The trích yếu (abstract) lines under the title.
    pub trich_yeu: Vec<Span>,
    /// Basis paragraphs (`Căn cứ …`, `Thực hiện …`) between the trích yếu and the first section.
    pub basis: Vec<Span>,
    /// Every section and list item of the body, in document order (an arena: see
    /// [`Section::parent`] and [`Section::children`]).
    pub sections: Vec<Section>,
    /// The closing paragraph (`Trên đây là …./.`).
    pub closing: Option<Span>,
    /// Without a closing paragraph, the body's last numbered item when it ends with `./.`: plans
    /// that stop after their last task close the content there.
    pub closing_mark: Option<Span>,
    /// True when the plan calls itself a draft (`DỰ THẢO` above the header, in a page header
    /// or footer, or as a watermark): its number and date are left blank on purpose.
    pub draft_marked: bool,
    /// True when a digital signature's stamp is printed in the text (`Ký bởi: …`, a signing
    /// time `22-08-2025 13:33:05 +07:00`): the copy was signed, so it is an issued plan.
    pub digitally_signed: bool,
    /// True for a `.txt` whose lines were justified by a layout-preserving PDF extraction
    /// (`pdftotext -layout`): the runs of spaces between its words are the extraction's.
    pub stretched_spacing: bool,
    /// Notes between the closing and the signature (`(Đính kèm …)`, `Phụ lục …`).
    pub attachments: Vec<Span>,
    /// The recipient list.
    pub noi_nhan: Option<NoiNhan>,
    /// Signer blocks, in reading order (joint plans have several).
    pub signers: Vec<SignerBlock>,
    /// Footnote texts, wherever they stood.
    pub footnotes: Vec<Footnote>,
    /// Lines after the signature (appendices, tables).
    pub appendix: Vec<Span>,
    /// Page headers and footers (`.docx`), which belong to no zone.
    pub page_furniture: Vec<Span>,
    /// Documents cited anywhere in the plan, in order.
    pub citations: Vec<Citation>,
    /// Answers derived from the parts above that several rules ask for, kept once found.
    pub(crate) derived: Derived,
}

/// Answers derived from a [`Document`]'s parts that several rules ask for (eleven rules look
/// for the extents of the basis sections), computed once per document. A clone starts empty.
#[derive(Default)]
pub struct Derived {
    /// Extents of the root sections whose title matches a pattern, by pattern.
    extents: std::sync::Mutex<Vec<(String, Vec<Span>)>>,
    /// Clauses holding a trigger, by scope, trigger and ignored patterns (`clause` rules).
    clauses: std::sync::Mutex<Vec<(String, Vec<Span>)>>,
}

impl Derived {
    /// The clauses for `key`, found by `compute` the first time.
    pub(crate) fn clauses(&self, key: &str, compute: impl FnOnce() -> Vec<Span>) -> Vec<Span> {
        remembered(&self.clauses, key, compute)
    }

    /// The extents for `pattern`, computed by `compute` the first time.
    pub(crate) fn section_extents(
        &self,
        pattern: &str,
        compute: impl FnOnce() -> Vec<Span>,
    ) -> Vec<Span> {
        remembered(&self.extents, pattern, compute)
    }
}

/// The answer kept in `memo` under `key`, or `compute`'s, then kept.
fn remembered(
    memo: &std::sync::Mutex<Vec<(String, Vec<Span>)>>,
    key: &str,
    compute: impl FnOnce() -> Vec<Span>,
) -> Vec<Span> {
    let lock = || memo.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, v)) = lock().iter().find(|(k, _)| k == key) {
        return v.clone();
    }
    // Computed without the lock held.
    let v = compute();
    lock().push((key.to_string(), v.clone()));
    v
}

impl Clone for Derived {
    fn clone(&self) -> Self {
        Derived::default()
    }
}

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Derived")
    }
}

/// The header zone: agency, number, place and date, national or Party title.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// Agency lines in order: the parent agency first when there are two or more.
    pub agency: Vec<Span>,
    /// The `Số: …` line (number and symbol).
    pub so_ky_hieu: Option<Span>,
    /// The place and date line (`Hà Nội, ngày 05 tháng 01 năm 2023`).
    pub dia_danh_ngay: Option<Span>,
    /// Quốc hiệu: `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`.
    pub quoc_hieu: Option<Span>,
    /// Tiêu ngữ: `Độc lập - Tự do - Hạnh phúc`.
    pub tieu_ngu: Option<Span>,
    /// The Party title `ĐẢNG CỘNG SẢN VIỆT NAM`.
    pub party_title: Option<Span>,
    /// The Youth Union title `ĐOÀN TNCS HỒ CHÍ MINH`.
    pub youth_title: Option<Span>,
    /// The asterisk under a Party issuer.
    pub asterisk: Option<Span>,
    /// Anything else above the title (draft marks, stray tokens).
    pub other: Vec<Span>,
    /// Parts whose rest sits on a later, non-adjacent line: PDF text whose two header columns
    /// were interleaved line by line (`Số:`, then the Quốc hiệu, then `/BC-VHXH`). They are
    /// present, but their form cannot be judged from one line.
    pub split: Vec<Span>,
}

impl Header {
    /// The single-line parts that are present (number, place and date, titles, asterisk), in
    /// a fixed order; agency lines and other lines are separate lists.
    pub fn single_parts(&self) -> impl Iterator<Item = Span> {
        [
            self.so_ky_hieu,
            self.dia_danh_ngay,
            self.quoc_hieu,
            self.tieu_ngu,
            self.party_title,
            self.youth_title,
            self.asterisk,
        ]
        .into_iter()
        .flatten()
    }
}

/// The kind of marker that opens a section or list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    /// `Phần I`, `PHẦN THỨ NHẤT`, or an upper-case letter part `A.`.
    Part,
    /// `I.`, `II.`, `IV-`, or a malformed `IV ` without a separator.
    Roman,
    /// An all-capitals heading without a number.
    Unnumbered,
    /// `1.`, `2-`, `3/ `.
    Arabic,
    /// `1.1.`, `2.3.1`, with the number of components.
    ArabicNested(u8),
    /// `a)`, `đ)`, `b.`.
    Letter,
    /// `1)`.
    ArabicParen,
    /// `-`, `–`, `•`, `* `.
    Dash,
    /// `+`.
    Plus,
}

impl MarkerKind {
    /// The nesting rank: a marker of higher rank nests under one of lower rank.
    pub fn rank(self) -> u8 {
        match self {
            MarkerKind::Part => 0,
            MarkerKind::Roman | MarkerKind::Unnumbered => 10,
            MarkerKind::Arabic => 20,
            MarkerKind::ArabicNested(n) => 20 + n.min(9),
            MarkerKind::Letter => 30,
            MarkerKind::ArabicParen => 35,
            MarkerKind::Dash => 40,
            MarkerKind::Plus => 50,
        }
    }

    /// True for markers that number a section (they appear in section paths).
    pub fn is_numbered(self) -> bool {
        !matches!(
            self,
            MarkerKind::Dash | MarkerKind::Plus | MarkerKind::Unnumbered
        )
    }
}

/// The marker of a section or item as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Kind of marker.
    pub kind: MarkerKind,
    /// The number or letter without separator (`III`, `2`, `đ`, `1.2`), or the bullet itself.
    pub label: String,
    /// The separator after the label (`.`, `-`, `)`), if any.
    pub separator: Option<char>,
    /// Span of the label and separator.
    pub span: Span,
    /// True when Word's auto-numbering produced the marker (`.docx`).
    pub auto_numbered: bool,
}

/// A section or list item of the body.
#[derive(Debug, Clone)]
pub struct Section {
    /// Its marker.
    pub marker: Marker,
    /// The whole heading line (marker and title).
    pub heading: Span,
    /// The title after the marker (for items: the item's text).
    pub title: Span,
    /// Unnumbered paragraphs that belong to this node.
    pub paragraphs: Vec<Span>,
    /// The parent node, if any.
    pub parent: Option<usize>,
    /// Child nodes, in order.
    pub children: Vec<usize>,
    /// Depth in the tree, 1 for roots.
    pub depth: usize,
}

/// The recipient list (`Nơi nhận:`).
#[derive(Debug, Clone)]
pub struct NoiNhan {
    /// The `Nơi nhận:` label.
    pub label: Span,
    /// Each recipient item (`- Sở Nội vụ;`), continuation lines included.
    pub items: Vec<Span>,
}

/// An authority prefix on a signer's first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    /// The prefix as written (`KT.`, `TM.`, `T/M`, …).
    pub prefix: String,
    /// Span of the prefix.
    pub span: Span,
}

/// One signer block: authority and title lines, the name, notes such as `(Đã ký)`.
#[derive(Debug, Clone, Default)]
pub struct SignerBlock {
    /// The signing authority: the last prefix of the block (`KT.` in `TM. ỦY BAN NHÂN DÂN` /
    /// `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`, where a deputy signs for the chair on behalf of the
    /// committee).
    pub authority: Option<Authority>,
    /// Every authority prefix of the block, in order.
    pub authorities: Vec<Authority>,
    /// Title lines (the first may start with the authority prefix).
    pub titles: Vec<Span>,
    /// The signer's name.
    pub name: Option<Span>,
    /// Notes such as `(Đã ký)` or `(Ký, đóng dấu)`.
    pub notes: Vec<Span>,
}

impl SignerBlock {
    /// The span of the whole block.
    pub fn span(&self) -> Span {
        let mut parts = self
            .titles
            .iter()
            .chain(self.name.iter())
            .chain(self.notes.iter())
            .copied();
        let first = parts.next().unwrap_or_default();
        parts.fold(first, Span::cover)
    }
}

/// A footnote text.
#[derive(Debug, Clone)]
pub struct Footnote {
    /// The marker as written (`¹`, `[2]`).
    pub marker: String,
    /// The whole footnote line.
    pub span: Span,
}

/// Where a citation was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// The trích yếu.
    TrichYeu,
    /// The basis paragraphs.
    Basis,
    /// The body (sections).
    Body,
    /// The closing and attachment notes.
    Closing,
    /// A footnote.
    Footnote,
}

/// A cited date (`ngày 05/9/2023` or `ngày 05 tháng 9 năm 2023`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedDate {
    /// Day as written (may be empty in a blank date).
    pub day: Option<u32>,
    /// Month.
    pub month: Option<u32>,
    /// Year, when given.
    pub year: Option<i32>,
    /// True for the `ngày … tháng … năm …` form, false for `dd/mm/yyyy`.
    pub words: bool,
    /// Span of the whole date expression.
    pub span: Span,
}

/// A document cited in the plan.
#[derive(Debug, Clone)]
pub struct Citation {
    /// Span of the citation (type name through date and agency, before its own trích yếu).
    pub span: Span,
    /// Document type as written (`Kế hoạch`, `Nghị định`, …).
    pub doc_type: String,
    /// Span of the type name.
    pub type_span: Span,
    /// True when the word `số` precedes the number.
    pub has_so: bool,
    /// Number and symbol (`122/KH-UBND`), when written.
    pub number: Option<String>,
    /// Span of the number and symbol, or of the blank where it should be.
    pub number_span: Option<Span>,
    /// True when the number is left blank (`Kế hoạch số   /KH-PGDĐT`).
    pub blank_number: bool,
    /// For a Law or Code cited by name (`Luật Giáo dục`), the name's span.
    pub law_name: Option<Span>,
    /// The date, if any.
    pub date: Option<CitedDate>,
    /// The issuing agency: after `của`, or named just before the type (`Sở Tư pháp có Văn bản
    /// số …`, `của UBND tỉnh tại Kế hoạch số …`), or shared with the next citation of a list
    /// (`Công văn số 1 … và Công văn số 2 … của UBND tỉnh`).
    pub agency: Option<Span>,
    /// True when the issuer is the subject of an issuing verb with no agency named
    /// (`Ban hành Kế hoạch số …`, `qua kiểm tra đã ban hành Quyết định số …`): the writer or the
    /// sentence's subject issued it.
    pub issuer_implied: bool,
    /// True when the document is named inside another cited document's own trích yếu (`Kết luận
    /// số 156-KL/TW … về tiếp tục thực hiện Nghị quyết số 33-NQ/TW`): part of a title, not a
    /// citation a reader is asked to look up.
    pub nested: bool,
    /// True for a draft's reference to itself or to the document it is attached to, with the
    /// number and the day left blank (`(Kèm theo Thông báo     /TB-ĐT ngày   tháng   năm 2023)`).
    pub draft_self: bool,
    /// Where the citation stands.
    pub zone: Zone,
}

impl Document {
    /// The text under a span.
    pub fn text(&self, span: Span) -> &str {
        self.source.slice(span)
    }

    /// Root sections (depth 1).
    pub fn roots(&self) -> impl Iterator<Item = (usize, &Section)> {
        self.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.parent.is_none())
    }

    /// The section path at `offset`, e.g. `III › 2 › a`, built from numbered markers only;
    /// `None` outside the body.
    pub fn section_path_at(&self, offset: usize) -> Option<String> {
        let index = self.section_at(offset)?;
        Some(self.section_path(index))
    }

    /// The index of the innermost section whose extent holds `offset`.
    pub fn section_at(&self, offset: usize) -> Option<usize> {
        // Sections are in document order, so the last one starting at or before the offset,
        // within the body's extent, holds it.
        let body_end = self.body_end();
        if offset >= body_end {
            return None;
        }
        self.sections
            .iter()
            .rposition(|s| s.heading.start <= offset)
    }

    /// The path of section `index` (`III › 2 › a`); list items contribute their nearest
    /// numbered ancestor's path.
    pub fn section_path(&self, index: usize) -> String {
        let mut labels = Vec::new();
        let mut current = Some(index);
        while let Some(i) = current {
            let s = &self.sections[i];
            if s.marker.kind.is_numbered() {
                labels.push(s.marker.label.clone());
            } else if s.marker.kind == MarkerKind::Unnumbered {
                labels.push(crate::parse::lines::shorten(self.text(s.title), 30));
            }
            current = s.parent;
        }
        labels.reverse();
        labels.join(" › ")
    }

    /// Where the body ends: the closing, the signature or the recipient list, whichever comes
    /// first, or the end of the text.
    pub fn body_end(&self) -> usize {
        let mut end = self.source.text().len();
        if let Some(c) = self.closing {
            end = end.min(c.start);
        }
        if let Some(n) = &self.noi_nhan {
            end = end.min(n.label.start);
        }
        for s in &self.signers {
            end = end.min(s.span().start);
        }
        end
    }

    /// The text spans of the body: every heading and paragraph of every section.
    pub fn body_spans(&self) -> Vec<Span> {
        let mut spans = Vec::new();
        for s in &self.sections {
            spans.push(s.heading);
            spans.extend(s.paragraphs.iter().copied());
        }
        spans.sort();
        spans
    }

    /// The line a span starts on, as a 1-based line number of the user's text.
    pub fn line_number(&self, span: Span) -> usize {
        // Line numbers are the same in the NFC and the user's text, and finding the line is a
        // binary search, while a column needs a count along the line.
        self.source.line_of(span.start) + 1
    }
}
