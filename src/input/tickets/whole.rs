//! The whole-file way, for Parquet and for text the block reader stops on. A Parquet file is
//! hashed on one thread while the direct Parquet reader, or polars' scan, reads it on the others. Text is hashed and checked first
//! (an unterminated quote names its line, other encodings are re-encoded into a UTF-8 copy,
//! which the block reader then reads), and what remains is scanned by polars with its
//! streaming engine.

use super::blocks::{self, Buffer, Digests, Hasher, Stop};
use super::export::Export;
use super::head::scan_parquet;
use super::plan::Plan;
use super::totals::{merge, Totals};
use super::{cannot_read, polars_error, unpanicked, Hashes};
use crate::error::InputError;
use crate::input::source;
use crate::warning::Warning;
use polars::prelude::*;
use std::io::{Read, Write};
use std::path::Path;

/// The whole-file way, for Parquet and text the block reader stopped on: text in another
/// encoding is re-encoded to a UTF-8 copy and read in blocks; Parquet, and text the block
/// reader still cannot cut, are scanned by polars with its streaming engine.
pub(super) fn scan_whole(
    export: &Export,
    plan: &Plan,
    bar: Option<&indicatif::ProgressBar>,
    warnings: &mut Vec<Warning>,
) -> Result<(Hashes, Totals), InputError> {
    let Export {
        file,
        disk,
        parquet,
        head,
        sha256,
        ..
    } = *export;
    let polars_err = |e: PolarsError| polars_error(file, e);
    if parquet {
        if let Some(bar) = bar {
            bar.set_message(format!("aggregating {file}"));
        }
        // A Parquet file was checked when its head was read (`columnar::check_layout`): its
        // bytes are hashed on a thread of their own while it is read.
        let (hashes, totals) = std::thread::scope(|s| {
            let hashing = s.spawn(|| hash_mapped(disk, sha256, bar));
            // The direct reader first; what it leaves is scanned by polars.
            let totals = plan
                .columnar
                .as_ref()
                .and_then(|c| {
                    // What it does not read, or cannot (a panic in polars' parsing of a
                    // damaged footer), is left to polars' scan.
                    unpanicked(|| Ok(c.read(disk))).ok()?.ok()
                })
                .unwrap_or_else(|| unpanicked(|| scan(export, plan, None)));
            let hashes = hashing
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the hashing thread failed")));
            (hashes, totals)
        });
        // A file that cannot be read says so before anything polars says of its content.
        let hashes = hashes.map_err(|e| cannot_read(file, e))?;
        return Ok((hashes, totals.map_err(polars_err)?));
    }
    let (hashes, copy) = prepare(disk, sha256, file, bar, warnings)?;
    if let Some(bar) = bar {
        bar.set_message(format!("aggregating {file}"));
    }
    if let Some(copy) = &copy {
        match blocks::run(
            copy.path(),
            super::compressed::Compression::None,
            head.delimiter,
            // The original's bytes were hashed; the copy's need not be.
            None,
            None,
            |rows| plan.block(rows),
        ) {
            Ok(results) => return Ok((hashes, merge(results, plan.events).map_err(polars_err)?)),
            Err(Stop::Work(e)) => return Err(polars_err(e)),
            Err(Stop::Io(e)) => return Err(cannot_read(file, e)),
            Err(Stop::NotUtf8 | Stop::Unterminated | Stop::Panicked) => {}
        }
    }
    let totals = scan(export, plan, copy.as_ref().map(|c| c.path())).map_err(polars_err)?;
    Ok((hashes, totals))
}

/// Scans an export whole with polars' streaming engine: the export itself or its UTF-8 copy.
pub(super) fn scan(export: &Export, plan: &Plan, copy: Option<&Path>) -> PolarsResult<Totals> {
    let path = copy.unwrap_or(export.disk);
    let lf = if export.parquet {
        scan_parquet(path)?
    } else {
        LazyCsvReader::new(PlRefPath::from(path.to_string_lossy().as_ref()))
            .with_separator(export.head.delimiter)
            .with_has_header(true)
            .with_schema(Some(Arc::new(plan.schema(false))))
            .with_missing_is_null(true)
            .with_truncate_ragged_lines(true)
            .finish()?
    };
    let grouped = plan
        .aggregate(lf.filter(plan.not_blank()), plan.typed_handle, true)
        .collect_with_engine(Engine::Streaming)?
        .unwrap_single();
    let first = plan.millis(&grouped, "first")?;
    let last = plan.millis(&grouped, "last")?;
    Ok(Totals {
        groups: grouped,
        first: first.into_iter().flatten().min(),
        last: last.into_iter().flatten().max(),
    })
}

/// The hashes of a file's bytes, mapped into memory and hashed a megabyte at a time: no copy
/// of them is made (a Parquet export, read meanwhile from its own mapping).
fn hash_mapped(
    disk: &Path,
    sha256: bool,
    bar: Option<&indicatif::ProgressBar>,
) -> std::io::Result<Hashes> {
    let file = std::fs::File::open(disk)?;
    let mut digests = Digests::new(sha256);
    if file.metadata()?.len() > 0 {
        // SAFETY: read only; a file truncated by another process meanwhile can stop the
        // process, as with polars' own mapping of it.
        let map = unsafe { memmap2::Mmap::map(&file) }?;
        let _ = map.advise(memmap2::Advice::Sequential);
        for (i, part) in map.chunks(1 << 20).enumerate() {
            digests.update(part);
            if let Some(bar) = bar {
                bar.inc(part.len() as u64);
            }
            let start = (i as u64) << 20;
            super::columnar::release(&map, std::iter::once(start..start + part.len() as u64));
        }
    }
    Ok(digests.finish())
}

/// The hashes of a file's bytes, read a megabyte at a time; `also` sees each megabyte.
fn hash_file(
    disk: &Path,
    sha256: bool,
    bar: Option<&indicatif::ProgressBar>,
    mut also: impl FnMut(&[u8]),
) -> std::io::Result<Hashes> {
    let mut reader = std::fs::File::open(disk)?;
    let hasher = Hasher::start(sha256);
    loop {
        let mut buf = vec![0u8; 1 << 20];
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        buf.truncate(n);
        if let Some(bar) = bar {
            bar.inc(n as u64);
        }
        let block = std::sync::Arc::new(Buffer::unpooled(buf));
        hasher.add(block.clone(), 0);
        also(&block);
    }
    hasher.finish()
}

/// Checks a text file before polars scans it whole: an unterminated quote is an error naming
/// its line, and text that is not UTF-8 is re-encoded from Windows-1252 into a temporary copy.
/// Returns the file's hashes and the copy.
pub(super) fn prepare(
    disk: &Path,
    sha256: bool,
    name: &str,
    bar: Option<&indicatif::ProgressBar>,
    warnings: &mut Vec<Warning>,
) -> Result<(Hashes, Option<tempfile::NamedTempFile>), InputError> {
    let cannot = |e: std::io::Error| cannot_read(name, e);
    let mut quotes = 0u64;
    let mut text = Utf8Check::default();
    let hashes = hash_file(disk, sha256, bar, |block| {
        quotes += memchr::memchr_iter(b'"', block).count() as u64;
        text.feed(block);
    })
    .map_err(cannot)?;
    if quotes % 2 == 1 {
        // An odd count of quotes (rare): the whole text is read to find the line of a quoted
        // field that never closes, if there is one (a quote inside a field is text).
        let bytes = std::fs::read(disk).map_err(cannot)?;
        let (text, _) = source::decode_text(name, &bytes);
        let delimiter = source::sniff_delimiter(text.lines().next().unwrap_or(""));
        if let Some(line) = source::unterminated_quote(&text, delimiter) {
            return Err(crate::input::tasks::unterminated(name, line));
        }
    }
    if text.is_utf8() {
        return Ok((hashes, None));
    }
    let bom = {
        let mut start = [0u8; 3];
        let n = std::fs::File::open(disk)
            .and_then(|mut f| f.read(&mut start))
            .map_err(cannot)?;
        encoding_rs::Encoding::for_bom(&start[..n])
    };
    if bom.is_none() {
        warnings.push(Warning::NotUtf8 {
            file: name.to_string(),
            line: text.lines_before as u64 + 1,
        });
    }
    let copy = reencode(disk, bom).map_err(cannot)?;
    Ok((hashes, Some(copy)))
}

/// Whether a text read a block at a time is UTF-8, with the lines before its first byte that
/// is not, for the warning. A character cut at a block boundary is carried to the next block,
/// so that it is not taken for a bad byte.
struct Utf8Check {
    /// The start of a character cut at the end of the last block.
    carry: Vec<u8>,
    utf8: bool,
    lines_before: usize,
}

impl Default for Utf8Check {
    fn default() -> Utf8Check {
        Utf8Check {
            carry: Vec::new(),
            utf8: true,
            lines_before: 0,
        }
    }
}

impl Utf8Check {
    /// Checks the next block; after the first bad byte nothing more is checked.
    fn feed(&mut self, chunk: &[u8]) {
        if !self.utf8 {
            return;
        }
        let text: &[u8] = if self.carry.is_empty() {
            chunk
        } else {
            self.carry.extend_from_slice(chunk);
            &self.carry
        };
        match std::str::from_utf8(text) {
            Ok(_) => {
                self.lines_before += memchr::memchr_iter(b'\n', text).count();
                self.carry.clear();
            }
            Err(e) if e.error_len().is_none() => {
                // A character cut at the block boundary: keep its start for the next block.
                self.lines_before += memchr::memchr_iter(b'\n', &text[..e.valid_up_to()]).count();
                self.carry = text[e.valid_up_to()..].to_vec();
            }
            Err(e) => {
                self.lines_before += memchr::memchr_iter(b'\n', &text[..e.valid_up_to()]).count();
                self.utf8 = false;
            }
        }
    }

    /// True when all the text was UTF-8: a character still cut at the end is not.
    fn is_utf8(&self) -> bool {
        self.utf8 && self.carry.is_empty()
    }
}

/// Re-encodes a file into a UTF-8 copy, a megabyte at a time: from the encoding its
/// byte-order mark names (UTF-16), or from Windows-1252.
fn reencode(
    disk: &Path,
    bom: Option<(&'static encoding_rs::Encoding, usize)>,
) -> std::io::Result<tempfile::NamedTempFile> {
    let (encoding, skip) = bom.unwrap_or((encoding_rs::WINDOWS_1252, 0));
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut reader = std::fs::File::open(disk)?;
    std::io::copy(&mut (&mut reader).take(skip as u64), &mut std::io::sink())?;
    let mut copy = tempfile::NamedTempFile::new()?;
    let mut writer = std::io::BufWriter::new(copy.as_file_mut());
    let mut chunk = vec![0u8; 1 << 20];
    let mut text = String::new();
    loop {
        let n = reader.read(&mut chunk)?;
        let last = n == 0;
        let mut input = &chunk[..n];
        loop {
            text.clear();
            text.reserve(
                decoder
                    .max_utf8_buffer_length(input.len())
                    .unwrap_or(1 << 22),
            );
            let (result, read, _) = decoder.decode_to_string(input, &mut text, last);
            writer.write_all(text.as_bytes())?;
            input = &input[read..];
            if result == encoding_rs::CoderResult::InputEmpty {
                break;
            }
        }
        if last {
            break;
        }
    }
    writer.flush()?;
    drop(writer);
    Ok(copy)
}
