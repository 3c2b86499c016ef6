//! Check: the document model and a rule set → diagnostics.
//!
//! Rules are data (`rules/**/*.toml`, embedded in the binary) that choose a kind written in Rust
//! ([`kinds`]). Rules read only the document model, never the file.

pub mod docx_example;
pub mod kinds;
pub mod rule;

use std::collections::BTreeMap;
use std::path::Path;

use crate::extract::{Extracted, InputKind};
use crate::parse::{self, Document, ParseOptions, System};
use crate::source::Span;
pub use kinds::{Context, Hit, Kind};
pub use rule::{
    parse_rule, Example, Expect, InputFilter, Note, Rule, RuleError, Severity, SkipIf, Text,
};

/// The embedded rule set, written by `build.rs`.
mod embedded {
    /// One rule of the embedded set, as JSON written by the build script from its TOML file.
    pub struct EmbeddedRule {
        /// The rule file's path (`rules/basis/basis-missing.toml`).
        pub origin: &'static str,
        /// The rule file without `docs` and `example` (`null` in their place).
        pub head: &'static str,
        /// Its `docs` table.
        pub docs: &'static str,
        /// Its `example` array.
        pub examples: &'static str,
    }

    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// A finding of one rule at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's id.
    pub rule: String,
    /// Severity for this run.
    pub severity: Severity,
    /// The message, placeholders filled.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Where, in the NFC text.
    pub span: Span,
    /// The section path (`III › 2`) when the place is in the body.
    pub section: Option<String>,
    /// True when `vblint fix` can repair it (set by [`crate::fix::mark_fixable`]).
    pub fixable: bool,
}

/// Options for a check run.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// English messages instead of Vietnamese.
    pub english: bool,
    /// Check as an issued plan: blanks that are normal in a draft become errors.
    pub issued: bool,
    /// Rule ids to skip.
    pub ignore: Vec<String>,
    /// When not empty, only these rule ids run.
    pub select: Vec<String>,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, Severity>,
}

/// The rules of a run, by id.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: BTreeMap<String, Rule>,
}

impl RuleSet {
    /// The rules embedded in the binary (the `rules/` folder at build time).
    pub fn embedded() -> Result<RuleSet, Vec<RuleError>> {
        let mut set = RuleSet::default();
        let mut errors = Vec::new();
        // Checked and serialised by the build script; the patterns compile when a rule first
        // uses them (a test compiles every one), and the docs and examples are read when first
        // used (a test reads and checks every one).
        let parsed: Vec<Result<Rule, RuleError>> = kinds::deferring_patterns(|| {
            embedded::EMBEDDED_RULES
                .iter()
                .map(|r| rule::parse_embedded_rule(r.head, r.docs, r.examples, r.origin))
                .collect()
        });
        for result in parsed {
            match result {
                Ok(rule) => set.insert(rule, &mut errors),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(errors)
        }
    }

    /// Adds every `*.toml` rule under `dir` (recursively). A rule with the id of a rule already
    /// in the set replaces it. Each added rule's examples are run, so a rule that does not
    /// behave as its examples say is rejected.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), Vec<RuleError>> {
        let mut files = Vec::new();
        collect_dir(dir, &mut files).map_err(|e| {
            vec![RuleError {
                origin: dir.display().to_string(),
                message: e,
            }]
        })?;
        files.sort();
        let mut errors = Vec::new();
        let mut loaded = Vec::new();
        for path in files {
            let origin = path.display().to_string();
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(RuleError {
                        origin,
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            match parse_rule(&text, &origin) {
                Ok(rule) => {
                    for failure in run_examples(&rule) {
                        errors.push(RuleError {
                            origin: origin.clone(),
                            message: failure,
                        });
                    }
                    loaded.push(rule);
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut dup = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for rule in loaded {
            if !seen.insert(rule.id.clone()) {
                dup.push(RuleError {
                    origin: rule.origin.clone(),
                    message: format!(
                        "rule id `{}` is declared twice in {}",
                        rule.id,
                        dir.display()
                    ),
                });
                continue;
            }
            self.rules.insert(rule.id.clone(), rule);
        }
        if dup.is_empty() {
            Ok(())
        } else {
            Err(dup)
        }
    }

    fn insert(&mut self, rule: Rule, errors: &mut Vec<RuleError>) {
        if let Some(prev) = self.rules.get(&rule.id) {
            errors.push(RuleError {
                origin: rule.origin.clone(),
                message: format!(
                    "rule id `{}` is already declared in {}",
                    rule.id, prev.origin
                ),
            });
            return;
        }
        self.rules.insert(rule.id.clone(), rule);
    }

    /// The rules, ordered by id.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.values()
    }

    /// A rule by id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.get(id)
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when the set is empty.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// A set holding just one rule (for running its examples).
    pub fn single(rule: Rule) -> RuleSet {
        let mut set = RuleSet::default();
        set.rules.insert(rule.id.clone(), rule);
        set
    }
}

fn collect_dir(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read rule folder: {e}"))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect_dir(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// True when `rule` runs on `doc` under `options` (not ignored, selected, right system and
/// input, and no fact of the document in the rule's `skip_if`).
pub fn runs(rule: &Rule, doc: &Document, options: &CheckOptions) -> bool {
    let ignored = options.ignore.iter().any(|i| i == &rule.id);
    let selected = options.select.is_empty() || options.select.iter().any(|s| s == &rule.id);
    let input_ok = rule.input != InputFilter::Docx || doc.input == InputKind::Docx;
    let doc_type_ok = doc.doc_type.matches(&rule.applies_to)
        && (rule.except.is_empty() || !doc.doc_type.matches(&rule.except));
    let skipped = rule.skip_if.iter().any(|fact| match fact {
        // A digitally signed copy has been issued, whatever the command line says.
        SkipIf::Draft => !options.issued && !doc.digitally_signed,
        SkipIf::MarkedDraft => doc.draft_marked && !options.issued,
        SkipIf::StretchedSpacing => doc.stretched_spacing,
    });
    !ignored && selected && input_ok && doc_type_ok && !skipped && rule.applies_to(doc.system)
}

/// A rule's family: the folder holding its file (`layout` for `rules/layout/…toml`), which
/// selectors accept as a prefix.
pub fn family(rule: &Rule) -> String {
    std::path::Path::new(&rule.origin)
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Runs every applicable rule on `doc`. Diagnostics come sorted by position, then rule id.
pub fn check(doc: &Document, rules: &RuleSet, options: &CheckOptions) -> Vec<Diagnostic> {
    let cx = Context {
        doc,
        issued: options.issued,
        english: options.english,
    };
    let mut out = Vec::new();
    let noun = document_noun(doc, options.english);
    for rule in rules.rules() {
        if !runs(rule, doc, options) {
            continue;
        }
        let severity = options
            .severity
            .get(&rule.id)
            .copied()
            .unwrap_or_else(|| rule.effective_severity(options.issued));
        let mut hits = rule.kind.check(&cx);
        hits.sort_by_key(|h| (h.span.start, h.span.end));
        let repeats = hits.len() > MAX_REPEATS;
        let others: Vec<usize> = if repeats {
            hits[1..]
                .iter()
                .map(|h| doc.source.line_of(h.span.start) + 1)
                .collect()
        } else {
            Vec::new()
        };
        for mut hit in hits.into_iter().take(if repeats { 1 } else { usize::MAX }) {
            hit.vars.push((rule::DOCUMENT_NOUN, noun.clone()));
            let mut message = rule::fill(rule.message.get(options.english), &hit.vars);
            if repeats {
                message.push_str(&repeat_note(&others, options.english));
            }
            let help = match &rule.help_style {
                Some(styled) if hit.from_style => styled,
                _ => &rule.help,
            };
            out.push(Diagnostic {
                rule: rule.id.clone(),
                severity,
                message,
                help: rule::fill(help.get(options.english), &hit.vars),
                span: on_char_boundaries(doc.source.text(), hit.span),
                section: doc
                    .section_path_at(hit.span.start)
                    .filter(|p| !p.is_empty()),
                fixable: false,
            });
        }
    }
    out.sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
    out
}

/// `span` widened to the characters it touches and kept within `text`: every emitter slices
/// the text at a finding's span, and a span cut inside a character is a bug upstream that must
/// not stop the run (tests assert it does not happen).
fn on_char_boundaries(text: &str, span: Span) -> Span {
    debug_assert!(
        text.is_char_boundary(span.start.min(text.len()))
            && text.is_char_boundary(span.end.min(text.len())),
        "span {span:?} cuts a character"
    );
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}

/// The document's type as a common noun for messages (`{van_ban}`).
fn document_noun(doc: &Document, english: bool) -> String {
    match doc.doc_type.info {
        Some(t) if english => t.english.to_string(),
        Some(t) => t.name.to_lowercase(),
        None if english => "document".to_string(),
        None => "văn bản".to_string(),
    }
}

/// A rule that finds more than this many places in one file reports one finding, at the first
/// place, with the count and the lines of the others: one cause, one finding.
pub const MAX_REPEATS: usize = 3;

/// The note added to a finding that stands for several places.
fn repeat_note(other_lines: &[usize], english: bool) -> String {
    let mut lines: Vec<usize> = other_lines.to_vec();
    lines.dedup();
    let shown: Vec<String> = lines.iter().take(5).map(usize::to_string).collect();
    let more = if lines.len() > 5 { ", …" } else { "" };
    if english {
        format!(
            " (and {} more places like it, at lines {}{more})",
            other_lines.len(),
            shown.join(", ")
        )
    } else {
        format!(
            " (và {} chỗ tương tự khác, ở các dòng {}{more})",
            other_lines.len(),
            shown.join(", ")
        )
    }
}

/// Parses plan text exactly as a `.txt` file holding it would be read, for examples and tests.
pub fn parse_text(text: &str, system: Option<System>) -> Document {
    parse_text_as(text, system, None)
}

/// [`parse_text`] with the document type forced (an id of `parse::doctype::TYPES`).
pub fn parse_text_as(text: &str, system: Option<System>, doc_type: Option<&str>) -> Document {
    let extracted = crate::extract::text::extract(text.as_bytes())
        .unwrap_or_else(|_| Extracted::plain(InputKind::Txt, text.to_string()));
    parse::parse(
        extracted,
        &ParseOptions {
            system,
            doc_type: doc_type.map(str::to_string),
        },
    )
}

/// Parses plan text laid out as a `.docx` example describes: the package is built in memory and
/// read by the real `.docx` reader, so layout rules see what they would see in a user's file.
pub fn parse_docx_example(
    text: &str,
    spec: &docx_example::DocxExample,
    system: Option<System>,
    doc_type: Option<&str>,
) -> Result<Document, String> {
    let bytes = spec.build(text)?;
    let extracted = crate::extract::docx::extract(&bytes).map_err(|e| e.message(true))?;
    Ok(parse::parse(
        extracted,
        &ParseOptions {
            system,
            doc_type: doc_type.map(str::to_string),
        },
    ))
}

/// `text` saved as Windows-1258, as Vietnamese Windows does: the vowel shapes (ă, â, ê, ô, ơ,
/// ư, đ) are single bytes and the tones are combining bytes after them.
pub fn windows_1258_bytes(text: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    let shaped: String = text
        .nfc()
        .flat_map(|c| {
            let mut parts = Vec::new();
            unicode_normalization::char::decompose_canonical(c, |d| parts.push(d));
            let (tones, rest): (Vec<char>, Vec<char>) = parts.into_iter().partition(|d| {
                matches!(d, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
            });
            let base: String = rest.into_iter().collect::<String>().nfc().collect();
            base.chars().chain(tones).collect::<Vec<_>>()
        })
        .collect();
    encoding_rs::WINDOWS_1258.encode(&shaped).0.into_owned()
}

/// The document type an example is read as: its own `doc_type`, else — for a fragment whose
/// type cannot be told — the first type the rule applies to.
pub fn example_doc_type(rule: &Rule, example: &Example) -> Option<String> {
    let system = example.system.as_deref().and_then(System::from_id);
    if let Some(t) = &example.doc_type {
        return Some(t.clone());
    }
    let detected = parse_text(&example.text, system);
    if detected.doc_type.info.is_none() {
        rule.applies_to.first().map(|t| {
            if t == parse::doctype::ATTACHED_PLAN {
                "ke-hoach".to_string()
            } else {
                t.clone()
            }
        })
    } else {
        None
    }
}

/// Runs a rule's examples; returns one message per example that does not behave as declared.
pub fn run_examples(rule: &Rule) -> Vec<String> {
    let set = RuleSet::single(rule.clone());
    let mut failures = Vec::new();
    for (i, example) in rule.examples.iter().enumerate() {
        let system = example.system.as_deref().and_then(System::from_id);
        let doc_type = example_doc_type(rule, example);
        let doc_type = doc_type.as_deref();
        let doc = match &example.docx {
            Some(spec) => match parse_docx_example(&example.text, spec, system, doc_type) {
                Ok(doc) => doc,
                Err(e) => {
                    failures.push(format!(
                        "example {} of rule `{}` cannot be built as .docx: {e}",
                        i + 1,
                        rule.id
                    ));
                    continue;
                }
            },
            None if example.encoding.is_some() => {
                let bytes = windows_1258_bytes(&example.text);
                match crate::extract::text::extract(&bytes) {
                    Ok(extracted) => parse::parse(
                        extracted,
                        &ParseOptions {
                            system,
                            doc_type: doc_type.map(str::to_string),
                        },
                    ),
                    Err(e) => {
                        failures.push(format!(
                            "example {} of rule `{}` cannot be read as Windows-1258: {}",
                            i + 1,
                            rule.id,
                            e.message(true)
                        ));
                        continue;
                    }
                }
            }
            None => parse_text_as(&example.text, system, doc_type),
        };
        let options = CheckOptions {
            issued: example.issued,
            ..CheckOptions::default()
        };
        let found = check(&doc, &set, &options);
        let ok = match (example.expect, example.count) {
            (Expect::Pass, _) => found.is_empty(),
            (Expect::Fire, Some(n)) => found.len() == n,
            (Expect::Fire, None) => !found.is_empty(),
        };
        if !ok {
            let expected = match (example.expect, example.count) {
                (Expect::Pass, _) => "no finding".to_string(),
                (Expect::Fire, Some(n)) => format!("{n} finding(s)"),
                (Expect::Fire, None) => "a finding".to_string(),
            };
            let first = example
                .text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            failures.push(format!(
                "example {} (\"{}…\") expected {expected} from rule `{}`, got {}",
                i + 1,
                crate::parse::lines::shorten(first, 40),
                rule.id,
                found.len()
            ));
        }
    }
    failures.extend(crate::fix::run_fix_examples(rule));
    failures
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded rules load with their patterns compiled on first use, so this is where a
    /// bad built-in pattern must be caught: every file is loaded here as a user's rule would be,
    /// compiling each pattern.
    #[test]
    fn every_embedded_pattern_compiles() {
        let mut files = Vec::new();
        collect_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"),
            &mut files,
        )
        .expect("rules folder");
        assert!(files.len() > 100, "only {} rule files", files.len());
        assert_eq!(files.len(), embedded::EMBEDDED_RULES.len());
        let errors: Vec<String> = files
            .iter()
            .filter_map(|path| {
                let text = std::fs::read_to_string(path).expect("rule file");
                parse_rule(&text, &path.display().to_string()).err()
            })
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }

    /// A check does not read the embedded rules' docs and examples, so loading the set leaves
    /// them as JSON; the first use reads them.
    #[test]
    fn embedded_docs_and_examples_are_read_on_first_use() {
        let set = RuleSet::embedded().expect("built-in rules load");
        for rule in set.rules() {
            assert!(rule.docs.loaded().is_none(), "{}", rule.origin);
            assert!(rule.examples.loaded().is_none(), "{}", rule.origin);
        }
        let rule = set.get("basis-missing").expect("basis-missing");
        assert!(!rule.docs.source.is_empty());
        assert!(rule.docs.loaded().is_some());
        assert!(rule.examples.loaded().is_none());
        assert!(!rule.examples.is_empty());
        assert!(rule.examples.loaded().is_some());
    }

    /// Loading an embedded rule leaves its docs and examples for later; here every one is read
    /// and its examples checked as a user's rule file's are, so a broken built-in example fails
    /// the tests rather than a user's `vblint explain`.
    #[test]
    fn every_embedded_rules_docs_and_examples_are_valid() {
        let set = RuleSet::embedded().expect("built-in rules load");
        let errors: Vec<String> = set
            .rules()
            .filter_map(|r| rule::check_deferred(r).err())
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }

    /// `vblint explain` prints an example's note in the language of the output, so every note
    /// of a built-in rule is written in both (a Vietnamese page quoting an English note mixes
    /// languages).
    #[test]
    fn embedded_example_notes_are_in_both_languages() {
        let set = RuleSet::embedded().expect("built-in rules load");
        let mut one_language = Vec::new();
        for rule in set.rules() {
            for (i, e) in rule.examples.iter().enumerate() {
                match &e.note {
                    Some(rule::Note::Both(t))
                        if !t.vi.trim().is_empty() && !t.en.trim().is_empty() => {}
                    None => {}
                    Some(_) => one_language.push(format!("{} example {}", rule.id, i + 1)),
                }
            }
        }
        assert!(one_language.is_empty(), "{}", one_language.join("\n"));
    }

    /// The build script's JSON form of a rule loads to the same rule as its TOML file (docs and
    /// examples included: printing the rule reads them).
    #[test]
    fn embedded_rules_match_their_toml_files() {
        let set = RuleSet::embedded().expect("built-in rules load");
        assert_eq!(set.len(), embedded::EMBEDDED_RULES.len());
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for rule in set.rules() {
            let text = std::fs::read_to_string(root.join(&rule.origin)).expect("rule file");
            let from_toml = parse_rule(&text, &rule.origin).expect("rule parses");
            assert_eq!(
                format!("{from_toml:?}"),
                format!("{rule:?}"),
                "{}",
                rule.origin
            );
        }
    }

    #[test]
    fn a_rule_repeating_in_a_file_gives_one_finding_with_the_count() {
        let rules = RuleSet::embedded().expect("built-in rules load");
        let mut text = String::from("KẾ HOẠCH\nVề việc tập huấn\n\nI. NỘI DUNG\n");
        for i in 0..6 {
            text.push_str(&format!(
                "{}. Tập huấn chuyên đề tại Xã Tân Hòa đợt {i}.\n",
                i + 1
            ));
        }
        let doc = parse_text(&text, None);
        let options = CheckOptions {
            select: vec!["text-admin-unit-capitalised".into()],
            ..CheckOptions::default()
        };
        let found = check(&doc, &rules, &options);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0]
            .message
            .contains("và 5 chỗ tương tự khác, ở các dòng 6, 7, 8, 9, 10"));
        let english = check(
            &doc,
            &rules,
            &CheckOptions {
                english: true,
                ..options
            },
        );
        assert!(english[0].message.contains("and 5 more places like it"));
    }

    #[test]
    fn plan_only_rules_skip_other_documents() {
        let rules = RuleSet::embedded().expect("built-in rules load");
        let doc = parse_text(
            "SỞ Y TẾ\nSố: 12/SYT-NV\nV/v tiêm chủng\n\nĐề nghị các đơn vị thực hiện./.\n",
            None,
        );
        let found: Vec<String> = check(&doc, &rules, &CheckOptions::default())
            .into_iter()
            .map(|d| d.rule)
            .collect();
        for plan_only in [
            "section-required",
            "reporting-missing",
            "title-missing",
            "header-number-type-not-kh",
        ] {
            assert!(
                !found.iter().any(|r| r == plan_only),
                "{plan_only} fired: {found:?}"
            );
        }
        assert!(found.iter().any(|r| r == "document-not-plan"));
    }

    #[test]
    fn messages_name_the_type_of_the_document_checked() {
        let rules = RuleSet::embedded().expect("rules");
        let text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/QĐ-UBND\tAn Phú, ngày 05 tháng 3 năm 2025

QUYẾT ĐỊNH
Về việc thành lập Tổ kiểm tra

Điều 1. Thành lập Tổ kiểm tra.
";
        let doc = parse_text(text, None);
        let diags = check(&doc, &rules, &CheckOptions::default());
        let agency = diags
            .iter()
            .find(|d| d.rule == "header-agency-missing")
            .expect("no agency line");
        assert!(
            agency.message.ends_with("ban hành quyết định"),
            "{}",
            agency.message
        );
        let english = check(
            &doc,
            &rules,
            &CheckOptions {
                english: true,
                ..CheckOptions::default()
            },
        );
        let agency = english
            .iter()
            .find(|d| d.rule == "header-agency-missing")
            .expect("no agency line");
        assert!(
            agency.message.ends_with("issuing the decision"),
            "{}",
            agency.message
        );
    }
}
