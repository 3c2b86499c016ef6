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
//! [severity]
//! reporting-vague = "error"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::check::Severity;
use crate::parse::System;

/// The name vblint looks for.
pub const FILE_NAME: &str = "vblint.toml";

/// A loaded configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where it was read from.
    pub path: Option<PathBuf>,
    /// Forced document system.
    pub system: Option<System>,
    /// Forced document type (`type = "ke-hoach"`), an id of `parse::doctype::TYPES`.
    pub doc_type: Option<String>,
    /// Check plans as issued.
    pub issued: Option<bool>,
    /// English messages.
    pub english: Option<bool>,
    /// Rule ids to skip.
    pub ignore: Vec<String>,
    /// Rule ids to run exclusively.
    pub select: Vec<String>,
    /// Extra rule folders (resolved against the file's folder).
    pub rule_dirs: Vec<PathBuf>,
    /// Use only `rule_dirs`.
    pub no_default_rules: bool,
    /// Severity per rule id.
    pub severity: BTreeMap<String, Severity>,
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
    #[serde(default)]
    rules: Vec<PathBuf>,
    #[serde(default)]
    no_default_rules: bool,
    #[serde(default)]
    severity: BTreeMap<String, String>,
}

/// Finds `vblint.toml` in `start` or its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Reads and validates a configuration file. Errors are one line naming the file.
pub fn load(path: &Path) -> Result<Config, String> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let raw: Raw = toml::from_str(&text).map_err(|e| {
        let first = e
            .to_string()
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .to_string();
        let detail = e.message().replace('\n', " ");
        format!("{name}: {first} {detail}").trim().to_string()
    })?;
    let system =
        match raw.system.as_deref() {
            None => None,
            Some(s) => Some(System::from_id(s).ok_or_else(|| {
                format!("{name}: system = \"{s}\" (expected state, party or youth)")
            })?),
        };
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
    let mut severity = BTreeMap::new();
    for (id, s) in raw.severity {
        let level = Severity::parse(&s).ok_or_else(|| {
            format!("{name}: severity of `{id}` is \"{s}\" (expected error, warning or info)")
        })?;
        severity.insert(id, level);
    }
    let base = path.parent().unwrap_or(Path::new("."));
    Ok(Config {
        path: Some(path.to_path_buf()),
        system,
        doc_type: raw.doc_type,
        issued: raw.issued,
        english,
        ignore: raw.ignore,
        select: raw.select,
        rule_dirs: raw.rules.into_iter().map(|d| base.join(d)).collect(),
        no_default_rules: raw.no_default_rules,
        severity,
    })
}

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
        assert!(e.contains(FILE_NAME) && e.contains("sytem"), "{e}");
        let e = load(&write("bad-system", "system = \"city\"\n")).unwrap_err();
        assert!(e.contains("city"), "{e}");
        let e = load(&write("bad-sev", "[severity]\nx = \"fatal\"\n")).unwrap_err();
        assert!(e.contains("fatal"), "{e}");
    }
}
