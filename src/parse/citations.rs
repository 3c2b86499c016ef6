//! Finds the documents a plan cites: type name, `số`, number and symbol, date and issuing
//! agency (`Kế hoạch số 122/KH-UBND ngày 05/9/2023 của UBND tỉnh Nam Định`), and Laws cited by
//! name (`Luật Thực hiện dân chủ ở cơ sở`).
//!
//! A bare mention without a number (`các nghị quyết, chỉ thị`, `Nghị quyết 17`) is not a
//! citation: it names no particular document a reviewer could look up.

use std::sync::LazyLock;

use regex::Regex;

use super::line_patterns::{
    ABSTRACT, ALIAS, ATTACHED, CITED_DATE, ISSUER_BEFORE, ISSUING_VERB, LAW_NAME, LEADING_DATE,
    NUMBER, QUALIFIED,
};
use super::lines::starts_with_word;
use super::model::{Citation, CitedDate, Document, Zone};
use crate::source::Span;

/// The type names a citation opens with, lower case, in the order they are tried at one
/// place: a longer name before the name it starts with (`nghị quyết liên tịch`, `nghị quyết`).
const TYPES: &[&str] = &[
    "hiến pháp",
    "bộ luật",
    "luật",
    "pháp lệnh",
    "nghị quyết liên tịch",
    "nghị quyết",
    "nghị định",
    "quyết định",
    "chỉ thị",
    "thông tư liên tịch",
    "thông tư",
    "kế hoạch liên tịch",
    "kế hoạch",
    "chương trình hành động",
    "chương trình",
    "công văn",
    "công điện",
    "hướng dẫn",
    "kết luận",
    "thông báo",
    "thông tri",
    "quy định",
    "quy chế",
    "đề án",
    "văn bản",
    "tờ trình",
    "điều lệ",
    "báo cáo",
];

/// The type names in `text`, left to right, as byte ranges: a case-insensitive search for the
/// [`TYPES`], leftmost first and, at one place, the first name in the list.
///
/// In a worker's first plans ([`crate::warmup`]) the search is written out by hand: the regular
/// expression of the alternatives was the costliest of the parser's patterns to compile, which
/// a single-file run pays in full. After them, the compiled expression searches faster.
fn type_names(text: &str) -> Vec<(usize, usize)> {
    static TYPE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!("(?i)({})", TYPES.join("|"))).expect("built-in pattern")
    });
    if !crate::warmup::early() {
        return TYPE.find_iter(text).map(|m| (m.start(), m.end())).collect();
    }
    type_names_by_hand(text)
}

/// [`type_names`] without a regular expression.
fn type_names_by_hand(text: &str) -> Vec<(usize, usize)> {
    static FINDERS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
        TYPES
            .iter()
            .map(|name| memchr::memmem::Finder::new(name.as_bytes()).into_owned())
            .collect()
    });
    // Lower case at the same byte offsets; a text with a letter that cannot be lowered in place
    // (the Kelvin sign) is searched letter by letter.
    let Some(folded) = crate::literals::fold(text) else {
        return type_names_by_letter(text);
    };
    let mut places: Vec<(usize, usize)> = Vec::new();
    for (i, finder) in FINDERS.iter().enumerate() {
        places.extend(finder.find_iter(folded.as_bytes()).map(|at| (at, i)));
    }
    places.sort_unstable();
    let mut out = Vec::new();
    let mut from = 0;
    for (at, i) in places {
        if at >= from {
            from = at + TYPES[i].len();
            out.push((at, from));
        }
    }
    out
}

/// [`type_names_by_hand`] for a text that cannot be lowered in place, one letter at a time.
fn type_names_by_letter(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(first) = text[from..].chars().next() {
        let start = from;
        from += first.len_utf8();
        let rest = &text[start..];
        if let Some(len) = TYPES.iter().find_map(|name| starts_with_word(rest, name)) {
            from = start + len;
            out.push((start, from));
        }
    }
    out
}

static AGENCY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bcủa\s+([^,;()“”]+)").expect("built-in pattern"));

/// The last word of each way `ISSUER_BEFORE` joins an issuer to the type (`tại`, `có`, `ban
/// hành`, `phê duyệt tại`, `ký`, `gửi kèm`): a text ending otherwise cannot match it.
const ISSUER_JOINS: [&str; 5] = ["tại", "có", "hành", "ký", "kèm"];

// Screens in front of patterns that `regex-lite` runs slowly, for every mention of a type:
// each says whether the text has what every match needs (a test checks they keep every match).

/// Every alias wording (`viết tắt là`, `gọi tắt là`, `sau đây gọi là`) ends in `là`.
fn may_be_alias(before: &str) -> bool {
    let t = before.trim_end();
    let Some((at, _)) = t.char_indices().rev().nth(1) else {
        return false;
    };
    starts_with_word(&t[at..], "là").is_some()
}

/// After white space and an optional `số` (`:`), a number opens with a digit or, left blank,
/// with dots, underscores, `…`, `/` or `-`.
fn may_be_number(after: &str) -> bool {
    let opens = |t: &str| t.starts_with(|c: char| c.is_ascii_digit() || "._…/-".contains(c));
    let t = after.trim_start();
    opens(t)
        || t.strip_prefix("số")
            .or_else(|| t.strip_prefix("Số"))
            .is_some_and(|r| {
                let r = r.trim_start();
                opens(r.strip_prefix(':').unwrap_or(r).trim_start())
            })
}

/// A type name found in a paragraph.
struct TypeName<'h> {
    text: &'h str,
    start: usize,
    end: usize,
}

impl<'h> TypeName<'h> {
    fn start(&self) -> usize {
        self.start
    }
    fn end(&self) -> usize {
        self.end
    }
    fn as_str(&self) -> &'h str {
        &self.text[self.start..self.end]
    }
}

/// Finds every citation in the trích yếu, basis, body, closing and footnotes.
pub fn find(doc: &Document) -> Vec<Citation> {
    let mut zones: Vec<(Span, Zone)> = Vec::new();
    zones.extend(doc.trich_yeu.iter().map(|&s| (s, Zone::TrichYeu)));
    zones.extend(doc.basis.iter().map(|&s| (s, Zone::Basis)));
    zones.extend(doc.body_spans().into_iter().map(|s| (s, Zone::Body)));
    zones.extend(doc.closing.iter().map(|&s| (s, Zone::Closing)));
    zones.extend(doc.attachments.iter().map(|&s| (s, Zone::Closing)));
    zones.extend(doc.footnotes.iter().map(|f| (f.span, Zone::Footnote)));
    zones.sort_by_key(|(s, _)| s.start);
    let mut out = Vec::new();
    for (span, zone) in zones {
        find_in(doc.source.slice(span), span.start, zone, &mut out);
    }
    // A blank number with the document's own symbol is the draft naming itself.
    if let Some(own) = doc.header.so_ky_hieu.map(|s| own_symbol(doc.text(s))) {
        for c in out.iter_mut().filter(|c| c.blank_number) {
            let day_blank = c.date.as_ref().is_none_or(|d| d.day.is_none());
            let symbol = c.number.as_deref().map(own_symbol).unwrap_or_default();
            if day_blank && !own.is_empty() && symbol == own {
                c.draft_self = true;
            }
        }
    }
    out
}

/// The symbol of a number as compared with the document's own: letters, digits and `-`
/// after the first `/` or `-` that follows the number, upper-cased, without spaces
/// (`Số:   /TB - ĐT` and `/TB-ĐT` both give `TB-ĐT`).
fn own_symbol(number: &str) -> String {
    let text = number.trim_start_matches(|c: char| !c.is_ascii_digit() && c != '/' && c != '-');
    let text = text.trim_start_matches(|c: char| {
        c.is_ascii_digit() || c.is_whitespace() || c == '.' || c == '…' || c == '_'
    });
    text.trim_start_matches(['/', '-'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Finds the citations in one paragraph whose text starts at `base`.
pub fn find_in(text: &str, base: usize, zone: Zone, out: &mut Vec<Citation>) {
    let mut found: Vec<Citation> = Vec::new();
    // A date opening the clause, for the first citation in it.
    let mut leading: Vec<Option<CitedDate>> = Vec::new();
    for (start, end) in type_names(text) {
        let m = TypeName { text, start, end };
        // Word boundaries are checked here rather than with `\b` in the pattern: a Unicode `\b`
        // keeps the regex engine off its fast path on Vietnamese text.
        let before_ok = text[..m.start()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let glued = text[m.end()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if !before_ok {
            continue;
        }
        // The same words inside another citation's type and number (`Thông báo kết luận số …`).
        if found.last().is_some_and(|p| p.span.end > base + m.start()) {
            continue;
        }
        let prefix = &text[..m.start()];
        if may_be_alias(tail(prefix, 40)) && ALIAS.is_match(tail(prefix, 40)) {
            continue;
        }
        // A citation's number follows within a few characters; don't hand the whole rest of a
        // long paragraph to the capture engine.
        let mut window = (m.end() + 160).min(text.len());
        while !text.is_char_boundary(window) {
            window -= 1;
        }
        let after = &text[m.end()..window];
        let doc_type = m.as_str().to_string();
        let mut citation = Citation {
            span: Span::new(base + m.start(), base + m.end()),
            doc_type: doc_type.clone(),
            type_span: Span::new(base + m.start(), base + m.end()),
            has_so: false,
            number: None,
            number_span: None,
            blank_number: false,
            law_name: None,
            date: None,
            agency: None,
            issuer_implied: false,
            nested: false,
            draft_self: false,
            zone,
        };
        // Cheap tests for what the patterns require: NUMBER opens with white space, QUALIFIED
        // holds `số`; most mentions of a type (`các nghị quyết`) fail them.
        let spaced = after.starts_with(char::is_whitespace);
        let plain = if glued || !spaced || !may_be_number(after) {
            None
        } else {
            NUMBER.captures(after)
        };
        let qualified = || {
            if !after.contains("số") {
                return None;
            }
            QUALIFIED.captures(after).filter(|c| {
                let q = c.name("qual").map_or("", |q| q.as_str());
                !q.split_whitespace().any(|w| w == "và" || w == "hoặc")
            })
        };
        let end;
        if let Some(c) = plain.or_else(qualified) {
            citation.has_so = c.name("so").is_some();
            let blank = c
                .name("bsym")
                .map(|s| (s, c.name("blank"), '/'))
                .or_else(|| c.name("psym").map(|s| (s, c.name("pblank"), '-')));
            if let Some((sym, gap, mark)) = blank {
                let from = gap.map_or(sym.start(), |b| b.start());
                citation.blank_number = true;
                citation.number_span =
                    Some(Span::new(base + m.end() + from, base + m.end() + sym.end()));
                citation.number = Some(format!("{mark}{}", sym.as_str()));
                end = m.end() + sym.end();
            } else if let Some(num) = c.name("num") {
                let symbol = num.as_str().trim_end_matches(['.', '-', '/']);
                let has_symbol = symbol.contains('/') || symbol.contains('-');
                if !citation.has_so && !has_symbol {
                    continue;
                }
                citation.number = Some(symbol.to_string());
                citation.number_span = Some(Span::new(
                    base + m.end() + num.start(),
                    base + m.end() + num.start() + symbol.len(),
                ));
                end = m.end() + num.start() + symbol.len();
            } else {
                continue;
            }
        } else if is_law_type(&doc_type) && !glued {
            let Some(c) = LAW_NAME.captures(after) else {
                continue;
            };
            let name = c.get(1).map_or("", |n| n.as_str());
            let name_len = law_name_len(name);
            if name_len == 0 {
                continue;
            }
            let start = m.end() + c.get(1).map_or(0, |n| n.start());
            citation.law_name = Some(Span::new(base + start, base + start + name_len));
            end = start + name_len;
        } else {
            continue;
        }
        citation.span = Span::new(citation.span.start, base + end);

        // What the clause says before the type: an issuer, an issuing verb, a leading date.
        // Look back a bounded distance, so a paragraph of many citations stays linear.
        let recent = tail(prefix, 400);
        let clause = &recent[clause_start(recent)..];
        let near = tail(clause, 160);
        let near_at = m.start() - near.len();
        // The issuer pattern repeats a class up to 90 times, slow to run on `regex-lite`: run it
        // only where the text ends in one of its joining words.
        let joined = near.trim_end();
        let joined = ISSUER_JOINS.iter().any(|w| joined.ends_with(w));
        if let Some(a) = joined
            .then(|| ISSUER_BEFORE.captures(near))
            .flatten()
            .and_then(|c| c.name("agency"))
        {
            citation.agency = Some(Span::new(
                base + near_at + a.start(),
                base + near_at + a.end(),
            ));
        } else if ISSUING_VERB.is_match(near) {
            citation.issuer_implied = true;
        }
        let clause_at = m.start() - clause.len();
        let first_in_clause = found
            .last()
            .is_none_or(|p| p.type_span.start < base + clause_at);
        leading.push(if first_in_clause && LEADING_DATE.is_match(clause) {
            find_date(clause, base + clause_at)
        } else {
            None
        });
        if citation.blank_number && ATTACHED.is_match(tail(prefix, 20)) {
            citation.draft_self = true;
        }
        found.push(citation);
    }

    // Each citation's details run to the next citation, the clause end or the paragraph end.
    let starts: Vec<usize> = found.iter().map(|c| c.type_span.start - base).collect();
    for (k, (citation, lead)) in found.iter_mut().zip(leading).enumerate() {
        let from = citation.span.end - base;
        let next = starts.get(k + 1).copied().unwrap_or(text.len());
        let clause_end = from + clause_break(&text[from..next]);
        let region_end = ABSTRACT
            .find(&text[from..clause_end])
            .map_or(clause_end, |a| from + a.start());
        let region = &text[from..region_end];
        let mut after_agency = None;
        if citation.agency.is_none() {
            if let Some(a) = AGENCY.captures(region) {
                let g = a.get(1).map_or(0..0, |g| g.range());
                let agency = cut_agency(region[g.clone()].trim_end());
                if !agency.is_empty() {
                    citation.agency = Some(Span::new(
                        base + from + g.start,
                        base + from + g.start + agency.len(),
                    ));
                    after_agency = Some(g.start + agency.len());
                }
            }
        }
        if citation.date.is_none() {
            // The date comes right after the number (allowing a short gap), or right after the
            // issuer (`số 12/KH-UBND của UBND tỉnh ngày 05/3/2024`), not deep in a sentence.
            let date = CITED_DATE.captures(region).filter(|d| {
                let at = d.get(0).map_or(0, |w| w.start());
                at <= 24 || after_agency.is_some_and(|a| at <= a + 4)
            });
            if let Some(d) = date {
                let whole = d.get(0).map_or(0..0, |w| w.range());
                citation.date = Some(cited_date(
                    &d,
                    base + from + whole.start,
                    base + from + whole.end,
                ));
            } else {
                citation.date = lead;
            }
        }
        let mut end = citation.span.end;
        if let Some(d) = &citation.date {
            if d.span.start > citation.span.start {
                end = end.max(d.span.end);
            }
        }
        if let Some(a) = citation.agency {
            if a.start > citation.span.start {
                end = end.max(a.end);
            }
        }
        citation.span.end = end;
    }

    // A list of citations sharing one issuer (`Công văn số 1 ngày … và Công văn số 2 ngày …
    // của Chủ tịch UBND tỉnh`): the issuer named after the last belongs to each.
    for k in (0..found.len().saturating_sub(1)).rev() {
        let gap = &text[found[k].span.end - base..found[k + 1].type_span.start - base];
        let joined = gap
            .split(|c: char| c.is_whitespace() || c == ',')
            .all(|w| w.is_empty() || w == "và");
        if found[k].agency.is_none() && !found[k].issuer_implied && joined {
            found[k].agency = found[k + 1].agency;
        }
    }

    // A document named inside the previous one's trích yếu is part of that title.
    for k in 1..found.len() {
        let gap = &text[found[k - 1].span.end - base..found[k].type_span.start - base];
        let same_clause = clause_break(gap) == gap.len() && !sentence_break(gap);
        if same_clause && (ABSTRACT.is_match(gap) || found[k - 1].nested && !gap.contains(';')) {
            found[k].nested = true;
        }
    }
    out.extend(found);
}

/// Where the clause holding `text`'s end starts: after the last `;`, sentence end or list line.
fn clause_start(text: &str) -> usize {
    let mut at = text.rfind(';').map_or(0, |p| p + 1);
    for (i, _) in text.match_indices(". ") {
        let next = text[i + 2..].chars().next();
        if next.is_some_and(char::is_uppercase) && !abbreviation_before(&text[..i]) {
            at = at.max(i + 2);
        }
    }
    for (i, _) in text.match_indices('\n') {
        if starts_item(&text[i + 1..]) {
            at = at.max(i + 1);
        }
    }
    at
}

/// The length of `text` up to the end of its first clause: a `;`, or a line break that starts
/// a list item or a blank line. A hard-wrapped line (text extracted from PDF) continues the
/// clause.
fn clause_break(text: &str) -> usize {
    let mut end = text.find(';').unwrap_or(text.len());
    for (i, _) in text.match_indices('\n') {
        if i >= end {
            break;
        }
        if starts_item(&text[i + 1..]) {
            end = i;
            break;
        }
    }
    end
}

/// True when `gap` ends one sentence and starts another (`. ` before a capital).
fn sentence_break(gap: &str) -> bool {
    gap.match_indices(". ").any(|(i, _)| {
        gap[i + 2..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
            && !abbreviation_before(&gap[..i])
    })
}

/// True when a line starts a list item or is blank.
fn starts_item(line: &str) -> bool {
    let line = line.trim_start_matches([' ', '\t']);
    let mut chars = line.chars();
    match chars.next() {
        None | Some('\n' | '-' | '+' | '•' | '–' | '*') => true,
        Some(c) if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(['.', ')']) && rest[1..].starts_with(' ')
        }
        Some(c) if c.is_lowercase() => line[c.len_utf8()..].starts_with(')'),
        _ => false,
    }
}

fn abbreviation_before(text: &str) -> bool {
    let word = text
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    ["TP", "Tp", "tp", "Q", "P", "TX", "TT"].contains(&word)
}

/// The last `max` bytes of `text` or fewer, cut at a character boundary.
fn tail(text: &str, max: usize) -> &str {
    let mut at = text.len().saturating_sub(max);
    while !text.is_char_boundary(at) {
        at += 1;
    }
    &text[at..]
}

fn cited_date(d: &crate::engine::Captures, start: usize, end: usize) -> CitedDate {
    let num = |name: &str| d.name(name).and_then(|v| v.as_str().parse::<u32>().ok());
    CitedDate {
        day: num("d"),
        month: num("m1").or(num("m2")),
        year: d
            .name("y1")
            .or(d.name("y2"))
            .and_then(|y| y.as_str().parse().ok()),
        words: d.name("slash").is_none(),
        span: Span::new(start, end),
    }
}

/// A date written `ngày 05/9/2023` or `ngày 05 tháng 9 năm 2023` in `text` (the place-and-date
/// line of the header, say), with its span offset by `base`.
pub fn find_date(text: &str, base: usize) -> Option<CitedDate> {
    let d = CITED_DATE.captures(text)?;
    let whole = d.get(0)?.range();
    Some(cited_date(&d, base + whole.start, base + whole.end))
}

/// An agency ends where its sentence does: `của Ban Dân vận Quận ủy. Qua đó …` names
/// `Ban Dân vận Quận ủy`. A period after an abbreviation such as `TP.` does not end it.
fn cut_agency(agency: &str) -> &str {
    let agency = cut_at_sentence_end(agency);
    // `của UBND tỉnh ngày 05/3/2024`: the date after the issuer is not part of its name.
    match agency.find(" ngày") {
        Some(at) => agency[..at].trim_end(),
        None => agency,
    }
}

fn cut_at_sentence_end(agency: &str) -> &str {
    let mut from = 0;
    while let Some(p) = agency[from..].find('.') {
        let at = from + p;
        let rest = &agency[at + 1..];
        let word = agency[..at]
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        let abbreviation = ["TP", "Tp", "tp", "Q", "P", "TX", "TT"].contains(&word);
        if (rest.is_empty() || rest.starts_with(char::is_whitespace)) && !abbreviation {
            return agency[..at].trim_end();
        }
        from = at + 1;
    }
    agency
}

fn is_law_type(t: &str) -> bool {
    let t = t.to_lowercase();
    t == "luật" || t == "bộ luật" || t == "hiến pháp" || t == "pháp lệnh"
}

/// The length of a Law's name: up to `năm`, `ngày`, `của`, `và` or twelve words.
fn law_name_len(name: &str) -> usize {
    let mut len = 0;
    let mut after_comma = false;
    for (words, (i, w)) in name
        .split_inclusive(char::is_whitespace)
        .scan(0, |pos, w| {
            let at = *pos;
            *pos += w.len();
            Some((at, w))
        })
        .enumerate()
    {
        let word = w.trim();
        if words >= 12 || ["năm", "ngày", "của", "và", "số", "đã", "được"].contains(&word)
        {
            break;
        }
        // A name goes on after a comma in the doublets laws are named with (`Phòng, chống tham
        // nhũng`, `Thi đua, khen thưởng`, `Khám bệnh, chữa bệnh`), not into the sentence.
        if after_comma && AFTER_NAME.contains(&word) {
            break;
        }
        after_comma = word.ends_with(',');
        len = i + w.trim_end().len();
    }
    name[..len].trim_end_matches(',').len()
}

/// Lower-case words that, right after a comma, go on with the sentence rather than a law's name.
const AFTER_NAME: &[&str] = &[
    "các", "những", "theo", "tại", "trong", "để", "nhằm", "thì", "là", "có", "với", "về", "cụ",
    "đồng", "quy", "hướng", "ban", "sửa", "như", "gồm", "trên", "cùng",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The alias and number screens keep every text their patterns match, on the words around
    /// every type name of the fixtures and corpus and on generated strings.
    #[test]
    fn the_alias_and_number_screens_keep_every_match() {
        use crate::engine::testing;
        let lines = testing::lines();
        let mut rng = testing::Rng(0x1f83_d9ab_fb41_bd6b);
        let original = super::super::line_patterns::original;
        let (alias, number) = (original("ALIAS"), original("NUMBER"));
        let mut inputs = testing::inputs(alias.as_str(), &lines, &mut rng);
        inputs.extend(testing::inputs(number.as_str(), &lines, &mut rng));
        for line in &lines {
            for (start, end) in type_names_by_hand(line) {
                inputs.push(tail(&line[..start], 40).to_string());
                let mut to = (end + 160).min(line.len());
                while !line.is_char_boundary(to) {
                    to -= 1;
                }
                inputs.push(line[end..to].to_string());
            }
        }
        let (mut aliases, mut numbers) = (0, 0);
        for input in &inputs {
            if alias.is_match(input) {
                aliases += 1;
                assert!(may_be_alias(input), "alias {input:?}");
            }
            if number.is_match(input) {
                numbers += 1;
                assert!(may_be_number(input), "number {input:?}");
            }
        }
        assert!(
            aliases > 10 && numbers > 500,
            "{aliases} aliases, {numbers} numbers"
        );
    }

    /// Every text the issuer pattern matches ends in one of the joining words the citation
    /// finder looks for before running it.
    #[test]
    fn the_issuer_screen_keeps_every_match() {
        use crate::engine::testing;
        let lines = testing::lines();
        let mut rng = testing::Rng(0xa54f_f53a_5f1d_36f1);
        let re = super::super::line_patterns::original("ISSUER_BEFORE");
        let pattern = re.as_str();
        let mut matched = 0;
        for input in testing::inputs(pattern, &lines, &mut rng) {
            if re.is_match(&input) {
                matched += 1;
                let joined = input.trim_end();
                assert!(
                    ["tại", "có", "hành", "ký", "kèm"]
                        .iter()
                        .any(|w| joined.ends_with(w)),
                    "{input:?}"
                );
            }
        }
        assert!(matched > 20, "only {matched} matches");
    }

    /// Type names are found as the case-insensitive pattern of the same alternatives found
    /// them, on real text and on strings of the letters that could trip a hand-written search.
    #[test]
    fn type_names_as_the_pattern_found_them() {
        // The pattern as it was written before the hand-made search.
        let re = regex::Regex::new(
            r"(?i)(Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị quyết liên tịch|Nghị quyết|Nghị định|Quyết định|Chỉ thị|Thông tư liên tịch|Thông tư|Kế hoạch liên tịch|Kế hoạch|Chương trình hành động|Chương trình|Công văn|Công điện|Hướng dẫn|Kết luận|Thông báo|Thông tri|Quy định|Quy chế|Đề án|Văn bản|Tờ trình|Điều lệ|Báo cáo)",
        )
        .unwrap();
        let mut texts = crate::engine::testing::lines();
        // Every case of every name, glued, cut, and with look-alike letters (Kelvin sign, long
        // s, dotted and dotless i, Ð).
        let odd = [
            "K", "K", "ſ", "İ", "ı", "Ð", "ð", "Đ", "đ", " ", "ĐIỀU", "Nghị", "QUYẾT",
        ];
        let mut rng = crate::engine::testing::Rng(0x2545_f491_4f6c_dd1d);
        let mut pick = |n: usize| rng.below(n);
        for name in TYPES {
            let upper = name.to_uppercase();
            let title: String = name
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 {
                        c.to_uppercase().next().unwrap()
                    } else {
                        c
                    }
                })
                .collect();
            for form in [name.to_string(), upper, title] {
                texts.push(format!("theo {form} số 12/KH-UBND"));
                let cut: String = form.chars().take(form.chars().count() - 1).collect();
                texts.push(format!("{cut} và {form}{form}"));
                for _ in 0..20 {
                    let mut t = form.clone();
                    let at = t.char_indices().nth(pick(form.chars().count())).unwrap().0;
                    let c = t[at..].chars().next().unwrap();
                    t.replace_range(at..at + c.len_utf8(), odd[pick(odd.len())]);
                    texts.push(t);
                }
            }
        }
        let mut found = 0;
        for text in &texts {
            let want: Vec<(usize, usize)> =
                re.find_iter(text).map(|m| (m.start(), m.end())).collect();
            found += want.len();
            assert_eq!(type_names_by_hand(text), want, "{text:?}");
            assert_eq!(type_names_by_letter(text), want, "{text:?}");
        }
        assert!(found > 500, "only {found} type names compared");
    }

    fn cite(text: &str) -> Vec<Citation> {
        let mut out = Vec::new();
        find_in(text, 0, Zone::Basis, &mut out);
        out
    }

    #[test]
    fn full_citation() {
        let t =
            "Căn cứ Kế hoạch số 122/KH-UBND ngày 05/9/2023 của UBND tỉnh Nam Định về triển khai";
        let c = cite(t);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].number.as_deref(), Some("122/KH-UBND"));
        let d = c[0].date.as_ref().unwrap();
        assert_eq!(
            (d.day, d.month, d.year, d.words),
            (Some(5), Some(9), Some(2023), false)
        );
        assert_eq!(&t[c[0].agency.unwrap().range()], "UBND tỉnh Nam Định");
    }

    #[test]
    fn blank_number_and_words_date() {
        let t = "Thực hiện Kế hoạch số   /KH-PGDĐT ngày 20 tháng 01 năm 2022 của Phòng Giáo dục";
        let c = cite(t);
        assert_eq!(c.len(), 1);
        assert!(c[0].blank_number);
        let d = c[0].date.as_ref().unwrap();
        assert_eq!(
            (d.day, d.month, d.year, d.words),
            (Some(20), Some(1), Some(2022), true)
        );
    }

    #[test]
    fn missing_date_and_party_symbol() {
        let c = cite("Chỉ thị số 05-CT/TW của Bộ Chính trị về “Đẩy mạnh học tập”");
        assert_eq!(c[0].number.as_deref(), Some("05-CT/TW"));
        assert!(c[0].date.is_none());
        assert!(c[0].agency.is_some());
    }

    #[test]
    fn mentions_are_not_citations() {
        assert!(cite("các nghị quyết, chỉ thị của Đảng").is_empty());
        assert!(cite("thực hiện Nghị quyết 17 của Sở").is_empty());
        assert!(cite("xây dựng Kế hoạch triển khai").is_empty());
        let c = cite("Nghị định 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ");
        assert_eq!(c.len(), 1);
        assert!(!c[0].has_so);
    }

    #[test]
    fn law_by_name_and_by_number() {
        let t = "theo Luật Thực hiện dân chủ ở cơ sở và các quy định";
        let c = cite(t);
        assert_eq!(
            &t[c[0].law_name.unwrap().range()],
            "Thực hiện dân chủ ở cơ sở"
        );
        let c = cite("Luật số 10/2022/QH15 ngày 10/11/2022 của Quốc hội");
        assert_eq!(c[0].number.as_deref(), Some("10/2022/QH15"));
    }

    #[test]
    fn agency_stops_at_sentence_end() {
        let t = "Kế hoạch số 18-KH/BDVQU ngày 31 tháng 12 năm 2024 của Ban Dân vận Quận ủy. Qua đó, góp phần";
        let c = cite(t);
        assert_eq!(&t[c[0].agency.unwrap().range()], "Ban Dân vận Quận ủy");
        let t = "Kế hoạch số 18/KH-UBND ngày 31/12/2024 của UBND TP. Hồ Chí Minh.";
        let c = cite(t);
        assert_eq!(&t[c[0].agency.unwrap().range()], "UBND TP. Hồ Chí Minh");
    }

    #[test]
    fn header_date() {
        let d = find_date("Nam Định, ngày 12 tháng 02 năm 2024", 0).unwrap();
        assert_eq!((d.day, d.month, d.year), (Some(12), Some(2), Some(2024)));
        let d = find_date("Nam Định, ngày   tháng   năm 2023", 0).unwrap();
        assert_eq!((d.day, d.month, d.year), (None, None, Some(2023)));
    }

    #[test]
    fn several_in_one_sentence() {
        let c = cite("Kế hoạch số 20-KH/BDVTU ngày 28/01/2022; Chỉ thị số 03/CT-UBND ngày 21/02/2022 của UBND tỉnh");
        assert_eq!(c.len(), 2);
        assert!(c[0].date.is_some() && c[1].date.is_some());
        assert!(c[0].agency.is_none());
    }

    #[test]
    fn issuer_before_the_number() {
        let t =
            "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 02/5/2024 về việc";
        let c = cite(t);
        assert_eq!(&t[c[0].agency.unwrap().range()], "Giám đốc Sở Nội vụ");
        let t = "Công ty Điện lực Hòa Bình đã có Văn bản số 88/ĐLHB-KT gửi Sở";
        let c = cite(t);
        assert_eq!(
            &t[c[0].agency.unwrap().range()],
            "Công ty Điện lực Hòa Bình"
        );
        let c = cite("+ Ban hành Kế hoạch số 40/KH-UBND ngày 03/4/2025 về kiểm tra");
        assert!(c[0].agency.is_none() && c[0].issuer_implied);
    }

    #[test]
    fn date_after_the_issuer_and_before_the_clause() {
        let t = "Thực hiện Kế hoạch số 12/KH-UBND của UBND tỉnh Hòa Bình ngày 05/3/2024 về";
        let c = cite(t);
        assert_eq!(&t[c[0].agency.unwrap().range()], "UBND tỉnh Hòa Bình");
        let d = c[0].date.as_ref().unwrap();
        assert_eq!((d.day, d.month, d.year), (Some(5), Some(3), Some(2024)));
        let c = cite("Ngày 12 tháng 4 năm 2025, Sở Tư pháp có Văn bản số 77/STP-VB góp ý dự thảo");
        let d = c[0].date.as_ref().unwrap();
        assert_eq!((d.day, d.month), (Some(12), Some(4)));
        assert!(c[0].agency.is_some());
    }

    #[test]
    fn hard_wrapped_lines_continue_the_clause() {
        let t = "Căn cứ Kế hoạch số 07-KH/TU, ngày 14/8/2025 của\nBan Thường vụ Tỉnh ủy về công tác\ncán bộ; Hướng dẫn số 11-HD/BTCTW\nngày 03/02/2024 của Ban Tổ chức Trung ương";
        let c = cite(t);
        assert_eq!(c.len(), 2);
        assert_eq!(&t[c[0].agency.unwrap().range()], "Ban Thường vụ Tỉnh ủy");
        assert!(c[1].date.is_some() && c[1].agency.is_some());
        // A list item on the next line is another clause.
        let c = cite("Thực hiện Kế hoạch số 07-KH/TU ngày 14/8/2025\n- của mọi chi bộ trực thuộc");
        assert!(c[0].agency.is_none());
    }

    #[test]
    fn qualified_and_glued_types() {
        let c = cite("Thực hiện Quy chếlàm việc số 03-QC/ĐU ngày 10/8/2025 của Ban Chấp hành");
        assert_eq!(c[0].number.as_deref(), Some("03-QC/ĐU"));
        let c = cite("theo Kế hoạch kiểm tra số 210/KH-ĐKT ngày 11/3/2025");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].doc_type, "Kế hoạch");
        let c = cite("Chỉ thịsố27-CT/TW, ngày 03/4/2025 của Bộ Chính trị");
        assert_eq!(c[0].number.as_deref(), Some("27-CT/TW"));
        assert!(c[0].date.is_some());
        // `và` joins two things; it does not qualify a type.
        assert!(cite("Kế hoạch và báo cáo số liệu 15 ngày").is_empty());
    }

    #[test]
    fn nested_alias_shared_issuer_and_draft() {
        let t = "Thực hiện Kết luận số 90-KL/TW ngày 02/6/2025 của Bộ Chính trị về tiếp tục thực hiện Nghị quyết số 21-NQ/TW của Ban Chấp hành Trung ương (sau đây viết tắt là Kết luận số 90-KL/TW); Kế hoạch số 05-KH/TU ngày 01/7/2025";
        let c = cite(t);
        assert_eq!(c.len(), 3, "the alias is not a citation");
        assert!(!c[0].nested && c[1].nested && !c[2].nested);
        let t = "tại Công văn số 310/UBND-NC ngày 02/3/2024 và Công văn số 655/UBND-NC ngày 18/5/2024 của Chủ tịch UBND tỉnh";
        let c = cite(t);
        assert_eq!(c[0].agency, c[1].agency);
        assert!(c[0].agency.is_some());
        let c =
            cite("(Kèm theo Thông báo      /TB-PĐT ngày    tháng    năm 2024 của Phòng Đào tạo)");
        assert!(c[0].blank_number && c[0].draft_self);
        let c = cite("(Kèm theo Kế hoạch số   -KH/ĐU ngày   /9/2025 của Ban Thường vụ)");
        assert_eq!(c[0].number.as_deref(), Some("-KH/ĐU"));
        assert!(c[0].draft_self);
        let c =
            cite("Thực hiện Kế hoạch số   /KH-PGDĐT ngày 20 tháng 01 năm 2022 của Phòng Giáo dục");
        assert!(c[0].blank_number && !c[0].draft_self);
    }
}
