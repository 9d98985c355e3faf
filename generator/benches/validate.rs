//! Validation speed next to plain JSON parsing, per real file: for each `corpus/*.json` of the
//! shared folder and `meta-templates/insurance-quote.json` (2.7 MB), one group with
//! `serde_json::Value parse` (the baseline) and `flowgen::lint::check` of the same bytes.
//! `bench/validate-ratio.sh` turns the results into ratios.
//!
//! The shared folder is `<workspace>/../shared`, or `FLOWGEN_SHARED`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flowgen::lint::{self, Options};

fn shared_dir() -> PathBuf {
    std::env::var_os("FLOWGEN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

fn inputs() -> Vec<(String, String)> {
    let shared = shared_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths.push(shared.join("meta-templates/insurance-quote.json"));
    paths
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let name = p.file_stem()?.to_string_lossy().into_owned();
            Some((name, text))
        })
        .collect()
}

fn validate(c: &mut Criterion) {
    let options = Options::default();
    for (name, text) in inputs() {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("serde_json::Value parse", |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(text.as_bytes())))
        });
        group.bench_function("flowgen::lint::check", |b| {
            b.iter(|| lint::check(black_box(text.as_str()), &options))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(1500));
    targets = validate
}
criterion_main!(benches);
