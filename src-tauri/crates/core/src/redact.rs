//! Redaction of secrets from log lines. Every log writer of the app and the CLI goes through
//! [`RedactingWriter`], so a token, key or password that reaches a log line by any route (a
//! field, an error message, a debug dump of a request) is replaced by `[redacted]`.
//!
//! Two nets: patterns (the `Authorization` header, `Bearer …`, and any `name=value`,
//! `name: value` or `"name":"value"` whose name says token, secret, password, key or credential),
//! and the credential values themselves, registered at runtime with [`register_secret`] when an
//! account is opened or a provider issues a token — those are caught whatever surrounds them.

use std::borrow::Cow;
use std::io;
use std::sync::{OnceLock, RwLock};

use regex::Regex;

pub const REDACTED: &str = "[redacted]";

/// Values shorter than this are not registered: they would match ordinary words and numbers.
const MIN_SECRET_LEN: usize = 6;
/// Tokens are renewed for as long as the app runs; only the newest this many are kept.
const MAX_SECRETS: usize = 512;

fn secrets() -> &'static RwLock<Vec<String>> {
    static SECRETS: OnceLock<RwLock<Vec<String>>> = OnceLock::new();
    SECRETS.get_or_init(Default::default)
}

/// Makes `value` (a credential or an issued token) disappear from every later log line.
pub fn register_secret(value: &str) {
    let value = value.trim();
    if value.chars().count() < MIN_SECRET_LEN {
        return;
    }
    let mut list = secrets().write().unwrap_or_else(|e| e.into_inner());
    if list.iter().any(|s| s == value) {
        return;
    }
    if list.len() >= MAX_SECRETS {
        list.remove(0);
    }
    list.push(value.to_string());
}

fn patterns() -> &'static [(Regex, &'static str)] {
    static PATTERNS: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        // Colour codes the console formatter puts between a field's name and its value.
        let ansi = r"(?:\x1b\[[0-9;]*m)*";
        let name = r#"[A-Za-z0-9_.-]*(?:token|secret|passw(?:or)?d|pwd|api[_-]?key|apikey|app[_-]?key|authorization|credentials?|cookie)[A-Za-z0-9_.-]*"#;
        let sep = format!(r#"{ansi}"?{ansi}\s*(?:=|:){ansi}\s*{ansi}"#);
        // A quoted value (JSON or Debug), or a bare one up to a delimiter; an auth scheme word
        // before it is kept out of the value so that `Authorization: Bearer x` loses `x` too.
        let value = r#"(?:(?:Bearer|Basic|Digest|Token)\s+)?(?:\\?"(?:[^"\\]|\\.)*?\\?"|[^\s,;&}\])"'\x1b]+)"#;
        vec![
            (Regex::new(&format!(r#"(?i)(?P<k>"?\b{name}{sep})(?P<v>{value})"#)).expect("valid pattern"), "$k[redacted]"),
            (Regex::new(r#"(?i)\b(?P<k>bearer\s+)[A-Za-z0-9._~+/=-]{6,}"#).expect("valid pattern"), "$k[redacted]"),
        ]
    })
}

/// `line` with every secret it holds replaced by `[redacted]`.
pub fn redact(line: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(line);
    {
        let list = secrets().read().unwrap_or_else(|e| e.into_inner());
        for secret in list.iter() {
            if out.contains(secret.as_str()) {
                out = Cow::Owned(out.replace(secret.as_str(), REDACTED));
            }
        }
    }
    for (pattern, replacement) in patterns() {
        if let Cow::Owned(changed) = pattern.replace_all(&out, *replacement) {
            out = Cow::Owned(changed);
        }
    }
    out
}

/// Wraps a log writer: each write is redacted before it reaches `inner`. The log formatters
/// write one whole event per `write_all`, so a secret is never split across two writes.
pub struct RedactingWriter<W: io::Write> {
    inner: W,
}

impl<W: io::Write> RedactingWriter<W> {
    pub fn new(inner: W) -> Self {
        RedactingWriter { inner }
    }
}

impl<W: io::Write> io::Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.inner.write_all(redact(&text).as_bytes())?;
        // The caller's bytes are all taken, whatever length the redacted text has.
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A writer shared by every log event (e.g. the log file), locked for each write.
#[derive(Debug)]
pub struct SharedWriter<W: io::Write>(pub std::sync::Arc<std::sync::Mutex<W>>);

impl<W: io::Write> io::Write for SharedWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        // One lock for the whole event, so lines of two threads never interleave.
        self.0.lock().unwrap_or_else(|e| e.into_inner()).write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gone(line: &str, secret: &str) {
        let out = redact(line);
        assert!(!out.contains(secret), "{secret:?} survived in {out:?}");
        assert!(out.contains(REDACTED), "{out:?}");
    }

    #[test]
    fn authorization_headers_and_bearer_tokens() {
        gone("authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def", "eyJhbGciOiJIUzI1NiJ9");
        gone(r#"headers: {"authorization": "Basic dXNlcjpwYXNz"}"#, "dXNlcjpwYXNz");
        gone("Authorization=STT-1234567890", "STT-1234567890");
        gone("sent with Bearer abcdef123456 to the API", "abcdef123456");
    }

    #[test]
    fn named_fields_in_every_shape() {
        gone(r#"{"ClientToken":"E0D439EE522F44368DC78E1BFB03710C","Client":"Innkeep"}"#, "E0D439EE522F");
        gone(r#"Auth { client_token: "C66EF7B239D2", access_token: "BFD4298010F5" }"#, "C66EF7B239D2");
        gone(r#"Auth { client_token: "C66EF7B239D2", access_token: "BFD4298010F5" }"#, "BFD4298010F5");
        gone("GET /x?api_key=k3y-value-1&page=2", "k3y-value-1");
        gone("x-api-key: 0123456789abcdef", "0123456789abcdef");
        gone("client_secret=s3cr3t-value password=hunter2hunter2", "s3cr3t-value");
        gone("client_secret=s3cr3t-value password=hunter2hunter2", "hunter2hunter2");
        gone("\x1b[3maccess_token\x1b[0m\x1b[2m=\x1b[0mABCDEF123456 \x1b[3mpath\x1b[0m=/x", "ABCDEF123456");
        let kept = redact("GET /api/reservations status=200 elapsed=12");
        assert_eq!(kept, "GET /api/reservations status=200 elapsed=12", "ordinary lines stay as they are");
        assert!(redact(r#"{"client_token":"a","x":"visible"}"#).contains("visible"));
    }

    #[test]
    fn registered_values_are_caught_anywhere() {
        register_secret("zq-registered-7731");
        gone("the provider said: unknown zq-registered-7731 (check it)", "zq-registered-7731");
        register_secret("abc");
        assert_eq!(redact("abc abc"), "abc abc", "too short to register");
    }

    /// The way the app and the CLI log: a real tracing subscriber over the redacting writer.
    #[test]
    fn a_logged_token_never_reaches_the_output() {
        let token = "mews-access-token-5521AB";
        register_secret(token);
        let sink = std::sync::Arc::new(std::sync::Mutex::new(Vec::<u8>::new()));
        let writer = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(true)
            .with_writer(move || RedactingWriter::new(SharedWriter(writer.clone())))
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(access_token = token, "renewed");
            tracing::warn!("the provider refused {token} (check the account)");
            tracing::info!(header = %format!("Authorization: Bearer {}", "unregistered-bearer-771"), "sent");
            tracing::info!(path = "/api/reservations", status = 200, "ok");
        });
        let text = String::from_utf8(sink.lock().unwrap().clone()).unwrap();
        assert!(!text.contains(token), "{text}");
        assert!(!text.contains("unregistered-bearer-771"), "{text}");
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(text.contains("/api/reservations"), "ordinary fields stay: {text}");
    }

    #[test]
    fn the_writer_redacts_what_it_passes_on() {
        register_secret("tok-writer-99881");
        let mut out = Vec::new();
        {
            let mut w = RedactingWriter::new(&mut out);
            w.write_all(b"INFO refreshed token=tok-writer-99881 ok\n").unwrap();
            w.write_all(b"INFO again tok-writer-99881\n").unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains("tok-writer-99881"), "{text}");
        assert_eq!(text.matches(REDACTED).count(), 2, "{text}");
        assert!(text.ends_with("again [redacted]\n"), "{text}");
    }
}
