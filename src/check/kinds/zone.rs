//! `zone-required`: a part of the plan that must exist (the recipient list, the signer, the
//! title, the Quốc hiệu …).

use serde::Deserialize;

use super::{end_anchor, excerpt, start_anchor, Context, Hit, Re, Scope};

/// Placeholders: `{text}`, with `min`, the part's first element (empty otherwise).
pub const PLACEHOLDERS: &[&str] = &["text"];

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
    /// When set, the part must have at least this many elements (e.g. two agency lines: the
    /// parent body and the issuer). Only a part that exists is judged this way — a missing part
    /// is the business of a plain `zone-required` rule — and the finding points at its first
    /// element.
    #[serde(default)]
    pub min: Option<usize>,
    /// With `min`: a part whose first element matches this is not judged (e.g. a People's
    /// Committee, which has no parent body to name).
    #[serde(default)]
    pub unless: Option<Re>,
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
        if let Some(min) = self.min {
            let elements = self.scope.elements(doc);
            return match elements.first() {
                Some(&first)
                    if elements.len() < min
                        && !self
                            .unless
                            .as_ref()
                            .is_some_and(|u| u.0.is_match(doc.text(first))) =>
                {
                    vec![Hit::at(first).with("text", excerpt(doc, first))]
                }
                _ => Vec::new(),
            };
        }
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
