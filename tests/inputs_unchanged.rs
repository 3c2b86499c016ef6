//! Input files are never modified: after every command that reads plans, each input file is
//! byte-identical, keeps its modification time, and no file has appeared or vanished beside it.
//!
//! The commands come from `vblint --help`, so a new command fails this test until it is given
//! its invocations below (a command that writes must write elsewhere, atomically).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// Commands that read no plan file (`serve` reads uploaded bytes, never a file on disk; `init`
/// writes a vblint.toml in the current folder, never an input).
const NO_INPUT: &[&str] = &[
    "rules",
    "explain",
    "help",
    "serve",
    "init",
    "completions",
    "man",
    "rule-docs",
];

/// The copies a command writes beside its input unless given `-o`: allowed to appear (and removed
/// after each run); nothing else may.
const BESIDE: &[(&str, &str)] = &[("fix", ".fixed."), ("annotate", ".vblint.")];

/// The invocations of each command that reads plans; `{}` stands for one input file, `{dir}`
/// for the folder holding them all, `{out}` for a fresh output path in another folder. `fix
/// --in-place` is left out: the user asks for it.
const INVOCATIONS: &[(&str, &[&[&str]])] = &[
    (
        "check",
        &[
            &["check", "{dir}"],
            &["check", "--format", "json", "{dir}"],
            &["check", "--format", "github", "--issued", "{dir}"],
            &["check", "--lang", "en", "--color", "always", "{}"],
        ],
    ),
    (
        "tree",
        &[
            &["tree", "{}"],
            &["tree", "--lang", "en", "--system", "party", "{}"],
        ],
    ),
    (
        "fix",
        &[
            &["fix", "--diff", "{}"],
            &["fix", "-o", "{out}", "{}"],
            &["fix", "--unsafe-fixes", "-o", "{out}", "{}"],
            &["fix", "{}"],
        ],
    ),
    (
        "annotate",
        &[
            &["annotate", "-o", "{out}", "{}"],
            &["annotate", "{}"],
            &["annotate", "--issued", "{dir}"],
        ],
    ),
];

fn vblint() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vblint"));
    c.env("NO_COLOR", "1");
    c
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        let meta = std::fs::metadata(&path).unwrap();
        out.insert(
            path.clone(),
            (std::fs::read(&path).unwrap(), meta.modified().unwrap()),
        );
    }
    out
}

/// The subcommands `vblint --help` lists.
fn commands() -> Vec<String> {
    let help = vblint().arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A wrapped description continues on a line indented further.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect()
}

#[test]
fn every_command_leaves_input_files_untouched() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("vblint-unchanged-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for src in [
        "examples/ke-hoach-mau.txt",
        "fixtures/plans/clean-state.txt",
        "fixtures/docx/ke-hoach-chuyen-doi-so.docx",
        "fixtures/docx/ke-hoach-van-ban-thuong.docx",
        "fixtures/bad/bom-only.txt",
        "fixtures/bad/truncated.docx",
        "fixtures/bad/utf16-no-bom.txt",
    ] {
        let name = Path::new(src).file_name().unwrap();
        std::fs::copy(root.join(src), dir.join(name)).unwrap();
    }
    // Read-only files too: a command must not need to write them.
    let readonly = dir.join("ke-hoach-mau.txt");
    let mut perms = std::fs::metadata(&readonly).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&readonly, perms).unwrap();

    let commands = commands();
    assert!(commands.iter().any(|c| c == "check"), "{commands:?}");
    for c in &commands {
        assert!(
            NO_INPUT.contains(&c.as_str()) || INVOCATIONS.iter().any(|(name, _)| name == c),
            "the command `{c}` is not covered: add its invocations to this test"
        );
    }

    let out_dir = dir.with_extension("out");
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir_all(&out_dir).unwrap();
    let before = snapshot(&dir);
    let mut runs = 0;
    for (_, invocations) in INVOCATIONS {
        for args in *invocations {
            let files: Vec<PathBuf> = if args.contains(&"{}") {
                before.keys().cloned().collect()
            } else {
                vec![dir.clone()]
            };
            for file in files {
                let args: Vec<String> = args
                    .iter()
                    .map(|a| match *a {
                        "{}" => file.display().to_string(),
                        "{dir}" => dir.display().to_string(),
                        "{out}" => out_dir
                            .join(format!(
                                "{runs}-{}",
                                file.file_name().unwrap().to_string_lossy()
                            ))
                            .display()
                            .to_string(),
                        a => a.to_string(),
                    })
                    .collect();
                let o = vblint().args(&args).output().unwrap();
                assert!(
                    matches!(o.status.code(), Some(0..=2)),
                    "vblint {args:?}: {:?}",
                    o.status
                );
                runs += 1;
                // Copies written beside the input, unless told to write elsewhere.
                let beside = BESIDE.iter().find(|(c, _)| *c == args[0]).map(|(_, m)| *m);
                if let Some(marker) =
                    beside.filter(|_| !args.iter().any(|a| a == "-o" || a == "--diff"))
                {
                    for path in snapshot(&dir).into_keys() {
                        if !before.contains_key(&path) && path.to_string_lossy().contains(marker) {
                            std::fs::remove_file(path).unwrap();
                        }
                    }
                }
                let after = snapshot(&dir);
                assert_eq!(
                    after.keys().collect::<Vec<_>>(),
                    before.keys().collect::<Vec<_>>(),
                    "vblint {args:?} added or removed files"
                );
                for (path, (bytes, modified)) in &before {
                    let (now, now_modified) = &after[path];
                    assert!(now == bytes, "vblint {args:?} changed {}", path.display());
                    assert_eq!(
                        now_modified,
                        modified,
                        "vblint {args:?} touched {}",
                        path.display()
                    );
                }
            }
        }
    }
    assert!(runs >= 20, "{runs} runs");
    let written = std::fs::read_dir(&out_dir).unwrap().count();
    assert!(
        written > 0,
        "`fix -o` wrote no copy, so writing was not exercised"
    );
    let mut perms = std::fs::metadata(&readonly).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&readonly, perms).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&out_dir);
}
