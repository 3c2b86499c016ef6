//! Generated documentation stays current, and rule sources cite legal texts users have.

use std::collections::BTreeMap;
use std::path::Path;

use vblint::check::RuleSet;

#[test]
fn rule_pages_are_current() {
    let rules = RuleSet::embedded().expect("rules load");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let expected: BTreeMap<String, String> =
        vblint::explain::rule_pages(&rules).into_iter().collect();
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(&dir)
        .expect("docs/rules exists")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        found.insert(
            name,
            std::fs::read_to_string(entry.path()).unwrap_or_default(),
        );
    }
    let stale: Vec<&String> = expected
        .iter()
        .filter(|(name, text)| found.get(*name) != Some(text))
        .map(|(name, _)| name)
        .chain(found.keys().filter(|n| !expected.contains_key(*n)))
        .collect();
    assert!(
        stale.is_empty(),
        "docs/rules is stale ({stale:?}); run `cargo run -- rule-docs docs/rules`"
    );
}

#[test]
fn rule_sources_name_legal_texts() {
    let rules = RuleSet::embedded().expect("rules load");
    for r in rules.rules() {
        let source = &r.docs.source;
        assert!(!source.contains("REFERENCE"), "{}: {source}", r.id);
        assert!(
            [
                "Nghị định",
                "Hướng dẫn",
                "Thông tư",
                "Luật",
                "Quyết định",
                "Không có quy định"
            ]
            .iter()
            .any(|t| source.contains(t)),
            "{}: the source names no legal text: {source}",
            r.id
        );
    }
}

#[test]
fn pre_commit_hook_names_a_command_that_exists() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .expect(".pre-commit-hooks.yaml exists");
    let hooks: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    let hook = hooks
        .as_sequence()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "vblint")
        .expect("a hook with id vblint");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["require_serial"], false);
    let types: Vec<&str> = hook["types_or"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        types.contains(&"docx") || types.contains(&"text"),
        "{types:?}"
    );
    let entry = hook["entry"].as_str().unwrap();
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("vblint"));
    let args: Vec<&str> = words.chain(["--help"]).collect();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_vblint"))
        .args(&args)
        .output()
        .unwrap();
    assert!(o.status.success(), "`{entry}` is a vblint command");
}
