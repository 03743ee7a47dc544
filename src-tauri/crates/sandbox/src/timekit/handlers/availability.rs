//! `POST /availability`: free timeslots of resources, "available until blocked".
//!
//! Decisions where timekit.md is silent or leaves room:
//! * `resources` is required (no projects exist in the sandbox, so `project_id` is a 422);
//!   unknown ids are a 422 on `resources.<n>`.
//! * `from` (default `now`) and `to` (default `4 weeks`) are timestamps or phrases counted from
//!   now; `to` at most 6 months ahead. Slots starting before now are not offered.
//! * `length` default `1 hour`; an explicit `null` (variable-length slots) is a 422 here.
//!   `timeslot_increments` defaults to the length, `buffer` to none; at most 20,000 candidate
//!   slots per query.
//! * Only confirmed (and completed) bookings block; tentative, declined and cancelled do not.
//! * Constraints (each resource's time zone): `allow_hours`, `block_hours` `{start, end}` in
//!   hours 0–24; `allow_day`, `block_day` `{day}`; `block_weekends`; `specific_day_and_time`
//!   `{day, start, end}`; `block_period` `{start, end}` timestamps. "allow" constraints block
//!   every time they do not name. Others are a 422.
//! * Modes: `exclusive` lists every free resource per slot; `mutual` gives slots where all are
//!   free; `roundrobin_prioritized` the first free in the order given; `roundrobin_random` (the
//!   default) the resource picked for the previous slot if still free, else the first free in
//!   an order shuffled from the request (so the same request gets the same answer).
//! * Output times use `output_timezone` (default UTC).

use axum::http::StatusCode;
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use innkeep_providers::timekit::wire;
use serde_json::Value;

use super::{decode, Reply, Req};
use crate::rng::Rng;
use crate::timekit::errors::TkError;
use crate::timekit::state::TkState;
use crate::timekit::time::{self, at, moment, parse_duration, parse_when};

const MODES: [&str; 4] = ["roundrobin_random", "roundrobin_prioritized", "mutual", "exclusive"];
const MAX_SLOTS: i64 = 20_000;

/// One constraint, resolved.
enum Rule {
    AllowHours(u32, u32),
    BlockHours(u32, u32),
    AllowDay(Weekday),
    BlockDay(Weekday),
    BlockWeekends,
    DayAndTime(Weekday, u32, u32),
    BlockPeriod(DateTime<Utc>, DateTime<Utc>),
}

fn weekday(v: &Value) -> Option<Weekday> {
    v.as_str()?.trim().parse::<Weekday>().ok()
}

fn hour(v: &Value) -> Option<u32> {
    v.as_u64().filter(|h| *h <= 24).map(|h| h as u32)
}

fn rule(i: usize, name: &str, p: &Value) -> Result<Rule, TkError> {
    let bad = || TkError::field(&format!("constraints.{i}"), format!("The {name} constraint has invalid parameters."));
    let hours = || -> Result<(u32, u32), TkError> {
        let (s, e) = (hour(&p["start"]).ok_or_else(bad)?, hour(&p["end"]).ok_or_else(bad)?);
        if s >= e {
            return Err(bad());
        }
        Ok((s, e))
    };
    Ok(match name {
        "allow_hours" => hours().map(|(s, e)| Rule::AllowHours(s, e))?,
        "block_hours" => hours().map(|(s, e)| Rule::BlockHours(s, e))?,
        "allow_day" => Rule::AllowDay(weekday(&p["day"]).ok_or_else(bad)?),
        "block_day" => Rule::BlockDay(weekday(&p["day"]).ok_or_else(bad)?),
        "block_weekends" => Rule::BlockWeekends,
        "specific_day_and_time" => {
            let (s, e) = hours()?;
            Rule::DayAndTime(weekday(&p["day"]).ok_or_else(bad)?, s, e)
        }
        "block_period" => {
            let t = |k: &str| p[k].as_str().and_then(time::parse_timestamp).ok_or_else(bad);
            Rule::BlockPeriod(t("start")?, t("end")?)
        }
        other => {
            return Err(TkError::field(
                &format!("constraints.{i}"),
                format!("The constraint '{other}' does not exist."),
            ))
        }
    })
}

/// Whether every instant of `start..end` is allowed by `rules` in `tz`.
fn allowed(rules: &[Rule], tz: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
    if rules.is_empty() {
        return true;
    }
    let has_allow = rules.iter().any(|r| matches!(r, Rule::AllowHours(..) | Rule::AllowDay(_) | Rule::DayAndTime(..)));
    let first = start.with_timezone(&tz).date_naive();
    let last = (end - Duration::seconds(1)).with_timezone(&tz).date_naive();
    let mut day = first;
    while day <= last {
        let (ds, de) = (at(tz, day, 0, 0), at(tz, day + Duration::days(1), 0, 0));
        let (a, b) = (start.max(ds), end.min(de));
        if !day_allows(rules, has_allow, tz, day, a, b) {
            return false;
        }
        day += Duration::days(1);
    }
    true
}

fn day_allows(rules: &[Rule], has_allow: bool, tz: Tz, day: NaiveDate, a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    let window = |s: u32, e: u32| (at(tz, day, s, 0), at(tz, day, e, 0));
    let wd = day.weekday();
    let (mut hours, mut specific) = (Vec::new(), Vec::new());
    let (mut day_rules, mut day_named) = (false, false);
    for r in rules {
        match *r {
            Rule::AllowHours(s, e) => hours.push(window(s, e)),
            Rule::AllowDay(d) => {
                day_rules = true;
                day_named |= d == wd;
            }
            Rule::DayAndTime(d, s, e) if d == wd => specific.push(window(s, e)),
            Rule::BlockHours(s, e) => {
                let (bs, be) = window(s, e);
                if bs < b && a < be {
                    return false;
                }
            }
            Rule::BlockDay(d) if d == wd => return false,
            Rule::BlockWeekends if matches!(wd, Weekday::Sat | Weekday::Sun) => return false,
            Rule::BlockPeriod(bs, be) if bs < b && a < be => return false,
            _ => {}
        }
    }
    if !has_allow {
        return true;
    }
    // Allowed: the allowed hours (all day if none) on the allowed days (every day if none),
    // when any hour or day rule exists; plus this weekday's specific times.
    let mut allow = specific;
    if (day_rules || !hours.is_empty()) && (!day_rules || day_named) {
        if hours.is_empty() {
            allow.push((a, b));
        } else {
            allow.extend(hours);
        }
    }
    allow.sort();
    let mut covered = a;
    for (s, e) in allow {
        if s > covered {
            break;
        }
        covered = covered.max(e);
    }
    covered >= b
}

pub fn query(st: &mut TkState, req: &Req<'_>, _: &[&str]) -> Result<Reply, TkError> {
    let raw = req.json()?;
    if raw.get("length").is_some_and(Value::is_null) {
        return Err(TkError::field(
            "length",
            "Variable-length timeslots (length: null) are not available for this app.",
        ));
    }
    let q: wire::AvailabilityRequest = decode(raw)?;
    let now = st.now();
    let mode = q.mode.as_deref().unwrap_or("roundrobin_random");
    if !MODES.contains(&mode) {
        return Err(TkError::field("mode", "The selected mode is invalid."));
    }
    if q.project_id.is_some() {
        return Err(TkError::field("project_id", "The selected project id is invalid."));
    }
    let ids = q.resources.clone().filter(|r| !r.is_empty()).ok_or_else(|| TkError::required("resources"))?;
    let mut resources = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let r = st.resource(id).ok_or_else(|| {
            TkError::field(&format!("resources.{i}"), format!("The selected resources.{i} is invalid."))
        })?;
        resources.push((r.id.clone(), r.name.clone(), r.timezone.parse::<Tz>().unwrap_or(time::ZONE)));
    }
    let when = |field: &str, v: Option<&str>, default: &str| {
        let v = v.unwrap_or(default);
        parse_when(v, now)
            .ok_or_else(|| TkError::field(field, format!("{field} is not a valid timestamp or relative time")))
    };
    let from = when("from", q.from.as_deref(), "now")?;
    let to = when("to", q.to.as_deref(), "4 weeks")?;
    if to <= from {
        return Err(TkError::field("to", "to must be later than from"));
    }
    if to > now.checked_add_months(Months::new(6)).unwrap_or(now) {
        return Err(TkError::field("to", "to can be at most 6 months ahead"));
    }
    let span = |field: &str, v: Option<&str>, default: &str| {
        parse_duration(v.unwrap_or(default))
            .ok_or_else(|| TkError::field(field, format!("{field} is not a valid duration, e.g. \"2 hours\"")))
    };
    let length = span("length", q.length.as_deref(), "1 hour")?;
    let step = match q.timeslot_increments.as_deref() {
        Some(v) => span("timeslot_increments", Some(v), "")?,
        None => length,
    };
    let buffer = span("buffer", q.buffer.as_deref(), "0 minutes")?;
    if length <= Duration::zero() || step <= Duration::zero() {
        return Err(TkError::field("length", "length and timeslot_increments must be longer than zero"));
    }
    if (to - from).num_seconds() / step.num_seconds().max(1) > MAX_SLOTS {
        return Err(TkError::field(
            "timeslot_increments",
            "Too many timeslots in the search window; shorten from/to or use longer increments.",
        ));
    }
    let out_tz = match q.output_timezone.as_deref() {
        None => Tz::UTC,
        Some(z) => z.parse::<Tz>().map_err(|_| TkError::field("output_timezone", "The output timezone is invalid."))?,
    };
    let mut rules = Vec::new();
    for (i, c) in q.constraints.iter().flatten().enumerate() {
        for (name, params) in c {
            rules.push(rule(i, name, params)?);
        }
    }

    // Same request, same shuffle.
    let mut order: Vec<usize> = (0..resources.len()).collect();
    if mode == "roundrobin_random" {
        let mut h = from.timestamp() as u64;
        for id in &ids {
            h = h.rotate_left(7) ^ id.bytes().fold(0u64, |a, b| a.wrapping_mul(31).wrapping_add(u64::from(b)));
        }
        let mut rng = Rng::new(h);
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i as u64 + 1) as usize);
        }
    }
    let mut preferred: Option<usize> = None;
    let mut slots = Vec::new();
    let mut t = from;
    while t + length <= to {
        if t >= now {
            let free: Vec<usize> = order
                .iter()
                .copied()
                .filter(|&i| {
                    let (id, _, tz) = &resources[i];
                    st.clash(id, t - buffer, t + length + buffer, None).is_none() && allowed(&rules, *tz, t, t + length)
                })
                .collect();
            let chosen: Vec<usize> = match mode {
                "exclusive" => free.clone(),
                "mutual" if free.len() == resources.len() => free.clone(),
                "mutual" => Vec::new(),
                "roundrobin_random" => match preferred.filter(|p| free.contains(p)) {
                    Some(p) => vec![p],
                    None => free.first().copied().into_iter().collect(),
                },
                _ => free.first().copied().into_iter().collect(),
            };
            if mode == "roundrobin_random" {
                preferred = chosen.first().copied().or(preferred);
            }
            if !chosen.is_empty() {
                let mut chosen = chosen;
                if mode != "roundrobin_random" {
                    chosen.sort();
                }
                slots.push(wire::Slot {
                    start: moment(t, out_tz),
                    end: moment(t + length, out_tz),
                    resources: chosen
                        .into_iter()
                        .map(|i| wire::SlotResource::Object {
                            id: resources[i].0.clone(),
                            name: Some(resources[i].1.clone()),
                        })
                        .collect(),
                });
            }
        }
        t += step;
    }
    Ok(Reply::data(StatusCode::OK, slots))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn constraints_allow_and_block_in_the_resource_zone() {
        let tz = time::ZONE;
        let hours = [Rule::AllowHours(9, 17)];
        assert!(allowed(&hours, tz, t("2026-03-10T09:00:00Z"), t("2026-03-10T11:00:00Z")));
        assert!(!allowed(&hours, tz, t("2026-03-10T16:00:00Z"), t("2026-03-10T18:00:00Z")));
        // Tuesday; Saturday is blocked by block_weekends.
        assert!(allowed(&[Rule::BlockWeekends], tz, t("2026-03-10T09:00:00Z"), t("2026-03-10T10:00:00Z")));
        assert!(!allowed(&[Rule::BlockWeekends], tz, t("2026-03-14T09:00:00Z"), t("2026-03-14T10:00:00Z")));
        let tuesday = [Rule::AllowDay(Weekday::Tue)];
        assert!(allowed(&tuesday, tz, t("2026-03-10T00:00:00Z"), t("2026-03-11T00:00:00Z")));
        assert!(!allowed(&tuesday, tz, t("2026-03-10T20:00:00Z"), t("2026-03-11T02:00:00Z")));
        let both = [Rule::AllowDay(Weekday::Tue), Rule::AllowHours(9, 17)];
        assert!(!allowed(&both, tz, t("2026-03-11T09:00:00Z"), t("2026-03-11T10:00:00Z")));
        assert!(allowed(&both, tz, t("2026-03-10T09:00:00Z"), t("2026-03-10T10:00:00Z")));
        let specific = [Rule::DayAndTime(Weekday::Mon, 9, 13)];
        assert!(allowed(&specific, tz, t("2026-03-09T10:00:00Z"), t("2026-03-09T12:00:00Z")));
        assert!(!allowed(&specific, tz, t("2026-03-10T10:00:00Z"), t("2026-03-10T12:00:00Z")));
        // A 45-hour stay never fits office hours.
        assert!(!allowed(&hours, tz, t("2026-03-10T14:00:00Z"), t("2026-03-12T11:00:00Z")));
    }
}
