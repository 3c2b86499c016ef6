//! The concise format: one line per finding (`path:line:col: severity[rule] message`), then the
//! summary line.

use std::io::{self, Write};

use super::{severity_word, summary_line, Emitter, FileResult, RunEnd, RunInfo};
use crate::check::Severity;

pub(super) struct Concise {
    info: RunInfo,
}

impl Concise {
    pub(super) fn new(info: RunInfo) -> Concise {
        Concise { info }
    }
}

impl Emitter for Concise {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        let english = self.info.english;
        let mut text = String::new();
        match &file.outcome {
            Err(e) => text.push_str(&format!(
                "{}: {}: {}\n",
                file.path,
                severity_word(Severity::Error, english),
                e.message(english)
            )),
            Ok(checked) => {
                for f in &checked.findings {
                    text.push_str(&format!(
                        "{}:{}:{}: {}[{}] {}\n",
                        file.path,
                        f.start.line,
                        f.start.column,
                        severity_word(f.severity(), english),
                        f.rule(),
                        f.diagnostic.message
                    ));
                }
            }
        }
        out.write_all(text.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write, end: &RunEnd) -> io::Result<()> {
        writeln!(out, "{}", summary_line(&end.summary, self.info.english))
    }
}
