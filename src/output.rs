//! Where output goes: stdout, or a file written atomically (a temporary file in the same folder,
//! renamed into place only when everything was written), so a failed run leaves no partial file.

use crate::error::InputError;
use anyhow::Result;
use std::io::Write;
use std::path::Path;

/// Writes whatever `write` produces to `path` atomically.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".exposure-").suffix(".tmp");
    // A report is a file to send: created as any other program creates files (0666 less the
    // umask), not the temporary file's owner-only 0600; a file written over keeps its mode.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(
            std::fs::metadata(path)
                .map(|m| m.permissions())
                .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o666)),
        );
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| InputError::io(path.display(), "write", &e).hint(format!("exposure writes a temporary file in {} and renames it; check that the folder is writable", dir.display())))?;
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buf).map_err(|e| match e.downcast::<std::io::Error>() {
            Ok(io) => InputError::io(path.display(), "write", &io).into(),
            Err(other) => other,
        })?;
        buf.flush()
            .map_err(|e| InputError::io(path.display(), "write", &e))?;
    }
    tmp.as_file().sync_all().ok();
    tmp.persist(path)
        .map_err(|e| InputError::io(path.display(), "write", &e.error))?;
    Ok(())
}
