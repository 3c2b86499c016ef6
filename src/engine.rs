//! One interface over the two regular-expression engines vblint compiles its patterns with.
//!
//! `regex` builds automata and prefilters: costly to compile, fast to run. `regex-lite` keeps a
//! pattern close to its syntax: about a tenth of the compile time, slower to run. A pattern that
//! has both forms runs on `regex-lite` in a worker's first plans and on `regex` after them
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
