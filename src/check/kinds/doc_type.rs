//! `document-type`: says once, at the type-name line, that a document is not a plan, so the
//! reviewer knows why the plan-only rules stayed quiet.

use serde::Deserialize;

use super::{Context, Hit};
use crate::source::Span;

/// Placeholders: `{type}` (the detected type's name, or why none was told), `{id}` (its id).
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
        let at = t
            .title
            .or(cx.doc.header.so_ky_hieu)
            .unwrap_or(Span::empty(0));
        let what = match (t.info, cx.english) {
            (Some(_), false) => format!("loại: {}", t.display(false)),
            (Some(_), true) => format!("type: {}", t.display(true)),
            (None, false) => {
                "không thấy dòng tên loại, số, ký hiệu hay các mục của kế hoạch".to_string()
            }
            (None, true) => "no type-name line, number or plan sections were found".to_string(),
        };
        vec![Hit::at(at).with("type", what).with("id", t.id())]
    }
}
