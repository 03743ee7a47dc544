//! The fault suite's report: per run and in total, written as JSON and Markdown.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use crate::compare::Diff;

#[derive(Debug, Serialize)]
pub struct RunRecord {
    pub seed: u64,
    pub provider: String,
    /// The fault kind this run injected.
    pub kind: String,
    /// Faults that actually struck, by the sandbox's counter names.
    pub injected: BTreeMap<String, u64>,
    /// Syncs the faults made fail (each was then run again, as the app would).
    pub errors_surfaced: Vec<String>,
    pub diff: Diff,
    pub secs: f64,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub seeds: u64,
    pub scale: String,
    pub faults_per_sync: u64,
    pub runs_total: usize,
    /// Faults injected per kind, over all runs.
    pub injected: BTreeMap<String, u64>,
    pub totals: Diff,
    pub secs: f64,
    pub runs: Vec<RunRecord>,
}

impl Report {
    pub fn new(seeds: u64, scale: &str, faults_per_sync: u64) -> Self {
        Report {
            seeds,
            scale: scale.to_owned(),
            faults_per_sync,
            runs_total: 0,
            injected: BTreeMap::new(),
            totals: Diff::default(),
            secs: 0.0,
            runs: Vec::new(),
        }
    }

    pub fn add(&mut self, run: RunRecord) {
        for (k, n) in &run.injected {
            *self.injected.entry(k.clone()).or_default() += n;
        }
        self.totals.add(&run.diff);
        self.runs_total += 1;
        self.runs.push(run);
    }

    pub fn total(&self) -> &Diff {
        &self.totals
    }
}

/// `<target dir>/fault-suite/`, next to the build output (tests run from the crate directory).
pub fn out_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../target"));
    target.join("fault-suite")
}

pub fn write(report: &Report) -> PathBuf {
    let dir = out_dir();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("report.json"), serde_json::to_vec_pretty(report).unwrap()).unwrap();
    std::fs::write(dir.join("report.md"), markdown(report)).unwrap();
    dir
}

fn markdown(r: &Report) -> String {
    let t = &r.totals;
    let mut md = String::new();
    let _ = writeln!(md, "# Fault suite\n");
    let _ = writeln!(
        md,
        "{} runs (seeds {}, scale {}, {} faults per sync), {:.0} s.\n",
        r.runs_total, r.seeds, r.scale, r.faults_per_sync, r.secs
    );
    let _ = writeln!(md, "| records compared | lost | duplicated | extra | mismatched |");
    let _ = writeln!(md, "| ---: | ---: | ---: | ---: | ---: |");
    let _ = writeln!(md, "| {} | {} | {} | {} | {} |\n", t.compared, t.lost, t.duplicated, t.extra, t.mismatched);
    let _ = writeln!(md, "| fault kind | injected |");
    let _ = writeln!(md, "| --- | ---: |");
    for (k, n) in &r.injected {
        let _ = writeln!(md, "| {k} | {n} |");
    }
    let _ = writeln!(
        md,
        "\n| provider | kind | injected | syncs failed, then re-run | compared | lost | dup | extra | mismatched | s |"
    );
    let _ = writeln!(md, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for run in &r.runs {
        let d = &run.diff;
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1} |",
            run.provider,
            run.kind,
            run.injected.values().sum::<u64>(),
            run.errors_surfaced.len(),
            d.compared,
            d.lost,
            d.duplicated,
            d.extra,
            d.mismatched,
            run.secs
        );
    }
    if !t.examples.is_empty() {
        let _ = writeln!(md, "\nFirst differences:\n");
        for e in &t.examples {
            let _ = writeln!(md, "* {e}");
        }
    }
    md
}
