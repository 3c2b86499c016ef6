//! The driver shared by every command that reads plans (check, annotate, fix, serve): walking
//! the paths, finding each file's configuration, loading rules, checking files in parallel and
//! handing results back in path order.
//!
//! A run has two phases. [`Driver::plan`] walks the paths and resolves every file's
//! configuration and rule selection before anything is checked, so a broken `vblint.toml` or an
//! unknown selector stops the run with nothing written. [`Driver::for_each`] then checks the
//! files on worker threads and passes each result to the caller in path order as soon as it and
//! every earlier file are done (a reorder buffer). Workers stay at most a small window ahead of
//! the oldest unfinished file and each document is dropped once its result is made, so memory
//! stays flat however many files a run checks.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use crate::check::{self, CheckOptions, Diagnostic, RuleError, RuleSet, Severity};
use crate::config::{self, Config};
use crate::extract::{self, ExtractError, MAX_INPUT_BYTES};
use crate::parse::{self, Document, ParseOptions, System};
use crate::report::{Checked, FileResult, RuleMeta, RunEnd, Skipped, Summary};

pub mod baseline;
pub mod suppress;

/// Where configuration comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ConfigChoice {
    /// The nearest `vblint.toml` above each file.
    #[default]
    Discover,
    /// One file for every checked file (`--config`).
    File(PathBuf),
    /// No configuration (`--isolated`).
    Isolated,
}

/// Settings from the command line; they win over every configuration file.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// Check as issued plans.
    pub issued: bool,
    /// Forced document system.
    pub system: Option<System>,
    /// Forced document type (an id of `parse::doctype::TYPES`).
    pub doc_type: Option<String>,
    /// Selectors that replace the configured selection.
    pub select: Vec<String>,
    /// Selectors added to the selection.
    pub extend_select: Vec<String>,
    /// Selectors to skip.
    pub ignore: Vec<String>,
    /// Extra rule folders.
    pub rule_dirs: Vec<PathBuf>,
    /// Only the rules of the rule folders.
    pub no_default_rules: bool,
    /// Language (`Some(true)` for English).
    pub english: Option<bool>,
}

/// What to check and how.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Files and folders; `-` is standard input; empty means the current folder.
    pub paths: Vec<PathBuf>,
    /// The name standard input stands for (decides .docx or .txt, and the configuration).
    pub stdin_filename: Option<String>,
    /// Configuration source.
    pub config: ConfigChoice,
    /// Command-line settings.
    pub flags: Flags,
    /// Findings below this severity are hidden.
    pub min_severity: Option<Severity>,
    /// Baseline to hide accepted findings (overrides the configuration's).
    pub baseline: Option<PathBuf>,
    /// Record the findings of this run as a baseline.
    pub write_baseline: Option<PathBuf>,
    /// Skip the copies vblint writes (`X.vblint.docx`, `X.fixed.txt`) when walking folders, so
    /// annotating or fixing a folder twice does not work on its own output.
    pub skip_outputs: bool,
}

/// What a command that writes files (annotate, fix) printed, and its exit code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Response {
    /// For standard output.
    pub stdout: String,
    /// For standard error.
    pub stderr: String,
    /// The process exit code.
    pub code: u8,
}

/// The configuration and rules in force for a group of files.
#[derive(Debug)]
pub struct Profile {
    /// The configuration (default when none).
    pub config: Config,
    /// Its rules.
    pub rules: Arc<RuleSet>,
}

/// One thing to check.
#[derive(Debug, Clone)]
pub struct Target {
    /// The path as shown in output.
    pub path: String,
    /// Where to read it from.
    pub source: Input,
    /// Options for checking it (rule selection already resolved).
    pub options: Arc<CheckOptions>,
    /// Parse options.
    pub parse: ParseOptions,
    /// The rules.
    pub rules: Arc<RuleSet>,
}

/// Where a target's bytes come from.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file.
    File(PathBuf),
    /// Bytes already read: standard input, or an upload to `vblint serve`.
    Bytes(Arc<Vec<u8>>),
    /// A path that does not exist.
    Missing,
}

/// The files of a run, in path order, and what was skipped.
#[derive(Debug, Default)]
pub struct Plan {
    /// What to check.
    pub targets: Vec<Target>,
    /// Files seen in folders that vblint does not read.
    pub skipped: Vec<Skipped>,
    /// Paths given on the command line that held no plan.
    pub empty_paths: Vec<PathBuf>,
}

impl Plan {
    /// For `-o` (one output file): the usage error when the run does not hold exactly one file.
    pub fn single_output(&self, english: bool) -> Result<(), Response> {
        if self.targets.len() == 1 && self.empty_paths.is_empty() {
            return Ok(());
        }
        Err(failure(if english {
            "-o names one output, so give exactly one input file"
        } else {
            "-o chỉ dùng với đúng một tệp đầu vào"
        }))
    }
}

/// A file checked, with its document, before it becomes a [`FileResult`].
pub struct Outcome<'a> {
    /// The target.
    pub target: &'a Target,
    /// The plan and its findings (suppressions applied), or why it could not be read.
    pub result: Result<(Document, Vec<Diagnostic>), ExtractError>,
    /// Findings hidden by an inline suppression.
    pub suppressed: usize,
}

/// The driver of one run.
pub struct Driver {
    request: Request,
    english: bool,
    root: Option<Config>,
    profiles: HashMap<Option<PathBuf>, Arc<Profile>>,
    rule_sets: HashMap<(bool, Vec<PathBuf>), Arc<RuleSet>>,
    dir_configs: HashMap<PathBuf, Option<PathBuf>>,
    catalog: BTreeMap<String, RuleMeta>,
}

/// File extensions vblint reads (`.doc` is listed so it gets its clear error).
const READ: &[&str] = &["docx", "txt", "doc"];
/// Document kinds vblint does not read, counted as skipped when found in a folder.
const OTHER_DOCUMENTS: &[&str] = &["pdf", "odt", "rtf", "fodt", "ott", "docm", "dotx", "wps"];

impl Driver {
    /// Loads the configuration of the current folder (or `--config`), which decides the run's
    /// language, output format and baseline. An error is one line naming the file.
    pub fn new(request: Request) -> Result<Driver, String> {
        let root = match &request.config {
            ConfigChoice::Isolated => None,
            ConfigChoice::File(p) => Some(config::load(p)?),
            ConfigChoice::Discover => match std::env::current_dir()
                .ok()
                .and_then(|d| config::discover(&d))
            {
                Some(p) => Some(config::load(&p)?),
                None => None,
            },
        };
        let english = request
            .flags
            .english
            .or(root.as_ref().and_then(|c| c.english))
            .unwrap_or(false);
        Ok(Driver {
            request,
            english,
            root,
            profiles: HashMap::new(),
            rule_sets: HashMap::new(),
            dir_configs: HashMap::new(),
            catalog: BTreeMap::new(),
        })
    }

    /// True when output is in English.
    pub fn english(&self) -> bool {
        self.english
    }

    /// The configuration of the current folder (or `--config`), if any.
    pub fn root_config(&self) -> Option<&Config> {
        self.root.as_ref()
    }

    /// The baseline in force: `--baseline`, else the configuration's.
    pub fn baseline_path(&self) -> Option<PathBuf> {
        self.request
            .baseline
            .clone()
            .or_else(|| self.root.as_ref().and_then(|c| c.baseline.clone()))
    }

    /// The rule set of the current folder's configuration (for `rules` and `explain`).
    pub fn root_rules(&mut self) -> Result<Arc<RuleSet>, String> {
        let path = match &self.request.config {
            ConfigChoice::Isolated => None,
            _ => self.root.as_ref().and_then(|c| c.path.clone()),
        };
        Ok(self.profile(path)?.rules.clone())
    }

    fn rule_error(&self, errors: &[RuleError]) -> String {
        let word = if self.english {
            "rule file"
        } else {
            "tệp quy tắc"
        };
        errors
            .iter()
            .map(|e| format!("{word} {e}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn rules_for(&mut self, config: &Config) -> Result<Arc<RuleSet>, String> {
        let flags = &self.request.flags;
        let no_default = flags.no_default_rules || config.no_default_rules;
        let dirs: Vec<PathBuf> = config
            .rule_dirs
            .iter()
            .chain(&flags.rule_dirs)
            .cloned()
            .collect();
        let key = (no_default, dirs.clone());
        if let Some(set) = self.rule_sets.get(&key) {
            return Ok(set.clone());
        }
        let embedded = if no_default {
            None
        } else {
            let base = (false, Vec::new());
            match self.rule_sets.get(&base) {
                Some(s) => Some(s.clone()),
                None => {
                    let s = RuleSet::embedded().map_err(|e| self.rule_error(&e))?;
                    let s = Arc::new(s);
                    self.rule_sets.insert(base, s.clone());
                    Some(s)
                }
            }
        };
        // The embedded set alone is shared as it is; a copy is made only to add folders to it.
        let set = match embedded {
            Some(set) if dirs.is_empty() => set,
            embedded => {
                let mut set = embedded.map(|s| (*s).clone()).unwrap_or_default();
                for dir in &dirs {
                    set.add_dir(dir).map_err(|e| self.rule_error(&e))?;
                }
                Arc::new(set)
            }
        };
        for r in set.rules() {
            self.catalog
                .entry(r.id.clone())
                .or_insert_with(|| RuleMeta::of(r, self.english));
        }
        self.rule_sets.insert(key, set.clone());
        Ok(set)
    }

    fn profile(&mut self, path: Option<PathBuf>) -> Result<Arc<Profile>, String> {
        if let Some(p) = self.profiles.get(&path) {
            return Ok(p.clone());
        }
        let config = match &path {
            None => Config::default(),
            Some(p) => match &self.root {
                Some(root) if root.path.as_ref() == Some(p) => root.clone(),
                _ => config::load(p)?,
            },
        };
        let rules = self.rules_for(&config)?;
        let profile = Arc::new(Profile { config, rules });
        self.profiles.insert(path, profile.clone());
        Ok(profile)
    }

    /// The configuration file governing files in `dir`.
    fn config_path_for(&mut self, dir: &Path) -> Option<PathBuf> {
        match &self.request.config {
            ConfigChoice::Isolated => None,
            ConfigChoice::File(p) => Some(p.clone()),
            ConfigChoice::Discover => {
                let dir = if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                };
                if let Some(found) = self.dir_configs.get(dir) {
                    return found.clone();
                }
                let found = config::discover(dir);
                self.dir_configs.insert(dir.to_path_buf(), found.clone());
                found
            }
        }
    }

    fn profile_for(&mut self, file: &Path) -> Result<Arc<Profile>, String> {
        let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
        let path = self.config_path_for(&dir);
        // The root configuration was loaded under the path discovery returns; reuse it.
        let path = match (&path, &self.root) {
            (Some(p), Some(root)) if root.path.as_ref().is_some_and(|r| same_file(r, p)) => {
                root.path.clone()
            }
            _ => path,
        };
        self.profile(path)
    }

    /// Resolves the options of `file` under `profile`: the configuration, its overrides that
    /// match the file, then the command line.
    fn options_for(
        &self,
        file: &Path,
        profile: &Profile,
    ) -> Result<(CheckOptions, ParseOptions), String> {
        let config = &profile.config;
        let flags = &self.request.flags;
        let origin = config
            .path
            .as_ref()
            .map(|p| format!("{}: ", p.display()))
            .unwrap_or_default();
        let relative = relative_to(file, &config.dir);
        let mut select = config.select.clone();
        let mut extend = config.extend_select.clone();
        let mut ignore = config.ignore.clone();
        let mut severity = config.severity.clone();
        let mut system = config.system;
        let mut issued = config.issued;
        for o in config
            .overrides
            .iter()
            .filter(|o| o.files.matches(&relative))
        {
            if let Some(s) = &o.select {
                select = s.clone();
            }
            extend.extend(o.extend_select.iter().cloned());
            ignore.extend(o.ignore.iter().cloned());
            severity.extend(o.severity.iter().map(|(k, v)| (k.clone(), *v)));
            system = o.system.or(system);
            issued = o.issued.or(issued);
        }
        let rules = &profile.rules;
        let resolve = |selectors: &[String], from_flags: bool| {
            resolve_selectors(selectors, rules).map_err(|e| {
                if from_flags {
                    e.message(self.english)
                } else {
                    format!("{origin}{}", e.message(self.english))
                }
            })
        };
        let all: BTreeSet<String> = rules.rules().map(|r| r.id.clone()).collect();
        let mut enabled = if !flags.select.is_empty() {
            resolve(&flags.select, true)?
        } else if !select.is_empty() {
            resolve(&select, false)?
        } else {
            all.clone()
        };
        // An opt-in rule runs only when some selection names it by its id.
        let named = |id: &str| {
            [&flags.select[..], &select, &extend, &flags.extend_select]
                .iter()
                .any(|list| list.iter().any(|s| s == id))
        };
        enabled.retain(|id| !rules.get(id).is_some_and(|r| r.opt_in) || named(id));
        let extended = resolve(&extend, false)?
            .into_iter()
            .chain(resolve(&flags.extend_select, true)?);
        enabled.extend(extended.filter(|id| !rules.get(id).is_some_and(|r| r.opt_in) || named(id)));
        for id in resolve(&ignore, false)?
            .iter()
            .chain(&resolve(&flags.ignore, true)?)
        {
            enabled.remove(id);
        }
        for id in severity.keys() {
            if rules.get(id).is_none() {
                return Err(format!(
                    "{origin}{}",
                    SelectorError::unknown(id, rules).message(self.english)
                ));
            }
        }
        let options = CheckOptions {
            english: self.english,
            issued: flags.issued || issued.unwrap_or(false),
            ignore: all.difference(&enabled).cloned().collect(),
            select: Vec::new(),
            severity,
        };
        let parse = ParseOptions {
            system: flags.system.or(system),
            doc_type: flags.doc_type.clone().or(config.doc_type.clone()),
        };
        Ok((options, parse))
    }

    fn target(&mut self, path: &Path, source: Input) -> Result<Target, String> {
        let profile = self.profile_for(path)?;
        let (options, parse) = self.options_for(path, &profile)?;
        Ok(Target {
            path: display_path(path),
            source,
            options: Arc::new(options),
            parse,
            rules: profile.rules.clone(),
        })
    }

    /// Walks the paths and resolves every file's configuration. Errors (a broken
    /// configuration, an unknown selector, a bad rule folder) are one line each.
    pub fn plan(&mut self) -> Result<Plan, String> {
        let mut paths = self.request.paths.clone();
        let implicit = paths.is_empty();
        if implicit {
            paths.push(PathBuf::from("."));
        }
        let mut plan = Plan::default();
        let mut files: BTreeMap<String, Target> = BTreeMap::new();
        // An invalid command-line selector is reported even when no file is found.
        self.validate()?;
        let english = self.english;
        for p in &paths {
            if p.as_os_str() == "-" {
                let name = self
                    .request
                    .stdin_filename
                    .clone()
                    .unwrap_or_else(|| "-".to_string());
                let mut bytes = Vec::new();
                let mut handle = io::stdin().lock().take(MAX_INPUT_BYTES + 1);
                handle
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("-: {e}"))?;
                let config_anchor = if name == "-" {
                    PathBuf::from("stdin")
                } else {
                    PathBuf::from(&name)
                };
                let mut t = self.target(&config_anchor, Input::Bytes(Arc::new(bytes)))?;
                t.path = name;
                files.insert(t.path.clone(), t);
            } else if p.is_dir() {
                let before = files.len();
                for entry in walk(p) {
                    let name = entry
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let ext = entry
                        .extension()
                        .map(|e| e.to_string_lossy().to_ascii_lowercase())
                        .unwrap_or_default();
                    if name.starts_with("~$")
                        || (self.request.skip_outputs && is_output_copy(&entry))
                    {
                        continue;
                    }
                    let readable = READ.contains(&ext.as_str());
                    let other = OTHER_DOCUMENTS.contains(&ext.as_str());
                    if !readable && !other {
                        continue;
                    }
                    if self.excluded(&entry)? {
                        continue;
                    }
                    if other {
                        plan.skipped.push(Skipped {
                            path: display_path(&entry),
                            reason: skip_reason(&ext, english),
                        });
                        continue;
                    }
                    let t = self.target(&entry, Input::File(entry.clone()))?;
                    files.insert(t.path.clone(), t);
                }
                if files.len() == before {
                    plan.empty_paths.push(p.clone());
                }
            } else if p.exists() {
                if self.excluded(p)? {
                    plan.skipped.push(Skipped {
                        path: display_path(p),
                        reason: if english {
                            "excluded by the configuration".into()
                        } else {
                            "bị loại trừ theo cấu hình (exclude)".into()
                        },
                    });
                    continue;
                }
                let t = self.target(p, Input::File(p.clone()))?;
                files.insert(t.path.clone(), t);
            } else {
                let mut t = self.target(p, Input::Missing)?;
                t.path = display_path(p);
                files.insert(t.path.clone(), t);
            }
        }
        if implicit && !plan.empty_paths.is_empty() {
            // The current folder was not named by the user: saying so is enough.
            plan.empty_paths.clear();
            if files.is_empty() {
                eprintln!("{}", no_plan_message(Path::new("."), english));
            }
        }
        plan.targets = files.into_values().collect();
        Ok(plan)
    }

    /// Loads the current folder's configuration and rules and resolves its selectors, so a
    /// command that takes files later (`serve`) stops at once on a bad configuration.
    pub fn validate(&mut self) -> Result<(), String> {
        let root_path = self.root.as_ref().and_then(|c| c.path.clone());
        let root_profile = self.profile(root_path)?;
        self.options_for(Path::new("."), &root_profile)?;
        Ok(())
    }

    /// A target for bytes that arrived under `name` (an upload): configured as a file of that
    /// name in the current folder, so `[[overrides]]` matching the name apply.
    pub fn target_for_bytes(&mut self, name: &str, bytes: Vec<u8>) -> Result<Target, String> {
        let mut t = self.target(Path::new(name), Input::Bytes(Arc::new(bytes)))?;
        t.path = name.to_string();
        Ok(t)
    }

    fn excluded(&mut self, file: &Path) -> Result<bool, String> {
        let profile = self.profile_for(file)?;
        let relative = relative_to(file, &profile.config.dir);
        Ok(profile.config.exclude.matches(&relative))
    }

    /// Every loaded rule by id, for formats that describe the rules.
    pub fn catalog(&self) -> &BTreeMap<String, RuleMeta> {
        &self.catalog
    }

    /// Checks the targets on worker threads; `map` turns each outcome into a value on the
    /// worker (where the document is dropped), and `sink` receives the values in path order.
    /// An error from `sink` (a closed pipe) stops the run and is returned.
    pub fn for_each<T, M, S>(&self, targets: &[Target], map: M, sink: S) -> io::Result<()>
    where
        T: Send,
        M: Fn(Outcome) -> T + Sync,
        S: FnMut(usize, T) -> io::Result<()>,
    {
        let english = self.english;
        self.for_each_with(targets, |t| map(check_target(t, english)), sink)
    }

    /// Runs `work` on every target on worker threads (each file's own job: checking, fixing,
    /// annotating) and passes the values to `sink` in path order; see [`for_each_target`].
    pub fn for_each_with<T, W, S>(&self, targets: &[Target], work: W, sink: S) -> io::Result<()>
    where
        T: Send,
        W: Fn(&Target) -> T + Sync,
        S: FnMut(usize, T) -> io::Result<()>,
    {
        for_each_target(targets, work, sink)
    }

    /// `check --format html`: one page holding every plan's text (so the documents are kept
    /// until the page is written), and the run's exit code.
    pub fn html(&self, plan: &Plan) -> io::Result<(String, u8)> {
        let mut reports = Vec::new();
        let rules = plan
            .targets
            .first()
            .map(|t| (*t.rules).clone())
            .unwrap_or_default();
        self.for_each(
            &plan.targets,
            |o| crate::report::FileReport {
                path: o.target.path.clone(),
                outcome: o.result,
            },
            |_, r| {
                reports.push(r);
                Ok(())
            },
        )?;
        let code = Summary::of(&reports).exit_code() as u8;
        Ok((crate::report::html(&reports, &rules, self.english), code))
    }

    /// Runs `check`: checks every target, applies the baseline and `--min-severity`, and passes
    /// each file's result to `emit` in path order. Returns the end of the run.
    pub fn run(
        &self,
        plan: Plan,
        progress: bool,
        emit: &mut dyn FnMut(&FileResult) -> io::Result<()>,
    ) -> io::Result<RunEnd> {
        let mut summary = Summary {
            skipped: plan.skipped.clone(),
            ..Summary::default()
        };
        // Writing a baseline for the first time: the configured one may not exist yet.
        let writing_new = |p: &Path| self.request.write_baseline.is_some() && !p.exists();
        let mut baseline = match self.baseline_path() {
            Some(p) if !writing_new(&p) => {
                Some(baseline::Baseline::load(&p).map_err(io::Error::other)?)
            }
            _ => None,
        };
        let mut recorded = Vec::new();
        let min = self.request.min_severity.unwrap_or(Severity::Info);
        let bar = progress_bar(plan.targets.len(), progress);
        let targets = &plan.targets;
        let result = self.for_each(
            targets,
            |o| {
                let suppressed = o.suppressed;
                let target = o.target;
                let result = FileResult {
                    path: target.path.clone(),
                    outcome: o.result.and_then(|(doc, diags)| {
                        let rules_run = target
                            .rules
                            .rules()
                            .filter(|r| check::runs(r, &doc, &target.options))
                            .map(|r| r.id.clone())
                            .collect();
                        // A bug in rendering one file's findings must not stop the others.
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            Checked::new(&doc, diags, rules_run)
                        }))
                        .map_err(|_| internal_error())
                    }),
                };
                (result, suppressed)
            },
            |i, (mut result, suppressed)| {
                summary.suppressed += suppressed;
                if let Some(b) = &mut baseline {
                    b.saw(&targets[i].path);
                }
                if let Ok(checked) = &mut result.outcome {
                    if self.request.write_baseline.is_some() {
                        recorded.extend(
                            checked
                                .findings
                                .iter()
                                .map(|f| baseline::Entry::of(&targets[i].path, f)),
                        );
                    }
                    if let Some(b) = &mut baseline {
                        let before = checked.findings.len();
                        let path = &targets[i].path;
                        checked.findings.retain(|f| !b.take(path, f));
                        summary.baselined += before - checked.findings.len();
                    }
                    let before = checked.findings.len();
                    checked.findings.retain(|f| f.severity() >= min);
                    summary.below_threshold += before - checked.findings.len();
                }
                summary.add(&result);
                if let Some(bar) = &bar {
                    bar.inc(1);
                }
                emit(&result)
            },
        );
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        result?;
        if let Some(b) = &baseline {
            summary.stale = b.stale();
        }
        if let Some(path) = &self.request.write_baseline {
            baseline::write(path, recorded).map_err(io::Error::other)?;
        }
        Ok(RunEnd {
            summary,
            rules: self.catalog.clone(),
        })
    }
}

/// Runs `work` on every target on worker threads and passes the values to `sink` in path order
/// through a reorder buffer. Workers take files at most a small window ahead of the oldest one
/// not yet handed over, so memory stays flat. An error from `sink` (a closed pipe) stops the run
/// and is returned.
pub fn for_each_target<T, W, S>(targets: &[Target], work: W, mut sink: S) -> io::Result<()>
where
    T: Send,
    W: Fn(&Target) -> T + Sync,
    S: FnMut(usize, T) -> io::Result<()>,
{
    let threads = rayon::current_num_threads()
        .max(1)
        .min(targets.len().max(1));
    // Workers take files at most this far ahead of the oldest one not yet handed over.
    let window = threads * 4;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let emitted = Mutex::new(0usize);
    let advanced = Condvar::new();
    let (tx, rx) = std::sync::mpsc::channel::<(usize, T)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop, emitted, advanced, work) = (&next, &stop, &emitted, &advanced, &work);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= targets.len() || stop.load(Ordering::SeqCst) {
                    break;
                }
                {
                    let mut done = emitted.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= *done + window && !stop.load(Ordering::SeqCst) {
                        done = advanced.wait(done).unwrap_or_else(|e| e.into_inner());
                    }
                }
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                if tx.send((i, work(&targets[i]))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, T> = BTreeMap::new();
        let mut expected = 0;
        let mut result = Ok(());
        for (i, value) in rx.iter() {
            pending.insert(i, value);
            while let Some(v) = pending.remove(&expected) {
                if result.is_ok() {
                    result = sink(expected, v);
                }
                expected += 1;
                *emitted.lock().unwrap_or_else(|e| e.into_inner()) = expected;
                advanced.notify_all();
            }
            if result.is_err() {
                stop.store(true, Ordering::SeqCst);
                advanced.notify_all();
                break;
            }
        }
        result
    })
}

/// Files above which a run shows a progress bar: below it a run ends before a bar would help.
pub const PROGRESS_MIN_FILES: usize = 50;

/// Whether a run shows a progress bar on stderr: only for formats people read (`for_people`:
/// never with JSON, SARIF and the other machine formats, whose readers may share the terminal),
/// only when stderr is a terminal, and only for more than [`PROGRESS_MIN_FILES`] files.
pub fn shows_progress(files: usize, for_people: bool, stderr_is_terminal: bool) -> bool {
    for_people && stderr_is_terminal && files > PROGRESS_MIN_FILES
}

fn progress_bar(total: usize, wanted: bool) -> Option<indicatif::ProgressBar> {
    if !shows_progress(total, wanted, io::stderr().is_terminal()) {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    Some(bar)
}

/// Reads, extracts, parses and checks one target, then applies its inline suppressions. A panic
/// anywhere becomes an error for this file only, so one bad file never stops a run.
pub fn check_target(target: &Target, english: bool) -> Outcome<'_> {
    match read_input(target, english) {
        Ok(bytes) => check_bytes(target, Cow::Owned(bytes)),
        Err(e) => Outcome {
            target,
            result: Err(e),
            suppressed: 0,
        },
    }
}

/// The bytes of a target, refusing more than vblint reads.
pub fn read_input(target: &Target, english: bool) -> Result<Vec<u8>, ExtractError> {
    match &target.source {
        Input::File(p) => read_file(p),
        Input::Bytes(b) => {
            if b.len() as u64 > MAX_INPUT_BYTES {
                Err(ExtractError::TooLarge {
                    limit: MAX_INPUT_BYTES,
                })
            } else {
                Ok(b.to_vec())
            }
        }
        Input::Missing => Err(ExtractError::Io(if english {
            "no such file or folder".into()
        } else {
            "không có tệp hoặc thư mục này".into()
        })),
    }
}

/// Extracts, parses and checks a target's bytes (read by the caller, who may need them again:
/// annotate), then applies its suppressions. Owned bytes are dropped once extracted.
pub fn check_bytes<'a>(target: &'a Target, bytes: Cow<'_, [u8]>) -> Outcome<'a> {
    let english = target.options.english;
    let ext = Path::new(&target.path)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let extracted = extract::extract(&bytes, &ext)?;
        drop(bytes);
        let doc = parse::parse(extracted, &target.parse);
        let mut diags = check::check(&doc, &target.rules, &target.options);
        crate::fix::mark_fixable(&doc, &target.rules, &mut diags, false);
        let (diags, suppressed) = suppress::apply(&doc, diags, &target.rules, english);
        Ok((doc, diags, suppressed))
    }))
    .unwrap_or_else(|_| Err(internal_error()));
    match checked {
        Ok((doc, diags, suppressed)) => Outcome {
            target,
            result: Ok((doc, diags)),
            suppressed,
        },
        Err(e) => Outcome {
            target,
            result: Err(e),
            suppressed: 0,
        },
    }
}

/// The error reported for a file whose check hit a bug in vblint (a caught panic).
fn internal_error() -> ExtractError {
    ExtractError::Io("internal error in vblint while checking this file; please report it".into())
}

/// A run that stopped before any file: the message as `error:` lines, exit 2.
pub fn failure(message: &str) -> Response {
    Response {
        stderr: message.lines().map(|l| format!("error: {l}\n")).collect(),
        code: 2,
        ..Response::default()
    }
}

/// The error for standard input given to a command that writes beside its input.
pub fn not_from_stdin(english: bool) -> String {
    if english {
        "this command writes beside its input; give a file, not standard input".into()
    } else {
        "lệnh này ghi tệp cạnh tệp đầu vào; hãy đưa tệp, không dùng đầu vào chuẩn".into()
    }
}

/// True for the copies vblint writes beside an input (`X.vblint.docx`, `X.fixed.txt`).
pub fn is_output_copy(path: &Path) -> bool {
    crate::annotate::is_annotated_copy(path)
        || path
            .file_stem()
            .and_then(|s| Path::new(s).extension())
            .is_some_and(|e| e == "fixed")
}

/// Reads a file, refusing one larger than vblint reads.
pub fn read_file(path: &Path) -> Result<Vec<u8>, ExtractError> {
    let meta = std::fs::metadata(path).map_err(|e| ExtractError::Io(e.to_string()))?;
    if meta.is_dir() {
        return Err(ExtractError::Io("is a folder".into()));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(ExtractError::TooLarge {
            limit: MAX_INPUT_BYTES,
        });
    }
    if meta.len() > crate::limits::MAX_TEXT_FILE_BYTES && !may_be_package(path)? {
        // Read as text it would be refused after reading (`extract`); say so without reading
        // tens of megabytes first.
        return Err(ExtractError::TextTooLarge {
            limit: crate::limits::MAX_TEXT_FILE_BYTES,
        });
    }
    std::fs::read(path).map_err(|e| ExtractError::Io(e.to_string()))
}

/// True when `path` would be read as a package rather than as text: `extract` decides by the
/// first bytes (zip or OLE2 signature), then by the extension.
fn may_be_package(path: &Path) -> Result<bool, ExtractError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ext == "docx" || ext == "doc" {
        return Ok(true);
    }
    let mut head = [0u8; 8];
    let mut file = std::fs::File::open(path).map_err(|e| ExtractError::Io(e.to_string()))?;
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ExtractError::Io(e.to_string())),
        }
    }
    Ok(extract::docx::looks_like_package(&head[..filled]))
}

/// The files under `dir` in path order: `.gitignore` and `.ignore` respected (in a git
/// repository or not), hidden files and folders skipped, symbolic links not followed.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .ignore(true)
        .parents(true)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    walker
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .collect()
}

fn skip_reason(ext: &str, english: bool) -> String {
    if english {
        format!(".{ext} is not read: save the plan as .docx or .txt to check it")
    } else {
        format!("không đọc tệp .{ext}: lưu kế hoạch thành .docx hoặc .txt để kiểm tra")
    }
}

/// The message for a path that holds no plan.
pub fn no_plan_message(path: &Path, english: bool) -> String {
    if english {
        format!(
            "vblint: no plan (.docx, .txt) found in {}",
            display_path(path)
        )
    } else {
        format!(
            "vblint: không tìm thấy kế hoạch (.docx, .txt) nào trong {}",
            display_path(path)
        )
    }
}

fn display_path(p: &Path) -> String {
    let s = p.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// `file` relative to `dir` (both made absolute), else `file` as given.
pub(crate) fn relative_to(file: &Path, dir: &Path) -> PathBuf {
    let abs = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|c| c.join(p))
                .unwrap_or_else(|_| p.to_path_buf())
        }
    };
    let (f, d) = (normalise(&abs(file)), normalise(&abs(dir)));
    let d = d.canonicalize().unwrap_or(d);
    let f = match (f.parent(), f.file_name()) {
        (Some(parent), Some(name)) => parent
            .canonicalize()
            .map(|p| p.join(name))
            .unwrap_or(f.clone()),
        _ => f,
    };
    f.strip_prefix(&d).map(Path::to_path_buf).unwrap_or(f)
}

/// Drops `.` components so prefixes compare.
fn normalise(p: &Path) -> PathBuf {
    p.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// A selector that names no rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorError {
    /// The selector.
    pub selector: String,
    /// The closest valid selector.
    pub closest: Option<String>,
}

impl SelectorError {
    fn unknown(selector: &str, rules: &RuleSet) -> SelectorError {
        let families: BTreeSet<String> = rules.rules().map(check::family).collect();
        let mut candidates: Vec<&str> = rules.rules().map(|r| r.id.as_str()).collect();
        candidates.extend(families.iter().map(String::as_str));
        candidates.push("ALL");
        SelectorError {
            selector: selector.to_string(),
            closest: config::closest(selector, candidates).map(str::to_string),
        }
    }

    /// One line in the run's language.
    pub fn message(&self, english: bool) -> String {
        let hint = match (&self.closest, english) {
            (Some(c), true) => format!(" (did you mean `{c}`?)"),
            (Some(c), false) => format!(" (có phải `{c}`?)"),
            (None, true) => " (`vblint rules` lists them)".to_string(),
            (None, false) => " (xem danh sách bằng `vblint rules`)".to_string(),
        };
        if english {
            format!("unknown rule or family `{}`{hint}", self.selector)
        } else {
            format!(
                "không có quy tắc hay nhóm quy tắc `{}`{hint}",
                self.selector
            )
        }
    }
}

/// The rule ids `selectors` name: `ALL`, a rule id, a family (the folder under `rules/`), or a
/// prefix of ids ending at a hyphen (`header-date` selects `header-date-*`).
pub fn resolve_selectors(
    selectors: &[String],
    rules: &RuleSet,
) -> Result<BTreeSet<String>, SelectorError> {
    let mut out = BTreeSet::new();
    for s in selectors {
        let before = out.len();
        let mut matched = false;
        for r in rules.rules() {
            if s == "ALL"
                || r.id == *s
                || check::family(r) == *s
                || r.id.starts_with(&format!("{s}-"))
            {
                out.insert(r.id.clone());
                matched = true;
            }
        }
        if !matched && out.len() == before {
            return Err(SelectorError::unknown(s, rules));
        }
    }
    Ok(out)
}

/// Writes `bytes` to `path` atomically, replacing it (baselines, `init --force`, rule pages):
/// [`crate::write::write_atomic`], with its error as one line.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::write::write_atomic(path, bytes, true).map_err(|e| e.message(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn missing(n: usize) -> Vec<Target> {
        (0..n)
            .map(|i| Target {
                path: format!("f{i:03}.txt"),
                source: Input::Missing,
                options: Arc::new(CheckOptions::default()),
                parse: ParseOptions::default(),
                rules: Arc::new(RuleSet::default()),
            })
            .collect()
    }

    /// A `.txt` over the text limit is refused from its size alone: the file here is sparse
    /// (50 MB long, no data written), and its first bytes are zeros, so it cannot be a package.
    #[test]
    fn a_large_text_file_is_refused_before_reading() {
        let dir = std::env::temp_dir().join(format!("vblint-large-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.txt");
        std::fs::File::create(&path)
            .unwrap()
            .set_len(50_000_000)
            .unwrap();
        let err = read_file(&path).expect_err("refused");
        assert!(matches!(err, ExtractError::TextTooLarge { .. }), "{err:?}");
        // The same size named `.docx` is read (and judged as a package later).
        let docx = dir.join("big.docx");
        std::fs::rename(&path, &docx).unwrap();
        assert_eq!(read_file(&docx).map(|b| b.len()).ok(), Some(50_000_000));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn results_come_in_path_order_with_a_bounded_window() {
        let driver = Driver::new(Request {
            config: ConfigChoice::Isolated,
            ..Request::default()
        })
        .unwrap();
        let targets = missing(200);
        let in_flight = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let mut seen = Vec::new();
        driver
            .for_each(
                &targets,
                |o| {
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    // Early files are slow, so later ones finish first.
                    let i: usize = o.target.path[1..4].parse().unwrap();
                    std::thread::sleep(std::time::Duration::from_micros(
                        ((200 - i) % 7) as u64 * 300,
                    ));
                    o.target.path.clone()
                },
                |i, path| {
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    assert_eq!(path, targets[i].path);
                    seen.push(i);
                    Ok(())
                },
            )
            .unwrap();
        assert_eq!(seen, (0..200).collect::<Vec<_>>());
        let window = rayon::current_num_threads().max(1) * 4 + rayon::current_num_threads();
        assert!(
            most.load(Ordering::SeqCst) <= window,
            "{most:?} results held at once"
        );
    }

    #[test]
    fn the_progress_bar_is_for_people_on_a_terminal_with_many_files() {
        assert!(shows_progress(51, true, true));
        assert!(shows_progress(10_000, true, true));
        assert!(!shows_progress(50, true, true), "50 files or fewer");
        assert!(!shows_progress(0, true, true));
        assert!(!shows_progress(51, false, true), "machine formats");
        assert!(!shows_progress(51, true, false), "stderr not a terminal");
        assert!(!shows_progress(51, false, false));
    }

    #[test]
    fn a_failing_sink_stops_the_run() {
        let driver = Driver::new(Request {
            config: ConfigChoice::Isolated,
            ..Request::default()
        })
        .unwrap();
        let targets = missing(100);
        let mut calls = 0;
        let r = driver.for_each(
            &targets,
            |_| (),
            |_, ()| {
                calls += 1;
                Err(io::Error::from(io::ErrorKind::BrokenPipe))
            },
        );
        assert!(r.is_err());
        assert_eq!(calls, 1);
    }
}
