use super::*;
use crate::check::parse_rule;

fn edit(r: Range<usize>, t: &str) -> Edit {
    Edit {
        range: r,
        text: t.into(),
        rule: "r".into(),
    }
}

#[test]
fn overlapping_edits_wait_for_the_next_pass() {
    let (out, done) = apply(
        "abcdef",
        &[
            edit(1..3, "X"),
            edit(2..4, "Y"),
            edit(4..4, "+"),
            edit(4..5, "Z"),
            edit(6..6, "!"),
            edit(1..3, "X"),
        ],
    );
    assert_eq!(out, "aXd+ef!");
    assert_eq!(done.len(), 3);
    // Edits out of range or off a character boundary are ignored, not a panic.
    let (out, done) = apply("hoà", &[edit(3..4, "x"), edit(2..9, "y")]);
    assert_eq!((out.as_str(), done.len()), ("hoà", 0));
}

const RULE: &str = r#"
id = "demo-nbsp"
severity = "warning"
kind = "pattern"
[summary]
vi = "a"
en = "a"
[message]
vi = "a"
en = "a"
[help]
vi = "a"
en = "a"
[docs]
vi = "a"
en = "a"
source = "test"
[params]
scope = "document"
mode = "forbid"
pattern = 'x{2,}'
max_reports = 1
@FIX@
[[example]]
expect = "fire"
@FIXED@
text = "KẾ HOẠCH\nMột xx hai xxx ba\n"
[[example]]
expect = "pass"
text = "KẾ HOẠCH\nMột x hai\n"
"#;

fn rule(fix: &str, fixed: &str) -> Result<Rule, String> {
    parse_rule(
        &RULE.replace("@FIX@", fix).replace("@FIXED@", fixed),
        "demo.toml",
    )
    .map_err(|e| e.message)
}

#[test]
fn fixed_examples_are_run_and_can_fail() {
    let fix = "[fix]\nkind = \"replace\"\nsafety = \"safe\"\nwith = \"x\"";
    // Every place is fixed, though the report names only the first (max_reports = 1).
    let good = rule(fix, "fixed = \"KẾ HOẠCH\\nMột x hai x ba\\n\"").expect("valid");
    assert!(run_fix_examples(&good).is_empty());
    let wrong = rule(fix, "fixed = \"KẾ HOẠCH\\nMột xx hai x ba\\n\"").expect("valid");
    let failures = run_fix_examples(&wrong);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].contains("Một x hai x ba"));
}

#[test]
fn fix_tables_are_validated() {
    let fixed = "fixed = \"x\"";
    let err = |fix: &str, fixed: &str| rule(fix, fixed).expect_err("invalid");
    assert!(err("", fixed).contains("needs a `[fix]`"));
    assert!(err(
        "[fix]\nkind = \"replace\"\nsafety = \"safe\"\nwith = \"x\"",
        ""
    )
    .contains("`fixed`"));
    assert!(err("[fix]\nkind = \"nfc\"\nsafety = \"safe\"", fixed).contains("decomposed"));
    assert!(err("[fix]\nkind = \"rewrite\"\nsafety = \"safe\"", fixed).contains("unknown fix kind"));
    assert!(err(
        "[fix]\nkind = \"replace\"\nsafety = \"maybe\"\nwith = \"\"",
        fixed
    )
    .contains("safety"));
    assert!(err("[fix]\nkind = \"replace\"\nsafety = \"safe\"", fixed).contains("either"));
    assert!(err(
        "[fix]\nkind = \"insert\"\nsafety = \"safe\"\ntext = \"\"\nat = \"end\"",
        fixed
    )
    .contains("non-empty"));
    assert!(err(
        "[fix]\nkind = \"replace\"\nsafety = \"safe\"\nwith = \"\"\nextra = 1",
        fixed
    )
    .contains("extra"));
    assert!(err(
        "[fix]\nkind = \"replace\"\nsafety = \"safe\"\ncases = [{ find = '(', with = '' }]",
        fixed
    )
    .contains("regex"));
}

#[test]
fn text_fixes_keep_line_endings_and_stop_when_stable() {
    let set = RuleSet::embedded().expect("rules");
    let input = "KẾ HOẠCH\r\nTổ chức  Ngày hội đọc sách ,trong\u{a0}tháng 3\r\n";
    let out = fix_bytes(input.as_bytes(), "txt", &set, &FixOptions::default()).expect("fix");
    let text = String::from_utf8(out.output.clone()).expect("utf8");
    assert_eq!(
        text,
        "KẾ HOẠCH\r\nTổ chức Ngày hội đọc sách, trong tháng 3\r\n"
    );
    assert!(out.passes >= 1 && out.passes <= MAX_PASSES);
    // Fixing the output again changes nothing.
    let again = fix_bytes(&out.output, "txt", &set, &FixOptions::default()).expect("fix");
    assert!(!again.changed);
    assert_eq!(again.output, out.output);
}

#[test]
fn unsafe_fixes_wait_for_the_flag() {
    let set = RuleSet::embedded().expect("rules");
    let input = "KẾ HOẠCH\nTổ chức Hội khỏe Phù Đổng\n\nI. MỤC ĐÍCH, YÊU CẦU:\n1. Mục đích\nĐẩy mạnh phong trào.\n";
    let safe = fix_bytes(input.as_bytes(), "txt", &set, &FixOptions::default()).expect("fix");
    assert!(safe.text_after.contains("YÊU CẦU:"));
    let options = FixOptions {
        unsafe_fixes: true,
        ..FixOptions::default()
    };
    let all = fix_bytes(input.as_bytes(), "txt", &set, &options).expect("fix");
    assert!(all.text_after.contains("YÊU CẦU\n"), "{}", all.text_after);
}
