//! `--statistics`: counts per rule instead of the findings, as a table for people or a JSON
//! array for the machine formats.

use std::io::{self, Write};

use serde_json::json;

use super::{severity_word, summary_line, Emitter, FileResult, Format, RunEnd, RunInfo};
use crate::check::Severity;

pub(super) struct Statistics {
    info: RunInfo,
    format: Format,
    severity: std::collections::BTreeMap<String, Severity>,
}

impl Statistics {
    pub(super) fn new(info: RunInfo, format: Format) -> Statistics {
        Statistics {
            info,
            format,
            severity: Default::default(),
        }
    }
}

impl Emitter for Statistics {
    fn file(&mut self, _out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        if let Ok(checked) = &file.outcome {
            for f in &checked.findings {
                let s = self
                    .severity
                    .entry(f.rule().to_string())
                    .or_insert(f.severity());
                *s = (*s).max(f.severity());
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, end: &RunEnd) -> io::Result<()> {
        let rows = end.summary.top_rules(usize::MAX);
        if !self.format.is_for_people() {
            let v: Vec<_> = rows
                .iter()
                .map(|(id, n)| {
                    json!({
                        "rule": id,
                        "count": n,
                        "severity": self.severity.get(*id).map(|s| s.as_str()),
                        "summary": end.rules.get(*id).map(|r| r.summary.as_str()),
                    })
                })
                .collect();
            return writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            );
        }
        let english = self.info.english;
        let width = rows.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
        let mut text = String::new();
        for (id, n) in &rows {
            let sev = self
                .severity
                .get(*id)
                .map(|s| severity_word(*s, english))
                .unwrap_or("");
            let summary = end.rules.get(*id).map(|r| r.summary.as_str()).unwrap_or("");
            text.push_str(&format!("{n:>6}  {id:<width$}  {sev:<8}  {summary}\n"));
        }
        text.push_str(&summary_line(&end.summary, english));
        text.push('\n');
        out.write_all(text.as_bytes())
    }
}
