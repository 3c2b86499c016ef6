//! `numbering`: the numbers or letters of sibling sections run in sequence.
//!
//! Siblings are the sections with the same parent (or the roots) whose marker is of the chosen
//! kind: Roman numerals (`I. II. III.`), Arabic numbers (`1. 2. 3.`, which restart under each
//! parent) or letters (`a) b) c) d) đ) e) g)`, in the order the rule file gives). Gaps,
//! duplicates, a list that does not start at the first value and letters outside the alphabet
//! are reported. After a wrong number the count resynchronises on it, so one gap gives one
//! finding, not a cascade. A marker that Word's automatic numbering produced (`.docx`) is
//! flagged in the `{note}` placeholder: Word counts `a b c d e f`, Vietnamese `a b c d đ e g`,
//! and the fix there is to turn the automatic list off, not to retype one letter.

use serde::Deserialize;

use super::{Context, Hit};
use crate::parse::lines::roman_value;
use crate::parse::{Document, MarkerKind, Section};

/// Placeholders: `{found}` (the marker as written), `{expected}` (the marker the sequence
/// wants), `{after}` (the previous marker, or words saying it is the first), `{note}` (words
/// saying Word's automatic list produced the marker, or nothing), `{problem}` (words saying
/// whether the marker repeats the previous one or breaks the sequence).
pub const PLACEHOLDERS: &[&str] = &["found", "expected", "after", "note", "problem"];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Which markers.
    pub markers: Markers,
    /// For letters: the alphabet of list letters, in order.
    #[serde(default)]
    pub letters: Vec<String>,
}

/// The markers a rule looks at.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Markers {
    /// `I.`, `II-`.
    Roman,
    /// `1.`, `2-`.
    Arabic,
    /// `a)`, `đ)`.
    Letter,
}

impl Markers {
    fn kind(self) -> MarkerKind {
        match self {
            Markers::Roman => MarkerKind::Roman,
            Markers::Arabic => MarkerKind::Arabic,
            Markers::Letter => MarkerKind::Letter,
        }
    }

    fn default_separator(self) -> char {
        match self {
            Markers::Letter => ')',
            _ => '.',
        }
    }
}

impl Params {
    /// The position of a label in the sequence (1-based for numbers, 0-based for letters).
    fn value(&self, label: &str) -> Option<u32> {
        match self.markers {
            Markers::Roman => roman_value(label),
            Markers::Arabic => label.parse().ok(),
            Markers::Letter => self
                .letters
                .iter()
                .position(|l| l == label)
                .and_then(|p| u32::try_from(p).ok()),
        }
    }

    fn first(&self) -> u32 {
        match self.markers {
            Markers::Letter => 0,
            _ => 1,
        }
    }

    fn render(&self, value: u32, sep: char) -> Option<String> {
        let label = match self.markers {
            Markers::Roman => crate::parse::lines::roman(value),
            Markers::Arabic => value.to_string(),
            Markers::Letter => self.letters.get(value as usize)?.clone(),
        };
        Some(format!("{label}{sep}"))
    }

    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let mut hits = Vec::new();
        for group in groups(doc, self.markers.kind()) {
            self.sequence(cx, &group, &mut hits);
        }
        hits
    }

    fn sequence(&self, cx: &Context, group: &[&Section], hits: &mut Vec<Hit>) {
        let mut expected = self.first();
        let mut previous: Option<String> = None;
        // Word's automatic list letters every item after the first wrong one wrongly too, and
        // the one fix (turning the list off) mends them all: one finding per list.
        let mut auto_reported = false;
        for s in group {
            let sep = s
                .marker
                .separator
                .unwrap_or(self.markers.default_separator());
            let written = written(s);
            let value = self.value(&s.marker.label);
            // Numbering that starts again at the first value opens a new list (the khoản of the
            // next Điều, items of a list after prose), not a gap in this one.
            let restart = previous.is_some() && value == Some(self.first());
            if value != Some(expected) && !restart && !(auto_reported && s.marker.auto_numbered) {
                auto_reported |= s.marker.auto_numbered;
                if let Some(want) = self.render(expected, sep) {
                    let after = previous.clone().unwrap_or_else(|| {
                        if cx.english {
                            "the start of the list".into()
                        } else {
                            "đầu danh sách".into()
                        }
                    });
                    // The same number as the item before: a repeat, not a gap.
                    let repeat = value.is_some_and(|v| v + 1 == expected && previous.is_some());
                    let problem = match (repeat, cx.english) {
                        (true, false) => "bị trùng với mục trước",
                        (true, true) => "repeats the number before it",
                        (false, false) => "không liền mạch",
                        (false, true) => "is out of sequence",
                    };
                    hits.push(
                        Hit::at(s.marker.span)
                            .with("found", written.clone())
                            .with("expected", want)
                            .with("after", after)
                            .with("note", note(s, value.is_none(), cx.english))
                            .with("problem", problem),
                    );
                }
            }
            // Resynchronise on a known value so one gap is one finding; an unknown letter
            // (`f`) leaves the expectation where it was.
            if let Some(v) = value {
                expected = v + 1;
            }
            previous = Some(written);
        }
    }
}

/// Words added to the message: the marker is not in the sequence at all (`f`, `w`), or Word's
/// automatic numbering produced it.
fn note(s: &Section, unknown: bool, english: bool) -> String {
    let mut out = String::new();
    if unknown {
        out.push_str(if english {
            " (this letter is not used to number points)"
        } else {
            " (chữ cái này không dùng để đánh số điểm)"
        });
    }
    if s.marker.auto_numbered {
        out.push_str(if english {
            " (this marker comes from Word's automatic numbering, which letters a, b, c, d, e, f: \
             turn the list's numbering off and type the letters)"
        } else {
            " (số thứ tự này do danh sách đánh số tự động của Word sinh ra, vốn đánh a, b, c, d, e, f: \
             tắt đánh số tự động của danh sách rồi gõ lại các chữ cái)"
        });
    }
    out
}

fn written(s: &Section) -> String {
    match s.marker.separator {
        Some(c) => format!("{}{c}", s.marker.label),
        None => s.marker.label.clone(),
    }
}

/// Sibling groups of sections with markers of `kind`: the roots, then the children of each
/// section, in document order.
fn groups(doc: &Document, kind: MarkerKind) -> Vec<Vec<&Section>> {
    let mut out = Vec::new();
    let roots: Vec<&Section> = doc
        .roots()
        .map(|(_, s)| s)
        .filter(|s| s.marker.kind == kind)
        .collect();
    if !roots.is_empty() {
        out.push(roots);
    }
    for s in &doc.sections {
        let children: Vec<&Section> = s
            .children
            .iter()
            .filter_map(|&c| doc.sections.get(c))
            .filter(|c| c.marker.kind == kind)
            .collect();
        if !children.is_empty() {
            out.push(children);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::parse_text;

    fn letters() -> Vec<String> {
        "a b c d đ e g h i k l m n o p q r s t u v x y"
            .split(' ')
            .map(String::from)
            .collect()
    }

    fn run(markers: Markers, text: &str) -> Vec<(String, String)> {
        let doc = parse_text(text, None);
        let p = Params {
            markers,
            letters: letters(),
        };
        let cx = Context::draft(&doc);
        p.check(&cx)
            .into_iter()
            .map(|h| (h.vars[0].1.clone(), h.vars[1].1.clone()))
            .collect()
    }

    #[test]
    fn roman_gap_and_duplicate() {
        let text = "KẾ HOẠCH\nVề việc\n\nI. MỤC ĐÍCH\nII. NỘI DUNG\nIV. KINH PHÍ\nIV. TỔ CHỨC\n";
        assert_eq!(
            run(Markers::Roman, text),
            vec![
                ("IV.".to_string(), "III.".to_string()),
                ("IV.".to_string(), "V.".to_string())
            ]
        );
    }

    #[test]
    fn a_repeated_number_is_a_duplicate() {
        let text = "KẾ HOẠCH\nVề việc\n\nI. MỤC ĐÍCH\nII. NỘI DUNG\nII. TỔ CHỨC\n";
        let doc = parse_text(text, None);
        let p = Params {
            markers: Markers::Roman,
            letters: letters(),
        };
        let hits = p.check(&Context::draft(&doc));
        assert_eq!(hits.len(), 1);
        let problem = |h: &Hit| h.vars.iter().find(|v| v.0 == "problem").unwrap().1.clone();
        assert_eq!(problem(&hits[0]), "bị trùng với mục trước");
        // A gap is still out of sequence.
        let doc = parse_text(&text.replace("II. TỔ CHỨC", "IV. TỔ CHỨC"), None);
        let hits = p.check(&Context::draft(&doc));
        assert_eq!(problem(&hits[0]), "không liền mạch");
    }

    #[test]
    fn arabic_restarts_under_each_parent() {
        let text = "KẾ HOẠCH\nVề việc\n\nI. MỤC ĐÍCH\n1. Mục đích\n2. Yêu cầu\nII. NỘI DUNG\n1. Một\n3. Ba\n";
        assert_eq!(
            run(Markers::Arabic, text),
            vec![("3.".to_string(), "2.".to_string())]
        );
    }

    #[test]
    fn letters_follow_vietnamese_order() {
        let ok =
            "KẾ HOẠCH\nVề việc\n\nI. NỘI DUNG\n1. Một\na) A\nb) B\nc) C\nd) D\nđ) Đ\ne) E\ng) G\n";
        assert!(run(Markers::Letter, ok).is_empty());
        let bad =
            "KẾ HOẠCH\nVề việc\n\nI. NỘI DUNG\n1. Một\na) A\nb) B\nc) C\nd) D\ne) E\nf) F\ng) G\n";
        assert_eq!(
            run(Markers::Letter, bad),
            vec![
                ("e)".to_string(), "đ)".to_string()),
                ("f)".to_string(), "g)".to_string())
            ]
        );
        let doc = parse_text(bad, None);
        let p = Params {
            markers: Markers::Letter,
            letters: letters(),
        };
        let cx = Context::draft(&doc);
        let notes: Vec<String> = p
            .check(&cx)
            .into_iter()
            .map(|h| h.vars[3].1.clone())
            .collect();
        assert!(notes[0].is_empty());
        assert!(notes[1].contains("không dùng"));
    }

    #[test]
    fn word_auto_letters_carry_a_note() {
        let mut doc = parse_text(
            "KẾ HOẠCH\nVề việc\n\nI. NỘI DUNG\na) A\nb) B\nc) C\nd) D\ne) E\nf) F\ng) G\n",
            None,
        );
        for s in &mut doc.sections {
            s.marker.auto_numbered = s.marker.kind == MarkerKind::Letter;
        }
        let cx = Context {
            doc: &doc,
            issued: false,
            english: true,
        };
        let p = Params {
            markers: Markers::Letter,
            letters: letters(),
        };
        let hits = p.check(&cx);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].vars[1].1, "đ)");
        assert!(hits[0].vars[3].1.contains("Word"));
    }
}
