//! HTTP Basic auth as Timekit documents it: an empty user name and the app key as password
//! (`curl --user :test_api_key_…`).

use axum::http::{header, HeaderMap};

use super::errors::TkError;
use super::APP_KEY;
use crate::faults::FaultControl;

fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let s = s.trim().trim_end_matches('=').as_bytes();
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    for chunk in s.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value(*c)? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    Some(out)
}

/// Checks the `Authorization` header; returns the key the rate limit counts against.
pub fn check(headers: &HeaderMap, faults: &FaultControl) -> Result<&'static str, TkError> {
    let how = "send the App API-Key as the password of HTTP Basic auth, with an empty user name.";
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| TkError::unauthorized(&format!("no credentials were sent; {how}")))?;
    let encoded = value
        .strip_prefix("Basic ")
        .ok_or_else(|| TkError::unauthorized(&format!("only Basic auth is accepted; {how}")))?;
    let decoded = decode_base64(encoded)
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| TkError::unauthorized("the Basic credentials are not valid base64."))?;
    let (user, key) = decoded.split_once(':').unwrap_or((decoded.as_str(), ""));
    if !user.is_empty() {
        return Err(TkError::unauthorized(&format!("the user name must be empty; {how}")));
    }
    if key != APP_KEY {
        return Err(TkError::unauthorized("the App API-Key is not valid."));
    }
    if faults.tokens_rejected() {
        return Err(TkError::unauthorized("the App API-Key has been revoked."));
    }
    Ok(APP_KEY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes() {
        assert_eq!(decode_base64("OmtleQ==").unwrap(), b":key");
        assert_eq!(decode_base64("TWFu").unwrap(), b"Man");
        assert_eq!(decode_base64("TWE").unwrap(), b"Ma");
        assert!(decode_base64("T").is_none());
        assert!(decode_base64("!!!!").is_none());
    }
}
