//! The `exposure` binary: parse, dispatch, map errors to exit codes. Broken pipes exit quietly.

mod cli;
mod cmd;

use clap::Parser;
use cli::{Cli, Command};
use exposure::error::InputError;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = cmd::Context { color: cli.color, quiet: cli.quiet };
    let result = match cli.command {
        Command::Analyze(args) => cmd::analyze::run(args, &ctx),
        Command::Taxonomy(args) => cmd::taxonomy::run(args, &ctx),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if err
                .chain()
                .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
            {
                return ExitCode::SUCCESS;
            }
            if let Some(input) = err.chain().find_map(|e| e.downcast_ref::<InputError>()) {
                eprintln!("error: {input}");
                return ExitCode::from(2);
            }
            eprintln!("error: {err:#}");
            eprintln!("this is a bug in exposure; please report it with the command you ran");
            ExitCode::from(3)
        }
    }
}
