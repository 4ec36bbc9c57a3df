//! Where output goes: stdout, or a file written atomically (a temporary file in the same folder,
//! renamed into place only when everything was written), so a failed run leaves no partial file.

use anyhow::{Context, Result};
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
    let mut tmp = tempfile::Builder::new()
        .prefix(".exposure-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))?;
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buf)?;
        buf.flush()
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    tmp.as_file().sync_all().ok();
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
