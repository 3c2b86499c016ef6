//! `vblint fix FILE…`: the command's logic, so `main.rs` only parses arguments.
//!
//! Each file is fixed in memory ([`fix_bytes`]), then either shown as a unified diff (`--diff`)
//! or written atomically beside the input (`ke-hoach.fixed.docx`), to `-o`, or over the input
//! (`--in-place`). The fixed file's remaining findings are printed as `vblint check` prints them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{fix_bytes, FixError, FixOptions, Outcome};
use crate::check::{RuleSet, Severity};
use crate::extract::{ExtractError, MAX_INPUT_BYTES};
use crate::report::{self, FileReport};
use crate::write::{write_atomic, WriteError};

/// Where fixed files go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `FILE.fixed.EXT` beside each input.
    Beside,
    /// This path (one input only).
    Path(PathBuf),
    /// Over the input itself.
    InPlace,
    /// Nowhere: print a unified diff of the text instead.
    Diff,
}

/// A `vblint fix` run.
#[derive(Debug, Clone)]
pub struct Request {
    /// The files to fix.
    pub files: Vec<PathBuf>,
    /// Where the results go.
    pub target: Target,
    /// Replace an existing output file.
    pub force: bool,
    /// Rules, options and `--unsafe-fixes`.
    pub options: FixOptions,
    /// Colour in the report of remaining findings.
    pub color: bool,
}

/// What a run printed and its exit code: 2 when a file could not be read or written, else 1
/// when error-level findings remain, else 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// For standard output.
    pub stdout: String,
    /// For standard error.
    pub stderr: String,
    /// The process exit code.
    pub code: u8,
}

/// The default output path: `dir/name.fixed.ext`.
pub fn fixed_path(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vblint".into());
    let name = match input.extension() {
        Some(ext) => format!("{stem}.fixed.{}", ext.to_string_lossy()),
        None => format!("{stem}.fixed"),
    };
    input.with_file_name(name)
}

/// Runs `vblint fix`.
pub fn run(request: &Request, rules: &RuleSet) -> Response {
    let english = request.options.check.english;
    let mut stdout = String::new();
    let mut stderr = String::new();
    let mut failed = false;
    let mut errors_left = false;
    if matches!(request.target, Target::Path(_)) && request.files.len() != 1 {
        return Response {
            stdout,
            stderr: if english {
                "error: -o takes exactly one input file\n".into()
            } else {
                "error: -o chỉ dùng với đúng một tệp đầu vào\n".into()
            },
            code: 2,
        };
    }
    for input in &request.files {
        let name = input.display().to_string();
        let outcome = read(input).map_err(FixError::Read).and_then(|bytes| {
            let ext = input
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default();
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                fix_bytes(&bytes, &ext, rules, &request.options)
            }))
            .unwrap_or_else(|_| {
                Err(FixError::Read(ExtractError::Io(
                    "internal error in vblint while fixing this file; please report it".into(),
                )))
            })
        });
        let out = match outcome {
            Ok(o) => o,
            Err(e) => {
                failed = true;
                let _ = writeln!(stderr, "error: {name}: {}", e.message(english));
                continue;
            }
        };
        for note in &out.notes {
            let _ = writeln!(stderr, "note: {name}: {note}");
        }
        if request.target == Target::Diff {
            stdout.push_str(&super::unified_diff(
                &out.text_before,
                &out.text_after,
                &name,
            ));
            let _ = writeln!(stdout, "{}", summary(&name, None, &out, english));
            continue;
        }
        let destination = match &request.target {
            Target::Beside => fixed_path(input),
            Target::Path(p) => p.clone(),
            Target::InPlace | Target::Diff => input.clone(),
        };
        let written = if out.changed {
            let overwrite = request.force || request.target == Target::InPlace;
            match write_atomic(&destination, &out.output, overwrite) {
                Ok(()) => Some(destination.clone()),
                Err(e) => {
                    failed = true;
                    let _ = writeln!(stderr, "error: {name}: {}", message(&e, english));
                    continue;
                }
            }
        } else {
            None
        };
        let _ = writeln!(
            stdout,
            "{}",
            summary(&name, written.as_deref(), &out, english)
        );
        let (doc, diags) = out.after;
        errors_left |= diags.iter().any(|d| d.severity == Severity::Error);
        if !diags.is_empty() {
            let shown = written.as_deref().unwrap_or(input).display().to_string();
            let mut diags = diags;
            super::mark_fixable(&doc, rules, &mut diags, request.options.unsafe_fixes);
            stdout.push_str(&report::human(
                &[FileReport {
                    path: shown,
                    outcome: Ok((doc, diags)),
                }],
                english,
                request.color,
            ));
        }
    }
    Response {
        stdout,
        stderr,
        code: if failed {
            2
        } else if errors_left {
            1
        } else {
            0
        },
    }
}

fn read(path: &Path) -> Result<Vec<u8>, ExtractError> {
    let meta = std::fs::metadata(path).map_err(|e| ExtractError::Io(e.to_string()))?;
    if meta.is_dir() {
        return Err(ExtractError::Io(
            "is a folder; give the files to fix".into(),
        ));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(ExtractError::TooLarge {
            limit: MAX_INPUT_BYTES,
        });
    }
    std::fs::read(path).map_err(|e| ExtractError::Io(e.to_string()))
}

fn message(e: &WriteError, english: bool) -> String {
    e.message(english)
}

/// One line per file: what was fixed, where it was written, what remains.
fn summary(name: &str, written: Option<&Path>, out: &Outcome, english: bool) -> String {
    let total: usize = out.applied.values().sum();
    let rules: Vec<String> = out
        .applied
        .iter()
        .map(|(rule, n)| format!("{rule} ×{n}"))
        .collect();
    let resolved = out.before.len().saturating_sub(out.after.1.len());
    let remaining = out.after.1.len();
    match (written, english) {
        (_, true) if !out.changed => format!("{name}: nothing to fix ({remaining} finding(s))"),
        (_, false) if !out.changed => format!("{name}: không có gì để sửa ({remaining} phát hiện)"),
        (Some(w), true) => format!(
            "{name} → {}: {total} fix(es) in {} pass(es) [{}]; findings {} → {remaining} ({resolved} resolved)",
            w.display(),
            out.passes,
            rules.join(", "),
            out.before.len()
        ),
        (Some(w), false) => format!(
            "{name} → {}: đã sửa {total} chỗ qua {} lượt [{}]; phát hiện {} → {remaining} (bớt {resolved})",
            w.display(),
            out.passes,
            rules.join(", "),
            out.before.len()
        ),
        (None, true) => format!(
            "{name}: would apply {total} fix(es) [{}]; findings {} → {remaining}",
            rules.join(", "),
            out.before.len()
        ),
        (None, false) => format!(
            "{name}: sẽ sửa {total} chỗ [{}]; phát hiện {} → {remaining}",
            rules.join(", "),
            out.before.len()
        ),
    }
}
