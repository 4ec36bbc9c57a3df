//! Tickets and the task inventory describe one week (ARCHITECTURE section 3, "Reconciliation").
//! For a role with ticket workload, the inventory tasks that describe handling those contacts
//! are replaced by the measured workload (`replace`), scaled to it (`scale`), or kept beside it
//! (`add`). Pure functions over the inventory and the per-person ticket tasks.

use crate::input::{Inventory, TaskRecord, TaskSource};
use crate::taxonomy::Taxonomy;
use crate::warning::Warning;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// How ticket workload and inventory tasks are combined (`--reconcile`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The inventory tasks that describe the tickets' work give way to the measured workload.
    #[default]
    Replace,
    /// The inventory's tasks stay, their hours scaled to the measured workload.
    Scale,
    /// Both count (the same work may be counted twice).
    Add,
}

/// The name of the task that holds a role's queue time not spent on tickets (a label, like a
/// ticket category).
pub const QUEUE_TIME_TASK: &str = "Queue time between contacts (staffed, not in the ticket export)";

/// Occupancy (ticket hours over paid hours) outside this range is implausible.
pub const OCCUPANCY_PLAUSIBLE: (f64, f64) = (0.20, 1.00);

/// An inventory task that describes ticket work, and its hours before reconciliation.
#[derive(Debug, Clone, PartialEq)]
pub struct Replaced {
    pub id: Option<String>,
    pub task: String,
    pub hours_before: f64,
    pub hours_after: f64,
}

/// What reconciliation did to one role's week (hours per person).
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciliation {
    pub role: String,
    pub mode: Mode,
    /// The inventory tasks that describe the tickets' work (replaced, scaled or kept).
    pub replaced: Vec<Replaced>,
    /// The role's week in the inventory, before reconciliation.
    pub hours_before: f64,
    /// Measured ticket hours per person.
    pub ticket_hours: f64,
    /// With `replace`: the replaced tasks' hours that the tickets do not fill (time staffed on
    /// the queue between contacts), kept in the week as one task.
    pub queue_hours: f64,
    /// The role's week after reconciliation.
    pub hours_after: f64,
    /// Ticket hours over paid (inventory) hours.
    pub occupancy: f64,
}

/// Stems too common in task and category names to tie one to the other.
const GENERIC: &[&str] = &[
    "custom", "request", "issu", "ticket", "case", "new", "check", "updat", "chang", "general",
    "question", "inquiri", "problem", "support", "help", "servic", "status", "other", "team",
    "copi", "detail", "inform", "account",
];

/// Word stems of the objects and verbs of ticket work.
const TICKET_OBJECTS: &[&str] = &[
    "ticket",
    "chat",
    "call",
    "email",
    "inquiri",
    "queri",
    "question",
    "request",
    "case",
    "messag",
    "contact",
    "complaint",
    "faq",
];
const TICKET_VERBS: &[&str] = &[
    "answer", "handl", "respond", "respons", "repli", "resolv", "process", "work", "close",
    "triag", "take",
];

/// Whether an inventory task describes handling contacts like the role's ticket categories: it
/// speaks of handling tickets, calls or messages, or it names what one of the categories names
/// (a stem of four letters or more that is not generic, such as "password" or "refund").
/// `category_words` are the words of all the role's categories.
pub fn describes_ticket_work(
    taxonomy: &Taxonomy,
    task: &str,
    category_words: &HashSet<String>,
) -> bool {
    let words = taxonomy.words(task);
    let has = |set: &[&str]| words.iter().any(|w| set.iter().any(|s| w.starts_with(s)));
    if has(TICKET_OBJECTS) && has(TICKET_VERBS) {
        return true;
    }
    let specific = |w: &&String| w.len() >= 4 && !GENERIC.iter().any(|g| w.starts_with(g));
    words
        .iter()
        .filter(specific)
        .any(|w| category_words.contains(w))
}

/// Combines each role's ticket tasks (hours per person) with its inventory tasks. Returns the
/// reconciliations, in the order of the roles, and their warnings. Tasks and tickets are
/// grouped by role once, so the work grows with their number, not with roles times tasks.
pub fn reconcile(
    taxonomy: &Taxonomy,
    inventory: &mut Inventory,
    tickets: Vec<TaskRecord>,
    mode: Mode,
) -> (Vec<Reconciliation>, Vec<Warning>) {
    let mut done = Vec::new();
    let mut warnings = Vec::new();
    let listed: HashSet<&str> = inventory.roles.iter().map(|r| r.role.as_str()).collect();
    // Tickets of roles outside the inventory's list stay as they came, after the others.
    let (tickets, rest): (Vec<TaskRecord>, Vec<TaskRecord>) = tickets
        .into_iter()
        .partition(|t| listed.contains(t.role.as_str()));
    let mut by_role: HashMap<String, Vec<TaskRecord>> = HashMap::new();
    for t in tickets {
        by_role.entry(t.role.clone()).or_default().push(t);
    }
    // Each role's inventory tasks (not ticket work), by position.
    let mut own: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, t) in inventory.tasks.iter().enumerate() {
        if t.source != TaskSource::Tickets {
            own.entry(t.role.clone()).or_default().push(i);
        }
    }
    let mut removed = vec![false; inventory.tasks.len()];
    let mut added: Vec<TaskRecord> = Vec::new();
    let roles: Vec<String> = inventory.roles.iter().map(|r| r.role.clone()).collect();
    for role in roles {
        let Some(mine) = by_role.remove(&role) else {
            continue;
        };
        let indices = own.get(&role).map(Vec::as_slice).unwrap_or(&[]);
        let paid: f64 = indices
            .iter()
            .map(|&i| inventory.tasks[i].hours_per_week)
            .sum();
        if paid <= 0.0 {
            added.extend(mine);
            continue;
        }
        let week = RoleWeek {
            role: &role,
            indices,
            paid,
            mode,
        };
        let r = week.reconcile(
            taxonomy,
            &mut inventory.tasks,
            &mut removed,
            mine,
            &mut added,
        );
        warn_of(&r, &mut warnings);
        done.push(r);
    }
    let mut flags = removed.into_iter();
    inventory.tasks.retain(|_| !flags.next().unwrap_or(false));
    inventory.tasks.extend(added);
    inventory.tasks.extend(rest);
    (done, warnings)
}

/// The warnings of one role's reconciliation.
fn warn_of(r: &Reconciliation, warnings: &mut Vec<Warning>) {
    let role = &r.role;
    if r.replaced.is_empty() && r.mode != Mode::Add {
        warnings.push(Warning::NothingToReconcile { role: role.clone() });
    }
    if r.mode == Mode::Add && !r.replaced.is_empty() {
        warnings.push(Warning::DoubleCounted {
            role: role.clone(),
            tasks: r.replaced.iter().map(|t| t.task.clone()).collect(),
        });
    }
    let (low, high) = OCCUPANCY_PLAUSIBLE;
    if r.occupancy > high || r.occupancy < low {
        warnings.push(Warning::ImplausibleOccupancy {
            role: role.clone(),
            occupancy: r.occupancy,
            ticket_hours: r.ticket_hours,
            paid_hours: r.hours_before,
        });
    }
}

/// One role's week in the inventory: its own tasks (positions in the inventory) and their hours.
struct RoleWeek<'a> {
    role: &'a str,
    indices: &'a [usize],
    paid: f64,
    mode: Mode,
}

impl RoleWeek<'_> {
    /// Marks the role's contact tasks, then replaces, scales or keeps them; tasks replaced to
    /// nothing are marked `removed`, and the tasks that join the week go to `added`.
    fn reconcile(
        &self,
        taxonomy: &Taxonomy,
        tasks: &mut [TaskRecord],
        removed: &mut [bool],
        tickets: Vec<TaskRecord>,
        added: &mut Vec<TaskRecord>,
    ) -> Reconciliation {
        let words: HashSet<String> = tickets
            .iter()
            .flat_map(|t| taxonomy.words(&t.task))
            .collect();
        let ticket_hours: f64 = tickets.iter().map(|t| t.hours_per_week).sum();
        let contacts: Vec<usize> = self
            .indices
            .iter()
            .copied()
            .filter(|&i| describes_ticket_work(taxonomy, &tasks[i].task, &words))
            .collect();
        let contact_hours: f64 = contacts.iter().map(|&i| tasks[i].hours_per_week).sum();
        // Nothing to replace or scale: the ticket hours join the week.
        let effective = if contact_hours > 0.0 {
            self.mode
        } else {
            Mode::Add
        };
        let factor = match effective {
            Mode::Replace => 0.0,
            Mode::Scale => ticket_hours / contact_hours,
            Mode::Add => 1.0,
        };
        let mut replaced = Vec::new();
        for &i in &contacts {
            let t = &mut tasks[i];
            replaced.push(Replaced {
                id: t.id.clone(),
                task: t.task.clone(),
                hours_before: t.hours_per_week,
                hours_after: t.hours_per_week * factor,
            });
            t.hours_per_week *= factor;
            removed[i] = effective == Mode::Replace && t.hours_per_week == 0.0;
        }
        let mut queue_hours = 0.0;
        let mut hours_after: f64 = self.indices.iter().map(|&i| tasks[i].hours_per_week).sum();
        if effective == Mode::Replace {
            queue_hours = (contact_hours - ticket_hours).max(0.0);
            if queue_hours > 0.0 {
                added.push(queue_time(taxonomy, self.role, &tickets, queue_hours));
                hours_after += queue_hours;
            }
        }
        if effective != Mode::Scale {
            hours_after += ticket_hours;
            added.extend(tickets);
        }
        Reconciliation {
            role: self.role.to_string(),
            mode: self.mode,
            replaced,
            hours_before: self.paid,
            ticket_hours,
            queue_hours,
            hours_after,
            occupancy: ticket_hours / self.paid,
        }
    }
}

/// Time staffed on the queue between contacts. It goes as the queue's contacts go, so it takes
/// the hours-weighted automatability of the role's ticket work.
fn queue_time(taxonomy: &Taxonomy, role: &str, tickets: &[TaskRecord], hours: f64) -> TaskRecord {
    // The role's ticket tasks scored together: one pass over meaning, not one per category.
    let (mut weighted, mut total) = (0.0, 0.0);
    for t in crate::score::assess_tasks(taxonomy, tickets.to_vec()) {
        weighted += t.assessment.automatability * t.record.hours_per_week;
        total += t.record.hours_per_week;
    }
    TaskRecord {
        role: role.to_string(),
        id: None,
        task: QUEUE_TIME_TASK.to_string(),
        source: TaskSource::Tickets,
        hours_per_week: hours,
        explicit_traits: Vec::new(),
        automatable: (total > 0.0).then(|| weighted / total),
    }
}
