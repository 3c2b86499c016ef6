//! `signer`: the shape of each signer block — a name under the titles (`name`), and for a
//! deputy signing `KT.`, the deputy's own title on the line after the authority line
//! (`deputy-title`); a deputy signing for the chair of a committee does so on behalf of the
//! committee (`collective`).

use serde::Deserialize;

use super::{excerpt, Context, Hit, Re};

/// Placeholders: `{text}` (the block's first line), `{prefix}` (the authority prefix).
pub const PLACEHOLDERS: &[&str] = &["text", "prefix"];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// What to check.
    pub check: Check,
    /// For `deputy-title`: the prefixes that sign for someone else and need a second title line.
    #[serde(default = "deputy_prefixes")]
    pub prefixes: Vec<String>,
    /// For `joint`: a title line (`KẾ HOẠCH LIÊN TỊCH`) that marks a plan issued jointly by
    /// several bodies, each of which signs its own block.
    #[serde(default)]
    pub joint_title: Option<Re>,
    /// For `collective`: the issuing body that works as a collective (`ỦY BAN NHÂN DÂN …`),
    /// matched against the issuer's name in the header.
    #[serde(default)]
    pub issuer: Option<Re>,
    /// For `collective`: the line where a deputy signs for the head of that body
    /// (`KT. CHỦ TỊCH`).
    #[serde(default)]
    pub deputy_line: Option<Re>,
    /// For `collective`: a line naming the head as the issuing authority
    /// (`CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …` above a decision the chair issues in their own
    /// competence); when present, `KT.` without `TM.` is right.
    #[serde(default)]
    pub personal_authority: Option<Re>,
    /// For `collective`: the prefixes that sign on behalf of the collective.
    #[serde(default = "collective_prefixes")]
    pub collective_prefixes: Vec<String>,
}

fn collective_prefixes() -> Vec<String> {
    vec!["TM.".into(), "TM".into(), "T/M".into()]
}

/// Words that open the second line of an issuer's name broken over two lines
/// (`ỦY BAN NHÂN DÂN` / `XÃ AN BÌNH`).
const UNIT_WORDS: &[&str] = &[
    "TỈNH",
    "THÀNH PHỐ",
    "HUYỆN",
    "QUẬN",
    "THỊ XÃ",
    "XÃ",
    "PHƯỜNG",
    "THỊ TRẤN",
    "ĐẶC KHU",
];

/// The issuer's name: the last agency line, joined to the line above when the name is broken
/// over two lines before the administrative unit.
fn issuer_name(doc: &crate::parse::Document) -> Option<String> {
    let agency = &doc.header.agency;
    let last = doc.text(*agency.last()?).trim().to_string();
    let upper = last.to_uppercase();
    if agency.len() >= 2
        && UNIT_WORDS
            .iter()
            .any(|w| upper.starts_with(&format!("{w} ")))
    {
        let above = doc.text(agency[agency.len() - 2]).trim();
        return Some(format!("{above} {last}"));
    }
    Some(last)
}

fn deputy_prefixes() -> Vec<String> {
    vec!["KT.".into(), "KT".into(), "K/T".into()]
}

/// The checks.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// Every block has a name.
    Name,
    /// A `KT.` block has the deputy's own title after the authority line.
    DeputyTitle,
    /// A joint plan (its title matches `joint_title`) has at least two signer blocks.
    Joint,
    /// A deputy signing for the head of a collective body (`KT. CHỦ TỊCH` of an Ủy ban nhân
    /// dân) does so on behalf of the collective: a `TM.` line stands above the `KT.` line.
    Collective,
}

impl Params {
    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let mut hits = Vec::new();
        if self.check == Check::Joint {
            let (Some(title), Some(re)) = (doc.title, &self.joint_title) else {
                return hits;
            };
            if re.0.is_match(doc.text(title)) && doc.signers.len() == 1 {
                let first = doc.signers[0].titles.first().copied().unwrap_or(title);
                let prefix = doc.signers[0]
                    .authority
                    .as_ref()
                    .map_or(String::new(), |a| a.prefix.clone());
                hits.push(
                    Hit::at(doc.signers[0].span())
                        .with("text", excerpt(doc, first))
                        .with("prefix", prefix),
                );
            }
            return hits;
        }
        if self.check == Check::Collective {
            let (Some(issuer), Some(deputy)) = (&self.issuer, &self.deputy_line) else {
                return hits;
            };
            if !issuer_name(doc).is_some_and(|name| issuer.0.is_match(&name)) {
                return hits;
            }
            let personal = self.personal_authority.as_ref().is_some_and(|re| {
                doc.source
                    .text()
                    .lines()
                    .any(|l| re.0.is_match(&crate::parse::lines::clean(l)))
            });
            if personal {
                return hits;
            }
            for block in &doc.signers {
                let on_behalf = block
                    .authorities
                    .iter()
                    .any(|a| self.collective_prefixes.contains(&a.prefix));
                let kt_line = block
                    .titles
                    .iter()
                    .find(|&&t| deputy.0.is_match(doc.text(t).trim()));
                if let (false, Some(&line)) = (on_behalf, kt_line) {
                    hits.push(
                        Hit::at(line)
                            .with("text", excerpt(doc, line))
                            .with("prefix", "KT."),
                    );
                }
            }
            return hits;
        }
        for block in &doc.signers {
            let Some(&first) = block.titles.first() else {
                continue;
            };
            let prefix = block
                .authority
                .as_ref()
                .map_or(String::new(), |a| a.prefix.clone());
            let hit = |span| {
                Hit::at(span)
                    .with("text", excerpt(doc, first))
                    .with("prefix", prefix.clone())
            };
            match self.check {
                Check::Name if block.name.is_none() => {
                    hits.push(hit(*block.titles.last().unwrap_or(&first)))
                }
                Check::DeputyTitle if self.prefixes.contains(&prefix) => {
                    // The deputy's own title must follow the line that carries `KT.`, which is
                    // not the first line when the block opens with `TM. …`.
                    let line = block
                        .authority
                        .as_ref()
                        .and_then(|a| block.titles.iter().position(|t| t.contains(a.span.start)))
                        .unwrap_or(0);
                    if line + 1 >= block.titles.len() {
                        hits.push(hit(block.titles[line]));
                    }
                }
                _ => {}
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::parse_text;

    fn collective() -> Params {
        let re = |s: &str| Some(Re::new(s).unwrap());
        Params {
            check: Check::Collective,
            prefixes: deputy_prefixes(),
            joint_title: None,
            issuer: re(r"^(ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN\b"),
            deputy_line: re(r"^(KT\.?|K/T)\s*CHỦ\s+TỊCH$"),
            personal_authority: re(r"^\s*CHỦ\s+TỊCH\s+(ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN\b"),
            collective_prefixes: collective_prefixes(),
        }
    }

    const PLAN: &str = "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ AN BÌNH\tĐộc lập - Tự do - Hạnh phúc\nSố: 21/KH-UBND\tAn Bình, ngày 06 tháng 3 năm 2024\n\nKẾ HOẠCH\nTổ chức Ngày hội\n\nTrên đây là Kế hoạch./.\n\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Thị Hoa\n";

    #[test]
    fn committee_deputy_without_tm_and_the_chairs_own_act() {
        let doc = parse_text(PLAN, None);
        assert_eq!(collective().check(&Context::draft(&doc)).len(), 1);
        // The issuer's name broken over two lines is joined.
        assert_eq!(
            issuer_name(&doc).as_deref(),
            Some("ỦY BAN NHÂN DÂN XÃ AN BÌNH")
        );
        // A document naming the Chair as its author: KT. without TM. is right.
        let own = PLAN.replace(
            "Trên đây",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN BÌNH\n\nTrên đây",
        );
        let doc = parse_text(&own, None);
        assert!(collective().check(&Context::draft(&doc)).is_empty());
    }
}
