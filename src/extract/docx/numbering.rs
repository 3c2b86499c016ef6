//! `numbering.xml` and the counting engine that renders list labels the way Word shows them.

use std::collections::HashMap;

use super::styles::{parse_ppr, ParaProps};
use super::xml::{Element, Event, Reader};
use crate::extract::{ExtractError, NumberFormat};
use crate::limits::MAX_NUMBERING_LINKS as MAX_LINKS;

/// Word has nine list levels (0–8).
const LEVELS: usize = 9;

/// One `w:lvl`.
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: NumberFormat,
    /// `numFmt="none"`: the number renders as nothing.
    hidden: bool,
    zero_pad: bool,
    text: String,
    restart: Option<u32>,
    legal: bool,
    /// `w:suff="nothing"`: no space after the label.
    no_suffix: bool,
    style: Option<String>,
    ppr: ParaProps,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            format: NumberFormat::Decimal,
            hidden: false,
            zero_pad: false,
            text: String::new(),
            restart: None,
            legal: false,
            no_suffix: false,
            style: None,
            ppr: ParaProps::default(),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct AbstractNum {
    levels: Vec<Option<Level>>,
    /// `w:numStyleLink`: the levels live in the abstractNum of that numbering style's num.
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: u32,
    start_overrides: HashMap<u8, u32>,
    level_overrides: HashMap<u8, Level>,
}

/// A rendered label.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Label {
    /// The label text (`I.`, `1.`, `a)`, `-`).
    pub text: String,
    /// The format of the level.
    pub format: NumberFormat,
    /// False when Word puts nothing between the label and the text.
    pub spaced: bool,
    /// The level's paragraph properties (indentation).
    pub ppr: ParaProps,
}

/// The numbering definitions plus the running counters.
#[derive(Debug, Clone, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<u32, AbstractNum>,
    nums: HashMap<u32, Num>,
    /// numbering style id → its numId (for `numStyleLink`).
    style_nums: HashMap<String, u32>,
    /// Counters per counting key (abstractNum, or num for restarted instances).
    counters: HashMap<CounterKey, [Option<u32>; LEVELS]>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum CounterKey {
    Abstract(u32),
    Num(u32),
}

fn parse_u32(el: &Element) -> Option<u32> {
    el.attr("val").and_then(|v| v.trim().parse().ok())
}

fn format_of(v: &str) -> (NumberFormat, bool, bool) {
    match v {
        "decimal" => (NumberFormat::Decimal, false, false),
        "decimalZero" => (NumberFormat::Decimal, false, true),
        "upperRoman" => (NumberFormat::UpperRoman, false, false),
        "lowerRoman" => (NumberFormat::LowerRoman, false, false),
        "upperLetter" => (NumberFormat::UpperLetter, false, false),
        "lowerLetter" => (NumberFormat::LowerLetter, false, false),
        "bullet" => (NumberFormat::Bullet, false, false),
        "none" => (NumberFormat::Other, true, false),
        _ => (NumberFormat::Other, false, false),
    }
}

impl Numbering {
    /// Parses `numbering.xml`.
    pub fn parse(r: &mut Reader) -> Result<Numbering, ExtractError> {
        let mut n = Numbering::default();
        loop {
            match r.next()? {
                Event::Eof => return Ok(n),
                Event::End | Event::Text(_) => {}
                Event::Start(el) => {
                    if el.is_w("abstractNum") {
                        let id = el.attr("abstractNumId").and_then(|v| v.trim().parse().ok());
                        let a = parse_abstract(r)?;
                        if let Some(id) = id {
                            n.abstracts.entry(id).or_insert(a);
                        }
                    } else if el.is_w("num") {
                        let id = el.attr("numId").and_then(|v| v.trim().parse().ok());
                        let num = parse_num(r)?;
                        if let Some(id) = id {
                            n.nums.entry(id).or_insert(num);
                        }
                    } else if !el.is_w("numbering") {
                        r.skip()?;
                    }
                }
            }
        }
    }

    /// Tells the engine which numId a numbering style (`w:type="numbering"`) carries.
    pub fn link_style(&mut self, style_id: &str, num_id: u32) {
        self.style_nums.insert(style_id.to_string(), num_id);
    }

    /// The abstractNum holding the levels for a num, following `numStyleLink`.
    fn abstract_for(&self, num: &Num) -> Option<(u32, &AbstractNum)> {
        let mut id = num.abstract_id;
        for _ in 0..MAX_LINKS {
            let a = self.abstracts.get(&id)?;
            match &a.style_link {
                Some(link) => {
                    let nid = self.style_nums.get(link)?;
                    id = self.nums.get(nid)?.abstract_id;
                }
                None => return Some((id, a)),
            }
        }
        None
    }

    fn level(&self, num: &Num, a: &AbstractNum, ilvl: u8) -> Option<Level> {
        num.level_overrides
            .get(&ilvl)
            .cloned()
            .or_else(|| a.levels.get(ilvl as usize).cloned().flatten())
    }

    /// The level a paragraph style selects within a list (a level whose `w:pStyle` names it).
    pub fn level_for_style(&self, num_id: u32, style: &str) -> Option<u8> {
        let num = self.nums.get(&num_id)?;
        let (_, a) = self.abstract_for(num)?;
        a.levels
            .iter()
            .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(style))
            .and_then(|i| u8::try_from(i).ok())
    }

    /// Advances the counters for a paragraph at (`num_id`, `ilvl`) and renders its label.
    pub fn next_label(&mut self, num_id: u32, ilvl: u8) -> Option<Label> {
        let ilvl = ilvl.min(LEVELS as u8 - 1);
        let num = self.nums.get(&num_id)?;
        let (abs_id, a) = self.abstract_for(num)?;
        let levels: Vec<Option<Level>> = (0..LEVELS as u8)
            .map(|l| {
                let mut lv = self.level(num, a, l)?;
                if let Some(&s) = num.start_overrides.get(&l) {
                    lv.start = s;
                }
                Some(lv)
            })
            .collect();
        let this = levels[ilvl as usize].clone()?;
        // A num that restarts a list counts on its own; others share the abstractNum's counters
        // the way Word continues a list across num instances.
        let key = if num.start_overrides.is_empty() && num.level_overrides.is_empty() {
            CounterKey::Abstract(abs_id)
        } else {
            CounterKey::Num(num_id)
        };
        let counters = self.counters.entry(key).or_insert([None; LEVELS]);
        let i = ilvl as usize;
        counters[i] = Some(match counters[i] {
            Some(c) => c.saturating_add(1),
            None => this.start,
        });
        for (k, slot) in counters.iter_mut().enumerate().skip(i + 1) {
            let restart = levels[k].as_ref().and_then(|l| l.restart);
            let resets = match restart {
                None => true,
                Some(0) => false,
                Some(n) => (i as u32) < n,
            };
            if resets {
                *slot = None;
            }
        }
        let counters = *counters;
        let text = if this.format == NumberFormat::Bullet {
            bullet(&this.text)
        } else {
            render_text(&this, &levels, &counters)
        };
        Some(Label {
            text,
            format: this.format,
            spaced: !this.no_suffix,
            ppr: this.ppr,
        })
    }
}

fn render_text(this: &Level, levels: &[Option<Level>], counters: &[Option<u32>; LEVELS]) -> String {
    let mut out = String::new();
    let mut chars = this.text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' {
            if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                chars.next();
                if (1..=9).contains(&d) {
                    let k = d as usize - 1;
                    let lv = levels[k].clone().unwrap_or_default();
                    let value = counters[k].unwrap_or(lv.start);
                    if !lv.hidden {
                        let (fmt, pad) = if this.legal {
                            (NumberFormat::Decimal, false)
                        } else {
                            (lv.format, lv.zero_pad)
                        };
                        out.push_str(&format_number(value, fmt, pad));
                    }
                }
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Renders a bullet as the plain character a `.txt` plan would use.
fn bullet(text: &str) -> String {
    let c = text.chars().next().map(|c| {
        // Symbol/Wingdings glyphs sit at U+F020–U+F07F mirroring ASCII.
        let code = c as u32;
        if (0xF020..0xF080).contains(&code) {
            char::from_u32(code - 0xF000).unwrap_or(c)
        } else {
            c
        }
    });
    match c {
        Some('+') => "+".into(),
        _ => "-".into(),
    }
}

/// Formats one counter value.
pub(crate) fn format_number(v: u32, fmt: NumberFormat, zero_pad: bool) -> String {
    match fmt {
        NumberFormat::UpperRoman => roman(v),
        NumberFormat::LowerRoman => roman(v).to_lowercase(),
        NumberFormat::UpperLetter => letters(v, b'A'),
        NumberFormat::LowerLetter => letters(v, b'a'),
        _ if zero_pad && v < 10 => format!("0{v}"),
        _ => v.to_string(),
    }
}

fn roman(mut v: u32) -> String {
    if v == 0 || v >= 4000 {
        return v.to_string();
    }
    const T: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (n, r) in T {
        while v >= n {
            s.push_str(r);
            v -= n;
        }
    }
    s
}

/// Word's letter numbering: a…z, then aa…zz, aaa… (the letter repeats); Latin order, no đ.
fn letters(v: u32, base: u8) -> String {
    if v == 0 {
        return "0".into();
    }
    let idx = (v - 1) % 26;
    let reps = ((v - 1) / 26 + 1).min(64) as usize;
    let c = (base + idx as u8) as char;
    std::iter::repeat_n(c, reps).collect()
}

fn parse_level(r: &mut Reader) -> Result<Level, ExtractError> {
    let mut lv = Level::default();
    loop {
        match r.next()? {
            Event::End => return Ok(lv),
            Event::Eof => return Err(r.broken("unexpected end of part")),
            Event::Text(_) => {}
            Event::Start(el) => {
                if el.is_w("pPr") {
                    lv.ppr = parse_ppr(r)?.0;
                    continue;
                }
                if el.is_w("start") {
                    lv.start = parse_u32(&el).unwrap_or(1);
                } else if el.is_w("numFmt") {
                    let (f, hidden, pad) = format_of(el.attr("val").unwrap_or("decimal"));
                    lv.format = f;
                    lv.hidden = hidden;
                    lv.zero_pad = pad;
                } else if el.is_w("lvlText") {
                    lv.text = el.attr("val").unwrap_or_default().to_string();
                } else if el.is_w("lvlRestart") {
                    lv.restart = parse_u32(&el);
                } else if el.is_w("isLgl") {
                    lv.legal = super::styles::on_off(&el);
                } else if el.is_w("suff") {
                    lv.no_suffix = el.attr("val") == Some("nothing");
                } else if el.is_w("pStyle") {
                    lv.style = el.attr("val").map(str::to_string);
                }
                r.skip()?;
            }
        }
    }
}

fn parse_abstract(r: &mut Reader) -> Result<AbstractNum, ExtractError> {
    let mut a = AbstractNum {
        levels: vec![None; LEVELS],
        style_link: None,
    };
    loop {
        match r.next()? {
            Event::End => return Ok(a),
            Event::Eof => return Err(r.broken("unexpected end of part")),
            Event::Text(_) => {}
            Event::Start(el) => {
                if el.is_w("lvl") {
                    let ilvl: Option<usize> = el.attr("ilvl").and_then(|v| v.trim().parse().ok());
                    let lv = parse_level(r)?;
                    if let Some(slot) = ilvl.and_then(|i| a.levels.get_mut(i)) {
                        *slot = Some(lv);
                    }
                    continue;
                }
                if el.is_w("numStyleLink") {
                    a.style_link = el.attr("val").map(str::to_string);
                }
                r.skip()?;
            }
        }
    }
}

fn parse_num(r: &mut Reader) -> Result<Num, ExtractError> {
    let mut n = Num::default();
    loop {
        match r.next()? {
            Event::End => return Ok(n),
            Event::Eof => return Err(r.broken("unexpected end of part")),
            Event::Text(_) => {}
            Event::Start(el) => {
                if el.is_w("abstractNumId") {
                    n.abstract_id = parse_u32(&el).unwrap_or(0);
                    r.skip()?;
                } else if el.is_w("lvlOverride") {
                    let ilvl: Option<u8> = el.attr("ilvl").and_then(|v| v.trim().parse().ok());
                    parse_override(r, &mut n, ilvl)?;
                } else {
                    r.skip()?;
                }
            }
        }
    }
}

fn parse_override(r: &mut Reader, n: &mut Num, ilvl: Option<u8>) -> Result<(), ExtractError> {
    loop {
        match r.next()? {
            Event::End => return Ok(()),
            Event::Eof => return Err(r.broken("unexpected end of part")),
            Event::Text(_) => {}
            Event::Start(el) => {
                if el.is_w("startOverride") {
                    if let (Some(l), Some(v)) = (ilvl, parse_u32(&el)) {
                        n.start_overrides.insert(l, v);
                    }
                    r.skip()?;
                } else if el.is_w("lvl") {
                    let lv = parse_level(r)?;
                    if let Some(l) = ilvl {
                        n.level_overrides.insert(l, lv);
                    }
                } else {
                    r.skip()?;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(format_number(4, NumberFormat::UpperRoman, false), "IV");
        assert_eq!(format_number(14, NumberFormat::LowerRoman, false), "xiv");
        assert_eq!(format_number(5, NumberFormat::LowerLetter, false), "e");
        assert_eq!(format_number(27, NumberFormat::UpperLetter, false), "AA");
        assert_eq!(format_number(7, NumberFormat::Decimal, true), "07");
        assert_eq!(bullet("\u{F02D}"), "-");
        assert_eq!(bullet("+"), "+");
        assert_eq!(bullet("\u{F0B7}"), "-");
    }
}
