//! `tone-style`: old-style (`hòa`, `thủy`, `ủy`, `khỏe`) and new-style (`hoà`, `thuỷ`, `uỷ`,
//! `khoẻ`) tone-mark placement mixed in one document.
//!
//! The two styles differ only in open syllables whose vowel is `oa`, `oe` or `uy` (no final
//! consonant, no `qu-` initial): the old style marks the first vowel, the new style the second.
//! Closed syllables (`hoàn`, `hoạch`, `huỳnh`), three-vowel rimes (`ngoài`, `khuya`) and `qu-`
//! syllables (`quý`) are written the same in both and tell nothing.

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use super::{Context, Hit, Scope};
use crate::source::Span;

/// Placeholders: `{old_count}`, `{new_count}`, `{old_example}`, `{new_example}`, `{minority}`
/// (the example of the less used style, where the finding points).
pub const PLACEHOLDERS: &[&str] = &[
    "old_count",
    "new_count",
    "old_example",
    "new_example",
    "minority",
];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Where to count syllables (usually `document`: the header's `CỘNG HÒA` counts too).
    pub scope: Scope,
    /// Parts not counted: a person's name keeps the spelling of their papers (`Nguyễn Thị Thủy`).
    #[serde(default)]
    pub exclude: Vec<Scope>,
}

/// A tone-mark placement style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Tone on the first vowel of `oa`, `oe`, `uy`: `hòa`, `thủy`.
    Old,
    /// Tone on the second vowel: `hoà`, `thuỷ`.
    New,
}

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// One letter taken apart: its base letter (lower case), whether it carries a tone mark, and
/// whether it carries another mark (circumflex, breve, horn), which makes it another vowel.
fn letter(c: char) -> (char, bool, bool) {
    // Most letters of a plan are ASCII; and taking a letter apart must not allocate, since
    // every letter of the plan goes through here. The other letters of Vietnamese (Latin-1,
    // Latin Extended-A/B and Latin Extended Additional) are taken apart once, into a table.
    if c.is_ascii() {
        return (c.to_ascii_lowercase(), false, false);
    }
    static TABLE: std::sync::OnceLock<Vec<(char, bool, bool)>> = std::sync::OnceLock::new();
    let index = match c as u32 {
        u @ 0xC0..=0x24F => (u - 0xC0) as usize,
        u @ 0x1E00..=0x1EFF => (u - 0x1E00) as usize + (0x250 - 0xC0),
        _ => return take_apart(c),
    };
    TABLE.get_or_init(|| {
        (0xC0..=0x24F)
            .chain(0x1E00..=0x1EFF)
            .filter_map(char::from_u32)
            .map(take_apart)
            .collect()
    })[index]
}

/// [`letter`] for any character, from its decomposition.
fn take_apart(c: char) -> (char, bool, bool) {
    let mut parts = c.to_lowercase().flat_map(|l| l.nfd());
    let base = parts.next().unwrap_or(c);
    let (mut tone, mut other) = (false, false);
    for m in parts {
        if TONES.contains(&m) {
            tone = true;
        } else {
            other = true;
        }
    }
    (base, tone, other)
}

/// `c.is_alphabetic()`, answered without the Unicode tables for the letters of Vietnamese text
/// (ASCII, Latin-1 and Latin Extended-A/B, Latin Extended Additional), which the check meets on
/// every character of a plan.
fn is_letter(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphabetic(),
        '\u{C0}'..='\u{24F}' => c != '×' && c != '÷',
        '\u{1E00}'..='\u{1EFF}' => true,
        _ => c.is_alphabetic(),
    }
}

fn is_vowel(base: char) -> bool {
    matches!(base, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// The style a syllable shows, if any.
pub fn syllable_style(word: &str) -> Option<Style> {
    // Only a syllable whose rime is its last two letters, `oa`, `oe` or `uy`, can show a style;
    // most words are ruled out by those two letters alone, without taking every letter apart.
    let mut tail = word.chars().rev();
    let (second, first) = (tail.next()?, tail.next()?);
    if !matches!(
        (letter(first).0, letter(second).0),
        ('o', 'a') | ('o', 'e') | ('u', 'y')
    ) {
        return None;
    }
    let letters: Vec<(char, bool, bool)> = word.chars().map(letter).collect();
    let mut start = letters.iter().position(|l| is_vowel(l.0))?;
    // `qu-`: the `u` belongs to the initial consonant (`quý`, `quà`).
    if start > 0 && letters[start - 1].0 == 'q' {
        return None;
    }
    if letters[..start].iter().any(|l| !l.0.is_alphabetic()) {
        return None;
    }
    // `gi-` before another vowel: the `i` belongs to the initial.
    if start == 1 && letters[0].0 == 'g' && letters[1].0 == 'i' && letters.len() > 2 {
        start = 2;
    }
    let rime = &letters[start..];
    if rime.len() != 2 || !is_vowel(rime[1].0) {
        // A final consonant or a third vowel: the same in both styles.
        return None;
    }
    let (first, second) = (rime[0], rime[1]);
    if first.2 || second.2 || !matches!((first.0, second.0), ('o', 'a') | ('o', 'e') | ('u', 'y')) {
        return None;
    }
    match (first.1, second.1) {
        (true, false) => Some(Style::Old),
        (false, true) => Some(Style::New),
        _ => None,
    }
}

/// The syllable written in `target` style (`hòa` → `hoà` for [`Style::New`]), keeping its
/// case; `None` when the syllable shows no style or already has that one.
pub fn restyle(word: &str, target: Style) -> Option<String> {
    let current = syllable_style(word)?;
    if current == target {
        return None;
    }
    let chars: Vec<char> = word.chars().collect();
    let letters: Vec<(char, bool, bool)> = chars.iter().map(|&c| letter(c)).collect();
    // The rime is the last two letters: syllable_style accepted only open two-vowel rimes.
    let n = letters.len();
    let (first, second) = (n - 2, n - 1);
    let (from, to) = match target {
        Style::New => (first, second),
        Style::Old => (second, first),
    };
    let decomposed: Vec<char> = chars[from].to_string().nfd().collect();
    let tone = *decomposed.iter().find(|m| TONES.contains(m))?;
    let bare: String = decomposed.iter().filter(|m| **m != tone).collect();
    let toned: String = format!("{}{tone}", chars[to]).nfc().collect();
    let mut out = String::with_capacity(word.len() + 2);
    for (i, &c) in chars.iter().enumerate() {
        if i == from {
            out.extend(bare.nfc());
        } else if i == to {
            out.push_str(&toned);
        } else {
            out.push(c);
        }
    }
    Some(out)
}

impl Params {
    /// The syllables of the scope written in the old style and in the new style, in order
    /// (excluded parts left out). `vblint fix` rewrites the minority with [`restyle`].
    pub fn syllables(&self, cx: &Context) -> (Vec<Span>, Vec<Span>) {
        let doc = cx.doc;
        let mut old: Vec<Span> = Vec::new();
        let mut new: Vec<Span> = Vec::new();
        let excluded: Vec<Span> = self.exclude.iter().flat_map(|x| x.elements(doc)).collect();
        for e in self.scope.elements(doc) {
            let text = doc.text(e);
            let bytes = text.as_bytes();
            let mut word_start: Option<usize> = None;
            // Every character of the plan passes here: ASCII ones are judged from their byte,
            // the others decoded. The end of the text ends the last word.
            let mut i = 0;
            while i <= bytes.len() {
                let (letter, len) = match bytes.get(i) {
                    None => (false, 1),
                    Some(&b) if b.is_ascii() => (b.is_ascii_alphabetic(), 1),
                    Some(_) => {
                        let c = text[i..].chars().next().unwrap_or(' ');
                        (is_letter(c), c.len_utf8())
                    }
                };
                if letter {
                    word_start.get_or_insert(i);
                    i += len;
                    continue;
                }
                if let Some(s) = word_start.take() {
                    let span = Span::new(e.start + s, e.start + i);
                    let style = syllable_style(&text[s..i]);
                    let counted = style.is_some()
                        && !excluded
                            .iter()
                            .any(|x| x.start <= span.start && span.end <= x.end);
                    match style {
                        Some(Style::Old) if counted => old.push(span),
                        Some(Style::New) if counted => new.push(span),
                        _ => {}
                    }
                }
                i += len;
            }
        }
        (old, new)
    }

    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let (old, new) = self.syllables(cx);
        let (Some(&first_old), Some(&first_new)) = (old.first(), new.first()) else {
            return Vec::new();
        };
        let at = if new.len() <= old.len() {
            first_new
        } else {
            first_old
        };
        vec![Hit::at(at)
            .with("old_count", old.len().to_string())
            .with("new_count", new.len().to_string())
            .with("old_example", doc.text(first_old).to_string())
            .with("new_example", doc.text(first_new).to_string())
            .with("minority", doc.text(at).to_string())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_letter_table_matches_the_decomposition() {
        for c in (0x80..=0x2FFFu32).filter_map(char::from_u32) {
            assert_eq!(letter(c), take_apart(c), "{c:?}");
        }
    }

    #[test]
    fn is_letter_is_is_alphabetic() {
        for c in (0..=0x2FFFu32).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn old_and_new() {
        for w in [
            "hòa", "thủy", "ủy", "khỏe", "HÒA", "Ủy", "hóa", "tỏa", "xóa", "lũy",
        ] {
            assert_eq!(syllable_style(w), Some(Style::Old), "{w}");
        }
        for w in [
            "hoà", "thuỷ", "uỷ", "khoẻ", "HOÀ", "Uỷ", "hoá", "toả", "xoá", "luỹ",
        ] {
            assert_eq!(syllable_style(w), Some(Style::New), "{w}");
        }
    }

    #[test]
    fn restyle_moves_the_tone_mark() {
        for (old, new) in [
            ("hòa", "hoà"),
            ("thủy", "thuỷ"),
            ("Ủy", "Uỷ"),
            ("khỏe", "khoẻ"),
            ("HÓA", "HOÁ"),
            ("giỏi", ""),
        ] {
            if new.is_empty() {
                assert_eq!(restyle(old, Style::New), None);
                continue;
            }
            assert_eq!(restyle(old, Style::New).as_deref(), Some(new), "{old}");
            assert_eq!(restyle(new, Style::Old).as_deref(), Some(old), "{new}");
            assert_eq!(restyle(old, Style::Old), None);
        }
    }

    #[test]
    fn neutral_syllables() {
        for w in [
            "hoàn", "toàn", "hoạch", "huỳnh", "quý", "quà", "ngoài", "khuya", "hoa", "thuế",
            "thuở", "của", "mùa", "người", "Quỳnh", "khoét", "giỏi", "tuyển", "việc",
        ] {
            assert_eq!(syllable_style(w), None, "{w}");
        }
    }
}

#[cfg(test)]
mod document_tests {
    use super::*;
    use crate::check::parse_text;

    fn vars(text: &str) -> Vec<Vec<(&'static str, String)>> {
        let doc = parse_text(text, None);
        let cx = Context::draft(&doc);
        let p = Params {
            scope: Scope::Document,
            exclude: vec![Scope::SignerName],
        };
        p.check(&cx).into_iter().map(|h| h.vars).collect()
    }

    #[test]
    fn one_finding_with_counts_only_when_mixed() {
        let mixed = vars("KẾ HOẠCH\nVề văn hóa\n\nI. NỘI DUNG\n1. Văn hóa, sức khỏe, uỷ ban.\n");
        assert_eq!(mixed.len(), 1);
        let v = &mixed[0];
        let get = |k: &str| v.iter().find(|(n, _)| *n == k).map(|(_, s)| s.as_str());
        assert_eq!(get("old_count"), Some("3"));
        assert_eq!(get("new_count"), Some("1"));
        assert_eq!(get("minority"), Some("uỷ"));
        assert!(vars("KẾ HOẠCH\nVề văn hoá\n\nI. NỘI DUNG\n1. Sức khoẻ, hoàn thành.\n").is_empty());
    }
}
