//! Writes a deterministic corpus of plans for benchmarks: each plan as `.txt` and as `.docx`.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --out /tmp/plans --count 1000 --seed 1
//! cargo run --release --example gen_corpus -- --out /tmp/big --count 1 --pages 500 --format docx
//! ```
//!
//! Plans are 2 to 60 pages (most of them short, as in an archive), state or Party, with the
//! header and the signature in borderless two-column tables, headings auto-numbered from
//! `numbering.xml`, footnotes, tables, and now and then a tracked change or a common defect. The
//! same seed always gives the same bytes. The text is invented for this purpose.

#[path = "../tests/support/mod.rs"]
mod support;

use std::fmt::Write as _;
use std::path::PathBuf;

use support::docx::{np, p, two_columns, Docx, PLAN_NUMBERING};
use support::rng::Rng;
use vblint::check::docx_example::xml_escape;

/// About how many bytes of `.txt` one printed A4 page of a plan holds.
const PAGE_BYTES: usize = 2600;

const PARENTS: &[&str] = &[
    "UBND TỈNH HÀ NAM",
    "UBND HUYỆN KIM ĐỘNG",
    "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    "UBND THÀNH PHỐ VINH",
    "BỘ TÀI CHÍNH",
];
const AGENCIES: &[(&str, &str)] = &[
    ("PHÒNG VĂN HÓA VÀ THÔNG TIN", "VHTT"),
    ("TRƯỜNG TRUNG HỌC CƠ SỞ AN BÌNH", "THCSAB"),
    ("SỞ NỘI VỤ", "SNV"),
    ("BAN QUẢN LÝ DỰ ÁN", "BQLDA"),
    ("TRUNG TÂM Y TẾ", "TTYT"),
];
const PARTY_COMMITTEES: &[(&str, &str)] = &[
    ("ĐẢNG BỘ TỈNH HÀ NAM", "HUYỆN ỦY KIM BẢNG"),
    ("ĐẢNG BỘ HUYỆN KIM ĐỘNG", "ĐẢNG ỦY XÃ AN BÌNH"),
    ("ĐẢNG BỘ KHỐI CÁC CƠ QUAN", "ĐẢNG ỦY SỞ Y TẾ"),
];
const PLACES: &[&str] = &["Hà Nam", "Kim Động", "An Bình", "Vinh", "Hà Nội"];
const TOPICS: &[&str] = &[
    "Tổ chức Ngày hội đọc sách",
    "Triển khai công tác chuyển đổi số",
    "Phòng, chống thiên tai và tìm kiếm cứu nạn",
    "Tuyên truyền, phổ biến giáo dục pháp luật",
    "Kiểm tra công tác văn thư, lưu trữ",
    "Thực hiện công tác cải cách hành chính",
    "Bồi dưỡng cán bộ, công chức cấp xã",
];
const SUBJECTS: &[&str] = &[
    "Các phòng, ban chuyên môn",
    "Ủy ban nhân dân các xã, thị trấn",
    "Văn phòng",
    "Các tổ chuyên môn",
    "Trung tâm Văn hóa - Thể thao",
    "Ban Chỉ đạo",
    "Công chức văn phòng - thống kê",
];
const VERBS: &[&str] = &[
    "chủ trì, phối hợp với các đơn vị liên quan triển khai",
    "tổ chức tuyên truyền sâu rộng về",
    "rà soát, đánh giá kết quả thực hiện",
    "xây dựng kế hoạch chi tiết và bố trí kinh phí cho",
    "kiểm tra, đôn đốc việc thực hiện",
    "tổng hợp khó khăn, vướng mắc trong quá trình thực hiện",
];
const OBJECTS: &[&str] = &[
    "các nhiệm vụ được giao tại Kế hoạch này",
    "các văn bản quy phạm pháp luật mới ban hành",
    "hoạt động của bộ phận một cửa",
    "công tác lưu trữ hồ sơ, tài liệu",
    "chương trình bồi dưỡng kỹ năng số cho người dân",
    "phong trào thi đua trên địa bàn",
];
const PURPOSES: &[&str] = &[
    "bảo đảm đúng tiến độ, chất lượng và hiệu quả",
    "báo cáo kết quả trước ngày 15 hằng tháng",
    "góp phần hoàn thành các chỉ tiêu của năm",
    "tránh hình thức, lãng phí",
    "phù hợp với điều kiện thực tế của địa phương",
];
const HEADINGS: &[&str] = &[
    "MỤC ĐÍCH, YÊU CẦU",
    "NỘI DUNG",
    "NHIỆM VỤ VÀ GIẢI PHÁP",
    "KINH PHÍ THỰC HIỆN",
    "TỔ CHỨC THỰC HIỆN",
];
const SUB_HEADINGS: &[&str] = &[
    "Mục đích",
    "Yêu cầu",
    "Công tác tuyên truyền",
    "Thời gian và địa điểm",
    "Phân công nhiệm vụ",
    "Chế độ báo cáo",
    "Nguồn kinh phí",
];

fn pick<'a>(rng: &mut Rng, list: &[&'a str]) -> &'a str {
    list[rng.below(list.len())]
}

fn roman(n: usize) -> String {
    const R: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
    R.get(n.wrapping_sub(1))
        .map_or_else(|| n.to_string(), |s| s.to_string())
}

/// One sentence of a plan's prose.
fn sentence(rng: &mut Rng) -> String {
    let mut s = format!(
        "{} {} {}, {}",
        pick(rng, SUBJECTS),
        pick(rng, VERBS),
        pick(rng, OBJECTS),
        pick(rng, PURPOSES)
    );
    // Figures and dates vary from sentence to sentence, as in real plans (and they keep the
    // .docx from compressing far better than real ones do).
    if rng.below(2) == 0 {
        let _ = write!(
            s,
            " (phấn đấu đạt {}% chỉ tiêu, xong trước ngày {}/{})",
            50 + rng.below(51),
            1 + rng.below(28),
            1 + rng.below(12)
        );
    }
    s.push('.');
    s
}

/// A block of a plan, rendered as `.txt` lines and as WordprocessingML.
enum Block {
    /// A paragraph of prose; `footnote` adds a note at its end; `tracked` marks its last
    /// sentence as inserted and a stale word as deleted with tracked changes.
    Para {
        text: String,
        footnote: Option<String>,
        tracked: bool,
    },
    /// A numbered heading: level 0 (I.), 1 (1.) or 2 (a)).
    Heading { level: usize, text: String },
    /// A bullet line `- …`.
    Bullet(String),
    /// A table with a header row.
    Table(Vec<Vec<String>>),
    /// An empty line.
    Blank,
}

/// A whole plan.
struct Plan {
    party: bool,
    header_left: Vec<String>,
    header_right: Vec<String>,
    title: Vec<String>,
    body: Vec<Block>,
    recipients: Vec<String>,
    signer: Vec<String>,
}

fn plan(rng: &mut Rng, pages: usize) -> Plan {
    let party = rng.below(4) == 0;
    let year = 2020 + rng.below(6);
    let (day, month) = (1 + rng.below(28), 1 + rng.below(12));
    let place = pick(rng, PLACES);
    let number = 1 + rng.below(150);
    // Nghị định 30/2020: a day below 10 and the months 1 and 2 take a leading zero.
    let month_text = if month < 3 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    let date = format!("{place}, ngày {day:02} tháng {month_text} năm {year}");
    let (header_left, header_right, unit) = if party {
        let (upper, committee) = PARTY_COMMITTEES[rng.below(PARTY_COMMITTEES.len())];
        (
            vec![upper.to_string(), committee.to_string(), "*".to_string()],
            vec!["ĐẢNG CỘNG SẢN VIỆT NAM".to_string(), String::new(), date],
            "VPĐU",
        )
    } else {
        let (agency, code) = AGENCIES[rng.below(AGENCIES.len())];
        (
            vec![
                pick(rng, PARENTS).to_string(),
                agency.to_string(),
                format!("Số: {number:02}/KH-{code}"),
            ],
            vec![
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_string(),
                "Độc lập - Tự do - Hạnh phúc".to_string(),
                date,
            ],
            code,
        )
    };
    let topic = pick(rng, TOPICS);
    let mut header_left = header_left;
    if party {
        header_left.push(format!("Số {number}-KH/ĐU"));
    }
    let title = vec!["KẾ HOẠCH".to_string(), format!("{topic} năm {year}")];

    let mut body = vec![Block::Blank];
    let cited = 1 + rng.below(90);
    body.push(Block::Para {
        text: format!(
            "Căn cứ Kế hoạch số {cited}/KH-UBND ngày {:02}/{:02}/{} của Ủy ban nhân dân tỉnh về {};",
            1 + rng.below(28),
            1 + rng.below(12),
            year - 1,
            topic.to_lowercase()
        ),
        footnote: None,
        tracked: false,
    });
    body.push(Block::Para {
        text: format!(
            "Để triển khai có hiệu quả nhiệm vụ năm {year}, {} xây dựng Kế hoạch như sau:",
            if party { "Đảng ủy" } else { "đơn vị" }
        ),
        footnote: (rng.below(2) == 0).then(|| {
            format!(
                "Thông báo số {}/TB-VP ngày {:02}/{:02}/{} của Văn phòng về kết luận của lãnh đạo.",
                1 + rng.below(200),
                1 + rng.below(28),
                1 + rng.below(12),
                year - 1
            )
        }),
        tracked: false,
    });
    body.push(Block::Blank);

    let budget = pages * PAGE_BYTES;
    let mut size = 0;
    let sections = 3 + rng.below(3).min(HEADINGS.len() - 3);
    let per_section = budget / sections;
    let mut tables = 0;
    for (s, heading) in HEADINGS.iter().take(sections).enumerate() {
        let heading = if s == sections - 1 {
            "TỔ CHỨC THỰC HIỆN"
        } else {
            heading
        };
        body.push(Block::Heading {
            level: 0,
            text: heading.to_string(),
        });
        let section_end = size + per_section;
        let mut sub = 0;
        while size < section_end || sub < 2 {
            sub += 1;
            body.push(Block::Heading {
                level: 1,
                text: SUB_HEADINGS[(s + sub) % SUB_HEADINGS.len()].to_string(),
            });
            let paras = 1 + rng.below(3);
            for _ in 0..paras {
                let n = 2 + rng.below(4);
                let text: Vec<String> = (0..n).map(|_| sentence(rng)).collect();
                let text = text.join(" ");
                size += text.len();
                body.push(Block::Para {
                    text,
                    footnote: None,
                    tracked: rng.below(40) == 0,
                });
            }
            if rng.below(3) == 0 {
                let points = 2 + rng.below(3);
                for _ in 0..points {
                    let text = sentence(rng);
                    size += text.len() + 4;
                    if rng.below(2) == 0 {
                        body.push(Block::Bullet(text));
                    } else {
                        body.push(Block::Heading { level: 2, text });
                    }
                }
            }
            if tables < 1 + pages / 10 && rng.below(8) == 0 {
                tables += 1;
                let mut rows = vec![vec![
                    "TT".to_string(),
                    "Nội dung".to_string(),
                    "Đơn vị thực hiện".to_string(),
                    "Thời gian".to_string(),
                ]];
                for r in 0..3 + rng.below(6) {
                    let row = vec![
                        (r + 1).to_string(),
                        pick(rng, OBJECTS).to_string(),
                        pick(rng, SUBJECTS).to_string(),
                        format!("Tháng {}/{year}", 1 + rng.below(12)),
                    ];
                    size += row.iter().map(|c| c.len() + 1).sum::<usize>();
                    rows.push(row);
                }
                body.push(Block::Table(rows));
            }
        }
        body.push(Block::Blank);
    }
    body.push(Block::Para {
        text: format!(
            "Trên đây là Kế hoạch {} năm {year}. Đề nghị các đơn vị nghiêm túc triển khai thực hiện./.",
            topic.to_lowercase()
        ),
        footnote: None,
        tracked: false,
    });
    body.push(Block::Blank);

    let mut recipients = vec![
        "Nơi nhận:".to_string(),
        "- Ủy ban nhân dân tỉnh (để báo cáo);".to_string(),
        "- Các phòng, ban chuyên môn;".to_string(),
    ];
    // Now and then a plan forgets the archive line, as drafts do.
    if rng.below(10) != 0 {
        recipients.push(if party {
            "- Lưu Văn phòng Đảng ủy.".to_string()
        } else {
            format!("- Lưu: VT, {unit}.")
        });
    }
    let signer = if party {
        vec![
            "T/M ĐẢNG ỦY".to_string(),
            "BÍ THƯ".to_string(),
            String::new(),
            "Trần Văn Bình".to_string(),
        ]
    } else {
        vec![
            "KT. CHỦ TỊCH".to_string(),
            "PHÓ CHỦ TỊCH".to_string(),
            String::new(),
            "Nguyễn Thị Lan".to_string(),
        ]
    };
    Plan {
        party,
        header_left,
        header_right,
        title,
        body,
        recipients,
        signer,
    }
}

/// Superscript digits for footnote markers in `.txt`.
fn superscript(n: usize) -> String {
    const S: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .chars()
        .map(|c| S[c.to_digit(10).unwrap_or(0) as usize])
        .collect()
}

fn two_column_lines(out: &mut String, left: &[String], right: &[String]) {
    for i in 0..left.len().max(right.len()) {
        let l = left.get(i).map_or("", String::as_str);
        let r = right.get(i).map_or("", String::as_str);
        if l.is_empty() && r.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{l}\t{r}");
        }
    }
}

fn to_txt(plan: &Plan) -> String {
    let mut out = String::new();
    two_column_lines(&mut out, &plan.header_left, &plan.header_right);
    out.push('\n');
    for t in &plan.title {
        let _ = writeln!(out, "{t}");
    }
    let mut counters = [0usize; 3];
    let sep = if plan.party { '-' } else { '.' };
    let mut notes = Vec::new();
    for block in &plan.body {
        match block {
            Block::Para { text, footnote, .. } => {
                out.push_str(text);
                if let Some(note) = footnote {
                    notes.push(note.clone());
                    out.push_str(&superscript(notes.len()));
                }
                out.push('\n');
            }
            Block::Heading { level, text } => {
                counters[*level] += 1;
                for deeper in &mut counters[level + 1..] {
                    *deeper = 0;
                }
                let n = counters[*level];
                let label = match level {
                    0 => format!("{}{sep}", roman(n)),
                    1 => format!("{n}{sep}"),
                    _ => format!("{})", char::from(b'a' + (n as u8 - 1) % 5)),
                };
                let _ = writeln!(out, "{label} {text}");
            }
            Block::Bullet(text) => {
                let _ = writeln!(out, "- {text}");
            }
            Block::Table(rows) => {
                for row in rows {
                    let _ = writeln!(out, "{}", row.join("\t"));
                }
            }
            Block::Blank => out.push('\n'),
        }
    }
    two_column_lines(&mut out, &plan.recipients, &plan.signer);
    for (i, note) in notes.iter().enumerate() {
        let _ = writeln!(out, "{} {note}", superscript(i + 1));
    }
    out
}

fn run(text: &str) -> String {
    format!(
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
        xml_escape(text)
    )
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn to_docx(plan: &Plan) -> Vec<u8> {
    let strs =
        |v: &[String]| -> Vec<String> { v.iter().filter(|s| !s.is_empty()).cloned().collect() };
    let mut body = String::new();
    let (l, r) = (strs(&plan.header_left), strs(&plan.header_right));
    body.push_str(&two_columns(&refs(&l), &refs(&r)));
    body.push_str("<w:p/>");
    for t in &plan.title {
        body.push_str(&p(r#"<w:jc w:val="center"/>"#, &xml_escape(t)));
    }
    let num_id = if plan.party { 2 } else { 1 };
    let mut notes = String::new();
    let mut note_id = 0;
    let mut change_id = 0;
    for block in &plan.body {
        match block {
            Block::Para {
                text,
                footnote,
                tracked,
            } => {
                body.push_str(
                    r#"<w:p><w:pPr><w:ind w:firstLine="567"/><w:jc w:val="both"/></w:pPr>"#,
                );
                match text.rfind(". ").filter(|_| *tracked) {
                    Some(cut) => {
                        // The last sentence was typed with track changes on, replacing a word.
                        change_id += 2;
                        body.push_str(&run(&text[..cut + 2]));
                        let _ = write!(
                            body,
                            r#"<w:del w:id="{}" w:author="Chuyên viên" w:date="2024-03-01T08:00:00Z"><w:r><w:delText xml:space="preserve">Nội dung cũ. </w:delText></w:r></w:del><w:ins w:id="{}" w:author="Chuyên viên" w:date="2024-03-01T08:00:00Z">{}</w:ins>"#,
                            change_id,
                            change_id + 1,
                            run(&text[cut + 2..])
                        );
                    }
                    None => body.push_str(&run(text)),
                }
                if let Some(note) = footnote {
                    note_id += 1;
                    let _ = write!(
                        body,
                        r#"<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>"#
                    );
                    let _ = write!(
                        notes,
                        r#"<w:footnote w:id="{note_id}"><w:p><w:r><w:footnoteRef/></w:r>{}</w:p></w:footnote>"#,
                        run(&format!(" {note}"))
                    );
                }
                body.push_str("</w:p>");
            }
            Block::Heading { level, text } => {
                body.push_str(&np(num_id, *level as u8, &xml_escape(text)));
            }
            Block::Bullet(text) => body.push_str(&p("", &xml_escape(&format!("- {text}")))),
            Block::Table(rows) => {
                body.push_str(r#"<w:tbl><w:tblPr><w:tblBorders><w:top w:val="single"/><w:left w:val="single"/><w:bottom w:val="single"/><w:right w:val="single"/><w:insideH w:val="single"/><w:insideV w:val="single"/></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="700"/><w:gridCol w:w="4000"/><w:gridCol w:w="3000"/><w:gridCol w:w="1500"/></w:tblGrid>"#);
                for row in rows {
                    body.push_str("<w:tr>");
                    for cell in row {
                        let _ = write!(body, "<w:tc>{}</w:tc>", p("", &xml_escape(cell)));
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
            Block::Blank => body.push_str("<w:p/>"),
        }
    }
    let (l, r) = (strs(&plan.recipients), strs(&plan.signer));
    body.push_str(&two_columns(&refs(&l), &refs(&r)));
    body.push_str(r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>"#);
    let mut docx = Docx::new(&body)
        .numbering(PLAN_NUMBERING)
        .styles(r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr></w:rPrDefault></w:docDefaults>"#);
    if note_id > 0 {
        docx = docx.footnotes(&notes);
    }
    docx.bytes()
}

/// A well-mixed seed for plan `i` (splitmix64), never zero.
fn seed_for(seed: u64, i: u64) -> u64 {
    let mut z = seed.wrapping_add(i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) | 1
}

/// 2 to 60 pages, most plans short: an archive holds many 2–6 page plans and a few long ones.
fn pages_for(rng: &mut Rng) -> usize {
    match rng.below(10) {
        0 => 20 + rng.below(41),
        1..=3 => 7 + rng.below(13),
        _ => 2 + rng.below(5),
    }
}

const USAGE: &str = "usage: gen_corpus --out DIR [--count N] [--seed S] [--pages P] [--format txt|docx|both|mixed] [--name PREFIX]";

fn main() {
    let mut out = None;
    let mut count = 100u64;
    let mut seed = 1u64;
    let mut pages = None;
    let mut format = "both".to_string();
    let mut name = "plan".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next().unwrap_or_else(|| {
                eprintln!("{USAGE}");
                std::process::exit(2)
            })
        };
        let number = |v: String| {
            v.parse::<u64>().unwrap_or_else(|_| {
                eprintln!("error: `{v}` is not a number\n{USAGE}");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--out" => out = Some(PathBuf::from(value())),
            "--count" => count = number(value()),
            "--seed" => seed = number(value()),
            "--pages" => pages = Some(number(value()) as usize),
            "--format" => format = value(),
            "--name" => name = value(),
            _ => {
                eprintln!("{USAGE}");
                std::process::exit(2)
            }
        }
    }
    let Some(out) = out else {
        eprintln!("{USAGE}");
        std::process::exit(2)
    };
    if !["txt", "docx", "both", "mixed"].contains(&format.as_str()) {
        eprintln!("error: --format must be txt, docx, both or mixed");
        std::process::exit(2)
    }
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("error: {}: {e}", out.display());
        std::process::exit(2)
    }
    let width = count.to_string().len().max(5);
    let mut bytes = 0u64;
    for i in 0..count {
        let mut rng = Rng(seed_for(seed, i));
        let n = pages.unwrap_or_else(|| pages_for(&mut rng));
        let plan = plan(&mut rng, n.max(1));
        let stem = format!("{name}-{:0width$}", i + 1);
        let mut write = |ext: &str, data: &[u8]| {
            let path = out.join(format!("{stem}.{ext}"));
            if let Err(e) = std::fs::write(&path, data) {
                eprintln!("error: {}: {e}", path.display());
                std::process::exit(2)
            }
            bytes += data.len() as u64;
        };
        // `mixed`: every other plan as .docx, the others as .txt, as an archive holds them.
        let docx = format == "docx" || format == "both" || (format == "mixed" && i % 2 == 0);
        let txt = format == "txt" || format == "both" || (format == "mixed" && i % 2 == 1);
        if txt {
            write("txt", to_txt(&plan).as_bytes());
        }
        if docx {
            write("docx", &to_docx(&plan));
        }
    }
    println!(
        "wrote {count} plan(s) ({format}) to {}: {bytes} bytes",
        out.display()
    );
}
