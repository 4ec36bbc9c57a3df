//! `exposure report`: one self-contained file leadership can open, read and trust: HTML (inline
//! CSS and SVG), Markdown, or a PDF printed from that HTML by headless Chromium. Built from the
//! same analysis as `analyze`; written atomically.

mod chromium;

use super::{paths::PathArgs, print_warnings, Code, Context, InputArgs, OutputArgs};
use anyhow::Result;
use clap::{Args, ValueEnum};
use exposure::analysis;
use exposure::error::InputError;
use exposure::report::{self, views, Format, Style};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  exposure report sample-data/tasks.csv --tickets sample-data/tickets.csv.gz --queue-map sample-data/queues.csv -o report.html
  exposure report sample-data/tasks.csv -o report.md
  exposure report sample-data/tasks.csv -o report.pdf        # needs Chromium: apt-get install chromium
  exposure report --onet \"Task Statements.txt\" --occupation 43-4051.00 -o onet-report.html";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten, next_help_heading = "Upskilling paths")]
    pub paths: PathArgs,

    /// Write to FILE: .html, .md or .pdf (atomically: no partial file on failure) [default: HTML on standard output]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output format [default: from the -o extension, else html]
    #[arg(short, long, value_enum)]
    pub format: Option<ReportFormat>,

    /// Chromium or Chrome binary that prints the PDF [default: $EXPOSURE_CHROMIUM, else chromium, chromium-browser or google-chrome on PATH]
    #[arg(long, value_name = "PATH")]
    pub chromium: Option<PathBuf>,
}

/// What `exposure report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained page: inline CSS and SVG, no script, no external reference.
    Html,
    /// Markdown, the charts' figures as tables.
    Markdown,
    /// The HTML printed on A4 by headless Chromium.
    Pdf,
}

impl ReportArgs {
    /// The format asked for, or the one the -o extension names.
    fn format(&self) -> Result<ReportFormat, InputError> {
        if let Some(f) = self.format {
            return Ok(f);
        }
        let Some(path) = &self.output else {
            return Ok(ReportFormat::Html);
        };
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("html" | "htm") | None => Ok(ReportFormat::Html),
            Some("md" | "markdown") => Ok(ReportFormat::Markdown),
            Some("pdf") => Ok(ReportFormat::Pdf),
            Some(other) => Err(InputError::new(format!(
                "-o {}: a report is written as .html, .md or .pdf, not .{other}",
                path.display()
            ))
            .hint("name the file report.html, report.md or report.pdf, or give --format")),
        }
    }
}

pub fn run(args: ReportArgs, ctx: &Context) -> Result<Code> {
    let format = args.format()?;
    // Find the printer before the analysis, so a missing one fails at once.
    let printer = match format {
        ReportFormat::Pdf => {
            if args.output.is_none() {
                return Err(InputError::new("a PDF report needs a file to go to")
                    .hint("give -o report.pdf")
                    .into());
            }
            Some(chromium::find(args.chromium.as_deref())?)
        }
        _ => None,
    };
    let mut opts = args.input.options(&args.paths, ctx)?;
    opts.paths = true;
    let analysis = analysis::build(&opts)?;
    let doc = views::report(&analysis);
    let out = OutputArgs {
        format: None,
        output: args.output.clone(),
        no_formula_guard: false,
    };
    let style = Style {
        formula_guard: false,
        color: false,
        width: None,
    };
    match (format, printer) {
        (ReportFormat::Pdf, Some(bin)) => {
            let pdf = chromium::print(&bin, &doc)?;
            out.emit(|w| Ok(w.write_all(&pdf)?))?;
        }
        (ReportFormat::Markdown, _) => {
            out.emit(|w| report::write(Format::Markdown, style, &doc, w))?
        }
        _ => out.emit(|w| report::write(Format::Html, style, &doc, w))?,
    }
    print_warnings(ctx, &doc.warnings);
    Ok(Code::Success)
}
