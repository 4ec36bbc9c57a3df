//! `exposure check` on a terminal: the job title, a starting point (a sample role or an O*NET
//! occupation), then the tasks one by one. Wrong entries are asked again, never fatal.

use super::{parse_hours, record, sample, CheckArgs};
use anyhow::Result;
use dialoguer::{theme::SimpleTheme, Input, Select};
use exposure::analysis::DEFAULT_WEEK_HOURS;
use exposure::error::{quote_cell, shorten, InputError};
use exposure::input::{self, RoleInfo, TaskRecord};
use exposure::report;

/// The interactive flow: title, a starting point, the tasks one by one. Wrong entries are
/// asked again, never fatal.
pub(super) fn ask(args: &CheckArgs) -> Result<(String, Vec<TaskRecord>)> {
    let theme = SimpleTheme;
    eprintln!("exposure check: how exposed is your own role? Nothing you type is stored or sent anywhere.\n");
    let title: String = Input::with_theme(&theme)
        .with_prompt("Your job title")
        .default(args.title.clone().unwrap_or_else(|| "My role".to_string()))
        .interact_text()?;
    let start = starting_point(&theme, args)?;
    let mut week = review(&theme, start)?;
    add_tasks(&theme, &mut week)?;
    Ok((title, week))
}

/// Where the week starts: nothing, a sample role's tasks, or an O*NET occupation's.
fn starting_point(theme: &SimpleTheme, args: &CheckArgs) -> Result<Vec<TaskRecord>> {
    let inv = sample()?;
    let mut choices = vec!["Describe my tasks one by one".to_string()];
    choices.extend(
        inv.roles
            .iter()
            .map(|r| format!("Start from: {}", shorten(&r.role, 200))),
    );
    if args.onet.is_some() {
        choices.push("Start from an O*NET occupation (search by title)".to_string());
    }
    let pick = Select::with_theme(theme)
        .with_prompt("How do you want to start?")
        .items(&choices)
        .default(0)
        .interact()?;
    Ok(if pick == 0 {
        Vec::new()
    } else if pick <= inv.roles.len() {
        let role = &inv.roles[pick - 1].role;
        inv.tasks
            .iter()
            .filter(|t| &t.role == role)
            .cloned()
            .collect()
    } else {
        search_onet(theme, args.onet.as_deref().unwrap_or_default())?
    })
}

/// Each task of the starting point, kept, dropped or given other hours.
fn review(theme: &SimpleTheme, start: Vec<TaskRecord>) -> Result<Vec<TaskRecord>> {
    let mut week = Vec::new();
    for t in start {
        let prompt = format!(
            "{} ({} h/week)",
            shorten(&t.task, 200),
            report::format_number(t.hours_per_week, 1)
        );
        let what = Select::with_theme(theme)
            .with_prompt(prompt)
            .items(["keep", "drop", "change the hours"])
            .default(0)
            .interact()?;
        match what {
            0 => week.push(t),
            2 => {
                let h = ask_hours(theme, "Hours per week on it")?;
                week.push(TaskRecord {
                    hours_per_week: h,
                    ..t
                });
            }
            _ => {}
        }
    }
    Ok(week)
}

/// The worker's own tasks, one at a time, until an empty one; at least one in all.
fn add_tasks(theme: &SimpleTheme, week: &mut Vec<TaskRecord>) -> Result<()> {
    eprintln!("\nAdd the tasks of your week, one at a time, for example \"Answer customer emails about orders\" or \"Enter invoices into the accounting system\". Leave it empty to finish.");
    loop {
        let text: String = Input::with_theme(theme)
            .with_prompt("Task")
            .allow_empty(true)
            .interact_text()?;
        if text.trim().is_empty() {
            if week.is_empty() {
                eprintln!("Add at least one task.");
                continue;
            }
            break;
        }
        let hours = ask_hours(theme, "Hours per week on it")?;
        week.push(record(text.trim(), hours));
    }
    Ok(())
}

fn ask_hours(theme: &SimpleTheme, prompt: &str) -> Result<f64> {
    let raw: String = Input::with_theme(theme)
        .with_prompt(prompt)
        .validate_with(|s: &String| parse_hours(s).map(|_| ()))
        .interact_text()?;
    Ok(parse_hours(&raw).map_err(InputError::new)?)
}

fn search_onet(theme: &SimpleTheme, path: &str) -> Result<Vec<TaskRecord>> {
    let all = input::onet::read(&[path.to_string()], &[], DEFAULT_WEEK_HOURS)?;
    loop {
        let q: String = Input::with_theme(theme)
            .with_prompt("Search occupations by title")
            .interact_text()?;
        let lq = q.trim().to_lowercase();
        let hits: Vec<&RoleInfo> = all
            .roles
            .iter()
            .filter(|r| r.role.to_lowercase().contains(&lq))
            .take(12)
            .collect();
        if hits.is_empty() {
            eprintln!(
                "No occupation title contains {}; try a shorter word.",
                quote_cell(&q)
            );
            continue;
        }
        let items: Vec<String> = hits
            .iter()
            .map(|r| {
                let code = r.code.as_deref().unwrap_or("");
                format!("{} ({})", shorten(&r.role, 200), shorten(code, 20))
            })
            .collect();
        let i = Select::with_theme(theme)
            .with_prompt("Which one?")
            .items(&items)
            .default(0)
            .interact()?;
        let role = hits[i].role.clone();
        return Ok(all.tasks.into_iter().filter(|t| t.role == role).collect());
    }
}
