//! `date`: dates that do not exist on the calendar (`ngày 31 tháng 02 năm 2024`, `30/02/2023`).
//!
//! Reads every date in the scope, in the full form `ngày D tháng M năm Y` or the short form
//! `D/M/Y`, and reports a day or month out of range. Blank dates (`ngày … tháng … năm 2023`)
//! are not dates and are left to other rules.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{Context, Hit, Scope};
use crate::source::Span;

/// Placeholders: `{date}` (the date as written).
pub const PLACEHOLDERS: &[&str] = &["date"];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Where to look.
    pub scope: Scope,
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
