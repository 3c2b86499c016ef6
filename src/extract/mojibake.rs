//! UTF-8 text that was read as Windows-1252 or Latin-1 and saved again ("double encoding"):
//! `Kế hoạch` stored as `Káº¿ hoáº¡ch`.
//!
//! A mail client, web page or export tool that guesses the wrong character set leaves every
//! byte of a Vietnamese letter as a Western (or Vietnamese Windows) character of its own. The damage is exactly
//! reversible: writing each character back as its Windows-1252 (or Latin-1) byte gives the
//! original UTF-8. A line is taken as double-encoded only when that succeeds and the result
//! holds a letter only Vietnamese writes (`ư`, `ộ`, `đ`…): real Western text (`Café`) does not
//! form valid UTF-8 that way, and real Vietnamese Unicode has letters outside Windows-1252.

/// The byte Windows-1252 gives `c`, or Latin-1's for the C1 controls and the five bytes
/// Windows-1252 leaves undefined (Windows and Latin-1 decoders both keep them as U+0080–U+009F).
pub(crate) fn byte_of(c: char) -> Option<u8> {
    if c.is_ascii() {
        return u8::try_from(u32::from(c)).ok();
    }
    super::legacy::lookalike_byte(c)
}

/// A letter only Vietnamese writes among Latin scripts: `ă â đ ê ô ơ ư` and the letters of the
/// Latin Extended Additional block that carry its tone marks, in either case.
fn is_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'â' | 'Â' | 'đ' | 'Đ' | 'ê' | 'Ê' | 'ô' | 'Ô' | 'ơ' | 'Ơ' | 'ư' | 'Ư'
    ) || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
}

/// `line` with its double encoding undone, or `None` when it is not double-encoded.
///
/// A decoder that replaced the five bytes Windows-1252 leaves undefined with `�` lost them
/// for good (one of them ends `Đ`, `ề`, `ọ`, `ỏ`, `ờ`): such a line still counts, and each lost
/// letter reads `�`.
pub fn undo(line: &str) -> Option<String> {
    if line.is_ascii() {
        return None;
    }
    // 0xFF never occurs in UTF-8: it marks a lost byte.
    let mut lost = 0;
    let western: Option<Vec<u8>> = line
        .chars()
        .map(|c| match c {
            '\u{FFFD}' => {
                lost += 1;
                Some(0xFF)
            }
            c => byte_of(c),
        })
        .collect();
    let bytes = match western {
        Some(bytes) => bytes,
        // A Vietnamese Windows decoder (Windows-1258) leaves `Ă`, `Ơ`, `Ư` and combining tone
        // marks where a Western one leaves `Ã`, `Õ`, `Ý`, `Ì`.
        // Windows-1258 has none of the letters of Latin Extended Additional (`ạ`, `ế`, `ộ`…),
        // which nearly every line of real Vietnamese holds: those lines cost no encoding.
        None if lost == 0 && !line.chars().any(|c| ('\u{1E00}'..='\u{1EFF}').contains(&c)) => {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(line);
            if unmappable {
                return None;
            }
            bytes.into_owned()
        }
        None => return None,
    };
    let original = if lost == 0 {
        String::from_utf8(bytes).ok()?
    } else {
        // Each lost byte leaves its letter's first bytes unfinished and itself invalid: two
        // replacement characters, and no others if the rest is sound UTF-8.
        let decoded = String::from_utf8_lossy(&bytes);
        if decoded.matches('\u{FFFD}').count() != 2 * lost {
            return None;
        }
        decoded.replace("\u{FFFD}\u{FFFD}", "\u{FFFD}")
    };
    original
        .chars()
        .any(is_vietnamese_letter)
        .then_some(original)
}

/// What a double-encoded line reads as once undone, cut to about 40 characters: the finding's
/// sample.
pub fn sample(undone: &str) -> String {
    let trimmed = undone.trim();
    match trimmed.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &trimmed[..at]),
        None => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Double-encodes `text` as a Windows or Latin-1 decoder would.
    fn garble(text: &str, latin1: bool) -> String {
        text.bytes()
            .map(|b| {
                if latin1 || !(0x80..0xA0).contains(&b) {
                    char::from(b)
                } else {
                    (0x80..0xA0u8)
                        .map(char::from)
                        .chain("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".chars())
                        .find(|&c| byte_of(c) == Some(b) && u32::from(c) >= 0x100)
                        .unwrap_or(char::from(b))
                }
            })
            .collect()
    }

    #[test]
    fn double_encoded_lines_come_back_exactly() {
        for line in [
            "KẾ HOẠCH",
            "Số: 125/KH-UBND",
            "Triển khai thực hiện Nghị quyết số 17-NQ/TU của Ban Thường vụ Tỉnh ủy",
            "ĐẢNG BỘ TỈNH NAM ĐỊNH – “Đổi mới” …",
            "người, thời, nhiều, Ố, ọ, ỏ",
        ] {
            for latin1 in [false, true] {
                let garbled = garble(line, latin1);
                assert_ne!(garbled, line);
                assert_eq!(undo(&garbled).as_deref(), Some(line), "{garbled:?}");
            }
        }
        assert_eq!(garble("Kế hoạch", false), "Káº¿ hoáº¡ch");
    }

    #[test]
    fn a_vietnamese_windows_decoder_is_undone_too() {
        for line in [
            "Trường Mầm non Hùng An",
            "Ủy ban nhân dân thành phố Đà Nẵng",
        ] {
            let (garbled, _) =
                encoding_rs::WINDOWS_1258.decode_without_bom_handling(line.as_bytes());
            assert_ne!(garbled, line);
            assert_eq!(undo(&garbled).as_deref(), Some(line), "{garbled:?}");
        }
    }

    #[test]
    fn a_decoder_that_dropped_bytes_leaves_a_mark_per_lost_letter() {
        let garbled = garble("Đảng ủy và người dân", false);
        let lossy: String = garbled
            .chars()
            .map(|c| {
                if u32::from(c) < 0xA0 && !c.is_ascii() {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect();
        assert_ne!(lossy, garbled);
        assert_eq!(
            undo(&lossy).as_deref(),
            Some("\u{FFFD}ảng ủy và ngư\u{FFFD}i dân")
        );
    }

    #[test]
    fn real_text_is_left_alone() {
        for line in [
            "Kế hoạch số 12/KH-UBND",
            "Café, Müller, Ñandú, © 2024",
            "ASCII only",
            "Ã©",
            "“Quoted” – dash…",
            "Kế hoạch \u{FFFD} lỗi",
            "Ã\u{FFFD} x",
            "",
        ] {
            assert_eq!(undo(line), None, "{line:?}");
        }
    }

    #[test]
    fn samples_are_short() {
        assert_eq!(sample("  KẾ HOẠCH  "), "KẾ HOẠCH");
        assert_eq!(sample(&"ư".repeat(50)).chars().count(), 41);
    }
}
