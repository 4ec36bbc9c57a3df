//! The exit codes, documented in `--help` and the README.

/// How `exposure` exits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done (also when the reader of a pipe went away).
    Success = 0,
    /// A `--fail-above` threshold was crossed.
    ThresholdCrossed = 1,
    /// A usage, input or I/O error: the message names the file, line and column, or the path
    /// and the operating system's reason.
    InputError = 2,
    /// An internal error: a bug.
    Bug = 3,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}
