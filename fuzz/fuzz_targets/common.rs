//! Shared by the fuzz targets: the whole pipeline after extraction, and the invariants every
//! outcome must keep.
#![allow(dead_code)] // each target uses part of it

use std::sync::OnceLock;

use vblint::check::{self, CheckOptions, RuleSet};
use vblint::extract::Extracted;
use vblint::parse::{self, ParseOptions};

/// The built-in rules, loaded once per process.
pub fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::embedded().expect("built-in rules load"))
}

/// Parses and checks an extraction with the built-in rules and renders the tree, asserting that
/// every span of the model and of the findings lies inside the text on character boundaries and
/// maps to a line and column inside the file.
pub fn pipeline(extracted: Extracted) {
    let doc = parse::parse(extracted, &ParseOptions::default());
    let _ = parse::tree::render(&doc, true);
    let diags = check::check(&doc, rules(), &CheckOptions::default());
    let text = doc.source.text();
    let display = doc.source.display();
    let lines = display.split('\n').count();
    let mut spans: Vec<(usize, usize)> = diags.iter().map(|d| (d.span.start, d.span.end)).collect();
    spans.extend(model_spans(&format!("{doc:?}")));
    for (start, end) in spans {
        assert!(
            start <= end && end <= text.len(),
            "span {start}..{end} outside {}",
            text.len()
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "span {start}..{end} splits a character"
        );
        for at in [start, end] {
            let pos = doc.source.position(at);
            assert!(
                pos.line >= 1 && pos.line <= lines,
                "line {} of {lines}",
                pos.line
            );
            let line_text = display.split('\n').nth(pos.line - 1).unwrap_or("");
            assert!(
                pos.column >= 1 && pos.column <= line_text.chars().count() + 1,
                "column {} beyond line {}",
                pos.column,
                pos.line
            );
        }
    }
}

/// Every `Span { start: a, end: b }` in a model's debug text: all spans of the model, whatever
/// field holds them.
fn model_spans(debug: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut rest = debug;
    while let Some(i) = rest.find("Span { start: ") {
        rest = &rest[i + 14..];
        let num = |s: &str| {
            s.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        };
        let start = num(rest);
        let Some(j) = rest.find(", end: ") else { break };
        let end = num(&rest[j + 7..]);
        if let (Ok(s), Ok(e)) = (start.parse(), end.parse()) {
            out.push((s, e));
        }
    }
    out
}
