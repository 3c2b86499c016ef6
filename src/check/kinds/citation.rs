//! `citation`: checks on the documents a plan cites (see `parse::citations`): that the basis
//! cites at least one document (`present`), and that each cited document in the chosen zones
//! has its number (`blank-number`) and its date (`missing-date`).

use serde::Deserialize;

use super::scope::section_extents;
use super::{excerpt, start_anchor, Context, Hit, Re};
use crate::parse::{Citation, Document, Zone};

/// Placeholders: `{citation}`, `{type}`, `{number}`, `{problem}`.
const ALL: &[&str] = &["citation", "type", "number", "problem"];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The checks, each reported with its own `{problem}` text.
    pub checks: Vec<Check>,
    /// Which citations: `basis` (the basis, and top-level sections titled `CĂN CỨ…`), `body`,
    /// `footnotes` or `all`.
    #[serde(default = "default_zone")]
    pub zone: Where,
    /// For `basis`: top-level sections whose upper-cased title matches this also hold the basis.
    #[serde(default = "default_basis_sections")]
    pub basis_sections: Re,
}

fn default_zone() -> Where {
    Where::Basis
}

fn default_basis_sections() -> Re {
    Re::new(r"^(CĂN CỨ|CƠ SỞ)").expect("built-in pattern")
}

/// Which citations a rule reads.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Where {
    /// The basis.
    Basis,
    /// The body sections.
    Body,
    /// Footnotes.
    Footnotes,
    /// Everywhere.
    All,
}

/// The checks.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// At least one document is cited (one finding at the basis or the title when none is).
    Present,
    /// The number is not left blank.
    BlankNumber,
    /// A numbered document has a date.
    MissingDate,
}

impl Params {
    /// The placeholders this rule's checks fill.
    pub fn placeholders(&self) -> &'static [&'static str] {
        ALL
    }

    fn selected<'d>(&self, doc: &'d Document) -> Vec<&'d Citation> {
        let basis_extents = section_extents(doc, &self.basis_sections.0);
        doc.citations
            .iter()
            .filter(|c| match self.zone {
                Where::All => true,
                Where::Body => c.zone == Zone::Body,
                Where::Footnotes => c.zone == Zone::Footnote,
                Where::Basis => {
                    c.zone == Zone::Basis
                        || (c.zone == Zone::Body
                            && basis_extents.iter().any(|x| x.contains(c.span.start)))
                }
            })
            .collect()
    }

    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let cited = self.selected(doc);
        let mut hits = Vec::new();
        for check in &self.checks {
            match check {
                Check::Present => {
                    if cited.is_empty() {
                        let at = doc
                            .basis
                            .first()
                            .copied()
                            .unwrap_or_else(|| start_anchor(doc));
                        hits.push(
                            Hit::at(at)
                                .with("citation", excerpt(doc, at))
                                .with("type", "")
                                .with("number", "")
                                .with("problem", problem(cx, "present")),
                        );
                    }
                }
                Check::BlankNumber => {
                    for c in cited.iter().filter(|c| c.blank_number) {
                        let at = c.number_span.unwrap_or(c.span);
                        hits.push(hit(cx, c, at, "blank-number"));
                    }
                }
                Check::MissingDate => {
                    for c in cited
                        .iter()
                        .filter(|c| c.number.is_some() && c.law_name.is_none())
                    {
                        let dated = c
                            .date
                            .as_ref()
                            .is_some_and(|d| d.day.is_some() && d.month.is_some());
                        if !dated {
                            hits.push(hit(cx, c, c.span, "missing-date"));
                        }
                    }
                }
            }
        }
        hits.sort_by_key(|h| h.span.start);
        hits
    }
}

fn hit(cx: &Context, c: &Citation, at: crate::source::Span, what: &str) -> Hit {
    Hit::at(at)
        .with("citation", excerpt(cx.doc, c.span))
        .with("type", c.doc_type.clone())
        .with("number", c.number.clone().unwrap_or_default())
        .with("problem", problem(cx, what))
}

fn problem(cx: &Context, what: &str) -> String {
    let (vi, en) = match what {
        "present" => ("không trích dẫn văn bản nào", "no document is cited"),
        "blank-number" => ("số văn bản bị bỏ trống", "the number is left blank"),
        "missing-date" => ("thiếu ngày ban hành", "the date of issue is missing"),
        _ => ("", ""),
    };
    if cx.english { en } else { vi }.to_string()
}
