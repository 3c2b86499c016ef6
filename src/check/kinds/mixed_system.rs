//! `mixed-system`: signs of another document system in a plan (a Party plan numbered
//! `Số: 05/KH-…` in the state style, a state plan signed `T/M`, …).
//!
//! The rule file lists markers, each tied to the system it belongs to, with the scope it is
//! looked for in and a pattern. Every match of a marker whose system is not the plan's system
//! (detected from the header, or forced) is a finding. Which shapes mark which system is data:
//! the rule file decides.

use serde::Deserialize;

use super::{excerpt, Context, Hit, Re, Scope};
use crate::check::rule::Text;
use crate::parse::{Document, System, SystemEvidence};
use crate::source::Span;

/// Placeholders: `{match}` (the text that belongs to the other system), `{name}` (the marker's
/// name), `{system}` (the plan's system), `{other}` (the system the marker belongs to),
/// `{text}` (the element's text), `{evidence}` (what in the plan made it the plan's system, so
/// the reviewer knows which of the two sides to correct).
pub const PLACEHOLDERS: &[&str] = &["match", "name", "system", "other", "text", "evidence"];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The markers of each system.
    pub marker: Vec<SystemMarker>,
}

/// A shape that belongs to one system.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemMarker {
    /// The system the shape belongs to.
    pub system: SystemId,
    /// Where to look.
    pub scope: Scope,
    /// The shape.
    pub pattern: Re,
    /// Its name in messages.
    pub name: Text,
}

/// A system named in a rule file.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SystemId {
    /// `state`.
    State,
    /// `party`.
    Party,
    /// `youth`.
    Youth,
}

impl From<SystemId> for System {
    fn from(s: SystemId) -> System {
        match s {
            SystemId::State => System::State,
            SystemId::Party => System::Party,
            SystemId::Youth => System::Youth,
        }
    }
}

/// The system's name in messages.
pub(crate) fn system_name(system: System, english: bool) -> &'static str {
    match (system, english) {
        (System::State, false) => "văn bản nhà nước (NĐ 30/2020)",
        (System::Party, false) => "văn bản Đảng (HD 36-HD/VPTW)",
        (System::Youth, false) => "văn bản Đoàn",
        (System::State, true) => "state document (ND 30/2020)",
        (System::Party, true) => "Party document (HD 36-HD/VPTW)",
        (System::Youth, true) => "Youth Union document",
    }
}

/// Why the plan was taken for its system, quoting the header part that told it.
fn evidence(doc: &Document, english: bool) -> String {
    let h = &doc.header;
    let quoted = |what_vi: &str, what_en: &str, span: Option<Span>| {
        let text = span.map(|s| excerpt(doc, s)).unwrap_or_default();
        if english {
            format!("judged from {what_en} \"{text}\" in the header")
        } else {
            format!("xác định theo {what_vi} \"{text}\" ở phần đầu")
        }
    };
    match doc.system_evidence {
        SystemEvidence::HeaderTitle => match doc.system {
            System::Party => quoted("dòng tiêu đề Đảng", "the Party title line", h.party_title),
            System::Youth => quoted("dòng tên Đoàn", "the Youth Union line", h.youth_title),
            System::State if h.quoc_hieu.is_some() => {
                quoted("Quốc hiệu", "the Quốc hiệu", h.quoc_hieu)
            }
            System::State => quoted("Tiêu ngữ", "the Tiêu ngữ", h.tieu_ngu),
        },
        SystemEvidence::NumberShape => {
            quoted("dạng số, ký hiệu", "the shape of the number", h.so_ky_hieu)
        }
        SystemEvidence::Assumed if english => {
            "judged by default: the header has neither a Quốc hiệu nor a Party title".into()
        }
        SystemEvidence::Assumed => {
            "xác định theo mặc định: phần đầu không có Quốc hiệu hay tiêu đề Đảng".into()
        }
        SystemEvidence::Forced if english => "set in vblint.toml or with --system".into(),
        SystemEvidence::Forced => "chọn trong tệp vblint.toml hoặc bằng --system".into(),
    }
}

impl Params {
    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let mut hits = Vec::new();
        let mut because = None;
        for m in &self.marker {
            let other = System::from(m.system);
            if other == doc.system {
                continue;
            }
            for e in m.scope.elements(doc) {
                if let Some(found) = m.pattern.0.find(doc.text(e)) {
                    let span = Span::new(e.start + found.start(), e.start + found.end());
                    hits.push(
                        Hit::at(span)
                            .with("match", found.as_str().trim().to_string())
                            .with("name", m.name.get(cx.english))
                            .with("system", system_name(doc.system, cx.english))
                            .with("other", system_name(other, cx.english))
                            .with("text", excerpt(doc, e))
                            .with(
                                "evidence",
                                because
                                    .get_or_insert_with(|| evidence(doc, cx.english))
                                    .clone(),
                            ),
                    );
                }
            }
        }
        hits.sort_by_key(|h| h.span);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::parse_text;

    #[test]
    fn state_shapes_in_a_party_plan() {
        let table: toml::Table = toml::from_str(
            r#"
[[marker]]
system = "state"
scope = "signer.authority"
pattern = '^(TM|KT)\.?$'
name = { vi = "tiền tố nhà nước", en = "state prefix" }
"#,
        )
        .expect("toml");
        let p: Params = toml::Value::Table(table).try_into().expect("params");
        let text = "ĐẢNG BỘ HUYỆN X\tĐẢNG CỘNG SẢN VIỆT NAM\nĐẢNG ỦY XÃ Y\n*\nSố 01-KH/ĐU\n\nKẾ HOẠCH\nvề việc\n\nI- MỤC ĐÍCH\nTrên đây là kế hoạch./.\n\nNơi nhận:\tTM. BAN THƯỜNG VỤ\n- Lưu Văn phòng.\tBÍ THƯ\n\n\tTrần Văn Minh\n";
        let doc = parse_text(text, None);
        assert_eq!(doc.system, System::Party);
        let cx = Context::draft(&doc);
        let hits = p.check(&cx);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].vars[0].1, "TM.");
        // The message says what made the plan a Party plan, so the reviewer knows which side
        // to correct.
        let evidence = hits[0].vars.iter().find(|(k, _)| *k == "evidence");
        assert_eq!(
            evidence.map(|(_, v)| v.as_str()),
            Some("xác định theo dòng tiêu đề Đảng \"ĐẢNG CỘNG SẢN VIỆT NAM\" ở phần đầu")
        );
        let forced = parse_text(text, Some(System::Party));
        let english = Context {
            doc: &forced,
            english: true,
            ..cx
        };
        let hits = p.check(&english);
        let evidence = hits[0].vars.iter().find(|(k, _)| *k == "evidence");
        assert_eq!(
            evidence.map(|(_, v)| v.as_str()),
            Some("set in vblint.toml or with --system")
        );
        let state = parse_text(
            &text.replace(
                "ĐẢNG CỘNG SẢN VIỆT NAM",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            ),
            None,
        );
        let cx = Context { doc: &state, ..cx };
        assert!(p.check(&cx).is_empty());
    }
}
