//! What is checked of a Parquet file before polars reads it, and the file mappings the
//! readers share and release.

use super::footer;
use super::MOST_PAGE_BYTES;
use polars::prelude::*;
use polars_buffer::Buffer;
use polars_parquet::parquet::page::CompressedPage;
use polars_parquet::parquet::read::{read_metadata, PageReader};
use std::io::Cursor;
use std::path::Path;

/// Checks a Parquet file before polars reads it: its footer's lists and strings fit in its
/// bytes (polars reserves what a damaged one claims, up to hundreds of gigabytes), and every
/// column chunk lies within the file (polars' streaming reader slices the file by these ranges
/// without checking them: undefined behaviour, seen as a crash). A file too short for a footer,
/// or a footer that does not parse, is left to polars, which says so.
pub(in crate::input::tickets) fn check_layout(disk: &Path) -> PolarsResult<()> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(disk)?;
    let length = file.metadata()?.len();
    let mut tail = [0u8; 8];
    if length < 12 || file.seek(SeekFrom::End(-8)).is_err() || file.read_exact(&mut tail).is_err() {
        return Ok(());
    }
    let footer = u64::from(u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]));
    if &tail[4..] == b"PAR1" && footer + 8 <= length {
        let mut bytes = vec![0u8; footer as usize];
        file.seek(SeekFrom::End(-8 - footer as i64))?;
        file.read_exact(&mut bytes)?;
        if !footer::fits(&bytes) {
            polars_bail!(ComputeError:
                "the Parquet file is damaged: its footer describes more than it holds");
        }
    }
    file.rewind()?;
    let Ok(meta) = read_metadata(&mut file) else {
        return Ok(());
    };
    // SAFETY: read only, as in `Columnar::read`.
    let bytes = Buffer::from_owner(unsafe { memmap2::Mmap::map(&file) }?);
    for group in &meta.row_groups {
        for chunk in group.parquet_columns() {
            let name = || chunk.descriptor().path_in_schema.join(".");
            let range = chunk.byte_range();
            if range.start > range.end || range.end > length {
                polars_bail!(ComputeError:
                    "the Parquet file is damaged: the data of column '{}' lies past its end",
                    name());
            }
            // polars reserves room for as many values as a page says it has (a negative
            // count read as 2^61 stopped the process): a page may not have more than its
            // column chunk.
            let most = usize::try_from(chunk.num_values()).unwrap_or(0);
            let (start, end) = (range.start as usize, range.end as usize);
            let pages = PageReader::new(
                Cursor::new(bytes.clone().sliced(start..end)),
                chunk,
                Vec::new(),
                usize::MAX,
            );
            // A page header that does not parse is left to polars, which says so.
            for page in pages.map_while(Result::ok) {
                if let CompressedPage::Data(page) = page {
                    if page.num_values() > most || page.uncompressed_size() > MOST_PAGE_BYTES {
                        polars_bail!(ComputeError:
                            "the Parquet file is damaged: a page of column '{}' claims more \
                             than its column holds", name());
                    }
                }
            }
        }
    }
    Ok(())
}

/// A mapped file, shared by the readers of its column chunks and the code that releases them.
pub(super) struct Mapped(pub(super) std::sync::Arc<memmap2::Mmap>);

impl AsRef<[u8]> for Mapped {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// Unmaps the pages of a file mapping that hold `ranges` once they are read, so that the
/// process does not keep a file's worth of pages mapped (its peak memory would grow with the
/// file); they stay in the page cache, and one read again is mapped again.
pub(in crate::input::tickets) fn release(
    map: &memmap2::Mmap,
    ranges: impl Iterator<Item = std::ops::Range<u64>>,
) {
    const PAGE: u64 = 4096;
    for range in ranges {
        // Whole pages only, inside the mapping.
        let start = range.start.div_ceil(PAGE) * PAGE;
        let end = range.end.min(map.len() as u64) / PAGE * PAGE;
        if start < end {
            // SAFETY: the mapping is read only and of a file: a page dropped from it is read
            // from the file again if touched, with the same bytes.
            let _ = unsafe {
                map.unchecked_advise_range(
                    memmap2::UncheckedAdvice::DontNeed,
                    start as usize,
                    (end - start) as usize,
                )
            };
        }
    }
}
