//! `page-number`: where a `.docx` prints its page numbers. Nghị định 30/2020 and Hướng dẫn
//! 36-HD/VPTW agree: Arabic numerals centred in the top margin, not shown on page 1. The older
//! Thông tư 01/2011 allowed the footer, right, which old templates still do.
//!
//! The reader gives the first section's numbering ([`crate::extract::PageNumbering`]); later
//! sections are appendices and attached forms. One finding per plan, at the title.

use serde::Deserialize;

use super::{Context, Hit};
use crate::extract::{Alignment, PageBand, PageNumber};
use crate::source::Span;

/// Placeholders: `{found}` (where the number is, or how many pages the plan has).
pub const PLACEHOLDERS: &[&str] = &["found"];

/// What a rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// The number is in the footer, or in the header but not centred.
    Placement,
    /// Page 1 shows a number.
    FirstPage,
    /// No page number at all in a plan whose page count is known to be more than one.
    Missing,
}

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Which check.
    pub check: Check,
}

impl Params {
    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let Some(numbers) = &doc.page_numbers else {
            return Vec::new();
        };
        let found = match self.check {
            Check::Placement => match numbers.number {
                Some(n) if !well_placed(n) => place(n, cx.english),
                _ => return Vec::new(),
            },
            Check::FirstPage if numbers.on_first_page => match numbers.number {
                Some(n) => place(n, cx.english),
                None if cx.english => "on page 1 only".to_string(),
                None => "chỉ ở trang 1".to_string(),
            },
            Check::Missing => match numbers.pages {
                // The count covers every section (appendices, attached forms). With more pages
                // than sections, some section runs over a page; with no page number in any of
                // them, that one is unnumbered. Fewer pages could all be one-page parts (a
                // one-page decision and its one-page list), which need no number.
                Some(pages)
                    if spans_pages(pages, doc.page_setups.len()) && !numbers.any_section =>
                {
                    pages.to_string()
                }
                _ => return Vec::new(),
            },
            Check::FirstPage => return Vec::new(),
        };
        let at = doc
            .title
            .or(doc.header.so_ky_hieu)
            .unwrap_or_else(|| Span::empty(0));
        vec![Hit::at(at).with("found", found)]
    }
}

/// True when one of `sections` sections (at least one) must run over a page in a file of
/// `pages` pages: if none did, there would be no more pages than sections.
fn spans_pages(pages: u32, sections: usize) -> bool {
    u64::from(pages) > sections.max(1) as u64
}

/// Centred in the header; a number placed with tab stops (alignment unknown) is given the
/// benefit of the doubt.
fn well_placed(n: PageNumber) -> bool {
    n.band == PageBand::Header && matches!(n.alignment, None | Some(Alignment::Center))
}

/// Where a number is, in the message's language: `ở chân trang, căn phải`.
fn place(n: PageNumber, english: bool) -> String {
    let band = match (n.band, english) {
        (PageBand::Header, false) => "ở đầu trang (lề trên)",
        (PageBand::Footer, false) => "ở chân trang (lề dưới)",
        (PageBand::Header, true) => "in the page header (top margin)",
        (PageBand::Footer, true) => "in the page footer (bottom margin)",
    };
    let align = match (n.alignment, english) {
        (None, _) => return band.to_string(),
        (Some(Alignment::Left), false) => "căn trái",
        (Some(Alignment::Center), false) => "căn giữa",
        (Some(Alignment::Right), false) => "căn phải",
        (Some(Alignment::Justify), false) => "căn đều hai bên",
        (Some(Alignment::Left), true) => "left",
        (Some(Alignment::Center), true) => "centred",
        (Some(Alignment::Right), true) => "right",
        (Some(Alignment::Justify), true) => "justified",
    };
    format!("{band}, {align}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_pages_than_sections_means_a_longer_part() {
        assert!(spans_pages(3, 1));
        assert!(spans_pages(2, 0));
        assert!(!spans_pages(1, 1));
        assert!(!spans_pages(2, 2));
        assert!(spans_pages(6, 2));
        assert!(!spans_pages(2, 9));
    }

    #[test]
    fn centred_header_is_the_only_good_place() {
        let n = |band, alignment| PageNumber { band, alignment };
        assert!(well_placed(n(PageBand::Header, Some(Alignment::Center))));
        assert!(well_placed(n(PageBand::Header, None)));
        assert!(!well_placed(n(PageBand::Header, Some(Alignment::Right))));
        assert!(!well_placed(n(PageBand::Footer, Some(Alignment::Center))));
        assert!(!well_placed(n(PageBand::Footer, None)));
        assert_eq!(
            place(n(PageBand::Footer, Some(Alignment::Right)), false),
            "ở chân trang (lề dưới), căn phải"
        );
        assert_eq!(
            place(n(PageBand::Header, Some(Alignment::Left)), true),
            "in the page header (top margin), left"
        );
    }
}
