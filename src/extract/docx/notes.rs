//! Footnotes and endnotes: walked after the body (whose references fix the display numbers) and
//! emitted in display order, each first line starting with its superscript marker.

use std::collections::HashMap;

use super::body::{Line, NoteSpan};

/// Reorders the lines of walked notes by display number (order of first reference in the body),
/// which is how Word numbers them; the raw ids stay in each line's location.
pub(crate) fn in_display_order(
    lines: Vec<Line>,
    spans: &[NoteSpan],
    numbers: &HashMap<i64, usize>,
) -> Vec<Line> {
    let mut order: Vec<&NoteSpan> = spans.iter().collect();
    order.sort_by_key(|s| numbers.get(&s.id).copied().unwrap_or(usize::MAX));
    let mut slots: Vec<Option<Line>> = lines.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(slots.len());
    for span in order {
        for i in span.lines.clone() {
            if let Some(line) = slots.get_mut(i).and_then(Option::take) {
                out.push(line);
            }
        }
    }
    out
}
