//! The json-lines format: one JSON object per file, written as soon as the file is done, then a
//! last line `{"summary": …}`. For archives too big to hold in one document.

use std::io::{self, Write};

use serde_json::json;

use super::json::{file_value, summary_value};
use super::{Emitter, FileResult, RunEnd, RunInfo};

pub(super) struct JsonLines {
    info: RunInfo,
}

impl JsonLines {
    pub(super) fn new(info: RunInfo) -> JsonLines {
        JsonLines { info }
    }
}

impl Emitter for JsonLines {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        let line = serde_json::to_string(&file_value(file, self.info.english)).unwrap_or_default();
        writeln!(out, "{line}")?;
        // Streamed for a consumer reading as the run goes.
        out.flush()
    }

    fn finish(&mut self, out: &mut dyn Write, end: &RunEnd) -> io::Result<()> {
        let line = serde_json::to_string(&json!({ "summary": summary_value(&end.summary) }))
            .unwrap_or_default();
        writeln!(out, "{line}")
    }
}
