//! `exposure` scores how much of each role's working time is repetitive, automatable work.
//!
//! The library computes and returns data; it never prints. The binary (`src/main.rs`) and the
//! renderers in [`report`] are the only places that write to the terminal or to files.
//!
//! The pipeline is wired once, in [`analysis::build`]: inputs are read ([`input`]), every task is
//! classified on the taxonomy ([`taxonomy`]), tasks and roles are scored ([`score`]), upskilling
//! paths are laid out ([`paths`]), and the resulting [`analysis::Analysis`] is what every command
//! renders.

// `InputError` carries what a user needs to act on (file, line, column, message, hint, kind)
// and is built only when something fails: its size costs nothing that boxing it would save.
#![allow(clippy::result_large_err)]

pub mod analysis;
pub mod error;
pub mod input;
pub mod output;
pub mod paths;
pub mod reconcile;
pub mod report;
pub mod score;
pub mod simulate;
pub mod staffing;
pub mod taxonomy;
pub mod warning;
pub mod workload;

pub use error::InputError;
