//! The type of a document (loại văn bản): Kế hoạch, Quyết định, Công văn, Báo cáo…
//!
//! Reviewers' folders and plans repositories hold every kind of administrative document, and
//! only plans must have the plan's sections and reporting schedule. The type is read from the
//! type-name line (`QUYẾT ĐỊNH`), the abbreviation in the number (`Số: 12/QĐ-UBND`, Party
//! `Số 12-KH/TU`) and, for a Công văn, which has no type name, the `V/v` trích yếu. A decision
//! that issues a plan attached after it is a decision whose attachment is a plan.

use crate::source::Span;

/// One type of administrative document: its id (used in rule files, config and JSON), its
/// type-name line and its abbreviation in the number (Nghị định 30/2020/NĐ-CP, Phụ lục III,
/// Mục I; Party documents also use `CV` for công văn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeInfo {
    /// Stable id, kebab-case without tone marks (`ke-hoach`).
    pub id: &'static str,
    /// The type name as printed on the title line.
    pub name: &'static str,
    /// Abbreviations in the number and symbol.
    pub abbreviations: &'static [&'static str],
    /// English name.
    pub english: &'static str,
}

/// The known types. The first entry is the plan; `cong-van` has no type-name line.
pub const TYPES: &[TypeInfo] = &[
    TypeInfo {
        id: "ke-hoach",
        name: "KẾ HOẠCH",
        abbreviations: &["KH"],
        english: "plan",
    },
    TypeInfo {
        id: "quyet-dinh",
        name: "QUYẾT ĐỊNH",
        abbreviations: &["QĐ"],
        english: "decision",
    },
    TypeInfo {
        id: "cong-van",
        name: "CÔNG VĂN",
        abbreviations: &["CV"],
        english: "official letter",
    },
    TypeInfo {
        id: "bao-cao",
        name: "BÁO CÁO",
        abbreviations: &["BC"],
        english: "report",
    },
    TypeInfo {
        id: "thong-bao",
        name: "THÔNG BÁO",
        abbreviations: &["TB"],
        english: "notice",
    },
    TypeInfo {
        id: "to-trinh",
        name: "TỜ TRÌNH",
        abbreviations: &["TTr"],
        english: "submission",
    },
    TypeInfo {
        id: "chi-thi",
        name: "CHỈ THỊ",
        abbreviations: &["CT"],
        english: "directive",
    },
    TypeInfo {
        id: "chuong-trinh",
        name: "CHƯƠNG TRÌNH",
        abbreviations: &["CTr"],
        english: "programme",
    },
    TypeInfo {
        id: "huong-dan",
        name: "HƯỚNG DẪN",
        abbreviations: &["HD"],
        english: "guidance",
    },
    TypeInfo {
        id: "ket-luan",
        name: "KẾT LUẬN",
        abbreviations: &["KL"],
        english: "conclusion",
    },
    TypeInfo {
        id: "nghi-quyet",
        name: "NGHỊ QUYẾT",
        abbreviations: &["NQ"],
        english: "resolution",
    },
    TypeInfo {
        id: "nghi-dinh",
        name: "NGHỊ ĐỊNH",
        abbreviations: &["NĐ"],
        english: "decree",
    },
    TypeInfo {
        id: "thong-tu",
        name: "THÔNG TƯ",
        abbreviations: &["TT"],
        english: "circular",
    },
    TypeInfo {
        id: "quy-che",
        name: "QUY CHẾ",
        abbreviations: &["QC"],
        english: "regulation",
    },
    TypeInfo {
        id: "quy-dinh",
        name: "QUY ĐỊNH",
        abbreviations: &["QyĐ"],
        english: "rules",
    },
    TypeInfo {
        id: "thong-cao",
        name: "THÔNG CÁO",
        abbreviations: &["TC"],
        english: "communiqué",
    },
    TypeInfo {
        id: "phuong-an",
        name: "PHƯƠNG ÁN",
        abbreviations: &["PA"],
        english: "scheme",
    },
    TypeInfo {
        id: "de-an",
        name: "ĐỀ ÁN",
        abbreviations: &["ĐA"],
        english: "project proposal",
    },
    TypeInfo {
        id: "du-an",
        name: "DỰ ÁN",
        abbreviations: &["DA"],
        english: "project",
    },
    TypeInfo {
        id: "bien-ban",
        name: "BIÊN BẢN",
        abbreviations: &["BB"],
        english: "minutes",
    },
    TypeInfo {
        id: "cong-dien",
        name: "CÔNG ĐIỆN",
        abbreviations: &["CĐ"],
        english: "dispatch",
    },
    TypeInfo {
        id: "giay-moi",
        name: "GIẤY MỜI",
        abbreviations: &["GM"],
        english: "invitation",
    },
    TypeInfo {
        id: "giay-gioi-thieu",
        name: "GIẤY GIỚI THIỆU",
        abbreviations: &["GGT"],
        english: "letter of introduction",
    },
    TypeInfo {
        id: "de-cuong",
        name: "ĐỀ CƯƠNG",
        abbreviations: &[],
        english: "outline",
    },
];

/// The id that rules use for a plan issued together with a decision (`Ban hành kèm theo
/// Quyết định số …`): the plan's body is checked as a plan, its header and signature belong to
/// the decision.
pub const ATTACHED_PLAN: &str = "ke-hoach-kem-theo";

/// The id of a document whose type could not be told.
pub const UNKNOWN: &str = "khong-ro";

/// Looks a type up by id.
pub fn by_id(id: &str) -> Option<&'static TypeInfo> {
    TYPES.iter().find(|t| t.id == id)
}

/// How the type was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeEvidence {
    /// From the type-name line.
    Title,
    /// From the abbreviation in the number and symbol.
    Number,
    /// From a `V/v` trích yếu (Công văn).
    Vv,
    /// Plan sections were found although neither title nor number tells.
    Sections,
    /// Forced by configuration or the command line.
    Forced,
    /// Nothing told.
    Unknown,
}

/// The type of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocType {
    /// The type, or `None` when it could not be told.
    pub info: Option<&'static TypeInfo>,
    /// True when a plan is attached to the document (a decision that issues a plan), or when
    /// the document is a plan that says a decision issues it (`(Ban hành kèm theo Quyết định số
    /// …)` under its title) and the decision is not in the file: either way the plan has no
    /// number, date, recipients or signature of its own.
    pub attached_plan: bool,
    /// How the type was decided.
    pub evidence: TypeEvidence,
    /// The type-name line, when one was found.
    pub title: Option<Span>,
}

impl Default for DocType {
    fn default() -> Self {
        DocType {
            info: None,
            attached_plan: false,
            evidence: TypeEvidence::Unknown,
            title: None,
        }
    }
}

impl DocType {
    /// The type's id, or [`UNKNOWN`].
    pub fn id(&self) -> &'static str {
        self.info.map_or(UNKNOWN, |t| t.id)
    }

    /// True for a plan, standalone or attached to a decision.
    pub fn is_plan(&self) -> bool {
        self.id() == "ke-hoach" || self.attached_plan
    }

    /// True when a rule that lists `ids` in `applies_to` runs on this document. An empty list
    /// means every type. A standalone plan matches `ke-hoach`; a plan attached to a decision
    /// matches [`ATTACHED_PLAN`] (and the decision matches `quyet-dinh`).
    pub fn matches(&self, ids: &[String]) -> bool {
        ids.is_empty()
            || ids
                .iter()
                .any(|id| id == self.id() || (self.attached_plan && id == ATTACHED_PLAN))
    }

    /// The name to show: Vietnamese type name in sentence case, or English.
    pub fn display(&self, english: bool) -> String {
        let base = match self.info {
            Some(t) if english => t.english.to_string(),
            Some(t) => sentence_case(t.name),
            None if english => "unknown type".to_string(),
            None => "không rõ loại".to_string(),
        };
        let plan = self.id() == "ke-hoach";
        match (self.attached_plan, english) {
            (true, true) if plan => format!("{base} issued with a decision"),
            (true, false) if plan => format!("{base} ban hành kèm theo quyết định"),
            (true, true) => format!("{base} with an attached plan"),
            (true, false) => format!("{base} ban hành kèm kế hoạch"),
            _ => base,
        }
    }
}

fn sentence_case(upper: &str) -> String {
    let lower = upper.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The type whose name the line is, when the whole line (spaces and emphasis aside) is a type
/// name, or a type name followed by its trích yếu in capitals on the same line.
pub fn title_type(line: &str) -> Option<&'static TypeInfo> {
    // Type names are printed in capitals: a line with a letter that upper-casing changes is
    // not a title (the test below, without building the upper-cased copy for every line).
    if line.chars().any(|c| {
        let mut up = c.to_uppercase();
        up.next() != Some(c) || up.next().is_some()
    }) {
        return None;
    }
    let cleaned: String = line
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '#' || c == '|')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let upper = cleaned.to_uppercase();
    if cleaned != upper {
        // Type names are printed in capitals; "Kế hoạch" in a sentence is not a title.
        return None;
    }
    TYPES.iter().find(|t| {
        upper == t.name
            || upper.strip_prefix(t.name).is_some_and(|rest| {
                rest.starts_with(' ')
                    && rest.split_whitespace().count() >= 2
                    && !rest.ends_with(':')
            })
    })
}

/// The type named by the abbreviation in a `Số` line: `12/QĐ-UBND` (state) or `12-KH/TU`
/// (Party). A symbol that names only the agency (`/SCT-CN`) gives `None`.
pub fn number_type(so_line: &str) -> Option<&'static TypeInfo> {
    let abbr = number_abbreviation(so_line)?;
    TYPES.iter().find(|t| {
        t.abbreviations
            .iter()
            .any(|a| a.eq_ignore_ascii_case(&abbr) && a.chars().count() == abbr.chars().count())
    })
}

/// The first component of the symbol: after the slash in state numbers, between the hyphen and
/// the slash in Party numbers.
fn number_abbreviation(so_line: &str) -> Option<String> {
    let text: String = so_line.split_whitespace().collect();
    let slash = text.find('/')?;
    let before = &text[..slash];
    // Party: `12-KH/TU` — letters between the last hyphen and the slash.
    if let Some(h) = before.rfind('-') {
        let abbr = &before[h + 1..];
        if !abbr.is_empty() && abbr.chars().all(char::is_alphabetic) {
            return Some(abbr.to_string());
        }
    }
    let after = &text[slash + 1..];
    let abbr: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
    (!abbr.is_empty()).then_some(abbr)
}

/// True for a `V/v …` (về việc) trích yếu line, the mark of a Công văn.
pub fn is_vv(line: &str) -> bool {
    let t = line.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
    t.starts_with("V/v") || t.starts_with("V/V") || t.starts_with("v/v")
}

/// True when the text says a plan is issued with, or attached to, a decision.
pub fn says_attached(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("kèm theo quyết định")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_lines() {
        assert_eq!(title_type("QUYẾT ĐỊNH").map(|t| t.id), Some("quyet-dinh"));
        assert_eq!(title_type("**KẾ  HOẠCH**").map(|t| t.id), Some("ke-hoach"));
        assert_eq!(title_type("Kế hoạch"), None);
        assert_eq!(title_type("QUYẾT ĐỊNH:"), None);
        assert_eq!(
            title_type("BÁO CÁO CÔNG TÁC TUẦN 02").map(|t| t.id),
            Some("bao-cao")
        );
        assert_eq!(title_type("BÁO CÁO:"), None);
        assert_eq!(title_type("THÔNG BÁO KẾT:"), None);
    }

    #[test]
    fn number_abbreviations() {
        let id = |s: &str| number_type(s).map(|t| t.id);
        assert_eq!(id("Số: 254/QĐ-UBND"), Some("quyet-dinh"));
        assert_eq!(id("Số:      /KH-UBND"), Some("ke-hoach"));
        assert_eq!(id("Số 12-KH/ĐU"), Some("ke-hoach"));
        assert_eq!(id("Số -KH/ĐU"), Some("ke-hoach"));
        assert_eq!(id("Số:   /TTr - SCT"), Some("to-trinh"));
        assert_eq!(id("Số: 597/HC-QLHC"), None);
        assert_eq!(id("Số:  /SCT-CN"), None);
    }

    #[test]
    fn matching_rules() {
        let plan = DocType {
            info: by_id("ke-hoach"),
            evidence: TypeEvidence::Title,
            ..DocType::default()
        };
        let decision_with_plan = DocType {
            info: by_id("quyet-dinh"),
            attached_plan: true,
            evidence: TypeEvidence::Title,
            title: None,
        };
        let plan_only = vec!["ke-hoach".to_string()];
        let plan_body = vec!["ke-hoach".to_string(), ATTACHED_PLAN.to_string()];
        assert!(plan.matches(&plan_only) && plan.matches(&plan_body) && plan.matches(&[]));
        assert!(!decision_with_plan.matches(&plan_only));
        assert!(decision_with_plan.matches(&plan_body));
        assert!(decision_with_plan.is_plan());
    }
}
