//! The `vblint` command line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use vblint::check::{self, CheckOptions, RuleSet};
use vblint::config::{self, Config};
use vblint::extract::{self, ExtractError, MAX_INPUT_BYTES};
use vblint::parse::{self, ParseOptions, System};
use vblint::report::{self, FileReport, Summary};

/// vblint: kiểm tra thể thức kế hoạch (Kế hoạch) theo Nghị định 30/2020/NĐ-CP và Hướng dẫn
/// 36-HD/VPTW. A linter for Vietnamese administrative plans.
#[derive(Parser)]
#[command(name = "vblint", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check plans (.docx, .txt); folders are searched recursively.
    Check(CheckArgs),
    /// List the rules (id, severity, summary).
    Rules(RuleArgs),
    /// Explain a rule: what it checks, why, its source, and its examples.
    Explain {
        /// The rule id, e.g. `recipients-missing`.
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Fix what is mechanical in plans (.docx, .txt): writes FILE.fixed.EXT beside each input.
    Fix(FixArgs),
    /// Write a copy of each plan with one Word comment per finding (`X.vblint.docx`; for a
    /// `.txt`, `X.vblint.txt` with `[vblint: …]` notes).
    Annotate(AnnotateArgs),
    /// Serve a local web page where plans are dropped and checked (and the API behind it).
    Serve(ServeArgs),
    /// Print the document model of a plan: zones, section tree, citations.
    Tree {
        /// The plan.
        file: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(clap::Args)]
struct Common {
    /// Language of messages (default: vi, or `lang` in vblint.toml).
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// Force the document system instead of detecting it from the header.
    #[arg(long, value_enum)]
    system: Option<SystemArg>,
    /// Force the document type (ke-hoach, quyet-dinh, cong-van, bao-cao, …).
    #[arg(long = "type", value_name = "TYPE", value_parser = doc_type_id)]
    doc_type: Option<String>,
}

/// Accepts the id of a known document type.
fn doc_type_id(s: &str) -> Result<String, String> {
    match vblint::parse::doctype::by_id(s) {
        Some(t) => Ok(t.id.to_string()),
        None => Err(format!(
            "expected one of: {}",
            vblint::parse::doctype::TYPES
                .iter()
                .map(|t| t.id)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[derive(clap::Args)]
struct RuleArgs {
    /// Add the rules in this folder (a rule with the same id overrides the built-in one).
    #[arg(long = "rules", value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
    /// Use only the rules from --rules folders.
    #[arg(long)]
    no_default_rules: bool,
    /// Language of messages (default: vi, or `lang` in vblint.toml).
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// Read this configuration file instead of looking for vblint.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Do not read any vblint.toml.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
}

impl RuleArgs {
    /// The configuration in force: `--config`, else the nearest vblint.toml, else none.
    fn config(&self) -> Result<Config, u8> {
        if self.no_config {
            return Ok(Config::default());
        }
        let path = match &self.config {
            Some(p) => Some(p.clone()),
            None => std::env::current_dir()
                .ok()
                .and_then(|d| config::discover(&d)),
        };
        match path {
            None => Ok(Config::default()),
            Some(p) => config::load(&p).map_err(|e| {
                eprintln!("error: {e}");
                2
            }),
        }
    }

    fn english(&self, config: &Config) -> bool {
        match self.lang {
            Some(l) => l == Lang::En,
            None => config.english.unwrap_or(false),
        }
    }
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or folders to check (default: the current folder).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Check as an issued plan: a blank number or date becomes an error.
    #[arg(long)]
    issued: bool,
    /// Force the document system instead of detecting it from the header.
    #[arg(long, value_enum)]
    system: Option<SystemArg>,
    /// Force the document type (ke-hoach, quyet-dinh, cong-van, bao-cao, …) instead of
    /// detecting it from the title and the number.
    #[arg(long = "type", value_name = "TYPE", value_parser = doc_type_id)]
    doc_type: Option<String>,
    /// Skip a rule (repeatable).
    #[arg(long, value_name = "ID")]
    ignore: Vec<String>,
    /// Run only these rules (repeatable).
    #[arg(long, value_name = "ID")]
    select: Vec<String>,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(clap::Args)]
struct FixArgs {
    /// Files to fix.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Write the fixed file here (one input only).
    #[arg(short, long, value_name = "FILE", conflicts_with_all = ["in_place", "diff"])]
    output: Option<PathBuf>,
    /// Overwrite the input files (atomically).
    #[arg(long, conflicts_with = "diff")]
    in_place: bool,
    /// Print a unified diff of the text instead of writing anything.
    #[arg(long)]
    diff: bool,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
    /// Also apply unsafe fixes (wording and layout choices).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Force the document type (ke-hoach, quyet-dinh, cong-van, bao-cao, …) instead of
    /// detecting it from the title and the number.
    #[arg(long = "type", value_name = "TYPE", value_parser = doc_type_id)]
    doc_type: Option<String>,
    /// Check as an issued plan: a blank number or date becomes an error.
    #[arg(long)]
    issued: bool,
    /// Force the document system instead of detecting it from the header.
    #[arg(long, value_enum)]
    system: Option<SystemArg>,
    /// Skip a rule (repeatable).
    #[arg(long, value_name = "ID")]
    ignore: Vec<String>,
    /// Run only these rules (repeatable).
    #[arg(long, value_name = "ID")]
    select: Vec<String>,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(clap::Args)]
struct AnnotateArgs {
    /// Plans or folders (searched recursively; earlier annotated copies are skipped).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write the copy here (one input file only).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace an existing copy.
    #[arg(long)]
    force: bool,
    /// Check as issued plans: a blank number or date becomes an error.
    #[arg(long)]
    issued: bool,
    /// Force the document system instead of detecting it from the header.
    #[arg(long, value_enum)]
    system: Option<SystemArg>,
    /// Force the document type (ke-hoach, quyet-dinh, cong-van, bao-cao, …) instead of
    /// detecting it from the title and the number.
    #[arg(long = "type", value_name = "TYPE", value_parser = doc_type_id)]
    doc_type: Option<String>,
    /// Skip a rule (repeatable).
    #[arg(long, value_name = "ID")]
    ignore: Vec<String>,
    /// Run only these rules (repeatable).
    #[arg(long, value_name = "ID")]
    select: Vec<String>,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on. The default serves this computer only; `0.0.0.0` opens the page to
    /// the network and must be asked for.
    #[arg(long, default_value = "127.0.0.1")]
    host: std::net::IpAddr,
    /// Port to listen on.
    #[arg(long, default_value_t = 8040)]
    port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
    /// Check as issued plans: a blank number or date becomes an error.
    #[arg(long)]
    issued: bool,
    /// Force the document system instead of detecting it from the header.
    #[arg(long, value_enum)]
    system: Option<SystemArg>,
    /// Force the document type (ke-hoach, quyet-dinh, cong-van, bao-cao, …) instead of
    /// detecting it from the title and the number.
    #[arg(long = "type", value_name = "TYPE", value_parser = doc_type_id)]
    doc_type: Option<String>,
    /// Skip a rule (repeatable).
    #[arg(long, value_name = "ID")]
    ignore: Vec<String>,
    /// Run only these rules (repeatable).
    #[arg(long, value_name = "ID")]
    select: Vec<String>,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Lang {
    /// Tiếng Việt
    Vi,
    /// English
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Compiler-style text.
    Human,
    /// One JSON document.
    Json,
    /// GitHub Actions annotations.
    Github,
    /// One self-contained HTML page for reviewers.
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum SystemArg {
    /// State documents (Nghị định 30/2020/NĐ-CP).
    State,
    /// Party documents (Hướng dẫn 36-HD/VPTW).
    Party,
    /// Youth Union documents.
    Youth,
}

impl From<SystemArg> for System {
    fn from(s: SystemArg) -> System {
        match s {
            SystemArg::State => System::State,
            SystemArg::Party => System::Party,
            SystemArg::Youth => System::Youth,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => run_check(args),
        Command::Fix(args) => run_fix(args),
        Command::Rules(args) => run_rules(&args),
        Command::Explain { id, rules } => run_explain(&id, &rules),
        Command::Tree { file, common } => run_tree(&file, &common),
        Command::Serve(args) => run_serve(args),
        Command::Annotate(args) => run_annotate(args),
    };
    ExitCode::from(code)
}

fn load_rules(args: &RuleArgs, config: &Config) -> Result<RuleSet, u8> {
    let english = args.english(config);
    let mut set = if args.no_default_rules || config.no_default_rules {
        RuleSet::default()
    } else {
        RuleSet::embedded().map_err(|errors| report_rule_errors(&errors, english))?
    };
    for dir in config.rule_dirs.iter().chain(&args.rule_dirs) {
        set.add_dir(dir)
            .map_err(|errors| report_rule_errors(&errors, english))?;
    }
    Ok(set)
}

/// The configuration's rules and language, for the commands that only list or explain rules.
fn rules_and_language(args: &RuleArgs) -> Result<(RuleSet, bool), u8> {
    let config = args.config()?;
    let rules = load_rules(args, &config)?;
    Ok((rules, args.english(&config)))
}

fn report_rule_errors(errors: &[check::RuleError], english: bool) -> u8 {
    let word = if english {
        "rule file"
    } else {
        "tệp quy tắc"
    };
    for e in errors {
        eprintln!("error: {word} {e}");
    }
    2
}

fn run_check(args: CheckArgs) -> u8 {
    let config = match args.rules.config() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let english = args.rules.english(&config);
    let rules = match load_rules(&args.rules, &config) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let config_name = config
        .path
        .as_ref()
        .map(|p| format!("{}: ", p.display()))
        .unwrap_or_default();
    let from_flags = args.ignore.iter().chain(&args.select).map(|id| (id, false));
    let from_config = config
        .ignore
        .iter()
        .chain(&config.select)
        .chain(config.severity.keys())
        .map(|id| (id, true));
    for (id, in_config) in from_flags.chain(from_config) {
        if rules.get(id).is_none() {
            eprintln!(
                "error: {}{}: `{id}`",
                if in_config { config_name.as_str() } else { "" },
                if english {
                    "unknown rule"
                } else {
                    "không có quy tắc"
                }
            );
            return 2;
        }
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for p in &paths {
        if p.is_dir() {
            walk(p, &mut files);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            missing.push(p.clone());
        }
    }
    let options = CheckOptions {
        english,
        issued: args.issued || config.issued.unwrap_or(false),
        ignore: config.ignore.iter().chain(&args.ignore).cloned().collect(),
        select: if args.select.is_empty() {
            config.select.clone()
        } else {
            args.select.clone()
        },
        severity: config.severity.clone(),
    };
    let parse_options = ParseOptions {
        system: args.system.map(System::from).or(config.system),
        doc_type: args.doc_type.clone().or(config.doc_type.clone()),
    };
    let mut reports: Vec<FileReport> = missing
        .into_iter()
        .map(|p| FileReport {
            path: p.display().to_string(),
            outcome: Err(ExtractError::Io(if english {
                "no such file or folder".into()
            } else {
                "không có tệp hoặc thư mục này".into()
            })),
        })
        .collect();
    let checked: Vec<FileReport> = files
        .par_iter()
        .map(|path| FileReport {
            path: path.display().to_string(),
            outcome: check_file(path, &rules, &options, &parse_options),
        })
        .collect();
    reports.extend(checked);
    let summary = Summary::of(&reports);
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
    };
    let out = match args.format {
        Format::Human => report::human(&reports, english, color),
        Format::Json => report::json(&reports, english) + "\n",
        Format::Github => report::github(&reports, english),
        Format::Html => report::html(&reports, &rules, english),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes());
    summary.exit_code() as u8
}

/// Reads, extracts, parses and checks one file. A panic anywhere becomes an error for this file
/// only, so one bad file never stops a run.
fn check_file(
    path: &Path,
    rules: &RuleSet,
    options: &CheckOptions,
    parse_options: &ParseOptions,
) -> Result<(parse::Document, Vec<check::Diagnostic>), ExtractError> {
    let bytes = read_file(path)?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_string())
        .unwrap_or_default();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let extracted = extract::extract(&bytes, &ext)?;
        let doc = parse::parse(extracted, parse_options);
        let mut diags = check::check(&doc, rules, options);
        vblint::fix::mark_fixable(&doc, rules, &mut diags, false);
        Ok((doc, diags))
    }))
    .unwrap_or_else(|_| {
        Err(ExtractError::Io(
            "internal error in vblint while checking this file; please report it".into(),
        ))
    })
}

fn read_file(path: &Path) -> Result<Vec<u8>, ExtractError> {
    let meta = std::fs::metadata(path).map_err(|e| ExtractError::Io(e.to_string()))?;
    if meta.len() > MAX_INPUT_BYTES {
        return Err(ExtractError::TooLarge {
            limit: MAX_INPUT_BYTES,
        });
    }
    std::fs::read(path).map_err(|e| ExtractError::Io(e.to_string()))
}

/// Collects the plans under `dir`: `.txt`, `.docx` and `.doc` (to say it must be converted),
/// skipping hidden folders, Word's lock files (`~$…`) and build output.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") || name == "target" {
            continue;
        }
        if path.is_dir() {
            walk(&path, out);
        } else if let Some(ext) = path.extension() {
            let ext = ext.to_string_lossy().to_ascii_lowercase();
            if ext == "txt" || ext == "docx" || ext == "doc" {
                out.push(path);
            }
        }
    }
}

fn run_fix(args: FixArgs) -> u8 {
    use vblint::fix::command::{self, Request, Target};
    let config = match args.rules.config() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let english = args.rules.english(&config);
    let rules = match load_rules(&args.rules, &config) {
        Ok(r) => r,
        Err(code) => return code,
    };
    for id in args.ignore.iter().chain(&args.select) {
        if rules.get(id).is_none() {
            eprintln!(
                "error: {}: `{id}`",
                if english {
                    "unknown rule"
                } else {
                    "không có quy tắc"
                }
            );
            return 2;
        }
    }
    let target = match (&args.output, args.in_place, args.diff) {
        (Some(p), _, _) => Target::Path(p.clone()),
        (None, true, _) => Target::InPlace,
        (None, false, true) => Target::Diff,
        (None, false, false) => Target::Beside,
    };
    let request = Request {
        files: args.files.clone(),
        target,
        force: args.force,
        options: vblint::fix::FixOptions {
            check: CheckOptions {
                english,
                issued: args.issued || config.issued.unwrap_or(false),
                ignore: config.ignore.iter().chain(&args.ignore).cloned().collect(),
                select: if args.select.is_empty() {
                    config.select.clone()
                } else {
                    args.select.clone()
                },
                severity: config.severity.clone(),
            },
            parse: ParseOptions {
                system: args.system.map(System::from).or(config.system),
                doc_type: args.doc_type.clone().or(config.doc_type.clone()),
            },
            unsafe_fixes: args.unsafe_fixes,
        },
        color: match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
            }
        },
    };
    let response = command::run(&request, &rules);
    let _ = std::io::stdout()
        .lock()
        .write_all(response.stdout.as_bytes());
    let _ = std::io::stderr()
        .lock()
        .write_all(response.stderr.as_bytes());
    response.code
}

fn run_rules(args: &RuleArgs) -> u8 {
    let (rules, english) = match rules_and_language(args) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let width = rules.rules().map(|r| r.id.len()).max().unwrap_or(0);
    for r in rules.rules() {
        println!(
            "{:<width$}  {:<7}  {}",
            r.id,
            r.severity.as_str(),
            r.summary.get(english)
        );
    }
    0
}

fn run_explain(id: &str, args: &RuleArgs) -> u8 {
    let (rules, english) = match rules_and_language(args) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let Some(rule) = rules.get(id) else {
        eprintln!(
            "error: {}: `{id}` ({})",
            if english {
                "unknown rule"
            } else {
                "không có quy tắc"
            },
            if english {
                "`vblint rules` lists them"
            } else {
                "xem danh sách bằng `vblint rules`"
            }
        );
        return 2;
    };
    print!("{}", vblint::explain::render(rule, english));
    0
}

fn run_tree(file: &Path, common: &Common) -> u8 {
    let english = common.lang == Some(Lang::En);
    let bytes = match read_file(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {}: {}", file.display(), e.message(english));
            return 2;
        }
    };
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_string())
        .unwrap_or_default();
    match extract::extract(&bytes, &ext) {
        Ok(extracted) => {
            // The system forced in vblint.toml applies here too, unless the flag says otherwise.
            let configured = std::env::current_dir()
                .ok()
                .and_then(|d| config::discover(&d))
                .and_then(|p| config::load(&p).ok())
                .unwrap_or_default();
            let doc = parse::parse(
                extracted,
                &ParseOptions {
                    system: common.system.map(System::from).or(configured.system),
                    doc_type: common.doc_type.clone().or(configured.doc_type),
                },
            );
            print!("{}", parse::tree::render(&doc, english));
            0
        }
        Err(e) => {
            eprintln!("error: {}: {}", file.display(), e.message(english));
            2
        }
    }
}

/// Rules, check options and parse options for the commands that check (serve, annotate).
fn setup(
    rule_args: &RuleArgs,
    issued: bool,
    system: Option<SystemArg>,
    doc_type: Option<String>,
    ignore: &[String],
    select: &[String],
) -> Result<(RuleSet, CheckOptions, ParseOptions), u8> {
    let config = rule_args.config()?;
    let english = rule_args.english(&config);
    let rules = load_rules(rule_args, &config)?;
    for id in ignore.iter().chain(select) {
        if rules.get(id).is_none() {
            eprintln!(
                "error: {}: `{id}`",
                if english {
                    "unknown rule"
                } else {
                    "không có quy tắc"
                }
            );
            return Err(2);
        }
    }
    let options = CheckOptions {
        english,
        issued: issued || config.issued.unwrap_or(false),
        ignore: config.ignore.iter().chain(ignore).cloned().collect(),
        select: if select.is_empty() {
            config.select.clone()
        } else {
            select.to_vec()
        },
        severity: config.severity.clone(),
    };
    let parse_options = ParseOptions {
        system: system.map(System::from).or(config.system),
        doc_type: doc_type.or(config.doc_type.clone()),
    };
    Ok((rules, options, parse_options))
}

fn run_annotate(args: AnnotateArgs) -> u8 {
    let (rules, options, parse_options) = match setup(
        &args.rules,
        args.issued,
        args.system,
        args.doc_type.clone(),
        &args.ignore,
        &args.select,
    ) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let english = options.english;
    let mut files = Vec::new();
    let mut code = 0;
    for p in &args.paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found);
            files.extend(
                found
                    .into_iter()
                    .filter(|f| !vblint::annotate::is_annotated_copy(f)),
            );
        } else if p.exists() {
            files.push(p.clone());
        } else {
            eprintln!(
                "error: {}: {}",
                p.display(),
                if english {
                    "no such file or folder"
                } else {
                    "không có tệp hoặc thư mục này"
                }
            );
            code = 2;
        }
    }
    if args.output.is_some() && (files.len() != 1 || args.paths.iter().any(|p| p.is_dir())) {
        eprintln!(
            "error: {}",
            if english {
                "-o names one output, so give exactly one input file"
            } else {
                "-o chỉ dùng với đúng một tệp đầu vào"
            }
        );
        return 2;
    }
    let results: Vec<(PathBuf, Result<String, String>)> = files
        .par_iter()
        .map(|path| {
            let result = annotate_file(
                path,
                args.output.as_deref(),
                args.force,
                &rules,
                &options,
                &parse_options,
            );
            (path.clone(), result)
        })
        .collect();
    for (path, result) in results {
        match result {
            Ok(line) => println!("{line}"),
            Err(message) => {
                eprintln!("error: {}: {message}", path.display());
                code = 2;
            }
        }
    }
    code
}

/// Checks one file and writes its annotated copy; the line to print, or the error message.
fn annotate_file(
    path: &Path,
    output: Option<&Path>,
    force: bool,
    rules: &RuleSet,
    options: &CheckOptions,
    parse_options: &ParseOptions,
) -> Result<String, String> {
    let english = options.english;
    let bytes = read_file(path).map_err(|e| e.message(english))?;
    let (doc, diags) =
        check_file(path, rules, options, parse_options).map_err(|e| e.message(english))?;
    let annotated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        vblint::annotate::annotate(&bytes, &doc, &diags, rules, english)
    }))
    .map_err(|_| {
        "internal error in vblint while annotating this file; please report it".to_string()
    })?
    .map_err(|e| e.message(english))?;
    let out = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| vblint::annotate::output_path(path, annotated.extension));
    vblint::write::write_atomic(&out, &annotated.bytes, force).map_err(|e| e.message(english))?;
    let placed = annotated.placed;
    Ok(match (annotated.extension, english) {
        ("docx", true) => format!(
            "{}: {} comment(s) ({} on the text found, {} on a whole paragraph)",
            out.display(),
            annotated.comments,
            placed.on_span,
            placed.on_paragraph
        ),
        ("docx", false) => format!(
            "{}: {} bình luận ({} gắn vào đúng chữ, {} gắn vào cả đoạn)",
            out.display(),
            annotated.comments,
            placed.on_span,
            placed.on_paragraph
        ),
        (_, true) => format!("{}: {} note(s)", out.display(), annotated.comments),
        (_, false) => format!("{}: {} ghi chú", out.display(), annotated.comments),
    })
}

fn run_serve(args: ServeArgs) -> u8 {
    let (rules, options, parse_options) = match setup(
        &args.rules,
        args.issued,
        args.system,
        args.doc_type.clone(),
        &args.ignore,
        &args.select,
    ) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let english = options.english;
    let settings = vblint::serve::Settings {
        rules,
        options,
        parse_options,
        limits: vblint::serve::Limits::default(),
        workers: 4,
    };
    let addr = std::net::SocketAddr::new(args.host, args.port);
    let server = match vblint::serve::Server::bind(addr, settings) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {addr}: {e}");
            return 2;
        }
    };
    let bound = server.local_addr().unwrap_or(addr);
    let url = format!("http://{bound}/");
    let reach = match (args.host.is_loopback(), english) {
        (true, true) => "only this computer can reach it",
        (true, false) => "chỉ máy này truy cập được",
        (false, true) => "WARNING: other computers on the network can reach it",
        (false, false) => "CHÚ Ý: các máy khác trong mạng cũng truy cập được",
    };
    eprintln!(
        "vblint serve: {url} ({reach}; Ctrl+C {})",
        if english { "to stop" } else { "để dừng" }
    );
    if args.open {
        open_browser(&url);
    }
    server.run();
    0
}

/// Opens `url` in the desktop's browser; a failure only prints a note, the server still runs.
fn open_browser(url: &str) {
    let result = if cfg!(target_os = "windows") {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = result {
        eprintln!("note: could not open a browser ({e}); open {url} yourself");
    }
}
