//! Report: checked files → output, one emitter per format.
//!
//! The only stage that knows about terminals, colours and output formats. The driver turns each
//! checked file into a [`FileResult`] (positions resolved, a short snippet of the text under each
//! finding, a fingerprint) and drops the document, so an emitter never holds a whole plan. Each
//! format lives in its own file and implements [`Emitter`]: `file` is called once per file in path
//! order as soon as it is ready, `finish` once at the end. Positions are always in the user's
//! text: lines and character columns (1-based) of what they see.

mod concise;
mod html;
pub use html::{escape as html_escape, html};
mod github;
mod gitlab;
mod human;
mod json;
mod json_lines;
mod junit;
mod sarif;
mod statistics;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::check::rule::{Deferred, Docs};
use crate::check::{Diagnostic, Rule, Severity};
use crate::extract::{ExtractError, Location};
use crate::parse::Document;
use crate::source::{Position, Span};

pub use human::HumanOptions;

/// The output formats of `vblint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Compiler-style text for people (the default).
    Human,
    /// One line per finding.
    Concise,
    /// One JSON document.
    Json,
    /// One JSON object per file, streamed.
    JsonLines,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// GitLab Code Quality (Code Climate JSON).
    Gitlab,
    /// JUnit XML.
    Junit,
    /// One self-contained HTML page for reviewers (needs the documents: see [`html`]).
    Html,
}

impl Format {
    /// Every format with its name, in the order `--help` lists them.
    pub const ALL: [(&'static str, Format); 9] = [
        ("human", Format::Human),
        ("concise", Format::Concise),
        ("json", Format::Json),
        ("json-lines", Format::JsonLines),
        ("github", Format::Github),
        ("sarif", Format::Sarif),
        ("gitlab", Format::Gitlab),
        ("junit", Format::Junit),
        ("html", Format::Html),
    ];

    /// Parses a format name (`human`, `json-lines`, …).
    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
    }

    /// The format's name.
    pub fn name(self) -> &'static str {
        Format::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map(|(n, _)| *n)
            .unwrap_or("human")
    }

    /// True for the formats people read (a progress bar and a closing summary make sense).
    pub fn is_for_people(self) -> bool {
        matches!(self, Format::Human | Format::Concise)
    }
}

/// The lines under a finding, cut to a window around it when a line is very long.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The lines, first to last (at most [`Snippet::MAX_LINES`]).
    pub lines: Vec<SnippetLine>,
}

/// One line of a snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetLine {
    /// 1-based line number.
    pub number: usize,
    /// The text shown (possibly a window of the line).
    pub text: String,
    /// The marked part, in display columns of `text` (0-based, end exclusive).
    pub mark: (usize, usize),
    /// The window starts after the line's start.
    pub cut_left: bool,
    /// The window ends before the line's end.
    pub cut_right: bool,
}

impl Snippet {
    /// At most this many lines of a multi-line finding are shown.
    pub const MAX_LINES: usize = 3;
    /// Lines longer than this many bytes are shown as a window around the finding.
    pub const MAX_WIDTH: usize = 400;
    /// Characters of context kept on each side of the finding in a window.
    pub const CONTEXT: usize = 60;
    /// Characters of the finding itself shown in a window.
    pub const MARK: usize = 120;

    /// The snippet of `doc`'s display text under `span` (lines `start` to `end`, 1-based). The
    /// work is bounded by the window, not by the line, so a huge one-line file stays fast.
    pub fn build(doc: &Document, span: Span, first: usize, last: usize) -> Snippet {
        let display = doc.source.display();
        let range = doc.source.display_range(span);
        let mut lines = Vec::new();
        for number in first..=last.max(first).min(first + Snippet::MAX_LINES - 1) {
            let line = doc.source.display_line(number - 1);
            let from = range.start.clamp(line.start, line.end);
            let to = range.end.clamp(from, line.end);
            lines.push(window(display, number, line, from, to));
        }
        Snippet { lines }
    }
}

/// The part of `text[line]` shown for a mark over `from..to` (byte offsets).
fn window(text: &str, number: usize, line: Range<usize>, from: usize, to: usize) -> SnippetLine {
    // Offsets inside a character (a bug upstream) are moved back to its start.
    let floor = |mut at: usize| {
        at = at.clamp(line.start, line.end);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let (from, to) = (floor(from), floor(to));
    let (lo, hi, to_shown) = if line.end - line.start <= Snippet::MAX_WIDTH {
        (line.start, line.end, to)
    } else {
        let back = |at: usize, n: usize| {
            text[line.start..at]
                .char_indices()
                .rev()
                .take(n)
                .last()
                .map_or(at, |(i, _)| line.start + i)
        };
        let ahead = |at: usize, n: usize| {
            text[at..line.end]
                .char_indices()
                .nth(n)
                .map_or(line.end, |(i, _)| at + i)
        };
        let to_shown = ahead(from, Snippet::MARK).min(to);
        (
            back(from, Snippet::CONTEXT),
            ahead(to_shown, Snippet::CONTEXT),
            to_shown,
        )
    };
    // Columns count what a terminal advances over: combining marks take none, a tab goes to
    // the next multiple of 4.
    let mut shown = String::with_capacity(hi - lo);
    let (mut column, mut mark_start, mut mark_end) = (0, 0, 0);
    for (i, c) in text[lo..hi].char_indices() {
        let at = lo + i;
        if at == from {
            mark_start = column;
        }
        if at == to_shown {
            mark_end = column;
        }
        if c == '\t' {
            let next = (column / 4 + 1) * 4;
            shown.extend(std::iter::repeat_n(' ', next - column));
            column = next;
        } else {
            shown.push(c);
            if !is_combining_mark(c) {
                column += 1;
            }
        }
    }
    if from >= hi {
        mark_start = column;
    }
    if to_shown >= hi {
        mark_end = column;
    }
    SnippetLine {
        number,
        text: shown,
        mark: (mark_start, mark_end.max(mark_start)),
        cut_left: lo > line.start,
        cut_right: hi < line.end,
    }
}

/// One finding, with everything an emitter needs once the document is gone.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The check's diagnostic as the rule produced it.
    pub diagnostic: Diagnostic,
    /// Where it starts in the user's text.
    pub start: Position,
    /// Where it ends.
    pub end: Position,
    /// Where the paragraph sits in a `.docx`.
    pub location: Location,
    /// The text under it, for the human format.
    pub snippet: Snippet,
    /// A fingerprint of the rule, the section and the offending text (normalised), independent of
    /// the line, so an accepted finding stays recognised when the plan is edited elsewhere.
    pub fingerprint: String,
}

impl Finding {
    /// Resolves `d` against `doc`.
    pub fn new(doc: &Document, d: Diagnostic) -> Finding {
        let start = doc.source.position(d.span.start);
        let end = doc.source.position(d.span.end.max(d.span.start));
        let line = doc.source.line_of(d.span.start);
        let location = doc
            .line_info
            .get(line)
            .map(|i| i.location.clone())
            .unwrap_or_default();
        let snippet = Snippet::build(doc, d.span, start.line, end.line);
        let fingerprint = fingerprint(&d.rule, d.section.as_deref(), doc.source.slice(d.span));
        Finding {
            diagnostic: d,
            start,
            end,
            location,
            snippet,
            fingerprint,
        }
    }

    /// The rule id.
    pub fn rule(&self) -> &str {
        &self.diagnostic.rule
    }

    /// The severity in this run.
    pub fn severity(&self) -> Severity {
        self.diagnostic.severity
    }
}

/// The fingerprint of a finding: 16 hex digits of FNV-1a over the rule, the section path and
/// the offending text in NFC with whitespace collapsed. Stable across versions and platforms.
pub fn fingerprint(rule: &str, section: Option<&str>, text: &str) -> String {
    let normal: String = text.nfc().collect();
    let collapsed = normal.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut h = Fnv::default();
    h.write(rule.as_bytes());
    h.write(&[0]);
    h.write(section.unwrap_or("").as_bytes());
    h.write(&[0]);
    h.write(collapsed.as_bytes());
    format!("{:016x}", h.0)
}

/// FNV-1a, 64 bits: a small hash whose value never changes between builds.
pub(crate) struct Fnv(pub(crate) u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A checked file.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Findings in position order.
    pub findings: Vec<Finding>,
    /// The ids of the rules that ran on this file, sorted.
    pub rules_run: Vec<String>,
    /// The document system (`state`, `party`, `youth`).
    pub system: &'static str,
    /// The document type (`ke-hoach`, `quyet-dinh`, …, or `unknown`).
    pub doc_type: &'static str,
}

impl Checked {
    /// The findings of `diags` on `doc`, with what the file was recognised as.
    pub fn new(doc: &Document, diags: Vec<Diagnostic>, rules_run: Vec<String>) -> Checked {
        Checked {
            findings: diags.into_iter().map(|d| Finding::new(doc, d)).collect(),
            rules_run,
            system: doc.system.id(),
            doc_type: doc.doc_type.id(),
        }
    }
}

/// The outcome of one file, as emitters see it.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The path as given (or found while walking a folder).
    pub path: String,
    /// Findings, or why the file could not be read.
    pub outcome: Result<Checked, ExtractError>,
}

/// What a rule is, for formats that describe the rules (SARIF, the statistics table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMeta {
    /// The id.
    pub id: String,
    /// The family (the folder under `rules/`).
    pub family: String,
    /// Default severity.
    pub severity: Severity,
    /// One-line summary.
    pub summary: String,
    /// How to fix a finding (the template).
    pub help: String,
    /// The documentation and legal source, read only by the formats that show them (an
    /// embedded rule's docs stay unread in a check that does not need them).
    docs: Deferred<Docs>,
    /// The run's language, for [`RuleMeta::docs`].
    english: bool,
}

impl RuleMeta {
    /// The description of `rule` in the run's language.
    pub fn of(rule: &Rule, english: bool) -> RuleMeta {
        RuleMeta {
            id: rule.id.clone(),
            family: crate::check::family(rule),
            severity: rule.severity,
            summary: rule.summary.get(english).to_string(),
            help: rule.help.get(english).to_string(),
            docs: rule.docs.clone(),
            english,
        }
    }

    /// Documentation in the run's language.
    pub fn docs(&self) -> &str {
        self.docs.get(self.english).trim()
    }

    /// The legal source.
    pub fn source(&self) -> &str {
        &self.docs.source
    }
}

/// A file in a folder that vblint does not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path.
    pub path: String,
    /// Why, in the run's language.
    pub reason: String,
}

/// A baseline entry that matched no finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The path of the entry.
    pub path: String,
    /// Its rule.
    pub rule: String,
    /// Its section path.
    pub section: Option<String>,
}

/// Counts over a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files checked (readable or not).
    pub files: usize,
    /// Files with at least one error-level finding.
    pub files_with_errors: usize,
    /// Files that could not be read.
    pub unreadable: usize,
    /// Error-level findings.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Findings per rule.
    pub by_rule: BTreeMap<String, usize>,
    /// Files in the folders walked that are not plans vblint reads.
    pub skipped: Vec<Skipped>,
    /// Findings hidden by an inline suppression.
    pub suppressed: usize,
    /// Findings hidden by the baseline.
    pub baselined: usize,
    /// Baseline entries that matched nothing.
    pub stale: Vec<Stale>,
    /// Findings hidden by `--min-severity`.
    pub below_threshold: usize,
    /// Findings `vblint fix` can repair (marked `[*]`).
    pub fixable: usize,
}

impl Summary {
    /// Adds one file.
    pub fn add(&mut self, file: &FileResult) {
        self.files += 1;
        match &file.outcome {
            Err(_) => self.unreadable += 1,
            Ok(checked) => {
                let mut has_error = false;
                for f in &checked.findings {
                    self.fixable += usize::from(f.diagnostic.fixable);
                    match f.severity() {
                        Severity::Error => {
                            self.errors += 1;
                            has_error = true;
                        }
                        Severity::Warning => self.warnings += 1,
                        Severity::Info => self.infos += 1,
                    }
                    *self.by_rule.entry(f.rule().to_string()).or_default() += 1;
                }
                if has_error {
                    self.files_with_errors += 1;
                }
            }
        }
    }

    /// Counts the findings of `reports`.
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary::default();
        for r in reports {
            s.add(&r.to_result());
        }
        s
    }

    /// The process exit code: 2 when a file could not be read, else 1 with error findings,
    /// else 0.
    pub fn exit_code(&self) -> i32 {
        if self.unreadable > 0 {
            2
        } else if self.errors > 0 {
            1
        } else {
            0
        }
    }

    /// The most frequent rules, most frequent first (ties by id).
    pub fn top_rules(&self, n: usize) -> Vec<(&str, usize)> {
        let mut v: Vec<(&str, usize)> =
            self.by_rule.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.truncate(n);
        v
    }
}

/// What every emitter may read about the run.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    /// English output.
    pub english: bool,
    /// ANSI colours.
    pub color: bool,
    /// Options of the human format.
    pub human: HumanOptions,
}

/// The end of a run: counts and the rules that were loaded.
#[derive(Debug, Clone, Default)]
pub struct RunEnd {
    /// The counts.
    pub summary: Summary,
    /// Every loaded rule by id (for formats that describe the rules).
    pub rules: BTreeMap<String, RuleMeta>,
}

/// One output format.
pub trait Emitter {
    /// Called once per file, in path order, as soon as the file and all before it are done.
    fn file(&mut self, out: &mut dyn Write, file: &FileResult) -> io::Result<()>;
    /// Called once after the last file.
    fn finish(&mut self, out: &mut dyn Write, end: &RunEnd) -> io::Result<()>;
}

/// The emitter for `format`; `statistics` replaces the findings with counts per rule.
pub fn emitter(format: Format, info: RunInfo, statistics: bool) -> Box<dyn Emitter> {
    if statistics {
        return Box::new(statistics::Statistics::new(info, format));
    }
    match format {
        Format::Human => Box::new(human::Human::new(info)),
        Format::Concise => Box::new(concise::Concise::new(info)),
        Format::Json => Box::new(json::Json::new(info)),
        Format::JsonLines => Box::new(json_lines::JsonLines::new(info)),
        Format::Github => Box::new(github::Github::new(info)),
        Format::Sarif => Box::new(sarif::Sarif::new(info)),
        Format::Gitlab => Box::new(gitlab::Gitlab::new(info)),
        Format::Junit => Box::new(junit::Junit::new(info)),
        // The HTML page shows each plan's text, so it is built from whole reports with
        // [`html`]; a streaming caller gets the human text instead.
        Format::Html => Box::new(human::Human::new(info)),
    }
}

/// Renders whole files in `format` into a string (for tests and small callers).
pub fn render(format: Format, info: RunInfo, files: &[FileResult], rules: &[RuleMeta]) -> String {
    let mut emitter = emitter(format, info, false);
    let mut out = Vec::new();
    let mut end = RunEnd::default();
    for f in files {
        end.summary.add(f);
        // Writing to a Vec cannot fail.
        let _ = emitter.file(&mut out, f);
    }
    end.rules = rules.iter().map(|r| (r.id.clone(), r.clone())).collect();
    let _ = emitter.finish(&mut out, &end);
    String::from_utf8_lossy(&out).into_owned()
}

/// The outcome of checking one file with its document kept (for tests and the library API).
#[derive(Debug)]
pub struct FileReport {
    /// The path as given (or found while walking a folder).
    pub path: String,
    /// The parsed plan and its diagnostics, or why it could not be read.
    pub outcome: Result<(Document, Vec<Diagnostic>), ExtractError>,
}

impl FileReport {
    /// Resolves the findings so emitters can render them.
    pub fn to_result(&self) -> FileResult {
        FileResult {
            path: self.path.clone(),
            outcome: match &self.outcome {
                Ok((doc, diags)) => Ok(Checked::new(doc, diags.clone(), Vec::new())),
                Err(e) => Err(e.clone()),
            },
        }
    }
}

/// Renders the human report of `reports` (no colour unless `color`).
pub fn human(reports: &[FileReport], english: bool, color: bool) -> String {
    let files: Vec<FileResult> = reports.iter().map(FileReport::to_result).collect();
    let info = RunInfo {
        english,
        color,
        human: HumanOptions::default(),
    };
    render(Format::Human, info, &files, &[])
}

/// Renders the JSON report of `reports`.
pub fn json(reports: &[FileReport], english: bool) -> String {
    let files: Vec<FileResult> = reports.iter().map(FileReport::to_result).collect();
    let info = RunInfo {
        english,
        ..RunInfo::default()
    };
    // Callers add their own final newline, as before the emitters existed.
    render(Format::Json, info, &files, &[])
        .trim_end_matches('\n')
        .to_string()
}

/// A severity's label in the run's language.
pub fn severity_word(s: Severity, english: bool) -> &'static str {
    match (s, english) {
        (Severity::Error, false) => "lỗi",
        (Severity::Warning, false) => "cảnh báo",
        (Severity::Info, false) => "lưu ý",
        (Severity::Error, true) => "error",
        (Severity::Warning, true) => "warning",
        (Severity::Info, true) => "info",
    }
}

/// Where finding `d` of `doc` sits in a `.docx`, in words.
pub(crate) fn location_words_of(doc: &Document, d: &Diagnostic, english: bool) -> Option<String> {
    let line = doc.source.line_of(d.span.start);
    location_words(&doc.line_info.get(line)?.location, english)
}

/// Where a finding sits in a `.docx`, in words (`đoạn 12, bảng 1 hàng 2 ô 1`).
pub fn location_words(location: &Location, english: bool) -> Option<String> {
    let (p, t, r, c, f) = if english {
        ("paragraph", "table", "row", "cell", "footnote")
    } else {
        ("đoạn", "bảng", "hàng", "ô", "chú thích")
    };
    let text = match location {
        Location::Unknown => return None,
        Location::Body {
            paragraph, cell, ..
        } => match cell {
            Some(x) => format!(
                "{p} {paragraph}, {t} {} {r} {} {c} {}",
                x.table, x.row, x.cell
            ),
            None => format!("{p} {paragraph}"),
        },
        Location::Footnote { id } | Location::Endnote { id } => format!("{f} {id}"),
        Location::PageHeader { part } | Location::PageFooter { part } => part.clone(),
    };
    Some(format!("docx: {text}"))
}

/// The one-line summary of a run.
pub fn summary_line(s: &Summary, english: bool) -> String {
    let mut line = if english {
        format!(
            "{} file(s) checked: {} error(s), {} warning(s), {} info",
            s.files, s.errors, s.warnings, s.infos
        )
    } else {
        format!(
            "Đã kiểm tra {} tệp: {} lỗi, {} cảnh báo, {} lưu ý",
            s.files, s.errors, s.warnings, s.infos
        )
    };
    if s.fixable > 0 {
        line.push_str(&if english {
            format!("; {} fixable with `vblint fix` [*]", s.fixable)
        } else {
            format!(
                "; {} phát hiện sửa tự động được bằng `vblint fix` [*]",
                s.fixable
            )
        });
    }
    if s.unreadable > 0 {
        line.push_str(&if english {
            format!("; {} file(s) could not be read", s.unreadable)
        } else {
            format!("; {} tệp không đọc được", s.unreadable)
        });
    }
    line
}

/// The closing lines after the summary line: files with errors, skipped files, hidden findings,
/// stale baseline entries and the most frequent rules. Empty for a clean single-file run.
pub fn closing_details(s: &Summary, english: bool) -> String {
    let mut out = String::new();
    let mut push = |vi: String, en: String| {
        out.push_str("  ");
        out.push_str(if english { &en } else { &vi });
        out.push('\n');
    };
    if s.files > 1 && s.files_with_errors > 0 {
        push(
            format!("{} tệp có lỗi", s.files_with_errors),
            format!("{} file(s) with errors", s.files_with_errors),
        );
    }
    if !s.skipped.is_empty() {
        let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
        for k in &s.skipped {
            *reasons.entry(k.reason.as_str()).or_default() += 1;
        }
        for (reason, n) in reasons {
            push(
                format!("bỏ qua {n} tệp: {reason}"),
                format!("skipped {n} file(s): {reason}"),
            );
        }
    }
    if s.suppressed > 0 {
        push(
            format!(
                "{} phát hiện được bỏ qua theo chú thích trong văn bản",
                s.suppressed
            ),
            format!("{} finding(s) suppressed in the document", s.suppressed),
        );
    }
    if s.baselined > 0 {
        push(
            format!("{} phát hiện đã có trong baseline", s.baselined),
            format!("{} finding(s) already in the baseline", s.baselined),
        );
    }
    if s.below_threshold > 0 {
        push(
            format!("{} phát hiện dưới mức --min-severity", s.below_threshold),
            format!("{} finding(s) below --min-severity", s.below_threshold),
        );
    }
    for st in &s.stale {
        let section = st.section.as_deref().unwrap_or("-");
        push(
            format!(
                "mục baseline không còn khớp: {} [{}] mục {section} (chạy lại --write-baseline để xóa)",
                st.path, st.rule
            ),
            format!(
                "stale baseline entry: {} [{}] section {section} (rerun --write-baseline to drop it)",
                st.path, st.rule
            ),
        );
    }
    let top = s.top_rules(5);
    if s.files > 1 && !top.is_empty() {
        let list = top
            .iter()
            .map(|(id, n)| format!("{id} ({n})"))
            .collect::<Vec<_>>()
            .join(", ");
        push(
            format!("quy tắc gặp nhiều nhất: {list}"),
            format!("most frequent rules: {list}"),
        );
    }
    out
}

#[cfg(test)]
mod summary_tests {
    use super::*;

    #[test]
    fn the_summary_names_fixable_findings_once() {
        let s = Summary {
            files: 2,
            errors: 1,
            warnings: 3,
            fixable: 2,
            ..Summary::default()
        };
        let vi = summary_line(&s, false);
        assert_eq!(vi.matches("vblint fix").count(), 1, "{vi}");
        assert!(vi.contains("2 phát hiện sửa tự động được"), "{vi}");
        assert_eq!(summary_line(&s, true).matches("vblint fix").count(), 1);
    }
}

#[cfg(test)]
mod rule_meta_tests {
    use super::*;

    /// Every run describes its rules, but only SARIF shows their docs: describing an embedded
    /// rule must not read them, and reading them later gives the rule's.
    #[test]
    fn describing_a_rule_leaves_its_docs_unread_until_asked() {
        let rules = crate::check::RuleSet::embedded().expect("built-in rules");
        let rule = rules.get("basis-missing").expect("basis-missing");
        let metas = [RuleMeta::of(rule, false), RuleMeta::of(rule, true)];
        assert!(rule.docs.loaded().is_none());
        for (meta, english) in metas.iter().zip([false, true]) {
            assert_eq!(meta.docs(), rule.docs.get(english).trim());
            assert_eq!(meta.source(), rule.docs.source);
            assert!(!meta.source().is_empty());
        }
    }
}
