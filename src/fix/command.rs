//! `vblint fix PATH…`: the command's logic on the shared [`Driver`], so `main.rs` only parses
//! arguments.
//!
//! Each file is fixed in memory ([`fix_bytes`]), then either shown as a unified diff (`--diff`)
//! or written atomically beside the input (`ke-hoach.fixed.docx`), to `-o`, or over the input
//! (`--in-place`). The fixed file's remaining findings are printed as `vblint check` prints them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{fix_bytes, FixError, FixOptions, Outcome};
use crate::check::{RuleSet, Severity};
use crate::driver::{self, Driver, Input};
use crate::extract::ExtractError;
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

/// How a `vblint fix` run writes; which files and rules come from the [`Driver`].
#[derive(Debug, Clone)]
pub struct Request {
    /// Where the results go.
    pub target: Target,
    /// Replace an existing output file.
    pub force: bool,
    /// Also apply fixes marked `unsafe`.
    pub unsafe_fixes: bool,
    /// Colour in the report of remaining findings.
    pub color: bool,
}

pub use crate::driver::Response;

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

/// Runs `vblint fix` over the driver's paths (folders are walked, each file gets its own
/// configuration). Exit 2 when a file could not be read or written, else 1 when error-level
/// findings remain, else 0.
pub fn run(driver: &mut Driver, request: &Request) -> Response {
    let english = driver.english();
    let plan = match driver.plan() {
        Ok(p) => p,
        Err(e) => return driver::failure(&e),
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    let mut failed = false;
    let mut errors_left = false;
    for p in &plan.empty_paths {
        let _ = writeln!(stderr, "{}", driver::no_plan_message(p, english));
        failed = true;
    }
    if matches!(request.target, Target::Path(_)) {
        if let Err(usage) = plan.single_output(english) {
            return usage;
        }
    }
    let run = driver.for_each_with(
        &plan.targets,
        |t| fix_target(t, request, english),
        |i, result| {
            let name = plan.targets[i].path.clone();
            let Fixed {
                outcome: out,
                rules,
                written,
            } = match result {
                Ok(x) => x,
                Err(message) => {
                    failed = true;
                    let _ = writeln!(stderr, "error: {name}: {message}");
                    return Ok(());
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
                return Ok(());
            }
            let _ = writeln!(
                stdout,
                "{}",
                summary(&name, written.as_deref(), &out, english)
            );
            let (doc, mut diags) = out.after;
            errors_left |= diags.iter().any(|d| d.severity == Severity::Error);
            if !diags.is_empty() {
                let shown = written
                    .as_ref()
                    .map(|w| w.display().to_string())
                    .unwrap_or(name);
                super::mark_fixable(&doc, &rules, &mut diags, request.unsafe_fixes);
                stdout.push_str(&report::human(
                    &[FileReport {
                        path: shown,
                        outcome: Ok((doc, diags)),
                    }],
                    english,
                    request.color,
                ));
            }
            Ok(())
        },
    );
    if let Err(e) = run {
        return driver::failure(&e.to_string());
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

/// A file fixed on a worker.
struct Fixed {
    /// What the fix did.
    outcome: Outcome,
    /// The rules it ran with (for marking what is left fixable).
    rules: Arc<RuleSet>,
    /// Where the fixed file was written, if anywhere.
    written: Option<PathBuf>,
}

/// Fixes one target in memory and writes the result, or says why it could not.
fn fix_target(target: &driver::Target, request: &Request, english: bool) -> Result<Fixed, String> {
    let bytes = driver::read_input(target, english).map_err(|e| e.message(english))?;
    let Input::File(input) = &target.source else {
        return Err(driver::not_from_stdin(english));
    };
    let ext = input
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    let options = FixOptions {
        check: (*target.options).clone(),
        parse: target.parse.clone(),
        unsafe_fixes: request.unsafe_fixes,
    };
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        fix_bytes(&bytes, &ext, &target.rules, &options)
    }))
    .unwrap_or_else(|_| {
        Err(FixError::Read(ExtractError::Io(
            "internal error in vblint while fixing this file; please report it".into(),
        )))
    })
    .map_err(|e| e.message(english))?;
    let written = match &request.target {
        Target::Diff => None,
        _ if !out.changed => None,
        t => {
            let destination = match t {
                Target::Path(p) => p.clone(),
                Target::InPlace => input.clone(),
                _ => fixed_path(input),
            };
            let overwrite = request.force || request.target == Target::InPlace;
            write_atomic(&destination, &out.output, overwrite).map_err(|e| message(&e, english))?;
            Some(destination)
        }
    };
    Ok(Fixed {
        outcome: out,
        rules: target.rules.clone(),
        written,
    })
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
