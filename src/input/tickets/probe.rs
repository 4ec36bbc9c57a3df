//! Public doors to the ticket reader's inner parsers, for the fuzz targets (`fuzz/`) and the
//! stable test that replays their corpora (`tests/fuzz_replay.rs`). They add no behaviour.

use super::{arrivals, blocks, formats};

/// Where rows end in `bytes` as the block reader sees them: just after the first and the last
/// row-ending newline, and whether the bytes end inside a quoted field.
pub fn scan_rows(bytes: &[u8], delimiter: u8) -> (Option<usize>, Option<usize>, bool) {
    let rows = blocks::scan(bytes, delimiter);
    (rows.first_end, rows.last_end, rows.open_at_end)
}

/// How a handle-time column with this header and these sampled values is read, as the report
/// words it ("seconds (from the values)", "hh:mm:ss").
pub fn handle_unit(header: &str, values: &[String]) -> String {
    formats::describe(formats::detect_duration(header, values), header)
}

/// One handle-time cell in minutes, read the way the column's sample decides.
pub fn handle_minutes(header: &str, values: &[String], cell: &str) -> Option<f64> {
    arrivals::handle_minutes(cell, formats::detect_duration(header, values))
}

/// The strftime format the sampled dates are read with, if any fits.
pub fn date_format(values: &[String]) -> Option<&'static str> {
    formats::detect_date_format(values)
}

/// The delimiter sniffed from the text of a file's start.
pub fn delimiter(text: &str) -> u8 {
    crate::input::source::sniff_delimiter(text)
}
