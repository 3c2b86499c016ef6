//! Report: diagnostics → compiler-style text (codespan-reporting), JSON, GitHub annotations or a
//! self-contained HTML page (`html.rs`).
//!
//! The only stage that knows about terminals, colours and output formats. Positions are always
//! given in the user's text: lines and character columns (1-based) of what they see.

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as RenderedSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor, Config, Styles, StylesWriter};
use serde_json::{json, Value};

use crate::check::{Diagnostic, Severity};
use crate::extract::{ExtractError, Location};
use crate::parse::Document;

mod html;
pub use html::{escape as html_escape, html};

/// The outcome of checking one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as given (or found while walking a folder).
    pub path: String,
    /// The parsed plan and its diagnostics, or why it could not be read.
    pub outcome: Result<(Document, Vec<Diagnostic>), ExtractError>,
}

/// Counts over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files checked (readable or not).
    pub files: usize,
    /// Files that could not be read.
    pub unreadable: usize,
    /// Error-level findings.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Findings `vblint fix` can repair (marked `[*]`).
    pub fixable: usize,
}

impl Summary {
    /// Counts the findings of `reports`.
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for r in reports {
            match &r.outcome {
                Err(_) => s.unreadable += 1,
                Ok((_, diags)) => {
                    for d in diags {
                        s.fixable += usize::from(d.fixable);
                        match d.severity {
                            Severity::Error => s.errors += 1,
                            Severity::Warning => s.warnings += 1,
                            Severity::Info => s.infos += 1,
                        }
                    }
                }
            }
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
}

/// Renders the human report: each file's diagnostics like rustc, unreadable files as one-line
/// errors, and a summary line.
pub fn human(reports: &[FileReport], english: bool, color: bool) -> String {
    let mut out = String::new();
    let config = Config::default();
    let styles = Styles::default();
    for report in reports {
        match &report.outcome {
            Err(e) => {
                let word = if color {
                    "\x1b[1;31merror\x1b[0m"
                } else {
                    "error"
                };
                out.push_str(&format!(
                    "{word}: {}: {}\n",
                    report.path,
                    e.message(english)
                ));
            }
            Ok((doc, diags)) => {
                let file = SimpleFile::new(report.path.as_str(), doc.source.display());
                for d in diags {
                    let rendered = render_one(doc, d, english);
                    if color {
                        let mut buffer = termcolor::Buffer::ansi();
                        let mut writer = StylesWriter::new(&mut buffer, &styles);
                        if term::emit_to_write_style(&mut writer, &config, &file, &rendered).is_ok()
                        {
                            out.push_str(&String::from_utf8_lossy(buffer.as_slice()));
                        }
                    } else if let Ok(text) = term::emit_into_string(&config, &file, &rendered) {
                        out.push_str(&text);
                    }
                }
            }
        }
    }
    out.push_str(&summary_line(&Summary::of(reports), english));
    out.push('\n');
    out
}

fn render_one(doc: &Document, d: &Diagnostic, english: bool) -> Rendered<()> {
    let severity = match d.severity {
        Severity::Error => RenderedSeverity::Error,
        Severity::Warning => RenderedSeverity::Warning,
        Severity::Info => RenderedSeverity::Note,
    };
    let range = doc.source.display_range(d.span);
    let mut notes = Vec::new();
    if let Some(section) = &d.section {
        let word = if english { "section" } else { "mục" };
        notes.push(format!("{word}: {section}"));
    }
    if let Some(location) = location_words(doc, d, english) {
        notes.push(location);
    }
    notes.push(format!("help: {}", d.help));
    Rendered::new(severity)
        .with_code(d.rule.clone())
        .with_message(if d.fixable {
            format!("[*] {}", d.message)
        } else {
            d.message.clone()
        })
        .with_labels(vec![Label::primary((), range)])
        .with_notes(notes)
}

/// Where a finding sits in a `.docx`, in words (`đoạn 12, bảng 1 hàng 2 ô 1`).
pub(crate) fn location_words(doc: &Document, d: &Diagnostic, english: bool) -> Option<String> {
    let line = doc.source.line_of(d.span.start);
    let info = doc.line_info.get(line)?;
    let (p, t, r, c, f) = if english {
        ("paragraph", "table", "row", "cell", "footnote")
    } else {
        ("đoạn", "bảng", "hàng", "ô", "chú thích")
    };
    let text = match &info.location {
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

/// The summary line.
pub fn summary_line(s: &Summary, english: bool) -> String {
    let mut line = if english {
        format!(
            "{} file(s) checked: {} error(s), {} warning(s), {} info",
            s.files, s.errors, s.warnings, s.infos
        )
    } else {
        format!(
            "Đã kiểm tra {} tệp: {} lỗi, {} cảnh báo, {} thông tin",
            s.files, s.errors, s.warnings, s.infos
        )
    };
    if s.fixable > 0 {
        line.push_str(&if english {
            format!("; {} fixable with `vblint fix` [*]", s.fixable)
        } else {
            format!("; {} lỗi sửa tự động được bằng `vblint fix` [*]", s.fixable)
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

/// Renders the JSON report (schema version 1, documented in the README).
pub fn json(reports: &[FileReport], english: bool) -> String {
    let files: Vec<Value> = reports
        .iter()
        .map(|r| match &r.outcome {
            Err(e) => json!({
                "path": r.path,
                "error": { "message": e.message(english) },
                "diagnostics": [],
            }),
            Ok((doc, diags)) => json!({
                "path": r.path,
                "error": null,
                "diagnostics": diags.iter().map(|d| json_diagnostic(doc, d)).collect::<Vec<_>>(),
            }),
        })
        .collect();
    let s = Summary::of(reports);
    let value = json!({
        "version": 1,
        "files": files,
        "summary": {
            "files": s.files,
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
            "unreadable": s.unreadable,
        },
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

fn json_diagnostic(doc: &Document, d: &Diagnostic) -> Value {
    let start = doc.source.position(d.span.start);
    let end = doc.source.position(d.span.end);
    let mut v = json!({
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "message": d.message,
        "help": d.help,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "section": d.section,
        "fixable": d.fixable,
    });
    if let Some(location) = json_location(doc, d) {
        v["location"] = location;
    }
    v
}

fn json_location(doc: &Document, d: &Diagnostic) -> Option<Value> {
    let line = doc.source.line_of(d.span.start);
    let info = doc.line_info.get(line)?;
    Some(match &info.location {
        Location::Unknown => return None,
        Location::Body {
            paragraph,
            cell,
            text_box,
        } => {
            let mut v = json!({ "part": "document", "paragraph": paragraph });
            if let Some(c) = cell {
                v["table"] = json!(c.table);
                v["row"] = json!(c.row);
                v["cell"] = json!(c.cell);
            }
            if *text_box {
                v["text_box"] = json!(true);
            }
            v
        }
        Location::Footnote { id } => json!({ "part": "footnotes", "footnote": id }),
        Location::Endnote { id } => json!({ "part": "endnotes", "endnote": id }),
        Location::PageHeader { part } => json!({ "part": part, "page_header": true }),
        Location::PageFooter { part } => json!({ "part": part, "page_footer": true }),
    })
}

/// Renders GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`), one per
/// finding and one per unreadable file, so findings show as annotations on a pull request.
pub fn github(reports: &[FileReport], english: bool) -> String {
    let mut out = String::new();
    for r in reports {
        match &r.outcome {
            Err(e) => out.push_str(&format!(
                "::error file={}::{}\n",
                escape_property(&r.path),
                escape_data(&e.message(english))
            )),
            Ok((doc, diags)) => {
                for d in diags {
                    let start = doc.source.position(d.span.start);
                    let end = doc.source.position(d.span.end);
                    let level = match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Info => "notice",
                    };
                    out.push_str(&format!(
                        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                        escape_property(&r.path),
                        start.line,
                        start.column,
                        end.line,
                        end.column,
                        escape_property(&d.rule),
                        escape_data(&format!("{} ({})", d.message, d.help))
                    ));
                }
            }
        }
    }
    out
}

/// Escapes a workflow-command message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
