//! `citation`: checks on the documents a plan cites (see `parse::citations`): that the basis
//! cites at least one document (`present`), and that each cited document in the chosen zones
//! has its number (`blank-number`) and its date (`missing-date`); that cited dates exist
//! (`invalid-date`) and are not later than the plan's own date (`after-plan-date`); that the first
//! mention of a document is complete (`first-incomplete`); that the number is written with `số`
//! (`without-so`), in full (`truncated-symbol`) and in the syntax of its issuer's system
//! (`symbol-system`); that a specific document's type name is capitalised (`lowercase-type`);
//! and that Laws are cited by name (`law-by-number`).

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use super::scope::section_extents;
use super::{excerpt, start_anchor, Context, Hit, Re};
use crate::parse::citations::find_date;
use crate::parse::{Citation, CitedDate, Document, Zone};

/// Placeholders: `{citation}`, `{type}`, `{number}`, `{problem}`; `{date}` (the cited date as
/// written), `{plan_date}` (`after-plan-date`), `{missing}` (`first-incomplete`), `{detail}`
/// (`symbol-system`: why the symbol does not fit), `{code}` and `{expected}` (`issuer-code-typo`:
/// the code as written and the well-known code it resembles; `lowercase-type`: the type name
/// capitalised), `{other_date}` (`date-conflict`: the date given at the first mention).
const ALL: &[&str] = &[
    "citation",
    "type",
    "number",
    "problem",
    "date",
    "plan_date",
    "missing",
    "detail",
    "code",
    "expected",
    "other_date",
];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The checks, each reported with its own `{problem}` text.
    pub checks: Vec<Check>,
    /// Which citations: `basis` (the basis, and top-level sections titled `CĂN CỨ…`), `body`,
    /// `footnotes` or `all`.
    #[serde(default = "default_zone")]
    pub zone: Where,
    /// For `basis`: top-level sections whose upper-cased title matches this also hold the basis.
    #[serde(default = "default_basis_sections")]
    pub basis_sections: Re,
    /// `first-incomplete`: do not report a missing date on basis citations (another rule,
    /// `basis-incomplete`, reports those as errors).
    #[serde(default)]
    pub basis_dates_elsewhere: bool,
    /// `law-by-number`: the types cited by name only (`Luật`, `Bộ luật`, `Pháp lệnh`), compared
    /// case-insensitively.
    #[serde(default)]
    pub law_types: Vec<String>,
    /// `symbol-system`: agency codes of state bodies (`UBND`, `SGDĐT`); a Party-style symbol
    /// (`12-KH/SGDĐT`) whose body is made only of these is reported.
    #[serde(default)]
    pub state_codes: Vec<String>,
    /// `symbol-system`: codes of Party bodies (`TW`, `TU`, `HU`); a state-style symbol
    /// (`05/KH-TU`) with one of these is reported.
    #[serde(default)]
    pub party_codes: Vec<String>,
    /// `symbol-system`: an issuing agency matching this is a Party body (`Ban Thường vụ Tỉnh ủy`).
    #[serde(default)]
    pub party_issuer: Option<Re>,
    /// `symbol-system`: an issuing agency matching this (and not `party_issuer`) is a state body.
    #[serde(default)]
    pub state_issuer: Option<Re>,
    /// `first-incomplete`: agency codes that every locality has (`UBND`, `SGDĐT`, `ĐU`): a symbol
    /// made only of these does not say which body issued it. Any other agency code (`CP`,
    /// `TTg`, `QH15`, `TW`, `TU`, a Ministry's or a company's code) names its issuer.
    #[serde(default)]
    pub generic_codes: Vec<String>,
    /// `first-incomplete`: type abbreviations (`KH`, `QĐ`), which are not agency codes. The
    /// agency codes of the document's own number and the initials of its header agencies name
    /// the writer and its parent, so a cited symbol carrying one names its issuer too.
    #[serde(default)]
    pub type_codes: Vec<String>,
    /// `issuer-code-typo`: well-known type-and-issuer codes of symbols (`NĐ-CP`, `QĐ-TTg`,
    /// `CT/TW`), compared with what follows a cited number (and its year).
    #[serde(default)]
    pub known_codes: Vec<String>,
}

fn default_zone() -> Where {
    Where::Basis
}

fn default_basis_sections() -> Re {
    // Compiled on first use like the embedded rules' patterns; its words are in the build
    // script's table (`KIND_DEFAULT_PATTERNS`).
    Re::deferred(r"^(CĂN CỨ|CƠ SỞ)")
}

/// Which citations a rule reads.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Where {
    /// The basis.
    Basis,
    /// The body sections.
    Body,
    /// Footnotes.
    Footnotes,
    /// Everywhere.
    All,
}

/// The checks.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// At least one document is cited (one finding at the basis or the title when none is).
    Present,
    /// The number is not left blank.
    BlankNumber,
    /// A numbered document has a date.
    MissingDate,
    /// A cited date exists in the calendar (no 31/02/2023, no month 13).
    InvalidDate,
    /// A cited date is not later than the plan's own date (from the header, when complete).
    AfterPlanDate,
    /// The first mention of each number gives the date and the issuing agency.
    FirstIncomplete,
    /// A Law (or another type in `law_types`) is cited by name, not by number.
    LawByNumber,
    /// The number is introduced by `số`.
    WithoutSo,
    /// The number carries its symbol (`98/2023/QH15`, not `98/2023` or `98`).
    TruncatedSymbol,
    /// The symbol's syntax fits its issuer's system (state `122/KH-UBND`, Party `17-NQ/TU`).
    SymbolSystem,
    /// A well-known code in a cited symbol is not mistyped (`NĐ-Cp`, `QD-TTg`, `ND-CP`).
    IssuerCodeTypo,
    /// One cited document (same number and symbol) is not given two different dates.
    DateConflict,
    /// A specific document, cited with its number, has its type name capitalised (`Kế hoạch
    /// số 27-KH/TU`, not `kế hoạch số 27-KH/TU`). One finding per document cited.
    LowercaseType,
}

impl Params {
    /// The placeholders this rule's checks fill.
    pub fn placeholders(&self) -> &'static [&'static str] {
        ALL
    }

    fn selected<'d>(&self, doc: &'d Document) -> Vec<&'d Citation> {
        let basis_extents = section_extents(doc, &self.basis_sections.0);
        doc.citations
            .iter()
            .filter(|c| match self.zone {
                Where::All => true,
                Where::Body => c.zone == Zone::Body,
                Where::Footnotes => c.zone == Zone::Footnote,
                Where::Basis => {
                    c.zone == Zone::Basis
                        || (c.zone == Zone::Body
                            && basis_extents.iter().any(|x| x.contains(c.span.start)))
                }
            })
            .collect()
    }

    pub(super) fn check(&self, cx: &Context) -> Vec<Hit> {
        let doc = cx.doc;
        let cited = self.selected(doc);
        let mut hits = Vec::new();
        for check in &self.checks {
            match check {
                Check::Present => {
                    if cited.is_empty() {
                        let at = doc
                            .basis
                            .first()
                            .copied()
                            .unwrap_or_else(|| start_anchor(doc));
                        hits.push(
                            Hit::at(at)
                                .with("citation", excerpt(doc, at))
                                .with("type", "")
                                .with("number", "")
                                .with("problem", problem(cx, "present")),
                        );
                    }
                }
                Check::BlankNumber => {
                    for c in cited.iter().filter(|c| c.blank_number && !c.draft_self) {
                        let at = c.number_span.unwrap_or(c.span);
                        hits.push(hit(cx, c, at, "blank-number"));
                    }
                }
                Check::MissingDate => {
                    // Only a document's first citation must carry its date; a document named
                    // inside another's trích yếu, a Law and a draft's self-reference need none.
                    let mut dated: HashSet<String> = HashSet::new();
                    let mut reported: HashSet<String> = HashSet::new();
                    let chosen: HashSet<usize> = cited.iter().map(|c| c.type_span.start).collect();
                    for c in &doc.citations {
                        let Some(number) = &c.number else { continue };
                        let key = normalise(number);
                        let has_date = c
                            .date
                            .as_ref()
                            .is_some_and(|d| d.day.is_some() && d.month.is_some());
                        let judged = c.law_name.is_none()
                            && !c.nested
                            && !c.draft_self
                            && !self.is_law(c)
                            && chosen.contains(&c.type_span.start);
                        if judged
                            && !has_date
                            && !dated.contains(&key)
                            && reported.insert(key.clone())
                        {
                            hits.push(hit(cx, c, c.span, "missing-date"));
                        }
                        if has_date && !c.blank_number {
                            dated.insert(key);
                        }
                    }
                }
                Check::InvalidDate => {
                    for c in &cited {
                        if let Some(d) = &c.date {
                            if let (Some(day), Some(month)) = (d.day, d.month) {
                                if !date_exists(day, month, d.year) {
                                    hits.push(dated(cx, c, d));
                                }
                            }
                        }
                    }
                }
                Check::AfterPlanDate => {
                    let Some(plan) = plan_date(doc) else { continue };
                    for c in &cited {
                        let Some(d) = &c.date else { continue };
                        let (Some(day), Some(month), Some(year)) = (d.day, d.month, d.year) else {
                            continue;
                        };
                        if date_exists(day, month, Some(year)) && (year, month, day) > plan.0 {
                            hits.push(dated(cx, c, d).with("plan_date", plan.1.clone()));
                        }
                    }
                }
                Check::FirstIncomplete => {
                    let basis = self.basis_set(doc);
                    let own = own_codes(doc, &self.type_codes);
                    // The trích yếu summarises: a short mention there is not reported, and a
                    // complete one counts as the first citation.
                    let mut seen: HashSet<String> = doc
                        .citations
                        .iter()
                        .filter(|c| c.zone == Zone::TrichYeu && c.agency.is_some())
                        .filter(|c| c.date.as_ref().is_some_and(|d| d.day.is_some()))
                        .filter_map(|c| c.number.as_deref().map(normalise))
                        .collect();
                    // Every citation counts as a mention, whichever zone the rule reads.
                    for c in doc.citations.iter().filter(|c| c.zone != Zone::TrichYeu) {
                        let Some(number) = &c.number else { continue };
                        // A number without a symbol is `truncated-symbol`'s to report; a Law is
                        // cited by name (`law-by-number` reports a number).
                        if c.blank_number
                            || c.draft_self
                            || c.law_name.is_some()
                            || self.is_law(c)
                            || !number.chars().any(char::is_alphabetic)
                        {
                            continue;
                        }
                        let has_date = c
                            .date
                            .as_ref()
                            .is_some_and(|d| d.day.is_some() && d.month.is_some());
                        let issuer_named = c.agency.is_some()
                            || c.issuer_implied
                            || self.symbol_names_issuer(number, &own);
                        // Named inside another document's trích yếu: part of a title, not a
                        // citation to complete; later mentions may be short.
                        if c.nested {
                            seen.insert(normalise(number));
                            continue;
                        }
                        if !seen.insert(normalise(number)) || !cited.iter().any(|x| same(x, c)) {
                            continue;
                        }
                        let skip_date =
                            self.basis_dates_elsewhere && basis.iter().any(|x| same(x, c));
                        let mut missing = Vec::new();
                        if !has_date && !skip_date {
                            missing.push(if cx.english {
                                "date of issue"
                            } else {
                                "ngày ban hành"
                            });
                        }
                        if !issuer_named {
                            missing.push(if cx.english {
                                "issuing agency"
                            } else {
                                "cơ quan ban hành"
                            });
                        }
                        if !missing.is_empty() {
                            let and = if cx.english { " and " } else { " và " };
                            hits.push(
                                hit(cx, c, c.span, "first-incomplete")
                                    .with("missing", missing.join(and)),
                            );
                        }
                    }
                }
                Check::LawByNumber => {
                    let mut laws = HashSet::new();
                    for c in &cited {
                        let is_law = self
                            .law_types
                            .iter()
                            .any(|t| t.to_lowercase() == c.doc_type.to_lowercase());
                        // Once per Law: a later mention by the same number is the same slip.
                        if is_law
                            && !c.blank_number
                            && c.number
                                .as_deref()
                                .is_some_and(|n| laws.insert(normalise(n)))
                        {
                            hits.push(hit(cx, c, c.span, "law-by-number"));
                        }
                    }
                }
                Check::WithoutSo => {
                    for c in cited
                        .iter()
                        .filter(|c| c.number.is_some() && !c.has_so && !c.draft_self)
                    {
                        let at = c.type_span.cover(c.number_span.unwrap_or(c.type_span));
                        hits.push(hit(cx, c, at, "without-so"));
                    }
                }
                Check::LowercaseType => {
                    let mut seen = HashSet::new();
                    for c in cited.iter().filter(|c| {
                        c.number.is_some()
                            && !c.nested
                            && !c.draft_self
                            && c.doc_type.chars().next().is_some_and(char::is_lowercase)
                            // `văn bản số …` names no type of its own: the word is generic.
                            && c.doc_type != "văn bản"
                    }) {
                        if seen.insert(c.number.clone()) {
                            let at = c.type_span.cover(c.number_span.unwrap_or(c.type_span));
                            let mut chars = c.doc_type.chars();
                            let capitalised: String = chars
                                .next()
                                .map(|first| first.to_uppercase().chain(chars).collect())
                                .unwrap_or_default();
                            hits.push(
                                hit(cx, c, at, "lowercase-type").with("expected", capitalised),
                            );
                        }
                    }
                }
                Check::TruncatedSymbol => {
                    let full: Vec<String> = doc
                        .citations
                        .iter()
                        .filter_map(|c| c.number.as_deref())
                        .filter(|n| n.chars().any(char::is_alphabetic))
                        .map(normalise)
                        .collect();
                    for c in &cited {
                        let Some(number) = &c.number else { continue };
                        if c.blank_number || number.chars().any(char::is_alphabetic) {
                            continue;
                        }
                        // `Nghị quyết số 17` after `Nghị quyết số 17-NQ/TU` is a short later
                        // mention of a document already cited in full.
                        let n = normalise(number);
                        let short_mention = full.iter().any(|f| {
                            f.strip_prefix(&n)
                                .is_some_and(|rest| rest.starts_with(['/', '-']))
                        });
                        if !short_mention {
                            let at = c.number_span.unwrap_or(c.span);
                            hits.push(hit(cx, c, at, "truncated-symbol"));
                        }
                    }
                }
                Check::SymbolSystem => {
                    for c in &cited {
                        let Some(number) = &c.number else { continue };
                        if c.blank_number {
                            continue;
                        }
                        let agency = c.agency.map(|a| doc.text(a));
                        if let Some(detail) = self.symbol_conflict(cx, number, agency) {
                            let at = c.number_span.unwrap_or(c.span);
                            hits.push(hit(cx, c, at, "symbol-system").with("detail", detail));
                        }
                    }
                }
                Check::IssuerCodeTypo => {
                    let mut reported = HashSet::new();
                    let mut verdicts: HashMap<&str, Option<&String>> = HashMap::new();
                    for c in &cited {
                        let Some(number) = &c.number else { continue };
                        if c.blank_number {
                            continue;
                        }
                        let Some(code) = symbol_tail(number) else {
                            continue;
                        };
                        // Symbols repeat across a document; judge each code once.
                        let expected = *verdicts.entry(code).or_insert_with(|| {
                            if self.known_codes.iter().any(|k| k == code) {
                                None
                            } else {
                                self.known_codes.iter().find(|k| mistyped(code, k))
                            }
                        });
                        let Some(expected) = expected else { continue };
                        if reported.insert(number.clone()) {
                            let at = c.number_span.unwrap_or(c.span);
                            hits.push(
                                hit(cx, c, at, "issuer-code-typo")
                                    .with("code", code.to_string())
                                    .with("expected", expected.clone()),
                            );
                        }
                    }
                }
                Check::DateConflict => {
                    let mut first: HashMap<String, FirstDate> = HashMap::new();
                    let mut reported = HashSet::new();
                    for c in &cited {
                        let Some(number) = &c.number else { continue };
                        if c.blank_number
                            || c.draft_self
                            || !number.chars().any(char::is_alphabetic)
                        {
                            continue;
                        }
                        let Some(d) = &c.date else { continue };
                        let (Some(day), Some(month)) = (d.day, d.month) else {
                            continue;
                        };
                        let key = normalise(number);
                        let written = doc.text(d.span).to_string();
                        match first.get(&key) {
                            None => {
                                first.insert(key, ((day, month, d.year), written));
                            }
                            Some(((d0, m0, y0), text0)) => {
                                // A symbol without a year (`02/CT-TTg`) is reused each year
                                // (Party symbols each term): two years may be two documents.
                                let same_year = match (y0, d.year) {
                                    (Some(a), Some(b)) => *a == b,
                                    _ => false,
                                };
                                let year_in_symbol = number
                                    .split(['/', '-'])
                                    .any(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_digit()));
                                let differ = (*d0, *m0) != (day, month) || !same_year;
                                if differ
                                    && (same_year || year_in_symbol)
                                    && reported.insert(key.clone())
                                {
                                    hits.push(dated(cx, c, d).with("other_date", text0.clone()));
                                }
                            }
                        }
                    }
                }
            }
        }
        hits.sort_by_key(|h| h.span.start);
        hits
    }

    /// True when the citation's type is one cited by name (`law_types`).
    fn is_law(&self, c: &Citation) -> bool {
        let t = c.doc_type.to_lowercase();
        self.law_types.iter().any(|l| l.to_lowercase() == t)
    }

    /// True when a symbol's issuer code (the first agency code) names its issuer: a code that is
    /// not generic (see `generic_codes`), or one of the writer's own codes (`own`).
    fn symbol_names_issuer(&self, number: &str, own: &OwnCodes) -> bool {
        let Some(shape) = symbol_shape(number) else {
            return false;
        };
        let generic: Vec<String> = self.generic_codes.iter().map(|g| fold_code(g)).collect();
        let types: Vec<String> = self.type_codes.iter().map(|t| fold_code(t)).collect();
        // The issuer's code comes first; a drafting unit's code after it (`UBND-VX`) does not
        // say whose unit.
        symbol_codes(number, shape)
            .iter()
            .map(|c| fold_code(c))
            .find(|c| !types.contains(c))
            .is_some_and(|code| !generic.contains(&code) || own.names(&code))
    }

    /// Citations the `basis` zone would select.
    fn basis_set<'d>(&self, doc: &'d Document) -> Vec<&'d Citation> {
        let extents = section_extents(doc, &self.basis_sections.0);
        doc.citations
            .iter()
            .filter(|c| {
                c.zone == Zone::Basis
                    || (c.zone == Zone::Body && extents.iter().any(|x| x.contains(c.span.start)))
            })
            .collect()
    }

    /// Why a symbol does not fit its issuer's system, if it does not.
    fn symbol_conflict(&self, cx: &Context, number: &str, agency: Option<&str>) -> Option<String> {
        let shape = symbol_shape(number)?;
        let issuer = agency.and_then(|a| {
            if self.party_issuer.as_ref().is_some_and(|r| r.0.is_match(a)) {
                Some(Shape::Party)
            } else if self.state_issuer.as_ref().is_some_and(|r| r.0.is_match(a)) {
                Some(Shape::State)
            } else {
                None
            }
        });
        let codes = symbol_codes(number, shape);
        let en = cx.english;
        match shape {
            Shape::Party => {
                if issuer == Some(Shape::State) {
                    return Some(if en {
                        format!("it has the Party form (number-TYPE/BODY) but the issuer \"{}\" is a state body", agency.unwrap_or_default())
                    } else {
                        format!("ký hiệu có dạng của Đảng (số-LOẠI/CƠ QUAN) nhưng cơ quan ban hành \"{}\" là cơ quan nhà nước", agency.unwrap_or_default())
                    });
                }
                let all_state = !codes.is_empty()
                    && codes
                        .iter()
                        .all(|c| self.state_codes.iter().any(|s| s == c));
                if all_state && issuer != Some(Shape::Party) {
                    let body = codes.join("-");
                    return Some(if en {
                        format!("it has the Party form (number-TYPE/BODY) but {body} is a state agency code")
                    } else {
                        format!("ký hiệu có dạng của Đảng (số-LOẠI/CƠ QUAN) nhưng {body} là mã cơ quan nhà nước")
                    });
                }
            }
            Shape::State => {
                if issuer == Some(Shape::Party) {
                    return Some(if en {
                        format!("it has the state form (number/TYPE-AGENCY) but the issuer \"{}\" is a Party body", agency.unwrap_or_default())
                    } else {
                        format!("ký hiệu có dạng của nhà nước (số/LOẠI-CƠ QUAN) nhưng cơ quan ban hành \"{}\" là cơ quan của Đảng", agency.unwrap_or_default())
                    });
                }
                let party = codes
                    .iter()
                    .find(|c| self.party_codes.iter().any(|p| p == *c));
                if let (Some(code), false) = (party, issuer == Some(Shape::State)) {
                    return Some(if en {
                        format!("it has the state form (number/TYPE-AGENCY) but {code} is a Party body code")
                    } else {
                        format!("ký hiệu có dạng của nhà nước (số/LOẠI-CƠ QUAN) nhưng {code} là mã cơ quan của Đảng")
                    });
                }
            }
        }
        None
    }
}

/// The two symbol syntaxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `122/KH-UBND`, `59/2023/NĐ-CP`, `766/UBND-VP8`.
    State,
    /// `17-NQ/TU`, `20-KH/BDVTU-BCSĐUBND`.
    Party,
}

/// The syntax of a number and symbol, when it is one of the two.
fn symbol_shape(number: &str) -> Option<Shape> {
    let digits = number.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 {
        return None;
    }
    let rest = &number[digits..];
    if let Some(after) = rest.strip_prefix('-') {
        // Party: TYPE/BODY, the type made of letters.
        let (kind, body) = after.split_once('/')?;
        (kind.chars().all(char::is_alphabetic) && !kind.is_empty() && !body.is_empty())
            .then_some(Shape::Party)
    } else if let Some(after) = rest.strip_prefix('/') {
        // State: an optional year, then letter groups joined by `-`.
        let after = match after.split_once('/') {
            Some((year, tail)) if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) => {
                tail
            }
            _ => after,
        };
        (after.chars().any(char::is_alphabetic) && !after.contains('/')).then_some(Shape::State)
    } else {
        None
    }
}

/// The agency codes of a symbol: the body parts of a Party symbol (`BDVTU`, `BCSĐUBND`), every
/// group of a state symbol (`KH`, `UBND`).
fn symbol_codes(number: &str, shape: Shape) -> Vec<String> {
    let tail = match shape {
        Shape::Party => number.split_once('/').map_or("", |(_, b)| b),
        Shape::State => number.rsplit('/').next().unwrap_or(""),
    };
    tail.split('-')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The first dated mention of a document: (day, month, year) and the date as written.
type FirstDate = ((u32, u32, Option<i32>), String);

/// The writer's own agency codes: those of the document's own number (`/BC-SCT` gives `SCT`)
/// and the initials of its header agency lines, the issuer's and its parent's (`SỞ CÔNG THƯƠNG`
/// gives `SCT`, `ỦY BAN NHÂN DÂN XÃ AN BÌNH` gives `UBNDXAB`, which `UBND` starts), or their
/// abbreviations kept whole (`UBND`).
struct OwnCodes {
    codes: Vec<String>,
    initials: Vec<String>,
}

impl OwnCodes {
    fn names(&self, code: &str) -> bool {
        let code = fold_code(code);
        code.chars().count() >= 2
            && (self.codes.contains(&code) || self.initials.iter().any(|i| i.starts_with(&code)))
    }
}

fn own_codes(doc: &Document, type_codes: &[String]) -> OwnCodes {
    let types: Vec<String> = type_codes.iter().map(|t| fold_code(t)).collect();
    let codes: Vec<String> = doc
        .header
        .so_ky_hieu
        .map(|s| {
            let text = doc.text(s);
            let symbol = text.find(['/', '-']).map_or("", |at| &text[at..]);
            symbol
                .split(|c: char| c == '/' || c == '-' || c.is_whitespace())
                .map(fold_code)
                .filter(|c| c.chars().count() >= 2 && !types.contains(c))
                .collect()
        })
        .unwrap_or_default();
    let mut codes: Vec<String> = codes;
    let mut initials = Vec::new();
    // The parent too: a commune's office citing `…/BC-UBND` cites its own committee.
    for &line in &doc.header.agency {
        let words: Vec<&str> = doc.text(line).split_whitespace().collect();
        // An abbreviation kept whole (`UBND`, `GTVT`): upper-case letters without tone marks.
        codes.extend(
            words
                .iter()
                .filter(|w| w.chars().count() >= 2)
                .filter(|w| w.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ'))
                .map(|w| fold_code(w)),
        );
        initials.push(
            words
                .iter()
                .filter_map(|w| fold_code(w).chars().next())
                .collect::<String>(),
        );
    }
    OwnCodes { codes, initials }
}

/// An agency code compared without tone marks and case: `Sở` and `SỞ` give `SO`, `Đ` stays.
fn fold_code(code: &str) -> String {
    code.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_uppercase)
        .collect()
}

/// What follows the number (and a state symbol's year): `NĐ-CP` in `59/2023/NĐ-CP`, `CT/TW` in
/// `05-CT/TW`.
fn symbol_tail(number: &str) -> Option<&str> {
    let digits = number.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 {
        return None;
    }
    let rest = &number[digits + 1..];
    let rest = match rest.split_once('/') {
        Some((year, tail)) if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) => tail,
        _ => rest,
    };
    rest.chars().any(char::is_alphabetic).then_some(rest)
}

/// True when `code` looks like `known` mistyped: the same letters in another case or with `D`
/// for `Đ` (`NĐ-Cp`, `QD-TTg`), a letter doubled (`NĐ-CPP`), or, for codes long enough to
/// leave no doubt, a letter missing (`TT-BGDT`).
fn mistyped(code: &str, known: &str) -> bool {
    let key = |s: &str| -> Vec<char> {
        s.chars()
            .flat_map(char::to_uppercase)
            .map(|c| if c == 'Đ' { 'D' } else { c })
            .collect()
    };
    let (a, b) = (key(code), key(known));
    if a == b {
        return code != known;
    }
    if a.len() == b.len() + 1 {
        // One letter doubled: removing one of a pair gives the known code.
        return (1..a.len())
            .any(|i| a[i] == a[i - 1] && a[..i].iter().chain(&a[i + 1..]).eq(b.iter()));
    }
    if a.len() + 1 == b.len() && b.len() >= 7 {
        return (0..b.len()).any(|i| b[..i].iter().chain(&b[i + 1..]).eq(a.iter()));
    }
    false
}

/// A number compared across mentions: no spaces, upper case.
fn normalise(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

fn same(a: &Citation, b: &Citation) -> bool {
    a.type_span == b.type_span
}

/// True when the day exists in that month (of that year, or of some year when none is given).
fn date_exists(day: u32, month: u32, year: Option<i32>) -> bool {
    let max = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        _ => return false,
    };
    (1..=max).contains(&day)
}

/// The plan's own date from the header's place-and-date line, when day, month and year are all
/// written and valid, as `((year, month, day), text)`.
fn plan_date(doc: &Document) -> Option<((i32, u32, u32), String)> {
    let line = doc.header.dia_danh_ngay?;
    let d = find_date(doc.text(line), line.start)?;
    let (day, month, year) = (d.day?, d.month?, d.year?);
    date_exists(day, month, Some(year)).then(|| ((year, month, day), doc.text(d.span).to_string()))
}

fn dated(cx: &Context, c: &Citation, d: &CitedDate) -> Hit {
    hit(cx, c, d.span, "date").with("date", cx.doc.text(d.span).to_string())
}

fn hit(cx: &Context, c: &Citation, at: crate::source::Span, what: &str) -> Hit {
    Hit::at(at)
        .with("citation", excerpt(cx.doc, c.span))
        .with("type", c.doc_type.clone())
        .with("number", c.number.clone().unwrap_or_default())
        .with("problem", problem(cx, what))
}

fn problem(cx: &Context, what: &str) -> String {
    let (vi, en) = match what {
        "present" => ("không trích dẫn văn bản nào", "no document is cited"),
        "blank-number" => ("số văn bản bị bỏ trống", "the number is left blank"),
        "missing-date" => ("thiếu ngày ban hành", "the date of issue is missing"),
        "date" => ("ngày ban hành không hợp lệ", "the date of issue is wrong"),
        "first-incomplete" => ("trích dẫn lần đầu chưa đầy đủ", "incomplete first citation"),
        "law-by-number" => ("Luật được nêu theo số", "a Law cited by number"),
        "without-so" => ("thiếu chữ \"số\"", "\"số\" is missing"),
        "lowercase-type" => (
            "tên loại của văn bản cụ thể viết thường",
            "a specific document's type name in lower case",
        ),
        "truncated-symbol" => ("ký hiệu bị cắt cụt", "the symbol is truncated"),
        "symbol-system" => (
            "ký hiệu không đúng hệ thống",
            "the symbol fits the wrong system",
        ),
        "issuer-code-typo" => ("ký hiệu gõ nhầm", "a mistyped symbol"),
        _ => ("", ""),
    };
    if cx.english { en } else { vi }.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar() {
        assert!(date_exists(29, 2, Some(2024)));
        assert!(!date_exists(29, 2, Some(2023)));
        assert!(!date_exists(31, 2, Some(2023)));
        assert!(!date_exists(31, 4, None));
        assert!(!date_exists(5, 13, None));
        assert!(!date_exists(0, 1, None));
        assert!(date_exists(31, 12, Some(2024)));
    }

    #[test]
    fn shapes() {
        assert_eq!(symbol_shape("122/KH-UBND"), Some(Shape::State));
        assert_eq!(symbol_shape("59/2023/NĐ-CP"), Some(Shape::State));
        assert_eq!(symbol_shape("766/UBND-VP8"), Some(Shape::State));
        assert_eq!(symbol_shape("17-NQ/TU"), Some(Shape::Party));
        assert_eq!(symbol_shape("20-KH/BDVTU-BCSĐUBND"), Some(Shape::Party));
        assert_eq!(symbol_shape("98/2023"), None);
        assert_eq!(symbol_shape("98"), None);
        assert_eq!(
            symbol_codes("20-KH/BDVTU-BCSĐUBND", Shape::Party),
            vec!["BDVTU", "BCSĐUBND"]
        );
        assert_eq!(
            symbol_codes("59/2023/NĐ-CP", Shape::State),
            vec!["NĐ", "CP"]
        );
    }

    #[test]
    fn mistyped_codes() {
        assert!(mistyped("NĐ-Cp", "NĐ-CP"));
        assert!(mistyped("ND-CP", "NĐ-CP"));
        assert!(mistyped("QD-TTg", "QĐ-TTg"));
        assert!(mistyped("QĐ-TTG", "QĐ-TTg"));
        assert!(mistyped("NĐ-CPP", "NĐ-CP"));
        assert!(mistyped("TT-BGDT", "TT-BGDĐT"));
        assert!(!mistyped("NĐ-CP", "NĐ-CP"));
        assert!(!mistyped("QĐ-UBND", "QĐ-TTg"));
        // Short codes: a missing letter could be another agency's code.
        assert!(!mistyped("QĐ-TT", "QĐ-TTg"));
        assert_eq!(symbol_tail("59/2023/NĐ-Cp"), Some("NĐ-Cp"));
        assert_eq!(symbol_tail("05-CT/TW"), Some("CT/TW"));
        assert_eq!(symbol_tail("98/2023"), None);
    }

    #[test]
    fn folded_codes() {
        assert_eq!(fold_code("Sở"), "SO");
        assert_eq!(fold_code("SGDĐT"), "SGDĐT");
        assert_eq!(fold_code("TTr"), "TTR");
    }
}
