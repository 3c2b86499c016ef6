//! The corpus check as a test: when `../shared/corpus` exists (it does in CI), no finding judged
//! wrong in `tests/corpus/verdicts.toml` may come back and every error-level finding must have
//! a verdict. Without the corpus the test says so and passes.

use std::path::Path;

use vblint::check::RuleSet;
use vblint::corpus::{Comparison, Review};

#[test]
fn corpus_findings_match_the_reviewed_verdicts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("../shared/corpus");
    if !dir.is_dir() {
        eprintln!("skipped: {} is not here", dir.display());
        return;
    }
    let review = Review::load(&root.join("tests/corpus/verdicts.toml")).expect("verdicts load");
    assert!(!review.verdict.is_empty(), "the verdicts file is empty");
    let rules = RuleSet::embedded().expect("built-in rules");
    let (findings, _unreadable) = vblint::corpus::run(&dir, &rules);
    let cmp = Comparison::new(&findings, &review);
    assert!(
        cmp.passes(),
        "the corpus check fails (review with `cargo run --release --example corpus -- --excerpts`):\n{}",
        cmp.render(false)
    );
}
