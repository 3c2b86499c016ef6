//! Any bytes, read as a `.docx` package, then parsed and checked.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(extracted) = vblint::extract::extract(data, "docx") {
        common::pipeline(extracted);
    }
});
