//! `exposure simulate`: what automating a share of the automatable work does to staffing, role
//! by role and live queue by live queue.

use super::{paths::PathArgs, Code, Context, InputArgs, OutputArgs};
use anyhow::Result;
use clap::Args;
use exposure::analysis;
use exposure::error::InputError;
use exposure::report::views;
use exposure::simulate::{self, adoption::Preset, adoption::Rates};
use exposure::staffing::ServiceTarget;

const EXAMPLES: &str = "\
Examples:
  exposure simulate sample-data/tasks.csv --tickets sample-data/tickets.csv.gz --queue-map sample-data/queues.csv --automation-rate 0.5
  exposure simulate sample-data/tasks.csv --tickets sample-data/tickets.csv.gz --queue-map sample-data/queues.csv --adoption moderate --horizon 24
  exposure simulate tasks.csv --tickets export.csv --automation-rate 30% --service-level 90/30 --patience 120 --format json

Presets (share of each class's automatable hours automated at the end of the horizon):
  conservative  automate 25%, augment 10%, retain 0%
  moderate      automate 50%, augment 25%, retain 5%
  bold          automate 80%, augment 50%, retain 10%";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Share of the automatable work actually automated, in every class (0-1 or a percentage).
    #[arg(long, value_name = "R", conflicts_with = "adoption")]
    pub automation_rate: Option<String>,

    /// A named scenario: automate and augment work move at different rates (see below).
    #[arg(long, value_enum, value_name = "PRESET")]
    pub adoption: Option<Preset>,

    /// Reach the rates over this many months along an S-curve, with figures per quarter.
    #[arg(long, value_name = "MONTHS")]
    pub horizon: Option<u32>,

    /// Service level of live queues: a share answered within seconds, such as 80/20.
    #[arg(long, value_name = "SHARE/SECONDS", default_value = "80/20")]
    pub service_level: String,

    /// Highest share of an agent's time on live contacts (0-1 or a percentage).
    #[arg(long, value_name = "X", default_value = "0.85")]
    pub max_occupancy: String,

    /// Share of paid time off the queue: absence, breaks, training, meetings (0-1 or %).
    #[arg(long, value_name = "X", default_value = "0.30")]
    pub shrinkage: String,

    /// Share of available time spent on backlog work such as e-mail (0-1 or a percentage).
    #[arg(long, value_name = "X", default_value = "0.90")]
    pub backlog_occupancy: String,

    /// Callers abandon after this mean patience: Erlang A instead of Erlang C.
    #[arg(long, value_name = "SECONDS")]
    pub patience: Option<f64>,

    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: SimulateArgs, ctx: &Context) -> Result<Code> {
    let sim_opts = options(&args)?;
    let defaults = PathArgs {
        catalog: None,
        top: exposure::paths::TOP_PATHS,
        min_drop: exposure::paths::MIN_EXPOSURE_DROP,
        min_overlap: exposure::paths::MIN_OVERLAP,
        practised: exposure::paths::PRACTISED_SHARE,
    };
    let mut opts = args.input.options(&defaults, ctx)?;
    opts.paths = false;
    let mut a = analysis::build(&opts)?;
    let arrivals = analysis::read_arrivals(&opts)?;
    let sim = simulate::run(&a, arrivals.as_ref(), &sim_opts);
    if let Some(t) = &arrivals {
        a.warnings.extend(t.warnings.iter().cloned());
    }
    a.warnings.extend(sim.warnings.iter().cloned());
    args.out.show(ctx, &views::simulate(&a, &sim))?;
    Ok(Code::Success)
}

/// The simulation's options from the flags, each checked with a hint.
fn options(args: &SimulateArgs) -> Result<simulate::Options, InputError> {
    let rates = match (&args.automation_rate, args.adoption) {
        (Some(r), _) => Rates::uniform(share("--automation-rate", r, "0.5 or 50%")?),
        (None, Some(p)) => p.rates(),
        (None, None) => {
            return Err(
                InputError::new("say how much of the automatable work is automated")
                    .hint("give --automation-rate 0.5, or --adoption conservative|moderate|bold"),
            )
        }
    };
    if let Some(h) = args.horizon.filter(|h| !(1..=240).contains(h)) {
        return Err(
            InputError::new(format!("--horizon {h} is not a number of months"))
                .hint("for example --horizon 24 (two years, figures per quarter)"),
        );
    }
    if let Some(p) = args.patience.filter(|p| !(p.is_finite() && *p > 0.0)) {
        return Err(
            InputError::new(format!("--patience {p} is not a mean patience in seconds"))
                .hint("for example --patience 120; leave it out for Erlang C (nobody hangs up)"),
        );
    }
    let target = ServiceTarget::parse(&args.service_level).map_err(|e| {
        InputError::new(format!("--service-level: {e}"))
            .hint("for example --service-level 80/20: 80% of contacts answered within 20 seconds")
    })?;
    let opts = simulate::Options {
        rates,
        preset: args
            .automation_rate
            .is_none()
            .then_some(args.adoption)
            .flatten(),
        horizon_months: args.horizon,
        target,
        max_occupancy: share("--max-occupancy", &args.max_occupancy, "0.85")?,
        shrinkage: share("--shrinkage", &args.shrinkage, "0.30")?,
        backlog_occupancy: share("--backlog-occupancy", &args.backlog_occupancy, "0.90")?,
        patience_seconds: args.patience,
        week_hours: args.input.week_hours,
    };
    simulate::check(&opts).map_err(|e| {
        InputError::new(format!("the staffing figures cannot be computed: {e}"))
            .hint("occupancies lie in (0, 1] and shrinkage in [0, 1), such as --shrinkage 0.3")
    })?;
    Ok(opts)
}

/// `0.5`, `50%` or `50` (read as a percentage) -> 0.5.
fn share(flag: &str, raw: &str, example: &str) -> Result<f64, InputError> {
    exposure::input::values::parse_share(raw).ok_or_else(|| {
        InputError::new(format!("{flag} {raw} is not a share between 0 and 1"))
            .hint(format!("for example {flag} {example}"))
    })
}
