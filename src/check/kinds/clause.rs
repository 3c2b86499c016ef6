//! `clause`: sentences introduced by a trigger (e.g. `báo cáo`). In `missing` mode the plan must
//! have at least one; in `vague` mode the clauses taken together (those in the `anchor_section`
//! when it has any) must satisfy every `require` group (e.g. a frequency or deadline, and a
//! recipient), otherwise one finding names what is missing, at the clause that says the most.

use serde::Deserialize;

use super::scope::section_extents;
use super::{end_anchor, excerpt, Context, Hit, Re, Scope};
use crate::source::Span;

/// Placeholders: `{text}` (the clause), `{missing}` (the names of the unmet groups).
pub const PLACEHOLDERS: &[&str] = &["text", "missing"];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Where to look.
    pub scope: Scope,
    /// The pattern that makes a sentence a clause of interest.
    pub trigger: Re,
    /// Sentences matching any of these are not clauses of interest.
    #[serde(default)]
    pub ignore: Vec<Re>,
    /// `missing` or `vague`.
    pub mode: Mode,
    /// In `vague` mode: groups that a good clause satisfies, each by matching any pattern.
    #[serde(default)]
    pub require: Vec<Group>,
    /// In `missing` mode: the finding points at the first top-level section whose upper-cased
    /// title matches this (e.g. `^TỔ CHỨC`), else at the end of the body. In `vague` mode: only
    /// the clauses inside such sections are judged, when there are any.
    #[serde(default)]
    pub anchor_section: Option<Re>,
}

/// How clauses are judged.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Report when there is no clause at all.
    Missing,
    /// Report the clauses when none satisfies the `require` groups.
    Vague,
}

/// A requirement on a clause: any of the patterns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Its name in messages (Vietnamese and English).
    pub name: crate::check::rule::Text,
    /// Patterns, any of which satisfies the group.
    pub any: Vec<Re>,
}

/// Splits a paragraph into clauses: at `;`, at `.` followed by white space, and at a line
/// break that the next line does not continue in lower case.
pub(crate) fn clauses(text: &str, base: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    // The cuts are ASCII, so the text is read byte by byte (an ASCII byte is a whole character).
    for (i, &b) in bytes.iter().enumerate() {
        // A line break ends a clause unless the next line goes on in lower case: text from a
        // PDF wraps a sentence anywhere, even between `báo` and `cáo`.
        let wraps = || {
            text[i + 1..]
                .trim_start()
                .starts_with(|c: char| c.is_lowercase())
        };
        let cut = b == b';'
            || (b == b'\n' && !wraps())
            || (b == b'.' && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()));
        if cut {
            push_clause(text, base, start, i + 1, &mut out);
            start = i + 1;
        }
    }
    push_clause(text, base, start, text.len(), &mut out);
    out
}

fn push_clause(text: &str, base: usize, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.trim_end().len();
    if trail > lead {
        out.push(Span::new(base + start + lead, base + start + trail));
    }
}

impl Params {
    /// The clauses of the scope's paragraphs (short headings aside) that hold the trigger and
    /// none of the ignored patterns.
    fn clauses_with_trigger(&self, doc: &crate::parse::Document) -> Vec<Span> {
        // A short heading (`3. Chế độ báo cáo`) names a topic; it is not a clause to judge.
        let labels: Vec<Span> = doc
            .sections
            .iter()
            .filter(|s| doc.text(s.title).split_whitespace().count() <= 8)
            .filter(|s| !doc.text(s.title).trim_end().ends_with('.'))
            .map(|s| s.heading)
            .collect();
        // Patterns whose words the plan lacks match nowhere and are not compiled.
        let ignore: Vec<&Re> = self.ignore.iter().filter(|r| r.0.may_occur(doc)).collect();
        let elements = if self.trigger.0.may_occur(doc) {
            self.scope.elements(doc)
        } else {
            Vec::new()
        };
        // Without anchors, a clause can match only inside a paragraph where the trigger may
        // match (`may_match` is a substring test, or the trigger without its word boundaries):
        // the other paragraphs are not split into clauses at all.
        let trigger = self.trigger.0.as_str();
        let screen = !trigger.contains(['^', '$'])
            && !["\\A", "\\z", "\\<", "\\>"]
                .iter()
                .any(|a| trigger.contains(a));
        elements
            .into_iter()
            // Sections are in document order, so their headings are sorted.
            .filter(|e| labels.binary_search(e).is_err())
            .filter(|&e| !screen || self.trigger.0.may_match(doc, e))
            .flat_map(|e| clauses(doc.text(e), e.start))
            .filter(|&c| {
                let t = doc.text(c);
                self.trigger.0.may_match(doc, c)
                    && self.trigger.0.is_match(t)
                    && !ignore.iter().any(|r| r.0.is_match(t))
            })
            .collect()
    }

    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        // Rules with the same scope, trigger and ignored patterns find the same clauses (the
        // `missing` and `vague` reporting rules): they are found once per document.
        let mut key = format!("{}\u{0}{}", self.scope, self.trigger.0.as_str());
        for r in &self.ignore {
            key.push('\u{0}');
            key.push_str(r.0.as_str());
        }
        let found = doc.derived.clauses(&key, || self.clauses_with_trigger(doc));
        match self.mode {
            Mode::Missing => {
                if !found.is_empty() {
                    return Vec::new();
                }
                let at = self
                    .anchor_section
                    .as_ref()
                    .and_then(|r| section_extents(doc, &r.0).first().copied())
                    .and_then(|x| doc.sections.iter().find(|s| s.heading.start == x.start))
                    .map(|s| s.heading)
                    .unwrap_or_else(|| end_anchor(doc));
                vec![Hit::at(at)]
            }
            Mode::Vague => {
                // A clause that only introduces a list (`Chế độ báo cáo:`) says nothing yet.
                let mut judged: Vec<Span> = found
                    .into_iter()
                    .filter(|&c| !doc.text(c).trim_end_matches(['*', '_']).ends_with(':'))
                    .collect();
                // The schedule lives in the implementation section (TỔ CHỨC THỰC HIỆN, CHẾ ĐỘ
                // BÁO CÁO); a "báo cáo" among the tasks or goals is not the reporting duty.
                if let Some(r) = &self.anchor_section {
                    let extents = section_extents(doc, &r.0);
                    let inside: Vec<Span> = judged
                        .iter()
                        .copied()
                        .filter(|c| extents.iter().any(|x| x.contains(c.start)))
                        .collect();
                    // No reporting clause where the schedule belongs: the mentions elsewhere
                    // are tasks, and whether a schedule is missing is `reporting-missing`'s
                    // call, not a vague schedule.
                    if inside.is_empty() && !extents.is_empty() {
                        return Vec::new();
                    }
                    if !inside.is_empty() {
                        judged = inside;
                    }
                }
                if judged.is_empty() {
                    return Vec::new();
                }
                // The schedule as a whole: each requirement may be met by a different clause.
                let met = |g: &Group, c: Span| {
                    let t = sentence_of(doc.source.text(), c);
                    g.any.iter().any(|r| r.0.may_occur(doc) && r.0.is_match(t))
                };
                let missing: Vec<&Group> = self
                    .require
                    .iter()
                    .filter(|g| !judged.iter().any(|&c| met(g, c)))
                    .collect();
                if missing.is_empty() {
                    return Vec::new();
                }
                // One finding, at the clause that says the most.
                let main = judged
                    .iter()
                    .copied()
                    .max_by_key(|&c| {
                        (
                            self.require.iter().filter(|g| met(g, c)).count(),
                            std::cmp::Reverse(c.start),
                        )
                    })
                    .unwrap_or(judged[0]);
                let names: Vec<&str> = missing.iter().map(|g| g.name.get(cx.english)).collect();
                vec![Hit::at(main)
                    .with("text", excerpt(doc, main))
                    .with("missing", names.join(", "))]
            }
        }
    }
}

/// The whole sentence around a clause: text converted from PDF breaks a sentence over lines,
/// and the deadline of "gửi báo cáo về …" is often on the line before or after.
fn sentence_of(text: &str, clause: Span) -> &str {
    let mut limit = (clause.end + 400).min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let mut end = clause.end;
    let ended = |at: usize| text[..at].trim_end().ends_with(['.', ';', ':']);
    if !ended(end) {
        for (i, c) in text[clause.end..limit].char_indices() {
            let at = clause.end + i + c.len_utf8();
            end = at;
            let next_is_space = text[at..].chars().next().is_none_or(char::is_whitespace);
            if (c == '.' || c == ';') && next_is_space {
                break;
            }
        }
    }
    // …and the part of the sentence before it, for the same reason.
    let mut floor = clause.start.saturating_sub(400);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    let before = &text[floor..clause.start];
    let start = before
        .char_indices()
        .rfind(|&(i, c)| {
            (c == '.' || c == ';')
                && before[i + 1..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map_or(floor, |(i, _)| floor + i + 1);
    &text[start..end.max(clause.start)]
}

#[cfg(test)]
mod tests {
    use super::{clauses, sentence_of};
    use crate::source::Span;

    #[test]
    fn a_wrapped_sentence_is_judged_whole() {
        let t = "gửi báo cáo về Văn phòng\nĐảng ủy trước ngày 22/9. Việc khác.";
        let first_line = Span::new(0, t.find('\n').unwrap());
        assert_eq!(
            sentence_of(t, first_line),
            "gửi báo cáo về Văn phòng\nĐảng ủy trước ngày 22/9."
        );
        let t = "Xong. Định kỳ tiến\nhành báo cáo về Ban.";
        let second = Span::new(t.find("hành").unwrap(), t.len());
        assert_eq!(
            sentence_of(t, second).trim(),
            "Định kỳ tiến\nhành báo cáo về Ban."
        );
        // A dot inside a token (an address, a date) does not end the sentence.
        assert_eq!(
            sentence_of("gửi a.b@x.vn trước 15. Hết", Span::new(0, 4)),
            "gửi a.b@x.vn trước 15."
        );
        assert_eq!(
            sentence_of("Báo cáo năm;", Span::new(0, 13)),
            "Báo cáo năm;"
        );
        // The look-ahead stops on a character boundary however long the sentence runs.
        let long = format!("báo cáo {}", "ả".repeat(300));
        assert!(long.starts_with(sentence_of(&long, Span::new(0, 9))));
    }

    #[test]
    fn a_line_wrapped_in_lower_case_stays_in_its_clause() {
        let t =
            "Chi đoàn xây dựng chương trình; báo\ncáo kết quả trước ngày 30/4.\n- Đoàn xã theo dõi";
        let c: Vec<&str> = clauses(t, 0).iter().map(|s| &t[s.range()]).collect();
        assert_eq!(
            c,
            [
                "Chi đoàn xây dựng chương trình;",
                "báo\ncáo kết quả trước ngày 30/4.",
                "- Đoàn xã theo dõi"
            ]
        );
    }

    #[test]
    fn splits_at_semicolons_and_full_stops() {
        let t = "Báo cáo 6 tháng gửi trước ngày 01; Báo cáo năm gửi trước ngày 15. Xong";
        let c: Vec<&str> = clauses(t, 0).iter().map(|s| &t[s.range()]).collect();
        assert_eq!(
            c,
            [
                "Báo cáo 6 tháng gửi trước ngày 01;",
                "Báo cáo năm gửi trước ngày 15.",
                "Xong"
            ]
        );
        // A dot inside an address or a date does not end a clause.
        assert_eq!(clauses("gửi a.b@x.vn trước 15.5", 0).len(), 1);
    }
}
