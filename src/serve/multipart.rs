//! A small `multipart/form-data` reader (RFC 7578) for the uploads of `vblint serve`: the body is
//! already in memory and bounded, so a single pass over it is enough.

/// One uploaded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// The file name the browser sent (path parts removed).
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The boundary parameter of a `multipart/form-data` content type, if it is one.
pub fn boundary(content_type: &str) -> Option<String> {
    let mut parts = content_type.split(';');
    let kind = parts.next()?.trim();
    if !kind.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    parts.find_map(|p| {
        let (key, value) = p.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let value = value.trim().trim_matches('"');
        (!value.is_empty() && value.len() <= 70).then(|| value.to_string())
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// What is wrong with a multipart body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MultipartError {
    /// The boundary never occurs.
    NoBoundary,
    /// A delimiter is not followed by a line break.
    BadDelimiter,
    /// A part's headers have no blank line after them.
    HeadersUnended,
    /// A part's headers are longer than [`crate::limits::SERVE_PART_HEAD_BYTES`].
    HeadersTooLong,
    /// The body ends inside a part (the closing boundary never comes).
    Unclosed,
    /// A part in the file field has no file name.
    NoFilename,
}

impl MultipartError {
    /// One line in Vietnamese (`english == false`) or English.
    pub fn message(self, english: bool) -> String {
        use MultipartError::*;
        let kb = crate::limits::SERVE_PART_HEAD_BYTES >> 10;
        match (self, english) {
            (NoBoundary, true) => "the body has no multipart boundary".into(),
            (NoBoundary, false) => {
                "không thấy ranh giới (boundary) multipart trong nội dung".into()
            }
            (BadDelimiter, true) => "a multipart boundary is not followed by a line break".into(),
            (BadDelimiter, false) => "sau ranh giới multipart không có dấu xuống dòng".into(),
            (HeadersUnended, true) => "a part's headers do not end".into(),
            (HeadersUnended, false) => "phần đầu của một mục không có dòng trống kết thúc".into(),
            (HeadersTooLong, true) => format!("a part's headers are longer than {kb} KB"),
            (HeadersTooLong, false) => format!("phần đầu của một mục dài quá {kb} KB"),
            (Unclosed, true) => "the body ends inside a part (no closing boundary)".into(),
            (Unclosed, false) => "nội dung kết thúc giữa chừng (thiếu ranh giới đóng)".into(),
            (NoFilename, true) => "a part of the `file` field has no filename".into(),
            (NoFilename, false) => "một mục của trường `file` không có tên tệp (filename)".into(),
        }
    }
}

/// Reads the parts named `field`, each of which must carry a file name; other fields are
/// ignored. An error says what is wrong with the body.
pub fn files(body: &[u8], boundary: &str, field: &str) -> Result<Vec<Upload>, MultipartError> {
    use MultipartError::*;
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut at = find(body, delimiter, 0).ok_or(NoBoundary)?;
    let mut out = Vec::new();
    let mut closing = b"\r\n".to_vec();
    closing.extend_from_slice(delimiter);
    loop {
        at += delimiter.len();
        if body[at..].starts_with(b"--") {
            return Ok(out);
        }
        // Past the delimiter's line ending to the part's headers.
        let headers_start = find(body, b"\r\n", at).ok_or(BadDelimiter)? + 2;
        let limit = (headers_start + crate::limits::SERVE_PART_HEAD_BYTES + 4).min(body.len());
        let headers_end = match find(&body[..limit], b"\r\n\r\n", headers_start) {
            Some(e) => e,
            None if limit < body.len() => return Err(HeadersTooLong),
            None => return Err(HeadersUnended),
        };
        let headers = String::from_utf8_lossy(&body[headers_start..headers_end]);
        let content_start = headers_end + 4;
        let content_end = find(body, &closing, content_start).ok_or(Unclosed)?;
        if let Some((name, filename)) = disposition(&headers) {
            if name == field {
                let filename = filename.ok_or(NoFilename)?;
                out.push(Upload {
                    name: base_name(&filename),
                    bytes: body[content_start..content_end].to_vec(),
                });
            }
        }
        at = content_end + 2;
    }
}

/// The `name` and `filename` of a part's `Content-Disposition: form-data` header.
fn disposition(headers: &str) -> Option<(String, Option<String>)> {
    let line = headers.lines().find(|l| {
        l.split(':')
            .next()
            .is_some_and(|k| k.trim().eq_ignore_ascii_case("content-disposition"))
    })?;
    let value = line.split_once(':')?.1;
    let mut name = None;
    let mut filename = None;
    for param in split_params(value) {
        let Some((key, v)) = param.split_once('=') else {
            continue;
        };
        let v = unquote(v.trim());
        match key.trim().to_ascii_lowercase().as_str() {
            "name" => name = Some(v),
            "filename" => filename = Some(v),
            _ => {}
        }
    }
    Some((name?, filename))
}

/// Splits header parameters on `;` outside quotes.
fn split_params(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&value[start..]);
    out
}

fn unquote(v: &str) -> String {
    match v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => v.to_string(),
    }
}

/// The last path component: browsers on Windows once sent whole paths.
fn base_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    if base.is_empty() {
        "tep-tai-len".into()
    } else {
        base.chars().filter(|c| !c.is_control()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
        let mut b = Vec::new();
        for (name, filename, content) in parts {
            b.extend_from_slice(b"--XyZ\r\n");
            let fname = filename.map_or(String::new(), |f| format!("; filename=\"{f}\""));
            b.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"{fname}\r\n").as_bytes(),
            );
            b.extend_from_slice(b"Content-Type: application/octet-stream\r\n\r\n");
            b.extend_from_slice(content);
            b.extend_from_slice(b"\r\n");
        }
        b.extend_from_slice(b"--XyZ--\r\n");
        b
    }

    #[test]
    fn reads_file_fields_and_skips_others() {
        let b = body(&[
            (
                "file",
                Some("C:\\Users\\a\\kế hoạch.txt"),
                b"KE HOACH\r\n--X",
            ),
            ("lang", None, b"en"),
            ("file", Some("b.docx"), b"PK\x03\x04"),
        ]);
        let got = files(&b, "XyZ", "file").unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].name, "kế hoạch.txt");
        assert_eq!(got[0].bytes, b"KE HOACH\r\n--X");
        assert_eq!(got[1].bytes, b"PK\x03\x04");
    }

    #[test]
    fn boundary_from_content_type() {
        assert_eq!(
            boundary("multipart/form-data; boundary=----abc").as_deref(),
            Some("----abc")
        );
        assert_eq!(
            boundary("Multipart/Form-Data; charset=x; boundary=\"q r\"").as_deref(),
            Some("q r")
        );
        assert_eq!(boundary("application/json"), None);
        assert_eq!(boundary("multipart/form-data"), None);
    }

    #[test]
    fn truncated_bodies_are_errors_not_panics() {
        let b = body(&[("file", Some("a.txt"), b"abc")]);
        for cut in 0..b.len() - 8 {
            let _ = files(&b[..cut], "XyZ", "file");
        }
        assert_eq!(
            files(&b[..b.len() - 12], "XyZ", "file"),
            Err(MultipartError::Unclosed)
        );
        assert_eq!(
            files(b"garbage", "XyZ", "file"),
            Err(MultipartError::NoBoundary)
        );
    }

    #[test]
    fn each_malformed_body_has_its_error() {
        let no_name = body(&[("file", None, b"abc")]);
        assert_eq!(
            files(&no_name, "XyZ", "file"),
            Err(MultipartError::NoFilename)
        );
        let mut long = b"--XyZ\r\nX-Pad: ".to_vec();
        long.extend(std::iter::repeat_n(b'a', 20_000));
        long.extend_from_slice(b"\r\n\r\nabc\r\n--XyZ--\r\n");
        assert_eq!(
            files(&long, "XyZ", "file"),
            Err(MultipartError::HeadersTooLong)
        );
        assert_eq!(
            files(b"--XyZ\r\nContent-Disposition: form-data", "XyZ", "file"),
            Err(MultipartError::HeadersUnended)
        );
        assert_eq!(
            files(b"--XyZ", "XyZ", "file"),
            Err(MultipartError::BadDelimiter)
        );
    }
}
