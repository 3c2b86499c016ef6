//! `vblint explain` and the rule pages under `docs/rules/`: a rule's documentation, legal
//! source and examples, in the style of clippy's lint pages (what it does, why, example, use
//! instead). The text is Markdown; [`terminal`] renders it for a terminal (bold, code, lists)
//! so users never see the markup.

use crate::check::{family, Expect, Rule, RuleSet};

/// A rule's explanation as Markdown, in Vietnamese or English.
pub fn markdown(rule: &Rule, english: bool) -> String {
    let (systems_word, all, source, bad, good, note, severity, issued, family_word) = if english {
        (
            "Applies to",
            "all documents",
            "Source",
            "Example (triggers the rule)",
            "Use instead (does not trigger it)",
            "note",
            "Severity",
            "with --issued",
            "Family",
        )
    } else {
        (
            "Áp dụng cho",
            "mọi văn bản",
            "Căn cứ",
            "Ví dụ sai (quy tắc báo lỗi)",
            "Nên viết (quy tắc không báo)",
            "ghi chú",
            "Mức độ",
            "khi dùng --issued",
            "Nhóm",
        )
    };
    let mut out = String::new();
    out.push_str(&format!("# {}: {}\n\n", rule.id, rule.summary.get(english)));
    let mut sev = crate::report::severity_word(rule.severity, english).to_string();
    if let Some(s) = rule.severity_issued {
        sev.push_str(&format!(
            " ({issued}: {})",
            crate::report::severity_word(s, english)
        ));
    }
    out.push_str(&format!("- **{severity}:** {sev}\n"));
    out.push_str(&format!("- **{family_word}:** `{}`\n", family(rule)));
    let systems = if rule.systems.is_empty() {
        all.to_string()
    } else {
        rule.systems
            .iter()
            .map(|s| s.id())
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str(&format!("- **{systems_word}:** {systems}\n"));
    out.push_str(&format!("- **{source}:** {}\n\n", rule.docs.source));
    out.push_str(rule.docs.get(english).trim());
    out.push_str("\n\n");
    for (expect, heading) in [(Expect::Fire, bad), (Expect::Pass, good)] {
        for example in rule.examples.iter().filter(|e| e.expect == expect) {
            out.push_str(&format!("## {heading}"));
            if let Some(n) = &example.note {
                out.push_str(&format!(" ({note}: {})", n.get(english)));
            }
            out.push_str("\n\n```text\n");
            for line in example.text.trim_matches('\n').lines() {
                out.push_str(line);
                out.push('\n');
            }
            out.push_str("```\n");
            if let Some(spec) = &example.docx {
                out.push_str(&format!("\n.docx: {}\n", spec.describe(english)));
            }
            if let Some(enc) = &example.encoding {
                out.push_str(&format!("    [.txt, {enc}]\n"));
            }
            out.push('\n');
        }
    }
    out
}

/// Renders Markdown for a terminal: headings and `**bold**` in bold, `` `code` `` in colour (or
/// plain), lists with bullets, fenced blocks indented. Without colour the markup is dropped.
pub fn terminal(md: &str, color: bool) -> String {
    let bold = |s: &str| {
        if color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    let mut fenced = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if let Some(h) = line.strip_prefix("## ").or_else(|| line.strip_prefix("# ")) {
            out.push_str(&bold(&inline(h, color)));
            out.push('\n');
            continue;
        }
        if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            out.push_str("  • ");
            out.push_str(&inline(item, color));
            out.push('\n');
            continue;
        }
        out.push_str(&inline(line, color));
        out.push('\n');
    }
    out
}

/// Renders `**bold**`, `*italic*`/`_italic_` and `` `code` `` within a line.
fn inline(line: &str, color: bool) -> String {
    let mut out = String::new();
    let mut rest = line;
    while !rest.is_empty() {
        let (marker, open, close) = if rest.starts_with("**") {
            ("**", "\x1b[1m", "\x1b[0m")
        } else if rest.starts_with('`') {
            ("`", "\x1b[36m", "\x1b[0m")
        } else if rest.starts_with('*') && !rest.starts_with("* ") {
            ("*", "\x1b[3m", "\x1b[0m")
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        };
        let after = &rest[marker.len()..];
        match after.find(marker) {
            Some(end) if end > 0 => {
                let inner = &after[..end];
                if color {
                    out.push_str(open);
                    out.push_str(inner);
                    out.push_str(close);
                } else {
                    out.push_str(inner);
                }
                rest = &after[end + marker.len()..];
            }
            _ => {
                out.push_str(marker);
                rest = after;
            }
        }
    }
    out
}

/// The pages of `docs/rules/`: one `<id>.md` per rule (Vietnamese, then English) and
/// `README.md`, an index by family. Generated from the rule files; a test keeps them current.
pub fn rule_pages(rules: &RuleSet) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    let mut index = String::from(
        "# Rules\n\n<!-- Generated by `vblint rule-docs docs/rules` from rules/; do not edit. -->\n\n| Rule | Family | Severity | Summary |\n| --- | --- | --- | --- |\n",
    );
    let mut sorted: Vec<&Rule> = rules.rules().collect();
    sorted.sort_by(|a, b| (family(a), &a.id).cmp(&(family(b), &b.id)));
    for rule in sorted {
        let mut page = String::from(
            "<!-- Generated by `vblint rule-docs docs/rules` from rules/; do not edit. -->\n\n",
        );
        page.push_str(&markdown(rule, false));
        page.push_str("---\n\n");
        page.push_str(&markdown(rule, true).replacen("# ", "## English: ", 1));
        let page = page.trim_end().to_string() + "\n";
        pages.push((format!("{}.md", rule.id), page));
        index.push_str(&format!(
            "| [{id}]({id}.md) | {} | {} | {} |\n",
            family(rule),
            rule.severity.as_str(),
            rule.summary.get(false).replace('|', "\\|"),
            id = rule.id
        ));
    }
    pages.push(("README.md".to_string(), index));
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Vietnamese page quotes the Vietnamese note and the English page the English one:
    /// neither mixes languages.
    #[test]
    fn example_notes_follow_the_language_of_the_page() {
        let rules = RuleSet::embedded().expect("built-in rules load");
        let rule = rules
            .rules()
            .find(|r| r.id == "header-number-form-state")
            .expect("rule exists");
        let vi = markdown(rule, false);
        let en = markdown(rule, true);
        assert!(vi.contains("(ghi chú: thiếu số 0 trước số thứ tự)"), "{vi}");
        assert!(!vi.contains("no leading zero"), "{vi}");
        assert!(en.contains("(note: no leading zero)"), "{en}");
        assert!(!en.contains("thiếu số 0"), "{en}");
    }
}
