//! Finds the documents a plan cites: type name, `số`, number and symbol, date and issuing
//! agency (`Kế hoạch số 122/KH-UBND ngày 05/9/2023 của UBND tỉnh Nam Định`), and Laws cited by
//! name (`Luật Thực hiện dân chủ ở cơ sở`).
//!
//! A bare mention without a number (`các nghị quyết, chỉ thị`, `Nghị quyết 17`) is not a
//! citation: it names no particular document a reviewer could look up.

use std::sync::LazyLock;

use regex::Regex;

use super::model::{Citation, CitedDate, Document, Zone};
use crate::source::Span;

static TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị quyết liên tịch|Nghị quyết|Nghị định|Quyết định|Chỉ thị|Thông tư liên tịch|Thông tư|Kế hoạch liên tịch|Kế hoạch|Chương trình hành động|Chương trình|Công văn|Công điện|Hướng dẫn|Kết luận|Thông báo|Thông tri|Quy định|Quy chế|Đề án|Văn bản|Tờ trình|Điều lệ|Báo cáo)",
    )
    .expect("built-in pattern")
});

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\s\u{a0}]+(?:(?P<so>[Ss]ố)\s*:?\s*)?(?:(?P<blank>[._…\s\u{a0}]*/\s*)(?P<bsym>[\p{L}0-9][\p{L}0-9&./\-]*)|(?P<num>[0-9]+(?:\s?[/\-]\s?[\p{L}0-9&]+|\.[0-9]+)*))",
    )
    .expect("built-in pattern")
});

static LAW_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+(\p{Lu}[^,;.()“”\x22]*)").expect("built-in pattern"));

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"ngày[\s\u{a0}]*(?P<d>[0-9]{1,2})?[\s\u{a0}]*(?:(?P<slash>[/\-.])[\s\u{a0}]*(?P<m1>[0-9]{1,2})(?:[\s\u{a0}]*[/\-.][\s\u{a0}]*(?P<y1>[0-9]{4}))?|tháng[\s\u{a0}]*(?P<m2>[0-9]{1,2})?[\s\u{a0}]*(?:năm[\s\u{a0}]*(?P<y2>[0-9]{4}))?)",
    )
    .expect("built-in pattern")
});

static AGENCY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bcủa\s+([^,;()“”]+)").expect("built-in pattern"));

/// Where a cited document's own trích yếu starts: after this, dates and agencies belong to it.
static ABSTRACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s(về|v/v|V/v|hướng dẫn|quy định|ban hành|triển khai|thực hiện)\s|“|\x22")
        .expect("built-in pattern")
});

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
    out
}

/// Finds the citations in one paragraph whose text starts at `base`.
pub fn find_in(text: &str, base: usize, zone: Zone, out: &mut Vec<Citation>) {
    let mut found: Vec<Citation> = Vec::new();
    for m in TYPE.find_iter(text) {
        // Word boundaries are checked here rather than with `\b` in the pattern: a Unicode `\b`
        // keeps the regex engine off its fast path on Vietnamese text.
        let before_ok = text[..m.start()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = text[m.end()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if !before_ok || !after_ok {
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
            zone,
        };
        let end;
        if let Some(c) = NUMBER.captures(after) {
            citation.has_so = c.name("so").is_some();
            if let Some(sym) = c.name("bsym") {
                let blank = c.name("blank").map_or(sym.start(), |b| b.start());
                citation.blank_number = true;
                citation.number_span = Some(Span::new(
                    base + m.end() + blank,
                    base + m.end() + sym.end(),
                ));
                citation.number = Some(format!("/{}", sym.as_str()));
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
        } else if is_law_type(&doc_type) {
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
        found.push(citation);
    }

    // Each citation's details run to the next citation, the clause end or the paragraph end.
    let starts: Vec<usize> = found.iter().map(|c| c.type_span.start - base).collect();
    for (k, citation) in found.iter_mut().enumerate() {
        let from = citation.span.end - base;
        let next = starts.get(k + 1).copied().unwrap_or(text.len());
        let clause_end = text[from..next]
            .find([';', '\n'])
            .map_or(next, |p| from + p);
        let region_end = ABSTRACT
            .find(&text[from..clause_end])
            .map_or(clause_end, |a| from + a.start());
        let region = &text[from..region_end];
        if let Some(d) = DATE.captures(region) {
            let whole = d.get(0).map_or(0..0, |w| w.range());
            // The date must come right after the number (allowing a short gap), not deep in
            // a sentence.
            if whole.start <= 24 {
                let num = |name: &str| d.name(name).and_then(|v| v.as_str().parse::<u32>().ok());
                let words = d.name("slash").is_none();
                citation.date = Some(CitedDate {
                    day: num("d"),
                    month: num("m1").or(num("m2")),
                    year: d
                        .name("y1")
                        .or(d.name("y2"))
                        .and_then(|y| y.as_str().parse().ok()),
                    words,
                    span: Span::new(base + from + whole.start, base + from + whole.end),
                });
            }
        }
        if let Some(a) = AGENCY.captures(region) {
            let g = a.get(1).map_or(0..0, |g| g.range());
            let agency = cut_at_sentence_end(region[g.clone()].trim_end());
            if !agency.is_empty() {
                citation.agency = Some(Span::new(
                    base + from + g.start,
                    base + from + g.start + agency.len(),
                ));
            }
        }
        let mut end = citation.span.end;
        if let Some(d) = &citation.date {
            end = end.max(d.span.end);
        }
        if let Some(a) = citation.agency {
            end = end.max(a.end);
        }
        citation.span.end = end;
    }
    out.extend(found);
}

/// A date written `ngày 05/9/2023` or `ngày 05 tháng 9 năm 2023` in `text` (the place-and-date
/// line of the header, say), with its span offset by `base`.
pub fn find_date(text: &str, base: usize) -> Option<CitedDate> {
    let d = DATE.captures(text)?;
    let whole = d.get(0)?.range();
    let num = |name: &str| d.name(name).and_then(|v| v.as_str().parse::<u32>().ok());
    Some(CitedDate {
        day: num("d"),
        month: num("m1").or(num("m2")),
        year: d
            .name("y1")
            .or(d.name("y2"))
            .and_then(|y| y.as_str().parse().ok()),
        words: d.name("slash").is_none(),
        span: Span::new(base + whole.start, base + whole.end),
    })
}

/// An agency ends where its sentence does: `của Ban Dân vận Quận ủy. Qua đó …` names
/// `Ban Dân vận Quận ủy`. A period after an abbreviation such as `TP.` does not end it.
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
        len = i + w.trim_end().len();
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
