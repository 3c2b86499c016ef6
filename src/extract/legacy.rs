//! Legacy 8-bit Vietnamese encodings (TCVN3/ABC and VNI-Windows) seen through Unicode glasses.
//!
//! Before Unicode, Vietnamese text was typed with fonts that drew Vietnamese letters at the
//! code points of Western European ones. Read as Unicode (or as Windows-1252 bytes) such text is
//! mojibake: TCVN3 gives "Uû ban nh©n d©n", VNI gives "Xin chaøo caùc baïn". This module
//! recognises both and converts them back.
//!
//! The input of every converter is the *look-alike* text: the characters a reader gets when the
//! legacy bytes are decoded as Windows-1252 (or Latin-1, so C1 controls are accepted too).
//!
//! Detection is deliberately conservative (REFERENCE §3.7): it needs tell-tale characters that
//! never occur in Unicode Vietnamese *and* a clear rise in the share of well-formed Vietnamese
//! syllables after conversion. Letters such as à è ì ò ù ã õ ô ó ú are never evidence, because
//! they are ordinary Vietnamese letters.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::char::decompose_canonical;
use unicode_normalization::UnicodeNormalization;

use super::LegacyEncoding;

/// TCVN 5712 (VN1) bytes 0x80..=0xFF → Unicode, derived from glibc `iconv -f TCVN5712-1` on the
/// build machine. TCVN3 (ABC) fonts use the lower-case subset of this layout; ASCII is identity.
/// Bytes 0xB0..=0xB4 are combining tone marks, so converted text is NFC-composed afterwards.
const TCVN3_HIGH: [char; 128] = [
    '\u{00C0}', '\u{1EA2}', '\u{00C3}', '\u{00C1}', '\u{1EA0}', '\u{1EB6}', '\u{1EAC}',
    '\u{00C8}', // 0x80
    '\u{1EBA}', '\u{1EBC}', '\u{00C9}', '\u{1EB8}', '\u{1EC6}', '\u{00CC}', '\u{1EC8}',
    '\u{0128}', // 0x88
    '\u{00CD}', '\u{1ECA}', '\u{00D2}', '\u{1ECE}', '\u{00D5}', '\u{00D3}', '\u{1ECC}',
    '\u{1ED8}', // 0x90
    '\u{1EDC}', '\u{1EDE}', '\u{1EE0}', '\u{1EDA}', '\u{1EE2}', '\u{00D9}', '\u{1EE6}',
    '\u{0168}', // 0x98
    '\u{00A0}', '\u{0102}', '\u{00C2}', '\u{00CA}', '\u{00D4}', '\u{01A0}', '\u{01AF}',
    '\u{0110}', // 0xA0
    '\u{0103}', '\u{00E2}', '\u{00EA}', '\u{00F4}', '\u{01A1}', '\u{01B0}', '\u{0111}',
    '\u{1EB0}', // 0xA8
    '\u{0300}', '\u{0309}', '\u{0303}', '\u{0301}', '\u{0323}', '\u{00E0}', '\u{1EA3}',
    '\u{00E3}', // 0xB0
    '\u{00E1}', '\u{1EA1}', '\u{1EB2}', '\u{1EB1}', '\u{1EB3}', '\u{1EB5}', '\u{1EAF}',
    '\u{1EB4}', // 0xB8
    '\u{1EAE}', '\u{1EA6}', '\u{1EA8}', '\u{1EAA}', '\u{1EA4}', '\u{1EC0}', '\u{1EB7}',
    '\u{1EA7}', // 0xC0
    '\u{1EA9}', '\u{1EAB}', '\u{1EA5}', '\u{1EAD}', '\u{00E8}', '\u{1EC2}', '\u{1EBB}',
    '\u{1EBD}', // 0xC8
    '\u{00E9}', '\u{1EB9}', '\u{1EC1}', '\u{1EC3}', '\u{1EC5}', '\u{1EBF}', '\u{1EC7}',
    '\u{00EC}', // 0xD0
    '\u{1EC9}', '\u{1EC4}', '\u{1EBE}', '\u{1ED2}', '\u{0129}', '\u{00ED}', '\u{1ECB}',
    '\u{00F2}', // 0xD8
    '\u{1ED4}', '\u{1ECF}', '\u{00F5}', '\u{00F3}', '\u{1ECD}', '\u{1ED3}', '\u{1ED5}',
    '\u{1ED7}', // 0xE0
    '\u{1ED1}', '\u{1ED9}', '\u{1EDD}', '\u{1EDF}', '\u{1EE1}', '\u{1EDB}', '\u{1EE3}',
    '\u{00F9}', // 0xE8
    '\u{1ED6}', '\u{1EE7}', '\u{0169}', '\u{00FA}', '\u{1EE5}', '\u{1EEB}', '\u{1EED}',
    '\u{1EEF}', // 0xF0
    '\u{1EE9}', '\u{1EF1}', '\u{1EF3}', '\u{1EF7}', '\u{1EF9}', '\u{00FD}', '\u{1EF5}',
    '\u{1ED0}', // 0xF8
];

/// VN1 also puts a few upper-case letters in C0 control slots (from `iconv -f TCVN5712-1`).
/// TCVN3 (ABC) files rarely use them, but converting them costs nothing: a control character
/// has no business in a plan line anyway.
fn tcvn3_c0(c: char) -> Option<char> {
    Some(match c {
        '\u{01}' => '\u{00DA}',
        '\u{02}' => '\u{1EE4}',
        '\u{04}' => '\u{1EEA}',
        '\u{05}' => '\u{1EEC}',
        '\u{06}' => '\u{1EEE}',
        '\u{11}' => '\u{1EE8}',
        '\u{12}' => '\u{1EF0}',
        '\u{13}' => '\u{1EF2}',
        '\u{14}' => '\u{1EF6}',
        '\u{15}' => '\u{1EF8}',
        '\u{16}' => '\u{00DD}',
        '\u{17}' => '\u{1EF4}',
        _ => return None,
    })
}

/// The Windows-1252 byte a look-alike character came from, for characters outside ASCII.
/// Latin-1 readings are accepted too (U+0080..=U+009F map to themselves).
pub(crate) fn lookalike_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{0080}'..='\u{00FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// True for characters that legacy-encoded text read as Windows-1252/Latin-1 can contain.
/// A line holding anything else (ư, ộ, a combining mark…) is real Unicode and is never converted.
pub(crate) fn in_lookalike_repertoire(c: char) -> bool {
    c.is_ascii() || lookalike_byte(c).is_some()
}

/// A character that proves a line is already Unicode Vietnamese: a letter or combining mark that
/// legacy look-alike text cannot contain (ư, ộ, đ, U+0301 …). Symbols such as "⁴" or "€" prove
/// nothing: they may have been typed in a legacy document too.
fn is_unicode_letter_evidence(c: char) -> bool {
    !in_lookalike_repertoire(c) && (c.is_alphabetic() || ('\u{0300}'..='\u{036F}').contains(&c))
}

/// Windows-1252 punctuation in the 0x80..=0x9F block. TCVN3 (ABC) fonts leave these slots to
/// Windows, so quotes and dashes typed in a `.VnTime` document arrive here as real punctuation;
/// only VN1 puts upper-case letters there. We convert them only inside a word.
fn is_cp1252_punctuation(c: char) -> bool {
    matches!(
        c,
        '‚' | '„'
            | '…'
            | '†'
            | '‡'
            | '‰'
            | '‹'
            | '‘'
            | '’'
            | '“'
            | '”'
            | '•'
            | '–'
            | '—'
            | '™'
            | '›'
    )
}

/// A character that may stand for a letter in look-alike text (used for the punctuation rule).
fn is_wordish(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || ('\u{00A1}'..='\u{00FF}').contains(&c))
}

/// Converts TCVN3 (ABC) look-alike text to Unicode (NFC). ASCII and characters outside the
/// look-alike repertoire pass through unchanged.
///
/// ```
/// use vblint::extract::legacy::tcvn3_to_unicode;
/// assert_eq!(tcvn3_to_unicode("Uû ban nh©n d©n"), "Uỷ ban nhân dân");
/// ```
pub fn tcvn3_to_unicode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    let mut combining = false;
    let mut prev: Option<char> = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let mapped = match lookalike_byte(c) {
            Some(_) if is_cp1252_punctuation(c) && !(is_wordish(prev) && is_wordish(next)) => c,
            Some(b) if b >= 0x80 => TCVN3_HIGH[usize::from(b - 0x80)],
            _ => tcvn3_c0(c).unwrap_or(c),
        };
        combining |= ('\u{0300}'..='\u{0323}').contains(&mapped);
        out.push(mapped);
        prev = Some(c);
    }
    // Why: the VN1 slots 0xB0..=0xB4 are bare tone marks; compose them onto their letters.
    if combining {
        out.nfc().collect()
    } else {
        out
    }
}

/// Converts text typed in a TCVN3 upper-case font (`.VnTimeH`, `.VnArialH`, …) to Unicode.
/// Those fonts draw capitals at the lower-case code points, so the result is upper-cased.
pub fn tcvn3_upper_to_unicode(s: &str) -> String {
    tcvn3_to_unicode(s)
        .chars()
        .flat_map(char::to_uppercase)
        .collect()
}

/// How lines that print in capitals begin, in lower case: the Quốc hiệu, the title, agency
/// names, the signer's authority and title. A line typed in a TCVN3 upper-case font
/// (`.VnTimeH`) without Caps Lock stores exactly these words in lower-case codes.
const UPPER_LINE_STARTS: &[&str] = &[
    "cộng hòa xã hội chủ nghĩa việt nam",
    "cộng hoà xã hội chủ nghĩa việt nam",
    "đảng cộng sản việt nam",
    "kế hoạch",
    "ủy ban",
    "uỷ ban",
    "ubnd",
    "hđnd",
    "hội đồng",
    "ban ",
    "bộ ",
    "sở ",
    "cục ",
    "chi cục",
    "phòng ",
    "trường ",
    "trung tâm",
    "bệnh viện",
    "văn phòng",
    "công an",
    "bộ chỉ huy",
    "đảng ủy",
    "đảng uỷ",
    "đảng bộ",
    "chi bộ",
    "huyện ủy",
    "huyện uỷ",
    "tỉnh ủy",
    "tỉnh uỷ",
    "thành ủy",
    "thành uỷ",
    "mặt trận",
    "tm.",
    "kt.",
    "tl.",
    "tuq.",
    "q.",
    "t/m",
    "chủ tịch",
    "phó chủ tịch",
    "giám đốc",
    "phó giám đốc",
    "chỉ huy trưởng",
    "phó chỉ huy trưởng",
    "trưởng ",
    "phó trưởng",
    "hiệu trưởng",
    "phó hiệu trưởng",
    "bí thư",
    "phó bí thư",
    "chánh văn phòng",
    "thủ trưởng",
];

/// The capitals of a TCVN3 line that a `.VnTimeH`-style font printed, when the line shows it.
///
/// TCVN3 has no capital toned letters: an upper-case font draws capitals at the lower-case
/// codes, and a plain text keeps the codes without the font. Two shapes are recognised, and
/// any other line is left as it is (`None`):
/// - a word with two or more capitals whose only small letters are toned ones (`CộNG HòA`,
///   typed with Caps Lock on), which no Vietnamese word is in print;
/// - a short line with no capital at all that opens a heading (`ii. nội dung`) or begins the
///   way only a capitalised line of a plan does (`ủy ban nhân dân`, `kế hoạch`, `kt. chủ tịch`).
///
/// ```
/// use vblint::extract::legacy::recase_upper_font_line;
/// assert_eq!(recase_upper_font_line("CộNG HòA Xã HộI").as_deref(), Some("CỘNG HÒA XÃ HỘI"));
/// assert_eq!(recase_upper_font_line("kế hoạch").as_deref(), Some("KẾ HOẠCH"));
/// assert_eq!(recase_upper_font_line("Xã Tân Lập"), None);
/// ```
pub fn recase_upper_font_line(line: &str) -> Option<String> {
    let caps_lock = line.split_whitespace().any(|word| {
        let capitals = word.chars().filter(|c| c.is_uppercase()).count();
        let small = word.chars().filter(|c| c.is_lowercase());
        capitals >= 2 && small.clone().count() > 0 && small.clone().all(|c| !c.is_ascii())
    });
    if caps_lock {
        return Some(line.to_uppercase());
    }
    let text = line.trim();
    if text.is_empty()
        || text.chars().any(char::is_uppercase)
        || !text.chars().any(char::is_alphabetic)
        || text.split_whitespace().count() > 15
        || text.ends_with([';', ',', ':'])
    {
        return None;
    }
    let opens_heading = text.split_once(['.', '-']).is_some_and(|(label, rest)| {
        (1..=5).contains(&label.len())
            && label.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
            && rest.starts_with(' ')
            && rest.trim().chars().next().is_some_and(char::is_alphabetic)
    });
    let capital_start = !text.ends_with('.')
        && UPPER_LINE_STARTS
            .iter()
            .any(|start| text.starts_with(start));
    (opens_heading || capital_start).then(|| line.to_uppercase())
}

/// Diacritic a VNI mark character adds: (vowel shape, tone).
#[derive(Clone, Copy)]
struct VniMark {
    shape: Option<char>,
    tone: Option<char>,
}

const CIRCUMFLEX: char = '\u{0302}';
const BREVE: char = '\u{0306}';
const ACUTE: char = '\u{0301}';
const GRAVE: char = '\u{0300}';
const HOOK: char = '\u{0309}';
const TILDE: char = '\u{0303}';
const DOT: char = '\u{0323}';

/// The VNI-Windows mark characters (second byte of a two-byte letter) and what they add.
/// Returns the mark and whether it is the upper-case form.
fn vni_mark(c: char) -> Option<(VniMark, bool)> {
    let (shape, tone) = match c.to_lowercase().next().unwrap_or(c) {
        'ù' => (None, Some(ACUTE)),
        'ø' => (None, Some(GRAVE)),
        'û' => (None, Some(HOOK)),
        'õ' => (None, Some(TILDE)),
        'ï' => (None, Some(DOT)),
        'â' => (Some(CIRCUMFLEX), None),
        'á' => (Some(CIRCUMFLEX), Some(ACUTE)),
        'à' => (Some(CIRCUMFLEX), Some(GRAVE)),
        'å' => (Some(CIRCUMFLEX), Some(HOOK)),
        'ã' => (Some(CIRCUMFLEX), Some(TILDE)),
        'ä' => (Some(CIRCUMFLEX), Some(DOT)),
        'ê' => (Some(BREVE), None),
        'é' => (Some(BREVE), Some(ACUTE)),
        'è' => (Some(BREVE), Some(GRAVE)),
        'ú' => (Some(BREVE), Some(HOOK)),
        'ü' => (Some(BREVE), Some(TILDE)),
        'ë' => (Some(BREVE), Some(DOT)),
        _ => return None,
    };
    if !('\u{00C0}'..='\u{00FF}').contains(&c) {
        return None;
    }
    Some((VniMark { shape, tone }, c.is_uppercase()))
}

/// VNI single-byte letters (ơ ư đ and the i/ỵ forms) as they look in Windows-1252.
fn vni_single(c: char) -> Option<char> {
    Some(match c {
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        _ => return None,
    })
}

/// The base vowel a VNI mark may follow (after mapping ô→ơ, ö→ư) and whether it is upper-case.
fn vni_base(c: char) -> Option<(char, bool)> {
    let base = match c {
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'A' | 'E' | 'I' | 'O' | 'U' | 'Y' => c,
        _ => vni_single(c).filter(|b| matches!(b, 'ơ' | 'ư' | 'Ơ' | 'Ư'))?,
    };
    Some((base, base.is_uppercase()))
}

/// Composes a VNI base letter with a mark, if the pair is a Vietnamese letter.
fn vni_compose(base: char, mark: VniMark) -> Option<char> {
    let lower = base.to_lowercase().next().unwrap_or(base);
    if let Some(shape) = mark.shape {
        // Why: circumflex exists only on a/e/o and breve only on a; anything else is not VNI.
        let ok = match shape {
            CIRCUMFLEX => matches!(lower, 'a' | 'e' | 'o'),
            _ => lower == 'a',
        };
        if !ok {
            return None;
        }
    }
    // Why NFC and not pairwise composition: "ộ" is canonically "ọ" + circumflex, so the
    // circumflex-then-dot order only composes through canonical reordering.
    let mut composed = [Some(base), mark.shape, mark.tone]
        .into_iter()
        .flatten()
        .nfc();
    let letter = composed.next()?;
    match composed.next() {
        None => Some(letter),
        Some(_) => None,
    }
}

/// Converts VNI-Windows look-alike text to Unicode (NFC). A base vowel followed by a VNI mark
/// character becomes one letter (longest match: at most two characters); the single-byte VNI
/// letters (ñ → đ, ô → ơ, ö → ư, …) are mapped on their own.
///
/// ```
/// use vblint::extract::legacy::vni_to_unicode;
/// assert_eq!(vni_to_unicode("Toâi ñi hoïc"), "Tôi đi học");
/// ```
pub fn vni_to_unicode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if let (Some((base, upper)), Some((mark, mark_upper))) =
            (vni_base(c), chars.peek().copied().and_then(vni_mark))
        {
            if upper == mark_upper {
                if let Some(letter) = vni_compose(base, mark) {
                    out.push(letter);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(vni_single(c).unwrap_or(c));
    }
    out
}

/// Converts look-alike text in the given legacy encoding to Unicode (NFC).
pub fn convert(s: &str, enc: LegacyEncoding) -> String {
    match enc {
        LegacyEncoding::Tcvn3 => tcvn3_to_unicode(s),
        LegacyEncoding::Vni => vni_to_unicode(s),
    }
}

/// The legacy encoding a font name declares: `.Vn*` fonts (`.VnTime`, `.VnArialH`) are TCVN3,
/// `VNI-*` fonts (`VNI-Times`) are VNI. Case-insensitive; `None` for Unicode fonts.
pub fn looks_legacy_font(font: &str) -> Option<LegacyEncoding> {
    let f = font.trim().to_ascii_lowercase();
    if f.starts_with(".vn") {
        Some(LegacyEncoding::Tcvn3)
    } else if f.starts_with("vni-") || f.starts_with("vni ") || f == "vni" {
        Some(LegacyEncoding::Vni)
    } else {
        None
    }
}

/// True for TCVN3 upper-case companion fonts (`.VnTimeH`, `.VnArialH`): convert their text with
/// [`tcvn3_upper_to_unicode`].
pub fn is_tcvn3_upper_font(font: &str) -> bool {
    let f = font.trim();
    looks_legacy_font(f) == Some(LegacyEncoding::Tcvn3) && f.ends_with(['H', 'h'])
}

/// Characters that betray TCVN3 look-alike text: Latin-1 symbols and non-Vietnamese letters that
/// sit where TCVN3 puts common Vietnamese letters (¸ = á, µ = à, ® = đ, « = ô, ¬ = ơ, ­ = ư …).
/// ° ± ² ³ ´ × ÷ are left out: they occur in ordinary text.
fn is_tcvn3_tell(c: char) -> bool {
    matches!(c, '\u{00A1}'..='\u{00BF}') && !matches!(c, '°' | '±' | '²' | '³' | '´' | '»' | '¿')
        || matches!(
            c,
            'Ä' | 'Å'
                | 'Æ'
                | 'Ç'
                | 'Ë'
                | 'Î'
                | 'Ï'
                | 'Ð'
                | 'Ñ'
                | 'Ö'
                | 'Ø'
                | 'Û'
                | 'Ü'
                | 'Þ'
                | 'ß'
                | 'ä'
                | 'å'
                | 'æ'
                | 'ç'
                | 'ë'
                | 'î'
                | 'ï'
                | 'ð'
                | 'ñ'
                | 'ö'
                | 'ø'
                | 'û'
                | 'ü'
                | 'þ'
                | 'ÿ'
        )
}

/// Non-Vietnamese letters VNI uses as marks or single-byte letters.
fn is_vni_tell_char(c: char) -> bool {
    matches!(
        c,
        'ø' | 'ï'
            | 'ñ'
            | 'û'
            | 'ë'
            | 'ö'
            | 'å'
            | 'ä'
            | 'ü'
            | 'æ'
            | 'î'
            | 'Ø'
            | 'Ï'
            | 'Ñ'
            | 'Û'
            | 'Ë'
            | 'Ö'
            | 'Å'
            | 'Ä'
            | 'Ü'
            | 'Æ'
            | 'Î'
    )
}

/// A vowel followed by a Vietnamese letter in a way Unicode Vietnamese never spells ("aù", "oâ",
/// "eä"), but VNI does (base + mark). Pairs that occur in real words ("hoá", "quà", "quân") are
/// excluded.
fn is_vni_tell_pair(a: char, b: char) -> bool {
    let b = b.to_lowercase().next().unwrap_or(b);
    let marks_after_aey = matches!(b, 'ù' | 'õ' | 'â' | 'á' | 'à' | 'ã' | 'ê' | 'é' | 'è' | 'ú');
    match a.to_lowercase().next().unwrap_or(a) {
        'a' | 'e' | 'y' => marks_after_aey,
        'o' => matches!(b, 'ù' | 'õ' | 'â' | 'ú' | 'ê'),
        'u' => matches!(b, 'ù' | 'õ' | 'ú'),
        _ => false,
    }
}

/// Does this token carry a tell-tale of `enc`?
fn has_tell(token: &str, enc: LegacyEncoding) -> bool {
    match enc {
        LegacyEncoding::Tcvn3 => token.chars().any(is_tcvn3_tell),
        LegacyEncoding::Vni => {
            let mut prev = None;
            token.chars().any(|c| {
                let hit = is_vni_tell_char(c) || prev.is_some_and(|p| is_vni_tell_pair(p, c));
                prev = Some(c);
                hit
            })
        }
    }
}

/// Counts over the whitespace-separated tokens that a conversion would touch.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Score {
    /// Tokens with non-ASCII characters, all of them in the look-alike repertoire.
    pub tokens: usize,
    /// Of those, tokens carrying a tell-tale of the encoding.
    pub tell: usize,
    /// Of those, tokens that are well-formed Vietnamese as they stand.
    pub valid_before: usize,
    /// Of those, tokens that are well-formed Vietnamese after conversion.
    pub valid_after: usize,
}

/// Scores `text` for `enc`. Linear in the length of the text.
pub(crate) fn score(text: &str, enc: LegacyEncoding) -> Score {
    let mut s = Score::default();
    for token in text.split_whitespace() {
        if token.is_ascii() || !token.chars().all(in_lookalike_repertoire) {
            continue;
        }
        s.tokens += 1;
        s.tell += usize::from(has_tell(token, enc));
        s.valid_before += usize::from(token_is_vietnamese(token));
        s.valid_after += usize::from(token_is_vietnamese(&convert(token, enc)));
    }
    s
}

impl Score {
    /// The whole-text decision (thresholds explained in the module docs of `text.rs` and here):
    /// at least two tell-tale tokens (one when the sample is a single token), at least 60 % of
    /// the touched tokens well-formed after conversion, and a gain of at least 20 points.
    fn confident(&self) -> bool {
        let enough_tells = self.tell >= 2 || (self.tokens == 1 && self.tell == 1);
        enough_tells
            && self.valid_after > self.valid_before
            && self.valid_after * 10 >= self.tokens * 6
            && (self.valid_after - self.valid_before) * 5 >= self.tokens
    }
}

/// Detects TCVN3 or VNI look-alike text (a whole text, a line, or a `.docx` run). Returns `None`
/// unless the evidence is strong: tell-tale characters plus a clear gain in well-formed
/// Vietnamese syllables after conversion. Unicode Vietnamese is never reported.
///
/// ```
/// use vblint::extract::{legacy::detect, LegacyEncoding};
/// assert_eq!(detect("Xin chµo c¸c b¹n"), Some(LegacyEncoding::Tcvn3));
/// assert_eq!(detect("Xin chaøo caùc baïn"), Some(LegacyEncoding::Vni));
/// assert_eq!(detect("Xin chào các bạn"), None);
/// ```
pub fn detect(text: &str) -> Option<LegacyEncoding> {
    // Judging syllables before and after conversion is costly, so first count the tokens a
    // conversion would touch and the tell-tale ones (cheap): without enough tell-tales an
    // encoding cannot be confident. Then score, stopping as soon as confidence is out of reach.
    let touched = |token: &&str| !token.is_ascii() && token.chars().all(in_lookalike_repertoire);
    let (mut tokens, mut tells) = (0usize, [0usize; 2]);
    for token in text.split_whitespace().filter(touched) {
        tokens += 1;
        tells[0] += usize::from(has_tell(token, LegacyEncoding::Tcvn3));
        tells[1] += usize::from(has_tell(token, LegacyEncoding::Vni));
    }
    let enough_tells = |tell: usize| tell >= 2 || (tokens == 1 && tell == 1);
    let score_if_possible = |enc: LegacyEncoding, tell: usize| -> Option<Score> {
        if !enough_tells(tell) {
            return None;
        }
        let mut s = Score {
            tokens,
            tell,
            ..Score::default()
        };
        // A plan repeats its words: judge each distinct token once (up to a bound on memory).
        let mut judged: HashMap<&str, (bool, bool)> = HashMap::new();
        for (i, token) in text.split_whitespace().filter(touched).enumerate() {
            let (before, after) = match judged.get(token) {
                Some(&j) => j,
                None => {
                    let j = (
                        token_is_vietnamese(token),
                        token_is_vietnamese(&convert(token, enc)),
                    );
                    if judged.len() < 100_000 {
                        judged.insert(token, j);
                    }
                    j
                }
            };
            s.valid_before += usize::from(before);
            s.valid_after += usize::from(after);
            // The best the rest can do is every remaining token valid after and not before.
            let best_after = s.valid_after + (tokens - i - 1);
            if best_after * 10 < tokens * 6
                || best_after <= s.valid_before
                || (best_after - s.valid_before) * 5 < tokens
            {
                return None;
            }
        }
        Some(s).filter(Score::confident)
    };
    let t = score_if_possible(LegacyEncoding::Tcvn3, tells[0]);
    let v = score_if_possible(LegacyEncoding::Vni, tells[1]);
    match (t, v) {
        (Some(t), Some(v)) if v.valid_after > t.valid_after => Some(LegacyEncoding::Vni),
        (Some(_), _) => Some(LegacyEncoding::Tcvn3),
        (None, Some(_)) => Some(LegacyEncoding::Vni),
        (None, None) => None,
    }
}

/// Detects one paragraph in a legacy encoding inside an otherwise Unicode text (a paragraph
/// pasted from a `.VnTime` or `VNI-Times` document): the line holds no letter that only Unicode
/// has and passes [`detect`] on its own.
///
/// ```
/// use vblint::extract::{legacy::detect_paragraph, LegacyEncoding};
/// assert_eq!(detect_paragraph("Uû ban nh©n d©n x· tæ chøc thùc hiÖn"), Some(LegacyEncoding::Tcvn3));
/// assert_eq!(detect_paragraph("Ủy ban nhân dân xã tổ chức thực hiện"), None);
/// ```
pub fn detect_paragraph(line: &str) -> Option<LegacyEncoding> {
    if line.is_ascii() || line.chars().any(is_unicode_letter_evidence) {
        return None;
    }
    detect(line)
}

/// True when a text is Unicode Vietnamese with at most a few legacy paragraphs in it: more
/// lines prove Unicode (a letter only Unicode has) than read as legacy text on their own.
pub fn mostly_unicode(text: &str) -> bool {
    let (mut unicode, mut legacy) = (0usize, 0usize);
    for line in text.lines() {
        if line.chars().any(is_unicode_letter_evidence) {
            unicode += 1;
        } else if detect_paragraph(line).is_some() {
            legacy += 1;
        }
    }
    unicode > legacy
}

/// Whether one line of a text already known to be in `enc` should be converted: the line must
/// hold no letter outside the look-alike repertoire (a line with ư or ộ is real Unicode) and
/// conversion must not make it worse. No tell-tale is required here: short legacy lines such as "Sè: 125/KH-UBND"
/// (Số) have none, and the whole text has already passed [`detect`].
pub(crate) fn line_needs_conversion(line: &str, enc: LegacyEncoding) -> bool {
    if line.is_ascii() || line.chars().any(is_unicode_letter_evidence) {
        return false;
    }
    let s = score(line, enc);
    s.tokens > 0 && s.valid_after >= s.valid_before
}

/// The first token of `line` carrying a tell-tale of `enc`, plus the next token when the two fit
/// in 40 characters; used as the finding's sample of the original text.
pub(crate) fn sample(line: &str, enc: LegacyEncoding) -> String {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let at = tokens
        .iter()
        .position(|t| has_tell(t, enc))
        .or_else(|| tokens.iter().position(|t| !t.is_ascii()))
        .unwrap_or(0);
    let first = tokens.get(at).copied().unwrap_or("");
    let mut sample: String = first.chars().take(40).collect();
    if let Some(next) = tokens.get(at + 1) {
        if sample.chars().count() + 1 + next.chars().count() <= 40 {
            sample.push(' ');
            sample.push_str(next);
        }
    }
    sample
}

/// Toneless Vietnamese syllable: optional initial consonant, a vowel nucleus, and an optional
/// final consonant (only after nuclei that do not already end in a glide).
static SYLLABLE: LazyLock<Regex> = LazyLock::new(|| {
    let initial = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]";
    let open = "uyê|iê|yê|oa|oă|oe|oo|uâ|uê|uô|uơ|uy|ươ|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y";
    let closed = "iêu|yêu|oai|oay|oao|oeo|uây|uôi|uya|uyu|ươi|ươu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu";
    let finals = "ch|ng|nh|[cmnpt]";
    // The pattern is a constant; a failure here is a programming error caught by every test.
    Regex::new(&format!(
        "^(?:{initial})?(?:(?:{open})(?:{finals})?|(?:{closed}))$"
    ))
    .expect("constant syllable pattern")
});

const TONES: [char; 5] = [GRAVE, ACUTE, TILDE, HOOK, DOT];

/// Is `word` (letters only) a well-formed Vietnamese syllable: at most one tone, lower-case,
/// upper-case or capitalised, and a valid initial/rhyme structure?
pub(crate) fn is_vietnamese_syllable(word: &str) -> bool {
    if word.is_empty() || word.chars().count() > 10 {
        return false;
    }
    let mut tones = 0usize;
    let mut bare = String::with_capacity(word.len());
    for c in word.chars() {
        if !c.is_alphabetic() {
            return false;
        }
        let mut base = None;
        let mut misplaced = false;
        decompose_canonical(c, |d| {
            let b = *base.get_or_insert(d);
            if TONES.contains(&d) {
                tones += 1;
                // Why: ñ is n + tilde; a tone mark belongs on a vowel only.
                misplaced |= !matches!(b.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
            } else {
                bare.push(d);
            }
        });
        if misplaced {
            return false;
        }
    }
    if tones > 1 {
        return false;
    }
    let bare: String = bare.nfc().collect();
    let mut letters = bare.chars();
    let first_upper = letters.next().is_some_and(char::is_uppercase);
    let rest: Vec<bool> = letters.map(char::is_uppercase).collect();
    let shape_ok = rest.iter().all(|u| !u) || (first_upper && rest.iter().all(|u| *u));
    shape_ok && SYLLABLE.is_match(&bare.to_lowercase())
}

/// Upper-case abbreviations with Đ ("NĐ", "HĐND") are fine Vietnamese tokens too.
fn is_abbreviation(piece: &str) -> bool {
    piece.chars().count() >= 2 && piece.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ')
}

fn is_leading_punct(c: char) -> bool {
    c.is_ascii_punctuation() || matches!(c, '“' | '‘' | '«' | '„' | '–' | '—' | '…')
}

fn is_trailing_punct(c: char) -> bool {
    c.is_ascii_punctuation() || matches!(c, '”' | '’' | '»' | '–' | '—' | '…')
}

/// Is a whitespace-separated token well-formed Vietnamese? Surrounding punctuation is ignored;
/// the rest is split at ASCII punctuation ("NĐ-CP", "30/2020") and every non-ASCII piece must
/// be a syllable or an abbreviation.
pub(crate) fn token_is_vietnamese(token: &str) -> bool {
    let core = token
        .trim_start_matches(is_leading_punct)
        .trim_end_matches(is_trailing_punct);
    !core.is_empty()
        && core
            .split(|c: char| c.is_ascii_punctuation())
            .all(|p| p.is_ascii() || is_vietnamese_syllable(p) || is_abbreviation(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected strings below were produced with `iconv -f TCVN5712-1` (via cp1252 bytes).
    #[test]
    fn tcvn3_reference_phrases() {
        assert_eq!(tcvn3_to_unicode("Uû ban nh©n d©n"), "Uỷ ban nhân dân");
        assert_eq!(tcvn3_to_unicode("Xin chµo c¸c b¹n"), "Xin chào các bạn");
        assert_eq!(tcvn3_to_unicode("T«i ®i häc"), "Tôi đi học");
        assert_eq!(tcvn3_to_unicode("B¶o Th¾ng"), "Bảo Thắng");
    }

    #[test]
    fn tcvn3_table_matches_iconv_for_every_letter_byte() {
        // iconv -f TCVN5712-1 of bytes A1..A7, A8..AE and B5..FE, concatenated.
        let bytes: Vec<u8> = (0xA1..=0xAEu8).chain(0xB5..=0xFE).collect();
        let lookalike: String = bytes.iter().map(|&b| char::from(b)).collect();
        let expected = "ĂÂÊÔƠƯĐăâêôơưđàảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵ";
        assert_eq!(tcvn3_to_unicode(&lookalike), expected);
    }

    #[test]
    fn tcvn3_vn1_c0_capitals() {
        // iconv -f TCVN5712-1 of "M\x02C" and "CH\x11C TH\x12C".
        assert_eq!(
            tcvn3_to_unicode("M\u{2}C CH\u{11}C TH\u{12}C"),
            "MỤC CHỨC THỰC"
        );
    }

    #[test]
    fn tcvn3_combining_slots_compose() {
        // 0xB3 is a bare acute: "a" + acute → "á" (NFC).
        assert_eq!(tcvn3_to_unicode("a\u{B3}"), "á");
    }

    #[test]
    fn tcvn3_keeps_quotes_and_dashes_outside_words() {
        assert_eq!(tcvn3_to_unicode("“KÕ ho¹ch” – n¨m"), "“Kế hoạch” – năm");
    }

    #[test]
    fn tcvn3_upper_font() {
        assert_eq!(tcvn3_upper_to_unicode("uû ban nh©n d©n"), "UỶ BAN NHÂN DÂN");
    }

    #[test]
    fn vni_reference_phrases() {
        assert_eq!(vni_to_unicode("Xin chaøo caùc baïn"), "Xin chào các bạn");
        assert_eq!(vni_to_unicode("Toâi ñi hoïc"), "Tôi đi học");
        assert_eq!(
            vni_to_unicode("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM"),
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        );
        assert_eq!(
            vni_to_unicode("ngöôøi thuôû Quoác khuyeán nghò ñaëc"),
            "người thuở Quốc khuyến nghị đặc"
        );
        assert_eq!(
            vni_to_unicode("Ñoäc laäp - Töï do - Haïnh phuùc"),
            "Độc lập - Tự do - Hạnh phúc"
        );
    }

    #[test]
    fn vni_leaves_impossible_pairs() {
        // Breve only goes on a: "oê" stays as it is.
        assert_eq!(vni_to_unicode("oê"), "oê");
    }

    #[test]
    fn detects_both_and_not_unicode() {
        assert_eq!(detect("Uû ban nh©n d©n"), Some(LegacyEncoding::Tcvn3));
        assert_eq!(detect("T«i ®i häc"), Some(LegacyEncoding::Tcvn3));
        assert_eq!(detect("Toâi ñi hoïc"), Some(LegacyEncoding::Vni));
        assert_eq!(detect("Xin chaøo caùc baïn"), Some(LegacyEncoding::Vni));
        assert_eq!(detect("Ủy ban nhân dân tỉnh"), None);
        assert_eq!(detect("Hà Nội, ngày 05 tháng 3 năm 2024"), None);
        assert_eq!(detect("café naïve © 2024 § 3"), None);
        assert_eq!(detect(""), None);
    }

    #[test]
    fn fonts() {
        assert_eq!(looks_legacy_font(".VnTime"), Some(LegacyEncoding::Tcvn3));
        assert_eq!(looks_legacy_font(".vntimeH"), Some(LegacyEncoding::Tcvn3));
        assert_eq!(looks_legacy_font("VNI-Times"), Some(LegacyEncoding::Vni));
        assert_eq!(looks_legacy_font("vni-helve"), Some(LegacyEncoding::Vni));
        assert_eq!(looks_legacy_font("Times New Roman"), None);
        assert_eq!(looks_legacy_font("Vnitro"), None);
        assert!(is_tcvn3_upper_font(".VnTimeH"));
        assert!(!is_tcvn3_upper_font(".VnTime"));
    }

    #[test]
    fn syllables() {
        for w in [
            "người", "Quốc", "gì", "giữa", "khuyến", "hoạch", "NGHỊ", "Đảng", "thuở", "khuya",
            "xoong", "ích", "Uỷ", "yêu", "rượu", "oanh",
        ] {
            assert!(is_vietnamese_syllable(w), "{w}");
        }
        for w in [
            "häc", "chµo", "caùc", "Toâi", "hoÀ", "ñi", "baïn", "hóà", "xyz",
        ] {
            assert!(!is_vietnamese_syllable(w), "{w}");
        }
        assert!(token_is_vietnamese("(NĐ-CP),"));
        assert!(token_is_vietnamese("“Kế"));
    }
}
