//! `capitalisation`: capitals where Nghị định 30/2020 (Phụ lục II) wants lower case and the
//! reverse. Four checks, each with its word lists in the rule file:
//!
//! - `capital-after`: a capitalised word right after `;` or `,` mid-sentence (`; Tham mưu`).
//!   Proper names and agency names follow commas everywhere in plans, so only the listed words
//!   (verbs and linking words that never start a name) are reported.
//! - `lower-after-stop`: a lower-case word right after a sentence-ending period
//!   (`Hùng An. đề nghị`), but not after an abbreviation (`TP.`, `v.v.`), a number or `./.`.
//! - `admin-unit`: a generic administrative noun (`Huyện`, `Tỉnh`, `Thành phố`) capitalised
//!   mid-sentence, before a name (`Huyện Kim Động`) or alone (`UBND Huyện`), unless the name is
//!   a number (`Quận 1`), a listed exception (`Thành phố Hồ Chí Minh`) or the noun starts a
//!   compound (`Tỉnh ủy`, `Huyện đoàn`). A noun the rule lets stand alone (`của Tỉnh` may mean
//!   the provincial authorities) is still reported after the name of a body (`UBND Tỉnh`), where
//!   it only says which body.
//! - `generic-documents`: document types named in general after `các`/`những`, capitalised
//!   (`các Chỉ thị, Nghị quyết của Đảng`): Phụ lục II writes them in lower case.

use serde::Deserialize;

use super::{excerpt, Context, Hit, Scope};
use crate::source::Span;

/// Placeholders: `{word}` (as written), `{fix}` (as it should be), `{text}` (the paragraph).
pub const PLACEHOLDERS: &[&str] = &["word", "fix", "text"];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Where to look (usually `prose`: the header and signer have their own capitals).
    pub scope: Scope,
    /// Which check.
    pub check: CaseCheck,
    /// `capital-after`: the marks after which the words are reported (`;`, `,`).
    #[serde(default)]
    pub after: Vec<char>,
    /// `capital-after`: words and phrases that never start a proper name (`Tham mưu`);
    /// `admin-unit`: the capitalised generic nouns (`Huyện`, `Thành phố`).
    #[serde(default)]
    pub words: Vec<String>,
    /// `capital-after`: skip when the next word is one of these (`Báo cáo số …` names a
    /// document); `admin-unit`: the noun starts a compound when followed by one of these
    /// (`Tỉnh ủy`, `Huyện đoàn`, `Xã hội`). Compared in lower case.
    #[serde(default)]
    pub unless_next: Vec<String>,
    /// `capital-after`: listed words that also start organisation names (`Tổ chức Công đoàn`):
    /// reported only when the next word is in lower case (`; Tổ chức tuyên truyền`).
    #[serde(default)]
    pub next_lower_only: Vec<String>,
    /// `lower-after-stop`: words written with a period that do not end a sentence (`TP`, `v.v`).
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// `admin-unit`: names written with a capital generic noun (`Thành phố Hồ Chí Minh`).
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// `admin-unit`: nouns that may stand alone capitalised for a well-known unit
    /// (`Thành phố` for Hồ Chí Minh City in its own documents).
    #[serde(default)]
    pub bare_ok: Vec<String>,
    /// `admin-unit`: names of bodies (`UBND`, `Ủy ban nhân dân`) after which a noun of
    /// `bare_after_nouns` standing alone is reported all the same: in `UBND Tỉnh` it only says
    /// which committee, so it is the generic noun, never the authority itself. Compared in
    /// lower case.
    #[serde(default)]
    pub bare_after: Vec<String>,
    /// `admin-unit`: the nouns of `bare_ok` that `bare_after` applies to (`Tỉnh`, `Huyện`;
    /// not `Thành phố`, which Hồ Chí Minh City writes for itself: `UBND Thành phố`).
    #[serde(default)]
    pub bare_after_nouns: Vec<String>,
    /// `generic-documents`: the words that make a mention general (`các`, `những`), as written.
    #[serde(default)]
    pub before: Vec<String>,
    /// `generic-documents`: the lower-case words that may follow the listed types and keep the
    /// mention general (`của`, `về`, `đã`); punctuation or the end of the text does too.
    #[serde(default)]
    pub next_general: Vec<String>,
    /// Report at most this many findings per document (default: all).
    #[serde(default)]
    pub max_reports: Option<usize>,
}

/// The checks.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum CaseCheck {
    /// A listed word capitalised after `;` or `,`.
    CapitalAfter,
    /// A lower-case word after a sentence-ending period.
    LowerAfterStop,
    /// A generic administrative noun capitalised mid-sentence.
    AdminUnit,
    /// Document types named in general, capitalised (`các Chỉ thị, Nghị quyết của Đảng`).
    GenericDocuments,
}

impl Params {
    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let mut hits = Vec::new();
        for e in self.scope.elements(doc) {
            let text = doc.text(e);
            let found = match self.check {
                CaseCheck::CapitalAfter => self.capital_after(text),
                CaseCheck::LowerAfterStop => self.lower_after_stop(text),
                CaseCheck::AdminUnit => self.admin_unit(text),
                CaseCheck::GenericDocuments => self.generic_documents(text),
            };
            for (range, word) in found {
                let fix = match self.check {
                    CaseCheck::GenericDocuments => word.to_lowercase(),
                    _ => flip_first(&word),
                };
                hits.push(
                    Hit::at(Span::new(e.start + range.start, e.start + range.end))
                        .with("word", word)
                        .with("fix", fix)
                        .with("text", excerpt(doc, e)),
                );
            }
        }
        if let Some(max) = self.max_reports {
            hits.truncate(max);
        }
        hits
    }

    fn capital_after(&self, text: &str) -> Vec<(std::ops::Range<usize>, String)> {
        let mut out = Vec::new();
        // The first bytes of the listed words: a mark followed by anything else is passed over
        // without comparing it with every word.
        let mut first = [false; 256];
        for w in &self.words {
            first[w.as_bytes().first().copied().unwrap_or_default() as usize] = true;
        }
        // An empty word would match anywhere.
        let screen = self.words.iter().all(|w| !w.is_empty());
        for (i, c) in marks_in(text, &self.after) {
            let rest = &text[i + c.len_utf8()..];
            let trimmed = rest.trim_start_matches([' ', '\t']);
            let at = text.len() - trimmed.len();
            if screen
                && !trimmed
                    .as_bytes()
                    .first()
                    .is_some_and(|&b| first[b as usize])
            {
                continue;
            }
            for phrase in &self.words {
                let Some(after) = trimmed.strip_prefix(phrase.as_str()) else {
                    continue;
                };
                if after.starts_with(char::is_alphanumeric) {
                    continue;
                }
                let next_word = next_word(after);
                let next = next_word.to_lowercase();
                if self.unless_next.iter().any(|u| u.to_lowercase() == next) {
                    continue;
                }
                if self.next_lower_only.iter().any(|w| w == phrase)
                    && !next_word.starts_with(char::is_lowercase)
                {
                    continue;
                }
                out.push((at..at + phrase.len(), phrase.clone()));
                break;
            }
        }
        out
    }

    fn lower_after_stop(&self, text: &str) -> Vec<(std::ops::Range<usize>, String)> {
        let mut out = Vec::new();
        for (i, _) in text.match_indices('.') {
            let before = &text[..i];
            // An ellipsis, `./.` or a period glued to the next word is not a sentence end.
            if before.ends_with(['.', '/', '…']) {
                continue;
            }
            let rest = &text[i + 1..];
            let trimmed = rest.trim_start_matches(' ');
            // One or two spaces end a sentence; a wider gap is a column boundary in text laid
            // out in columns (`pdftotext -layout`, a table copied as text).
            let gap = rest.len() - trimmed.len();
            if gap == 0 || gap >= 3 {
                continue;
            }
            let word = next_word(trimmed);
            if !word.starts_with(char::is_lowercase) {
                continue;
            }
            let token = before
                .rsplit(|c: char| c.is_whitespace() || "(“\"".contains(c))
                .next()
                .unwrap_or("");
            let single_letter = token.chars().count() == 1;
            if token.is_empty()
                || single_letter
                || token.contains(|c: char| c.is_ascii_digit() || c == '.' || c == '/')
                || self.abbreviations.iter().any(|a| a == token)
            {
                continue;
            }
            // The word starts where `next_word` found it, after any tabs or no-break spaces.
            let word_start = trimmed.trim_start_matches([' ', '\t', '\u{a0}']);
            let at = text.len() - word_start.len();
            out.push((at..at + word.len(), word.to_string()));
        }
        out
    }

    /// After `các`/`những`, a run of listed types joined by `,`, `và` or `hoặc`, when what
    /// follows keeps the mention general: punctuation, the end, or a listed linking word. A
    /// name or a number after the type (`các Hướng dẫn kiểm soát nhiễm khuẩn`, `các Nghị
    /// quyết số 18, 19`) makes it specific.
    fn generic_documents(&self, text: &str) -> Vec<(std::ops::Range<usize>, String)> {
        let mut out = Vec::new();
        // A few short words that start with common letters: a substring search per word is
        // cheaper than testing every `c` and `n` of the text against the list.
        for (word, p) in occurrences_slow(text, &self.before) {
            if text[..p].ends_with(char::is_alphanumeric) {
                continue;
            }
            let mut rest = &text[p + word.len()..];
            if !rest.starts_with([' ', '\t', '\u{a0}']) {
                continue;
            }
            rest = rest.trim_start_matches([' ', '\t', '\u{a0}']);
            let start = text.len() - rest.len();
            let mut end = start;
            while let Some(t) = self.words.iter().find(|t| {
                rest.starts_with(t.as_str()) && !rest[t.len()..].starts_with(char::is_alphanumeric)
            }) {
                rest = &rest[t.len()..];
                end = text.len() - rest.len();
                // `, Nghị quyết`, ` và Chỉ thị`, ` hoặc Kế hoạch`: the run goes on.
                let joined = rest.trim_start_matches(' ');
                let joined = joined
                    .strip_prefix(',')
                    .or_else(|| joined.strip_prefix("và "))
                    .or_else(|| joined.strip_prefix("hoặc "))
                    .map(|j| j.trim_start_matches(' '));
                match joined {
                    Some(j) if self.words.iter().any(|t| j.starts_with(t.as_str())) => rest = j,
                    _ => break,
                }
            }
            if end == start {
                continue;
            }
            let after = &text[end..];
            let next = after.trim_start_matches([' ', '\t', '\u{a0}']);
            let general = next.is_empty()
                || next.starts_with([',', '.', ';', ':', ')'])
                || (next.len() < after.len()
                    && self.next_general.iter().any(|w| next_word(next) == w));
            if general {
                out.push((start..end, text[start..end].to_string()));
            }
        }
        out
    }

    fn admin_unit(&self, text: &str) -> Vec<(std::ops::Range<usize>, String)> {
        let mut out = Vec::new();
        for (noun, p) in occurrences(text, &self.words) {
            let before = &text[..p];
            let after = &text[p + noun.len()..];
            if before.ends_with(char::is_alphanumeric) || after.starts_with(char::is_alphanumeric) {
                continue;
            }
            if starts_sentence(before) {
                continue;
            }
            if self
                .exceptions
                .iter()
                .any(|x| text[p..].starts_with(x.as_str()))
            {
                continue;
            }
            let next = next_word(after);
            if next.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let lower = next.to_lowercase();
            // A prefix is enough: text from PDFs glues words (`Tỉnh uỷvề`).
            if self
                .unless_next
                .iter()
                .any(|u| lower.starts_with(&u.to_lowercase()))
            {
                continue;
            }
            let bare = next.is_empty() || next.starts_with(char::is_lowercase);
            let after_body =
                self.bare_after_nouns.iter().any(|b| b == noun) && self.after_body(before);
            if bare && self.bare_ok.iter().any(|b| b == noun) && !after_body {
                continue;
            }
            out.push((p..p + noun.len(), noun.clone()));
        }
        out.sort_by_key(|(r, _)| r.start);
        out
    }
}

impl Params {
    /// True when `before` ends with one of `bare_after`, as a whole word.
    fn after_body(&self, before: &str) -> bool {
        let before = before.trim_end_matches([' ', '\u{a0}']).to_lowercase();
        self.bare_after.iter().any(|b| {
            before
                .strip_suffix(b.to_lowercase().as_str())
                .is_some_and(|rest| !rest.ends_with(char::is_alphanumeric))
        })
    }
}

/// The places of the characters `marks` in `text`, in order. Every character of the text is
/// looked at, so ASCII marks (the usual `;` and `,`) are sought byte by byte, without decoding.
fn marks_in<'a>(text: &'a str, marks: &'a [char]) -> Box<dyn Iterator<Item = (usize, char)> + 'a> {
    if marks.iter().all(char::is_ascii) {
        let mut table = [false; 256];
        for &m in marks {
            table[m as usize] = true;
        }
        // An ASCII byte is always a whole character.
        Box::new(
            text.bytes()
                .enumerate()
                .filter(move |&(_, b)| table[b as usize])
                .map(|(i, b)| (i, b as char)),
        )
    } else {
        Box::new(text.char_indices().filter(|c| marks.contains(&c.1)))
    }
}

/// Every occurrence of each of `words` in `text`: for each word, what `match_indices` finds
/// (non-overlapping, leftmost first), all in one pass over the text instead of one per word.
/// In order of position, then of the word's place in `words`.
fn occurrences<'a>(text: &str, words: &'a [String]) -> Vec<(&'a String, usize)> {
    let mut first = [false; 256];
    for w in words {
        match w.as_bytes().first() {
            Some(&b) => first[b as usize] = true,
            // An empty word matches everywhere: leave it to the general search.
            None => return occurrences_slow(text, words),
        }
    }
    let bytes = text.as_bytes();
    // Where each word's last occurrence ends: the next one cannot overlap it.
    let mut free_from = vec![0usize; words.len()];
    let mut out = Vec::new();
    for (p, &b) in bytes.iter().enumerate() {
        if !first[b as usize] {
            continue;
        }
        for (k, w) in words.iter().enumerate() {
            if p >= free_from[k] && bytes[p..].starts_with(w.as_bytes()) {
                free_from[k] = p + w.len();
                out.push((w, p));
            }
        }
    }
    out
}

fn occurrences_slow<'a>(text: &str, words: &'a [String]) -> Vec<(&'a String, usize)> {
    let mut out: Vec<(&String, usize)> = words
        .iter()
        .flat_map(|w| text.match_indices(w.as_str()).map(move |(p, _)| (w, p)))
        .collect();
    out.sort_by_key(|&(_, p)| p);
    out
}

/// The word at the start of `s` after spaces: letters and digits, up to the next other character.
fn next_word(s: &str) -> &str {
    let s = s.trim_start_matches([' ', '\t', '\u{a0}']);
    let end = s.find(|c: char| !c.is_alphanumeric()).unwrap_or(s.len());
    &s[..end]
}

/// True when what precedes a word is empty, a list marker, or ends a sentence or a label.
fn starts_sentence(before: &str) -> bool {
    // After a tab or a gap of three spaces the word opens a cell of text laid out in columns.
    if before.ends_with('\t') || before.ends_with("   ") {
        return true;
    }
    let b = before.trim_end();
    if b.is_empty() || b.ends_with(['.', '!', '?', ':', '…', '“', '"', '(', '-', '+', '•', '–'])
    {
        return true;
    }
    // `a)`, `1)`, `1.` list markers alone before the word.
    let marker = b.trim_start();
    marker.len() <= 4
        && marker.ends_with([')', '.', '-'])
        && marker[..marker.len() - 1]
            .chars()
            .all(|c| c.is_alphanumeric())
}

/// The word with its first letter's case flipped (`Tham mưu` → `tham mưu`, `đề` → `Đề`).
fn flip_first(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => c.to_lowercase().chain(chars).collect(),
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_search_finds_what_a_search_per_word_finds() {
        let words: Vec<String> = ["Thị xã", "Thị", "aa", "Xã", "ở"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        for text in ["Thị xã Thị trấn aaa Xã ở Thị xã", "aaaa", "", "ởở Thị"] {
            assert_eq!(
                occurrences(text, &words),
                occurrences_slow(text, &words),
                "{text}"
            );
        }
        let marks: Vec<(usize, char)> = marks_in("a; b, c", &[',', ';']).collect();
        assert_eq!(marks, [(1, ';'), (4, ',')]);
        let marks: Vec<(usize, char)> = marks_in("ở、b", &['、']).collect();
        assert_eq!(marks, [("ở".len(), '、')]);
    }

    fn params(check: CaseCheck) -> Params {
        Params {
            scope: Scope::Prose,
            check,
            after: vec![';', ','],
            words: Vec::new(),
            unless_next: Vec::new(),
            next_lower_only: Vec::new(),
            abbreviations: vec!["TP".into(), "Tp".into()],
            exceptions: vec!["Thành phố Hồ Chí Minh".into()],
            bare_ok: vec!["Thành phố".into()],
            bare_after: Vec::new(),
            bare_after_nouns: Vec::new(),
            before: Vec::new(),
            next_general: Vec::new(),
            max_reports: None,
        }
    }

    fn words(found: Vec<(std::ops::Range<usize>, String)>) -> Vec<String> {
        found.into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn capital_after_listed_words_only() {
        let mut p = params(CaseCheck::CapitalAfter);
        p.words = vec!["Tham mưu".into(), "Báo cáo".into(), "Đồng thời".into()];
        p.unless_next = vec!["số".into()];
        let t = "xây dựng kế hoạch; Tham mưu Chi bộ, Sở Nội vụ, Phòng GDĐT; Báo cáo số 12/BC-UBND; Đồng thời gửi";
        assert_eq!(words(p.capital_after(t)), vec!["Tham mưu", "Đồng thời"]);
        assert!(p.capital_after("; Tham mưuu").is_empty());
        p.words.push("Tổ chức".into());
        p.next_lower_only = vec!["Tổ chức".into()];
        assert!(p
            .capital_after("Mặt trận Tổ quốc, Tổ chức Công đoàn")
            .is_empty());
        assert_eq!(
            words(p.capital_after("; Tổ chức tuyên truyền")),
            vec!["Tổ chức"]
        );
    }

    #[test]
    fn a_cell_of_text_laid_out_in_columns_starts_afresh() {
        let mut p = params(CaseCheck::AdminUnit);
        p.words = vec!["Xã".into()];
        assert_eq!(words(p.admin_unit("phối hợp với Xã An Bình")), vec!["Xã"]);
        assert!(p.admin_unit("Tỉnh     Xã An Bình").is_empty());
        assert!(p.admin_unit("Tỉnh\tXã An Bình").is_empty());
    }

    #[test]
    fn lower_after_stop_points_at_the_word_after_tabs() {
        // Found by the property tests: the span started at the tab and cut the word in two.
        let p = params(CaseCheck::LowerAfterStop);
        let t = "Hùng An. \t\tạ\u{301} đề nghị";
        let found = p.lower_after_stop(t);
        assert_eq!(found.len(), 1);
        let (range, word) = &found[0];
        assert_eq!(&t[range.clone()], word.as_str());
    }

    #[test]
    fn lower_after_stop_skips_abbreviations() {
        let p = params(CaseCheck::LowerAfterStop);
        assert_eq!(
            words(p.lower_after_stop("Trường Mầm non Hùng An. đề nghị các tổ")),
            vec!["đề"]
        );
        assert!(
            p.lower_after_stop("theo quy định.                sự Quận 3")
                .is_empty(),
            "a wide gap is a column boundary"
        );
        for t in [
            "UBND TP. Hồ Chí Minh và TP. hồ sơ",
            "sách, báo v.v. và tài liệu",
            "các đ.c. lãnh đạo",
            "năm 2022. trong đó",
            "chủ đầu tư... và",
            "thực hiện./. và",
            "Nguyễn V. an",
        ] {
            assert!(p.lower_after_stop(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn admin_units() {
        let mut p = params(CaseCheck::AdminUnit);
        p.words = vec![
            "Tỉnh".into(),
            "Huyện".into(),
            "Quận".into(),
            "Thành phố".into(),
        ];
        p.unless_next = vec!["ủy".into(), "đoàn".into()];
        let t = "UBND Huyện Kim Động, của Tỉnh về, Quận 1, Tỉnh ủy, Huyện đoàn, Thành phố Hồ Chí Minh, của Thành phố, Thành phố Thái Nguyên";
        assert_eq!(words(p.admin_unit(t)), vec!["Huyện", "Tỉnh", "Thành phố"]);
        assert!(p.admin_unit("Huyện Kim Động tổ chức").is_empty());
        assert!(p.admin_unit("a) Tỉnh tổ chức").is_empty());
    }

    #[test]
    fn a_bare_noun_after_the_name_of_a_body_is_reported() {
        let mut p = params(CaseCheck::AdminUnit);
        p.words = vec!["Tỉnh".into(), "Huyện".into(), "Thành phố".into()];
        p.bare_ok = vec!["Tỉnh".into(), "Huyện".into(), "Thành phố".into()];
        p.bare_after = vec!["UBND".into(), "Ủy ban nhân dân".into()];
        p.bare_after_nouns = vec!["Tỉnh".into(), "Huyện".into()];
        let t =
            "theo chỉ đạo của UBND Tỉnh, của Tỉnh và của Ủy ban Nhân dân Huyện, UBND Thành phố về";
        assert_eq!(words(p.admin_unit(t)), vec!["Tỉnh", "Huyện"]);
        // Only the whole name of a body counts.
        assert!(p.admin_unit("theo chỉ đạo của XUBND Tỉnh về").is_empty());
        p.bare_after.clear();
        assert!(p.admin_unit(t).is_empty());
    }

    #[test]
    fn flips() {
        assert_eq!(flip_first("Tham mưu"), "tham mưu");
        assert_eq!(flip_first("đề"), "Đề");
    }
}
