//! The text rules match against (NFC), and the map from it back to the text the user sees.
//!
//! Readers hand over the text as it is in the file (decoded, line endings normalised). Matching
//! needs NFC, because a decomposed `ệ` must match a composed one; diagnostics need positions in
//! the user's text. [`SourceText`] holds both and converts offsets. Composition never crosses a
//! line break, so line numbers are the same in both texts; only columns can differ.

use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// A span in the NFC text: byte offsets `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `at`.
    pub fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// True when `offset` falls inside the span (an empty span contains its own start).
    pub fn contains(self, offset: usize) -> bool {
        (self.start <= offset && offset < self.end)
            || (self.start == self.end && offset == self.start)
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// True for an empty span.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// As a `Range`.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// A line/column position, both 1-based; the column counts characters (Unicode scalar values)
/// of the user's text, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

/// The NFC text of a plan and its map back to the displayed (original) text.
#[derive(Debug, Clone)]
pub struct SourceText {
    display: String,
    text: String,
    /// `(nfc_offset, display_offset)` at the start of every composed cluster, sorted; `None` when
    /// the display text was already NFC (the common case), so the map is the identity.
    map: Option<Vec<(usize, usize)>>,
    line_starts: Vec<usize>,
    display_line_starts: Vec<usize>,
    /// The NFC text folded to lower case at the same offsets ([`crate::literals::fold`]), made
    /// on first use: rules look in it for the words their patterns need before compiling or
    /// running them. `None` when some character cannot be folded in place.
    folded: std::sync::OnceLock<Option<String>>,
}

impl SourceText {
    /// Builds the NFC text for `display` (the reader's text, line endings already `\n`).
    pub fn new(display: String) -> Self {
        let (text, map) = if is_nfc(&display) {
            (display.clone(), None)
        } else {
            compose_with_map(&display)
        };
        let line_starts = line_starts(&text);
        let display_line_starts = line_starts_of(&display);
        SourceText {
            display,
            text,
            map,
            line_starts,
            display_line_starts,
            folded: std::sync::OnceLock::new(),
        }
    }

    /// The NFC text folded to lower case, byte for byte at the same offsets (made once), or
    /// `None` when it holds a character that cannot be folded in place.
    pub fn folded(&self) -> Option<&str> {
        self.folded
            .get_or_init(|| crate::literals::fold(&self.text))
            .as_deref()
    }

    /// The NFC text that parsing and rules work on.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text as the user sees it.
    pub fn display(&self) -> &str {
        &self.display
    }

    /// The slice of the NFC text under `span`.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// Number of lines (a final line without `\n` counts; an empty text has one line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The span of 0-based line `index` in the NFC text, without its `\n`.
    pub fn line_span(&self, index: usize) -> Span {
        let start = self.line_starts[index];
        let end = self
            .line_starts
            .get(index + 1)
            .map(|next| next - 1)
            .unwrap_or(self.text.len());
        Span::new(start, end)
    }

    /// The 0-based line holding NFC offset `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Converts an NFC offset to an offset in the display text.
    pub fn to_display(&self, offset: usize) -> usize {
        let Some(map) = &self.map else {
            return offset;
        };
        match map.binary_search_by_key(&offset, |&(nfc, _)| nfc) {
            Ok(i) => map[i].1,
            // Inside a composed cluster: point at the cluster's start in the display text.
            Err(0) => 0,
            Err(i) if offset >= self.text.len() => map[i - 1].1.max(self.display.len()),
            Err(i) => map[i - 1].1,
        }
    }

    /// Converts an offset in the display text to the NFC text (the start of its cluster).
    pub fn from_display(&self, offset: usize) -> usize {
        let Some(map) = &self.map else {
            return offset.min(self.text.len());
        };
        if offset >= self.display.len() {
            return self.text.len();
        }
        match map.binary_search_by_key(&offset, |&(_, display)| display) {
            Ok(i) => map[i].0,
            Err(0) => 0,
            Err(i) => map[i - 1].0,
        }
    }

    /// Converts an NFC span to a byte range of the display text.
    pub fn display_range(&self, span: Span) -> Range<usize> {
        let start = self.to_display(span.start);
        let end = if span.end >= self.text.len() {
            self.display.len()
        } else {
            self.to_display(span.end)
        };
        start..end.max(start)
    }

    /// The byte range of 0-based line `index` of the display text, without its `\n`.
    pub fn display_line(&self, index: usize) -> Range<usize> {
        let start = self
            .display_line_starts
            .get(index)
            .copied()
            .unwrap_or(self.display.len());
        let end = self
            .display_line_starts
            .get(index + 1)
            .map(|next| next - 1)
            .unwrap_or(self.display.len());
        start..end.max(start)
    }

    /// The 1-based line and character column of NFC offset `offset`, in the display text.
    pub fn position(&self, offset: usize) -> Position {
        let display = self.to_display(offset.min(self.text.len()));
        let line = match self.display_line_starts.binary_search(&display) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.display_line_starts[line];
        let column = self
            .display
            .get(start..display)
            .map_or(0, |s| s.chars().count())
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

/// True when `text` is in NFC: most plans are settled by a byte scan
/// ([`crate::extract::text::plainly_nfc`]), the rest by the general test.
pub fn is_nfc(text: &str) -> bool {
    crate::extract::text::plainly_nfc(text) || unicode_normalization::is_nfc(text)
}

fn line_starts(text: &str) -> Vec<usize> {
    line_starts_of(text)
}

fn line_starts_of(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Composes `display` cluster by cluster (a starter and the combining marks after it), recording
/// where each cluster starts in both texts. Vietnamese composes within such clusters, and a line
/// break is always a starter, so composition never crosses lines.
fn compose_with_map(display: &str) -> (String, Option<Vec<(usize, usize)>>) {
    let mut text = String::with_capacity(display.len());
    let mut map = Vec::new();
    let mut cluster_start = 0;
    let mut chars = display.char_indices().peekable();
    while let Some((i, _)) = chars.next() {
        let next_is_mark = chars
            .peek()
            .is_some_and(|&(_, c)| canonical_combining_class(c) != 0);
        if next_is_mark {
            continue;
        }
        let end = chars.peek().map_or(display.len(), |&(j, _)| j);
        let cluster = &display[cluster_start..end];
        map.push((text.len(), cluster_start));
        text.extend(cluster.nfc());
        let _ = i;
        cluster_start = end;
    }
    (text, Some(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_when_already_nfc() {
        let s = SourceText::new("Kế hoạch\nsố 12".into());
        assert_eq!(s.text(), s.display());
        assert_eq!(
            s.position(s.text().find("số").unwrap()),
            Position { line: 2, column: 1 }
        );
        assert_eq!(s.line_count(), 2);
        assert_eq!(s.slice(s.line_span(0)), "Kế hoạch");
    }

    #[test]
    fn decomposed_text_maps_back() {
        // "Kế" decomposed: K e U+0302 U+0301
        let display = "Ke\u{302}\u{301} hoa\u{323}ch X".to_string();
        let s = SourceText::new(display.clone());
        assert_eq!(s.text(), "Kế hoạch X");
        let x = s.text().find('X').unwrap();
        let d = s.to_display(x);
        assert_eq!(&display[d..], "X");
        // The column counts the characters of the user's (decomposed) text.
        assert_eq!(s.position(x).column, display.chars().count());
        let h = s.text().find("hoạch").unwrap();
        let r = s.display_range(Span::new(h, h + "hoạch".len()));
        assert_eq!(&display[r], "hoa\u{323}ch");
    }

    #[test]
    fn quick_nfc_test_agrees_with_the_general_one() {
        for text in [
            "Kế hoạch – “số 12”…",
            "Ke\u{302}\u{301}",
            "\u{1ec7}\u{301}",
            "Ω \u{2126}",
            "a\u{2000}b",
            "",
        ] {
            assert_eq!(
                is_nfc(text),
                unicode_normalization::is_nfc(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn line_numbers_survive_composition() {
        let s = SourceText::new("a\u{301}\nb\u{301}c".into());
        let c = s.text().find('c').unwrap();
        assert_eq!(s.position(c).line, 2);
        assert_eq!(s.line_of(c), 1);
    }
}
