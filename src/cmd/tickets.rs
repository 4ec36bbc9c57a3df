//! `exposure tickets`: ticket exports per role and category.

use super::{print_warnings, Code, Context, OutputArgs, TicketArgs};
use anyhow::Result;
use clap::Args;
use exposure::analysis;
use exposure::error::{ErrorKind, InputError};
use exposure::input::columns;
use exposure::input::tickets::{self, sql::Dialect};
use exposure::report::views;

const EXAMPLES: &str = "\
Examples:
  exposure tickets sample-data/tickets.csv.gz --queue-map sample-data/queues.csv
  exposure tickets export-*.csv --map category=\"Contact reason\" --format json
  exposure tickets zendesk.csv --role \"Level 1 Support Agent\" --aht 6
  exposure tickets servicenow.parquet --queue-map queues.csv -o workload.csv
  exposure tickets sample.csv --emit-sql snowflake --table support.tickets > aggregate.sql";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct TicketsArgs {
    /// Ticket exports: CSV (any delimiter) or Parquet; - reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,

    /// Put every ticket in this role (for exports without a queue column).
    #[arg(long, value_name = "NAME")]
    pub role: Option<String>,

    #[command(flatten)]
    pub ticket_args: TicketArgs,

    /// Use COLUMN for KEY (id, category, subject, role, count, handle_minutes, created, resolved, channel, automated); repeatable.
    #[arg(long, value_name = "KEY=COLUMN")]
    pub map: Vec<String>,

    /// Replace the embedded taxonomy with this TOML file.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<String>,

    /// Print the SQL that aggregates the raw ticket table in a warehouse, instead of reading the
    /// export; the export (a sample with the table's columns is enough) gives the column names.
    #[arg(long, value_enum, value_name = "DIALECT")]
    pub emit_sql: Option<Dialect>,

    /// With --emit-sql: the table the query reads [default: tickets].
    #[arg(long, value_name = "NAME", requires = "emit_sql")]
    pub table: Option<String>,

    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: TicketsArgs, ctx: &Context) -> Result<Code> {
    if let Some(dialect) = args.emit_sql {
        return emit_sql(&args, dialect, ctx);
    }
    let analysis = analysis::build(&analysis::Options {
        maps: args.map.clone(),
        taxonomy: args.taxonomy.clone(),
        tickets: args.files.clone(),
        ticket_options: args.ticket_args.options(args.role.clone(), ctx)?,
        paths: false,
        ..analysis::Options::default()
    })?;
    let doc = views::tickets(&analysis);
    args.out.show(ctx, &doc)?;
    // The process ends here: freeing hundreds of thousands of lines, tasks and JSON values one
    // by one would only delay the exit (a tenth of the time with 100,000 queues).
    std::mem::forget(doc);
    std::mem::forget(analysis);
    Ok(Code::Success)
}

/// `--emit-sql`: the query for the warehouse, from the columns of the one export given.
fn emit_sql(args: &TicketsArgs, dialect: Dialect, ctx: &Context) -> Result<Code> {
    if args.files.len() > 1 || args.out.format.is_some() {
        return Err(InputError::new(
            "--emit-sql reads the columns of one export and prints SQL, not a report",
        )
        .with_kind(ErrorKind::Usage)
        .hint("give one export (a sample of the table is enough) and no --format")
        .into());
    }
    let t = args.ticket_args.options(args.role.clone(), ctx)?;
    let opts = tickets::Options {
        maps: columns::parse_map(&args.map)?,
        role: args.role.clone(),
        weeks: t.weeks,
        ..tickets::Options::default()
    };
    let table = args.table.as_deref().unwrap_or("tickets");
    let query = tickets::sql::emit_sql(&args.files[0], &opts, dialect, table)?;
    args.out.emit(|w| Ok(w.write_all(query.sql.as_bytes())?))?;
    print_warnings(ctx, &exposure::report::warnings::words(&query.warnings));
    Ok(Code::Success)
}
