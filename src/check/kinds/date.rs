//! `date`: dates that cannot be right.
//!
//! - `mode = "invalid"` (the default): dates that do not exist on the calendar (`ngày 31 tháng
//!   02 năm 2024`, `30/02/2023`). Reads every date in the scope, in the full form `ngày D tháng M
//!   năm Y` or the short form `D/M/Y`, and reports a day or month out of range. Blank dates
//!   (`ngày … tháng … năm 2023`) are not dates and are left to other rules.
//! - `mode = "before-issue"`: a deadline (a date right after `hoàn thành`, `chậm nhất`, or
//!   `trước` in a clause about time limits or work to hand in) earlier than the plan's own date
//!   of issue, which is what a task copied from last year's plan keeps. The issue date is read from the header as far as it is written: a
//!   draft's blank day still gives the month and year. Dates inside a citation are not
//!   deadlines.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{Context, Hit, Scope};
use crate::source::Span;

/// Placeholders: `{date}` (the date as written) and, in `before-issue` mode, `{issued}` (the
/// plan's date of issue as far as it is known).
pub const PLACEHOLDERS: &[&str] = &["date", "issued"];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Where to look.
    pub scope: Scope,
    /// What to report.
    #[serde(default)]
    pub mode: Mode,
}

/// What a `date` rule reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Dates that do not exist on the calendar.
    #[default]
    Invalid,
    /// Deadlines earlier than the document's own date of issue.
    BeforeIssue,
}

/// A deadline: a cue word right before a date, `D/M/Y`, `ngày D tháng M năm Y`, or a month
/// `tháng M/Y`, `tháng M năm Y`.
static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:((?:hoàn\s+thành|hoàn\s+tất|xong)(?:\s+xong)?\s*(?:trong|trước)?|chậm\s+nhất(?:\s+là)?|hạn\s+chót(?:\s+là)?)|trước)\s*(?:ngày\s*)?(?:([0-9]{1,2})\s*/\s*([0-9]{1,2})\s*/\s*([0-9]{4})|([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\s+năm\s+([0-9]{4})|tháng\s+([0-9]{1,2})\s*(?:/|năm)\s*([0-9]{4}))",
    )
    .expect("built-in pattern")
});

/// Words that make a bare "trước <date>" a deadline: the clause speaks of a time limit or of
/// work to hand in. Without one, "thường trú trước ngày …" is a condition, not a deadline.
const DEADLINE_CONTEXT: &[&str] = &[
    "thời gian",
    "thời hạn",
    "báo cáo",
    "gửi",
    "nộp",
    "triển khai",
    "tổ chức",
    "thực hiện",
    "hoàn thành",
    "ban hành",
];

/// True when the clause's only deadline cue is a document being issued by someone (`do … ban
/// hành`, `được ban hành`), the way a clause picks documents out by their date.
fn issued_by_someone(clause: &str) -> bool {
    let Some(at) = clause.rfind("ban hành") else {
        return false;
    };
    let others = DEADLINE_CONTEXT
        .iter()
        .filter(|&&w| w != "ban hành")
        .any(|w| clause.contains(w));
    let before = &clause[..at];
    let passive = before.contains("được ") || before.split_whitespace().any(|w| w == "do");
    passive && !others
}

static ISSUE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)ngày\s*([0-9]{1,2})?[\s.…_]*tháng\s*([0-9]{1,2})?[\s.…_]*năm\s*([0-9]{4})|\b([0-9]{1,2})\s*/\s*([0-9]{1,2})\s*/\s*([0-9]{4})\b")
        .expect("built-in pattern")
});

/// The spans of top-level sections that review past results (`KẾT QUẢ`, `ĐÁNH GIÁ`, `TÌNH
/// HÌNH`, `THỰC TRẠNG` in the title), from the heading to the next top-level heading.
fn recap_spans(doc: &crate::parse::Document) -> Vec<Span> {
    let roots: Vec<&crate::parse::Section> = doc.roots().map(|(_, s)| s).collect();
    let mut out = Vec::new();
    for (i, s) in roots.iter().enumerate() {
        let title = doc.text(s.title).to_lowercase();
        if ["kết quả", "đánh giá", "tình hình", "thực trạng"]
            .iter()
            .any(|w| title.contains(w))
        {
            let end = roots
                .get(i + 1)
                .map_or(doc.source.text().len(), |n| n.heading.start);
            out.push(Span::new(s.heading.start, end));
        }
    }
    out
}

/// The document's date of issue as far as the header writes it: year, then month and day when
/// they are filled in.
fn issue_date(cx: &Context) -> Option<(i32, Option<u32>, Option<u32>)> {
    let doc = cx.doc;
    let line = doc.header.dia_danh_ngay?;
    let c = ISSUE_YEAR.captures(doc.text(line))?;
    let num = |a: usize, b: usize| {
        c.get(a)
            .or_else(|| c.get(b))
            .and_then(|m| m.as_str().parse::<u32>().ok())
    };
    let year = num(3, 6)? as i32;
    let month = num(2, 5).filter(|m| (1..=12).contains(m));
    let day = month.and(num(1, 4)).filter(|d| (1..=31).contains(d));
    Some((year, month, day))
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)ngày\s+([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\s+năm\s+([0-9]{4})|\b([0-9]{1,2})\s*/\s*([0-9]{1,2})\s*/\s*([0-9]{4})\b",
    )
    .expect("built-in pattern")
});

/// True when day/month/year is a real calendar date.
pub fn valid_date(day: u32, month: u32, year: i32) -> bool {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

impl Params {
    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        match self.mode {
            Mode::Invalid => self.invalid(cx),
            Mode::BeforeIssue => self.before_issue(cx),
        }
    }

    fn before_issue(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let Some((year, month, day)) = issue_date(cx) else {
            return Vec::new();
        };
        let issued = match (day, month) {
            (Some(d), Some(m)) => format!("{d}/{m}/{year}"),
            (None, Some(m)) => format!("{m}/{year}"),
            _ => year.to_string(),
        };
        let in_citation = |at: usize| {
            doc.citations
                .iter()
                .any(|c| c.span.start <= at && at < c.span.end)
        };
        let recap = recap_spans(doc);
        let mut hits = Vec::new();
        for e in self.scope.elements(doc) {
            // A review of last year's results ("I. KẾT QUẢ THỰC HIỆN NĂM 2025") recounts past
            // deadlines on purpose.
            if recap.iter().any(|r| r.start <= e.start && e.start < r.end) {
                continue;
            }
            let text = doc.text(e);
            for c in DEADLINE.captures_iter(text) {
                // "đã hoàn thành trước 30/6/2025" tells what was done, not what is to be done.
                let Some(whole) = c.get(0) else { continue };
                let before = &text[..whole.start()];
                let tail = |n: usize| -> String {
                    let mut cs: Vec<char> = before.chars().rev().take(n).collect();
                    cs.reverse();
                    cs.into_iter().collect::<String>().to_lowercase()
                };
                if tail(16).contains("đã") {
                    continue;
                }
                // The clause so far: from the last sentence or item break.
                let clause = tail(100);
                let clause = clause.rsplit(['.', ';', '\n']).next().unwrap_or("");
                let work_cue = c.get(1).is_some();
                if !work_cue && !DEADLINE_CONTEXT.iter().any(|w| clause.contains(w)) {
                    continue;
                }
                // "văn bản do … ban hành trước ngày …" picks out documents by their date: a
                // condition, not a deadline, when issuing is the only cue in the clause.
                let sentence = tail(100);
                let sentence = sentence.rsplit(['.', ';']).next().unwrap_or("");
                if !work_cue && issued_by_someone(sentence) {
                    continue;
                }
                let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
                // (day, month, year) of the deadline; a month-only deadline ends with its month.
                let (d, m, y) = match (num(4), num(7), num(9)) {
                    (Some(y), _, _) => (num(2), num(3), y),
                    (_, Some(y), _) => (num(5), num(6), y),
                    (_, _, Some(y)) => (None, num(8), y),
                    _ => continue,
                };
                let (Some(m), y) = (m, y as i32) else {
                    continue;
                };
                if !(1..=12).contains(&m) {
                    continue;
                }
                // Earlier only when certainly earlier at the precision both dates are written.
                let earlier = y < year
                    || (y == year
                        && month.is_some_and(|im| {
                            m < im || (m == im && matches!((d, day), (Some(d), Some(id)) if d < id))
                        }));
                let Some(date) = c.get(2).or(c.get(5)).or(c.get(8)) else {
                    continue;
                };
                let at = e.start + date.start();
                if !earlier || in_citation(at) {
                    continue;
                }
                let span = Span::new(at, e.start + whole.end());
                hits.push(
                    Hit::at(span)
                        .with("date", doc.text(span).to_string())
                        .with("issued", issued.clone()),
                );
            }
        }
        hits
    }

    fn invalid(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let mut hits = Vec::new();
        for e in self.scope.elements(doc) {
            let text = doc.text(e);
            for c in DATE.captures_iter(text) {
                let part = |a: usize, b: usize| c.get(a).or_else(|| c.get(b));
                let (Some(d), Some(m), Some(y)) = (part(1, 4), part(2, 5), part(3, 6)) else {
                    continue;
                };
                let (Ok(d), Ok(m), Ok(y)) = (
                    d.as_str().parse::<u32>(),
                    m.as_str().parse::<u32>(),
                    y.as_str().parse::<i32>(),
                ) else {
                    continue;
                };
                if !valid_date(d, m, y) {
                    let Some(whole) = c.get(0) else { continue };
                    hits.push(
                        Hit::at(Span::new(e.start + whole.start(), e.start + whole.end()))
                            .with("date", whole.as_str().to_string()),
                    );
                }
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::parse_text;

    #[test]
    fn calendar() {
        assert!(valid_date(29, 2, 2024));
        assert!(!valid_date(29, 2, 2023));
        assert!(!valid_date(31, 4, 2023));
        assert!(!valid_date(0, 4, 2023));
        assert!(!valid_date(5, 13, 2023));
        assert!(valid_date(31, 12, 2023));
    }

    #[test]
    fn header_dates() {
        let p = Params {
            scope: Scope::HeaderPlaceDate,
            mode: Mode::Invalid,
        };
        let run = |date: &str| {
            let doc = parse_text(
                &format!("UBND TỈNH X\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ Y\tĐộc lập - Tự do - Hạnh phúc\nSố: 05/KH-SY\t{date}\n\nKẾ HOẠCH\nVề việc\n"),
                None,
            );
            let cx = Context::draft(&doc);
            p.check(&cx).len()
        };
        assert_eq!(run("Hà Nội, ngày 31 tháng 02 năm 2024"), 1);
        assert_eq!(run("Hà Nội, ngày 29 tháng 02 năm 2024"), 0);
        assert_eq!(run("Hà Nội, ngày   tháng   năm 2024"), 0);
    }
}
