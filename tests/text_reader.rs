//! The `.txt` reader: encodings, line endings, legacy Vietnamese encodings, NFD, non-text.
//!
//! Expected TCVN3 strings were produced with glibc `iconv -f TCVN5712-1` while writing the tests
//! and are written here as literals; the tests do not call iconv.

mod support;

use support::rng::Rng;

use unicode_normalization::UnicodeNormalization;
use vblint::extract::{
    self, legacy, text, ExtractError, ExtractFinding, FindingKind, InputKind, LegacyEncoding,
};

/// A realistic, clean Unicode plan excerpt: capitals, curly quotes, English words, à ả ã ô ơ ư đ.
const CLEAN_PLAN: &str = "\
UỶ BAN NHÂN DÂN
HUYỆN BẢO THẮNG
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 125/KH-UBND                Bảo Thắng, ngày 05 tháng 3 năm 2024

KẾ HOẠCH
Triển khai “Ngày hội chuyển đổi số” năm 2024
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao nhận thức của cán bộ, công chức về chuyển đổi số; sử dụng Zalo, Microsoft Teams và hệ thống e-Office trong xử lý văn bản.
- Bảo đảm an toàn thông tin; tránh lãng phí, hình thức; không để xảy ra sai sót.
II. NỘI DUNG
Ông Nguyễn Văn An, Phó Chủ tịch UBND huyện, chỉ đạo; bà Trần Thị Bé phụ trách hội thảo về AI và café sáng tại Hà Nội, Đà Nẵng, Cà Mau.
Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư; Điều 8, khoản 2 — mẫu số 1.1.
Thời gian: tháng 3 - tháng 4/2024. Địa điểm: Hội trường A, tầng 2.
Nơi nhận:
- Sở TT&TT tỉnh Lào Cai;
- Lưu: VT, VHTT.
";

/// The same kind of plan typed with a TCVN3 (.VnTime) font, as Unicode text.
const TCVN3_PLAN_UNICODE: &str = "\
Uỷ ban nhân dân huyện Bảo Thắng
Số: 125/KH-UBND
Kế hoạch triển khai công tác chuyển đổi số năm 2024
Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;
Thủ trưởng các cơ quan, đơn vị có trách nhiệm tổ chức thực hiện.
";

/// `TCVN3_PLAN_UNICODE` encoded with `iconv -t TCVN5712-1` and read back as Windows-1252.
const TCVN3_PLAN_MOJIBAKE: &str = "\
Uû ban nh©n d©n huyÖn B¶o Th¾ng
Sè: 125/KH-UBND
KÕ ho¹ch triÓn khai c«ng t¸c chuyÓn ®æi sè n¨m 2024
C¨n cø NghÞ ®Þnh sè 30/2020/N§-CP ngµy 05 th¸ng 3 n¨m 2020 cña ChÝnh phñ;
Thñ tr\u{AD}ëng c¸c c¬ quan, ®¬n vÞ cã tr¸ch nhiÖm tæ chøc thùc hiÖn.
";

/// `TCVN3_PLAN_UNICODE` as raw TCVN3 bytes (`iconv -t TCVN5712-1`).
const TCVN3_PLAN_BYTES: &[u8] = b"U\xfb ban nh\xa9n d\xa9n huy\xd6n B\xb6o Th\xbeng\nS\xe8: 125/KH-UBND\nK\xd5 ho\xb9ch tri\xd3n khai c\xabng t\xb8c chuy\xd3n \xae\xe6i s\xe8 n\xa8m 2024\nC\xa8n c\xf8 Ngh\xde \xae\xdenh s\xe8 30/2020/N\xa7-CP ng\xb5y 05 th\xb8ng 3 n\xa8m 2020 c\xf1a Ch\xddnh ph\xf1;\nTh\xf1 tr\xad\xebng c\xb8c c\xac quan, \xae\xacn v\xde c\xe3 tr\xb8ch nhi\xd6m t\xe6 ch\xf8c th\xf9c hi\xd6n.\n";

/// The same plan typed with a VNI-Windows font, as Unicode text (base letter + mark).
const VNI_PLAN_MOJIBAKE: &str = "\
UÛy ban nhaân daân huyeän Baûo Thaéng
Soá: 125/KH-UBND
Keá hoaïch trieån khai coâng taùc chuyeån ñoåi soá naêm 2024
Caên cöù Nghò ñònh soá 30/2020/NÑ-CP ngaøy 05 thaùng 3 naêm 2020 cuûa Chính phuû;
Thuû tröôûng caùc cô quan, ñôn vò coù traùch nhieäm toå chöùc thöïc hieän.
";

const VNI_PLAN_UNICODE: &str = "\
Ủy ban nhân dân huyện Bảo Thắng
Số: 125/KH-UBND
Kế hoạch triển khai công tác chuyển đổi số năm 2024
Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;
Thủ trưởng các cơ quan, đơn vị có trách nhiệm tổ chức thực hiện.
";

fn read(bytes: &[u8]) -> extract::Extracted {
    match text::extract(bytes) {
        Ok(e) => e,
        Err(e) => panic!("expected text, got {e:?}"),
    }
}

fn line_count(s: &str) -> usize {
    s.lines().count()
}

fn legacy_finding(findings: &[ExtractFinding]) -> (&LegacyEncoding, &str, std::ops::Range<usize>) {
    let found: Vec<_> = findings
        .iter()
        .filter_map(|f| match &f.kind {
            FindingKind::LegacyEncoding {
                encoding,
                font,
                sample,
            } => {
                assert!(font.is_none());
                Some((encoding, sample.as_str(), f.span.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "one legacy finding: {findings:?}");
    found[0].clone()
}

#[test]
fn utf8_without_bom() {
    let e = read("Kế hoạch\nsố 1".as_bytes());
    assert_eq!(e.kind, InputKind::Txt);
    assert_eq!(e.text, "Kế hoạch\nsố 1");
    assert!(e.findings.is_empty());
    assert!(e.lines.is_empty());
}

#[test]
fn utf8_with_bom() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("Kế hoạch".as_bytes());
    let e = read(&bytes);
    assert_eq!(e.text, "Kế hoạch");
    assert!(e.findings.is_empty());
}

#[test]
fn utf8_bom_with_invalid_bytes_is_not_text() {
    assert_eq!(
        text::extract(b"\xEF\xBB\xBFK\xFF\xFE\xFD").unwrap_err(),
        ExtractError::NotText
    );
}

fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if le { b"\xFF\xFE" } else { b"\xFE\xFF" });
    }
    for unit in s.encode_utf16() {
        out.extend_from_slice(&if le {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

#[test]
fn utf16_le_and_be_with_bom() {
    let s = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\r\nĐộc lập - Tự do - Hạnh phúc\r\n";
    for le in [true, false] {
        let e = read(&utf16(s, le, true));
        assert_eq!(
            e.text,
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        );
        assert!(e.findings.is_empty());
    }
}

#[test]
fn utf16_without_bom_when_unmistakable() {
    for le in [true, false] {
        let e = read(&utf16(CLEAN_PLAN, le, false));
        assert_eq!(e.text, CLEAN_PLAN);
        assert!(e.findings.is_empty());
    }
}

#[test]
fn utf16_with_unpaired_surrogate_is_not_text() {
    assert_eq!(
        text::extract(b"\xFF\xFEA\x00\x00\xD8B\x00").unwrap_err(),
        ExtractError::NotText
    );
}

#[test]
fn crlf_and_cr_line_endings() {
    let e = read(b"a\r\nb\r\nc");
    assert_eq!(e.text, "a\nb\nc");
    assert_eq!(line_count(&e.text), 3);

    let e = read(b"a\rb\rc\r");
    assert_eq!(e.text, "a\nb\nc\n");
    assert_eq!(line_count(&e.text), 3);

    // Mixed: a lone CR followed by CRLF is two line ends, as an editor shows them.
    let e = read(b"a\r\r\nb\n\nc");
    assert_eq!(e.text, "a\n\nb\n\nc");
    assert_eq!(line_count(&e.text), 5);

    let crlf = CLEAN_PLAN.replace('\n', "\r\n");
    let e = read(crlf.as_bytes());
    assert_eq!(e.text, CLEAN_PLAN);
    assert!(e.findings.is_empty());
}

#[test]
fn nfd_input_is_kept_and_reported() {
    let nfd: String = "Kế hoạch\nsố 12".nfd().collect();
    let e = read(nfd.as_bytes());
    assert_eq!(e.text, nfd, "the reader does not normalise");
    assert_eq!(e.findings.len(), 1);
    let f = &e.findings[0];
    // ế, ạ and ố are decomposed.
    assert_eq!(f.kind, FindingKind::Decomposed { count: 3 });
    assert_eq!(&e.text[f.span.clone()], "e\u{302}\u{301}");
}

#[test]
fn partly_decomposed_text_counts_only_decomposed_places() {
    let text = format!("Kế hoạch {}", "năm".nfd().collect::<String>());
    let e = read(text.as_bytes());
    assert_eq!(e.findings.len(), 1);
    assert_eq!(e.findings[0].kind, FindingKind::Decomposed { count: 1 });
    assert_eq!(e.findings[0].span.start, "Kế hoạch n".len());
}

#[test]
fn windows_1258_bytes_are_decoded_and_composed() {
    // Hand-encoded Windows-1258: base letters plus combining tone bytes (0xEC acute, 0xF2 dot
    // below, 0xD2 hook), ê 0xEA, ô 0xF4, ă 0xE3, đ 0xF0, ơ 0xF5, ư 0xFD; CRLF line ends.
    let bytes = b"K\xea\xec hoa\xf2ch tri\xea\xd2n khai c\xf4ng t\xe1c chuy\xea\xd2n \xf0\xf4\xd2i s\xf4\xec n\xe3m 2024.\r\nThu\xd2 tr\xfd\xf5\xd2ng c\xe1c c\xf5 quan, \xf0\xf5n vi\xf2 c\xf3 tr\xe1ch nhi\xea\xf2m.\r\n";
    let e = read(bytes);
    assert_eq!(
        e.text,
        "Kế hoạch triển khai công tác chuyển đổi số năm 2024.\nThủ trưởng các cơ quan, đơn vị có trách nhiệm.\n"
    );
    assert_eq!(
        e.findings,
        vec![ExtractFinding {
            kind: FindingKind::DecodedWindows1258,
            span: 0..0
        }]
    );
}

#[test]
fn windows_1258_via_encoding_rs_round_trip() {
    // encoding_rs encodes only what windows-1258 holds directly, so feed it the decomposed form
    // with the vowel shapes kept (ê, ơ, ư, ă, â, ô are single bytes) and tones combining.
    let sentence = "Tổ chức thực hiện kế hoạch năm 2024 của Uỷ ban nhân dân";
    let bytes = vblint::check::windows_1258_bytes(sentence);
    // encoding_rs writes what windows-1258 cannot hold as `&#…;`: none here.
    assert!(!bytes.contains(&b'&'));
    let e = read(&bytes);
    assert_eq!(e.text, sentence);
    assert_eq!(e.findings[0].kind, FindingKind::DecodedWindows1258);
}

#[test]
fn tcvn3_raw_bytes_are_converted() {
    let e = read(TCVN3_PLAN_BYTES);
    assert_eq!(e.text, TCVN3_PLAN_UNICODE);
    let (enc, sample, span) = legacy_finding(&e.findings);
    assert_eq!(*enc, LegacyEncoding::Tcvn3);
    assert_eq!(sample, "Uû ban");
    assert_eq!(&e.text[span], "Uỷ ban nhân dân huyện Bảo Thắng");
}

#[test]
fn tcvn3_mojibake_in_utf8_is_converted() {
    let e = read(TCVN3_PLAN_MOJIBAKE.as_bytes());
    assert_eq!(e.text, TCVN3_PLAN_UNICODE);
    assert_eq!(line_count(&e.text), line_count(TCVN3_PLAN_MOJIBAKE));
    let (enc, sample, span) = legacy_finding(&e.findings);
    assert_eq!(*enc, LegacyEncoding::Tcvn3);
    assert!(TCVN3_PLAN_MOJIBAKE.contains(sample));
    assert!(sample.chars().count() <= 40);
    assert_eq!(span, 0.."Uỷ ban nhân dân huyện Bảo Thắng".len());
}

#[test]
fn tcvn3_reference_phrases_read_as_unicode() {
    let e = read("Uû ban nh©n d©n\r\nXin chµo c¸c b¹n\r\nT«i ®i häc".as_bytes());
    assert_eq!(e.text, "Uỷ ban nhân dân\nXin chào các bạn\nTôi đi học");
    let (enc, sample, _) = legacy_finding(&e.findings);
    assert_eq!(*enc, LegacyEncoding::Tcvn3);
    assert_eq!(sample, "Uû ban");
}

#[test]
fn vni_mojibake_in_utf8_is_converted() {
    let e = read(VNI_PLAN_MOJIBAKE.as_bytes());
    assert_eq!(e.text, VNI_PLAN_UNICODE);
    assert_eq!(line_count(&e.text), line_count(VNI_PLAN_MOJIBAKE));
    let (enc, sample, span) = legacy_finding(&e.findings);
    assert_eq!(*enc, LegacyEncoding::Vni);
    assert_eq!(sample, "UÛy ban");
    assert_eq!(&e.text[span], "Ủy ban nhân dân huyện Bảo Thắng");
}

#[test]
fn vni_raw_bytes_are_converted() {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(VNI_PLAN_MOJIBAKE);
    assert!(!unmappable);
    let e = read(&bytes);
    assert_eq!(e.text, VNI_PLAN_UNICODE);
    assert_eq!(*legacy_finding(&e.findings).0, LegacyEncoding::Vni);
}

#[test]
fn vni_reference_phrases() {
    let e = read("Xin chaøo caùc baïn\nToâi ñi hoïc".as_bytes());
    assert_eq!(e.text, "Xin chào các bạn\nTôi đi học");
    assert_eq!(*legacy_finding(&e.findings).0, LegacyEncoding::Vni);
}

#[test]
fn legacy_line_with_a_non_latin1_symbol_is_still_converted() {
    // A footnote marker "⁴" is not a letter: it does not make the line Unicode Vietnamese.
    let s = format!("{VNI_PLAN_MOJIBAKE}- Thöïc hieän toát quy cheá daân chuû cô sôû⁴;\n");
    let e = read(s.as_bytes());
    assert_eq!(
        e.text,
        format!("{VNI_PLAN_UNICODE}- Thực hiện tốt quy chế dân chủ cơ sở⁴;\n")
    );
}

#[test]
fn tcvn3_vn1_capitals_in_control_slots() {
    // VN1 puts Ứ, Ự in C0 slots (0x11, 0x12); expected text from `iconv -f TCVN5712-1`.
    let mut bytes = TCVN3_PLAN_BYTES.to_vec();
    bytes.extend_from_slice(b"III. T\xe6 CH\x11C TH\x12C HI\x8cN\n");
    let e = read(&bytes);
    assert_eq!(
        e.text,
        format!("{TCVN3_PLAN_UNICODE}III. Tổ CHỨC THỰC HIỆN\n")
    );
}

#[test]
fn mixed_document_converts_only_legacy_lines() {
    let mixed =
        format!("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{TCVN3_PLAN_MOJIBAKE}Nơi nhận:\n- Lưu: VT.\n");
    let e = read(mixed.as_bytes());
    assert_eq!(
        e.text,
        format!("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{TCVN3_PLAN_UNICODE}Nơi nhận:\n- Lưu: VT.\n")
    );
    let (_, _, span) = legacy_finding(&e.findings);
    assert_eq!(&e.text[span], "Uỷ ban nhân dân huyện Bảo Thắng");
}

#[test]
fn clean_plan_is_untouched() {
    let e = read(CLEAN_PLAN.as_bytes());
    assert_eq!(e.text, CLEAN_PLAN);
    assert!(e.findings.is_empty(), "{:?}", e.findings);
    assert_eq!(legacy::detect(CLEAN_PLAN), None);
    for line in CLEAN_PLAN.lines() {
        assert_eq!(legacy::detect(line), None, "{line}");
    }
}

#[test]
fn unicode_text_with_symbols_is_not_legacy() {
    let s =
        "« Ngày hội » © 2024 Sở Văn hoá; § 3 khoản 2; nhiệt độ 25°C; 2 × 3 m²; café, naïve, Ông Bà";
    let e = read(s.as_bytes());
    assert_eq!(e.text, s);
    assert!(e.findings.is_empty(), "{:?}", e.findings);
}

#[test]
fn latin1_only_vietnamese_lines_are_not_legacy() {
    // Words spelled only with Latin-1 letters: plausible TCVN3/VNI look-alikes, but no tells.
    let s = "Hà Nam, Cà Mau, Tháng ba, có và là, hoá hoà, quà quá\nÔng Bà\n";
    let e = read(s.as_bytes());
    assert_eq!(e.text, s);
    assert!(e.findings.is_empty(), "{:?}", e.findings);
}

#[test]
fn binary_and_nul_laden_bytes_are_not_text() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
    assert_eq!(text::extract(png).unwrap_err(), ExtractError::NotText);
    // Valid UTF-8 but with NULs that do not make a UTF-16 pattern.
    assert_eq!(
        text::extract(b"Ke hoach\0\0\0so 1\0").unwrap_err(),
        ExtractError::NotText
    );
    // Control-heavy junk.
    let junk: Vec<u8> = (0u8..=255).cycle().skip(1).take(600).collect();
    assert_eq!(text::extract(&junk).unwrap_err(), ExtractError::NotText);
    // Plain Western European cp1252 is neither UTF-8 nor Vietnamese.
    assert_eq!(
        text::extract(b"Ceci est un caf\xe9 tr\xe8s ordinaire \xe0 Paris, \xe7a va.").unwrap_err(),
        ExtractError::NotText
    );
    // UTF-16 text holding a NUL character.
    assert_eq!(
        text::extract(&utf16("Kế\0hoạch", true, true)).unwrap_err(),
        ExtractError::NotText
    );
}

#[test]
fn dispatcher_routes_txt_here() {
    let e = extract::extract("Kế hoạch".as_bytes(), "txt");
    assert_eq!(e.map(|e| e.text), Ok("Kế hoạch".to_owned()));
    assert_eq!(
        extract::extract(b"", "txt").unwrap_err(),
        ExtractError::Empty
    );
}

#[test]
fn random_bytes_never_panic_and_keep_line_counts() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let alphabet: Vec<char> = "aeiouy nhtcgđ«®©¸µ¹¶·¬¨ªøïñûëöâáàãêéèúùõ\n\r“”–"
        .chars()
        .collect();
    for round in 0..3000 {
        let len = (rng.next() % 200) as usize;
        let bytes: Vec<u8> = match round % 3 {
            // Arbitrary bytes.
            0 => (0..len).map(|_| rng.next() as u8).collect(),
            // High-bit heavy bytes without controls (legacy / cp1258 paths).
            1 => (0..len)
                .map(|_| {
                    let b = rng.next() as u8;
                    if b < 0x20 {
                        b | 0x60
                    } else {
                        b
                    }
                })
                .collect(),
            // Look-alike characters as UTF-8 (mojibake path).
            _ => (0..len)
                .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
                .collect::<String>()
                .into_bytes(),
        };
        if let Ok(e) = text::extract(&bytes) {
            if let Ok(s) = std::str::from_utf8(&bytes) {
                let expected = s.replace("\r\n", "\n").replace('\r', "\n");
                assert_eq!(
                    e.text.matches('\n').count(),
                    expected.matches('\n').count(),
                    "{bytes:?}"
                );
            }
            for f in &e.findings {
                assert!(f.span.end <= e.text.len());
                assert!(e.text.is_char_boundary(f.span.start));
                assert!(e.text.is_char_boundary(f.span.end));
            }
        }
        let s = String::from_utf8_lossy(&bytes);
        let _ = legacy::detect(&s);
        let _ = legacy::tcvn3_to_unicode(&s);
        let _ = legacy::tcvn3_upper_to_unicode(&s);
        let _ = legacy::vni_to_unicode(&s);
    }
}

#[test]
fn messages_exist_in_both_languages() {
    assert!(ExtractError::NotText.message(false).contains("UTF-8"));
    assert!(ExtractError::NotText.message(true).contains("UTF-8"));
}

#[test]
fn pasted_legacy_paragraph_in_unicode_text_is_converted_and_counted() {
    let text = "KẾ HOẠCH\nTổ chức ngày hội đọc sách của Trường Mầm non An Bình\nI. MỤC ĐÍCH, YÊU CẦU\n1. Khơi dậy niềm yêu thích đọc sách.\n2. Tæ chøc thùc hiÖn c«ng t¸c d©n vËn.\n3. Các lớp trưng bày sách theo chủ đề.\n4. Uû ban nh©n d©n x· chØ ®¹o.\n";
    let e = read(text.as_bytes());
    assert!(e.text.contains("2. Tổ chức thực hiện công tác dân vận."));
    assert!(e.text.contains("4. Uỷ ban nhân dân xã chỉ đạo."));
    assert!(e.text.contains("3. Các lớp trưng bày sách theo chủ đề."));
    assert_eq!(e.findings.len(), 1);
    match &e.findings[0].kind {
        FindingKind::LegacyParagraphs {
            encoding, count, ..
        } => {
            assert_eq!((*encoding, *count), (LegacyEncoding::Tcvn3, 2));
        }
        other => panic!("{other:?}"),
    }
    // The finding points at the first pasted paragraph, converted.
    assert_eq!(
        &e.text[e.findings[0].span.clone()],
        "2. Tổ chức thực hiện công tác dân vận."
    );
}

#[test]
fn text_mostly_in_tcvn3_is_reported_as_a_whole() {
    let text = "KÕ ho¹ch\nTæ chøc thùc hiÖn c«ng t¸c d©n vËn\nUû ban nh©n d©n x· chØ ®¹o.\n";
    let e = read(text.as_bytes());
    assert!(matches!(
        e.findings[0].kind,
        FindingKind::LegacyEncoding { .. }
    ));
}

#[test]
fn text_over_the_size_limit_is_refused_up_front() {
    let limit = extract::MAX_TEXT_BYTES as usize;
    let line = "Các phòng, ban chuyên môn triển khai thực hiện Kế hoạch.\n";
    let big = line.repeat(limit / line.len() + 1);
    assert!(big.len() > limit);
    let err = extract::extract(big.as_bytes(), "txt").expect_err("refused");
    assert!(matches!(
        err,
        ExtractError::TooLarge { .. } | ExtractError::TextTooLarge { .. }
    ));
    assert!(
        err.message(true).contains(&format!("{} MiB", limit >> 20)),
        "{}",
        err.message(true)
    );
}

/// A TCVN3 text saved from a document that set its capitals in `.VnTimeH`: those lines are
/// stored in lower-case codes (or, with Caps Lock, ASCII capitals and lower-case toned
/// codes). The reader gives them back in capitals, and leaves ordinary lines as they are.
#[test]
fn tcvn3_upper_font_lines_get_their_capitals_back() {
    let lines = [
        ("ubnd x· t©n lËp", "UBND XÃ TÂN LẬP"),
        ("ban chØ huy qu©n sù", "BAN CHỈ HUY QUÂN SỰ"),
        (
            "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("kÕ ho¹ch", "KẾ HOẠCH"),
        (
            "HuÊn luyÖn d©n qu©n n¨m 2026",
            "Huấn luyện dân quân năm 2026",
        ),
        ("ii. néi dung huÊn luyÖn", "II. NỘI DUNG HUẤN LUYỆN"),
        (
            "- c¸c th«n ®«n ®èc d©n qu©n;",
            "- các thôn đôn đốc dân quân;",
        ),
        (
            "ban hµnh kÌm theo kÕ ho¹ch nµy.",
            "ban hành kèm theo kế hoạch này.",
        ),
        ("kt. chØ huy tr\u{AD}ëng", "KT. CHỈ HUY TRƯỞNG"),
        ("X· T©n LËp", "Xã Tân Lập"),
    ];
    let input: Vec<&str> = lines.iter().map(|(tcvn3, _)| *tcvn3).collect();
    let want: Vec<&str> = lines.iter().map(|(_, unicode)| *unicode).collect();
    let bytes = encode_latin1(&input.join("\r\n"));
    let e = read(&bytes);
    assert_eq!(e.text.lines().collect::<Vec<_>>(), want);
}

/// The Windows-1252 bytes of a string made of Windows-1252 characters.
fn encode_latin1(s: &str) -> Vec<u8> {
    let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(s);
    assert!(!bad);
    bytes.into_owned()
}
