//! Fixes in a `.docx`: text edits become edits of `w:t` elements of the main document part,
//! so every run keeps its formatting; whole-file fixes (NFC, legacy fonts) rewrite runs in every
//! story part. Everything goes through [`PackageEditor`], so untouched parts stay byte-identical.
//!
//! The reader's lines are matched against this module's own walk of the part: a paragraph whose
//! text does not come out the same (a run hidden by its style, an unusual field) is not edited,
//! with a note. An edit must fall inside one `w:t` outside tracked changes, field results and
//! text boxes; an edit across runs is skipped with a note rather than guessed, so no run is ever
//! split or merged.

use std::collections::HashMap;
use std::ops::Range;

use unicode_normalization::{is_nfc, UnicodeNormalization};

use super::{apply, Edit, Plan};
use crate::extract::{legacy, LegacyEncoding, Location};
use crate::parse::Document;
use crate::write::{PackageEditor, WriteError};

/// The font that replaces a legacy font.
pub const UNICODE_FONT: &str = "Times New Roman";

/// The result of one pass over a package.
#[derive(Debug)]
pub struct PassResult {
    /// The new package.
    pub bytes: Vec<u8>,
    /// Rule ids, one per edit applied.
    pub applied: Vec<String>,
    /// Places left alone and why.
    pub notes: Vec<String>,
}

/// Applies one pass of `plan` to the package `bytes` whose reading is `doc`. Whole-file fixes
/// (NFC, legacy conversion) run alone in their pass, since they change the text the other
/// edits were planned on; the next pass plans again.
pub fn apply_plan(
    bytes: &[u8],
    doc: &Document,
    plan: &Plan,
    english: bool,
) -> Result<PassResult, WriteError> {
    let mut pkg = PackageEditor::open(bytes)?;
    let main = pkg.main_part()?;
    let mut applied = Vec::new();
    let mut notes = Vec::new();
    if !plan.layout.is_empty() {
        let mut parts = vec![main.clone()];
        if let Some(styles) = styles_part(&mut pkg, &main)? {
            parts.push(styles);
        }
        for part in parts {
            let Some(raw) = pkg.read(&part)? else {
                continue;
            };
            let Ok(xml) = String::from_utf8(raw) else {
                continue;
            };
            let mut changed = xml.clone();
            for (rule, target) in &plan.layout {
                let (x, n) = set_layout(&changed, target, part != main);
                changed = x;
                applied.extend(std::iter::repeat_n(rule.clone(), n));
            }
            if changed != xml {
                pkg.set(&part, changed.into_bytes());
            }
        }
    }
    if !plan.sizes.is_empty() {
        let raw = pkg.read(&main)?.unwrap_or_default();
        if let Ok(xml) = String::from_utf8(raw) {
            let mut changed = xml.clone();
            for (rule, paragraphs) in &plan.sizes {
                let (x, n) = set_sizes(&changed, paragraphs);
                changed = x;
                applied.extend(std::iter::repeat_n(rule.clone(), n));
            }
            if changed != xml {
                pkg.set(&main, changed.into_bytes());
            }
        }
    }
    if plan.nfc.is_some() || plan.legacy.is_some() || plan.double_encoded.is_some() {
        let mut legacy_runs = 0;
        for part in story_parts(&mut pkg, &main)? {
            let Some(raw) = pkg.read(&part)? else {
                continue;
            };
            let Ok(xml) = String::from_utf8(raw) else {
                continue;
            };
            let mut changed = xml.clone();
            if let Some(rule) = &plan.legacy {
                let (x, n) = convert_legacy_runs(&changed);
                changed = x;
                legacy_runs += n;
                applied.extend(std::iter::repeat_n(rule.clone(), n));
            }
            if let Some(rule) = &plan.double_encoded {
                let (x, n) = undo_double_encoding(&changed);
                changed = x;
                applied.extend(std::iter::repeat_n(rule.clone(), n));
            }
            if let Some(rule) = &plan.nfc {
                let (x, n) = compose_text(&changed);
                changed = x;
                applied.extend(std::iter::repeat_n(rule.clone(), n));
            }
            if changed != xml {
                pkg.set(&part, changed.into_bytes());
            }
        }
        if let (Some(rule), 0) = (&plan.legacy, legacy_runs) {
            notes.push(format!(
                "{rule}: {}",
                if english {
                    "the legacy font is set by a style, not on the runs; convert the text in Word (Unikey's converter) or set the font on the runs"
                } else {
                    "phông cũ được đặt trong kiểu (style), không đặt trên từng đoạn chữ; hãy chuyển mã bằng Unikey hoặc đặt phông trực tiếp"
                }
            ));
        }
    } else if !plan.edits.is_empty() {
        let raw = pkg.read(&main)?.unwrap_or_default();
        let xml = String::from_utf8(raw).map_err(|_| WriteError::BrokenPart {
            part: main.clone(),
            detail: "not UTF-8".into(),
        })?;
        let (_, chosen) = apply(doc.source.display(), &plan.edits);
        let (new_xml, done, skipped) = edit_main_part(&xml, doc, &chosen, english);
        notes.extend(skipped);
        applied.extend(done);
        if new_xml != xml {
            pkg.set(&main, new_xml.into_bytes());
        }
    }
    Ok(PassResult {
        bytes: pkg.finish()?,
        applied,
        notes,
    })
}

/// The styles part of the main document, if any.
fn styles_part(pkg: &mut PackageEditor, main: &str) -> Result<Option<String>, WriteError> {
    Ok(related_parts(pkg, main, &["styles"])?.into_iter().next())
}

/// The main part and the parts holding story text (notes, headers, footers).
fn story_parts(pkg: &mut PackageEditor, main: &str) -> Result<Vec<String>, WriteError> {
    let mut parts = vec![main.to_string()];
    parts.extend(related_parts(
        pkg,
        main,
        &["footnotes", "endnotes", "header", "footer"],
    )?);
    Ok(parts)
}

/// The parts the main part points to with relationships of these kinds (last URI segment).
fn related_parts(
    pkg: &mut PackageEditor,
    main: &str,
    kinds: &[&str],
) -> Result<Vec<String>, WriteError> {
    let mut parts = Vec::new();
    let dir = main.rfind('/').map_or("", |i| &main[..=i]);
    let rels_name = format!("{dir}_rels/{}.rels", &main[dir.len()..]);
    if let Some(rels) = pkg.read(&rels_name)? {
        let text = String::from_utf8_lossy(&rels).into_owned();
        let mut from = 0;
        while let Some(tag) = next_tag(&text, from) {
            from = tag.end;
            if local(tag.name) != "Relationship" {
                continue;
            }
            let t = &text[tag.start..tag.end];
            let kind = attr(t, "Type").unwrap_or_default();
            let external = attr(t, "TargetMode").is_some_and(|m| m == "External");
            let last = kind.rsplit('/').next().unwrap_or_default();
            if !external && kinds.contains(&last) {
                let target = attr(t, "Target").unwrap_or_default();
                parts.push(crate::extract::docx::package::resolve_target(dir, &target));
            }
        }
    }
    Ok(parts)
}

// ---------------------------------------------------------------------------------------------
// Layout.

/// Twips per millimetre.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

/// Sets an attribute (by local name, keeping its prefix; `w:` when new) in one tag.
fn set_attr(tag: &str, local_name: &str, value: &str) -> String {
    let value = escape_attr(value);
    let mut from = 0;
    while let Some(rel) = tag[from..].find(local_name) {
        let at = from + rel;
        from = at + local_name.len();
        let before = tag[..at].chars().next_back();
        let after = tag[from..].trim_start();
        if !matches!(before, Some(c) if c.is_whitespace() || c == ':') || !after.starts_with('=') {
            continue;
        }
        let eq = from + tag[from..].find('=').unwrap_or(0);
        let rest = &tag[eq + 1..];
        let q_off = rest.find(['"', '\'']).unwrap_or(0);
        let quote = rest[q_off..].chars().next().unwrap_or('"');
        let vstart = eq + 1 + q_off + 1;
        let Some(vlen) = tag[vstart..].find(quote) else {
            break;
        };
        return format!("{}{value}{}", &tag[..vstart], &tag[vstart + vlen..]);
    }
    let cut = if tag.ends_with("/>") {
        tag.len() - 2
    } else {
        tag.len() - 1
    };
    format!(
        "{} w:{local_name}=\"{value}\"{}",
        tag[..cut].trim_end(),
        &tag[cut..]
    )
}

/// Removes an attribute (by local name) from one tag.
fn remove_attr(tag: &str, local_name: &str) -> String {
    let mut from = 0;
    while let Some(rel) = tag[from..].find(local_name) {
        let at = from + rel;
        from = at + local_name.len();
        if !tag[from..].trim_start().starts_with('=') {
            continue;
        }
        let start = tag[..at].rfind(char::is_whitespace).unwrap_or(at);
        if tag[start..at].trim().contains(['"', '\'', '=']) {
            continue;
        }
        let eq = from + tag[from..].find('=').unwrap_or(0);
        let rest = &tag[eq + 1..];
        let q_off = rest.find(['"', '\'']).unwrap_or(0);
        let quote = rest[q_off..].chars().next().unwrap_or('"');
        let vstart = eq + 1 + q_off + 1;
        let Some(vlen) = tag[vstart..].find(quote) else {
            break;
        };
        return format!("{}{}", &tag[..start], &tag[vstart + vlen + 1..]);
    }
    tag.to_string()
}

/// Rewrites the tags with this local name through `f`; returns the part and how many changed.
fn rewrite_tags(xml: &str, local_name: &str, mut f: impl FnMut(&str) -> String) -> (String, usize) {
    let mut out = String::with_capacity(xml.len() + 64);
    let mut pos = 0;
    let mut n = 0;
    let mut from = 0;
    while let Some(tag) = next_tag(xml, from) {
        from = tag.end;
        if matches!(tag.kind, TagKind::Open | TagKind::Empty) && local(tag.name) == local_name {
            let old = &xml[tag.start..tag.end];
            let new = f(old);
            if new != old {
                out.push_str(&xml[pos..tag.start]);
                out.push_str(&new);
                pos = tag.end;
                n += 1;
            }
        }
    }
    out.push_str(&xml[pos..]);
    (out, n)
}

/// Applies one layout target to a part (`styles` tells the styles part from the main part).
fn set_layout(
    xml: &str,
    target: &crate::check::kinds::LayoutTarget,
    styles: bool,
) -> (String, usize) {
    use crate::check::kinds::LayoutTarget;
    match target {
        LayoutTarget::Page { .. } | LayoutTarget::Portrait if styles => (xml.to_string(), 0),
        // Sizes are set per paragraph by `set_sizes`.
        LayoutTarget::Size { .. } => (xml.to_string(), 0),
        LayoutTarget::Page {
            element,
            attribute,
            min,
            max,
        } => rewrite_tags(xml, element, |tag| {
            let Some(twips) = attr(tag, attribute).and_then(|v| v.trim().parse::<f64>().ok())
            else {
                return tag.to_string();
            };
            // A negative top or bottom margin only says the header may not push the text.
            let mm = twips.abs() / TWIPS_PER_MM;
            if mm >= min - 0.05 && mm <= max + 0.05 {
                return tag.to_string();
            }
            let new = (mm.clamp(*min, *max) * TWIPS_PER_MM).round() * twips.signum();
            set_attr(tag, attribute, &format!("{}", new as i64))
        }),
        LayoutTarget::Portrait => rewrite_tags(xml, "pgSz", |tag| {
            let w = attr(tag, "w").and_then(|v| v.parse::<i64>().ok());
            let h = attr(tag, "h").and_then(|v| v.parse::<i64>().ok());
            let mut t = remove_attr(tag, "orient");
            if let (Some(w), Some(h)) = (w, h) {
                if w > h {
                    t = set_attr(&set_attr(&t, "w", &h.to_string()), "h", &w.to_string());
                }
            }
            t
        }),
        LayoutTarget::Font(font) => {
            let (mut out, mut n) = rewrite_tags(xml, "rFonts", |tag| {
                let mut t = tag.to_string();
                for theme in ["asciiTheme", "hAnsiTheme", "cstheme"] {
                    t = remove_attr(&t, theme);
                }
                for a in ["ascii", "hAnsi", "cs"] {
                    t = set_attr(&t, a, font);
                }
                t
            });
            // Documents whose default font comes from the theme have no rFonts in their
            // defaults: give the defaults one.
            if styles {
                if let Some(at) = out.find("<w:rPrDefault>") {
                    let end = out[at..].find("</w:rPrDefault>").map_or(at, |e| at + e);
                    let has_fonts = out[at..end].contains("rFonts");
                    if !has_fonts {
                        let fonts = format!(
                            "<w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:cs=\"{f}\"/>",
                            f = escape_attr(font)
                        );
                        let insert = match out[at..end].find("<w:rPr>") {
                            Some(r) => Some((at + r + "<w:rPr>".len(), fonts)),
                            None if out[at..end].contains("<w:rPr/>") => {
                                let r = at + out[at..end].find("<w:rPr/>").unwrap_or(0);
                                out.replace_range(r..r + "<w:rPr/>".len(), "<w:rPr></w:rPr>");
                                Some((r + "<w:rPr>".len(), fonts))
                            }
                            None => Some((
                                at + "<w:rPrDefault>".len(),
                                format!("<w:rPr>{fonts}</w:rPr>"),
                            )),
                        };
                        if let Some((i, text)) = insert {
                            out.insert_str(i, &text);
                            n += 1;
                        }
                    }
                }
            }
            (out, n)
        }
    }
}

/// Run properties that come after `w:sz`/`w:szCs` in the schema's order (CT_RPr): a new `w:sz`
/// goes before the first of them, so Word reads the part.
const AFTER_SZ: &[&str] = &[
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
    "rPrChange",
];

/// Sets the size of every run of the given body paragraphs (paragraph number → half-points),
/// editing `w:sz`/`w:szCs` in each run's properties or adding them in schema order. Returns
/// the part and the number of paragraphs changed.
fn set_sizes(xml: &str, paragraphs: &std::collections::BTreeMap<usize, u32>) -> (String, usize) {
    // Byte positions → text to insert, and tag ranges → replacement.
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut count = 0;
    let mut open: Vec<usize> = Vec::new();
    let mut from = 0;
    let mut touched = std::collections::BTreeSet::new();
    // The run being read: its start tag end, and whether it had rPr.
    let mut run: Option<(usize, bool)> = None;
    let mut in_rpr: Option<(u32, bool, bool)> = None; // (size, saw sz, saw szCs)
    let mut rpr_insert_at: Option<usize> = None;
    while let Some(tag) = next_tag(xml, from) {
        from = tag.end;
        if prefix(tag.name) != "w" {
            continue;
        }
        let name = local(tag.name);
        let target = open.last().and_then(|p| paragraphs.get(p)).copied();
        match (tag.kind, name) {
            (TagKind::Open | TagKind::Empty, "p") => {
                count += 1;
                if tag.kind == TagKind::Open {
                    open.push(count);
                }
            }
            (TagKind::Close, "p") => {
                open.pop();
            }
            (TagKind::Open, "r") if target.is_some() => run = Some((tag.end, false)),
            (TagKind::Empty, "rPr") if run.is_some() => {
                if let (Some(hp), Some(r)) = (target, run.as_mut()) {
                    r.1 = true;
                    edits.push((
                        tag.start..tag.end,
                        format!("<w:rPr><w:sz w:val=\"{hp}\"/><w:szCs w:val=\"{hp}\"/></w:rPr>"),
                    ));
                    touched.insert(open.last().copied().unwrap_or(0));
                }
            }
            (TagKind::Open, "rPr") if run.is_some_and(|r| !r.1) => {
                if let (Some(hp), Some(r)) = (target, run.as_mut()) {
                    r.1 = true;
                    in_rpr = Some((hp, false, false));
                    rpr_insert_at = None;
                }
            }
            (TagKind::Open | TagKind::Empty, "sz" | "szCs") if in_rpr.is_some() => {
                if let Some((hp, sz, cs)) = in_rpr.as_mut() {
                    let t = &xml[tag.start..tag.end];
                    if name == "sz" {
                        *sz = true;
                    } else {
                        *cs = true;
                    }
                    if attr(t, "val").and_then(|v| v.parse::<u32>().ok()) != Some(*hp) {
                        edits.push((tag.start..tag.end, set_attr(t, "val", &hp.to_string())));
                        touched.insert(open.last().copied().unwrap_or(0));
                    }
                }
            }
            (TagKind::Open | TagKind::Empty, n) if in_rpr.is_some() && AFTER_SZ.contains(&n) => {
                rpr_insert_at.get_or_insert(tag.start);
            }
            (TagKind::Close, "rPr") if in_rpr.is_some() => {
                if let Some((hp, sz, cs)) = in_rpr.take() {
                    let mut add = String::new();
                    if !sz {
                        add.push_str(&format!("<w:sz w:val=\"{hp}\"/>"));
                    }
                    if !cs {
                        add.push_str(&format!("<w:szCs w:val=\"{hp}\"/>"));
                    }
                    if !add.is_empty() {
                        let at = rpr_insert_at.take().unwrap_or(tag.start);
                        edits.push((at..at, add));
                        touched.insert(open.last().copied().unwrap_or(0));
                    }
                }
            }
            (TagKind::Open | TagKind::Empty, n) if run.is_some_and(|r| !r.1) && n != "rPr" => {
                // A run without properties: give it some, first in the run.
                if let (Some(hp), Some(r)) = (target, run.as_mut()) {
                    r.1 = true;
                    edits.push((
                        r.0..r.0,
                        format!("<w:rPr><w:sz w:val=\"{hp}\"/><w:szCs w:val=\"{hp}\"/></w:rPr>"),
                    ));
                    touched.insert(open.last().copied().unwrap_or(0));
                }
            }
            (TagKind::Close, "r") => run = None,
            _ => {}
        }
    }
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(xml.len() + edits.len() * 40);
    let mut pos = 0;
    for (r, text) in edits {
        if r.start < pos {
            continue;
        }
        out.push_str(&xml[pos..r.start]);
        out.push_str(&text);
        pos = r.end;
    }
    out.push_str(&xml[pos..]);
    (out, touched.len())
}

// ---------------------------------------------------------------------------------------------
// A small tag scanner: Word's XML is a tree of tags and text; comments, processing instructions
// and CDATA are stepped over whole, and quoted attribute values may hold `>`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    Open,
    Close,
    Empty,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Tag<'a> {
    start: usize,
    end: usize,
    kind: TagKind,
    name: &'a str,
}

fn next_tag(xml: &str, from: usize) -> Option<Tag<'_>> {
    let start = from + xml.get(from..)?.find('<')?;
    let rest = &xml[start..];
    for (open, close) in [("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>")] {
        if rest.starts_with(open) {
            let end = start + rest.find(close)? + close.len();
            return Some(Tag {
                start,
                end,
                kind: TagKind::Other,
                name: "",
            });
        }
    }
    let bytes = rest.as_bytes();
    let mut quote = 0u8;
    let mut i = 1;
    while i < bytes.len() {
        let b = bytes[i];
        if quote != 0 {
            if b == quote {
                quote = 0;
            }
        } else if b == b'"' || b == b'\'' {
            quote = b;
        } else if b == b'>' {
            break;
        }
        i += 1;
    }
    if i >= bytes.len() {
        return None;
    }
    let end = start + i + 1;
    let inner = &xml[start + 1..end - 1];
    let (kind, body) = if let Some(b) = inner.strip_prefix('/') {
        (TagKind::Close, b)
    } else if let Some(b) = inner.strip_suffix('/') {
        (TagKind::Empty, b)
    } else if inner.starts_with('!') {
        (TagKind::Other, "")
    } else {
        (TagKind::Open, inner)
    };
    let name_len = body
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(body.len());
    Some(Tag {
        start,
        end,
        kind,
        name: &body[..name_len],
    })
}

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

fn prefix(name: &str) -> &str {
    name.rsplit_once(':').map_or("", |(p, _)| p)
}

/// The value of an attribute by local name (any prefix), entities decoded.
fn attr(tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(rel) = tag[from..].find(name) {
        let at = from + rel;
        from = at + name.len();
        let before = tag[..at].chars().next_back();
        if !matches!(before, Some(c) if c.is_whitespace() || c == ':') {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let value = &rest[1..];
        return Some(unescape(&value[..value.find(quote)?]));
    }
    None
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let ent = &rest[1..end];
        let c = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                u32::from_str_radix(&ent[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A `w:t` element: the range of its start tag and of its content.
#[derive(Debug, Clone)]
struct TextElement {
    tag: Range<usize>,
    content: Range<usize>,
}

/// Every non-empty `w:t` of a part, in order (a `w:t` holds only text).
fn text_elements(xml: &str) -> Vec<TextElement> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(tag) = next_tag(xml, from) {
        from = tag.end;
        if tag.kind == TagKind::Open && local(tag.name) == "t" && prefix(tag.name) == "w" {
            let end = xml[tag.end..].find('<').map_or(xml.len(), |i| tag.end + i);
            out.push(TextElement {
                tag: tag.start..tag.end,
                content: tag.end..end,
            });
            from = end;
        }
    }
    out
}

/// Rewrites the content of `w:t` elements through `f` (`None` leaves one alone); returns the new
/// part and how many elements changed. Adds `xml:space="preserve"` where new edge spaces need it.
fn rewrite_texts(
    xml: &str,
    mut f: impl FnMut(usize, &TextElement, &str) -> Option<String>,
) -> (String, usize) {
    let mut out = String::with_capacity(xml.len() + 64);
    let mut pos = 0;
    let mut n = 0;
    for (i, t) in text_elements(xml).iter().enumerate() {
        let old = unescape(&xml[t.content.clone()]);
        let Some(new) = f(i, t, &old) else { continue };
        if new == old {
            continue;
        }
        n += 1;
        let tag = &xml[t.tag.clone()];
        out.push_str(&xml[pos..t.tag.start]);
        let edge_space = new.starts_with(char::is_whitespace) || new.ends_with(char::is_whitespace);
        if edge_space && !tag.contains("xml:space") {
            out.push_str(&tag[..tag.len() - 1]);
            out.push_str(" xml:space=\"preserve\">");
        } else {
            out.push_str(tag);
        }
        out.push_str(&escape_text(&new));
        pos = t.content.end;
    }
    out.push_str(&xml[pos..]);
    (out, n)
}

/// Reads back every `w:t` whose text is double-encoded and lost no bytes (see
/// `extract::mojibake`).
fn undo_double_encoding(xml: &str) -> (String, usize) {
    rewrite_texts(xml, |_, _, old| {
        crate::extract::mojibake::undo(old).filter(|_| !old.contains('\u{FFFD}'))
    })
}

/// Composes every decomposed `w:t` (NFC).
fn compose_text(xml: &str) -> (String, usize) {
    rewrite_texts(xml, |_, _, old| (!is_nfc(old)).then(|| old.nfc().collect()))
}

/// Converts the text of runs whose own `w:rFonts` names a legacy font (`.VnTime`, `VNI-Times`)
/// and switches those fonts to Times New Roman. Returns the new part and the runs converted.
fn convert_legacy_runs(xml: &str) -> (String, usize) {
    // Pass 1: find runs (`w:r`) with a direct legacy font, their rFonts tag and text elements.
    let mut font_tags: Vec<(Range<usize>, String)> = Vec::new();
    let mut text_encoding: HashMap<usize, (LegacyEncoding, bool)> = HashMap::new();
    let mut from = 0;
    // The current run: its legacy encoding (and whether the font is an upper-case TCVN3
    // font), and the indices of its `w:t` elements.
    type Run = (Option<(LegacyEncoding, bool)>, Vec<usize>);
    let mut run: Option<Run> = None;
    let mut t_index = 0;
    while let Some(tag) = next_tag(xml, from) {
        from = tag.end;
        let name = local(tag.name);
        let w = prefix(tag.name) == "w";
        match (tag.kind, name) {
            (TagKind::Open, "r") if w => run = Some((None, Vec::new())),
            (TagKind::Close, "r") if w => {
                if let Some((Some(enc), texts)) = run.take() {
                    for t in texts {
                        text_encoding.insert(t, enc);
                    }
                }
            }
            (TagKind::Open | TagKind::Empty, "rFonts") if w => {
                let t = &xml[tag.start..tag.end];
                let font = ["ascii", "hAnsi", "cs", "eastAsia"]
                    .iter()
                    .find_map(|a| attr(t, a).filter(|f| legacy::looks_legacy_font(f).is_some()));
                if let (Some(font), Some(r)) = (font, run.as_mut()) {
                    let enc = legacy::looks_legacy_font(&font);
                    r.0 = enc.map(|e| (e, legacy::is_tcvn3_upper_font(&font)));
                    font_tags.push((tag.start..tag.end, t.to_string()));
                }
            }
            (TagKind::Open, "t") if w => {
                if let Some(r) = run.as_mut() {
                    r.1.push(t_index);
                }
                t_index += 1;
            }
            _ => {}
        }
    }
    if text_encoding.is_empty() {
        return (xml.to_string(), 0);
    }
    // Pass 2: switch the fonts in place (one linear rebuild; the number of `w:t` elements does
    // not change), then convert the texts.
    let mut switched = String::with_capacity(xml.len() + 64);
    let mut pos = 0;
    let mut runs = 0;
    for (range, tag) in &font_tags {
        let mut new_tag = tag.clone();
        for a in ["ascii", "hAnsi", "cs", "eastAsia"] {
            if attr(tag, a).is_some_and(|f| legacy::looks_legacy_font(&f).is_some()) {
                new_tag = set_attr(&new_tag, a, UNICODE_FONT);
            }
        }
        if new_tag != *tag && range.start >= pos {
            switched.push_str(&xml[pos..range.start]);
            switched.push_str(&new_tag);
            pos = range.end;
            runs += 1;
        }
    }
    switched.push_str(&xml[pos..]);
    let (converted, _) = rewrite_texts(&switched, |i, _, old| {
        let (enc, upper) = *text_encoding.get(&i)?;
        // Only 8-bit look-alikes are legacy text; real Unicode in a legacy font stays.
        if old.is_ascii()
            || !old
                .chars()
                .all(|c| (c as u32) < 0x100 || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(c))
        {
            return None;
        }
        Some(if enc == LegacyEncoding::Tcvn3 && upper {
            legacy::tcvn3_upper_to_unicode(old)
        } else {
            legacy::convert(old, enc)
        })
    });
    (converted, runs)
}

fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;")
}

// ---------------------------------------------------------------------------------------------
// Text edits in the main part.

/// A piece of a paragraph's text as this walk sees it.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    /// The `w:t` it comes from, when it may be edited.
    element: Option<usize>,
}

/// One paragraph of the main part: its lines (split at `w:br`/`w:cr`), and whether it sits in a
/// text box or an alternate-content branch.
#[derive(Debug, Default)]
struct Para {
    lines: Vec<Vec<Piece>>,
    pending_break: bool,
}

/// Walks the main part like the reader, producing each paragraph's pieces by paragraph number.
fn walk_main(xml: &str) -> HashMap<usize, Para> {
    #[derive(Clone, Copy, PartialEq)]
    enum Frame {
        P,
        Ins,
        Box,
        Alt,
        Other,
    }
    let mut paras: HashMap<usize, Para> = HashMap::new();
    let mut stack: Vec<(Frame, &str)> = Vec::new();
    let mut open_paras: Vec<usize> = Vec::new();
    let mut count = 0;
    let mut fields: Vec<bool> = Vec::new();
    let mut notes: HashMap<(bool, String), usize> = HashMap::new();
    let mut note_counts = [0usize; 2];
    let mut hidden_run = false;
    let mut alt_taken: Vec<bool> = Vec::new();
    let mut t_index = 0;
    let mut from = 0;
    let mut skip_depth = 0usize;
    let protected = |stack: &[(Frame, &str)]| {
        stack
            .iter()
            .any(|f| matches!(f.0, Frame::Ins | Frame::Box | Frame::Alt))
    };
    while let Some(tag) = next_tag(xml, from) {
        from = tag.end;
        let name = local(tag.name);
        if skip_depth > 0 {
            match tag.kind {
                TagKind::Open => skip_depth += 1,
                TagKind::Close => skip_depth -= 1,
                _ => {}
            }
            if name == "t" && tag.kind == TagKind::Open && prefix(tag.name) == "w" {
                t_index += 1;
            }
            continue;
        }
        let pfx = prefix(tag.name);
        if pfx == "mc" {
            match (tag.kind, name) {
                (TagKind::Open, "AlternateContent") => {
                    alt_taken.push(false);
                    stack.push((Frame::Alt, name));
                }
                (TagKind::Open, "Choice" | "Fallback") => {
                    if alt_taken.last().copied().unwrap_or(true) {
                        skip_depth = 1;
                    } else {
                        if let Some(t) = alt_taken.last_mut() {
                            *t = true;
                        }
                        stack.push((Frame::Other, name));
                    }
                }
                (TagKind::Close, "AlternateContent") => {
                    alt_taken.pop();
                    stack.pop();
                }
                (TagKind::Close, _) => {
                    stack.pop();
                }
                _ => {}
            }
            continue;
        }
        // Only WordprocessingML counts, as in the reader (DrawingML has its own `a:p`, `a:t`).
        if pfx != "w" {
            continue;
        }
        let visible = fields.iter().all(|&s| s);
        let parent = stack.last().map_or("", |f| f.1);
        let grandparent = stack.len().checked_sub(2).map_or("", |i| stack[i].1);
        let cur = open_paras.last().copied();
        let push_piece =
            |paras: &mut HashMap<usize, Para>, text: String, element: Option<usize>| {
                if let Some(p) = cur.and_then(|n| paras.get_mut(&n)) {
                    if p.pending_break {
                        p.pending_break = false;
                        p.lines.push(Vec::new());
                    }
                    if let Some(line) = p.lines.last_mut() {
                        line.push(Piece { text, element });
                    }
                }
            };
        match (tag.kind, name) {
            (TagKind::Open | TagKind::Empty, "p") => {
                count += 1;
                paras.insert(
                    count,
                    Para {
                        lines: vec![Vec::new()],
                        pending_break: false,
                    },
                );
                if tag.kind == TagKind::Open {
                    open_paras.push(count);
                    stack.push((Frame::P, name));
                }
            }
            (TagKind::Open, "r") => {
                hidden_run = false;
                stack.push((Frame::Other, name));
            }
            (TagKind::Open | TagKind::Empty, "vanish") => {
                // Only a run's own property hides its text (paragraph-mark vanish does not).
                if parent == "rPr" && grandparent == "r" {
                    let v = attr(&xml[tag.start..tag.end], "val");
                    hidden_run = !matches!(v.as_deref(), Some("0" | "false" | "off"));
                }
                if tag.kind == TagKind::Open {
                    stack.push((Frame::Other, name));
                }
            }
            (TagKind::Open, "t") if prefix(tag.name) == "w" => {
                let end = xml[tag.end..].find('<').map_or(xml.len(), |i| tag.end + i);
                let text = unescape(&xml[tag.end..end]).replace(['\n', '\r'], " ");
                if visible && !hidden_run && !text.is_empty() {
                    let editable = !protected(&stack);
                    push_piece(&mut paras, text, editable.then_some(t_index));
                }
                t_index += 1;
                from = end;
                stack.push((Frame::Other, name));
            }
            (TagKind::Open | TagKind::Empty, "tab" | "ptab") => {
                if tag.kind == TagKind::Open {
                    stack.push((Frame::Other, name));
                }
                // `w:tab` in `w:tabs` (paragraph properties) is a tab stop, not text.
                if visible && !hidden_run && parent != "tabs" {
                    push_piece(&mut paras, "\t".into(), None);
                }
            }
            (TagKind::Open | TagKind::Empty, "noBreakHyphen") => {
                if tag.kind == TagKind::Open {
                    stack.push((Frame::Other, name));
                }
                if visible && !hidden_run {
                    push_piece(&mut paras, "-".into(), None);
                }
            }
            (TagKind::Open | TagKind::Empty, "sym") => {
                if tag.kind == TagKind::Open {
                    stack.push((Frame::Other, name));
                }
                let c = attr(&xml[tag.start..tag.end], "char")
                    .and_then(|h| u32::from_str_radix(h.trim(), 16).ok())
                    .and_then(char::from_u32)
                    .filter(|c| !matches!(*c as u32, 0xE000..=0xF8FF));
                if let (Some(c), true) = (c, visible && !hidden_run) {
                    push_piece(&mut paras, c.to_string(), None);
                }
            }
            (TagKind::Open | TagKind::Empty, "br" | "cr") => {
                if tag.kind == TagKind::Open {
                    stack.push((Frame::Other, name));
                }
                if visible && !hidden_run {
                    let ty = attr(&xml[tag.start..tag.end], "type");
                    if let Some(p) = cur.and_then(|n| paras.get_mut(&n)) {
                        if name == "cr" || matches!(ty.as_deref(), None | Some("textWrapping")) {
                            p.pending_break = false;
                            p.lines.push(Vec::new());
                        } else {
                            p.pending_break = p.lines.last().is_some_and(|l| !l.is_empty());
                        }
                    }
                }
            }
            (TagKind::Open | TagKind::Empty, "fldChar") => {
                if tag.kind == TagKind::Open {
                    stack.push((Frame::Other, name));
                }
                match attr(&xml[tag.start..tag.end], "fldCharType").as_deref() {
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
            }
            (TagKind::Open | TagKind::Empty, "footnoteReference" | "endnoteReference") => {
                if tag.kind == TagKind::Open {
                    stack.push((Frame::Other, name));
                }
                let t = &xml[tag.start..tag.end];
                let custom = attr(t, "customMarkFollows")
                    .is_some_and(|v| matches!(v.as_str(), "1" | "true" | "on"));
                if let (Some(id), true) = (attr(t, "id"), visible && !hidden_run) {
                    let foot = name == "footnoteReference";
                    let k = usize::from(!foot);
                    let n = *notes.entry((foot, id)).or_insert_with(|| {
                        note_counts[k] += 1;
                        note_counts[k]
                    });
                    if !custom {
                        push_piece(&mut paras, crate::extract::docx::superscript(n), None);
                    }
                }
            }
            (
                TagKind::Open,
                "del" | "moveFrom" | "delText" | "instrText" | "delInstrText" | "rt",
            ) => skip_depth = 1,
            // Tracked insertions and simple fields are read but never edited.
            (TagKind::Open, "ins" | "moveTo" | "fldSimple") => stack.push((Frame::Ins, name)),
            (TagKind::Open, "txbxContent") => stack.push((Frame::Box, name)),
            (TagKind::Open, _) => stack.push((Frame::Other, name)),
            (TagKind::Close, _) => {
                if let Some((Frame::P, _)) = stack.pop() {
                    open_paras.pop();
                }
                if name == "r" {
                    hidden_run = false;
                }
            }
            _ => {}
        }
    }
    paras
}

/// Why an edit was left alone.
#[derive(Debug, Clone, Copy)]
enum Why {
    Lines,
    NotBody,
    NoParagraph,
    Mismatch,
    Decomposed,
    Label,
    AcrossRuns,
}

impl Why {
    fn english(self) -> &'static str {
        match self {
            Why::Lines => "the change spans lines",
            Why::NotBody => {
                "not in the main text (notes, page headers and text boxes are not edited)"
            }
            Why::NoParagraph => "paragraph not found",
            Why::Mismatch => "the paragraph's text could not be matched; left as it is",
            Why::Decomposed => "decomposed text (fixed by another pass)",
            Why::Label => "in the automatic numbering label",
            Why::AcrossRuns => "the change spans runs, a field or a tracked change; left as it is",
        }
    }

    fn vietnamese(self) -> &'static str {
        match self {
            Why::Lines => "chỗ sửa trải qua nhiều dòng",
            Why::NotBody => "không ở phần thân văn bản (chú thích, đầu trang, hộp văn bản không được sửa)",
            Why::NoParagraph => "không tìm thấy đoạn văn",
            Why::Mismatch => "không đối chiếu được nội dung đoạn văn; giữ nguyên",
            Why::Decomposed => "văn bản Unicode tổ hợp (được sửa ở lượt khác)",
            Why::Label => "nằm trong số thứ tự tự động",
            Why::AcrossRuns => "chỗ sửa trải qua nhiều đoạn định dạng (run), một trường (field) hoặc một thay đổi được theo dõi; giữ nguyên",
        }
    }
}

/// Applies `edits` (non-overlapping, in display-text offsets) to the `w:t` elements of the main
/// part. Returns the new part, the rules of the edits applied, and notes for the edits skipped.
fn edit_main_part(
    xml: &str,
    doc: &Document,
    edits: &[Edit],
    english: bool,
) -> (String, Vec<String>, Vec<String>) {
    let paras = walk_main(xml);
    let display = doc.source.display();
    // Line starts of the display text.
    let mut starts = vec![0];
    starts.extend(display.match_indices('\n').map(|(i, _)| i + 1));
    // The reader's lines of each body paragraph, in order.
    let mut lines_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, info) in doc.line_info.iter().enumerate() {
        if let Location::Body {
            paragraph,
            text_box: false,
            ..
        } = info.location
        {
            lines_of.entry(paragraph).or_default().push(i);
        }
    }
    // Per `w:t`: the edits in its own decoded text.
    let mut by_element: HashMap<usize, Vec<(Range<usize>, String, String)>> = HashMap::new();
    let mut notes = Vec::new();
    let mut skip = |line: usize, why: Why, rule: &str| {
        let (word, why) = if english {
            ("line", why.english())
        } else {
            ("dòng", why.vietnamese())
        };
        notes.push(format!("{word} {}: {rule}: {why}", line + 1));
    };
    for e in edits {
        let line = starts.partition_point(|&s| s <= e.range.start) - 1;
        let line_start = starts[line];
        let line_end = starts.get(line + 1).map_or(display.len(), |s| s - 1);
        if e.range.end > line_end {
            skip(line, Why::Lines, &e.rule);
            continue;
        }
        let info = doc.line_info.get(line);
        let Some(Location::Body {
            paragraph,
            text_box: false,
            ..
        }) = info.map(|i| &i.location)
        else {
            skip(line, Why::NotBody, &e.rule);
            continue;
        };
        let (Some(para), Some(reader_lines)) = (paras.get(paragraph), lines_of.get(paragraph))
        else {
            skip(line, Why::NoParagraph, &e.rule);
            continue;
        };
        let k = reader_lines
            .iter()
            .position(|&l| l == line)
            .unwrap_or(usize::MAX);
        let Some(pieces) = para.lines.get(k) else {
            skip(line, Why::Mismatch, &e.rule);
            continue;
        };
        let mine: String = pieces.iter().map(|p| p.text.as_str()).collect();
        let reader = &display[line_start..line_end];
        let composed: String = mine.nfc().collect();
        if !reader.ends_with(&composed) {
            skip(line, Why::Mismatch, &e.rule);
            continue;
        }
        if composed != mine {
            skip(line, Why::Decomposed, &e.rule);
            continue;
        }
        // The reader puts the numbering label before the text.
        let offset = line_start + reader.len() - mine.len();
        if e.range.start < offset {
            skip(line, Why::Label, &e.rule);
            continue;
        }
        let (s, t) = (e.range.start - offset, e.range.end - offset);
        let mut pos = 0;
        let mut target = None;
        for p in pieces {
            let end = pos + p.text.len();
            let inside = pos <= s && t <= end && (s < end || (s == end && t == end));
            if inside && p.element.is_some() {
                // An insertion at a boundary goes to the text before it when that is editable.
                target = Some((p.element.unwrap_or_default(), s - pos..t - pos));
                break;
            }
            if s < end && inside {
                break;
            }
            pos = end;
        }
        match target {
            Some((el, r)) => {
                by_element
                    .entry(el)
                    .or_default()
                    .push((r, e.text.clone(), e.rule.clone()))
            }
            None => skip(line, Why::AcrossRuns, &e.rule),
        }
    }
    let mut done = Vec::new();
    let (out, _) = rewrite_texts(xml, |i, _, old| {
        let mut list = by_element.remove(&i)?;
        list.sort_by_key(|(r, _, _)| std::cmp::Reverse(r.start));
        let mut text = old.to_string();
        for (r, new, rule) in list {
            if r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
            {
                text.replace_range(r, &new);
                done.push(rule);
            }
        }
        Some(text)
    });
    (out, done, notes)
}

#[cfg(test)]
mod tests;
