//! The time each task takes: hours per week as given, else the role's week split by shares,
//! else by frequency weights, else equally (ARCHITECTURE section 3); each fallback says so in a
//! warning.

use super::{Cells, Fields, Row};
use crate::error::{quote_cell, InputError};
use crate::input::values::{self, Number};
use crate::input::{TaskRecord, TaskSource};
use crate::warning::Warning;
use std::collections::HashMap;

/// What one row says about its task's time.
pub(super) struct Given {
    hours: Option<f64>,
    share: Option<Number>,
    /// The frequency's weight (see [`values::FREQUENCY_WEIGHTS`]).
    frequency: Option<f64>,
}

impl Given {
    /// Reads and checks the row's hours, share and frequency.
    pub(super) fn read(cells: &Cells) -> Result<Given, InputError> {
        let hours = cells.number("hours_per_week")?;
        if let Some(h) = hours {
            let (i, _) = cells.get("hours_per_week").unwrap_or((0, ""));
            if h.value < 0.0 {
                return Err(cells
                    .error(
                        i,
                        format!("negative hours ({})", crate::error::quote_number(h.value)),
                    )
                    .hint("hours per week cannot be below 0"));
            }
            if h.value > 168.0 {
                return Err(cells
                    .error(
                        i,
                        format!(
                            "{} hours in one week is more than the week has",
                            crate::error::quote_number(h.value)
                        ),
                    )
                    .hint(
                        "hours are per person and per week; for a team total, divide by the headcount",
                    ));
            }
        }
        let share = cells.number("share")?;
        if let Some(s) = share {
            let (i, _) = cells.get("share").unwrap_or((0, ""));
            if s.value < 0.0 {
                return Err(cells.error(i, format!("negative share ({})", s.value)));
            }
            if s.value > 100.0 {
                return Err(cells
                    .error(
                        i,
                        format!(
                            "a share of {}% is more than the whole week",
                            crate::error::quote_number(s.value)
                        ),
                    )
                    .hint("a share is the part of the week a task takes: 0-100% or 0-1"));
            }
        }
        let frequency = match cells.get("frequency") {
            Some((_, v)) if values::is_missing(v) => None,
            Some((i, v)) => Some(values::parse_frequency(v).ok_or_else(|| {
                cells
                    .error(i, format!("{} is not a frequency", quote_cell(v)))
                    .hint("use hourly, several times daily, daily, weekly, monthly, quarterly, yearly, or O*NET's categories 1-7")
            })?),
            None => None,
        };
        Ok(Given {
            hours: hours.map(|n| n.value),
            share,
            frequency,
        })
    }
}

/// Gives every task its hours per week, role by role, and makes the task records; a task
/// written twice for one role is counted twice, with a warning.
pub(super) fn hours_per_role(
    fields: &Fields,
    rows: Vec<Row>,
    week_hours: f64,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<TaskRecord>, InputError> {
    // Share columns are percentages when any cell says so or any value exceeds 1.
    let share_percent = rows
        .iter()
        .any(|r| r.time.share.is_some_and(|s| s.percent || s.value > 1.0));
    let mut order: Vec<String> = Vec::new();
    let mut by_role: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_role
            .entry(r.role.clone())
            .or_insert_with(|| {
                order.push(r.role.clone());
                Vec::new()
            })
            .push(i);
    }
    let mut hours = vec![0.0; rows.len()];
    for role in &order {
        let idx = &by_role[role];
        let given: Vec<&Given> = idx.iter().map(|&i| &rows[i].time).collect();
        let has_hours = given.iter().filter(|g| g.hours.is_some()).count();
        if has_hours > 0 && has_hours < given.len() {
            return Err(missing_hours(fields, role, idx, &rows));
        }
        let week = Week {
            role,
            hours: week_hours,
            share_percent,
        };
        for (&i, h) in idx.iter().zip(week.allot(&given, warnings)) {
            hours[i] = h;
        }
    }
    Ok(records(fields.file, rows, &hours, warnings))
}

/// The error for a role whose tasks give hours, but not all of them.
fn missing_hours(fields: &Fields, role: &str, idx: &[usize], rows: &[Row]) -> InputError {
    let missing = idx
        .iter()
        .map(|&i| &rows[i])
        .find(|r| r.time.hours.is_none());
    let c = fields.map.get("hours_per_week").unwrap_or(0);
    let line = missing.map(|r| r.line).unwrap_or(0);
    InputError::in_file(
        fields.file,
        format!(
            "no hours for this task, while other tasks of {} have hours",
            quote_cell(role)
        ),
    )
    .at_line(line)
    .at_column(c + 1, fields.headers.get(c).cloned().unwrap_or_default())
    .hint("give every task of a role its hours per week (0 is allowed)")
}

/// One role's working week, to split among its tasks.
struct Week<'a> {
    role: &'a str,
    hours: f64,
    share_percent: bool,
}

impl Week<'_> {
    /// The hours of each task of the role: as given when every task has hours, else by shares,
    /// else by frequencies, else equal.
    fn allot(&self, given: &[&Given], warnings: &mut Vec<Warning>) -> Vec<f64> {
        let role = self.role.to_string();
        if given.iter().all(|g| g.hours.is_some()) {
            let hours: Vec<f64> = given.iter().map(|g| g.hours.unwrap_or(0.0)).collect();
            let total: f64 = hours.iter().sum();
            if total > 80.0 {
                warnings.push(Warning::HoursPerTeam { role, total });
            }
            hours
        } else if given.iter().all(|g| g.share.is_some()) {
            self.by_shares(given, warnings)
        } else if given.iter().all(|g| g.frequency.is_some()) {
            let total: f64 = given.iter().map(|g| g.frequency.unwrap_or(0.0)).sum();
            warnings.push(Warning::SplitByFrequency {
                role,
                week_hours: self.hours,
            });
            given
                .iter()
                .map(|g| g.frequency.unwrap_or(0.0) / total * self.hours)
                .collect()
        } else {
            warnings.push(Warning::SplitEqually {
                role,
                week_hours: self.hours,
            });
            self.equally(given.len())
        }
    }

    /// The week split by the tasks' shares, scaled to 100% when they add up to something else.
    fn by_shares(&self, given: &[&Given], warnings: &mut Vec<Warning>) -> Vec<f64> {
        let shares: Vec<f64> = given
            .iter()
            .map(|g| {
                let s = g.share.map(|s| s.value).unwrap_or(0.0);
                if self.share_percent {
                    s / 100.0
                } else {
                    s
                }
            })
            .collect();
        let total: f64 = shares.iter().sum();
        if total <= 0.0 {
            warnings.push(Warning::SharesZero {
                role: self.role.to_string(),
            });
            return self.equally(given.len());
        }
        if (total - 1.0).abs() > 0.02 {
            warnings.push(Warning::SharesScaled {
                role: self.role.to_string(),
                total,
            });
        }
        shares.iter().map(|s| s / total * self.hours).collect()
    }

    fn equally(&self, tasks: usize) -> Vec<f64> {
        vec![self.hours / tasks as f64; tasks]
    }
}

/// The task records, in the rows' order; a task a role lists twice is a warning.
fn records(
    file: &str,
    rows: Vec<Row>,
    hours: &[f64],
    warnings: &mut Vec<Warning>,
) -> Vec<TaskRecord> {
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut tasks = Vec::with_capacity(rows.len());
    for (i, r) in rows.into_iter().enumerate() {
        let key = (r.role.clone(), r.task.to_lowercase());
        if let Some(first) = seen.get(&key) {
            warnings.push(Warning::DuplicateTask {
                file: file.to_string(),
                line: r.line,
                first_line: *first,
                role: r.role.clone(),
            });
        } else {
            seen.insert(key, r.line);
        }
        tasks.push(TaskRecord {
            role: r.role,
            id: r.id,
            task: r.task,
            source: TaskSource::Inventory,
            hours_per_week: hours[i],
            explicit_traits: r.explicit,
            automatable: r.automatable,
        });
    }
    tasks
}
