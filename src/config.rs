//! The project configuration file, `vblint.toml`.
//!
//! A shared plans repository keeps its choices in one file: which rules to skip, severities to
//! change, extra rule folders, the document system to assume, whether plans are checked as
//! issued. vblint looks for `vblint.toml` in the current folder and its parents (the nearest
//! wins), or takes `--config FILE`. Command-line flags override the file.
//!
//! ```toml
//! system = "party"                 # state | party | youth (default: detect from the header)
//! issued = true                    # blank numbers and dates are errors
//! lang = "vi"                      # vi | en
//! ignore = ["text-double-space"]   # rule ids to skip
//! rules = ["quy-tac-tinh"]         # extra rule folders, relative to this file
//! no_default_rules = false
//! extend-select = ["layout"]       # add rules or families to the selection
//! exclude = ["luu-tru/**"]         # globs, relative to this file's folder
//! output-format = "concise"        # any --format name
//! baseline = "vblint-baseline.json"
//! max-per-rule = 10                # human format: findings shown per rule and file
//! [severity]
//! reporting-vague = "error"
//! [[overrides]]                    # settings for some paths
//! files = ["truong-*/**"]
//! ignore = ["layout"]
//! ```
//!
//! When a run checks files in several folders, each file uses the nearest `vblint.toml` above
//! it (ruff's model).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::check::Severity;
use crate::parse::System;
use crate::report::Format;

/// The name vblint looks for.
pub const FILE_NAME: &str = "vblint.toml";

/// The keys a configuration file may hold.
pub const KEYS: &[&str] = &[
    "system",
    "type",
    "issued",
    "lang",
    "ignore",
    "select",
    "extend-select",
    "rules",
    "no_default_rules",
    "severity",
    "exclude",
    "output-format",
    "baseline",
    "max-per-rule",
    "overrides",
];

/// The keys of an `[[overrides]]` table.
pub const OVERRIDE_KEYS: &[&str] = &[
    "files",
    "ignore",
    "select",
    "extend-select",
    "severity",
    "system",
    "issued",
];

/// A loaded configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where it was read from.
    pub path: Option<PathBuf>,
    /// The folder globs and relative paths are resolved against.
    pub dir: PathBuf,
    /// Forced document system.
    pub system: Option<System>,
    /// Forced document type (`type = "ke-hoach"`), an id of `parse::doctype::TYPES`.
    pub doc_type: Option<String>,
    /// Check plans as issued.
    pub issued: Option<bool>,
    /// English messages.
    pub english: Option<bool>,
    /// Selectors of rules to skip (ids, families, `ALL`).
    pub ignore: Vec<String>,
    /// Selectors of the rules to run exclusively.
    pub select: Vec<String>,
    /// Selectors added to the selection.
    pub extend_select: Vec<String>,
    /// Extra rule folders (resolved against the file's folder).
    pub rule_dirs: Vec<PathBuf>,
    /// Use only `rule_dirs`.
    pub no_default_rules: bool,
    /// Severity per rule id.
    pub severity: BTreeMap<String, Severity>,
    /// Paths not to check.
    pub exclude: Matcher,
    /// Output format when `--format` is not given.
    pub output_format: Option<Format>,
    /// Baseline file (resolved against the file's folder).
    pub baseline: Option<PathBuf>,
    /// Findings shown per rule and file in the human format.
    pub max_per_rule: Option<usize>,
    /// Per-path settings, in file order (later ones win).
    pub overrides: Vec<Override>,
}

/// Globs matched against paths relative to the configuration's folder.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    /// The globs as written.
    pub patterns: Vec<String>,
    set: Option<GlobSet>,
}

impl Matcher {
    /// Compiles `patterns`; an error names the pattern.
    pub fn new(patterns: Vec<String>) -> Result<Matcher, String> {
        if patterns.is_empty() {
            return Ok(Matcher::default());
        }
        let mut b = GlobSetBuilder::new();
        for p in &patterns {
            let glob = Glob::new(p).map_err(|e| format!("glob \"{p}\": {}", e.kind()))?;
            b.add(glob);
        }
        let set = b.build().map_err(|e| e.to_string())?;
        Ok(Matcher {
            patterns,
            set: Some(set),
        })
    }

    /// True when `relative` or one of its parent folders matches.
    pub fn matches(&self, relative: &Path) -> bool {
        let Some(set) = &self.set else {
            return false;
        };
        relative
            .ancestors()
            .any(|a| !a.as_os_str().is_empty() && set.is_match(a))
    }
}

/// Settings for the paths matching `files`.
#[derive(Debug, Clone, Default)]
pub struct Override {
    /// Which files.
    pub files: Matcher,
    /// Selectors to skip, added to the file's.
    pub ignore: Vec<String>,
    /// Selectors that replace the selection.
    pub select: Option<Vec<String>>,
    /// Selectors added to the selection.
    pub extend_select: Vec<String>,
    /// Severities, merged over the file's.
    pub severity: BTreeMap<String, Severity>,
    /// Forced document system.
    pub system: Option<System>,
    /// Check as issued.
    pub issued: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    system: Option<String>,
    #[serde(default, rename = "type")]
    doc_type: Option<String>,
    #[serde(default)]
    issued: Option<bool>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    select: Vec<String>,
    #[serde(default, rename = "extend-select")]
    extend_select: Vec<String>,
    #[serde(default)]
    rules: Vec<PathBuf>,
    #[serde(default)]
    no_default_rules: bool,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default, rename = "output-format")]
    output_format: Option<String>,
    #[serde(default)]
    baseline: Option<PathBuf>,
    #[serde(default, rename = "max-per-rule")]
    max_per_rule: Option<usize>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    files: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    select: Option<Vec<String>>,
    #[serde(default, rename = "extend-select")]
    extend_select: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    system: Option<String>,
    #[serde(default)]
    issued: Option<bool>,
}

/// Finds `vblint.toml` in `start` or its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// The valid name closest to `word`, when one is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn unknown_key(name: &str, key: &str, valid: &[&str]) -> String {
    match closest(key, valid.iter().copied()) {
        Some(c) => format!("{name}: unknown key `{key}` (did you mean `{c}`?)"),
        None => format!(
            "{name}: unknown key `{key}` (valid keys: {})",
            valid.join(", ")
        ),
    }
}

fn parse_system(name: &str, s: Option<&str>) -> Result<Option<System>, String> {
    match s {
        None => Ok(None),
        Some(s) => System::from_id(s)
            .map(Some)
            .ok_or_else(|| format!("{name}: system = \"{s}\" (expected state, party or youth)")),
    }
}

fn parse_severities(
    name: &str,
    raw: BTreeMap<String, String>,
) -> Result<BTreeMap<String, Severity>, String> {
    let mut severity = BTreeMap::new();
    for (id, s) in raw {
        let level = Severity::parse(&s).ok_or_else(|| {
            format!("{name}: severity of `{id}` is \"{s}\" (expected error, warning or info)")
        })?;
        severity.insert(id, level);
    }
    Ok(severity)
}

/// Reads and validates a configuration file. Errors are one line naming the file.
pub fn load(path: &Path) -> Result<Config, String> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let first_error = |e: toml::de::Error| {
        let detail = e.message().replace('\n', " ");
        match e.span() {
            Some(span) => {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                format!("{name}:{line}: {detail}")
            }
            None => format!("{name}: {detail}"),
        }
    };
    // Check the keys first, so an unknown one is named with the closest valid key.
    let table: toml::Table = toml::from_str(&text).map_err(first_error)?;
    for key in table.keys() {
        if !KEYS.contains(&key.as_str()) {
            return Err(unknown_key(&name.to_string(), key, KEYS));
        }
    }
    if let Some(toml::Value::Array(items)) = table.get("overrides") {
        for item in items {
            if let toml::Value::Table(t) = item {
                for key in t.keys() {
                    if !OVERRIDE_KEYS.contains(&key.as_str()) {
                        return Err(unknown_key(
                            &format!("{name} [[overrides]]"),
                            key,
                            OVERRIDE_KEYS,
                        ));
                    }
                }
            }
        }
    }
    let raw: Raw = toml::from_str(&text).map_err(first_error)?;
    let name = name.to_string();
    let system = parse_system(&name, raw.system.as_deref())?;
    if let Some(t) = &raw.doc_type {
        if crate::parse::doctype::by_id(t).is_none() {
            let ids: Vec<&str> = crate::parse::doctype::TYPES.iter().map(|t| t.id).collect();
            return Err(format!(
                "{name}: type = \"{t}\" (expected one of: {})",
                ids.join(", ")
            ));
        }
    }
    let english = match raw.lang.as_deref() {
        None => None,
        Some("vi") => Some(false),
        Some("en") => Some(true),
        Some(other) => return Err(format!("{name}: lang = \"{other}\" (expected vi or en)")),
    };
    let output_format = match raw.output_format.as_deref() {
        None => None,
        Some(f) => Some(Format::parse(f).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|(n, _)| *n).collect();
            format!(
                "{name}: output-format = \"{f}\" (expected one of {})",
                names.join(", ")
            )
        })?),
    };
    let severity = parse_severities(&name, raw.severity)?;
    let exclude = Matcher::new(raw.exclude).map_err(|e| format!("{name}: exclude: {e}"))?;
    let mut overrides = Vec::new();
    for o in raw.overrides {
        overrides.push(Override {
            files: Matcher::new(o.files)
                .map_err(|e| format!("{name}: [[overrides]] files: {e}"))?,
            ignore: o.ignore,
            select: o.select,
            extend_select: o.extend_select,
            severity: parse_severities(&name, o.severity)?,
            system: parse_system(&name, o.system.as_deref())?,
            issued: o.issued,
        });
    }
    let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let base = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    Ok(Config {
        path: Some(path.to_path_buf()),
        system,
        doc_type: raw.doc_type,
        issued: raw.issued,
        english,
        ignore: raw.ignore,
        select: raw.select,
        extend_select: raw.extend_select,
        rule_dirs: raw.rules.into_iter().map(|d| base.join(d)).collect(),
        no_default_rules: raw.no_default_rules,
        severity,
        exclude,
        output_format,
        baseline: raw.baseline.map(|b| base.join(b)),
        max_per_rule: raw.max_per_rule,
        overrides,
        dir: base,
    })
}

/// The commented starter file `vblint init` writes.
pub const STARTER: &str = include_str!("starter.toml");

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("vblint-config-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(FILE_NAME);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn reads_every_key() {
        let p = write(
            "full",
            "system = \"party\"\nissued = true\nlang = \"en\"\nignore = [\"a-b\"]\nrules = [\"r\"]\n[severity]\nreporting-vague = \"error\"\n",
        );
        let c = load(&p).unwrap();
        assert_eq!(c.system, Some(System::Party));
        assert_eq!(c.issued, Some(true));
        assert_eq!(c.english, Some(true));
        assert_eq!(c.ignore, ["a-b"]);
        assert_eq!(c.rule_dirs, [p.parent().unwrap().join("r")]);
        assert_eq!(c.severity.get("reporting-vague"), Some(&Severity::Error));
        assert_eq!(
            discover(p.parent().unwrap()),
            Some(p.canonicalize().unwrap())
        );
    }

    #[test]
    fn rejects_unknown_keys_and_values() {
        let e = load(&write("bad-key", "sytem = \"party\"\n")).unwrap_err();
        assert!(
            e.contains(FILE_NAME) && e.contains("sytem") && e.contains("`system`"),
            "{e}"
        );
        let e = load(&write("bad-glob", "exclude = [\"a[\"]\n")).unwrap_err();
        assert!(e.contains("a["), "{e}");
        let e = load(&write(
            "bad-override",
            "[[overrides]]\nfiles = [\"x/**\"]\nignor = []\n",
        ))
        .unwrap_err();
        assert!(e.contains("overrides") && e.contains("`ignore`"), "{e}");
        let e = load(&write("bad-system", "system = \"city\"\n")).unwrap_err();
        assert!(e.contains("city"), "{e}");
        let e = load(&write("bad-sev", "[severity]\nx = \"fatal\"\n")).unwrap_err();
        assert!(e.contains("fatal"), "{e}");
    }
}
