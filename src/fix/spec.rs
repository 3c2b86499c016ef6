//! The `[fix]` table of a rule file: a fix kind from a closed set written in Rust, its
//! parameters, and whether it is safe to apply without asking.
//!
//! ```toml
//! [fix]
//! kind = "replace"        # replace | insert | delete | nfc | convert-legacy |
//!                         # undo-double-encoding | unify-tone | layout
//! safety = "safe"         # safe: cannot change meaning; unsafe: wording or layout choices
//! cases = [ { find = '^(ngày\s+)([1-9])$', with = '${1}0$2' } ]
//! ```

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::check::kinds::Re;
use crate::check::Kind;

/// Whether a fix is applied by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    /// Cannot change what the plan says (encodings, NFC, spacing, punctuation slips).
    Safe,
    /// A wording or layout choice the drafter should review (`--unsafe-fixes`).
    Unsafe,
}

/// A rule's fix.
#[derive(Debug, Clone)]
pub struct Fix {
    /// What the fix does.
    pub kind: FixKind,
    /// Whether `vblint fix` applies it without `--unsafe-fixes`.
    pub safety: Safety,
}

/// The closed set of fixes.
#[derive(Debug, Clone)]
pub enum FixKind {
    /// Replace the text under the finding: with `with` literally, or by the first case whose
    /// `find` matches (regex replacement, `$1`/`${name}` refer to its groups).
    Replace(Replace),
    /// Insert `text` at the start or end of the finding.
    Insert(Insert),
    /// Delete one character at the start or end of the finding when it is one of `chars`.
    Delete(Delete),
    /// Compose decomposed text (Unicode NFC).
    Nfc,
    /// Convert text in a legacy encoding (TCVN3, VNI) to Unicode; in `.docx` the runs' legacy
    /// font becomes Times New Roman.
    ConvertLegacy,
    /// Read double-encoded lines back as they were written (see `extract::mojibake`).
    UndoDoubleEncoding,
    /// Rewrite every syllable of the minority tone-mark style in the other style.
    UnifyTone(UnifyTone),
    /// Set a `.docx` layout fact to what a `layout` rule allows (page size, margins,
    /// orientation, font); always unsafe.
    Layout(crate::check::kinds::LayoutTarget),
}

/// Parameters of `replace`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replace {
    /// The replacement of the whole span (no regex expansion).
    #[serde(default)]
    pub with: Option<String>,
    /// Tried in order; the first whose `find` matches the span's text is applied.
    #[serde(default)]
    pub cases: Vec<Case>,
    /// Leave the span alone when the character just before or after it is one of these (a
    /// run of them usually aligns text by eye).
    #[serde(default)]
    pub not_next_to: Option<String>,
}

/// One regex replacement.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Matched against the span's text.
    pub find: Re,
    /// The replacement (`$1`, `${name}`).
    pub with: String,
}

/// Which end of the span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Edge {
    /// Before the first character.
    Start,
    /// After the last character.
    End,
}

/// Parameters of `insert`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Insert {
    /// What to insert.
    pub text: String,
    /// Where.
    pub at: Edge,
}

/// Parameters of `delete`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delete {
    /// The characters that may be deleted.
    pub chars: String,
    /// Which end.
    pub at: Edge,
}

/// Parameters of `unify-tone`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnifyTone {
    /// `majority` (the style most syllables use), `old` (`hòa`) or `new` (`hoà`).
    #[serde(default = "majority")]
    pub style: ToneTarget,
}

fn majority() -> ToneTarget {
    ToneTarget::Majority
}

/// The style `unify-tone` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ToneTarget {
    /// The style the document uses most (ties go to the new style, as the finding does).
    Majority,
    /// Tone on the first vowel: `hòa`, `thủy`.
    Old,
    /// Tone on the second vowel: `hoà`, `thuỷ`.
    New,
}

/// The names of the fix kinds.
pub const FIX_KINDS: &[&str] = &[
    "replace",
    "insert",
    "delete",
    "nfc",
    "convert-legacy",
    "undo-double-encoding",
    "unify-tone",
    "layout",
];

fn params<T: DeserializeOwned>(table: toml::Table) -> Result<T, String> {
    toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| e.to_string().trim().replace('\n', " "))
}

/// Validates a rule's `[fix]` table against the rule's kind.
pub fn parse_fix(mut table: toml::Table, rule_kind: &Kind) -> Result<Fix, String> {
    let name = match table.remove("kind") {
        Some(toml::Value::String(s)) => s,
        Some(_) => return Err("`kind` must be a string".into()),
        None => return Err(format!("missing `kind` (one of: {})", FIX_KINDS.join(", "))),
    };
    let safety = match table.remove("safety") {
        Some(toml::Value::String(s)) if s == "safe" => Safety::Safe,
        Some(toml::Value::String(s)) if s == "unsafe" => Safety::Unsafe,
        Some(other) => {
            return Err(format!(
                "`safety` must be \"safe\" or \"unsafe\", not {other}"
            ))
        }
        None => return Err("missing `safety` (\"safe\" or \"unsafe\")".into()),
    };
    let no_params = |table: &toml::Table| match table.keys().next() {
        Some(k) => Err(format!("fix kind `{name}` takes no parameter `{k}`")),
        None => Ok(()),
    };
    let input_finding = match rule_kind {
        Kind::Input(p) => Some(p.finding),
        _ => None,
    };
    use crate::check::kinds::InputFinding;
    let kind = match name.as_str() {
        "replace" => {
            let r: Replace = params(table)?;
            // Exactly one of `with` and `cases`.
            if r.with.is_some() != r.cases.is_empty() {
                return Err("`replace` takes either `with` or `cases`, one of them".into());
            }
            FixKind::Replace(r)
        }
        "insert" => {
            let i: Insert = params(table)?;
            if i.text.is_empty() {
                return Err("`insert` needs a non-empty `text`".into());
            }
            FixKind::Insert(i)
        }
        "delete" => {
            let d: Delete = params(table)?;
            if d.chars.is_empty() {
                return Err("`delete` needs a non-empty `chars`".into());
            }
            FixKind::Delete(d)
        }
        "nfc" => {
            no_params(&table)?;
            if input_finding != Some(InputFinding::Decomposed) {
                return Err(
                    "`nfc` fixes only rules of kind `input` with finding = \"decomposed\"".into(),
                );
            }
            FixKind::Nfc
        }
        "convert-legacy" => {
            no_params(&table)?;
            if input_finding != Some(InputFinding::LegacyEncoding) {
                return Err(
                    "`convert-legacy` fixes only rules of kind `input` with finding = \"legacy-encoding\""
                        .into(),
                );
            }
            FixKind::ConvertLegacy
        }
        "undo-double-encoding" => {
            no_params(&table)?;
            if input_finding != Some(InputFinding::DoubleEncoded) {
                return Err("`undo-double-encoding` fixes only rules of kind `input` with finding = \"double-encoded\"".into());
            }
            FixKind::UndoDoubleEncoding
        }
        "unify-tone" => {
            if !matches!(rule_kind, Kind::ToneStyle(_)) {
                return Err("`unify-tone` fixes only rules of kind `tone-style`".into());
            }
            FixKind::UnifyTone(params(table)?)
        }
        "layout" => {
            no_params(&table)?;
            let Kind::Layout(p) = rule_kind else {
                return Err("`layout` fixes only rules of kind `layout`".into());
            };
            if safety != Safety::Unsafe {
                return Err("a layout fix is a layout choice: `safety` must be \"unsafe\"".into());
            }
            FixKind::Layout(p.fix_target().ok_or(
                "`layout` sets page size, margins, portrait orientation or one font; this rule's property or values are not one of those",
            )?)
        }
        other => {
            return Err(format!(
                "unknown fix kind `{other}` (expected one of: {})",
                FIX_KINDS.join(", ")
            ))
        }
    };
    if matches!(
        kind,
        FixKind::Replace(_) | FixKind::Insert(_) | FixKind::Delete(_)
    ) && (input_finding.is_some() || matches!(rule_kind, Kind::ToneStyle(_)))
    {
        return Err(format!(
            "fix kind `{name}` edits the text a finding points at; this rule's kind reports whole-file facts"
        ));
    }
    Ok(Fix { kind, safety })
}

/// Reads the optional `[fix]` table of a rule of kind `rule_kind` (the rule's examples are
/// checked against it by [`check_examples`]).
pub fn parse(table: Option<toml::Table>, rule_kind: &Kind) -> Result<Option<Fix>, String> {
    table
        .map(|table| parse_fix(table, rule_kind).map_err(|m| format!("[fix]: {m}")))
        .transpose()
}

/// Checks a rule's examples against its fix: a fixable rule shows the text after its fix in at
/// least one firing example (`fixed`), and only fixable rules may.
pub fn check_examples(fix: Option<&Fix>, examples: &[crate::check::Example]) -> Result<(), String> {
    use crate::check::Expect;
    let fixed: Vec<usize> = (0..examples.len())
        .filter(|&i| examples[i].fixed.is_some())
        .collect();
    let Some(fix) = fix else {
        return match fixed.first() {
            Some(i) => Err(format!(
                "example {}: `fixed` needs a `[fix]` table in the rule",
                i + 1
            )),
            None => Ok(()),
        };
    };
    for &i in &fixed {
        let e = &examples[i];
        if e.expect != Expect::Fire || e.docx.is_some() {
            return Err(format!(
                "example {}: `fixed` belongs on a firing text example",
                i + 1
            ));
        }
    }
    let layout = matches!(fix.kind, FixKind::Layout(_));
    if layout && !fixed.is_empty() {
        return Err("[fix]: a layout fix keeps the text; its firing .docx examples are checked to stop firing instead of `fixed`".into());
    }
    if fixed.is_empty() && !layout {
        return Err(
            "[fix]: a rule with a fix needs a firing example with `fixed` (the text after the fix)"
                .into(),
        );
    }
    Ok(())
}
