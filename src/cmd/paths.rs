//! `exposure paths`: upskilling paths per role: target roles, skill gaps, a 6-12 month plan with
//! projects, mentors and the figures to record. Also the path flags `analyze` shares.

use super::{print_warnings, Code, Context, InputArgs, OutputArgs};
use anyhow::Result;
use clap::Args;
use exposure::analysis;
use exposure::paths::{self, Catalog, Thresholds};
use exposure::report::{views, warnings::words};
use exposure::taxonomy::Taxonomy;

const EXAMPLES: &str = "\
Examples:
  exposure paths sample-data/tasks.csv --role \"Level 1 Support Agent\"
  exposure paths sample-data/tasks.csv --format markdown -o paths.md
  exposure paths tasks.csv --format json --top 5 --min-drop 30%
  exposure paths --print-catalog > my-catalog.toml
  exposure paths --catalog my-catalog.toml --check";

/// Flags of path finding, shared by `paths` and `analyze`.
#[derive(Debug, Args)]
pub struct PathArgs {
    /// Replace the embedded catalog of target roles, skills and projects with this TOML file.
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<String>,

    /// Paths listed per role (the best internal move is added when none made the list).
    #[arg(long, value_name = "N", default_value_t = paths::TOP_PATHS)]
    pub top: usize,

    /// Internal moves: how much lower the other role's exposure must be (0-1 or a percentage).
    #[arg(long, value_name = "X", default_value_t = paths::MIN_EXPOSURE_DROP, value_parser = share)]
    pub min_drop: f64,

    /// Internal moves: least share of the other role's skills already practised (0-1 or %).
    #[arg(long, value_name = "X", default_value_t = paths::MIN_OVERLAP, value_parser = share)]
    pub min_overlap: f64,

    /// Share of the working week in a skill from which it counts as practised (0-1 or %).
    #[arg(long, value_name = "X", default_value_t = paths::PRACTISED_SHARE, value_parser = share)]
    pub practised: f64,
}

impl PathArgs {
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            practised: self.practised,
            min_drop: self.min_drop,
            min_overlap: self.min_overlap,
            top: self.top,
        }
    }
}

/// `0.2`, `20%` or `20` (read as a percentage) -> 0.2.
fn share(raw: &str) -> Result<f64, String> {
    exposure::input::values::parse_share(raw)
        .ok_or_else(|| format!("{raw} is not a share between 0 and 1 (such as 0.2 or 20%)"))
}

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct PathsArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub paths: PathArgs,

    /// Only check the catalog: print a one-line summary, exit 2 on any problem.
    #[arg(long)]
    pub check: bool,

    /// Print the catalog's TOML source (a starting point for a custom catalog).
    #[arg(long, conflicts_with_all = ["format", "check"])]
    pub print_catalog: bool,

    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: PathsArgs, ctx: &Context) -> Result<Code> {
    if args.check || args.print_catalog {
        let taxonomy = Taxonomy::load(args.input.taxonomy.as_deref())?;
        let catalog = Catalog::load(args.paths.catalog.as_deref(), &taxonomy)?;
        print_warnings(ctx, &words(&catalog.warnings));
        if args.print_catalog {
            args.out.emit(|w| {
                w.write_all(catalog.toml.as_bytes())?;
                Ok(())
            })?;
        } else {
            println!(
                "{}: ok, {} target roles, {} skills on {} layers, {} projects",
                catalog.origin,
                catalog.targets.len(),
                catalog.skills.len(),
                catalog.layers.len(),
                catalog.projects.len()
            );
        }
        return Ok(Code::Success);
    }
    let analysis = analysis::build(&args.input.options(&args.paths, ctx)?)?;
    args.out.show(ctx, &views::paths(&analysis))?;
    Ok(Code::Success)
}
