//! The streaming walk over a story part (main document, note, header or footer): it turns
//! paragraphs into lines with their location, numbering label and layout. The walk keeps an
//! explicit frame stack instead of recursing, so deep (but legal) nesting cannot exhaust the
//! thread's stack.

use std::collections::{BTreeMap, HashMap};

use unicode_normalization::{is_nfc, UnicodeNormalization};

use crate::extract::text::plainly_nfc;

use super::numbering::Numbering;
use super::styles::{parse_ppr, parse_rpr, parse_sect, ParaProps, RunProps, SectProps, Styles};
use super::xml::{Element, Event, Ns, Reader};
use crate::extract::{
    Alignment, CellRef, ExtractError, LineInfo, Location, NumberingLabel, PageSetup,
    ParagraphLayout, RunLayout, TabIndent,
};

use crate::limits::{MAX_COMMENTS, MAX_FIELD_NESTING as MAX_FIELDS, MAX_PARAGRAPHS};

/// True for a field instruction that prints the page number (`PAGE`, `PAGE \* MERGEFORMAT`),
/// not the number of pages or a cross-reference (`NUMPAGES`, `PAGEREF`, `SECTIONPAGES`).
pub(crate) fn is_page_field(instruction: &str) -> bool {
    instruction
        .split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("PAGE"))
}

/// Renders a note number as Unicode superscript digits (`10` → `¹⁰`).
pub(crate) fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .bytes()
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect()
}

/// State shared by all parts of one document.
#[derive(Debug, Default)]
pub(crate) struct DocState {
    /// Footnote id → display number, in order of first reference.
    pub footnotes: HashMap<i64, usize>,
    /// Endnote id → display number.
    pub endnotes: HashMap<i64, usize>,
    /// Insertions read as current text.
    pub insertions: usize,
    /// Text runs that were not in NFC (decomposed Vietnamese) and were composed.
    pub decomposed: usize,
    /// Deletions left out.
    pub deletions: usize,
    /// Page setups found in the main part.
    pub page_setups: Vec<PageSetup>,
    /// Header relationship ids in order of first reference.
    pub header_ids: Vec<String>,
    /// Footer relationship ids in order of first reference.
    pub footer_ids: Vec<String>,
    /// The main part's first section: which headers and footers the plan's own pages use.
    pub first_section: Option<SectProps>,
    /// Header and footer parts holding a `PAGE` field: part name, and the alignment of the
    /// paragraph holding the first one (`None` when a tab comes before it).
    pub page_fields: Vec<(String, Option<Alignment>)>,
    /// Comment id → the main part's paragraphs (1-based ordinals, as in
    /// [`Location::Body`]) where its anchor starts and ends.
    pub comment_anchors: BTreeMap<String, (Option<usize>, Option<usize>)>,
}

/// Which kind of part is walked.
#[derive(Debug, Clone)]
pub(crate) enum PartKind {
    /// The main document.
    Body,
    /// `footnotes.xml`.
    Footnotes,
    /// `endnotes.xml`.
    Endnotes,
    /// A header part.
    Header(String),
    /// A footer part.
    Footer(String),
}

/// A walked note: its raw id and the range of its lines in the sink.
#[derive(Debug, Clone)]
pub(crate) struct NoteSpan {
    /// The note's `w:id`.
    pub id: i64,
    /// Lines of the note within [`Walk::lines`].
    pub lines: std::ops::Range<usize>,
}

/// One produced line.
pub(crate) type Line = (String, LineInfo);

#[derive(Debug)]
enum Frame {
    Paragraph,
    Run,
    Table,
    Row,
    Cell,
    TextBox,
    Alternate {
        taken: bool,
    },
    Note,
    /// A content control (`w:sdt`).
    Control,
    Generic,
}

#[derive(Debug, Default)]
struct Para {
    location: Location,
    direct: ParaProps,
    sect: Option<SectProps>,
    started: bool,
    layout: ParagraphLayout,
    label: Option<NumberingLabel>,
    prefix: String,
    /// Leading blanks are dropped (note text after its marker).
    trim_start: bool,
    /// Finished lines: text, runs, and whether a piece was joined at a non-ASCII character
    /// (only such a seam can leave the line out of NFC).
    done: Vec<(String, Vec<RunLayout>, bool)>,
    cur: String,
    /// A piece of `cur` starts with a non-ASCII character.
    seam: bool,
    runs: Vec<RunLayout>,
    pending_break: bool,
    run: RunProps,
    run_eff: Option<(RunProps, RunLayout)>,
    /// In a table: the `w:tblStyle` of the innermost one (`Some(None)`: it names none).
    table_style: Option<Option<String>>,
    /// Lines of text boxes anchored in this paragraph: they follow its own lines.
    deferred: Vec<Line>,
}

/// The walker over one part.
pub(crate) struct Walk<'a> {
    styles: &'a Styles,
    numbering: &'a mut Numbering,
    doc: &'a mut DocState,
    kind: PartKind,
    /// Lines already in the output before this part (for section starts).
    base_line: usize,
    /// Lines produced.
    pub lines: Vec<Line>,
    /// Notes walked (notes parts only).
    pub notes: Vec<NoteSpan>,
    frames: Vec<Frame>,
    paras: Vec<Para>,
    paragraph_count: usize,
    tables: Vec<CellRef>,
    /// The `w:tblStyle` of each open table, innermost last.
    table_styles: Vec<Option<String>>,
    table_count: usize,
    text_boxes: usize,
    fields: Vec<bool>,
    /// Open content controls (`w:sdt`), innermost last: true for one showing its placeholder
    /// ("Nhấp hoặc gõ vào đây…"), a prompt that stands for a value not yet filled in.
    controls: Vec<bool>,
    section_start: usize,
    /// The current note: id and marker, while its first paragraph is pending.
    note: Option<(i64, Option<String>)>,
    note_start: usize,
    seen_root: bool,
}

impl<'a> Walk<'a> {
    /// A walker for one part; `base_line` is the number of output lines before it.
    pub fn new(
        styles: &'a Styles,
        numbering: &'a mut Numbering,
        doc: &'a mut DocState,
        kind: PartKind,
        base_line: usize,
    ) -> Self {
        Walk {
            styles,
            numbering,
            doc,
            kind,
            base_line,
            lines: Vec::new(),
            notes: Vec::new(),
            frames: Vec::new(),
            paras: Vec::new(),
            paragraph_count: 0,
            tables: Vec::new(),
            table_styles: Vec::new(),
            table_count: 0,
            text_boxes: 0,
            fields: Vec::new(),
            controls: Vec::new(),
            section_start: base_line,
            note: None,
            note_start: 0,
            seen_root: false,
        }
    }

    /// Walks the whole part.
    pub fn run(&mut self, r: &mut Reader) -> Result<(), ExtractError> {
        loop {
            match r.next()? {
                Event::Eof => return Ok(()),
                Event::Text(t) => {
                    // Character data only counts inside `w:t`, which is read whole below.
                    let _ = t;
                }
                Event::End => self.end()?,
                Event::Start(el) => self.start(r, el)?,
            }
        }
    }

    fn end(&mut self) -> Result<(), ExtractError> {
        let Some(frame) = self.frames.pop() else {
            return Ok(());
        };
        match frame {
            Frame::Paragraph => {
                self.finish_paragraph();
                // Checked as lines are made, so a flood of paragraphs never fills memory.
                if self.base_line + self.lines.len() > MAX_PARAGRAPHS {
                    return Err(ExtractError::TooManyParagraphs {
                        limit: MAX_PARAGRAPHS,
                    });
                }
            }
            Frame::Run => {
                if let Some(p) = self.paras.last_mut() {
                    p.run = RunProps::default();
                    p.run_eff = None;
                }
            }
            Frame::Table => {
                self.tables.pop();
                self.table_styles.pop();
            }
            Frame::TextBox => self.text_boxes = self.text_boxes.saturating_sub(1),
            Frame::Control => {
                self.controls.pop();
            }
            Frame::Note => {
                if let Some((id, _)) = self.note.take() {
                    self.notes.push(NoteSpan {
                        id,
                        lines: self.note_start..self.lines.len(),
                    });
                }
            }
            Frame::Row | Frame::Cell | Frame::Alternate { .. } | Frame::Generic => {}
        }
        Ok(())
    }

    fn start(&mut self, r: &mut Reader, el: Element) -> Result<(), ExtractError> {
        if !self.seen_root {
            self.seen_root = true;
            // A main part that is not a WordprocessingML document (a renamed workbook, say) has
            // no plan text to read.
            if matches!(self.kind, PartKind::Body) && !el.is_w("document") {
                return Err(ExtractError::NoMainPart);
            }
        }
        if matches!(self.frames.last(), Some(Frame::Paragraph)) && !el.is_w("pPr") {
            self.begin_paragraph_content();
        }
        if let Some(Frame::Alternate { taken }) = self.frames.last_mut() {
            // Exactly one branch of mc:AlternateContent is read.
            let wanted = el.ns == Ns::Mc
                && !*taken
                && (el.local == "Fallback"
                    || (el.local == "Choice"
                        && r.understands(el.attr_ns(Ns::None, "Requires").unwrap_or(""))));
            if wanted {
                *taken = true;
                self.frames.push(Frame::Generic);
            } else {
                r.skip()?;
            }
            return Ok(());
        }
        if el.ns == Ns::Mc {
            if el.local == "AlternateContent" {
                self.frames.push(Frame::Alternate { taken: false });
            } else {
                r.skip()?;
            }
            return Ok(());
        }
        if el.ns != Ns::W {
            // A watermark in a page header is WordArt: its words are an attribute of the
            // shape's text path (`DỰ THẢO`), read as the header's text.
            if el.local == "textpath" && self.page_part().is_some() {
                if let Some(words) = el.attr("string") {
                    let words = format!(" {} ", words.trim());
                    self.append(&words);
                }
            }
            // Drawing and VML wrappers: look inside for text boxes.
            self.frames.push(Frame::Generic);
            return Ok(());
        }
        match el.local {
            "p" => self.open_paragraph(),
            "pPr" => {
                let (ppr, sect) = parse_ppr(r)?;
                if let Some(p) = self.paras.last_mut().filter(|p| !p.started) {
                    p.direct = ppr;
                    p.sect = sect;
                }
            }
            "r" => {
                if let Some(p) = self.paras.last_mut() {
                    p.run = RunProps::default();
                    p.run_eff = None;
                }
                self.frames.push(Frame::Run);
            }
            "rPr" => {
                let rpr = parse_rpr(r)?;
                if matches!(self.frames.last(), Some(Frame::Run)) {
                    if let Some(p) = self.paras.last_mut() {
                        p.run = rpr;
                        p.run_eff = None;
                    }
                }
            }
            "t" => {
                let t = r.text()?;
                self.append(&t);
            }
            "tab" | "ptab" => {
                r.skip()?;
                self.append("\t");
            }
            "noBreakHyphen" => {
                r.skip()?;
                self.append("-");
            }
            "sym" => {
                let c = el
                    .attr("char")
                    .and_then(|h| u32::from_str_radix(h.trim(), 16).ok())
                    .map(|code| symbol_char(el.attr("font").unwrap_or(""), code));
                r.skip()?;
                if let Some(c) = c {
                    self.append(&c.to_string());
                }
            }
            "br" => {
                r.skip()?;
                match el.attr("type") {
                    None | Some("textWrapping") => self.line_break(),
                    _ => {
                        if self.visible() {
                            if let Some(p) = self.paras.last_mut() {
                                p.pending_break = !p.cur.is_empty();
                            }
                        }
                    }
                }
            }
            "cr" => {
                r.skip()?;
                self.line_break();
            }
            "fldChar" => {
                r.skip()?;
                match el.attr("fldCharType") {
                    Some("begin") if self.fields.len() < MAX_FIELDS => self.fields.push(false),
                    Some("separate") => {
                        if let Some(f) = self.fields.last_mut() {
                            *f = true;
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                }
            }
            "footnoteReference" | "endnoteReference" => {
                r.skip()?;
                self.note_reference(&el);
            }
            "del" | "moveFrom" => {
                self.doc.deletions += 1;
                r.skip()?;
            }
            "ins" | "moveTo" => {
                self.doc.insertions += 1;
                self.frames.push(Frame::Generic);
            }
            "tbl" => {
                self.table_count += 1;
                let depth = self.tables.len() + 1;
                self.tables.push(CellRef {
                    table: self.table_count,
                    row: 0,
                    cell: 0,
                    depth,
                });
                self.table_styles.push(None);
                self.frames.push(Frame::Table);
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row += 1;
                    t.cell = 0;
                }
                self.frames.push(Frame::Row);
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell += 1;
                }
                self.frames.push(Frame::Cell);
            }
            "tblPr" => {
                let style = super::styles::parse_table_style(r)?;
                if let Some(open) = self.table_styles.last_mut() {
                    *open = style;
                }
            }
            "txbxContent" => {
                self.text_boxes += 1;
                self.frames.push(Frame::TextBox);
            }
            "sectPr" => {
                let s = parse_sect(r)?;
                self.section(&s);
            }
            "footnote" | "endnote" => self.open_note(r, &el)?,
            "sdt" => {
                self.controls.push(false);
                self.frames.push(Frame::Control);
            }
            "sdtPr" => {
                let prompt = shows_placeholder(r)?;
                if let Some(open) = self.controls.last_mut() {
                    *open = prompt;
                }
            }
            // Field codes are read only in page headers and footers, to find the page number.
            "instrText" if self.page_part().is_some() => {
                let code = r.text()?;
                if is_page_field(&code) {
                    self.page_field();
                }
            }
            "fldSimple" => {
                if self.page_part().is_some() && el.attr("instr").is_some_and(is_page_field) {
                    self.page_field();
                }
                self.frames.push(Frame::Generic);
            }
            "commentRangeStart" | "commentRangeEnd" | "commentReference" => {
                r.skip()?;
                self.comment_anchor(&el);
            }
            // Text that is not displayed, history, and properties of containers.
            "delText"
            | "instrText"
            | "delInstrText"
            | "softHyphen"
            | "trPr"
            | "tcPr"
            | "tblGrid"
            | "sdtEndPr"
            | "footnotePr"
            | "endnotePr"
            | "fldData"
            | "annotationRef"
            | "footnoteRef"
            | "endnoteRef"
            | "separator"
            | "continuationSeparator"
            | "tblPrEx"
            | "customXmlPr"
            | "smartTagPr"
            | "rubyPr"
            | "rt" => r.skip()?,
            // Hyperlinks, smart tags, content controls, simple fields, custom XML, bodies…
            _ => self.frames.push(Frame::Generic),
        }
        Ok(())
    }

    /// Records where a comment's anchor starts or ends, by main-part paragraph. Outside a
    /// paragraph, a start belongs to the next paragraph and an end to the last one.
    fn comment_anchor(&mut self, el: &Element) {
        if !matches!(self.kind, PartKind::Body) {
            return;
        }
        let Some(id) = el.attr("id") else {
            return;
        };
        let here = self.paras.last().and_then(|p| match p.location {
            Location::Body { paragraph, .. } => Some(paragraph),
            _ => None,
        });
        if !self.doc.comment_anchors.contains_key(id)
            && self.doc.comment_anchors.len() >= MAX_COMMENTS
        {
            return;
        }
        let entry = self
            .doc
            .comment_anchors
            .entry(id.to_string())
            .or_insert((None, None));
        match el.local {
            "commentRangeStart" => {
                entry.0 = Some(here.unwrap_or(self.paragraph_count + 1));
            }
            "commentRangeEnd" => {
                entry.1 = Some(here.unwrap_or(self.paragraph_count));
            }
            _ => {
                // A comment on a point: the paragraph of its reference mark.
                let at = here.unwrap_or(self.paragraph_count);
                entry.0.get_or_insert(at);
                entry.1.get_or_insert(at);
            }
        }
    }

    fn open_note(&mut self, r: &mut Reader, el: &Element) -> Result<(), ExtractError> {
        let notes = match self.kind {
            PartKind::Footnotes => &self.doc.footnotes,
            PartKind::Endnotes => &self.doc.endnotes,
            _ => {
                return r.skip();
            }
        };
        let id: Option<i64> = el.attr("id").and_then(|v| v.trim().parse().ok());
        let separator = matches!(
            el.attr("type"),
            Some("separator" | "continuationSeparator" | "continuationNotice")
        );
        // Notes nobody references are not displayed by Word either.
        match id.and_then(|id| notes.get(&id).map(|n| (id, *n))) {
            Some((id, number)) if !separator && self.note.is_none() => {
                self.note = Some((id, Some(superscript(number))));
                self.note_start = self.lines.len();
                self.frames.push(Frame::Note);
                Ok(())
            }
            _ => r.skip(),
        }
    }

    fn note_reference(&mut self, el: &Element) {
        let custom = el
            .attr("customMarkFollows")
            .is_some_and(|v| matches!(v, "1" | "true" | "on"));
        let Some(id) = el.attr("id").and_then(|v| v.trim().parse::<i64>().ok()) else {
            return;
        };
        if !self.visible() || self.run_hidden() {
            return;
        }
        let map = if el.local == "footnoteReference" {
            &mut self.doc.footnotes
        } else {
            &mut self.doc.endnotes
        };
        let next = map.len() + 1;
        let n = *map.entry(id).or_insert(next);
        if !custom {
            self.append(&superscript(n));
        }
    }

    /// The part's name when it is a page header or footer.
    fn page_part(&self) -> Option<&str> {
        match &self.kind {
            PartKind::Header(part) | PartKind::Footer(part) => Some(part),
            _ => None,
        }
    }

    /// Records a `PAGE` field in this header or footer part: the first one decides.
    fn page_field(&mut self) {
        let Some(part) = self.page_part() else {
            return;
        };
        if self.doc.page_fields.iter().any(|(p, _)| p == part) {
            return;
        }
        let part = part.to_string();
        // A number placed with tab stops sits where the stops are, which are not read.
        let alignment = self.paras.last().and_then(|p| {
            let tabbed = p.cur.contains('\t') || p.done.iter().any(|(l, ..)| l.contains('\t'));
            if tabbed {
                None
            } else {
                Some(p.layout.alignment.unwrap_or(Alignment::Left))
            }
        });
        self.doc.page_fields.push((part, alignment));
    }

    fn section(&mut self, s: &SectProps) {
        if !matches!(self.kind, PartKind::Body) {
            return;
        }
        if self.doc.first_section.is_none() {
            self.doc.first_section = Some(s.clone());
        }
        for id in &s.headers {
            if !self.doc.header_ids.contains(id) {
                self.doc.header_ids.push(id.clone());
            }
        }
        for id in &s.footers {
            if !self.doc.footer_ids.contains(id) {
                self.doc.footer_ids.push(id.clone());
            }
        }
        let width = s.width.unwrap_or(0);
        let height = s.height.unwrap_or(0);
        self.doc.page_setups.push(PageSetup {
            first_line: self.section_start,
            width,
            height,
            landscape: s.landscape || width > height,
            margin_top: s.top.unwrap_or(0),
            margin_bottom: s.bottom.unwrap_or(0),
            margin_left: s.left.unwrap_or(0),
            margin_right: s.right.unwrap_or(0),
        });
        self.section_start = self.base_line + self.lines.len();
    }

    fn visible(&self) -> bool {
        self.fields.iter().all(|&shown| shown) && !self.controls.iter().any(|&prompt| prompt)
    }

    fn run_hidden(&mut self) -> bool {
        self.effective_run()
            .is_some_and(|(p, _)| p.vanish.unwrap_or(false))
    }

    /// The current run's effective properties, cached per run.
    fn effective_run(&mut self) -> Option<&(RunProps, RunLayout)> {
        let styles = self.styles;
        let p = self.paras.last_mut()?;
        if p.run_eff.is_none() {
            let eff = styles.run(
                &p.run,
                p.layout.style.as_deref(),
                p.table_style.as_ref().map(Option::as_deref),
            );
            let layout = styles.layout(&p.run, &eff);
            p.run_eff = Some((eff, layout));
        }
        p.run_eff.as_ref()
    }

    fn open_paragraph(&mut self) {
        let location = match &self.kind {
            PartKind::Body => {
                self.paragraph_count += 1;
                Location::Body {
                    paragraph: self.paragraph_count,
                    cell: self.tables.last().copied(),
                    text_box: self.text_boxes > 0,
                }
            }
            PartKind::Footnotes => Location::Footnote {
                id: self.note.as_ref().map_or(0, |n| n.0),
            },
            PartKind::Endnotes => Location::Endnote {
                id: self.note.as_ref().map_or(0, |n| n.0),
            },
            PartKind::Header(part) => Location::PageHeader { part: part.clone() },
            PartKind::Footer(part) => Location::PageFooter { part: part.clone() },
        };
        let mut para = Para {
            location,
            table_style: self.table_styles.last().cloned(),
            ..Para::default()
        };
        // The first paragraph of a note carries the note's marker.
        if let Some((_, marker)) = self.note.as_mut() {
            if let Some(m) = marker.take() {
                para.prefix = format!("{m} ");
                para.trim_start = true;
            }
        }
        self.paras.push(para);
        self.frames.push(Frame::Paragraph);
    }

    /// Called once the paragraph's properties are known: resolves layout and numbering.
    fn begin_paragraph_content(&mut self) {
        let styles = self.styles;
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        if p.started {
            return;
        }
        p.started = true;
        let style = styles.para_style(p.direct.style.as_deref());
        let from_style = styles.style_numpr(style);
        let direct = p.direct.num.unwrap_or_default();
        let num_id = direct.num_id.or(from_style.num_id).unwrap_or(0);
        let mut label_ppr = None;
        if num_id != 0 {
            let ilvl = direct
                .ilvl
                .or(from_style.ilvl)
                .or_else(|| style.and_then(|s| self.numbering.level_for_style(num_id, s)))
                .unwrap_or(0);
            if let Some(label) = self.numbering.next_label(num_id, ilvl) {
                if !label.text.is_empty() {
                    p.prefix.push_str(&label.text);
                    if label.spaced {
                        p.prefix.push(' ');
                    }
                }
                p.label = Some(NumberingLabel {
                    text: label.text.clone(),
                    format: label.format,
                    level: ilvl,
                    num_id,
                });
                label_ppr = Some(label.ppr);
            }
        }
        p.layout = styles.paragraph(
            &p.direct,
            label_ppr.as_ref(),
            p.table_style.as_ref().map(Option::as_deref),
        );
    }

    fn line_break(&mut self) {
        if !self.visible() || self.run_hidden() {
            return;
        }
        if let Some(p) = self.paras.last_mut() {
            p.pending_break = false;
            let line = std::mem::take(&mut p.cur);
            let runs = std::mem::take(&mut p.runs);
            p.done.push((line, runs, std::mem::take(&mut p.seam)));
        }
    }

    fn append(&mut self, text: &str) {
        if text.is_empty() || !self.visible() {
            return;
        }
        let styles = self.styles;
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        let (eff, layout) = p.run_eff.get_or_insert_with(|| {
            let eff = styles.run(
                &p.run,
                p.layout.style.as_deref(),
                p.table_style.as_ref().map(Option::as_deref),
            );
            let layout = styles.layout(&p.run, &eff);
            (eff, layout)
        });
        if eff.vanish.unwrap_or(false) {
            return;
        }
        if p.pending_break {
            p.pending_break = false;
            let line = std::mem::take(&mut p.cur);
            let runs = std::mem::take(&mut p.runs);
            p.done.push((line, runs, std::mem::take(&mut p.seam)));
        }
        let first_ascii = text.as_bytes()[0].is_ascii();
        let start = p.cur.len();
        // A line break inside `w:t` is shown as a space; keeping it would split the line.
        let mut text: std::borrow::Cow<str> =
            if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_some() {
                text.replace(['\n', '\r'], " ").into()
            } else {
                text.into()
            };
        // Text formatted All Caps is read as the reviewer sees it: a title typed `Kế hoạch`
        // and shown `KẾ HOẠCH` is a title in capitals. A legacy font's look-alike letters are
        // converted later, from the bytes as typed, so they are left as they are.
        let legacy_font = || layout.font.as_deref().and_then(super::legacy_encoding);
        if eff.caps == Some(true) && legacy_font().is_none() {
            text = text.to_uppercase().into();
        }
        // A piece made only of characters `plainly_nfc` accepts cannot change when joined (none
        // of them composes with, or is reordered after, the character before it).
        if plainly_nfc(&text) {
            p.cur.push_str(&text);
        } else {
            p.seam |= !first_ascii;
            if is_nfc(&text) {
                p.cur.push_str(&text);
            } else {
                p.cur.extend(text.nfc());
                self.doc.decomposed += 1;
            }
        }
        let end = p.cur.len();
        match p.runs.last_mut() {
            Some(last) if last.range.end == start && same_format(last, layout) => {
                last.range.end = end;
            }
            _ => p.runs.push(RunLayout {
                range: start..end,
                ..layout.clone()
            }),
        }
    }

    fn finish_paragraph(&mut self) {
        self.begin_paragraph_content();
        let Some(mut p) = self.paras.pop() else {
            return;
        };
        let last = (
            std::mem::take(&mut p.cur),
            std::mem::take(&mut p.runs),
            p.seam,
        );
        p.done.push(last);
        let mut produced: Vec<Line> = Vec::with_capacity(p.done.len());
        for (i, (content, runs, seam)) in p.done.into_iter().enumerate() {
            let (content, runs) = if i == 0 && p.trim_start {
                trim_start(content, runs)
            } else {
                (content, runs)
            };
            let (text, runs) = if i == 0 && !p.prefix.is_empty() {
                let shift = p.prefix.len();
                let mut t = p.prefix.clone();
                t.push_str(&content);
                let runs = runs
                    .into_iter()
                    .map(|mut r| {
                        r.range = r.range.start + shift..r.range.end + shift;
                        r
                    })
                    .collect();
                (t, runs)
            } else {
                (content, runs)
            };
            // Each piece is already NFC; joining them can only change that at a piece that
            // starts with a character outside ASCII and `plainly_nfc`'s set (those never
            // compose with the character before them, nor are reordered with it).
            let (text, runs) = if seam {
                renormalize(text, runs)
            } else {
                (text, runs)
            };
            let mut paragraph = p.layout.clone();
            // A line typed after a tab, in a paragraph the reader sees unindented (no list
            // label or note marker before the tab, no first-line or hanging indent).
            let tabs = text.len() - text.trim_start_matches('\t').len();
            let blank_lead = text.len() - text.trim_start_matches([' ', '\t', '\u{a0}']).len();
            let unindented = p.label.is_none()
                && (i > 0 || p.prefix.is_empty())
                && matches!(paragraph.first_line_indent, None | Some(0));
            if unindented && tabs > 0 && tabs == blank_lead {
                paragraph.tab_indent = Some(self.styles.tab_indent(
                    &p.direct,
                    p.table_style.as_ref().map(Option::as_deref),
                    tabs,
                ));
            } else if unindented && blank_lead >= 2 {
                // Indented with typed spaces: how far in that prints depends on the font's
                // glyphs, which the reader does not measure.
                paragraph.tab_indent = Some(TabIndent::Unknown);
            }
            produced.push((
                text,
                LineInfo {
                    location: p.location.clone(),
                    numbering: if i == 0 { p.label.clone() } else { None },
                    paragraph,
                    runs,
                },
            ));
        }
        produced.append(&mut p.deferred);
        match self.paras.last_mut() {
            // A text box inside a paragraph: its lines come after the anchoring paragraph's.
            Some(parent) => parent.deferred.extend(produced),
            None => self.lines.extend(produced),
        }
        if let Some(s) = p.sect {
            self.section(&s);
        }
    }
}

fn same_format(a: &RunLayout, b: &RunLayout) -> bool {
    a.font == b.font
        && a.size_half_points == b.size_half_points
        && a.bold == b.bold
        && a.italic == b.italic
        && a.underline == b.underline
        && a.direct_font == b.direct_font
}

fn trim_start(content: String, runs: Vec<RunLayout>) -> (String, Vec<RunLayout>) {
    let cut = content.len() - content.trim_start_matches([' ', '\t']).len();
    if cut == 0 {
        return (content, runs);
    }
    let runs = runs
        .into_iter()
        .filter_map(|mut r| {
            r.range = r.range.start.saturating_sub(cut)..r.range.end.saturating_sub(cut);
            (!r.range.is_empty()).then_some(r)
        })
        .collect();
    (content[cut..].to_string(), runs)
}

/// Composes a line whose runs, each already NFC, combine across a run boundary; runs are clamped
/// to the shorter text on character boundaries.
fn renormalize(text: String, runs: Vec<RunLayout>) -> (String, Vec<RunLayout>) {
    if plainly_nfc(&text) || is_nfc(&text) {
        return (text, runs);
    }
    let composed: String = text.nfc().collect();
    let fix = |mut i: usize| {
        i = i.min(composed.len());
        while !composed.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let runs = runs
        .into_iter()
        .filter_map(|mut r| {
            r.range = fix(r.range.start)..fix(r.range.end);
            (!r.range.is_empty()).then_some(r)
        })
        .collect();
    (composed, runs)
}

/// Reads a content control's properties (`w:sdtPr`, just opened) through their end: true when
/// the control shows its placeholder (`w:showingPlcHdr`).
fn shows_placeholder(r: &mut Reader) -> Result<bool, ExtractError> {
    let mut prompt = false;
    loop {
        match r.next()? {
            Event::End => return Ok(prompt),
            Event::Eof => return Err(r.broken("unexpected end of part")),
            Event::Text(_) => {}
            Event::Start(el) => {
                if el.is_w("showingPlcHdr") {
                    prompt = el
                        .attr("val")
                        .is_none_or(|v| !matches!(v, "0" | "false" | "off"));
                }
                r.skip()?;
            }
        }
    }
}

/// The character a `w:sym` (Insert › Symbol) shows. Word stores a symbol font's glyph at
/// `F000` + its code in the font; the common ones of Symbol and Wingdings are given as the
/// Unicode character they draw. Any other glyph is read as U+FFFC (an object), so that the
/// words on either side stay apart and no rule mistakes the gap for two spaces.
fn symbol_char(font: &str, code: u32) -> char {
    let glyph = match code {
        0xF000..=0xF0FF => code - 0xF000,
        0xE000..=0xF8FF => return '\u{FFFC}',
        _ => return char::from_u32(code).unwrap_or('\u{FFFC}'),
    };
    let font = font.trim().to_ascii_lowercase();
    let mapped = if font.starts_with("wingdings") {
        match glyph {
            0x6C => Some('●'),
            0x6E => Some('■'),
            0x71 => Some('❑'),
            0x76 => Some('❖'),
            0x9F => Some('•'),
            0xA7 => Some('▪'),
            0xD8 => Some('➢'),
            0xE0 => Some('→'),
            0xE8 => Some('➔'),
            0xFB => Some('✗'),
            0xFC => Some('✓'),
            0xFE => Some('☑'),
            _ => None,
        }
    } else if font == "symbol" {
        match glyph {
            0x2D => Some('−'),
            0x20..=0x3F if ![0x22, 0x24, 0x27].contains(&glyph) => char::from_u32(glyph),
            0xA3 => Some('≤'),
            0xA5 => Some('∞'),
            0xA8 => Some('♦'),
            0xAB => Some('↔'),
            0xAC => Some('←'),
            0xAD => Some('↑'),
            0xAE => Some('→'),
            0xAF => Some('↓'),
            0xB0 => Some('°'),
            0xB1 => Some('±'),
            0xB3 => Some('≥'),
            0xB4 => Some('×'),
            0xB7 => Some('•'),
            0xB8 => Some('÷'),
            0xB9 => Some('≠'),
            0xBC => Some('…'),
            0xD6 => Some('√'),
            0xDB => Some('⇔'),
            0xDC => Some('⇐'),
            0xDE => Some('⇒'),
            _ => None,
        }
    } else {
        None
    };
    mapped.unwrap_or('\u{FFFC}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superscripts() {
        assert_eq!(superscript(1), "¹");
        assert_eq!(superscript(10), "¹⁰");
        assert_eq!(superscript(234), "²³⁴");
    }
}
