//! Which of the direct readers reads an export, decided from what its head told the plan: the
//! CSV one (`direct`) or the Parquet one (`columnar`); neither, and polars reads it.

use super::{Dates, HandleTimes};
use crate::input::columns;
use crate::input::tickets::columnar::{self, Columnar, Kind, Source};
use crate::input::tickets::direct::{self, Direct};
use crate::input::tickets::formats::Duration;
use crate::input::tickets::head::Head;
use crate::input::tickets::Options;
use polars::prelude::*;
use polars_parquet::parquet::schema::types::PhysicalType;

/// What the head decided, from which each reader sees whether it reads the export.
#[derive(Clone, Copy)]
pub(super) struct Decided<'a> {
    pub(super) head: &'a Head,
    pub(super) map: &'a columns::ColumnMap,
    pub(super) opts: &'a Options,
    pub(super) events: bool,
    pub(super) handle: &'a HandleTimes,
    pub(super) dates: &'a Dates,
}

impl<'a> Decided<'a> {
    #[allow(clippy::type_complexity)]
    fn parts(
        &self,
    ) -> (
        &'a Head,
        &'a columns::ColumnMap,
        &'a Options,
        bool,
        &'a HandleTimes,
        &'a Dates,
    ) {
        (
            self.head,
            self.map,
            self.opts,
            self.events,
            self.handle,
            self.dates,
        )
    }
}

/// The direct reader for exports it reads (`direct`): one row per ticket or event, no count column,
/// handle times as plain numbers or clock times, dates (if read) as ISO text of one width; none
/// otherwise.
pub(super) fn direct_reader(decided: &Decided) -> Option<Direct> {
    let (head, map, opts, events, handle, dates) = decided.parts();
    if map.get("count").is_some() || head.dtypes.iter().any(|d| d != &DataType::String) {
        return None;
    }
    let handle = match (&handle.column, handle.index) {
        (None, _) => None,
        (Some((_, Duration::Number(factor))), Some(column)) if handle.numeric => {
            Some(direct::Handle {
                column,
                clock: false,
                factor: *factor,
                null: handle.null.clone(),
            })
        }
        (Some((_, Duration::Clock)), Some(column)) => Some(direct::Handle {
            column,
            clock: true,
            factor: 1.0,
            null: None,
        }),
        _ => return None,
    };
    let date = match (dates.key, dates.text_format) {
        (None, _) => None,
        (Some(key), Some(format)) => Some(direct::Date {
            column: map.get(key)?,
            width: dates.width,
            format,
        }),
        (Some(_), None) => return None,
    };
    Some(Direct {
        delimiter: head.delimiter,
        role_name: opts.role.clone(),
        role_column: map.get("role"),
        category: map.get("category").or(map.get("subject"))?,
        subjects: map.get("category").is_none(),
        automated: map.get("automated"),
        events: if events { Some(map.get("id")?) } else { None },
        handle,
        date,
    })
}

/// The direct Parquet reader for exports it reads (`columnar`): one row per ticket, no count
/// column, role and category as strings, the flag as a boolean or a string, handle times as
/// numbers, dates (if read) as dates or timestamps without a time zone or in UTC; none
/// otherwise.
pub(super) fn columnar_reader(decided: &Decided) -> Option<Columnar> {
    let (head, map, opts, events, handle, dates) = decided.parts();
    if !head.parquet || events || map.get("count").is_some() {
        return None;
    }
    let source = |i: usize, kind: Kind| Source {
        name: head.columns[i].clone(),
        kind,
    };
    let text = |i: usize| (head.dtypes[i] == DataType::String).then(|| source(i, Kind::Text));
    let role = match map.get("role") {
        Some(i) => Some(text(i)?),
        None => None,
    };
    let category = text(map.get("category").or(map.get("subject"))?)?;
    let automated = match map.get("automated") {
        Some(i) => Some(match head.dtypes[i] {
            DataType::Boolean => source(i, Kind::Flag),
            DataType::String => source(i, Kind::Text),
            _ => return None,
        }),
        None => None,
    };
    let (handle, factor) = match (&handle.column, handle.index) {
        (None, _) => (None, 1.0),
        (Some((_, Duration::Number(factor))), Some(i)) if handle.typed => {
            // The types stored as they are; polars casts the narrower ones its own way.
            let (stored, unsigned) = match head.dtypes[i] {
                DataType::Int32 => (PhysicalType::Int32, false),
                DataType::UInt32 => (PhysicalType::Int32, true),
                DataType::Int64 => (PhysicalType::Int64, false),
                DataType::UInt64 => (PhysicalType::Int64, true),
                DataType::Float32 => (PhysicalType::Float, false),
                DataType::Float64 => (PhysicalType::Double, false),
                _ => return None,
            };
            (Some(source(i, Kind::Number { stored, unsigned })), *factor)
        }
        _ => return None,
    };
    let date = match dates.key {
        None => None,
        Some(key) => {
            let i = map.get(key)?;
            match &head.dtypes[i] {
                DataType::Date => Some(source(i, Kind::Date)),
                DataType::Datetime(_, zone)
                    if zone
                        .as_ref()
                        .is_none_or(|z| ["UTC", "+00:00"].contains(&z.as_str())) =>
                {
                    Some(source(i, Kind::Date))
                }
                _ => return None,
            }
        }
    };
    let mut sources: [Option<Source>; columnar::SLOTS] = Default::default();
    sources[columnar::ROLE] = role;
    sources[columnar::CATEGORY] = Some(category);
    sources[columnar::AUTOMATED] = automated;
    sources[columnar::HANDLE] = handle;
    sources[columnar::DATE] = date;
    Some(Columnar {
        role_name: opts.role.clone(),
        sources,
        factor,
    })
}
