//! One column chunk of a Parquet export read page by page into cells, one per row: its
//! dictionary looked up once, its definition levels, and the encodings it reads (plain,
//! dictionary, run-length, delta); and the texts a worker has read, each with its id.

use super::delta;
use super::{Cell, Kind, Unread, MOST_PAGE_BYTES, MOST_PAGE_VALUES, NULL, SIGN};
use hashbrown::HashMap;
use polars_buffer::Buffer;
use polars_parquet::parquet::encoding::hybrid_rle::{HybridRleChunk, HybridRleDecoder};
use polars_parquet::parquet::encoding::Encoding;
use polars_parquet::parquet::metadata::ColumnChunkMetadata;
use polars_parquet::parquet::page::{split_buffer, DataPage, DataPageHeader};
use polars_parquet::parquet::read::{BasicDecompressor, PageReader};
use polars_parquet::parquet::schema::types::{
    PhysicalType, PrimitiveConvertedType, PrimitiveLogicalType, TimeUnit as StoredUnit,
};
use rustc_hash::FxBuildHasher;
use std::io::Cursor;

/// The distinct texts a worker has read, each with its id.
#[derive(Default)]
pub(super) struct Texts {
    ids: HashMap<Box<[u8]>, u32, FxBuildHasher>,
    pub(super) values: Vec<Box<[u8]>>,
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
pub(super) struct Chunk {
    pages: BasicDecompressor,
    pub(super) kind: Kind,
    pub(super) physical: PhysicalType,
    /// Milliseconds per stored unit of a date, or stored units per millisecond (negative).
    pub(super) unit: i64,
    optional: bool,
    /// The values the row group has left for this column.
    left: usize,
    dictionary: Option<Vec<Cell>>,
    /// The current page's cells, one per row, and the next one not yet added.
    pub(super) cells: Vec<Cell>,
    pub(super) pos: usize,
    /// The current page's values, without its nulls, definition levels and dictionary
    /// indices (kept to spare an allocation per page).
    values: Vec<Cell>,
    levels: Vec<u32>,
    indices: Vec<u32>,
    /// Integers of a delta-encoded page.
    ints: Vec<i64>,
}

impl Chunk {
    pub(super) fn new(
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
    pub(super) fn fill(&mut self, texts: &mut Texts) -> Result<usize, Unread> {
        while self.pos == self.cells.len() {
            if !self.next_page(texts)? {
                // The row group says it has more rows than this column.
                return Err(Unread);
            }
        }
        Ok(self.cells.len() - self.pos)
    }

    /// Decodes the next data page into `cells`; false at the end of the column chunk.
    pub(super) fn next_page(&mut self, texts: &mut Texts) -> Result<bool, Unread> {
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
pub(super) fn millis(unit: i64, stored: i64) -> Result<i64, Unread> {
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
pub(super) fn date_unit(t: &polars_parquet::parquet::schema::types::PrimitiveType) -> Option<i64> {
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
