//! `vblint annotate PATH…`: the command's logic on the shared driver, so `main.rs` only parses
//! arguments. Files are found, configured (nearest `vblint.toml`, `[[overrides]]`, `exclude`)
//! and checked in parallel by [`Driver`]; each copy is written atomically beside its input (or
//! to `-o`), and the lines are printed in path order.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::driver::{self, Driver, Input, Response, Target};

/// Runs `vblint annotate` over the driver's paths: `output` names the copy when one file is
/// given; `force` replaces an existing copy.
pub fn run(driver: &mut Driver, output: Option<&Path>, force: bool) -> Response {
    let english = driver.english();
    let mut response = Response::default();
    let plan = match driver.plan() {
        Ok(p) => p,
        Err(e) => return driver::failure(&e),
    };
    for p in &plan.empty_paths {
        let _ = writeln!(response.stderr, "{}", driver::no_plan_message(p, english));
        response.code = 2;
    }
    if output.is_some() {
        if let Err(usage) = plan.single_output(english) {
            return usage;
        }
    }
    let run = driver.for_each_with(
        &plan.targets,
        |t| annotate_target(t, output, force, english),
        |i, result| {
            match result {
                Ok(line) => {
                    let _ = writeln!(response.stdout, "{line}");
                }
                Err(message) => {
                    let _ = writeln!(
                        response.stderr,
                        "error: {}: {message}",
                        plan.targets[i].path
                    );
                    response.code = 2;
                }
            }
            Ok(())
        },
    );
    if let Err(e) = run {
        return driver::failure(&e.to_string());
    }
    response
}

/// Checks one target and writes its annotated copy; the line to print, or the error message.
fn annotate_target(
    target: &Target,
    output: Option<&Path>,
    force: bool,
    english: bool,
) -> Result<String, String> {
    let bytes = driver::read_input(target, english).map_err(|e| e.message(english))?;
    let Input::File(path) = &target.source else {
        return Err(driver::not_from_stdin(english));
    };
    let outcome = driver::check_bytes(target, Cow::Borrowed(&bytes));
    let (doc, diags) = outcome.result.map_err(|e| e.message(english))?;
    let annotated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        super::annotate(&bytes, &doc, &diags, &target.rules, english)
    }))
    .map_err(|_| {
        "internal error in vblint while annotating this file; please report it".to_string()
    })?
    .map_err(|e| e.message(english))?;
    let out: PathBuf = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| super::output_path(path, annotated.extension));
    crate::write::write_atomic(&out, &annotated.bytes, force).map_err(|e| e.message(english))?;
    let placed = annotated.placed;
    Ok(match (annotated.extension, english) {
        ("docx", true) => format!(
            "{}: {} comment(s) ({} on the text found, {} on a whole paragraph)",
            out.display(),
            annotated.comments,
            placed.on_span,
            placed.on_paragraph
        ),
        ("docx", false) => format!(
            "{}: {} bình luận ({} gắn vào đúng chữ, {} gắn vào cả đoạn)",
            out.display(),
            annotated.comments,
            placed.on_span,
            placed.on_paragraph
        ),
        (_, true) => format!("{}: {} note(s)", out.display(), annotated.comments),
        (_, false) => format!("{}: {} ghi chú", out.display(), annotated.comments),
    })
}
