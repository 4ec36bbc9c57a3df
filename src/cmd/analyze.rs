//! `exposure analyze`: score a task inventory per role or per task.

use super::{paths::PathArgs, Code, Context, InputArgs, OutputArgs};
use anyhow::Result;
use clap::Args;
use exposure::analysis;
use exposure::error::InputError;
use exposure::report::{self, views, By};

const EXAMPLES: &str = "\
Examples:
  exposure analyze sample-data/tasks.csv
  exposure analyze sample-data/tasks.csv --tickets sample-data/tickets.csv.gz --queue-map sample-data/queues.csv
  exposure analyze sample-data/tasks.csv --by task --role \"Level 1 Support Agent\"
  exposure analyze tasks.csv --map task=\"Activity description\" --format json -o exposure.json
  exposure analyze --onet \"Task Statements.txt\" --occupation 43-4051.00 --by task
  cat tasks.csv | exposure analyze - --format csv --fail-above 0.6";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// List roles (default) or every task with the traits that decided it.
    #[arg(long, value_enum, default_value_t = By::Role)]
    pub by: By,

    /// Exit with code 1 when any role's exposure is above X (0-1 or a percentage such as 60%).
    #[arg(long, value_name = "X")]
    pub fail_above: Option<String>,

    #[command(flatten, next_help_heading = "Upskilling paths (in --format json)")]
    pub paths: PathArgs,

    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: AnalyzeArgs, ctx: &Context) -> Result<Code> {
    let fail_above = args
        .fail_above
        .as_deref()
        .map(parse_threshold)
        .transpose()?;
    let mut opts = args.input.options(&args.paths, ctx)?;
    // Upskilling paths appear only in the JSON document; other formats skip that stage unless
    // a catalog was given, which is then still checked.
    opts.paths = args.out.format() == report::Format::Json || opts.catalog.is_some();
    let analysis = analysis::build(&opts)?;
    let doc = views::analysis(&analysis, args.by);
    args.out.show(ctx, &doc)?;

    if let Some(limit) = fail_above {
        let above: Vec<String> = analysis
            .roles
            .iter()
            .filter(|r| r.exposure > limit)
            .map(|r| {
                let role = exposure::error::shorten(&r.info.role, 200);
                format!("{role} ({})", report::percent(r.exposure))
            })
            .collect();
        if !above.is_empty() {
            if !ctx.quiet {
                eprintln!(
                    "exposure above {}: {}",
                    report::percent(limit),
                    above.join(", ")
                );
            }
            return Ok(Code::ThresholdCrossed);
        }
    }
    Ok(Code::Success)
}

/// `0.6`, `60%` or `60` (read as a percentage) -> 0.6.
fn parse_threshold(raw: &str) -> Result<f64, InputError> {
    exposure::input::values::parse_share(raw).ok_or_else(|| {
        InputError::new(format!("--fail-above {raw} is not a share between 0 and 1"))
            .hint("for example --fail-above 0.6 or --fail-above 60%")
    })
}
