//! Mutated packages never panic or hang the `.docx` reader: every outcome is text or an error.

mod support;

use support::docx::{extract_in_time, np, p, table_row, Docx, Zip};
use support::rng::Rng;

fn sample() -> Docx {
    let body = [
        table_row(&[&p("", "ỦY BAN NHÂN DÂN"), &p("", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]),
        np(1, 0, "MỤC ĐÍCH"),
        np(1, 1, "Mục đích"),
        r#"<w:p><w:r><w:t>Căn cứ</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:ins><w:r><w:t>mới</w:t></w:r></w:ins></w:p>"#.to_string(),
        r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:bottom="1134" w:left="1701" w:right="850"/></w:sectPr>"#.to_string(),
    ]
    .concat();
    Docx::new(&body)
        .numbering(r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#)
        .styles(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:sz w:val="28"/></w:rPr></w:style>"#)
        .footnotes(r#"<w:footnote w:id="1"><w:p><w:r><w:t>Luật</w:t></w:r></w:p></w:footnote>"#)
}

fn mutate(rng: &mut Rng, xml: &[u8]) -> Vec<u8> {
    let mut v = xml.to_vec();
    for _ in 0..1 + rng.below(4) {
        if v.is_empty() {
            break;
        }
        let at = rng.below(v.len());
        match rng.below(5) {
            0 => {
                let alphabet = b"<>/&;\"=:w ";
                v[at] = alphabet[rng.below(alphabet.len())];
            }
            1 => v.truncate(at),
            2 => {
                v.remove(at);
            }
            3 => {
                let end = (at + rng.below(40)).min(v.len());
                let chunk = v[at..end].to_vec();
                let to = rng.below(v.len());
                v.splice(to..to, chunk);
            }
            _ => v[at] = rng.next() as u8,
        }
    }
    v
}

#[test]
fn mutated_parts_never_panic() {
    let d = sample();
    let base = d.zip();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..400 {
        let target = rng.below(base.parts.len());
        let parts =
            base.parts
                .iter()
                .enumerate()
                .fold(Zip::default(), |z, (i, (name, content, _))| {
                    if i == target {
                        z.part(name, mutate(&mut rng, content))
                    } else {
                        z.part(name, content.clone())
                    }
                });
        // extract_in_time fails the test on a panic or a hang.
        let _ = extract_in_time(parts.bytes());
    }
}

#[test]
fn mutated_zip_bytes_never_panic() {
    let bytes = sample().bytes();
    let mut rng = Rng(0xDEAD_BEEF_CAFE_F00D);
    for _ in 0..400 {
        let _ = extract_in_time(mutate(&mut rng, &bytes));
    }
}
