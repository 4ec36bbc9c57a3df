//! `exposure tickets`: ticket exports per role and category.

use super::{Code, Context, OutputArgs, TicketArgs};
use anyhow::Result;
use clap::Args;
use exposure::analysis;
use exposure::report::views;

const EXAMPLES: &str = "\
Examples:
  exposure tickets sample-data/tickets.csv.gz --queue-map sample-data/queues.csv
  exposure tickets export-*.csv --map category=\"Contact reason\" --format json
  exposure tickets zendesk.csv --role \"Level 1 Support Agent\" --aht 6
  exposure tickets servicenow.parquet --queue-map queues.csv -o workload.csv";

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

    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: TicketsArgs, ctx: &Context) -> Result<Code> {
    let analysis = analysis::build(&analysis::Options {
        maps: args.map.clone(),
        taxonomy: args.taxonomy.clone(),
        tickets: args.files.clone(),
        ticket_options: args.ticket_args.options(args.role.clone(), ctx)?,
        paths: false,
        ..analysis::Options::default()
    })?;
    args.out.show(ctx, &views::tickets(&analysis))?;
    Ok(Code::Success)
}
