//! Where the run is: in its first plans, or past them.
//!
//! Some work is cheap to start and slow to repeat (a pattern compiled by `regex-lite`, looking
//! for a rule pattern's words before compiling it); its alternative is costly to start and fast
//! to repeat (a pattern compiled by `regex`, with its automata and prefilters). A run over one
//! or a few files (a pre-commit hook, a reviewer's plan) is best served by the first kind; a
//! batch by the second, once its set-up is paid. What decides is how much text the run has
//! searched: the slow path costs more with every byte it searches, the fast one costs its
//! compilation once. Plans that start while the run's text, theirs included, is within
//! [`EARLY_TEXT_BYTES`] take the first path; later ones the second. Compiled patterns are
//! shared by all worker threads, so the count is the process's, not each worker's. Both paths
//! give the same results.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Text a run searches on the cheap-to-start path, in bytes. Measured with callgrind: on
/// generated plans the cheap path costs some 170 instructions a byte more than the fast one,
/// and compiling with `regex` the patterns a batch needs costs 110–150 M; on the 18 `.docx` of
/// the development corpus (under 256 KiB of text) staying on the cheap path costs 5% less in
/// all than compiling.
pub(crate) const EARLY_TEXT_BYTES: usize = 512 * 1024;

/// Bytes of text of the plans this process has started parsing.
static TEXT_STARTED: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Whether the plan this thread is on takes the cheap-to-start path.
    static EARLY: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Counts the text of the plan this thread starts parsing, and chooses its path: parsing and
/// checking one plan take the same one.
pub(crate) fn begin_plan(text_bytes: usize) {
    let before = TEXT_STARTED.fetch_add(text_bytes, Ordering::Relaxed);
    EARLY.with(|e| e.set(before.saturating_add(text_bytes) <= EARLY_TEXT_BYTES));
}

#[cfg(test)]
thread_local! {
    /// A path set by a test for its own thread: the process's count moves with every test
    /// that parses a plan, side by side.
    static FORCED: std::cell::Cell<Option<bool>> = const { std::cell::Cell::new(None) };
}

/// Whether the plan at hand takes the cheap-to-start path.
pub(crate) fn early() -> bool {
    #[cfg(test)]
    if let Some(forced) = FORCED.with(|f| f.get()) {
        return forced;
    }
    EARLY.with(|e| e.get())
}

/// Sets this thread's path, for tests of both.
#[cfg(test)]
pub(crate) fn set_early(early: bool) {
    FORCED.with(|f| f.set(Some(early)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plan larger than the budget takes the fast path from the start, and so does every
    /// plan after it; a plan within what is left of the budget takes the cheap one.
    #[test]
    fn the_path_follows_the_text_the_run_has_searched() {
        // Only this test moves the count by more than a few kilobytes, so it can reason
        // about it while other tests parse their plans.
        let observe = || EARLY.with(|e| e.get());
        if TEXT_STARTED.load(Ordering::Relaxed) < EARLY_TEXT_BYTES / 2 {
            begin_plan(1000);
            assert!(observe());
        }
        begin_plan(EARLY_TEXT_BYTES + 1);
        assert!(!observe());
        begin_plan(10);
        assert!(!observe());
    }
}
