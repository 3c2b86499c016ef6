//! `required-section`: sections that must exist, matched by title (not by number), so a plan
//! whose TỔ CHỨC THỰC HIỆN is section V is as good as one where it is III.

use serde::Deserialize;

use super::{start_anchor, Context, Hit, Re};
use crate::check::rule::Text;
use crate::parse::lines::clean;
use crate::parse::MarkerKind;

/// Placeholders: `{name}`, the missing section's name.
pub const PLACEHOLDERS: &[&str] = &["name"];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The sections that must exist.
    pub section: Vec<Required>,
    /// How deep in the tree a matching heading may sit (1 = top level only). Default 2.
    #[serde(default = "default_depth")]
    pub max_depth: usize,
}

fn default_depth() -> usize {
    2
}

/// One required section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Required {
    /// Its name in messages.
    pub name: Text,
    /// A regex matched against the upper-cased heading title.
    pub title: Re,
}

impl Params {
    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let titles: Vec<String> = doc
            .sections
            .iter()
            .filter(|s| s.depth <= self.max_depth)
            .filter(|s| !matches!(s.marker.kind, MarkerKind::Dash | MarkerKind::Plus))
            .map(|s| clean(doc.text(s.title)).trim().to_uppercase())
            .collect();
        self.section
            .iter()
            .filter(|r| !titles.iter().any(|t| r.title.0.is_match(t)))
            .map(|r| Hit::at(start_anchor(doc)).with("name", r.name.get(cx.english)))
            .collect()
    }
}
