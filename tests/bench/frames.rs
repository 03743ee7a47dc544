//! The timeline's frame times in the real webview (issue 7, item 6): the app under tauri-driver,
//! a large hotel (300 rooms) synced from the sandbox, and scroll passes over 365+ nights measured
//! frame by frame in the page (frames.js). Every pass runs twice in a row, alternating: over the
//! range full of stays (the subject) and over a range two years ahead with the same rooms and no
//! stays (the baseline: the grid alone).
//!
//!   cargo test --features tauri/custom-protocol --test bench-frames -- quick|full OUT.json
//!
//! bench/frames.sh runs it under Xvfb; bench/README.md says what a frame's time is. Without
//! arguments (as under a plain `cargo test`) it checks its statistics and prints how to run it.

#[allow(dead_code)]
#[path = "../e2e/support.rs"]
mod support;

use std::time::{Duration, Instant};

use innkeep_bench::figures::{Figure, Part};
use innkeep_bench::stats::percentile;
use innkeep_sandbox::{SandboxConfig, Scale};
use serde::Deserialize;
use support::Session;

const PORT: u16 = 4480;
/// One refresh at 60 Hz, the target for the 95th percentile.
const FRAME_MS: f64 = 16.7;
const SCRIPT: &str = include_str!("frames.js");

/// One scroll pass: the zoom, and where it starts and ends as fractions of the scrollable extent.
struct Pass {
    name: &'static str,
    zoom: &'static str,
    from: [f64; 2],
    to: [f64; 2],
    frames: u32,
}

const PASSES: [Pass; 4] = [
    // Across the year at the day zoom (44 px a night: about 40 px a frame).
    Pass { name: "day-across", zoom: "day", from: [0.0, 0.4], to: [1.0, 0.4], frames: 400 },
    // Down the 300 rooms (one row a frame).
    Pass { name: "day-down", zoom: "day", from: [0.3, 0.0], to: [0.3, 1.0], frames: 310 },
    Pass { name: "day-diagonal", zoom: "day", from: [0.0, 0.0], to: [1.0, 1.0], frames: 400 },
    // The whole year in view, down the rooms: every stay of the rows in view is drawn.
    Pass { name: "year-down", zoom: "year", from: [0.0, 0.0], to: [0.0, 1.0], frames: 310 },
];

/// What frames.js hands back for one pass.
#[derive(Debug, Default, Clone, Deserialize)]
struct Frames {
    /// Per frame: ms from the frame's first callback through the redraw and the layout it forced.
    work: Vec<f64>,
    /// Per frame: the part of `work` spent in the redraw's script, before style and layout.
    redraw: Vec<f64>,
    /// Per frame: ms since the previous frame's rAF timestamp.
    delta: Vec<f64>,
    /// Per frame: how many held rAF callbacks (redraws) ran.
    paints: Vec<u32>,
    /// Per frame: DOM mutation records the redraw caused.
    mutations: Vec<u32>,
    /// Elements in the scroller at the end.
    nodes: u32,
}

#[derive(Debug, Default)]
struct Summary {
    frames: usize,
    p50: f64,
    p95: f64,
    p99: f64,
    max: f64,
    /// 95th percentile of the redraw's script alone.
    redraw_p95: f64,
    /// Frames whose rAF delta shows at least one refresh skipped (more than 1.5 refreshes).
    late: usize,
    /// Mean DOM mutation records per frame.
    mutations: f64,
    /// Median ms between consecutive frames' rAF timestamps.
    interval: f64,
    /// Frames in which the timeline redrew (its scroll event came in time for the frame).
    redrawn: usize,
}

fn summarize(runs: &[Frames]) -> Summary {
    let work: Vec<f64> = runs.iter().flat_map(|r| r.work.iter().copied()).collect();
    let late = runs.iter().flat_map(|r| r.delta.iter()).filter(|d| **d > 1.5 * 1000.0 / 60.0).count();
    let mutations: Vec<u32> = runs.iter().flat_map(|r| r.mutations.iter().copied()).collect();
    Summary {
        frames: work.len(),
        p50: percentile(&work, 50.0),
        p95: percentile(&work, 95.0),
        p99: percentile(&work, 99.0),
        max: work.iter().copied().fold(f64::NAN, f64::max),
        redraw_p95: percentile(&runs.iter().flat_map(|r| r.redraw.iter().copied()).collect::<Vec<_>>(), 95.0),
        late,
        interval: percentile(&runs.iter().flat_map(|r| r.delta.iter().copied()).collect::<Vec<_>>(), 50.0),
        redrawn: runs.iter().flat_map(|r| r.paints.iter()).filter(|p| **p > 0).count(),
        mutations: if mutations.is_empty() {
            0.0
        } else {
            mutations.iter().map(|m| f64::from(*m)).sum::<f64>() / mutations.len() as f64
        },
    }
}

fn self_check() {
    let a = Frames {
        work: (1..=100).map(f64::from).collect(),
        redraw: (1..=100).map(|x| f64::from(x) / 2.0).collect(),
        delta: vec![16.6, 16.7, 33.4, 50.0],
        paints: vec![1; 4],
        mutations: vec![2, 4],
        nodes: 10,
    };
    let s = summarize(&[a.clone(), Frames { work: vec![], ..a.clone() }]);
    assert_eq!(s.frames, 100, "frames of every run are pooled");
    assert_eq!((s.p50, s.p95, s.p99, s.max, s.redraw_p95), (50.0, 95.0, 99.0, 100.0, 47.5));
    assert_eq!(s.late, 4, "33.4 and 50 ms skip a refresh, in both runs");
    assert_eq!(s.mutations, 3.0);
    assert_eq!(s.redrawn, 8);
    assert_eq!(s.interval, 16.7);
    let none = summarize(&[]);
    assert_eq!(none.frames, 0);
    assert!(none.p95.is_nan());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let [mode, out] = args.as_slice() else {
        self_check();
        eprintln!("bench-frames: statistics checked; to measure, pass MODE (quick|full) and OUT.json");
        return;
    };
    let rounds = match mode.as_str() {
        "quick" => 1,
        "full" => 3,
        other => panic!("bench-frames: the mode is quick or full, not {other:?}"),
    };
    if support::skip_or_fail() {
        panic!("bench-frames needs tauri-driver, WebKitWebDriver and a DISPLAY (run bench/frames.sh)");
    }
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    let part = runtime.block_on(measure(rounds));
    part.write(std::path::Path::new(out)).unwrap_or_else(|e| panic!("cannot write {out}: {e}"));
    eprintln!("bench-frames: {mode} took {:.0} s; wrote {out}", started.elapsed().as_secs_f64());
}

/// How far back the Mews connector's full sync reads arrivals (200 days), less a margin.
const SYNCED_PAST_DAYS: i64 = 190;

async fn measure(rounds: u32) -> Part {
    let sandbox = innkeep_sandbox::start_with(SandboxConfig { seed: 1, port: 0, today: None }, Scale::medium())
        .await
        .expect("the 300-room sandbox (Scale::medium) starts");
    // One large hotel is all the timeline needs; syncing all five providers' copies of it would
    // only make the start longer (and show 1,500 rooms).
    std::env::set_var("INNKEEP_DEMO_PROVIDERS", "mews");
    let s = Session::start(PORT, &sandbox, "frames").await;
    s.find("demo-badge").await;
    s.until("the first reservations", || async { Some(s.rows().await.len()).filter(|n| *n >= 10) }).await;
    synced(&s).await;
    s.step("the 300-room hotel is synced");

    let today = chrono::Local::now().date_naive();
    let scale = Scale::medium();
    // The sandbox's stays run from `days_before` ago to `days_after` ahead, but a sync reads only
    // the stays arriving from SYNCED_PAST_DAYS ago (Mews's full read), so the subject range starts
    // there; the baseline's lies past the stays (same rooms, no stays).
    let first_synced = i64::from(scale.days_before).min(SYNCED_PAST_DAYS);
    let full = (today - chrono::Duration::days(first_synced)).to_string();
    let empty = (today + chrono::Duration::days(i64::from(scale.days_after) + 400)).to_string();

    s.find("nav-timeline").await.click().await.unwrap();
    s.find("timeline").await;
    let (mut subject, mut baseline): (Vec<Vec<Frames>>, Vec<Vec<Frames>>) =
        (PASSES.iter().map(|_| Vec::new()).collect(), PASSES.iter().map(|_| Vec::new()).collect());
    for round in 0..rounds {
        for (i, pass) in PASSES.iter().enumerate() {
            // Alternate which goes first, so neither always runs on a warmer page.
            let order = if (round + i as u32).is_multiple_of(2) { [true, false] } else { [false, true] };
            for with_stays in order {
                show(&s, pass.zoom, if with_stays { &full } else { &empty }, with_stays).await;
                if round == 0 && with_stays && pass.zoom == "year" {
                    s.shot("year-zoom").await;
                }
                let frames = scroll(&s, pass).await;
                let what = if with_stays { "stays" } else { "empty" };
                let sum = summarize(std::slice::from_ref(&frames));
                s.step(&format!(
                    "round {} {:<12} {what:<5}: {} frames ({} redrawn), work p50 {:.2} p95 {:.2} (script {:.2}) max {:.2} ms, {:.0} mutations/frame, {} late (median interval {:.1} ms), {} nodes",
                    round + 1,
                    pass.name,
                    sum.frames,
                    sum.redrawn,
                    sum.p50,
                    sum.p95,
                    sum.redraw_p95,
                    sum.max,
                    sum.mutations,
                    sum.late,
                    sum.interval,
                    frames.nodes
                ));
                if with_stays { &mut subject[i] } else { &mut baseline[i] }.push(frames);
            }
        }
    }
    let all_subject: Vec<Frames> = subject.iter().flatten().cloned().collect();
    let all_baseline: Vec<Frames> = baseline.iter().flatten().cloned().collect();
    let (sub, base) = (summarize(&all_subject), summarize(&all_baseline));
    let per_pass: Vec<String> = PASSES
        .iter()
        .zip(&subject)
        .zip(&baseline)
        .map(|((p, s), b)| format!("{} {:.1}/{:.1}", p.name, summarize(s).p95, summarize(b).p95))
        .collect();
    let note = format!(
        "A frame's time is its work: from the frame's rAF callback through the timeline's redraw and \
         the style and layout it forces (bench/README.md); not raster or compositing. 300 rooms x 380 \
         nights with about 280 nights of stays, WebKitGTK under Xvfb, {rounds} round(s) of 4 scroll passes \
         (day zoom across, down, diagonal; year zoom down). {} frames ({} with a redraw): p50 {:.2}, p99 {:.2}, max {:.2} ms, p95 of the redraw's script alone {:.2} ms; \
         {} frames came later than 1.5 refreshes (median interval {:.1} ms). Baseline (same passes over the same rooms with no stays, \
         alternating): p95 {:.2} ms, {:.0} vs {:.0} DOM mutations per frame. p95 stays/empty per pass: {}.",
        sub.frames,
        sub.redrawn,
        sub.p50,
        sub.p99,
        sub.max,
        sub.redraw_p95,
        sub.late,
        sub.interval,
        base.p95,
        sub.mutations,
        base.mutations,
        per_pass.join(", "),
    );
    let mut part = Part::new("frames");
    part.push(
        Figure::below(
            "webview.timeline_frame_p95",
            "Timeline frame while scrolling 300 rooms x 365 nights (95th percentile)",
            "ms",
            sub.p95,
            FRAME_MS,
        )
        .with_note(note),
    );
    drop(s);
    sandbox.shutdown().await;
    part
}

/// Waits until the sync indicator has been idle for five seconds (as `syncs_settled`, but a large
/// hotel's first sync in a debug build may take longer than its three minutes).
async fn synced(s: &Session) {
    let (mut since, started) = (Instant::now(), Instant::now());
    loop {
        let state = s.find("sync-indicator").await.attr("data-state").await.ok().flatten();
        if state.as_deref() != Some("idle") {
            since = Instant::now();
        } else if since.elapsed() > Duration::from_secs(5) {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(900), "the large hotel's sync did not settle in 15 minutes");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Puts the timeline at `zoom` over the range starting near `date`, and waits until it is drawn.
async fn show(s: &Session, zoom: &str, date: &str, with_stays: bool) {
    s.find("timeline-zoom").await.select_by_value(zoom).await.unwrap();
    let goto = s.find("timeline-goto").await;
    s.client
        .execute(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            vec![serde_json::to_value(&goto).unwrap(), serde_json::json!(date)],
        )
        .await
        .unwrap();
    s.until("the timeline over the range asked for", || async {
        let bars = s.all("[data-testid='timeline'] [data-testid='timeline-bar']").await.len();
        let grid = !s.all("[data-testid='timeline'] .tl-row").await.is_empty();
        (grid && (bars > 0) == with_stays).then_some(())
    })
    .await;
    // Let the jump's own redraws finish before the pass.
    tokio::time::sleep(Duration::from_millis(400)).await;
}

async fn scroll(s: &Session, pass: &Pass) -> Frames {
    let spec = serde_json::json!({ "from": pass.from, "to": pass.to, "frames": pass.frames });
    s.client.execute(SCRIPT, vec![spec]).await.expect("the scroll pass starts");
    let started = Instant::now();
    loop {
        let got = s.client.execute("return window.__innkeepFrames;", vec![]).await.expect("the page answers");
        if !got.is_null() {
            return serde_json::from_value(got).expect("frames.js returns frames");
        }
        assert!(started.elapsed() < Duration::from_secs(120), "the {} pass did not finish in 2 minutes", pass.name);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
