//! One interface over the two regular-expression engines vblint compiles its patterns with.
//!
//! `regex` builds automata and prefilters: costly to compile, fast to run. `regex-lite` keeps a
//! pattern close to its syntax: about a tenth of the compile time, slower to run. A pattern that
//! has both forms runs on `regex-lite` in a run's first plans and on `regex` after them
//! ([`crate::warmup`]); callers see the same matches either way, through [`Engine`].

/// A compiled pattern on one engine.
#[derive(Clone, Copy)]
pub enum Engine<'r> {
    /// `regex-lite`, compiled from the pattern's flat form (classes spelt out as ranges).
    Lite(&'r regex_lite::Regex),
    /// `regex`, compiled from the pattern as written.
    Full(&'r regex::Regex),
}

impl<'r> Engine<'r> {
    /// Whether the pattern matches `text`.
    pub fn is_match(self, text: &str) -> bool {
        match self {
            Engine::Lite(re) => re.is_match(text),
            Engine::Full(re) => re.is_match(text),
        }
    }

    /// The first match in `text`.
    pub fn find(self, text: &str) -> Option<Hit<'_>> {
        let (start, end) = match self {
            Engine::Lite(re) => re.find(text).map(|m| (m.start(), m.end()))?,
            Engine::Full(re) => re.find(text).map(|m| (m.start(), m.end()))?,
        };
        Some(Hit { text, start, end })
    }

    /// The capture groups of the first match in `text`.
    pub fn captures(self, text: &str) -> Option<Captures<'_>> {
        let groups = match self {
            Engine::Lite(re) => Groups::Lite(re.captures(text)?),
            Engine::Full(re) => Groups::Full(re.captures(text)?),
        };
        Some(Captures { text, groups })
    }

    /// The capture groups of every match in `text`, left to right.
    pub fn captures_iter(self, text: &str) -> Vec<Captures<'_>> {
        match self {
            Engine::Lite(re) => re
                .captures_iter(text)
                .map(|c| Captures {
                    text,
                    groups: Groups::Lite(c),
                })
                .collect(),
            Engine::Full(re) => re
                .captures_iter(text)
                .map(|c| Captures {
                    text,
                    groups: Groups::Full(c),
                })
                .collect(),
        }
    }
}

/// A match or a capture group: a range of the text searched.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'h> {
    text: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Hit<'h> {
    /// Byte offset where the match starts.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Byte offset where the match ends.
    pub fn end(&self) -> usize {
        self.end
    }

    /// The byte range of the match.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The matched text.
    pub fn as_str(&self) -> &'h str {
        &self.text[self.start..self.end]
    }
}

/// The capture groups of one match, from either engine.
pub struct Captures<'h> {
    text: &'h str,
    groups: Groups<'h>,
}

enum Groups<'h> {
    Lite(regex_lite::Captures<'h>),
    Full(regex::Captures<'h>),
}

impl<'h> Captures<'h> {
    fn hit(&self, range: Option<(usize, usize)>) -> Option<Hit<'h>> {
        let (start, end) = range?;
        Some(Hit {
            text: self.text,
            start,
            end,
        })
    }

    /// Group `i` (0: the whole match), if it took part in the match.
    pub fn get(&self, i: usize) -> Option<Hit<'h>> {
        self.hit(match &self.groups {
            Groups::Lite(c) => c.get(i).map(|m| (m.start(), m.end())),
            Groups::Full(c) => c.get(i).map(|m| (m.start(), m.end())),
        })
    }

    /// The group named `name`, if it took part in the match.
    pub fn name(&self, name: &str) -> Option<Hit<'h>> {
        self.hit(match &self.groups {
            Groups::Lite(c) => c.name(name).map(|m| (m.start(), m.end())),
            Groups::Full(c) => c.name(name).map(|m| (m.start(), m.end())),
        })
    }
}

/// Comparing a pattern's two forms: the inputs and the comparison the tests share.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::Path;

    /// The matches of `text` (every match, every group) as byte ranges, by `regex`.
    fn by_regex(re: &regex::Regex, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        re.captures_iter(text)
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
            .collect()
    }

    /// The same by `regex-lite`.
    fn by_lite(re: &regex_lite::Regex, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        re.captures_iter(text)
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
            .collect()
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
    /// corpus's text documents and samples when `../shared` is present. Each line also goes in
    /// trimmed, since the parser tests trimmed lines and cells.
    pub(crate) fn lines() -> Vec<String> {
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
        assert!(
            lines.len() > 1_000,
            "too few lines to compare on: {}",
            lines.len()
        );
        lines
    }

    /// A small deterministic generator (xorshift), so a failure can be reproduced.
    pub(crate) struct Rng(pub(crate) u64);

    impl Rng {
        /// The next number.
        pub(crate) fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        /// A number below `n`.
        pub(crate) fn below(&mut self, n: usize) -> usize {
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
            '\t', '\n', '\u{a0}', '\u{2003}', '\u{212a}', 'ſ', 'K', 'ß', '…', ',', '.',
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

    /// Inputs for comparing `pattern`'s two forms: generated strings, whole lines, lines cut
    /// short, and the text before each capital letter (where a cited type starts) as the
    /// citation finder hands it over: its last 160 bytes.
    pub(crate) fn inputs(pattern: &str, lines: &[String], rng: &mut Rng) -> Vec<String> {
        let mut inputs = generated(pattern, rng, 20_000);
        for line in lines {
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
        inputs
    }

    /// Asserts that `pattern` on `regex` and `flat` on `regex-lite` find the same matches with
    /// the same groups on every input; returns how many inputs matched.
    pub(crate) fn assert_same_matches(
        name: &str,
        pattern: &str,
        flat: &str,
        inputs: &[String],
    ) -> usize {
        let original = regex::Regex::new(pattern).expect("pattern compiles");
        let lite = regex_lite::Regex::new(flat).expect("flat form compiles");
        let mut matched = 0;
        for input in inputs {
            let want = by_regex(&original, input);
            matched += usize::from(!want.is_empty());
            assert_eq!(
                want,
                by_lite(&lite, input),
                "{name}: the flat form differs from `{pattern}` on {input:?}"
            );
        }
        matched
    }
}
