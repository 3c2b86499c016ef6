//! The gitlab format: a GitLab Code Quality report (the Code Climate JSON array): description,
//! check_name, fingerprint, severity, location.path and location.lines.begin.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use super::{Emitter, FileResult, Fnv, RunEnd, RunInfo};
use crate::check::Severity;

pub(super) struct Gitlab {
    info: RunInfo,
    issues: Vec<Value>,
}

impl Gitlab {
    pub(super) fn new(info: RunInfo) -> Gitlab {
        Gitlab {
            info,
            issues: Vec::new(),
        }
    }
}

/// A fingerprint unique in the report: the path, the finding's own fingerprint and its
/// occurrence number among identical findings of the file.
fn unique(path: &str, fingerprint: &str, occurrence: usize) -> String {
    let mut h = Fnv::default();
    h.write(path.as_bytes());
    h.write(&[0]);
    h.write(fingerprint.as_bytes());
    h.write(&[0]);
    h.write(occurrence.to_string().as_bytes());
    format!("{:016x}", h.0)
}

impl Emitter for Gitlab {
    fn file(&mut self, _out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        let path = super::sarif::relative_path(&file.path);
        match &file.outcome {
            Err(e) => self.issues.push(json!({
                "description": e.message(self.info.english),
                "check_name": "unreadable",
                "fingerprint": unique(&path, "unreadable", 0),
                "severity": "blocker",
                "location": { "path": path, "lines": { "begin": 1 } },
            })),
            Ok(checked) => {
                let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
                for f in &checked.findings {
                    let n = seen.entry(f.fingerprint.as_str()).or_default();
                    let severity = match f.severity() {
                        Severity::Error => "major",
                        Severity::Warning => "minor",
                        Severity::Info => "info",
                    };
                    self.issues.push(json!({
                        "description": f.diagnostic.message,
                        "check_name": f.rule(),
                        "fingerprint": unique(&path, &f.fingerprint, *n),
                        "severity": severity,
                        "location": { "path": path, "lines": { "begin": f.start.line } },
                    }));
                    *n += 1;
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _end: &RunEnd) -> io::Result<()> {
        let text = serde_json::to_string_pretty(&Value::Array(std::mem::take(&mut self.issues)))
            .unwrap_or_default();
        writeln!(out, "{text}")
    }
}
