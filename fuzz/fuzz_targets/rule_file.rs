//! Any text, loaded as a user's rule file; a rule that loads is run on a small plan.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use vblint::check::{self, CheckOptions, RuleSet};

const PLAN: &str = "ỦY BAN NHÂN DÂN XÃ AN BÌNH\nSố: 12/KH-UBND\nKẾ HOẠCH\nTổ chức ngày hội đọc sách\nI. MỤC ĐÍCH\n1. Mục đích\n- Khuyến khích đọc sách.\nNơi nhận:\n- UBND huyện;\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn An\n";

fuzz_target!(|source: &str| {
    if let Ok(rule) = check::rule::parse_rule(source, "fuzz.toml") {
        let doc = check::parse_text(PLAN, None);
        let _ = check::check(&doc, &RuleSet::single(rule), &CheckOptions::default());
    }
});
