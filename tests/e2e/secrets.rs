//! The secret search: after each end-to-end session, every file the app wrote (its SQLite cache,
//! settings store, WebKit storage and caches, and its log) is searched for every credential the
//! sandbox accepts and every access token it handed out. Credentials belong in the OS keyring and
//! tokens in memory; a hit anywhere else fails the test that ran the session.
//!
//! A secret is looked for as written (UTF-8, which also covers JSON and URL encodings: the
//! sandbox's secrets are letters, digits, `-`, `_` and `.`), as UTF-16 (WebKit's local storage and
//! SQLite's UTF-16 text) and inside base64 at each of the three byte alignments (an
//! `Authorization: Basic` header or a token wrapped into another).

use std::path::{Path, PathBuf};

use base64::Engine as _;

/// One secret found in one file.
#[derive(Debug, PartialEq, Eq)]
pub struct Leak {
    pub file: PathBuf,
    /// The first and last four characters only: the report must not repeat the secret whole.
    pub secret_hint: String,
    pub encoding: &'static str,
}

/// What a search looked at, so a test can tell a clean search from one that found no files.
#[derive(Debug, Default)]
pub struct Searched {
    pub files: Vec<PathBuf>,
    pub leaks: Vec<Leak>,
}

impl Searched {
    /// Whether an SQLite database was among the files (the app's cache must have been searched).
    pub fn saw_sqlite(&self) -> bool {
        self.files
            .iter()
            .any(|f| std::fs::read(f).map(|bytes| bytes.starts_with(b"SQLite format 3\0")).unwrap_or(false))
    }
}

/// Searches every file under each of `roots` (a root may also be a single file; missing roots are
/// skipped) for each of `secrets`.
pub fn search(roots: &[&Path], secrets: &[String]) -> Searched {
    let patterns: Vec<(&String, Vec<Form>)> =
        secrets.iter().filter(|s| s.len() >= 8).map(|s| (s, encodings(s))).collect();
    let mut searched = Searched::default();
    for root in roots {
        for file in files_under(root) {
            let Ok(bytes) = std::fs::read(&file) else { continue };
            for (secret, forms) in &patterns {
                // One report per secret and file: the first form found.
                if let Some((encoding, _)) = forms.iter().find(|(_, pattern)| contains(&bytes, pattern)) {
                    searched.leaks.push(Leak { file: file.clone(), secret_hint: hint(secret), encoding });
                }
            }
            searched.files.push(file);
        }
    }
    searched
}

fn hint(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let (head, tail) = (&chars[..4], &chars[chars.len() - 4..]);
    format!("{}…{}", head.iter().collect::<String>(), tail.iter().collect::<String>())
}

/// One form of a secret: its encoding's name and its bytes.
type Form = (&'static str, Vec<u8>);

/// The byte patterns a secret may take in a file, each once.
fn encodings(secret: &str) -> Vec<Form> {
    // Little-endian only: an ASCII secret stored big-endian holds this pattern one byte on.
    let utf16: Vec<u8> = secret.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut all = vec![("utf-8", secret.as_bytes().to_vec()), ("utf-16", utf16)];
    for offset in 0..3 {
        for (name, engine) in [
            ("base64", &base64::engine::general_purpose::STANDARD_NO_PAD),
            ("base64url", &base64::engine::general_purpose::URL_SAFE_NO_PAD),
        ] {
            let pattern = base64_core(engine, secret.as_bytes(), offset);
            if all.iter().all(|(_, known)| *known != pattern) {
                all.push((name, pattern));
            }
        }
    }
    all
}

/// The part of a base64 text that is the same whatever bytes come before and after `secret`,
/// when `offset` bytes precede it within its first group of three.
fn base64_core(engine: &base64::engine::GeneralPurpose, secret: &[u8], offset: usize) -> Vec<u8> {
    let mut padded = vec![0u8; offset];
    padded.extend_from_slice(secret);
    let whole_groups = padded.len() / 3;
    let encoded = engine.encode(&padded[..whole_groups * 3]);
    // The first group mixes in the unknown bytes before the secret.
    let skip = if offset == 0 { 0 } else { 4 };
    encoded.as_bytes()[skip..].to_vec()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

fn files_under(root: &Path) -> Vec<PathBuf> {
    let Ok(meta) = std::fs::symlink_metadata(root) else { return Vec::new() };
    if meta.is_file() {
        return vec![root.to_path_buf()];
    }
    if !meta.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
        files.extend(files_under(&entry.path()));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "InnkeepLeakProbe-7d1f0c2e9b";

    fn planted(dir: &Path, name: &str, bytes: &[u8]) {
        std::fs::write(dir.join(name), bytes).unwrap();
    }

    /// The search itself can fail: it finds a secret planted in each form it claims to cover,
    /// in nested folders, and passes over files that only hold part of it.
    #[test]
    fn finds_a_planted_secret_in_every_encoding() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("xdg-data/app/localstorage");
        std::fs::create_dir_all(&nested).unwrap();
        planted(dir.path(), "log.txt", format!("2026 DEBUG sent token={SECRET}&x=1").as_bytes());
        let utf16: Vec<u8> = format!("v:{SECRET}").encode_utf16().flat_map(u16::to_le_bytes).collect();
        planted(&nested, "storage.sqlite3", &utf16);
        for (i, prefix) in ["", "a", "ab"].iter().enumerate() {
            let basic = base64::engine::general_purpose::STANDARD.encode(format!("{prefix}:{SECRET}"));
            planted(dir.path(), &format!("header{i}"), format!("Authorization: Basic {basic}").as_bytes());
        }
        planted(dir.path(), "clean.json", format!("{{\"token\":\"{}\"}}", &SECRET[..12]).as_bytes());

        let searched = search(&[dir.path()], &[SECRET.to_owned()]);
        let mut hits: Vec<(String, &str)> = searched
            .leaks
            .iter()
            .map(|l| (l.file.file_name().unwrap().to_string_lossy().into_owned(), l.encoding))
            .collect();
        hits.sort();
        assert_eq!(
            hits,
            [
                ("header0".to_owned(), "base64"),
                ("header1".to_owned(), "base64"),
                ("header2".to_owned(), "base64"),
                ("log.txt".to_owned(), "utf-8"),
                ("storage.sqlite3".to_owned(), "utf-16"),
            ]
        );
        assert_eq!(searched.files.len(), 6);
        assert!(searched.leaks.iter().all(|l| l.secret_hint == "Innk…2e9b"));
    }
}
