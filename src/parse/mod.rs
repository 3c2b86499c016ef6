//! Parse: extracted text → the document model ([`Document`]).
//!
//! The parser never fails: a plan missing its header, title or signer still parses, with those
//! parts absent, so that rules can report what is missing. It reads the plan as a sequence of
//! zones — header, title and trích yếu, basis, body, closing, recipients and signers — using the
//! recognisers in [`lines`], and builds the section tree by marker rank (`I.` → `1.` → `a)` →
//! `-` → `+`), so a plan that skips a level still nests sensibly.

pub mod citations;
pub mod doctype;
mod line_patterns;
pub mod lines;
pub mod model;
pub mod tree;

use std::cell::OnceCell;

use crate::extract::{Extracted, Location};
use crate::source::{SourceText, Span};
use lines::{HeaderPart, LineMarker};
pub use model::*;

/// Options that change how a plan is read.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Force the document system instead of detecting it.
    pub system: Option<System>,
    /// Force the document type (an id of [`doctype::TYPES`]) instead of detecting it.
    pub doc_type: Option<String>,
}

/// What kind of line a line is before zones are decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Special {
    /// A line of the plan's main flow.
    Flow,
    /// A footnote or endnote text.
    Footnote,
    /// A page header or footer.
    Furniture,
}

/// One line of the text with its trimmed content.
#[derive(Debug, Clone)]
struct Ln {
    /// Span of the content (trimmed, outer Markdown emphasis removed).
    content: Span,
    special: Special,
    in_table: bool,
    auto_numbered: bool,
}

/// Parses an extraction into a document model.
pub fn parse(extracted: Extracted, options: &ParseOptions) -> Document {
    // Which regular-expression engine pays off depends on the plan's size (see `warmup`).
    crate::warmup::begin_plan(extracted.text.len());
    let Extracted {
        kind,
        text,
        lines: line_info,
        page_setups,
        page_numbers,
        findings,
        comments,
    } = extracted;
    let source = SourceText::new(text);
    let findings = findings
        .into_iter()
        .map(|mut f| {
            let start = source.from_display(f.span.start);
            let end = source.from_display(f.span.end).max(start);
            f.span = start..end;
            f
        })
        .collect();
    let lns = split_lines(&source, &line_info);
    let mut doc = Document {
        source,
        input: kind,
        line_info,
        page_setups,
        page_numbers,
        findings,
        system: System::State,
        system_evidence: SystemEvidence::Assumed,
        doc_type: doctype::DocType::default(),
        header: Header::default(),
        title: None,
        trich_yeu: Vec::new(),
        basis: Vec::new(),
        sections: Vec::new(),
        closing: None,
        closing_mark: None,
        draft_marked: false,
        digitally_signed: false,
        stretched_spacing: false,
        attachments: Vec::new(),
        noi_nhan: None,
        signers: Vec::new(),
        footnotes: Vec::new(),
        appendix: Vec::new(),
        page_furniture: Vec::new(),
        citations: Vec::new(),
        comments,
        derived: Derived::default(),
    };
    Parser::new(&mut doc, &lns).run();
    doc.draft_marked = says_draft(&doc);
    doc.digitally_signed = doc
        .page_furniture
        .iter()
        .any(|&s| lines::is_sign_stamp(doc.text(s)));
    doc.stretched_spacing = doc.input == crate::extract::InputKind::Txt && stretched(&doc);
    detect_system(&mut doc, options.system);
    doc.doc_type = detect_type(&doc, &lns, options.doc_type.as_deref());
    doc.citations = citations::find(&doc);
    doc
}

fn split_lines(source: &SourceText, info: &[crate::extract::LineInfo]) -> Vec<Ln> {
    let mut lns = read_lines(source, info);
    mark_page_furniture(source, &mut lns);
    lns
}

/// Sets aside what a PDF or page-by-page export leaves in the flow: signature stamps, page
/// numbers and running headers (see [`lines::page_furniture`]).
fn mark_page_furniture(source: &SourceText, lns: &mut [Ln]) {
    let text = source.text();
    let contents: Vec<&str> = lns.iter().map(|l| &text[l.content.range()]).collect();
    let raw: Vec<&str> = (0..lns.len())
        .map(|i| &text[source.line_span(i).range()])
        .collect();
    let in_table: Vec<bool> = lns.iter().map(|l| l.in_table).collect();
    let furniture = lines::page_furniture(&contents, &raw, &in_table);
    for (ln, furniture) in lns.iter_mut().zip(furniture) {
        if furniture && ln.special == Special::Flow {
            ln.special = Special::Furniture;
        }
    }
}

fn read_lines(source: &SourceText, info: &[crate::extract::LineInfo]) -> Vec<Ln> {
    let text = source.text();
    (0..source.line_count())
        .map(|i| {
            let line = source.line_span(i);
            let (s, e) = lines::content_range(&text[line.range()]);
            let content = Span::new(line.start + s, line.start + e);
            let loc = info.get(i).map(|l| &l.location);
            let special = match loc {
                Some(Location::Footnote { .. } | Location::Endnote { .. }) => Special::Footnote,
                Some(Location::PageHeader { .. } | Location::PageFooter { .. }) => {
                    Special::Furniture
                }
                _ if lines::footnote_marker(&text[content.range()]).is_some() => Special::Footnote,
                _ => Special::Flow,
            };
            let in_table = matches!(loc, Some(Location::Body { cell: Some(_), .. }));
            let auto_numbered = info.get(i).is_some_and(|l| l.numbering.is_some());
            Ln {
                content,
                special,
                in_table,
                auto_numbered,
            }
        })
        .collect()
}

struct Parser<'a> {
    doc: &'a mut Document,
    lns: &'a [Ln],
    /// Per-line answers that several zone searches ask for, computed at most once per line
    /// (the searches overlap: the tail is sought from the body's start and again later).
    memo: Vec<LineMemo>,
}

/// What the zone searches have already learnt about one line.
#[derive(Default)]
struct LineMemo {
    marker: OnceCell<Option<LineMarker>>,
    cells: OnceCell<Vec<(usize, usize)>>,
    header_part: OnceCell<HeaderPart>,
    unnumbered_heading: OnceCell<bool>,
    /// (a cell is a `Nơi nhận` label, a cell is a label that can open the tail, a cell opens
    /// with an authority prefix)
    tail_cells: OnceCell<(bool, bool, bool)>,
    tail_line: OnceCell<bool>,
    opens_attachment: OnceCell<bool>,
}

impl<'a> Parser<'a> {
    fn new(doc: &'a mut Document, lns: &'a [Ln]) -> Self {
        let memo = (0..lns.len()).map(|_| LineMemo::default()).collect();
        Parser { doc, lns, memo }
    }
}

impl Parser<'_> {
    /// [`lines::marker`] of line `i`'s content.
    fn marker(&self, i: usize) -> Option<&LineMarker> {
        self.memo[i]
            .marker
            .get_or_init(|| lines::marker(self.line_text(i)))
            .as_ref()
    }

    /// [`lines::cells`] of line `i`'s content.
    fn cells(&self, i: usize) -> &[(usize, usize)] {
        self.memo[i]
            .cells
            .get_or_init(|| lines::cells(self.line_text(i)))
    }

    /// [`lines::header_part`] of line `i`'s content.
    fn header_part(&self, i: usize) -> HeaderPart {
        *self.memo[i]
            .header_part
            .get_or_init(|| lines::header_part(self.line_text(i)))
    }

    /// Whether any cell of line `i` is a `Nơi nhận` label, is one that can open the tail (in a
    /// row of three or more cells, only with its colon: a table's column header otherwise), or
    /// opens with an authority prefix.
    fn tail_cells(&self, i: usize) -> (bool, bool, bool) {
        *self.memo[i].tail_cells.get_or_init(|| {
            let text = self.line_text(i);
            let cells = self.cells(i);
            let table_header = cells.len() >= 3;
            let (mut any_label, mut tail_label, mut authority) = (false, false, false);
            for &(s, e) in cells {
                let cell = &text[s..e];
                if lines::noi_nhan_label(cell).is_some() {
                    any_label = true;
                    tail_label |= !table_header || cell.trim_end().ends_with(':');
                }
                authority |= lines::authority(cell).is_some();
            }
            (any_label, tail_label, authority)
        })
    }

    fn text(&self, span: Span) -> &str {
        self.doc.source.slice(span)
    }

    fn line_text(&self, i: usize) -> &str {
        self.text(self.lns[i].content)
    }

    fn is_blank(&self, i: usize) -> bool {
        self.lns[i].content.is_empty()
    }

    fn flow(&self, i: usize) -> bool {
        self.lns[i].special == Special::Flow
    }

    fn run(&mut self) {
        let n = self.lns.len();
        for i in 0..n {
            let content = self.lns[i].content;
            match self.lns[i].special {
                Special::Footnote if !content.is_empty() => {
                    let text = self.text(content);
                    let marker = lines::footnote_marker(text).unwrap_or_else(|| {
                        text.chars().take_while(|c| !c.is_whitespace()).collect()
                    });
                    self.doc.footnotes.push(Footnote {
                        marker,
                        span: content,
                    });
                }
                Special::Furniture if !content.is_empty() => {
                    self.doc.page_furniture.push(content);
                }
                _ => {}
            }
        }

        let title = (0..n)
            .filter(|&i| self.flow(i))
            .take(80)
            .take_while(|&i| {
                // A section heading before any title means the plan has no title line.
                !self
                    .marker(i)
                    .is_some_and(|m| m.kind == MarkerKind::Roman && m.separator.is_some())
            })
            .find(|&i| lines::is_title(self.line_text(i)))
            .or_else(|| {
                // A title typed in lower case is still the title (a rule reports its case).
                (0..n)
                    .filter(|&i| self.flow(i))
                    .take(40)
                    .find(|&i| lines::clean(self.line_text(i)).trim().to_lowercase() == "kế hoạch")
            })
            .or_else(|| {
                // Another type's name line (QUYẾT ĐỊNH, BÁO CÁO…) ends the header just the same.
                (0..n)
                    .filter(|&i| self.flow(i) && !self.is_blank(i))
                    .take(60)
                    .take_while(|&i| {
                        !self
                            .marker(i)
                            .is_some_and(|m| m.kind == MarkerKind::Roman && m.separator.is_some())
                    })
                    .find(|&i| doctype::title_type(self.line_text(i)).is_some())
            });

        let after_header = match title {
            Some(t) => {
                self.header(0, t);
                self.doc.title = Some(self.lns[t].content);
                self.trich_yeu(t + 1)
            }
            None => {
                let end = self.untitled_header_end();
                self.header(0, end);
                end
            }
        };

        let (body_start, first_tail) = self.body_start(after_header);
        let closing = self.closing(body_start.unwrap_or(after_header));
        let last_root = self.last_root_heading(body_start.unwrap_or(after_header));
        let search_from = closing
            .map(|(_, end)| end + 1)
            .or(match (first_tail, last_root) {
                // A heading after the first Nơi nhận/signer line belongs to an attached form
                // only if a new document opens in between; otherwise that first line was a
                // table's column in the body, and the tail comes after the last heading.
                (Some(t), Some(h))
                    if h > t && !(t..h).any(|i| self.flow(i) && self.opens_attachment(i)) =>
                {
                    Some(h + 1)
                }
                (Some(t), _) => Some(t),
                (None, h) => h.map(|h| h + 1),
            })
            .unwrap_or(body_start.unwrap_or(after_header));
        let tail_start = self.tail_start(search_from);

        let body_end = closing.map(|(s, _)| s).or(tail_start).unwrap_or(n);
        let basis_end = body_start.unwrap_or(body_end).min(body_end);
        self.basis(after_header, basis_end);
        if let Some(start) = body_start {
            self.body(start, body_end);
        }
        if closing.is_none() {
            let end = tail_start.unwrap_or(n);
            let last = (body_start.unwrap_or(after_header)..end)
                .rev()
                .find(|&i| self.flow(i) && !self.is_blank(i));
            self.doc.closing_mark = last
                .filter(|&i| lines::ends_closing(self.line_text(i)))
                .map(|i| self.lns[i].content);
        }
        if let Some((s, e)) = closing {
            let span = self.lns[s].content.cover(self.lns[e].content);
            self.doc.closing = Some(span);
            let att_end = tail_start.unwrap_or(n);
            for i in e + 1..att_end {
                if self.flow(i) && !self.is_blank(i) {
                    self.doc.attachments.push(self.lns[i].content);
                }
            }
        }
        if let Some(t) = tail_start {
            self.tail(t);
        }
    }

    /// Without a title, the header is the run of leading lines that look like header parts.
    fn untitled_header_end(&self) -> usize {
        let mut end = 0;
        let mut in_vv = false;
        for i in 0..self.lns.len() {
            if !self.flow(i) || self.is_blank(i) {
                continue;
            }
            let text = self.line_text(i);
            let cells = self.cells(i);
            // A Công văn's `V/v` trích yếu sits in the header, often above the date line, and
            // wraps onto lines that go on in lower case.
            let vv = doctype::is_vv(text) || (in_vv && lines::starts_lowercase(text));
            in_vv = vv;
            let all_header = vv
                || cells
                    .iter()
                    .all(|&(s, e)| !matches!(lines::header_part(&text[s..e]), HeaderPart::Other));
            // A rule of dashes run into a header part is not a list dash.
            let ruled =
                text.trim_start().starts_with("---") || text.trim_start().starts_with("___");
            if !all_header || (self.marker(i).is_some() && !ruled) || i > 30 {
                break;
            }
            end = i + 1;
        }
        end
    }

    /// The next line of the header after `i` when it completes the part on line `i` (a number
    /// or date split over two lines by a converter).
    fn header_continuation(&self, i: usize, end: usize) -> Option<usize> {
        let j = (i + 1..end).find(|&j| self.flow(j) && !self.is_blank(j))?;
        let single = |k: usize| lines::header_cells(self.line_text(k)).len() == 1;
        (single(i)
            && single(j)
            && lines::completes_header_part(self.line_text(i), self.line_text(j)))
        .then_some(j)
    }

    /// The lines after `i` (up to `end`, at most four non-blank ones) holding the rest of a
    /// number or date split away from line `i`, when every line between belongs to the other
    /// header column.
    fn detached_rest(&self, i: usize, end: usize) -> Vec<usize> {
        let first = lines::clean(self.line_text(i));
        let first = first.trim();
        let part = lines::header_part(first);
        let number = part == HeaderPart::So && !first.contains('/');
        let date = lines::is_date_start(first);
        if !number && !date {
            return Vec::new();
        }
        let mut rest = Vec::new();
        for j in (i + 1..end)
            .filter(|&j| self.flow(j) && !self.is_blank(j))
            .take(4)
        {
            let text = self.line_text(j);
            if number && lines::is_symbol_rest(text) {
                rest.push(j);
                break;
            }
            if date && lines::is_date_rest(text) {
                rest.push(j);
                if lines::clean(text).contains("năm") {
                    break;
                }
                continue;
            }
            let other_column = matches!(
                lines::header_part(text),
                HeaderPart::QuocHieu
                    | HeaderPart::TieuNgu
                    | HeaderPart::PartyTitle
                    | HeaderPart::Separator
                    | HeaderPart::PlaceDate
                    | HeaderPart::Fragment
            ) || lines::is_symbol_rest(text);
            if !other_column {
                break;
            }
        }
        rest
    }

    fn header(&mut self, start: usize, end: usize) {
        let mut agency_done = false;
        let mut joined: Option<usize> = None;
        // Lines already read as the detached rest of an earlier number or date.
        let mut consumed: Vec<usize> = Vec::new();
        for i in start..end {
            if !self.flow(i) || self.is_blank(i) || joined == Some(i) || consumed.contains(&i) {
                continue;
            }
            let mut content = self.lns[i].content;
            joined = self.header_continuation(i, end);
            let mut split = false;
            if let Some(j) = joined {
                content = content.cover(self.lns[j].content);
            } else {
                let rest = self.detached_rest(i, end);
                split = !rest.is_empty();
                consumed.extend(rest);
            }
            let text = self.text(content).to_string();
            // A rule of dashes drawn under the agency or the motto can run into the next line's
            // text in PDF output (`------Số: 597/HC-QLHC`): the part starts after it.
            let lead = text.len() - text.trim_start_matches(['-', '_', '–', '—']).len();
            let (content, text) = if lead >= 3
                && text[lead..]
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
            {
                let skip = lead + (text[lead..].len() - text[lead..].trim_start().len());
                (
                    Span::new(content.start + skip, content.end),
                    text[skip..].to_string(),
                )
            } else {
                (content, text)
            };
            if split {
                self.doc.header.split.push(content);
            }
            for (s, e) in lines::header_cells(&text) {
                let span = Span::new(content.start + s, content.start + e);
                let cell = &text[s..e];
                let h = &mut self.doc.header;
                match lines::header_part(cell) {
                    HeaderPart::QuocHieu => set_first(&mut h.quoc_hieu, span),
                    HeaderPart::TieuNgu => set_first(&mut h.tieu_ngu, span),
                    HeaderPart::PartyTitle => set_first(&mut h.party_title, span),
                    HeaderPart::YouthTitle => {
                        // The Youth Union writes its name top left, like an agency line.
                        set_first(&mut h.youth_title, span)
                    }
                    HeaderPart::So => {
                        agency_done = true;
                        set_first(&mut h.so_ky_hieu, span)
                    }
                    HeaderPart::PlaceDate => set_first(&mut h.dia_danh_ngay, span),
                    HeaderPart::Fragment if split && lines::is_date_start(cell) => {
                        set_first(&mut h.dia_danh_ngay, span)
                    }
                    HeaderPart::Fragment => h.other.push(span),
                    HeaderPart::Asterisk => {
                        agency_done = true;
                        set_first(&mut h.asterisk, span)
                    }
                    HeaderPart::Separator => {}
                    HeaderPart::Agency if !agency_done && !is_draft_mark(cell) => {
                        h.agency.push(span)
                    }
                    HeaderPart::Agency | HeaderPart::Other => h.other.push(span),
                }
            }
        }
    }

    /// Reads the trích yếu after the title; returns the first line after it.
    fn trich_yeu(&mut self, from: usize) -> usize {
        let n = self.lns.len();
        let mut i = from;
        while i < n && (self.is_blank(i) || !self.flow(i)) {
            i += 1;
        }
        if i >= n {
            return n;
        }
        let first = self.line_text(i);
        if is_attached_note(first) {
            return self.trich_yeu(self.past_note(i));
        }
        let opens_basis = first.starts_with("Căn cứ") || first.starts_with("CĂN CỨ");
        if opens_basis
            || lines::is_addressee(first)
            || self
                .marker(i)
                .is_some_and(|m| m.kind.rank() <= MarkerKind::Roman.rank())
            || first.trim_end().ends_with(':')
            || first.chars().count() > 320
        {
            return i;
        }
        self.doc.trich_yeu.push(self.lns[i].content);
        let mut prev = i;
        i += 1;
        while i < n && self.doc.trich_yeu.len() < 5 {
            if !self.flow(i) {
                i += 1;
                continue;
            }
            if self.is_blank(i) {
                break;
            }
            let text = self.line_text(i);
            if lines::is_separator(text) {
                i += 1;
                break;
            }
            if lines::is_addressee(text) {
                break;
            }
            // `(Ban hành kèm theo Quyết định số …)` under the trích yếu says who issues the
            // plan; it is no part of the trích yếu, nor of the basis after it.
            if is_attached_note(text) {
                i = self.past_note(i);
                break;
            }
            let continues = lines::starts_lowercase(text)
                || (!lines::ends_sentence(self.line_text(prev))
                    && text.chars().count() < 120
                    && !starts_basis(text)
                    && self.marker(i).is_none());
            if !continues {
                break;
            }
            self.doc.trich_yeu.push(self.lns[i].content);
            prev = i;
            i += 1;
        }
        // Skip the rule under the trích yếu, and the attached-plan note after a blank line.
        loop {
            while i < n && (self.is_blank(i) || lines::is_separator(self.line_text(i))) {
                i += 1;
            }
            if i < n && self.flow(i) && is_attached_note(self.line_text(i)) {
                i = self.past_note(i);
            } else {
                return i;
            }
        }
    }

    /// The line after the attached-plan note that opens at line `i`, which may wrap over a
    /// few lines until its closing bracket.
    fn past_note(&self, i: usize) -> usize {
        let n = self.lns.len();
        let mut j = i;
        while j < n && j < i + 4 && !self.line_text(j).contains(')') {
            j += 1;
        }
        (j + 1).min(n)
    }

    /// The first line of the body: the first part or Roman heading; failing that, the first
    /// unnumbered capitals heading or Arabic heading.
    /// The first line of the body, and the first Nơi nhận or signer line after it when the
    /// body was found before one.
    fn body_start(&self, from: usize) -> (Option<usize>, Option<usize>) {
        // A form or list attached after the signature may number its own parts `I.`, `II.`;
        // the body's headings are looked for before the first Nơi nhận or signer line, and
        // only past it when nothing before it is numbered.
        if let Some(limit) = self.tail_start(from) {
            if let Some(start) = self.body_start_within(from, limit) {
                return (Some(start), Some(limit));
            }
        }
        (self.body_start_within(from, self.lns.len()), None)
    }

    /// The first body heading in lines `from..limit`.
    fn body_start_within(&self, from: usize, limit: usize) -> Option<usize> {
        let candidates: Vec<(usize, &LineMarker)> = (from..limit)
            .filter(|&i| self.flow(i) && !self.is_blank(i))
            .filter_map(|i| self.marker(i).map(|m| (i, m)))
            .collect();
        let top = candidates
            .iter()
            .find(|(_, m)| matches!(m.kind, MarkerKind::Part | MarkerKind::Roman))
            .map(|(i, _)| *i);
        let unnumbered = (from..limit)
            .filter(|&i| self.flow(i))
            .find(|&i| self.unnumbered_heading(i));
        match (top, unnumbered) {
            (Some(t), Some(u)) => Some(t.min(u)),
            (Some(t), None) => Some(t),
            (None, Some(u)) => Some(u),
            (None, None) => candidates
                .iter()
                .find(|(i, m)| m.kind == MarkerKind::Arabic && !starts_basis(self.line_text(*i)))
                .map(|(i, _)| *i),
        }
    }

    /// An all-capitals line that names a usual plan section, written without a number.
    /// True when line `i` is the title of the section `top` whose marker line carried none:
    /// a part (`Phần thứ hai`, `PHẦN I`) with nothing under it yet, followed by a line in
    /// capitals that opens no section of its own. Long plans set the part's name on its own
    /// line, and that name may begin with any word (`KẾ HOẠCH THỰC HIỆN NĂM 2026`).
    fn names_bare_part(&self, top: Option<usize>, i: usize) -> bool {
        let Some(top) = top else { return false };
        let section = &self.doc.sections[top];
        if section.marker.kind != MarkerKind::Part
            || !section.title.is_empty()
            || !section.paragraphs.is_empty()
            || !section.children.is_empty()
            || self.lns[i].in_table
            || self
                .marker(i)
                .is_some_and(|m| m.kind != MarkerKind::Unnumbered)
        {
            return false;
        }
        let text = lines::clean(self.line_text(i));
        let text = text.trim();
        (1..=25).contains(&text.split_whitespace().count()) && lines::is_upper(text)
    }

    fn unnumbered_heading(&self, i: usize) -> bool {
        if self.lns[i].in_table || self.is_blank(i) {
            return false;
        }
        *self.memo[i].unnumbered_heading.get_or_init(|| {
            let text = lines::clean(self.line_text(i));
            let text = text.trim();
            // Cheapest test first: most lines open with no section word.
            SECTION_WORDS.iter().any(|w| text.starts_with(w))
                && (2..=15).contains(&text.split_whitespace().count())
                && lines::is_upper(text)
                && !text.ends_with('.')
                && lines::marker(text).is_none()
        })
    }

    fn last_root_heading(&self, from: usize) -> Option<usize> {
        (from..self.lns.len())
            .rev()
            .filter(|&i| self.flow(i) && !self.is_blank(i))
            .find(|&i| {
                self.marker(i)
                    .is_some_and(|m| matches!(m.kind, MarkerKind::Roman | MarkerKind::Part))
                    || self.unnumbered_heading(i)
            })
    }

    /// The closing paragraph: the last `Trên đây …` paragraph, or the last line ending `./.`.
    fn closing(&self, from: usize) -> Option<(usize, usize)> {
        let n = self.lns.len();
        // The closing cannot come after the recipient list or the signature.
        let limit = (from..n)
            .find(|&i| {
                self.flow(i) && {
                    let (label, _, authority) = self.tail_cells(i);
                    label || authority
                }
            })
            .unwrap_or(n);
        let flow: Vec<usize> = (from..limit)
            .filter(|&i| self.flow(i) && !self.is_blank(i))
            .collect();
        if let Some(&s) = flow
            .iter()
            .rev()
            .find(|&&i| lines::is_closing_start(self.line_text(i)))
        {
            let end = flow
                .iter()
                .copied()
                .filter(|&i| i >= s)
                .take(4)
                .find(|&i| lines::ends_closing(self.line_text(i)))
                .unwrap_or_else(|| self.wrapped_closing_end(&flow, s));
            return Some((s, end));
        }
        let e = *flow
            .iter()
            .rev()
            .find(|&&i| lines::ends_closing(self.line_text(i)))?;
        // A `./.` that closes a numbered item is the item's end, not a closing paragraph.
        if self.marker(e).is_some() {
            return None;
        }
        Some((self.wrapped_closing_start(&flow, e), e))
    }

    /// The last line of a closing paragraph hard-wrapped over lines (PDF text, or PDF text
    /// pasted into Word, one paragraph per line): up to the line ending `./.`, or, without one,
    /// over the lines that continue the paragraph.
    fn wrapped_closing_end(&self, flow: &[usize], s: usize) -> usize {
        let next: Vec<usize> = flow
            .iter()
            .copied()
            .filter(|&i| i > s)
            .take_while(|&i| !self.opens_paragraph(i))
            .take(16)
            .collect();
        if let Some(&e) = next
            .iter()
            .find(|&&i| lines::ends_closing(self.line_text(i)))
        {
            return e;
        }
        let mut end = s;
        for i in next {
            if lines::ends_sentence(self.line_text(end))
                && !lines::starts_lowercase(self.line_text(i))
            {
                break;
            }
            end = i;
        }
        end
    }

    /// The first line of a closing paragraph that ends on line `e`, going back over the lines
    /// a hard wrap split it into (each earlier line ends mid-sentence).
    fn wrapped_closing_start(&self, flow: &[usize], e: usize) -> usize {
        let mut start = e;
        for &i in flow.iter().rev().filter(|&&i| i < e).take(16) {
            if lines::ends_sentence(self.line_text(i)) || self.opens_paragraph(start) {
                break;
            }
            if self.marker(i).is_some() {
                // The closing paragraph is the end of a numbered item: keep its last line.
                return e;
            }
            start = i;
        }
        start
    }

    /// True for a line that cannot continue the paragraph above: a numbered or bulleted line,
    /// or an attachment note.
    fn opens_paragraph(&self, i: usize) -> bool {
        let text = self.line_text(i);
        self.marker(i).is_some() || text.trim_start().starts_with('(')
    }

    /// Where the recipient list and signature begin, searching from `from`.
    fn tail_start(&self, from: usize) -> Option<usize> {
        (from..self.lns.len()).find(|&i| self.flow(i) && !self.is_blank(i) && self.tail_line(i))
    }

    /// True when non-blank line `i` opens the recipient list and signature: a `Nơi nhận` label
    /// or an authority line, or a signer's title followed by a name or the label.
    fn tail_line(&self, i: usize) -> bool {
        *self.memo[i].tail_line.get_or_init(|| {
            let (_, label, authority) = self.tail_cells(i);
            if label || authority {
                return true;
            }
            let (s, e) = self.cells(i)[0];
            lines::is_signer_title(&self.line_text(i)[s..e])
                && (self.name_follows(i) || self.label_follows(i))
        })
    }

    /// True when the next non-blank line is the `Nơi nhận:` label: PDF text that reads the
    /// signer's column before the recipients' puts the title just above it.
    fn label_follows(&self, i: usize) -> bool {
        (i + 1..self.lns.len())
            .find(|&j| self.flow(j) && !self.is_blank(j))
            .is_some_and(|j| lines::noi_nhan_label(self.line_text(j)).is_some())
    }

    /// True when line `i` opens a document attached after the signature: its title, or the
    /// agency lines above the national or Party title of its own header.
    fn opens_attachment(&self, i: usize) -> bool {
        *self.memo[i].opens_attachment.get_or_init(|| {
            let next = (i..self.lns.len())
                .filter(|&j| self.flow(j) && !self.is_blank(j))
                .take(4);
            for j in next {
                let text = self.line_text(j);
                let part = self.header_part(j);
                if (j == i && lines::opens_attachment(text))
                    || matches!(part, HeaderPart::QuocHieu | HeaderPart::PartyTitle)
                {
                    return true;
                }
                let header_like = lines::is_upper(text) || part == HeaderPart::Asterisk;
                if !header_like || lines::authority(text).is_some() {
                    return false;
                }
            }
            false
        })
    }

    /// True when a signer's name follows line `i` within a few lines of titles and notes.
    fn name_follows(&self, i: usize) -> bool {
        let mut seen = 0;
        for j in i + 1..self.lns.len() {
            if !self.flow(j) || self.is_blank(j) {
                continue;
            }
            seen += 1;
            if seen > 6 {
                return false;
            }
            let text = self.line_text(j);
            let cells = self.cells(j);
            if cells.iter().any(|&(s, e)| lines::is_name(&text[s..e])) {
                return true;
            }
            let tail_like = cells.iter().all(|&(s, e)| {
                let c = &text[s..e];
                lines::is_signer_title(c) || lines::is_sign_note(c)
            });
            if !tail_like {
                return false;
            }
        }
        false
    }

    fn basis(&mut self, start: usize, end: usize) {
        let mut spans: Vec<Span> = Vec::new();
        let mut prev_blank = false;
        for i in start..end {
            if !self.flow(i) {
                continue;
            }
            if self.is_blank(i) {
                prev_blank = true;
                continue;
            }
            let content = self.lns[i].content;
            let text = self.text(content);
            if lines::is_separator(text) {
                continue;
            }
            let joins = spans
                .last()
                .is_some_and(|&last| lines::continues(self.text(last), text));
            match spans.last_mut() {
                Some(last) if joins => *last = last.cover(content),
                _ => spans.push(content),
            }
            let _ = prev_blank;
            prev_blank = false;
        }
        self.doc.basis = spans;
    }

    fn body(&mut self, start: usize, end: usize) {
        let mut stack: Vec<usize> = Vec::new();
        for i in start..end {
            if !self.flow(i) || self.is_blank(i) {
                continue;
            }
            let content = self.lns[i].content;
            let text = self.text(content);
            if self.names_bare_part(stack.last().copied(), i) {
                // `Phần thứ hai` with its title on the next line: that line is the title.
                let top = stack[stack.len() - 1];
                let section = &mut self.doc.sections[top];
                section.heading = section.heading.cover(content);
                section.title = content;
                continue;
            }
            let marker = self
                .marker(i)
                .filter(|m| m.kind != MarkerKind::Unnumbered)
                .map(|m| {
                    let label = m.label.clone();
                    (
                        m.kind,
                        label,
                        m.separator,
                        m.start,
                        m.marker_len,
                        m.title_start,
                    )
                })
                .or_else(|| {
                    self.unnumbered_heading(i)
                        .then(|| (MarkerKind::Unnumbered, String::new(), None, 0, 0, 0))
                });
            match marker {
                Some((kind, label, separator, start, marker_len, title_start)) => {
                    let rank = kind.rank();
                    while let Some(&top) = stack.last() {
                        if self.doc.sections[top].marker.kind.rank() >= rank {
                            stack.pop();
                        } else {
                            break;
                        }
                    }
                    let parent = stack.last().copied();
                    let index = self.doc.sections.len();
                    let depth = parent.map_or(1, |p| self.doc.sections[p].depth + 1);
                    self.doc.sections.push(Section {
                        marker: Marker {
                            kind,
                            label,
                            separator,
                            span: Span::new(
                                content.start + start,
                                content.start + start + marker_len,
                            ),
                            auto_numbered: self.lns[i].auto_numbered,
                        },
                        // The heading opens at its marker: emoji before it are decoration.
                        heading: Span::new(content.start + start, content.end),
                        title: Span::new(content.start + title_start, content.end),
                        paragraphs: Vec::new(),
                        parent,
                        children: Vec::new(),
                        depth,
                    });
                    if let Some(p) = parent {
                        self.doc.sections[p].children.push(index);
                    }
                    stack.push(index);
                }
                None => {
                    let Some(&top) = stack.last() else {
                        // Text before the first heading of the body belongs to the basis.
                        self.doc.basis.push(content);
                        continue;
                    };
                    let section = &self.doc.sections[top];
                    let last = section.paragraphs.last().copied();
                    let prev_text = last.map_or(section.heading, |l| l);
                    let prev = self.doc.source.slice(prev_text);
                    // A heading in capitals does not go on in lower case: "sau:" under
                    // "II. PHƯƠNG HƯỚNG …" is the tail of a wrapped paragraph, not of the title.
                    let capital_heading =
                        last.is_none() && lines::is_upper(self.doc.source.slice(section.title));
                    let joins = !capital_heading && lines::continues(prev, text);
                    let section = &mut self.doc.sections[top];
                    match (joins, section.paragraphs.last_mut()) {
                        (true, Some(p)) => *p = p.cover(content),
                        (true, None) => {
                            section.heading = section.heading.cover(content);
                            section.title = section.title.cover(content);
                        }
                        _ => section.paragraphs.push(content),
                    }
                }
            }
        }
    }

    fn tail(&mut self, start: usize) {
        #[derive(Clone, Copy, PartialEq)]
        enum Cell {
            Label(usize),
            Item,
            Authority,
            Title,
            Name,
            Note,
            Other,
        }
        let n = self.lns.len();
        let mut noi_nhan: Option<NoiNhan> = None;
        let mut in_list = false;
        // One stream of signer cells per column.
        let mut streams: Vec<Vec<(Span, Cell, usize)>> = vec![Vec::new()];
        let mut blank_run = 0usize;
        let mut i = start;
        while i < n {
            if !self.flow(i) {
                i += 1;
                continue;
            }
            if self.is_blank(i) {
                blank_run += 1;
                i += 1;
                continue;
            }
            let content = self.lns[i].content;
            let text = self.text(content).to_string();
            if text.starts_with("PHỤ LỤC") || text.starts_with("Phụ lục") {
                break;
            }
            // A document attached after the signature: its own header or title.
            if self.opens_attachment(i) {
                break;
            }
            let mut ranges = self.cells(i).to_vec();
            if let [(s, e)] = ranges[..] {
                if let Some(at) = lines::merged_signer_start(&text[s..e]) {
                    let left = text[s..s + at].trim_end().len();
                    ranges = vec![(s, s + left), (s + at, e)];
                }
            }
            let cells: Vec<(Span, Cell)> = ranges
                .iter()
                .map(|&(s, e)| {
                    let c = &text[s..e];
                    let kind = if let Some(off) = lines::noi_nhan_label(c) {
                        Cell::Label(off)
                    } else if lines::authority(c).is_some() {
                        Cell::Authority
                    } else if lines::marker(c)
                        .is_some_and(|m| matches!(m.kind, MarkerKind::Dash | MarkerKind::Plus))
                    {
                        Cell::Item
                    } else if lines::is_sign_note(c) {
                        Cell::Note
                    } else if lines::is_name(c) {
                        Cell::Name
                    } else if lines::is_signer_title(c) {
                        Cell::Title
                    } else {
                        Cell::Other
                    };
                    (Span::new(content.start + s, content.start + e), kind)
                })
                .collect();
            // A long line of prose ends the tail: what follows is an appendix.
            if cells.len() == 1
                && cells[0].1 == Cell::Other
                && (!in_list || lines::ends_sentence(&text))
                && text.split_whitespace().count() > 12
            {
                break;
            }
            let mut signer_col = 0;
            // In a Markdown table row the pieces of one cell stack vertically (one column).
            let multi = !lines::is_markdown_row(&text)
                && cells
                    .iter()
                    .filter(|(_, k)| {
                        matches!(k, Cell::Authority | Cell::Title | Cell::Name | Cell::Note)
                    })
                    .count()
                    > 1;
            let indented = {
                let line = self.doc.source.line_span(i);
                let raw = self.text(Span::new(line.start, content.start));
                raw.chars().filter(|&c| c == '\t').count() >= 2 || raw.chars().count() >= 12
            };
            for (span, kind) in cells {
                match kind {
                    Cell::Label(off) => {
                        in_list = true;
                        let label = Span::new(span.start, span.start + off.min(span.len()));
                        let mut items = Vec::new();
                        let rest = self
                            .text(Span::new(label.end, span.end))
                            .trim_start_matches(|c: char| {
                                c.is_whitespace() || c == '*' || c == '_'
                            });
                        if !rest.is_empty() {
                            let lead = span.len() - off - rest.len();
                            items.push(Span::new(label.end + lead, span.end));
                        }
                        noi_nhan
                            .get_or_insert(NoiNhan {
                                label,
                                items: Vec::new(),
                            })
                            .items
                            .extend(items);
                    }
                    Cell::Item if in_list => {
                        if let Some(nn) = noi_nhan.as_mut() {
                            nn.items.push(span);
                        }
                    }
                    Cell::Other | Cell::Item if in_list && !multi => {
                        // A recipient wrapped onto a second line.
                        // Only the line right under it: signer lines interleaved with the
                        // list (a two-column layout read line by line) sit in between otherwise.
                        let source = &self.doc.source;
                        if let Some(last) = noi_nhan.as_mut().and_then(|nn| nn.items.last_mut()) {
                            let adjacent =
                                source.line_of(span.start) == source.line_of(last.end) + 1;
                            // An item is done at its `;`, `.` or (Party style) `,`; one
                            // ending in `)` goes on: `- Bộ Tư pháp (Cục …)` then `(b/c);`.
                            let done = source.slice(*last).trim_end().ends_with([';', '.', ',']);
                            let words = source.slice(span).chars().any(char::is_alphabetic);
                            if adjacent
                                && words
                                && (!done || lines::starts_lowercase(source.slice(span)))
                            {
                                *last = last.cover(span);
                            }
                        }
                    }
                    Cell::Authority | Cell::Title | Cell::Name | Cell::Note => {
                        let col = if multi {
                            signer_col
                        } else if indented && streams.len() > 1 {
                            streams.len() - 1
                        } else {
                            0
                        };
                        signer_col += 1;
                        while streams.len() <= col {
                            streams.push(Vec::new());
                        }
                        streams[col].push((span, kind, blank_run));
                    }
                    _ => {}
                }
            }
            blank_run = 0;
            i += 1;
        }
        for j in i..n {
            if self.flow(j) && !self.is_blank(j) {
                self.doc.appendix.push(self.lns[j].content);
            }
        }
        self.doc.noi_nhan = noi_nhan;

        for stream in streams {
            let mut block = SignerBlock::default();
            for (span, kind, blanks_before) in stream {
                let has_content = !block.titles.is_empty() || block.name.is_some();
                match kind {
                    Cell::Authority => {
                        // `TM. ỦY BAN NHÂN DÂN` then `KT. CHỦ TỊCH`: one block with two
                        // prefixes, as long as it holds nothing but authority lines so far.
                        let only_authorities = !block.authorities.is_empty()
                            && block.titles.len() == block.authorities.len()
                            && block.name.is_none();
                        if has_content && !only_authorities {
                            self.doc.signers.push(std::mem::take(&mut block));
                        }
                        let text = self.doc.source.slice(span);
                        let prefix = lines::authority(text).unwrap_or_default();
                        let start =
                            span.start + text.find(prefix.trim_end_matches('.')).unwrap_or(0);
                        let authority = Authority {
                            span: Span::new(start, start + prefix.len()),
                            prefix,
                        };
                        block.authorities.push(authority.clone());
                        block.authority = Some(authority);
                        block.titles.push(span);
                    }
                    Cell::Title => {
                        if block.name.is_some() {
                            self.doc.signers.push(std::mem::take(&mut block));
                            block.titles.push(span);
                        } else if blanks_before > 0
                            && !block.titles.is_empty()
                            && (2..=5)
                                .contains(&self.doc.source.slice(span).split_whitespace().count())
                        {
                            // A name written in capitals, under the signature space.
                            block.name = Some(span);
                        } else {
                            block.titles.push(span);
                        }
                    }
                    Cell::Name => {
                        if block.name.is_some() {
                            self.doc.signers.push(std::mem::take(&mut block));
                        }
                        block.name = Some(span);
                    }
                    Cell::Note => block.notes.push(span),
                    _ => {}
                }
            }
            if !block.titles.is_empty() || block.name.is_some() {
                self.doc.signers.push(block);
            }
        }
        self.doc.signers.sort_by_key(|b| b.span().start);
        // A title line under a signed block (`PHÓ GIÁM ĐỐC SỞ …` under the head of an inspection
        // team's name) describes that signer; it is not a block of its own.
        let mut merged: Vec<SignerBlock> = Vec::new();
        for block in std::mem::take(&mut self.doc.signers) {
            let continues = block.authority.is_none()
                && block.name.is_none()
                && merged
                    .last()
                    .is_some_and(|prev| prev.name.is_some_and(|n| n.end <= block.span().start));
            match merged.last_mut() {
                Some(prev) if continues => prev.notes.extend(block.titles),
                _ => merged.push(block),
            }
        }
        self.doc.signers = merged;
    }
}

/// Words that open the title of a usual plan section, for headings written without a number.
const SECTION_WORDS: &[&str] = &[
    "MỤC ĐÍCH",
    "MỤC TIÊU",
    "YÊU CẦU",
    "NỘI DUNG",
    "NHIỆM VỤ",
    "GIẢI PHÁP",
    "TỔ CHỨC THỰC HIỆN",
    "KINH PHÍ",
    "CĂN CỨ",
    "ĐẶC ĐIỂM",
    "THỜI GIAN",
    "PHÂN CÔNG",
    "TRÁCH NHIỆM",
    "CHẾ ĐỘ BÁO CÁO",
    "KẾT QUẢ",
    "CÁC HOẠT ĐỘNG",
    "HOẠT ĐỘNG",
    "CÁC NỘI DUNG",
    "CÁC NHIỆM VỤ",
];

fn set_first(slot: &mut Option<Span>, span: Span) {
    slot.get_or_insert(span);
}

fn starts_basis(text: &str) -> bool {
    let t = lines::clean(text);
    let t = t.trim_start();
    ["Căn cứ", "Thực hiện", "Triển khai", "Theo ", "Nhằm", "Để "]
        .iter()
        .any(|w| t.starts_with(w))
}

/// True for the note under a plan's title that a decision issues it (`(Ban hành kèm theo
/// Quyết định số …)`, `(Kèm theo …)`).
fn is_attached_note(text: &str) -> bool {
    let t = lines::clean(text);
    let t = t.trim_start();
    t.starts_with('(') && doctype::says_attached(t)
}

/// True when many long lines hold two or more gaps of several spaces between words: a
/// justified page as `pdftotext -layout` writes it. A typed double space is one slip on a line
/// here and there.
fn stretched(doc: &Document) -> bool {
    let text = doc.source.text();
    let (mut long, mut stretched) = (0usize, 0usize);
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().nth(40).is_some())
    {
        long += 1;
        let gaps = line
            .as_bytes()
            .windows(3)
            .filter(|w| w[0] != b' ' && w[1] == b' ' && w[2] == b' ')
            .count();
        if gaps >= 2 {
            stretched += 1;
        }
    }
    stretched >= 5 && stretched * 100 >= long * 15
}

/// True when the plan calls itself a draft: `DỰ THẢO` stamped above the header, or in a
/// page header or footer (where a watermark's words are read too).
fn says_draft(doc: &Document) -> bool {
    let stamped = doc.header.other.iter().any(|&s| {
        lines::clean(doc.text(s))
            .trim()
            .to_uppercase()
            .starts_with("DỰ THẢO")
    });
    stamped
        || doc
            .page_furniture
            .iter()
            .any(|&s| doc.text(s).to_uppercase().contains("DỰ THẢO"))
}

/// Marks that sit above the header but are not the agency: draft stamps, urgency and secrecy.
fn is_draft_mark(text: &str) -> bool {
    let t = lines::clean(text).to_uppercase();
    let t = t.trim();
    [
        "DỰ THẢO",
        "MẬT",
        "TỐI MẬT",
        "KHẨN",
        "HỎA TỐC",
        "HOẢ TỐC",
        "THƯỢNG KHẨN",
    ]
    .iter()
    .any(|m| t == *m || t.starts_with(&format!("{m} ")))
}

fn detect_system(doc: &mut Document, forced: Option<System>) {
    if let Some(system) = forced {
        doc.system = system;
        doc.system_evidence = SystemEvidence::Forced;
        return;
    }
    let h = &doc.header;
    let (system, evidence) = if h.party_title.is_some() {
        (System::Party, SystemEvidence::HeaderTitle)
    } else if h.quoc_hieu.is_some() || h.tieu_ngu.is_some() {
        (System::State, SystemEvidence::HeaderTitle)
    } else if h.youth_title.is_some() {
        (System::Youth, SystemEvidence::HeaderTitle)
    } else if let Some(so) = h.so_ky_hieu {
        // `Số 01-KH/TU`: number, hyphen, type, slash, body.
        let text = doc.source.slice(so);
        let party = regex_lite_party_number(text);
        if party {
            (System::Party, SystemEvidence::NumberShape)
        } else {
            (System::State, SystemEvidence::NumberShape)
        }
    } else {
        (System::State, SystemEvidence::Assumed)
    };
    doc.system = system;
    doc.system_evidence = evidence;
}

/// True for a Party-style number `Số 01-KH/TU` (hyphen before the type, slash after it).
fn regex_lite_party_number(text: &str) -> bool {
    let rest = text.trim_start_matches(|c: char| !c.is_ascii_digit());
    let Some(hyphen) = rest.find('-') else {
        return false;
    };
    let slash = rest.find('/');
    rest[..hyphen].chars().all(|c| c.is_ascii_digit()) && slash.is_some_and(|s| s > hyphen)
}

/// Decides the document type: the first type-name line near the top, else the abbreviation in
/// the number, else a `V/v` trích yếu (Công văn), else plan sections in the body.
fn detect_type(doc: &Document, lns: &[Ln], forced: Option<&str>) -> doctype::DocType {
    use doctype::{DocType, TypeEvidence};
    let text = |i: usize| doc.source.slice(lns[i].content);
    let top: Vec<usize> = (0..lns.len())
        .filter(|&i| lns[i].special == Special::Flow && !lns[i].content.is_empty())
        .take(60)
        .collect();
    let title = top.iter().find_map(|&i| {
        let line = text(i);
        lines::cells(line).into_iter().find_map(|(s, e)| {
            doctype::title_type(&line[s..e]).map(|t| {
                let c = lns[i].content;
                (t, Span::new(c.start + s, c.start + e))
            })
        })
    });
    let mut found = if let Some(id) = forced {
        DocType {
            info: doctype::by_id(id),
            evidence: TypeEvidence::Forced,
            ..DocType::default()
        }
    } else if let Some((info, span)) = title {
        DocType {
            info: Some(info),
            evidence: TypeEvidence::Title,
            title: Some(span),
            ..DocType::default()
        }
    } else if let Some(info) = doc
        .header
        .so_ky_hieu
        .and_then(|so| doctype::number_type(doc.source.slice(so)))
    {
        DocType {
            info: Some(info),
            evidence: TypeEvidence::Number,
            ..DocType::default()
        }
    } else if top.iter().take(20).any(|&i| doctype::is_vv(text(i))) {
        DocType {
            info: doctype::by_id("cong-van"),
            evidence: TypeEvidence::Vv,
            ..DocType::default()
        }
    } else if doc.title.is_some() || has_plan_sections(doc) {
        DocType {
            info: doctype::by_id("ke-hoach"),
            evidence: TypeEvidence::Sections,
            ..DocType::default()
        }
    } else {
        DocType::default()
    };
    // A decision (or resolution, directive) whose text is followed by a plan's title line.
    if found.info.is_some_and(|t| t.id != "ke-hoach") && found.evidence != TypeEvidence::Forced {
        let type_line = found.title.map_or(0, |t| t.end);
        let plan_title = (0..lns.len()).find(|&i| {
            lns[i].content.start > type_line
                && lns[i].special == Special::Flow
                && doctype::title_type(text(i)).is_some_and(|t| t.id == "ke-hoach")
        });
        if let Some(t) = plan_title {
            let near: String = (t..lns.len().min(t + 6))
                .map(text)
                .collect::<Vec<_>>()
                .join(" ");
            let whole = doc.source.text();
            found.attached_plan = doctype::says_attached(&near)
                || doctype::says_attached(&whole[..whole.len().min(lns[t].content.start)]);
        }
    }
    // A plan on its own that says, under its title, that a decision issues it (`(Ban hành kèm
    // theo Quyết định số …)`): its number, date, recipients and signature are the decision's.
    if found.id() == "ke-hoach" && found.evidence == TypeEvidence::Title {
        if let Some(title) = found.title {
            let after = top
                .iter()
                .filter(|&&i| lns[i].content.start >= title.end)
                .take(6);
            found.attached_plan = after
                .map(|&i| text(i))
                .take_while(|t| lines::marker(t).is_none() && !starts_basis(t))
                .any(doctype::says_attached);
        }
    }
    found
}

/// True when a root heading names a plan section (MỤC ĐÍCH…, TỔ CHỨC THỰC HIỆN).
fn has_plan_sections(doc: &Document) -> bool {
    doc.sections.iter().filter(|s| s.parent.is_none()).any(|s| {
        let title = doc.source.slice(s.title).to_uppercase();
        ["MỤC ĐÍCH", "TỔ CHỨC THỰC HIỆN", "MỤC TIÊU"]
            .iter()
            .any(|w| title.contains(w))
    })
}

#[cfg(test)]
mod tests;
