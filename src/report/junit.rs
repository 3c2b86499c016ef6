//! The junit format: JUnit XML for CI test reports. One testsuite per file, one testcase per
//! rule that ran on it, one failure per finding; an unreadable file is a testsuite with an
//! error.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use super::{severity_word, Emitter, FileResult, Finding, RunEnd, RunInfo};

pub(super) struct Junit {
    info: RunInfo,
    suites: String,
    tests: usize,
    failures: usize,
    errors: usize,
}

impl Junit {
    pub(super) fn new(info: RunInfo) -> Junit {
        Junit {
            info,
            suites: String::new(),
            tests: 0,
            failures: 0,
            errors: 0,
        }
    }
}

/// Escapes text for an XML attribute or element; drops characters XML 1.0 cannot carry.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

impl Emitter for Junit {
    fn file(&mut self, _out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        let english = self.info.english;
        let name = escape(&file.path);
        match &file.outcome {
            Err(e) => {
                self.tests += 1;
                self.errors += 1;
                self.suites.push_str(&format!(
                    "  <testsuite name=\"{name}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase classname=\"{name}\" name=\"read\">\n      <error message=\"{}\"/>\n    </testcase>\n  </testsuite>\n",
                    escape(&e.message(english))
                ));
            }
            Ok(checked) => {
                let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
                for f in &checked.findings {
                    by_rule.entry(f.rule()).or_default().push(f);
                }
                let cases: BTreeSet<&str> = checked
                    .rules_run
                    .iter()
                    .map(String::as_str)
                    .chain(by_rule.keys().copied())
                    .collect();
                let failed = by_rule.len();
                self.tests += cases.len();
                self.failures += failed;
                self.suites.push_str(&format!(
                    "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\">\n",
                    cases.len()
                ));
                for rule in cases {
                    let findings = by_rule.get(rule).map(Vec::as_slice).unwrap_or(&[]);
                    if findings.is_empty() {
                        self.suites.push_str(&format!(
                            "    <testcase classname=\"{name}\" name=\"{}\"/>\n",
                            escape(rule)
                        ));
                        continue;
                    }
                    self.suites.push_str(&format!(
                        "    <testcase classname=\"{name}\" name=\"{}\">\n",
                        escape(rule)
                    ));
                    for f in findings {
                        let d = &f.diagnostic;
                        let body = format!(
                            "{}:{}:{}: {}\n{}: {}",
                            file.path,
                            f.start.line,
                            f.start.column,
                            d.message,
                            if english { "help" } else { "gợi ý" },
                            d.help
                        );
                        self.suites.push_str(&format!(
                            "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                            severity_word(d.severity, english),
                            escape(&d.message),
                            escape(&body)
                        ));
                    }
                    self.suites.push_str("    </testcase>\n");
                }
                self.suites.push_str("  </testsuite>\n");
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _end: &RunEnd) -> io::Result<()> {
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vblint\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n{}</testsuites>\n",
            self.tests, self.failures, self.errors, self.suites
        )
    }
}
