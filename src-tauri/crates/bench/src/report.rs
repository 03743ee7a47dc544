//! Merges the part files of one bench run into `results.json` (every figure, and the ratios by
//! name) and rewrites the table in BENCHMARKS.md between its markers.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::figures::{Figure, Part};

pub const TABLE_START: &str = "<!-- bench:table:start -->";
pub const TABLE_END: &str = "<!-- bench:table:end -->";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory_gib: f64,
    pub os: String,
}

impl Machine {
    /// This machine, from /proc and /etc/os-release (Linux; elsewhere the fields say unknown).
    pub fn this() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| {
                l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, v)| v.trim().to_owned())
            })
            .unwrap_or_else(|| "unknown CPU".into());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let kib: f64 = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0.0);
        let os = std::fs::read_to_string("/etc/os-release")
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("PRETTY_NAME=").map(|v| v.trim_matches('"').to_owned()))
            .unwrap_or_else(|| std::env::consts::OS.into());
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Machine { cpu, cores, memory_gib: (kib / 1024.0 / 1024.0 * 10.0).round() / 10.0, os }
    }

    pub fn short(&self) -> String {
        format!("{} cores, {} GiB, {}", self.cores, self.memory_gib, self.os)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub date: String,
    pub mode: String,
    pub machine: Machine,
    pub figures: Vec<Figure>,
    /// `measured / baseline` by figure name: what to compare between runs.
    pub ratios: BTreeMap<String, f64>,
    pub missed: Vec<String>,
}

impl Results {
    pub fn new(date: &str, mode: &str, machine: Machine, parts: Vec<Part>) -> Results {
        let figures: Vec<Figure> = parts
            .into_iter()
            .flat_map(|p| {
                let date = p.date;
                p.figures.into_iter().map(move |f| Figure { date: f.date.or(date.clone()), ..f })
            })
            .collect();
        let ratios = figures.iter().map(|f| (f.name.clone(), round(f.ratio, 4))).collect();
        let missed = figures.iter().filter(|f| !f.met).map(|f| f.name.clone()).collect();
        Results { date: date.into(), mode: mode.into(), machine, figures, ratios, missed }
    }

    /// Every `*.json` part in `dir`, in name order.
    pub fn read_parts(dir: &Path) -> Result<Vec<Part>, String> {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        paths.iter().map(|p| Part::read(p)).collect()
    }

    pub fn markdown_table(&self) -> String {
        let mut out = format!(
            "Mode `{}`, {} on {} ({}).\n\n| Figure | Target | Measured | Baseline | Ratio | Met | Date | Machine |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n",
            self.mode,
            self.date,
            self.machine.cpu,
            self.machine.short()
        );
        for f in &self.figures {
            out.push_str(&format!(
                "| {} (`{}`) | {} | {} {} | {} {} | {:.3}x | {} | {} | {} |\n",
                f.title,
                f.name,
                f.target,
                number(f.measured),
                f.unit,
                number(f.baseline),
                f.unit,
                f.ratio,
                if f.met { "yes" } else { "**no**" },
                f.date.as_deref().unwrap_or(&self.date),
                self.machine.short()
            ));
        }
        let notes: Vec<_> = self.figures.iter().filter(|f| !f.note.is_empty()).collect();
        if !notes.is_empty() {
            out.push_str("\nNotes:\n\n");
            for f in notes {
                out.push_str(&format!("- `{}`: {}\n", f.name, f.note));
            }
        }
        out
    }

    /// `document` with the text between the table markers replaced by this run's table.
    pub fn replace_table(&self, document: &str) -> Result<String, String> {
        let start = document.find(TABLE_START).ok_or(format!("no {TABLE_START} marker"))?;
        let end = document.find(TABLE_END).ok_or(format!("no {TABLE_END} marker"))?;
        if end < start {
            return Err("the table markers are in the wrong order".into());
        }
        let head = &document[..start + TABLE_START.len()];
        Ok(format!("{head}\n{}{}", self.markdown_table(), &document[end..]))
    }
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

/// Large counts without decimals, small values with three significant places.
fn number(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else if x.abs() >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results() -> Results {
        let mut a = Part::new("sync");
        a.figures.push(
            Figure::compare("sync.full.mews.requests", "Full sync, Mews", "requests", 210.0, 200.0)
                .at_most(1.05, "the minimum"),
        );
        let mut b = Part::new("store");
        b.date = Some("2026-11-27".into());
        b.figures.push(Figure::below("store.search_p95", "Guest search p95", "ms", 6.0, 5.0).with_note("FTS5 prefix"));
        let machine = Machine { cpu: "Test CPU".into(), cores: 2, memory_gib: 4.0, os: "Debian".into() };
        Results::new("2026-11-28", "quick", machine, vec![a, b])
    }

    #[test]
    fn ratios_by_name_and_misses_are_listed() {
        let r = results();
        assert_eq!(r.ratios["sync.full.mews.requests"], 1.05);
        assert_eq!(r.missed, vec!["store.search_p95".to_string()]);
    }

    #[test]
    fn the_table_replaces_only_the_text_between_the_markers() {
        let doc = format!("# Bench\nintro\n{TABLE_START}\nold table\n{TABLE_END}\noutro\n");
        let new = results().replace_table(&doc).unwrap();
        assert!(new.starts_with("# Bench\nintro\n"));
        assert!(new.ends_with(&format!("{TABLE_END}\noutro\n")));
        assert!(!new.contains("old table"));
        assert!(new.contains(
            "| Full sync, Mews (`sync.full.mews.requests`) | <= 1.05x the minimum | 210 requests | 200 requests | 1.050x | yes |"
        ));
        assert!(new.contains("| **no** | 2026-11-27 |"), "a step's own day, not the report's");
        assert!(new.contains("- `store.search_p95`: FTS5 prefix"));
        assert!(results().replace_table("no markers").is_err());
    }

    #[test]
    fn parts_are_read_from_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Part::new("store");
        p.figures.push(Figure::below("x", "X", "ms", 1.0, 2.0));
        p.write(&dir.path().join("store.json")).unwrap();
        std::fs::write(dir.path().join("readme.txt"), "not a part").unwrap();
        let parts = Results::read_parts(dir.path()).unwrap();
        assert_eq!(parts, vec![p]);
    }
}
