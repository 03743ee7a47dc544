//! Innkeep's benchmark suite. Every figure is measured side by side with its baseline in the same
//! run (these machines are noisy) and reported as a ratio; see BENCHMARKS.md.

pub mod figures;
pub mod minimum;
pub mod paint;
pub mod report;
pub mod stats;
pub mod store;
pub mod sync;

/// `quick` finishes in a few minutes on a small hotel; `full` runs the large hotel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    Quick,
    Full,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Quick => "quick",
            Mode::Full => "full",
        }
    }
}

/// The sandbox hotel a mode measures on.
pub fn hotel(mode: Mode) -> innkeep_sandbox::Scale {
    match mode {
        Mode::Quick => innkeep_sandbox::Scale::medium(),
        Mode::Full => innkeep_sandbox::Scale::large(),
    }
}
