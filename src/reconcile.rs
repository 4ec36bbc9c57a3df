//! Tickets and the task inventory describe one week (ARCHITECTURE section 3, "Reconciliation").
//! For a role with ticket workload, the inventory tasks that describe handling those contacts
//! are replaced by the measured workload (`replace`), scaled to it (`scale`), or kept beside it
//! (`add`). Pure functions over the inventory and the per-person ticket tasks.

use crate::input::{Inventory, TaskRecord, TaskSource};
use crate::taxonomy::Taxonomy;
use crate::warning::Warning;
use serde::Serialize;

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
pub fn describes_ticket_work(taxonomy: &Taxonomy, task: &str, categories: &[Vec<String>]) -> bool {
    let words = taxonomy.words(task);
    let has = |set: &[&str]| words.iter().any(|w| set.iter().any(|s| w.starts_with(s)));
    if has(TICKET_OBJECTS) && has(TICKET_VERBS) {
        return true;
    }
    let specific = |w: &&String| w.len() >= 4 && !GENERIC.iter().any(|g| w.starts_with(g));
    words
        .iter()
        .filter(specific)
        .any(|w| categories.iter().any(|c| c.contains(w)))
}

/// Combines each role's ticket tasks (hours per person) with its inventory tasks. Returns the
/// reconciliations, in the order of the roles, and their warnings.
pub fn reconcile(
    taxonomy: &Taxonomy,
    inventory: &mut Inventory,
    tickets: Vec<TaskRecord>,
    mode: Mode,
) -> (Vec<Reconciliation>, Vec<Warning>) {
    let mut done = Vec::new();
    let mut warnings = Vec::new();
    let roles: Vec<String> = inventory.roles.iter().map(|r| r.role.clone()).collect();
    let mut rest = tickets;
    for role in roles {
        let (mine, others): (Vec<TaskRecord>, Vec<TaskRecord>) =
            rest.into_iter().partition(|t| t.role == role);
        rest = others;
        let paid: f64 = inventory
            .tasks
            .iter()
            .filter(|t| t.role == role && t.source != TaskSource::Tickets)
            .map(|t| t.hours_per_week)
            .sum();
        if mine.is_empty() || paid <= 0.0 {
            inventory.tasks.extend(mine);
            continue;
        }
        let r = reconcile_role(taxonomy, inventory, &role, mine, paid, mode);
        if r.replaced.is_empty() && mode != Mode::Add {
            warnings.push(Warning::NothingToReconcile { role: role.clone() });
        }
        if mode == Mode::Add && !r.replaced.is_empty() {
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
        done.push(r);
    }
    inventory.tasks.extend(rest);
    (done, warnings)
}

/// One role: marks its contact tasks, then replaces, scales or keeps them.
fn reconcile_role(
    taxonomy: &Taxonomy,
    inventory: &mut Inventory,
    role: &str,
    tickets: Vec<TaskRecord>,
    paid: f64,
    mode: Mode,
) -> Reconciliation {
    let categories: Vec<Vec<String>> = tickets.iter().map(|t| taxonomy.words(&t.task)).collect();
    let ticket_hours: f64 = tickets.iter().map(|t| t.hours_per_week).sum();
    let is_contact = |t: &TaskRecord| {
        t.role == role
            && t.source != TaskSource::Tickets
            && describes_ticket_work(taxonomy, &t.task, &categories)
    };
    let contact_hours: f64 = inventory
        .tasks
        .iter()
        .filter(|t| is_contact(t))
        .map(|t| t.hours_per_week)
        .sum();
    // Nothing to replace or scale: the ticket hours join the week.
    let effective = if contact_hours > 0.0 { mode } else { Mode::Add };
    let factor = match effective {
        Mode::Replace => 0.0,
        Mode::Scale => ticket_hours / contact_hours,
        Mode::Add => 1.0,
    };
    let mut replaced = Vec::new();
    for t in inventory.tasks.iter_mut().filter(|t| is_contact(t)) {
        replaced.push(Replaced {
            id: t.id.clone(),
            task: t.task.clone(),
            hours_before: t.hours_per_week,
            hours_after: t.hours_per_week * factor,
        });
        t.hours_per_week *= factor;
    }
    let mut queue_hours = 0.0;
    if effective == Mode::Replace {
        inventory
            .tasks
            .retain(|t| !(is_contact(t) && t.hours_per_week == 0.0));
        queue_hours = (contact_hours - ticket_hours).max(0.0);
        if queue_hours > 0.0 {
            inventory
                .tasks
                .push(queue_time(taxonomy, role, &tickets, queue_hours));
        }
    }
    if effective != Mode::Scale {
        inventory.tasks.extend(tickets);
    }
    let hours_after: f64 = inventory
        .tasks
        .iter()
        .filter(|t| t.role == role)
        .map(|t| t.hours_per_week)
        .sum();
    Reconciliation {
        role: role.to_string(),
        mode,
        replaced,
        hours_before: paid,
        ticket_hours,
        queue_hours,
        hours_after,
        occupancy: ticket_hours / paid,
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
