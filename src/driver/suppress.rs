//! Inline suppressions: a line in the plan reading `vblint: bỏ qua <rule-id> [lý do]` (or
//! `vblint: ignore <rule-id> [reason]`) accepts that rule's findings where the line stands: in
//! its section and the sections under it when it is in the body, else on its own line and the
//! next one (the paragraph it is attached to). A suppression that hides nothing is reported as
//! `suppression-unused`, and one naming no rule as `suppression-invalid` (both warnings), as
//! ruff's RUF100 does.

use std::sync::OnceLock;

use regex::Regex;

use crate::check::{Diagnostic, RuleSet, Severity};
use crate::parse::Document;
use crate::source::Span;

/// Rule id of the finding for a suppression that hides nothing.
pub const UNUSED: &str = "suppression-unused";
/// Rule id of the finding for a suppression naming no rule.
pub const INVALID: &str = "suppression-invalid";

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\bvblint\s*:\s*(?:bỏ\s+qua|bo\s+qua|ignore)\b[\s:]*([^\s,;]*)")
            .expect("valid pattern")
    })
}

struct Suppression {
    /// The rule ids it names.
    ids: Vec<String>,
    /// The line it stands on (0-based) and the span of the comment text.
    line: usize,
    span: Span,
    /// The section it stands in.
    section: Option<usize>,
    used: bool,
}

/// True when section `inner` is `outer` or lies under it.
fn within(doc: &Document, inner: Option<usize>, outer: usize) -> bool {
    let mut s = inner;
    while let Some(i) = s {
        if i == outer {
            return true;
        }
        s = doc.sections.get(i).and_then(|x| x.parent);
    }
    false
}

/// Removes the findings accepted by suppressions in `doc` and adds findings for suppressions
/// that are unused or invalid. Returns the findings and how many were hidden.
pub fn apply(
    doc: &Document,
    diags: Vec<Diagnostic>,
    rules: &RuleSet,
    english: bool,
) -> (Vec<Diagnostic>, usize) {
    let text = doc.source.text();
    if !text.contains("vblint") && !text.contains("VBLINT") && !text.contains("Vblint") {
        return (diags, 0);
    }
    let mut found = Vec::new();
    let mut extra = Vec::new();
    for line in 0..doc.source.line_count() {
        let span = doc.source.line_span(line);
        let Some(c) = pattern().captures(doc.source.slice(span)) else {
            continue;
        };
        let whole = c.get(0).map_or(0..0, |m| m.range());
        let here = Span::new(span.start + whole.start, span.start + whole.end);
        let id = c.get(1).map_or("", |m| m.as_str());
        let ids = if id.is_empty() {
            None
        } else {
            super::resolve_selectors(&[id.to_string()], rules).ok()
        };
        match ids {
            Some(ids) => found.push(Suppression {
                ids: ids.into_iter().collect(),
                line,
                span: here,
                section: doc.section_at(span.start),
                used: false,
            }),
            None => extra.push(Diagnostic {
                rule: INVALID.to_string(),
                severity: Severity::Warning,
                message: if english {
                    format!("the suppression names no rule: \"{id}\"")
                } else {
                    format!("chú thích bỏ qua không ghi đúng mã quy tắc: \"{id}\"")
                },
                help: if english {
                    "write `vblint: bỏ qua <rule-id> [reason]` with an id from `vblint rules`"
                        .into()
                } else {
                    "viết `vblint: bỏ qua <mã-quy-tắc> [lý do]` với mã lấy từ `vblint rules`".into()
                },
                span: here,
                section: doc.section_path_at(here.start).filter(|p| !p.is_empty()),
                fixable: false,
            }),
        }
    }
    if found.is_empty() && extra.is_empty() {
        return (diags, 0);
    }
    let before = diags.len();
    let mut kept = Vec::with_capacity(diags.len());
    for d in diags {
        let line = doc.source.line_of(d.span.start);
        let section = doc.section_at(d.span.start);
        let hit = found.iter_mut().find(|s| {
            s.ids.contains(&d.rule)
                && match s.section {
                    Some(sec) => within(doc, section, sec),
                    None => line == s.line || line == s.line + 1,
                }
        });
        match hit {
            Some(s) => s.used = true,
            None => kept.push(d),
        }
    }
    let hidden = before - kept.len();
    for s in found.iter().filter(|s| !s.used) {
        extra.push(Diagnostic {
            rule: UNUSED.to_string(),
            severity: Severity::Warning,
            message: if english {
                format!("the suppression of `{}` hides no finding", s.ids.join(", "))
            } else {
                format!(
                    "chú thích bỏ qua `{}` không còn ẩn phát hiện nào",
                    s.ids.join(", ")
                )
            },
            help: if english {
                "remove the suppression".into()
            } else {
                "xóa dòng chú thích bỏ qua này".into()
            },
            span: s.span,
            section: doc.section_path_at(s.span.start).filter(|p| !p.is_empty()),
            fixable: false,
        });
    }
    kept.extend(extra);
    kept.sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
    (kept, hidden)
}
