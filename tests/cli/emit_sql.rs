//! `exposure tickets --emit-sql` (issue 14, part 4): the query for a warehouse, with the columns
//! the reader resolves, and its result read back giving exposure's own figures.

use super::{assert_success, exposure};
use predicates::prelude::*;

fn sql(args: &[&str]) -> String {
    let out = exposure()
        .args(["tickets", "tests/data/tickets_warehouse.csv", "--emit-sql"])
        .args(args)
        .output()
        .expect("runs");
    assert_success(&out);
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn the_query_reads_the_columns_the_synonyms_resolve_and_no_others() {
    let q = sql(&["duckdb"]);
    assert!(
        q.contains(r#"CAST("Assignment group" AS VARCHAR) AS queue"#),
        "{q}"
    );
    assert!(
        q.contains(r#"CAST("Contact reason" AS VARCHAR) AS category"#),
        "{q}"
    );
    assert!(q.contains(r#""Deflected""#), "{q}");
    // Minutes from the header: no factor; the period from the created date.
    assert!(
        q.contains(r#"TRY_CAST(TRIM(CAST("Handle time (min)" AS VARCHAR)) AS DOUBLE) AS m"#),
        "{q}"
    );
    assert!(q.contains(r#"ELSE "Opened" END AS d"#), "{q}");
    assert!(q.contains("FROM tickets\n"), "{q}");
    // Personal data is not read.
    assert!(!q.contains("Requester"), "{q}");
    for column in [
        "queue",
        "category AS category",
        "tickets",
        "handle_minutes",
        "created",
    ] {
        assert!(q.contains(column), "no {column} in {q}");
    }
}

#[test]
fn map_table_and_dialect_change_the_query() {
    let q = sql(&[
        "spark",
        "--table",
        "lake.support.tickets",
        "--map",
        "category=Case Number",
    ]);
    assert!(
        q.contains("CAST(`Case Number` AS STRING) AS category"),
        "{q}"
    );
    assert!(q.contains("FROM lake.support.tickets\n"), "{q}");
    let q = sql(&["bigquery", "--role", "Agent's desk"]);
    assert!(q.contains(r"'Agent\'s desk' AS queue"), "{q}");
    assert!(q.contains("SAFE_CAST("), "{q}");
    let q = sql(&["postgres", "--role", "Agent's desk"]);
    assert!(q.contains("'Agent''s desk' AS queue"), "{q}");
    assert!(q.contains("DOUBLE PRECISION"), "{q}");
    let q = sql(&["snowflake", "--weeks", "2"]);
    assert!(!q.contains("AS created"), "{q}");
    assert!(q.contains("exposure tickets RESULT --weeks 2"), "{q}");
}

#[test]
fn what_sql_cannot_read_as_the_reader_does_is_an_error_naming_the_column() {
    const WAREHOUSE: &str = "tests/data/tickets_warehouse.csv";
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["tests/data/tickets_events.csv", "--emit-sql", "duckdb"],
            &[
                "tests/data/tickets_events.csv",
                "hh:mm:ss",
                "\"Time worked\"",
            ],
        ),
        (
            &[
                WAREHOUSE,
                "--emit-sql",
                "duckdb",
                "--table",
                "tickets; DROP TABLE tickets",
            ],
            &["not a table name"],
        ),
        (&[WAREHOUSE, "--table", "t"], &["--emit-sql"]),
        (&[WAREHOUSE, "--emit-sql", "oracle"], &["duckdb"]),
        (
            &[WAREHOUSE, "--emit-sql", "duckdb", "--map", "role=Queue"],
            &["no such column"],
        ),
    ];
    for (args, fragments) in cases {
        let mut assert = exposure().arg("tickets").args(args).assert().code(2);
        for fragment in fragments {
            assert = assert.stderr(predicate::str::contains(*fragment));
        }
    }
}

/// The round trip runs where python3 has duckdb and sqlglot (`.ci/run` installs them and sets
/// EXPOSURE_SQL_TESTS=required, so that CI cannot skip it).
#[test]
fn duckdb_runs_the_query_and_exposure_reads_back_its_own_figures() {
    let ready = std::process::Command::new("python3")
        .args(["-c", "import duckdb, sqlglot"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready {
        assert_ne!(
            std::env::var("EXPOSURE_SQL_TESTS").as_deref(),
            Ok("required"),
            "python3 with duckdb and sqlglot is required"
        );
        eprintln!("skipped: python3 with duckdb and sqlglot is not installed");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("exposure");
    let out = std::process::Command::new("python3")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("tests/sql_roundtrip.py")
        .arg("--bin")
        .arg(&bin)
        .args([
            "sample-data/tickets.csv.gz",
            "tests/data/tickets_warehouse.csv",
            "tests/data/tickets_aggregated.csv",
            "tests/data/tickets_subjects.csv",
            "--synthetic",
            "1000000",
            "--synthetic-events",
            "30000",
        ])
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.matches(": identical").count(), 6, "{stdout}");
    assert!(stdout.contains("1000000 rows"), "{stdout}");
    assert!(
        stdout.contains("sqlglot parses the query of every dialect"),
        "{stdout}"
    );
}
