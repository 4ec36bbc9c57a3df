//! `exposure check`: a worker's private answer about their own role. Asks on a terminal, or
//! takes `--task`, `--like` and `--tasks` for scripts. Nothing is written to disk and nothing
//! goes over the network.
//!
//! This module holds the flags and the run; `interactive` holds the terminal flow.

mod interactive;

use super::{Code, Context, OutputArgs};
use anyhow::Result;
use clap::Args;
use exposure::analysis::{self, DEFAULT_WEEK_HOURS};
use exposure::error::{quote_cell, InputError};
use exposure::input::{self, source, tasks, Inventory, RoleInfo, TaskRecord, TaskSource};
use std::io::IsTerminal;

/// The sample organisation's roles are the reference roles a worker can start from.
const SAMPLE_TASKS: &str = include_str!("../../../sample-data/tasks.csv");

/// The most hours one task can take in a week, for the plausibility check on answers.
const MAX_TASK_HOURS: f64 = 80.0;

const EXAMPLES: &str = "\
Examples:
  exposure check
  exposure check --task \"Answer FAQ emails about order status=12\" --task \"Handle complaints from upset customers=8\"
  exposure check --like \"Level 1 Support Agent\" --format json
  exposure check --onet \"Task Statements.txt\" --like 43-4051.00";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct CheckArgs {
    /// A task of your week and its hours, as \"TEXT=HOURS\"; repeatable.
    #[arg(long, value_name = "TEXT=HOURS")]
    pub task: Vec<String>,

    /// Start from a reference role: one of the sample organisation's, or an O*NET occupation with --onet.
    #[arg(long, value_name = "ROLE")]
    pub like: Option<String>,

    /// Your tasks as a CSV (task and hours columns; a role column is optional).
    #[arg(long, value_name = "FILE")]
    pub tasks: Option<String>,

    /// O*NET Task Statements file, to start from a published occupation.
    #[arg(long, value_name = "FILE")]
    pub onet: Option<String>,

    /// Your job title, shown in the answer.
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,

    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: CheckArgs, ctx: &Context) -> Result<Code> {
    let scripted = !args.task.is_empty() || args.like.is_some() || args.tasks.is_some();
    let interactive =
        !scripted && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let (title, mut week) = if interactive {
        interactive::ask(&args)?
    } else if scripted {
        let mut week = Vec::new();
        if let Some(like) = &args.like {
            week.extend(reference_role(like, args.onet.as_deref())?);
        }
        if let Some(path) = &args.tasks {
            week.extend(own_file(path)?);
        }
        for t in &args.task {
            week.push(task_flag(t)?);
        }
        (
            args.title
                .clone()
                .or_else(|| args.like.clone())
                .unwrap_or_else(|| "My role".to_string()),
            week,
        )
    } else {
        return Err(InputError::new("no tasks to check, and no terminal to ask on")
            .hint("describe your week with --task \"TEXT=HOURS\" (repeatable), --like ROLE or --tasks FILE")
            .into());
    };
    for t in &mut week {
        t.role = title.clone();
    }
    let inventory = Inventory {
        roles: vec![RoleInfo {
            role: title.clone(),
            ..RoleInfo::default()
        }],
        tasks: week,
        ..Inventory::default()
    };
    let analysis = analysis::build(&analysis::Options {
        inventory: Some(inventory),
        ..analysis::Options::default()
    })?;
    args.out
        .show(ctx, &exposure::report::views::check(&analysis))?;
    Ok(Code::Success)
}

/// Parses `--task "TEXT=HOURS"` (the last `=` splits, so the text may hold one).
fn task_flag(raw: &str) -> Result<TaskRecord, InputError> {
    let Some((text, hours)) = raw.rsplit_once('=') else {
        return Err(
            InputError::new(format!("--task {} has no hours", quote_cell(raw)))
                .hint("write --task \"Answer FAQ emails=12\": the task, =, then hours a week"),
        );
    };
    let hours = parse_hours(hours)
        .map_err(|why| InputError::new(format!("--task {}: {why}", quote_cell(raw))))?;
    if text.trim().is_empty() {
        return Err(InputError::new(format!(
            "--task {} has no task text",
            quote_cell(raw)
        )));
    }
    Ok(record(text.trim(), hours))
}

/// Hours a week for one task, as a person types them.
pub fn parse_hours(s: &str) -> Result<f64, String> {
    match input::values::parse_number(s) {
        Some(n) if !n.percent && n.value > 0.0 && n.value <= MAX_TASK_HOURS => Ok(n.value),
        Some(n) if !n.percent && n.value > MAX_TASK_HOURS => Err(format!("{} hours is more than one task takes in a week; give hours per week, at most {MAX_TASK_HOURS}", n.value)),
        _ => Err(format!("{} is not a number of hours; type a number such as 12 or 2.5", quote_cell(s.trim()))),
    }
}

fn record(task: &str, hours: f64) -> TaskRecord {
    TaskRecord {
        role: String::new(),
        id: None,
        task: task.to_string(),
        source: TaskSource::Inventory,
        hours_per_week: hours,
        explicit_traits: Vec::new(),
        automatable: None,
    }
}

/// The sample organisation, parsed from the copy built into the binary.
fn sample() -> Result<Inventory, InputError> {
    let src = source::decode("sample-data/tasks.csv".to_string(), SAMPLE_TASKS.as_bytes());
    tasks::parse(
        &src,
        &tasks::Options {
            maps: Vec::new(),
            trait_ids: Vec::new(),
            week_hours: DEFAULT_WEEK_HOURS,
        },
    )
}

/// The tasks of a reference role: a sample role by name, or an O*NET occupation.
fn reference_role(name: &str, onet: Option<&str>) -> Result<Vec<TaskRecord>, InputError> {
    if let Some(path) = onet {
        let inv = input::onet::read(&[path.to_string()], &[name.to_string()], DEFAULT_WEEK_HOURS)?;
        return Ok(inv.tasks);
    }
    let inv = sample()?;
    let wanted = name.trim().to_lowercase();
    let tasks: Vec<TaskRecord> = inv
        .tasks
        .into_iter()
        .filter(|t| t.role.to_lowercase() == wanted)
        .collect();
    if tasks.is_empty() {
        let names: Vec<String> = inv.roles.iter().map(|r| quote_cell(&r.role)).collect();
        return Err(
            InputError::new(format!("no reference role is called {}", quote_cell(name))).hint(
                format!(
                    "the reference roles are {}; with --onet FILE, O*NET occupations too",
                    names.join(", ")
                ),
            ),
        );
    }
    Ok(tasks)
}

/// A worker's own CSV: the inventory format, with the role column optional.
fn own_file(path: &str) -> Result<Vec<TaskRecord>, InputError> {
    let src = source::read(path)?;
    let opts = tasks::Options {
        maps: Vec::new(),
        trait_ids: Vec::new(),
        week_hours: DEFAULT_WEEK_HOURS,
    };
    Ok(tasks::parse_own(src, &opts)?.tasks)
}
