//! The benchmark's floor: the least any `.docx`/`.txt` linter must do. For a `.docx` it opens
//! the package with the same `zip` crate as vblint and inflates `word/document.xml`; for a
//! `.txt` it reads the file. Nothing is parsed or checked.
//!
//! ```sh
//! cargo run --release --example floor -- [-j THREADS] [--xml] FILE_OR_FOLDER...
//! ```
//!
//! `--xml` also reads `word/document.xml` with quick-xml (the parser vblint uses) and collects
//! the text of its `w:t` elements and paragraph breaks, with no model and no rules: what a
//! minimal parse adds to the floor, for the benchmark's note on per-file cost.
//!
//! Prints the number of files and of bytes produced, so the work cannot be optimised away.

use std::io::Read;
use std::path::{Path, PathBuf};

fn walk(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            walk(&p, out);
        }
    } else if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("docx"))
    {
        out.push(path.to_path_buf());
    }
}

/// The text of a WordprocessingML part: the content of `w:t` elements, a newline per `w:p`.
fn xml_text(xml: &[u8]) -> std::io::Result<String> {
    use quick_xml::events::Event;
    let xml = std::str::from_utf8(xml).map_err(std::io::Error::other)?;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut text = String::new();
    let mut in_t = false;
    loop {
        match reader
            .read_event()
            .map_err(|e| std::io::Error::other(e.to_string()))?
        {
            Event::Start(e) if e.name().as_ref() == "w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_t = false,
            Event::End(e) if e.name().as_ref() == "w:p" => text.push('\n'),
            Event::Text(t) if in_t => text.push_str(&t.xml10_content()),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(text)
}

/// The bytes a linter would at least have to look at in `path` (with `xml`: the bytes of the
/// text pulled out of the XML).
fn floor(path: &Path, parse_xml: bool) -> std::io::Result<usize> {
    let is_docx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if !is_docx {
        return Ok(std::fs::read(path)?.len());
    }
    let file = std::fs::File::open(path)?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))?;
    let mut part = zip.by_name("word/document.xml")?;
    let mut xml = Vec::with_capacity(part.size() as usize);
    part.read_to_end(&mut xml)?;
    if parse_xml {
        return Ok(xml_text(&xml)?.len());
    }
    Ok(xml.len())
}

fn main() {
    let mut threads = 1usize;
    let mut files = Vec::new();
    let mut parse_xml = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "-j" {
            threads = args
                .next()
                .and_then(|n| n.parse().ok())
                .filter(|&n| n > 0)
                .unwrap_or_else(|| {
                    eprintln!("usage: floor [-j THREADS] [--xml] FILE_OR_FOLDER...");
                    std::process::exit(2)
                });
        } else if a == "--xml" {
            parse_xml = true;
        } else {
            walk(Path::new(&a), &mut files);
        }
    }
    let files = &files;
    let totals: Vec<(usize, usize)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let (mut bytes, mut errors) = (0, 0);
                    for path in files.iter().skip(t).step_by(threads) {
                        match floor(path, parse_xml) {
                            Ok(n) => bytes += n,
                            Err(e) => {
                                eprintln!("error: {}: {e}", path.display());
                                errors += 1;
                            }
                        }
                    }
                    (bytes, errors)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or((0, 1)))
            .collect()
    });
    let bytes: usize = totals.iter().map(|t| t.0).sum();
    let errors: usize = totals.iter().map(|t| t.1).sum();
    println!("{} files, {bytes} bytes, {errors} errors", files.len());
    if errors > 0 {
        std::process::exit(1);
    }
}
