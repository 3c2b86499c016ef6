//! The parser's patterns for short texts, in two compiled forms.
//!
//! A single-file run compiles every pattern the parser needs, once. With the `regex` crate,
//! that was the largest part of such a run: its compiler turns each Unicode class into a UTF-8
//! automaton and builds several engines per pattern. The small `regex-lite` engine keeps a
//! class as a list of ranges and compiles in about a tenth of the time, but runs slower. So a
//! worker uses `regex-lite` for its first plans and `regex` after them ([`crate::warmup`]): a
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
/// worker's point in the run.
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

    /// The engine for this worker's point in the run.
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The capture groups of `text` as byte ranges, by the original pattern.
    fn by_regex(re: &regex::Regex, text: &str) -> Option<Vec<Option<(usize, usize)>>> {
        re.captures(text)
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
    }

    /// The same by the flat pattern.
    fn by_lite(re: &regex_lite::Regex, text: &str) -> Option<Vec<Option<(usize, usize)>>> {
        re.captures(text)
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
    }

    fn text_files(dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                text_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "txt" || e == "toml") {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    out.push(text);
                }
            }
        }
    }

    /// Lines to test on: fixtures, rule files (their examples), the example plan, and the
    /// corpus's text documents when `../shared/corpus` is present. Each line also goes in
    /// trimmed, since the parser tests trimmed lines and cells.
    fn lines() -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for dir in [
            "fixtures",
            "rules",
            "examples",
            "../shared/corpus",
            "../shared/samples",
        ] {
            text_files(&root.join(dir), &mut texts);
        }
        let mut lines: Vec<String> = texts
            .iter()
            .flat_map(|t| t.lines())
            .flat_map(|l| [l.to_string(), l.trim().to_string()])
            .collect();
        lines.sort();
        lines.dedup();
        lines
    }

    /// A small deterministic generator (xorshift), so a failure can be reproduced.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// Strings made of the characters a pattern names, with their other cases, digits, white
    /// space of several kinds and Vietnamese letters: where the two engines could part ways.
    fn generated(pattern: &str, rng: &mut Rng, count: usize) -> Vec<String> {
        let mut alphabet: Vec<char> = pattern
            .chars()
            .filter(|c| !c.is_control())
            .flat_map(|c| c.to_lowercase().chain(c.to_uppercase()).chain([c]))
            .collect();
        alphabet.extend("aăâđêôơưAĂÂĐÊÔƠƯáàảãạắằẳẵặấầẩẫậÁÀẢÃẠ0123456789 ".chars());
        alphabet.extend([
            '\t', '\u{a0}', '\u{2003}', '\u{212a}', 'ſ', 'K', 'ß', '…', ',', '.',
        ]);
        alphabet.sort();
        alphabet.dedup();
        (0..count)
            .map(|_| {
                let len = rng.below(24);
                (0..len)
                    .map(|_| alphabet[rng.below(alphabet.len())])
                    .collect()
            })
            .collect()
    }

    /// Each flat pattern captures exactly what its original does.
    #[test]
    fn flat_patterns_match_like_the_originals() {
        let lines = lines();
        assert!(
            lines.len() > 1_000,
            "too few lines to compare on: {}",
            lines.len()
        );
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut matched = 0;
        for (name, pattern, flat_pattern) in SOURCES {
            let original = regex::Regex::new(pattern).expect("line pattern compiles");
            let lite = regex_lite::Regex::new(flat_pattern).expect("flat pattern compiles");
            let mut inputs = generated(pattern, &mut rng, 20_000);
            // Whole lines, lines cut short, and the text before each capital letter (where a
            // cited type starts) as the citation finder hands it over: its last 160 bytes.
            for line in &lines {
                inputs.push(line.clone());
                let cut: String = line.chars().take(rng.below(40) + 1).collect();
                inputs.push(cut);
                for (at, _) in line.char_indices().filter(|(_, c)| c.is_uppercase()) {
                    let mut from = at.saturating_sub(160);
                    while !line.is_char_boundary(from) {
                        from += 1;
                    }
                    inputs.push(line[from..at].to_string());
                }
            }
            for input in &inputs {
                let want = by_regex(&original, input);
                matched += usize::from(want.is_some());
                assert_eq!(
                    want,
                    by_lite(&lite, input),
                    "{name}: the flat pattern differs from `{pattern}` on {input:?}"
                );
            }
        }
        // The comparison means something only if the patterns do match.
        assert!(matched > 10_000, "only {matched} matches compared");
    }

    /// Every listed pattern compiles, and the statics are the listed patterns.
    #[test]
    fn every_line_pattern_compiles() {
        assert_eq!(SOURCES.len(), 33);
        assert!(TITLE.is_match("KẾ HOẠCH"));
        assert!(NOI_NHAN.is_match("Nơi nhận:"));
        assert!(NUMBER.is_match(" số 122/KH-UBND"));
        for (_, _, flat_pattern) in SOURCES {
            regex_lite::Regex::new(flat_pattern).expect("flat pattern compiles");
        }
    }

    /// A worker's first plans compile and use only `regex-lite`; later ones only `regex`.
    #[test]
    fn the_engine_follows_the_workers_point_in_the_run() {
        let pattern = LinePattern::new(SOURCES[0].1, SOURCES[0].2);
        crate::warmup::set_plans_checked(0);
        assert!(pattern.is_match("KẾ HOẠCH"));
        assert!(pattern.lite.get().is_some() && pattern.full.get().is_none());
        crate::warmup::set_plans_checked(crate::warmup::EARLY_PLANS + 1);
        assert!(pattern.is_match("KẾ HOẠCH"));
        assert!(pattern.full.get().is_some());
        let caps = pattern.captures("KẾ HOẠCH LIÊN TỊCH").expect("matches");
        assert_eq!(caps.get(1).map(|h| h.as_str()), Some(" LIÊN TỊCH"));
        crate::warmup::set_plans_checked(0);
        let caps = pattern.captures("KẾ HOẠCH LIÊN TỊCH").expect("matches");
        assert_eq!(caps.get(1).map(|h| h.as_str()), Some(" LIÊN TỊCH"));
    }
}
