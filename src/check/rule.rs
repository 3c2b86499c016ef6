//! Rule files: the TOML schema, loading and validation.
//!
//! A rule file declares one rule: its stable id, severity, bilingual message and help, docs with
//! the article it rests on, the kind (a check written in Rust) with that kind's parameters, and
//! examples that must and must not trigger it. Loading is strict: an unknown key, a bad regex or
//! a bad parameter is an error that names the file.

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::kinds::Kind;
use crate::parse::System;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Should be fixed; does not fail a run.
    Warning,
    /// Must be fixed; the run exits with code 1.
    Error,
}

impl Severity {
    /// The word used in output and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// A text in Vietnamese and English.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The text in the chosen language.
    pub fn get(&self, english: bool) -> &str {
        if english {
            &self.en
        } else {
            &self.vi
        }
    }
}

/// An example's note: in both languages, or one text (a user's rule file written in one
/// language), shown as written whatever the language of the output.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Note {
    /// `note = { vi = "…", en = "…" }`.
    Both(Text),
    /// `note = "…"`.
    One(String),
}

impl Note {
    /// The note in the chosen language (a one-language note as written).
    pub fn get(&self, english: bool) -> &str {
        match self {
            Note::Both(t) => t.get(english),
            Note::One(s) => s,
        }
    }
}

/// A rule's documentation: what it checks and why, in both languages, and its legal source.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    /// Vietnamese documentation: what it checks, why.
    pub vi: String,
    /// English documentation.
    pub en: String,
    /// The article of Nghị định 30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW (or other source) it rests on.
    pub source: String,
}

impl Docs {
    /// The documentation in the chosen language.
    pub fn get(&self, english: bool) -> &str {
        if english {
            &self.en
        } else {
            &self.vi
        }
    }
}

/// Whether an example must trigger the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    /// The rule must fire on the example.
    Fire,
    /// The rule must stay quiet.
    Pass,
}

/// Plan text that must or must not trigger the rule; the test suite and `--rules` loading run
/// every example.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Whether the rule must fire.
    pub expect: Expect,
    /// The plan text (a whole plan or just the part the rule reads).
    pub text: String,
    /// Build the example as a `.docx` with this layout instead of reading it as a `.txt`
    /// (`[example.docx]`: page setup, default font and size, direct formatting by line).
    #[serde(default)]
    pub docx: Option<super::docx_example::DocxExample>,
    /// Save the example's `.txt` in this encoding instead of UTF-8 (`"windows-1258"`), for
    /// rules about how a file was encoded.
    #[serde(default)]
    pub encoding: Option<String>,
    /// When firing, exactly how many findings.
    #[serde(default)]
    pub count: Option<usize>,
    /// Check the example as an issued plan (`--issued`).
    #[serde(default)]
    pub issued: bool,
    /// Force the document system for the example.
    #[serde(default)]
    pub system: Option<String>,
    /// Force the document type for the example (by default it is detected; a fragment whose
    /// type cannot be told is read as the first type the rule applies to).
    #[serde(default, rename = "type")]
    pub doc_type: Option<String>,
    /// Why the example behaves as it does (`note = { vi = "…", en = "…" }`; the built-in
    /// rules give both languages).
    #[serde(default)]
    pub note: Option<Note>,
    /// For a rule with a `[fix]`: the text after `vblint fix --unsafe-fixes` (checked by the
    /// example runner).
    #[serde(default)]
    pub fixed: Option<String>,
}

/// The raw shape of a rule file. `D` and `E` are the types of `docs` and `example`: [`Docs`]
/// and the examples when read from TOML; `()` in the embedded form, where the build script moved
/// them to JSON of their own and left `null` in their place.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile<D, E> {
    id: String,
    severity: Severity,
    #[serde(default)]
    severity_issued: Option<Severity>,
    #[serde(default)]
    opt_in: bool,
    #[serde(default)]
    skip_if: Vec<String>,
    kind: String,
    #[serde(default)]
    systems: Option<Vec<String>>,
    #[serde(default)]
    input: Option<String>,
    #[serde(default)]
    applies_to: Vec<String>,
    #[serde(default)]
    except: Vec<String>,
    summary: Text,
    message: Text,
    help: Text,
    #[serde(default)]
    help_style: Option<Text>,
    docs: D,
    #[serde(default)]
    params: Option<toml::Table>,
    #[serde(default)]
    example: E,
    #[serde(default)]
    fix: Option<toml::Table>,
}

/// Which inputs a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFilter {
    /// Every input.
    Any,
    /// Only `.docx` (layout facts).
    Docx,
}

/// A fact about a document under which a rule stays silent (`skip_if`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipIf {
    /// The plan is checked as a draft (the default, without `--issued`) and carries no
    /// digital signature's stamp: the number and date are given after signature (Nghị định
    /// 30, Điều 15), so a blank one is normal.
    Draft,
    /// The plan calls itself a draft (`DỰ THẢO`) and is not checked as issued: a blank number
    /// or date is what a draft has.
    MarkedDraft,
    /// The text's spaces were stretched by a layout-preserving PDF extraction: runs of spaces
    /// between words are the extraction's, not the writer's.
    StretchedSpacing,
}

impl SkipIf {
    /// The fact named in a rule file.
    pub fn from_id(id: &str) -> Option<SkipIf> {
        match id {
            "draft" => Some(SkipIf::Draft),
            "marked-draft" => Some(SkipIf::MarkedDraft),
            "stretched-spacing" => Some(SkipIf::StretchedSpacing),
            _ => None,
        }
    }
}

/// A validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable kebab-case id, part of the product's contract.
    pub id: String,
    /// Default severity.
    pub severity: Severity,
    /// Severity when the plan is checked as issued (`--issued`), if different.
    pub severity_issued: Option<Severity>,
    /// True for a rule that runs only when a selection names it by id (`--extend-select
    /// text-nbsp`): what it reports is true but rarely worth a reviewer's time.
    pub opt_in: bool,
    /// Facts about a document that make the rule say nothing on it (`skip_if` in the file):
    /// what it would report is expected there, or cannot be told from the text.
    pub skip_if: Vec<SkipIf>,
    /// The check and its parameters.
    pub kind: Kind,
    /// Systems the rule applies to; empty means all.
    pub systems: Vec<System>,
    /// Which inputs it reads.
    pub input: InputFilter,
    /// Document types (ids of `parse::doctype::TYPES`, or `ke-hoach-kem-theo` for a plan
    /// attached to a decision) the rule applies to; empty means every type.
    pub applies_to: Vec<String>,
    /// Document types the rule skips even when `applies_to` admits them (a plan attached to a
    /// decision has the decision's header and signature, not its own).
    pub except: Vec<String>,
    /// One-line summary for `vblint rules`.
    pub summary: Text,
    /// The diagnostic message, with `{placeholders}` filled by the kind.
    pub message: Text,
    /// How to fix it.
    pub help: Text,
    /// How to fix it when the value found comes from a style or the document defaults (a
    /// `layout` rule on a run property): change the style rather than the text. `help` applies
    /// otherwise.
    pub help_style: Option<Text>,
    /// Documentation (read on first use for an embedded rule).
    pub docs: Deferred<Docs>,
    /// Examples that must and must not trigger it (read on first use for an embedded rule).
    pub examples: Deferred<Vec<Example>>,
    /// How `vblint fix` repairs a finding, if it can.
    pub fix: Option<crate::fix::Fix>,
    /// Where the rule came from (`rules/…toml` inside the binary, or a path).
    pub origin: String,
}

impl Rule {
    /// True when the rule applies to plans of `system`.
    pub fn applies_to(&self, system: System) -> bool {
        self.systems.is_empty() || self.systems.contains(&system)
    }

    /// The severity for a run, depending on whether the plan is checked as issued.
    pub fn effective_severity(&self, issued: bool) -> Severity {
        match (issued, self.severity_issued) {
            (true, Some(s)) => s,
            _ => self.severity,
        }
    }
}

/// A part of a rule that a check never reads (its docs, its examples). A user's rule file has it
/// read and checked when loaded; an embedded rule keeps it as the build script's JSON until
/// first used, so a check does not pay to deserialise the documentation of 100-odd rules.
/// Derefs to the value.
#[derive(Clone)]
pub struct Deferred<T> {
    value: OnceLock<T>,
    /// The JSON the value is read from (embedded rules); unused once `value` is set.
    json: &'static str,
}

impl<T: DeserializeOwned> Deferred<T> {
    /// A value already read.
    pub fn new(value: T) -> Deferred<T> {
        Deferred {
            value: OnceLock::from(value),
            json: "",
        }
    }

    /// A value to read from the build script's JSON when first used.
    fn embedded(json: &'static str) -> Deferred<T> {
        Deferred {
            value: OnceLock::new(),
            json,
        }
    }

    /// The value if it has been read already.
    pub fn loaded(&self) -> Option<&T> {
        self.value.get()
    }

    /// The value, read now if it was not yet; an error when the JSON does not fit.
    fn try_load(&self) -> Result<&T, String> {
        if let Some(value) = self.value.get() {
            return Ok(value);
        }
        let value = serde_json::from_str(self.json).map_err(|e| e.to_string())?;
        // Another thread may have read it meanwhile: the same JSON gives the same value.
        Ok(self.value.get_or_init(|| value))
    }
}

impl<T: DeserializeOwned> Deref for Deferred<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // The JSON was written by the build script from a rule file the crate's unit tests load
        // fully (`check::tests`), so it fits unless the build is broken.
        self.try_load()
            .unwrap_or_else(|e| panic!("an embedded rule's JSON does not load: {e}"))
    }
}

impl<T: DeserializeOwned + fmt::Debug> fmt::Debug for Deferred<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// Compares the values (reading them).
impl<T: DeserializeOwned + PartialEq> PartialEq for Deferred<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: DeserializeOwned + Eq> Eq for Deferred<T> {}

/// A rule file that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The file.
    pub origin: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

impl std::error::Error for RuleError {}

/// Parses and validates one rule file.
pub fn parse_rule(source: &str, origin: &str) -> Result<Rule, RuleError> {
    let err = |message: String| RuleError {
        origin: origin.to_string(),
        message,
    };
    let file: RuleFile<Docs, Vec<Example>> = toml::from_str(source).map_err(|e| {
        err(e
            .to_string()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" "))
    })?;
    validate(file, origin, |docs, examples| {
        (Deferred::new(docs), Deferred::new(examples))
    })
}

/// Loads one rule of the embedded set, which the build script (`build.rs`) checked and
/// serialised as JSON: no TOML is parsed at start-up, and the rule is validated as a TOML rule
/// file is, except for its docs and examples (`docs`, `examples`: their own JSON), which are
/// read when first used and checked by [`check_deferred`] in the unit tests.
pub(crate) fn parse_embedded_rule(
    head: &str,
    docs: &'static str,
    examples: &'static str,
    origin: &str,
) -> Result<Rule, RuleError> {
    let file: RuleFile<(), ()> = serde_json::from_str(head).map_err(|e| RuleError {
        origin: origin.to_string(),
        message: e.to_string(),
    })?;
    validate(file, origin, |(), ()| {
        (Deferred::embedded(docs), Deferred::embedded(examples))
    })
}

/// Checks a rule file's fields and builds the rule; `extras` turns the file's `docs` and
/// `example` into the rule's. Examples already read (a user's file) are checked here.
fn validate<D, E>(
    file: RuleFile<D, E>,
    origin: &str,
    extras: impl FnOnce(D, E) -> (Deferred<Docs>, Deferred<Vec<Example>>),
) -> Result<Rule, RuleError> {
    let err = |message: String| RuleError {
        origin: origin.to_string(),
        message,
    };
    let (docs, examples) = extras(file.docs, file.example);
    if !is_kebab(&file.id) {
        return Err(err(format!(
            "rule id `{}` must be kebab-case (lower-case letters, digits and `-`)",
            file.id
        )));
    }
    let mut systems = Vec::new();
    for s in file.systems.unwrap_or_default() {
        systems.push(System::from_id(&s).ok_or_else(|| {
            err(format!(
                "unknown system `{s}` in `systems` (expected state, party or youth)"
            ))
        })?);
    }
    let skip_if = file
        .skip_if
        .iter()
        .map(|s| {
            SkipIf::from_id(s).ok_or_else(|| {
                err(format!(
                    "unknown `{s}` in `skip_if` (expected draft, marked-draft or stretched-spacing)"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let input = match file.input.as_deref() {
        None | Some("any") => InputFilter::Any,
        Some("docx") => InputFilter::Docx,
        Some(other) => {
            return Err(err(format!(
                "unknown input `{other}` (expected any or docx)"
            )))
        }
    };
    for id in file.applies_to.iter().chain(&file.except) {
        let known = crate::parse::doctype::by_id(id).is_some()
            || id == crate::parse::doctype::ATTACHED_PLAN;
        if !known {
            let ids: Vec<&str> = crate::parse::doctype::TYPES.iter().map(|t| t.id).collect();
            return Err(err(format!(
                "unknown document type `{id}` in `applies_to` or `except` (expected one of: {}, {})",
                ids.join(", "),
                crate::parse::doctype::ATTACHED_PLAN
            )));
        }
    }
    if let Some(examples) = examples.loaded() {
        check_examples(examples).map_err(err)?;
    }
    let kind = Kind::from_params(&file.kind, file.params.unwrap_or_default())
        .map_err(|m| err(format!("kind `{}`: {m}", file.kind)))?;
    if file.help_style.is_some() && !matches!(kind, Kind::Layout(_)) {
        return Err(err(format!(
            "`help_style` applies to kind `layout` only, not `{}`",
            file.kind
        )));
    }
    let texts = [("message", Some(&file.message)), ("help", Some(&file.help))];
    let styled = [("help_style", file.help_style.as_ref())];
    for (field, text) in texts.into_iter().chain(styled) {
        let Some(text) = text else { continue };
        for (lang, s) in [("vi", &text.vi), ("en", &text.en)] {
            if s.trim().is_empty() {
                return Err(err(format!("{field}.{lang} is empty")));
            }
            for name in placeholders(s) {
                if name != DOCUMENT_NOUN && !kind.fills(&name) {
                    let why = if name == "fault" && kind.placeholders().contains(&"fault") {
                        " without a `[[params.fault]]` list".to_string()
                    } else {
                        String::new()
                    };
                    return Err(err(format!(
                        "{field}.{lang} uses {{{name}}}, which kind `{}` does not fill{why} (it fills: {})",
                        file.kind,
                        kind.placeholders().join(", ")
                    )));
                }
            }
        }
    }
    let fix = crate::fix::spec::parse(file.fix, &kind).map_err(err)?;
    if let Some(examples) = examples.loaded() {
        crate::fix::spec::check_examples(fix.as_ref(), examples).map_err(err)?;
    }
    Ok(Rule {
        id: file.id,
        severity: file.severity,
        severity_issued: file.severity_issued,
        opt_in: file.opt_in,
        skip_if,
        kind,
        systems,
        input,
        applies_to: file.applies_to,
        except: file.except,
        summary: file.summary,
        message: file.message,
        help: file.help,
        help_style: file.help_style,
        docs,
        examples,
        fix,
        origin: origin.to_string(),
    })
}

/// Checks what loading an embedded rule leaves for later: its docs and examples are read (they
/// must fit the schema) and the examples are checked as a user's rule file's are.
#[cfg(test)]
pub(crate) fn check_deferred(rule: &Rule) -> Result<(), RuleError> {
    let err = |message: String| RuleError {
        origin: rule.origin.clone(),
        message,
    };
    rule.docs
        .try_load()
        .map_err(|e| err(format!("docs: {e}")))?;
    let examples = rule
        .examples
        .try_load()
        .map_err(|e| err(format!("example: {e}")))?;
    check_examples(examples).map_err(err)?;
    crate::fix::spec::check_examples(rule.fix.as_ref(), examples).map_err(err)
}

/// The checks of a rule's examples that need no kind: each is well formed, and at least one
/// fires and one passes.
fn check_examples(examples: &[Example]) -> Result<(), String> {
    for (i, e) in examples.iter().enumerate() {
        if e.text.trim().is_empty() {
            return Err(format!("example {}: `text` is empty", i + 1));
        }
        if let Some(d) = &e.docx {
            if let Some(f) = d.format.iter().find(|f| f.line.trim().is_empty()) {
                return Err(format!(
                    "example {}: a `format` entry has an empty `line` ({f:?})",
                    i + 1
                ));
            }
        }
        if let Some(enc) = &e.encoding {
            if enc != "windows-1258" || e.docx.is_some() {
                return Err(format!(
                    "example {}: unknown encoding `{enc}` (expected windows-1258, for a .txt example)",
                    i + 1
                ));
            }
        }
        if let Some(s) = &e.system {
            if System::from_id(s).is_none() {
                return Err(format!("example {}: unknown system `{s}`", i + 1));
            }
        }
        if let Some(t) = &e.doc_type {
            if crate::parse::doctype::by_id(t).is_none() {
                return Err(format!("example {}: unknown document type `{t}`", i + 1));
            }
        }
    }
    if examples.iter().all(|e| e.expect != Expect::Fire)
        || examples.iter().all(|e| e.expect != Expect::Pass)
    {
        return Err("a rule needs at least one example that fires and one that passes".into());
    }
    Ok(())
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The `{name}` placeholders in a message.
pub fn placeholders(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(after[..close].to_string());
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

/// A placeholder every rule may use: the checked document's type as a common noun ("kế
/// hoạch", "quyết định", "công văn"; "văn bản" when the type is unknown), so a rule that applies
/// to every type speaks of the document the reviewer has open.
pub const DOCUMENT_NOUN: &str = "van_ban";

/// Fills `{name}` placeholders from `vars`.
pub fn fill(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in vars {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}
