//! The one place that tokenises package XML: a pull reader over one decoded part that resolves
//! namespaces by URI and enforces the safety rules (no DOCTYPE, no custom entities, bounded depth,
//! truncation is an error), so the rest of the reader only sees [`Event`]s.
//!
//! The tokeniser is written for speed on WordprocessingML: events borrow from the part's text
//! (no allocation per element, attribute or text node), prefixes are resolved through a small
//! cache that is cleared whenever a binding comes or goes, and every check quick-xml's
//! namespace reader made is kept (end names match, attributes are well formed and unique,
//! references are predefined or numeric, prefixes are bound, reserved prefixes are not rebound),
//! including inside subtrees the caller skips. quick-xml still resolves references and
//! normalises attribute values.

use std::borrow::Cow;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::BytesRef;
use quick_xml::name::QName;

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

/// The reserved `xml` prefix's namespace (bound implicitly, never to be rebound).
const XML_URI: &str = "http://www.w3.org/XML/1998/namespace";
/// The reserved `xmlns` prefix's namespace.
const XMLNS_URI: &str = "http://www.w3.org/2000/xmlns/";

/// Most namespace bindings in scope at once (quick-xml's default bound, kept so a start tag
/// with a million `xmlns:` attributes cannot make every lookup slow).
const MAX_BINDINGS: usize = 128;

/// Attributes whose namespace is kept inline in an [`Element`]; more spill into a vector (Word
/// writes at most about eight on one element).
const INLINE_ATTRS: usize = 16;

/// What an element keeps about its attributes beyond the inline namespaces (rare).
#[derive(Debug, Clone, Default)]
struct Extra {
    /// Namespaces of the attributes past [`INLINE_ATTRS`].
    kinds: Vec<Ns>,
    /// Normalised values (references, tabs or line ends resolved), by attribute index.
    normalized: Vec<(usize, String)>,
}

/// A start tag with its namespace resolved, borrowing the part's text. Attributes were checked
/// when the tag was read; they are looked up in the tag's text, which keeps the element small.
#[derive(Debug, Clone)]
pub(crate) struct Element<'a> {
    /// The element's namespace.
    pub ns: Ns,
    /// The element's local name.
    pub local: &'a str,
    /// The tag's text after its name.
    attrs: &'a str,
    /// Namespace of each attribute (other than `xmlns` declarations), in order.
    kinds: [Ns; INLINE_ATTRS],
    extra: Option<Box<Extra>>,
}

impl<'a> Element<'a> {
    /// The attributes in order: namespace, local name and value.
    #[cfg(test)]
    fn attrs(&self) -> impl Iterator<Item = (Ns, &str, &str)> + '_ {
        Pairs(self.attrs)
            .filter(|(key, _)| !key.starts_with("xmlns"))
            .enumerate()
            .map(|(i, (key, raw))| {
                let local = match colon(key) {
                    Some(c) => &key[c + 1..],
                    None => key,
                };
                (self.kind(i), local, self.value(i, raw))
            })
    }

    /// True for a WordprocessingML element with this local name.
    pub fn is_w(&self, local: &str) -> bool {
        self.ns == Ns::W && self.local == local
    }

    /// The namespace of the `i`th attribute.
    fn kind(&self, i: usize) -> Ns {
        match self.kinds.get(i) {
            Some(&ns) => ns,
            None => self
                .extra
                .as_ref()
                .and_then(|x| x.kinds.get(i - INLINE_ATTRS).copied())
                .unwrap_or(Ns::Other),
        }
    }

    /// The value of the `i`th attribute: its normalised form when it had entities or white
    /// space to normalise, else `raw` as written.
    fn value<'s>(&'s self, i: usize, raw: &'s str) -> &'s str {
        match &self.extra {
            Some(x) => x
                .normalized
                .iter()
                .find(|(j, _)| *j == i)
                .map_or(raw, |(_, v)| v.as_str()),
            None => raw,
        }
    }

    /// The first attribute named `local` whose namespace passes `want`. Names are compared
    /// before anything else is worked out, as most attributes are not the one sought.
    fn find(&self, local: &str, want: impl Fn(Ns) -> bool) -> Option<&str> {
        let mut i = 0;
        for (key, raw) in Pairs(self.attrs) {
            if key.starts_with("xmlns") {
                continue;
            }
            let matches = key.ends_with(local)
                && match colon(key) {
                    None => key.len() == local.len(),
                    Some(c) => c + 1 + local.len() == key.len(),
                };
            if matches && want(self.kind(i)) {
                return Some(self.value(i, raw));
            }
            i += 1;
        }
        None
    }

    /// A WordprocessingML attribute (or an unqualified one, which some writers emit).
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.find(local, |ns| matches!(ns, Ns::W | Ns::None))
    }

    /// An attribute in a given namespace.
    pub fn attr_ns(&self, ns: Ns, local: &str) -> Option<&str> {
        self.find(local, |n| n == ns)
    }
}

/// The `name="value"` pairs of a tag already checked by [`scan_pairs`] (raw values).
struct Pairs<'a>(&'a str);

impl<'a> Iterator for Pairs<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.0;
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let key_start = i;
        i += 1;
        while i < b.len() && b[i] != b'=' && !is_space(b[i]) {
            i += 1;
        }
        let key = &text[key_start..i];
        let q = match b.get(i + 1) {
            Some(b'"' | b'\'') if b[i] == b'=' => i + 1,
            _ => i + memchr::memchr2(b'"', b'\'', &b[i..])?,
        };
        let end = q + 1 + memchr::memchr(b[q], &b[q + 1..])?;
        self.0 = &text[end + 1..];
        Some((key, &text[q + 1..end]))
    }
}

/// Equality of two short strings (prefixes) without a call to `memcmp`.
fn same_short(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// The position of the first `:` of a (short) name.
fn colon(name: &str) -> Option<usize> {
    name.bytes().position(|b| b == b':')
}

/// What the reader hands out.
#[derive(Debug)]
pub(crate) enum Event<'a> {
    /// A start tag (an empty element gives `Start` then `End`).
    Start(Element<'a>),
    /// The end of the innermost open element.
    End,
    /// Character data, references resolved, line ends normalised (one event per run of
    /// character data between two tags).
    Text(Cow<'a, str>),
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

/// A namespace binding in scope: `prefix` is `None` for the default namespace.
struct Binding<'a> {
    prefix: Option<&'a str>,
    uri: &'a str,
    ns: Ns,
    /// The depth of the element that declared it.
    level: usize,
}

/// What a prefix resolves to.
#[derive(Clone, Copy)]
enum Resolved {
    Ns(Ns),
    /// Not bound (or unbound with `xmlns:p=""`).
    Unknown,
}

/// One attribute as scanned: byte ranges in the tag text.
#[derive(Clone, Copy)]
struct RawAttr {
    key: (u32, u32),
    value: (u32, u32),
}

/// A namespace-aware pull reader over one decoded part.
pub(crate) struct Reader<'a> {
    text: &'a str,
    pos: usize,
    part: String,
    depth: usize,
    /// An empty element was returned as `Start`; its `End` is owed.
    owe_end: bool,
    /// Names of the open elements (byte ranges of `text`), for end-tag matching.
    open: Vec<(usize, usize)>,
    bindings: Vec<Binding<'a>>,
    /// Recently resolved element/attribute prefixes; cleared when `bindings` changes.
    cache: Vec<(&'a str, Resolved)>,
    /// The default namespace in scope (`None` when unbound), kept current with `bindings`.
    default_ns: Ns,
    /// Scratch space for one tag's attributes.
    scratch: Vec<RawAttr>,
}

/// What one markup or text token is, before namespaces.
enum Token<'a> {
    Start {
        tag: &'a str,
        at: usize,
        empty: bool,
        /// Set when the fast path already scanned the attributes into the scratch space:
        /// the name's length and whether a namespace is declared.
        scanned: Option<(usize, bool)>,
    },
    End,
    Text(Cow<'a, str>),
    Eof,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'a> Reader<'a> {
    /// A reader over `text`, the decoded content of `part`.
    pub fn new(part: &str, text: &'a str) -> Self {
        // A byte-order mark left in the text is not content.
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        Reader {
            text,
            pos: 0,
            part: part.to_string(),
            depth: 0,
            owe_end: false,
            open: Vec::new(),
            bindings: Vec::new(),
            cache: Vec::new(),
            default_ns: Ns::None,
            scratch: Vec::new(),
        }
    }

    /// The byte offset in the decoded text just past the last event read (for writers that
    /// edit a part in place).
    pub fn position(&self) -> usize {
        self.pos
    }

    /// A `BrokenXml` error for this part.
    pub fn broken(&self, detail: &str) -> ExtractError {
        broken(&self.part, detail)
    }

    fn broken_at(&self, at: usize, detail: &str) -> ExtractError {
        broken(&self.part, &format!("byte {at}: {detail}"))
    }

    /// The next event.
    pub fn next(&mut self) -> Result<Event<'a>, ExtractError> {
        if self.owe_end {
            self.close();
            return Ok(Event::End);
        }
        loop {
            match self.token()? {
                Token::Start {
                    tag,
                    at,
                    empty,
                    scanned,
                } => {
                    let el = self.element(tag, at, scanned, true)?;
                    self.opened(tag, at, empty, scanned)?;
                    if let Some(el) = el {
                        return Ok(Event::Start(el));
                    }
                }
                Token::End => {
                    self.close();
                    return Ok(Event::End);
                }
                Token::Text(t) => {
                    if !t.is_empty() {
                        return Ok(Event::Text(t));
                    }
                }
                Token::Eof => return Ok(Event::Eof),
            }
        }
    }

    /// Records an element just read as open (or its end as owed, when empty).
    fn opened(
        &mut self,
        tag: &str,
        at: usize,
        empty: bool,
        scanned: Option<(usize, bool)>,
    ) -> Result<(), ExtractError> {
        self.enter()?;
        if empty {
            self.owe_end = true;
        } else {
            let name_at = at + 1;
            let len = scanned.map_or_else(|| el_name_len(tag), |(n, _)| n);
            self.open.push((name_at, name_at + len));
        }
        Ok(())
    }

    /// Leaves the innermost element: its bindings go out of scope.
    fn close(&mut self) {
        self.owe_end = false;
        if self.bindings.last().is_some_and(|b| b.level == self.depth) {
            while self.bindings.last().is_some_and(|b| b.level == self.depth) {
                self.bindings.pop();
            }
            self.bindings_changed();
        }
        self.depth = self.depth.saturating_sub(1);
    }

    fn bindings_changed(&mut self) {
        self.cache.clear();
        self.default_ns = match self.bindings.iter().rev().find(|b| b.prefix.is_none()) {
            Some(b) if !b.uri.is_empty() => b.ns,
            _ => Ns::None,
        };
    }

    fn enter(&mut self) -> Result<(), ExtractError> {
        if self.depth > MAX_DEPTH {
            return Err(unsafe_xml(
                &self.part,
                &format!("elements nested deeper than {MAX_DEPTH}"),
            ));
        }
        Ok(())
    }

    /// Reads the next token, checking end names and the safety rules.
    fn token(&mut self) -> Result<Token<'a>, ExtractError> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        if start >= bytes.len() {
            if self.depth > 0 {
                return Err(self.broken(&format!(
                    "the part ends with {} element(s) still open",
                    self.depth
                )));
            }
            return Ok(Token::Eof);
        }
        if bytes[start] != b'<' {
            // Plain text (no reference, no carriage return) is handed out as it is.
            let special = memchr::memchr3(b'<', b'&', b'\r', &bytes[start..]);
            if let Some(i) = special.filter(|&i| bytes[start + i] == b'<') {
                self.pos = start + i;
                return Ok(Token::Text(Cow::Borrowed(&self.text[start..start + i])));
            }
            let end = memchr::memchr(b'<', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            self.pos = end;
            return self.character_data(start, end).map(Token::Text);
        }
        let after = start + 1;
        match bytes.get(after) {
            Some(b'/') => {
                // The usual end tag: exactly `</name>` for the innermost open element.
                if let Some(&(s, e)) = self.open.last() {
                    let close = after + 1 + (e - s);
                    if bytes.get(close) == Some(&b'>') && bytes[after + 1..close] == bytes[s..e] {
                        self.open.pop();
                        self.pos = close + 1;
                        return Ok(Token::End);
                    }
                }
                let Some(i) = memchr::memchr(b'>', &bytes[after..]) else {
                    return Err(self.broken_at(start, "unclosed end tag"));
                };
                let end = after + i;
                let name = self.text[after + 1..end].trim_end_matches([' ', '\t', '\r', '\n']);
                match self.open.pop() {
                    Some((s, e)) if &self.text[s..e] == name => {}
                    Some((s, e)) => {
                        let expected = &self.text[s..e];
                        return Err(self.broken_at(
                            start,
                            &format!("expected `</{expected}>`, but `</{name}>` was found"),
                        ));
                    }
                    None => {
                        return Err(self.broken_at(start, &format!("unmatched `</{name}>`")));
                    }
                }
                self.pos = end + 1;
                Ok(Token::End)
            }
            Some(b'!') => {
                let rest = &self.text[after + 1..];
                if let Some(comment) = rest.strip_prefix("--") {
                    let Some(i) = comment.find("-->") else {
                        return Err(self.broken_at(start, "unclosed comment"));
                    };
                    self.pos = after + 1 + 2 + i + 3;
                    Ok(Token::Text(Cow::Borrowed("")))
                } else if let Some(body) = rest.strip_prefix("[CDATA[") {
                    let Some(i) = body.find("]]>") else {
                        return Err(self.broken_at(start, "unclosed CDATA section"));
                    };
                    let from = after + 1 + 7;
                    self.pos = from + i + 3;
                    Ok(Token::Text(normalize_eols(&self.text[from..from + i])))
                } else if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case("DOCTYPE") {
                    Err(unsafe_xml(
                        &self.part,
                        "DOCTYPE or entity declarations are not allowed",
                    ))
                } else {
                    Err(self.broken_at(start, "unknown markup after `<!`"))
                }
            }
            Some(b'?') => {
                // The `?` that opened it may close it too (`<?>`), which is an error.
                let Some(i) = self.text[after..].find("?>") else {
                    return Err(self.broken_at(start, "unclosed processing instruction"));
                };
                if i == 0 {
                    return Err(self.broken_at(start, "empty processing instruction"));
                }
                let content = &self.text[after + 1..after + i];
                self.pos = after + i + 2;
                let is_decl = content.starts_with("xml")
                    && content.as_bytes().get(3).is_none_or(|&b| is_space(b));
                if is_decl {
                    self.check_declaration(&content[3..], start)?;
                }
                Ok(Token::Text(Cow::Borrowed("")))
            }
            _ => {
                if let Some((gt, empty, name_len, xmlns)) =
                    fast_start(bytes, after, &mut self.scratch)
                {
                    self.pos = gt + 1;
                    let tag = &self.text[after..if empty { gt - 1 } else { gt }];
                    return Ok(Token::Start {
                        tag,
                        at: start,
                        empty,
                        scanned: Some((name_len, xmlns)),
                    });
                }
                // A start tag ends at the first `>` outside quotes.
                let mut i = after;
                loop {
                    let Some(j) = memchr::memchr3(b'>', b'"', b'\'', &bytes[i..]) else {
                        return Err(self.broken_at(start, "unclosed start tag"));
                    };
                    let k = i + j;
                    match bytes[k] {
                        b'>' => {
                            i = k;
                            break;
                        }
                        q => match memchr::memchr(q, &bytes[k + 1..]) {
                            Some(m) => i = k + 1 + m + 1,
                            None => return Err(self.broken_at(start, "unclosed start tag")),
                        },
                    }
                }
                self.pos = i + 1;
                let empty = i > after && bytes[i - 1] == b'/';
                let tag = &self.text[after..if empty { i - 1 } else { i }];
                Ok(Token::Start {
                    tag,
                    at: start,
                    empty,
                    scanned: None,
                })
            }
        }
    }

    /// The text between `start` and `end` (no markup), references resolved.
    fn character_data(&self, start: usize, end: usize) -> Result<Cow<'a, str>, ExtractError> {
        let raw = &self.text[start..end];
        let Some(first) = memchr::memchr(b'&', raw.as_bytes()) else {
            return Ok(normalize_eols(raw));
        };
        let mut out = String::with_capacity(raw.len());
        out.push_str(&normalize_eols(&raw[..first]));
        let mut at = first;
        loop {
            // `at` is on a `&`: the reference must end with `;` before any `&` or `<`.
            let rest = &raw.as_bytes()[at + 1..];
            let semi = match memchr::memchr2(b';', b'&', rest) {
                Some(i) if rest[i] == b';' => at + 1 + i,
                _ => return Err(self.broken_at(start + at, "unclosed reference")),
            };
            let name = &raw[at + 1..semi];
            let r = BytesRef::new(name);
            if r.is_char_ref() {
                match r.resolve_char_ref() {
                    Ok(Some(c)) => out.push(c),
                    _ => return Err(self.broken("invalid character reference")),
                }
            } else {
                match resolve_predefined_entity(name) {
                    Some(s) => out.push_str(s),
                    None => return Err(self.broken(&format!("unknown entity &{name};"))),
                }
            }
            let next = semi + 1;
            match memchr::memchr(b'&', &raw.as_bytes()[next..]) {
                Some(i) => {
                    out.push_str(&normalize_eols(&raw[next..next + i]));
                    at = next + i;
                }
                None => {
                    out.push_str(&normalize_eols(&raw[next..]));
                    return Ok(Cow::Owned(out));
                }
            }
        }
    }

    /// Checks the declared encoding of an `<?xml …?>` declaration.
    fn check_declaration(&mut self, attrs: &'a str, at: usize) -> Result<(), ExtractError> {
        let mut scanned = std::mem::take(&mut self.scratch);
        scanned.clear();
        let result = scan_attributes(attrs, &mut scanned, false);
        let found = scanned
            .iter()
            .find(|a| slice(attrs, a.key) == "encoding")
            .map(|a| slice(attrs, a.value));
        self.scratch = scanned;
        let enc = match (found, result) {
            (Some(enc), _) => enc,
            (None, Ok(_)) => return Ok(()),
            (None, Err(e)) => return Err(self.broken_at(at, &e)),
        };
        let lower = enc.to_ascii_lowercase();
        if !matches!(
            lower.as_str(),
            "utf-8" | "utf8" | "utf-16" | "utf-16le" | "utf-16be" | "unicode"
        ) {
            return Err(self.broken(&format!("unsupported encoding {enc}")));
        }
        Ok(())
    }

    /// Builds the element of a start tag: namespace bindings, name and attributes resolved.
    fn element(
        &mut self,
        tag: &'a str,
        at: usize,
        pre: Option<(usize, bool)>,
        full: bool,
    ) -> Result<Option<Element<'a>>, ExtractError> {
        let name_len = pre.map_or_else(|| el_name_len(tag), |(n, _)| n);
        let name = &tag[..name_len];
        let attrs_text = &tag[name_len..];
        let mut scanned = std::mem::take(&mut self.scratch);
        let result = match pre {
            Some((_, xmlns)) => match repeated(attrs_text, &scanned) {
                Some(key) => Err(format!("`{key}` is repeated")),
                None => Ok(xmlns),
            },
            None => {
                scanned.clear();
                scan_attributes(attrs_text, &mut scanned, true)
            }
        };
        let level = self.depth + 1;
        self.depth = level;
        let mut bound = false;
        let has_xmlns = result.as_ref().is_ok_and(|x| *x);
        let mut outcome = result
            .map(|_| ())
            .map_err(|e| self.broken_at(at, &format!("attribute: {e}")));
        if has_xmlns {
            for a in &scanned {
                let key = slice(attrs_text, a.key);
                let Some(decl) = key.strip_prefix("xmlns") else {
                    continue;
                };
                let prefix = match decl.strip_prefix(':') {
                    _ if decl.is_empty() => None,
                    Some(p) if !p.is_empty() => Some(p),
                    // `xmlns:` with no name binds like the default namespace.
                    Some(_) => None,
                    None => continue,
                };
                let uri = slice(attrs_text, a.value);
                if let Err(e) = self.bind(prefix, uri, level) {
                    outcome = Err(self.broken_at(at, &e));
                    break;
                }
                bound = true;
            }
        }
        if bound {
            self.bindings_changed();
        }
        let built = outcome.and_then(|()| {
            if full {
                self.build(tag, name, name_len, &scanned).map(Some)
            } else {
                self.check(name, &tag[name_len..], &scanned).map(|()| None)
            }
        });
        self.scratch = scanned;
        built
    }

    /// The checks [`Self::build`] makes, for an element that is skipped: its prefix is bound
    /// and its attribute values are well formed (attribute prefixes are never an error).
    fn check(
        &mut self,
        name: &'a str,
        attrs: &str,
        scanned: &[RawAttr],
    ) -> Result<(), ExtractError> {
        if let Some(i) = colon(name) {
            if let Resolved::Unknown = self.resolve(&name[..i]) {
                return Err(self.broken(&format!("unbound namespace prefix {}", &name[..i])));
            }
        }
        for a in scanned {
            let raw = slice(attrs, a.value);
            if raw
                .as_bytes()
                .iter()
                .any(|&b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'))
            {
                let key = slice(attrs, a.key);
                if key.starts_with("xmlns") {
                    continue;
                }
                let attr = Attribute {
                    key: QName(key),
                    value: Cow::Borrowed(raw),
                };
                attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| self.broken(&format!("attribute {key}: {e}")))?;
            }
        }
        Ok(())
    }

    fn bind(&mut self, prefix: Option<&'a str>, uri: &'a str, level: usize) -> Result<(), String> {
        match prefix {
            Some("xml") if uri != XML_URI => {
                return Err(format!("the `xml` prefix cannot be bound to {uri}"));
            }
            Some("xml") => return Ok(()),
            Some("xmlns") => return Err("the `xmlns` prefix cannot be bound".into()),
            Some(p) if uri == XML_URI || uri == XMLNS_URI => {
                return Err(format!("the prefix {p} cannot be bound to {uri}"));
            }
            _ => {}
        }
        if self.bindings.len() >= MAX_BINDINGS {
            return Err(format!(
                "more than {MAX_BINDINGS} namespace bindings in scope"
            ));
        }
        self.bindings.push(Binding {
            prefix,
            uri,
            ns: ns_of(uri),
            level,
        });
        Ok(())
    }

    /// Resolves a (non-empty) prefix.
    fn resolve(&mut self, prefix: &'a str) -> Resolved {
        if let Some((_, r)) = self.cache.iter().find(|(p, _)| same_short(p, prefix)) {
            return *r;
        }
        let r = match prefix {
            "xml" | "xmlns" => Resolved::Ns(Ns::Other),
            _ => match self
                .bindings
                .iter()
                .rev()
                .find(|b| b.prefix == Some(prefix))
            {
                Some(b) if !b.uri.is_empty() => Resolved::Ns(b.ns),
                _ => Resolved::Unknown,
            },
        };
        if self.cache.len() >= 8 {
            self.cache.clear();
        }
        self.cache.push((prefix, r));
        r
    }

    fn build(
        &mut self,
        tag: &'a str,
        name: &'a str,
        name_len: usize,
        scanned: &[RawAttr],
    ) -> Result<Element<'a>, ExtractError> {
        let (ns, local) = match colon(name) {
            None => (self.default_ns, name),
            Some(i) => match self.resolve(&name[..i]) {
                Resolved::Ns(ns) => (ns, &name[i + 1..]),
                Resolved::Unknown => {
                    return Err(self.broken(&format!("unbound namespace prefix {}", &name[..i])));
                }
            },
        };
        let attrs_text = &tag[name_len..];
        let mut el = Element {
            ns,
            local,
            attrs: attrs_text,
            kinds: [Ns::None; INLINE_ATTRS],
            extra: None,
        };
        let mut index = 0usize;
        for a in scanned {
            let key = slice(attrs_text, a.key);
            if key.starts_with("xmlns") {
                continue;
            }
            let ans = match colon(key) {
                None => Ns::None,
                Some(i) => match self.resolve(&key[..i]) {
                    Resolved::Ns(ns) => ns,
                    // `xml:` is implicitly bound; anything else unbound is ignored.
                    Resolved::Unknown => Ns::Other,
                },
            };
            if index < INLINE_ATTRS {
                el.kinds[index] = ans;
            } else {
                el.extra
                    .get_or_insert_with(Default::default)
                    .kinds
                    .push(ans);
            }
            let raw = slice(attrs_text, a.value);
            if raw
                .as_bytes()
                .iter()
                .any(|&b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'))
            {
                let attr = Attribute {
                    key: QName(key),
                    value: Cow::Borrowed(raw),
                };
                let value = attr
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| self.broken(&format!("attribute {key}: {e}")))?;
                if let Cow::Owned(v) = value {
                    el.extra
                        .get_or_insert_with(Default::default)
                        .normalized
                        .push((index, v));
                }
            }
            index += 1;
        }
        Ok(el)
    }

    /// Skips the rest of the element whose `Start` was just returned.
    /// Its content is checked as [`Self::next`] would, without building elements.
    pub fn skip(&mut self) -> Result<(), ExtractError> {
        let mut open = 1usize;
        while open > 0 {
            if self.owe_end {
                self.close();
                open -= 1;
                continue;
            }
            match self.token()? {
                Token::Start {
                    tag,
                    at,
                    empty,
                    scanned,
                } => {
                    self.element(tag, at, scanned, false)?;
                    self.opened(tag, at, empty, scanned)?;
                    open += 1;
                }
                Token::End => {
                    self.close();
                    open -= 1;
                }
                Token::Text(_) => {}
                Token::Eof => return Err(self.broken("unexpected end of part")),
            }
        }
        Ok(())
    }

    /// Reads the text content of the element whose `Start` was just returned, through its end.
    pub fn text(&mut self) -> Result<Cow<'a, str>, ExtractError> {
        let mut out: Cow<'a, str> = Cow::Borrowed("");
        let mut open = 1usize;
        while open > 0 {
            match self.next()? {
                Event::Start(_) => open += 1,
                Event::End => open -= 1,
                Event::Text(t) => {
                    if open == 1 {
                        if out.is_empty() {
                            out = t;
                        } else {
                            out.to_mut().push_str(&t);
                        }
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
        requires.split_whitespace().all(|prefix| {
            let prefix = prefix.split(':').next().unwrap_or(prefix);
            let uri = match prefix {
                "xml" => Some(XML_URI),
                "xmlns" => Some(XMLNS_URI),
                _ => self
                    .bindings
                    .iter()
                    .rev()
                    .find(|b| b.prefix == Some(prefix))
                    .map(|b| b.uri)
                    .filter(|u| !u.is_empty()),
            };
            uri.is_some_and(|u| UNDERSTOOD.contains(&u))
        })
    }
}

/// Reads a start tag in the shape writers produce (`<name>`, `<name/>`, `<name k="v" …>`,
/// one white space or more before each attribute, none around `=`) in one pass, recording its
/// attributes in `out` relative to the end of the name. Returns the index of the closing `>`,
/// whether the element is empty, the name's length and whether a namespace is declared; `None`
/// for any other shape, which the general path then reads (with the same result for a
/// well-formed tag, and the same errors for a broken one).
fn fast_start(
    b: &[u8],
    after: usize,
    out: &mut Vec<RawAttr>,
) -> Option<(usize, bool, usize, bool)> {
    fn plain(c: u8) -> bool {
        !matches!(
            c,
            b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>' | b'"' | b'\'' | b'=' | b'<'
        )
    }
    out.clear();
    let mut i = after;
    while i < b.len() && plain(b[i]) {
        i += 1;
    }
    let name_len = i - after;
    if name_len == 0 {
        return None;
    }
    let base = i;
    let mut xmlns = false;
    loop {
        let gap = i;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        match *b.get(i)? {
            b'>' => return Some((i, false, name_len, xmlns)),
            b'/' => return (b.get(i + 1) == Some(&b'>')).then_some((i + 1, true, name_len, xmlns)),
            _ if i == gap => return None,
            _ => {}
        }
        let key_start = i;
        while i < b.len() && plain(b[i]) {
            i += 1;
        }
        if i == key_start || b.get(i) != Some(&b'=') {
            return None;
        }
        let key_end = i;
        let quote = *b.get(i + 1)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_start = i + 2;
        let value_end = value_start + memchr::memchr(quote, &b[value_start..])?;
        out.push(RawAttr {
            key: ((key_start - base) as u32, (key_end - base) as u32),
            value: ((value_start - base) as u32, (value_end - base) as u32),
        });
        xmlns |= b[key_start..key_end].starts_with(b"xmlns");
        i = value_end + 1;
    }
}

fn slice(text: &str, r: (u32, u32)) -> &str {
    &text[r.0 as usize..r.1 as usize]
}

/// The length of a tag's name: up to the first white space.
fn el_name_len(tag: &str) -> usize {
    tag.as_bytes()
        .iter()
        .position(|&b| is_space(b))
        .unwrap_or(tag.len())
}

/// XML 1.0 line-end handling: `\r\n` and a lone `\r` become `\n`.
fn normalize_eols(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Scans `name="value"` pairs (white space around `=` allowed, none required between pairs),
/// recording byte ranges; with `unique`, a repeated name is an error.
/// Returns whether any name starts with `xmlns` (a namespace declaration).
fn scan_attributes(text: &str, out: &mut Vec<RawAttr>, unique: bool) -> Result<bool, String> {
    let xmlns = scan_pairs(text, out)?;
    match repeated(text, out) {
        Some(key) if unique => Err(format!("`{key}` is repeated")),
        _ => Ok(xmlns),
    }
}

fn scan_pairs(text: &str, out: &mut Vec<RawAttr>) -> Result<bool, String> {
    let mut xmlns = false;
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    loop {
        while i < n && is_space(b[i]) {
            i += 1;
        }
        if i >= n {
            return Ok(xmlns);
        }
        let key_start = i;
        // The first byte always belongs to the name, even a stray `=` (as quick-xml reads it).
        i += 1;
        while i < n && b[i] != b'=' && !is_space(b[i]) {
            i += 1;
        }
        let key_end = i;
        while i < n && is_space(b[i]) {
            i += 1;
        }
        if i >= n || b[i] != b'=' {
            return Err(format!("`{}` has no value", &text[key_start..key_end]));
        }
        i += 1;
        while i < n && is_space(b[i]) {
            i += 1;
        }
        let quote = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => q,
            Some(_) => {
                return Err(format!(
                    "the value of `{}` is not quoted",
                    &text[key_start..key_end]
                ))
            }
            None => return Err(format!("`{}` has no value", &text[key_start..key_end])),
        };
        let value_start = i + 1;
        let Some(len) = memchr::memchr(quote, &b[value_start..]) else {
            return Err(format!(
                "the value of `{}` has no closing quote",
                &text[key_start..key_end]
            ));
        };
        let value_end = value_start + len;
        i = value_end + 1;
        xmlns |= b[key_start..key_end].starts_with(b"xmlns");
        out.push(RawAttr {
            key: (key_start as u32, key_end as u32),
            value: (value_start as u32, value_end as u32),
        });
    }
}

/// A name that occurs twice among `attrs`. Elements carry a handful of attributes, compared
/// pairwise; a hostile tag with thousands is checked through a set.
fn repeated<'t>(text: &'t str, attrs: &[RawAttr]) -> Option<&'t str> {
    if attrs.len() <= 32 {
        for (i, a) in attrs.iter().enumerate().skip(1) {
            let len = a.key.1 - a.key.0;
            let key = slice(text, a.key);
            if attrs[..i]
                .iter()
                .any(|b| b.key.1 - b.key.0 == len && slice(text, b.key) == key)
            {
                return Some(key);
            }
        }
        return None;
    }
    let mut seen = std::collections::HashSet::with_capacity(attrs.len());
    attrs
        .iter()
        .map(|a| slice(text, a.key))
        .find(|key| !seen.insert(*key))
}

#[cfg(test)]
mod tests {
    //! The tokeniser against quick-xml's namespace reader (what this module used before it was
    //! written for speed): same events on real and fixture parts, and the same verdict (event
    //! stream or error) on hand-made edge cases and thousands of mutated parts.

    use super::*;
    use quick_xml::events::Event as QEvent;
    use quick_xml::name::ResolveResult;
    use quick_xml::reader::NsReader;

    /// One event as text, attributes in order.
    type Trace = Result<Vec<String>, ()>;

    fn ns_name(ns: Ns) -> &'static str {
        match ns {
            Ns::W => "w",
            Ns::R => "r",
            Ns::PkgRel => "pr",
            Ns::Mc => "mc",
            Ns::Dml => "a",
            Ns::Other => "other",
            Ns::None => "",
        }
    }

    fn ours(text: &str) -> Trace {
        let mut r = Reader::new("part", text);
        let mut out = Vec::new();
        let mut pending = String::new();
        loop {
            let ev = r.next().map_err(|_| ())?;
            if let Event::Text(t) = &ev {
                pending.push_str(t);
                continue;
            }
            if !pending.is_empty() {
                out.push(format!("T{}", std::mem::take(&mut pending)));
            }
            match ev {
                Event::Start(el) => {
                    let mut s = format!("S{}:{}@{}", ns_name(el.ns), el.local, r.position());
                    for (ns, local, value) in el.attrs() {
                        s.push_str(&format!(" {}:{}={}", ns_name(ns), local, value));
                    }
                    out.push(s);
                }
                Event::End => out.push(format!("E@{}", r.position())),
                Event::Eof => return Ok(out),
                Event::Text(_) => {}
            }
        }
    }

    fn theirs_ns(res: ResolveResult<'_>) -> Result<Ns, ()> {
        Ok(match res {
            ResolveResult::Bound(n) => ns_of(n.0),
            ResolveResult::Unbound => Ns::None,
            ResolveResult::Unknown(_) => return Err(()),
        })
    }

    /// The previous implementation's events, from quick-xml's `NsReader`.
    fn theirs(text: &str) -> Trace {
        let mut r = NsReader::from_str(text);
        let cfg = r.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        cfg.allow_unmatched_ends = false;
        let mut out = Vec::new();
        let mut pending = String::new();
        let mut depth = 0usize;
        let mut owe = false;
        loop {
            if owe {
                owe = false;
                depth -= 1;
                out.push(format!("E@{}", r.buffer_position()));
                continue;
            }
            let ev = r.read_event().map_err(|_| ())?;
            let start = match &ev {
                QEvent::Text(t) => {
                    pending.push_str(&t.xml10_content());
                    continue;
                }
                QEvent::CData(t) => {
                    pending.push_str(&t.xml10_content());
                    continue;
                }
                QEvent::GeneralRef(g) => {
                    if g.is_char_ref() {
                        match g.resolve_char_ref() {
                            Ok(Some(c)) => pending.push(c),
                            _ => return Err(()),
                        }
                    } else {
                        pending.push_str(resolve_predefined_entity(&g.xml10_content()).ok_or(())?);
                    }
                    continue;
                }
                QEvent::Comment(_) | QEvent::PI(_) => continue,
                QEvent::Decl(d) => {
                    if let Some(enc) = d.encoding() {
                        let enc = enc.map_err(|_| ())?.to_ascii_lowercase();
                        if !matches!(
                            enc.as_str(),
                            "utf-8" | "utf8" | "utf-16" | "utf-16le" | "utf-16be" | "unicode"
                        ) {
                            return Err(());
                        }
                    }
                    continue;
                }
                QEvent::DocType(_) => return Err(()),
                QEvent::Start(s) | QEvent::Empty(s) => Some(s.clone()),
                QEvent::End(_) | QEvent::Eof => None,
            };
            if !pending.is_empty() {
                out.push(format!("T{}", std::mem::take(&mut pending)));
            }
            match (ev, start) {
                (QEvent::Eof, _) => {
                    return if depth > 0 { Err(()) } else { Ok(out) };
                }
                (QEvent::End(_), _) => {
                    depth = depth.saturating_sub(1);
                    out.push(format!("E@{}", r.buffer_position()));
                }
                (ev, Some(s)) => {
                    let resolver = r.resolver();
                    let (res, local) = resolver.resolve_element(s.name());
                    let mut line = format!(
                        "S{}:{}@{}",
                        ns_name(theirs_ns(res)?),
                        local.as_ref(),
                        r.buffer_position()
                    );
                    for a in s.attributes() {
                        let a = a.map_err(|_| ())?;
                        if a.key.0.starts_with("xmlns") {
                            continue;
                        }
                        let (res, alocal) = resolver.resolve_attribute(a.key);
                        let ans = theirs_ns(res).unwrap_or(Ns::Other);
                        let v = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|_| ())?;
                        line.push_str(&format!(" {}:{}={}", ns_name(ans), alocal.as_ref(), v));
                    }
                    out.push(line);
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(());
                    }
                    owe = matches!(ev, QEvent::Empty(_));
                }
                _ => {}
            }
        }
    }

    /// Our verdict when the caller skips some subtrees (property lists, drawings' choices):
    /// skipped content is checked just as read content is.
    fn ours_skipping(text: &str) -> Result<usize, ()> {
        let mut r = Reader::new("part", text);
        let mut starts = 0;
        loop {
            match r.next().map_err(|_| ())? {
                Event::Start(el) => {
                    starts += 1;
                    if matches!(el.local, "rPr" | "pPr" | "AlternateContent" | "body" | "r") {
                        r.skip().map_err(|_| ())?;
                    } else if el.local == "t" {
                        r.text().map_err(|_| ())?;
                    }
                }
                Event::Eof => return Ok(starts),
                _ => {}
            }
        }
    }

    fn same(text: &str) {
        let theirs = theirs(text);
        assert_eq!(ours(text), theirs, "on {text:?}");
        assert_eq!(
            ours_skipping(text).is_ok(),
            theirs.is_ok(),
            "skipping, on {text:?}"
        );
    }

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    #[test]
    fn edge_cases_match_quick_xml() {
        let cases = [
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body><w:p w:rsidR="00A1"><w:r><w:t xml:space="preserve"> a &amp; b &#x1EBF;&#7871; </w:t></w:r></w:p></w:body></w:document>"#
            ),
            format!(
                r#"<x:document xmlns:x="{W}"><x:body><x:p/><x:p ></x:p><x:p x:a = 'v' b="2"/></x:body></x:document>"#
            ),
            format!(r#"<document xmlns="{W}"><body><p><r><t>x</t></r></p></body></document>"#),
            format!(
                r#"<w:a xmlns:w="{W}"><b xmlns=""><c/></b><w:c xmlns:w="urn:other"><w:d/></w:c><w:e/></w:a>"#
            ),
            format!(
                r#"<w:a xmlns:w="{W}" w:v="a&#9;b&#10;c	d
e&lt;f"><!-- c --><![CDATA[<raw>&amp;]]>t&#13;u
v</w:a >"#
            ),
            format!("<w:a xmlns:w=\"{W}\">line\r\nnext\rlast\r</w:a>"),
            format!(r#"<w:a xmlns:w="{W}" v=">" w:x='"'/>"#),
            format!(r#"<?xml-stylesheet href="a"?><w:a xmlns:w="{W}"><?pi x?></w:a>"#),
            format!(
                r#"<w:a xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:AlternateContent><mc:Choice Requires="w">x</mc:Choice></mc:AlternateContent></w:a>"#
            ),
            format!(r#"<w:a xmlns:w="{W}" w:b="1"w:c="2"/>"#),
            format!(
                r#"<w:a xmlns:w="{W}" xml:lang="vi" xmlns:xml="http://www.w3.org/XML/1998/namespace"/>"#
            ),
            // Errors, each for its own reason.
            format!(r#"<w:a xmlns:w="{W}" w:b="1" w:b="2"/>"#),
            format!(r#"<w:a xmlns:w="{W}" w:b/>"#),
            format!(r#"<w:a xmlns:w="{W}" w:b=1/>"#),
            format!(r#"<w:a xmlns:w="{W}" w:b="1/>"#),
            format!(r#"<w:a xmlns:w="{W}">&foo;</w:a>"#),
            format!(r#"<w:a xmlns:w="{W}">a & b</w:a>"#),
            format!(r#"<w:a xmlns:w="{W}">a &amp b</w:a>"#),
            format!(r#"<w:a xmlns:w="{W}">&#0;</w:a>"#),
            format!(r#"<w:a xmlns:w="{W}" w:v="&bad;"/>"#),
            format!(r#"<w:a xmlns:w="{W}"></w:b>"#),
            format!(r#"<w:a xmlns:w="{W}"></w:a></w:a>"#),
            format!(r#"<w:a xmlns:w="{W}"><w:b>"#),
            format!(r#"<w:a xmlns:w="{W}"><v:b/></w:a>"#),
            format!(r#"<w:a xmlns:w="{W}" xmlns:p=""><p:b/></w:a>"#),
            format!(r#"<w:a xmlns:w="{W}" xmlns:xml="urn:x"/>"#),
            format!(r#"<w:a xmlns:w="{W}" xmlns:xmlns="urn:x"/>"#),
            r#"<w:a xmlns:w="http://www.w3.org/XML/1998/namespace"/>"#.to_string(),
            format!(r#"<?xml version="1.0" encoding="ISO-8859-1"?><w:a xmlns:w="{W}"/>"#),
            format!(r#"<!DOCTYPE a><w:a xmlns:w="{W}"/>"#),
            format!(r#"<w:a xmlns:w="{W}"><!-- open"#),
            format!(r#"<w:a xmlns:w="{W}"><![CDATA[open"#),
            format!(r#"<w:a xmlns:w="{W}"><w:b"#),
            format!(r#"<w:a xmlns:w="{W}"><!x></w:a>"#),
            format!(
                r#"<w:a xmlns:w="{W}">{}{}</w:a>"#,
                "<w:b>".repeat(300),
                "</w:b>".repeat(300)
            ),
            format!(
                r#"<w:a xmlns:w="{W}">{}{}</w:a>"#,
                "<w:b>".repeat(255),
                "</w:b>".repeat(255)
            ),
            String::new(),
            "   ".into(),
            "\u{FEFF}<a/>".into(),
        ];
        for case in &cases {
            same(case);
        }
    }

    /// A small xorshift generator, so the mutations are the same on every run.
    use crate::engine::testing::Rng;

    #[test]
    fn mutated_parts_get_the_same_verdict() {
        let base = format!(
            r#"<?xml version="1.0"?><w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body><w:p w:rsidR="1"><w:pPr><w:pStyle w:val="A"/><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times"/><w:b/></w:rPr><w:t xml:space="preserve">Kế hoạch &amp; số 1</w:t></w:r><!-- note --><?pi x?><w:r w:v="a&amp;b&#9;c" xmlns:x="urn:x"><![CDATA[c]]><x:y/><w:t>&#x1EBF;</w:t><w:br w:type="page"/></w:r></w:p><mc:AlternateContent><mc:Choice Requires="w"><w:p/></mc:Choice><mc:Fallback/></mc:AlternateContent><w:sectPr><w:headerReference r:id="rId1" w:type="default"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
        );
        let alphabet: &[u8] = b"<>/=\"' &;:!?-[]xmlnsw#\r\n\t";
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..20000 {
            let mut bytes = base.clone().into_bytes();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(bytes.len());
                match rng.below(3) {
                    0 => bytes[at] = alphabet[rng.below(alphabet.len())],
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, alphabet[rng.below(alphabet.len())]),
                }
            }
            if let Ok(text) = std::str::from_utf8(&bytes) {
                same(text);
            }
        }
    }

    /// Every XML part of the real corpus (when `../shared/corpus` is there) and of the `.docx`
    /// fixtures gives the same events.
    #[test]
    fn real_parts_match_quick_xml() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["../shared/corpus", "fixtures"] {
            let mut stack = vec![root.join(dir)];
            while let Some(d) = stack.pop() {
                let Ok(entries) = std::fs::read_dir(&d) else {
                    continue;
                };
                for e in entries.flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|x| x == "docx") {
                        files.push(p);
                    }
                }
            }
        }
        let mut parts = 0;
        for f in files {
            let bytes = std::fs::read(&f).expect("read");
            let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
                continue;
            };
            for i in 0..zip.len() {
                let mut entry = zip.by_index(i).expect("entry");
                let Ok(name) = entry.name().map(|n| n.to_string()) else {
                    continue;
                };
                if !(name.ends_with(".xml") || name.ends_with(".rels")) {
                    continue;
                }
                let mut data = Vec::new();
                std::io::Read::read_to_end(&mut entry, &mut data).expect("inflate");
                let Ok(text) = decode_part(&name, &data) else {
                    continue;
                };
                assert_eq!(ours(&text), theirs(&text), "{} {name}", f.display());
                parts += 1;
            }
        }
        assert!(parts > 0);
    }
}
