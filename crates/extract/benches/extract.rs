//! Criterion benchmark of extraction throughput over illustrative reports.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn read_texts(dir: &std::path::Path, text: &mut String) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            read_texts(&p, text);
        } else if p.extension().is_some_and(|e| e == "txt") {
            text.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
            text.push('\n');
        }
    }
}

/// The bundled illustrative reports, repeated to about 4 MB.
fn corpus() -> String {
    let mut text = String::new();
    read_texts(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples")),
        &mut text,
    );
    assert!(!text.is_empty(), "no example reports found under examples/");
    let mut big = String::new();
    while big.len() < 4_000_000 {
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
