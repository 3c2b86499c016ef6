//! The zip package: opening it, reading parts under zip-bomb limits, and following
//! relationships (`.rels`) to find parts by role rather than by name.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::xml::{self, Event, Ns};
use crate::extract::ExtractError;

pub use crate::limits::{MAX_ENTRIES, MAX_PART_BYTES, MAX_TOTAL_BYTES};
use crate::limits::{MAX_RATIO, RATIO_FLOOR};

/// Bytes inflated between two checks of the part limits.
const CHUNK: u64 = 64 << 10;

/// An open package.
pub(crate) struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased part name → entry index: OPC part names are case-insensitive.
    index: HashMap<String, usize>,
    total: u64,
}

/// One relationship of a part.
#[derive(Debug, Clone)]
pub(crate) struct Rel {
    /// `Id`, referenced by `r:id` attributes.
    pub id: String,
    /// The last segment of `Type` (`officeDocument`, `styles`, `header`, …): it is the same in
    /// Transitional and Strict packages.
    pub kind: String,
    /// The target part name (absolute, without a leading `/`).
    pub target: String,
}

impl<'a> Package<'a> {
    /// Opens the zip; `NotZip` when the bytes are not a zip at all, `BrokenZip` when damaged.
    pub fn open(bytes: &'a [u8]) -> Result<Self, ExtractError> {
        if !bytes.starts_with(b"PK") {
            return Err(ExtractError::NotZip);
        }
        // The archive reader loads the whole central directory, so refuse huge entry counts
        // before it allocates for them.
        if let Some(n) = declared_entries(bytes) {
            if n > MAX_ENTRIES as u64 {
                return Err(ExtractError::ZipBomb(format!(
                    "{n} entries, more than {MAX_ENTRIES}"
                )));
            }
        }
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ExtractError::BrokenZip(e.to_string()))?;
        if zip.len() > MAX_ENTRIES {
            return Err(ExtractError::ZipBomb(format!(
                "{} entries, more than {MAX_ENTRIES}",
                zip.len()
            )));
        }
        // Two entries with one name are read differently by different tools (one may hide
        // content from another); Word never writes them, so the package is refused. Names that
        // differ only in case are the same OPC part name.
        let duplicate = || ExtractError::BrokenZip("two entries have the same name".into());
        if zip.has_duplicate_names() {
            return Err(duplicate());
        }
        let mut index = HashMap::new();
        for (i, name) in zip.file_names().enumerate() {
            if let Ok(name) = name {
                if index
                    .insert(name.trim_start_matches('/').to_lowercase(), i)
                    .is_some()
                {
                    return Err(duplicate());
                }
            }
        }
        Ok(Package {
            zip,
            index,
            total: 0,
        })
    }

    /// True when the package has this part.
    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(&name.to_lowercase())
    }

    /// Reads one part, or `None` when the package has no such part. The inflated size is checked
    /// while reading, never trusted from the headers.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ExtractError> {
        let Some(&i) = self.index.get(&name.to_lowercase()) else {
            return Ok(None);
        };
        let mut entry = self
            .zip
            .by_index(i)
            .map_err(|e| ExtractError::BrokenZip(format!("{name}: {e}")))?;
        let compressed = entry.compressed_size().max(1);
        // A size declared beyond the limit is refused up front, with the limit named, rather
        // than read until the limit trips; the actual size is still checked while reading.
        if entry.size() > MAX_PART_BYTES {
            return Err(ExtractError::ZipBomb(format!(
                "{name} declares {} bytes inflated, more than the {} MiB part limit",
                entry.size(),
                MAX_PART_BYTES >> 20
            )));
        }
        // Inflated straight into the result, a chunk at a time so the limits are checked as it
        // grows; the declared size only sizes the first allocation (bounded: it is untrusted).
        let mut out = Vec::with_capacity(entry.size().min(CHUNK) as usize);
        loop {
            let n = (&mut entry)
                .take(CHUNK)
                .read_to_end(&mut out)
                .map_err(|e| ExtractError::BrokenZip(format!("{name}: {e}")))?;
            if n == 0 {
                break;
            }
            let len = out.len() as u64;
            if len > MAX_PART_BYTES {
                return Err(ExtractError::ZipBomb(format!(
                    "{name} inflates beyond the {} MiB part limit",
                    MAX_PART_BYTES >> 20
                )));
            }
            if self.total + len > MAX_TOTAL_BYTES {
                return Err(ExtractError::ZipBomb(format!(
                    "the parts inflate beyond the {} MiB package limit",
                    MAX_TOTAL_BYTES >> 20
                )));
            }
            if len > RATIO_FLOOR && len > MAX_RATIO.saturating_mul(compressed) {
                return Err(ExtractError::ZipBomb(format!(
                    "{name} compresses more than the {MAX_RATIO}:1 limit"
                )));
            }
        }
        self.total += out.len() as u64;
        Ok(Some(out))
    }

    /// Reads at most `limit` bytes from the start of a part (`None` when the package has no
    /// such part), for a setting written near the top of a part that may be long. The bytes
    /// count towards the package limit like a whole part's.
    pub fn read_prefix(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, ExtractError> {
        let Some(&i) = self.index.get(&name.to_lowercase()) else {
            return Ok(None);
        };
        let entry = self
            .zip
            .by_index(i)
            .map_err(|e| ExtractError::BrokenZip(format!("{name}: {e}")))?;
        let mut out = Vec::with_capacity(entry.size().min(limit) as usize);
        entry
            .take(limit)
            .read_to_end(&mut out)
            .map_err(|e| ExtractError::BrokenZip(format!("{name}: {e}")))?;
        self.total += out.len() as u64;
        if self.total > MAX_TOTAL_BYTES {
            return Err(ExtractError::ZipBomb(format!(
                "the parts inflate beyond the {} MiB package limit",
                MAX_TOTAL_BYTES >> 20
            )));
        }
        Ok(Some(out))
    }

    /// The relationships of `source` (`""` for the package itself) to parts inside the package.
    /// A missing `.rels` part means no relationships.
    pub fn rels(&mut self, source: &str) -> Result<Vec<Rel>, ExtractError> {
        let rels_name = rels_part(source);
        let Some(bytes) = self.read(&rels_name)? else {
            return Ok(Vec::new());
        };
        Ok(parse_rels(&rels_name, &bytes, source_dir(source))?
            .into_iter()
            .filter(|r| !r.external && !r.target.is_empty())
            .map(|r| Rel {
                id: r.id,
                kind: r.kind.rsplit('/').next().unwrap_or_default().to_string(),
                target: r.target,
            })
            .collect())
    }
}

/// One `Relationship` element as written (the package reader and writer both read them).
#[derive(Debug, Clone)]
pub(crate) struct RelEntry {
    /// `Id`.
    pub id: String,
    /// The full `Type` URI.
    pub kind: String,
    /// The target part name, resolved against the source's folder (empty when external).
    pub target: String,
    /// `TargetMode="External"`: a URL, not a part.
    pub external: bool,
}

/// The `Relationship` elements of the `.rels` part `rels_name`, whose source part lies in `dir`.
pub(crate) fn parse_rels(
    rels_name: &str,
    bytes: &[u8],
    dir: &str,
) -> Result<Vec<RelEntry>, ExtractError> {
    let text = xml::decode_part(rels_name, bytes)?;
    let mut r = xml::Reader::new(rels_name, &text);
    let mut out = Vec::new();
    loop {
        match r.next()? {
            Event::Eof => break,
            Event::Start(el) if el.ns == Ns::PkgRel && el.local == "Relationship" => {
                let external = el
                    .attr_ns(Ns::None, "TargetMode")
                    .is_some_and(|m| m.eq_ignore_ascii_case("External"));
                let target = el.attr_ns(Ns::None, "Target").unwrap_or_default();
                out.push(RelEntry {
                    id: el.attr_ns(Ns::None, "Id").unwrap_or_default().to_string(),
                    kind: el.attr_ns(Ns::None, "Type").unwrap_or_default().to_string(),
                    target: if external || target.is_empty() {
                        String::new()
                    } else {
                        resolve_target(dir, target)
                    },
                    external,
                });
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The folder of a part name, with its trailing `/` (`""` for the package root).
pub(crate) fn source_dir(source: &str) -> &str {
    source.rfind('/').map_or("", |i| &source[..=i])
}

/// The `.rels` part holding the relationships of `source` (`""` for the package).
pub(crate) fn rels_part(source: &str) -> String {
    let dir = source_dir(source);
    format!("{dir}_rels/{}.rels", &source[dir.len()..])
}

/// The entry count declared by the end-of-central-directory record (zip64 aware), if found.
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    const EOCD: &[u8] = b"PK\x05\x06";
    // The record is 22 bytes plus a comment of at most 64 KiB at the very end.
    let from = bytes.len().saturating_sub(22 + 0xFFFF);
    let pos = from + bytes[from..].windows(4).rposition(|w| w == EOCD)?;
    let rec = bytes.get(pos..pos + 22)?;
    let n = u64::from(u16::from_le_bytes([rec[10], rec[11]]));
    if n != 0xFFFF {
        return Some(n);
    }
    // Zip64: the locator sits just before the record and points at the zip64 record.
    let loc = bytes.get(pos.checked_sub(20)?..pos)?;
    if &loc[..4] != b"PK\x06\x07" {
        return Some(n);
    }
    let off = usize::try_from(u64::from_le_bytes(loc[8..16].try_into().ok()?)).ok()?;
    let rec64 = bytes.get(off..off.checked_add(56)?)?;
    if &rec64[..4] != b"PK\x06\x06" {
        return Some(n);
    }
    Some(u64::from_le_bytes(rec64[32..40].try_into().ok()?))
}

/// Resolves a relationship target against the source part's folder (`dir` ends with `/` or is
/// empty), handling `..`, absolute targets and percent-escapes.
pub(crate) fn resolve_target(dir: &str, target: &str) -> String {
    let target = percent_decode(target);
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The OLE2 compound-file signature (`.doc`, or an encrypted `.docx`).
pub(crate) const OLE2_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Classifies an OLE2 file: an `EncryptionInfo` stream means a password-protected `.docx`,
/// anything else is a Word 97–2003 `.doc`.
pub(crate) fn classify_ole2(bytes: &[u8]) -> ExtractError {
    // Directory entries store names as UTF-16LE; a byte search for the name is enough and is
    // bounded by the input size limit.
    let needle: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
        ExtractError::Encrypted
    } else {
        ExtractError::LegacyWordDoc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve() {
        assert_eq!(resolve_target("word/", "styles.xml"), "word/styles.xml");
        assert_eq!(
            resolve_target("word/", "../customXml/a.xml"),
            "customXml/a.xml"
        );
        assert_eq!(
            resolve_target("", "/word/document.xml"),
            "word/document.xml"
        );
        assert_eq!(resolve_target("", "word/my%20doc.xml"), "word/my doc.xml");
        assert_eq!(resolve_target("", "a%2"), "a%2");
    }

    #[test]
    fn entry_count_is_read_from_the_end_record() {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..3 {
            w.start_file(format!("f{i}"), zip::write::SimpleFileOptions::default())
                .expect("start");
            w.write_all(b"x").expect("write");
        }
        let bytes = w.finish().expect("finish").into_inner();
        assert_eq!(declared_entries(&bytes), Some(3));
        assert_eq!(declared_entries(b"PK\x03\x04 no end record"), None);
    }
}
