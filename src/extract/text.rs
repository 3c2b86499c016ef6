//! The `.txt` reader (minimal until the full decoder lands).

use super::{ExtractError, Extracted, InputKind};

/// Decodes a text file.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| ExtractError::NotText)?;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    Ok(Extracted::plain(InputKind::Txt, text))
}
