//! Any bytes, read as a `.txt` plan, then parsed and checked.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(extracted) = vblint::extract::extract(data, "txt") {
        common::pipeline(extracted);
    }
});
