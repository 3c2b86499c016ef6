//! A printable outline of the document model, for `vblint tree`: zones and the section tree with
//! line numbers, the detected system and the citations found.

use std::fmt::Write;

use super::lines::shorten;
use super::model::{Document, SystemEvidence, Zone};
use crate::source::Span;

/// Labels in one language.
struct Labels {
    system: &'static str,
    systems: [&'static str; 3],
    evidence: [&'static str; 4],
    header: &'static str,
    agency: &'static str,
    number: &'static str,
    place_date: &'static str,
    quoc_hieu: &'static str,
    tieu_ngu: &'static str,
    party: &'static str,
    youth: &'static str,
    other: &'static str,
    title: &'static str,
    trich_yeu: &'static str,
    basis: &'static str,
    body: &'static str,
    closing: &'static str,
    attachments: &'static str,
    noi_nhan: &'static str,
    signer: &'static str,
    name: &'static str,
    footnotes: &'static str,
    appendix: &'static str,
    citations: &'static str,
    missing: &'static str,
    line: &'static str,
    items: &'static str,
    zones: [&'static str; 5],
}

const VI: Labels = Labels {
    system: "Hệ thống văn bản",
    systems: [
        "nhà nước (NĐ 30/2020)",
        "Đảng (HD 36-HD/VPTW)",
        "Đoàn TNCS Hồ Chí Minh",
    ],
    evidence: [
        "theo Quốc hiệu/tiêu đề",
        "theo dạng số, ký hiệu",
        "không xác định, mặc định nhà nước",
        "do người dùng chọn",
    ],
    header: "Phần đầu",
    agency: "cơ quan",
    number: "số, ký hiệu",
    place_date: "địa danh, ngày",
    quoc_hieu: "Quốc hiệu",
    tieu_ngu: "Tiêu ngữ",
    party: "tiêu đề Đảng",
    youth: "tiêu đề Đoàn",
    other: "khác",
    title: "Tên loại",
    trich_yeu: "Trích yếu",
    basis: "Căn cứ",
    body: "Nội dung",
    closing: "Kết thúc",
    attachments: "Đính kèm",
    noi_nhan: "Nơi nhận",
    signer: "Người ký",
    name: "họ tên",
    footnotes: "Chú thích",
    appendix: "Phụ lục, phần sau chữ ký",
    citations: "Văn bản được trích dẫn",
    missing: "(không có)",
    line: "dòng",
    items: "mục",
    zones: ["trích yếu", "căn cứ", "nội dung", "kết thúc", "chú thích"],
};

const EN: Labels = Labels {
    system: "Document system",
    systems: ["state (ND 30/2020)", "Party (HD 36-HD/VPTW)", "Youth Union"],
    evidence: [
        "from the national/Party title",
        "from the number's shape",
        "not detected, state assumed",
        "chosen by the user",
    ],
    header: "Header",
    agency: "agency",
    number: "number",
    place_date: "place, date",
    quoc_hieu: "Quốc hiệu",
    tieu_ngu: "Tiêu ngữ",
    party: "Party title",
    youth: "Youth Union title",
    other: "other",
    title: "Title",
    trich_yeu: "Trích yếu",
    basis: "Basis",
    body: "Body",
    closing: "Closing",
    attachments: "Attachments",
    noi_nhan: "Nơi nhận",
    signer: "Signer",
    name: "name",
    footnotes: "Footnotes",
    appendix: "After the signature",
    citations: "Cited documents",
    missing: "(none)",
    line: "line",
    items: "items",
    zones: ["trích yếu", "basis", "body", "closing", "footnote"],
};

/// Renders the outline of `doc` in Vietnamese, or English when `english` is set.
pub fn render(doc: &Document, english: bool) -> String {
    let l = if english { &EN } else { &VI };
    let mut out = String::new();
    let line = |span: Span| doc.line_number(span);
    let text = |span: Span| shorten(doc.text(span), 90);
    let sys = match doc.system {
        super::System::State => l.systems[0],
        super::System::Party => l.systems[1],
        super::System::Youth => l.systems[2],
    };
    let ev = match doc.system_evidence {
        SystemEvidence::HeaderTitle => l.evidence[0],
        SystemEvidence::NumberShape => l.evidence[1],
        SystemEvidence::Assumed => l.evidence[2],
        SystemEvidence::Forced => l.evidence[3],
    };
    let _ = writeln!(out, "{}: {sys} ({ev})", l.system);
    let _ = writeln!(out, "{}", doc_type_line(doc, english));

    let _ = writeln!(out, "{}:", l.header);
    let h = &doc.header;
    let mut header: Vec<(Span, &str)> = Vec::new();
    header.extend(h.agency.iter().map(|&s| (s, l.agency)));
    header.extend(h.so_ky_hieu.map(|s| (s, l.number)));
    header.extend(h.dia_danh_ngay.map(|s| (s, l.place_date)));
    header.extend(h.quoc_hieu.map(|s| (s, l.quoc_hieu)));
    header.extend(h.tieu_ngu.map(|s| (s, l.tieu_ngu)));
    header.extend(h.party_title.map(|s| (s, l.party)));
    header.extend(h.youth_title.map(|s| (s, l.youth)));
    header.extend(h.asterisk.map(|s| (s, "*")));
    header.extend(h.other.iter().map(|&s| (s, l.other)));
    header.sort_by_key(|(s, _)| s.start);
    if header.is_empty() {
        let _ = writeln!(out, "  {}", l.missing);
    }
    for (span, what) in header {
        let _ = writeln!(
            out,
            "  {} {:>4}  {what}: {}",
            l.line,
            line(span),
            text(span)
        );
    }

    zone(&mut out, doc, l, l.title, doc.title.as_slice());
    zone(&mut out, doc, l, l.trich_yeu, &doc.trich_yeu);
    zone(&mut out, doc, l, l.basis, &doc.basis);

    if doc.sections.is_empty() {
        let _ = writeln!(out, "{}: {}", l.body, l.missing);
    } else {
        let _ = writeln!(out, "{}:", l.body);
        for s in &doc.sections {
            let indent = "  ".repeat(s.depth);
            let _ = writeln!(
                out,
                "{indent}{} {:>4}  {}",
                l.line,
                line(s.heading),
                shorten(doc.text(s.heading), 80)
            );
        }
    }
    zone(&mut out, doc, l, l.closing, doc.closing.as_slice());
    if !doc.attachments.is_empty() {
        zone(&mut out, doc, l, l.attachments, &doc.attachments);
    }
    match &doc.noi_nhan {
        None => {
            let _ = writeln!(out, "{}: {}", l.noi_nhan, l.missing);
        }
        Some(n) => {
            let _ = writeln!(
                out,
                "{}: {} {} ({} {})",
                l.noi_nhan,
                l.line,
                line(n.label),
                n.items.len(),
                l.items
            );
            for &i in &n.items {
                let _ = writeln!(out, "  {} {:>4}  {}", l.line, line(i), text(i));
            }
        }
    }
    if doc.signers.is_empty() {
        let _ = writeln!(out, "{}: {}", l.signer, l.missing);
    }
    for b in &doc.signers {
        let _ = writeln!(out, "{}:", l.signer);
        for &t in &b.titles {
            let _ = writeln!(out, "  {} {:>4}  {}", l.line, line(t), text(t));
        }
        for &t in &b.notes {
            let _ = writeln!(out, "  {} {:>4}  {}", l.line, line(t), text(t));
        }
        match b.name {
            Some(n) => {
                let _ = writeln!(out, "  {} {:>4}  {}: {}", l.line, line(n), l.name, text(n));
            }
            None => {
                let _ = writeln!(out, "  {}: {}", l.name, l.missing);
            }
        }
    }
    if !doc.footnotes.is_empty() {
        let _ = writeln!(out, "{}:", l.footnotes);
        for f in &doc.footnotes {
            let _ = writeln!(out, "  {} {:>4}  {}", l.line, line(f.span), text(f.span));
        }
    }
    if !doc.appendix.is_empty() {
        let _ = writeln!(
            out,
            "{}: {} {}–{}",
            l.appendix,
            l.line,
            line(doc.appendix[0]),
            line(*doc.appendix.last().unwrap_or(&doc.appendix[0]))
        );
    }
    let _ = writeln!(out, "{} ({}):", l.citations, doc.citations.len());
    for c in &doc.citations {
        let zone = match c.zone {
            Zone::TrichYeu => l.zones[0],
            Zone::Basis => l.zones[1],
            Zone::Body => l.zones[2],
            Zone::Closing => l.zones[3],
            Zone::Footnote => l.zones[4],
        };
        let _ = writeln!(
            out,
            "  {} {:>4}  [{zone}] {}",
            l.line,
            line(c.span),
            shorten(doc.text(c.span), 100)
        );
    }
    out
}

/// Writes a zone: its name and one line per span, or "(none)".
fn zone(out: &mut String, doc: &Document, l: &Labels, name: &str, spans: &[Span]) {
    if spans.is_empty() {
        let _ = writeln!(out, "{name}: {}", l.missing);
        return;
    }
    let _ = writeln!(out, "{name}:");
    for &s in spans {
        let _ = writeln!(
            out,
            "  {} {:>4}  {}",
            l.line,
            doc.line_number(s),
            shorten(doc.text(s), 90)
        );
    }
}

/// The document type and how it was told, for the top of the tree.
fn doc_type_line(doc: &Document, english: bool) -> String {
    use super::doctype::TypeEvidence;
    let t = &doc.doc_type;
    let how = match (t.evidence, english) {
        (TypeEvidence::Title, false) => "theo dòng tên loại",
        (TypeEvidence::Title, true) => "from the type-name line",
        (TypeEvidence::Number, false) => "theo ký hiệu trong số",
        (TypeEvidence::Number, true) => "from the abbreviation in the number",
        (TypeEvidence::Vv, false) => "theo trích yếu V/v",
        (TypeEvidence::Vv, true) => "from the V/v abstract",
        (TypeEvidence::Sections, false) => "theo các mục của kế hoạch",
        (TypeEvidence::Sections, true) => "from the plan's sections",
        (TypeEvidence::Forced, false) => "do người dùng chọn",
        (TypeEvidence::Forced, true) => "chosen by the user",
        (TypeEvidence::Unknown, false) => "không xác định",
        (TypeEvidence::Unknown, true) => "could not be told",
    };
    let label = if english {
        "Document type"
    } else {
        "Loại văn bản"
    };
    format!("{label}: {} [{}] ({how})", t.display(english), t.id())
}
