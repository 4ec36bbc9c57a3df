#!/usr/bin/env python3
"""`exposure tickets --emit-sql`: the warehouse's query gives exposure's own figures.

    tests/sql_roundtrip.py --bin PATH EXPORT [EXPORT ...] [--synthetic ROWS] [--all-varchar]

For each export (CSV, read by DuckDB with its own type detection, or all columns as text with
--all-varchar, as a warehouse that loaded the file untyped would hold it):
  1. exposure writes the DuckDB query (`--emit-sql duckdb`) from the export's columns;
  2. DuckDB runs it over the export as the table `tickets` and writes the result as CSV;
  3. exposure reads the result as a ticket export;
  4. the JSON figures of (3) must equal those of exposure on the raw export exactly: the period,
     every queue and every ticket line (tickets, shares, hours, handle times, automatability,
     observed automation). What describes the file read (its rows, hash, handle-time unit, the
     handle times excluded as invalid) differs by nature and is not compared.
Then every dialect's query is parsed by sqlglot for that dialect.

--synthetic ROWS adds an export of that many rows made by benches/gen_tickets.py, and
--synthetic-events ROWS one of event rows (three per ticket, a ticket's events 1,000 rows apart),
whose figures may differ by one unit in the last decimal where a sum of events added in another
order falls on the other side of a rounding (counted and printed).
Needs the Python packages duckdb and sqlglot. Exits 1 on the first difference, naming it.
"""
import argparse, json, os, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DIALECTS = ["duckdb", "postgres", "spark", "bigquery", "snowflake"]


def exposure(bin_path, *args):
    r = subprocess.run([bin_path, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"exposure {' '.join(args)} failed ({r.returncode}): {r.stderr}")
    return r.stdout


def figures(doc):
    """What the comparison covers: the period, the queues and the ticket lines."""
    return {"period": doc["period"], "queues": doc["queues"], "tickets": doc["tickets"]}


def first_difference(a, b, path="figures", slack=None):
    """The first place where `a` and `b` differ. With `slack` (a list), numbers one unit apart in
    the JSON's last decimal (1e-4) count as equal and their paths are added to it: sums of
    floating-point numbers taken in another order can fall on the other side of a rounding."""
    if slack is not None and isinstance(a, (int, float)) and isinstance(b, (int, float)) \
            and not isinstance(a, bool) and a != b and abs(a - b) <= 1.0001e-4:
        slack.append(path)
        return None
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: only on one side"
            d = first_difference(a[k], b[k], f"{path}.{k}", slack)
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} entries != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]", slack)
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def roundtrip(bin_path, export, work, all_varchar, slack=None):
    import duckdb
    sql = exposure(bin_path, "tickets", export, "--emit-sql", "duckdb")
    con = duckdb.connect()
    quoted = "'" + export.replace("'", "''") + "'"
    options = ", all_varchar = true" if all_varchar else ""
    con.execute(f"CREATE VIEW tickets AS SELECT * FROM read_csv({quoted}, header = true{options})")
    result = os.path.join(work, os.path.basename(export).split(".")[0] + "-aggregated.csv")
    start = time.perf_counter()
    con.execute(f"COPY ({sql}) TO '{result}' (HEADER, DELIMITER ',')")
    seconds = time.perf_counter() - start
    rows = con.execute(f"SELECT count(*) FROM read_csv('{result}', header = true)").fetchone()[0]
    raw = json.loads(exposure(bin_path, "tickets", export, "--format", "json", "--quiet"))
    back = json.loads(exposure(bin_path, "tickets", result, "--format", "json", "--quiet"))
    diff = first_difference(figures(raw), figures(back), slack=slack)
    if diff:
        sys.exit(f"{export}: the aggregated result differs from the raw export: {diff}")
    same = "identical" if not slack else f"identical but for {len(slack)} figures one unit apart in the last decimal ({', '.join(slack[:3])})"
    print(f"{export}: {raw['rows_read']} rows -> {rows} aggregated rows (DuckDB query {seconds:.2f} s); "
          f"{len(raw['queues'])} queues, {len(raw['tickets'])} ticket lines, period {raw['period']['weeks']} weeks: {same}")


def parse_all(bin_path, export):
    import sqlglot
    for dialect in DIALECTS:
        sql = exposure(bin_path, "tickets", export, "--emit-sql", dialect, "--table", "support.tickets")
        parsed = sqlglot.parse(sql, read=dialect, error_level=sqlglot.ErrorLevel.RAISE)
        if len(parsed) != 1 or parsed[0] is None:
            sys.exit(f"{dialect}: sqlglot read {len(parsed)} statements, not one")
    print(f"sqlglot parses the query of every dialect: {', '.join(DIALECTS)}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("exports", nargs="*")
    p.add_argument("--synthetic", type=int, default=0)
    p.add_argument("--synthetic-events", type=int, default=0, metavar="ROWS")
    p.add_argument("--all-varchar", action="store_true")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as work:
        exports = [(e, None) for e in a.exports]
        if a.synthetic:
            path = os.path.join(work, f"synthetic-{a.synthetic}.csv")
            subprocess.run([sys.executable, os.path.join(ROOT, "benches", "gen_tickets.py"),
                            "--rows", str(a.synthetic), "--out", path], check=True)
            exports.append((path, None))
        if a.synthetic_events:
            path = os.path.join(work, f"events-{a.synthetic_events}.csv")
            subprocess.run([sys.executable, os.path.join(ROOT, "benches", "gen_tickets.py"),
                            "--rows", str(a.synthetic_events), "--events", "3", "--out", path], check=True)
            # A ticket's minutes are the sum of its events': added in another order than the
            # reader's, a figure may round the other way.
            exports.append((path, []))
        if not exports:
            sys.exit("give an export or --synthetic ROWS")
        for export, slack in exports:
            roundtrip(a.bin, export, work, a.all_varchar, slack)
        parse_all(a.bin, exports[0][0])


if __name__ == "__main__":
    main()
