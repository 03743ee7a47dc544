//! `innkeep-bench <step>`: runs one step of the benchmark suite and writes its part file, or merges
//! the parts into the report. `scripts/bench.sh` runs every step; see BENCHMARKS.md.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use innkeep_bench::figures::Part;
use innkeep_bench::report::{Machine, Results};
use innkeep_bench::Mode;

#[derive(Parser)]
#[command(name = "innkeep-bench", about = "Innkeep's benchmarks against their floors and baselines")]
struct Cli {
    #[command(subcommand)]
    step: Step,
}

#[derive(Subcommand)]
enum Step {
    /// Full and incremental sync of the sandbox hotel, per provider.
    Sync {
        #[arg(long, value_enum)]
        mode: Mode,
        /// The part file written.
        #[arg(long)]
        out: PathBuf,
        /// Only these providers (e.g. `mews,timekit`); all four by default.
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
    },
    /// Merges every part file of a run into results.json and the table in BENCHMARKS.md.
    Report {
        #[arg(long, value_enum)]
        mode: Mode,
        /// The folder of part files (`*.json`).
        #[arg(long)]
        parts: PathBuf,
        /// Where the merged results go.
        #[arg(long)]
        out: PathBuf,
        /// The document whose table is rewritten (between its bench:table markers).
        #[arg(long)]
        markdown: Option<PathBuf>,
    },
    /// Waits until an area of the X screen looks painted (bench/app.sh) and prints when, in seconds
    /// since the epoch, or 0 if it never did.
    PaintWait {
        /// X geometry of the polled area, e.g. `1000x400+220+300`.
        #[arg(long)]
        area: innkeep_bench::paint::Area,
        /// Stop waiting once this process has exited.
        #[arg(long)]
        pid: Option<u32>,
        #[arg(long, default_value_t = 30.0)]
        timeout_secs: f64,
        #[arg(long, default_value_t = 10)]
        every_ms: u64,
        /// Write the painted frame here as a PPM picture.
        #[arg(long)]
        keep: Option<PathBuf>,
    },
    /// Cache write throughput against a raw SQLite insert, and the screens' reads on that cache.
    Store {
        #[arg(long, value_enum)]
        mode: Mode,
        #[arg(long, default_value = "target/bench/parts/store.json")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Off unless asked: a log line costs time the figures would count.
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_env("INNKEEP_LOG") {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_timer(tracing_subscriber::fmt::time::uptime())
            .with_writer(std::io::stderr)
            .init();
    }
    let outcome = match cli.step {
        Step::Sync { mode, out, only } => sync(mode, &out, &only),
        Step::Report { mode, parts, out, markdown } => report(mode, &parts, &out, markdown.as_deref()),
        Step::Store { mode, out } => runtime().and_then(|rt| rt.block_on(innkeep_bench::store::run(mode, &out))),
        Step::PaintWait { area, pid, timeout_secs, every_ms, keep } => {
            paint_wait(area, pid, timeout_secs, every_ms, keep.as_deref())
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("innkeep-bench: {message}");
            ExitCode::FAILURE
        }
    }
}

fn sync(mode: Mode, out: &std::path::Path, only: &[String]) -> Result<(), String> {
    let runtime = runtime()?;
    let mut part = Part::new("sync");
    runtime.block_on(innkeep_bench::sync::run(mode, only, &mut part))?;
    part.write(out).map_err(|e| format!("cannot write {}: {e}", out.display()))
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| format!("cannot start tokio: {e}"))
}

fn report(
    mode: Mode,
    parts: &std::path::Path,
    out: &std::path::Path,
    markdown: Option<&std::path::Path>,
) -> Result<(), String> {
    let parts = Results::read_parts(parts)?;
    let date = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let results = Results::new(&date, mode.name(), Machine::this(), parts);
    let json = serde_json::to_vec_pretty(&results).map_err(|e| e.to_string())?;
    std::fs::write(out, json).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    if let Some(doc) = markdown {
        let text = std::fs::read_to_string(doc).map_err(|e| format!("cannot read {}: {e}", doc.display()))?;
        let new = results.replace_table(&text).map_err(|e| format!("{}: {e}", doc.display()))?;
        std::fs::write(doc, new).map_err(|e| format!("cannot write {}: {e}", doc.display()))?;
    }
    println!("{} figures, {} missed: {}", results.figures.len(), results.missed.len(), results.missed.join(", "));
    Ok(())
}

fn paint_wait(
    area: innkeep_bench::paint::Area,
    pid: Option<u32>,
    timeout_secs: f64,
    every_ms: u64,
    keep: Option<&std::path::Path>,
) -> Result<(), String> {
    use innkeep_bench::paint;
    let timeout = std::time::Duration::try_from_secs_f64(timeout_secs).map_err(|e| format!("--timeout-secs: {e}"))?;
    match paint::wait_for_paint(area, pid, std::time::Duration::from_millis(every_ms), timeout)? {
        Some(frame) => {
            if let Some(path) = keep {
                std::fs::write(path, paint::ppm(area, &frame.pixels))
                    .map_err(|e| format!("{}: {e}", path.display()))?;
            }
            println!("{:.3}", paint::epoch_seconds(frame.taken));
        }
        None => println!("0"),
    }
    Ok(())
}
