//! The human format: compiler-style findings with the text under them, labels in the run's
//! language (lỗi, cảnh báo, lưu ý, gợi ý), then a closing summary.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{
    closing_details, location_words, severity_word, summary_line, Emitter, FileResult, Finding,
    RunEnd, RunInfo,
};
use crate::check::Severity;

/// Options of the human format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HumanOptions {
    /// At most this many findings of one rule are printed per file; the rest are counted in one
    /// line. 0 prints them all.
    pub max_per_rule: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions { max_per_rule: 10 }
    }
}

pub(super) struct Human {
    info: RunInfo,
}

impl Human {
    pub(super) fn new(info: RunInfo) -> Human {
        Human { info }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.info.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    }
}

impl Emitter for Human {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        let english = self.info.english;
        let checked = match &file.outcome {
            Err(e) => {
                let word = self.paint("1;31", severity_word(Severity::Error, english));
                return writeln!(out, "{word}: {}: {}", file.path, e.message(english));
            }
            Ok(c) => c,
        };
        let cap = self.info.human.max_per_rule;
        let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
        let mut hidden: BTreeMap<&str, usize> = BTreeMap::new();
        let mut text = String::new();
        for f in &checked.findings {
            let n = shown.entry(f.rule()).or_default();
            if cap > 0 && *n >= cap {
                *hidden.entry(f.rule()).or_default() += 1;
                continue;
            }
            *n += 1;
            self.finding(&mut text, &file.path, f);
        }
        for (rule, n) in hidden {
            let line = if english {
                format!(
                    "… and {n} more finding(s) of [{rule}] in {} (--max-per-rule 0 shows all)\n\n",
                    file.path
                )
            } else {
                format!("… và {n} phát hiện khác của [{rule}] trong {} (--max-per-rule 0 để xem hết)\n\n", file.path)
            };
            text.push_str(&line);
        }
        out.write_all(text.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write, end: &RunEnd) -> io::Result<()> {
        let mut text = summary_line(&end.summary, self.info.english);
        text.push('\n');
        text.push_str(&closing_details(&end.summary, self.info.english));
        out.write_all(text.as_bytes())
    }
}

impl Human {
    fn finding(&self, out: &mut String, path: &str, f: &Finding) {
        let english = self.info.english;
        let d = &f.diagnostic;
        let label = self.paint(
            severity_color(d.severity),
            &format!("{}[{}]", severity_word(d.severity, english), d.rule),
        );
        let mark = if d.fixable { "[*] " } else { "" };
        out.push_str(&format!(
            "{label}{}\n",
            self.paint("1", &format!(": {mark}{}", d.message))
        ));
        let width = f
            .snippet
            .lines
            .last()
            .map_or(f.start.line, |l| l.number)
            .to_string()
            .len();
        let pad = " ".repeat(width + 1);
        let bar = self.paint("1;34", "│");
        out.push_str(&format!(
            "{pad}{} {path}:{}:{}\n",
            self.paint("1;34", "┌─"),
            f.start.line,
            f.start.column
        ));
        out.push_str(&format!("{pad}{bar}\n"));
        for line in &f.snippet.lines {
            let left = if line.cut_left { "…" } else { "" };
            let right = if line.cut_right { "…" } else { "" };
            let number = self.paint("1;34", &format!("{:>width$}", line.number));
            out.push_str(&format!("{number} {bar} {left}{}{right}\n", line.text));
            let offset = line.mark.0 + usize::from(line.cut_left);
            let carets = (line.mark.1 - line.mark.0).max(1);
            out.push_str(&format!(
                "{pad}{bar} {}{}\n",
                " ".repeat(offset),
                self.paint(severity_color(d.severity), &"^".repeat(carets))
            ));
        }
        out.push_str(&format!("{pad}{bar}\n"));
        let mut notes = Vec::new();
        if let Some(section) = &d.section {
            notes.push(format!(
                "{}: {section}",
                if english { "section" } else { "mục" }
            ));
        }
        if let Some(words) = location_words(&f.location, english) {
            notes.push(words);
        }
        notes.push(format!(
            "{}: {}",
            if english { "help" } else { "gợi ý" },
            d.help
        ));
        for n in notes {
            out.push_str(&format!("{pad}= {n}\n"));
        }
        out.push('\n');
    }
}
