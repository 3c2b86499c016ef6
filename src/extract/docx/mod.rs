//! The `.docx` reader: a streaming walk over the WordprocessingML package.
//!
//! * `package.rs`: zip access under zip-bomb limits, relationships, OLE2 detection;
//! * `xml.rs`: the only module that calls quick-xml (namespaces by URI, safety limits);
//! * `styles.rs`: run/paragraph properties, styles, theme fonts, inheritance;
//! * `numbering.rs`: list definitions and label rendering;
//! * `body.rs`: the walk that turns a story part into lines;
//! * `notes.rs`: footnote/endnote ordering.
//!
//! Output order: main document, then footnotes, endnotes, page headers, page footers.

mod body;
mod notes;
mod numbering;
pub(crate) mod package;
mod styles;
pub(crate) mod xml;

use std::collections::HashSet;

use xml::Event;

use body::{DocState, Line, PartKind, Walk};
use numbering::Numbering;
use package::{Package, Rel};
use styles::Styles;

use super::{
    ExtractError, ExtractFinding, Extracted, FindingKind, InputKind, LegacyEncoding, LineInfo,
    PageBand, PageNumber, PageNumbering,
};

pub(crate) use body::superscript;
pub use package::{MAX_ENTRIES, MAX_PART_BYTES, MAX_TOTAL_BYTES};

/// How much of `settings.xml` is read for the default tab stop: it comes within the first 2.1 KiB
/// in the files seen (after the zoom, proof state and similar short settings). Reading 8 KiB cost
/// about 1.7% of reading a plan (medians over the corpus's `.docx`, 12–50 µs a file).
const SETTINGS_PREFIX_BYTES: u64 = 4 << 10;

/// How many characters of affected text a legacy-encoding finding quotes.
const SAMPLE_CHARS: usize = 40;

/// True when the bytes start like a zip package or an OLE2 compound file (a `.doc`, or an
/// encrypted `.docx`), whatever the file is called.
pub fn looks_like_package(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"PK\x05\x06")
        || bytes.starts_with(&package::OLE2_MAGIC)
}

/// Reads a `.docx` package into its text (one line per paragraph, NFC) and per-line facts.
///
/// Never panics on content; memory is bounded by the part limits ([`MAX_PART_BYTES`],
/// [`MAX_TOTAL_BYTES`], [`MAX_ENTRIES`]).
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if bytes.starts_with(&package::OLE2_MAGIC) {
        return Err(package::classify_ole2(bytes));
    }
    let mut pkg = Package::open(bytes)?;
    let main = main_part(&mut pkg)?;
    let rels = pkg.rels(&main)?;
    let target = |kind: &str| {
        rels.iter()
            .find(|r| r.kind == kind)
            .map(|r| r.target.clone())
    };

    let mut styles = match target("styles") {
        Some(part) => parse_part(&mut pkg, &part, Styles::parse)?.unwrap_or_default(),
        None => Styles::default(),
    };
    if let Some(part) = target("theme") {
        if let Some(bytes) = pkg.read(&part)? {
            let text = xml::decode_part(&part, &bytes)?;
            styles.read_theme(&mut xml::Reader::new(&part, &text))?;
        }
    }
    // The default tab stop places the text of paragraphs typed after a tab. It is read from the
    // part's first bytes, where Word and LibreOffice write it, so a settings part with a long
    // list of revision ids is not inflated whole.
    if let Some(part) = target("settings") {
        if let Some(prefix) = pkg.read_prefix(&part, SETTINGS_PREFIX_BYTES)? {
            styles.read_default_tab_stop(&part, &prefix);
        }
    }
    // One compatibility setting is read, and only where a table style could be affected by it.
    // A settings part is mostly a long list of revision ids, so it is parsed only when it
    // names the setting; one that does not parse leaves it at its default rather than making
    // the document unreadable.
    if let Some(part) = target("settings").filter(|_| styles.table_sets_size_or_alignment) {
        if let Some(bytes) = pkg.read(&part)? {
            let text = xml::decode_part(&part, &bytes)?;
            let named = text.contains("overrideTableStyleFontSizeAndJustification");
            if named
                && styles
                    .read_settings(&mut xml::Reader::new(&part, &text))
                    .is_err()
            {
                styles.normal_overrides_table_style = false;
            }
        }
    }
    let mut numbering = match target("numbering") {
        Some(part) => parse_part(&mut pkg, &part, Numbering::parse)?.unwrap_or_default(),
        None => Numbering::default(),
    };
    for (style, num) in styles.linked_nums() {
        numbering.link_style(&style, num);
    }

    let mut doc = DocState::default();
    let mut lines: Vec<Line> = Vec::new();
    let body = walk_part(
        &mut pkg,
        &main,
        &styles,
        &mut numbering,
        &mut doc,
        PartKind::Body,
        0,
    )?
    .ok_or(ExtractError::NoMainPart)?;
    lines.extend(body.0);

    for (kind, part_kind) in [
        ("footnotes", PartKind::Footnotes),
        ("endnotes", PartKind::Endnotes),
    ] {
        let Some(part) = target(kind) else { continue };
        let base = lines.len();
        if let Some((walked, spans)) = walk_part(
            &mut pkg,
            &part,
            &styles,
            &mut numbering,
            &mut doc,
            part_kind,
            base,
        )? {
            let numbers = if kind == "footnotes" {
                &doc.footnotes
            } else {
                &doc.endnotes
            };
            lines.extend(notes::in_display_order(walked, &spans, numbers));
        }
    }

    let headers = targets_by_id(&rels, &doc.header_ids);
    let footers = targets_by_id(&rels, &doc.footer_ids);
    for (parts, header) in [(headers, true), (footers, false)] {
        for part in parts {
            let kind = if header {
                PartKind::Header(part.clone())
            } else {
                PartKind::Footer(part.clone())
            };
            let base = lines.len();
            if let Some((walked, _)) = walk_part(
                &mut pkg,
                &part,
                &styles,
                &mut numbering,
                &mut doc,
                kind,
                base,
            )? {
                lines.extend(walked);
            }
        }
    }

    let page_numbers = page_numbering(&rels, &doc, recorded_pages(&mut pkg));

    let comments = match target("comments") {
        Some(part) => parse_part(&mut pkg, &part, read_comments)?.unwrap_or_default(),
        None => Vec::new(),
    };
    let anchors = std::mem::take(&mut doc.comment_anchors);
    let mut out = assemble(lines, doc);
    out.page_numbers = Some(page_numbers);
    out.comments = anchor_comments(&out.lines, comments, &anchors);
    Ok(out)
}

/// The comments of `word/comments.xml`: (id, text with paragraphs joined by a space).
fn read_comments(r: &mut xml::Reader) -> Result<Vec<(String, String)>, ExtractError> {
    let mut out: Vec<(String, String)> = Vec::new();
    // Open elements; `true` for a `w:comment`.
    let mut open: Vec<bool> = Vec::new();
    let mut current: Option<usize> = None;
    loop {
        match r.next()? {
            Event::Eof => return Ok(out),
            Event::Text(_) => {}
            Event::End => {
                if open.pop() == Some(true) {
                    current = None;
                }
            }
            Event::Start(el) => {
                if el.is_w("comment") && out.len() < crate::limits::MAX_COMMENTS {
                    out.push((el.attr("id").unwrap_or_default().to_string(), String::new()));
                    current = Some(out.len() - 1);
                    open.push(true);
                } else if el.is_w("t") {
                    let t = r.text()?;
                    if let Some(i) = current {
                        out[i].1.push_str(&t);
                    }
                } else if el.is_w("delText") || el.is_w("instrText") {
                    r.skip()?;
                } else {
                    if el.is_w("p") {
                        if let Some(i) = current {
                            if !out[i].1.is_empty() {
                                out[i].1.push(' ');
                            }
                        }
                    }
                    open.push(false);
                }
            }
        }
    }
}

/// Places each comment on the lines of the main-part paragraphs its anchor covers; a comment
/// with no anchor in the main part (or one on paragraphs that yield no line) is left out.
fn anchor_comments(
    lines: &[LineInfo],
    comments: Vec<(String, String)>,
    anchors: &std::collections::BTreeMap<String, (Option<usize>, Option<usize>)>,
) -> Vec<crate::extract::Comment> {
    // Main-part paragraph ordinal → its first and last line.
    let mut by_paragraph: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
    for (i, info) in lines.iter().enumerate() {
        if let crate::extract::Location::Body { paragraph, .. } = info.location {
            by_paragraph
                .entry(paragraph)
                .and_modify(|e| e.1 = i)
                .or_insert((i, i));
        }
    }
    let mut out = Vec::new();
    for (id, text) in comments {
        let Some(&(start, end)) = anchors.get(&id) else {
            continue;
        };
        let (Some(start), end) = (start.or(end), end.or(start)) else {
            continue;
        };
        let end = end.unwrap_or(start).max(start);
        // The first and last paragraphs in the range that yielded lines.
        let first = by_paragraph.range(start..=end).next().map(|(_, l)| l.0);
        let last = by_paragraph
            .range(start..=end)
            .next_back()
            .map(|(_, l)| l.1);
        if let (Some(first), Some(last)) = (first, last) {
            out.push(crate::extract::Comment {
                text: text.trim().to_string(),
                lines: first..last + 1,
            });
        }
    }
    out.sort_by_key(|c| (c.lines.start, c.lines.end));
    out
}

/// Finds the main document part through `_rels/.rels`, falling back to `word/document.xml` for
/// packages written without relationships.
fn main_part(pkg: &mut Package) -> Result<String, ExtractError> {
    let root = pkg.rels("")?;
    if let Some(rel) = root
        .iter()
        .find(|r| r.kind == "officeDocument" && pkg.has(&r.target))
    {
        return Ok(rel.target.clone());
    }
    if pkg.has("word/document.xml") {
        return Ok("word/document.xml".into());
    }
    Err(ExtractError::NoMainPart)
}

/// Where the first section's page numbers are, from its header and footer references and the
/// `PAGE` fields found while walking those parts.
fn page_numbering(rels: &[Rel], doc: &DocState, pages: Option<u32>) -> PageNumbering {
    let Some(s) = &doc.first_section else {
        return PageNumbering {
            pages,
            any_section: !doc.page_fields.is_empty(),
            ..PageNumbering::default()
        };
    };
    let field = |id: &Option<String>, band: PageBand| {
        let id = id.as_ref()?;
        let target = &rels.iter().find(|r| &r.id == id)?.target;
        doc.page_fields
            .iter()
            .find(|(part, _)| part == target)
            .map(|&(_, alignment)| PageNumber { band, alignment })
    };
    // Even pages have their own header only with `w:evenAndOddHeaders` in the settings, which
    // are not read: a number on even pages alone still counts as numbering.
    let number = field(&s.default_header, PageBand::Header)
        .or_else(|| field(&s.default_footer, PageBand::Footer))
        .or_else(|| field(&s.even_header, PageBand::Header))
        .or_else(|| field(&s.even_footer, PageBand::Footer));
    // With "Different First Page" a missing first-page header is an empty one.
    let first = if s.title_page {
        field(&s.first_header, PageBand::Header)
            .or_else(|| field(&s.first_footer, PageBand::Footer))
    } else {
        number
    };
    PageNumbering {
        number,
        on_first_page: first.is_some(),
        any_section: !doc.page_fields.is_empty(),
        pages,
    }
}

/// The page count in `docProps/app.xml`, when the same statistics count some words: a package
/// made by a program from a template keeps the template's `1` page and `0` words. Any problem
/// reading the part leaves the count unknown; it never makes the plan unreadable.
fn recorded_pages(pkg: &mut Package) -> Option<u32> {
    let part = pkg
        .rels("")
        .ok()?
        .into_iter()
        .find(|r| r.kind == "extended-properties")?
        .target;
    let bytes = pkg.read(&part).ok()??;
    let text = xml::decode_part(&part, &bytes).ok()?;
    let mut r = xml::Reader::new(&part, &text);
    let (mut pages, mut words) = (None, None);
    loop {
        match r.next().ok()? {
            Event::Eof => break,
            Event::Start(el) if matches!(el.local, "Pages" | "Words") => {
                let n: Option<u32> = r.text().ok()?.trim().parse().ok();
                if el.local == "Pages" {
                    pages = n;
                } else {
                    words = n;
                }
            }
            _ => {}
        }
    }
    pages.filter(|&p| p > 0 && words.is_some_and(|w| w > 0))
}

fn targets_by_id(rels: &[Rel], ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        if let Some(rel) = rels.iter().find(|r| &r.id == id) {
            if !out.contains(&rel.target) {
                out.push(rel.target.clone());
            }
        }
    }
    out
}

fn parse_part<T>(
    pkg: &mut Package,
    part: &str,
    parse: impl FnOnce(&mut xml::Reader) -> Result<T, ExtractError>,
) -> Result<Option<T>, ExtractError> {
    let Some(bytes) = pkg.read(part)? else {
        return Ok(None);
    };
    let text = xml::decode_part(part, &bytes)?;
    let mut r = xml::Reader::new(part, &text);
    parse(&mut r).map(Some)
}

type Walked = (Vec<Line>, Vec<body::NoteSpan>);

fn walk_part(
    pkg: &mut Package,
    part: &str,
    styles: &Styles,
    numbering: &mut Numbering,
    doc: &mut DocState,
    kind: PartKind,
    base_line: usize,
) -> Result<Option<Walked>, ExtractError> {
    parse_part(pkg, part, |r| {
        let mut w = Walk::new(styles, numbering, doc, kind, base_line);
        w.run(r)?;
        Ok((std::mem::take(&mut w.lines), std::mem::take(&mut w.notes)))
    })
}

/// Joins the lines into the output text and adds the document-wide findings. Runs in a legacy
/// font (`.VnTime`, `VNI-Times`) are converted to Unicode so the other rules read real text; the
/// finding quotes the text as it was stored.
fn assemble(lines: Vec<Line>, doc: DocState) -> Extracted {
    let mut out = Extracted::plain(InputKind::Docx, String::new());
    let mut legacy_seen: HashSet<String> = HashSet::new();
    let mut pasted: Option<ExtractFinding> = None;
    let mut double_encoded: Option<ExtractFinding> = None;
    for (i, (text, mut info)) in lines.into_iter().enumerate() {
        if i > 0 {
            out.text.push('\n');
        }
        let start = out.text.len();
        let paragraph = legacy_paragraph(&text, &info);
        let converted = convert_legacy_runs(
            &text,
            &mut info,
            start,
            paragraph,
            &mut legacy_seen,
            &mut out.findings,
        );
        if let Some(encoding) = paragraph {
            note_legacy_paragraph(&mut pasted, encoding, &text, start..start + converted.len());
        }
        // A paragraph pasted from double-encoded text is read back, its runs re-based, unless a
        // decoder lost bytes of it: then it is reported as it is stored.
        let undone = super::mojibake::undo(&converted);
        let converted = match undone.as_deref() {
            Some(undone) if !converted.contains('\u{FFFD}') => {
                rebase_undone(&converted, &mut info);
                std::borrow::Cow::Owned(undone.to_string())
            }
            _ => converted,
        };
        if let Some(undone) = undone {
            match &mut double_encoded {
                Some(ExtractFinding {
                    kind: FindingKind::DoubleEncoded { count, .. },
                    ..
                }) => *count += 1,
                _ => {
                    double_encoded = Some(ExtractFinding {
                        kind: FindingKind::DoubleEncoded {
                            sample: super::mojibake::sample(&undone),
                            count: 1,
                        },
                        span: start..start + converted.len(),
                    })
                }
            }
        }
        out.text.push_str(&converted);
        out.lines.push(info);
    }
    out.findings.extend(pasted);
    out.findings.extend(double_encoded);
    if doc.decomposed > 0 {
        // The text was composed to NFC while reading; say so, as the .txt reader does.
        out.findings.push(ExtractFinding {
            kind: FindingKind::Decomposed {
                count: doc.decomposed,
            },
            span: 0..0,
        });
    }
    if doc.insertions > 0 || doc.deletions > 0 {
        out.findings.push(ExtractFinding {
            kind: FindingKind::TrackedChanges {
                insertions: doc.insertions,
                deletions: doc.deletions,
            },
            span: 0..0,
        });
    }
    out.page_setups = doc.page_setups;
    out
}

/// The legacy encoding of a paragraph typed in a Unicode font but holding legacy look-alike
/// text (pasted from a `.VnTime` document without its font); `None` when a run already declares
/// a legacy font (those are converted and reported by font).
fn legacy_paragraph(text: &str, info: &LineInfo) -> Option<LegacyEncoding> {
    let by_font = info
        .runs
        .iter()
        .any(|r| r.font.as_deref().and_then(legacy_encoding).is_some());
    if by_font {
        return None;
    }
    super::legacy::detect_paragraph(text)
}

/// Counts a pasted legacy paragraph into the one finding the document gets, which points at
/// the first of them.
fn note_legacy_paragraph(
    finding: &mut Option<ExtractFinding>,
    encoding: LegacyEncoding,
    original: &str,
    span: std::ops::Range<usize>,
) {
    match finding {
        Some(ExtractFinding {
            kind: FindingKind::LegacyParagraphs { count, .. },
            ..
        }) => *count += 1,
        _ => {
            *finding = Some(ExtractFinding {
                kind: FindingKind::LegacyParagraphs {
                    encoding,
                    sample: super::legacy::sample(original, encoding),
                    count: 1,
                },
                span,
            })
        }
    }
}

/// Rewrites the runs of `text` that use a legacy font and hold legacy look-alike characters,
/// re-basing every run range; reports each legacy font once per document. With `paragraph`,
/// the whole line is known to be in that encoding whatever its fonts say.
fn convert_legacy_runs<'t>(
    text: &'t str,
    info: &mut LineInfo,
    line_start: usize,
    paragraph: Option<LegacyEncoding>,
    seen: &mut HashSet<String>,
    findings: &mut Vec<ExtractFinding>,
) -> std::borrow::Cow<'t, str> {
    // Nothing to convert (the usual case): the text and its runs stay as they are.
    if paragraph.is_none()
        && !info
            .runs
            .iter()
            .any(|r| r.font.as_deref().and_then(legacy_encoding).is_some())
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for run in info.runs.iter_mut() {
        let (Some(slice), true) = (text.get(run.range.clone()), run.range.start >= copied) else {
            continue;
        };
        let by_font = run.font.as_deref().and_then(legacy_encoding);
        let encoding = by_font.or(paragraph);
        // Only text made of Latin-1/Windows-1252 look-alikes is legacy bytes; a legacy font
        // holding real Unicode Vietnamese is left as it is.
        let legacy = encoding.filter(|_| !slice.is_ascii() && slice.chars().all(is_cp1252_char));
        out.push_str(&text[copied..run.range.start]);
        let new_start = out.len();
        match legacy {
            Some(encoding) => {
                let font = run.font.clone().unwrap_or_default();
                let converted = match encoding {
                    LegacyEncoding::Tcvn3 if super::legacy::is_tcvn3_upper_font(&font) => {
                        super::legacy::tcvn3_upper_to_unicode(slice)
                    }
                    _ => super::legacy::convert(slice, encoding),
                };
                out.push_str(&converted);
                if by_font.is_some() && seen.insert(font.clone()) {
                    findings.push(ExtractFinding {
                        kind: FindingKind::LegacyEncoding {
                            encoding,
                            font: Some(font),
                            sample: slice.chars().take(SAMPLE_CHARS).collect(),
                        },
                        span: line_start + new_start..line_start + out.len(),
                    });
                }
            }
            None => out.push_str(slice),
        }
        copied = run.range.end;
        run.range = new_start..out.len();
    }
    out.push_str(&text[copied.min(text.len())..]);
    out.into()
}

/// Re-bases the runs of a double-encoded line once it is read back: each character of `text`
/// was one byte of the original, so an offset becomes the number of characters before it (moved
/// to the next letter's start should a run have ended inside a letter).
fn rebase_undone(text: &str, info: &mut LineInfo) {
    let total = text.chars().count();
    let offset = |at: usize| text.get(..at).map_or(total, |head| head.chars().count());
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| super::mojibake::byte_of(c).unwrap_or(0))
        .collect();
    // A byte of the original that continues a letter (10xxxxxx) is no place for a run to start.
    let snap = |mut at: usize| {
        while at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
            at += 1;
        }
        at
    };
    for run in &mut info.runs {
        run.range = snap(offset(run.range.start))..snap(offset(run.range.end));
    }
}

/// Characters that Windows-1252 decoding of 8-bit bytes can produce.
fn is_cp1252_char(c: char) -> bool {
    (c as u32) < 0x100 || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(c)
}

/// The legacy 8-bit encoding a font name implies: `.VnTime`, `.VnArialH`… hold TCVN3 and
/// `VNI-Times`… hold VNI.
pub(crate) fn legacy_encoding(font: &str) -> Option<LegacyEncoding> {
    let lower = font.trim().to_ascii_lowercase();
    if lower.starts_with(".vn") {
        Some(LegacyEncoding::Tcvn3)
    } else if lower.starts_with("vni-") || lower.starts_with("vni ") {
        Some(LegacyEncoding::Vni)
    } else {
        None
    }
}
