//! Strict reading of JSON request bodies: each field is checked for its type and format, and
//! every problem is collected under the field's name, so one 422 names them all.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::errors::ApiError;
use super::query::strict_date;

pub struct Body {
    map: Map<String, Value>,
    pub errors: BTreeMap<String, String>,
}

/// `HH:MM`, as `^[0-2][0-9]:[0-5][0-9]$`.
pub fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && (b'0'..=b'2').contains(&b[0])
        && b[1].is_ascii_digit()
        && b[2] == b':'
        && (b'0'..=b'5').contains(&b[3])
        && b[4].is_ascii_digit()
}

pub fn is_email(s: &str) -> bool {
    let Some((user, domain)) = s.split_once('@') else { return false };
    !user.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(char::is_whitespace)
}

pub fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits) && s.chars().all(|c| c.is_ascii_digit() || " +-()/.".contains(c))
}

impl Body {
    pub fn parse(bytes: &[u8]) -> Result<Body, ApiError> {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Object(map)) => Ok(Body { map, errors: BTreeMap::new() }),
            Ok(_) => Err(ApiError::bad_request("The request body must be a JSON object.")),
            Err(e) => Err(ApiError::bad_request(format!("The request body is not valid JSON: {e}."))),
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// Present and not null.
    pub fn has(&self, name: &str) -> bool {
        self.map.get(name).is_some_and(|v| !v.is_null())
    }

    pub fn raw(&self, name: &str) -> Option<&Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    pub fn error(&mut self, field: &str, message: impl Into<String>) {
        self.errors.entry(field.to_owned()).or_insert_with(|| message.into());
    }

    pub fn required(&mut self, name: &str) {
        if !self.has(name) {
            self.error(name, format!("{name} is required"));
        }
    }

    pub fn str(&mut self, name: &str) -> Option<String> {
        match self.raw(name)? {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.error(name, format!("{name} must be a string"));
                None
            }
        }
    }

    /// A string that must not be blank when present.
    pub fn text(&mut self, name: &str) -> Option<String> {
        let s = self.str(name)?;
        if s.trim().is_empty() {
            self.error(name, format!("{name} must not be empty"));
            return None;
        }
        Some(s.trim().to_owned())
    }

    pub fn date(&mut self, name: &str) -> Option<NaiveDate> {
        let s = self.str(name)?;
        let d = strict_date(&s);
        if d.is_none() {
            self.error(name, format!("{name} wrong format, correct: Y-m-d"));
        }
        d
    }

    pub fn int(&mut self, name: &str) -> Option<i64> {
        match self.raw(name)? {
            Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
            _ => {
                self.error(name, format!("{name} must be an integer"));
                None
            }
        }
    }

    pub fn count(&mut self, name: &str) -> Option<u32> {
        let n = self.int(name)?;
        if !(0..=99).contains(&n) {
            self.error(name, format!("{name} must be between 0 and 99"));
            return None;
        }
        Some(n as u32)
    }

    pub fn amount(&mut self, name: &str) -> Option<f64> {
        match self.raw(name)? {
            Value::Number(n) if n.as_f64().is_some_and(|x| x >= 0.0) => n.as_f64(),
            _ => {
                self.error(name, format!("{name} must be a number of 0 or more"));
                None
            }
        }
    }

    /// An integer or (for `roomId` of a GROUP) an array of them.
    pub fn ids(&mut self, name: &str) -> Option<Vec<i64>> {
        match self.raw(name)? {
            Value::Number(n) if n.as_i64().is_some() => Some(vec![n.as_i64().unwrap_or_default()]),
            Value::Array(items) if !items.is_empty() && items.iter().all(|v| v.as_i64().is_some()) => {
                Some(items.iter().filter_map(Value::as_i64).collect())
            }
            _ => {
                self.error(name, format!("{name} must be an integer or a non-empty array of integers"));
                None
            }
        }
    }

    pub fn int_list(&mut self, name: &str) -> Option<Vec<u32>> {
        match self.raw(name)? {
            Value::Array(items) if items.iter().all(|v| v.as_u64().is_some_and(|x| x < 100)) => {
                Some(items.iter().filter_map(Value::as_u64).map(|x| x as u32).collect())
            }
            _ => {
                self.error(name, format!("{name} must be an array of ages"));
                None
            }
        }
    }

    pub fn one_of(&mut self, name: &str, allowed: &[&str]) -> Option<String> {
        let s = self.str(name)?;
        if !allowed.contains(&s.as_str()) {
            self.error(name, format!("{name} must be one of: {}", allowed.join(", ")));
            return None;
        }
        Some(s)
    }

    pub fn time(&mut self, name: &str) -> Option<String> {
        let s = self.str(name)?;
        if !is_time(&s) {
            self.error(name, format!("{name} wrong format, correct: H:i"));
            return None;
        }
        Some(s)
    }

    pub fn flag(&mut self, name: &str) -> Option<u8> {
        match self.int(name)? {
            v @ (0 | 1) => Some(v as u8),
            _ => {
                self.error(name, format!("{name} must be 0 or 1"));
                None
            }
        }
    }

    pub fn email(&mut self, name: &str) -> Option<String> {
        let s = self.str(name)?.trim().to_owned();
        if s.is_empty() {
            return None;
        }
        if !is_email(&s) {
            self.error(name, format!("{name} is not a valid e-mail address"));
            return None;
        }
        Some(s)
    }

    pub fn phone(&mut self, name: &str) -> Option<String> {
        let s = self.str(name)?.trim().to_owned();
        if s.is_empty() {
            return None;
        }
        if !is_phone(&s) {
            self.error(name, format!("{name} is not a valid phone number"));
            return None;
        }
        Some(s)
    }

    /// Fails with every collected field error.
    pub fn check(&mut self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::fields(std::mem::take(&mut self.errors)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(is_time("14:00") && is_time("23:59") && !is_time("14:60") && !is_time("4:00") && !is_time("31:00"));
        assert!(is_email("jan.kowalski@wp.pl") && !is_email("jan@wp") && !is_email("jan kowalski@wp.pl"));
        assert!(is_phone("+48 601 234 567") && !is_phone("12") && !is_phone("call me"));
    }

    #[test]
    fn errors_collect_per_field() {
        let mut b = Body::parse(br#"{"arrival":"1.10.2025","adults":"two","roomId":[1,2]}"#).unwrap();
        assert!(b.date("arrival").is_none());
        assert!(b.count("adults").is_none());
        assert_eq!(b.ids("roomId"), Some(vec![1, 2]));
        b.required("departure");
        let e = b.check().unwrap_err();
        assert_eq!(e.errors["arrival"], "arrival wrong format, correct: Y-m-d");
        assert_eq!(e.errors.len(), 3);
        assert!(Body::parse(b"[1]").is_err());
    }
}
