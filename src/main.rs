//! The `exposure` binary: parse, dispatch, map errors to exit codes. Broken pipes exit quietly.

// `InputError` carries what a user needs to act on (file, line, column, message, hint, kind)
// and is built only when something fails: its size costs nothing that boxing it would save.
#![allow(clippy::result_large_err)]

mod cli;
mod cmd;
mod exit_codes;

use clap::Parser;
use cli::{Cli, Command};
use exit_codes::Exit;
use exposure::error::InputError;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a run allocates millions of small strings and
/// vectors (ticket lines, paths, JSON), where glibc's allocator took about a fifth of the time.
/// Built without transparent huge pages (`no_thp`): with them, the kernel zeroed 2 MB for each
/// fresh page mimalloc touched, a third of the CPU time of an export with 100,000 categories.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = cmd::Context {
        color: cli.color,
        quiet: cli.quiet,
    };
    let result = match cli.command {
        Command::Analyze(args) => cmd::analyze::run(args, &ctx),
        Command::Check(args) => cmd::check::run(args, &ctx),
        Command::Tickets(args) => cmd::tickets::run(args, &ctx),
        Command::Simulate(args) => cmd::simulate::run(args, &ctx),
        Command::Paths(args) => cmd::paths::run(args, &ctx),
        Command::Report(args) => cmd::report::run(args, &ctx),
        Command::Taxonomy(args) => cmd::taxonomy::run(args, &ctx),
        Command::Completions(args) => cmd::completions::completions(args),
        Command::Man(args) => cmd::completions::man(args),
    };
    match result {
        Ok(code) => code.into(),
        Err(err) => {
            if err.chain().any(is_broken_pipe) {
                return Exit::Success.into();
            }
            if let Some(input) = err.chain().find_map(|e| e.downcast_ref::<InputError>()) {
                eprintln!("error: {}", terminal_safe(&input.to_string()));
                return Exit::InputError.into();
            }
            eprintln!("error: {}", terminal_safe(&format!("{err:#}")));
            eprintln!("this is a bug in exposure; please report it with the command you ran");
            Exit::Bug.into()
        }
    }
}

/// An error message as it may reach a terminal: its lines (message, hint) kept, each sanitised
/// and cut to a readable length.
fn terminal_safe(text: &str) -> String {
    text.split('\n')
        .map(|l| exposure::error::shorten(l, 4000))
        .collect::<Vec<_>>()
        .join("\n")
}

/// True when the reader of our output went away (`exposure ... | head`): not an error.
fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let pipe = |k: std::io::ErrorKind| k == std::io::ErrorKind::BrokenPipe;
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        return pipe(io.kind());
    }
    if let Some(c) = e.downcast_ref::<csv::Error>() {
        return matches!(c.kind(), csv::ErrorKind::Io(io) if pipe(io.kind()));
    }
    if let Some(j) = e.downcast_ref::<serde_json::Error>() {
        return j.io_error_kind().is_some_and(pipe);
    }
    false
}
