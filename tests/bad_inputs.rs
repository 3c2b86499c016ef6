//! Hostile and broken inputs through the real binary: every file of `fixtures/bad/` and the big
//! cases generated here (a zip bomb, a 50 MB `.txt`, a million paragraphs, a 10 MB line) gives its
//! expected one-line error or outcome, each run within a time limit and a peak resident memory
//! of 200 MB (measured on the child process), and the whole set in one `vblint check` still
//! reports every other file.
#![cfg(target_os = "linux")]

mod support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::docx::Docx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// Peak resident memory allowed to one run, in KiB.
const MAX_RSS_KIB: i64 = 200 * 1024;
/// Wall-clock limit of one run: generous, as tests run unoptimised on a shared machine.
const TIME_LIMIT: Duration = Duration::from_secs(90);

/// What a file must give.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Exit 2 and this text in the file's one-line error.
    Error(&'static str),
    /// The file is read and checked (its plan gets findings or none).
    Read,
}

/// The committed failure classes and what each must give.
const COMMITTED: &[(&str, Expect)] = &[
    ("empty.txt", Expect::Error("the file is empty")),
    ("bom-only.txt", Expect::Error("the file is empty")),
    ("whitespace-only.txt", Expect::Error("the file is empty")),
    ("empty.docx", Expect::Error("the file is empty")),
    ("no-text.docx", Expect::Error("the file is empty")),
    ("not-a-zip.docx", Expect::Error("not a zip package")),
    ("truncated.docx", Expect::Error("damaged or truncated")),
    ("no-main-part.docx", Expect::Error("no main document part")),
    ("renamed-doc.docx", Expect::Error("Word 97-2003 document")),
    ("encrypted.docx", Expect::Error("password-protected")),
    (
        "doctype.docx",
        Expect::Error("DOCTYPE or entity declarations"),
    ),
    (
        "billion-laughs.docx",
        Expect::Error("DOCTYPE or entity declarations"),
    ),
    (
        "external-entity.docx",
        Expect::Error("DOCTYPE or entity declarations"),
    ),
    ("deep-nesting.docx", Expect::Error("nested deeper than 256")),
    ("open-elements.docx", Expect::Error("element(s) still open")),
    (
        "invalid-utf8.txt",
        Expect::Error("not UTF-8, UTF-16 or Windows-1258"),
    ),
    ("invalid-utf8.docx", Expect::Error("invalid UTF-8")),
    ("utf16-no-bom.txt", Expect::Read),
    (
        "binary-junk.txt",
        Expect::Error("not UTF-8, UTF-16 or Windows-1258"),
    ),
    (
        "pdf-renamed.txt",
        Expect::Error("not UTF-8, UTF-16 or Windows-1258"),
    ),
    (
        "lying-size.docx",
        Expect::Error("declares 4294967295 bytes inflated, more than the 64 MiB part limit"),
    ),
    (
        "duplicate-entries.docx",
        Expect::Error("two entries have the same name"),
    ),
    ("path-traversal.docx", Expect::Read),
];

/// The generated cases: file name and expected outcome (see [`generate`]).
const GENERATED: &[(&str, Expect)] = &[
    (
        "zip-bomb.docx",
        Expect::Error("compresses more than the 200:1 limit"),
    ),
    (
        "zip-bomb-large.docx",
        Expect::Error("more than the 64 MiB part limit"),
    ),
    ("fifty-mb.txt", Expect::Error("larger than the 4 MiB limit")),
    (
        "long-line.txt",
        Expect::Error("larger than the 4 MiB limit"),
    ),
    (
        "long-line.docx",
        Expect::Error("larger than the 4 MiB limit"),
    ),
    (
        "million-paragraphs.docx",
        Expect::Error("more than 100000 paragraphs"),
    ),
];

fn bad_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vblint-bad-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A finished run: exit code, stdout, peak resident memory (KiB) and wall time.
struct Run {
    code: i32,
    stdout: String,
    max_rss_kib: i64,
    elapsed: Duration,
}

/// Runs vblint with `args`, killing it after [`TIME_LIMIT`], and measures the child's peak
/// resident memory with `wait4` (std's `Child::wait` does not report resource usage).
#[allow(clippy::zombie_processes)] // reaped by `wait4`, or waited for after the kill
fn run_limited(args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vblint"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("vblint starts");
    let mut out = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value; wait4 fills it for our own child.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our child, not yet reaped (std's wait is never called on it).
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break (status, usage);
        }
        assert!(r == 0, "wait4 failed");
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("vblint {args:?} still running after {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    assert!(
        libc::WIFEXITED(status),
        "vblint {args:?} did not exit normally (status {status})"
    );
    let stdout = String::from_utf8_lossy(&reader.join().expect("reader")).into_owned();
    Run {
        code: libc::WEXITSTATUS(status),
        stdout,
        max_rss_kib: usage.ru_maxrss,
        elapsed,
    }
}

/// Checks `paths` in one run with JSON output, within the limits; returns the run and each
/// file's error message (`None` when the file was read).
fn check(paths: &[&Path]) -> (Run, Vec<(String, Option<String>)>) {
    let mut args = vec!["check", "--lang", "en", "--format", "json"];
    args.extend(paths.iter().map(|p| p.to_str().expect("utf-8 path")));
    let run = run_limited(&args);
    assert!(
        run.max_rss_kib <= MAX_RSS_KIB,
        "{paths:?} peaked at {} MiB",
        run.max_rss_kib / 1024
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{paths:?}: not JSON ({e}): {}", run.stdout));
    let files = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["error"]["message"].as_str().map(String::from),
            )
        })
        .collect();
    (run, files)
}

fn assert_outcome(name: &str, expect: Expect, error: &Option<String>) {
    match (expect, error) {
        (Expect::Error(want), Some(got)) => {
            assert!(got.contains(want), "{name}: expected “{want}”, got “{got}”");
            assert!(
                !got.contains('\n'),
                "{name}: the error is not one line: {got}"
            );
            assert!(!got.contains("internal error"), "{name}: {got}");
        }
        (Expect::Error(want), None) => panic!("{name}: read, expected “{want}”"),
        (Expect::Read, Some(got)) => panic!("{name}: expected to be read, got “{got}”"),
        (Expect::Read, None) => {}
    }
}

fn assert_single(path: &Path, expect: Expect) {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let (run, files) = check(&[path]);
    assert_eq!(files.len(), 1, "{name}");
    assert_outcome(&name, expect, &files[0].1);
    if let Expect::Error(_) = expect {
        assert_eq!(run.code, 2, "{name}: exit code");
    } else {
        assert!(
            run.code == 0 || run.code == 1,
            "{name}: exit code {}",
            run.code
        );
    }
    eprintln!(
        "{name}: {:?}, {} MiB peak",
        run.elapsed,
        run.max_rss_kib / 1024
    );
}

/// Writes a `.docx` whose `word/document.xml` is written piece by piece by `body` (inside
/// `w:body`), so the test process itself never holds a big file: a child's peak memory as the
/// kernel reports it includes its parent's at the time of the spawn.
fn write_docx(path: &Path, body: impl FnOnce(&mut dyn Write)) {
    let mut w = ZipWriter::new(std::fs::File::create(path).expect("create"));
    for (name, content, _) in &Docx::new("").zip().parts {
        if name != "word/document.xml" {
            w.start_file(name.as_str(), SimpleFileOptions::default())
                .expect("start");
            w.write_all(content).expect("write");
        }
    }
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(true);
    w.start_file("word/document.xml", opts).expect("start");
    write!(
        w,
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{}"><w:body>"#,
        support::docx::W
    )
    .unwrap();
    body(&mut w);
    w.write_all(b"</w:body></w:document>").unwrap();
    w.finish().expect("finish");
}

/// Writes `piece` repeatedly until about `bytes` are written.
fn repeat(out: &mut dyn Write, piece: &str, bytes: usize) {
    let chunk = piece.repeat((1 << 20) / piece.len() + 1);
    let mut written = 0;
    while written < bytes {
        out.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len();
    }
}

/// Writes the cases too big to commit into `dir`.
fn generate(dir: &Path) {
    // A zip bomb: 40 MB of spaces in one paragraph, deflated about 1000:1; then the same beyond
    // the part limit, refused from its declared size.
    for (name, mib) in [("zip-bomb.docx", 40), ("zip-bomb-large.docx", 100)] {
        write_docx(&dir.join(name), |w| {
            w.write_all("<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p><w:p><w:r><w:t>".as_bytes())
                .unwrap();
            repeat(w, " ", mib << 20);
            w.write_all(b"</w:t></w:r></w:p>").unwrap();
        });
    }

    // 50 MB of plan text.
    let plan = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ke-hoach-mau.txt"),
    )
    .expect("example plan");
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join("fifty-mb.txt")).unwrap());
    repeat(&mut f, &plan, 50_000_000);
    f.flush().unwrap();
    drop(f);

    // One line of 10 MB, as text and as one .docx paragraph.
    let phrase = "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND tỉnh; ";
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join("long-line.txt")).unwrap());
    f.write_all("KẾ HOẠCH\n".as_bytes()).unwrap();
    repeat(&mut f, phrase, 10_000_000);
    f.write_all(b"\n").unwrap();
    f.flush().unwrap();
    drop(f);
    write_docx(&dir.join("long-line.docx"), |w| {
        w.write_all(b"<w:p><w:r><w:t>").unwrap();
        repeat(w, phrase, 10_000_000);
        w.write_all(b"</w:t></w:r></w:p>").unwrap();
    });

    // A million paragraphs, each different so the part compresses like real text.
    write_docx(&dir.join("million-paragraphs.docx"), |w| {
        for i in 0..1_000_000 {
            write!(w, "<w:p><w:r><w:t>Mục {i}</w:t></w:r></w:p>").unwrap();
        }
    });
}

#[test]
fn every_committed_bad_file_gives_its_outcome() {
    let mut names: Vec<String> = std::fs::read_dir(bad_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".txt") || n.ends_with(".docx"))
        .collect();
    names.sort();
    let mut listed: Vec<String> = COMMITTED.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(
        names, listed,
        "every file of fixtures/bad/ has an expected outcome"
    );
    for (name, expect) in COMMITTED {
        assert_single(&bad_dir().join(name), *expect);
    }
    // The package's traversal entry names are never written anywhere.
    assert!(!Path::new("/tmp/vblint-evil.txt").exists());
}

#[test]
fn generated_big_inputs_stay_within_limits() {
    let dir = temp_dir("big");
    generate(&dir);
    for (name, expect) in GENERATED {
        assert_single(&dir.join(name), *expect);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_run_over_every_bad_file_reports_all_the_others() {
    let dir = temp_dir("all");
    for (name, _) in COMMITTED {
        std::fs::copy(bad_dir().join(name), dir.join(name)).unwrap();
    }
    generate(&dir);
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/plans/clean-state.txt");
    std::fs::copy(&plan, dir.join("plan.txt")).unwrap();
    let (run, files) = check(&[&dir]);
    assert_eq!(run.code, 2);
    let expected: Vec<(&str, Expect)> = COMMITTED
        .iter()
        .chain(GENERATED)
        .copied()
        .chain([("plan.txt", Expect::Read)])
        .collect();
    assert_eq!(files.len(), expected.len(), "{:?}", files);
    for (name, expect) in expected {
        let (_, error) = files
            .iter()
            .find(|(p, _)| p.ends_with(&format!("/{name}")))
            .unwrap_or_else(|| panic!("{name} is not in the report"));
        assert_outcome(name, expect, error);
    }
    eprintln!(
        "all {} files: {:?}, {} MiB peak",
        files.len(),
        run.elapsed,
        run.max_rss_kib / 1024
    );
    let _ = std::fs::remove_dir_all(&dir);
}
