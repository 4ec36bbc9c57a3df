//! One ticket export, from its path to its groups: standard input copied to a file, the format
//! recognised (compressed, Parquet or CSV), the columns matched, the plan decided from the
//! sample, then the rows read by the block reader or scanned whole, and the totals added to the
//! groups of all exports.

use super::blocks::{self, Hasher};
use super::compressed::{self, Compression};
use super::groups::collect_groups;
use super::head::{csv_head, parquet_head, Head};
use super::plan::Plan;
use super::totals::{merge, Totals};
use super::whole::scan_whole;
use super::FinerCategory;
use super::{cannot_read, polars_error, unpanicked, Group, Hashes, Options, Tickets, KEYS};
use crate::error::{ErrorKind, InputError};
use crate::input::{columns, InputInfo};
use crate::warning::Warning;
use polars::prelude::*;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// An export opened for reading: its name in messages, the file on disk (a copy for standard
/// input), how it is stored, and its header and sample.
#[derive(Clone, Copy)]
pub(super) struct Export<'a> {
    pub(super) file: &'a str,
    pub(super) disk: &'a Path,
    pub(super) compression: Compression,
    pub(super) parquet: bool,
    pub(super) head: &'a Head,
    /// Compute the SHA-256 too.
    pub(super) sha256: bool,
}

/// An export's head read and its columns matched: what both reading it and writing SQL for
/// it start from.
pub(super) struct Opened {
    pub(super) file: String,
    /// The copy of standard input, kept until the export is read.
    _stdin_copy: Option<tempfile::NamedTempFile>,
    pub(super) disk: PathBuf,
    pub(super) compression: Compression,
    pub(super) parquet: bool,
    pub(super) head: Head,
    pub(super) map: columns::ColumnMap,
}

/// Opens an export, reads its header and sample and matches its columns to the ticket keys
/// (`--map` first, then the synonyms); the finer of two category columns is promoted.
pub(super) fn open(
    path: &str,
    opts: &Options,
    notes: &mut super::Notes,
    warnings: &mut Vec<Warning>,
) -> Result<Opened, InputError> {
    let file = if path == "-" {
        "<stdin>".to_string()
    } else {
        path.to_string()
    };
    // Standard input is copied to a temporary file: an export is read twice (a sample, then
    // all of it).
    let stdin_copy = if path == "-" {
        Some(copy_stdin(&file)?)
    } else {
        None
    };
    let disk = stdin_copy
        .as_ref()
        .map(|t| t.path().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(path));
    std::fs::File::open(&disk).map_err(|e| cannot_read(&file, e))?;
    let compression = compressed::detect(&disk).map_err(|e| cannot_read(&file, e))?;
    let parquet = compression == Compression::None && is_parquet(&disk);
    let head = if parquet {
        unpanicked(|| {
            super::columnar::check_layout(&disk)?;
            parquet_head(&disk)
        })
        .map_err(|e| polars_error(&file, e))?
    } else {
        csv_head(&disk, compression, &file)?
    };
    let mut map = column_map(&file, &head.headers, opts, warnings)?;
    // The finer of two category columns is classified, unless --map named the category.
    let mapped = opts.maps.iter().any(|(k, _)| k == "category");
    if !mapped && map.get("detail").is_some() {
        let used = map.get("detail").map(|i| head.headers[i].clone());
        let instead = map.promote("detail", "category");
        notes.finer_categories.push(FinerCategory {
            file: file.clone(),
            used: used.unwrap_or_default(),
            instead_of: instead.map(|i| head.headers[i].clone()),
        });
    }
    Ok(Opened {
        file,
        _stdin_copy: stdin_copy,
        disk,
        compression,
        parquet,
        head,
        map,
    })
}

/// Reads one export and adds its groups to `acc`, its notes, warnings and input to `out`.
pub(super) fn read_one(
    path: &str,
    opts: &Options,
    bar: Option<&indicatif::ProgressBar>,
    acc: &mut BTreeMap<(String, String), Group>,
    out: &mut Tickets,
) -> Result<(), InputError> {
    let opened = open(path, opts, &mut out.notes, &mut out.warnings)?;
    let Opened {
        file,
        disk,
        compression,
        parquet,
        head,
        map,
        ..
    } = &opened;
    let file = file.clone();
    let polars_err = |e: PolarsError| polars_error(&file, e);
    let plan = Plan::new(&file, head, map, opts, &mut out.notes)?;
    let export = Export {
        file: &file,
        disk,
        compression: *compression,
        parquet: *parquet,
        head,
        sha256: opts.sha256,
    };
    let (hashes, totals) = read_totals(&export, &plan, bar, &mut out.warnings)?;
    if let Some(v) = totals.first {
        out.notes.from_ms = Some(out.notes.from_ms.map_or(v, |x| x.min(v)));
    }
    if let Some(v) = totals.last {
        out.notes.to_ms = Some(out.notes.to_ms.map_or(v, |x| x.max(v)));
    }
    let file_rows =
        collect_groups(&totals.groups, &plan, opts, &file, acc, out).map_err(polars_err)?;
    out.notes.rows += file_rows;
    out.inputs.push(InputInfo {
        path: file,
        sha256: hashes.sha256,
        blake3: hashes.blake3,
        rows: file_rows,
    });
    Ok(())
}

/// Matches the export's header to the ticket keys. The role is required unless `--role` gives
/// it, and a category or a subject always is: without one there is nothing to classify.
fn column_map(
    file: &str,
    headers: &[String],
    opts: &Options,
    warnings: &mut Vec<Warning>,
) -> Result<columns::ColumnMap, InputError> {
    let mut required: Vec<&str> = Vec::new();
    if opts.role.is_none() {
        required.push("role");
    }
    let map = columns::resolve(file, headers, KEYS, &required, &opts.maps, warnings).map_err(|e| {
        if opts.role.is_none() && e.kind == ErrorKind::MissingColumn("role".into()) {
            e.hint("name the queue column with --map role=COLUMN, or put every ticket in one role with --role NAME")
        } else {
            e
        }
    })?;
    if map.get("category").is_none() && map.get("subject").is_none() {
        return Err(InputError::in_file(
            file,
            format!(
                "no column for the ticket category or subject; the columns found are {}",
                crate::input::columns::list(headers)
            ),
        )
        .at_line(1)
        .hint("name it with --map category=COLUMN"));
    }
    Ok(map)
}

/// Reads all of an export's rows into totals, with its hashes: in blocks when it is UTF-8
/// text, whole otherwise, and whole again when the block reader stops.
fn read_totals(
    export: &Export,
    plan: &Plan,
    bar: Option<&indicatif::ProgressBar>,
    warnings: &mut Vec<Warning>,
) -> Result<(Hashes, Totals), InputError> {
    let Export {
        file,
        disk,
        compression,
        parquet,
        head,
        sha256,
    } = *export;
    let polars_err = |e: PolarsError| polars_error(file, e);
    let start = bar.map(|b| b.position());
    // Parquet is read by polars directly; text in another encoding (UTF-16, Windows-1252 in
    // the header) is re-encoded first.
    // Polars' whole-file scan reads plain files only: a compressed export that needs it is
    // decompressed to a temporary file first.
    let whole = |warnings: &mut Vec<Warning>| {
        let plain = (compression != Compression::None)
            .then(|| compressed::to_temp(disk, compression))
            .transpose()
            .map_err(|e| cannot_read(file, e))?;
        let path = plain.as_ref().map_or(disk, |t| t.path());
        let plain = Export {
            disk: path,
            compression: Compression::None,
            ..*export
        };
        scan_whole(&plain, plan, bar, warnings)
    };
    if parquet || !head.utf8 {
        return whole(warnings);
    }
    let hasher = Hasher::start(sha256);
    match blocks::run(
        disk,
        compression,
        head.delimiter,
        Some(&hasher),
        bar,
        |rows| plan.block(rows),
    ) {
        Ok(results) => {
            let hashes = hasher.finish().map_err(|e| cannot_read(file, e))?;
            Ok((hashes, merge(results, plan.events).map_err(polars_err)?))
        }
        Err(blocks::Stop::Work(e)) => Err(polars_err(e)),
        Err(blocks::Stop::Io(e)) => Err(cannot_read(file, e)),
        // Text that is not UTF-8 and quotes that do not close take the slower way, which
        // re-encodes the text or names the line of the quote.
        // A panic in the parser, which should not happen, gets the same second chance.
        Err(blocks::Stop::NotUtf8 | blocks::Stop::Unterminated | blocks::Stop::Panicked) => {
            if let (Some(bar), Some(start)) = (bar, start) {
                bar.set_position(start);
            }
            // The whole-file way hashes the file again, from its first byte.
            drop(hasher);
            whole(warnings)
        }
    }
}

/// Copies standard input to a temporary file.
fn copy_stdin(name: &str) -> Result<tempfile::NamedTempFile, InputError> {
    let mut copy = tempfile::NamedTempFile::new().map_err(|e| cannot_read(name, e))?;
    std::io::copy(&mut std::io::stdin().lock(), copy.as_file_mut())
        .map_err(|e| cannot_read(name, e))?;
    Ok(copy)
}

/// True for a Parquet file: by its extension, or by the magic bytes it starts with.
pub(super) fn is_parquet(path: &Path) -> bool {
    let lower = path.to_string_lossy().to_ascii_lowercase();
    if lower.ends_with(".parquet") || lower.ends_with(".pq") {
        return true;
    }
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && &magic == b"PAR1"
}
