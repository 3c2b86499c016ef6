//! The parser's patterns for short texts, in two compiled forms.
//!
//! A single-file run compiles every pattern the parser needs, once. With the `regex` crate,
//! that was the largest part of such a run: its compiler turns each Unicode class into a UTF-8
//! automaton and builds several engines per pattern. The small `regex-lite` engine keeps a
//! class as a list of ranges and compiles in about a tenth of the time, but runs slower. So a
//! run uses `regex-lite` for its first plans and `regex` after them ([`crate::warmup`]): a
//! pre-commit hook pays little to start, and a batch gets the fast matcher.
//!
//! `regex-lite` has no Unicode classes and no Unicode case folding. build.rs therefore writes
//! each pattern of `line_patterns.in` as regex-syntax understands it, with every class and
//! case-insensitive letter spelt out as ranges (`\p{Lu}` → `[A-ZÀ-Ö…]`), which both engines read
//! the same way. The one construct the two read differently is the word boundary, and build.rs
//! refuses it here.
//!
//! The tests below run each flat pattern and its original side by side on every fixture line,
//! on the corpus when it is present, and on generated strings, and compare all capture groups.

use std::sync::OnceLock;

use crate::engine::{Captures, Engine, Hit};

/// One of the parser's line patterns, compiled on first use by the engine that suits the
/// point the run has reached.
pub struct LinePattern {
    /// The pattern as written, for `regex`.
    original: &'static str,
    /// The same with classes spelt out, for `regex-lite`.
    flat: &'static str,
    lite: OnceLock<regex_lite::Regex>,
    full: OnceLock<regex::Regex>,
}

impl LinePattern {
    /// A pattern and its flat form (written by build.rs).
    pub const fn new(original: &'static str, flat: &'static str) -> Self {
        LinePattern {
            original,
            flat,
            lite: OnceLock::new(),
            full: OnceLock::new(),
        }
    }

    fn lite(&self) -> &regex_lite::Regex {
        self.lite.get_or_init(|| {
            regex_lite::Regex::new(self.flat).expect("build.rs checked every line pattern")
        })
    }

    fn full(&self) -> &regex::Regex {
        self.full
            .get_or_init(|| regex::Regex::new(self.original).expect("built-in pattern"))
    }

    /// The engine for the point the run has reached.
    fn engine(&self) -> Engine<'_> {
        if crate::warmup::early() {
            Engine::Lite(self.lite())
        } else {
            Engine::Full(self.full())
        }
    }

    /// Whether the pattern matches `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.engine().is_match(text)
    }

    /// The first match in `text`.
    pub fn find<'h>(&self, text: &'h str) -> Option<Hit<'h>> {
        self.engine().find(text)
    }

    /// The capture groups of the first match in `text`.
    pub fn captures<'h>(&self, text: &'h str) -> Option<Captures<'h>> {
        self.engine().captures(text)
    }
}

include!(concat!(env!("OUT_DIR"), "/line_patterns.rs"));

/// The listed pattern `name` compiled as written, with `regex`: what tests compare against.
#[cfg(test)]
pub(crate) fn original(name: &str) -> regex::Regex {
    let (_, pattern, _) = SOURCES
        .iter()
        .find(|(n, _, _)| *n == name)
        .expect("a listed pattern");
    regex::Regex::new(pattern).expect("compiles")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing;

    /// Each flat pattern captures exactly what its original does.
    #[test]
    fn flat_patterns_match_like_the_originals() {
        let lines = testing::lines();
        let mut rng = testing::Rng(0x9e37_79b9_7f4a_7c15);
        let mut matched = 0;
        for (name, pattern, flat_pattern) in SOURCES {
            let inputs = testing::inputs(pattern, &lines, &mut rng);
            matched += testing::assert_same_matches(name, pattern, flat_pattern, &inputs);
        }
        // The comparison means something only if the patterns do match.
        assert!(matched > 10_000, "only {matched} matches compared");
    }

    /// Every listed pattern compiles, and the statics are the listed patterns.
    #[test]
    fn every_line_pattern_compiles() {
        assert_eq!(SOURCES.len(), 35);
        assert!(TITLE.is_match("KẾ HOẠCH"));
        assert!(CITED_DATE.is_match(" ngày 05/9/2023 của"));
        assert!(ABSTRACT.is_match(" về việc triển khai"));
        assert!(NOI_NHAN.is_match("Nơi nhận:"));
        assert!(NUMBER.is_match(" số 122/KH-UBND"));
        for (_, _, flat_pattern) in SOURCES {
            regex_lite::Regex::new(flat_pattern).expect("flat pattern compiles");
        }
    }

    /// A run's first plans compile and use only `regex-lite`; later ones only `regex`.
    #[test]
    fn the_engine_follows_the_point_the_run_has_reached() {
        let pattern = LinePattern::new(SOURCES[0].1, SOURCES[0].2);
        crate::warmup::set_early(true);
        assert!(pattern.is_match("KẾ HOẠCH"));
        assert!(pattern.lite.get().is_some() && pattern.full.get().is_none());
        crate::warmup::set_early(false);
        assert!(pattern.is_match("KẾ HOẠCH"));
        assert!(pattern.full.get().is_some());
        let caps = pattern.captures("KẾ HOẠCH LIÊN TỊCH").expect("matches");
        assert_eq!(caps.get(1).map(|h| h.as_str()), Some(" LIÊN TỊCH"));
        crate::warmup::set_early(true);
        let caps = pattern.captures("KẾ HOẠCH LIÊN TỊCH").expect("matches");
        assert_eq!(caps.get(1).map(|h| h.as_str()), Some(" LIÊN TỊCH"));
    }
}
