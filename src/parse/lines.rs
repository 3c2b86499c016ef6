//! Line-level recognisers: what a single line (or a cell of a line laid out in columns) is.
//!
//! Each recogniser looks at one cleaned line and says what it could be; the zone parser in
//! `mod.rs` decides with context. They are tolerant of converter noise (Markdown emphasis,
//! indentation, non-breaking spaces).

use std::sync::LazyLock;

use regex::Regex;

use super::line_patterns::{
    LinePattern, ARABIC, ARABIC_PAREN, ASTERISK, AUTHORITY, CLOSING, DASH, DATE_REST, DATE_START,
    FOOTNOTE, LETTER, LETTER_PART, NAME, NESTED, NOI_NHAN, PAGE_NUMBER, PLACE_DATE,
    PLACE_DATE_SHORT, PLUS, ROMAN, SEPARATOR, SIGN_NOTE, SO, STAMP_TIME_ONLY, SYMBOL_REST, TITLE,
};
use super::model::MarkerKind;

/// Characters trimmed around a line's content besides white space: BOM and zero-width space.
fn is_trim(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// The byte range of a line's content: white space trimmed, and Markdown emphasis or heading
/// marks that wrap the whole line removed (`**I. MỤC ĐÍCH**`, `## I. MỤC ĐÍCH`).
pub fn content_range(line: &str) -> (usize, usize) {
    let mut start = 0;
    let mut end = line.len();
    loop {
        let s = &line[start..end];
        let trimmed_start = s.len() - s.trim_start_matches(is_trim).len();
        let trimmed_end = s.trim_end_matches(is_trim).len();
        if trimmed_start > 0 || trimmed_end < s.len() {
            end = start + trimmed_end.max(trimmed_start);
            start += trimmed_start;
            continue;
        }
        // `#` headings from Markdown converters.
        if s.starts_with('#') {
            let hashes = s.len() - s.trim_start_matches('#').len();
            if s[hashes..].starts_with(' ') {
                start += hashes;
                continue;
            }
        }
        // Emphasis wrapping the whole line, only when it wraps on both sides.
        let mut stripped = false;
        for mark in ["**", "__", "*", "_"] {
            if s.len() > 2 * mark.len() && s.starts_with(mark) && s.ends_with(mark) {
                start += mark.len();
                end -= mark.len();
                stripped = true;
                break;
            }
        }
        if !stripped {
            break;
        }
    }
    (start, end.max(start))
}

/// A copy of `text` without Markdown emphasis characters, for recognising shapes.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    // Called on every line by many recognisers: most lines have no marks, so borrow them.
    let bytes = text.as_bytes();
    // Two byte searches (memchr) rather than one decoding every character.
    if bytes.contains(&b'*') || bytes.contains(&b'_') {
        text.chars().filter(|&c| c != '*' && c != '_').collect()
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Splits a line laid out in columns (cells separated by tabs or three or more spaces, as Word
/// and PDF converters write two-column headers and signatures) into the byte ranges of its cells.
pub fn cells(line: &str) -> Vec<(usize, usize)> {
    if let Some(row) = markdown_row(line) {
        return row;
    }
    gap_cells(line)
}

/// The cells of a Markdown table row (`| ỦY BAN … ------- | CỘNG HÒA … |`), as web renderings
/// of official documents write the header and the `Nơi nhận | chữ ký` block. Inside a cell, a
/// rule of dashes, a recipient list squashed onto one line (`Nơi nhận: - A; - B; - Lưu: VT.`)
/// and a signer's title run into the name (`CHỦ TỊCH Nguyễn Văn A`) are split apart too.
fn markdown_row(line: &str) -> Option<Vec<(usize, usize)>> {
    if !is_markdown_row(line) {
        return None;
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), '|')))
    {
        if c != '|' {
            continue;
        }
        let seg = &line[start..i];
        let lead = seg.len() - seg.trim_start().len();
        let (s, e) = (start + lead, start + lead + seg.trim().len());
        if s < e {
            split_table_cell(line, s, e, &mut out);
        }
        start = i + 1;
    }
    if out.is_empty() {
        out.push((0, line.len()));
    }
    Some(out)
}

fn split_table_cell(line: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    // Web renderings wrap each line of a cell in emphasis (`**CỘNG HÒA …** **Độc lập …**`): the
    // marks are not text, and where one emphasised run ends and the next starts, so does a line.
    let is_mark = |c: char| c == '*' || c == '_';
    let inner = line[s..e].trim_matches(|c: char| is_mark(c) || c.is_whitespace());
    if inner.is_empty() {
        return;
    }
    let s = s + line[s..e].find(inner).unwrap_or(0);
    let e = s + inner.len();
    if let Some((at, len)) = emphasis_break(inner) {
        split_table_cell(line, s, s + at, out);
        split_table_cell(line, s + at + len, e, out);
        return;
    }
    let cell = &line[s..e];
    // A rule of dashes under an agency or the Tiêu ngữ is a cell of its own.
    if let Some(at) = cell.find(" ---") {
        split_table_cell(line, s, s + at, out);
        let rest = cell[at..].trim_start();
        let dashes = rest.len() - rest.trim_start_matches('-').len();
        let rs = e - rest.len();
        out.push((rs, rs + dashes));
        if rs + dashes < e {
            let after = &line[rs + dashes..e];
            let lead = after.len() - after.trim_start().len();
            if !after.trim().is_empty() {
                split_table_cell(line, rs + dashes + lead, e, out);
            }
        }
        return;
    }
    // `Nơi nhận: - A; - B;` → the label, then one cell per recipient.
    if noi_nhan_label(cell).is_some() {
        let mut cuts: Vec<usize> = cell
            .match_indices(" - ")
            .map(|(i, _)| i)
            .filter(|&i| {
                let before = cell[..i].trim_end_matches(|c: char| c.is_whitespace() || is_mark(c));
                before.ends_with(':')
                    || before.ends_with(';')
                    || before.ends_with(',')
                    || before.ends_with('.')
            })
            .collect();
        if !cuts.is_empty() {
            cuts.push(cell.len());
            out.push((s, s + cuts[0]));
            for w in cuts.windows(2) {
                out.push((s + w[0] + 1, s + w[1]));
            }
            return;
        }
    }
    // `KT. CHỦ TỊCH PHÓ CHỦ TỊCH …` → the authority line, then the deputy's title.
    if let Some(at) = cell.find(" PHÓ ") {
        if authority(&cell[..at]).is_some() {
            out.push((s, s + at));
            split_table_cell(line, s + at + 1, e, out);
            return;
        }
    }
    // `CHỦ TỊCH Hoàng Quốc Khánh` → the title in capitals, then the name.
    let words: Vec<(usize, &str)> = cell
        .split(' ')
        .scan(0usize, |pos, w| {
            let at = *pos;
            *pos += w.len() + 1;
            Some((at, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let first_lower = words.iter().position(|(_, w)| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() > 1 && letters[1..].iter().any(|c| c.is_lowercase())
    });
    if let Some(k) = first_lower {
        if k >= 1 && words.len() - k >= 2 && words.len() - k <= 5 {
            let name = &cell[words[k].0..];
            let title = cell[..words[k].0].trim_end();
            if is_name(name) && is_upper(title) {
                out.push((s, s + title.len()));
                out.push((s + words[k].0, e));
                return;
            }
        }
    }
    out.push((s, e));
}

/// Where the signer's column starts on a line of the recipients' column that PDF extraction
/// ran into it with a single space (`- UBND tỉnh (b/c); KT. CHỦ TỊCH`, `Nơi nhận: TM. ỦY BAN
/// NHÂN DÂN`, `- Lưu: VT, VP. Nguyễn Văn An`). The left part must be the `Nơi nhận` label or a
/// recipient item, and the signer's part must follow the label's colon or an item's closing
/// `;` or `.`, and be an authority line, a signer's title of two words or more, a signing
/// note or a name. `None` for any other line.
pub fn merged_signer_start(line: &str) -> Option<usize> {
    let t = line.trim_end();
    let left_kind = if t.trim_start().starts_with(['-', '+', '–']) {
        false
    } else if noi_nhan_label(t).is_some() {
        true
    } else {
        return None;
    };
    let mut cuts = t
        .match_indices([';', '.', ':'])
        .map(|(i, sep)| i + sep.len())
        .filter(|&i| t[i..].starts_with(' '));
    cuts.find_map(|cut| {
        let right = t[cut..].trim_start();
        let start = t.len() - right.len();
        let left = t[..cut].trim();
        // The label ends at its colon; an item before the signer's part ends its own line.
        let left_ok = if left_kind {
            let label = clean(left);
            let label = label.trim_start();
            noi_nhan_label(label).is_some_and(|off| label.get(off..).is_some_and(str::is_empty))
        } else {
            left.ends_with([';', '.'])
        };
        let signer = authority(right).is_some()
            || (is_signer_title(right) && right.split_whitespace().count() >= 2)
            || is_sign_note(right)
            || is_name(right);
        (left_ok && signer && !right.ends_with([';', ','])).then_some(start)
    })
}

/// Where one emphasised run ends and the next starts inside a table cell (`…** **…`): the
/// byte offset and length of the marks and white space between them.
fn emphasis_break(cell: &str) -> Option<(usize, usize)> {
    let b = cell.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if matches!(b[i], b'*' | b'_') && i > 0 && !b[i - 1].is_ascii_whitespace() {
            let start = i;
            while i < b.len() && matches!(b[i], b'*' | b'_') {
                i += 1;
            }
            let gap = i;
            while i < b.len() && b[i] == b' ' {
                i += 1;
            }
            let spaced = i > gap;
            let reopen = i;
            while i < b.len() && matches!(b[i], b'*' | b'_') {
                i += 1;
            }
            if spaced && i > reopen && i < b.len() && !b[i].is_ascii_whitespace() {
                return Some((start, i - start));
            }
            continue;
        }
        // `UBND TỈNH AN GIANG **SỞ …**`: a header line in capitals, then an emphasised one.
        if b[i] == b' ' && b.get(i + 1).is_some_and(|&c| matches!(c, b'*' | b'_')) {
            let before = &cell[..i];
            let mut j = i + 1;
            while j < b.len() && matches!(b[j], b'*' | b'_') {
                j += 1;
            }
            let opens = j < b.len() && !b[j].is_ascii_whitespace();
            if opens && !before.contains(['*', '_']) && is_upper(before) {
                return Some((i, j - i));
            }
        }
        i += 1;
    }
    None
}

/// True for a Markdown table row: `| … | … |`.
pub fn is_markdown_row(line: &str) -> bool {
    let t = line.trim();
    t.len() > 1 && t.starts_with('|') && t.ends_with('|')
}

/// Cells of a line laid out with tabs or wide gaps.
fn gap_cells(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    if !may_have_gap(bytes) {
        // Words apart by one or two spaces: one cell, the line without its outer spaces.
        let Some(s) = bytes.iter().position(|&b| b != b' ') else {
            return Vec::new();
        };
        let e = bytes.iter().rposition(|&b| b != b' ').map_or(s, |e| e + 1);
        return vec![(s, e)];
    }
    let mut out = Vec::new();
    let mut cell_start: Option<usize> = None;
    let mut gap_start = 0;
    let mut gap_spaces = 0;
    let mut gap_tab = false;
    let mut i = 0;
    // Byte by byte, without decoding characters: a byte that is not white space and not right
    // after a gap changes nothing.
    while i < bytes.len() {
        let white = white_space_len(bytes, i);
        if white > 0 {
            if gap_spaces == 0 {
                gap_start = i;
            }
            gap_spaces += 1;
            gap_tab |= bytes[i] == b'\t';
            i += white;
            continue;
        }
        if let Some(s) = cell_start {
            if gap_spaces > 0 && (gap_tab || gap_spaces >= 3) && !is_blank_field(line, gap_start, i)
            {
                out.push((s, gap_start));
                cell_start = Some(i);
            }
        } else {
            cell_start = Some(i);
        }
        gap_spaces = 0;
        gap_tab = false;
        i += 1;
    }
    if let Some(s) = cell_start {
        let end = if gap_spaces > 0 {
            gap_start
        } else {
            line.len()
        };
        out.push((s, end));
    }
    out
}

/// False when the only white space in `bytes` is ASCII spaces, at most two in a row: no gap
/// there can part cells.
fn may_have_gap(bytes: &[u8]) -> bool {
    let mut spaces = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b' ' {
            spaces += 1;
            if spaces >= 3 {
                return true;
            }
            continue;
        }
        spaces = 0;
        let other_white = match b {
            0x09..=0x0d => true,
            0xc2 | 0xe1 | 0xe2 | 0xe3 => white_space_len(bytes, i) > 0,
            _ => false,
        };
        if other_white {
            return true;
        }
    }
    false
}

/// The byte length of the white space character (`char::is_whitespace`: Unicode White_Space)
/// starting at byte `i` of UTF-8 text, or 0 when the character there is not white space (or
/// `i` is inside a character).
fn white_space_len(bytes: &[u8], i: usize) -> usize {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        0x09..=0x0d | b' ' => 1,
        // U+0085, U+00A0
        0xc2 if matches!(at(1), 0x85 | 0xa0) => 2,
        // U+1680
        0xe1 if at(1) == 0x9a && at(2) == 0x80 => 3,
        // U+2000…U+200A, U+2028, U+2029, U+202F
        0xe2 if at(1) == 0x80 && matches!(at(2), 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf) => 3,
        // U+205F
        0xe2 if at(1) == 0x81 && at(2) == 0x9f => 3,
        // U+3000
        0xe3 if at(1) == 0x80 && at(2) == 0x80 => 3,
        _ => 0,
    }
}

/// Splits a header line into its parts when a converter joined the two header columns with
/// a single space: `UBND TỈNH X CỘNG HÒA XÃ HỘI …`, `Số: 12/KH-UBND Hà Nội, ngày …`. Returns byte
/// ranges within `line`; a line with one part gives one range.
pub fn header_cells(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (s, e) in cells(line) {
        split_header_cell(line, s, e, &mut out);
    }
    out
}

fn split_header_cell(line: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let cell = &line[s..e];
    let upper = cell.to_uppercase();
    // Anchors that always begin a header part of their own. Upper-casing keeps byte offsets for
    // these letters, but only use an offset that is a char boundary of the original.
    for anchor in [
        "CỘNG HÒA XÃ",
        "CỘNG HOÀ XÃ",
        "CỘNG HÕA XÃ",
        // Misspelt as it is typed: still the national title's start, and reported as misspelt.
        "CÔNG HÒA XÃ",
        "CÔNG HOÀ XÃ",
        "CỘNG HÓA XÃ",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐỘC LẬP - ",
        "ĐỘC LẬP – ",
        "ĐỘC LẬP-",
    ] {
        if let Some(at) = upper.find(anchor) {
            if at > 0 && upper.len() == cell.len() && cell.is_char_boundary(at) {
                let left = cell[..at].trim_end();
                if !left.is_empty() {
                    out.push((s, s + left.len()));
                    split_header_cell(line, s + at, e, out);
                    return;
                }
            }
        }
    }
    // `Số: 12/KH-UBND Hà Nội, ngày …`: the number is one token; the place starts after it.
    if let Some(m) = SO.find(cell) {
        let rest = &cell[m.end()..];
        if rest.contains("ngày") || rest.contains(',') {
            let token_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            // A blank number (`Số:    /KH-UBND`) has its symbol after the spaces.
            let after = rest[token_end..].trim_start();
            let (num_end, tail) =
                if rest[..token_end].contains('/') || rest[..token_end].contains('-') {
                    (m.end() + token_end, after)
                } else if let Some(sym) = after.find(char::is_whitespace) {
                    let skipped = rest.len() - after.len();
                    (m.end() + skipped + sym, after[sym..].trim_start())
                } else {
                    (e - s, "")
                };
            if !tail.is_empty() && is_place_date(tail)
                || is_place_date_short(tail) && tail.contains(',')
            {
                out.push((s, s + num_end));
                out.push((e - tail.len(), e));
                return;
            }
        }
    }
    out.push((s, e));
}

/// True when the gap `line[gap..next]` is a blank left for a number or date to be filled in
/// (`Số:      /KH-UBND`, `ngày     tháng     năm 2024`), not a gap between columns.
fn is_blank_field(line: &str, gap: usize, next: usize) -> bool {
    let before = line[..gap].trim_end_matches(['.', '…', '_']);
    let after = &line[next..];
    ["Số:", "Số", "số", "số:", "SỐ:", "ngày", "tháng", "Ngày"]
        .iter()
        .any(|w| before.ends_with(w))
        || after.starts_with('/')
        || after.starts_with("tháng")
        || after.starts_with("năm")
}

/// Share of upper-case letters among the letters of `text`; `None` when it has fewer than two.
pub fn upper_ratio(text: &str) -> Option<f32> {
    let mut letters = 0usize;
    let mut upper = 0usize;
    for c in text.chars() {
        // ASCII answered without the Unicode tables.
        let (letter, capital) = if c.is_ascii() {
            (c.is_ascii_alphabetic(), c.is_ascii_uppercase())
        } else {
            (c.is_alphabetic(), c.is_uppercase())
        };
        if letter {
            letters += 1;
            upper += usize::from(capital);
        }
    }
    (letters >= 2).then(|| upper as f32 / letters as f32)
}

/// True when the text is written in capitals (allowing a few lower-case letters, e.g. `và`).
pub fn is_upper(text: &str) -> bool {
    upper_ratio(text).is_some_and(|r| r >= 0.85)
}

/// Shortens `text` to at most `max` characters for display.
///
/// A span that runs over several source lines (a title wrapped onto the next line) is shown
/// on one line: each line break, with the spaces around it, becomes one space.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    let joined;
    let text = if text.contains(['\n', '\r']) {
        joined = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        joined.as_str()
    } else {
        text
    };
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> =
            LazyLock::new(|| Regex::new($pat).expect("built-in pattern"));
    };
}

re!(
    PART,
    r"^(?:PHẦN|Phần)\s+(THỨ\s+[\p{Lu}&&\p{Latin}]+|thứ\s+[\p{Ll}&&\p{Latin}]+|[IVXL]+|[A-Z]|[0-9]{1,2})\b\s*[.:\-–]?\s*"
);

/// True for the title line `KẾ HOẠCH` (possibly followed by more capitals, e.g. `KẾ HOẠCH
/// LIÊN TỊCH`).
pub fn is_title(text: &str) -> bool {
    let t = clean(text);
    let t = t.trim();
    t.len() <= 120 && TITLE.is_match(t)
}

/// `c` in lower case when that is one character (`Ế` → `ế`, the Kelvin sign → `k`).
pub(crate) fn lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

/// The byte length of `word` (lower case) at the start of `text`, in any case.
pub(crate) fn starts_with_word(text: &str, word: &str) -> Option<usize> {
    let mut chars = text.char_indices();
    for want in word.chars() {
        let (_, c) = chars.next()?;
        if c != want && lower(c) != want {
            return None;
        }
    }
    Some(chars.next().map_or(text.len(), |(i, _)| i))
}

/// Whether `text` holds `word` (lower case) in any case.
fn mentions(text: &str, word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return true;
    };
    // Only a character lowering to `first` can start it: its lower or upper case form, or a
    // sign such as the Kelvin sign (`K` → `k`), whose UTF-8 starts with 0xE2.
    let lead = |c: char| {
        let mut buf = [0; 4];
        c.encode_utf8(&mut buf).as_bytes()[0]
    };
    let upper = first.to_uppercase().next().unwrap_or(first);
    memchr::memchr3_iter(lead(first), lead(upper), 0xE2, text.as_bytes())
        .any(|i| text.is_char_boundary(i) && starts_with_word(&text[i..], word).is_some())
}

// The date and signature-note patterns repeat a class up to 60 times, which `regex-lite` runs
// slowly; each is run only when the text has what every match needs. A test checks that
// these screens never turn away a text the pattern matches.

/// `…, ngày … tháng … năm …`: [`PLACE_DATE`] on a text that mentions `ngày`.
fn is_place_date(t: &str) -> bool {
    mentions(t, "ngày") && PLACE_DATE.is_match(t)
}

/// `…, 05/9/2023`: [`PLACE_DATE_SHORT`] on a text ending in a digit or a full stop.
fn is_place_date_short(t: &str) -> bool {
    t.ends_with(|c: char| c.is_ascii_digit() || c == '.') && PLACE_DATE_SHORT.is_match(t)
}

/// What a header line (or cell) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderPart {
    /// `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`
    QuocHieu,
    /// `Độc lập - Tự do - Hạnh phúc`
    TieuNgu,
    /// `ĐẢNG CỘNG SẢN VIỆT NAM`
    PartyTitle,
    /// `ĐOÀN TNCS HỒ CHÍ MINH`
    YouthTitle,
    /// `Số: …`
    So,
    /// `…, ngày … tháng … năm …`
    PlaceDate,
    /// A line of dashes or underscores under a title.
    Separator,
    /// `*` under a Party issuer.
    Asterisk,
    /// A piece of the number or the date that a PDF converter put on a line of its own, away
    /// from the rest: `/BC-VHXH`, `Lào Cai, ngày`, `tháng 6 năm 2026`, `năm 2026`.
    Fragment,
    /// A line in capitals: agency name.
    Agency,
    /// Anything else.
    Other,
}

/// Classifies one header line or cell.
pub fn header_part(text: &str) -> HeaderPart {
    if ASTERISK.is_match(text.trim()) {
        return HeaderPart::Asterisk;
    }
    let t = clean(text);
    let t = t.trim();
    if t.is_empty() || SEPARATOR.is_match(t) {
        return HeaderPart::Separator;
    }
    // A rule drawn under the agency or the motto runs into the next line's text in PDF output
    // (`------Số: 597/HC-QLHC`); the part is what follows it.
    let unruled = t.trim_start_matches(['-', '_', '–', '—']);
    let t = if t.len() - unruled.len() >= 3 {
        unruled.trim_start()
    } else {
        t
    };
    let up = t.to_uppercase();
    let squeezed: String = up.split_whitespace().collect::<Vec<_>>().join(" ");
    if squeezed.contains("CHỦ NGHĨA VIỆT NAM")
        || (squeezed.starts_with("CỘNG H") && squeezed.contains("XÃ HỘI"))
    {
        return HeaderPart::QuocHieu;
    }
    if squeezed.contains("ĐỘC LẬP")
        && (squeezed.contains("TỰ DO") || squeezed.contains("HẠNH PHÚC"))
    {
        return HeaderPart::TieuNgu;
    }
    if squeezed.starts_with("ĐẢNG CỘNG SẢN VIỆT NAM") {
        return HeaderPart::PartyTitle;
    }
    if squeezed.starts_with("ĐOÀN TNCS HỒ CHÍ MINH")
        || squeezed.starts_with("ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH")
    {
        return HeaderPart::YouthTitle;
    }
    if let Some(m) = SO.find(t) {
        let rest = &t[m.end()..];
        if rest.is_empty() || rest.contains('/') || rest.contains('-') || rest.len() < 12 {
            return HeaderPart::So;
        }
    }
    if is_place_date(t) || (t.contains(',') && is_place_date_short(t)) {
        return HeaderPart::PlaceDate;
    }
    if is_symbol_rest(t) || is_date_start(t) || is_date_rest(t) {
        return HeaderPart::Fragment;
    }
    if is_upper(t) {
        return HeaderPart::Agency;
    }
    HeaderPart::Other
}

/// True for the symbol part of a number on a line of its own (`/BC-VHXH`, `173/KH-UBND`,
/// `-KH/ĐU`).
pub fn is_symbol_rest(text: &str) -> bool {
    SYMBOL_REST.is_match(clean(text).trim())
}

/// True for the place and `ngày` of a date whose month and year are on a later line.
pub fn is_date_start(text: &str) -> bool {
    let t = clean(text);
    let t = t.trim();
    t.contains(',') && mentions(t, "ngày") && DATE_START.is_match(t)
}

/// True for the month and year of a date (`tháng 6 năm 2026`, `tháng`, `năm 2026`) on a line
/// of its own.
pub fn is_date_rest(text: &str) -> bool {
    let t = clean(text);
    let t = t.trim();
    !t.is_empty() && DATE_REST.is_match(t)
}

/// True when a header part was split over two lines by a converter and `next` completes
/// `first`: `Số: 173` then `/KH-UBND`; `Công Hải, ngày` then `tháng 9 năm 2025`.
pub fn completes_header_part(first: &str, next: &str) -> bool {
    let (first, next) = (clean(first), clean(next));
    let (first, next) = (first.trim(), next.trim());
    match header_part(first) {
        HeaderPart::So => !first.contains('/') && next.starts_with(['/', '-']),
        HeaderPart::PlaceDate => false,
        _ => {
            let rest = next.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
            let starts_date_rest = rest.starts_with("tháng") || rest.starts_with("năm");
            starts_date_rest && header_part(&format!("{first} {next}")) == HeaderPart::PlaceDate
        }
    }
}

/// True for a line that opens a document attached after the signature: its title in capitals
/// (`ĐỀ CƯƠNG BÁO CÁO`, `PHỤ LỤC`, `DANH SÁCH …`) or the national or Party title of its own
/// header.
pub fn opens_attachment(text: &str) -> bool {
    let t = clean(text);
    let t = t.trim();
    if matches!(
        header_part(t),
        HeaderPart::QuocHieu | HeaderPart::PartyTitle
    ) {
        return true;
    }
    is_upper(t)
        && [
            "PHỤ LỤC",
            "ĐỀ CƯƠNG",
            "DANH SÁCH",
            "BIỂU MẪU",
            "MẪU BÁO CÁO",
            "QUY CHẾ",
            "HƯỚNG DẪN",
        ]
        .iter()
        .any(|w| t.starts_with(w))
}

/// True for the `Nơi nhận:` label (possibly followed by a first item on the same line).
pub fn noi_nhan_label(text: &str) -> Option<usize> {
    // The pattern opens with `nơi`: other lines are ruled out before it runs (and before the
    // line is cleaned).
    if !trim_start_marked(text).starts_with(['n', 'N']) {
        return None;
    }
    let t = clean(text);
    let t = t.trim_start();
    let m = NOI_NHAN.find(t)?;
    // "nơi nhận của văn bản" at the start of a wrapped line is prose: a label is followed by
    // its colon, a recipient, or nothing.
    let rest = t[m.end()..].trim_start();
    let lower_word = rest.chars().next().is_some_and(char::is_lowercase);
    let prose = !m.as_str().ends_with([':', '.']) && lower_word;
    (!prose).then(|| raw_offset(text, m.end()))
}

/// The byte offset in `text` of the point `n` bytes into `clean(text).trim_start()`: the
/// recognisers read a line without its emphasis marks, and spans are taken in the line itself
/// (`***Nơi nhận:***` has its label end 3 bytes further than its cleaned form).
fn raw_offset(text: &str, n: usize) -> usize {
    let mut seen = 0;
    let mut started = false;
    for (i, c) in text.char_indices() {
        if seen >= n {
            return i;
        }
        if c == '*' || c == '_' || (!started && c.is_whitespace()) {
            continue;
        }
        started = true;
        seen += c.len_utf8();
    }
    text.len()
}

/// True when line `next` goes on with the sentence of line `prev` in hard-wrapped text (PDF
/// output, plain-text exports): it starts in lower case, or `prev` stops where a sentence
/// cannot (after `ngày`, `số`, `của`, a comma, a symbol cut at its hyphen), so a citation split
/// over two lines is read whole.
pub fn continues(prev: &str, next: &str) -> bool {
    if ends_sentence(prev) {
        return false;
    }
    if starts_lowercase(next) {
        return true;
    }
    // `prev` can be a whole paragraph: only its last word is cleaned of emphasis marks.
    let prev = trim_end_marked(prev);
    if prev.ends_with([',', '-', '/']) {
        return true;
    }
    let last = clean(prev.rsplit(char::is_whitespace).next().unwrap_or("")).to_lowercase();
    // Words a sentence, a heading or a recipient cannot end on.
    const OPEN: &[&str] = &[
        "ngày", "số", "của", "và", "về", "theo", "tại", "với", "cho", "các", "những", "được", "là",
    ];
    OPEN.contains(&last.as_str()) && marker(next).is_none()
}

/// When the line opens with an authority prefix (`KT.`, `TM.`, `T/M`, …), the prefix.
pub fn authority(text: &str) -> Option<String> {
    // Every prefix starts with T, K or Q: other lines are ruled out before the pattern runs.
    if !trim_start_marked(text).starts_with(['T', 'K', 'Q']) {
        return None;
    }
    let t = clean(text);
    let caps = AUTHORITY.captures(t.trim())?;
    let prefix = caps.get(1)?.as_str().trim_end_matches('.');
    let unambiguous = matches!(prefix, "TM" | "KT" | "TL" | "TUQ" | "T/M" | "K/T" | "T/L");
    if let Some(rest) = caps.get(2) {
        // `TL. Hiệu trưởng` in sentence case is still a signer block (older and school
        // documents type it so); `Q.` stays capitals-only, since `Q. Bình Thạnh` is a district.
        let rest = rest.as_str().trim();
        let title_like = unambiguous
            && rest.split_whitespace().count() <= 6
            && !rest.contains(['.', ',', ';', ':']);
        if !is_upper(rest) && !title_like {
            return None;
        }
    } else if !matches!(prefix, "TM" | "KT" | "TL" | "TUQ" | "T/M" | "K/T" | "T/L") {
        return None;
    }
    let written = t.trim();
    let len = caps.get(1)?.as_str().len();
    let with_dot = written[len..].starts_with('.');
    Some(format!(
        "{}{}",
        &written[..len],
        if with_dot { "." } else { "" }
    ))
}

/// True for the addressee line of a letter or report (`Kính gửi: …`, the older `Kính gởi`),
/// which follows the trích yếu but is not part of it.
pub fn is_addressee(text: &str) -> bool {
    let t = clean(text);
    let lower = t.trim_start().to_lowercase();
    lower.starts_with("kính gửi") || lower.starts_with("kính gởi")
}

/// True for a personal name in title case (`Nguyễn Văn An`), with an optional academic title
/// or a police or army rank before it (`Thiếu tá Nguyễn Đình Phong`).
pub fn is_name(text: &str) -> bool {
    let t = clean(text);
    let t = t.trim();
    t.chars().count() <= 60
        && NAME
            .captures(t)
            .and_then(|c| c.get(1))
            .is_some_and(|name| name.as_str().split_whitespace().count() <= 6)
}

/// True for a short line in capitals that can be a signer's title (`GIÁM ĐỐC`).
pub fn is_signer_title(text: &str) -> bool {
    let t = clean(text);
    let t = t.trim();
    // Internal reports and forms are signed by the person who wrote them. (Lower-casing never
    // shortens a text in characters, so a line of more than 15 cannot be one of these.)
    if t.chars().nth(15).is_none()
        && [
            "người báo cáo",
            "người lập",
            "người lập biểu",
            "người viết",
            "người tổng hợp",
        ]
        .contains(&t.to_lowercase().as_str())
    {
        return true;
    }
    // Cheap tests first: this runs on every line of a plan's tail.
    !t.ends_with('.')
        && (1..=12).contains(&t.split_whitespace().take(13).count())
        && is_upper(t)
        && !t.chars().any(|c| c.is_ascii_digit())
        && marker(t).is_none()
        && !matches!(
            header_part(t),
            HeaderPart::QuocHieu | HeaderPart::TieuNgu | HeaderPart::Separator
        )
}

/// True for a note such as `(Đã ký)` or `(Ký, ghi rõ họ tên)` in a signature.
pub fn is_sign_note(text: &str) -> bool {
    let t = clean(text);
    let t = t.trim();
    // Every wording holds `ký`, `kí`, `đóng` or `signed` (in which `(?i)` also takes the long
    // s, `ſ`, which lowering does not turn into `s`).
    let may = ["ký", "kí", "đóng", "signed"]
        .iter()
        .any(|w| mentions(t, w))
        || t.contains('ſ');
    may && SIGN_NOTE.is_match(t)
}

/// When the line is a footnote text (`¹ Nghị quyết …`, `[2] …`), its marker.
pub fn footnote_marker(text: &str) -> Option<String> {
    let t = text.trim_start();
    // The pattern opens with a superscript digit, `[` or `(`: it runs on every line, and most
    // lines are ruled out by their first character.
    if !t.starts_with(['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁰', '[', '('])
    {
        return None;
    }
    let caps = FOOTNOTE.captures(t)?;
    let m = caps.get(1).or(caps.get(2))?;
    // A line that is only a marker is not a footnote text.
    if t.len() == m.end() || caps.get(3).is_some() {
        return None;
    }
    Some(m.as_str().to_string())
}

/// True for a line that opens the closing paragraph (`Trên đây là …`).
pub fn is_closing_start(text: &str) -> bool {
    CLOSING.is_match(clean(text).trim())
}

/// True for a line that ends with the closing mark `./.`.
pub fn ends_closing(text: &str) -> bool {
    // `.`, `/`, `.` at the end, white space allowed between them and after.
    let t = clean(text);
    t.trim_end()
        .strip_suffix('.')
        .and_then(|r| r.trim_end().strip_suffix('/'))
        .is_some_and(|r| r.trim_end().ends_with('.'))
}

/// True for separator lines (`-----`, `___`).
pub fn is_separator(text: &str) -> bool {
    SEPARATOR.is_match(clean(text).trim())
}

/// A recognised marker at the start of a line: its kind, label, separator, and the byte length
/// of the marker with the white space after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineMarker {
    /// Kind of marker.
    pub kind: MarkerKind,
    /// The label (`III`, `2`, `a`, `-`).
    pub label: String,
    /// Separator after the label.
    pub separator: Option<char>,
    /// Byte offset where the marker begins: 0, or past the emoji a chat app put before it.
    pub start: usize,
    /// Byte length of the label and separator.
    pub marker_len: usize,
    /// Byte offset where the title starts.
    pub title_start: usize,
}

/// True when `s` is a Roman numeral from 1 to 39 in canonical form.
pub fn valid_roman(s: &str) -> bool {
    roman_value(s).is_some()
}

/// The value of a canonical Roman numeral (1–89), or `None`.
pub fn roman_value(s: &str) -> Option<u32> {
    const TABLE: [(&str, u32); 9] = [
        ("L", 50),
        ("XL", 40),
        ("X", 10),
        ("IX", 9),
        ("V", 5),
        ("IV", 4),
        ("I", 1),
        ("", 0),
        ("", 0),
    ];
    if s.is_empty() {
        return None;
    }
    let mut rest = s;
    let mut value = 0;
    for (sym, v) in TABLE.iter().take(7) {
        let mut count = 0;
        while rest.starts_with(sym) {
            rest = &rest[sym.len()..];
            value += v;
            count += 1;
            if count > 3 || (sym.len() == 2 && count > 1) {
                return None;
            }
        }
    }
    (rest.is_empty() && value > 0 && roman(value) == s).then_some(value)
}

/// Writes `n` (1–89) as a Roman numeral.
pub fn roman(mut n: u32) -> String {
    const TABLE: [(&str, u32); 7] = [
        ("L", 50),
        ("XL", 40),
        ("X", 10),
        ("IX", 9),
        ("V", 5),
        ("IV", 4),
        ("I", 1),
    ];
    let mut s = String::new();
    for (sym, v) in TABLE {
        while n >= v {
            s.push_str(sym);
            n -= v;
        }
    }
    s
}

/// Recognises the marker that opens a section or list item.
pub fn marker(text: &str) -> Option<LineMarker> {
    // `V/v …` (về việc) opens a Công văn's trích yếu; it is not section V.
    if super::doctype::is_vv(text) {
        return None;
    }
    // Every marker pattern is anchored at the first character, and each can only start with
    // a few: most lines (prose opening with a capital) are ruled out before any regex runs.
    let first = text.chars().next()?;
    if is_pictograph(first) {
        return pictograph_marker(text);
    }
    // `PHẦN`/`Phần` is matched as written (no case folding), so a line opening otherwise
    // cannot be one.
    let part = text.starts_with("PHẦN") || text.starts_with("Phần");
    let roman = matches!(first, 'I' | 'V' | 'X' | 'L');
    let letter_part = matches!(first, 'A'..='H');
    let digit = first.is_ascii_digit();
    let letter = first.is_ascii_lowercase() || first == 'đ';
    let dash = !first.is_alphanumeric();
    if !(part || roman || letter_part || digit || letter || dash) {
        return None;
    }
    let title_ok = |rest: &str| {
        rest.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '"' || c == '“' || c == '*' || c == '(')
    };
    let caps = |on: bool, re: &'static LinePattern| if on { re.captures(text) } else { None };
    if let Some(c) = part.then(|| PART.captures(text)).flatten() {
        let m = c.get(0)?;
        return Some(LineMarker {
            kind: MarkerKind::Part,
            label: format!("Phần {}", c.get(1)?.as_str()),
            separator: None,
            start: 0,
            marker_len: m.as_str().trim_end().len(),
            title_start: m.end(),
        });
    }
    if let Some(c) = caps(roman, &ROMAN) {
        let m = c.get(0)?;
        let label = c.get(1)?.as_str();
        let sep = c.get(2).and_then(|s| s.as_str().chars().next());
        let rest = &text[m.end()..];
        let spaced = m.as_str().len() > label.len() + sep.map_or(0, char::len_utf8);
        let accept = valid_roman(label)
            && title_ok(rest)
            && match sep {
                Some(_) => true,
                // `IV GIẢI PHÁP`: a heading with the separator missing, only in capitals.
                None => spaced && is_upper(rest) && rest.split_whitespace().count() >= 2,
            };
        if accept {
            return Some(LineMarker {
                kind: MarkerKind::Roman,
                label: label.to_string(),
                separator: sep,
                start: 0,
                marker_len: label.len() + sep.map_or(0, char::len_utf8),
                title_start: m.end(),
            });
        }
    }
    if let Some(c) = caps(letter_part, &LETTER_PART) {
        let m = c.get(0)?;
        let rest = &text[m.end()..];
        if is_upper(rest) && title_ok(rest) {
            return Some(LineMarker {
                kind: MarkerKind::Part,
                label: c.get(1)?.as_str().to_string(),
                separator: text[c.get(1)?.end()..].trim_start().chars().next(),
                start: 0,
                marker_len: m.as_str().trim_end().len(),
                title_start: m.end(),
            });
        }
    }
    if let Some(c) = caps(digit, &NESTED) {
        let m = c.get(0)?;
        let label = c.get(1)?.as_str();
        let rest = &text[m.end()..];
        if title_ok(rest) {
            let parts = label.split('.').count() as u8;
            return Some(LineMarker {
                kind: MarkerKind::ArabicNested(parts),
                label: label.to_string(),
                separator: Some('.'),
                start: 0,
                marker_len: m.as_str().trim_end().len(),
                title_start: m.end(),
            });
        }
    }
    if let Some(c) = caps(digit, &ARABIC) {
        let m = c.get(0)?;
        let rest = &text[m.end()..];
        // `1/ Mục đích` is a khoản typed with a slash; without the space, `15/6`, `12/KH-UBND`
        // and `1/2` are a date, a symbol and a fraction.
        let slash_ok = c.get(2)?.as_str() != "/" || text[c.get(2)?.end()..].starts_with(' ');
        // `2. 100% hệ thống …`: a spaced full stop may open a title that starts with a number
        // (`3 - 5 ngày` and `2.5` stay prose).
        let number_title = c.get(2)?.as_str() == "." && starts_with_spaced_number(m.as_str(), rest);
        if (title_ok(rest) || number_title) && slash_ok {
            let sep = c.get(2).and_then(|s| s.as_str().chars().next());
            return Some(LineMarker {
                kind: MarkerKind::Arabic,
                label: c.get(1)?.as_str().to_string(),
                separator: sep,
                start: 0,
                marker_len: c.get(2)?.end(),
                title_start: m.end(),
            });
        }
    }
    if let Some(c) = caps(digit, &ARABIC_PAREN) {
        let m = c.get(0)?;
        if title_ok(&text[m.end()..]) {
            return Some(LineMarker {
                kind: MarkerKind::ArabicParen,
                label: c.get(1)?.as_str().to_string(),
                separator: Some(')'),
                start: 0,
                marker_len: c.get(1)?.end() + 1,
                title_start: m.end(),
            });
        }
    }
    if let Some(c) = caps(letter, &LETTER) {
        let m = c.get(0)?;
        let sep = c.get(2)?.as_str().chars().next();
        let rest = &text[m.end()..];
        // `a.` and `a-` (Party style) need a space after them, so that `b.` inside a word or
        // an abbreviation and `e-learning` are not taken.
        let spaced = m.as_str().ends_with(char::is_whitespace);
        let number_title = starts_with_spaced_number(m.as_str(), rest);
        if (title_ok(rest) || number_title) && (sep == Some(')') || spaced) {
            return Some(LineMarker {
                kind: MarkerKind::Letter,
                label: c.get(1)?.as_str().to_string(),
                separator: sep,
                start: 0,
                marker_len: c.get(2)?.end(),
                title_start: m.end(),
            });
        }
    }
    if let Some(c) = caps(dash, &DASH) {
        let m = c.get(0)?;
        let rest = &text[m.end()..];
        // `* Việc` is a bullet; `**bold**` and `*italic*` are Markdown emphasis.
        let star_ok = first != '*'
            || (text[1..].starts_with([' ', '\t']) && rest.chars().any(char::is_alphanumeric));
        if !rest.is_empty() && !is_separator(text) && star_ok {
            return Some(LineMarker {
                kind: MarkerKind::Dash,
                label: c.get(1)?.as_str().to_string(),
                separator: None,
                start: 0,
                marker_len: c.get(1)?.end(),
                title_start: m.end(),
            });
        }
    }
    if let Some(m) = (first == '+').then(|| PLUS.find(text)).flatten() {
        if m.end() < text.len() {
            return Some(LineMarker {
                kind: MarkerKind::Plus,
                label: "+".into(),
                separator: None,
                start: 0,
                marker_len: 1,
                title_start: m.end(),
            });
        }
    }
    None
}

/// True when a marker ending in white space (`2. `, `b) `) is followed by a number: an item
/// whose text starts with a figure (`2. 100% hệ thống`, `b) 02 lần/năm`).
fn starts_with_spaced_number(marker: &str, rest: &str) -> bool {
    marker.ends_with(char::is_whitespace) && rest.starts_with(|c: char| c.is_ascii_digit())
}

/// True for an emoji or a pictographic symbol that chat apps and social posts put before a
/// heading or an item (`🔹`, `👉`, `✅`, `➡`), and the joiners that build one emoji.
fn is_pictograph(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2190..=0x21FF | 0xFE0F | 0x200D)
}

/// The marker of a line that opens with pictographs: the heading or item marker after them
/// (`🔹 III. TỔ CHỨC THỰC HIỆN` is section III), or else the pictographs as a bullet.
fn pictograph_marker(text: &str) -> Option<LineMarker> {
    let symbols = text.len() - text.trim_start_matches(is_pictograph).len();
    let lead = text.len() - text[symbols..].trim_start().len();
    let rest = &text[lead..];
    if rest.is_empty() || !rest.chars().any(char::is_alphanumeric) {
        return None;
    }
    if let Some(mut m) =
        marker(rest).filter(|m| !matches!(m.kind, MarkerKind::Dash | MarkerKind::Plus))
    {
        m.start = lead;
        m.title_start += lead;
        return Some(m);
    }
    Some(LineMarker {
        kind: MarkerKind::Dash,
        label: text[..symbols].to_string(),
        separator: None,
        start: 0,
        marker_len: symbols,
        title_start: lead,
    })
}

/// True when a line starts with a lower-case letter (a paragraph continued after a break).
pub fn starts_lowercase(text: &str) -> bool {
    trim_start_marked(text)
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase())
}

/// True when a line ends a sentence or a clause (`.`, `:`, `;`, `!`, `?`).
pub fn ends_sentence(text: &str) -> bool {
    trim_end_marked(text).ends_with(['.', ':', ';', '!', '?', '”', '"', ')'])
}

/// `text` up to its last character that is neither white space nor an emphasis mark: it ends
/// as `clean(text).trim_end()` does, without copying the text.
fn trim_end_marked(text: &str) -> &str {
    text.trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_')
}

/// `text` from its first character that is neither white space nor an emphasis mark: it
/// starts as `clean(text).trim_start()` does, without copying the text.
fn trim_start_marked(text: &str) -> &str {
    text.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '_')
}

/// Digital-signature stamp text that a PDF keeps in its text layer: `Ký bởi: …`,
/// `Thời gian ký: …`, `Cơ quan: …, Email: …`, and the signing time
/// `22-08-2025 13:33:05 +07:00` (alone or after the signing body's name).
pub fn is_sign_stamp(text: &str) -> bool {
    // Every stamp shape has a colon (after its label, or in the time): most lines have none.
    if !text.contains(':') {
        return false;
    }
    let t = clean(text);
    let t = t.trim();
    // Each label holds `ký` or `email`.
    (mentions(t, "ký") || mentions(t, "email")) && SIGN_STAMP.is_match(t) || is_stamp_time(t)
}

/// True for a line that ends with a signing time `dd-mm-yyyy hh:mm:ss` (and a UTC offset).
pub fn is_stamp_time(text: &str) -> bool {
    let t = text.trim();
    // The pattern ends with a digit of the time or of its offset.
    // It ends with a digit of the time or of its offset, and the time has two colons.
    t.ends_with(|c: char| c.is_ascii_digit())
        && t.bytes().filter(|&b| b == b':').count() >= 2
        && STAMP_TIME.is_match(t)
}

/// True for a line holding only a page number: `3`, `- 3 -`, `Trang 3`, `3/12`.
pub fn is_page_number(text: &str) -> bool {
    let t = clean(text);
    let t = t.trim();
    // What the pattern allows at either end, tested before it runs on every line.
    let first = |c: char| c.is_ascii_digit() || matches!(c, 't' | 'T' | '-' | '–');
    let last = |c: char| c.is_ascii_digit() || matches!(c, '-' | '–');
    t.starts_with(first) && t.ends_with(last) && PAGE_NUMBER.is_match(t)
}

/// True for a running header or footer with its page count in a column of its own, as
/// `pdftotext -layout` writes it: `Sở Tư pháp - Kế hoạch …        Trang 2/3`. Only the forms
/// `Trang N` and `N/M`: a bare number at the end of a laid-out line can be a table's.
fn ends_with_page_count(line: &str) -> bool {
    if !line.ends_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let cells = cells(line);
    let [.., (s, e)] = cells[..] else {
        return false;
    };
    let last = &line[s..e];
    cells.len() >= 2
        && (last.starts_with("Trang") || last.starts_with("trang") || last.contains('/'))
        && is_page_number(last)
}

/// Marks the page furniture of a text extracted from a PDF or a page-by-page export: signature
/// stamps (with the signing body's name on the line above a bare signing time), page numbers
/// alone on a line, and running headers (a line repeated next to page numbers or page breaks).
/// `lines` are the lines' contents; `raw` the whole lines (a form feed marks a page break);
/// lines in tables are never furniture (a `1` in a table is a row number).
pub fn page_furniture(lines: &[&str], raw: &[&str], in_table: &[bool]) -> Vec<bool> {
    let n = lines.len();
    let mut out = vec![false; n];
    let free = |i: usize| !in_table.get(i).copied().unwrap_or(false);
    let mut page_edge = vec![false; n];
    for i in 0..n {
        if !free(i) || lines[i].is_empty() {
            continue;
        }
        if is_sign_stamp(lines[i]) {
            out[i] = true;
            // The signing body's name printed above a bare signing time.
            if STAMP_TIME_ONLY.is_match(lines[i].trim()) {
                if let Some(p) = (0..i).rev().find(|&p| !lines[p].is_empty()) {
                    if free(p) && is_upper(lines[p]) && lines[p].split_whitespace().count() <= 12 {
                        out[p] = true;
                    }
                }
            }
        } else if is_page_number(lines[i]) || ends_with_page_count(lines[i]) {
            out[i] = true;
            page_edge[i] = true;
        }
        if raw.get(i).is_some_and(|r| r.contains('\u{c}')) {
            page_edge[i] = true;
        }
    }
    // A running header or footer: the same line at two or more page edges (next to a page
    // number or at a page break).
    let near_edge =
        |i: usize| page_edge[i] || (i > 0 && page_edge[i - 1]) || (i + 1 < n && page_edge[i + 1]);
    let mut seen: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for i in 0..n {
        if free(i) && !lines[i].is_empty() && !out[i] && near_edge(i) {
            seen.entry(lines[i].trim()).or_default().push(i);
        }
    }
    for at in seen.values().filter(|v| v.len() >= 2) {
        for &i in at {
            out[i] = true;
        }
    }
    out
}

static SIGN_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(ký\s+bởi\s*:|người\s+ký\s*:|thời\s+gian\s+ký\s*:|ngày\s+ký\s*:|cơ\s+quan\s*:.*\bemail\b|email\s*:\s*\S+@)",
    )
    .expect("valid regex")
});

static STAMP_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}\s+[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\s*[+-][0-9]{2}:?[0-9]{2})?$")
        .expect("valid regex")
});

#[cfg(test)]
mod tests {

    #[test]
    fn emoji_before_a_marker_and_numbers_opening_a_title() {
        // A chat app's emoji before a heading: the heading is section III, from its numeral.
        let m = marker("🔹 III. TỔ CHỨC THỰC HIỆN").expect("a heading");
        assert_eq!((m.kind, m.label.as_str()), (MarkerKind::Roman, "III"));
        assert_eq!(m.start, "🔹 ".len());
        assert_eq!(
            &"🔹 III. TỔ CHỨC THỰC HIỆN"[m.title_start..],
            "TỔ CHỨC THỰC HIỆN"
        );
        // An emoji alone before text is a bullet.
        let m = marker("✅ Thu gom rác thải").expect("a bullet");
        assert_eq!(
            (m.kind, m.label.as_str(), m.start),
            (MarkerKind::Dash, "✅", 0)
        );
        assert!(marker("👉👉").is_none());
        // A spaced marker may open a title that starts with a figure.
        let m = marker("2. 100% hệ thống được nâng cấp").expect("an item");
        assert_eq!((m.kind, m.label.as_str()), (MarkerKind::Arabic, "2"));
        let m = marker("b) 02 lần/năm").expect("a point");
        assert_eq!((m.kind, m.label.as_str()), (MarkerKind::Letter, "b"));
        assert!(marker("3 - 5 ngày làm việc").is_none());
        // Party points `a-`, spaced; `e-learning` is a word.
        let m = marker("a- Tổ chức học tập").expect("a Party point");
        assert_eq!((m.kind, m.separator), (MarkerKind::Letter, Some('-')));
        assert!(marker("e-learning cho giáo viên").is_none());
    }

    #[test]
    fn slash_clauses_and_star_bullets_are_markers() {
        let m = marker("1/ Mục đích").expect("a clause");
        assert_eq!(
            (m.kind, m.label.as_str(), m.separator),
            (MarkerKind::Arabic, "1", Some('/'))
        );
        assert_eq!(m.marker_len, 2);
        // A date, a symbol or a fraction opening a line is not a clause.
        assert!(marker("15/6/2026 hoàn thành").is_none());
        assert!(marker("12/KH-UBND ngày 05/01/2026").is_none());
        assert!(marker("1/2 số hộ").is_none());
        let m = marker("* Tập huấn thú y viên").expect("a bullet");
        assert_eq!((m.kind, m.label.as_str()), (MarkerKind::Dash, "*"));
        // Markdown emphasis and a lone Party star are not bullets.
        assert!(marker("**I. MỤC ĐÍCH**").is_none_or(|m| m.kind != MarkerKind::Dash));
        assert!(marker("*Ghi chú: xem phụ lục*").is_none());
        assert!(marker("*").is_none());
        assert!(marker("* * *").is_none());
    }

    #[test]
    fn shorten_shows_a_wrapped_span_on_one_line() {
        assert_eq!(
            shorten("Phần thứ hai\n  KẾ HOẠCH NĂM 2026 ", 80),
            "Phần thứ hai KẾ HOẠCH NĂM 2026"
        );
        assert_eq!(shorten("a\r\n\r\nb", 80), "a b");
        assert_eq!(shorten("hai  dấu cách", 80), "hai  dấu cách");
        assert_eq!(shorten("Trường\nMầm non", 8), "Trường …");
    }
    use super::*;

    /// The screens in front of the slow patterns never turn away a text the pattern matches:
    /// each function answers as its pattern alone does.
    #[test]
    fn screened_patterns_answer_as_the_patterns_alone() {
        use crate::engine::testing;
        let original = super::super::line_patterns::original;
        let lines = testing::lines();
        let mut rng = testing::Rng(0x3c6e_f372_fe94_f82b);
        // (pattern, the function that screens and runs it, whether it cleans and trims first)
        type Case = (&'static str, fn(&str) -> bool, bool);
        let cases: [Case; 4] = [
            ("PLACE_DATE", is_place_date, false),
            ("PLACE_DATE_SHORT", is_place_date_short, false),
            ("DATE_START", is_date_start, true),
            ("SIGN_NOTE", is_sign_note, true),
        ];
        for (name, screened, cleans) in cases {
            let re = original(name);
            let mut inputs = testing::inputs(re.as_str(), &lines, &mut rng);
            inputs.extend(
                [
                    "Hà Nội, ngày 5 tháng 6 năm 2026",
                    "(Đã ký)",
                    "ſigned",
                    "Huế, NGÀY",
                ]
                .map(String::from),
            );
            let mut matched = 0;
            for input in &inputs {
                let text = if cleans {
                    clean(input).trim().to_string()
                } else {
                    input.clone()
                };
                let want = re.is_match(&text);
                matched += usize::from(want);
                assert_eq!(screened(input), want, "{name} on {input:?}");
            }
            assert!(matched > 0, "{name} matched nothing");
        }
        // The stamp patterns are not in the list; their screens are checked the same way.
        let mut inputs = testing::inputs(SIGN_STAMP.as_str(), &lines, &mut rng);
        inputs.extend(testing::inputs(STAMP_TIME.as_str(), &lines, &mut rng));
        inputs.extend(
            [
                "Ký bởi: Sở Nội vụ",
                "Email: a@b.vn",
                "22-08-2025 13:33:05 +07:00",
            ]
            .map(String::from),
        );
        let mut matched = 0;
        for input in &inputs {
            let t = clean(input);
            let t = t.trim();
            let want = input.contains(':') && (SIGN_STAMP.is_match(t) || STAMP_TIME.is_match(t));
            matched += usize::from(want);
            assert_eq!(is_sign_stamp(input), want, "stamp on {input:?}");
        }
        assert!(matched > 0, "no stamp matched");
        // A part heading is only looked for on lines opening with `PHẦN` or `Phần`.
        for input in &inputs {
            let want = PART.captures(input).map(|c| c.get(0).unwrap().range());
            if want.is_some() {
                assert!(
                    input.starts_with("PHẦN") || input.starts_with("Phần"),
                    "{input:?}"
                );
            }
        }
    }

    /// The closing mark is found as by `\./\.\s*$|\.\s*/\s*\.\s*$`, the pattern it replaced.
    #[test]
    fn closing_mark_as_the_pattern_found_it() {
        let re = Regex::new(r"\./\.\s*$|\.\s*/\s*\.\s*$").unwrap();
        let parts = [
            "", ".", "/", " ", "\u{a0}", "\t", "a", "./.", "…", "\u{2003}",
        ];
        let mut n = 0;
        for a in parts {
            for b in parts {
                for c in parts {
                    for d in parts {
                        let text = format!("Trên đây{a}{b}{c}{d}");
                        n += usize::from(ends_closing(&text));
                        assert_eq!(ends_closing(&text), re.is_match(&clean(&text)), "{text:?}");
                    }
                }
            }
        }
        assert!(n > 50);
    }

    #[test]
    fn markers() {
        let m = marker("I. MỤC ĐÍCH, YÊU CẦU").unwrap();
        assert_eq!(
            (m.kind, m.label.as_str(), m.separator),
            (MarkerKind::Roman, "I", Some('.'))
        );
        assert_eq!(
            &"I. MỤC ĐÍCH, YÊU CẦU"[m.title_start..],
            "MỤC ĐÍCH, YÊU CẦU"
        );
        let m = marker("IV GIẢI PHÁP THỰC HIỆN").unwrap();
        assert_eq!((m.kind, m.separator), (MarkerKind::Roman, None));
        assert!(marker("IV giải pháp").is_none());
        assert_eq!(marker("II- NỘI DUNG").unwrap().separator, Some('-'));
        assert_eq!(marker("2. Công tác").unwrap().kind, MarkerKind::Arabic);
        assert!(marker("1.500.000 đồng").is_none());
        assert_eq!(
            marker("1.2. Nội dung").unwrap().kind,
            MarkerKind::ArabicNested(2)
        );
        assert_eq!(marker("đ) Đẩy mạnh").unwrap().label, "đ");
        assert_eq!(marker("- Phát huy").unwrap().kind, MarkerKind::Dash);
        assert_eq!(marker("+ Ông A").unwrap().kind, MarkerKind::Plus);
        assert!(marker("Căn cứ").is_none());
        assert!(marker("-----").is_none());
        assert!(marker("VI. KINH PHÍ").is_some());
        assert!(marker("IIII. X").is_none());
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman(39), "XXXIX");
    }

    #[test]
    fn header_parts() {
        assert_eq!(
            header_part("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            HeaderPart::QuocHieu
        );
        assert_eq!(
            header_part("CỘNG HÕA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            HeaderPart::QuocHieu
        );
        assert_eq!(
            header_part("Độc lập - Tự do - Hạnh phúc"),
            HeaderPart::TieuNgu
        );
        assert_eq!(header_part("Số: 12/KH-UBND"), HeaderPart::So);
        assert_eq!(header_part("Số 01-KH/TU"), HeaderPart::So);
        assert_eq!(header_part("Số: /KH-SGDĐT"), HeaderPart::So);
        assert_eq!(
            header_part("Nam Định, ngày tháng năm 2023"),
            HeaderPart::PlaceDate
        );
        assert_eq!(
            header_part("Hà Nội, ngày 05 tháng 01 năm 2023"),
            HeaderPart::PlaceDate
        );
        assert_eq!(header_part("UBND TỈNH NAM ĐỊNH"), HeaderPart::Agency);
        assert_eq!(
            header_part("ĐẢNG CỘNG SẢN VIỆT NAM"),
            HeaderPart::PartyTitle
        );
        assert_eq!(header_part("*"), HeaderPart::Asterisk);
        assert_eq!(header_part("--------"), HeaderPart::Separator);
    }

    #[test]
    fn tail_shapes() {
        assert_eq!(authority("KT. GIÁM ĐỐC").as_deref(), Some("KT."));
        assert_eq!(authority("Q. TRƯỞNG PHÒNG").as_deref(), Some("Q."));
        assert_eq!(authority("T/M BAN THƯỜNG VỤ").as_deref(), Some("T/M"));
        assert!(authority("TM. ỦY BAN NHÂN DÂN").is_some());
        assert!(authority("Q. 1 là").is_none());
        assert_eq!(authority("TL. Hiệu trưởng").as_deref(), Some("TL."));
        assert!(is_addressee("   Kính gửi: Giám đốc Sở"));
        assert!(is_addressee("Kính gởi : - Các khoa"));
        assert!(!is_addressee("Gửi kèm theo"));
        let merged = "CỤC ĐƯỜNG THỦY NỘI ĐỊA VIỆT NAM CÔNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
        let parts: Vec<&str> = header_cells(merged)
            .iter()
            .map(|&(s, e)| &merged[s..e])
            .collect();
        assert_eq!(
            parts,
            [
                "CỤC ĐƯỜNG THỦY NỘI ĐỊA VIỆT NAM",
                "CÔNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
            ]
        );
        assert!(noi_nhan_label("Nơi nhận:").is_some());
        assert!(noi_nhan_label("nơi nhận").is_some());
        assert!(noi_nhan_label("nơi nhận của văn bản.").is_none());
        assert!(continues(
            "ban hành Văn bản số 1437/SCT-CN ngày",
            "23/3/2026 về việc đôn đốc"
        ));
        assert!(continues("Quyết định số 2556/QĐ-", "UBND ngày 12/5/2025"));
        assert!(continues(
            "các đơn vị hoạt động",
            "trong lĩnh vực công thương"
        ));
        assert!(!continues(
            "1. Mục đích",
            "Khơi dậy niềm yêu thích đọc sách."
        ));
        assert!(!continues("hoàn thành trước ngày 30/4.", "Các tổ báo cáo"));
        assert!(authority("Q. Bình Thạnh").is_none());
        assert!(authority("TM. Ban chỉ đạo đã họp, thống nhất").is_none());
        assert!(is_name("Trần Đức Hạnh Quỳnh"));
        assert!(is_name("TS. Nguyễn Văn An"));
        assert!(
            is_name("Th.s Bùi Văn Lâm"),
            "an academic title written the informal way"
        );
        assert!(!is_name("Hiệu trưởng nhà trường"));
        assert!(is_signer_title("GIÁM ĐỐC"));
        assert!(!is_signer_title("I. MỤC ĐÍCH"));
        assert!(is_sign_note("(Đã ký)"));
        assert_eq!(noi_nhan_label("*Nơi nhận:*"), Some("*Nơi nhận:".len()));
        assert_eq!(
            noi_nhan_label("***Nơi nhận:*** - A;"),
            Some("***Nơi nhận:".len())
        );
        assert_eq!(noi_nhan_label(" ** Nơi nhận:"), Some(" ** Nơi nhận:".len()));
    }

    #[test]
    fn white_space_by_bytes_is_char_is_whitespace() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let expected = if c.is_whitespace() { bytes.len() } else { 0 };
            assert_eq!(white_space_len(bytes, 0), expected, "{:x}", c as u32);
        }
    }

    #[test]
    fn cells_split_on_tabs_and_wide_gaps() {
        let line = "UBND TỈNH X\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
        let c = cells(line);
        assert_eq!(c.len(), 2);
        assert_eq!(cells("  a b  c "), [(2, 8)]);
        assert_eq!(cells("   "), []);
        assert_eq!(cells("a\u{a0} b"), [(0, 5)]);
        assert_eq!(cells("a \u{a0} b"), [(0, 1), (5, 6)]);
        assert_eq!(&line[c[1].0..c[1].1], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        assert_eq!(
            cells("Số: 12/KH-UBND      Hà Nội, ngày 05 tháng 01 năm 2023").len(),
            2
        );
        assert_eq!(cells("a b  c").len(), 1);
    }

    #[test]
    fn content_strips_markdown() {
        let line = "  **I. MỤC ĐÍCH**  ";
        let (s, e) = content_range(line);
        assert_eq!(&line[s..e], "I. MỤC ĐÍCH");
        let line = "- *Chế độ báo cáo:*";
        let (s, e) = content_range(line);
        assert_eq!(&line[s..e], line);
    }

    #[test]
    fn footnotes() {
        assert_eq!(footnote_marker("¹ Nghị quyết số 25").as_deref(), Some("¹"));
        assert_eq!(footnote_marker("[2] Chỉ thị").as_deref(), Some("2"));
        assert_eq!(footnote_marker("Nghị quyết"), None);
    }

    /// The first-character screen keeps every line the footnote pattern matches.
    #[test]
    fn the_footnote_screen_keeps_every_match() {
        let original = super::super::line_patterns::original("FOOTNOTE");
        let mut lines = crate::engine::testing::lines();
        lines.extend(["  ⁰ x", "(12)", "(3) Quyết định", "[7]", "\u{a0}¹ a"].map(String::from));
        for line in &lines {
            let t = line.trim_start();
            if original.is_match(t) {
                let screened = footnote_marker(line);
                let caps = original.captures(t).expect("matches");
                let m = caps.get(1).or(caps.get(2));
                let whole = m.is_some_and(|m| t.len() == m.end()) || caps.get(3).is_some();
                assert_eq!(
                    screened,
                    m.filter(|_| !whole).map(|m| m.as_str().to_string()),
                    "{line}"
                );
            }
        }
    }

    #[test]
    fn titles() {
        assert!(is_title("KẾ HOẠCH"));
        assert!(is_title(" **KẾ HOẠCH** "));
        assert!(is_title("KẾ HOẠCH LIÊN TỊCH"));
        // The trích yếu run onto the title line, year included.
        assert!(is_title("KẾ HOẠCH TỔ CHỨC HỘI THI NĂM 2024"));
        assert!(!is_title("Kế hoạch số 12"));
    }
}
