//! One benchmark figure and a part file (the figures one bench step measured). Every figure is a
//! ratio of a measurement against a baseline measured side by side in the same run (or against an
//! absolute limit where the target is one); absolute values are kept for information.

use std::path::Path;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Lower,
    Higher,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Stable dotted name, e.g. `sync.full.mews.requests`.
    pub name: String,
    pub title: String,
    /// The target as a reader says it: `<= 1.05x the minimum`.
    pub target: String,
    pub unit: String,
    pub measured: f64,
    /// What `measured` is compared with: a baseline measured in the same run, or the absolute limit.
    pub baseline: f64,
    /// Always `measured / baseline`.
    pub ratio: f64,
    /// The ratio the target allows.
    pub limit: f64,
    pub better: Better,
    pub met: bool,
    #[serde(default)]
    pub note: String,
    /// The day it was measured (its step's), when the report gathers steps run on other days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl Figure {
    /// `measured` against `baseline`, to be given its target with [`Figure::at_most`] or
    /// [`Figure::at_least`].
    pub fn compare(name: &str, title: &str, unit: &str, measured: f64, baseline: f64) -> Self {
        let ratio = if baseline == 0.0 { f64::INFINITY } else { measured / baseline };
        Figure {
            name: name.into(),
            title: title.into(),
            target: String::new(),
            unit: unit.into(),
            measured,
            baseline,
            ratio,
            limit: f64::NAN,
            better: Better::Lower,
            met: false,
            note: String::new(),
            date: None,
        }
    }

    /// Target: at most `limit` times `what` (the baseline), e.g. `<= 1.05x the minimum`.
    pub fn at_most(self, limit: f64, what: &str) -> Self {
        self.target(format!("<= {limit}x {what}"), limit, Better::Lower)
    }

    /// Target: at least `limit` times `what` (the baseline), e.g. `>= 0.5x raw SQLite`.
    pub fn at_least(self, limit: f64, what: &str) -> Self {
        self.target(format!(">= {limit}x {what}"), limit, Better::Higher)
    }

    fn target(mut self, text: String, limit: f64, better: Better) -> Self {
        self.met = match better {
            Better::Lower => self.ratio <= limit,
            Better::Higher => self.ratio >= limit,
        };
        self.target = text;
        self.limit = limit;
        self.better = better;
        self
    }

    /// A figure with an absolute target (`p95 < 10 ms`): its baseline is the limit itself.
    pub fn below(name: &str, title: &str, unit: &str, measured: f64, limit: f64) -> Self {
        Figure::compare(name, title, unit, measured, limit).target(format!("< {limit} {unit}"), 1.0, Better::Lower)
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }
}

/// The figures one bench step wrote (`target/bench/parts/<part>.json`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub part: String,
    /// The day the step ran (UTC); a part written before steps kept it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub figures: Vec<Figure>,
}

impl Part {
    pub fn new(part: &str) -> Self {
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        Part { part: part.into(), date: Some(today), figures: Vec::new() }
    }

    pub fn push(&mut self, figure: Figure) {
        println!(
            "{:<44} {:>12.3} {:<8} vs {:>12.3}  ratio {:>7.3} (target {}) {}",
            figure.name,
            figure.measured,
            figure.unit,
            figure.baseline,
            figure.ratio,
            figure.target,
            if figure.met { "met" } else { "MISSED" }
        );
        self.figures.push(figure);
    }

    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?)
    }

    pub fn read(path: &Path) -> Result<Part, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_slice(&bytes).map_err(|e| format!("{} is not a bench part: {e}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_and_verdict_follow_the_direction() {
        let f = Figure::compare("a", "A", "s", 1.3, 1.0).at_most(1.2, "the bare app");
        assert_eq!(f.target, "<= 1.2x the bare app");
        assert!((f.ratio - 1.3).abs() < 1e-9);
        assert!(!f.met);
        let f = Figure::compare("b", "B", "rows/s", 60.0, 100.0).at_least(0.5, "raw SQLite");
        assert!(f.met);
        let f = Figure::below("c", "C", "ms", 4.0, 5.0);
        assert!(f.met && (f.ratio - 0.8).abs() < 1e-9 && f.target == "< 5 ms");
    }

    #[test]
    fn a_part_round_trips_through_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut part = Part::new("store");
        part.push(Figure::below("store.search_p95", "Guest search", "ms", 1.5, 5.0).with_note("FTS5"));
        let path = dir.path().join("parts/store.json");
        part.write(&path).unwrap();
        assert_eq!(Part::read(&path).unwrap(), part);
    }
}
