//! `vblint explain`: a rule's documentation, source and examples, in the style of clippy's lint
//! pages (what it does, why, example, use instead).

use crate::check::{Expect, Rule};

/// Renders a rule's explanation in Vietnamese, or English when `english` is set.
pub fn render(rule: &Rule, english: bool) -> String {
    let (systems_word, all, source, bad, good, note, severity, issued) = if english {
        (
            "Applies to",
            "all documents",
            "Source",
            "Example (triggers the rule)",
            "Use instead (does not trigger it)",
            "note",
            "Severity",
            "with --issued",
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
        )
    };
    let mut out = String::new();
    out.push_str(&format!("{}: {}\n", rule.id, rule.summary.get(english)));
    let mut sev = rule.severity.as_str().to_string();
    if let Some(s) = rule.severity_issued {
        sev.push_str(&format!(" ({issued}: {})", s.as_str()));
    }
    out.push_str(&format!("{severity}: {sev}\n"));
    let systems = if rule.systems.is_empty() {
        all.to_string()
    } else {
        rule.systems
            .iter()
            .map(|s| s.id())
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str(&format!("{systems_word}: {systems}\n"));
    out.push_str(&format!("{source}: {}\n\n", rule.docs.source));
    out.push_str(rule.docs.get(english).trim());
    out.push_str("\n\n");
    for (expect, heading) in [(Expect::Fire, bad), (Expect::Pass, good)] {
        for example in rule.examples.iter().filter(|e| e.expect == expect) {
            out.push_str(heading);
            if let Some(n) = &example.note {
                out.push_str(&format!(" ({note}: {n})"));
            }
            out.push_str(":\n");
            for line in example.text.trim_matches('\n').lines() {
                out.push_str("    ");
                out.push_str(line);
                out.push('\n');
            }
            if let Some(spec) = &example.docx {
                out.push_str(&format!("    [.docx] {}\n", spec.describe(english)));
            }
            if let Some(enc) = &example.encoding {
                out.push_str(&format!("    [.txt, {enc}]\n"));
            }
            out.push('\n');
        }
    }
    out
}
