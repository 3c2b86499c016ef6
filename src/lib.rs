//! vblint: a linter for Vietnamese administrative plans (Kế hoạch).
//!
//! The pipeline runs one way: [`extract`] (bytes → text and format facts) → [`source`] (NFC text
//! with a map back to what the user sees) → [`parse`] (the document model) → [`check`] (rules) →
//! [`report`] (human and machine output). See `ARCHITECTURE.md`.

pub mod annotate;
pub mod check;
pub mod config;
pub mod corpus;
pub mod driver;
pub mod engine;
pub mod explain;
pub mod extract;
pub mod fix;
pub mod limits;
pub mod literals;
pub mod parse;
pub mod report;
pub mod serve;
pub mod source;
mod warmup;
pub mod write;
