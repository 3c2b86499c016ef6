//! `document-type`: says once, at the type-name line, that a document is not a plan, so the
//! reviewer knows why the plan-only rules stayed quiet.

use serde::Deserialize;

use super::{Context, Hit};
use crate::source::Span;

/// Placeholders: `{type}` (the detected type's name), `{id}` (its id).
pub const PLACEHOLDERS: &[&str] = &["type", "id"];

/// Parameters (none yet; the table must be empty or absent).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

impl Params {
    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let t = &cx.doc.doc_type;
        if t.is_plan() {
            return Vec::new();
        }
        let at = t.title.or(cx.doc.header.so_ky_hieu).unwrap_or(Span::empty(0));
        vec![Hit::at(at)
            .with("type", t.display(cx.english))
            .with("id", t.id())]
    }
}
