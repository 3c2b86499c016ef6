//! `zone-required`: a part of the plan that must exist (the recipient list, the signer, the
//! title, the Quốc hiệu …).

use serde::Deserialize;

use super::{end_anchor, start_anchor, Context, Hit, Scope};

/// No placeholders.
pub const PLACEHOLDERS: &[&str] = &[];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The part that must exist.
    pub scope: Scope,
    /// Where the finding points when the part is missing: `start` (title) or `end` (closing).
    #[serde(default)]
    pub anchor: Anchor,
    /// Other scopes, any of which also satisfies the rule (e.g. a Party title instead of a
    /// Quốc hiệu).
    #[serde(default)]
    pub or: Vec<Scope>,
}

/// Where a "missing" finding points.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Anchor {
    /// The title, or the first line.
    #[default]
    Start,
    /// The closing, or the end of the body.
    End,
}

impl Params {
    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let present = std::iter::once(self.scope)
            .chain(self.or.iter().copied())
            .any(|s| !s.elements(doc).is_empty());
        if present {
            return Vec::new();
        }
        let at = match self.anchor {
            Anchor::Start => start_anchor(doc),
            Anchor::End => end_anchor(doc),
        };
        vec![Hit::at(at)]
    }
}
