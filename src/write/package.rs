//! Surgical edits of a `.docx` package, shared by `vblint fix` and `vblint annotate`.
//!
//! A [`PackageEditor`] reads parts of an input package (under the reader's zip-bomb limits),
//! records replaced and added parts, relationships and content types, and [`finish`]es into the
//! bytes of a new package in which every entry it was not asked to change is copied raw: the
//! same compressed bytes, CRC, name and metadata. [`write_atomic`] puts any output on disk through
//! a temporary file in the target folder and a rename.
//!
//! ```no_run
//! use vblint::write::{write_atomic, PackageEditor};
//! # fn main() -> Result<(), vblint::write::WriteError> {
//! let input = std::fs::read("ke-hoach.docx").expect("read");
//! let mut pkg = PackageEditor::open(&input)?;
//! let main = pkg.main_part()?; // usually "word/document.xml"
//! let xml = pkg.read(&main)?.expect("the main part exists");
//! pkg.set(&main, xml); // the edited XML
//! pkg.set("word/comments.xml", b"<w:comments .../>".to_vec());
//! pkg.set_content_type(
//!     "word/comments.xml",
//!     "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
//! )?;
//! pkg.add_relationship(
//!     &main,
//!     "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
//!     "word/comments.xml",
//! )?;
//! let bytes = pkg.finish()?;
//! write_atomic(std::path::Path::new("ke-hoach.annotated.docx"), &bytes, false)?;
//! # Ok(()) }
//! ```
//!
//! [`finish`]: PackageEditor::finish

use std::collections::HashMap;
use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::extract::docx::package::{parse_rels, rels_part, source_dir, Package, RelEntry};
use crate::extract::docx::xml::{self, Event, Ns};
use crate::extract::ExtractError;

/// The content type of a relationships part.
const RELS_CONTENT_TYPE: &str = "application/vnd.openxmlformats-package.relationships+xml";
/// The package relationships namespace, for a `.rels` part written from scratch.
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
/// The content types part.
const CONTENT_TYPES: &str = "[Content_Types].xml";

/// Why a package could not be edited or an output written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// The input package could not be read (the reader's own error and limits).
    Read(ExtractError),
    /// An edited part is not well-formed XML; the package is not written rather than corrupted.
    BrokenPart {
        /// Part name.
        part: String,
        /// What the XML reader said.
        detail: String,
    },
    /// The zip writer failed (for example two entries with the same name in the input).
    Zip(String),
    /// The output exists and overwriting was not asked for.
    Exists(PathBuf),
    /// The operating system refused a write.
    Io {
        /// The file being written.
        path: PathBuf,
        /// The system's message.
        detail: String,
    },
}

impl WriteError {
    /// The one-line message, in Vietnamese (`english == false`) or English.
    pub fn message(&self, english: bool) -> String {
        use WriteError::*;
        match (self, english) {
            (Read(e), _) => e.message(english),
            (BrokenPart { part, detail }, false) => {
                format!("phần {part} sau khi sửa không phải XML hợp lệ ({detail}); không ghi tệp")
            }
            (BrokenPart { part, detail }, true) => {
                format!("part {part} is not well-formed after editing ({detail}); nothing written")
            }
            (Zip(d), false) => format!("không ghi được gói .docx ({d})"),
            (Zip(d), true) => format!("cannot write the .docx package ({d})"),
            (Exists(p), false) => format!("tệp {} đã có; dùng --force để ghi đè", p.display()),
            (Exists(p), true) => format!(
                "{} already exists; use --force to overwrite it",
                p.display()
            ),
            (Io { path, detail }, false) => format!("không ghi được {}: {detail}", path.display()),
            (Io { path, detail }, true) => format!("cannot write {}: {detail}", path.display()),
        }
    }
}

impl From<ExtractError> for WriteError {
    fn from(e: ExtractError) -> Self {
        WriteError::Read(e)
    }
}

/// An input package and the changes to write over it. The input bytes are only read.
pub struct PackageEditor<'a> {
    input: &'a [u8],
    reader: Package<'a>,
    /// Lower-cased part name → (name as written, new content).
    changed: HashMap<String, (String, Vec<u8>)>,
    /// Lower-cased names of parts the input does not have, in the order they were added.
    added: Vec<String>,
}

impl<'a> PackageEditor<'a> {
    /// Opens a package with the reader's checks and limits (zip-bomb, entry count, OLE2 files).
    pub fn open(input: &'a [u8]) -> Result<Self, WriteError> {
        if input.starts_with(&crate::extract::docx::package::OLE2_MAGIC) {
            return Err(crate::extract::docx::package::classify_ole2(input).into());
        }
        Ok(PackageEditor {
            input,
            reader: Package::open(input)?,
            changed: HashMap::new(),
            added: Vec::new(),
        })
    }

    /// True when the package has this part, in the input or added since (names are
    /// case-insensitive, as in OPC).
    pub fn has(&self, name: &str) -> bool {
        let key = key(name);
        self.changed.contains_key(&key) || self.reader.has(&key)
    }

    /// The current content of a part: the latest [`set`](Self::set), else the input's.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, WriteError> {
        if let Some((_, bytes)) = self.changed.get(&key(name)) {
            return Ok(Some(bytes.clone()));
        }
        Ok(self.reader.read(name.trim_start_matches('/'))?)
    }

    /// The main document part (`word/document.xml` in almost every package), found from the
    /// package relationships as the reader finds it.
    pub fn main_part(&mut self) -> Result<String, WriteError> {
        let root = self.rels("")?;
        if let Some(rel) = root
            .iter()
            .find(|r| r.kind.rsplit('/').next() == Some("officeDocument") && self.has(&r.target))
        {
            return Ok(rel.target.clone());
        }
        if self.has("word/document.xml") {
            return Ok("word/document.xml".into());
        }
        Err(ExtractError::NoMainPart.into())
    }

    /// Replaces a part, or adds it when the package has none of that name. A new part also
    /// needs [`set_content_type`](Self::set_content_type) unless a `Default` covers its extension,
    /// and usually a relationship.
    pub fn set(&mut self, name: &str, bytes: Vec<u8>) {
        let key = key(name);
        if !self.reader.has(&key) && !self.added.contains(&key) {
            self.added.push(key.clone());
        }
        let stored = name.trim_start_matches('/').to_string();
        self.changed.insert(key, (stored, bytes));
    }

    /// The names of the parts replaced or added so far.
    pub fn changed_parts(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.changed.values().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        names
    }

    /// Makes `source` (a part name, or `""` for the package) point to `target` (a part name)
    /// with a relationship of type `rel_type` (the full type URI), and returns its `Id`. An
    /// existing relationship of the same type and target is reused.
    pub fn add_relationship(
        &mut self,
        source: &str,
        rel_type: &str,
        target: &str,
    ) -> Result<String, WriteError> {
        let source = source.trim_start_matches('/');
        let target = target.trim_start_matches('/');
        let rels_name = rels_part(source);
        let existing = self.rels(source)?;
        if let Some(rel) = existing
            .iter()
            .find(|r| r.kind == rel_type && r.target.eq_ignore_ascii_case(target))
        {
            return Ok(rel.id.clone());
        }
        let id = (1..)
            .map(|n| format!("rId{n}"))
            .find(|id| !existing.iter().any(|r| &r.id == id))
            .unwrap_or_default();
        let dir = source_dir(source);
        let relative = match target.strip_prefix(dir) {
            Some(rest) => rest.to_string(),
            _ => format!("/{target}"),
        };
        let element = |prefix: &str| {
            format!(
                "<{prefix}Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\"/>",
                super::xml_escape(&id),
                super::xml_escape(rel_type),
                super::xml_escape(&relative)
            )
        };
        let text = match self.read(&rels_name)? {
            Some(bytes) => insert_before_root_end(&rels_name, &bytes, element)?,
            None => {
                // A part with no relationships yet: write its `.rels` from scratch.
                if !self.has_default_for(&rels_name)? {
                    self.set_content_type(&rels_name, RELS_CONTENT_TYPE)?;
                }
                format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
                     <Relationships xmlns=\"{RELS_NS}\">{}</Relationships>",
                    element("")
                )
            }
        };
        self.set(&rels_name, text.into_bytes());
        Ok(id)
    }

    /// Declares the content type of `part` with an `Override` in `[Content_Types].xml`,
    /// replacing an existing override of that part.
    pub fn set_content_type(&mut self, part: &str, content_type: &str) -> Result<(), WriteError> {
        let part_name = format!("/{}", part.trim_start_matches('/'));
        let bytes = self
            .read(CONTENT_TYPES)?
            .ok_or(WriteError::Read(ExtractError::NoMainPart))?;
        let text = xml::decode_part(CONTENT_TYPES, &bytes)?.into_owned();
        let element = |prefix: &str| {
            format!(
                "<{prefix}Override PartName=\"{}\" ContentType=\"{}\"/>",
                super::xml_escape(&part_name),
                super::xml_escape(content_type)
            )
        };
        let updated = match find_override(&text, &part_name) {
            Some((start, end, current)) => {
                if current == content_type {
                    return Ok(());
                }
                let prefix = element_prefix(&text[start..end]);
                format!("{}{}{}", &text[..start], element(&prefix), &text[end..])
            }
            None => insert_before_root_end(CONTENT_TYPES, &bytes, element)?,
        };
        self.set(CONTENT_TYPES, updated.into_bytes());
        Ok(())
    }

    /// The bytes of the new package: entries in the input's order, changed ones rewritten
    /// (deflated, keeping their timestamps), every other one copied raw, added ones at the end.
    /// Each changed XML part must be well-formed, or nothing is produced.
    pub fn finish(self) -> Result<Vec<u8>, WriteError> {
        for (name, bytes) in self.changed.values() {
            check_well_formed(name, bytes)?;
        }
        let zip_err = |e: zip::result::ZipError| WriteError::Zip(e.to_string());
        let io_err = |e: std::io::Error| WriteError::Zip(e.to_string());
        let mut src = ZipArchive::new(Cursor::new(self.input))
            .map_err(|e| WriteError::Read(ExtractError::BrokenZip(e.to_string())))?;
        let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(self.input.len() + 4096)));
        let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for i in 0..src.len() {
            let entry = src.by_index_raw(i).map_err(zip_err)?;
            let name = entry.name().map_err(zip_err)?.into_owned();
            match self.changed.get(&key(&name)) {
                Some((_, bytes)) => {
                    let mut options = deflated;
                    if let Some(t) = entry.last_modified() {
                        options = options.last_modified_time(t);
                    }
                    drop(entry);
                    out.start_file(name, options).map_err(zip_err)?;
                    out.write_all(bytes).map_err(io_err)?;
                }
                None => out.raw_copy_file(entry).map_err(zip_err)?,
            }
        }
        for key in &self.added {
            if let Some((name, bytes)) = self.changed.get(key) {
                out.start_file(name.as_str(), deflated).map_err(zip_err)?;
                out.write_all(bytes).map_err(io_err)?;
            }
        }
        let comment = src.comment().to_vec();
        if !comment.is_empty() {
            out.set_raw_comment(comment.into_boxed_slice())
                .map_err(zip_err)?;
        }
        Ok(out.finish().map_err(zip_err)?.into_inner())
    }

    /// The relationships of `source` as currently edited (full type URIs; external targets
    /// empty).
    fn rels(&mut self, source: &str) -> Result<Vec<RelEntry>, WriteError> {
        let rels_name = rels_part(source);
        let Some(bytes) = self.read(&rels_name)? else {
            return Ok(Vec::new());
        };
        Ok(parse_rels(&rels_name, &bytes, source_dir(source))?)
    }

    /// True when `[Content_Types].xml` has a `Default` for the part's extension.
    fn has_default_for(&mut self, part: &str) -> Result<bool, WriteError> {
        let Some(ext) = part.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) else {
            return Ok(false);
        };
        let Some(bytes) = self.read(CONTENT_TYPES)? else {
            return Ok(false);
        };
        let text = xml::decode_part(CONTENT_TYPES, &bytes)?;
        let mut r = xml::Reader::new(CONTENT_TYPES, &text);
        loop {
            match r.next()? {
                Event::Eof => return Ok(false),
                Event::Start(el)
                    if el.local == "Default"
                        && el
                            .attr_ns(Ns::None, "Extension")
                            .is_some_and(|e| e.eq_ignore_ascii_case(&ext)) =>
                {
                    return Ok(true);
                }
                _ => {}
            }
        }
    }
}

fn key(name: &str) -> String {
    name.trim_start_matches('/').to_lowercase()
}

/// The namespace prefix (with its colon) of the element whose tag starts `tag`.
fn element_prefix(tag: &str) -> String {
    let name: String = tag
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
        .collect();
    name.rsplit_once(':')
        .map(|(p, _)| format!("{p}:"))
        .unwrap_or_default()
}

/// Inserts the element made by `element(prefix)` as the last child of the part's root, using
/// the root's own prefix; an empty root (`<Types/>`) is opened up first.
fn insert_before_root_end(
    part: &str,
    bytes: &[u8],
    element: impl Fn(&str) -> String,
) -> Result<String, WriteError> {
    let text = xml::decode_part(part, bytes)?.into_owned();
    let trimmed = text.trim_end();
    let broken = || WriteError::BrokenPart {
        part: part.to_string(),
        detail: "no root element end".into(),
    };
    if let Some(start) = trimmed.rfind("</") {
        let prefix = element_prefix(&trimmed[start..]);
        return Ok(format!(
            "{}{}{}",
            &text[..start],
            element(&prefix),
            &text[start..]
        ));
    }
    // An empty root element: `<Relationships xmlns="…"/>`.
    let body = trimmed.strip_suffix("/>").ok_or_else(broken)?;
    let open = body.rfind('<').ok_or_else(broken)?;
    let qname: String = body[open + 1..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let prefix = element_prefix(&body[open..]);
    Ok(format!("{body}>{}</{qname}>", element(&prefix)))
}

/// The `Override` element for `part_name` in a content types text: its byte range and type.
fn find_override(text: &str, part_name: &str) -> Option<(usize, usize, String)> {
    let mut from = 0;
    while let Some(rel) = text[from..].find("Override") {
        let at = from + rel;
        from = at + "Override".len();
        let Some(start) = text[..at].rfind('<') else {
            continue;
        };
        if text[start + 1..at].contains(|c: char| c.is_whitespace() || c == '/' || c == '>') {
            continue;
        }
        let Some(len) = text[at..].find('>') else {
            break;
        };
        let end = at + len + 1;
        let tag = &text[start..end];
        if attr_value(tag, "PartName").is_some_and(|p| p.eq_ignore_ascii_case(part_name)) {
            let ct = attr_value(tag, "ContentType").unwrap_or_default();
            return Some((start, end, ct));
        }
    }
    None
}

/// The value of an unqualified attribute in one start tag (either quote style).
fn attr_value(tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(rel) = tag[from..].find(name) {
        let at = from + rel;
        from = at + name.len();
        let before_ok = tag[..at].ends_with(char::is_whitespace);
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next()?;
        if !before_ok || (quote != '"' && quote != '\'') {
            continue;
        }
        let value = &rest[1..];
        let end = value.find(quote)?;
        return Some(
            value[..end]
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        );
    }
    None
}

/// Parses an edited XML part to the end; other parts (images…) are not judged.
fn check_well_formed(name: &str, bytes: &[u8]) -> Result<(), WriteError> {
    let lower = name.to_ascii_lowercase();
    if !(lower.ends_with(".xml") || lower.ends_with(".rels")) {
        return Ok(());
    }
    let to_broken = |e: ExtractError| match e {
        ExtractError::BrokenXml { part, detail } | ExtractError::UnsafeXml { part, detail } => {
            WriteError::BrokenPart { part, detail }
        }
        other => WriteError::Read(other),
    };
    let text = xml::decode_part(name, bytes).map_err(to_broken)?;
    let mut r = xml::Reader::new(name, &text);
    loop {
        if let Event::Eof = r.next().map_err(to_broken)? {
            return Ok(());
        }
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed, then
/// renamed over `path`. Without `overwrite`, an existing `path` is an [`WriteError::Exists`]
/// and is left alone. When replacing a file, its permissions are kept.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let io = |detail: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    };
    if !overwrite && path.exists() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vblint".into());
    let tmp = dir.join(format!(
        ".{file_name}.{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io)?;
        f.write_all(bytes).map_err(io)?;
        f.sync_all().map_err(io)?;
        drop(f);
        if overwrite {
            if let Ok(meta) = fs::metadata(path) {
                fs::set_permissions(&tmp, meta.permissions()).map_err(io)?;
            }
            return fs::rename(&tmp, path).map_err(io);
        }
        // A hard link fails when the name exists, so a file created meanwhile is never
        // replaced; file systems without hard links fall back to a checked rename.
        match fs::hard_link(&tmp, path) {
            Ok(()) => {
                let _ = fs::remove_file(&tmp);
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(WriteError::Exists(path.to_path_buf()))
            }
            Err(_) if path.exists() => Err(WriteError::Exists(path.to_path_buf())),
            Err(_) => fs::rename(&tmp, path).map_err(io),
        }
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests;
