//! `exposure taxonomy`: print the active taxonomy, or check a custom one.

use super::{print_warnings, Code, Context, OutputArgs};
use anyhow::Result;
use clap::Args;
use exposure::report::{views, warnings::words};
use exposure::taxonomy::Taxonomy;

const EXAMPLES: &str = "\
Examples:
  exposure taxonomy
  exposure taxonomy --toml > my-taxonomy.toml
  exposure taxonomy --taxonomy my-taxonomy.toml --check";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct TaxonomyArgs {
    /// Load this TOML file instead of the embedded taxonomy.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<String>,

    /// Only check the taxonomy: print a one-line summary, exit 2 on any problem.
    #[arg(long)]
    pub check: bool,

    /// Print the TOML source (a starting point for a custom taxonomy).
    #[arg(long, conflicts_with = "format")]
    pub toml: bool,

    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: TaxonomyArgs, ctx: &Context) -> Result<Code> {
    let taxonomy = Taxonomy::load(args.taxonomy.as_deref())?;
    print_warnings(ctx, &words(&taxonomy.warnings));
    if args.check {
        let phrases: usize = taxonomy.traits.iter().map(|t| t.phrases.len()).sum();
        println!(
            "{}: ok, {} traits, {} phrases",
            taxonomy.origin,
            taxonomy.traits.len(),
            phrases
        );
        return Ok(Code::Success);
    }
    if args.toml {
        args.out.emit(|w| {
            w.write_all(taxonomy.toml.as_bytes())?;
            Ok(())
        })?;
        return Ok(Code::Success);
    }
    // The warnings were printed above; the view carries them for Markdown and JSON.
    let doc = views::taxonomy(&taxonomy);
    let format = args.out.format();
    args.out
        .emit(|w| exposure::report::write(format, args.out.style(ctx), &doc, w))?;
    Ok(Code::Success)
}
