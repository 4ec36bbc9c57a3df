//! Compressed exports (`.csv.gz`, `.csv.zst`): recognised by their magic bytes and decompressed
//! as a stream into the same block reader as plain text, so memory stays a few buffers.

use std::io::Read;
use std::path::Path;

/// How an export's bytes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Compression {
    None,
    Gzip,
    Zstd,
}

/// The compression of the file at `path`, from its first bytes (the name is not trusted).
pub(super) fn detect(path: &Path) -> std::io::Result<Compression> {
    let mut magic = [0u8; 4];
    let mut f = std::fs::File::open(path)?;
    let n = f.read(&mut magic)?;
    Ok(match &magic[..n] {
        [0x1f, 0x8b, ..] => Compression::Gzip,
        [0x28, 0xb5, 0x2f, 0xfd] => Compression::Zstd,
        _ => Compression::None,
    })
}

/// Opens `path` as a stream of its uncompressed bytes.
pub(super) fn open(path: &Path, c: Compression) -> std::io::Result<Box<dyn Read + Send>> {
    let file = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(path)?);
    Ok(match c {
        Compression::None => Box::new(file.into_inner()),
        // Multi-member: `cat a.gz b.gz` and pigz's output are one stream of rows.
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(file)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::with_buffer(file)?),
    })
}

/// Writes the uncompressed bytes of `path` to a temporary file, for the readers that need a
/// plain file on disk (polars' whole-file scan).
pub(super) fn to_temp(path: &Path, c: Compression) -> std::io::Result<tempfile::NamedTempFile> {
    let mut copy = tempfile::NamedTempFile::new()?;
    std::io::copy(&mut open(path, c)?, copy.as_file_mut())?;
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn gzip_and_zstd_are_recognised_and_read_back() {
        let text = b"id,category\n1,Order status\n2,Password reset\n";
        let dir = tempfile::tempdir().expect("temp dir");
        let gz = dir.path().join("a.csv.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(text).expect("gzip");
        std::fs::write(&gz, enc.finish().expect("gzip")).expect("write");
        let zst = dir.path().join("a.csv.zst");
        std::fs::write(&zst, zstd::encode_all(&text[..], 3).expect("zstd")).expect("write");
        let plain = dir.path().join("a.csv");
        std::fs::write(&plain, text).expect("write");
        for (path, want) in [
            (&gz, Compression::Gzip),
            (&zst, Compression::Zstd),
            (&plain, Compression::None),
        ] {
            assert_eq!(detect(path).expect("detect"), want);
            let mut back = Vec::new();
            open(path, want)
                .expect("open")
                .read_to_end(&mut back)
                .expect("read");
            assert_eq!(back, text);
        }
    }
}
