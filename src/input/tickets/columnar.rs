//! The direct Parquet reader: the pages of the columns read, decoded and summed into groups
//! without building polars columns first.
//!
//! A Parquet export stores its queues and categories as a dictionary per column chunk and an
//! index per row. polars turns every index back into a string, then encodes and hashes the
//! strings again to group them, which is most of its time on a ticket export (issue 14). This
//! reader looks each dictionary entry up once per column chunk, keeps the index per row, and
//! adds each row to the group of its (role, category, flag) ids.
//!
//! It reads the common case: flat columns, role, category and a text flag as strings, a
//! boolean flag, handle times as integers or floats, dates as timestamps or dates; values
//! written plain or by dictionary, pages of version 1 or 2, any compression polars reads.
//! Anything else (a count column, event rows, a date stored as INT96, a delta-encoded page, a
//! file that does not parse) is `Unread`, and polars scans the export instead, with its own
//! messages for a file that is damaged. The tests compare both readers on random files.

use super::direct::{groups_frame, Reading, Sums, Unread};
use super::totals::Totals;
use hashbrown::HashMap;
use polars::prelude::*;
use polars_buffer::Buffer;
use polars_parquet::parquet::encoding::hybrid_rle::{HybridRleChunk, HybridRleDecoder};
use polars_parquet::parquet::encoding::Encoding;
use polars_parquet::parquet::metadata::{ColumnChunkMetadata, FileMetadata};
use polars_parquet::parquet::page::{split_buffer, CompressedPage, DataPage, DataPageHeader};
use polars_parquet::parquet::read::{read_metadata, BasicDecompressor, PageReader};
use polars_parquet::parquet::schema::types::{
    PhysicalType, PrimitiveConvertedType, PrimitiveLogicalType, TimeUnit as StoredUnit,
};
use rustc_hash::FxBuildHasher;
use std::io::Cursor;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

mod delta;
mod footer;

/// How a column read is stored and what it gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    /// Strings: role, category, a flag written as text.
    Text,
    /// A boolean automated flag.
    Flag,
    /// Handle times, stored as `stored` (the physical type of polars' type for the column);
    /// `unsigned` for the unsigned integer types, stored in signed ones.
    Number {
        stored: PhysicalType,
        unsigned: bool,
    },
    /// Timestamps or dates, read as milliseconds since the epoch.
    Date,
}

/// A column read, by its name in the file.
#[derive(Debug, Clone)]
pub(super) struct Source {
    pub(super) name: String,
    pub(super) kind: Kind,
}

/// How a Parquet export's rows are read, decided once from its plan.
#[derive(Debug, Clone)]
pub(super) struct Columnar {
    /// The name every ticket gets (`--role`), whatever its role column says.
    pub(super) role_name: Option<String>,
    /// The columns read into each slot: role, category, flag, handle time, date.
    pub(super) sources: [Option<Source>; SLOTS],
    /// Minutes per unit of the handle times.
    pub(super) factor: f64,
}

/// The slots of the columns read.
pub(super) const SLOTS: usize = 5;
pub(super) const ROLE: usize = 0;
pub(super) const CATEGORY: usize = 1;
pub(super) const AUTOMATED: usize = 2;
pub(super) const HANDLE: usize = 3;
pub(super) const DATE: usize = 4;

/// A cell of a row as decoded: an id of the interned text (text and flags), the bits of a
/// float (handle times) or milliseconds (dates); `NULL` where the row has no value.
type Cell = u64;
const NULL: Cell = u64::MAX;

/// The sign bit, flipped in a date's cell.
const SIGN: Cell = 1 << 63;

/// A page larger than this, decompressed, is left to polars (a damaged header can claim
/// gigabytes).
const MOST_PAGE_BYTES: usize = 1 << 30;

/// More values than this in one page are left to polars (writers put a megabyte or so in a
/// page; a damaged header can claim billions).
const MOST_PAGE_VALUES: usize = 1 << 24;

/// The groups of a part of the export, by the ids of its role, category and flag.
type Table = HashMap<[u32; 3], Sums, FxBuildHasher>;

impl Columnar {
    /// Totals of a whole Parquet export, in the shape of polars' aggregation; `Err(Unread)`
    /// when it has something this reader leaves to polars.
    pub(super) fn read(&self, disk: &Path) -> Result<PolarsResult<Totals>, Unread> {
        let file = std::fs::File::open(disk).map_err(|_| Unread)?;
        // SAFETY: the file is only read. A file truncated by another process while it is
        // mapped can stop the process (as it can polars' own reader, which maps it too).
        let map = std::sync::Arc::new(unsafe { memmap2::Mmap::map(&file) }.map_err(|_| Unread)?);
        let meta = read_metadata(&mut Cursor::new(&map[..])).map_err(|_| Unread)?;
        let leaves = self.leaves(&meta)?;
        let bytes = Buffer::from_owner(Mapped(map.clone()));
        let next = AtomicUsize::new(0);
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(meta.row_groups.len())
            .max(1);
        let parts: Vec<Result<Part, Unread>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    s.spawn(|| {
                        let mut part = Part::new();
                        loop {
                            let g = next.fetch_add(1, Ordering::Relaxed);
                            let Some(group) = meta.row_groups.get(g) else {
                                return Ok(part);
                            };
                            let mut chunks = [None; SLOTS];
                            for (chunk, leaf) in chunks.iter_mut().zip(leaves) {
                                if let Some(i) = leaf {
                                    // A row group short of columns is damaged.
                                    *chunk = Some(group.parquet_columns().get(i).ok_or(Unread)?);
                                }
                            }
                            self.row_group(&bytes, &chunks, group.num_rows(), &mut part)?;
                            release(&map, chunks.iter().flatten().map(|c| c.byte_range()));
                        }
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(Err(Unread)))
                .collect()
        });
        let parts = parts.into_iter().collect::<Result<Vec<Part>, Unread>>()?;
        Ok(self.totals(parts))
    }

    /// The index among the file's leaf columns of each column read; `Unread` when one is
    /// nested, repeated or stored in a way this reader does not decode.
    fn leaves(&self, meta: &FileMetadata) -> Result<[Option<usize>; SLOTS], Unread> {
        let columns = meta.schema_descr.columns();
        let mut leaves = [None; SLOTS];
        for (slot, source) in self.sources.iter().enumerate() {
            let Some(source) = source else { continue };
            let i = columns
                .iter()
                .position(|c| {
                    c.path_in_schema.len() == 1 && c.path_in_schema[0].as_str() == source.name
                })
                .ok_or(Unread)?;
            let d = &columns[i].descriptor;
            if d.max_rep_level != 0 || d.max_def_level > 1 {
                return Err(Unread);
            }
            let physical = d.primitive_type.physical_type;
            let fits = match source.kind {
                Kind::Text => physical == PhysicalType::ByteArray,
                Kind::Flag => physical == PhysicalType::Boolean,
                // Stored as polars' type says: what differs, polars casts its own way.
                Kind::Number { stored, .. } => physical == stored,
                Kind::Date => date_unit(&columns[i].descriptor.primitive_type).is_some(),
            };
            if !fits {
                return Err(Unread);
            }
            leaves[slot] = Some(i);
        }
        Ok(leaves)
    }

    /// Adds the rows of one row group to `part`, a window of rows at a time: as many as every
    /// column has decoded in its current page.
    fn row_group(
        &self,
        bytes: &Buffer<u8>,
        chunks: &[Option<&ColumnChunkMetadata>; SLOTS],
        rows: usize,
        part: &mut Part,
    ) -> Result<(), Unread> {
        let mut columns: [Option<Chunk>; SLOTS] = Default::default();
        for (slot, chunk) in chunks.iter().enumerate() {
            if let (Some(chunk), Some(source)) = (chunk, &self.sources[slot]) {
                columns[slot] = Some(Chunk::new(
                    bytes,
                    chunk,
                    source.kind,
                    rows,
                    &mut part.texts,
                )?);
            }
        }
        let role_read = self.role_name.is_none();
        // polars multiplies single-precision handle times in single precision: the minutes,
        // and whether they are within a day, are computed alike.
        let single = columns[HANDLE]
            .as_ref()
            .is_some_and(|c| c.physical == PhysicalType::Float);
        let (factor, factor32) = (self.factor, self.factor as f32);
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        let mut done = 0;
        while done < rows {
            let mut n = rows - done;
            for column in columns.iter_mut().flatten() {
                n = n.min(column.fill(&mut part.texts)?);
            }
            let slice = |slot: usize| columns[slot].as_ref().map(|c| &c.cells[c.pos..c.pos + n]);
            let [role, category, automated, handle, date] =
                [ROLE, CATEGORY, AUTOMATED, HANDLE, DATE].map(slice);
            for row in 0..n {
                let cell = |s: Option<&[Cell]>| s.map_or(NULL, |s| s[row]);
                let (r, c, a) = (cell(role), cell(category), cell(automated));
                let (h, d) = (cell(handle), cell(date));
                // No value in any column read (their bits, ANDed, are all NULL's): a blank
                // row, not a ticket. The role column counts even with `--role`.
                if r & c & a & h & d == NULL {
                    continue;
                }
                // Text ids fit in 32 bits; NULL becomes u32::MAX, no text's id.
                let r = if role_read { r } else { NULL };
                let key = [r as u32, c as u32, a as u32];
                let reading = match f64::from_bits(h) {
                    _ if h == NULL => Reading::Missing,
                    m if m.is_nan() => Reading::Missing,
                    m if single => Reading::Minutes(f64::from(m as f32 * factor32)),
                    m => Reading::Minutes(m * factor),
                };
                part.table.entry(key).or_default().add(reading);
                if d != NULL {
                    let d = (d ^ SIGN) as i64;
                    lo = lo.min(d);
                    hi = hi.max(d);
                }
            }
            for column in columns.iter_mut().flatten() {
                column.pos += n;
            }
            done += n;
        }
        if lo <= hi {
            let unit = columns[DATE].as_ref().map_or(1, |c| c.unit);
            let (lo, hi) = (millis(unit, lo)?, millis(unit, hi)?);
            part.first = Some(part.first.map_or(lo, |f| f.min(lo)));
            part.last = Some(part.last.map_or(hi, |l| l.max(hi)));
        }
        // Every column ends with the row group: a column with more rows is damaged.
        for column in columns.iter_mut().flatten() {
            if column.pos < column.cells.len() || column.next_page(&mut part.texts)? {
                return Err(Unread);
            }
        }
        Ok(())
    }

    /// The parts of the workers added up, as a frame of groups.
    fn totals(&self, parts: Vec<Part>) -> PolarsResult<Totals> {
        let first = parts.iter().filter_map(|p| p.first).min();
        let last = parts.iter().filter_map(|p| p.last).max();
        let mut all: HashMap<[Option<&[u8]>; 3], Sums> = HashMap::new();
        for part in &parts {
            for (ids, sums) in &part.table {
                let key = ids.map(|id| part.texts.values.get(id as usize).map(|v| &v[..]));
                all.entry(key).or_default().merge(sums);
            }
        }
        let (keys, sums): (Vec<_>, Vec<_>) = all.into_iter().unzip();
        Ok(Totals {
            groups: groups_frame(self.role_name.as_deref(), &keys, &sums)?,
            first,
            last,
        })
    }
}

/// Checks a Parquet file before polars reads it: its footer's lists and strings fit in its
/// bytes (polars reserves what a damaged one claims, up to hundreds of gigabytes), and every
/// column chunk lies within the file (polars' streaming reader slices the file by these ranges
/// without checking them: undefined behaviour, seen as a crash). A file too short for a footer,
/// or a footer that does not parse, is left to polars, which says so.
pub(super) fn check_layout(disk: &Path) -> PolarsResult<()> {
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
struct Mapped(std::sync::Arc<memmap2::Mmap>);

impl AsRef<[u8]> for Mapped {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// Unmaps the pages of a file mapping that hold `ranges` once they are read, so that the
/// process does not keep a file's worth of pages mapped (its peak memory would grow with the
/// file); they stay in the page cache, and one read again is mapped again.
pub(super) fn release(map: &memmap2::Mmap, ranges: impl Iterator<Item = std::ops::Range<u64>>) {
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

/// What one worker has summed: its groups, its texts and its dates.
struct Part {
    table: Table,
    texts: Texts,
    first: Option<i64>,
    last: Option<i64>,
}

impl Part {
    fn new() -> Part {
        Part {
            table: Table::default(),
            texts: Texts::default(),
            first: None,
            last: None,
        }
    }
}

/// The distinct texts a worker has read, each with its id.
#[derive(Default)]
struct Texts {
    ids: HashMap<Box<[u8]>, u32, FxBuildHasher>,
    values: Vec<Box<[u8]>>,
    /// The ids of a boolean flag's texts, false and true, once one is read.
    flags: Option<[Cell; 2]>,
}

impl Texts {
    /// The cell of a boolean flag: the id of its text, as polars writes it.
    fn flag(&mut self, yes: bool) -> Result<Cell, Unread> {
        let flags = match self.flags {
            Some(flags) => flags,
            None => {
                let flags = [
                    Cell::from(self.id(b"false")?),
                    Cell::from(self.id(b"true")?),
                ];
                *self.flags.insert(flags)
            }
        };
        Ok(flags[usize::from(yes)])
    }

    /// The id of a text; `Unread` for text that is not UTF-8, which polars reports.
    fn id(&mut self, text: &[u8]) -> Result<u32, Unread> {
        if let Some(&id) = self.ids.get(text) {
            return Ok(id);
        }
        std::str::from_utf8(text).map_err(|_| Unread)?;
        let id = u32::try_from(self.values.len())
            .ok()
            .filter(|&id| id < u32::MAX)
            .ok_or(Unread)?;
        self.values.push(text.into());
        self.ids.insert(text.into(), id);
        Ok(id)
    }
}

/// One column chunk being read: its pages, its dictionary, and the cells of its current page.
struct Chunk {
    pages: BasicDecompressor,
    kind: Kind,
    physical: PhysicalType,
    /// Milliseconds per stored unit of a date, or stored units per millisecond (negative).
    unit: i64,
    optional: bool,
    /// The values the row group has left for this column.
    left: usize,
    dictionary: Option<Vec<Cell>>,
    /// The current page's cells, one per row, and the next one not yet added.
    cells: Vec<Cell>,
    pos: usize,
    /// The current page's values, without its nulls, definition levels and dictionary
    /// indices (kept to spare an allocation per page).
    values: Vec<Cell>,
    levels: Vec<u32>,
    indices: Vec<u32>,
    /// Integers of a delta-encoded page.
    ints: Vec<i64>,
}

impl Chunk {
    fn new(
        bytes: &Buffer<u8>,
        chunk: &ColumnChunkMetadata,
        kind: Kind,
        rows: usize,
        texts: &mut Texts,
    ) -> Result<Chunk, Unread> {
        let range = chunk.byte_range();
        let (start, end) = (range.start as usize, range.end as usize);
        if start > end || end > bytes.len() {
            return Err(Unread);
        }
        let pages = PageReader::new(
            Cursor::new(bytes.clone().sliced(start..end)),
            chunk,
            Vec::new(),
            usize::MAX,
        );
        let primitive = &chunk.descriptor().descriptor.primitive_type;
        let mut column = Chunk {
            pages: BasicDecompressor::new(pages, Vec::new()),
            kind,
            physical: primitive.physical_type,
            unit: if kind == Kind::Date {
                date_unit(primitive).ok_or(Unread)?
            } else {
                1
            },
            optional: chunk.descriptor().descriptor.max_def_level == 1,
            left: rows,
            dictionary: None,
            cells: Vec::new(),
            pos: 0,
            values: Vec::new(),
            levels: Vec::new(),
            indices: Vec::new(),
            ints: Vec::new(),
        };
        if let Some(page) = column.pages.read_dict_page().map_err(|_| Unread)? {
            // Every value takes a byte at least: a count beyond that is damaged.
            if page.num_values > page.buffer.len() {
                return Err(Unread);
            }
            let mut values = Vec::with_capacity(page.num_values);
            column.plain(&page.buffer, page.num_values, texts, &mut values)?;
            column.dictionary = Some(values);
        }
        Ok(column)
    }

    /// Makes sure the current page has rows left, reading the next one if needed; returns
    /// how many it has left.
    fn fill(&mut self, texts: &mut Texts) -> Result<usize, Unread> {
        while self.pos == self.cells.len() {
            if !self.next_page(texts)? {
                // The row group says it has more rows than this column.
                return Err(Unread);
            }
        }
        Ok(self.cells.len() - self.pos)
    }

    /// Decodes the next data page into `cells`; false at the end of the column chunk.
    fn next_page(&mut self, texts: &mut Texts) -> Result<bool, Unread> {
        let Some(item) = self.pages.next() else {
            return Ok(false);
        };
        let item = item.map_err(|_| Unread)?;
        if item.page().uncompressed_size() > MOST_PAGE_BYTES {
            return Err(Unread);
        }
        let page = item.decompress(&mut self.pages).map_err(|_| Unread)?;
        self.cells.clear();
        self.pos = 0;
        self.decode(&page, texts)?;
        self.pages.reuse_page_buffer(page);
        Ok(true)
    }

    /// The cells of a data page: its values, and nulls where its definition levels say so.
    fn decode(&mut self, page: &DataPage, texts: &mut Texts) -> Result<(), Unread> {
        let n = page.num_values();
        // A page of more values than its row group has left, or than any writer puts in a
        // page, is damaged: runs of one value would make a count of billions from a few bytes.
        self.left = self.left.checked_sub(n).ok_or(Unread)?;
        if n > MOST_PAGE_VALUES {
            return Err(Unread);
        }
        if let DataPageHeader::V2(header) = page.header() {
            // polars splits a version 2 page at these lengths without checking them.
            let levels = i64::from(header.repetition_levels_byte_length)
                + i64::from(header.definition_levels_byte_length);
            if !(0..=page.buffer().len() as i64).contains(&levels)
                || header.repetition_levels_byte_length < 0
                || header.definition_levels_byte_length < 0
            {
                return Err(Unread);
            }
        }
        let split = split_buffer(page).map_err(|_| Unread)?;
        let present = if self.optional {
            if let DataPageHeader::V1(_) = page.header() {
                if page.definition_level_encoding() != Encoding::Rle {
                    return Err(Unread);
                }
            }
            levels(split.def, n, &mut self.levels)?
        } else {
            n
        };
        // Without nulls the values are the cells.
        let dense = present == n;
        let mut values = std::mem::take(if dense {
            &mut self.cells
        } else {
            &mut self.values
        });
        values.clear();
        let decoded = self.values_of(page.encoding(), split.values, present, texts, &mut values);
        let count = values.len();
        if dense {
            self.cells = values;
        } else {
            self.values = values;
        }
        decoded?;
        if count != present {
            return Err(Unread);
        }
        if !dense {
            let mut values = self.values.iter();
            for &level in &self.levels {
                // Any level but 0 is the column's only level of a value, as polars reads it.
                let cell = if level != 0 {
                    *values.next().ok_or(Unread)?
                } else {
                    NULL
                };
                self.cells.push(cell);
            }
        }
        Ok(())
    }

    /// The `n` values of a data page, written plain, by dictionary or (flags) run-length.
    fn values_of(
        &mut self,
        encoding: Encoding,
        bytes: &[u8],
        n: usize,
        texts: &mut Texts,
        out: &mut Vec<Cell>,
    ) -> Result<(), Unread> {
        match encoding {
            Encoding::Plain => self.plain(bytes, n, texts, out),
            Encoding::PlainDictionary | Encoding::RleDictionary => {
                let dictionary = self.dictionary.as_ref().ok_or(Unread)?;
                let (&width, indices) = bytes.split_first().ok_or(Unread)?;
                if width > 32 {
                    return Err(Unread);
                }
                runs(indices, u32::from(width), n, &mut self.indices)?;
                out.reserve(self.indices.len());
                for &i in &self.indices {
                    out.push(*dictionary.get(i as usize).ok_or(Unread)?);
                }
                Ok(())
            }
            Encoding::DeltaBinaryPacked
                if matches!(self.kind, Kind::Number { .. } | Kind::Date)
                    && matches!(self.physical, PhysicalType::Int32 | PhysicalType::Int64) =>
            {
                let mut ints = std::mem::take(&mut self.ints);
                ints.clear();
                let read = delta::ints(bytes, n, &mut ints).and_then(|_| {
                    for &v in &ints {
                        out.push(self.int(v)?);
                    }
                    Ok(())
                });
                self.ints = ints;
                read
            }
            Encoding::DeltaLengthByteArray if self.kind == Kind::Text => {
                delta::length_strings(bytes, n, &mut self.ints, |text| {
                    out.push(Cell::from(texts.id(text)?));
                    Ok(())
                })
            }
            Encoding::DeltaByteArray if self.kind == Kind::Text => {
                delta::prefixed_strings(bytes, n, &mut self.ints, |text| {
                    out.push(Cell::from(texts.id(text)?));
                    Ok(())
                })
            }
            Encoding::Rle if self.kind == Kind::Flag => {
                // Booleans run-length encoded, after the length of the runs.
                let bytes = bytes.get(4..).ok_or(Unread)?;
                runs(bytes, 1, n, &mut self.indices)?;
                for &bit in &self.indices {
                    out.push(texts.flag(bit != 0)?);
                }
                Ok(())
            }
            _ => Err(Unread),
        }
    }

    /// `n` values written plain, as cells.
    fn plain(
        &self,
        bytes: &[u8],
        n: usize,
        texts: &mut Texts,
        out: &mut Vec<Cell>,
    ) -> Result<(), Unread> {
        let fixed = |width: usize| -> Result<std::slice::ChunksExact<'_, u8>, Unread> {
            let bytes = bytes
                .get(..n.checked_mul(width).ok_or(Unread)?)
                .ok_or(Unread)?;
            Ok(bytes.chunks_exact(width))
        };
        let number = |v: f64| match v {
            v if v.is_nan() => f64::NAN.to_bits(),
            v => v.to_bits(),
        };
        match (self.kind, self.physical) {
            (Kind::Text, PhysicalType::ByteArray) => {
                let mut rest = bytes;
                for _ in 0..n {
                    let (len, tail) = rest.split_first_chunk::<4>().ok_or(Unread)?;
                    let len = u32::from_le_bytes(*len) as usize;
                    let text = tail.get(..len).ok_or(Unread)?;
                    out.push(Cell::from(texts.id(text)?));
                    rest = &tail[len..];
                }
            }
            (Kind::Flag, PhysicalType::Boolean) => {
                if bytes.len() < n.div_ceil(8) {
                    return Err(Unread);
                }
                for i in 0..n {
                    out.push(texts.flag(bytes[i / 8] >> (i % 8) & 1 == 1)?);
                }
            }
            (Kind::Number { .. } | Kind::Date, PhysicalType::Int32) => {
                for v in fixed(4)? {
                    let v = i32::from_le_bytes([v[0], v[1], v[2], v[3]]);
                    out.push(self.int(i64::from(v))?);
                }
            }
            (Kind::Number { .. } | Kind::Date, PhysicalType::Int64) => {
                for v in fixed(8)? {
                    let v: [u8; 8] = v.try_into().map_err(|_| Unread)?;
                    out.push(self.int(i64::from_le_bytes(v))?);
                }
            }
            (Kind::Number { .. }, PhysicalType::Float) => {
                for v in fixed(4)? {
                    out.push(number(f64::from(f32::from_le_bytes([
                        v[0], v[1], v[2], v[3],
                    ]))));
                }
            }
            (Kind::Number { .. }, PhysicalType::Double) => {
                for v in fixed(8)? {
                    let v: [u8; 8] = v.try_into().map_err(|_| Unread)?;
                    out.push(number(f64::from_le_bytes(v)));
                }
            }
            _ => return Err(Unread),
        }
        Ok(())
    }

    /// The cell of an integer stored in a 32- or 64-bit column: a handle time as a float (an
    /// unsigned one read as such), or a date in milliseconds.
    fn int(&self, v: i64) -> Result<Cell, Unread> {
        let narrow = self.physical == PhysicalType::Int32;
        match self.kind {
            Kind::Number { unsigned, .. } => Ok(match (narrow, unsigned) {
                (true, true) => f64::from(v as i32 as u32),
                (true, false) => f64::from(v as i32),
                (false, true) => v as u64 as f64,
                (false, false) => v as f64,
            }
            .to_bits()),
            // Dates as stored, their sign bit flipped (so that -1 is not NULL): only the row
            // group's first and last become milliseconds (the conversion keeps their order).
            // The one value that would read as missing (the largest) is left to polars.
            Kind::Date => match if narrow { i64::from(v as i32) } else { v } as Cell ^ SIGN {
                NULL => Err(Unread),
                cell => Ok(cell),
            },
            Kind::Text | Kind::Flag => Err(Unread),
        }
    }
}

/// A stored date or timestamp in milliseconds, as polars casts it (whole milliseconds, rounded
/// down), by the column's `unit` (see `Chunk::unit`).
fn millis(unit: i64, stored: i64) -> Result<i64, Unread> {
    if unit > 0 {
        stored.checked_mul(unit).ok_or(Unread)
    } else {
        Ok(stored.div_euclid(-unit))
    }
}

/// The number of values among a page's `n` rows, from its definition levels; the levels are
/// decoded into `out` unless they are one run saying every row has a value (a page without
/// nulls), and any level but 0 is a value, as polars reads them.
fn levels(bytes: &[u8], n: usize, out: &mut Vec<u32>) -> Result<usize, Unread> {
    out.clear();
    if let Ok(Some(HybridRleChunk::Rle(value, length))) =
        HybridRleDecoder::new(bytes, 1, n).next_chunk()
    {
        if value != 0 && length == n {
            return Ok(n);
        }
    }
    runs(bytes, 1, n, out)?;
    Ok(out.iter().filter(|&&level| level != 0).count())
}

/// Decodes `n` values of the run-length and bit-packed hybrid encoding into `out`; `Unread`
/// when there are fewer.
fn runs(bytes: &[u8], width: u32, n: usize, out: &mut Vec<u32>) -> Result<(), Unread> {
    out.clear();
    let mut decoder = HybridRleDecoder::new(bytes, width, n);
    while let Some(chunk) = decoder.next_chunk().map_err(|_| Unread)? {
        match chunk {
            HybridRleChunk::Rle(value, length) => out.resize(out.len() + length, value),
            HybridRleChunk::Bitpacked(values) => values.collect_into(out),
        }
    }
    if out.len() != n {
        return Err(Unread);
    }
    Ok(())
}

/// How a stored date becomes milliseconds: milliseconds per unit stored (dates, timestamps in
/// milliseconds), or units per millisecond as a negative number; none for a column that is not
/// a date or timestamp this reader reads.
fn date_unit(t: &polars_parquet::parquet::schema::types::PrimitiveType) -> Option<i64> {
    match (t.physical_type, t.logical_type, t.converted_type) {
        (PhysicalType::Int32, Some(PrimitiveLogicalType::Date), _)
        | (PhysicalType::Int32, None, Some(PrimitiveConvertedType::Date)) => Some(86_400_000),
        (PhysicalType::Int64, Some(PrimitiveLogicalType::Timestamp { unit, .. }), _) => {
            Some(match unit {
                StoredUnit::Milliseconds => 1,
                StoredUnit::Microseconds => -1_000,
                StoredUnit::Nanoseconds => -1_000_000,
            })
        }
        (PhysicalType::Int64, None, Some(PrimitiveConvertedType::TimestampMillis)) => Some(1),
        (PhysicalType::Int64, None, Some(PrimitiveConvertedType::TimestampMicros)) => Some(-1_000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::compressed::Compression;
    use super::super::direct::tests::{comparable, Random};
    use super::super::export::{open, Export};
    use super::super::plan::Plan;
    use super::super::whole::scan;
    use super::super::{Notes, Options};
    use super::*;

    /// One random export: the column types, encodings and odd values both readers must read
    /// alike. `spread` distinct categories (many make polars write them plain, not by
    /// dictionary).
    fn random_export(r: &mut Random, rows: usize, spread: usize) -> DataFrame {
        let maybe = |r: &mut Random, v: Option<String>| v.filter(|_| r.below(9) > 0);
        let mut queues = Vec::new();
        let mut categories = Vec::new();
        let (mut handles, mut flags, mut said, mut dates) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rows {
            if r.below(30) == 0 {
                // A blank row: nothing in any column read.
                queues.push(None);
                categories.push(None);
                handles.push(None);
                flags.push(None);
                said.push(None);
                dates.push(None);
                continue;
            }
            let queue = r.pick(&["L1 Chat", "L1 Email", "Back office", "N/A", ""]);
            queues.push(maybe(r, Some(queue.to_string())));
            let category = format!("Category {}", r.below(spread));
            categories.push(maybe(r, Some(category)));
            let handle = match r.below(12) {
                0 => -(r.below(100) as f64),
                1 => 100_000.0 + r.below(10) as f64,
                2 => f64::NAN,
                // A day exactly: within it in double precision, past it in single.
                3 => 86_400.0,
                _ => r.below(2_000) as f64 + 0.25 * r.below(4) as f64,
            };
            handles.push(Some(handle).filter(|_| r.below(9) > 0));
            flags.push(Some(r.below(2) == 0).filter(|_| r.below(5) > 0));
            let flag = r.pick(&["yes", "no", "TRUE", "n/a"]).to_string();
            said.push(maybe(r, Some(flag)));
            // Nanoseconds in 2026 and before the epoch (where whole milliseconds round down).
            let ms = match r.below(4) {
                0 => -(r.below(1 << 30) as i64) - 1,
                _ => 1_790_000_000_000 + r.below(1 << 30) as i64,
            };
            let ns = ms * 1_000_000 + r.below(1_000_000) as i64;
            dates.push(Some(ns).filter(|_| r.below(9) > 0));
        }
        let ids: Vec<String> = (0..rows).map(|i| format!("T{i}")).collect();
        let handle = Column::new("Handle time (sec)".into(), handles);
        let handle = match r.below(6) {
            0 => handle.cast(&DataType::Int64),
            1 => handle.cast(&DataType::Int32),
            2 => handle.cast(&DataType::UInt32),
            3 => handle.cast(&DataType::Float32),
            _ => Ok(handle),
        }
        .unwrap();
        let flag = match r.below(2) {
            0 => Column::new("Resolved by bot".into(), flags),
            _ => Column::new("Resolved by bot".into(), said),
        };
        let date = Column::new("Created at".into(), dates)
            .cast(&DataType::Datetime(TimeUnit::Nanoseconds, None))
            .unwrap();
        let date = match r.below(5) {
            0 => date.cast(&DataType::Datetime(TimeUnit::Microseconds, None)),
            1 => Ok(date),
            2 => date.cast(&DataType::Date),
            // Polars names UTC so; a warehouse's export (DuckDB's TIMESTAMPTZ) reads as +00:00.
            3 => date.cast(&DataType::Datetime(
                TimeUnit::Milliseconds,
                Some(unsafe { TimeZone::from_static(["UTC", "+00:00"][r.below(2)]) }),
            )),
            _ => date.cast(&DataType::Datetime(TimeUnit::Milliseconds, None)),
        }
        .unwrap();
        let columns = vec![
            Column::new("Ticket ID".into(), ids),
            date,
            Column::new("Queue".into(), queues),
            Column::new("Category".into(), categories),
            handle,
            flag,
        ];
        DataFrame::new(rows, columns).unwrap()
    }

    /// Writes an export with random row groups, page sizes and compression.
    fn write(r: &mut Random, frame: &mut DataFrame) -> tempfile::NamedTempFile {
        let file = tempfile::Builder::new()
            .suffix(".parquet")
            .tempfile()
            .unwrap();
        let compression = match r.below(5) {
            0 => ParquetCompression::Uncompressed,
            1 => ParquetCompression::Zstd(None),
            2 => ParquetCompression::Lz4Raw,
            3 => ParquetCompression::Gzip(None),
            _ => ParquetCompression::Snappy,
        };
        ParquetWriter::new(file.reopen().unwrap())
            .with_compression(compression)
            .with_row_group_size(Some(50 + r.below(400)))
            .with_data_page_size(Some(256 + r.below(4096)))
            .finish(frame)
            .unwrap();
        file
    }

    /// Both readers on random exports: the direct one reads each (all are of the kind it
    /// reads), with the same totals as polars' scan, with and without `--role`.
    #[test]
    fn direct_and_polars_parquet_readers_agree_on_random_exports() {
        let mut r = Random(0x3c6e_f372_fe94_f82b);
        for case in 0..60 {
            let rows = 1 + r.below(1_500);
            let spread = [3, 40, 5_000][r.below(3)];
            let mut frame = random_export(&mut r, rows, spread);
            let file = write(&mut r, &mut frame);
            let path = file.path().to_str().unwrap().to_string();
            for opts in [
                Options::default(),
                Options {
                    role: Some("Support".into()),
                    ..Options::default()
                },
            ] {
                let (by_direct, by_polars) = both(&path, &opts);
                let (direct, polars) = (comparable(&by_direct), comparable(&by_polars));
                // polars sums Float32 handle times in single precision, this reader in double:
                // figures agree to a millionth, counts exactly.
                let close = |a: &Vec<i64>, b: &Vec<i64>| {
                    a.len() == b.len()
                        && a.iter().zip(b).all(|(x, y)| {
                            (x - y).abs() as f64 <= 1e-6 * (x.abs().max(y.abs()) as f64)
                        })
                };
                let differ: Vec<_> = direct
                    .0
                    .iter()
                    .filter(|(k, v)| polars.0.get(*k).is_none_or(|p| !close(v, p)))
                    .take(3)
                    .map(|(k, v)| (k, v, polars.0.get(k)))
                    .collect();
                assert!(
                    differ.is_empty()
                        && direct.0.len() == polars.0.len()
                        && (direct.1, direct.2) == (polars.1, polars.2),
                    "case {case} ({:?}): groups differ {differ:?}; {} and {} groups, dates {:?} and {:?}",
                    frame.dtypes(),
                    direct.0.len(),
                    polars.0.len(),
                    (direct.1, direct.2),
                    (polars.1, polars.2),
                );
            }
        }
    }

    /// The totals of both readers of an export, the direct one required to read it.
    fn both(path: &str, opts: &Options) -> (Totals, Totals) {
        let (mut notes, mut warnings) = (Notes::default(), Vec::new());
        let opened = open(path, opts, &mut notes, &mut warnings).unwrap();
        let plan = Plan::new(path, &opened.head, &opened.map, opts, &mut notes).unwrap();
        let export = Export {
            file: path,
            disk: Path::new(path),
            compression: Compression::None,
            parquet: true,
            head: &opened.head,
            sha256: false,
        };
        let columnar = plan.columnar.as_ref().expect("the direct reader reads it");
        let by_direct = columnar
            .read(Path::new(path))
            .unwrap_or_else(|_| panic!("{path}: left to polars"))
            .unwrap();
        (by_direct, scan(&export, &plan, None).unwrap())
    }

    /// DuckDB's exports (written by it as the fuzzing seeds): pages of versions 1 and 2
    /// (integers and subjects delta-encoded), compressed or not, with a float, a text flag,
    /// dates, 32-bit integers and times in UTC.
    #[test]
    fn direct_and_polars_parquet_readers_agree_on_duckdb_exports() {
        for name in [
            "v1_snappy",
            "v1_plain",
            "v2_zstd",
            "v2_uncompressed",
            "float_text_flag_date",
            "int32_utc",
            "v2_subjects",
        ] {
            let path = format!("fuzz/corpus/tickets_parquet/{name}.parquet");
            let (direct, polars) = both(&path, &Options::default());
            assert_eq!(comparable(&direct), comparable(&polars), "{name}");
            assert!(direct.groups.height() > 10, "{name}");
        }
    }

    /// A file that is not whole is left to polars, which says what is wrong with it.
    #[test]
    fn a_damaged_export_is_left_to_polars() {
        let mut r = Random(0x510e_527f_ade6_82d1);
        let mut frame = random_export(&mut r, 2_000, 3);
        let file = write(&mut r, &mut frame);
        let path = file.path().to_str().unwrap().to_string();
        let opts = Options::default();
        let (mut notes, mut warnings) = (Notes::default(), Vec::new());
        let opened = open(&path, &opts, &mut notes, &mut warnings).unwrap();
        let plan = Plan::new(&path, &opened.head, &opened.map, &opts, &mut notes).unwrap();
        let columnar = plan.columnar.expect("the direct reader reads it");
        let bytes = std::fs::read(file.path()).unwrap();
        // Bytes overwritten in the middle of the pages, and a file cut short.
        let mut scribbled = bytes.clone();
        for b in &mut scribbled[bytes.len() / 4..bytes.len() / 2] {
            *b = b.wrapping_mul(31).wrapping_add(7);
        }
        let damaged = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(damaged.path(), &scribbled).unwrap();
        assert!(columnar.read(damaged.path()).is_err());
        std::fs::write(damaged.path(), &bytes[..bytes.len() / 2]).unwrap();
        assert!(columnar.read(damaged.path()).is_err());
    }
}
