//! Parity: the same plan as `.txt` and as `.docx` gives the same structural findings.
//!
//! Layout rules read only `.docx`, so they are left out; every other rule must find the same
//! things on the same text, whichever format carried it. The `.docx` twins are built the way
//! Word users write plans: the header and the signature as borderless two-column tables (left
//! cell, then right cell, which is the reading order of a table), headings as auto-numbered lists
//! from `numbering.xml`, blank lines as empty paragraphs.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use support::docx::{np, p, two_columns, Docx, PLAN_NUMBERING as NUMBERING};
use vblint::check::{self, CheckOptions, RuleSet};
use vblint::extract;
use vblint::parse::{self, Document, ParseOptions};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (rule id, the text where the finding points) for every non-layout finding. A `.txt` header
/// line holds both columns separated by a tab, so the text is the tab-separated column the
/// finding starts in.
fn findings(doc: &Document, rules: &RuleSet) -> BTreeSet<(String, String)> {
    check::check(doc, rules, &CheckOptions::default())
        .into_iter()
        .filter(|d| !d.rule.starts_with("layout-"))
        .map(|d| {
            let source = &doc.source;
            let line = source.line_span(source.line_of(d.span.start));
            let text = source.slice(line);
            let at = d.span.start.saturating_sub(line.start);
            let mut start = 0;
            let mut column = text;
            for part in text.split('\t') {
                let end = start + part.len();
                if at <= end {
                    column = part;
                    break;
                }
                start = end + 1;
            }
            (d.rule, column.trim().to_string())
        })
        .collect()
}

fn read(path: &Path) -> Document {
    let bytes = std::fs::read(path).expect("readable fixture");
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_string())
        .unwrap_or_default();
    let x = extract::extract(&bytes, &ext).unwrap_or_else(|e| panic!("{}", e.message(true)));
    parse::parse(x, &ParseOptions::default())
}

fn escape(s: &str) -> String {
    vblint::check::docx_example::xml_escape(s)
}

fn roman(n: usize) -> String {
    const R: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
    R.get(n.wrapping_sub(1))
        .map_or_else(|| n.to_string(), |s| s.to_string())
}

/// Tracks Word's list counters so that a typed label is turned into auto-numbering only when
/// Word would render exactly that label (otherwise the line stays typed text).
#[derive(Default)]
struct Counters([usize; 3]);

impl Counters {
    fn paragraph(&mut self, line: &str) -> String {
        let (label, rest) = line.split_once(' ').unwrap_or((line, ""));
        // Party plans separate the number with a hyphen: they use the second list.
        let (sep, num_id) = if label.ends_with('-') {
            ('-', 2)
        } else {
            ('.', 1)
        };
        for level in 0..3 {
            let next = self.0[level] + 1;
            let want = match level {
                0 => format!("{}{sep}", roman(next)),
                1 => format!("{next}{sep}"),
                // Word's lowerLetter runs a b c d e …; plans write đ after d, so stop at e.
                _ if next <= 5 => format!("{})", char::from(b'a' + next as u8 - 1)),
                _ => continue,
            };
            // A level below a missing parent would render a different label; keep it typed.
            let parent_ok = level == 0 || self.0[level - 1] > 0;
            if label == want && parent_ok && !rest.is_empty() {
                self.0[level] = next;
                for deeper in &mut self.0[level + 1..] {
                    *deeper = 0;
                }
                return np(num_id, level as u8, &escape(rest));
            }
        }
        p("", &escape(line))
    }
}

/// The `.docx` a Word user would make of a `.txt` plan whose header and signature lines hold
/// two columns separated by a tab.
fn docx_twin(text: &str) -> Docx {
    let lines: Vec<&str> = text.lines().collect();
    let header_end = lines
        .iter()
        .position(|l| !l.contains('\t'))
        .unwrap_or(lines.len());
    let sign_start = lines
        .iter()
        .rposition(|l| l.trim_start().starts_with("Nơi nhận") && l.contains('\t'))
        .or_else(|| {
            // A plan without a recipient block may still have a two-column signature line.
            lines
                .iter()
                .enumerate()
                .skip(header_end)
                .find(|(_, l)| l.contains('\t'))
                .map(|(i, _)| i)
        })
        .unwrap_or(lines.len())
        .max(header_end);
    fn split<'a>(block: &[&'a str]) -> (Vec<&'a str>, Vec<&'a str>) {
        let mut left = Vec::new();
        let mut right = Vec::new();
        for l in block {
            match l.split_once('\t') {
                Some((a, b)) => {
                    if !a.trim().is_empty() {
                        left.push(a.trim());
                    }
                    if !b.trim().is_empty() {
                        right.push(b.trim());
                    }
                }
                None if !l.trim().is_empty() => left.push(l.trim()),
                None => {}
            }
        }
        (left, right)
    }
    let mut body = String::new();
    if header_end > 0 {
        let (l, r) = split(&lines[..header_end]);
        body.push_str(&two_columns(&l, &r));
    }
    let mut counters = Counters::default();
    for line in &lines[header_end..sign_start] {
        if line.trim().is_empty() {
            body.push_str("<w:p/>");
        } else {
            body.push_str(&counters.paragraph(line.trim()));
        }
    }
    if sign_start < lines.len() {
        let (l, r) = split(&lines[sign_start..]);
        body.push_str(&two_columns(&l, &r));
    }
    Docx::new(&body).numbering(NUMBERING)
}

fn compare(name: &str, txt: &Document, docx: &Document, rules: &RuleSet) -> Option<String> {
    let a = findings(txt, rules);
    let b = findings(docx, rules);
    if a == b {
        return None;
    }
    let only_txt: Vec<_> = a.difference(&b).collect();
    let only_docx: Vec<_> = b.difference(&a).collect();
    Some(format!(
        "{name}:\n  only in .txt: {only_txt:?}\n  only in .docx: {only_docx:?}"
    ))
}

#[test]
fn real_docx_twins_give_the_same_findings() {
    let rules = RuleSet::embedded().expect("rules");
    let dir = root().join("fixtures/docx");
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures/docx").flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "docx") {
            continue;
        }
        let twin = path.with_extension("txt");
        if !twin.exists() {
            continue;
        }
        checked += 1;
        let name = path.file_name().map(|n| n.to_string_lossy().to_string());
        failures.extend(compare(
            &name.unwrap_or_default(),
            &read(&twin),
            &read(&path),
            &rules,
        ));
    }
    assert!(checked >= 1, "no .docx fixture with a .txt twin");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn plan_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("fixtures/plans/clean-state.txt")];
    for dir in std::fs::read_dir(root().join("fixtures/rules"))
        .expect("fixtures/rules")
        .flatten()
    {
        for f in std::fs::read_dir(dir.path()).expect("rule dir").flatten() {
            let path = f.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            // The legacy-encoding fixture is about bytes, which a .docx twin cannot share.
            if path.extension().is_some_and(|e| e == "txt")
                && name.starts_with("fail")
                && !path.to_string_lossy().contains("text-legacy-encoding")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn built_docx_twins_give_the_same_findings() {
    let rules = RuleSet::embedded().expect("rules");
    let files = plan_files();
    assert!(files.len() >= 10, "{files:?}");
    let mut failures = Vec::new();
    let mut compared = 0;
    for path in &files {
        // A fixture saved in another encoding (Windows-1258) tests the text reader; it has no
        // .docx twin.
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let txt = read(path);
        let x = twin_extract(&text);
        let docx = parse::parse(x, &ParseOptions::default());
        let name = path
            .strip_prefix(root())
            .unwrap_or(path)
            .display()
            .to_string();
        if name.ends_with("clean-state.txt") {
            // The zones are really read from the tables, not just equally missing.
            assert!(docx.header.quoc_hieu.is_some() && docx.header.so_ky_hieu.is_some());
            assert!(docx.noi_nhan.as_ref().is_some_and(|n| n.items.len() == 3));
            assert!(docx.signers.first().is_some_and(|s| s.name.is_some()));
            assert!(docx.line_info.iter().any(|l| matches!(
                l.location,
                vblint::extract::Location::Body { cell: Some(_), .. }
            )));
        }
        compared += findings(&txt, &rules).len();
        // Word's list here numbers 1., a) only under a Roman heading (a letter has none).
        let has_roman = text
            .lines()
            .any(|l| l.starts_with("I.") || l.starts_with("I-"));
        assert!(
            !has_roman || docx.sections.iter().any(|s| s.marker.auto_numbered),
            "{name}: the twin should number its headings automatically"
        );
        failures.extend(compare(&name, &txt, &docx, &rules));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // The fail fixtures must have given something to compare.
    assert!(
        compared >= files.len() - 1,
        "only {compared} findings compared"
    );
}

#[test]
fn footnotes_give_the_same_findings() {
    // A footnote typed at the end of a .txt and a real footnote of the .docx.
    let rules = RuleSet::embedded().expect("rules");
    let path = root().join("fixtures/rules/basis-incomplete/fail-no-date.txt");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let note = "Kế hoạch số 12/KH-PGDĐT ngày 05/01/2024 của Phòng Giáo dục và Đào tạo.";
    let with_note = format!(
        "{}\n¹ {note}\n",
        text.trim_end().replacen("như sau:", "như sau:¹", 1)
    );
    let txt = check::parse_text(&with_note, None);
    let mut twin = docx_twin(&text);
    // The reference goes at the end of the basis paragraph.
    let basis = twin.body.find("Căn cứ").expect("a basis paragraph");
    let end = basis
        + twin.body[basis..]
            .find("</w:t></w:r></w:p>")
            .expect("its end");
    twin.body.insert_str(
        end + "</w:t></w:r>".len(),
        r#"<w:r><w:footnoteReference w:id="1"/></w:r>"#,
    );
    let twin = twin.footnotes(&format!(
        r#"<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {}</w:t></w:r></w:p></w:footnote>"#,
        escape(note)
    ));
    let docx = parse::parse(twin.extract(), &ParseOptions::default());
    assert_eq!(docx.footnotes.len(), 1);
    assert!(docx.basis.iter().any(|b| docx.text(*b).ends_with('¹')));
    assert_eq!(txt.footnotes.len(), 1);
    let a: BTreeSet<_> = findings(&txt, &rules);
    let b: BTreeSet<_> = findings(&docx, &rules);
    assert_eq!(a, b);
}

fn twin_extract(text: &str) -> extract::Extracted {
    docx_twin(text).extract()
}

#[test]
fn the_twin_builder_numbers_headings_like_word() {
    let x = twin_extract("I. MỤC ĐÍCH\n1. Mục đích\na) một\nđ) typed\nII. NỘI DUNG\n1. Nhiệm vụ");
    let lines: Vec<&str> = x.text.split('\n').collect();
    assert_eq!(
        lines,
        [
            "I. MỤC ĐÍCH",
            "1. Mục đích",
            "a) một",
            "đ) typed",
            "II. NỘI DUNG",
            "1. Nhiệm vụ"
        ]
    );
    assert!(x.lines[0].numbering.is_some() && x.lines[2].numbering.is_some());
    assert!(x.lines[3].numbering.is_none(), "đ) is typed, Word has no đ");
}
