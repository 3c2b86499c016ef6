//! The `.txt` reader: bytes → text, whatever the encoding the plan was saved in.
//!
//! Order of decisions (first match wins):
//! 1. UTF-8 BOM → UTF-8; UTF-16 LE/BE BOM → UTF-16.
//! 2. NUL bytes → UTF-16 without BOM when the NULs sit unmistakably at odd (LE) or even (BE)
//!    positions, otherwise not text.
//! 3. Valid UTF-8.
//! 4. Invalid UTF-8: legacy 8-bit TCVN3/VNI bytes (read as Windows-1252 look-alikes), then
//!    Windows-1258 when it reads as Vietnamese, otherwise not text.
//!
//! Then line endings become `\n`, legacy look-alike lines are converted to Unicode (with a
//! finding), and decomposed (NFD) text is reported but kept as it is.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252, WINDOWS_1258};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc, is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::legacy;
use super::{ExtractError, ExtractFinding, Extracted, FindingKind, InputKind, LegacyEncoding};

/// Where the text came from, which decides the post-processing.
enum Origin {
    /// UTF-8 or UTF-16: the user's own Unicode text.
    Unicode,
    /// 8-bit legacy bytes decoded as Windows-1252 look-alikes, known to be in this encoding.
    LegacyBytes(LegacyEncoding),
    /// Windows-1258 bytes, decoded and composed to NFC.
    Windows1258,
}

/// Decodes a `.txt` plan. See the module docs for the order of decisions.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    if bytes.len() as u64 > super::MAX_TEXT_BYTES {
        return Err(ExtractError::TooLarge {
            limit: super::MAX_TEXT_BYTES,
        });
    }
    let (text, origin) = decode(bytes)?;
    let mut findings = Vec::new();
    let text = match origin {
        Origin::Unicode => {
            let text = undo_double_encoding(text, &mut findings);
            reject_controls(&text)?;
            // A Unicode text with a paragraph pasted from a legacy document is reported by
            // paragraph; a text mostly in a legacy encoding as a whole. Most lines of a Unicode
            // plan prove it at their first ư or ộ, so that is asked before the costlier
            // judgement of every word of the text.
            let whole = if legacy::mostly_unicode(&text) {
                None
            } else {
                legacy::detect(&text)
            };
            match whole {
                Some(enc) => convert_legacy_lines(&text, enc, &mut findings),
                None => convert_legacy_paragraphs(&text, &mut findings),
            }
        }
        Origin::LegacyBytes(enc) => convert_legacy_lines(&text, enc, &mut findings),
        Origin::Windows1258 => {
            findings.push(ExtractFinding {
                kind: FindingKind::DecodedWindows1258,
                span: 0..0,
            });
            text
        }
    };
    if let Some(f) = decomposed_finding(&text) {
        findings.push(f);
    }
    let mut extracted = Extracted::plain(InputKind::Txt, text);
    extracted.findings = findings;
    Ok(extracted)
}

/// Bytes → text with `\n` line endings, and where it came from.
fn decode(bytes: &[u8]) -> Result<(String, Origin), ExtractError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|_| ExtractError::NotText)?;
        return Ok((normalize_newlines(text), Origin::Unicode));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, UTF_16LE);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, UTF_16BE);
    }
    if bytes.contains(&0) {
        return match sniff_utf16(bytes) {
            Some(enc) => utf16(bytes, enc),
            None => Err(ExtractError::NotText),
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((normalize_newlines(text), Origin::Unicode));
    }
    // Invalid UTF-8 from here on: an 8-bit encoding, or not text at all.
    if control_bytes_excessive(bytes) {
        return Err(ExtractError::NotText);
    }
    let lookalike = normalize_newlines(&decode_8bit(bytes, WINDOWS_1252));
    if let Some(enc) = legacy::detect(&lookalike) {
        return Ok((lookalike, Origin::LegacyBytes(enc)));
    }
    let cp1258 = decode_8bit(bytes, WINDOWS_1258);
    let composed: String = cp1258.nfc().collect();
    if looks_vietnamese(&composed) {
        return Ok((normalize_newlines(&composed), Origin::Windows1258));
    }
    Err(ExtractError::NotText)
}

/// Decodes a single-byte encoding. Every byte maps in the WHATWG tables, so this cannot fail;
/// undefined bytes come out as C1 controls, which the callers count as evidence against.
fn decode_8bit(bytes: &[u8], enc: &'static Encoding) -> String {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// Decodes UTF-16 strictly (unpaired surrogates or an odd length are not text).
fn utf16(bytes: &[u8], enc: &'static Encoding) -> Result<(String, Origin), ExtractError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(ExtractError::NotText);
    }
    let text: Cow<'_, str> = enc
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(ExtractError::NotText)?;
    if text.contains('\0') {
        return Err(ExtractError::NotText);
    }
    Ok((normalize_newlines(&text), Origin::Unicode))
}

/// UTF-16 without a BOM, recognised only when unmistakable: an even length, at least 30 % of the
/// code units with a NUL high byte (ASCII-heavy text), and NULs on the other side at most a
/// quarter as common (NFD text puts U+0300's 0x00 there now and then).
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    if odd * 10 >= units * 3 && even * 4 <= odd {
        Some(UTF_16LE)
    } else if even * 10 >= units * 3 && odd * 4 <= even {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// CRLF and lone CR → LF, so line numbers match what an editor shows.
fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// C0 controls that do not belong in a text file (tab, LF, CR, VT, FF and the DOS end-of-file
/// mark are fine).
fn is_stray_control(c: char) -> bool {
    c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0B' | '\x0C' | '\x1A' | '\x7F')
}

/// More than 1 % stray C0 controls means binary data, not a plan.
fn reject_controls(text: &str) -> Result<(), ExtractError> {
    let (mut total, mut stray) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        stray += usize::from(is_stray_control(c));
    }
    if stray * 100 > total {
        Err(ExtractError::NotText)
    } else {
        Ok(())
    }
}

/// The same 1 % rule on raw 8-bit bytes.
fn control_bytes_excessive(bytes: &[u8]) -> bool {
    let stray = bytes
        .iter()
        .filter(|&&b| is_stray_control(char::from(b)))
        .count();
    stray * 100 > bytes.len()
}

/// Does Windows-1258-decoded (NFC) text read as Vietnamese? At most 1 % C1 controls among the
/// non-ASCII characters; at least 20 % of the word tokens carry a Vietnamese letter (ă â đ ê ô ơ
/// ư or a tone mark); and at least 80 % of those are well-formed syllables.
fn looks_vietnamese(text: &str) -> bool {
    let (mut non_ascii, mut c1) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        c1 += usize::from(('\u{80}'..='\u{9F}').contains(&c));
    }
    if non_ascii == 0 || c1 * 100 > non_ascii {
        return false;
    }
    let (mut words, mut viet, mut valid) = (0usize, 0usize, 0usize);
    for token in text.split_whitespace() {
        if !token.chars().any(char::is_alphabetic) {
            continue;
        }
        words += 1;
        if token.chars().any(is_vietnamese_letter) {
            viet += 1;
            valid += usize::from(legacy::token_is_vietnamese(token));
        }
    }
    let enough = viet >= 2 || (viet == 1 && words <= 3);
    enough && viet * 5 >= words && valid * 10 >= viet * 8
}

/// A letter only Vietnamese uses among Latin scripts: ă â đ ê ô ơ ư, or any letter with one of
/// the five Vietnamese tone marks.
fn is_vietnamese_letter(c: char) -> bool {
    if matches!(
        c,
        'ă' | 'â' | 'đ' | 'ê' | 'ô' | 'ơ' | 'ư' | 'Ă' | 'Â' | 'Đ' | 'Ê' | 'Ô' | 'Ơ' | 'Ư'
    ) {
        return true;
    }
    let mut toned = false;
    unicode_normalization::char::decompose_canonical(c, |d| {
        toned |= matches!(
            d,
            '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
        ) || matches!(d, '\u{0302}' | '\u{0306}' | '\u{031B}');
    });
    toned && c.is_alphabetic()
}

/// Converts the lines of `text` that are in `enc` and records one finding: the sample is taken
/// from the first converted line as it was, the span is that line in the converted text. Lines
/// that are already Unicode stay as they are; the number of lines never changes.
fn convert_legacy_lines(
    text: &str,
    enc: LegacyEncoding,
    findings: &mut Vec<ExtractFinding>,
) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut first = None;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let start = out.len();
        let needs = legacy::line_needs_conversion(line, enc);
        let converted = if needs {
            Cow::Owned(legacy::convert(line, enc))
        } else {
            Cow::Borrowed(line)
        };
        // A plain text keeps no fonts: the capitals a `.VnTimeH` line printed are guessed back.
        let recased = match enc {
            LegacyEncoding::Tcvn3 => legacy::recase_upper_font_line(&converted),
            LegacyEncoding::Vni => None,
        };
        out.push_str(recased.as_deref().unwrap_or(&converted));
        if needs && first.is_none() {
            first = Some((start..out.len(), legacy::sample(line, enc)));
        }
    }
    debug_assert_eq!(text.matches('\n').count(), out.matches('\n').count());
    match first {
        Some((span, sample)) => {
            findings.push(ExtractFinding {
                kind: FindingKind::LegacyEncoding {
                    encoding: enc,
                    font: None,
                    sample,
                },
                span,
            });
            out
        }
        // Detected on the whole text but no single line qualified: leave the text alone.
        None => text.to_owned(),
    }
}

/// Reads back the lines of a Unicode text that were double-encoded (UTF-8 read as Windows-1252
/// and saved again) and records one finding with their number, at the first of them.
fn undo_double_encoding(text: String, findings: &mut Vec<ExtractFinding>) -> String {
    // The usual text has none: it is returned as it is, without copying.
    let lines: Vec<Option<String>> = text.split('\n').map(super::mojibake::undo).collect();
    let count = lines.iter().flatten().count();
    if count == 0 {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut first = None;
    for (i, (line, undone)) in text.split('\n').zip(&lines).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let start = out.len();
        match undone {
            Some(undone) => {
                out.push_str(undone);
                first.get_or_insert((start..out.len(), super::mojibake::sample(undone)));
            }
            None => out.push_str(line),
        }
    }
    if let Some((span, sample)) = first {
        findings.push(ExtractFinding {
            kind: FindingKind::DoubleEncoded { sample, count },
            span,
        });
    }
    out
}

/// Converts the lines of an otherwise Unicode text that are in a legacy encoding on their own
/// (a paragraph pasted from a `.VnTime` document) and records one finding with their number,
/// at the first of them. The number of lines never changes.
fn convert_legacy_paragraphs(text: &str, findings: &mut Vec<ExtractFinding>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut first: Option<(std::ops::Range<usize>, LegacyEncoding, String)> = None;
    let mut count = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let start = out.len();
        match legacy::detect_paragraph(line) {
            Some(enc) => {
                out.push_str(&legacy::convert(line, enc));
                count += 1;
                if first.is_none() {
                    first = Some((start..out.len(), enc, legacy::sample(line, enc)));
                }
            }
            None => out.push_str(line),
        }
    }
    match first {
        Some((span, encoding, sample)) => {
            findings.push(ExtractFinding {
                kind: FindingKind::LegacyParagraphs {
                    encoding,
                    sample,
                    count,
                },
                span,
            });
            out
        }
        None => text.to_owned(),
    }
}

/// Reports text that is not in NFC. `count` is the number of places (a starter and its
/// combining marks) whose NFC differs; the span is the first such place.
fn decomposed_finding(text: &str) -> Option<ExtractFinding> {
    if plainly_nfc(text) || is_nfc_quick(text.chars()) == IsNormalized::Yes || is_nfc(text) {
        return None;
    }
    let mut count = 0usize;
    let mut first: Option<std::ops::Range<usize>> = None;
    let mut seg_start = 0usize;
    let mut check = |range: std::ops::Range<usize>| {
        if let Some(seg) = text.get(range.clone()) {
            if !seg.is_empty() && !is_nfc(seg) {
                count += 1;
                first.get_or_insert(range);
            }
        }
    };
    for (i, c) in text.char_indices() {
        if i > seg_start && canonical_combining_class(c) == 0 {
            check(seg_start..i);
            seg_start = i;
        }
    }
    check(seg_start..text.len());
    // Compositions across starters (rare scripts) are not counted per place: report one.
    Some(ExtractFinding {
        kind: FindingKind::Decomposed {
            count: count.max(1),
        },
        span: first.unwrap_or(0..0),
    })
}

/// True when `text` is NFC for a simple reason: every character is below U+0300 (ASCII, Latin-1
/// and the Latin extensions), a precomposed letter of Latin Extended Additional (U+1E00–U+1EFF,
/// the Vietnamese letters among them) or general punctuation `‐–—‘’“”…` (U+2010–U+2027). Each is
/// a starter that NFC keeps and nothing composes onto, so most Vietnamese text is settled by this
/// byte scan, a fraction of the cost of the full check, which other text still takes.
pub(crate) fn plainly_nfc(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0x00..=0x7F => i += 1,
            // Lead bytes C2–CB: U+0080–U+02FF.
            0xC2..=0xCB => i += 2,
            // E1 B8 80 – E1 BB BF: U+1E00–U+1EFF.
            0xE1 if (0xB8..=0xBB).contains(&b[i + 1]) => i += 3,
            // E2 80 90 – E2 80 A7: U+2010–U+2027.
            0xE2 if b[i + 1] == 0x80 && (0x90..=0xA7).contains(&b[i + 2]) => i += 3,
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    #[test]
    fn plainly_nfc_is_never_wrong() {
        use unicode_normalization::char::canonical_combining_class;
        // Every character the byte scan accepts is quick-check YES with combining class 0, so
        // any string of them is NFC.
        for c in ('\0'..='\u{2FF}')
            .chain('\u{1E00}'..='\u{1EFF}')
            .chain('\u{2010}'..='\u{2027}')
        {
            let s = c.to_string();
            assert!(plainly_nfc(&s), "{c:?}");
            assert_eq!(is_nfc_quick(s.chars()), IsNormalized::Yes, "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
        }
        for s in [
            "\u{300}",
            "a\u{301}",
            "\u{1DFF}",
            "\u{1F00}",
            "\u{2000}",
            "\u{2028}",
            "ế\u{323}",
        ] {
            assert!(!plainly_nfc(s), "{s:?}");
        }
        assert!(plainly_nfc("Kế hoạch số 12/KH-UBND, Đảng ủy"));
    }

    use super::*;

    #[test]
    fn sniffs_utf16_without_bom() {
        let le: Vec<u8> = "Kế hoạch số 12"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(sniff_utf16(&le), Some(UTF_16LE));
        let be: Vec<u8> = "Kế hoạch số 12"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(sniff_utf16(&be), Some(UTF_16BE));
        assert_eq!(sniff_utf16(b"ab\0\0\0\0cd"), None);
    }

    #[test]
    fn newline_forms() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
    }

    #[test]
    fn windows_1258_heuristic() {
        assert!(looks_vietnamese("Kế hoạch triển khai công tác năm 2024"));
        assert!(!looks_vietnamese("Ceci est un café très ordinaire"));
        assert!(!looks_vietnamese("\u{81}\u{8D}\u{90} ă"));
    }

    #[test]
    fn decomposed_places_are_counted() {
        let nfd: String = "Kế hoạch".nfd().collect();
        let f = decomposed_finding(&nfd).expect("finding");
        assert_eq!(f.kind, FindingKind::Decomposed { count: 2 });
        assert_eq!(&nfd[f.span], "e\u{302}\u{301}");
        assert!(decomposed_finding("Kế hoạch").is_none());
    }
}
