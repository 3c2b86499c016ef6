//! The `vblint` command line: argument parsing only. Checking goes through
//! [`vblint::driver`], output through [`vblint::report`].

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use vblint::check::Severity;
use vblint::driver::{self, ConfigChoice, Driver, Flags, Request};
use vblint::extract;
use vblint::parse::{self, System};
use vblint::report::{self, Format, HumanOptions, RunInfo};

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
    /// Check plans (.docx, .txt); folders are searched recursively; `-` reads standard input.
    Check(Box<CheckArgs>),
    /// List the rules (id, family, severity, summary).
    Rules(RuleArgs),
    /// Explain a rule: what it checks, why, its legal source, and its examples.
    Explain {
        /// The rule id, e.g. `recipients-missing`.
        id: String,
        /// Print the Markdown source instead of rendering it for the terminal.
        #[arg(long)]
        markdown: bool,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Fix what is mechanical in plans (.docx, .txt): writes FILE.fixed.EXT beside each input.
    Fix(Box<FixArgs>),
    /// Write a copy of each plan with one Word comment per finding (`X.vblint.docx`; for a
    /// `.txt`, `X.vblint.txt` with `[vblint: …]` notes).
    Annotate(Box<AnnotateArgs>),
    /// Serve a local web page where plans are dropped and checked (and the API behind it).
    Serve(Box<ServeArgs>),
    /// Print the document model of a plan: zones, section tree, citations.
    Tree {
        /// The plan.
        file: PathBuf,
        /// Force the document system instead of detecting it from the header.
        #[arg(long, value_enum)]
        system: Option<SystemArg>,
        /// Force the document type (ke-hoach, quyet-dinh, cong-van, bao-cao, …).
        #[arg(long = "type", value_name = "TYPE", value_parser = doc_type_id)]
        doc_type: Option<String>,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Write a commented starter vblint.toml in the current folder.
    Init {
        /// Overwrite an existing vblint.toml.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on standard output.
    Man,
    /// Write the rule pages (docs/rules/<id>.md and an index) into a folder.
    #[command(hide = true)]
    RuleDocs {
        /// The folder (usually docs/rules).
        out: PathBuf,
    },
}

#[derive(clap::Args)]
struct RuleArgs {
    /// Add the rules in this folder (a rule with the same id overrides the built-in one).
    #[arg(long = "rules", value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
    /// Use only the rules from --rules folders.
    #[arg(long)]
    no_default_rules: bool,
    /// Language of messages and labels (default: vi, or `lang` in vblint.toml).
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// Use this configuration file for every checked file.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore every vblint.toml.
    #[arg(long, alias = "no-config", conflicts_with = "config")]
    isolated: bool,
}

impl RuleArgs {
    fn choice(&self) -> ConfigChoice {
        match (&self.config, self.isolated) {
            (_, true) => ConfigChoice::Isolated,
            (Some(p), _) => ConfigChoice::File(p.clone()),
            (None, false) => ConfigChoice::Discover,
        }
    }

    fn flags(&self) -> Flags {
        Flags {
            rule_dirs: self.rule_dirs.clone(),
            no_default_rules: self.no_default_rules,
            english: self.lang.map(|l| l == Lang::En),
            ..Flags::default()
        }
    }

    fn driver(&self) -> Result<Driver, u8> {
        Driver::new(Request {
            config: self.choice(),
            flags: self.flags(),
            ..Request::default()
        })
        .map_err(fail)
    }

    /// The driver of a command that reads plans with [`PlanArgs`] (fix, annotate, serve).
    fn plan_driver(&self, plan: &PlanArgs, paths: &[PathBuf]) -> Result<Driver, u8> {
        let mut flags = self.flags();
        plan.apply(&mut flags);
        Driver::new(Request {
            paths: paths.to_vec(),
            config: self.choice(),
            flags,
            skip_outputs: true,
            ..Request::default()
        })
        .map_err(fail)
    }
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or folders to check (default: the current folder); `-` reads standard input.
    paths: Vec<PathBuf>,
    /// Output format (default: human, or `output-format` in vblint.toml).
    #[arg(long, alias = "output-format", value_parser = parse_format)]
    format: Option<Format>,
    #[command(flatten)]
    plan: PlanArgs,
    /// Add rules to the selection: ids, families or ALL.
    #[arg(long, value_name = "SELECTOR", value_delimiter = ',')]
    extend_select: Vec<String>,
    /// Exit 0 even when there are error-level findings (2 still means a file could not be read).
    #[arg(long)]
    exit_zero: bool,
    /// Exit 1 when there are more than N warnings.
    #[arg(long, value_name = "N")]
    max_warnings: Option<usize>,
    /// Hide findings below this severity.
    #[arg(long, value_enum)]
    min_severity: Option<SeverityArg>,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// The file name standard input stands for (`vblint check - --stdin-filename kh.docx`).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Hide the findings recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record this run's findings as a baseline file (written atomically) and exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Human format: findings printed per rule and file; the rest are counted (0: all).
    #[arg(long, value_name = "N")]
    max_per_rule: Option<usize>,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    #[command(flatten)]
    rules: RuleArgs,
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
struct FixArgs {
    /// Files or folders to fix (folders are searched recursively; earlier copies are skipped).
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
    #[command(flatten)]
    plan: PlanArgs,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    #[command(flatten)]
    rules: RuleArgs,
}

/// How plans are read and which rules run (check, fix, annotate, serve).
#[derive(clap::Args)]
struct PlanArgs {
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
    /// Skip rules: an id, a family (`layout`) or ALL (repeatable, or comma-separated).
    #[arg(long, value_name = "SELECTOR", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Run only these rules: ids, families or ALL (repeatable, or comma-separated).
    #[arg(long, value_name = "SELECTOR", value_delimiter = ',')]
    select: Vec<String>,
}

impl PlanArgs {
    fn apply(&self, flags: &mut Flags) {
        flags.issued = self.issued;
        flags.system = self.system.map(System::from);
        flags.doc_type = self.doc_type.clone();
        flags.ignore = self.ignore.clone();
        flags.select = self.select.clone();
    }
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
    #[command(flatten)]
    plan: PlanArgs,
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
    #[command(flatten)]
    plan: PlanArgs,
    #[command(flatten)]
    rules: RuleArgs,
}

fn parse_format(name: &str) -> Result<Format, String> {
    Format::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|(n, _)| *n).collect();
        format!(
            "unknown format `{name}` (expected one of {})",
            names.join(", ")
        )
    })
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Lang {
    /// Tiếng Việt
    Vi,
    /// English
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum SeverityArg {
    Info,
    Warning,
    Error,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Error => Severity::Error,
        }
    }
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
    quiet_panics();
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => run_check(*args),
        Command::Rules(args) => run_rules(&args),
        Command::Explain {
            id,
            markdown,
            rules,
        } => run_explain(&id, markdown, &rules),
        Command::Tree {
            file,
            system,
            doc_type,
            rules,
        } => run_tree(&file, system, doc_type, &rules),
        Command::Init { force } => run_init(force),
        Command::Fix(args) => run_fix(*args),
        Command::Annotate(args) => run_annotate(*args),
        Command::Serve(args) => run_serve(*args),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "vblint", &mut buf);
            print_quiet(&String::from_utf8_lossy(&buf))
        }
        Command::Man => {
            let mut buf = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut buf) {
                Ok(()) => print_quiet(&String::from_utf8_lossy(&buf)),
                Err(e) => fail(format!("man: {e}")),
            }
        }
        Command::RuleDocs { out } => run_rule_docs(&out),
    };
    ExitCode::from(code)
}

/// Prints an error line and returns the usage-error exit code.
fn fail(message: String) -> u8 {
    for line in message.lines() {
        eprintln!("error: {line}");
    }
    2
}

/// Writes to standard output; a closed pipe (`vblint rules | head`) ends quietly.
fn print_quiet(text: &str) -> u8 {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => fail(format!("stdout: {e}")),
    }
}

fn run_check(args: CheckArgs) -> u8 {
    let mut flags = args.rules.flags();
    args.plan.apply(&mut flags);
    flags.extend_select = args.extend_select.clone();
    let request = Request {
        paths: args.paths.clone(),
        stdin_filename: args.stdin_filename.clone(),
        config: args.rules.choice(),
        flags,
        min_severity: args.min_severity.map(Severity::from),
        baseline: args.baseline.clone(),
        write_baseline: args.write_baseline.clone(),
        skip_outputs: false,
    };
    let mut driver = match Driver::new(request) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let english = driver.english();
    let root = driver.root_config().cloned().unwrap_or_default();
    let format = args.format.or(root.output_format).unwrap_or(Format::Human);
    if let Some(p) = driver.baseline_path() {
        if args.write_baseline.is_none() {
            if let Err(e) = driver::baseline::Baseline::load(&p) {
                return fail(e);
            }
        }
    }
    let plan = match driver.plan() {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    for p in &plan.empty_paths {
        eprintln!("{}", driver::no_plan_message(p, english));
    }
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::env::var_os("NO_COLOR").is_none() && io::stdout().is_terminal(),
    };
    let info = RunInfo {
        english,
        color,
        human: HumanOptions {
            max_per_rule: args
                .max_per_rule
                .or(root.max_per_rule)
                .unwrap_or(HumanOptions::default().max_per_rule),
        },
    };
    if format == Format::Html {
        return match driver.html(&plan) {
            Ok((page, code)) => match print_quiet(&page) {
                0 => code,
                other => other,
            },
            Err(e) => fail(e.to_string()),
        };
    }
    let mut emitter = report::emitter(format, info, args.statistics);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let empty = !plan.empty_paths.is_empty();
    let run = driver.run(plan, format.is_for_people(), &mut |file| {
        emitter.file(&mut out, file)?;
        // People and streaming consumers see each file as it is done.
        out.flush()
    });
    let end = match run {
        Ok(end) => end,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return 0,
        Err(e) => return fail(e.to_string()),
    };
    match emitter.finish(&mut out, &end).and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return 0,
        Err(e) => return fail(format!("stdout: {e}")),
    }
    let s = &end.summary;
    if let Some(path) = &args.write_baseline {
        let n = s.errors + s.warnings + s.infos + s.baselined;
        if english {
            eprintln!("wrote {n} finding(s) to the baseline {}", path.display());
        } else {
            eprintln!("đã ghi {n} phát hiện vào baseline {}", path.display());
        }
    }
    if s.unreadable > 0 || empty {
        2
    } else if args.exit_zero || args.write_baseline.is_some() {
        0
    } else if s.errors > 0 || args.max_warnings.is_some_and(|n| s.warnings > n) {
        1
    } else {
        0
    }
}

fn run_rules(args: &RuleArgs) -> u8 {
    let mut driver = match args.driver() {
        Ok(d) => d,
        Err(code) => return code,
    };
    let rules = match driver.root_rules() {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let english = driver.english();
    let width = rules.rules().map(|r| r.id.len()).max().unwrap_or(0);
    let fwidth = rules
        .rules()
        .map(|r| vblint::check::family(r).len())
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for r in rules.rules() {
        text.push_str(&format!(
            "{:<width$}  {:<fwidth$}  {:<8}  {}\n",
            r.id,
            vblint::check::family(r),
            report::severity_word(r.severity, english),
            r.summary.get(english)
        ));
    }
    print_quiet(&text)
}

fn run_explain(id: &str, markdown: bool, args: &RuleArgs) -> u8 {
    let mut driver = match args.driver() {
        Ok(d) => d,
        Err(code) => return code,
    };
    let rules = match driver.root_rules() {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let english = driver.english();
    let Some(rule) = rules.get(id) else {
        let ids: Vec<&str> = rules.rules().map(|r| r.id.as_str()).collect();
        let hint = match vblint::config::closest(id, ids) {
            Some(c) if english => format!("did you mean `{c}`?"),
            Some(c) => format!("có phải `{c}`?"),
            None if english => "`vblint rules` lists them".into(),
            None => "xem danh sách bằng `vblint rules`".into(),
        };
        let word = if english {
            "unknown rule"
        } else {
            "không có quy tắc"
        };
        return fail(format!("{word}: `{id}` ({hint})"));
    };
    let source = vblint::explain::markdown(rule, english);
    if markdown {
        return print_quiet(&source);
    }
    let color = std::env::var_os("NO_COLOR").is_none() && io::stdout().is_terminal();
    print_quiet(&vblint::explain::terminal(&source, color))
}

fn run_tree(
    file: &Path,
    system: Option<SystemArg>,
    doc_type: Option<String>,
    args: &RuleArgs,
) -> u8 {
    let mut flags = args.flags();
    flags.system = system.map(System::from);
    flags.doc_type = doc_type;
    let mut driver = match Driver::new(Request {
        paths: vec![file.to_path_buf()],
        config: args.choice(),
        flags,
        ..Request::default()
    }) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let english = driver.english();
    let plan = match driver.plan() {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let Some(target) = plan.targets.first() else {
        return fail(driver::no_plan_message(file, english));
    };
    let bytes = match &target.source {
        driver::Input::File(p) => driver::read_file(p),
        _ => driver::read_file(file),
    };
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_string())
        .unwrap_or_default();
    match bytes.and_then(|b| extract::extract(&b, &ext)) {
        Ok(extracted) => {
            let doc = parse::parse(extracted, &target.parse);
            print_quiet(&parse::tree::render(&doc, english))
        }
        Err(e) => fail(format!("{}: {}", file.display(), e.message(english))),
    }
}

fn run_init(force: bool) -> u8 {
    let path = Path::new(vblint::config::FILE_NAME);
    if path.exists() && !force {
        return fail(format!(
            "{} already exists (use `vblint init --force` to overwrite it)",
            path.display()
        ));
    }
    match driver::write_atomically(path, vblint::config::STARTER.as_bytes()) {
        Ok(()) => {
            eprintln!("wrote {}", path.display());
            0
        }
        Err(e) => fail(e),
    }
}

fn run_rule_docs(out: &Path) -> u8 {
    let rules = match vblint::check::RuleSet::embedded() {
        Ok(r) => r,
        Err(e) => return fail(format!("{e:?}")),
    };
    if let Err(e) = std::fs::create_dir_all(out) {
        return fail(format!("{}: {e}", out.display()));
    }
    for (name, text) in vblint::explain::rule_pages(&rules) {
        if let Err(e) = driver::write_atomically(&out.join(&name), text.as_bytes()) {
            return fail(e);
        }
    }
    0
}

fn run_fix(args: FixArgs) -> u8 {
    use vblint::fix::command::{self, Request, Target};
    let mut driver = match args.rules.plan_driver(&args.plan, &args.files) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let request = Request {
        target: match (&args.output, args.in_place, args.diff) {
            (Some(p), _, _) => Target::Path(p.clone()),
            (None, true, _) => Target::InPlace,
            (None, false, true) => Target::Diff,
            (None, false, false) => Target::Beside,
        },
        force: args.force,
        unsafe_fixes: args.unsafe_fixes,
        color: match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => std::env::var_os("NO_COLOR").is_none() && io::stdout().is_terminal(),
        },
    };
    respond(command::run(&mut driver, &request))
}

fn run_annotate(args: AnnotateArgs) -> u8 {
    let mut driver = match args.rules.plan_driver(&args.plan, &args.paths) {
        Ok(d) => d,
        Err(code) => return code,
    };
    respond(vblint::annotate::command::run(
        &mut driver,
        args.output.as_deref(),
        args.force,
    ))
}

/// Prints what a command produced and returns its exit code.
fn respond(response: driver::Response) -> u8 {
    let _ = io::stderr().lock().write_all(response.stderr.as_bytes());
    match print_quiet(&response.stdout) {
        0 => response.code,
        other => other,
    }
}

fn run_serve(args: ServeArgs) -> u8 {
    let driver = match args.rules.plan_driver(&args.plan, &[]) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let english = driver.english();
    let settings = vblint::serve::Settings {
        driver,
        limits: vblint::serve::Limits::default(),
        workers: vblint::limits::SERVE_WORKERS,
    };
    let addr = std::net::SocketAddr::new(args.host, args.port);
    let server = match vblint::serve::Server::bind(addr, settings) {
        Ok(s) => s,
        Err(e) => return fail(e),
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

/// A bug that panics while one file is checked is caught, and that file is reported as an
/// internal error while the run goes on; the panic itself is one line on standard error for
/// the bug report, not a backtrace, unless `RUST_BACKTRACE` asks for one.
fn quiet_panics() {
    if std::env::var_os("RUST_BACKTRACE").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let what: String = what.chars().take(200).collect();
        eprintln!("vblint: internal error: {what}{place}");
    }));
}
