//! Access tokens shaped like the vendor's: a JWT (`header.payload.signature`, base64url), here
//! signed with seeded random bytes; the sandbox keeps its own table of issued tokens.

use chrono::{DateTime, Utc};

use crate::rng::Rng;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

pub fn token(
    rng: &mut Rng,
    user: &str,
    issued: DateTime<Utc>,
    expires: DateTime<Utc>,
    scopes: &[String],
    n: u64,
) -> String {
    let header = br#"{"typ":"JWT","alg":"HS256"}"#;
    // Field order as in the vendor's tokens (`iss` first), so the prefix looks the same.
    let payload = format!(
        r#"{{"iss":"https://api.mobile-calendar.com","sub":{},"iat":{},"exp":{},"jti":{n},"scope":{}}}"#,
        serde_json::to_string(user).expect("a string serializes"),
        issued.timestamp(),
        expires.timestamp(),
        serde_json::to_string(scopes).expect("strings serialize"),
    );
    let mut sig = Vec::with_capacity(32);
    for _ in 0..4 {
        sig.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    format!("{}.{}.{}", base64url(header), base64url(payload.as_bytes()), base64url(&sig))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_known_values() {
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64url(br#"{"typ":"JWT","alg":"HS256"}"#), "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9");
    }
}
