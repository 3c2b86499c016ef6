//! The writing side of the pipeline: the sibling of [`crate::extract`] for commands that produce
//! files (`vblint fix`, `vblint annotate`).
//!
//! * `package.rs`: surgical edits of a `.docx` package — replace or add parts, relationships and
//!   content types, copy every other entry byte-identically — and atomic writes of any output.
//!
//! **Invariant:** the input file is never written; an existing output is replaced only when the
//! caller says so, and always through a temporary file in the same folder and a rename.

pub mod package;

pub use package::{write_atomic, PackageEditor, WriteError};

/// Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}
