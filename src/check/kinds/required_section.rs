//! `required-section`: sections that must exist, matched by title (not by number), so a plan
//! whose TỔ CHỨC THỰC HIỆN is section V is as good as one where it is III.

use serde::Deserialize;

use super::{start_anchor, Context, Hit, Re};
use crate::check::rule::Text;
use crate::parse::lines::clean;
use crate::parse::MarkerKind;

/// Placeholders: `{name}`, the missing section's name.
pub const PLACEHOLDERS: &[&str] = &["name"];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The sections that must exist.
    pub section: Vec<Required>,
    /// How deep in the tree a matching heading may sit (1 = top level only). Default 2.
    #[serde(default = "default_depth")]
    pub max_depth: usize,
}

fn default_depth() -> usize {
    2
}

/// One required section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Required {
    /// Its name in messages.
    pub name: Text,
    /// A regex matched against the upper-cased heading title.
    pub title: Re,
}

/// A heading and each part it joins: `MỤC TIÊU, NHIỆM VỤ` or `MỤC ĐÍCH, YÊU CẦU VÀ NỘI DUNG`
/// names two or three sections at once, and each part is matched on its own.
fn title_parts(title: &str) -> Vec<String> {
    let mut parts = vec![title.to_string()];
    for piece in title
        .split([',', ';', '–', '&'])
        .flat_map(|p| p.split(" VÀ "))
    {
        let piece = piece.trim().trim_start_matches("- ").trim();
        if !piece.is_empty() && piece != title {
            parts.push(piece.to_string());
        }
    }
    parts
}

impl Params {
    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let titles: Vec<String> = doc
            .sections
            .iter()
            .filter(|s| s.depth <= self.max_depth)
            .filter(|s| !matches!(s.marker.kind, MarkerKind::Dash | MarkerKind::Plus))
            .map(|s| clean(doc.text(s.title)).trim().to_uppercase())
            .flat_map(|t| title_parts(&t))
            .collect();
        self.section
            .iter()
            .filter(|r| !titles.iter().any(|t| r.title.0.is_match(t)))
            .map(|r| Hit::at(start_anchor(doc)).with("name", r.name.get(cx.english)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::title_parts;
    use crate::check::{check, parse_text, CheckOptions, RuleSet};

    #[test]
    fn joined_titles_name_each_part() {
        assert_eq!(
            title_parts("MỤC ĐÍCH, YÊU CẦU VÀ NỘI DUNG"),
            [
                "MỤC ĐÍCH, YÊU CẦU VÀ NỘI DUNG",
                "MỤC ĐÍCH",
                "YÊU CẦU",
                "NỘI DUNG"
            ]
        );
    }

    #[test]
    fn joined_level_one_titles_and_arabic_top_levels_satisfy_the_sections() {
        let rules = RuleSet::embedded().expect("rules");
        let options = CheckOptions {
            select: vec!["section-required".into()],
            ..CheckOptions::default()
        };
        let joined = "KẾ HOẠCH\nVề việc tập huấn\n\nI. MỤC TIÊU, NHIỆM VỤ\n1. Nâng cao kỹ năng.\nII. TỔ CHỨC THỰC HIỆN\n1. Phòng Nội vụ chủ trì.\n";
        assert!(check(&parse_text(joined, None), &rules, &options).is_empty());
        let arabic = "KẾ HOẠCH\nVề việc tập huấn\n\n1. MỤC ĐÍCH, YÊU CẦU\nNâng cao kỹ năng.\n2. NỘI DUNG\nTập huấn hai ngày.\n3. TỔ CHỨC THỰC HIỆN\nPhòng Nội vụ chủ trì.\n";
        assert!(check(&parse_text(arabic, None), &rules, &options).is_empty());
        let missing = "KẾ HOẠCH\nVề việc tập huấn\n\nI. MỤC TIÊU\n1. Nâng cao kỹ năng.\n";
        assert_eq!(check(&parse_text(missing, None), &rules, &options).len(), 2);
    }
}
