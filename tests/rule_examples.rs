//! Every rule's own examples run as tests, so no rule can silently stop firing (or start firing
//! where it must not).

use vblint::check::{run_examples, Expect, RuleSet};

#[test]
fn embedded_rules_load() {
    let set = RuleSet::embedded().unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert!(
        set.len() >= 11,
        "expected the mission rules, got {}",
        set.len()
    );
}

#[test]
fn every_rule_example_behaves_as_declared() {
    let set = RuleSet::embedded().expect("embedded rules load");
    let failures: Vec<String> = set
        .rules()
        .flat_map(|rule| {
            run_examples(rule)
                .into_iter()
                .map(move |f| format!("{}: {f}", rule.origin))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_rule_has_firing_and_passing_examples() {
    let set = RuleSet::embedded().expect("embedded rules load");
    for rule in set.rules() {
        assert!(
            rule.examples.iter().any(|e| e.expect == Expect::Fire),
            "{}",
            rule.id
        );
        assert!(
            rule.examples.iter().any(|e| e.expect == Expect::Pass),
            "{}",
            rule.id
        );
        assert!(
            !rule.docs.source.trim().is_empty(),
            "{} has no source",
            rule.id
        );
    }
}

#[test]
fn mission_rule_ids_are_stable() {
    let set = RuleSet::embedded().expect("embedded rules load");
    for id in [
        "section-required",
        "basis-missing",
        "basis-incomplete",
        "reporting-missing",
        "reporting-vague",
        "recipients-missing",
        "recipients-archive",
        "signer-missing",
        "signer-name-missing",
        "signer-deputy-title",
        "text-legacy-encoding",
    ] {
        assert!(set.get(id).is_some(), "rule {id} is part of the contract");
    }
}
