//! Fix: repair what is mechanical. Rules declare a fix (`[fix]` in their TOML, see [`spec`]);
//! this module turns a document's findings into edits of the user's text, applies them without
//! overlap, and repeats until nothing more changes.
//!
//! The data still flows one way: a pass reads, parses and checks the current bytes, plans edits
//! from the findings, and writes new bytes; the next pass starts again from those bytes.
//! * `.txt` ([`text`]): edits apply to the text as the reader decoded it; the output is UTF-8
//!   (so text read from a legacy encoding or Windows-1258 comes out as Unicode), keeping the
//!   file's line endings and BOM.
//! * `.docx` ([`docx`]): edits change the text of runs in place through
//!   [`crate::write::PackageEditor`]; every other part stays byte-identical.

pub mod command;
pub mod docx;
pub mod spec;
pub mod text;

use std::collections::BTreeMap;
use std::ops::Range;

use unicode_normalization::{is_nfc, UnicodeNormalization};

use crate::check::kinds::{restyle, ToneMarkStyle};
use crate::check::{self, CheckOptions, Context, Diagnostic, Hit, Kind, Rule, RuleSet};
use crate::extract::{self, ExtractError, InputKind};
use crate::parse::{self, Document, ParseOptions};
use crate::source::Span;
pub use spec::{Fix, FixKind, Safety};

/// At most this many passes; each pass applies every edit that does not overlap another.
pub const MAX_PASSES: usize = 4;

/// One change to the user's text (the reader's text, before NFC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range of the text replaced (empty for an insertion).
    pub range: Range<usize>,
    /// The new text.
    pub text: String,
    /// The rule whose fix this is.
    pub rule: String,
}

/// What the fixes of one pass would do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Text edits, in no particular order (they may overlap; [`apply`] resolves that).
    pub edits: Vec<Edit>,
    /// Compose decomposed text in the whole file (`.docx`: every text run), by this rule.
    pub nfc: Option<String>,
    /// Convert legacy-encoded text to Unicode (`.docx`: runs in legacy fonts), by this rule.
    pub legacy: Option<String>,
    /// Read double-encoded text back as written (`.docx`: each text run that is), by this rule.
    pub double_encoded: Option<String>,
    /// Layout facts to set in a `.docx`, by rule.
    pub layout: Vec<(String, crate::check::kinds::LayoutTarget)>,
    /// Run sizes to set in a `.docx`: body paragraph number → size in half-points, by rule.
    pub sizes: Vec<(String, BTreeMap<usize, u32>)>,
}

impl Plan {
    /// True when the plan changes nothing.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
            && self.nfc.is_none()
            && self.legacy.is_none()
            && self.double_encoded.is_none()
            && self.layout.is_empty()
            && self.sizes.is_empty()
    }
}

/// Options of a fix run.
#[derive(Debug, Clone, Default)]
pub struct FixOptions {
    /// Which rules run and how (ignore, select, issued, language).
    pub check: CheckOptions,
    /// The document system, when forced.
    pub parse: ParseOptions,
    /// Also apply fixes marked `unsafe`.
    pub unsafe_fixes: bool,
}

/// True when `rule` has a fix these options apply.
pub fn applies(rule: &Rule, unsafe_fixes: bool) -> bool {
    rule.fix
        .as_ref()
        .is_some_and(|f| f.safety == Safety::Safe || unsafe_fixes)
}

/// The rules with a finding that a suppression in the document accepts (a `vblint: bỏ qua …`
/// line or Word comment). A reviewer who accepted a finding does not want it rewritten, and a
/// fix edits a rule's places throughout the file, so such a rule is not fixed in this file.
fn accepted_rules(
    doc: &Document,
    rules: &RuleSet,
    options: &FixOptions,
) -> std::collections::BTreeSet<String> {
    let all = check::check(doc, rules, &options.check);
    let (kept, hidden) =
        crate::driver::suppress::apply(doc, all.clone(), rules, options.check.english);
    if hidden == 0 {
        return Default::default();
    }
    let mut remaining: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &kept {
        *remaining.entry(d.rule.as_str()).or_default() += 1;
    }
    let mut accepted = std::collections::BTreeSet::new();
    for d in &all {
        let left = remaining.entry(d.rule.as_str()).or_default();
        if *left == 0 {
            accepted.insert(d.rule.clone());
        } else {
            *left -= 1;
        }
    }
    accepted
}

/// The edits that would repair the fixable findings of `doc`.
pub fn plan(doc: &Document, rules: &RuleSet, options: &FixOptions) -> Plan {
    let cx = Context {
        doc,
        issued: options.check.issued,
        english: options.check.english,
    };
    let mut plan = Plan::default();
    let accepted = accepted_rules(doc, rules, options);
    for rule in rules.rules() {
        if !applies(rule, options.unsafe_fixes)
            || !check::runs(rule, doc, &options.check)
            || accepted.contains(&rule.id)
        {
            continue;
        }
        let Some(fix) = &rule.fix else { continue };
        match &fix.kind {
            FixKind::Nfc => {
                if !rule.kind.check(&cx).is_empty() {
                    plan.nfc = Some(rule.id.clone());
                    plan.edits.extend(nfc_edits(doc, &rule.id));
                }
            }
            FixKind::ConvertLegacy => {
                if !rule.kind.check(&cx).is_empty() {
                    plan.legacy = Some(rule.id.clone());
                }
            }
            FixKind::UndoDoubleEncoding => {
                if !rule.kind.check(&cx).is_empty() {
                    plan.double_encoded = Some(rule.id.clone());
                }
            }
            FixKind::Layout(target) => {
                if doc.input != InputKind::Docx || rule.kind.check(&cx).is_empty() {
                    continue;
                }
                match (target, &rule.kind) {
                    (crate::check::kinds::LayoutTarget::Size { .. }, Kind::Layout(params)) => {
                        let mut paragraphs = BTreeMap::new();
                        for (line, pt) in params.size_fixes(&cx) {
                            if let Some(crate::extract::Location::Body {
                                paragraph,
                                text_box: false,
                                ..
                            }) = doc.line_info.get(line).map(|i| &i.location)
                            {
                                paragraphs.insert(*paragraph, (pt * 2.0).round() as u32);
                            }
                        }
                        if !paragraphs.is_empty() {
                            plan.sizes.push((rule.id.clone(), paragraphs));
                        }
                    }
                    _ => plan.layout.push((rule.id.clone(), target.clone())),
                }
            }
            FixKind::UnifyTone(p) => {
                if rule.kind.check(&cx).is_empty() {
                    continue;
                }
                if let Kind::ToneStyle(params) = &rule.kind {
                    let (old, new) = params.syllables(&cx);
                    let target = match p.style {
                        spec::ToneTarget::Old => ToneMarkStyle::Old,
                        spec::ToneTarget::New => ToneMarkStyle::New,
                        spec::ToneTarget::Majority if new.len() >= old.len() => ToneMarkStyle::New,
                        spec::ToneTarget::Majority => ToneMarkStyle::Old,
                    };
                    let minority = if target == ToneMarkStyle::New {
                        old
                    } else {
                        new
                    };
                    for span in minority {
                        if let Some(word) = restyle(doc.source.slice(span), target) {
                            plan.edits.push(Edit {
                                range: doc.source.display_range(span),
                                text: word,
                                rule: rule.id.clone(),
                            });
                        }
                    }
                }
            }
            _ => {
                for hit in rule.kind.check_all(&cx) {
                    if let Some(edit) = span_edit(doc, &fix.kind, &hit, &rule.id) {
                        plan.edits.push(edit);
                    }
                }
            }
        }
    }
    plan
}

/// The edit a span fix (`replace`, `insert`, `delete`) makes at one finding, if any.
fn span_edit(doc: &Document, kind: &FixKind, hit: &Hit, rule: &str) -> Option<Edit> {
    let span = hit.span;
    let src = &doc.source;
    let text = src.slice(span);
    let range = src.display_range(span);
    let edit = |range: Range<usize>, text: String| {
        Some(Edit {
            range,
            text,
            rule: rule.to_string(),
        })
    };
    match kind {
        FixKind::Replace(r) => {
            if let Some(set) = &r.not_next_to {
                let full = src.text();
                let before = full.get(..span.start).and_then(|t| t.chars().next_back());
                let after = full.get(span.end..).and_then(|t| t.chars().next());
                if before.is_some_and(|c| set.contains(c)) || after.is_some_and(|c| set.contains(c))
                {
                    return None;
                }
            }
            let new = match &r.with {
                Some(with) => with.clone(),
                None => {
                    let case = r.cases.iter().find(|c| c.find.0.is_match(text))?;
                    case.find
                        .0
                        .full()
                        .replace(text, case.with.as_str())
                        .into_owned()
                }
            };
            (new != text).then_some(())?;
            edit(range, new)
        }
        FixKind::Insert(i) => {
            let at = match i.at {
                spec::Edge::Start => range.start,
                spec::Edge::End => range.end,
            };
            edit(at..at, i.text.clone())
        }
        FixKind::Delete(d) => {
            let (c, nfc_range) = match d.at {
                spec::Edge::Start => {
                    let c = text.chars().next()?;
                    (c, span.start..span.start + c.len_utf8())
                }
                spec::Edge::End => {
                    let c = text.chars().next_back()?;
                    (c, span.end - c.len_utf8()..span.end)
                }
            };
            if !d.chars.contains(c) {
                return None;
            }
            let r = src.display_range(Span::new(nfc_range.start, nfc_range.end));
            edit(r, String::new())
        }
        FixKind::Nfc
        | FixKind::ConvertLegacy
        | FixKind::UndoDoubleEncoding
        | FixKind::UnifyTone(_)
        | FixKind::Layout(_) => None,
    }
}

/// One edit per line of the user's text that is not NFC.
fn nfc_edits(doc: &Document, rule: &str) -> Vec<Edit> {
    let display = doc.source.display();
    let mut out = Vec::new();
    let mut start = 0;
    for line in display.split_inclusive('\n') {
        if !is_nfc(line) {
            out.push(Edit {
                range: start..start + line.len(),
                text: line.nfc().collect(),
                rule: rule.to_string(),
            });
        }
        start += line.len();
    }
    out
}

/// Applies the edits that do not overlap an earlier one (by position); returns the new text and
/// the edits applied. Two edits touching the same point where one inserts there are taken as
/// overlapping: their order would be a guess.
pub fn apply(text: &str, edits: &[Edit]) -> (String, Vec<Edit>) {
    let mut sorted: Vec<&Edit> = edits
        .iter()
        .filter(|e| e.range.start <= e.range.end && e.range.end <= text.len())
        .filter(|e| text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end))
        .collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    sorted.dedup_by(|a, b| a.range == b.range && a.text == b.text);
    let mut out = String::with_capacity(text.len() + 64);
    let mut applied: Vec<Edit> = Vec::new();
    let mut pos = 0;
    for e in sorted {
        if let Some(last) = applied.last() {
            let touching_insert = e.range.start == last.range.end
                && e.range.start == last.range.start
                && (e.range.is_empty() || last.range.is_empty());
            if e.range.start < last.range.end || touching_insert {
                continue;
            }
        }
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.text);
        pos = e.range.end;
        applied.push(e.clone());
    }
    out.push_str(&text[pos..]);
    (out, applied)
}

/// Marks the diagnostics `vblint fix` would repair (without `--unsafe-fixes` only the safe ones).
pub fn mark_fixable(doc: &Document, rules: &RuleSet, diags: &mut [Diagnostic], unsafe_fixes: bool) {
    for d in diags.iter_mut() {
        let Some(rule) = rules.get(&d.rule) else {
            continue;
        };
        if !applies(rule, unsafe_fixes) {
            continue;
        }
        let Some(fix) = &rule.fix else { continue };
        d.fixable = match &fix.kind {
            FixKind::Nfc
            | FixKind::ConvertLegacy
            | FixKind::UndoDoubleEncoding
            | FixKind::UnifyTone(_)
            | FixKind::Layout(_) => true,
            kind => span_edit(doc, kind, &Hit::at(d.span), &rule.id).is_some(),
        };
    }
}

/// Why a file could not be fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixError {
    /// The input could not be read.
    Read(ExtractError),
    /// The output could not be built or written.
    Write(crate::write::WriteError),
}

impl FixError {
    /// The one-line message.
    pub fn message(&self, english: bool) -> String {
        match self {
            FixError::Read(e) => e.message(english),
            FixError::Write(e) => e.message(english),
        }
    }
}

impl From<ExtractError> for FixError {
    fn from(e: ExtractError) -> Self {
        FixError::Read(e)
    }
}

impl From<crate::write::WriteError> for FixError {
    fn from(e: crate::write::WriteError) -> Self {
        FixError::Write(e)
    }
}

/// The result of fixing one file.
#[derive(Debug)]
pub struct Outcome {
    /// The fixed file's bytes (the input's own bytes when nothing changed).
    pub output: Vec<u8>,
    /// True when `output` differs from the input.
    pub changed: bool,
    /// Passes that changed something.
    pub passes: usize,
    /// Edits applied, by rule id.
    pub applied: BTreeMap<String, usize>,
    /// Places left alone, and why (a span across runs, fields or tracked changes in `.docx`).
    pub notes: Vec<String>,
    /// Findings before fixing.
    pub before: Vec<Diagnostic>,
    /// The fixed file read again, and its remaining findings.
    pub after: (Document, Vec<Diagnostic>),
    /// The text as vblint reads it, before and after (for `--diff`).
    pub text_before: String,
    /// See `text_before`.
    pub text_after: String,
}

/// Reads, parses and checks bytes as `vblint check` does.
pub fn check_bytes(
    bytes: &[u8],
    ext: &str,
    rules: &RuleSet,
    options: &FixOptions,
) -> Result<(Document, Vec<Diagnostic>), ExtractError> {
    let extracted = extract::extract(bytes, ext)?;
    let doc = parse::parse(extracted, &options.parse);
    let diags = check::check(&doc, rules, &options.check);
    Ok((doc, diags))
}

/// Fixes one file's bytes: passes until nothing changes (at most [`MAX_PASSES`]), then checks
/// the result again. `ext` is the file's extension (the reader is chosen by content first).
pub fn fix_bytes(
    input: &[u8],
    ext: &str,
    rules: &RuleSet,
    options: &FixOptions,
) -> Result<Outcome, FixError> {
    let (first_doc, before) = check_bytes(input, ext, rules, options)?;
    // What the file's suppressions accept is neither reported nor fixed, as in `vblint check`.
    let english = options.check.english;
    let before = crate::driver::suppress::apply(&first_doc, before, rules, english).0;
    let is_docx = first_doc.input == InputKind::Docx;
    let text_before = first_doc.source.display().to_string();
    let mut bytes = input.to_vec();
    let mut doc = first_doc;
    let mut applied: BTreeMap<String, usize> = BTreeMap::new();
    let mut notes = Vec::new();
    let mut passes = 0;
    let txt_format = text::Format::of(input);
    for _ in 0..MAX_PASSES {
        let plan = plan(&doc, rules, options);
        if plan.is_empty() {
            break;
        }
        let (next, done) = if is_docx {
            let r = docx::apply_plan(&bytes, &doc, &plan, options.check.english)?;
            notes.extend(r.notes);
            (r.bytes, r.applied)
        } else {
            let (new_text, done) = apply(doc.source.display(), &plan.edits);
            let mut done: Vec<String> = done.into_iter().map(|e| e.rule).collect();
            // Writing the decoded text as UTF-8 is the conversion itself.
            if let Some(rule) = &plan.legacy {
                done.push(rule.clone());
            }
            if let Some(rule) = &plan.double_encoded {
                done.push(rule.clone());
            }
            (txt_format.encode(&new_text), done)
        };
        if next == bytes {
            break;
        }
        passes += 1;
        for rule in done {
            *applied.entry(rule).or_default() += 1;
        }
        bytes = next;
        doc = check_bytes(&bytes, ext, rules, options)?.0;
    }
    notes.sort();
    notes.dedup();
    let after = check_bytes(&bytes, ext, rules, options)?;
    let after = {
        let kept = crate::driver::suppress::apply(&after.0, after.1, rules, english).0;
        (after.0, kept)
    };
    let text_after = after.0.source.display().to_string();
    Ok(Outcome {
        changed: bytes != input,
        output: bytes,
        passes,
        applied,
        notes,
        before,
        after,
        text_before,
        text_after,
    })
}

/// A firing `.docx` example of a rule with a layout fix stops firing once fixed.
fn layout_example(
    rule: &Rule,
    set: &RuleSet,
    i: usize,
    example: &crate::check::Example,
    spec: &crate::check::docx_example::DocxExample,
) -> Option<String> {
    let options = FixOptions {
        unsafe_fixes: true,
        parse: ParseOptions {
            system: example
                .system
                .as_deref()
                .and_then(crate::parse::System::from_id),
            doc_type: check::example_doc_type(rule, example),
        },
        ..FixOptions::default()
    };
    let result = spec
        .build(&example.text)
        .map_err(|e| e.to_string())
        .and_then(|bytes| fix_bytes(&bytes, "docx", set, &options).map_err(|e| e.message(true)));
    match result {
        Ok(out) if out.after.1.iter().any(|d| d.rule == rule.id) => Some(format!(
            "example {} of rule `{}`: the rule still fires after its layout fix",
            i + 1,
            rule.id
        )),
        Ok(_) => None,
        Err(e) => Some(format!(
            "example {} of rule `{}`: layout fix failed: {e}",
            i + 1,
            rule.id
        )),
    }
}

/// A unified diff of two texts (`--diff`), labelled with the file name.
pub fn unified_diff(before: &str, after: &str, name: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(name, &format!("{name} (fixed)"))
        .to_string()
}

/// Runs the fix examples of a rule: each example with `fixed` must come out of
/// `vblint fix --unsafe-fixes` (this rule only) as that text. One message per failure.
pub fn run_fix_examples(rule: &Rule) -> Vec<String> {
    let set = RuleSet::single(rule.clone());
    let mut failures = Vec::new();
    for (i, example) in rule.examples.iter().enumerate() {
        if let (Some(FixKind::Layout(_)), Some(spec), crate::check::Expect::Fire) = (
            rule.fix.as_ref().map(|f| &f.kind),
            &example.docx,
            example.expect,
        ) {
            failures.extend(layout_example(rule, &set, i, example, spec));
            continue;
        }
        let Some(expected) = &example.fixed else {
            continue;
        };
        let options = FixOptions {
            check: CheckOptions {
                issued: example.issued,
                ..CheckOptions::default()
            },
            parse: ParseOptions {
                system: example
                    .system
                    .as_deref()
                    .and_then(crate::parse::System::from_id),
                doc_type: check::example_doc_type(rule, example),
            },
            unsafe_fixes: true,
        };
        match fix_bytes(example.text.as_bytes(), "txt", &set, &options) {
            Ok(out) => {
                if out.text_after.trim_end() != expected.trim_end() {
                    failures.push(format!(
                        "example {} of rule `{}`: after the fix expected\n{}\ngot\n{}",
                        i + 1,
                        rule.id,
                        expected.trim_end(),
                        out.text_after.trim_end()
                    ));
                } else if out.after.1.iter().any(|d| d.rule == rule.id) {
                    failures.push(format!(
                        "example {} of rule `{}`: the rule still fires after its fix",
                        i + 1,
                        rule.id
                    ));
                }
            }
            Err(e) => failures.push(format!(
                "example {} of rule `{}`: fix failed: {}",
                i + 1,
                rule.id,
                e.message(true)
            )),
        }
    }
    failures
}

#[cfg(test)]
mod tests;
