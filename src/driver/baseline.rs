//! The baseline: findings a repository has accepted, recorded with `--write-baseline` and hidden
//! with `--baseline`.
//!
//! An entry is keyed by the file's path (relative to the baseline file's folder), the rule, the
//! section path and the finding's fingerprint (the offending text, normalised), never by line:
//! an accepted finding stays accepted when the plan is edited elsewhere, and comes back when its
//! own text changes. Entries that match nothing in the files checked are reported as stale.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::report::{Finding, Stale};

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The file, relative to the baseline's folder, with `/`.
    pub path: String,
    /// The rule.
    pub rule: String,
    /// The section path, if in the body.
    pub section: Option<String>,
    /// The finding's fingerprint.
    pub fingerprint: String,
}

impl Entry {
    /// The entry for finding `f` of the file shown as `path`.
    pub fn of(path: &str, f: &Finding) -> Entry {
        Entry {
            path: path.to_string(),
            rule: f.rule().to_string(),
            section: f.diagnostic.section.clone(),
            fingerprint: f.fingerprint.clone(),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    entries: Vec<Entry>,
}

/// A loaded baseline, consumed as findings match it.
#[derive(Debug)]
pub struct Baseline {
    dir: PathBuf,
    remaining: BTreeMap<Entry, usize>,
    checked: BTreeSet<String>,
}

/// The key path of `path` for a baseline in `dir`.
fn key(dir: &Path, path: &str) -> String {
    super::relative_to(Path::new(path), dir)
        .to_string_lossy()
        .replace('\\', "/")
}

impl Baseline {
    /// Reads a baseline. A missing or corrupt file is an error naming it.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let name = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
        let file: File = serde_json::from_str(&text)
            .map_err(|e| format!("{name}: not a vblint baseline: {e}"))?;
        if file.version != 1 {
            return Err(format!(
                "{name}: baseline version {} is not supported (expected 1)",
                file.version
            ));
        }
        let mut remaining = BTreeMap::new();
        for e in file.entries {
            *remaining.entry(e).or_default() += 1;
        }
        Ok(Baseline {
            dir: baseline_dir(path),
            remaining,
            checked: BTreeSet::new(),
        })
    }

    /// True (and the entry is used up) when `f` of the file shown as `path` is in the baseline.
    pub fn take(&mut self, path: &str, f: &Finding) -> bool {
        let mut entry = Entry::of(path, f);
        entry.path = key(&self.dir, path);
        self.checked.insert(entry.path.clone());
        match self.remaining.get_mut(&entry) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    /// Marks the file shown as `path` as checked, so its unmatched entries count as stale.
    pub fn saw(&mut self, path: &str) {
        self.checked.insert(key(&self.dir, path));
    }

    /// Entries of the files checked that matched no finding.
    pub fn stale(&self) -> Vec<Stale> {
        self.remaining
            .iter()
            .filter(|(e, n)| **n > 0 && self.checked.contains(&e.path))
            .map(|(e, _)| Stale {
                path: e.path.clone(),
                rule: e.rule.clone(),
                section: e.section.clone(),
            })
            .collect()
    }
}

fn baseline_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `entries` (paths as shown) as the baseline at `path`, atomically: a temporary file in
/// the same folder, then a rename.
pub fn write(path: &Path, entries: Vec<Entry>) -> Result<(), String> {
    let dir = baseline_dir(path);
    let mut entries: Vec<Entry> = entries
        .into_iter()
        .map(|mut e| {
            e.path = key(&dir, &e.path);
            e
        })
        .collect();
    entries.sort();
    let text = serde_json::to_string_pretty(&File {
        version: 1,
        entries,
    })
    .map_err(|e| e.to_string())?;
    crate::driver::write_atomically(path, format!("{text}\n").as_bytes())
}
