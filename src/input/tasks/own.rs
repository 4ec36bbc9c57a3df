//! A worker's own task list (`check --tasks`): the inventory format, with the role column
//! optional, since every row is the worker's.

use super::{csv_error, parse, Options};
use crate::error::InputError;
use crate::input::source::{self, Source};
use crate::input::Inventory;

/// Parses a worker's own task list; a file without a role column is read as one role's.
pub fn parse_own(src: Source, opts: &Options) -> Result<Inventory, InputError> {
    match parse(&src, opts) {
        Err(e) if e.kind == crate::error::ErrorKind::MissingColumn("role".into()) => {
            let with_role = with_role_column(src, "me")?;
            parse(&with_role, opts)
        }
        other => other,
    }
}

/// The same CSV with a first column `role` that holds `role` on every row.
///
/// The column goes in front of each record where the CSV reader finds it, so that a quoted
/// cell holding a newline stays one cell, and every record keeps its line number for messages.
fn with_role_column(src: Source, role: &str) -> Result<Source, InputError> {
    let delimiter = source::sniff_delimiter(&src.text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(src.text.as_bytes());
    let mut starts = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // A record's position is where the reader began, before the blank lines it
                // skipped: the record itself starts after them.
                let at = record.position().map_or(0, |p| p.byte() as usize);
                let blank = src.text[at..]
                    .bytes()
                    .take_while(|b| matches!(b, b'\n' | b'\r'))
                    .count();
                starts.push(at + blank);
            }
            Err(e) => return Err(csv_error(&src.name, e)),
        }
    }
    let mut text = String::with_capacity(src.text.len() + starts.len() * (role.len() + 1));
    let mut copied = 0;
    for (i, &start) in starts.iter().enumerate() {
        text.push_str(&src.text[copied..start]);
        text.push_str(if i == 0 { "role" } else { role });
        text.push(delimiter as char);
        copied = start;
    }
    text.push_str(&src.text[copied..]);
    Ok(Source { text, ..src })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        source::decode("own.csv".to_string(), text.as_bytes())
    }

    #[test]
    fn role_column_goes_before_every_record_not_every_line() {
        let src = source("task;hours\n\"Answer emails\nabout orders\";12\n\nFile invoices;3\n");
        let out = with_role_column(src, "me").unwrap();
        assert_eq!(
            out.text,
            "role;task;hours\nme;\"Answer emails\nabout orders\";12\n\nme;File invoices;3\n"
        );
    }

    #[test]
    fn own_list_without_role_column_keeps_a_task_with_a_newline_whole() {
        let opts = Options {
            maps: Vec::new(),
            trait_ids: Vec::new(),
            week_hours: 40.0,
        };
        let src = source("task,hours\n\"Answer emails\nabout orders\",12\nFile invoices,3\n");
        let inv = parse_own(src, &opts).unwrap();
        let tasks: Vec<(&str, f64)> = inv
            .tasks
            .iter()
            .map(|t| (t.task.as_str(), t.hours_per_week))
            .collect();
        assert_eq!(
            tasks,
            [
                ("Answer emails\nabout orders", 12.0),
                ("File invoices", 3.0)
            ]
        );
    }
}
