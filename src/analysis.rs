//! The one place the pipeline is wired: inputs -> classify -> score -> paths. Every command
//! builds an [`Analysis`] with [`build`] and renders or transforms it.

use crate::error::{quote_cell, InputError};
use crate::input::tickets::arrivals::{self, Arrivals};
use crate::input::tickets::{self as ticket_input, Notes};
use crate::input::{self, columns, tasks, InputInfo, Inventory};
use crate::paths::{self, Catalog, Paths, Thresholds};
use crate::reconcile::{self, Reconciliation};
use crate::score::{self, AssessedTask, RoleExposure};
use crate::taxonomy::Taxonomy;
use crate::warning::{CategoryShare, Warning};
use crate::workload::{self, TicketLine};
use std::collections::{HashMap, HashSet};

/// A working week, for inventories given as shares or frequencies.
pub const DEFAULT_WEEK_HOURS: f64 = 40.0;

/// What to read and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// A task inventory (`-` for stdin).
    pub tasks: Option<String>,
    /// O*NET Task Statements files.
    pub onet: Vec<String>,
    /// O*NET occupations to keep (codes or titles).
    pub occupations: Vec<String>,
    /// `--map KEY=COLUMN` as given.
    pub maps: Vec<String>,
    /// `--taxonomy FILE`.
    pub taxonomy: Option<String>,
    pub week_hours: f64,
    /// Keep only these roles (case-insensitive); empty keeps all.
    pub roles: Vec<String>,
    /// `--catalog FILE` of upskilling paths.
    pub catalog: Option<String>,
    pub thresholds: Thresholds,
    /// Tasks already in hand (a worker's own week in `check`).
    pub inventory: Option<Inventory>,
    /// Ticket exports and how to read them.
    pub tickets: Vec<String>,
    pub ticket_options: TicketOptions,
    /// Lay out upskilling paths (the catalog is read only then).
    pub paths: bool,
}

/// How ticket exports are read and turned into workload.
#[derive(Debug, Clone, Default)]
pub struct TicketOptions {
    /// Every ticket goes to this role.
    pub role: Option<String>,
    /// `--queue-map FILE`: queue,role.
    pub queue_map: Option<String>,
    /// Average handle time in minutes where the export has none.
    pub aht: Option<f64>,
    /// Weeks the exports cover, overriding their dates.
    pub weeks: Option<f64>,
    /// A progress bar on stderr while reading (the command layer sets it only on a terminal).
    pub progress: bool,
    /// Compute each export's SHA-256 beside its BLAKE3 (`--sha256`).
    pub sha256: bool,
    /// How ticket workload and inventory tasks are combined.
    pub reconcile: reconcile::Mode,
}

/// What the ticket exports contributed, for the `tickets` report.
#[derive(Debug, Clone, Default)]
pub struct TicketSummary {
    pub lines: Vec<TicketLine>,
    pub notes: Notes,
    pub weeks: f64,
    /// Per role with ticket workload and inventory tasks: what reconciliation did.
    /// Sorted by role.
    pub reconciliations: Vec<Reconciliation>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            tasks: None,
            onet: Vec::new(),
            occupations: Vec::new(),
            maps: Vec::new(),
            taxonomy: None,
            week_hours: DEFAULT_WEEK_HOURS,
            roles: Vec::new(),
            inventory: None,
            tickets: Vec::new(),
            ticket_options: TicketOptions::default(),
            catalog: None,
            thresholds: Thresholds::default(),
            paths: true,
        }
    }
}

/// Everything a report shows: inputs with hashes, tasks with their evidence, roles, warnings.
pub struct Analysis {
    pub inputs: Vec<InputInfo>,
    pub taxonomy: Taxonomy,
    /// Ordered by exposure descending, then name.
    pub roles: Vec<RoleExposure>,
    /// Ordered by role (as `roles`), then as read.
    pub tasks: Vec<AssessedTask>,
    /// Upskilling paths of the roles above (found against the whole organisation, so internal
    /// moves see every role even when `roles` is filtered); `None` if not computed.
    pub paths: Option<Paths>,
    pub warnings: Vec<Warning>,
    /// Present when ticket exports were read.
    pub tickets: Option<TicketSummary>,
}

impl Analysis {
    /// What reconciling tickets with the inventory did to a role, if anything.
    pub fn reconciliation(&self, role: &str) -> Option<&Reconciliation> {
        self.tickets.as_ref().and_then(|t| {
            // Sorted by role when made: a binary search, however many roles.
            let i = t
                .reconciliations
                .partition_point(|r| r.role.as_str() < role);
            t.reconciliations.get(i).filter(|r| r.role == role)
        })
    }

    /// The tasks of one role, in output order.
    pub fn tasks_of<'a>(&'a self, role: &'a str) -> impl Iterator<Item = &'a AssessedTask> + 'a {
        self.tasks.iter().filter(move |t| t.record.role == role)
    }
}

/// Reads the inputs, scores them and, when `opts.paths` asks, lays out the upskilling paths: the
/// stages below, in order.
pub fn build(opts: &Options) -> Result<Analysis, InputError> {
    let taxonomy = Taxonomy::load(opts.taxonomy.as_deref())?;
    let maps = columns::parse_map(&opts.maps)?;
    let mut inventory = load_inventory(opts, &taxonomy, &maps)?;
    let summary = add_tickets(opts, &taxonomy, &maps, &mut inventory)?;
    if inventory.tasks.is_empty() {
        return Err(InputError::new("no tasks to analyse")
            .hint("give a task inventory: exposure analyze tasks.csv (see sample-data/tasks.csv), or O*NET tasks with --onet FILE"));
    }
    let keep = if opts.roles.is_empty() {
        None
    } else {
        Some(wanted_roles(&inventory, &opts.roles)?)
    };
    let mut warnings = taxonomy.warnings.clone();
    warnings.append(&mut inventory.warnings);
    let mut analysis = score_inventory(inventory, taxonomy, warnings);
    if opts.paths {
        add_paths(&mut analysis, opts)?;
    }
    if let Some(keep) = keep {
        filter_roles(&mut analysis, &keep);
    }
    analysis.tickets = summary;
    if analysis.tickets.is_some() {
        warn_unrecognised(&mut analysis);
    }
    Ok(analysis)
}

/// Stage 1: the task inventory, O*NET tasks and tasks already in hand, merged.
pub fn load_inventory(
    opts: &Options,
    taxonomy: &Taxonomy,
    maps: &[(String, String)],
) -> Result<Inventory, InputError> {
    let mut inventory = Inventory::default();
    if let Some(given) = &opts.inventory {
        merge(&mut inventory, given.clone());
    }
    if let Some(path) = &opts.tasks {
        let read = tasks::read(
            path,
            &tasks::Options {
                maps: maps.to_vec(),
                trait_ids: taxonomy.traits.iter().map(|t| t.id.clone()).collect(),
                week_hours: opts.week_hours,
            },
        )?;
        merge(&mut inventory, read);
    }
    if !opts.onet.is_empty() {
        merge(
            &mut inventory,
            input::onet::read(&opts.onet, &opts.occupations, opts.week_hours)?,
        );
    } else if !opts.occupations.is_empty() {
        return Err(InputError::new("--occupation needs --onet FILE")
            .hint("give O*NET's Task Statements file: exposure analyze --onet \"Task Statements.txt\" --occupation 43-4051.00"));
    }
    Ok(inventory)
}

/// Stage 2: ticket exports become workload tasks of their roles.
pub fn add_tickets(
    opts: &Options,
    taxonomy: &Taxonomy,
    maps: &[(String, String)],
    inventory: &mut Inventory,
) -> Result<Option<TicketSummary>, InputError> {
    if opts.tickets.is_empty() {
        return Ok(None);
    }
    let t = &opts.ticket_options;
    let queue_map = t
        .queue_map
        .as_deref()
        .map(ticket_input::read_queue_map)
        .transpose()?;
    let read = ticket_input::read(
        &opts.tickets,
        &ticket_input::Options {
            maps: maps.to_vec(),
            role: t.role.clone(),
            queue_map,
            default_aht: t.aht,
            weeks: t.weeks,
            progress: t.progress,
            sha256: t.sha256,
        },
    )?;
    let mut load = workload::from_tickets(&read, taxonomy, t.aht);
    inventory.warnings.extend(read.warnings.iter().cloned());
    inventory.warnings.extend(load.warnings);
    // Without an inventory (`exposure tickets`), a queue's hours stay the team's.
    let with_inventory = !inventory.tasks.is_empty();
    if with_inventory && load.lines.iter().any(|l| l.hours_per_week.is_none()) {
        return Err(InputError::new(
            "the ticket exports have no usable handle times, and hours are needed to join them to the inventory",
        )
        .hint("give the average handle time with --aht MINUTES"));
    }
    add_roles(&mut inventory.roles, load.roles);
    let mut reconciliations = Vec::new();
    if with_inventory {
        inventory
            .warnings
            .extend(per_person(&inventory.roles, &mut load.tasks));
        let (done, warnings) = reconcile::reconcile(taxonomy, inventory, load.tasks, t.reconcile);
        inventory.warnings.extend(warnings);
        reconciliations = done;
        // One per role, looked up by name (`Analysis::reconciliation`).
        reconciliations.sort_by(|a, b| a.role.cmp(&b.role));
    } else {
        inventory.tasks.extend(load.tasks);
    }
    inventory.inputs.extend(read.inputs);
    Ok(Some(TicketSummary {
        lines: load.lines,
        notes: read.notes,
        weeks: read.weeks,
        reconciliations,
    }))
}

/// Stage 6 (`simulate`): the ticket exports read once more for when contacts arrive, per queue
/// and channel; `None` without exports.
pub fn read_arrivals(opts: &Options) -> Result<Option<Arrivals>, InputError> {
    if opts.tickets.is_empty() {
        return Ok(None);
    }
    let t = &opts.ticket_options;
    let maps = columns::parse_map(&opts.maps)?;
    let queue_map = t
        .queue_map
        .as_deref()
        .map(ticket_input::read_queue_map)
        .transpose()?;
    let read = arrivals::read(
        &opts.tickets,
        &arrivals::Options {
            maps: &maps,
            role: t.role.as_deref(),
            queue_map: queue_map.as_ref(),
        },
    )?;
    Ok(Some(read))
}

/// Stage 4: upskilling paths, found against the whole organisation (so internal moves see every
/// role even when the roles shown are filtered afterwards).
pub fn add_paths(analysis: &mut Analysis, opts: &Options) -> Result<(), InputError> {
    let catalog = Catalog::load(opts.catalog.as_deref(), &analysis.taxonomy)?;
    analysis.warnings.splice(
        analysis.taxonomy.warnings.len()..analysis.taxonomy.warnings.len(),
        catalog.warnings.iter().cloned(),
    );
    analysis.paths = Some(paths::for_roles(
        &analysis.taxonomy,
        &analysis.roles,
        &analysis.tasks,
        &catalog,
        &opts.thresholds,
    ));
    Ok(())
}

/// Stage 5: keep only the roles asked for (and their tasks, paths and ticket lines).
pub fn filter_roles(analysis: &mut Analysis, keep: &[String]) {
    analysis.roles.retain(|r| keep.contains(&r.info.role));
    analysis.tasks.retain(|t| keep.contains(&t.record.role));
    if let Some(found) = &mut analysis.paths {
        found.roles.retain(|r| keep.contains(&r.role));
    }
}

/// Ticket categories that no trait recognises, in the roles shown: one warning.
fn warn_unrecognised(analysis: &mut Analysis) {
    let Some(s) = &mut analysis.tickets else {
        return;
    };
    // Sets and maps of names: linear in the queues and categories, however many.
    let roles: HashSet<&str> = analysis
        .roles
        .iter()
        .map(|r| r.info.role.as_str())
        .collect();
    s.lines.retain(|l| roles.contains(l.role.as_str()));
    let mut lines: HashMap<(&str, &str), &TicketLine> = HashMap::new();
    for l in &s.lines {
        lines
            .entry((l.role.as_str(), l.category.as_str()))
            .or_insert(l);
    }
    let unrecognised: Vec<CategoryShare> = analysis
        .tasks
        .iter()
        .filter(|t| t.record.source == input::TaskSource::Tickets && t.assessment.unclassified)
        .filter_map(|t| {
            lines
                .get(&(t.record.role.as_str(), t.record.task.as_str()))
                .copied()
        })
        .map(|l| CategoryShare {
            category: l.category.clone(),
            role: l.role.clone(),
            share: l.share,
        })
        .collect();
    if !unrecognised.is_empty() {
        analysis.warnings.push(Warning::UnrecognisedCategories {
            categories: unrecognised,
        });
    }
}

/// Inventory hours are per person; a queue's ticket hours are the whole team's. Where the
/// role's headcount is known, ticket hours are shared out over it.
fn per_person(roles: &[input::RoleInfo], tasks: &mut [input::TaskRecord]) -> Option<Warning> {
    let by_name: HashMap<&str, &input::RoleInfo> =
        roles.iter().rev().map(|r| (r.role.as_str(), r)).collect();
    let mut whole_team: Vec<&str> = Vec::new();
    let mut warned: HashSet<&str> = HashSet::new();
    for t in tasks.iter_mut() {
        let role = by_name.get(t.role.as_str()).copied();
        match role.and_then(|r| r.headcount).filter(|h| *h > 0.0) {
            Some(h) => t.hours_per_week /= h,
            None => {
                if let Some(r) = role.filter(|r| warned.insert(r.role.as_str())) {
                    whole_team.push(&r.role);
                }
            }
        }
    }
    (!whole_team.is_empty()).then(|| Warning::NoHeadcount {
        roles: whole_team.iter().map(|r| r.to_string()).collect(),
    })
}

/// Classifies and scores every task, then aggregates roles in output order.
pub fn score_inventory(
    inventory: Inventory,
    taxonomy: Taxonomy,
    warnings: Vec<Warning>,
) -> Analysis {
    let assessed: Vec<AssessedTask> = score::assess_tasks(&taxonomy, inventory.tasks);
    let mut by_role: HashMap<&str, Vec<&AssessedTask>> = HashMap::new();
    for t in &assessed {
        by_role.entry(t.record.role.as_str()).or_default().push(t);
    }
    let mut roles: Vec<RoleExposure> = inventory
        .roles
        .iter()
        .filter_map(|info| {
            by_role
                .get(info.role.as_str())
                .map(|ts| score::role_exposure(info, ts, &taxonomy.bands))
        })
        .collect();
    score::sort_roles(&mut roles);
    let rank: HashMap<&str, usize> = roles
        .iter()
        .enumerate()
        .map(|(i, r)| (r.info.role.as_str(), i))
        .collect();
    let mut order: Vec<(usize, usize)> = assessed
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (
                rank.get(t.record.role.as_str())
                    .copied()
                    .unwrap_or(usize::MAX),
                i,
            )
        })
        .collect();
    order.sort_unstable();
    let mut slots: Vec<Option<AssessedTask>> = assessed.into_iter().map(Some).collect();
    let tasks = order
        .into_iter()
        .filter_map(|(_, i)| slots[i].take())
        .collect();
    Analysis {
        inputs: inventory.inputs,
        taxonomy,
        roles,
        tasks,
        paths: None,
        warnings,
        tickets: None,
    }
}

/// Appends the roles not already there, in order; a set of the names keeps this linear.
fn add_roles(into: &mut Vec<input::RoleInfo>, roles: Vec<input::RoleInfo>) {
    let mut known: HashSet<String> = into.iter().map(|r| r.role.clone()).collect();
    into.extend(roles.into_iter().filter(|r| known.insert(r.role.clone())));
}

fn merge(into: &mut Inventory, mut from: Inventory) {
    add_roles(&mut into.roles, std::mem::take(&mut from.roles));
    into.tasks.append(&mut from.tasks);
    into.inputs.append(&mut from.inputs);
    into.warnings.append(&mut from.warnings);
}

/// The roles asked for; a name that matches nothing is an error with the closest names.
fn wanted_roles(inv: &Inventory, wanted: &[String]) -> Result<Vec<String>, InputError> {
    let mut keep: Vec<String> = Vec::new();
    for w in wanted {
        let lw = w.trim().to_lowercase();
        let hits: Vec<&input::RoleInfo> = inv
            .roles
            .iter()
            .filter(|r| {
                r.role.to_lowercase() == lw
                    || r.code.as_deref().is_some_and(|c| c.to_lowercase() == lw)
            })
            .collect();
        if hits.is_empty() {
            let roles = inv
                .roles
                .iter()
                .map(|r| (r.role.to_lowercase(), r.role.as_str()));
            let close = input::suggest::closest(&lw, roles, 3);
            let names: Vec<String> = close.iter().map(|(n, _)| quote_cell(n)).collect();
            return Err(
                InputError::new(format!("no role is called {}", quote_cell(w)))
                    .hint(format!("the closest roles are {}", names.join(", "))),
            );
        }
        keep.extend(hits.iter().map(|r| r.role.clone()));
    }
    Ok(keep)
}
