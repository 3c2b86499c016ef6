//! Where the run is: in its first plans, or past them.
//!
//! Some work is cheap to start and slow to repeat (a pattern compiled by `regex-lite`, looking
//! for a rule pattern's words before compiling it); its alternative is costly to start and fast
//! to repeat (a pattern compiled by `regex`, with its automata and prefilters). A run over one
//! or a few files (a pre-commit hook, a reviewer's plan) is best served by the first kind; a
//! batch by the second, once its set-up is paid. The first [`EARLY_PLANS`] plans checked take
//! the first path and later ones the second. Compiled patterns are shared by all worker
//! threads, so the count is the process's, not each worker's. Both paths give the same results.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Plans checked on the cheap-to-start path, less one.
pub(crate) const EARLY_PLANS: usize = 4;

/// Text above this size takes the fast-to-repeat path even in the first plans: one large plan
/// runs the patterns over enough text to repay compiling them with `regex` (on a 500-page
/// plan, `regex-lite` made the whole check a third slower).
pub(crate) const LARGE_PLAN_BYTES: usize = 256 * 1024;

/// Plans this process has checked.
static PLANS_CHECKED: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Whether the plan this thread is reading is larger than [`LARGE_PLAN_BYTES`].
    static LARGE_PLAN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Tells the thread the size of the plan it starts parsing.
pub(crate) fn begin_plan(text_bytes: usize) {
    LARGE_PLAN.with(|l| l.set(text_bytes > LARGE_PLAN_BYTES));
}

#[cfg(test)]
thread_local! {
    /// A count set by a test for its own thread, so tests running side by side do not move
    /// each other's path.
    static TEST_COUNT: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// Counts a plan checked.
pub(crate) fn note_plan_checked() {
    #[cfg(test)]
    if let Some(n) = TEST_COUNT.with(|c| c.get()) {
        TEST_COUNT.with(|c| c.set(Some(n + 1)));
        return;
    }
    PLANS_CHECKED.fetch_add(1, Ordering::Relaxed);
}

/// Whether the run is still in its first plans, and the plan at hand is not a large one.
pub(crate) fn early() -> bool {
    if LARGE_PLAN.with(|l| l.get()) {
        return false;
    }
    #[cfg(test)]
    if let Some(n) = TEST_COUNT.with(|c| c.get()) {
        return n <= EARLY_PLANS;
    }
    PLANS_CHECKED.load(Ordering::Relaxed) <= EARLY_PLANS
}

/// Sets this thread's count, for tests of both paths.
#[cfg(test)]
pub(crate) fn set_plans_checked(n: usize) {
    TEST_COUNT.with(|c| c.set(Some(n)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large plan takes the fast-to-repeat path from the start; the next plan goes back to
    /// the count.
    #[test]
    fn a_large_plan_is_not_early() {
        set_plans_checked(0);
        begin_plan(LARGE_PLAN_BYTES + 1);
        assert!(!early());
        begin_plan(10_000);
        assert!(early());
        set_plans_checked(EARLY_PLANS + 1);
        assert!(!early());
    }
}
