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
mod pattern;
mod required_section;
mod scope;
mod signer;
mod tone;
mod zone;

use std::fmt;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
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
}

impl Hit {
    /// A hit with no placeholder values.
    pub fn at(span: Span) -> Self {
        Hit {
            span,
            vars: Vec::new(),
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
            "pattern" => Kind::Pattern(params(table)?),
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

/// A pattern compiled on first use; dereferences to the compiled [`Regex`].
#[derive(Clone)]
pub struct LazyRegex {
    pattern: String,
    compiled: OnceLock<Regex>,
    relaxed: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// The pattern as written (NFC).
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// False only when the pattern cannot match `text`, judged by the pattern without its
    /// word-boundary assertions (`\b`, `\B`), which matches wherever the pattern does.
    ///
    /// A Unicode `\b` makes the regex engine's fast automaton give up on text with non-ASCII
    /// letters, so a `\b` pattern over a whole Vietnamese plan runs in the slow engines; the
    /// relaxed pattern runs in the fast one and rules most texts out.
    pub fn may_match(&self, text: &str) -> bool {
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

impl std::ops::Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // The embedded patterns compile (a test compiles every one of them); should one
            // not, it matches nothing rather than stopping the run.
            compile(&self.pattern).unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("empty class"))
        })
    }
}

impl fmt::Debug for Re {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/", self.0.as_str())
    }
}

fn compile(nfc: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(nfc)
        .size_limit(crate::limits::MAX_REGEX_BYTES)
        .dfa_size_limit(crate::limits::MAX_REGEX_DFA_BYTES)
        .build()
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
            pattern: nfc,
            compiled: OnceLock::from(compiled),
            relaxed: OnceLock::new(),
        }))
    }

    /// A pattern compiled on first use.
    fn deferred(pattern: &str) -> Re {
        Re(LazyRegex {
            pattern: pattern.nfc().collect(),
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
        let re = Re::new(r"(?i)\b(sử lý|nghành)\b").unwrap();
        for text in [
            "Các sở sử lý hồ sơ.",
            "NGHÀNH Y TẾ",
            "xử lý đúng hạn",
            "nghànhx",
            "a",
        ] {
            if re.0.is_match(text) {
                assert!(re.0.may_match(text), "{text}");
            }
        }
        assert!(!re.0.may_match("xử lý đúng hạn"));
        // A pattern without boundaries is never ruled out by this test.
        assert!(Re::new("x").unwrap().0.may_match("y"));
    }
}
