//! Whole-pipeline benchmark: extract → parse → check with the embedded rules, on a one-page plan,
//! a long plan (the same plan's body repeated to about 40 pages), and a `.docx` made by
//! LibreOffice. Run with `cargo bench`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use vblint::check::{self, CheckOptions, RuleSet};
use vblint::extract;
use vblint::parse::{self, ParseOptions};

fn run(bytes: &[u8], ext: &str, rules: &RuleSet) -> usize {
    let extracted = extract::extract(bytes, ext).expect("fixture reads");
    let doc = parse::parse(extracted, &ParseOptions::default());
    check::check(&doc, rules, &CheckOptions::default()).len()
}

fn long_plan() -> String {
    let plan = include_str!("../fixtures/plans/clean-state.txt");
    let start = plan.find("II. NỘI DUNG").expect("fixture has section II");
    let end = plan
        .find("III. TỔ CHỨC THỰC HIỆN")
        .expect("fixture has section III");
    let body = &plan[start..end];
    let mut out = String::from(&plan[..start]);
    for _ in 0..60 {
        out.push_str(body);
    }
    out.push_str(&plan[end..]);
    out
}

fn bench(c: &mut Criterion) {
    let rules = RuleSet::embedded().expect("rules load");
    let short = include_bytes!("../fixtures/plans/clean-state.txt");
    let long = long_plan();
    let docx = include_bytes!("../fixtures/docx/ke-hoach-chuyen-doi-so.docx");

    let mut g = c.benchmark_group("check");
    g.throughput(Throughput::Bytes(short.len() as u64));
    g.bench_function("txt one page", |b| {
        b.iter(|| run(black_box(short), "txt", &rules))
    });
    g.throughput(Throughput::Bytes(long.len() as u64));
    g.bench_function("txt 40 pages", |b| {
        b.iter(|| run(black_box(long.as_bytes()), "txt", &rules))
    });
    g.throughput(Throughput::Bytes(docx.len() as u64));
    g.bench_function("docx (LibreOffice)", |b| {
        b.iter(|| run(black_box(docx), "docx", &rules))
    });
    g.finish();

    c.bench_function("load embedded rules", |b| {
        b.iter(|| RuleSet::embedded().map(|r| r.len()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
