//! The sandbox's clock. Every timestamp a simulator writes comes from here, never from the OS
//! directly, so that a sandbox started with a fixed `today` answers byte for byte the same.
//!
//! * Fixed: starts at a given instant and moves only when told to (`advance`) or when a mutation
//!   asks for a timestamp (`tick`, one second each, so `UpdatedUtc` strictly increases).
//! * Real: follows the OS clock (whole seconds, as the APIs print them), still strictly
//!   increasing across ticks.

use chrono::{DateTime, Duration, SubsecRound, Utc};

#[derive(Debug, Clone)]
pub struct Clock {
    fixed: Option<DateTime<Utc>>,
    offset: Duration,
    last: DateTime<Utc>,
}

impl Clock {
    pub fn fixed(start: DateTime<Utc>) -> Self {
        let start = start.trunc_subsecs(0);
        Clock { fixed: Some(start), offset: Duration::zero(), last: start }
    }

    pub fn real() -> Self {
        Clock { fixed: None, offset: Duration::zero(), last: Utc::now().trunc_subsecs(0) }
    }

    fn read(&self) -> DateTime<Utc> {
        self.fixed.unwrap_or_else(|| Utc::now().trunc_subsecs(0)) + self.offset
    }

    /// The current instant; never goes backwards.
    pub fn now(&mut self) -> DateTime<Utc> {
        self.last = self.last.max(self.read());
        self.last
    }

    /// A fresh timestamp for a mutation, strictly later than any handed out before.
    pub fn tick(&mut self) -> DateTime<Utc> {
        self.last = self.read().max(self.last + Duration::seconds(1));
        self.last
    }

    /// Moves the clock forward, e.g. to let a test reach a guest's departure day.
    pub fn advance(&mut self, by: Duration) {
        self.offset += by.max(Duration::zero());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_moves_only_on_ticks_and_advances() {
        let t0 = "2026-03-10T09:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let mut c = Clock::fixed(t0);
        assert_eq!(c.now(), t0);
        assert_eq!(c.now(), t0);
        assert_eq!(c.tick(), t0 + Duration::seconds(1));
        assert_eq!(c.tick(), t0 + Duration::seconds(2));
        assert_eq!(c.now(), t0 + Duration::seconds(2));
        c.advance(Duration::days(1));
        assert_eq!(c.now(), t0 + Duration::days(1));
    }

    #[test]
    fn a_real_clock_never_repeats_a_tick() {
        let mut c = Clock::real();
        let a = c.tick();
        let b = c.tick();
        assert!(b > a);
        assert!(c.now() >= b);
    }
}
