//! `signer`: the shape of each signer block — a name under the titles (`name`), and for a
//! deputy signing `KT.`, the deputy's own title on the line after the authority line
//! (`deputy-title`).

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
