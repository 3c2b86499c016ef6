//! The one place that talks to quick-xml: a pull reader over one package part that resolves
//! namespaces by URI and enforces the safety rules (no DOCTYPE, no custom entities, bounded depth,
//! truncation is an error), so the rest of the reader only sees [`Event`]s.

use std::borrow::Cow;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event as QEvent;
use quick_xml::name::{QName, ResolveResult};
use quick_xml::reader::NsReader;

use crate::extract::ExtractError;

use crate::limits::MAX_XML_DEPTH as MAX_DEPTH;

/// The namespaces the reader cares about, whatever prefix a part binds them to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML main (Transitional or Strict).
    W,
    /// Office document relationships (`r:id` attributes).
    R,
    /// Package relationships (`.rels` parts).
    PkgRel,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// DrawingML main (theme fonts).
    Dml,
    /// Anything else.
    Other,
    /// No namespace.
    None,
}

fn ns_of(uri: &str) -> Ns {
    match uri {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | "http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        | "http://purl.oclc.org/ooxml/officeDocument/relationships" => Ns::R,
        "http://schemas.openxmlformats.org/package/2006/relationships" => Ns::PkgRel,
        "http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        "http://schemas.openxmlformats.org/drawingml/2006/main"
        | "http://purl.oclc.org/ooxml/drawingml/main" => Ns::Dml,
        _ => Ns::Other,
    }
}

/// Namespaces whose `mc:Choice` branch the reader can follow: the choice only wraps drawing
/// shapes whose text boxes hold ordinary WordprocessingML paragraphs.
const UNDERSTOOD: &[&str] = &[
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "http://schemas.microsoft.com/office/word/2010/wordml",
    "urn:schemas-microsoft-com:vml",
    "urn:schemas-microsoft-com:office:office",
    "http://schemas.openxmlformats.org/drawingml/2006/main",
];

/// One attribute, namespace resolved.
#[derive(Debug, Clone)]
struct Attr {
    ns: Ns,
    local: String,
    value: String,
}

/// A start tag with its namespace resolved.
#[derive(Debug, Clone)]
pub(crate) struct Element {
    /// The element's namespace.
    pub ns: Ns,
    /// The element's local name.
    pub local: String,
    attrs: Vec<Attr>,
}

impl Element {
    /// True for a WordprocessingML element with this local name.
    pub fn is_w(&self, local: &str) -> bool {
        self.ns == Ns::W && self.local == local
    }

    /// A WordprocessingML attribute (or an unqualified one, which some writers emit).
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.local == local && matches!(a.ns, Ns::W | Ns::None))
            .map(|a| a.value.as_str())
    }

    /// An attribute in a given namespace.
    pub fn attr_ns(&self, ns: Ns, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.local == local && a.ns == ns)
            .map(|a| a.value.as_str())
    }
}

/// What the reader hands out.
#[derive(Debug)]
pub(crate) enum Event {
    /// A start tag (an empty element gives `Start` then `End`).
    Start(Element),
    /// The end of the innermost open element.
    End,
    /// Character data, references resolved.
    Text(String),
    /// The end of the part (all elements closed).
    Eof,
}

/// Turns a part's bytes into text: UTF-16 by BOM, else UTF-8 (BOM stripped).
pub(crate) fn decode_part<'a>(part: &str, bytes: &'a [u8]) -> Result<Cow<'a, str>, ExtractError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, had_errors) = enc.decode_with_bom_removal(&bytes[2..]);
        if had_errors {
            return Err(broken(part, "invalid UTF-16"));
        }
        return Ok(Cow::Owned(text.into_owned()));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => Err(broken(
            part,
            &format!("invalid UTF-8 at byte {}", e.valid_up_to()),
        )),
    }
}

fn broken(part: &str, detail: &str) -> ExtractError {
    ExtractError::BrokenXml {
        part: part.to_string(),
        detail: detail.to_string(),
    }
}

fn unsafe_xml(part: &str, detail: &str) -> ExtractError {
    ExtractError::UnsafeXml {
        part: part.to_string(),
        detail: detail.to_string(),
    }
}

/// A namespace-aware pull reader over one decoded part.
pub(crate) struct Reader<'a> {
    inner: NsReader<&'a [u8]>,
    part: String,
    depth: usize,
    /// An empty element was returned as `Start`; its `End` is owed.
    owe_end: bool,
}

impl<'a> Reader<'a> {
    /// A reader over `text`, the decoded content of `part`.
    pub fn new(part: &str, text: &'a str) -> Self {
        let mut inner = NsReader::from_str(text);
        let cfg = inner.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        cfg.allow_unmatched_ends = false;
        Reader {
            inner,
            part: part.to_string(),
            depth: 0,
            owe_end: false,
        }
    }

    /// The byte offset in the decoded text just past the last event read (for writers that
    /// edit a part in place).
    pub fn position(&self) -> usize {
        usize::try_from(self.inner.buffer_position()).unwrap_or(usize::MAX)
    }

    /// A `BrokenXml` error for this part.
    pub fn broken(&self, detail: &str) -> ExtractError {
        broken(&self.part, detail)
    }

    /// The next event.
    pub fn next(&mut self) -> Result<Event, ExtractError> {
        if self.owe_end {
            self.owe_end = false;
            self.depth -= 1;
            return Ok(Event::End);
        }
        loop {
            let ev = match self.inner.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    let pos = self.inner.error_position();
                    return Err(self.broken(&format!("byte {pos}: {e}")));
                }
            };
            match ev {
                QEvent::Start(s) => {
                    let el = self.element(&s)?;
                    self.enter()?;
                    return Ok(Event::Start(el));
                }
                QEvent::Empty(s) => {
                    let el = self.element(&s)?;
                    self.enter()?;
                    self.owe_end = true;
                    return Ok(Event::Start(el));
                }
                QEvent::End(_) => {
                    // check_end_names already rejected a mismatched tag.
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Event::End);
                }
                QEvent::Text(t) => {
                    let s = t.xml10_content();
                    if !s.is_empty() {
                        return Ok(Event::Text(s.into_owned()));
                    }
                }
                QEvent::CData(t) => {
                    let s = t.xml10_content();
                    if !s.is_empty() {
                        return Ok(Event::Text(s.into_owned()));
                    }
                }
                QEvent::GeneralRef(r) => {
                    if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => return Ok(Event::Text(c.to_string())),
                            _ => return Err(self.broken("invalid character reference")),
                        }
                    }
                    let name = r.xml10_content();
                    match resolve_predefined_entity(&name) {
                        Some(s) => return Ok(Event::Text(s.to_string())),
                        None => {
                            return Err(self.broken(&format!("unknown entity &{name};")));
                        }
                    }
                }
                QEvent::DocType(_) => {
                    return Err(unsafe_xml(
                        &self.part,
                        "DOCTYPE or entity declarations are not allowed",
                    ));
                }
                QEvent::Decl(d) => {
                    if let Some(enc) = d.encoding() {
                        let enc = enc.map_err(|e| self.broken(&e.to_string()))?;
                        let lower = enc.to_ascii_lowercase();
                        if !matches!(
                            lower.as_str(),
                            "utf-8" | "utf8" | "utf-16" | "utf-16le" | "utf-16be" | "unicode"
                        ) {
                            return Err(self.broken(&format!("unsupported encoding {enc}")));
                        }
                    }
                }
                QEvent::Comment(_) | QEvent::PI(_) => {}
                QEvent::Eof => {
                    if self.depth > 0 {
                        return Err(self.broken(&format!(
                            "the part ends with {} element(s) still open",
                            self.depth
                        )));
                    }
                    return Ok(Event::Eof);
                }
            }
        }
    }

    fn enter(&mut self) -> Result<(), ExtractError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(unsafe_xml(
                &self.part,
                &format!("elements nested deeper than {MAX_DEPTH}"),
            ));
        }
        Ok(())
    }

    fn element(&self, s: &quick_xml::events::BytesStart<'_>) -> Result<Element, ExtractError> {
        let resolver = self.inner.resolver();
        let (res, local) = resolver.resolve_element(s.name());
        let ns = match res {
            ResolveResult::Bound(n) => ns_of(n.0),
            ResolveResult::Unbound => Ns::None,
            ResolveResult::Unknown(p) => {
                return Err(self.broken(&format!("unbound namespace prefix {p}")));
            }
        };
        let mut attrs = Vec::new();
        for a in s.attributes() {
            let a = a.map_err(|e| self.broken(&e.to_string()))?;
            let key = a.key;
            if key.0.starts_with("xmlns") {
                continue;
            }
            let (res, alocal) = resolver.resolve_attribute(key);
            let ans = match res {
                ResolveResult::Bound(n) => ns_of(n.0),
                ResolveResult::Unbound => Ns::None,
                // `xml:` is implicitly bound; anything else unbound is ignored.
                ResolveResult::Unknown(_) => Ns::Other,
            };
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| self.broken(&format!("attribute {}: {e}", key.0)))?;
            attrs.push(Attr {
                ns: ans,
                local: alocal.as_ref().to_string(),
                value: value.into_owned(),
            });
        }
        Ok(Element {
            ns,
            local: local.as_ref().to_string(),
            attrs,
        })
    }

    /// Skips the rest of the element whose `Start` was just returned.
    pub fn skip(&mut self) -> Result<(), ExtractError> {
        let mut open = 1usize;
        while open > 0 {
            match self.next()? {
                Event::Start(_) => open += 1,
                Event::End => open -= 1,
                Event::Text(_) => {}
                Event::Eof => return Err(self.broken("unexpected end of part")),
            }
        }
        Ok(())
    }

    /// Reads the text content of the element whose `Start` was just returned, through its end.
    pub fn text(&mut self) -> Result<String, ExtractError> {
        let mut out = String::new();
        let mut open = 1usize;
        while open > 0 {
            match self.next()? {
                Event::Start(_) => open += 1,
                Event::End => open -= 1,
                Event::Text(t) => {
                    if open == 1 {
                        out.push_str(&t)
                    }
                }
                Event::Eof => return Err(self.broken("unexpected end of part")),
            }
        }
        Ok(out)
    }

    /// True when every prefix listed in an `mc:Choice/@Requires` is bound to a namespace this
    /// reader understands.
    pub fn understands(&self, requires: &str) -> bool {
        let resolver = self.inner.resolver();
        requires.split_whitespace().all(|prefix| {
            let probe = format!("{prefix}:x");
            let (res, _) = resolver.resolve_element(QName(&probe));
            matches!(res, ResolveResult::Bound(n) if UNDERSTOOD.contains(&n.0))
        })
    }
}
