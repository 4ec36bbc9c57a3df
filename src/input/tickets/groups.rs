//! The totals of one export turned into groups per role and category: keys that are missing
//! named as such, queues mapped to roles, subjects marked for classification, the automated
//! flag read, and the warnings that go with them.

use super::plan::Plan;
use super::{automated, values, Group, Options, Tickets};
use crate::warning::Warning;
use polars::prelude::*;
use std::collections::BTreeMap;

/// The columns of one export's totals, one value per group; keys that are missing, written as
/// nulls or as "N/A" and the like, get a name that says so.
struct Columns {
    roles: Vec<String>,
    cats: Vec<String>,
    tickets: Vec<f64>,
    minutes: Vec<f64>,
    timed: Vec<f64>,
    /// The automated flag as written, trimmed and lowercased.
    auto_raw: Vec<Option<String>>,
    neg: Vec<f64>,
    absurd: Vec<f64>,
    unreadable: Vec<f64>,
    rows: Vec<f64>,
}

impl Columns {
    fn read(grouped: &DataFrame) -> PolarsResult<Columns> {
        let f64s = |c: &str| -> PolarsResult<Vec<f64>> {
            let s = grouped.column(c)?.cast(&DataType::Float64)?;
            Ok(s.f64()?.iter().map(|v| v.unwrap_or(0.0)).collect())
        };
        let strs = |c: &str, missing: &str| -> PolarsResult<Vec<String>> {
            let s = grouped.column(c)?.cast(&DataType::String)?;
            Ok(s.str()?
                .iter()
                .map(|v| match v {
                    Some(v) if !values::is_missing(v) => v.to_string(),
                    _ => missing.to_string(),
                })
                .collect())
        };
        let (roles, cats) = (
            strs("role", "(no queue)")?,
            strs("category", "(no category)")?,
        );
        let (tickets, minutes, timed) = (f64s("tickets")?, f64s("minutes")?, f64s("timed")?);
        let auto_raw: Vec<Option<String>> = grouped
            .column("auto_raw")?
            .cast(&DataType::String)?
            .str()?
            .iter()
            .map(|v| v.map(|v| v.trim().to_lowercase()))
            .collect();
        let (neg, absurd, unreadable, rows) = (
            f64s("neg")?,
            f64s("absurd")?,
            f64s("unreadable")?,
            f64s("rows")?,
        );
        Ok(Columns {
            roles,
            cats,
            tickets,
            minutes,
            timed,
            auto_raw,
            neg,
            absurd,
            unreadable,
            rows,
        })
    }
}

/// Turns the totals of one export into groups per role and category; returns its rows.
pub(super) fn collect_groups(
    grouped: &DataFrame,
    plan: &Plan,
    opts: &Options,
    file: &str,
    acc: &mut BTreeMap<(String, String), Group>,
    out: &mut Tickets,
) -> PolarsResult<u64> {
    if grouped.height() == 0 {
        return Ok(0);
    }
    let c = Columns::read(grouped)?;
    let mut file_rows = 0u64;
    for i in 0..grouped.height() {
        // Queues and categories are shown; an e-mail address typed into one is not.
        let role = match &opts.queue_map {
            Some(m) => m
                .get(&c.roles[i])
                .cloned()
                .unwrap_or_else(|| values::redact_emails(&c.roles[i])),
            None => values::redact_emails(&c.roles[i]),
        };
        // Subjects are free text: marked here, replaced by the phrases they match in
        // `workload`, so that no subject reaches an output.
        let category = if plan.subjects {
            format!("subject:{}", c.cats[i])
        } else {
            values::redact_emails(&c.cats[i])
        };
        let flag = automated(c.auto_raw[i].as_deref());
        let tickets = c.tickets[i];
        let group = Group {
            role,
            category,
            tickets,
            handle_minutes: c.minutes[i],
            handle_tickets: c.timed[i],
            automated: if flag == Some(true) { tickets } else { 0.0 },
            automated_known: if flag.is_some() { tickets } else { 0.0 },
        };
        acc.entry((group.role.clone(), group.category.clone()))
            .or_insert_with(|| Group::new(&group.role, &group.category))
            .add(&group);
        out.notes.excluded_negative += c.neg[i] as u64;
        out.notes.excluded_absurd += c.absurd[i] as u64;
        out.notes.unreadable += c.unreadable[i] as u64;
        file_rows += c.rows[i] as u64;
    }
    warn_of_export(&c.roles, plan, opts, file, &mut out.warnings);
    Ok(file_rows)
}

/// Warns of what a reader of the results should know about this export: queues the queue map
/// does not name (the first few), and subjects classified in place of categories.
fn warn_of_export(
    queues: &[String],
    plan: &Plan,
    opts: &Options,
    file: &str,
    warnings: &mut Vec<Warning>,
) {
    if let Some(m) = &opts.queue_map {
        let mut unmapped: Vec<&String> = queues.iter().filter(|q| !m.contains_key(*q)).collect();
        unmapped.sort();
        unmapped.dedup();
        if !unmapped.is_empty() {
            warnings.push(Warning::UnmappedQueues {
                file: file.to_string(),
                queues: unmapped.iter().take(8).map(|q| q.to_string()).collect(),
            });
        }
    }
    if plan.subjects {
        warnings.push(Warning::SubjectsClassified {
            file: file.to_string(),
        });
    }
}
