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
