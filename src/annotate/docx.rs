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

use std::collections::{BTreeMap, HashMap};

use unicode_normalization::is_nfc;

use crate::extract::docx::xml::{self, Event, Ns, Reader};
use crate::extract::{ExtractError, Location};
use crate::parse::Document;
use crate::source::Span;
use crate::write::{xml_escape, PackageEditor, WriteError};

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
    /// Its other children in order (text, tabs, breaks, drawings…).
    children: Vec<Child>,
    /// True for a direct child of its paragraph, outside fields and holding no field mark:
    /// comment marks may go before, after or (splitting it) inside it.
    splittable: bool,
    /// Paragraph it belongs to.
    para: usize,
}

/// A child element of a run.
#[derive(Debug, Clone)]
struct Child {
    /// Byte range of the whole element.
    range: (usize, usize),
    /// For a `w:t` with text: its segment in the paragraph.
    seg: Option<usize>,
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
    /// A page or column break was seen after text: the next text starts a new line, as the
    /// reader does it.
    pending_break: bool,
}

impl Para {
    /// Appends shown text; lines are separated by `\n` as the reader splits them.
    fn push(&mut self, s: &str) {
        if self.pending_break {
            self.pending_break = false;
            self.text.push('\n');
        }
        self.text.push_str(s);
    }
}

#[derive(Debug)]
enum Frame {
    Para(usize),
    Run(usize),
    /// A `w:t`: its paragraph and run, where its text starts in the paragraph's text, and
    /// where its start tag starts.
    Text {
        para: usize,
        run: usize,
        start: usize,
        tag: usize,
    },
    Alternate {
        taken: bool,
    },
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
    // Run children being descended into: (frame depth, run, start).
    let mut open_children: Vec<(usize, usize, usize)> = Vec::new();
    loop {
        let ev = r.next()?;
        let pos = r.position();
        match ev {
            Event::Eof => break,
            Event::Text(t) => {
                if let Some(Frame::Text { para, .. }) = frames.last() {
                    if fields.iter().all(|s| *s) {
                        l.paras[*para].push(&t.replace(['\n', '\r'], " "));
                    }
                }
            }
            Event::End => match frames.pop() {
                _ if open_children.last().is_some_and(|c| c.0 == frames.len()) => {
                    if let Some((_, run, start)) = open_children.pop() {
                        l.runs[run].children.push(Child {
                            range: (start, pos),
                            seg: None,
                        });
                    }
                }
                Some(Frame::Para(i)) => {
                    let p = &mut l.paras[i];
                    p.close = if p.self_closing {
                        p.open.0
                    } else {
                        tag_start(text, pos)
                    };
                }
                Some(Frame::Run(i)) => l.runs[i].range.1 = pos,
                Some(Frame::Text {
                    para,
                    run,
                    start,
                    tag,
                }) => {
                    let end = l.paras[para].text.len();
                    // A line break the reader puts before this text is not part of it.
                    let start = if l.paras[para].text[start..].starts_with('\n') {
                        start + 1
                    } else {
                        start
                    };
                    let seg = (end > start).then(|| {
                        l.paras[para].segs.push(Seg {
                            at: (start, end),
                            run,
                        });
                        l.paras[para].segs.len() - 1
                    });
                    l.runs[run].children.push(Child {
                        range: (tag, pos),
                        seg,
                    });
                }
                _ => {}
            },
            Event::Start(el) => {
                let start = tag_start(text, pos);
                if !seen_root {
                    seen_root = true;
                    l.prefix = prefix_of(&text[start..pos]);
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
                let current_para = frames.iter().rev().find_map(|f| match f {
                    Frame::Para(i) => Some(*i),
                    _ => None,
                });
                let in_run = match frames.last() {
                    Some(Frame::Run(ri)) => Some(*ri),
                    _ => None,
                };
                let visible = fields.iter().all(|s| *s);
                if let Some(ri) = in_run {
                    if el.is_w("rPr") {
                        r.skip()?;
                        l.runs[ri].rpr = Some((start, r.position()));
                        continue;
                    }
                    if el.is_w("t") {
                        let para = current_para.unwrap_or(usize::MAX);
                        if para == usize::MAX {
                            r.skip()?;
                            continue;
                        }
                        frames.push(Frame::Text {
                            para,
                            run: ri,
                            start: l.paras[para].text.len(),
                            tag: start,
                        });
                        continue;
                    }
                    if el.is_w("fldChar") {
                        // A run that opens, separates or closes a field is never split.
                        l.runs[ri].splittable = false;
                    }
                }
                let depth = frames.len();
                walk_start(
                    text,
                    &mut r,
                    &mut l,
                    &mut frames,
                    &mut fields,
                    el,
                    current_para,
                    visible,
                )?;
                if let Some(ri) = in_run {
                    if frames.len() > depth {
                        // Descended into (drawings hold text boxes): one child of the run,
                        // complete when its frame closes.
                        open_children.push((depth, ri, start));
                    } else {
                        l.runs[ri].children.push(Child {
                            range: (start, r.position()),
                            seg: None,
                        });
                    }
                }
            }
        }
    }
    Ok(l)
}

/// Handles a start tag outside the `w:rPr`/`w:t` of a run: paragraphs, runs, breaks, fields and
/// note references; containers push a frame.
#[allow(clippy::too_many_arguments)]
fn walk_start(
    text: &str,
    r: &mut Reader,
    l: &mut Layout,
    frames: &mut Vec<Frame>,
    fields: &mut Vec<bool>,
    el: xml::Element,
    current_para: Option<usize>,
    visible: bool,
) -> Result<(), ExtractError> {
    let pos = r.position();
    if el.ns == Ns::Mc {
        if el.local == "AlternateContent" {
            frames.push(Frame::Alternate { taken: false });
        } else {
            r.skip()?;
        }
        return Ok(());
    }
    if el.ns != Ns::W {
        frames.push(Frame::Other);
        return Ok(());
    }
    match el.local {
        "p" => {
            let index = l.paras.len();
            let outer = frames
                .iter()
                .find_map(|f| match f {
                    Frame::Para(i) => Some(l.paras[*i].outer),
                    _ => None,
                })
                .unwrap_or(index);
            let open = (tag_start(text, pos), pos);
            l.paras.push(Para {
                open,
                self_closing: text[open.0..open.1].ends_with("/>"),
                content: pos,
                close: pos,
                outer,
                text: String::new(),
                segs: Vec::new(),
                pending_break: false,
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
            let direct = matches!(frames.last(), Some(Frame::Para(_)));
            let index = l.runs.len();
            l.runs.push(Run {
                range: (tag_start(text, pos), pos),
                open: (tag_start(text, pos), pos),
                rpr: None,
                children: Vec::new(),
                splittable: direct && fields.is_empty(),
                para: current_para.unwrap_or(usize::MAX),
            });
            frames.push(Frame::Run(index));
        }
        "tab" | "ptab" | "noBreakHyphen" => {
            r.skip()?;
            if let (Some(p), true) = (current_para, visible) {
                let c = if el.local == "noBreakHyphen" {
                    "-"
                } else {
                    "\t"
                };
                l.paras[p].push(c);
            }
        }
        "br" | "cr" => {
            r.skip()?;
            if let (Some(p), true) = (current_para, visible) {
                let para = &mut l.paras[p];
                match el.attr("type") {
                    Some(t) if el.local == "br" && t != "textWrapping" => {
                        para.pending_break = !para.text.is_empty() && !para.text.ends_with('\n');
                    }
                    _ => {
                        para.pending_break = false;
                        para.text.push('\n');
                    }
                }
            }
        }
        "sym" => {
            // As the reader: the character unless it is in the private use area.
            let c = el
                .attr("char")
                .and_then(|h| u32::from_str_radix(h.trim(), 16).ok())
                .and_then(char::from_u32)
                .filter(|c| !matches!(*c as u32, 0xE000..=0xF8FF));
            r.skip()?;
            if let (Some(p), Some(c), true) = (current_para, c, visible) {
                l.paras[p].push(&c.to_string());
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
        // Deleted text and text that is not shown; the reader skips them too.
        "del" | "moveFrom" | "delText" | "instrText" | "delInstrText" | "rt" => r.skip()?,
        _ => frames.push(Frame::Other),
    }
    Ok(())
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

/// A place inside a run: in its `child`-th child (a `w:t`), `offset` bytes into its text.
#[derive(Debug, Clone, Copy)]
struct Cut {
    run: usize,
    child: usize,
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
    // Marks to put inside runs, by run: (cut, order at the same place, mark).
    let mut marks: BTreeMap<usize, Vec<(Cut, u8, String)>> = BTreeMap::new();
    let mut edits: Vec<Edit> = Vec::new();
    let mut on_paragraph: BTreeMap<usize, Vec<i64>> = BTreeMap::new();
    let mut placed = Placed::default();
    let mut comments = String::new();
    let fallback_para = fallback_paragraph(doc, &lay);
    for (id, note) in (first_id..).zip(notes) {
        let anchor = anchor_for(doc, &lay, note.span).unwrap_or(Anchor::Paragraph(fallback_para));
        match anchor {
            Anchor::Paragraph(p) => {
                placed.on_paragraph += 1;
                on_paragraph.entry(p).or_default().push(id);
            }
            Anchor::Span { start, end } => {
                placed.on_span += 1;
                let start_mark = format!(
                    "<{} {}=\"{id}\"/>",
                    qualified(&w, "commentRangeStart"),
                    qualified(&w, "id")
                );
                // Where one range ends and another starts, the end comes first.
                marks
                    .entry(start.run)
                    .or_default()
                    .push((start, 1, start_mark));
                marks
                    .entry(end.run)
                    .or_default()
                    .push((end, 0, range_end(&w, id)));
            }
        }
        comments.push_str(&comment_xml(&w, id, &note.paragraphs));
    }
    for (run, mut list) in marks {
        list.sort_by_key(|(c, order, _)| (c.child, c.offset, *order));
        let cuts: Vec<Cut> = list.iter().map(|(c, _, _)| *c).collect();
        let groups = split_run(&text, &lay, run, &cuts);
        let mut rebuilt = String::new();
        for (i, g) in groups.iter().enumerate() {
            rebuilt.push_str(&render_run(&text, &lay, &w, run, g));
            if let Some((_, _, m)) = list.get(i) {
                rebuilt.push_str(m);
            }
        }
        let r = &lay.runs[run];
        edits.push(Edit {
            at: r.range.0,
            end: r.range.1,
            text: rebuilt,
        });
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
            // Cannot happen by construction (each run is rebuilt once, paragraph marks sit
            // outside runs); refuse rather than write a broken part.
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
                    let resolved = crate::extract::docx::package::resolve_target(dir, target);
                    if pkg.has(&resolved) {
                        return Ok(Some(resolved));
                    }
                }
            }
            _ => {}
        }
    }
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
        // Every annotation id of the main part (comment ranges whose comment is missing,
        // tracked changes, bookmarks): new comments take ids above all of them, as Word keeps
        // annotation ids unique across types.
        let text = String::from_utf8_lossy(&bytes);
        for (i, _) in text.match_indices(":id=\"") {
            let digits: String = text[i + 5..]
                .chars()
                .take_while(char::is_ascii_digit)
                .take(12)
                .collect();
            if let Ok(v) = digits.parse() {
                ids.push(v);
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
fn anchor_for(doc: &Document, lay: &Layout, span: Span) -> Option<Anchor> {
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
    if para.outer != index || span.is_empty() || !is_nfc(&para.text) {
        return Some(whole);
    }
    // The line is the k-th of its paragraph (split at line breaks); its text must be the
    // reader's, after a numbering label on the first line.
    let first = doc.line_info.iter().position(
        |i| matches!(&i.location, Location::Body { paragraph, .. } if *paragraph == number),
    )?;
    let count = doc.line_info[first..]
        .iter()
        .take_while(
            |i| matches!(&i.location, Location::Body { paragraph, .. } if *paragraph == number),
        )
        .count();
    let pieces: Vec<&str> = para.text.split('\n').collect();
    let k = line.checked_sub(first)?;
    if pieces.len() != count || k >= pieces.len() {
        return Some(whole);
    }
    let piece_at: usize = pieces[..k].iter().map(|p| p.len() + 1).sum();
    let line_span = doc.source.line_span(line);
    let line_text = doc.source.slice(line_span);
    let fits = if k == 0 {
        line_text.ends_with(pieces[0])
    } else {
        line_text == pieces[k]
    };
    if !fits {
        return Some(whole);
    }
    let label = line_text.len() - pieces[k].len();
    if span.end > line_span.end || span.start < line_span.start + label {
        return Some(whole);
    }
    let start = span.start - line_span.start - label + piece_at;
    let end = span.end - line_span.start - label + piece_at;
    if start >= end {
        return Some(whole);
    }
    let cut_at = |x: usize, is_start: bool| -> Option<Cut> {
        let i = para.segs.iter().position(|s| {
            if is_start {
                s.at.0 <= x && x < s.at.1
            } else {
                s.at.0 < x && x <= s.at.1
            }
        })?;
        let seg = &para.segs[i];
        let run = &lay.runs[seg.run];
        let child = run.children.iter().position(|c| c.seg == Some(i))?;
        let usable = run.splittable && run.para == index;
        usable.then_some(Cut {
            run: seg.run,
            child,
            offset: x - seg.at.0,
        })
    };
    match (cut_at(start, true), cut_at(end, false)) {
        (Some(a), Some(b)) => Some(Anchor::Span { start: a, end: b }),
        _ => Some(whole),
    }
}

/// Part of a run being rebuilt: a child copied as written, or new text.
enum Piece<'a> {
    Raw(&'a str),
    Text(&'a str),
}

/// Splits run `ri` at `cuts` (in order) into groups of pieces, one more group than cuts.
fn split_run<'a>(text: &'a str, lay: &'a Layout, ri: usize, cuts: &[Cut]) -> Vec<Vec<Piece<'a>>> {
    let run = &lay.runs[ri];
    let para = &lay.paras[run.para];
    let mut groups: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut cuts = cuts.iter().peekable();
    for (ci, child) in run.children.iter().enumerate() {
        let seg_text = child.seg.map(|si| {
            let at = para.segs[si].at;
            &para.text[at.0..at.1]
        });
        let mut from = 0;
        let mut split = false;
        while let Some(cut) = cuts.next_if(|c| c.child == ci) {
            let t = seg_text.unwrap_or("");
            if cut.offset > from {
                groups
                    .last_mut()
                    .unwrap()
                    .push(Piece::Text(&t[from..cut.offset]));
            }
            groups.push(Vec::new());
            from = cut.offset;
            split = true;
        }
        match (split, seg_text) {
            (true, Some(t)) => {
                if from < t.len() {
                    groups.last_mut().unwrap().push(Piece::Text(&t[from..]));
                }
            }
            _ => groups
                .last_mut()
                .unwrap()
                .push(Piece::Raw(&text[child.range.0..child.range.1])),
        }
    }
    groups
}

/// Writes a group of pieces as a run with the original run's start tag and properties; an
/// empty group writes nothing.
fn render_run(text: &str, lay: &Layout, w: &str, ri: usize, group: &[Piece]) -> String {
    if group.is_empty() {
        return String::new();
    }
    let run = &lay.runs[ri];
    let open = &text[run.open.0..run.open.1];
    // A run written as `<w:r/>` has no children, so it is never split; keep the form safe.
    let open = open
        .strip_suffix("/>")
        .map_or(open.to_string(), |o| format!("{}>", o.trim_end()));
    let mut out = open;
    if let Some((s, e)) = run.rpr {
        out.push_str(&text[s..e]);
    }
    for piece in group {
        match piece {
            Piece::Raw(raw) => out.push_str(raw),
            Piece::Text(t) => out.push_str(&format!(
                "<{q} xml:space=\"preserve\">{}</{q}>",
                xml_escape(t),
                q = qualified(w, "t")
            )),
        }
    }
    out.push_str(&format!("</{}>", qualified(w, "r")));
    out
}
