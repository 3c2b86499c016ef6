//! Where a worker thread is in a run: in its first plans, or past them.
//!
//! Some work is cheap to start and slow to repeat (a pattern compiled by `regex-lite`, looking
//! for a rule pattern's words before compiling it); its alternative is costly to start and fast
//! to repeat (a pattern compiled by `regex`, with its automata and prefilters). A run over one
//! or a few files (a pre-commit hook, a reviewer's plan) is best served by the first kind; a
//! batch by the second, once its set-up is paid. Each worker takes the first path for its first
//! [`EARLY_PLANS`] plans and the second after. Both paths give the same results.

use std::cell::Cell;

/// Plans a worker checks on the cheap-to-start path.
pub(crate) const EARLY_PLANS: usize = 4;

thread_local! {
    /// Plans this worker thread has checked.
    static PLANS_CHECKED: Cell<usize> = const { Cell::new(0) };
}

/// Counts a plan checked on this thread.
pub(crate) fn note_plan_checked() {
    PLANS_CHECKED.with(|n| n.set(n.get() + 1));
}

/// Whether this thread is still in its first plans.
pub(crate) fn early() -> bool {
    PLANS_CHECKED.with(|n| n.get()) <= EARLY_PLANS
}

/// Sets this thread's count, for tests of both paths.
#[cfg(test)]
pub(crate) fn set_plans_checked(n: usize) {
    PLANS_CHECKED.with(|c| c.set(n));
}
