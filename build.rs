//! Build script: validates the embedded rule set (`rules/**/*.toml`) and serialises it, so a run
//! reads the rules from a compact form instead of parsing 112 TOML files at every start.
//!
//! Each rule file is parsed here (a TOML syntax error, a missing key or a duplicate id fails the
//! build, naming the file) and written to `$OUT_DIR/embedded_rules.rs` as JSON, which the crate
//! includes (`check::RuleSet::embedded`) and deserialises into the same structures as a user's
//! TOML rule file; the kinds' own validation then runs on it as on any rule. Each rule's `docs`
//! and `example` are written as JSON of their own, which the crate reads only when they are first
//! used (a check never reads them). Rule files given by users (`--rules`, configuration) still go
//! through the TOML loader.

#[path = "src/literals.rs"]
#[allow(dead_code)]
mod literals;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Keys every rule file must have (the rest of the schema is checked by the crate's loader,
/// which the test suite runs on every embedded rule).
/// Keys whose values are regular expressions, at any depth of a rule file. A test fails when
/// an embedded pattern sits under a key missing here.
const PATTERN_KEYS: &[&str] = &[
    "pattern",
    "unless",
    "section",
    "trigger",
    "ignore",
    "anchor_section",
    "any",
    "title",
    "basis_sections",
    "party_issuer",
    "state_issuer",
    "joint_title",
    "issuer",
    "deputy_line",
    "personal_authority",
    "find",
    "when",
];

/// Patterns the kinds use when a rule does not give one (`citation`'s `basis_sections`).
const KIND_DEFAULT_PATTERNS: &[&str] = &[r"^(CĂN CỨ|CƠ SỞ)"];

/// Collects the NFC strings under [`PATTERN_KEYS`] anywhere in `value`.
fn patterns(value: &toml::Value, key: Option<&str>, out: &mut BTreeMap<String, Vec<String>>) {
    use unicode_normalization::UnicodeNormalization;
    match value {
        toml::Value::String(s) if key.is_some_and(|k| PATTERN_KEYS.contains(&k)) => {
            let nfc: String = s.nfc().collect();
            let words = literals::required(&nfc).unwrap_or_default();
            out.insert(nfc, words);
        }
        toml::Value::Array(items) => {
            for item in items {
                patterns(item, key, out);
            }
        }
        toml::Value::Table(table) => {
            for (k, v) in table {
                patterns(v, Some(k), out);
            }
        }
        _ => {}
    }
}

const REQUIRED: &[&str] = &[
    "id", "severity", "kind", "summary", "message", "help", "docs", "example",
];

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read rule folder {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("rule folder entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/literals.rs");
    println!("cargo:rerun-if-changed=src/parse/line_patterns.in");
    write_line_patterns();
    let mut files = Vec::new();
    collect(&rules, &mut files);
    files.sort();
    let mut errors = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut entries = Vec::new();
    let mut pattern_words = BTreeMap::new();
    for pattern in KIND_DEFAULT_PATTERNS {
        let value = toml::Value::String(pattern.to_string());
        patterns(&value, Some("pattern"), &mut pattern_words);
    }
    for path in &files {
        let rel = path
            .strip_prefix(&root)
            .expect("rule file under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                errors.push(format!("{rel}: {e}"));
                continue;
            }
        };
        let table: toml::Table = match toml::from_str(&text) {
            Ok(t) => t,
            Err(e) => {
                let msg = e.to_string().replace('\n', " ");
                errors.push(format!("{rel}: {msg}"));
                continue;
            }
        };
        for key in REQUIRED {
            if !table.contains_key(*key) {
                errors.push(format!("{rel}: missing key `{key}`"));
            }
        }
        if let Some(id) = table.get("id").and_then(|v| v.as_str()) {
            if let Some(prev) = ids.insert(id.to_string(), rel.clone()) {
                errors.push(format!(
                    "{rel}: rule id `{id}` is already declared in {prev}"
                ));
            }
        } else {
            errors.push(format!("{rel}: `id` must be a string"));
        }
        patterns(&toml::Value::Table(table.clone()), None, &mut pattern_words);
        // The docs and examples go apart, `null` marking their place in the rest.
        let mut head = serde_json::to_value(&table).expect("a TOML table serialises as JSON");
        let fields = head.as_object_mut().expect("a TOML table is a JSON object");
        let docs = fields.insert("docs".into(), serde_json::Value::Null);
        let examples = fields.insert("example".into(), serde_json::Value::Null);
        let examples = examples.unwrap_or_else(|| serde_json::Value::Array(Vec::new()));
        entries.push((rel, head.to_string(), docs.unwrap_or_default(), examples));
    }
    if !errors.is_empty() {
        panic!(
            "\n\nthe embedded rule set (rules/) is invalid:\n  {}\n",
            errors.join("\n  ")
        );
    }
    let mut out = String::from(
        "/// The embedded rules, sorted by path.\n\
         pub static EMBEDDED_RULES: &[EmbeddedRule] = &[\n",
    );
    for (origin, head, docs, examples) in &entries {
        let (docs, examples) = (docs.to_string(), examples.to_string());
        writeln!(
            out,
            "    EmbeddedRule {{ origin: {origin:?}, head: {head:?}, docs: {docs:?}, examples: {examples:?} }},"
        )
        .expect("write to a String");
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("embedded_rules.rs");
    std::fs::write(&dest, out).expect("write embedded_rules.rs");

    // The words each embedded pattern's matches need, so rules can skip compiling a pattern
    // whose words a plan lacks (see src/literals.rs). BTreeMap order is the byte order that
    // `binary_search` on `&str` expects.
    let mut out = String::from(
        "/// (NFC pattern, folded words of which every match contains one; empty: none known),\n\
         /// for every pattern of the embedded rules, sorted by pattern.\n\
         pub static PATTERN_LITERALS: &[(&str, &[&str])] = &[\n",
    );
    for (pattern, words) in &pattern_words {
        writeln!(out, "    ({pattern:?}, &{words:?}),").expect("write to a String");
    }
    out.push_str("];\n");
    // The flat form (see src/engine.rs) of each embedded pattern anchored at the start or the
    // end of the text: those run on regex-lite in a run's first plans. A pattern that can
    // match anywhere stays on regex, whose prefilters a search through a whole paragraph needs.
    out.push_str(
        "/// (NFC pattern, flat form for `regex-lite`) for the embedded patterns anchored at the\n\
         /// start or the end of the text, without a word boundary; sorted by pattern.\n\
         pub static FLAT_PATTERNS: &[(&str, &str)] = &[\n",
    );
    for pattern in pattern_words.keys() {
        let anchored = regex_syntax::parse(pattern).is_ok_and(|hir| {
            let p = hir.properties();
            p.look_set_prefix().contains(regex_syntax::hir::Look::Start)
                || p.look_set_suffix().contains(regex_syntax::hir::Look::End)
        });
        if let Some(flat) = literals::flat_form(pattern).filter(|_| anchored) {
            writeln!(out, "    ({pattern:?}, {flat:?}),").expect("write to a String");
        }
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("pattern_literals.rs");
    std::fs::write(&dest, out).expect("write pattern_literals.rs");
}

/// The parser's start-anchored patterns (`src/parse/line_patterns.in`).
const LINE_PATTERNS: &[(&str, &str)] = &include!("src/parse/line_patterns.in");

/// Writes `$OUT_DIR/line_patterns.rs`: each of [`LINE_PATTERNS`] as a `regex-lite` pattern with
/// its Unicode classes and case folding spelt out, so neither regex-syntax's Unicode tables nor
/// regex's automata are needed to compile it at run time.
fn write_line_patterns() {
    let mut out = String::from(
        "/// (name, pattern as written, flat pattern for `regex-lite`) for each line pattern.\n\
         #[cfg(test)]\n\
         pub static SOURCES: &[(&str, &str, &str)] = &[\n",
    );
    let mut statics = String::new();
    for (name, pattern) in LINE_PATTERNS {
        let flat = literals::flat_form(pattern).unwrap_or_else(|| {
            panic!("line pattern {name} does not parse or uses a word boundary (`\\b`, `\\B`), which regex-lite reads as ASCII only")
        });
        writeln!(out, "    ({name:?}, {pattern:?}, {flat:?}),").expect("write to a String");
        writeln!(
            statics,
            "/// `{}`\npub static {name}: LinePattern = LinePattern::new({pattern:?}, {flat:?});",
            pattern.replace('`', "'")
        )
        .expect("write to a String");
    }
    out.push_str("];\n\n");
    out.push_str(&statics);
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("line_patterns.rs");
    std::fs::write(&dest, out).expect("write line_patterns.rs");
}
