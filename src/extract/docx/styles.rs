//! Paragraph and run properties, `styles.xml`, the theme's fonts, and the inheritance order Word
//! applies: direct → character style → paragraph style chain → table style chain (in a table)
//! → document defaults → theme. Two exceptions Word makes for tables are kept: a table style
//! named `Normal Table` is ignored, and without the `overrideTableStyleFontSizeAndJustification`
//! setting the default paragraph style's 11–12 pt and left alignment give way to the table
//! style's.

use std::collections::HashMap;

use super::xml::{Element, Event, Ns, Reader};
use crate::extract::{Alignment, ExtractError, LineSpacing, ParagraphLayout, RunLayout, TabIndent};
use crate::limits::MAX_STYLE_CHAIN as MAX_CHAIN;

/// A font as written in `w:rFonts`: a name, or a reference to the theme's fonts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FontRef {
    /// A font family name.
    Name(String),
    /// The theme's major (headings) Latin font.
    Major,
    /// The theme's minor (body) Latin font.
    Minor,
}

/// Run properties as written in one `w:rPr` (unset fields inherit).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RunProps {
    pub style: Option<String>,
    pub font: Option<FontRef>,
    pub size: Option<u32>,
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    pub underline: Option<bool>,
    pub vanish: Option<bool>,
    /// `w:caps`: shown in capitals whatever case the text is typed in.
    pub caps: Option<bool>,
}

impl RunProps {
    /// Fills every unset field from `base` (which has lower priority).
    fn inherit(&mut self, base: &RunProps) {
        if self.font.is_none() {
            self.font.clone_from(&base.font);
        }
        self.size = self.size.or(base.size);
        self.bold = self.bold.or(base.bold);
        self.italic = self.italic.or(base.italic);
        self.underline = self.underline.or(base.underline);
        self.vanish = self.vanish.or(base.vanish);
        self.caps = self.caps.or(base.caps);
    }
}

/// A `w:numPr` as written.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct NumPr {
    pub num_id: Option<u32>,
    pub ilvl: Option<u8>,
}

/// Paragraph properties as written in one `w:pPr` (unset fields inherit).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ParaProps {
    pub style: Option<String>,
    pub alignment: Option<Alignment>,
    pub first_line: Option<i32>,
    /// Left indent (`w:left` or `w:start`), in twips.
    pub left: Option<i32>,
    pub before: Option<u32>,
    pub after: Option<u32>,
    pub line: Option<LineSpacing>,
    pub num: Option<NumPr>,
    /// Tab stops as written (`w:tabs`); they merge with the styles' rather than replace them.
    pub tabs: Vec<TabStop>,
}

/// One `w:tabs/w:tab`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TabStop {
    /// Position in twips from the text margin.
    pub pos: i32,
    pub kind: TabKind,
}

/// What a `w:tab` stop does to text after a tab character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TabKind {
    /// `left`/`start`: the text starts at the stop.
    Left,
    /// `center`, `right`/`end`, `decimal`, `num`: the text is placed against the stop.
    Aligned,
    /// `bar`: draws a line, not a stop.
    Bar,
    /// `clear`: removes a stop the styles set at this position.
    Clear,
}

impl ParaProps {
    /// Fills every unset layout field from `base` (which has lower priority).
    pub fn inherit(&mut self, base: &ParaProps) {
        self.alignment = self.alignment.or(base.alignment);
        self.first_line = self.first_line.or(base.first_line);
        self.left = self.left.or(base.left);
        self.before = self.before.or(base.before);
        self.after = self.after.or(base.after);
        self.line = self.line.or(base.line);
    }
}

/// Parses an on/off value (`w:val` absent means on).
pub(crate) fn on_off(el: &Element) -> bool {
    !matches!(el.attr("val"), Some("0" | "false" | "off" | "False"))
}

/// Parses a twips measure: an integer, or a number with a unit (Strict allows `12pt`, `2cm`).
pub(crate) fn twips(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(v) = s.parse::<i64>() {
        return Some(v);
    }
    let split = s.find(|c: char| c.is_ascii_alphabetic())?;
    let (num, unit) = s.split_at(split);
    let v: f64 = num.parse().ok()?;
    let per = match unit {
        "mm" => 1440.0 / 25.4,
        "cm" => 1440.0 / 2.54,
        "in" => 1440.0,
        "pt" => 20.0,
        "pc" | "pi" => 240.0,
        _ => return None,
    };
    let t = (v * per).round();
    (t.is_finite() && t.abs() < 1e12).then_some(t as i64)
}

fn twips_u32(s: Option<&str>) -> Option<u32> {
    s.and_then(twips).and_then(|v| u32::try_from(v.max(0)).ok())
}

fn twips_i32(s: Option<&str>) -> Option<i32> {
    s.and_then(twips).and_then(|v| i32::try_from(v).ok())
}

/// Reads a `w:rPr` whose `Start` was just returned, through its end.
pub(crate) fn parse_rpr(r: &mut Reader) -> Result<RunProps, ExtractError> {
    let mut p = RunProps::default();
    loop {
        match r.next()? {
            Event::End => return Ok(p),
            Event::Eof => return Err(r.broken("unexpected end of part")),
            Event::Text(_) => {}
            Event::Start(el) => {
                if el.ns == Ns::W {
                    match el.local {
                        "rStyle" => p.style = el.attr("val").map(str::to_string),
                        "rFonts" => p.font = font_ref(&el),
                        "sz" => p.size = el.attr("val").and_then(half_points),
                        "b" => p.bold = Some(on_off(&el)),
                        "i" => p.italic = Some(on_off(&el)),
                        "u" => p.underline = Some(el.attr("val").is_none_or(|v| v != "none")),
                        "vanish" => p.vanish = Some(on_off(&el)),
                        "caps" => p.caps = Some(on_off(&el)),
                        _ => {}
                    }
                }
                // Children such as `w:rPrChange` hold old formatting: never read them.
                r.skip()?;
            }
        }
    }
}

fn half_points(s: &str) -> Option<u32> {
    if let Ok(v) = s.trim().parse::<u32>() {
        return Some(v);
    }
    // Strict may write `13pt`.
    twips(s).and_then(|t| u32::try_from(t / 10).ok())
}

fn font_ref(el: &Element) -> Option<FontRef> {
    let theme = |v: &str| {
        if v.starts_with("major") {
            FontRef::Major
        } else {
            FontRef::Minor
        }
    };
    if let Some(t) = el.attr("asciiTheme") {
        return Some(theme(t));
    }
    if let Some(n) = el.attr("ascii") {
        return Some(FontRef::Name(n.to_string()));
    }
    if let Some(t) = el.attr("hAnsiTheme") {
        return Some(theme(t));
    }
    el.attr("hAnsi").map(|n| FontRef::Name(n.to_string()))
}

/// A `w:sectPr` page setup as written.
#[derive(Debug, Clone, Default)]
pub(crate) struct SectProps {
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub landscape: bool,
    pub top: Option<i32>,
    pub bottom: Option<i32>,
    pub left: Option<u32>,
    pub right: Option<u32>,
    /// `r:id`s of header references, in order.
    pub headers: Vec<String>,
    /// `r:id`s of footer references, in order.
    pub footers: Vec<String>,
    /// `w:titlePg`: page 1 has its own header and footer ("Different First Page").
    pub title_page: bool,
    /// `r:id` of the default header (`w:type="default"`, or no type).
    pub default_header: Option<String>,
    /// `r:id` of the first-page header.
    pub first_header: Option<String>,
    /// `r:id` of the default footer.
    pub default_footer: Option<String>,
    /// `r:id` of the first-page footer.
    pub first_footer: Option<String>,
    /// `r:id` of the even-page header.
    pub even_header: Option<String>,
    /// `r:id` of the even-page footer.
    pub even_footer: Option<String>,
}

/// Reads a `w:sectPr` whose `Start` was just returned, through its end.
pub(crate) fn parse_sect(r: &mut Reader) -> Result<SectProps, ExtractError> {
    let mut s = SectProps::default();
    loop {
        match r.next()? {
            Event::End => return Ok(s),
            Event::Eof => return Err(r.broken("unexpected end of part")),
            Event::Text(_) => {}
            Event::Start(el) => {
                if el.ns == Ns::W {
                    match el.local {
                        "pgSz" => {
                            s.width = twips_u32(el.attr("w"));
                            s.height = twips_u32(el.attr("h"));
                            s.landscape = el.attr("orient") == Some("landscape");
                        }
                        "pgMar" => {
                            s.top = twips_i32(el.attr("top"));
                            s.bottom = twips_i32(el.attr("bottom"));
                            s.left = twips_u32(el.attr("left"));
                            s.right = twips_u32(el.attr("right"));
                        }
                        "headerReference" | "footerReference" => {
                            if let Some(id) = el.attr_ns(Ns::R, "id") {
                                let header = el.local == "headerReference";
                                let slot = match (el.attr("type"), header) {
                                    (None | Some("default"), true) => Some(&mut s.default_header),
                                    (Some("first"), true) => Some(&mut s.first_header),
                                    (None | Some("default"), false) => Some(&mut s.default_footer),
                                    (Some("first"), false) => Some(&mut s.first_footer),
                                    (Some("even"), true) => Some(&mut s.even_header),
                                    (Some("even"), false) => Some(&mut s.even_footer),
                                    _ => None,
                                };
                                if let Some(slot) = slot {
                                    *slot = Some(id.to_string());
                                }
                                if header {
                                    s.headers.push(id.to_string());
                                } else {
                                    s.footers.push(id.to_string());
                                }
                            }
                        }
                        "titlePg" => s.title_page = on_off(&el),
                        _ => {}
                    }
                }
                r.skip()?;
            }
        }
    }
}

/// Reads a `w:pPr` whose `Start` was just returned, through its end. A `w:sectPr` inside it (a
/// section break) is returned too.
pub(crate) fn parse_ppr(r: &mut Reader) -> Result<(ParaProps, Option<SectProps>), ExtractError> {
    let mut p = ParaProps::default();
    let mut sect = None;
    loop {
        match r.next()? {
            Event::End => return Ok((p, sect)),
            Event::Eof => return Err(r.broken("unexpected end of part")),
            Event::Text(_) => {}
            Event::Start(el) => {
                if el.ns == Ns::W {
                    match el.local {
                        "pStyle" => p.style = el.attr("val").map(str::to_string),
                        "jc" => p.alignment = el.attr("val").and_then(alignment),
                        "ind" => {
                            if let Some(h) = twips_i32(el.attr("hanging")) {
                                p.first_line = Some(h.saturating_neg());
                            } else if let Some(f) = twips_i32(el.attr("firstLine")) {
                                p.first_line = Some(f);
                            }
                            if let Some(l) = twips_i32(el.attr("start").or(el.attr("left"))) {
                                p.left = Some(l);
                            }
                        }
                        "tabs" => {
                            p.tabs = parse_tabs(r)?;
                            continue;
                        }
                        "spacing" => {
                            p.before = twips_u32(el.attr("before")).or(p.before);
                            p.after = twips_u32(el.attr("after")).or(p.after);
                            if let Some(v) = el.attr("line").and_then(|v| v.trim().parse().ok()) {
                                p.line = Some(match el.attr("lineRule") {
                                    Some("exact") => LineSpacing::Exact(v),
                                    Some("atLeast") => LineSpacing::AtLeast(v),
                                    _ => LineSpacing::Auto(v),
                                });
                            }
                        }
                        "numPr" => {
                            p.num = Some(parse_numpr(r)?);
                            continue;
                        }
                        "sectPr" => {
                            sect = Some(parse_sect(r)?);
                            continue;
                        }
                        _ => {}
                    }
                }
                // `w:rPr` here formats the paragraph mark and `w:pPrChange` is history: skip.
                r.skip()?;
            }
        }
    }
}

/// Reads a `w:tabs` whose `Start` was just returned, through its end (at most
/// [`MAX_TAB_STOPS`] stops are kept, as Word keeps at most 64).
fn parse_tabs(r: &mut Reader) -> Result<Vec<TabStop>, ExtractError> {
    let mut tabs = Vec::new();
    loop {
        match r.next()? {
            Event::End => return Ok(tabs),
            Event::Eof => return Err(r.broken("unexpected end of part")),
            Event::Text(_) => {}
            Event::Start(el) => {
                if el.is_w("tab") && tabs.len() < MAX_TAB_STOPS {
                    let kind = match el.attr("val") {
                        Some("left" | "start") => Some(TabKind::Left),
                        Some("bar") => Some(TabKind::Bar),
                        Some("clear") => Some(TabKind::Clear),
                        Some(_) => Some(TabKind::Aligned),
                        None => None,
                    };
                    if let (Some(kind), Some(pos)) = (kind, twips_i32(el.attr("pos"))) {
                        tabs.push(TabStop { pos, kind });
                    }
                }
                r.skip()?;
            }
        }
    }
}

/// Word keeps at most 64 custom tab stops in a paragraph.
const MAX_TAB_STOPS: usize = 64;

/// Word's default tab stop when the settings name none: half an inch.
const DEFAULT_TAB_STOP: u32 = 720;

/// More leading tabs than this do not indent a paragraph: they lay out a column.
const MAX_LEADING_TABS: usize = 4;

fn parse_numpr(r: &mut Reader) -> Result<NumPr, ExtractError> {
    let mut n = NumPr::default();
    loop {
        match r.next()? {
            Event::End => return Ok(n),
            Event::Eof => return Err(r.broken("unexpected end of part")),
            Event::Text(_) => {}
            Event::Start(el) => {
                if el.is_w("numId") {
                    n.num_id = el.attr("val").and_then(|v| v.trim().parse().ok());
                } else if el.is_w("ilvl") {
                    n.ilvl = el.attr("val").and_then(|v| v.trim().parse().ok());
                }
                r.skip()?;
            }
        }
    }
}

/// Reads the paragraph and run properties of a table style's `w:tblStylePr` (the reader just
/// past its start).
fn parse_table_region(r: &mut Reader) -> Result<(ParaProps, RunProps), ExtractError> {
    let (mut ppr, mut rpr) = (ParaProps::default(), RunProps::default());
    loop {
        match r.next()? {
            Event::End => return Ok((ppr, rpr)),
            Event::Eof => return Err(r.broken("unexpected end of part")),
            Event::Text(_) => {}
            Event::Start(c) => {
                if c.is_w("pPr") {
                    ppr = parse_ppr(r)?.0;
                } else if c.is_w("rPr") {
                    rpr = parse_rpr(r)?;
                } else {
                    r.skip()?;
                }
            }
        }
    }
}

/// Reads a table's `w:tblPr` (the reader just past its start) for the `w:tblStyle` it names.
pub(crate) fn parse_table_style(r: &mut Reader) -> Result<Option<String>, ExtractError> {
    let mut style = None;
    loop {
        match r.next()? {
            Event::End => return Ok(style),
            Event::Eof => return Err(r.broken("unexpected end of part")),
            Event::Text(_) => {}
            Event::Start(c) => {
                if c.is_w("tblStyle") {
                    style = c.attr("val").map(str::to_string);
                }
                r.skip()?;
            }
        }
    }
}

fn alignment(v: &str) -> Option<Alignment> {
    Some(match v {
        "left" | "start" => Alignment::Left,
        "center" => Alignment::Center,
        "right" | "end" => Alignment::Right,
        "both" | "distribute" | "lowKashida" | "mediumKashida" | "highKashida"
        | "thaiDistribute" => Alignment::Justify,
        _ => return None,
    })
}

/// One `w:style`.
#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    /// A table style named `Normal Table`, whose properties Word ignores wherever it is used.
    ignored: bool,
    ppr: ParaProps,
    rpr: RunProps,
}

/// The styles part, resolved lazily per paragraph and run.
#[derive(Debug, Clone, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, Style>,
    default_para: Option<String>,
    default_char: Option<String>,
    /// The table style a table without `w:tblStyle` takes.
    default_table: Option<String>,
    /// The compatibility setting `overrideTableStyleFontSizeAndJustification` ([MS-DOCX]): when
    /// off, as in documents from before Word 2013, a cell in the default paragraph style takes
    /// the table style's size over a default 11 or 12 pt, and its alignment over a default left.
    pub normal_overrides_table_style: bool,
    /// Some table style sets a size or an alignment: only then does that setting matter.
    pub table_sets_size_or_alignment: bool,
    doc_ppr: ParaProps,
    doc_rpr: RunProps,
    /// Theme major and minor Latin fonts.
    pub major_font: Option<String>,
    /// The theme's minor (body) Latin font.
    pub minor_font: Option<String>,
    /// The document's default tab stop interval (`w:defaultTabStop` in `settings.xml`), twips.
    pub default_tab_stop: Option<u32>,
}

impl Styles {
    /// Parses `styles.xml`.
    pub fn parse(r: &mut Reader) -> Result<Styles, ExtractError> {
        let mut st = Styles::default();
        loop {
            match r.next()? {
                Event::Eof => return Ok(st),
                Event::End | Event::Text(_) => {}
                Event::Start(el) => {
                    if el.is_w("rPrDefault") || el.is_w("pPrDefault") || el.is_w("docDefaults") {
                        // Descend: the defaults' rPr/pPr come next.
                    } else if el.is_w("rPr") {
                        st.doc_rpr = parse_rpr(r)?;
                    } else if el.is_w("pPr") {
                        st.doc_ppr = parse_ppr(r)?.0;
                    } else if el.is_w("style") {
                        st.parse_style(r, &el)?;
                    } else if !el.is_w("styles") {
                        r.skip()?;
                    }
                }
            }
        }
    }

    fn parse_style(&mut self, r: &mut Reader, el: &Element) -> Result<(), ExtractError> {
        let id = el.attr("styleId").unwrap_or_default().to_string();
        let kind = el.attr("type").unwrap_or("paragraph").to_string();
        let is_default = el.attr("default").is_some_and(|v| v == "1" || v == "true");
        let mut style = Style::default();
        loop {
            match r.next()? {
                Event::End => break,
                Event::Eof => return Err(r.broken("unexpected end of part")),
                Event::Text(_) => {}
                Event::Start(c) => {
                    if c.is_w("basedOn") {
                        style.based_on = c.attr("val").map(str::to_string);
                        r.skip()?;
                    } else if c.is_w("name") {
                        style.ignored = kind == "table" && c.attr("val") == Some("Normal Table");
                        r.skip()?;
                    } else if c.is_w("pPr") {
                        style.ppr = parse_ppr(r)?.0;
                    } else if c.is_w("rPr") {
                        style.rpr = parse_rpr(r)?;
                    } else if c.is_w("tblStylePr") && c.attr("type") == Some("wholeTable") {
                        // Formatting for the whole table, over the style's own (it follows
                        // them in the part). The other regions (first row, banded rows…)
                        // depend on the table's `w:tblLook` and are not read.
                        let (mut ppr, mut rpr) = parse_table_region(r)?;
                        ppr.inherit(&style.ppr);
                        rpr.inherit(&style.rpr);
                        (style.ppr, style.rpr) = (ppr, rpr);
                    } else {
                        r.skip()?;
                    }
                }
            }
        }
        if kind == "table" && (style.rpr.size.is_some() || style.ppr.alignment.is_some()) {
            self.table_sets_size_or_alignment = true;
        }
        if is_default {
            match kind.as_str() {
                "paragraph" => self.default_para = Some(id.clone()),
                "character" => self.default_char = Some(id.clone()),
                "table" => self.default_table = Some(id.clone()),
                _ => {}
            }
        }
        self.styles.entry(id).or_insert(style);
        Ok(())
    }

    /// Reads the major and minor Latin fonts from `theme1.xml`.
    pub fn read_theme(&mut self, r: &mut Reader) -> Result<(), ExtractError> {
        let mut in_major = None::<bool>;
        loop {
            match r.next()? {
                Event::Eof => return Ok(()),
                Event::End | Event::Text(_) => {}
                Event::Start(el) if el.ns == Ns::Dml => match el.local {
                    "majorFont" => in_major = Some(true),
                    "minorFont" => in_major = Some(false),
                    "latin" => {
                        let face = el.attr_ns(Ns::None, "typeface").map(str::to_string);
                        match in_major.take() {
                            Some(true) => self.major_font = face,
                            Some(false) => self.minor_font = face,
                            None => {}
                        }
                    }
                    _ => {}
                },
                Event::Start(_) => {}
            }
        }
    }

    /// Styles that carry a `w:numId` (numbering styles targeted by `w:numStyleLink`).
    pub fn linked_nums(&self) -> Vec<(String, u32)> {
        self.styles
            .iter()
            .filter_map(|(id, s)| Some((id.clone(), s.ppr.num?.num_id?)))
            .collect()
    }

    /// The chain of a style and its bases, most specific first, loops cut.
    fn chain<'s>(&'s self, id: Option<&'s str>) -> impl Iterator<Item = &'s Style> + 's {
        let mut cur = id;
        let mut taken = 0;
        std::iter::from_fn(move || {
            if taken >= MAX_CHAIN {
                return None;
            }
            let s = self.styles.get(cur?)?;
            taken += 1;
            cur = s.based_on.as_deref();
            Some(s)
        })
    }

    /// The paragraph style that applies: the named one if it exists, else the default.
    pub fn para_style<'s>(&'s self, id: Option<&'s str>) -> Option<&'s str> {
        match id {
            Some(id) if self.styles.contains_key(id) => Some(id),
            _ => self.default_para.as_deref(),
        }
    }

    /// The numbering a paragraph style links to, following `basedOn`.
    pub fn style_numpr(&self, style: Option<&str>) -> NumPr {
        let mut n = NumPr::default();
        for s in self.chain(style) {
            if let Some(p) = s.ppr.num {
                n.num_id = n.num_id.or(p.num_id);
                n.ilvl = n.ilvl.or(p.ilvl);
            }
        }
        n
    }

    /// The chain of the table style that applies to a table naming `id` (`None`: no
    /// `w:tblStyle`): the named one if it exists, else the default table style. It stops at a
    /// style named `Normal Table`, which Word ignores.
    fn table_chain<'s>(&'s self, id: Option<&'s str>) -> impl Iterator<Item = &'s Style> + 's {
        let style = match id {
            Some(id) if self.styles.contains_key(id) => Some(id),
            _ => self.default_table.as_deref(),
        };
        self.chain(style).take_while(|s| !s.ignored)
    }

    /// Whether the [MS-DOCX] exception lets a table style's size or alignment win over the
    /// default paragraph style (see [`Styles::normal_overrides_table_style`]).
    fn table_style_wins(&self, table: Option<Option<&str>>, para_style: Option<&str>) -> bool {
        table.is_some()
            && !self.normal_overrides_table_style
            && para_style.is_some()
            && para_style == self.default_para.as_deref()
    }

    /// Reads `settings.xml` for the compatibility setting that decides whether the default
    /// paragraph style overrides a table style's size and alignment (off when absent).
    pub fn read_settings(&mut self, r: &mut Reader) -> Result<(), ExtractError> {
        loop {
            match r.next()? {
                Event::Eof => return Ok(()),
                Event::End | Event::Text(_) => {}
                Event::Start(el) => {
                    if el.is_w("compatSetting")
                        && el.attr("name") == Some("overrideTableStyleFontSizeAndJustification")
                    {
                        self.normal_overrides_table_style =
                            matches!(el.attr("val"), Some("1" | "true" | "on"));
                    }
                }
            }
        }
    }

    /// Reads `w:defaultTabStop` from the start of `settings.xml` (`prefix`: its first bytes,
    /// perhaps cut anywhere). Word and LibreOffice write it among the first settings, before the
    /// long list of revision ids; when it is not there or the prefix does not read, Word's
    /// default applies.
    pub fn read_default_tab_stop(&mut self, part: &str, prefix: &[u8]) {
        let text = match std::str::from_utf8(prefix) {
            Ok(t) => std::borrow::Cow::Borrowed(t),
            // Cut inside a character: read up to it.
            Err(e) if e.error_len().is_none() => {
                String::from_utf8_lossy(&prefix[..e.valid_up_to()])
            }
            // UTF-16 or broken: another reader's job; the default stays.
            Err(_) => return,
        };
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
        let mut r = Reader::new(part, text);
        // The prefix ends mid-element: a read error there only means the setting was not seen.
        while let Ok(event) = r.next() {
            match event {
                Event::Eof => return,
                Event::Start(el) if el.is_w("defaultTabStop") => {
                    self.default_tab_stop = twips_u32(el.attr("val")).filter(|t| *t > 0);
                    return;
                }
                _ => {}
            }
        }
    }

    /// Where the text of a line that starts with `tabs` tab characters begins, in a paragraph
    /// with these direct properties, no list label and no first-line or hanging indent (so the
    /// line starts at the left indent): each tab moves to the next stop, the paragraph's and
    /// its styles' own stops first (Word drops the default stops left of a custom one), else
    /// the document's default stops.
    pub fn tab_indent(
        &self,
        direct: &ParaProps,
        table: Option<Option<&str>>,
        tabs: usize,
    ) -> TabIndent {
        let style = self.para_style(direct.style.as_deref());
        let styles: Vec<&Style> = self.chain(style).collect();
        let tables: Vec<&Style> = table
            .map(|t| self.table_chain(t).collect())
            .unwrap_or_default();
        let left = direct
            .left
            .or_else(|| styles.iter().find_map(|s| s.ppr.left))
            .or_else(|| tables.iter().find_map(|s| s.ppr.left))
            .or(self.doc_ppr.left)
            .unwrap_or(0);
        if left < 0 || tabs == 0 || tabs > MAX_LEADING_TABS {
            return TabIndent::Unknown;
        }
        // Stops merge from the lowest layer up: a `clear` removes an inherited stop.
        let mut stops: Vec<TabStop> = Vec::new();
        let layers = std::iter::once(&self.doc_ppr.tabs)
            .chain(tables.iter().rev().map(|s| &s.ppr.tabs))
            .chain(styles.iter().rev().map(|s| &s.ppr.tabs))
            .chain(std::iter::once(&direct.tabs));
        for layer in layers {
            for t in layer {
                stops.retain(|s| s.pos != t.pos);
                if matches!(t.kind, TabKind::Left | TabKind::Aligned) {
                    stops.push(*t);
                }
            }
        }
        stops.sort_by_key(|s| s.pos);
        let every = i64::from(self.default_tab_stop.unwrap_or(DEFAULT_TAB_STOP));
        let mut at = i64::from(left);
        for _ in 0..tabs {
            match stops.iter().find(|s| i64::from(s.pos) > at) {
                Some(s) if s.kind == TabKind::Left => at = i64::from(s.pos),
                Some(_) => return TabIndent::Unknown,
                None => at = (at / every + 1) * every,
            }
        }
        i32::try_from(at - i64::from(left)).map_or(TabIndent::Unknown, TabIndent::Twips)
    }

    /// Effective paragraph layout: direct properties, then the style chain, then the table
    /// style of the table the paragraph is in (`table`: its `w:tblStyle`; `None` outside a
    /// table), then defaults. `numbering` holds the list level's own paragraph properties,
    /// which sit between direct properties and the style.
    pub fn paragraph(
        &self,
        direct: &ParaProps,
        numbering: Option<&ParaProps>,
        table: Option<Option<&str>>,
    ) -> ParagraphLayout {
        let style = self.para_style(direct.style.as_deref());
        let mut p = direct.clone();
        if let Some(n) = numbering {
            p.inherit(n);
        }
        if p.alignment.is_none() && self.table_style_wins(table, style) {
            let normal = self.chain(style).find_map(|s| s.ppr.alignment);
            let normal = normal.or(self.doc_ppr.alignment);
            let of_table = table.and_then(|t| self.table_chain(t).find_map(|s| s.ppr.alignment));
            if normal == Some(Alignment::Left) && of_table.is_some() {
                p.alignment = of_table;
            }
        }
        for s in self.chain(style) {
            p.inherit(&s.ppr);
        }
        // ECMA-376 §17.7.2: a table style sits above the document defaults and below the
        // paragraph style, so a template's `Table Grid` sets the font and size of the header
        // and signature cells wherever `Normal` does not.
        if let Some(table) = table {
            for s in self.table_chain(table) {
                p.inherit(&s.ppr);
            }
        }
        p.inherit(&self.doc_ppr);
        ParagraphLayout {
            style: style.map(str::to_string),
            alignment: p.alignment,
            first_line_indent: p.first_line,
            space_before: p.before,
            space_after: p.after,
            line_spacing: p.line,
            tab_indent: None,
        }
    }

    /// Effective run properties for a run with direct `rpr` in a paragraph of `para_style`,
    /// in a table whose `w:tblStyle` is `table` (`None` outside a table).
    pub fn run(
        &self,
        direct: &RunProps,
        para_style: Option<&str>,
        table: Option<Option<&str>>,
    ) -> RunProps {
        let mut p = direct.clone();
        let char_style = direct.style.as_deref().or(self.default_char.as_deref());
        for s in self.chain(char_style) {
            p.inherit(&s.rpr);
        }
        let para_style = self.para_style(para_style);
        if p.size.is_none() && self.table_style_wins(table, para_style) {
            let normal = self.chain(para_style).find_map(|s| s.rpr.size);
            let normal = normal.or(self.doc_rpr.size);
            let of_table = table.and_then(|t| self.table_chain(t).find_map(|s| s.rpr.size));
            if matches!(normal, Some(22 | 24)) && of_table.is_some() {
                p.size = of_table;
            }
        }
        for s in self.chain(para_style) {
            p.inherit(&s.rpr);
        }
        if let Some(table) = table {
            for s in self.table_chain(table) {
                p.inherit(&s.rpr);
            }
        }
        p.inherit(&self.doc_rpr);
        p
    }

    /// The font family name a run's font resolves to.
    pub fn font_name(&self, f: Option<&FontRef>) -> Option<String> {
        match f? {
            FontRef::Name(n) => Some(n.clone()),
            FontRef::Major => self.major_font.clone(),
            FontRef::Minor => self.minor_font.clone(),
        }
    }

    /// The run layout of a run with direct properties `direct` and effective ones `eff`
    /// (range filled by the caller).
    pub fn layout(&self, direct: &RunProps, eff: &RunProps) -> RunLayout {
        // A character style the run names is formatting put on that text, like direct
        // formatting; the default character style applies everywhere, like the defaults.
        let direct_font = direct.font.is_some()
            || direct
                .style
                .as_deref()
                .is_some_and(|s| self.chain(Some(s)).any(|st| st.rpr.font.is_some()));
        RunLayout {
            range: 0..0,
            font: self.font_name(eff.font.as_ref()),
            size_half_points: eff.size,
            bold: eff.bold.unwrap_or(false),
            italic: eff.italic.unwrap_or(false),
            underline: eff.underline.unwrap_or(false),
            direct_font,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures() {
        assert_eq!(twips("1134"), Some(1134));
        assert_eq!(twips("-720"), Some(-720));
        assert_eq!(twips("2cm"), Some(1134));
        assert_eq!(twips("12pt"), Some(240));
        assert_eq!(twips("x"), None);
    }

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn styles(body: &str) -> Styles {
        let xml = format!(r#"<w:styles xmlns:w="{W}">{body}</w:styles>"#);
        Styles::parse(&mut Reader::new("styles.xml", &xml)).expect("styles parse")
    }

    fn ppr(xml: &str) -> ParaProps {
        let xml = format!(r#"<w:pPr xmlns:w="{W}">{xml}</w:pPr>"#);
        let mut r = Reader::new("document.xml", &xml);
        assert!(matches!(r.next(), Ok(Event::Start(_))));
        parse_ppr(&mut r).expect("pPr parses").0
    }

    #[test]
    fn leading_tabs_reach_the_next_stop() {
        let st = styles(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
               <w:style w:type="paragraph" w:styleId="Body"><w:basedOn w:val="Normal"/>
                 <w:pPr><w:tabs><w:tab w:val="left" w:pos="567"/><w:tab w:val="right" w:pos="9000"/></w:tabs></w:pPr></w:style>"#,
        );
        // No stops of its own: Word's default every 720 twips.
        assert_eq!(st.tab_indent(&ppr(""), None, 1), TabIndent::Twips(720));
        assert_eq!(st.tab_indent(&ppr(""), None, 2), TabIndent::Twips(1440));
        // From a left indent, to the next default stop past it.
        let indented = ppr(r#"<w:ind w:left="300"/>"#);
        assert_eq!(st.tab_indent(&indented, None, 1), TabIndent::Twips(420));
        // The style's left stop, then its right stop: text against a right stop is not measured.
        let body = ppr(r#"<w:pStyle w:val="Body"/>"#);
        assert_eq!(st.tab_indent(&body, None, 1), TabIndent::Twips(567));
        assert_eq!(st.tab_indent(&body, None, 2), TabIndent::Unknown);
        // The paragraph clears the style's stop and sets its own.
        let own = ppr(
            r#"<w:pStyle w:val="Body"/><w:tabs><w:tab w:val="clear" w:pos="567"/><w:tab w:val="left" w:pos="680"/></w:tabs>"#,
        );
        assert_eq!(st.tab_indent(&own, None, 1), TabIndent::Twips(680));
        // A negative left indent is not measured.
        let outdented = ppr(r#"<w:ind w:start="-200"/>"#);
        assert_eq!(st.tab_indent(&outdented, None, 1), TabIndent::Unknown);
        // Nor a row of tabs (a column layout).
        assert_eq!(st.tab_indent(&ppr(""), None, 5), TabIndent::Unknown);
    }

    #[test]
    fn the_default_tab_stop_is_read_from_the_start_of_the_settings() {
        let settings = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:settings xmlns:w="{W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="709"/><w:rsids><w:rsidRoot w:val="00A1"/></w:rsids></w:settings>"#
        );
        let mut st = Styles::default();
        st.read_default_tab_stop("settings.xml", settings.as_bytes());
        assert_eq!(st.default_tab_stop, Some(709));
        assert_eq!(st.tab_indent(&ppr(""), None, 1), TabIndent::Twips(709));
        // Cut just after the setting, in the middle of a tag: still read.
        let cut = settings.find("<w:rsids").expect("rsids") + 5;
        let mut st = Styles::default();
        st.read_default_tab_stop("settings.xml", &settings.as_bytes()[..cut]);
        assert_eq!(st.default_tab_stop, Some(709));
        // Cut before it: not seen, and Word's default applies.
        let cut = settings.find("<w:defaultTabStop").expect("setting") + 3;
        let mut st = Styles::default();
        st.read_default_tab_stop("settings.xml", &settings.as_bytes()[..cut]);
        assert_eq!(st.default_tab_stop, None);
        assert_eq!(st.tab_indent(&ppr(""), None, 1), TabIndent::Twips(720));
    }
}
