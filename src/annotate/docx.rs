//! Word comments written into a copy of a `.docx`: the main part gets
//! `w:commentRangeStart`/`w:commentRangeEnd`/`w:commentReference` markers inserted at byte
//! offsets (everything else in it stays as written), `word/comments.xml` is created or extended,
//! and the package writer copies every other entry unchanged.
//!
//! Paragraphs are counted exactly as the reader counts them (every `w:p` of the main part, in
//! the `mc:AlternateContent` branch the reader follows), so a finding's `Location::Body` names
//! the paragraph to anchor on. A span is anchored on its own text only when it lies in plain runs
//! that are direct children of one paragraph (not in a field, hyperlink, tracked change or text
//! box) and the paragraph's text as read here equals the reader's line; anything else is
//! anchored on the whole paragraph, which is always valid.

use std::collections::{BTreeMap, HashMap, HashSet};

use unicode_normalization::is_nfc;

use crate::extract::docx::xml::{self, Event, Ns, Reader};
use crate::extract::{ExtractError, Location};
use crate::parse::Document;
use crate::source::Span;
use crate::write::{PackageEditor, WriteError};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_NS_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const COMMENTS_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_REL_STRICT: &str =
    "http://purl.oclc.org/ooxml/officeDocument/relationships/comments";
const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

/// One comment to write: where (the finding's span) and what (its paragraphs of text).
#[derive(Debug, Clone)]
pub struct Note {
    /// The span in the document's NFC text.
    pub span: Span,
    /// The comment's paragraphs.
    pub paragraphs: Vec<String>,
}

/// How the comments were anchored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Placed {
    /// Comments anchored on the finding's own text.
    pub on_span: usize,
    /// Comments anchored on a whole paragraph (or table cell paragraph).
    pub on_paragraph: usize,
}

/// A direct or nested run of a paragraph.
#[derive(Debug, Clone)]
struct Run {
    /// Byte range of the whole `<w:r>…</w:r>`.
    range: (usize, usize),
    /// Byte range of its start tag.
    open: (usize, usize),
    /// Byte range of its `w:rPr`, if any.
    rpr: Option<(usize, usize)>,
    /// Number of `w:t` children.
    texts: usize,
    /// True while only `w:rPr` and `w:t` children were seen, as a direct child of its paragraph,
    /// outside fields.
    simple: bool,
    /// Paragraph it belongs to.
    para: usize,
}

/// Text of one `w:t` inside a paragraph's text.
#[derive(Debug, Clone)]
struct Seg {
    /// Byte range in the paragraph's text.
    at: (usize, usize),
    run: usize,
}

#[derive(Debug, Clone)]
struct Para {
    open: (usize, usize),
    self_closing: bool,
    /// Where paragraph content starts (after `w:pPr`).
    content: usize,
    /// Start of `</w:p>`.
    close: usize,
    /// The outermost paragraph holding this one (itself when not in a text box).
    outer: usize,
    text: String,
    segs: Vec<Seg>,
    /// False when the text read here may differ from the reader's (symbols, breaks).
    reliable: bool,
}

#[derive(Debug)]
enum Frame {
    Para(usize),
    Run(usize),
    Text(usize, usize),
    Alternate { taken: bool },
    Other,
}

/// The paragraphs and runs of a main part, with byte positions.
#[derive(Debug, Default)]
struct Layout {
    paras: Vec<Para>,
    runs: Vec<Run>,
    /// Footnote and endnote id → outermost paragraph holding its reference.
    notes: HashMap<(bool, i64), usize>,
    /// The prefix bound to the WordprocessingML namespace on the root (`w`).
    prefix: String,
}

fn tag_start(text: &str, end: usize) -> usize {
    text[..end].rfind('<').unwrap_or(end)
}

fn layout(part: &str, text: &str) -> Result<Layout, ExtractError> {
    let mut r = Reader::new(part, text);
    let mut l = Layout::default();
    let mut frames: Vec<Frame> = Vec::new();
    // Complex fields: true once `separate` was seen (the result is shown).
    let mut fields: Vec<bool> = Vec::new();
    let mut seen_root = false;
    loop {
        let ev = r.next()?;
        let pos = r.position();
        match ev {
            Event::Eof => break,
            Event::Text(t) => {
                if let Some(Frame::Text(p, _)) = frames.last() {
                    if fields.iter().all(|s| *s) {
                        l.paras[*p].text.push_str(&t.replace(['\n', '\r'], " "));
                    }
                }
            }
            Event::End => match frames.pop() {
                Some(Frame::Para(i)) => {
                    let p = &mut l.paras[i];
                    if p.self_closing {
                        p.close = p.open.0;
                    } else {
                        p.close = tag_start(text, pos);
                    }
                }
                Some(Frame::Run(i)) => {
                    l.runs[i].range.1 = pos;
                    if l.runs[i].texts != 1 {
                        l.runs[i].simple = false;
                    }
                }
                Some(Frame::Text(p, start)) => {
                    let run = match frames.last() {
                        Some(Frame::Run(ri)) => *ri,
                        _ => continue,
                    };
                    let end = l.paras[p].text.len();
                    if end > start {
                        l.paras[p].segs.push(Seg {
                            at: (start, end),
                            run,
                        });
                    }
                }
                _ => {}
            },
            Event::Start(el) => {
                if !seen_root {
                    seen_root = true;
                    l.prefix = prefix_of(&text[tag_start(text, pos)..pos]);
                }
                if let Some(Frame::Alternate { taken }) = frames.last_mut() {
                    let wanted = el.ns == Ns::Mc
                        && !*taken
                        && (el.local == "Fallback"
                            || (el.local == "Choice"
                                && r.understands(el.attr_ns(Ns::None, "Requires").unwrap_or(""))));
                    if wanted {
                        *taken = true;
                        frames.push(Frame::Other);
                    } else {
                        r.skip()?;
                    }
                    continue;
                }
                if el.ns == Ns::Mc {
                    if el.local == "AlternateContent" {
                        frames.push(Frame::Alternate { taken: false });
                    } else {
                        r.skip()?;
                    }
                    continue;
                }
                let current_para = frames.iter().rev().find_map(|f| match f {
                    Frame::Para(i) => Some(*i),
                    _ => None,
                });
                let in_run = match frames.last() {
                    Some(Frame::Run(ri)) => Some(*ri),
                    _ => None,
                };
                if let Some(ri) = in_run {
                    // A child of a run: only `w:rPr` and one `w:t` keep it simple.
                    let start = tag_start(text, pos);
                    if el.is_w("rPr") {
                        r.skip()?;
                        l.runs[ri].rpr = Some((start, r.position()));
                        continue;
                    }
                    if !el.is_w("t") {
                        l.runs[ri].simple = false;
                    }
                }
                if el.ns != Ns::W {
                    frames.push(Frame::Other);
                    continue;
                }
                match el.local.as_str() {
                    "p" => {
                        let start = tag_start(text, pos);
                        let index = l.paras.len();
                        let outer = frames
                            .iter()
                            .find_map(|f| match f {
                                Frame::Para(i) => Some(l.paras[*i].outer),
                                _ => None,
                            })
                            .unwrap_or(index);
                        l.paras.push(Para {
                            open: (start, pos),
                            self_closing: text[start..pos].ends_with("/>"),
                            content: pos,
                            close: pos,
                            outer,
                            text: String::new(),
                            segs: Vec::new(),
                            reliable: true,
                        });
                        frames.push(Frame::Para(index));
                    }
                    "pPr" => {
                        r.skip()?;
                        if let Some(Frame::Para(i)) = frames.last() {
                            l.paras[*i].content = r.position();
                        }
                    }
                    "r" => {
                        let start = tag_start(text, pos);
                        let direct = matches!(frames.last(), Some(Frame::Para(_)));
                        let index = l.runs.len();
                        l.runs.push(Run {
                            range: (start, pos),
                            open: (start, pos),
                            rpr: None,
                            texts: 0,
                            simple: direct && fields.is_empty(),
                            para: current_para.unwrap_or(usize::MAX),
                        });
                        frames.push(Frame::Run(index));
                    }
                    "t" => match (current_para, in_run) {
                        (Some(p), Some(ri)) => {
                            l.runs[ri].texts += 1;
                            frames.push(Frame::Text(p, l.paras[p].text.len()));
                        }
                        _ => frames.push(Frame::Other),
                    },
                    "tab" | "ptab" | "noBreakHyphen" => {
                        r.skip()?;
                        if let Some(p) = current_para {
                            if fields.iter().all(|s| *s) {
                                let c = if el.local == "noBreakHyphen" {
                                    "-"
                                } else {
                                    "\t"
                                };
                                l.paras[p].text.push_str(c);
                            }
                        }
                    }
                    "br" | "cr" | "sym" => {
                        r.skip()?;
                        if let Some(p) = current_para {
                            l.paras[p].reliable = false;
                        }
                    }
                    "fldChar" => {
                        match el.attr("fldCharType") {
                            Some("begin") => fields.push(false),
                            Some("separate") => {
                                if let Some(f) = fields.last_mut() {
                                    *f = true;
                                }
                            }
                            Some("end") => {
                                fields.pop();
                            }
                            _ => {}
                        }
                        r.skip()?;
                    }
                    "footnoteReference" | "endnoteReference" => {
                        let id = el.attr("id").and_then(|v| v.trim().parse::<i64>().ok());
                        r.skip()?;
                        if let (Some(id), Some(p)) = (id, current_para) {
                            let key = (el.local == "footnoteReference", id);
                            l.notes.entry(key).or_insert(l.paras[p].outer);
                        }
                    }
                    // Deleted text and text that is not shown; their paragraphs are not counted
                    // by the reader either.
                    "del" | "moveFrom" | "delText" | "instrText" | "delInstrText" | "rt" => {
                        r.skip()?;
                    }
                    _ => frames.push(Frame::Other),
                }
            }
        }
    }
    Ok(l)
}

/// The namespace prefix of the element whose start tag is `tag` (`w` for `<w:document …>`).
fn prefix_of(tag: &str) -> String {
    let name: String = tag
        .trim_start_matches('<')
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
        .collect();
    name.split_once(':')
        .map(|(p, _)| p.to_string())
        .unwrap_or_default()
}

fn qualified(prefix: &str, local: &str) -> String {
    if prefix.is_empty() {
        local.to_string()
    } else {
        format!("{prefix}:{local}")
    }
}

/// Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An edit of the main part: insert at a position, or replace a byte range.
#[derive(Debug)]
struct Edit {
    at: usize,
    /// End of the replaced range (`at` for an insertion).
    end: usize,
    text: String,
}

/// Where one comment goes.
enum Anchor {
    Paragraph(usize),
    /// The span's text: a split point at each end.
    Span {
        start: Cut,
        end: Cut,
    },
}

/// A place between or inside runs.
#[derive(Debug, Clone, Copy)]
struct Cut {
    run: usize,
    /// Byte offset in the run's text; 0 = before the run, its length = after it.
    offset: usize,
}

/// Annotates the package `input`, read as `doc`, with `notes`. Returns the new package and how
/// the comments were anchored.
pub fn annotate(
    input: &[u8],
    doc: &Document,
    notes: &[Note],
) -> Result<(Vec<u8>, Placed), WriteError> {
    let mut pkg = PackageEditor::open(input)?;
    let main = pkg.main_part()?;
    let bytes = pkg
        .read(&main)?
        .ok_or(WriteError::Read(ExtractError::NoMainPart))?;
    let text = match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)) {
        Ok(t) => t.to_string(),
        Err(_) => {
            return Err(WriteError::BrokenPart {
                part: main.clone(),
                detail: "only UTF-8 main parts can be annotated".into(),
            })
        }
    };
    let strict = text.contains(W_NS_STRICT) && !text.contains(W_NS);
    let lay = layout(&main, &text)?;
    if lay.paras.is_empty() {
        return Err(WriteError::BrokenPart {
            part: main,
            detail: "no paragraph to attach comments to".into(),
        });
    }
    let w = lay.prefix.clone();
    let comments_part = comments_part_of(&mut pkg, &main)?;
    let existing = existing_comment_ids(&mut pkg, &main, comments_part.as_deref())?;
    let first_id = existing.iter().max().map_or(0, |m| m + 1);
    let mut used_runs: HashSet<usize> = HashSet::new();
    let mut edits: Vec<Edit> = Vec::new();
    let mut on_paragraph: BTreeMap<usize, Vec<i64>> = BTreeMap::new();
    let mut placed = Placed::default();
    let mut comments = String::new();
    let fallback_para = fallback_paragraph(doc, &lay);
    for (id, note) in (first_id..).zip(notes) {
        let anchor = anchor_for(doc, &lay, note.span, &used_runs)
            .unwrap_or(Anchor::Paragraph(fallback_para));
        match anchor {
            Anchor::Paragraph(p) => {
                placed.on_paragraph += 1;
                on_paragraph.entry(p).or_default().push(id);
            }
            Anchor::Span { start, end } => {
                placed.on_span += 1;
                used_runs.insert(start.run);
                used_runs.insert(end.run);
                span_edits(&text, &lay, &w, id, start, end, &mut edits);
            }
        }
        comments.push_str(&comment_xml(&w, id, &note.paragraphs));
    }
    for (p, ids) in &on_paragraph {
        let para = &lay.paras[*p];
        let starts: String = ids
            .iter()
            .map(|id| {
                format!(
                    "<{} {}=\"{id}\"/>",
                    qualified(&w, "commentRangeStart"),
                    qualified(&w, "id")
                )
            })
            .collect();
        let ends: String = ids.iter().map(|id| range_end(&w, *id)).collect();
        if para.self_closing {
            let open = &text[para.open.0..para.open.1];
            let open = format!("{}>", open.trim_end_matches("/>").trim_end());
            edits.push(Edit {
                at: para.open.0,
                end: para.open.1,
                text: format!("{open}{starts}{ends}</{}>", qualified(&w, "p")),
            });
        } else {
            edits.push(Edit {
                at: para.content,
                end: para.content,
                text: starts,
            });
            edits.push(Edit {
                at: para.close,
                end: para.close,
                text: ends,
            });
        }
    }
    // Insertions before replacements at the same place; otherwise in the order made.
    edits.sort_by_key(|e| (e.at, e.end > e.at));
    let mut out = String::with_capacity(text.len() + edits.len() * 96);
    let mut cursor = 0;
    for e in &edits {
        if e.at < cursor {
            // Cannot happen by construction (a run is split by one comment at most); refuse
            // rather than write a broken part.
            return Err(WriteError::BrokenPart {
                part: main,
                detail: "overlapping comment anchors".into(),
            });
        }
        out.push_str(&text[cursor..e.at]);
        out.push_str(&e.text);
        cursor = e.end;
    }
    out.push_str(&text[cursor..]);
    pkg.set(&main, out.into_bytes());

    // The comments part: extend the one the main part points to, or add one.
    match comments_part {
        Some(part) => {
            let bytes = pkg.read(&part)?.unwrap_or_default();
            let current = xml::decode_part(&part, &bytes)?.into_owned();
            let updated = append_to_root(&current, &comments, &part)?;
            pkg.set(&part, updated.into_bytes());
        }
        None => {
            let part = free_name(&pkg, &main);
            let ns = if strict { W_NS_STRICT } else { W_NS };
            let xmlns = if w.is_empty() {
                "xmlns".to_string()
            } else {
                format!("xmlns:{w}")
            };
            let root = qualified(&w, "comments");
            let xml = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<{root} {xmlns}=\"{ns}\">{comments}</{root}>"
            );
            pkg.set(&part, xml.into_bytes());
            pkg.set_content_type(&part, COMMENTS_TYPE)?;
            let rel = if strict {
                COMMENTS_REL_STRICT
            } else {
                COMMENTS_REL
            };
            pkg.add_relationship(&main, rel, &part)?;
        }
    }
    Ok((pkg.finish()?, placed))
}

fn range_end(w: &str, id: i64) -> String {
    format!(
        "<{} {a}=\"{id}\"/><{r}><{} {a}=\"{id}\"/></{r}>",
        qualified(w, "commentRangeEnd"),
        qualified(w, "commentReference"),
        a = qualified(w, "id"),
        r = qualified(w, "r"),
    )
}

fn comment_xml(w: &str, id: i64, paragraphs: &[String]) -> String {
    let q = |l: &str| qualified(w, l);
    let mut out = format!(
        "<{c} {}=\"{id}\" {}=\"vblint\" {}=\"VB\">",
        q("id"),
        q("author"),
        q("initials"),
        c = q("comment")
    );
    for (i, text) in paragraphs.iter().enumerate() {
        out.push_str(&format!("<{}>", q("p")));
        if i == 0 {
            out.push_str(&format!("<{r}><{}/></{r}>", q("annotationRef"), r = q("r")));
        }
        out.push_str(&format!(
            "<{r}><{t} xml:space=\"preserve\">{}</{t}></{r}></{}>",
            xml_escape(text),
            q("p"),
            r = q("r"),
            t = q("t")
        ));
    }
    out.push_str(&format!("</{}>", q("comment")));
    out
}

/// Inserts `content` before the end of the root element of `xml`.
fn append_to_root(xml: &str, content: &str, part: &str) -> Result<String, WriteError> {
    let trimmed = xml.trim_end();
    if let Some(start) = trimmed.rfind("</") {
        return Ok(format!("{}{content}{}", &xml[..start], &xml[start..]));
    }
    // `<w:comments …/>`: open it up.
    let body = trimmed
        .strip_suffix("/>")
        .ok_or_else(|| WriteError::BrokenPart {
            part: part.to_string(),
            detail: "no root element".into(),
        })?;
    let open = body.rfind('<').unwrap_or(0);
    let name: String = body[open + 1..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    Ok(format!("{body}>{content}</{name}>"))
}

/// The comments part the main part already points to, if any.
fn comments_part_of(pkg: &mut PackageEditor, main: &str) -> Result<Option<String>, WriteError> {
    let dir = main.rfind('/').map_or("", |i| &main[..=i]);
    let rels_name = format!("{dir}_rels/{}.rels", &main[dir.len()..]);
    let Some(bytes) = pkg.read(&rels_name)? else {
        return Ok(None);
    };
    let text = xml::decode_part(&rels_name, &bytes)?.into_owned();
    let mut r = Reader::new(&rels_name, &text);
    loop {
        match r.next()? {
            Event::Eof => return Ok(None),
            Event::Start(el) if el.local == "Relationship" => {
                let kind = el.attr_ns(Ns::None, "Type").unwrap_or("");
                let external = el.attr_ns(Ns::None, "TargetMode") == Some("External");
                if kind.rsplit('/').next() == Some("comments") && !external {
                    let target = el.attr_ns(Ns::None, "Target").unwrap_or("");
                    let resolved = resolve(dir, target);
                    if pkg.has(&resolved) {
                        return Ok(Some(resolved));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Resolves a relationship target against the source part's folder.
fn resolve(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A name for a new comments part beside the main part that the package does not use.
fn free_name(pkg: &PackageEditor, main: &str) -> String {
    let dir = main.rfind('/').map_or("", |i| &main[..=i]);
    let mut name = format!("{dir}comments.xml");
    let mut n = 1;
    while pkg.has(&name) {
        n += 1;
        name = format!("{dir}comments{n}.xml");
    }
    name
}

/// The ids of the comments the package already has, so new ones do not collide.
fn existing_comment_ids(
    pkg: &mut PackageEditor,
    main: &str,
    comments: Option<&str>,
) -> Result<Vec<i64>, WriteError> {
    let mut ids = Vec::new();
    for part in comments.into_iter().chain(["word/comments.xml"]) {
        let Some(bytes) = pkg.read(part)? else {
            continue;
        };
        let text = xml::decode_part(part, &bytes)?.into_owned();
        let mut r = Reader::new(part, &text);
        loop {
            match r.next()? {
                Event::Eof => break,
                Event::Start(el) if el.is_w("comment") => {
                    if let Some(id) = el.attr("id").and_then(|v| v.trim().parse().ok()) {
                        ids.push(id);
                    }
                    r.skip()?;
                }
                _ => {}
            }
        }
    }
    if let Some(bytes) = pkg.read(main)? {
        // Ranges in the body whose comment is missing still own their ids.
        let text = String::from_utf8_lossy(&bytes);
        for marker in ["commentRangeStart", "commentReference"] {
            for (i, _) in text.match_indices(marker) {
                let rest = &text[i..text.len().min(i + 200)];
                if let Some(v) = rest
                    .split("id=\"")
                    .nth(1)
                    .and_then(|v| v.split('"').next())
                    .and_then(|v| v.trim().parse().ok())
                {
                    ids.push(v);
                }
            }
        }
    }
    Ok(ids)
}

/// The paragraph for findings with no usable place: the title's, else the last one.
fn fallback_paragraph(doc: &Document, lay: &Layout) -> usize {
    let title_para = doc
        .title
        .and_then(|t| body_paragraph(doc, doc.source.line_of(t.start)))
        .and_then(|n| lay.paras.get(n - 1).map(|p| p.outer));
    title_para.unwrap_or_else(|| lay.paras.last().map_or(0, |p| p.outer))
}

/// The reader's paragraph number of a line in the main part.
fn body_paragraph(doc: &Document, line: usize) -> Option<usize> {
    match &doc.line_info.get(line)?.location {
        Location::Body { paragraph, .. } => Some(*paragraph),
        _ => None,
    }
}

/// Decides where a span's comment goes; `None` means the fallback paragraph.
fn anchor_for(
    doc: &Document,
    lay: &Layout,
    span: Span,
    used_runs: &HashSet<usize>,
) -> Option<Anchor> {
    let line = doc.source.line_of(span.start.min(doc.source.text().len()));
    let info = doc.line_info.get(line)?;
    let number = match &info.location {
        Location::Body { paragraph, .. } => *paragraph,
        Location::Footnote { id } => {
            return lay.notes.get(&(true, *id)).map(|p| Anchor::Paragraph(*p));
        }
        Location::Endnote { id } => {
            return lay.notes.get(&(false, *id)).map(|p| Anchor::Paragraph(*p));
        }
        _ => return None,
    };
    let index = number.checked_sub(1)?;
    let para = lay.paras.get(index)?;
    let whole = Anchor::Paragraph(para.outer);
    // Word keeps no comments inside text boxes: anchor on the paragraph holding the box.
    if para.outer != index || span.is_empty() || !para.reliable {
        return Some(whole);
    }
    // One line per paragraph, the same text as the reader's (after a numbering label).
    let same_para = doc
        .line_info
        .iter()
        .filter(|i| matches!(&i.location, Location::Body { paragraph, .. } if *paragraph == number))
        .count();
    let line_span = doc.source.line_span(line);
    let line_text = doc.source.slice(line_span);
    if same_para != 1 || !is_nfc(&para.text) || !line_text.ends_with(para.text.as_str()) {
        return Some(whole);
    }
    let label = line_text.len() - para.text.len();
    let start = span.start.checked_sub(line_span.start + label)?;
    let end = span
        .end
        .min(line_span.end)
        .checked_sub(line_span.start + label)?;
    if span.end > line_span.end || start >= end {
        return Some(whole);
    }
    let cut_at = |x: usize, is_start: bool| -> Option<(usize, Cut)> {
        let i = para.segs.iter().position(|s| {
            if is_start {
                s.at.0 <= x && x < s.at.1
            } else {
                s.at.0 < x && x <= s.at.1
            }
        })?;
        let s = &para.segs[i];
        Some((
            i,
            Cut {
                run: s.run,
                offset: x - s.at.0,
            },
        ))
    };
    let (Some((i, a)), Some((j, b))) = (cut_at(start, true), cut_at(end, false)) else {
        return Some(whole);
    };
    // Every piece of text under the comment is a plain run of this paragraph, and the text
    // between pieces is all accounted for (no tab or field result in between).
    let plain = para.segs[i..=j].iter().all(|s| {
        let run = &lay.runs[s.run];
        run.simple && run.para == index && !used_runs.contains(&s.run)
    });
    let contiguous = para.segs[i..=j].windows(2).all(|w| w[0].at.1 == w[1].at.0);
    if !plain || !contiguous {
        return Some(whole);
    }
    Some(Anchor::Span { start: a, end: b })
}

/// The edits for a comment on a span from cut `a` to cut `b`.
fn span_edits(text: &str, lay: &Layout, w: &str, id: i64, a: Cut, b: Cut, edits: &mut Vec<Edit>) {
    let start_mark = format!(
        "<{} {}=\"{id}\"/>",
        qualified(w, "commentRangeStart"),
        qualified(w, "id")
    );
    let end_mark = range_end(w, id);
    let run_text = |ri: usize| -> String {
        // The run's single w:t content, unescaped, from the paragraph text segments.
        let run = &lay.runs[ri];
        let para = &lay.paras[run.para];
        para.segs
            .iter()
            .find(|s| s.run == ri)
            .map(|s| para.text[s.at.0..s.at.1].to_string())
            .unwrap_or_default()
    };
    let piece = |ri: usize, t: &str| -> String {
        if t.is_empty() {
            return String::new();
        }
        let run = &lay.runs[ri];
        let open = &text[run.open.0..run.open.1];
        let rpr = run.rpr.map_or("", |(s, e)| &text[s..e]);
        format!(
            "{open}{rpr}<{t_} xml:space=\"preserve\">{}</{t_}></{r}>",
            xml_escape(t),
            t_ = qualified(w, "t"),
            r = qualified(w, "r"),
        )
    };
    if a.run == b.run {
        let run = &lay.runs[a.run];
        let t = run_text(a.run);
        if a.offset == 0 && b.offset == t.len() {
            edits.push(Edit {
                at: run.range.0,
                end: run.range.0,
                text: start_mark,
            });
            edits.push(Edit {
                at: run.range.1,
                end: run.range.1,
                text: end_mark,
            });
        } else {
            let new = format!(
                "{}{start_mark}{}{end_mark}{}",
                piece(a.run, &t[..a.offset]),
                piece(a.run, &t[a.offset..b.offset]),
                piece(a.run, &t[b.offset..])
            );
            edits.push(Edit {
                at: run.range.0,
                end: run.range.1,
                text: new,
            });
        }
        return;
    }
    let ra = &lay.runs[a.run];
    let ta = run_text(a.run);
    if a.offset == 0 {
        edits.push(Edit {
            at: ra.range.0,
            end: ra.range.0,
            text: start_mark,
        });
    } else {
        let new = format!(
            "{}{start_mark}{}",
            piece(a.run, &ta[..a.offset]),
            piece(a.run, &ta[a.offset..])
        );
        edits.push(Edit {
            at: ra.range.0,
            end: ra.range.1,
            text: new,
        });
    }
    let rb = &lay.runs[b.run];
    let tb = run_text(b.run);
    if b.offset == tb.len() {
        edits.push(Edit {
            at: rb.range.1,
            end: rb.range.1,
            text: end_mark,
        });
    } else {
        let new = format!(
            "{}{end_mark}{}",
            piece(b.run, &tb[..b.offset]),
            piece(b.run, &tb[b.offset..])
        );
        edits.push(Edit {
            at: rb.range.0,
            end: rb.range.1,
            text: new,
        });
    }
}
