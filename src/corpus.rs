//! The corpus check: vblint's findings on a folder of real documents, held against a reviewer's
//! verdicts.
//!
//! Rules are written against fixtures we make ourselves; whether their findings are right is
//! only known on real documents. This module runs the default rule set over a folder (the
//! development corpus, or any folder a team drops in), keys every finding by file, rule and a
//! fingerprint of the offending text, and compares the result with a committed verdicts file:
//! precision per rule and per severity, findings nobody has reviewed yet, findings judged wrong
//! that came back, verdicts whose finding is gone, and recall over the defects a reviewer
//! recorded. The verdicts file holds no text of the documents, only hashes and the reviewer's
//! own words.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::check::{self, CheckOptions, RuleSet, Severity};
use crate::extract;
use crate::parse::{self, ParseOptions};

/// A reviewer's judgement of one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Judgement {
    /// The finding is right: a reviewer would ask for the fix.
    True,
    /// The finding is wrong.
    False,
    /// Defensible, but unwanted in that form (too many, too loud, invisible).
    Noise,
}

/// One reviewed finding, keyed by file, rule and fingerprint (not by line, so edits elsewhere in
/// the document keep the verdict).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verdict {
    /// The document's file name inside the corpus folder.
    pub file: String,
    /// The rule id.
    pub rule: String,
    /// [`fingerprint`] of the offending text.
    pub fingerprint: String,
    /// The judgement.
    pub verdict: Judgement,
    /// Why, in the reviewer's words (never a quotation of the document).
    pub why: String,
}

/// A defect a reviewer found in a document, which vblint should report.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defect {
    /// The document's file name.
    pub file: String,
    /// The rule expected to report it.
    pub rule: String,
    /// When set, the finding must also have this fingerprint (the defect is at one place).
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// What the defect is, in the reviewer's words.
    pub what: String,
}

/// The committed review: verdicts on findings and the defects each document has.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Verdicts on findings.
    #[serde(default)]
    pub verdict: Vec<Verdict>,
    /// Defects recorded by the reviewer.
    #[serde(default)]
    pub defect: Vec<Defect>,
}

impl Review {
    /// Reads a verdicts file; a missing file is an empty review.
    pub fn load(path: &Path) -> Result<Review, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Review::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }
}

/// One finding on a corpus document.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The document's file name.
    pub file: String,
    /// The rule id.
    pub rule: String,
    /// Severity in a default run.
    pub severity: Severity,
    /// [`fingerprint`] of the offending text.
    pub fingerprint: String,
    /// 1-based line.
    pub line: usize,
    /// The message (Vietnamese).
    pub message: String,
    /// The line the finding points at, for the reviewer's eyes only (never committed).
    pub excerpt: String,
}

/// A stable hash of the offending text: NFC, whitespace collapsed, FNV-1a 64 bits in hex. A
/// finding about something missing has no text; its message stands in.
pub fn fingerprint(text: &str, message: &str) -> String {
    let source = if text.trim().is_empty() {
        message
    } else {
        text
    };
    let normal: String = source.nfc().collect();
    let collapsed = normal.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in collapsed.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The text a finding is about: its span, or the whole line when the span is only a mark or a
/// word (a colon, "Tỉnh"), which would be the same in many places.
fn offending_text(source: &crate::source::SourceText, span: crate::source::Span) -> &str {
    let text = source.slice(span);
    if text.trim().chars().count() >= 12 {
        return text;
    }
    source.slice(source.line_span(source.line_of(span.start)))
}

/// Every `.docx` and `.txt` file under `dir`, sorted.
pub fn documents(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("docx") || e.eq_ignore_ascii_case("txt"))
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

/// Checks every document under `dir` with `rules` and default options. Unreadable files are
/// returned as errors by file name.
pub fn run(dir: &Path, rules: &RuleSet) -> (Vec<Finding>, Vec<(String, String)>) {
    let mut findings = Vec::new();
    let mut unreadable = Vec::new();
    // What a user sees by default: opt-in rules stay off.
    let options = CheckOptions {
        ignore: rules
            .rules()
            .filter(|r| r.opt_in)
            .map(|r| r.id.clone())
            .collect(),
        ..CheckOptions::default()
    };
    for path in documents(dir) {
        let file = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_string())
            .unwrap_or_default();
        let extracted = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| extract::extract(&bytes, &ext).map_err(|e| e.message(true)));
        let extracted = match extracted {
            Ok(x) => x,
            Err(e) => {
                unreadable.push((file, e));
                continue;
            }
        };
        let doc = parse::parse(extracted, &ParseOptions::default());
        for d in check::check(&doc, rules, &options) {
            let source = &doc.source;
            let line = source.line_of(d.span.start);
            findings.push(Finding {
                file: file.clone(),
                rule: d.rule.clone(),
                severity: d.severity,
                fingerprint: fingerprint(offending_text(source, d.span), &d.message),
                line: line + 1,
                excerpt: source.slice(source.line_span(line)).trim().to_string(),
                message: d.message,
            });
        }
    }
    (findings, unreadable)
}

/// Counts for one rule (or one severity).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Findings judged right.
    pub right: usize,
    /// Findings judged wrong.
    pub wrong: usize,
    /// Findings judged noise.
    pub noise: usize,
    /// Findings with no verdict.
    pub unreviewed: usize,
}

impl Tally {
    fn add(&mut self, judgement: Option<Judgement>) {
        match judgement {
            Some(Judgement::True) => self.right += 1,
            Some(Judgement::False) => self.wrong += 1,
            Some(Judgement::Noise) => self.noise += 1,
            None => self.unreviewed += 1,
        }
    }

    /// All findings.
    pub fn total(&self) -> usize {
        self.right + self.wrong + self.noise + self.unreviewed
    }

    /// Right findings over reviewed ones (noise counts against), or `None` with none reviewed.
    pub fn precision(&self) -> Option<f64> {
        let reviewed = self.right + self.wrong + self.noise;
        (reviewed > 0).then(|| self.right as f64 / reviewed as f64)
    }
}

/// The comparison of a run with the review.
#[derive(Debug, Default)]
pub struct Comparison {
    /// Per rule: severity and counts.
    pub by_rule: BTreeMap<String, (Severity, Tally)>,
    /// Per severity.
    pub by_severity: BTreeMap<Severity, Tally>,
    /// Findings without a verdict.
    pub unreviewed: Vec<Finding>,
    /// Findings whose verdict is `false`: a wrong finding came back.
    pub returned_false: Vec<Finding>,
    /// Verdicts whose finding no longer appears (`true` ones are lost findings).
    pub stale: Vec<Verdict>,
    /// Defects found / recorded.
    pub recall: (usize, usize),
    /// Defects not reported.
    pub missed: Vec<Defect>,
}

impl Comparison {
    /// Compares `findings` with `review`.
    pub fn new(findings: &[Finding], review: &Review) -> Comparison {
        let key =
            |file: &str, rule: &str, fp: &str| (file.to_string(), rule.to_string(), fp.to_string());
        let verdicts: BTreeMap<_, _> = review
            .verdict
            .iter()
            .map(|v| (key(&v.file, &v.rule, &v.fingerprint), v))
            .collect();
        let mut cmp = Comparison::default();
        let mut seen = BTreeSet::new();
        for f in findings {
            let k = key(&f.file, &f.rule, &f.fingerprint);
            let judgement = verdicts.get(&k).map(|v| v.verdict);
            seen.insert(k);
            cmp.by_rule
                .entry(f.rule.clone())
                .or_insert((f.severity, Tally::default()))
                .1
                .add(judgement);
            cmp.by_severity
                .entry(f.severity)
                .or_default()
                .add(judgement);
            match judgement {
                None => cmp.unreviewed.push(f.clone()),
                Some(Judgement::False) => cmp.returned_false.push(f.clone()),
                _ => {}
            }
        }
        cmp.stale = review
            .verdict
            .iter()
            .filter(|v| !seen.contains(&key(&v.file, &v.rule, &v.fingerprint)))
            .cloned()
            .collect();
        for d in &review.defect {
            let found = findings.iter().any(|f| {
                f.file == d.file
                    && f.rule == d.rule
                    && d.fingerprint.as_ref().is_none_or(|fp| fp == &f.fingerprint)
            });
            cmp.recall.1 += 1;
            if found {
                cmp.recall.0 += 1;
            } else {
                cmp.missed.push(d.clone());
            }
        }
        cmp
    }

    /// True when the run may land: no wrong finding came back and every error is reviewed.
    pub fn passes(&self) -> bool {
        self.returned_false.is_empty()
            && !self
                .unreviewed
                .iter()
                .any(|f| f.severity == Severity::Error)
    }

    /// The report a reviewer reads: tables, then what needs attention.
    pub fn render(&self, show_excerpts: bool) -> String {
        let mut out = String::new();
        let pct = |t: &Tally| match t.precision() {
            Some(p) => format!("{:5.1}%", p * 100.0),
            None => "    -".to_string(),
        };
        let _ = writeln!(
            out,
            "{:<40} {:<8} {:>5} {:>5} {:>5} {:>5} {:>5} {:>7}",
            "rule", "severity", "all", "true", "false", "noise", "new", "prec."
        );
        for (rule, (sev, t)) in &self.by_rule {
            let _ = writeln!(
                out,
                "{:<40} {:<8} {:>5} {:>5} {:>5} {:>5} {:>5} {:>7}",
                rule,
                sev.as_str(),
                t.total(),
                t.right,
                t.wrong,
                t.noise,
                t.unreviewed,
                pct(t)
            );
        }
        let _ = writeln!(out);
        for sev in [Severity::Error, Severity::Warning, Severity::Info] {
            let t = self.by_severity.get(&sev).copied().unwrap_or_default();
            let _ = writeln!(
                out,
                "{:<40} {:<8} {:>5} {:>5} {:>5} {:>5} {:>5} {:>7}",
                "(all rules)",
                sev.as_str(),
                t.total(),
                t.right,
                t.wrong,
                t.noise,
                t.unreviewed,
                pct(&t)
            );
        }
        let mut ew = Tally::default();
        for sev in [Severity::Error, Severity::Warning] {
            let t = self.by_severity.get(&sev).copied().unwrap_or_default();
            ew.right += t.right;
            ew.wrong += t.wrong;
            ew.noise += t.noise;
            ew.unreviewed += t.unreviewed;
        }
        let _ = writeln!(
            out,
            "{:<40} {:<8} {:>5} {:>5} {:>5} {:>5} {:>5} {:>7}",
            "(errors and warnings)",
            "",
            ew.total(),
            ew.right,
            ew.wrong,
            ew.noise,
            ew.unreviewed,
            pct(&ew)
        );
        let (found, all) = self.recall;
        if all > 0 {
            let _ = writeln!(
                out,
                "\nrecall over recorded defects: {found}/{all} ({:.1}%)",
                found as f64 * 100.0 / all as f64
            );
        }
        for d in &self.missed {
            let _ = writeln!(out, "  missed: {} [{}] {}", d.file, d.rule, d.what);
        }
        if !self.returned_false.is_empty() {
            let _ = writeln!(out, "\nfindings judged wrong that came back:");
            for f in &self.returned_false {
                let _ = writeln!(out, "  {}:{} [{}] {}", f.file, f.line, f.rule, f.message);
            }
        }
        if !self.stale.is_empty() {
            let _ = writeln!(out, "\nverdicts whose finding is gone:");
            for v in &self.stale {
                let _ = writeln!(
                    out,
                    "  {} [{}] {} ({:?}: {})",
                    v.file, v.rule, v.fingerprint, v.verdict, v.why
                );
            }
        }
        if !self.unreviewed.is_empty() {
            let _ = writeln!(
                out,
                "\nnew findings without a verdict (add them to the verdicts file):"
            );
            for f in &self.unreviewed {
                let _ = writeln!(
                    out,
                    "  {}:{} {}[{}] {}",
                    f.file,
                    f.line,
                    f.severity.as_str(),
                    f.rule,
                    f.message
                );
                if show_excerpts {
                    let _ = writeln!(
                        out,
                        "      | {}",
                        crate::parse::lines::shorten(&f.excerpt, 140)
                    );
                }
                let _ = writeln!(
                    out,
                    "      [[verdict]] file = {:?}, rule = {:?}, fingerprint = {:?}",
                    f.file, f.rule, f.fingerprint
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(file: &str, rule: &str, fp: &str, severity: Severity) -> Finding {
        Finding {
            file: file.into(),
            rule: rule.into(),
            severity,
            fingerprint: fp.into(),
            line: 1,
            message: "m".into(),
            excerpt: String::new(),
        }
    }

    fn verdict(file: &str, rule: &str, fp: &str, verdict: Judgement) -> Verdict {
        Verdict {
            file: file.into(),
            rule: rule.into(),
            fingerprint: fp.into(),
            verdict,
            why: "w".into(),
        }
    }

    #[test]
    fn fingerprint_ignores_spacing_and_normal_form() {
        let composed = fingerprint("Kế  hoạch\n số", "");
        let decomposed = fingerprint("Ke\u{302}\u{301} hoạch số", "");
        assert_eq!(composed, decomposed);
        assert_ne!(composed, fingerprint("Kế hoạch", ""));
        assert_eq!(fingerprint("", "thiếu"), fingerprint(" ", "thiếu"));
    }

    #[test]
    fn precision_and_gates() {
        let findings = vec![
            finding("a.txt", "r1", "1", Severity::Error),
            finding("a.txt", "r1", "2", Severity::Error),
            finding("a.txt", "r2", "3", Severity::Warning),
            finding("b.txt", "r2", "4", Severity::Error),
        ];
        let review = Review {
            verdict: vec![
                verdict("a.txt", "r1", "1", Judgement::True),
                verdict("a.txt", "r1", "2", Judgement::Noise),
                verdict("a.txt", "r2", "3", Judgement::False),
                verdict("c.txt", "r9", "9", Judgement::True),
            ],
            defect: vec![
                Defect {
                    file: "a.txt".into(),
                    rule: "r1".into(),
                    fingerprint: None,
                    what: "x".into(),
                },
                Defect {
                    file: "a.txt".into(),
                    rule: "r3".into(),
                    fingerprint: None,
                    what: "y".into(),
                },
            ],
        };
        let cmp = Comparison::new(&findings, &review);
        assert_eq!(cmp.by_rule["r1"].1.precision(), Some(0.5));
        assert_eq!(cmp.returned_false.len(), 1);
        assert_eq!(cmp.unreviewed.len(), 1);
        assert_eq!(cmp.stale.len(), 1);
        assert_eq!(cmp.recall, (1, 2));
        assert!(!cmp.passes());
        let clean = Comparison::new(&findings[..2], &review);
        assert!(clean.passes());
    }
}
