//! `exposure completions SHELL` and `exposure man`: shell completions and a man page, generated
//! from the clap definitions so they never drift from the real flags.

use super::Code;
use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;
use std::io::Write;

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  exposure completions bash > ~/.local/share/bash-completion/completions/exposure
  exposure completions zsh > ~/.zfunc/_exposure
  exposure completions fish > ~/.config/fish/completions/exposure.fish
  exposure completions powershell >> $PROFILE";

const MAN_EXAMPLES: &str = "\
Examples:
  exposure man > exposure.1 && man ./exposure.1
  exposure man | gzip > /usr/local/share/man/man1/exposure.1.gz";

#[derive(Debug, Args)]
#[command(after_help = COMPLETIONS_EXAMPLES)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
#[command(after_help = MAN_EXAMPLES)]
pub struct ManArgs {}

pub fn completions(args: CompletionsArgs) -> Result<Code> {
    let mut cmd = crate::cli::Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "exposure", &mut out);
    out.flush()?;
    Ok(Code::Success)
}

pub fn man(_args: ManArgs) -> Result<Code> {
    let cmd = crate::cli::Cli::command();
    let mut out = std::io::stdout().lock();
    // One page for the whole tool, then a section per command.
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("exposure-{}", sub.get_name());
        clap_mangen::Man::new(sub.clone().name(name)).render(&mut out)?;
    }
    out.flush()?;
    Ok(Code::Success)
}
