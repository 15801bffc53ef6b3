//! Criterion benchmark of extraction throughput over illustrative reports.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpus() -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "txt") {
            text.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
            text.push('\n');
        }
    }
    let mut big = String::new();
    while big.len() < 4_000_000 && !text.is_empty() {
        big.push_str(&text);
    }
    big
}

fn bench_extract(c: &mut Criterion) {
    let text = corpus();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("examples x N", |b| {
        b.iter(|| toll_extract::extract(std::hint::black_box(&text)).len())
    });
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
