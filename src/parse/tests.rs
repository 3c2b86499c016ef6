use super::*;
use crate::extract::{Extracted, InputKind};

fn doc(text: &str) -> Document {
    parse(
        Extracted::plain(InputKind::Txt, text.to_string()),
        &ParseOptions::default(),
    )
}

const PLAN: &str = "UBND HUYỆN KIM ĐỘNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG MẦM NON AN BÌNH\tĐộc lập - Tự do - Hạnh phúc
Số: 05/KH-MNAB\tAn Bình, ngày 10 tháng 02 năm 2024

KẾ HOẠCH
Tổ chức ngày hội đọc sách
năm học 2023-2024

Căn cứ Kế hoạch số 12/KH-PGDĐT ngày 05/01/2024 của Phòng Giáo dục và Đào tạo huyện Kim Động về tổ chức ngày hội đọc sách, Trường Mầm non An Bình xây dựng kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Khơi dậy niềm yêu thích đọc sách.
2. Yêu cầu
Tổ chức an toàn, tiết kiệm.
II. NỘI DUNG
1. Trưng bày sách
a) Sách tranh
b) Sách truyện
+ Truyện cổ tích
2. Kể chuyện
III. TỔ CHỨC THỰC HIỆN
1. Tổ chuyên môn
Báo cáo kết quả về Phòng Giáo dục và Đào tạo trước ngày 30/4/2024.
Trên đây là Kế hoạch tổ chức ngày hội đọc sách của Trường Mầm non An Bình./.
Nơi nhận:\tHIỆU TRƯỞNG
- Phòng GDĐT (để báo cáo);
- Các tổ chuyên môn;
- Lưu: VT.

\tNguyễn Thị Lan
";

#[test]
fn zones_of_a_complete_plan() {
    let d = doc(PLAN);
    assert_eq!(d.system, System::State);
    assert_eq!(d.header.agency.len(), 2);
    assert_eq!(d.text(d.header.so_ky_hieu.unwrap()), "Số: 05/KH-MNAB");
    assert!(d.header.quoc_hieu.is_some() && d.header.tieu_ngu.is_some());
    assert_eq!(
        d.text(d.header.dia_danh_ngay.unwrap()),
        "An Bình, ngày 10 tháng 02 năm 2024"
    );
    assert_eq!(d.text(d.title.unwrap()), "KẾ HOẠCH");
    assert_eq!(d.trich_yeu.len(), 2);
    assert_eq!(d.basis.len(), 1);
    let roots: Vec<_> = d
        .roots()
        .map(|(_, s)| d.text(s.title).to_string())
        .collect();
    assert_eq!(
        roots,
        ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "TỔ CHỨC THỰC HIỆN"]
    );
    assert!(d.closing.is_some());
    let nn = d.noi_nhan.as_ref().unwrap();
    assert_eq!(nn.items.len(), 3);
    assert_eq!(d.text(*nn.items.last().unwrap()), "- Lưu: VT.");
    assert_eq!(d.signers.len(), 1);
    assert_eq!(d.text(d.signers[0].name.unwrap()), "Nguyễn Thị Lan");
    assert_eq!(d.citations.len(), 1);
}

#[test]
fn section_paths() {
    let d = doc(PLAN);
    let at = d.source.text().find("Truyện cổ tích").unwrap();
    assert_eq!(d.section_path_at(at).as_deref(), Some("II › 1 › b"));
    let at = d.source.text().find("Báo cáo kết quả").unwrap();
    assert_eq!(d.section_path_at(at).as_deref(), Some("III › 1"));
    let at = d.source.text().find("Nơi nhận").unwrap();
    assert_eq!(d.section_path_at(at), None);
}

#[test]
fn plan_without_header_or_tail() {
    let d = doc(" KẾ HOẠCH\n\nTriển khai công tác năm 2022\n\n     Thực hiện Kế hoạch số   /KH-PGDĐT ngày 20 tháng 01 năm 2022 của Phòng GDĐT, Trường xây dựng kế hoạch như sau:\n\nI. MỤC ĐÍCH, YÊU CẦU\nNội dung.\nII. NHIỆM VỤ\n1. Việc một.\n     Trên đây là kế hoạch./.\n");
    assert!(d.header.agency.is_empty() && d.header.quoc_hieu.is_none());
    assert_eq!(d.trich_yeu.len(), 1);
    assert_eq!(d.basis.len(), 1);
    assert_eq!(d.roots().count(), 2);
    assert!(d.noi_nhan.is_none());
    assert!(d.signers.is_empty());
    assert!(d.citations[0].blank_number);
}

#[test]
fn party_plan_is_detected() {
    let d = doc("ĐẢNG BỘ TỈNH X\nHUYỆN ỦY Y\n*\nSố 01-KH/HU\n\nĐẢNG CỘNG SẢN VIỆT NAM\nY, ngày 03 tháng 4 năm 2024\n\nKẾ HOẠCH\nvề công tác dân vận\n\nI- MỤC ĐÍCH\n");
    assert_eq!(d.system, System::Party);
    assert!(d.header.asterisk.is_some());
    assert_eq!(d.roots().next().unwrap().1.marker.separator, Some('-'));
}

#[test]
fn markdown_and_footnotes_are_tolerated() {
    let d = doc("**KẾ HOẠCH**\nVề việc X\n\n**I. MỤC ĐÍCH**\nNội dung¹.\n\n¹ Nghị quyết số 25-NQ/TW ngày 03/6/2013 của BCH Trung ương.\n\n**II. NỘI DUNG**\n- Việc.\n");
    assert_eq!(d.roots().count(), 2);
    assert_eq!(d.footnotes.len(), 1);
    assert_eq!(
        d.citations
            .iter()
            .filter(|c| c.zone == Zone::Footnote)
            .count(),
        1
    );
}

#[test]
fn joint_signers_in_columns() {
    let d = doc("KẾ HOẠCH\nLiên tịch\n\nI. MỤC ĐÍCH\nA.\nTrên đây là kế hoạch./.\nTM. BAN THƯỜNG VỤ\tKT. TRƯỞNG PHÒNG\nBÍ THƯ\tPHÓ TRƯỞNG PHÒNG\n\nNguyễn Văn A\tTrần Thị B\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n");
    assert_eq!(d.signers.len(), 2);
    assert_eq!(d.signers[1].authority.as_ref().unwrap().prefix, "KT.");
    assert_eq!(d.text(d.signers[1].name.unwrap()), "Trần Thị B");
    assert_eq!(d.noi_nhan.as_ref().unwrap().items.len(), 2);
}

#[test]
fn malformed_roman_heading_parses() {
    let d = doc("KẾ HOẠCH\nX\n\nI. MỤC ĐÍCH\nA.\nIV GIẢI PHÁP THỰC HIỆN\nB.\n");
    let roots: Vec<_> = d.roots().map(|(_, s)| s.marker.separator).collect();
    assert_eq!(roots, [Some('.'), None]);
}

#[test]
fn header_columns_joined_by_one_space() {
    let d = doc("UBND TỈNH NAM ĐỊNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc\nSố: 125/KH-SGDĐT Nam Định, ngày 05 tháng 9 năm 2023\n\nKẾ HOẠCH\nVề việc X\n");
    assert_eq!(d.header.agency.len(), 2);
    assert_eq!(d.text(d.header.agency[1]), "SỞ GIÁO DỤC VÀ ĐÀO TẠO");
    assert_eq!(
        d.text(d.header.quoc_hieu.unwrap()),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    );
    assert_eq!(
        d.text(d.header.tieu_ngu.unwrap()),
        "Độc lập - Tự do - Hạnh phúc"
    );
    assert_eq!(d.text(d.header.so_ky_hieu.unwrap()), "Số: 125/KH-SGDĐT");
    assert_eq!(
        d.text(d.header.dia_danh_ngay.unwrap()),
        "Nam Định, ngày 05 tháng 9 năm 2023"
    );
}

#[test]
fn blank_number_joined_to_the_date() {
    let d = doc("Số:     /KH-UBND Hà Nội, ngày     tháng     năm 2024\nKẾ HOẠCH\nX\n");
    assert_eq!(d.text(d.header.so_ky_hieu.unwrap()), "Số:     /KH-UBND");
    assert_eq!(
        d.text(d.header.dia_danh_ngay.unwrap()),
        "Hà Nội, ngày     tháng     năm 2024"
    );
}

#[test]
fn slash_dates_and_lowercase_title() {
    let d = doc("TRƯỜNG THCS A\nSố: 05/KH-THCS\nHà Nội, ngày 05/01/2024\n\nKế hoạch\nTổ chức hội thi\n\nI. MỤC ĐÍCH\n");
    assert!(d.header.dia_danh_ngay.is_some());
    assert_eq!(d.text(d.title.unwrap()), "Kế hoạch");
    assert_eq!(d.trich_yeu.len(), 1);
}

#[test]
fn committee_deputy_signs_in_one_block() {
    let d = doc("Trên đây là kế hoạch./.\nNơi nhận:\tTM. ỦY BAN NHÂN DÂN\n- UBND huyện (b/c);\tKT. CHỦ TỊCH\n- Lưu: VT, VHXH.\tPHÓ CHỦ TỊCH\n\n\tNguyễn Văn Hùng\n");
    assert_eq!(d.signers.len(), 1, "{:?}", d.signers);
    let b = &d.signers[0];
    assert_eq!(b.authorities.len(), 2);
    assert_eq!(b.authority.as_ref().unwrap().prefix, "KT.");
    assert_eq!(b.titles.len(), 3);
    assert_eq!(d.text(b.name.unwrap()), "Nguyễn Văn Hùng");
    assert_eq!(d.noi_nhan.as_ref().unwrap().items.len(), 2);
}

/// A Party plan as `pdftotext` gives it: hard-wrapped paragraphs, a page number and running
/// header between pages, the signature stamp printed after the signer.
const PDF_PLAN: &str = "ĐẢNG BỘ HUYỆN TÂN LẬP
ĐẢNG ỦY XÃ PHÚ AN
*
Số 07-KH/ĐU
ĐẢNG CỘNG SẢN VIỆT NAM
Phú An, ngày
tháng 3 năm 2025
KẾ HOẠCH
tổ chức hội thi tìm hiểu lịch sử Đảng bộ xã
-----
Thực hiện Kế hoạch số 11-KH/HU ngày 02/02/2025 của Ban Thường vụ Huyện ủy về
công tác tuyên truyền, Ban Thường vụ Đảng ủy xã xây dựng kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao hiểu biết của cán bộ, đảng viên về truyền thống của Đảng bộ
xã trong các thời kỳ cách mạng.
2
Kế hoạch hội thi tìm hiểu lịch sử Đảng bộ xã
II. TỔ CHỨC THỰC HIỆN
1. Văn phòng Đảng ủy tổng hợp kết quả, báo cáo Ban Thường vụ trước ngày
30/4/2025.
3
Kế hoạch hội thi tìm hiểu lịch sử Đảng bộ xã
Trên đây là Kế hoạch tổ chức hội thi tìm hiểu lịch sử Đảng bộ xã; đề nghị các
chi bộ, các đoàn thể xã căn cứ nội dung Kế hoạch, phối hợp tổ chức thực hiện
đạt kết quả, báo cáo về Văn phòng Đảng ủy trong quá trình thực hiện
theo đúng thời gian quy định./.
Nơi nhận:
- Ban Thường vụ Huyện ủy (b/c),
- Lưu Văn phòng Đảng ủy.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Trần Văn Bình
ĐẢNG ỦY XÃ PHÚ AN
14-03-2025 09:12:40 +07:00
Ký bởi: Đảng ủy xã Phú An
Cơ quan: Tỉnh Tây Sơn, Email: dangbo@example.vn
";

#[test]
fn pdf_page_furniture_is_set_aside() {
    let d = doc(PDF_PLAN);
    let furniture: Vec<&str> = d.page_furniture.iter().map(|&s| d.text(s)).collect();
    assert!(
        furniture.contains(&"2") && furniture.contains(&"3"),
        "{furniture:?}"
    );
    assert_eq!(
        furniture
            .iter()
            .filter(|f| f.starts_with("Kế hoạch hội thi"))
            .count(),
        2
    );
    assert!(furniture.contains(&"14-03-2025 09:12:40 +07:00"));
    assert!(furniture.contains(&"ĐẢNG ỦY XÃ PHÚ AN"), "{furniture:?}");
    assert!(furniture.iter().any(|f| f.starts_with("Ký bởi")));
    assert!(furniture.iter().any(|f| f.starts_with("Cơ quan:")));
    // The page break does not split the section tree and the signer keeps its name.
    let roots: Vec<_> = d
        .roots()
        .map(|(_, s)| d.text(s.title).to_string())
        .collect();
    assert_eq!(roots, ["MỤC ĐÍCH, YÊU CẦU", "TỔ CHỨC THỰC HIỆN"]);
    assert_eq!(d.signers.len(), 1);
    assert_eq!(d.text(d.signers[0].name.unwrap()), "Trần Văn Bình");
}

#[test]
fn wrapped_closing_is_one_paragraph() {
    let d = doc(PDF_PLAN);
    let closing = d.text(d.closing.unwrap());
    assert!(closing.starts_with("Trên đây là"), "{closing}");
    assert!(closing.ends_with("quy định./."), "{closing}");
    assert!(d.attachments.is_empty(), "{:?}", d.attachments);
}

#[test]
fn wrapped_closing_without_tren_day() {
    let text = PDF_PLAN.replace("Trên đây là Kế hoạch", "Kế hoạch");
    let d = doc(&text);
    let closing = d.text(d.closing.unwrap());
    assert!(closing.starts_with("Kế hoạch tổ chức hội thi"), "{closing}");
    assert!(d.attachments.is_empty());
}

#[test]
fn header_pieces_split_over_lines_are_joined() {
    let d = doc(PDF_PLAN);
    assert_eq!(
        d.text(d.header.dia_danh_ngay.unwrap()),
        "Phú An, ngày\ntháng 3 năm 2025"
    );
    let text = PLAN.replace("Số: 05/KH-MNAB\t", "Số: 05\n/KH-MNAB\n");
    let d = doc(&text);
    assert_eq!(d.text(d.header.so_ky_hieu.unwrap()), "Số: 05\n/KH-MNAB");
    assert!(d.header.other.is_empty());
}

/// A web rendering of an official document: header and `Nơi nhận | chữ ký` as Markdown tables,
/// the recipient list squashed onto one line, the signer's title run into the name.
const MARKDOWN_PLAN: &str = "| ỦY BAN NHÂN DÂN TỈNH HÀ GIANG ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |
|---|---|
| Số: 31/KH-UBND | Hà Giang, ngày 04 tháng 3 năm 2024 |

KẾ HOẠCH

Bảo vệ rừng mùa khô năm 2024

I. MỤC ĐÍCH, YÊU CẦU

1. Chủ động phòng cháy rừng.

II. NỘI DUNG

1. Tuần tra các khu rừng trọng điểm.

III. TỔ CHỨC THỰC HIỆN

1. Sở Nông nghiệp báo cáo Ủy ban nhân dân tỉnh trước ngày 30/6/2024.

| Nơi nhận: - Bộ Nông nghiệp (b/c); - TT Tỉnh ủy; - Các sở, ngành; - Lưu: VT, KT. | KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Đức Quý |
|---|---|
";

#[test]
fn markdown_tables_give_header_recipients_and_signer() {
    let d = doc(MARKDOWN_PLAN);
    let text = |s: Span| d.source.slice(s).to_string();
    assert_eq!(
        d.header.agency.iter().map(|&s| text(s)).collect::<Vec<_>>(),
        ["ỦY BAN NHÂN DÂN TỈNH HÀ GIANG"]
    );
    assert_eq!(text(d.header.so_ky_hieu.unwrap()), "Số: 31/KH-UBND");
    assert_eq!(
        text(d.header.dia_danh_ngay.unwrap()),
        "Hà Giang, ngày 04 tháng 3 năm 2024"
    );
    assert!(d.header.quoc_hieu.is_some() && d.header.tieu_ngu.is_some());
    let nn = d
        .noi_nhan
        .as_ref()
        .expect("the squashed recipient list is read");
    assert_eq!(text(nn.label), "Nơi nhận:");
    let items: Vec<String> = nn.items.iter().map(|&s| text(s)).collect();
    assert_eq!(
        items,
        [
            "- Bộ Nông nghiệp (b/c);",
            "- TT Tỉnh ủy;",
            "- Các sở, ngành;",
            "- Lưu: VT, KT."
        ]
    );
    assert_eq!(d.signers.len(), 1, "one signer block, not one per piece");
    let signer = &d.signers[0];
    assert_eq!(text(signer.name.unwrap()), "Trần Đức Quý");
    assert_eq!(signer.authority.as_ref().unwrap().prefix, "KT.");
    assert_eq!(
        signer.titles.iter().map(|&s| text(s)).collect::<Vec<_>>(),
        ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    );
}

#[test]
fn document_types_from_title_number_and_vv() {
    let id = |t: &str| doc(t).doc_type.id();
    assert_eq!(id(PLAN), "ke-hoach");
    assert_eq!(
        id("UBND XÃ A\nSố: 3/BC-UBND\nBÁO CÁO\nKết quả tháng 5\n"),
        "bao-cao"
    );
    assert_eq!(
        id("SỞ Y TẾ\nSố: 9/TB-SYT\nThông tin dịch bệnh\n"),
        "thong-bao"
    );
    assert_eq!(id("SỞ Y TẾ\nSố: 12/SYT-NV\nV/v tiêm chủng\n"), "cong-van");
    assert_eq!(id("Một đoạn văn không rõ loại.\n"), doctype::UNKNOWN);
    let d = doc(MARKDOWN_PLAN);
    assert!(d.doc_type.is_plan() && !d.doc_type.attached_plan);
    // The header of a non-plan ends at its type-name line, wherever the title is.
    let d = doc("TRƯỜNG ĐẠI HỌC X\n&\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 5/TB-ĐHX\nĐà Nẵng, ngày 02 tháng 12 năm 2024\nTHÔNG BÁO\nVề lịch thi\n");
    assert!(d.header.dia_danh_ngay.is_some() && d.header.so_ky_hieu.is_some());
    assert_eq!(d.doc_type.id(), "thong-bao");
}

#[test]
fn a_decision_issuing_a_plan_has_an_attached_plan() {
    let text = "UBND TỈNH X\nSố: 7/QĐ-UBND\nQUYẾT ĐỊNH\nBan hành Kế hoạch Y\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch Y.\n\nKẾ HOẠCH\nY\n(Kèm theo Quyết định số 7/QĐ-UBND)\nI. MỤC ĐÍCH\n";
    let d = doc(text);
    assert_eq!(d.doc_type.id(), "quyet-dinh");
    assert!(d.doc_type.attached_plan && d.doc_type.is_plan());
    let forced = parse(
        Extracted::plain(InputKind::Txt, text.to_string()),
        &ParseOptions {
            doc_type: Some("ke-hoach".into()),
            ..ParseOptions::default()
        },
    );
    assert_eq!(forced.doc_type.id(), "ke-hoach");
}

#[test]
fn an_internal_report_is_signed_by_its_writer() {
    let d = doc("BÁO CÁO\nCông tác tuần\n\nI. KẾT QUẢ\n1. Đã làm xong.\nKính báo cáo lãnh đạo Phòng./.\n\nNgười báo cáo\n\n\nĐặng Văn Linh\n");
    assert_eq!(d.signers.len(), 1);
    assert_eq!(d.source.slice(d.signers[0].name.unwrap()), "Đặng Văn Linh");
}

/// A notice numbered `1.`, `2.` with a form attached after the signature whose parts are
/// numbered `I.`, `II.`: the notice's own items are the body, and its Nơi nhận and signer are
/// found, not swallowed into the basis up to the form's first Roman heading.
#[test]
fn an_attached_form_with_roman_parts_does_not_take_the_body() {
    let d = doc("TRƯỜNG CAO ĐẲNG AN BÌNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHÒNG ĐÀO TẠO\tĐộc lập - Tự do - Hạnh phúc
Số: 12/TB-ĐT\tAn Bình, ngày 02 tháng 5 năm 2025

THÔNG BÁO
Về việc tuyển sinh viên thực tập

Để chuẩn bị cho học kỳ thực tập, Phòng Đào tạo thông báo như sau:
1. Số lượng sinh viên: theo danh sách đính kèm.
2. Hồ sơ dự tuyển
- Đơn đăng ký theo mẫu;
- Sơ yếu lý lịch.
3. Thời gian nhận hồ sơ: đến hết ngày 22/5/2025.
Nơi nhận:\tTL. HIỆU TRƯỞNG
- Các khoa;\tTRƯỞNG PHÒNG ĐÀO TẠO
- Lưu: VT, ĐT.

\tNguyễn Văn Lâm

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
SƠ YẾU LÝ LỊCH
I. THÔNG TIN CÁ NHÂN
- Họ và tên:
II. QUÁ TRÌNH HỌC TẬP
- Trường:
");
    assert_eq!(
        d.roots().count(),
        3,
        "the notice's items 1–3 are the top level"
    );
    assert_eq!(d.noi_nhan.as_ref().map(|n| n.items.len()), Some(2));
    assert_eq!(d.signers.len(), 1);
    assert!(
        !d.appendix.is_empty(),
        "the form is the zone after the signature"
    );
}

/// Older and school documents type the signing authority in sentence case; it still opens the
/// signer block.
#[test]
fn a_sentence_case_authority_opens_the_signer_block() {
    let d = doc("BỘ GIÁO DỤC VÀ ĐÀO TẠO\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG ĐẠI HỌC AN BÌNH\tĐộc lập - Tự do - Hạnh phúc
Số: 36/TB-ĐHAB\tAn Bình, ngày 02 tháng 12 năm 2024

THÔNG BÁO
Về công tác cố vấn học tập

1. Các khoa phân công cố vấn học tập cho từng lớp.
2. Cố vấn học tập gặp lớp mỗi tháng một lần.

TL. Hiệu trưởng
Trưởng phòng Đào tạo

Võ Thanh Hà
");
    assert_eq!(d.signers.len(), 1);
    let name = d.signers[0].name.map(|n| d.source.slice(n).to_string());
    assert_eq!(name.as_deref(), Some("Võ Thanh Hà"));
    assert_eq!(d.roots().count(), 2);
}

/// The addressee line (`Kính gửi: …`) follows the trích yếu of a report but is not part of it.
#[test]
fn the_addressee_is_not_part_of_the_trich_yeu() {
    let d = doc("SỞ CÔNG THƯƠNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
ĐOÀN KIỂM TRA\tĐộc lập - Tự do - Hạnh phúc
Số: 15/BC-ĐKT\tAn Bình, ngày 30 tháng 3 năm 2025

BÁO CÁO
Kết quả kiểm tra việc chấp hành quy định
về an toàn hóa chất
Kính gửi: Giám đốc Sở Công Thương
Thực hiện Quyết định số 10/QĐ-SCT ngày 06/3/2025 của Giám đốc Sở Công Thương, Đoàn kiểm tra báo cáo như sau:
1. Kết quả kiểm tra.
");
    let trich_yeu: Vec<&str> = d.trich_yeu.iter().map(|s| d.source.slice(*s)).collect();
    assert_eq!(
        trich_yeu,
        [
            "Kết quả kiểm tra việc chấp hành quy định",
            "về an toàn hóa chất"
        ]
    );
}

/// PDF text whose two header columns were read line by line in turn: the number's symbol and
/// the date's month and year sit lines away from `Số:` and `…, ngày`. The parts are found and
/// marked split, so their form is not judged from one line.
#[test]
fn interleaved_header_columns_from_pdf_text() {
    let d = doc("ỦY BAN NHÂN DÂN
TỈNH AN GIANG
Số:
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Long Xuyên, ngày
/BC-UBND
tháng
năm 2026
BÁO CÁO
Về tình hình hoạt động vật liệu nổ công nghiệp
1. Tình hình chung.
");
    let h = &d.header;
    assert_eq!(h.so_ky_hieu.map(|s| d.source.slice(s)), Some("Số:"));
    assert_eq!(
        h.dia_danh_ngay.map(|s| d.source.slice(s)),
        Some("Long Xuyên, ngày")
    );
    assert_eq!(h.split.len(), 2, "the number and the date are both split");
    assert!(h.quoc_hieu.is_some() && h.tieu_ngu.is_some());
}

/// A rule of dashes run into the number and the date (`------Số: …`), and a `V/v` wrapped onto
/// a second line, still make a Công văn's header.
#[test]
fn ruled_header_parts_and_a_wrapped_vv() {
    let d = doc("BỘ CÔNG THƯƠNG
CỤC HÓA CHẤT
------Số: 597/HC-QLHC
V/v cấp giấy phép xuất khẩu hóa chất
cần kiểm soát đặc biệt
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
--------------Hà Nội, ngày 27 tháng 3 năm 2026
Kính gửi: Sở Công Thương tỉnh An Giang
Trả lời Công văn số 1012/SCT-KTAT ngày 09 tháng 3 năm 2026 của Sở Công Thương, Cục có ý kiến như sau:
");
    let h = &d.header;
    assert_eq!(
        h.so_ky_hieu.map(|s| d.source.slice(s)),
        Some("Số: 597/HC-QLHC")
    );
    assert_eq!(
        h.dia_danh_ngay.map(|s| d.source.slice(s)),
        Some("Hà Nội, ngày 27 tháng 3 năm 2026")
    );
    assert!(h.quoc_hieu.is_some() && h.tieu_ngu.is_some());
}

/// Hard-wrapped prose: a citation cut after `ngày` is read whole, a capital heading does not
/// swallow the lower-case tail of the next paragraph, and "nơi nhận của văn bản" at the start
/// of a wrapped line is prose, not the Nơi nhận label.
#[test]
fn hard_wrapped_prose_is_read_as_sentences() {
    let d = doc("UBND XÃ AN PHÚ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG TIỂU HỌC AN PHÚ\tĐộc lập - Tự do - Hạnh phúc
Số: 15/KH-THAP\tAn Phú, ngày 12 tháng 3 năm 2026

KẾ HOẠCH
Tổ chức Ngày hội đọc sách năm 2026

I. MỤC ĐÍCH, YÊU CẦU
- Thực hiện đúng hướng dẫn tại Công văn số 1437/PGDĐT-TH ngày
23/02/2026 của Phòng Giáo dục và Đào tạo.
- Văn thư chuyển văn bản đến đúng
nơi nhận của văn bản.
II. NỘI DUNG THÁNG 4 NĂM 2026
sau:
");
    let cited = d
        .citations
        .iter()
        .find(|c| c.number.as_deref() == Some("1437/PGDĐT-TH"))
        .expect("the citation is found");
    assert!(d.source.slice(cited.span).contains("23/02/2026"));
    assert!(d.noi_nhan.is_none(), "no recipients block in the body");
    let heading = d
        .sections
        .iter()
        .find(|s| d.source.slice(s.title).starts_with("NỘI DUNG"));
    assert_eq!(
        heading.map(|s| d.source.slice(s.heading)),
        Some("II. NỘI DUNG THÁNG 4 NĂM 2026")
    );
}

/// A table in the body with a "Nơi nhận" column, in a plan with no closing paragraph: the
/// column header is not the recipients block, and the real tail after section III is found.
#[test]
fn a_noi_nhan_column_in_a_body_table_is_not_the_tail() {
    for header in ["Tài liệu\tNơi nhận\tThời gian", "Tài liệu\tNơi nhận"] {
        let text = PLAN
            .replace(
                "2. Kể chuyện\n",
                &format!("2. Phân phối tài liệu\n{header}\nSách tranh\tCác lớp\n3. Kể chuyện\n"),
            )
            .replace(
                "Trên đây là Kế hoạch tổ chức ngày hội đọc sách của Trường Mầm non An Bình./.\n",
                "",
            );
        let d = doc(&text);
        let roots: Vec<&str> = d.roots().map(|(_, s)| d.source.slice(s.title)).collect();
        assert_eq!(roots.len(), 3, "{header}: {roots:?}");
        assert_eq!(
            d.noi_nhan.as_ref().map(|n| n.items.len()),
            Some(3),
            "{header}"
        );
        assert_eq!(d.signers.len(), 1, "{header}");
    }
}

/// PDF text that runs the signer's column into the recipients' one with a single space: the
/// two are parted where the signer's part starts, so neither list takes the other's lines.
#[test]
fn a_signer_column_run_into_the_recipients_is_parted() {
    let d = doc(
        "Trên đây là Kế hoạch chuyển đổi số năm 2026 của UBND xã An Phú./.
Nơi nhận: TM. ỦY BAN NHÂN DÂN
- UBND tỉnh (b/c); KT. CHỦ TỊCH
- Sở Khoa học và Công nghệ (b/c); PHÓ CHỦ TỊCH
- Các thôn;
- Lưu: VT, VHXH. Lê Minh Tâm
",
    );
    let nn = d.noi_nhan.as_ref().expect("Nơi nhận");
    let items: Vec<&str> = nn.items.iter().map(|&s| d.source.slice(s)).collect();
    assert_eq!(
        items,
        [
            "- UBND tỉnh (b/c);",
            "- Sở Khoa học và Công nghệ (b/c);",
            "- Các thôn;",
            "- Lưu: VT, VHXH."
        ]
    );
    assert_eq!(d.signers.len(), 1);
    let s = &d.signers[0];
    let titles: Vec<&str> = s.titles.iter().map(|&t| d.source.slice(t)).collect();
    assert_eq!(
        titles,
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    );
    assert_eq!(s.name.map(|n| d.source.slice(n)), Some("Lê Minh Tâm"));
}

/// Items that merely hold capitals or a period are not parted.
#[test]
fn recipient_items_with_capitals_stay_whole() {
    for line in [
        "- Thường trực HĐND, UBND huyện; UBMTTQ",
        "- Lưu: VT, VP.",
        "- Các sở: Tài chính, Nội vụ; Văn phòng UBND tỉnh;",
        "Nơi nhận: - Như trên;",
    ] {
        assert_eq!(lines::merged_signer_start(line), None, "{line}");
    }
    assert_eq!(
        lines::merged_signer_start("Nơi nhận: GIÁM ĐỐC"),
        Some("Nơi nhận: ".len())
    );
}

/// A signer's name is read after a degree in any dotted form (`BSCKII.`, `ThS.BS.`), so the
/// block is not taken to have no name.
#[test]
fn a_name_after_a_dotted_degree_is_a_name() {
    for line in [
        "BSCKII. Phan Văn Lực",
        "BS.CKII. Phan Văn Lực",
        "ThS.BS. Phan Văn Lực",
    ] {
        assert!(lines::is_name(line), "{line}");
    }
    assert!(!lines::is_name("PHÓ GIÁM ĐỐC"));
}

/// A law's name goes on after the comma of a doublet (`Phòng, chống …`) and stops where the
/// sentence goes on (`, các …`) or the next law starts.
#[test]
fn law_names_keep_their_doublets() {
    let d = doc(
        "Căn cứ Luật Phòng, chống bệnh truyền nhiễm ngày 21 tháng 11 năm 2007; \
Luật Thi đua, khen thưởng, các Nghị định hướng dẫn; Luật Đất đai, Luật Xây dựng;
",
    );
    let names: Vec<&str> = d
        .citations
        .iter()
        .filter_map(|c| c.law_name.map(|n| d.source.slice(n)))
        .collect();
    assert_eq!(
        names,
        [
            "Phòng, chống bệnh truyền nhiễm",
            "Thi đua, khen thưởng",
            "Đất đai",
            "Xây dựng"
        ]
    );
}

/// The ornaments typed under a header or a trích yếu (`-----o0o-----`) are rules, not text:
/// they do not join the basis.
#[test]
fn typed_ornaments_are_separators() {
    for line in ["-----o0o-----", "---oOo---", "—— o O o ——", "-------"] {
        assert!(lines::is_separator(line), "{line}");
    }
    for line in ["o0o", "- Lưu: VT.", "-- hết --"] {
        assert!(!lines::is_separator(line), "{line}");
    }
    let d = doc("KẾ HOẠCH
Tổ chức Tết trồng cây năm 2026
-----o0o-----
Thực hiện Kế hoạch số 15/KH-UBND ngày 02/01/2026 của Ủy ban nhân dân tỉnh An Hòa;
I. MỤC ĐÍCH
");
    let basis: Vec<&str> = d.basis.iter().map(|&s| d.source.slice(s)).collect();
    assert_eq!(
        basis,
        ["Thực hiện Kế hoạch số 15/KH-UBND ngày 02/01/2026 của Ủy ban nhân dân tỉnh An Hòa;"]
    );
}

/// A web rendering wraps each line of a table cell in emphasis: the marks are not part of the
/// header lines or the recipients, and the label's span ends inside the line as written (a span
/// taken from the cleaned text once cut `ậ` in two and stopped the run).
#[test]
fn emphasis_in_markdown_cells_is_not_text() {
    let text = "| UBND TỈNH AN HÒA **SỞ VĂN HÓA VÀ THỂ THAO** ------- | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** **Độc lập - Tự do - Hạnh phúc** ------- |
|---|---|
| Số: 12/KH-SVHTT | *An Hòa, ngày 14 tháng 5 năm 2026* |

Trên đây là Kế hoạch của Sở Văn hóa và Thể thao./.

| ***Nơi nhận:*** - UBND tỉnh (để b/c); - Các phòng thuộc Sở; - Lưu: VT, VHGĐ. | **KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC** **Lâm Thị Hậu** |
|---|---|
";
    let d = doc(text);
    let nn = d.noi_nhan.as_ref().expect("Nơi nhận");
    assert_eq!(d.source.slice(nn.label), "Nơi nhận:");
    let items: Vec<&str> = nn.items.iter().map(|&s| d.source.slice(s)).collect();
    assert_eq!(
        items,
        [
            "- UBND tỉnh (để b/c);",
            "- Các phòng thuộc Sở;",
            "- Lưu: VT, VHGĐ."
        ]
    );
    let agencies: Vec<&str> = d.header.agency.iter().map(|&s| d.source.slice(s)).collect();
    assert_eq!(agencies, ["UBND TỈNH AN HÒA", "SỞ VĂN HÓA VÀ THỂ THAO"]);
    assert_eq!(
        d.header.quoc_hieu.map(|s| d.source.slice(s)),
        Some("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    );
    assert_eq!(
        d.signers[0].name.map(|s| d.source.slice(s)),
        Some("Lâm Thị Hậu")
    );
    // Every finding's span is whole characters (a debug assertion in `check` says so too).
    let rules = crate::check::RuleSet::embedded().expect("rules");
    for f in crate::check::check(&d, &rules, &crate::check::CheckOptions::default()) {
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
    }
}

/// A plan that says under its title that a decision issues it has the decision's number, date,
/// recipients and signature; a plan that merely implements a decision does not.
#[test]
fn a_plan_issued_with_a_decision_is_told_from_one_implementing_it() {
    let attached = doc("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH AN HÒA\tĐộc lập - Tự do - Hạnh phúc

KẾ HOẠCH
Phổ biến, giáo dục pháp luật năm 2026
(Kèm theo Quyết định số 186/QĐ-UBND ngày 20/01/2026 của UBND tỉnh)

I. MỤC ĐÍCH, YÊU CẦU
");
    assert!(attached.doc_type.attached_plan);
    assert_eq!(attached.doc_type.id(), "ke-hoach");
    let implementing = doc("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ AN PHÚ\tĐộc lập - Tự do - Hạnh phúc
Số: 08/KH-UBND\tAn Phú, ngày 09 tháng 02 năm 2026

KẾ HOẠCH
Phổ biến, giáo dục pháp luật năm 2026

Thực hiện Kế hoạch ban hành kèm theo Quyết định số 186/QĐ-UBND ngày 20/01/2026 của UBND tỉnh;
I. MỤC ĐÍCH, YÊU CẦU
");
    assert!(!implementing.doc_type.attached_plan);
}

/// PDF text wraps a recipient's last words onto the next line: `(b/c);` belongs to the item
/// above it, which ended in `)` only because of the wrap.
#[test]
fn a_wrapped_recipient_ending_in_a_bracket_goes_on() {
    let d = doc("Trên đây là Kế hoạch rà soát văn bản năm 2026./.
Nơi nhận:
- Bộ Tư pháp (Cục Kiểm tra văn bản)
(b/c);
- UBND tỉnh (b/c);
- Lưu: VT, XDKTVB.
");
    let nn = d.noi_nhan.as_ref().expect("Nơi nhận");
    let items: Vec<&str> = nn.items.iter().map(|&s| d.source.slice(s)).collect();
    assert_eq!(
        items,
        [
            "- Bộ Tư pháp (Cục Kiểm tra văn bản)\n(b/c);",
            "- UBND tỉnh (b/c);",
            "- Lưu: VT, XDKTVB."
        ]
    );
}

/// `pdftotext -layout` prints a running footer with the page count in a column of its own: the
/// line is page furniture, not a paragraph of the section it falls in.
#[test]
fn a_footer_with_its_page_count_is_furniture() {
    assert!(
        lines::page_furniture(
            &["Sở Tư pháp - Kế hoạch rà soát năm 2026            Trang 1/3"],
            &["Sở Tư pháp - Kế hoạch rà soát năm 2026            Trang 1/3"],
            &[false]
        )[0]
    );
    let row = "Tổng số cơ sở được kiểm tra                 12";
    assert!(!lines::page_furniture(&[row], &[row], &[false])[0]);
}

/// A paragraph that runs on over a page break does not take in the running footer printed
/// there: text rules do not see its column gap.
#[test]
fn text_rules_skip_the_footer_inside_a_paragraph() {
    let text = "KẾ HOẠCH
Rà soát văn bản năm 2026
I. NỘI DUNG
Các phòng rà soát văn bản quy phạm pháp luật do Ủy ban nhân
Sở Tư pháp - Kế hoạch rà soát năm 2026                      Trang 1/2
dân cấp huyện ban hành để xác định văn bản còn hiệu lực.
Sở Tư pháp - Kế hoạch rà soát năm 2026                      Trang 2/2
";
    let d = doc(text);
    assert_eq!(d.page_furniture.len(), 2);
    let rules = crate::check::RuleSet::embedded().expect("rules");
    let found: Vec<String> =
        crate::check::check(&d, &rules, &crate::check::CheckOptions::default())
            .into_iter()
            .map(|f| f.rule)
            .filter(|r| r.starts_with("text-"))
            .collect();
    assert!(found.is_empty(), "{found:?}");
}

/// A long plan names each part on the line after `Phần thứ …`; that line is the part's
/// title whatever word it opens with, and the sections under it stay its children.
#[test]
fn a_part_title_on_its_own_line_names_the_part() {
    let d = doc("KẾ HOẠCH\nThực hiện chương trình năm 2026\n\nPhần thứ nhất\nKẾT QUẢ NĂM 2025\nI. KẾT QUẢ\nĐạt.\nPhần thứ hai\nKẾ HOẠCH THỰC HIỆN NĂM 2026\nI. MỤC TIÊU\nĐạt chuẩn.\nII. TỔ CHỨC THỰC HIỆN\nCác sở báo cáo.\n");
    let parts: Vec<_> = d
        .sections
        .iter()
        .filter(|s| s.marker.kind == MarkerKind::Part)
        .collect();
    assert_eq!(parts.len(), 2);
    assert_eq!(d.text(parts[0].title), "KẾT QUẢ NĂM 2025");
    assert_eq!(d.text(parts[1].title), "KẾ HOẠCH THỰC HIỆN NĂM 2026");
    assert_eq!(parts[1].children.len(), 2);
    // A line in lower case after the part is its first paragraph, not its title.
    let d = doc("KẾ HOẠCH\nX\n\nPhần I\nNăm 2025 đạt nhiều kết quả.\nI. KẾT QUẢ\n");
    assert!(d.sections[0].title.is_empty());
    assert_eq!(d.sections[0].paragraphs.len(), 1);
}

/// Police and army signers put their rank before the name (`Thiếu tá Nguyễn Đình Phong`).
#[test]
fn a_rank_before_the_signers_name_is_part_of_the_name() {
    for rank in ["Thiếu tá", "Đại úy", "Thượng tá", "Trung tướng"] {
        let d = doc(&format!("KẾ HOẠCH\nX\n\nI. MỤC ĐÍCH\nA./.\nNơi nhận:\n- Lưu: VT, CAX.\nKT. TRƯỞNG CÔNG AN XÃ\nPHÓ TRƯỞNG CÔNG AN XÃ\n\n{rank} Nguyễn Đình Phong\n"));
        assert_eq!(d.signers.len(), 1, "{rank}");
        let name = d.signers[0].name.map(|n| d.text(n).to_string());
        assert_eq!(
            name.as_deref(),
            Some(format!("{rank} Nguyễn Đình Phong").as_str())
        );
    }
    // A rank alone is not a name.
    assert!(!lines::is_name("Thiếu tá"));
}

/// The note that a decision issues the plan sits under the trích yếu, sometimes with no blank
/// line between, and may wrap: it is neither the trích yếu nor the basis.
#[test]
fn the_attached_note_is_neither_trich_yeu_nor_basis() {
    for gap in ["", "\n"] {
        let d = doc(&format!("KẾ HOẠCH\nPhòng, chống thiên tai\nnăm 2026{gap}\n(Ban hành kèm theo Quyết định số 254/QĐ-UBND\nngày 17/02/2026 của UBND tỉnh)\n\nI. MỤC ĐÍCH, YÊU CẦU\nA.\n"));
        let trich_yeu: Vec<&str> = d.trich_yeu.iter().map(|&s| d.text(s)).collect();
        assert_eq!(trich_yeu, ["Phòng, chống thiên tai", "năm 2026"], "{gap:?}");
        assert!(d.basis.is_empty(), "{gap:?}: {:?}", d.basis);
        assert!(d.doc_type.attached_plan);
    }
}
