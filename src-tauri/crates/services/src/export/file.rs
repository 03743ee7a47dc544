//! Writing an export file so that a failure never leaves half a file or clobbers an existing one:
//! the bytes go to a temporary file in the same folder, are flushed to disk, and only then renamed
//! over the chosen name (a rename within one folder is atomic).

use std::io::{ErrorKind as Io, Write};
use std::path::{Path, PathBuf};

use innkeep_core::{AppError, ExportFormat};

/// The field named in export errors: the place the manager chose.
const FIELD: &str = "path";
/// The longest file name common file systems take (ext4, NTFS, APFS: 255), in bytes.
const MAX_NAME_BYTES: usize = 255;
/// The longest path Linux takes (`PATH_MAX`), in bytes; Windows and macOS take less or as much.
const MAX_PATH_BYTES: usize = 4096;

/// The file to write: an absolute path whose name ends in the format's extension (added when the
/// chosen name lacks it, e.g. `list` → `list.csv`, `list.txt` → `list.txt.csv`).
pub(super) fn target(path: &str, format: ExportFormat) -> Result<PathBuf, AppError> {
    let trimmed = path.trim();
    if trimmed.is_empty() {
        return Err(AppError::validation(FIELD, "Choose where to save the export."));
    }
    if trimmed.contains('\0') {
        return Err(AppError::validation(
            FIELD,
            "The file name holds an invisible NUL character. Choose the file again.",
        ));
    }
    if trimmed.len() > MAX_PATH_BYTES {
        return Err(AppError::validation(
            FIELD,
            format!(
                "The path is {} bytes long; at most {MAX_PATH_BYTES} are possible. Choose a shorter one.",
                trimmed.len()
            ),
        ));
    }
    let path = PathBuf::from(trimmed);
    if path.components().any(|c| c == std::path::Component::ParentDir) {
        return Err(AppError::validation(
            FIELD,
            format!("“{trimmed}” climbs out of a folder with “..”. Choose the file in the save dialog."),
        ));
    }
    if !path.is_absolute() {
        return Err(AppError::validation(
            FIELD,
            format!("“{trimmed}” is not a full path to a file. Choose the file in the save dialog."),
        ));
    }
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Err(AppError::validation(FIELD, format!("“{trimmed}” names no file. Choose a file name.")));
    };
    let last = trimmed.rsplit(['/', std::path::MAIN_SEPARATOR]).next().unwrap_or_default();
    if last.is_empty() || last == "." {
        return Err(AppError::validation(FIELD, format!("“{trimmed}” is a folder, not a file. Choose a file name.")));
    }
    let ext = format.extension();
    let has_ext = Path::new(&name).extension().is_some_and(|e| e.eq_ignore_ascii_case(ext));
    let name = if has_ext { name } else { format!("{name}.{ext}") };
    if name.len() > MAX_NAME_BYTES {
        return Err(AppError::validation(
            FIELD,
            format!(
                "The file name is {} bytes long; at most {MAX_NAME_BYTES} are possible. Choose a shorter name.",
                name.len()
            ),
        ));
    }
    Ok(path.with_file_name(name))
}

/// Writes `bytes` to `path` atomically. Each way this can fail names the folder and what to do.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("/"));
    let shown = folder.display();
    if path.is_dir() {
        return Err(AppError::validation(
            FIELD,
            format!("“{}” is a folder, not a file. Choose a file name.", path.display()),
        ));
    }
    match std::fs::metadata(folder) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(AppError::validation(FIELD, format!("“{shown}” is not a folder. Choose another folder.")));
        }
        Err(_) => {
            return Err(AppError::validation(
                FIELD,
                format!("The folder “{shown}” does not exist (any more). Choose another folder."),
            ));
        }
    }
    let fail = |e: std::io::Error| explain(e, folder);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".innkeep-export-").suffix(".part");
    // A temporary file is private (0600); an export is an ordinary file (0666 less the umask).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(folder).map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    // On failure the temporary file is removed when `temp` drops; the chosen file is untouched.
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

fn explain(e: std::io::Error, folder: &Path) -> AppError {
    let shown = folder.display();
    let message = match e.kind() {
        Io::PermissionDenied => {
            format!("Innkeep may not write into the folder “{shown}”. Choose another folder, or ask for write access.")
        }
        Io::ReadOnlyFilesystem => format!("The folder “{shown}” is on a read-only drive. Choose another folder."),
        Io::StorageFull | Io::QuotaExceeded => {
            format!("There is no space left for the export in “{shown}”. Free some space or choose another folder.")
        }
        Io::NotFound => format!("The folder “{shown}” does not exist (any more). Choose another folder."),
        Io::IsADirectory => format!("A folder of that name is in “{shown}”. Choose another file name."),
        _ => {
            return AppError::internal(format!("Could not write the export into “{shown}”: {e}. Nothing was changed."))
        }
    };
    AppError::validation(FIELD, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_the_extension_when_missing_or_different() {
        assert_eq!(target("/tmp/list", ExportFormat::Csv).unwrap(), PathBuf::from("/tmp/list.csv"));
        assert_eq!(target("/tmp/list.CSV", ExportFormat::Csv).unwrap(), PathBuf::from("/tmp/list.CSV"));
        assert_eq!(target("/tmp/list.txt", ExportFormat::Ics).unwrap(), PathBuf::from("/tmp/list.txt.ics"));
        assert_eq!(target(" /tmp/cal.ics ", ExportFormat::Ics).unwrap(), PathBuf::from("/tmp/cal.ics"));
    }

    #[test]
    fn refuses_relative_empty_and_folder_paths() {
        for bad in ["", "  ", "list.csv", "../list.csv", "/tmp/", "/tmp/../etc/list.csv", "/tmp/a\0b.csv", "/tmp/."] {
            let e = target(bad, ExportFormat::Csv).unwrap_err();
            assert_eq!(e.field.as_deref(), Some(FIELD), "{bad:?}");
        }
        assert!(target("list.csv", ExportFormat::Csv).unwrap_err().message.contains("not a full path"));
    }

    #[test]
    fn refuses_names_and_paths_longer_than_file_systems_take() {
        let name = "n".repeat(MAX_NAME_BYTES - 4);
        assert!(target(&format!("/tmp/{name}"), ExportFormat::Csv).is_ok(), "255 bytes with the extension");
        let e = target(&format!("/tmp/{name}x"), ExportFormat::Csv).unwrap_err();
        assert!(e.message.contains("256 bytes"), "{}", e.message);
        let deep = format!("/{}", ["d"; MAX_PATH_BYTES].join("/"));
        assert!(target(&deep, ExportFormat::Csv).unwrap_err().message.contains("at most 4096"));
    }

    #[test]
    fn writes_and_replaces_without_leaving_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "only the export itself");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_ne!(mode, 0o600, "readable like any saved file, not private like a temporary one");
        }
    }

    #[test]
    fn a_missing_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone").join("out.csv");
        let e = write_atomically(&path, b"x").unwrap_err();
        assert_eq!(e.kind, innkeep_core::ErrorKind::Validation);
        assert!(e.message.contains("does not exist") && e.message.contains("gone"), "{}", e.message);
        assert!(e.message.contains("Choose another folder"));
    }

    #[test]
    fn a_folder_as_target_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("taken.csv")).unwrap();
        let e = write_atomically(&dir.path().join("taken.csv"), b"x").unwrap_err();
        assert!(e.message.contains("is a folder"), "{}", e.message);
    }

    /// A read-only folder: the error names it, and the file already there is left as it was.
    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_keeps_the_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, b"keep me").unwrap();
        let lock = ReadOnly::new(dir.path());
        let result = write_atomically(&path, b"new");
        drop(lock);
        let e = result.unwrap_err();
        assert!(e.message.contains("may not write into the folder"), "{}", e.message);
        assert!(e.message.contains(&dir.path().display().to_string()));
        assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// Makes a folder unwritable for as long as it lives: mode 0555, and for root (whom modes do
    /// not stop) also the immutable attribute, which stops root too.
    #[cfg(unix)]
    struct ReadOnly(PathBuf);

    #[cfg(unix)]
    impl ReadOnly {
        fn new(dir: &Path) -> Self {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
            if running_as_root() {
                let ok = std::process::Command::new("chattr").arg("+i").arg(dir).status().is_ok_and(|s| s.success());
                assert!(ok, "running as root: `chattr +i` is needed to make a folder read-only for this test");
            }
            Self(dir.to_path_buf())
        }
    }

    #[cfg(unix)]
    impl Drop for ReadOnly {
        fn drop(&mut self) {
            use std::os::unix::fs::PermissionsExt;
            if running_as_root() {
                let _ = std::process::Command::new("chattr").arg("-i").arg(&self.0).status();
            }
            let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
        }
    }

    #[cfg(unix)]
    fn running_as_root() -> bool {
        std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false)
    }
}
