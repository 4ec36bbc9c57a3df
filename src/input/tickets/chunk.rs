//! The one door to polars' chunk parser (`_csv_read_internal`), which is not part of its public
//! API and may change in any release: every use of it goes through this module, and its test
//! says what to check when a polars upgrade changes how it parses.

use polars::io::csv::read::_csv_read_internal::{read_chunk, validate_utf8};
use polars::prelude::*;

/// Parses whole CSV rows (no header) with polars' chunk parser: the columns of `projection`
/// (in file order), typed by `schema`; `nulls` names the extra spellings of a missing value.
pub(super) fn read_rows(
    rows: &[u8],
    delimiter: u8,
    schema: &Schema,
    projection: &[usize],
    capacity: usize,
    nulls: Option<NullValues>,
) -> PolarsResult<DataFrame> {
    let nulls = nulls.map(|n| n.compile(schema)).transpose()?;
    let options = CsvParseOptions::default()
        .with_separator(delimiter)
        .with_truncate_ragged_lines(true)
        .with_missing_is_null(true);
    read_chunk(
        rows,
        &options,
        schema,
        false,
        projection,
        0,
        capacity,
        nulls.as_ref(),
        usize::MAX,
        rows.len(),
        Some(0),
    )
}

/// True when the bytes are valid UTF-8, checked the way polars' parser checks them.
pub(super) fn is_utf8(rows: &[u8]) -> bool {
    validate_utf8(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What to check when this test fails after a polars upgrade.
    const UPGRADE: &str = "polars' private chunk parser (_csv_read_internal::read_chunk) \
        changed behaviour: check read_chunk's arguments and CsvParseOptions in this polars \
        release, then the ticket readers in src/input/tickets/ (head.rs, plan.rs), whose \
        answers rest on it";

    #[test]
    fn chunk_parser_reads_known_rows_as_before() {
        let rows: &[u8] = b"T1,7.5,Billing,N/A\n\"T,2\",,\"multi\nline\",yes\nT3,12,Returns\n";
        let schema: Schema = [
            Field::new("id".into(), DataType::String),
            Field::new("minutes".into(), DataType::Float64),
            Field::new("queue".into(), DataType::String),
            Field::new("auto".into(), DataType::String),
        ]
        .into_iter()
        .collect();
        let nulls = NullValues::Named(vec![("auto".into(), "N/A".into())]);
        let frame = read_rows(rows, b',', &schema, &[0, 1, 2, 3], 8, Some(nulls))
            .unwrap_or_else(|e| panic!("{UPGRADE}: the rows no longer parse: {e}"));

        assert_eq!(frame.shape(), (3, 4), "{UPGRADE}: the frame's shape");
        let dtypes: Vec<DataType> = frame.dtypes();
        assert_eq!(
            dtypes,
            [
                DataType::String,
                DataType::Float64,
                DataType::String,
                DataType::String
            ],
            "{UPGRADE}: the columns' types"
        );
        let text = |c: &str| -> Vec<Option<String>> {
            let column = frame.column(c).unwrap_or_else(|e| panic!("{UPGRADE}: {e}"));
            let values = column.str().unwrap_or_else(|e| panic!("{UPGRADE}: {e}"));
            values.iter().map(|v| v.map(str::to_string)).collect()
        };
        let some = |v: &str| Some(v.to_string());
        assert_eq!(
            text("id"),
            [some("T1"), some("T,2"), some("T3")],
            "{UPGRADE}: a quoted field with the delimiter"
        );
        let minutes = frame
            .column("minutes")
            .unwrap_or_else(|e| panic!("{UPGRADE}: {e}"));
        let minutes: Vec<Option<f64>> = minutes
            .f64()
            .unwrap_or_else(|e| panic!("{UPGRADE}: {e}"))
            .iter()
            .collect();
        assert_eq!(
            minutes,
            [Some(7.5), None, Some(12.0)],
            "{UPGRADE}: numbers, and an empty cell as null"
        );
        assert_eq!(
            text("queue"),
            [some("Billing"), some("multi\nline"), some("Returns")],
            "{UPGRADE}: a quoted field that holds a newline"
        );
        assert_eq!(
            text("auto"),
            [None, some("yes"), None],
            "{UPGRADE}: a named null spelling, and a short row's missing last field as null"
        );
    }

    #[test]
    fn chunk_parser_reads_only_the_projected_columns() {
        let schema: Schema = [
            Field::new("a".into(), DataType::String),
            Field::new("b".into(), DataType::String),
            Field::new("c".into(), DataType::String),
        ]
        .into_iter()
        .collect();
        let frame = read_rows(b"1;2;3\n4;5;6\n", b';', &schema, &[0, 2], 4, None)
            .unwrap_or_else(|e| panic!("{UPGRADE}: the rows no longer parse: {e}"));
        assert_eq!(
            frame.shape(),
            (2, 2),
            "{UPGRADE}: the projected frame's shape"
        );
        let c: Vec<Option<&str>> = frame.column("c").unwrap().str().unwrap().iter().collect();
        assert_eq!(
            c,
            [Some("3"), Some("6")],
            "{UPGRADE}: the projection picks file columns"
        );
    }

    #[test]
    fn utf8_check_tells_text_from_other_bytes() {
        assert!(
            is_utf8("id,text\n1,café\n".as_bytes()),
            "{UPGRADE}: validate_utf8 on UTF-8"
        );
        assert!(
            !is_utf8(b"id,text\n1,caf\xe9\n"),
            "{UPGRADE}: validate_utf8 on Windows-1252"
        );
    }
}
