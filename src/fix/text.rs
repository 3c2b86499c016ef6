//! Writing a fixed `.txt`: the reader's text (decoded, line endings as `\n`) back to bytes in
//! the file's own conventions where they are safe to keep.

/// How the input file was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    /// The file started with a UTF-8 byte order mark.
    pub bom: bool,
    /// Lines ended with CR LF.
    pub crlf: bool,
}

impl Format {
    /// Looks at the input bytes. UTF-16 and 8-bit files come out as UTF-8; their line endings
    /// are still kept.
    pub fn of(bytes: &[u8]) -> Format {
        let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
        let crlf = if utf16 {
            bytes
                .windows(4)
                .any(|w| w == [13, 0, 10, 0] || w == [0, 13, 0, 10])
        } else {
            bytes.windows(2).any(|w| w == b"\r\n")
        };
        Format {
            bom: bytes.starts_with(b"\xEF\xBB\xBF"),
            crlf,
        }
    }

    /// The bytes of `text` (lines ending in `\n`) in this format, as UTF-8.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() + 8);
        if self.bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        if self.crlf {
            out.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
        } else {
            out.extend_from_slice(text.as_bytes());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_and_bom_are_kept() {
        let f = Format::of(b"\xEF\xBB\xBFa\r\nb\r\n");
        assert_eq!(
            f,
            Format {
                bom: true,
                crlf: true
            }
        );
        assert_eq!(f.encode("a\nc\n"), b"\xEF\xBB\xBFa\r\nc\r\n");
        let f = Format::of(b"a\nb");
        assert_eq!(f.encode("x\ny"), b"x\ny");
        let utf16 = Format::of(&[0xFF, 0xFE, b'a', 0, 13, 0, 10, 0]);
        assert_eq!(
            utf16,
            Format {
                bom: false,
                crlf: true
            }
        );
    }
}
