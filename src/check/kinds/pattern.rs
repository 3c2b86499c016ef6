//! `pattern`: a regular expression that must not occur (`forbid`), must occur somewhere
//! (`require`), or must match every element (`each`) inside a scope, optionally only inside the
//! top-level sections whose title matches `section`.

use serde::Deserialize;

use super::scope::section_extents;
use super::{excerpt, Context, Hit, Re, Scope};
use crate::source::Span;

/// Placeholders: `{match}` (the matched text, `forbid`), `{text}` (the element's text),
/// `{count}` (how many places the whole document has, useful with `max_reports = 1`),
/// `{fault}` (what is wrong with the element, from the rule's `fault` list).
///
/// With `forbid`, a capture group named `at` narrows the reported place to that group (the
/// regex has no look-around, so context around the fault is matched but not underlined).
pub const PLACEHOLDERS: &[&str] = &["match", "text", "count", "correct", "fault"];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Where to look.
    pub scope: Scope,
    /// How the pattern is used.
    pub mode: Mode,
    /// The regular expression (Rust `regex` syntax, matched against NFC text).
    pub pattern: Re,
    /// Elements matching this are skipped.
    #[serde(default)]
    pub unless: Option<Re>,
    /// Only inside top-level sections whose upper-cased title matches this.
    #[serde(default)]
    pub section: Option<Re>,
    /// Report at most this many places per document (default: all); `{count}` says how many
    /// there are in all.
    #[serde(default)]
    pub max_reports: Option<usize>,
    /// For a list of known misspellings: each wrong form (lower case) and its right form, given
    /// to the message as `{correct}` in the case of the match.
    #[serde(default)]
    pub corrections: std::collections::BTreeMap<String, String>,
    /// What is wrong, named for the reviewer: one pattern often stands for several rules of
    /// form (`Số: 7/KH-UBND` lacks the leading zero, `Số 07/KH-UBND` the colon), and a message
    /// that only repeats the form leaves the reviewer to find the difference. `{fault}` is the
    /// `says` of the first listed fault whose `when` matches the element, or of the last one,
    /// which has no `when`, when none does (list a fault that combines two before either).
    #[serde(default)]
    pub fault: Vec<Fault>,
}

/// One way an element can be wrong, for `{fault}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Matches the elements that have this fault; absent on the last fault, said when no other
    /// applies.
    #[serde(default)]
    pub when: Option<Re>,
    /// The fault in words.
    pub says: crate::check::rule::Text,
}

/// The right form for a match, in the match's case (`LÃNH PHÍ` → `LÃNG PHÍ`).
fn corrected(corrections: &std::collections::BTreeMap<String, String>, found: &str) -> String {
    let lower = found.to_lowercase();
    let Some(right) = corrections.get(&lower) else {
        return String::new();
    };
    if found == found.to_uppercase() && found != lower {
        return right.to_uppercase();
    }
    let mut chars = right.chars();
    match (found.chars().next(), chars.next()) {
        (Some(f), Some(r)) if f.is_uppercase() => r.to_uppercase().chain(chars).collect(),
        _ => right.clone(),
    }
}

/// How a pattern is used.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Every match is a finding.
    Forbid,
    /// When the scope exists and no element matches, one finding at the scope's first element.
    Require,
    /// Every element that does not match is a finding.
    Each,
}

impl Params {
    /// Checks what the types cannot: the fault list ends with one fault without `when`, the
    /// only one, so `{fault}` always says something.
    pub(super) fn validate(&self) -> Result<(), String> {
        let Some((last, rest)) = self.fault.split_last() else {
            return Ok(());
        };
        if last.when.is_some() || rest.iter().any(|f| f.when.is_none()) {
            return Err(
                "`fault`: every fault but the last needs `when`, and the last has none (it is said when no other applies)"
                    .into(),
            );
        }
        Ok(())
    }

    /// `{fault}` for an element's text: the first fault that applies, or the catch-all.
    fn faults_of(&self, text: &str, english: bool) -> String {
        self.fault
            .iter()
            .find(|f| f.when.as_ref().is_none_or(|w| w.0.is_match(text)))
            .map(|f| f.says.get(english).to_string())
            .unwrap_or_default()
    }

    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let mut elements = self.scope.elements(doc);
        if let Some(title) = &self.section {
            let extents = section_extents(doc, &title.0);
            elements.retain(|e| extents.iter().any(|x| x.contains(e.start)));
        }
        if let Some(unless) = self.unless.as_ref().filter(|u| u.0.may_occur(doc)) {
            elements.retain(|&e| !unless.0.is_match(doc.text(e)));
        }
        // Most patterns look for a defect a plan does not have: when the words every match
        // needs are absent, no element matches and the pattern is never compiled.
        let may_occur = self.pattern.0.may_occur(doc);
        if self.mode != Mode::Require {
            // A header part whose rest a PDF converter put lines away (`Số:` … `/BC-VHXH`)
            // cannot be judged from its own line.
            let split = &doc.header.split;
            elements.retain(|e| !split.iter().any(|s| s.start < e.end && e.start < s.end));
        }
        let mut hits = Vec::new();
        match self.mode {
            Mode::Forbid if !may_occur => {}
            Mode::Forbid => {
                for &e in &elements {
                    if !self.pattern.0.may_match(doc, e) {
                        continue;
                    }
                    for c in self.pattern.0.captures_iter(doc.text(e)) {
                        let Some(m) = c.name("at").or_else(|| c.get(0)) else {
                            continue;
                        };
                        let span = Span::new(e.start + m.start(), e.start + m.end());
                        hits.push(
                            Hit::at(span)
                                .with("match", m.as_str().to_string())
                                .with("text", excerpt(doc, e))
                                .with("correct", corrected(&self.corrections, m.as_str()))
                                .with("fault", self.faults_of(doc.text(e), cx.english)),
                        );
                    }
                }
            }
            Mode::Require => {
                let found = may_occur
                    && elements.iter().any(|&e| {
                        let text = doc.text(e);
                        self.pattern.0.may_match(doc, e) && self.pattern.0.is_match(text)
                    });
                if let (false, Some(&first)) = (found, elements.first()) {
                    hits.push(
                        Hit::at(first)
                            .with("text", excerpt(doc, first))
                            .with("fault", self.faults_of(doc.text(first), cx.english)),
                    );
                }
            }
            Mode::Each => {
                for &e in &elements {
                    if !may_occur || !self.pattern.0.is_match(doc.text(e)) {
                        hits.push(
                            Hit::at(e)
                                .with("text", excerpt(doc, e))
                                .with("fault", self.faults_of(doc.text(e), cx.english)),
                        );
                    }
                }
            }
        }
        // `{count}` is the number of places found, so a rule reporting only the first
        // (`max_reports = 1`) can still say how many there are.
        let count = hits.len().to_string();
        for h in &mut hits {
            h.vars.push(("count", count.clone()));
        }
        if let Some(max) = self.max_reports {
            hits.truncate(max);
        }
        hits
    }
}

#[cfg(test)]
mod correction_tests {
    use super::corrected;

    #[test]
    fn the_right_form_takes_the_case_of_the_match() {
        let map = [("lãnh phí".to_string(), "lãng phí".to_string())].into();
        assert_eq!(corrected(&map, "lãnh phí"), "lãng phí");
        assert_eq!(corrected(&map, "Lãnh phí"), "Lãng phí");
        assert_eq!(corrected(&map, "LÃNH PHÍ"), "LÃNG PHÍ");
        assert_eq!(corrected(&map, "khác"), "");
    }
}

#[cfg(test)]
mod fault_tests {
    use crate::check::{check, parse_rule, parse_text, CheckOptions, RuleSet};

    const RULE: &str = r#"
id = "number-form"
severity = "error"
kind = "pattern"
[summary]
vi = "Số sai dạng"
en = "Number malformed"
[message]
vi = "\"{text}\": {fault}"
en = "\"{text}\": {fault}"
[help]
vi = "sửa"
en = "fix"
[docs]
vi = "."
en = "."
source = "-"
[params]
scope = "header.so_ky_hieu"
mode = "each"
pattern = '^Số: [0-9]{2,}/KH-[A-Z]+$'
FAULTS
[[example]]
expect = "fire"
text = "UBND HUYỆN A\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHÒNG B\tĐộc lập - Tự do - Hạnh phúc\nSố: 7/KH-PB\tA, ngày 06 tháng 3 năm 2024\n\nKẾ HOẠCH\nVề việc\n"
[[example]]
expect = "pass"
text = "UBND HUYỆN A\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHÒNG B\tĐộc lập - Tự do - Hạnh phúc\nSố: 07/KH-PB\tA, ngày 06 tháng 3 năm 2024\n\nKẾ HOẠCH\nVề việc\n"
"#;

    const FAULTS: &str = r#"
[[params.fault]]
when = '^Số [0-9]/'
says = { vi = "thiếu dấu hai chấm và số 0", en = "no colon and no zero" }
[[params.fault]]
when = '^Số [0-9]'
says = { vi = "thiếu dấu hai chấm", en = "no colon" }
[[params.fault]]
when = '^Số:? [0-9]/'
says = { vi = "thiếu số 0", en = "no zero" }
[[params.fault]]
says = { vi = "sai dạng", en = "malformed" }
"#;

    fn message(number: &str, english: bool) -> String {
        let rule = parse_rule(&RULE.replace("FAULTS", FAULTS), "t.toml").expect("rule loads");
        let text = format!("UBND HUYỆN A\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHÒNG B\tĐộc lập - Tự do - Hạnh phúc\n{number}\tA, ngày 06 tháng 3 năm 2024\n\nKẾ HOẠCH\nVề việc\n");
        let doc = parse_text(&text, None);
        let mut set = RuleSet::default();
        set.insert(rule, &mut Vec::new());
        let options = CheckOptions {
            english,
            ..CheckOptions::default()
        };
        let found = check(&doc, &set, &options);
        assert_eq!(found.len(), 1, "{number}: {found:?}");
        found[0].message.clone()
    }

    #[test]
    fn the_first_fault_that_applies_is_named() {
        assert_eq!(message("Số: 7/KH-PB", false), "\"Số: 7/KH-PB\": thiếu số 0");
        assert_eq!(
            message("Số 07/KH-PB", false),
            "\"Số 07/KH-PB\": thiếu dấu hai chấm"
        );
        assert_eq!(
            message("Số 7/KH-PB", false),
            "\"Số 7/KH-PB\": thiếu dấu hai chấm và số 0"
        );
        assert_eq!(message("Số: 07/KH-pb", false), "\"Số: 07/KH-pb\": sai dạng");
        assert_eq!(message("Số: 7/KH-PB", true), "\"Số: 7/KH-PB\": no zero");
    }

    #[test]
    fn a_fault_list_must_end_with_its_catch_all() {
        let no_catch_all = FAULTS.replace(
            "[[params.fault]]\nsays = { vi = \"sai dạng\", en = \"malformed\" }\n",
            "",
        );
        let e = parse_rule(&RULE.replace("FAULTS", &no_catch_all), "t.toml").unwrap_err();
        assert!(e.message.contains("`fault`"), "{e}");
        let e = parse_rule(&RULE.replace("FAULTS", ""), "t.toml").unwrap_err();
        assert!(
            e.message.contains("{fault}") && e.message.contains("[[params.fault]]"),
            "{e}"
        );
    }
}
