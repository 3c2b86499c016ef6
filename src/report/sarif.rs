//! The sarif format: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers).
//!
//! `tool.driver.rules` lists every rule that ran with its descriptions, help, legal source and
//! default level; each result points at the artifact by a URI relative to the current folder
//! and carries the baseline fingerprint in `partialFingerprints`. Unreadable files are
//! tool execution notifications.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;

use serde_json::{json, Value};

use super::{Emitter, FileResult, RunEnd, RunInfo};
use crate::check::Severity;

pub(super) struct Sarif {
    info: RunInfo,
    results: Vec<(String, Value)>,
    notifications: Vec<Value>,
    rules_run: BTreeSet<String>,
}

impl Sarif {
    pub(super) fn new(info: RunInfo) -> Sarif {
        Sarif {
            info,
            results: Vec::new(),
            notifications: Vec::new(),
            rules_run: BTreeSet::new(),
        }
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference: forward slashes, current folder stripped, and every byte
/// outside the unreserved set percent-encoded (Vietnamese file names are common).
pub(super) fn uri(path: &str) -> String {
    let text = relative_path(path);
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A path relative to the current folder when it lies under it, with forward slashes.
pub(super) fn relative_path(path: &str) -> String {
    let p = Path::new(path);
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(&cwd).ok().map(|r| r.to_path_buf()))
        .unwrap_or_else(|| p.to_path_buf());
    let text = relative.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_string()
}

impl Emitter for Sarif {
    fn file(&mut self, _out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        let location = |line: usize, column: usize, end_line: usize, end_column: usize| {
            json!([{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&file.path) },
                    "region": {
                        "startLine": line,
                        "startColumn": column,
                        "endLine": end_line,
                        "endColumn": end_column,
                    }
                }
            }])
        };
        match &file.outcome {
            Err(e) => self.notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {}", file.path, e.message(self.info.english)) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&file.path) } } }],
            })),
            Ok(checked) => {
                self.rules_run.extend(checked.rules_run.iter().cloned());
                for f in &checked.findings {
                    let d = &f.diagnostic;
                    self.rules_run.insert(d.rule.clone());
                    let mut message = d.message.clone();
                    if !d.help.is_empty() {
                        message.push_str(&format!(
                            " ({}: {})",
                            if self.info.english { "help" } else { "gợi ý" },
                            d.help
                        ));
                    }
                    let mut result = json!({
                        "ruleId": d.rule,
                        "level": level(d.severity),
                        "message": { "text": message },
                        "locations": location(f.start.line, f.start.column, f.end.line, f.end.column),
                        "partialFingerprints": { "vblint/v1": f.fingerprint },
                    });
                    if let Some(section) = &d.section {
                        result["properties"] = json!({ "section": section });
                    }
                    self.results.push((d.rule.clone(), result));
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, end: &RunEnd) -> io::Result<()> {
        let ids: Vec<&String> = self.rules_run.iter().collect();
        let rules: Vec<Value> = ids
            .iter()
            .map(|id| match end.rules.get(id.as_str()) {
                Some(r) => {
                    let mut full = r.docs().to_string();
                    if !r.source().is_empty() {
                        full.push_str(&format!(
                            "\n\n{}: {}",
                            if self.info.english {
                                "Source"
                            } else {
                                "Căn cứ"
                            },
                            r.source()
                        ));
                    }
                    json!({
                        "id": r.id,
                        "shortDescription": { "text": r.summary },
                        "fullDescription": { "text": full },
                        "help": { "text": r.help },
                        "defaultConfiguration": { "level": level(r.severity) },
                        "properties": { "family": r.family, "source": r.source() },
                    })
                }
                None => json!({ "id": id, "shortDescription": { "text": id } }),
            })
            .collect();
        let results: Vec<Value> = std::mem::take(&mut self.results)
            .into_iter()
            .map(|(rule, mut v)| {
                if let Some(i) = ids.iter().position(|id| **id == rule) {
                    v["ruleIndex"] = json!(i);
                }
                v
            })
            .collect();
        let value = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "vblint",
                        "version": env!("CARGO_PKG_VERSION"),
                        "rules": rules,
                    }
                },
                "invocations": [{
                    "executionSuccessful": self.notifications.is_empty(),
                    "toolExecutionNotifications": std::mem::take(&mut self.notifications),
                }],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }]
        });
        let text = serde_json::to_string_pretty(&value).unwrap_or_default();
        writeln!(out, "{text}")
    }
}
