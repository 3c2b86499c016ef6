//! Any text, parsed as a plan (skipping the reader's decoding) and checked.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use vblint::extract::{Extracted, InputKind};

fuzz_target!(|text: &str| {
    common::pipeline(Extracted::plain(InputKind::Txt, text.replace('\r', "\n")));
});
