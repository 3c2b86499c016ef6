//! `balance`: an opening mark (`“`) and its closing mark (`”`) must pair up within each element
//! (a paragraph), without nesting: an opening mark while one is open, a closing mark with none
//! open, and an opening mark still open at the end of the paragraph are each a finding.

use serde::Deserialize;

use super::{excerpt, Context, Hit, Scope};
use crate::source::Span;

/// Placeholders: `{mark}` (the unpaired mark), `{missing}` (the mark it lacks), `{text}`.
pub const PLACEHOLDERS: &[&str] = &["mark", "missing", "text"];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Where to look; each element is checked on its own.
    pub scope: Scope,
    /// The opening mark.
    pub open: char,
    /// The closing mark.
    pub close: char,
    /// Report at most this many findings per document (default: all).
    #[serde(default)]
    pub max_reports: Option<usize>,
}

impl Params {
    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let mut hits = Vec::new();
        // A quotation that runs over several paragraphs (a law quoted clause by clause) opens
        // in one and closes in another; when the marks pair up over the whole document, no
        // single paragraph is wrong for certain.
        // Straight marks (`"`) mixed in may stand in for either side.
        let whole = doc.source.text();
        let (opens, closes) = (
            whole.matches(self.open).count(),
            whole.matches(self.close).count(),
        );
        if self.open != self.close && opens.abs_diff(closes) <= whole.matches('"').count() {
            return hits;
        }
        for e in self.scope.elements(doc) {
            let text = doc.text(e);
            // Curly marks mixed with straight ones (`“…"`) pair up in the writer's eyes: the
            // slip is the mixed style, not a missing mark, so do not say a mark is missing.
            if self.open != self.close && text.contains('"') {
                continue;
            }
            let mut open: Option<usize> = None;
            for (i, c) in text.char_indices() {
                if c == self.open {
                    if let Some(o) = open.replace(i) {
                        hits.push(self.hit(cx, e, o, self.open, self.close));
                    }
                } else if c == self.close && open.take().is_none() {
                    hits.push(self.hit(cx, e, i, self.close, self.open));
                }
            }
            if let Some(o) = open {
                hits.push(self.hit(cx, e, o, self.open, self.close));
            }
        }
        if let Some(max) = self.max_reports {
            hits.truncate(max);
        }
        hits
    }

    fn hit(&self, cx: &Context, e: Span, at: usize, mark: char, missing: char) -> Hit {
        let start = e.start + at;
        Hit::at(Span::new(start, start + mark.len_utf8()))
            .with("mark", mark.to_string())
            .with("missing", missing.to_string())
            .with("text", excerpt(cx.doc, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::parse_text;

    fn marks(text: &str) -> Vec<String> {
        let doc = parse_text(text, None);
        let cx = Context::draft(&doc);
        let p = Params {
            scope: Scope::Prose,
            open: '“',
            close: '”',
            max_reports: None,
        };
        p.check(&cx)
            .into_iter()
            .map(|h| doc.text(h.span).to_string())
            .collect()
    }

    #[test]
    fn pairs_per_paragraph() {
        let head = "KẾ HOẠCH\nVề công tác dân vận\n\nI. NỘI DUNG\n";
        assert!(marks(&format!(
            "{head}1. Phong trào “Dân vận khéo” và “Học tập”.\n"
        ))
        .is_empty());
        // An opening mark while one is open, and one left open at the end.
        assert_eq!(
            marks(&format!(
                "{head}1. Về “Tăng cường; Chỉ thị về “Đẩy mạnh” theo “dân biết\n"
            )),
            vec!["“", "“"]
        );
        // A closing mark with none open.
        assert_eq!(
            marks(&format!("{head}1. Dân vận khéo” được phát động.\n")),
            vec!["”"]
        );
        // A quotation over two paragraphs (a law quoted clause by clause) pairs up over the
        // document and is not reported…
        assert!(marks(&format!(
            "{head}1. Luật quy định: “Phong trào dân vận.\n2. Khéo” ở đây.\n"
        ))
        .is_empty());
        // A curly mark closed by a straight one is a mixed style, not a missing mark.
        assert!(marks(&format!(
            "{head}1. Luật quy định: “Hoạt động xuất khẩu.\" Hết.\n"
        ))
        .is_empty());
        // …but when the document's marks do not pair up, each paragraph is judged on its own.
        assert_eq!(
            marks(&format!(
                "{head}1. Phong trào “Dân vận khéo.\n2. Khéo” ở đây “nữa.\n"
            )),
            vec!["“", "”", "“"]
        );
    }
}
