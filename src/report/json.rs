//! The JSON format (schema version 1, documented in the README): one document with every file
//! and the summary.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{Emitter, FileResult, Finding, RunEnd, RunInfo, Summary};
use crate::extract::Location;

pub(super) struct Json {
    info: RunInfo,
    files: Vec<Value>,
}

impl Json {
    pub(super) fn new(info: RunInfo) -> Json {
        Json {
            info,
            files: Vec::new(),
        }
    }
}

impl Emitter for Json {
    fn file(&mut self, _out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        self.files.push(file_value(file, self.info.english));
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, end: &RunEnd) -> io::Result<()> {
        let value = json!({
            "version": 1,
            "files": std::mem::take(&mut self.files),
            "summary": summary_value(&end.summary),
        });
        let text = serde_json::to_string_pretty(&value).unwrap_or_default();
        writeln!(out, "{text}")
    }
}

/// One file as JSON: path, error and diagnostics.
pub(super) fn file_value(file: &FileResult, english: bool) -> Value {
    match &file.outcome {
        Err(e) => json!({
            "path": file.path,
            "error": { "message": e.message(english) },
            "diagnostics": [],
        }),
        Ok(checked) => json!({
            "path": file.path,
            "error": null,
            "system": checked.system,
            "document_type": checked.doc_type,
            "diagnostics": checked.findings.iter().map(diagnostic_value).collect::<Vec<_>>(),
        }),
    }
}

/// The summary as JSON.
pub(super) fn summary_value(s: &Summary) -> Value {
    json!({
        "files": s.files,
        "files_with_errors": s.files_with_errors,
        "errors": s.errors,
        "warnings": s.warnings,
        "infos": s.infos,
        "unreadable": s.unreadable,
        "skipped": s.skipped.iter().map(|k| json!({"path": k.path, "reason": k.reason})).collect::<Vec<_>>(),
        "suppressed": s.suppressed,
        "baselined": s.baselined,
        "stale_baseline": s.stale.iter().map(|k| json!({"path": k.path, "rule": k.rule, "section": k.section})).collect::<Vec<_>>(),
        "by_rule": s.by_rule,
    })
}

fn diagnostic_value(f: &Finding) -> Value {
    let d = &f.diagnostic;
    let mut v = json!({
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "message": d.message,
        "help": d.help,
        "line": f.start.line,
        "column": f.start.column,
        "end_line": f.end.line,
        "end_column": f.end.column,
        "section": d.section,
        "fingerprint": f.fingerprint,
        "fixable": d.fixable,
    });
    if let Some(location) = location_value(&f.location) {
        v["location"] = location;
    }
    v
}

fn location_value(location: &Location) -> Option<Value> {
    Some(match location {
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
