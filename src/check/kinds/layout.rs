//! `layout`: a layout fact of a `.docx` (font, size, style, alignment, spacing, page setup)
//! checked against the values a rule file allows, zone by zone.
//!
//! Run and paragraph properties are read on the lines of a scope (`header.quoc_hieu`, `body`,
//! `noi_nhan.items`, …), so each zone gets its own range: the recipient list is 11 pt while the
//! body is 13–14 pt, and one global range would flood a reviewer with false alarms. Page
//! properties are read per document section and take no scope.
//!
//! A plan with 200 lines in the wrong font must not produce 200 findings: offending lines of a
//! scope are grouped by the value found, and each group is one finding at its first line with the
//! number of lines in `{count}`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{excerpt, Context, Hit, Scope};
use crate::extract::legacy::looks_legacy_font;
use crate::extract::{Alignment, FindingKind, LineInfo, LineSpacing, PageSetup, TabIndent};
use crate::parse::{Document, MarkerKind};
use crate::source::Span;

/// Placeholders: `{found}` (the value found), `{expected}` (the allowed values with unit),
/// `{zone}` (the zone or page section, in the message's language), `{count}` (how many lines or
/// sections share the value found), `{text}` (the first offending line).
pub const PLACEHOLDERS: &[&str] = &["found", "expected", "zone", "count", "text"];

/// Twips per millimetre (1 inch = 1440 twips = 25.4 mm).
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

/// The layout fact a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Property {
    /// Font family of each visible run (compared case-insensitively).
    Font,
    /// Font size of each visible run, in points.
    Size,
    /// Bold, on each visible run.
    Bold,
    /// Italic, on each visible run.
    Italic,
    /// Underline, on each visible run.
    Underline,
    /// Paragraph alignment: `left`, `center`, `right`, `justify`.
    Alignment,
    /// First-line indent in millimetres (negative for a hanging indent).
    FirstLineIndent,
    /// Line spacing in lines (1 = single, 1.5); exact and at-least spacing are not judged,
    /// because their size in lines depends on the font.
    LineSpacing,
    /// Space before the paragraph, in points.
    SpaceBefore,
    /// Space after the paragraph, in points.
    SpaceAfter,
    /// Page width in millimetres.
    PageWidth,
    /// Page height in millimetres.
    PageHeight,
    /// Top margin in millimetres.
    MarginTop,
    /// Bottom margin in millimetres.
    MarginBottom,
    /// Left margin in millimetres.
    MarginLeft,
    /// Right margin in millimetres.
    MarginRight,
    /// `portrait` or `landscape`.
    Orientation,
}

/// What kind of value a property has, which decides how the allowed values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    Number,
    Word,
    Flag,
}

impl Property {
    fn value_kind(self) -> ValueKind {
        use Property::*;
        match self {
            Font | Alignment | Orientation => ValueKind::Word,
            Bold | Italic | Underline => ValueKind::Flag,
            _ => ValueKind::Number,
        }
    }

    fn is_page(self) -> bool {
        use Property::*;
        matches!(
            self,
            PageWidth
                | PageHeight
                | MarginTop
                | MarginBottom
                | MarginLeft
                | MarginRight
                | Orientation
        )
    }

    fn is_run(self) -> bool {
        use Property::*;
        matches!(self, Font | Size | Bold | Italic | Underline)
    }

    /// The unit numbers are written in, per language.
    fn unit(self, english: bool) -> &'static str {
        use Property::*;
        match self {
            Size | SpaceBefore | SpaceAfter => "pt",
            FirstLineIndent | PageWidth | PageHeight | MarginTop | MarginBottom | MarginLeft
            | MarginRight => "mm",
            LineSpacing if english => "lines",
            LineSpacing => "dòng",
            _ => "",
        }
    }

    /// The comparison tolerance when the rule file gives none: measurements in millimetres are
    /// rounded by every word processor, point sizes are exact in half-points.
    fn default_tolerance(self) -> f64 {
        match self.unit(true) {
            "mm" => 0.5,
            "lines" => 0.01,
            _ => 0.05,
        }
    }

    /// Allowed words for word-valued properties (`None`: any word, e.g. font names).
    fn words(self) -> Option<&'static [&'static str]> {
        match self {
            Property::Alignment => Some(&["left", "center", "right", "justify"]),
            Property::Orientation => Some(&["portrait", "landscape"]),
            _ => None,
        }
    }
}

/// The values a rule allows.
#[derive(Debug, Clone, PartialEq)]
enum Allowed {
    /// A closed or half-open range of numbers.
    Range { min: Option<f64>, max: Option<f64> },
    /// A list of numbers.
    Numbers(Vec<f64>),
    /// A list of words (compared case-insensitively).
    Words(Vec<String>),
    /// A flag that must be set (`true`) or unset (`false`).
    Flag(bool),
}

/// The raw `[params]` table, validated into [`Params`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParams {
    #[serde(default)]
    scope: Option<Scope>,
    property: Property,
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    max: Option<f64>,
    #[serde(default)]
    one_of: Option<Vec<toml::Value>>,
    #[serde(default)]
    equals: Option<toml::Value>,
    #[serde(default)]
    tolerance: Option<f64>,
}

/// Parameters: `scope` (required for run and paragraph properties, refused for page ones),
/// `property`, and exactly one way of giving the allowed values: `min` and/or `max`, `one_of`,
/// or `equals`; optionally `tolerance` (in the property's unit).
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "RawParams")]
pub struct Params {
    scope: Option<Scope>,
    property: Property,
    allowed: Allowed,
    tolerance: f64,
}

impl TryFrom<RawParams> for Params {
    type Error = String;

    fn try_from(raw: RawParams) -> Result<Self, String> {
        let p = raw.property;
        match (p.is_page(), raw.scope) {
            (true, Some(_)) => {
                return Err("page properties are read per section and take no `scope`".into())
            }
            (false, None) => return Err("this property needs a `scope`".into()),
            _ => {}
        }
        let given = [
            raw.min.is_some() || raw.max.is_some(),
            raw.one_of.is_some(),
            raw.equals.is_some(),
        ];
        if given.iter().filter(|g| **g).count() != 1 {
            return Err("give exactly one of `min`/`max`, `one_of` or `equals`".into());
        }
        let listed = raw.one_of.is_some();
        let mut values: Vec<toml::Value> = raw.one_of.unwrap_or_default();
        values.extend(raw.equals);
        let allowed = match p.value_kind() {
            ValueKind::Number if raw.min.is_some() || raw.max.is_some() => {
                if let (Some(a), Some(b)) = (raw.min, raw.max) {
                    if a > b {
                        return Err(format!("`min` ({a}) is greater than `max` ({b})"));
                    }
                }
                Allowed::Range {
                    min: raw.min,
                    max: raw.max,
                }
            }
            ValueKind::Number => Allowed::Numbers(
                values
                    .iter()
                    .map(|v| match v {
                        toml::Value::Integer(i) => Ok(*i as f64),
                        toml::Value::Float(f) => Ok(*f),
                        other => Err(format!("expected a number, found `{other}`")),
                    })
                    .collect::<Result<_, _>>()?,
            ),
            ValueKind::Word => {
                if raw.min.is_some() || raw.max.is_some() {
                    return Err("`min`/`max` only apply to numeric properties".into());
                }
                let words: Vec<String> = values
                    .iter()
                    .map(|v| match v {
                        toml::Value::String(s) => Ok(s.trim().to_string()),
                        other => Err(format!("expected a string, found `{other}`")),
                    })
                    .collect::<Result<_, _>>()?;
                if let Some(known) = p.words() {
                    if let Some(bad) = words.iter().find(|w| !known.contains(&w.as_str())) {
                        return Err(format!(
                            "unknown value `{bad}` (expected one of: {})",
                            known.join(", ")
                        ));
                    }
                }
                Allowed::Words(words)
            }
            ValueKind::Flag => match values.as_slice() {
                [toml::Value::Boolean(b)] if !listed => Allowed::Flag(*b),
                _ => return Err("bold, italic and underline take `equals = true|false`".into()),
            },
        };
        if matches!(&allowed, Allowed::Numbers(v) if v.is_empty())
            || matches!(&allowed, Allowed::Words(v) if v.is_empty())
        {
            return Err("`one_of` is empty".into());
        }
        let tolerance = raw.tolerance.unwrap_or_else(|| p.default_tolerance());
        if tolerance.is_nan() || tolerance < 0.0 {
            return Err("`tolerance` must be zero or more".into());
        }
        Ok(Params {
            scope: raw.scope,
            property: p,
            allowed,
            tolerance,
        })
    }
}

/// One value found on a line or a section.
#[derive(Debug, Clone, PartialEq)]
enum Found {
    Number(f64),
    Word(String),
    Flag(bool),
}

/// A value found on a line, and whether it is known to come from a style or the document
/// defaults rather than from formatting on the text (known for fonts only).
#[derive(Debug, Clone, PartialEq)]
struct Value {
    found: Found,
    from_style: bool,
}

impl Value {
    fn on_text(found: Found) -> Value {
        Value {
            found,
            from_style: false,
        }
    }
}

/// What a layout fix (`vblint fix --unsafe-fixes`) sets, for the properties it can set plainly.
#[derive(Debug, Clone, PartialEq)]
pub enum LayoutTarget {
    /// A page measure: the `w:pgSz`/`w:pgMar` attribute (in twips) brought into `min..=max` mm.
    Page {
        /// `pgSz` or `pgMar`.
        element: &'static str,
        /// `w`, `h`, `top`, `bottom`, `left` or `right`.
        attribute: &'static str,
        /// Smallest allowed value in mm.
        min: f64,
        /// Largest allowed value in mm.
        max: f64,
    },
    /// Portrait pages.
    Portrait,
    /// This font family on every run.
    Font(String),
    /// Run sizes in points brought into `min..=max` on the lines of the rule's scope (the lines
    /// come from [`Params::size_fixes`]).
    Size {
        /// Smallest allowed size.
        min: f64,
        /// Largest allowed size.
        max: f64,
    },
}

impl Params {
    /// The value a fix sets, when the rule allows one plain value or range for a page measure,
    /// the orientation or the font; `None` for properties a fix does not set.
    pub fn fix_target(&self) -> Option<LayoutTarget> {
        use Property::*;
        let page = |element, attribute| match &self.allowed {
            Allowed::Range { min, max } => Some(LayoutTarget::Page {
                element,
                attribute,
                min: min.unwrap_or(0.0),
                max: max.unwrap_or(f64::MAX),
            }),
            Allowed::Numbers(v) if v.len() == 1 => Some(LayoutTarget::Page {
                element,
                attribute,
                min: v[0],
                max: v[0],
            }),
            _ => None,
        };
        match (self.property, &self.allowed) {
            (PageWidth, _) => page("pgSz", "w"),
            (PageHeight, _) => page("pgSz", "h"),
            (MarginTop, _) => page("pgMar", "top"),
            (MarginBottom, _) => page("pgMar", "bottom"),
            (MarginLeft, _) => page("pgMar", "left"),
            (MarginRight, _) => page("pgMar", "right"),
            (Orientation, Allowed::Words(w)) if w.len() == 1 && w[0] == "portrait" => {
                Some(LayoutTarget::Portrait)
            }
            (Font, Allowed::Words(w)) if w.len() == 1 => Some(LayoutTarget::Font(w[0].clone())),
            (Size, Allowed::Range { min, max }) => Some(LayoutTarget::Size {
                min: min.unwrap_or(0.0),
                max: max.unwrap_or(f64::MAX),
            }),
            (Size, Allowed::Numbers(v)) if v.len() == 1 => Some(LayoutTarget::Size {
                min: v[0],
                max: v[0],
            }),
            _ => None,
        }
    }

    /// For a size rule: each line of the scope with a run outside the range, and the size (pt)
    /// its runs get: the nearest allowed value to the first wrong size found.
    pub fn size_fixes(&self, cx: &Context) -> Vec<(usize, f64)> {
        let Some(LayoutTarget::Size { min, max }) = self.fix_target() else {
            return Vec::new();
        };
        let (doc, Some(scope)) = (cx.doc, self.scope) else {
            return Vec::new();
        };
        scope_lines(doc, scope)
            .into_iter()
            .filter_map(|(line, span)| {
                let info = doc.line_info.get(line)?;
                let bad = self
                    .values(doc, line, span, info)
                    .into_iter()
                    .map(|v| v.found)
                    .find(|v| !self.accepts(v))?;
                match bad {
                    Found::Number(pt) => Some((line, pt.clamp(min, max))),
                    _ => None,
                }
            })
            .collect()
    }

    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        if self.property.is_page() {
            self.check_pages(cx)
        } else {
            self.check_lines(cx)
        }
    }

    fn accepts(&self, found: &Found) -> bool {
        let tol = self.tolerance;
        match (&self.allowed, found) {
            (Allowed::Range { min, max }, Found::Number(v)) => {
                min.is_none_or(|m| *v >= m - tol) && max.is_none_or(|m| *v <= m + tol)
            }
            (Allowed::Numbers(list), Found::Number(v)) => list.iter().any(|n| (n - v).abs() <= tol),
            (Allowed::Words(list), Found::Word(w)) => list.iter().any(|a| {
                a.eq_ignore_ascii_case(w)
                    // A face of the family (`Times New Roman Bold`) is the family.
                    || (self.property == Property::Font
                        && w.len() > a.len()
                        && w[..a.len()].eq_ignore_ascii_case(a)
                        && w[a.len()..].starts_with(' '))
            }),
            (Allowed::Flag(want), Found::Flag(have)) => want == have,
            // A value of another kind cannot happen (the property decides both); accept it
            // rather than report nonsense.
            _ => true,
        }
    }

    /// One hit per rule and file, at the first offending place: the values found (most
    /// frequent first, at most three named), where (`zone`) and the number of lines. A reviewer
    /// fixes the zone's style once, so one finding per cause says all that is needed;
    /// `from_style` says the cause is a style rather than formatting on the text.
    fn grouped(
        &self,
        cx: &Context,
        offending: Vec<(Span, Found)>,
        zone: String,
        from_style: bool,
    ) -> Vec<Hit> {
        let Some(first) = offending.iter().map(|o| o.0).min() else {
            return Vec::new();
        };
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for (_, found) in &offending {
            *counts
                .entry(self.show_found(found, cx.english))
                .or_default() += 1;
        }
        let mut values: Vec<(String, usize)> = counts.into_iter().collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut found: Vec<String> = values.iter().take(3).map(|v| v.0.clone()).collect();
        if values.len() > 3 {
            found.push("…".to_string());
        }
        let mut hit = Hit::at(first)
            .with("found", found.join(", "))
            .with("expected", self.show_expected(cx.english))
            .with("zone", zone)
            .with("count", offending.len().to_string())
            .with("text", excerpt(cx.doc, first));
        hit.from_style = from_style;
        vec![hit]
    }

    fn check_lines(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let Some(scope) = self.scope else {
            return Vec::new();
        };
        if doc.line_info.is_empty() {
            return Vec::new();
        }
        // Each offending line: where, the value, whether it comes from a style.
        let mut offending: Vec<(usize, Span, Found, bool)> = Vec::new();
        // Lines with a value judged, wrong or not.
        let mut judged = 0;
        // The body's typography (justified, indented, 13–14 pt) is that of running text; a
        // table's cells are laid out as the table needs (centred numbers, left-aligned names,
        // smaller type), so the body rules do not judge them.
        let skip_cells = matches!(scope, Scope::Body | Scope::Prose);
        // Alignment and first-line indent are prescribed for running paragraphs. Headings are
        // laid out by level (a `Chương` or `PHẦN` title is centred, a Roman heading often sits
        // at the margin), so these two properties judge paragraphs only.
        let skip_headings = skip_cells
            && matches!(
                self.property,
                Property::Alignment | Property::FirstLineIndent
            );
        let headings: std::collections::HashSet<usize> = if skip_headings {
            heading_lines(doc)
        } else {
            Default::default()
        };
        for (line, span) in scope_lines(doc, scope) {
            let Some(info) = doc.line_info.get(line) else {
                continue;
            };
            if skip_cells && info.location.in_table() {
                continue;
            }
            if skip_headings && (headings.contains(&line) || centred_title(doc, line, info)) {
                continue;
            }
            let values = self.values(doc, line, span, info);
            judged += usize::from(!values.is_empty());
            let bad = values
                .into_iter()
                // A hanging indent (negative first line) is Word's list layout, chosen on
                // purpose for a list of items; it is not a paragraph typed unindented.
                .filter(|v| {
                    !(skip_headings
                        && self.property == Property::FirstLineIndent
                        && matches!(v.found, Found::Number(n) if n < 0.0))
                })
                .find(|v| !self.accepts(&v.found));
            if let Some(v) = bad {
                offending.push((line, span, v.found, v.from_style));
            }
        }
        // A rule on the whole document names the whole document only when every line judged is
        // wrong; otherwise it says where the wrong lines are.
        let zone = if scope == Scope::Document && offending.len() < judged {
            let lines: Vec<usize> = offending.iter().map(|o| o.0).collect();
            whereabouts(doc, &lines, cx.english)
        } else {
            Scope::label(scope, cx.english).to_string()
        };
        let from_style = offending.iter().any(|o| o.3);
        let offending = offending.into_iter().map(|o| (o.1, o.2)).collect();
        self.grouped(cx, offending, zone, from_style)
    }

    /// The values of the property on a line: one per visible run for run properties (runs whose
    /// value is unknown are skipped), one for paragraph properties, none for a line with no
    /// visible text.
    fn values(&self, doc: &Document, line: usize, span: Span, info: &LineInfo) -> Vec<Value> {
        let source = &doc.source;
        let display = source.display();
        let range = source.display_range(source.line_span(line));
        // The element's part of the line, relative to the line: a `Nơi nhận:` label and the
        // signer's title may share one paragraph, separated by tabs, and each is judged by its
        // own runs.
        let element = source.display_range(span);
        let own =
            element.start.saturating_sub(range.start)..element.end.saturating_sub(range.start);
        let text = display.get(range).unwrap_or("");
        // Judge only runs with letters on lines with words: a page number, a rule of
        // underscores or a stray bullet says nothing about the text's typography.
        if text.chars().filter(|c| c.is_alphabetic()).nth(1).is_none() {
            return Vec::new();
        }
        let visible = |r: &std::ops::Range<usize>| {
            let overlaps = own.is_empty() || (r.start < own.end && own.start < r.end);
            overlaps
                && text
                    .get(r.clone())
                    .is_some_and(|s| s.chars().any(char::is_alphabetic))
        };
        // Text typed in a legacy font is reported, font and all, by the encoding rules
        // (`text-legacy-*`), which tell the reviewer to convert it and use Times New Roman.
        let legacy_reported = doc.findings.iter().any(|f| {
            matches!(
                f.kind,
                FindingKind::LegacyEncoding { .. } | FindingKind::LegacyParagraphs { .. }
            )
        });
        let legacy_font = |f: &str| legacy_reported && looks_legacy_font(f).is_some();
        if self.property.is_run() {
            return info
                .runs
                .iter()
                .filter(|r| visible(&r.range))
                .filter(|r| {
                    self.property != Property::Font || !r.font.as_deref().is_some_and(legacy_font)
                })
                .filter_map(|r| match self.property {
                    Property::Font => r.font.clone().map(|f| Value {
                        found: Found::Word(f),
                        from_style: !r.direct_font,
                    }),
                    Property::Size => r
                        .size_half_points
                        .map(|h| Value::on_text(Found::Number(h as f64 / 2.0))),
                    Property::Bold => Some(Value::on_text(Found::Flag(r.bold))),
                    Property::Italic => Some(Value::on_text(Found::Flag(r.italic))),
                    Property::Underline => Some(Value::on_text(Found::Flag(r.underline))),
                    _ => None,
                })
                .collect();
        }
        if !info.runs.iter().any(|r| visible(&r.range)) {
            return Vec::new();
        }
        // Unset paragraph properties take Word's built-in defaults (left, no indent, no
        // spacing, single lines): that is what the reader sees on the page.
        let p = &info.paragraph;
        let value = match self.property {
            Property::Alignment => Some(Found::Word(
                match p.alignment.unwrap_or(Alignment::Left) {
                    Alignment::Left => "left",
                    Alignment::Center => "center",
                    Alignment::Right => "right",
                    Alignment::Justify => "justify",
                }
                .to_string(),
            )),
            // A line typed after a tab starts at the tab stop, which is its indent on the page;
            // one placed against a right or centred stop is not an indented paragraph.
            Property::FirstLineIndent => match p.tab_indent {
                Some(TabIndent::Twips(t)) => Some(Found::Number(t as f64 / TWIPS_PER_MM)),
                Some(TabIndent::Unknown) => None,
                None => Some(Found::Number(
                    p.first_line_indent.unwrap_or(0) as f64 / TWIPS_PER_MM,
                )),
            },
            Property::SpaceBefore => Some(Found::Number(p.space_before.unwrap_or(0) as f64 / 20.0)),
            Property::SpaceAfter => Some(Found::Number(p.space_after.unwrap_or(0) as f64 / 20.0)),
            Property::LineSpacing => match p.line_spacing.unwrap_or(LineSpacing::Auto(240)) {
                LineSpacing::Auto(n) => Some(Found::Number(n as f64 / 240.0)),
                LineSpacing::Exact(_) | LineSpacing::AtLeast(_) => None,
            },
            _ => None,
        };
        value.into_iter().map(Value::on_text).collect()
    }

    fn check_pages(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let mut offending = Vec::new();
        // A section that starts after the signature holds an appendix or an attached form,
        // laid out for its own content (a wide task table turned landscape, a form with its
        // own margins): Nghị định 30's page setup is judged on the plan's own text.
        let signed_at = doc.signers.iter().map(|s| s.span().end).max();
        for (n, setup) in doc.page_setups.iter().enumerate() {
            let Some(found) = self.page_value(setup) else {
                continue;
            };
            if self.accepts(&found) {
                continue;
            }
            let anchor = section_anchor(doc, setup);
            if n > 0 && signed_at.is_some_and(|end| anchor.start >= end) {
                continue;
            }
            let zone = if cx.english {
                format!("section {}", n + 1)
            } else {
                format!("phần (section) {}", n + 1)
            };
            offending.push((anchor, found, zone));
        }
        // Sections are named by the first wrong one.
        let zone = offending.first().map(|o| o.2.clone()).unwrap_or_default();
        let offending = offending.into_iter().map(|o| (o.0, o.1)).collect();
        self.grouped(cx, offending, zone, false)
    }

    /// The property's value in one section; `None` when the package does not say (a section
    /// with no page size, or no margins at all, is left to Word's defaults and not judged).
    fn page_value(&self, s: &PageSetup) -> Option<Found> {
        let mm = |tw: f64| Some(Found::Number(tw / TWIPS_PER_MM));
        let sized = s.width > 0 && s.height > 0;
        // A landscape section (an appendix table) is A4 turned: judge its short side as the
        // width and its long side as the height, and leave its margins alone.
        let turned = sized && s.width > s.height;
        let margins = !turned
            && (s.margin_top != 0
                || s.margin_bottom != 0
                || s.margin_left != 0
                || s.margin_right != 0);
        match self.property {
            Property::PageWidth if sized => mm(s.width.min(s.height) as f64),
            Property::PageHeight if sized => mm(s.width.max(s.height) as f64),
            Property::Orientation if sized => Some(Found::Word(
                if s.landscape { "landscape" } else { "portrait" }.into(),
            )),
            // Word measures a negative top/bottom margin (text may not push it) by its size.
            Property::MarginTop if margins => mm(s.margin_top.unsigned_abs() as f64),
            Property::MarginBottom if margins => mm(s.margin_bottom.unsigned_abs() as f64),
            Property::MarginLeft if margins => mm(s.margin_left as f64),
            Property::MarginRight if margins => mm(s.margin_right as f64),
            _ => None,
        }
    }

    fn show_found(&self, found: &Found, english: bool) -> String {
        match found {
            Found::Number(v) => with_unit(number(*v, english), self.property.unit(english)),
            Found::Word(w) => word(self.property, w, english),
            Found::Flag(b) => flag(self.property, *b, english),
        }
    }

    fn show_expected(&self, english: bool) -> String {
        let unit = self.property.unit(english);
        match &self.allowed {
            Allowed::Range {
                min: Some(a),
                max: Some(b),
            } if a == b => with_unit(number(*a, english), unit),
            Allowed::Range {
                min: Some(a),
                max: Some(b),
            } => with_unit(
                format!("{}–{}", number(*a, english), number(*b, english)),
                unit,
            ),
            Allowed::Range { min: Some(a), .. } => {
                with_unit(format!("≥ {}", number(*a, english)), unit)
            }
            Allowed::Range { max: Some(b), .. } => {
                with_unit(format!("≤ {}", number(*b, english)), unit)
            }
            Allowed::Range { .. } => String::new(),
            Allowed::Numbers(list) => with_unit(
                list.iter()
                    .map(|n| number(*n, english))
                    .collect::<Vec<_>>()
                    .join(if english { " or " } else { " hoặc " }),
                unit,
            ),
            Allowed::Words(list) => list
                .iter()
                .map(|w| word(self.property, w, english))
                .collect::<Vec<_>>()
                .join(if english { " or " } else { " hoặc " }),
            Allowed::Flag(b) => flag(self.property, *b, english),
        }
    }
}

/// The lines a scope covers (0-based line index and the part of the element on that line), in
/// order and without repeats: an element may span several lines (a wrapped recipient item).
fn scope_lines(doc: &Document, scope: Scope) -> Vec<(usize, Span)> {
    let source = &doc.source;
    // Keyed by line so a line shared by two elements is judged once (a BTreeMap also keeps the
    // lines in order without an O(n²) scan on a long document).
    let mut out: BTreeMap<usize, Span> = BTreeMap::new();
    for e in scope.elements(doc) {
        let first = source.line_of(e.start);
        let last = source.line_of(e.end.saturating_sub(1).max(e.start));
        for line in first..=last {
            let ls = source.line_span(line);
            let start = e.start.max(ls.start);
            out.entry(line)
                .or_insert_with(|| Span::new(start, e.end.min(ls.end).max(start)));
        }
    }
    out.into_iter().collect()
}

/// The lines that open a heading of the section tree (list items excluded).
fn heading_lines(doc: &Document) -> std::collections::HashSet<usize> {
    doc.sections
        .iter()
        .filter(|s| !matches!(s.marker.kind, MarkerKind::Dash | MarkerKind::Plus))
        .map(|s| doc.source.line_of(s.heading.start))
        .collect()
}

/// A short centred line in the body is a title (a `Chương`, a `PHẦN THỨ HAI`, a table's
/// caption), not a paragraph typed with the wrong alignment.
fn centred_title(doc: &Document, line: usize, info: &LineInfo) -> bool {
    let centred = matches!(info.paragraph.alignment, Some(Alignment::Center));
    let text = doc.source.slice(doc.source.line_span(line));
    let words = text.split_whitespace().count();
    centred && (words <= 12 || (words <= 30 && crate::parse::lines::is_upper(text)))
}

/// The zones a document-wide finding can name, in the order of the plan.
const ZONES: &[Scope] = &[
    Scope::Header,
    Scope::Title,
    Scope::TrichYeu,
    Scope::Basis,
    Scope::Body,
    Scope::Closing,
    Scope::Attachments,
    Scope::NoiNhan,
    Scope::Signer,
    Scope::Footnotes,
];

/// Where some lines of the document are: the zone holding them all (`nội dung`), else how many
/// paragraphs they make (`3 đoạn`).
fn whereabouts(doc: &Document, lines: &[usize], english: bool) -> String {
    let holding = ZONES.iter().find(|zone| {
        let covered: std::collections::HashSet<usize> =
            scope_lines(doc, **zone).into_iter().map(|l| l.0).collect();
        lines.iter().all(|l| covered.contains(l))
    });
    if let Some(zone) = holding {
        return zone.label(english).to_string();
    }
    // Lines of one paragraph (split by a manual line break) count once.
    let mut paragraphs: Vec<(usize, usize)> = lines
        .iter()
        .map(|&l| match doc.line_info.get(l).map(|i| &i.location) {
            Some(crate::extract::Location::Body { paragraph, .. }) => (0, *paragraph),
            _ => (1, l),
        })
        .collect();
    paragraphs.sort_unstable();
    paragraphs.dedup();
    match (paragraphs.len(), english) {
        (1, true) => "1 paragraph".to_string(),
        (n, true) => format!("{n} paragraphs"),
        (n, false) => format!("{n} đoạn"),
    }
}

/// Where a page-setup finding points: the first non-blank line of the section.
fn section_anchor(doc: &Document, s: &PageSetup) -> Span {
    let source = &doc.source;
    (s.first_line..source.line_count())
        .map(|i| source.line_span(i))
        .find(|l| !source.slice(*l).trim().is_empty())
        .unwrap_or_else(|| Span::empty(0))
}

/// A number with at most one decimal, without a trailing `.0`; Vietnamese writes a decimal
/// comma.
fn number(v: f64, english: bool) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else if english {
        format!("{r:.1}")
    } else {
        format!("{r:.1}").replace('.', ",")
    }
}

fn with_unit(s: String, unit: &str) -> String {
    if unit.is_empty() {
        s
    } else {
        format!("{s} {unit}")
    }
}

/// A word value as a reviewer reads it (font names stay as they are).
fn word(p: Property, w: &str, english: bool) -> String {
    let vi = match (p, w) {
        (Property::Alignment, "left") => "căn trái",
        (Property::Alignment, "center") => "căn giữa",
        (Property::Alignment, "right") => "căn phải",
        (Property::Alignment, "justify") => "căn đều hai bên",
        (Property::Orientation, "portrait") => "khổ dọc",
        (Property::Orientation, "landscape") => "khổ ngang",
        _ => return w.to_string(),
    };
    if english {
        match w {
            "justify" => "justified".into(),
            "center" => "centred".into(),
            "left" | "right" => format!("{w}-aligned"),
            _ => w.to_string(),
        }
    } else {
        vi.to_string()
    }
}

fn flag(p: Property, set: bool, english: bool) -> String {
    let (vi, en) = match p {
        Property::Bold => ("đậm", "bold"),
        Property::Italic => ("nghiêng", "italic"),
        _ => ("gạch chân", "underlined"),
    };
    match (english, set) {
        (true, true) => en.to_string(),
        (true, false) => format!("not {en}"),
        (false, true) => vi.to_string(),
        (false, false) => format!("không {vi}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(toml_src: &str) -> Result<Params, String> {
        let table: toml::Table = toml::from_str(toml_src).map_err(|e| e.to_string())?;
        toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| e.to_string())
    }

    #[test]
    fn validates_parameters() {
        assert!(params("scope = 'body'\nproperty = 'size'\nmin = 13\nmax = 14").is_ok());
        assert!(params("property = 'margin_left'\nmin = 30\nmax = 35").is_ok());
        // Page properties take no scope; line properties need one.
        assert!(params("scope = 'body'\nproperty = 'margin_left'\nmin = 30").is_err());
        assert!(params("property = 'size'\nmin = 13").is_err());
        // Exactly one way to give the allowed values.
        assert!(params("scope = 'body'\nproperty = 'size'\nmin = 13\nequals = 14").is_err());
        assert!(params("scope = 'body'\nproperty = 'size'\nmin = 15\nmax = 14").is_err());
        assert!(params("scope = 'body'\nproperty = 'bold'\nequals = 'yes'").is_err());
        assert!(params("scope = 'body'\nproperty = 'alignment'\none_of = ['middle']").is_err());
        assert!(params("scope = 'body'\nproperty = 'font'\none_of = []").is_err());
    }

    #[test]
    fn tolerance_and_display() {
        let p = params("property = 'margin_left'\nmin = 30\nmax = 35").expect("valid");
        assert!(p.accepts(&Found::Number(29.6)));
        assert!(!p.accepts(&Found::Number(29.4)));
        assert_eq!(p.show_expected(false), "30–35 mm");
        assert_eq!(
            p.show_found(&Found::Number(1134.0 / TWIPS_PER_MM), true),
            "20 mm"
        );
        let f =
            params("scope = 'body'\nproperty = 'font'\nequals = 'Times New Roman'").expect("valid");
        assert!(f.accepts(&Found::Word("times new roman".into())));
        let b = params("scope = 'title'\nproperty = 'bold'\nequals = true").expect("valid");
        assert_eq!(b.show_found(&Found::Flag(false), false), "không đậm");
    }
}
