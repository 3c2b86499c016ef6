//! The literal text that every match of a pattern must contain, read from the pattern's syntax.
//!
//! Most rule patterns look for a defect, so on a given plan most of them match nothing.
//! Compiling a pattern costs far more than looking for a few words in the plan, so a rule first
//! asks whether the plan contains any of the words every match needs ([`required`]); when it
//! does not, the pattern is never compiled, and where it does, only the paragraphs holding one
//! of the words are matched. The comparison is made on folded text ([`fold`]: each character
//! replaced by its lower case of the same length in UTF-8), so a case-insensitive pattern needs
//! one literal per spelling, not one per mix of cases, and a span of the text is the same span
//! of the folded text.
//!
//! The build script includes this file too, so the embedded rules' literals are found at build
//! time; user patterns are read when their rule file is loaded. It therefore uses nothing from
//! the crate but `regex-syntax`.

use regex_syntax::hir::{Class, Hir, HirKind};

/// At most this many alternatives are kept: beyond, looking for each costs more than it saves.
const MAX_LITERALS: usize = 64;

/// A character as the gate compares it: its lower case, when that is one character of the same
/// length in UTF-8; `None` for a character that cannot be folded in place (the Kelvin sign, a
/// long s, `ẞ`, `İ`). A text holding such a character is not folded, and the gate lets every
/// pattern through, so the characters that case-insensitive matching pairs with them need no
/// literal of their own.
pub fn fold_char(c: char) -> Option<char> {
    if c == '\u{17F}' {
        // Long s is lower case already, yet `(?i)s` matches it.
        return None;
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => Some(l),
        _ => None,
    }
}

/// `text` with every character folded by [`fold_char`], byte for byte at the same offsets, or
/// `None` when some character cannot be folded in place.
pub fn fold(text: &str) -> Option<String> {
    // A plan is mostly ASCII and Vietnamese letters (Latin-1, Latin Extended-A and B, Latin
    // Extended Additional): those fold through a table made once, the rest through the
    // Unicode tables.
    static LATIN: std::sync::OnceLock<Vec<Option<char>>> = std::sync::OnceLock::new();
    const EXTENDED: u32 = 0x1E00;
    let latin = LATIN.get_or_init(|| {
        let low = (0..0x250).filter_map(char::from_u32);
        let extended = (EXTENDED..EXTENDED + 0x100).filter_map(char::from_u32);
        low.chain(extended).map(fold_char).collect()
    });
    // Folding keeps every character's length, so the text is copied once, its ASCII lowered
    // in bulk, and only the other characters are decoded and rewritten in place.
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    out.make_ascii_lowercase();
    let mut i = 0;
    while let Some(skip) = bytes[i..].iter().position(|b| !b.is_ascii()) {
        i += skip;
        // `i` is at the start of a character: only whole characters were skipped.
        let c = text[i..].chars().next()?;
        let code = c as u32;
        let folded = if code < 0x250 {
            latin[code as usize]
        } else if (EXTENDED..EXTENDED + 0x100).contains(&code) {
            latin[0x250 + (code - EXTENDED) as usize]
        } else {
            fold_char(c)
        }?;
        let len = c.len_utf8();
        if folded != c {
            folded.encode_utf8(&mut out[i..i + len]);
        }
        i += len;
    }
    String::from_utf8(out).ok()
}

/// A pattern's literal folded as a text would be; a character that cannot be folded in place
/// stays (a text holding it is not folded, so the literal is never compared).
fn fold_literal(text: &str) -> String {
    text.chars().map(|c| fold_char(c).unwrap_or(c)).collect()
}

/// Folded literals of which every match of `pattern` contains at least one, or `None` when the
/// pattern has no such set (it can match text made of anything, or the set would be too big).
///
/// If `required(p)` is `Some(set)` and `p` matches somewhere in `text`, then `fold(text)`
/// contains some member of `set`: the gate never rules out a text the pattern matches.
pub fn required(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let mut set = match piece(&hir) {
        Piece::Exact(s) => vec![s],
        Piece::OneOf(set) => set,
        Piece::Any => return None,
    };
    if set.is_empty() || set.iter().any(String::is_empty) {
        return None;
    }
    set.sort();
    set.dedup();
    Some(set)
}

/// What a part of a pattern says about the text it matches.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// Always exactly this folded text (possibly empty: an assertion).
    Exact(String),
    /// Contains at least one of these folded texts.
    OneOf(Vec<String>),
    /// Nothing known.
    Any,
}

fn piece(hir: &Hir) -> Piece {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Piece::Exact(String::new()),
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(s) => Piece::Exact(fold_literal(s)),
            Err(_) => Piece::Any,
        },
        HirKind::Class(Class::Unicode(class)) => {
            // A class is exact when all its characters fold to one: `(?i)n` is `[Nn]`, and
            // `(?i)k` is `[Kk\u{212A}]`, whose Kelvin sign stops a text from being folded.
            let mut folded = None;
            let mut count = 0;
            for range in class.ranges() {
                for c in range.start()..=range.end() {
                    count += 1;
                    if count > 4 {
                        return Piece::Any;
                    }
                    let Some(f) = fold_char(c) else { continue };
                    if folded.is_some_and(|x| x != f) {
                        return Piece::Any;
                    }
                    folded = Some(f);
                }
            }
            folded.map_or(Piece::Any, |f| Piece::Exact(f.to_string()))
        }
        HirKind::Class(Class::Bytes(_)) => Piece::Any,
        HirKind::Repetition(rep) => {
            if rep.min == 0 {
                return Piece::Any;
            }
            match piece(&rep.sub) {
                // `x{3}` is exactly `xxx`; `x{2,}` contains `xx`.
                Piece::Exact(s) if rep.max == Some(rep.min) => {
                    Piece::Exact(s.repeat(rep.min as usize))
                }
                Piece::Exact(s) => Piece::OneOf(vec![s.repeat(rep.min as usize)]),
                other => other,
            }
        }
        HirKind::Capture(cap) => piece(&cap.sub),
        HirKind::Concat(parts) => concat(parts),
        HirKind::Alternation(parts) => {
            let mut set = Vec::new();
            for p in parts {
                match piece(p) {
                    Piece::Exact(s) => set.push(s),
                    Piece::OneOf(more) => set.extend(more),
                    Piece::Any => return Piece::Any,
                }
                if set.len() > MAX_LITERALS {
                    return Piece::Any;
                }
            }
            if set.iter().any(String::is_empty) {
                return Piece::Any;
            }
            Piece::OneOf(set)
        }
    }
}

/// A concatenation: adjacent exact parts join into one literal, and the most selective of the
/// literals and sets found inside stands for the whole.
fn concat(parts: &[Hir]) -> Piece {
    let mut run = String::new();
    let mut exact = true;
    let mut candidates: Vec<Vec<String>> = Vec::new();
    for p in parts {
        match piece(p) {
            Piece::Exact(s) => run.push_str(&s),
            other => {
                exact = false;
                if !run.is_empty() {
                    candidates.push(vec![std::mem::take(&mut run)]);
                }
                if let Piece::OneOf(set) = other {
                    candidates.push(set);
                }
            }
        }
    }
    if exact {
        return Piece::Exact(run);
    }
    if !run.is_empty() {
        candidates.push(vec![run]);
    }
    // The set whose shortest member is longest rules out the most text.
    candidates
        .into_iter()
        .filter(|set| !set.iter().any(String::is_empty))
        .max_by_key(|set| {
            let shortest = set.iter().map(|s| s.chars().count()).min().unwrap_or(0);
            (shortest, std::cmp::Reverse(set.len()))
        })
        .map_or(Piece::Any, Piece::OneOf)
}

/// `pattern` with its Unicode classes and case folding spelt out as ranges, for `regex-lite`;
/// `None` when the two engines could read it differently (a word boundary: `regex-lite` knows
/// only ASCII word characters) or it does not parse.
pub fn flat_form(pattern: &str) -> Option<String> {
    let hir = regex_syntax::parse(pattern).ok()?;
    if hir.properties().look_set().contains_word() {
        return None;
    }
    Some(hir.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(p: &str) -> Option<Vec<String>> {
        required(p)
    }

    #[test]
    fn literals_of_common_shapes() {
        assert_eq!(req("abc"), Some(vec!["abc".into()]));
        assert_eq!(req(r"(?i)Như\s+trên"), Some(vec!["trên".into()]));
        assert_eq!(
            req(r"(?i)(lãnh phí|kỹ luật)"),
            Some(vec!["kỹ luật".into(), "lãnh phí".into()])
        );
        assert_eq!(req(r"\bKẾ HOẠCH\b"), Some(vec!["kế hoạch".into()]));
        assert_eq!(req(r"(?:Sở|Bộ) Tư pháp"), Some(vec![" tư pháp".into()]));
        assert_eq!(req(r"a{3}"), Some(vec!["aaa".into()]));
        assert_eq!(req(r"x\s{2,}yz"), Some(vec!["yz".into()]));
    }

    #[test]
    fn no_literals_when_any_text_can_match() {
        assert_eq!(req(r"[0-9]+"), None);
        assert_eq!(req(r"a?"), None);
        assert_eq!(req(r"abc|\d"), None);
        assert_eq!(req(r"^$"), None);
        assert_eq!(req("(unclosed"), None);
    }

    /// The table [`fold`] uses agrees with [`fold_char`] on every character it folds.
    #[test]
    fn fold_agrees_with_fold_char() {
        let all: Vec<char> = (0..0x3000u32).filter_map(char::from_u32).collect();
        for c in all {
            let text = c.to_string();
            assert_eq!(fold(&text), fold_char(c).map(String::from), "{c:?}");
        }
    }

    /// A text folds as its characters do one by one: runs of ASCII between other characters,
    /// characters at either end, and a character that cannot be folded anywhere in the text.
    #[test]
    fn a_text_folds_character_by_character() {
        let alphabet: Vec<char> = "aZ 9.\nĐđƯưỘộẠạÂâÁÀÉÈ\u{212A}ſİΣσЖж€ẞ😀".chars().collect();
        let mut rng = crate::engine::testing::Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let len = rng.below(12);
            let text: String = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            let expected: Option<String> = text.chars().map(fold_char).collect();
            assert_eq!(fold(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn folding_keeps_every_offset() {
        assert_eq!(fold("KẾ HOẠCH Đảng").as_deref(), Some("kế hoạch đảng"));
        assert_eq!(fold("Kelvin \u{212A}"), None);
        assert_eq!(fold("ſ"), None);
        assert_eq!(fold("İ"), None);
        let text = "Ủy ban NHÂN DÂN Thành phố Hồ Chí Minh";
        assert_eq!(fold(text).map(|f| f.len()), Some(text.len()));
    }

    /// The promise of [`required`]: wherever the pattern matches, a literal is in the folded text.
    #[test]
    fn a_match_always_contains_a_literal() {
        let cases = [
            (r"(?i)nơi\s+nhận", "NƠI  NHẬN:"),
            (r"(?i)ſtop|kelvin", "ſTOP"),
            (r"(?i)kelvin", "\u{212A}ELVIN"),
            (
                r"(?i)(?:hoàn\s+thành|chậm\s+nhất)\s+trước",
                "Chậm nhất trước ngày",
            ),
            (r"\b(về|gửi)\b\s+[A-Z]", "gửi Sở"),
        ];
        for (p, text) in cases {
            let re = regex::Regex::new(p).unwrap();
            assert!(re.is_match(text), "{p} should match {text}");
            let set = required(p).unwrap_or_default();
            // A text that cannot be folded lets every pattern through.
            let Some(folded) = fold(text) else { continue };
            assert!(
                set.is_empty() || set.iter().any(|l| folded.contains(l.as_str())),
                "{p}: {set:?} not in {folded}"
            );
        }
    }
}
