//! `input`: findings the reader made while decoding the file — text in a legacy 8-bit
//! Vietnamese encoding (the whole text or pasted paragraphs), decomposed Unicode, a Windows-1258
//! file, double-encoded UTF-8, unaccepted tracked changes.

use serde::Deserialize;

use super::{Context, Hit};
use crate::extract::FindingKind;
use crate::source::Span;

/// Placeholders: `{encoding}`, `{font}`, `{sample}` (legacy encodings, double encoding),
/// `{count}`.
pub const PLACEHOLDERS: &[&str] = &["encoding", "font", "sample", "count"];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Which finding.
    pub finding: Finding,
}

/// Reader findings a rule can report.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Finding {
    /// TCVN3 or VNI text.
    LegacyEncoding,
    /// NFD text.
    Decomposed,
    /// Paragraphs of TCVN3 or VNI text in an otherwise Unicode file.
    LegacyParagraphs,
    /// A Windows-1258 text file.
    #[serde(rename = "windows-1258")]
    Windows1258,
    /// Unaccepted tracked changes.
    TrackedChanges,
    /// Lines of UTF-8 read as Windows-1252 and saved again.
    DoubleEncoded,
}

/// `{font}`: " (phông .VnTime)" when the reader knows the font, nothing otherwise.
fn font_words(font: Option<&str>, english: bool) -> String {
    match (font, english) {
        (Some(f), false) => format!(" (phông {f})"),
        (Some(f), true) => format!(" (font {f})"),
        (None, _) => String::new(),
    }
}

impl Params {
    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let len = doc.source.text().len();
        doc.findings
            .iter()
            .filter_map(|f| {
                let span = Span::new(f.span.start.min(len), f.span.end.min(len));
                match (&f.kind, self.finding) {
                    (
                        FindingKind::LegacyEncoding {
                            encoding,
                            font,
                            sample,
                        },
                        Finding::LegacyEncoding,
                    ) => Some(
                        Hit::at(span)
                            .with("encoding", encoding.name())
                            .with("font", font_words(font.as_deref(), cx.english))
                            .with("sample", sample.clone()),
                    ),
                    (
                        FindingKind::LegacyParagraphs {
                            encoding,
                            sample,
                            count,
                        },
                        Finding::LegacyParagraphs,
                    ) => Some(
                        Hit::at(span)
                            .with("encoding", encoding.name())
                            .with("sample", sample.clone())
                            .with("count", count.to_string()),
                    ),
                    (FindingKind::Decomposed { count }, Finding::Decomposed) => {
                        Some(Hit::at(span).with("count", count.to_string()))
                    }
                    (FindingKind::DecodedWindows1258, Finding::Windows1258) => Some(Hit::at(span)),
                    (FindingKind::DoubleEncoded { sample, count }, Finding::DoubleEncoded) => Some(
                        Hit::at(span)
                            .with("sample", sample.clone())
                            .with("count", count.to_string()),
                    ),
                    (
                        FindingKind::TrackedChanges {
                            insertions,
                            deletions,
                        },
                        Finding::TrackedChanges,
                    ) => Some(Hit::at(span).with("count", (insertions + deletions).to_string())),
                    _ => None,
                }
            })
            .collect()
    }
}
