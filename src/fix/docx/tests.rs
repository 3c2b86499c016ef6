use super::*;

#[test]
fn tags_are_scanned_with_quotes_comments_and_prefixes() {
    let xml = r#"<?xml version="1.0"?><w:p a="x>y"><!-- <w:t> --><w:t xml:space="preserve"> a &amp; b</w:t><w:br/></w:p>"#;
    let mut from = 0;
    let mut seen = Vec::new();
    while let Some(t) = next_tag(xml, from) {
        from = t.end;
        seen.push((t.kind, t.name));
    }
    assert_eq!(
        seen,
        vec![
            (TagKind::Other, ""),
            (TagKind::Open, "w:p"),
            (TagKind::Other, ""),
            (TagKind::Open, "w:t"),
            (TagKind::Close, "w:t"),
            (TagKind::Empty, "w:br"),
            (TagKind::Close, "w:p"),
        ]
    );
    assert_eq!(
        attr(r#"<w:t xml:space="preserve">"#, "space").as_deref(),
        Some("preserve")
    );
    assert_eq!(
        unescape("a &amp; b &#x41;&#66; &bogus;"),
        "a & b AB &bogus;"
    );
}

#[test]
fn paragraphs_are_walked_like_the_reader() {
    let xml = concat!(
        r#"<w:document xmlns:w="u"><w:body>"#,
        r#"<w:p><w:pPr><w:tabs><w:tab w:val="left"/></w:tabs></w:pPr>"#,
        r#"<w:r><w:t>Một</w:t><w:tab/><w:t xml:space="preserve">hai </w:t></w:r>"#,
        r#"<w:ins><w:r><w:t>ba</w:t></w:r></w:ins><w:del><w:r><w:delText>xoá</w:delText></w:r></w:del>"#,
        r#"<w:r><w:br/><w:t>bốn</w:t></w:r></w:p>"#,
        r#"<w:p/><w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r><w:r><w:t>năm</w:t></w:r></w:p>"#,
        r#"</w:body></w:document>"#
    );
    let paras = walk_main(xml);
    let text = |n: usize| -> Vec<String> {
        paras[&n]
            .lines
            .iter()
            .map(|l| l.iter().map(|p| p.text.as_str()).collect())
            .collect()
    };
    assert_eq!(text(1), vec!["Một\thai ba", "bốn"]);
    assert_eq!(text(2), vec![""]);
    assert_eq!(text(3), vec!["năm"]);
    // The inserted run is read but not editable.
    let editable: Vec<Option<usize>> = paras[&1].lines[0].iter().map(|p| p.element).collect();
    assert_eq!(editable, vec![Some(0), None, Some(1), None]);
}

#[test]
fn legacy_runs_are_converted_and_their_font_switched() {
    let xml = r#"<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t>KÕ ho¹ch</w:t></w:r><w:r><w:t>KÕ</w:t></w:r></w:p>"#;
    let (out, n) = convert_legacy_runs(xml);
    assert_eq!(n, 1);
    assert!(out.contains("<w:t>Kế hoạch</w:t>"), "{out}");
    assert!(out.contains(r#"w:ascii="Times New Roman" w:hAnsi="Times New Roman""#));
    // A run without a legacy font keeps its text.
    assert!(out.contains("<w:t>KÕ</w:t>"));
}

#[test]
fn decomposed_text_is_composed_in_place() {
    let xml = "<w:p><w:r><w:t>Ke\u{302}\u{301} hoa\u{323}ch</w:t></w:r></w:p>";
    let (out, n) = compose_text(xml);
    assert_eq!(n, 1);
    assert_eq!(out, "<w:p><w:r><w:t>Kế hoạch</w:t></w:r></w:p>");
}

#[test]
fn edge_spaces_get_preserve() {
    let (out, n) = rewrite_texts("<w:t>a</w:t>", |_, _, _| Some("a ".into()));
    assert_eq!(n, 1);
    assert_eq!(out, r#"<w:t xml:space="preserve">a </w:t>"#);
}

#[test]
fn attributes_are_set_and_removed_keeping_prefixes() {
    let tag = r#"<w:rFonts w:asciiTheme="minorHAnsi" w:ascii="Arial" w:hAnsi='Arial'/>"#;
    let t = set_attr(tag, "ascii", "Times New Roman");
    assert_eq!(
        t,
        r#"<w:rFonts w:asciiTheme="minorHAnsi" w:ascii="Times New Roman" w:hAnsi='Arial'/>"#
    );
    let t = remove_attr(&t, "asciiTheme");
    assert_eq!(
        t,
        r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi='Arial'/>"#
    );
    assert_eq!(
        set_attr("<w:pgSz/>", "w", "11906"),
        r#"<w:pgSz w:w="11906"/>"#
    );
}

#[test]
fn page_setup_is_brought_into_range() {
    use crate::check::kinds::LayoutTarget;
    let xml = r#"<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="-1701" w:left="1134"/></w:sectPr>"#;
    let (x, n) = set_layout(xml, &LayoutTarget::Portrait, false);
    assert_eq!(n, 1);
    assert!(x.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#), "{x}");
    let top = LayoutTarget::Page {
        element: "pgMar",
        attribute: "top",
        min: 20.0,
        max: 25.0,
    };
    let (x, n) = set_layout(&x, &top, false);
    assert_eq!(n, 1);
    assert!(x.contains(r#"w:top="-1417""#), "{x}");
    // Within the range: nothing changes; the styles part has no page setup.
    assert_eq!(set_layout(&x, &top, false).1, 0);
    assert_eq!(set_layout(xml, &top, true).1, 0);
}

#[test]
fn theme_default_fonts_get_an_explicit_font() {
    use crate::check::kinds::LayoutTarget;
    let styles = r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="26"/></w:rPr></w:rPrDefault></w:docDefaults><w:style><w:rPr><w:rFonts w:asciiTheme="majorHAnsi"/></w:rPr></w:style></w:styles>"#;
    let (x, n) = set_layout(styles, &LayoutTarget::Font("Times New Roman".into()), true);
    assert_eq!(n, 2);
    assert!(x.contains(r#"<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz"#), "{x}");
    assert!(!x.contains("Theme"));
}

#[test]
fn sizes_are_set_in_schema_order_on_the_chosen_paragraphs() {
    let xml = concat!(
        r#"<w:body><w:p><w:r><w:t>một</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:rPr><w:b/><w:lang w:val="vi"/></w:rPr><w:t>hai</w:t></w:r>"#,
        r#"<w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>ba</w:t></w:r><w:r><w:rPr/><w:t>bốn</w:t></w:r></w:p></w:body>"#
    );
    let paragraphs = std::collections::BTreeMap::from([(2, 26)]);
    let (out, n) = set_sizes(xml, &paragraphs);
    assert_eq!(n, 1);
    // Paragraph 1 is untouched; in paragraph 2 `w:sz` comes before `w:lang`.
    assert!(out.starts_with(r#"<w:body><w:p><w:r><w:t>một</w:t></w:r></w:p>"#));
    assert!(
        out.contains(
            r#"<w:rPr><w:b/><w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="vi"/></w:rPr>"#
        ),
        "{out}"
    );
    assert!(
        out.contains(r#"<w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:t>ba"#),
        "{out}"
    );
    assert!(
        out.contains(r#"<w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:t>bốn"#),
        "{out}"
    );
    // A run without properties gets them first in the run.
    let (out, _) = set_sizes(xml, &std::collections::BTreeMap::from([(1, 22)]));
    assert!(
        out.contains(r#"<w:r><w:rPr><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr><w:t>một"#),
        "{out}"
    );
}

#[test]
fn legacy_fonts_are_switched_where_they_are_not_elsewhere() {
    // The same rFonts tag in the paragraph mark's properties and in the run: only the run's
    // font is switched, whatever comes first.
    let tag = r#"<w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/>"#;
    let xml = format!(
        "<w:p><w:pPr><w:rPr>{tag}</w:rPr></w:pPr><w:r><w:rPr>{tag}</w:rPr><w:t>Kª ho¹ch</w:t></w:r></w:p>"
    );
    let (out, n) = convert_legacy_runs(&xml);
    assert_eq!(n, 1);
    assert!(
        out.starts_with(&format!("<w:p><w:pPr><w:rPr>{tag}</w:rPr></w:pPr>")),
        "{out}"
    );
    assert!(
        out.contains(
            r#"<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr>"#
        ),
        "{out}"
    );
}
