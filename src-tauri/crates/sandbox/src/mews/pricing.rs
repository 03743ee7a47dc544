//! Prices of the demo hotel: a nightly gross price per category in EUR, a seasonal factor by
//! month, a weekend uplift on Friday and Saturday nights, and a per-rate discount. Gross pricing
//! with Czech accommodation VAT (12 %), so net = gross / 1.12. Money is kept in cents.

use chrono::{Datelike, NaiveDate, Weekday};
use innkeep_providers::mews::wire::{Amount, TaxValue};

pub const CURRENCY: &str = "EUR";
/// Invented in the style of Mews' tax codes (`UK-S`, `DE-2020-1-L`): Czech lower rate.
pub const TAX_CODE: &str = "CZ-2024-L";
const VAT_PERCENT: i64 = 12;
const WEEKEND_UPLIFT_PERCENT: i64 = 15;
/// Seasonal adjustment by month, January first.
const SEASON_PERCENT: [i64; 12] = [-15, -10, 0, 5, 10, 10, 5, 5, 10, 5, -5, 15];

/// Gross and net, in cents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Money {
    pub gross: i64,
    pub net: i64,
}

impl Money {
    pub fn from_gross(gross: i64) -> Self {
        let net = (gross * 100 + (100 + VAT_PERCENT) / 2) / (100 + VAT_PERCENT);
        Money { gross, net }
    }

    pub fn add(self, other: Money) -> Money {
        Money { gross: self.gross + other.gross, net: self.net + other.net }
    }

    pub fn amount(self) -> Amount {
        Amount {
            currency: CURRENCY.into(),
            net_value: cents(self.net),
            gross_value: cents(self.gross),
            tax_values: vec![TaxValue { code: TAX_CODE.into(), value: cents(self.gross - self.net) }],
        }
    }
}

fn cents(c: i64) -> f64 {
    c as f64 / 100.0
}

fn round_to_euro(cents: i64) -> i64 {
    (cents + 50).div_euclid(100) * 100
}

pub fn is_weekend_night(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Fri | Weekday::Sat)
}

/// Gross price of the night starting on `date`, for a category's weekday base price and a
/// rate's discount, rounded to whole euros as a hotel would publish it.
pub fn night(base_cents: i64, discount_percent: i64, date: NaiveDate) -> Money {
    let season = SEASON_PERCENT[date.month0() as usize];
    let weekend = if is_weekend_night(date) { WEEKEND_UPLIFT_PERCENT } else { 0 };
    let list = round_to_euro(base_cents * (100 + season) * (100 + weekend) / 10_000);
    Money::from_gross(round_to_euro(list * (100 - discount_percent) / 100))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_follow_season_weekend_and_rate() {
        let wed = "2026-03-11".parse().unwrap();
        let fri = "2026-03-13".parse().unwrap();
        assert_eq!(night(9900, 0, wed).gross, 9900);
        assert_eq!(night(9900, 0, fri).gross, 11400); // 99 * 1.15 = 113.85 → 114
        assert_eq!(night(9900, 10, wed).gross, 8900); // 89.1 → 89
        let m = Money::from_gross(8900);
        assert_eq!(m.net, 7946);
        let a = m.amount();
        assert_eq!((a.gross_value, a.net_value, a.tax_values[0].value), (89.0, 79.46, 9.54));
    }
}
