//! The corpus check: runs the built-in rules over a folder of real documents and compares the
//! findings with the reviewed verdicts (see `vblint::corpus` and the README's Development
//! section).
//!
//! ```sh
//! cargo run --release --example corpus                       # ../shared/corpus, tests/corpus/verdicts.toml
//! cargo run --release --example corpus -- DIR --verdicts F   # another folder and review
//! cargo run --release --example corpus -- --excerpts         # show the text of new findings
//! ```
//! Exit status: 0 when no finding judged wrong came back and every error-level finding has a
//! verdict, 1 otherwise, 2 on a usage error.

use std::path::PathBuf;
use std::process::ExitCode;

use vblint::check::RuleSet;
use vblint::corpus::{Comparison, Review};

fn main() -> ExitCode {
    let mut dir = PathBuf::from("../shared/corpus");
    let mut verdicts = PathBuf::from("tests/corpus/verdicts.toml");
    let mut excerpts = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--verdicts" => match args.next() {
                Some(v) => verdicts = PathBuf::from(v),
                None => return usage("--verdicts needs a file"),
            },
            "--excerpts" => excerpts = true,
            "-h" | "--help" => return usage(""),
            a if a.starts_with('-') => return usage(&format!("unknown option {a}")),
            a => dir = PathBuf::from(a),
        }
    }
    if !dir.is_dir() {
        return usage(&format!("{} is not a folder", dir.display()));
    }
    let review = match Review::load(&verdicts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let rules = match RuleSet::embedded() {
        Ok(r) => r,
        Err(errors) => {
            for e in errors {
                eprintln!("error: {e}");
            }
            return ExitCode::from(2);
        }
    };
    let (findings, unreadable) = vblint::corpus::run(&dir, &rules);
    for (file, e) in &unreadable {
        println!("unreadable: {file}: {e}");
    }
    let cmp = Comparison::new(&findings, &review);
    print!("{}", cmp.render(excerpts));
    if cmp.passes() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn usage(problem: &str) -> ExitCode {
    if !problem.is_empty() {
        eprintln!("error: {problem}");
    }
    eprintln!("usage: cargo run --example corpus -- [DIR] [--verdicts FILE] [--excerpts]");
    ExitCode::from(2)
}
