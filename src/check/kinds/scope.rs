//! Scopes: named parts of the document model that a rule reads (`header.so_ky_hieu`,
//! `noi_nhan.items`, `body`, …). Each scope yields its elements as spans, in document order.

use std::fmt;

use serde::{Deserialize, Deserializer};

use crate::parse::{Document, MarkerKind};
use crate::source::Span;

/// A named part of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every non-blank line of the text.
    Document,
    /// Every header element.
    Header,
    /// Agency lines.
    HeaderAgency,
    /// The `Số: …` line.
    HeaderNumber,
    /// The place and date line.
    HeaderPlaceDate,
    /// The Quốc hiệu line.
    HeaderQuocHieu,
    /// The Tiêu ngữ line.
    HeaderTieuNgu,
    /// The Party title line.
    HeaderPartyTitle,
    /// The Youth Union title line.
    HeaderYouthTitle,
    /// Any national, Party or Youth Union title line.
    HeaderNationalTitle,
    /// The `KẾ HOẠCH` line.
    Title,
    /// The trích yếu lines.
    TrichYeu,
    /// Basis paragraphs.
    Basis,
    /// Headings and paragraphs of the body.
    Body,
    /// Every heading of the body (marker and title), numbered or not, list items excluded.
    Headings,
    /// Headings of the top level.
    RootHeadings,
    /// Headings numbered with a Roman numeral (`I.`, `II-`, a malformed `IV GIẢI PHÁP`).
    RomanHeadings,
    /// Title-like headings: every top-level heading, and second-level headings that head
    /// content of their own (children or paragraphs) and are short (at most 12 words), so a
    /// numbered sentence of body text is not mistaken for a title.
    TitledHeadings,
    /// The trích yếu, basis, body, closing and attachment notes: the plan's prose.
    Prose,
    /// The closing paragraph.
    Closing,
    /// Attachment notes after the closing.
    Attachments,
    /// The recipient block (label and items).
    NoiNhan,
    /// The `Nơi nhận:` label.
    NoiNhanLabel,
    /// Recipient items.
    NoiNhanItems,
    /// The last recipient item.
    NoiNhanLastItem,
    /// Recipient items other than the last.
    NoiNhanOtherItems,
    /// Recipient items that are the archive line (`- Lưu …`).
    NoiNhanArchive,
    /// Every line of every signer block.
    Signer,
    /// Authority prefixes (`KT.`, `TM.`, …).
    SignerAuthority,
    /// Signer title lines.
    SignerTitles,
    /// Signer names.
    SignerName,
    /// Footnote texts.
    Footnotes,
}

const NAMES: &[(&str, Scope)] = &[
    ("document", Scope::Document),
    ("header", Scope::Header),
    ("header.agency", Scope::HeaderAgency),
    ("header.so_ky_hieu", Scope::HeaderNumber),
    ("header.dia_danh_ngay", Scope::HeaderPlaceDate),
    ("header.quoc_hieu", Scope::HeaderQuocHieu),
    ("header.tieu_ngu", Scope::HeaderTieuNgu),
    ("header.party_title", Scope::HeaderPartyTitle),
    ("header.youth_title", Scope::HeaderYouthTitle),
    ("header.national_title", Scope::HeaderNationalTitle),
    ("title", Scope::Title),
    ("trich_yeu", Scope::TrichYeu),
    ("basis", Scope::Basis),
    ("body", Scope::Body),
    ("headings", Scope::Headings),
    ("headings.root", Scope::RootHeadings),
    ("headings.roman", Scope::RomanHeadings),
    ("headings.titled", Scope::TitledHeadings),
    ("prose", Scope::Prose),
    ("closing", Scope::Closing),
    ("attachments", Scope::Attachments),
    ("noi_nhan", Scope::NoiNhan),
    ("noi_nhan.label", Scope::NoiNhanLabel),
    ("noi_nhan.items", Scope::NoiNhanItems),
    ("noi_nhan.last_item", Scope::NoiNhanLastItem),
    ("noi_nhan.other_items", Scope::NoiNhanOtherItems),
    ("noi_nhan.archive", Scope::NoiNhanArchive),
    ("signer", Scope::Signer),
    ("signer.authority", Scope::SignerAuthority),
    ("signer.titles", Scope::SignerTitles),
    ("signer.name", Scope::SignerName),
    ("footnotes", Scope::Footnotes),
];

impl Scope {
    /// The zone's name in messages.
    pub fn label(self, english: bool) -> &'static str {
        use Scope::*;
        let (vi, en) = match self {
            Document => ("toàn văn bản", "the whole document"),
            Header => ("phần đầu văn bản", "the header"),
            HeaderAgency => ("tên cơ quan ban hành", "the agency name"),
            HeaderNumber => ("số, ký hiệu", "the number and symbol"),
            HeaderPlaceDate => ("địa danh, ngày tháng", "the place and date"),
            HeaderQuocHieu => ("Quốc hiệu", "the Quốc hiệu"),
            HeaderTieuNgu => ("Tiêu ngữ", "the Tiêu ngữ"),
            HeaderPartyTitle => ("tiêu đề \"ĐẢNG CỘNG SẢN VIỆT NAM\"", "the Party title"),
            HeaderYouthTitle => ("tiêu đề Đoàn", "the Youth Union title"),
            HeaderNationalTitle => ("Quốc hiệu/tiêu đề", "the national title"),
            Title => ("tên loại văn bản", "the document type name"),
            TrichYeu => ("trích yếu", "the trích yếu"),
            Basis => ("phần căn cứ", "the basis"),
            Body => ("nội dung", "the body"),
            Headings => ("đề mục", "the headings"),
            RootHeadings => ("đề mục cấp 1", "the top-level headings"),
            Prose => ("nội dung", "the text"),
            Closing => ("đoạn kết", "the closing"),
            Attachments => ("ghi chú đính kèm", "the attachment notes"),
            NoiNhan => ("phần Nơi nhận", "the recipient block"),
            NoiNhanLabel => ("chữ \"Nơi nhận:\"", "the \"Nơi nhận:\" label"),
            NoiNhanItems => ("danh sách nơi nhận", "the recipient items"),
            NoiNhanLastItem => ("dòng lưu", "the archive line"),
            Signer => ("phần chữ ký", "the signature block"),
            SignerAuthority => ("quyền hạn ký", "the signing authority"),
            SignerTitles => ("chức vụ người ký", "the signer's title"),
            SignerName => ("họ tên người ký", "the signer's name"),
            Footnotes => ("chú thích", "the footnotes"),
            RomanHeadings => ("đề mục số La Mã", "the Roman-numbered headings"),
            TitledHeadings => ("đề mục", "the headings"),
            NoiNhanOtherItems => ("các nơi nhận", "the recipients"),
            NoiNhanArchive => ("dòng lưu", "the archive line"),
        };
        if english {
            en
        } else {
            vi
        }
    }

    /// The scope's name in rule files.
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("?", |(n, _)| n)
    }

    /// The elements of this scope in `doc`, in document order.
    pub fn elements(self, doc: &Document) -> Vec<Span> {
        let h = &doc.header;
        let mut out: Vec<Span> = match self {
            Scope::Document => {
                let s = &doc.source;
                (0..s.line_count())
                    .map(|i| s.line_span(i))
                    .filter(|l| !s.slice(*l).trim().is_empty())
                    .collect()
            }
            Scope::Header => {
                let mut v: Vec<Span> = h.agency.clone();
                v.extend(h.single_parts());
                v.extend(h.other.iter().copied());
                v
            }
            Scope::HeaderAgency => h.agency.clone(),
            Scope::HeaderNumber => h.so_ky_hieu.into_iter().collect(),
            Scope::HeaderPlaceDate => h.dia_danh_ngay.into_iter().collect(),
            Scope::HeaderQuocHieu => h.quoc_hieu.into_iter().collect(),
            Scope::HeaderTieuNgu => h.tieu_ngu.into_iter().collect(),
            Scope::HeaderPartyTitle => h.party_title.into_iter().collect(),
            Scope::HeaderYouthTitle => h.youth_title.into_iter().collect(),
            Scope::HeaderNationalTitle => [h.quoc_hieu, h.party_title, h.youth_title]
                .into_iter()
                .flatten()
                .collect(),
            Scope::Title => doc.title.into_iter().collect(),
            Scope::TrichYeu => doc.trich_yeu.clone(),
            Scope::Basis => doc.basis.clone(),
            Scope::Body => doc.body_spans(),
            Scope::Headings => doc
                .sections
                .iter()
                .filter(|s| !matches!(s.marker.kind, MarkerKind::Dash | MarkerKind::Plus))
                .map(|s| s.heading)
                .collect(),
            Scope::RootHeadings => doc.roots().map(|(_, s)| s.heading).collect(),
            Scope::RomanHeadings => doc
                .sections
                .iter()
                .filter(|s| s.marker.kind == MarkerKind::Roman)
                .map(|s| s.heading)
                .collect(),
            Scope::TitledHeadings => doc
                .sections
                .iter()
                .filter(|s| match s.depth {
                    1 => !matches!(s.marker.kind, MarkerKind::Dash | MarkerKind::Plus),
                    2 => {
                        s.marker.kind.is_numbered()
                            && (!s.children.is_empty() || !s.paragraphs.is_empty())
                            && doc.text(s.title).split_whitespace().count() <= 12
                    }
                    _ => false,
                })
                .map(|s| s.heading)
                .collect(),
            Scope::Prose => {
                let mut v = doc.trich_yeu.clone();
                v.extend(doc.basis.iter().copied());
                v.extend(doc.body_spans());
                v.extend(doc.closing);
                v.extend(doc.attachments.iter().copied());
                without_furniture(v, &doc.page_furniture)
            }
            Scope::Closing => doc.closing.into_iter().collect(),
            Scope::Attachments => doc.attachments.clone(),
            Scope::NoiNhan => doc
                .noi_nhan
                .iter()
                .flat_map(|n| std::iter::once(n.label).chain(n.items.iter().copied()))
                .collect(),
            Scope::NoiNhanLabel => doc.noi_nhan.iter().map(|n| n.label).collect(),
            Scope::NoiNhanItems => doc
                .noi_nhan
                .iter()
                .flat_map(|n| n.items.iter().copied())
                .collect(),
            // A label with no items has no archive line either: the label stands in for it.
            Scope::NoiNhanLastItem => doc
                .noi_nhan
                .iter()
                .map(|n| n.items.last().copied().unwrap_or(n.label))
                .collect(),
            Scope::NoiNhanOtherItems => doc
                .noi_nhan
                .iter()
                .flat_map(|n| {
                    let keep = n.items.len().saturating_sub(1);
                    n.items.iter().take(keep).copied()
                })
                .collect(),
            Scope::NoiNhanArchive => doc
                .noi_nhan
                .iter()
                .flat_map(|n| n.items.iter().copied())
                .filter(|&i| {
                    let t = crate::parse::lines::clean(doc.text(i));
                    let t = t.trim_start_matches(|c: char| "-–+•".contains(c) || c.is_whitespace());
                    t.to_lowercase().starts_with("lưu")
                })
                .collect(),
            Scope::Signer => doc
                .signers
                .iter()
                .flat_map(|b| {
                    b.titles
                        .iter()
                        .chain(b.notes.iter())
                        .chain(b.name.iter())
                        .copied()
                        .collect::<Vec<_>>()
                })
                .collect(),
            Scope::SignerAuthority => doc
                .signers
                .iter()
                .flat_map(|b| b.authorities.iter().map(|a| a.span))
                .collect(),
            Scope::SignerTitles => doc
                .signers
                .iter()
                .flat_map(|b| b.titles.iter().copied())
                .collect(),
            Scope::SignerName => doc.signers.iter().filter_map(|b| b.name).collect(),
            Scope::Footnotes => doc.footnotes.iter().map(|f| f.span).collect(),
        };
        out.sort();
        out
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        NAMES
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, scope)| *scope)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "unknown scope `{s}` (expected one of: {})",
                    NAMES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                ))
            })
    }
}

/// The extents of root sections whose title matches: `[heading start, next root start)`.
pub(crate) fn section_extents(doc: &Document, title: &super::LazyRegex) -> Vec<Span> {
    // Several rules ask with the same pattern: the answer is kept with the document.
    doc.derived
        .section_extents(title.as_str(), || find_section_extents(doc, title))
}

fn find_section_extents(doc: &Document, title: &super::LazyRegex) -> Vec<Span> {
    let roots: Vec<_> = doc.roots().map(|(_, s)| s).collect();
    let end = doc.body_end();
    roots
        .iter()
        .enumerate()
        .filter(|(_, s)| title.is_match(&doc.text(s.title).to_uppercase()))
        .map(|(k, s)| {
            let next = roots.get(k + 1).map_or(end, |n| n.heading.start);
            Span::new(s.heading.start, next.max(s.heading.start))
        })
        .collect()
}

/// `spans` with the page furniture cut out: a paragraph that runs on over a page break of a PDF
/// text covers the running footer and page number printed there, which are not its text.
fn without_furniture(spans: Vec<Span>, furniture: &[Span]) -> Vec<Span> {
    if furniture.is_empty() {
        return spans;
    }
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let mut start = span.start;
        for f in furniture
            .iter()
            .filter(|f| f.start < span.end && f.end > span.start)
        {
            if f.start > start {
                out.push(Span::new(start, f.start));
            }
            start = start.max(f.end);
        }
        if start < span.end {
            out.push(Span::new(start, span.end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::parse_text;

    #[test]
    fn titled_headings_skip_sentences() {
        let doc = parse_text(
            "KẾ HOẠCH\nVề việc\n\nI. MỤC ĐÍCH:\n1. Mục đích\nKhơi dậy niềm yêu thích.\n2. Nhà trường tổ chức tuyên truyền.\nII. NỘI DUNG\n",
            None,
        );
        let titled: Vec<&str> = Scope::TitledHeadings
            .elements(&doc)
            .into_iter()
            .map(|s| doc.text(s))
            .collect();
        assert_eq!(titled, vec!["I. MỤC ĐÍCH:", "1. Mục đích", "II. NỘI DUNG"]);
    }

    #[test]
    fn recipient_item_scopes() {
        let doc = parse_text(
            "Trên đây là kế hoạch./.\n\nNơi nhận:\n- Sở Nội vụ;\n- Các trường;\n- Lưu: VT, TCCB.\n",
            None,
        );
        let texts = |scope: Scope| -> Vec<String> {
            scope
                .elements(&doc)
                .into_iter()
                .map(|s| doc.text(s).to_string())
                .collect()
        };
        assert_eq!(
            texts(Scope::NoiNhanOtherItems),
            vec!["- Sở Nội vụ;", "- Các trường;"]
        );
        assert_eq!(texts(Scope::NoiNhanArchive), vec!["- Lưu: VT, TCCB."]);
    }
}
