//! Rule kinds: the closed set of checks written in Rust. A rule file picks one by name and gives
//! its parameters; the kind finds the places (hits) and the rule turns them into diagnostics.

mod balance;
mod capitalisation;
mod citation;
mod clause;
mod date;
mod doc_type;
mod input;
mod layout;
mod mixed_system;
mod numbering;
mod page_number;
mod pattern;
mod required_section;
mod scope;
mod signer;
mod tone;
mod zone;

use std::fmt;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

use crate::engine::Engine;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use unicode_normalization::UnicodeNormalization;

use crate::parse::Document;
use crate::source::Span;
pub use input::Finding as InputFinding;
pub use layout::LayoutTarget;
pub use scope::Scope;
pub use tone::{restyle, Style as ToneMarkStyle};

/// What a check needs besides the document.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The parsed plan.
    pub doc: &'a Document,
    /// True when the plan is checked as issued (not a draft).
    pub issued: bool,
    /// True for English messages (kinds fill some placeholders with words).
    pub english: bool,
}

impl<'a> Context<'a> {
    /// The default context: a draft plan, messages in Vietnamese.
    pub fn draft(doc: &'a Document) -> Self {
        Context {
            doc,
            issued: false,
            english: false,
        }
    }
}

/// A place where a rule applies, with the values for its message placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Where.
    pub span: Span,
    /// Placeholder values.
    pub vars: Vec<(&'static str, String)>,
    /// The value found comes from a style or the document defaults, not from formatting on the
    /// text: the rule's `help_style`, when it has one, is the help.
    pub from_style: bool,
}

impl Hit {
    /// A hit with no placeholder values.
    pub fn at(span: Span) -> Self {
        Hit {
            span,
            vars: Vec::new(),
            from_style: false,
        }
    }

    /// Adds a placeholder value.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.vars.push((name, value.into()));
        self
    }
}

/// A rule kind with its parameters.
#[derive(Debug, Clone)]
pub enum Kind {
    /// `required-section`: sections that must exist, matched by title.
    RequiredSection(required_section::Params),
    /// `zone-required`: a part of the plan that must exist.
    ZoneRequired(zone::Params),
    /// `pattern`: a regex that must, must not, or must always match inside a scope.
    Pattern(pattern::Params),
    /// `clause`: sentences introduced by a trigger that must exist, or must say enough.
    Clause(clause::Params),
    /// `citation`: checks on the documents the plan cites.
    Citation(citation::Params),
    /// `signer`: the shape of the signer blocks.
    Signer(signer::Params),
    /// `input`: findings of the reader (legacy encodings, decomposed text, tracked changes).
    Input(input::Params),
    /// `tone-style`: old and new tone-mark placement mixed in one document.
    ToneStyle(tone::Params),
    /// `balance`: paired marks (`“ ”`) that do not pair up in a paragraph.
    Balance(balance::Params),
    /// `capitalisation`: capitals and lower case against Nghị định 30/2020, Phụ lục II.
    Capitalisation(capitalisation::Params),
    /// `numbering`: sibling sections numbered in sequence (`I II III`, `1 2 3`, `a b … đ e g`).
    Numbering(numbering::Params),
    /// `mixed-system`: shapes of another document system (state vs Party) in a plan.
    MixedSystem(mixed_system::Params),
    /// `date`: dates that do not exist on the calendar.
    Date(date::Params),
    /// `layout`: a `.docx` layout fact (font, size, style, spacing, page setup) within a range.
    Layout(layout::Params),
    /// `document-type`: the document is not a plan (said once).
    DocumentType(doc_type::Params),
    /// `page-number`: where a `.docx` prints its page numbers (header, centred, not on page 1).
    PageNumber(page_number::Params),
}

/// The names of the kinds, for error messages and docs.
pub const KIND_NAMES: &[&str] = &[
    "required-section",
    "zone-required",
    "pattern",
    "clause",
    "citation",
    "signer",
    "input",
    "tone-style",
    "balance",
    "capitalisation",
    "numbering",
    "mixed-system",
    "date",
    "layout",
    "document-type",
    "page-number",
];

fn params<T: DeserializeOwned>(table: toml::Table) -> Result<T, String> {
    toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| e.to_string().trim().replace('\n', " "))
}

impl Kind {
    /// Builds a kind from its name and the rule file's `[params]` table.
    pub fn from_params(name: &str, table: toml::Table) -> Result<Kind, String> {
        Ok(match name {
            "required-section" => Kind::RequiredSection(params(table)?),
            "zone-required" => Kind::ZoneRequired(params(table)?),
            "pattern" => {
                let p: pattern::Params = params(table)?;
                p.validate()?;
                Kind::Pattern(p)
            }
            "clause" => Kind::Clause(params(table)?),
            "citation" => Kind::Citation(params(table)?),
            "signer" => Kind::Signer(params(table)?),
            "input" => Kind::Input(params(table)?),
            "tone-style" => Kind::ToneStyle(params(table)?),
            "balance" => Kind::Balance(params(table)?),
            "capitalisation" => Kind::Capitalisation(params(table)?),
            "numbering" => Kind::Numbering(params(table)?),
            "mixed-system" => Kind::MixedSystem(params(table)?),
            "date" => Kind::Date(params(table)?),
            "layout" => Kind::Layout(params(table)?),
            "document-type" => Kind::DocumentType(params(table)?),
            "page-number" => Kind::PageNumber(params(table)?),
            other => {
                return Err(format!(
                    "unknown kind `{other}` (expected one of: {})",
                    KIND_NAMES.join(", ")
                ))
            }
        })
    }

    /// The placeholders this kind fills in messages.
    pub fn placeholders(&self) -> &'static [&'static str] {
        match self {
            Kind::RequiredSection(_) => required_section::PLACEHOLDERS,
            Kind::ZoneRequired(_) => zone::PLACEHOLDERS,
            Kind::Pattern(_) => pattern::PLACEHOLDERS,
            Kind::Clause(_) => clause::PLACEHOLDERS,
            Kind::Citation(p) => p.placeholders(),
            Kind::Signer(_) => signer::PLACEHOLDERS,
            Kind::Input(_) => input::PLACEHOLDERS,
            Kind::ToneStyle(_) => tone::PLACEHOLDERS,
            Kind::Balance(_) => balance::PLACEHOLDERS,
            Kind::Capitalisation(_) => capitalisation::PLACEHOLDERS,
            Kind::Numbering(_) => numbering::PLACEHOLDERS,
            Kind::MixedSystem(_) => mixed_system::PLACEHOLDERS,
            Kind::Date(_) => date::PLACEHOLDERS,
            Kind::Layout(_) => layout::PLACEHOLDERS,
            Kind::DocumentType(_) => doc_type::PLACEHOLDERS,
            Kind::PageNumber(_) => page_number::PLACEHOLDERS,
        }
    }

    /// True when a message may use the placeholder `name`: the kind fills it (`{fault}` only
    /// when the rule lists its faults, else it would say nothing).
    pub fn fills(&self, name: &str) -> bool {
        match (self, name) {
            (Kind::Pattern(p), "fault") => !p.fault.is_empty(),
            _ => self.placeholders().contains(&name),
        }
    }

    /// Every place the check finds, ignoring `max_reports`: a fix repairs them all, while the
    /// report names only the first.
    pub fn check_all(&self, cx: &Context) -> Vec<Hit> {
        match self {
            Kind::Pattern(p) if p.max_reports.is_some() => {
                let mut p = p.clone();
                p.max_reports = None;
                p.check(cx)
            }
            _ => self.check(cx),
        }
    }

    /// Runs the check.
    pub fn check(&self, cx: &Context) -> Vec<Hit> {
        match self {
            Kind::RequiredSection(p) => p.check(cx),
            Kind::ZoneRequired(p) => p.check(cx),
            Kind::Pattern(p) => p.check(cx),
            Kind::Clause(p) => p.check(cx),
            Kind::Citation(p) => p.check(cx),
            Kind::Signer(p) => p.check(cx),
            Kind::Input(p) => p.check(cx),
            Kind::ToneStyle(p) => p.check(cx),
            Kind::Balance(p) => p.check(cx),
            Kind::Capitalisation(p) => p.check(cx),
            Kind::Numbering(p) => p.check(cx),
            Kind::MixedSystem(p) => p.check(cx),
            Kind::Date(p) => p.check(cx),
            Kind::Layout(p) => p.check(cx),
            Kind::DocumentType(p) => p.check(cx),
            Kind::PageNumber(p) => p.check(cx),
        }
    }
}

/// A regular expression from a rule file: NFC-normalised (a rule saved on macOS may be NFD) and
/// size-limited (rules may come from users).
///
/// Compiling the built-in rules' patterns was most of vblint's start-up, and a run needs only the
/// patterns of the rules that apply to its plans, so patterns of the embedded rule set (validated
/// when the crate is tested) compile on first use; a user's rule file is compiled when it is
/// loaded, so a bad pattern is reported up front.
#[derive(Clone)]
pub struct Re(pub LazyRegex);

/// A pattern compiled on first use, by the engine that suits the point the run has reached
/// ([`crate::engine`]).
#[derive(Clone)]
pub struct LazyRegex {
    pattern: String,
    compiled: OnceLock<Regex>,
    /// For an embedded pattern anchored at the start or the end of the text: its flat form,
    /// which runs on `regex-lite` in a run's first plans.
    flat: Option<&'static str>,
    lite: OnceLock<regex_lite::Regex>,
    relaxed: OnceLock<Option<Regex>>,
    /// Folded words of which every match contains one ([`crate::literals::required`]).
    needs: Needs,
}

/// Whether the words of patterns are looked for: in the first plans a run checks
/// ([`crate::warmup`]). A pattern is compiled once per run, so the gate saves most on a run over
/// a few files (a pre-commit hook, one reviewer's plan); over a batch, looking for the words in
/// every plan costs more than the compiled patterns' own searches, which have prefilters of
/// their own.
fn gate_on() -> bool {
    crate::warmup::early()
}

/// The words a pattern's matches need: found at build time for the embedded rules, when the
/// rule file is loaded for a user's.
#[derive(Clone)]
enum Needs {
    /// No such words: any text may match.
    Nothing,
    /// From the build script's table.
    Embedded(&'static [&'static str]),
    /// Read from a user's pattern.
    Read(Vec<String>),
}

impl Needs {
    fn of(nfc: &str) -> Needs {
        match embedded::PATTERN_LITERALS.binary_search_by(|(p, _)| (*p).cmp(nfc)) {
            Ok(i) => match embedded::PATTERN_LITERALS[i].1 {
                [] => Needs::Nothing,
                words => Needs::Embedded(words),
            },
            Err(_) => {
                #[cfg(test)]
                NEEDS_READ_AT_RUN_TIME.with(|n| n.set(n.get() + 1));
                crate::literals::required(nfc).map_or(Needs::Nothing, Needs::Read)
            }
        }
    }

    /// How many words.
    fn len(&self) -> usize {
        match self {
            Needs::Nothing => 0,
            Needs::Embedded(words) => words.len(),
            Needs::Read(words) => words.len(),
        }
    }

    fn occur_in(&self, folded: &str) -> bool {
        match self {
            Needs::Nothing => true,
            Needs::Embedded(words) => words.iter().any(|w| folded.contains(w)),
            Needs::Read(words) => words.iter().any(|w| folded.contains(w.as_str())),
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Patterns whose words were not in the build script's table, on this thread (a test keeps
    /// the embedded rules' patterns at zero).
    pub(crate) static NEEDS_READ_AT_RUN_TIME: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

mod embedded {
    // `PATTERN_LITERALS`: (NFC pattern, folded words), sorted by pattern, for every pattern of
    // the embedded rules; written by build.rs with `crate::literals::required`. `FLAT_PATTERNS`:
    // (NFC pattern, flat form) for those that run on `regex-lite` early.
    include!(concat!(env!("OUT_DIR"), "/pattern_literals.rs"));
}

impl LazyRegex {
    /// The pattern as written (NFC).
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// False only when no match can be anywhere in `doc`'s text: it lacks every word the
    /// pattern's matches need. Answers without compiling the pattern, so a rule whose defect is
    /// absent from a plan costs a few substring searches instead of a compilation.
    /// Answers true without looking once the pattern is compiled or past the first plans a
    /// worker checks ([`gate_on`]).
    pub fn may_occur(&self, doc: &Document) -> bool {
        if self.compiled.get().is_some() || !gate_on() {
            return true;
        }
        match (&self.needs, doc.source.folded()) {
            (Needs::Nothing, _) | (_, None) => true,
            (needs, Some(folded)) => needs.occur_in(folded),
        }
    }

    /// False only when the pattern cannot match the text of `span` in `doc`: the span lacks
    /// every word the pattern's matches need or, for a pattern with no such words, the pattern
    /// without its word-boundary assertions (`\b`, `\B`) does not match there.
    ///
    /// A Unicode `\b` makes the regex engine's fast automaton give up on text with non-ASCII
    /// letters, so a `\b` pattern runs in the slow engines; this rules most paragraphs out
    /// before it runs.
    pub fn may_match(&self, doc: &Document, span: Span) -> bool {
        // A long list of words costs more to look for paragraph by paragraph than the relaxed
        // pattern's automaton; past the first plans, so does folding each plan.
        let words = self.needs.len();
        if words == 0 || words > 4 || !gate_on() {
            return self.relaxed_match(doc.text(span));
        }
        match doc.source.folded() {
            Some(folded) => self.needs.occur_in(&folded[span.start..span.end]),
            None => true,
        }
    }

    /// Whether the pattern without its word boundaries matches `text` (true when it has none).
    fn relaxed_match(&self, text: &str) -> bool {
        let relaxed = self.relaxed.get_or_init(|| {
            let stripped = without_word_boundaries(&self.pattern)?;
            compile(&stripped).ok()
        });
        relaxed.as_ref().is_none_or(|r| r.is_match(text))
    }
}

/// `pattern` without its word-boundary assertions (`\b`, `\b{…}`, `\B`), or `None` when it
/// has none. Removing a zero-width assertion only widens what matches; a result that does not
/// compile (`\b+`) is simply not used.
fn without_word_boundaries(pattern: &str) -> Option<String> {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    let mut removed = false;
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => {
                removed = true;
                if chars.peek() == Some(&'{') {
                    for d in chars.by_ref() {
                        if d == '}' {
                            break;
                        }
                    }
                }
            }
            Some('B') => removed = true,
            Some(d) => {
                out.push('\\');
                out.push(d);
            }
            None => out.push('\\'),
        }
    }
    removed.then_some(out)
}

impl LazyRegex {
    /// The pattern compiled by `regex`, for callers that need more than the methods below
    /// (`vblint fix` replaces with it).
    pub fn full(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // The embedded patterns compile (a test compiles every one of them); should one
            // not, it matches nothing rather than stopping the run.
            compile(&self.pattern).unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("empty class"))
        })
    }

    /// The engine to run: `regex-lite` for a pattern with a flat form in a run's first plans
    /// (unless `regex` has compiled it already), else `regex`.
    fn engine(&self) -> Engine<'_> {
        match (self.compiled.get(), self.flat) {
            (None, Some(flat)) if crate::warmup::early() => {
                Engine::Lite(self.lite.get_or_init(|| compile_lite(flat)))
            }
            _ => Engine::Full(self.full()),
        }
    }

    /// Whether the pattern matches `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.engine().is_match(text)
    }

    /// The first match in `text`.
    pub fn find<'h>(&self, text: &'h str) -> Option<crate::engine::Hit<'h>> {
        self.engine().find(text)
    }

    /// The capture groups of every match in `text`.
    pub fn captures_iter<'h>(&self, text: &'h str) -> Vec<crate::engine::Captures<'h>> {
        self.engine().captures_iter(text)
    }
}

/// The flat form of an embedded pattern for `regex-lite`, if it has one (see build.rs).
fn flat_of(nfc: &str) -> Option<&'static str> {
    let table = embedded::FLAT_PATTERNS;
    let i = table.binary_search_by(|(p, _)| (*p).cmp(nfc)).ok()?;
    Some(table[i].1)
}

/// Compiles a flat form with `regex-lite`, once per process (rules share patterns).
fn compile_lite(flat: &'static str) -> regex_lite::Regex {
    static COMPILED: std::sync::Mutex<Vec<(&'static str, regex_lite::Regex)>> =
        std::sync::Mutex::new(Vec::new());
    let mut cache = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, re)) = cache.iter().find(|(f, _)| *f == flat) {
        return re.clone();
    }
    // build.rs wrote it from a pattern that compiles, and a test compiles every flat form.
    let re = regex_lite::Regex::new(flat)
        .unwrap_or_else(|_| regex_lite::Regex::new(r"[^\s\S]").expect("empty class"));
    cache.push((flat, re.clone()));
    re
}

impl fmt::Debug for Re {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/", self.0.as_str())
    }
}

/// Compiles a rule pattern once per process: rules share patterns (eleven rules look for the
/// basis heading `^(CĂN CỨ|CƠ SỞ)`), and a compiled [`Regex`] is cheap to clone.
fn compile(nfc: &str) -> Result<Regex, regex::Error> {
    static COMPILED: std::sync::Mutex<Vec<(String, Regex)>> = std::sync::Mutex::new(Vec::new());
    let lookup =
        |cache: &Vec<(String, Regex)>| cache.iter().find(|(p, _)| p == nfc).map(|(_, r)| r.clone());
    if let Some(re) = lookup(&COMPILED.lock().unwrap_or_else(|e| e.into_inner())) {
        return Ok(re);
    }
    // Compiled outside the lock, so threads compiling different patterns do not wait.
    let re = RegexBuilder::new(nfc)
        .size_limit(crate::limits::MAX_REGEX_BYTES)
        .dfa_size_limit(crate::limits::MAX_REGEX_DFA_BYTES)
        .build()?;
    let mut cache = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(first) = lookup(&cache) {
        return Ok(first);
    }
    cache.push((nfc.to_string(), re.clone()));
    Ok(re)
}

thread_local! {
    /// Set while the embedded rule set is deserialised: its patterns compile on first use.
    static DEFER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with the patterns it deserialises compiled on first use instead of now. Only for
/// rules already validated (the embedded set).
pub(crate) fn deferring_patterns<T>(f: impl FnOnce() -> T) -> T {
    let before = DEFER.with(|d| d.replace(true));
    let out = f();
    DEFER.with(|d| d.set(before));
    out
}

impl Re {
    /// Compiles a pattern from a rule file.
    pub fn new(pattern: &str) -> Result<Re, String> {
        let nfc: String = pattern.nfc().collect();
        let compiled = compile(&nfc).map_err(|e| format!("bad regex `{pattern}`: {e}"))?;
        Ok(Re(LazyRegex {
            needs: Needs::of(&nfc),
            flat: None,
            lite: OnceLock::new(),
            pattern: nfc,
            compiled: OnceLock::from(compiled),
            relaxed: OnceLock::new(),
        }))
    }

    /// A pattern compiled on first use.
    pub(super) fn deferred(pattern: &str) -> Re {
        let nfc: String = pattern.nfc().collect();
        Re(LazyRegex {
            needs: Needs::of(&nfc),
            flat: flat_of(&nfc),
            lite: OnceLock::new(),
            pattern: nfc,
            compiled: OnceLock::new(),
            relaxed: OnceLock::new(),
        })
    }
}

impl<'de> Deserialize<'de> for Re {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if DEFER.with(|d| d.get()) {
            Ok(Re::deferred(&s))
        } else {
            Re::new(&s).map_err(serde::de::Error::custom)
        }
    }
}

/// Text shortened for a message.
pub(crate) fn excerpt(doc: &Document, span: Span) -> String {
    crate::parse::lines::shorten(doc.text(span), 60)
}

/// The first line of the body or, failing that, the title or the first line of the text: where
/// a finding about something missing from the whole plan points.
pub(crate) fn start_anchor(doc: &Document) -> Span {
    doc.title
        .or_else(|| doc.trich_yeu.first().copied())
        .or_else(|| doc.sections.first().map(|s| s.heading))
        .unwrap_or_else(|| first_line(doc))
}

/// Where a finding about something missing at the end of the plan points: the closing, or the
/// last text of the body.
pub(crate) fn end_anchor(doc: &Document) -> Span {
    if let Some(c) = doc.closing {
        // Point at the closing mark (or the last word), not the whole paragraph.
        let text = doc.text(c);
        if let Some(at) = text.rfind("./.") {
            return Span::new(c.start + at, c.start + at + 3);
        }
        let trimmed = text.trim_end();
        let word = trimmed.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        return Span::new(c.start + word, c.start + trimmed.len());
    }
    let mut last = doc
        .body_spans()
        .last()
        .copied()
        .or_else(|| doc.basis.last().copied());
    if let Some(a) = doc.attachments.last() {
        last = Some(*a);
    }
    last.unwrap_or_else(|| start_anchor(doc))
}

fn first_line(doc: &Document) -> Span {
    let source = &doc.source;
    (0..source.line_count())
        .map(|i| source.line_span(i))
        .find(|s| !source.slice(*s).trim().is_empty())
        .unwrap_or_else(|| Span::empty(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gate's promise on real shapes: wherever an embedded pattern matches a fixture, a rule
    /// example, or a line of either, the folded text holds one of the pattern's words.
    #[test]
    fn embedded_pattern_words_are_in_every_text_the_pattern_matches() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = Vec::new();
        let mut stack = vec![root.join("fixtures")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("fixtures folder") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "txt") {
                    if let Ok(t) = std::fs::read_to_string(&path) {
                        texts.push(t);
                    }
                }
            }
        }
        let rules = crate::check::RuleSet::embedded().expect("built-in rules");
        texts.extend(
            rules
                .rules()
                .flat_map(|r| r.examples.iter().map(|e| e.text.clone())),
        );
        let mut pieces: Vec<String> = Vec::new();
        for t in &texts {
            let nfc: String = t.nfc().collect();
            pieces.extend(nfc.lines().map(str::to_string));
            pieces.push(nfc);
        }
        let folded: Vec<Option<String>> = pieces.iter().map(|p| crate::literals::fold(p)).collect();
        let mut checked = 0;
        for (pattern, words) in embedded::PATTERN_LITERALS {
            if words.is_empty() {
                continue;
            }
            let re = Regex::new(pattern).expect("embedded pattern compiles");
            for (piece, f) in pieces.iter().zip(&folded) {
                // A text that cannot be folded lets every pattern through.
                let Some(f) = f else { continue };
                if re.is_match(piece) {
                    checked += 1;
                    assert!(
                        words.iter().any(|w| f.contains(w)),
                        "/{pattern}/ matches {piece:?}, which has none of {words:?}"
                    );
                }
            }
        }
        assert!(checked > 1000, "only {checked} matches checked");
    }

    /// Each embedded pattern with a flat form finds, on `regex-lite`, the matches and groups
    /// `regex` finds, on every fixture, rule file and corpus line and on generated strings; and
    /// the patterns given one are those anchored at the start or the end, without a word
    /// boundary.
    #[test]
    fn flat_forms_of_embedded_patterns_match_like_the_patterns() {
        let lines = crate::engine::testing::lines();
        let mut rng = crate::engine::testing::Rng(0x51_7cc1_b727_220a);
        let mut matched = 0;
        for (pattern, flat) in embedded::FLAT_PATTERNS {
            let props = regex_syntax::parse(pattern)
                .expect("parses")
                .properties()
                .clone();
            assert!(
                props
                    .look_set_prefix()
                    .contains(regex_syntax::hir::Look::Start)
                    || props
                        .look_set_suffix()
                        .contains(regex_syntax::hir::Look::End),
                "{pattern}"
            );
            let inputs = crate::engine::testing::inputs(pattern, &lines, &mut rng);
            matched += crate::engine::testing::assert_same_matches(pattern, pattern, flat, &inputs);
        }
        assert!(embedded::FLAT_PATTERNS.len() >= 30);
        assert!(matched > 5_000, "only {matched} matches compared");
    }

    /// A rule pattern with a flat form runs on `regex-lite` in a run's first plans and on
    /// `regex` after them, with the same answers.
    #[test]
    fn rule_patterns_change_engine_after_the_first_plans() {
        let re = Re::deferred(r"^(CĂN CỨ|CƠ SỞ)");
        assert!(re.0.flat.is_some());
        crate::warmup::set_early(true);
        assert!(re.0.is_match("CĂN CỨ PHÁP LÝ"));
        assert!(re.0.lite.get().is_some() && re.0.compiled.get().is_none());
        crate::warmup::set_early(false);
        assert!(re.0.is_match("CĂN CỨ PHÁP LÝ"));
        assert!(!re.0.is_match("NỘI DUNG"));
        assert!(re.0.compiled.get().is_some());
        crate::warmup::set_early(true);
        // Once `regex` has it, it is used from then on.
        assert!(matches!(re.0.engine(), Engine::Full(_)));
        // A pattern with a word boundary has no flat form.
        assert!(Re::deferred(r"(?i)\bsát\s+nhập\b").0.flat.is_none());
    }

    /// Every pattern of the embedded rules has its words in the build script's table, so none is
    /// read from its syntax at start-up.
    #[test]
    fn every_embedded_pattern_has_its_words_from_the_build() {
        NEEDS_READ_AT_RUN_TIME.with(|n| n.set(0));
        let rules = crate::check::RuleSet::embedded().expect("built-in rules");
        assert!(rules.len() > 100);
        let mut files = Vec::new();
        crate::check::collect_dir(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"),
            &mut files,
        )
        .expect("rules folder");
        for path in &files {
            let text = std::fs::read_to_string(path).expect("rule file");
            crate::check::rule::parse_rule(&text, &path.display().to_string())
                .expect("rule parses");
        }
        assert_eq!(NEEDS_READ_AT_RUN_TIME.with(|n| n.get()), 0);
    }

    /// A rule whose pattern's words are absent from a plan reports nothing and never compiles
    /// the pattern; the same rule fires once the words are there.
    #[test]
    fn a_pattern_whose_words_are_absent_is_not_compiled() {
        let re = Re::deferred(r"(?i)\blãnh\s+phí\b");
        crate::warmup::set_early(true);
        let clean = crate::check::parse_text("Kinh phí thực hiện: ngân sách xã.\n", None);
        assert!(!re.0.may_occur(&clean));
        assert!(re.0.compiled.get().is_none());
        let typo = crate::check::parse_text("LÃNH PHÍ thực hiện: ngân sách xã.\n", None);
        assert!(re.0.may_occur(&typo));
        assert!(re.0.is_match(typo.source.text()));
    }

    /// Past a run's first plans the gate steps aside: a batch compiles the pattern once and
    /// runs it, instead of looking for its words in every plan.
    #[test]
    fn the_gate_works_in_a_runs_first_plans_only() {
        let re = Re::deferred(r"(?i)\bsát\s+nhập\b");
        let clean = crate::check::parse_text("Hợp nhất các thôn theo đề án.\n", None);
        crate::warmup::set_early(true);
        assert!(!re.0.may_occur(&clean));
        crate::warmup::set_early(false);
        assert!(re.0.may_occur(&clean));
        assert!(!re.0.is_match(clean.source.text()));
        crate::warmup::set_early(true);
    }

    #[test]
    fn word_boundaries_are_stripped_and_nothing_else() {
        assert_eq!(
            without_word_boundaries(r"(?i)\bsử lý\b"),
            Some("(?i)sử lý".into())
        );
        assert_eq!(
            without_word_boundaries(r"\b{start}a\Bb\\b"),
            Some(r"ab\\b".into())
        );
        assert_eq!(without_word_boundaries(r"\d+\.\s"), None);
    }

    #[test]
    fn may_match_never_rules_out_a_match() {
        let with_words = Re::new(r"(?i)\b(sử lý|nghành)\b").unwrap();
        // No literal every match needs: the pattern without `\b` rules paragraphs out.
        let without_words = Re::new(r"\b[0-9]+\b").unwrap();
        let text = "Các sở sử lý hồ sơ.\nNGHÀNH Y TẾ\nxử lý đúng hạn\nnghànhx\na\nđợt 3\n";
        let doc = crate::check::parse_text(text, None);
        let mut ruled_out = 0;
        for i in 0..doc.source.line_count() {
            let line = doc.source.line_span(i);
            for re in [&with_words, &without_words] {
                if re.0.is_match(doc.text(line)) {
                    assert!(re.0.may_match(&doc, line), "{}", doc.text(line));
                } else if !re.0.may_match(&doc, line) {
                    ruled_out += 1;
                }
            }
        }
        assert!(ruled_out >= 6, "{ruled_out}");
        // A pattern without boundaries or words is never ruled out.
        let x = Re::new("[xy]").unwrap();
        assert!(x.0.may_match(&doc, doc.source.line_span(0)));
    }
}
