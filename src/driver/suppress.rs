//! Inline suppressions: a line in the plan reading `vblint: bỏ qua <rule-id> [lý do]` (or
//! `vblint: ignore <rule-id> [reason]`) accepts that rule's findings where the line stands: in
//! its section and the sections under it when it is in the body, else on its own line and the
//! next one (the paragraph it is attached to). A suppression that hides nothing is reported as
//! `suppression-unused`, and one naming no rule as `suppression-invalid` (both warnings), as
//! ruff's RUF100 does.
//!
//! In a `.docx`, a Word comment whose text reads the same (`vblint: bỏ qua <rule-id> [lý do]`)
//! suppresses that rule in the paragraphs its anchor covers and, when the anchor covers a
//! section's heading, in that section and the sections under it. The reader carries comments
//! into the model ([`Document::comments`]); nothing here reads XML.

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
    /// The lines it covers (0-based).
    lines: std::ops::Range<usize>,
    /// The sections it covers, with the sections under them.
    sections: Vec<usize>,
    /// Where its own findings (unused) point: the suppression text, or the anchor's first line.
    span: Span,
    /// A Word comment rather than a line of the text.
    comment: bool,
    used: bool,
}

/// A suppression found in a line or a comment, before its id is resolved.
struct Found {
    id: String,
    span: Span,
    lines: std::ops::Range<usize>,
    sections: Vec<usize>,
    comment: bool,
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
    let mentions = |t: &str| t.contains("vblint") || t.contains("VBLINT") || t.contains("Vblint");
    if !mentions(text) && !doc.comments.iter().any(|c| mentions(&c.text)) {
        return (diags, 0);
    }
    let mut candidates = Vec::new();
    for line in 0..doc.source.line_count() {
        let span = doc.source.line_span(line);
        let Some(c) = pattern().captures(doc.source.slice(span)) else {
            continue;
        };
        let whole = c.get(0).map_or(0..0, |m| m.range());
        let here = Span::new(span.start + whole.start, span.start + whole.end);
        // In the body, the section it stands in; elsewhere its own line and the next.
        let (lines, sections) = match doc.section_at(span.start) {
            Some(sec) => (0..0, vec![sec]),
            None => (line..line + 2, Vec::new()),
        };
        candidates.push(Found {
            id: c.get(1).map_or("", |m| m.as_str()).to_string(),
            span: here,
            lines,
            sections,
            comment: false,
        });
    }
    for comment in &doc.comments {
        // The comment must be a suppression, not a note that mentions one.
        let Some(c) = pattern()
            .captures(comment.text.trim_start())
            .filter(|c| c.get(0).is_some_and(|m| m.start() == 0))
        else {
            continue;
        };
        let lines = comment.lines.start..comment.lines.end.min(doc.source.line_count());
        if lines.is_empty() {
            continue;
        }
        // A heading in the anchor carries its section with it.
        let sections = doc
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| lines.contains(&doc.source.line_of(s.heading.start)))
            .map(|(i, _)| i)
            .collect();
        let first = doc.source.line_span(lines.start);
        candidates.push(Found {
            id: c.get(1).map_or("", |m| m.as_str()).to_string(),
            span: Span::new(first.start, first.start),
            lines,
            sections,
            comment: true,
        });
    }
    let mut found = Vec::new();
    let mut extra = Vec::new();
    for f in candidates {
        let ids = if f.id.is_empty() {
            None
        } else {
            super::resolve_selectors(std::slice::from_ref(&f.id), rules).ok()
        };
        match ids {
            Some(ids) => found.push(Suppression {
                ids: ids.into_iter().collect(),
                lines: f.lines,
                sections: f.sections,
                span: f.span,
                comment: f.comment,
                used: false,
            }),
            None => {
                let id = &f.id;
                let what = match (f.comment, english) {
                    (true, true) => "the suppression comment",
                    (false, true) => "the suppression",
                    (true, false) => "bình luận bỏ qua",
                    (false, false) => "chú thích bỏ qua",
                };
                extra.push(Diagnostic {
                    rule: INVALID.to_string(),
                    severity: Severity::Warning,
                    message: {
                        let near = crate::config::closest(id, rules.rules().map(|r| r.id.as_str()));
                        match (english, near) {
                            (true, Some(c)) => {
                                format!("{what} names no rule: \"{id}\" (did you mean \"{c}\"?)")
                            }
                            (true, None) => format!("{what} names no rule: \"{id}\""),
                            (false, Some(c)) => format!(
                                "{what} không ghi đúng mã quy tắc: \"{id}\" (có phải \"{c}\"?)"
                            ),
                            (false, None) => {
                                format!("{what} không ghi đúng mã quy tắc: \"{id}\"")
                            }
                        }
                    },
                    help: if english {
                        "write `vblint: bỏ qua <rule-id> [reason]` with an id from `vblint rules`"
                            .into()
                    } else {
                        "viết `vblint: bỏ qua <mã-quy-tắc> [lý do]` với mã lấy từ `vblint rules`"
                            .into()
                    },
                    span: f.span,
                    section: doc.section_path_at(f.span.start).filter(|p| !p.is_empty()),
                    fixable: false,
                })
            }
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
                && (s.lines.contains(&line)
                    || s.sections.iter().any(|&sec| within(doc, section, sec)))
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
            message: match (s.comment, english) {
                (false, true) => {
                    format!("the suppression of `{}` hides no finding", s.ids.join(", "))
                }
                (true, true) => format!(
                    "the suppression comment for `{}` hides no finding",
                    s.ids.join(", ")
                ),
                (false, false) => format!(
                    "chú thích bỏ qua `{}` không còn ẩn phát hiện nào",
                    s.ids.join(", ")
                ),
                (true, false) => format!(
                    "bình luận bỏ qua `{}` không còn ẩn phát hiện nào",
                    s.ids.join(", ")
                ),
            },
            help: match (s.comment, english) {
                (false, true) => "remove the suppression".into(),
                (true, true) => "delete the Word comment".into(),
                (false, false) => "xóa dòng chú thích bỏ qua này".into(),
                (true, false) => "xóa bình luận Word này".into(),
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
