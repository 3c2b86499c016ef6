//! `vblint annotate`: a copy of a plan with the findings written into it, for reviewers who
//! answer by e-mail. A `.docx` gets one Word comment per finding (see [`docx`]); a `.txt` gets a
//! `[vblint: …]` note line after each line with findings.
//!
//! The input is only read. Writing the copy (atomically, refusing to overwrite) is the caller's
//! job, with [`crate::write::write_atomic`].

pub mod command;
pub mod docx;

use std::path::{Path, PathBuf};

use crate::check::{Diagnostic, Kind, RuleSet, Severity};
use crate::extract::{InputKind, Location};
use crate::parse::Document;
use crate::write::WriteError;

pub use docx::{Note, Placed};

/// An annotated copy in memory.
#[derive(Debug, Clone)]
pub struct Annotated {
    /// The copy's bytes.
    pub bytes: Vec<u8>,
    /// Comments (or notes) written: one per finding.
    pub comments: usize,
    /// How `.docx` comments were anchored (zero for `.txt`).
    pub placed: Placed,
    /// The copy's extension: `docx` or `txt`.
    pub extension: &'static str,
}

/// The default output beside the input: `ke-hoach.docx` → `ke-hoach.vblint.docx`.
pub fn output_path(input: &Path, extension: &str) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "ke-hoach".into());
    input.with_file_name(format!("{stem}.vblint.{extension}"))
}

/// True for a file that is itself an annotated copy (skipped when a folder is annotated).
pub fn is_annotated_copy(path: &Path) -> bool {
    path.file_stem()
        .is_some_and(|s| s.to_string_lossy().ends_with(".vblint"))
}

/// Annotates `input` (the bytes `doc` was read from) with `diags`.
pub fn annotate(
    input: &[u8],
    doc: &Document,
    diags: &[Diagnostic],
    rules: &RuleSet,
    english: bool,
) -> Result<Annotated, WriteError> {
    match doc.input {
        InputKind::Docx => {
            let notes = notes(doc, diags, rules, english);
            let (bytes, placed) = docx::annotate(input, doc, &notes)?;
            Ok(Annotated {
                bytes,
                comments: notes.len(),
                placed,
                extension: "docx",
            })
        }
        InputKind::Txt => {
            let crlf = input.windows(2).any(|w| w == b"\r\n");
            Ok(Annotated {
                bytes: txt(doc, diags, rules, english, crlf).into_bytes(),
                comments: diags.len(),
                placed: Placed::default(),
                extension: "txt",
            })
        }
    }
}

struct Words {
    error: &'static str,
    warning: &'static str,
    info: &'static str,
    help: &'static str,
    rule: &'static str,
    source: &'static str,
    section: &'static str,
    missing: &'static str,
    page_furniture: &'static str,
}

const VI: Words = Words {
    error: "LỖI",
    warning: "CẢNH BÁO",
    info: "THÔNG TIN",
    help: "Cách sửa",
    rule: "Quy tắc",
    source: "Căn cứ",
    section: "Mục",
    missing:
        "Phát hiện này không gắn với một chỗ cụ thể (phần được nói đến không có trong văn bản); \
              bình luận được đặt ở tiêu đề hoặc đoạn cuối.",
    page_furniture: "Phát hiện nằm ở đầu trang hoặc chân trang; bình luận được đặt ở tiêu đề.",
};

const EN: Words = Words {
    error: "ERROR",
    warning: "WARNING",
    info: "INFO",
    help: "How to fix",
    rule: "Rule",
    source: "Source",
    section: "Section",
    missing: "This finding is not tied to a place (the part it speaks of is not in the document); \
              the comment is attached to the title or the last paragraph.",
    page_furniture:
        "The finding is in a page header or footer; the comment is attached to the title.",
};

fn severity_word(s: Severity, w: &Words) -> &'static str {
    match s {
        Severity::Error => w.error,
        Severity::Warning => w.warning,
        Severity::Info => w.info,
    }
}

/// True for findings about a part that is missing, which point at a stand-in place.
fn placeless(d: &Diagnostic, rules: &RuleSet) -> bool {
    rules
        .get(&d.rule)
        .is_some_and(|r| matches!(r.kind, Kind::RequiredSection(_) | Kind::ZoneRequired(_)))
}

/// The paragraphs of one finding's comment: severity and message, help, rule id and legal
/// source, and where needed why it sits where it does.
pub fn comment_text(doc: &Document, d: &Diagnostic, rules: &RuleSet, english: bool) -> Vec<String> {
    let w = if english { &EN } else { &VI };
    let mut out = vec![format!("{}: {}", severity_word(d.severity, w), d.message)];
    out.push(format!("{}: {}", w.help, d.help));
    let mut id = format!("{}: {}", w.rule, d.rule);
    if let Some(s) = &d.section {
        id = format!("{id} · {}: {s}", w.section);
    }
    if let Some(src) = rules
        .get(&d.rule)
        .map(|r| r.docs.source.trim())
        .filter(|s| !s.is_empty())
    {
        id = format!("{id} · {}: {src}", w.source);
    }
    out.push(id);
    if placeless(d, rules) {
        out.push(w.missing.into());
    } else {
        let line = doc
            .source
            .line_of(d.span.start.min(doc.source.text().len()));
        if matches!(
            doc.line_info.get(line).map(|i| &i.location),
            Some(Location::PageHeader { .. } | Location::PageFooter { .. })
        ) {
            out.push(w.page_furniture.into());
        }
    }
    out
}

/// One note per finding, in the findings' order.
pub fn notes(doc: &Document, diags: &[Diagnostic], rules: &RuleSet, english: bool) -> Vec<Note> {
    diags
        .iter()
        .map(|d| Note {
            span: d.span,
            paragraphs: comment_text(doc, d, rules, english),
        })
        .collect()
}

/// The `.txt` copy: every line as the user wrote it, and after a line with findings one
/// `[vblint: …]` line per finding.
pub fn txt(
    doc: &Document,
    diags: &[Diagnostic],
    rules: &RuleSet,
    english: bool,
    crlf: bool,
) -> String {
    let eol = if crlf { "\r\n" } else { "\n" };
    let source = &doc.source;
    let mut by_line: Vec<Vec<&Diagnostic>> = vec![Vec::new(); source.line_count()];
    for d in diags {
        let line = source.line_of(d.span.start.min(source.text().len()));
        if let Some(v) = by_line.get_mut(line) {
            v.push(d);
        }
    }
    let mut out = String::with_capacity(source.display().len() + diags.len() * 200);
    let display: Vec<&str> = source.display().split('\n').collect();
    for (i, line) in display.iter().enumerate() {
        let last = i + 1 == display.len();
        if last && line.is_empty() {
            break;
        }
        out.push_str(line);
        out.push_str(eol);
        for d in by_line.get(i).into_iter().flatten() {
            let column = source.position(d.span.start).column;
            out.push_str(&format!(
                "[vblint: {} {}:{column}: {}]{eol}",
                d.rule,
                i + 1,
                comment_text(doc, d, rules, english).join(" — ")
            ));
        }
    }
    out
}
