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
use polars_parquet::parquet::metadata::{ColumnChunkMetadata, FileMetadata};
use polars_parquet::parquet::read::read_metadata;
use polars_parquet::parquet::schema::types::PhysicalType;
use rustc_hash::FxBuildHasher;
use std::io::Cursor;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

mod chunk;
mod delta;
mod footer;
mod layout;

use chunk::{date_unit, millis, Chunk, Texts};
use layout::Mapped;
pub(super) use layout::{check_layout, release};

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
