//! The command line: global flags and one variant per command (clap derive).

use crate::cmd::{
    analyze::AnalyzeArgs,
    check::CheckArgs,
    completions::{CompletionsArgs, ManArgs},
    paths::PathsArgs,
    report::ReportArgs,
    simulate::SimulateArgs,
    taxonomy::TaxonomyArgs,
    tickets::TicketsArgs,
};
use clap::{Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Exit codes:
  0  done
  1  a --fail-above threshold was crossed
  2  usage, input or I/O error (the message names file, line and column, or the path and the
     system's reason)
  3  internal error

Examples:
  exposure analyze sample-data/tasks.csv
  exposure analyze tasks.csv --by task --format csv -o tasks-scored.csv
  exposure check --task \"Answer FAQ emails about order status=12\" --task \"Reset customer passwords=6\"
  exposure tickets sample-data/tickets.csv.gz --queue-map sample-data/queues.csv
  exposure simulate sample-data/tasks.csv --tickets sample-data/tickets.csv.gz --queue-map sample-data/queues.csv --adoption moderate --horizon 24
  exposure paths sample-data/tasks.csv --role \"Level 1 Support Agent\"
  exposure report sample-data/tasks.csv --tickets sample-data/tickets.csv.gz --queue-map sample-data/queues.csv -o report.html
  exposure taxonomy";

#[derive(Debug, Parser)]
#[command(
    name = "exposure",
    version,
    about = "How much of each role's work is routine and automatable, and what to learn next",
    long_about = "Scores role task inventories on a routine-versus-complex taxonomy: the share of \
working hours that AI, chatbots or RPA can take over, the honest range around it, the hours that \
automation takes over, augments or leaves to people, and the FTEs at stake. Everything runs \
offline; nothing is sent anywhere.",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Do not print warnings on standard error (JSON output still carries them).
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score a task inventory: exposure per role, or per task with --by task.
    Analyze(AnalyzeArgs),
    /// Your own role, privately: how much of your week is routine, and what to do next.
    Check(CheckArgs),
    /// Ticket exports per role and category: volume, hours, handle time, automatability.
    Tickets(TicketsArgs),
    /// What automation does to staffing: FTE per role and agents per live queue, before and after.
    Simulate(SimulateArgs),
    /// Upskilling paths per role: target roles, skill gaps and a 6-12 month plan.
    Paths(PathsArgs),
    /// One self-contained HTML (or Markdown, or PDF) report leadership can open, read and trust.
    Report(ReportArgs),
    /// Print the active taxonomy, or check a custom one given with --taxonomy.
    Taxonomy(TaxonomyArgs),
    /// Print shell completions (bash, zsh, fish, powershell, elvish) for exposure.
    Completions(CompletionsArgs),
    /// Print the man page (roff) of exposure and its commands.
    Man(ManArgs),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
