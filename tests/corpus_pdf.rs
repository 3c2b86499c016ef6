//! The corpus's Word files as reviewers often receive them: printed to PDF and extracted again
//! as text. The text loses the tables, so its header columns interleave, its paragraphs are
//! hard-wrapped and its signature block reads column after column; none of that may produce an
//! error the Word file does not have. Needs `../shared/corpus`, LibreOffice and `pdftotext`
//! (CI installs them); without one the test says so and passes.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use vblint::check::{RuleSet, Severity};

/// A scratch folder removed when the test ends.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new() -> Self {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!("vblint-pdf-{}-{stamp}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty())
}

/// Error-level findings per file stem, as `file: rule`.
fn errors(dir: &Path, rules: &RuleSet) -> BTreeSet<String> {
    let (findings, _) = vblint::corpus::run(dir, rules);
    findings
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| {
            let stem = Path::new(&f.file)
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            format!("{stem}: {}", f.rule)
        })
        .collect()
}

#[test]
fn pdf_text_of_the_word_files_gives_no_error_the_word_files_lack() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is not here", corpus.display());
        return;
    }
    if !installed("soffice") || !installed("pdftotext") {
        eprintln!("skipped: LibreOffice (soffice) or pdftotext (poppler-utils) is not installed");
        return;
    }
    let work = Scratch::new();
    let word = work.path().join("word");
    let pdf = work.path().join("pdf");
    let text = work.path().join("text");
    for d in [&word, &pdf, &text] {
        std::fs::create_dir(d).expect("mkdir");
    }
    let mut docx = Vec::new();
    for entry in std::fs::read_dir(&corpus).expect("corpus") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "docx") {
            std::fs::copy(&path, word.join(path.file_name().expect("name"))).expect("copy");
            docx.push(path);
        }
    }
    assert!(!docx.is_empty(), "the corpus has Word files");
    let status = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&pdf)
        .args(&docx)
        .env("HOME", work.path())
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "soffice failed: {status:?}");
    for entry in std::fs::read_dir(&pdf).expect("pdf dir") {
        let path = entry.expect("entry").path();
        let out = text.join(path.with_extension("txt").file_name().expect("name"));
        let ok = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&path)
            .arg(&out)
            .status()
            .expect("pdftotext runs");
        assert!(ok.success(), "pdftotext failed on {}", path.display());
    }
    let rules = RuleSet::embedded().expect("built-in rules");
    let from_word = errors(&word, &rules);
    let from_pdf = errors(&text, &rules);
    // Layout errors need the Word file's formatting; text has none to judge.
    let new: Vec<&String> = from_pdf.difference(&from_word).collect();
    assert!(
        new.is_empty(),
        "errors only the PDF text has (a parsing gap; run scripts/corpus-pdf): {new:?}"
    );
    eprintln!(
        "{} Word files; errors in Word {}, in PDF text {}",
        docx.len(),
        from_word.len(),
        from_pdf.len()
    );
}
