//! The github format: GitHub Actions workflow commands (`::error file=…,line=…::message`), one
//! per finding and one per unreadable file, shown as annotations on a pull request.

use std::io::{self, Write};

use super::{Emitter, FileResult, RunEnd, RunInfo};
use crate::check::Severity;

pub(super) struct Github {
    info: RunInfo,
}

impl Github {
    pub(super) fn new(info: RunInfo) -> Github {
        Github { info }
    }
}

impl Emitter for Github {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        let mut text = String::new();
        match &file.outcome {
            Err(e) => text.push_str(&format!(
                "::error file={}::{}\n",
                escape_property(&file.path),
                escape_data(&e.message(self.info.english))
            )),
            Ok(checked) => {
                for f in &checked.findings {
                    let level = match f.severity() {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Info => "notice",
                    };
                    let d = &f.diagnostic;
                    text.push_str(&format!(
                        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                        escape_property(&file.path),
                        f.start.line,
                        f.start.column,
                        f.end.line,
                        f.end.column,
                        escape_property(&d.rule),
                        escape_data(&format!("{} ({})", d.message, d.help))
                    ));
                }
            }
        }
        out.write_all(text.as_bytes())
    }

    fn finish(&mut self, _out: &mut dyn Write, _end: &RunEnd) -> io::Result<()> {
        Ok(())
    }
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
