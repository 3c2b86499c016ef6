//! The `.docx` reader (stub until the streaming reader lands).

use super::{ExtractError, Extracted};

/// True when the bytes start like a zip package or an OLE2 compound file (a `.doc`, or an
/// encrypted `.docx`), whatever the file is called.
pub fn looks_like_package(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"PK\x05\x06")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// Reads a `.docx` package.
pub fn extract(_bytes: &[u8]) -> Result<Extracted, ExtractError> {
    Err(ExtractError::Unsupported(".docx".into()))
}
