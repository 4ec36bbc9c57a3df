//! O*NET's `Task Statements` file (tab-separated): each O*NET-SOC occupation becomes a role,
//! Core tasks weigh 2 and Supplemental or unlabelled tasks 1 (DESIGN section 3).

use super::source::{self, Source};
use super::suggest;
use super::{InputInfo, Inventory, RoleInfo, TaskRecord, TaskSource};
use crate::error::{quote_cell, InputError};
use std::collections::{HashMap, HashSet};

/// The columns O*NET publishes, in order; the tool needs the first five.
pub const HEADER: [&str; 5] = ["O*NET-SOC Code", "Title", "Task ID", "Task", "Task Type"];

/// Weight of a Core task relative to a Supplemental one.
pub const CORE_WEIGHT: f64 = 2.0;

/// Reads one or more Task Statements files, selecting `occupations` (codes or titles; empty
/// keeps all). A task that appears in several files is counted once.
pub fn read(
    paths: &[String],
    occupations: &[String],
    week_hours: f64,
) -> Result<Inventory, InputError> {
    let mut inv = Inventory::default();
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut weights: Vec<f64> = Vec::new();
    for path in paths {
        let src = source::read(path)?;
        let rows = parse_into(&src, &mut inv, &mut seen, &mut weights)?;
        inv.warnings.extend(src.warnings);
        inv.inputs.push(InputInfo {
            path: src.name,
            sha256: Some(src.sha256),
            blake3: src.blake3,
            rows,
        });
    }
    if !occupations.is_empty() {
        select(&mut inv, &mut weights, occupations)?;
    }
    // Weights become hours: each occupation's week split by weight.
    let mut totals: HashMap<&str, f64> = HashMap::new();
    for (t, w) in inv.tasks.iter().zip(&weights) {
        *totals.entry(t.role.as_str()).or_default() += w;
    }
    let hours: Vec<f64> = inv
        .tasks
        .iter()
        .zip(&weights)
        .map(|(t, w)| w / totals[t.role.as_str()] * week_hours)
        .collect();
    for (t, h) in inv.tasks.iter_mut().zip(hours) {
        t.hours_per_week = h;
    }
    Ok(inv)
}

/// Reads one file's rows into the inventory; returns its rows. `seen` holds the tasks of the
/// files read before, so that a task in two files counts once; `weights` gets one per task.
fn parse_into(
    src: &Source,
    inv: &mut Inventory,
    seen: &mut HashSet<(String, String)>,
    weights: &mut Vec<f64>,
) -> Result<u64, InputError> {
    let file = src.name.as_str();
    super::source::ensure_text(file, &src.text)?;
    check_header(file, src.text.lines().next().unwrap_or(""))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .flexible(true)
        .from_reader(src.text.as_bytes());
    let mut rows = 0u64;
    let mut record = csv::StringRecord::new();
    let mut role_index: HashMap<String, usize> = inv
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code.clone().unwrap_or_default(), i))
        .collect();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(super::tasks::csv_error(file, e)),
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows += 1;
        let get = |i: usize| record.get(i).unwrap_or("").trim();
        let (code, title, id, task, kind) = (get(0), get(1), get(2), get(3), get(4));
        if code.is_empty() || title.is_empty() || task.is_empty() {
            return Err(
                InputError::in_file(file, "an O*NET row needs a code, a title and a task")
                    .at_line(line)
                    .hint(
                        "the file may be cut short or edited; compare the line with O*NET's format",
                    ),
            );
        }
        let weight = task_weight(file, line, kind)?;
        // A task is the same task in another file by its id, or by its text when it has none.
        if !seen.insert((
            code.to_string(),
            if id.is_empty() {
                task.to_lowercase()
            } else {
                id.to_string()
            },
        )) {
            continue;
        }
        add_task(inv, &mut role_index, code, title, id, task);
        weights.push(weight);
    }
    if rows == 0 {
        return Err(InputError::in_file(
            file,
            "the file has a header but no tasks",
        ));
    }
    Ok(rows)
}

/// Adds a task to the inventory, and its occupation as a role the first time it is seen
/// (`role_index` maps the codes of the roles already there).
fn add_task(
    inv: &mut Inventory,
    role_index: &mut HashMap<String, usize>,
    code: &str,
    title: &str,
    id: &str,
    task: &str,
) {
    if !role_index.contains_key(code) {
        role_index.insert(code.to_string(), inv.roles.len());
        inv.roles.push(RoleInfo {
            role: title.to_string(),
            code: Some(code.to_string()),
            department: None,
            headcount: None,
        });
    }
    inv.tasks.push(TaskRecord {
        role: title.to_string(),
        id: (!id.is_empty()).then(|| id.to_string()),
        task: task.to_string(),
        source: TaskSource::Onet,
        hours_per_week: 0.0,
        explicit_traits: Vec::new(),
        automatable: None,
    });
}

/// Checks that the first line is O*NET's header, so that another file (an inventory given to
/// `--onet` by mistake) is refused with a hint instead of read as tasks.
fn check_header(file: &str, first: &str) -> Result<(), InputError> {
    let header: Vec<&str> = first.split('\t').map(str::trim).collect();
    if header.len() < HEADER.len() || header[..HEADER.len()] != HEADER {
        let found = if first.trim().is_empty() {
            "an empty first line".to_string()
        } else {
            quote_cell(first)
        };
        return Err(InputError::in_file(file, format!(
            "not an O*NET Task Statements file: expected a tab-separated header starting with {}, found {found}",
            HEADER.join(", ")
        ))
        .at_line(1)
        .hint("download \"Task Statements\" as text from the O*NET database; for your own inventory use exposure analyze FILE without --onet"));
    }
    Ok(())
}

/// A task's weight by its Task Type: Core tasks weigh more (ARCHITECTURE section 3); a type
/// O*NET does not use is an error on its line rather than a silent guess.
fn task_weight(file: &str, line: u64, kind: &str) -> Result<f64, InputError> {
    match kind {
        "Core" => Ok(CORE_WEIGHT),
        "Supplemental" | "" | "n/a" => Ok(1.0),
        other => Err(InputError::in_file(
            file,
            format!(
                "Task Type {} is not Core or Supplemental",
                quote_cell(other)
            ),
        )
        .at_line(line)
        .at_column(5, "Task Type")),
    }
}

/// Keeps the occupations whose code or title matches; a query that matches nothing is an error
/// that names the closest titles.
fn select(
    inv: &mut Inventory,
    weights: &mut Vec<f64>,
    queries: &[String],
) -> Result<(), InputError> {
    let mut keep: HashSet<String> = HashSet::new();
    for q in queries {
        let lq = q.trim().to_lowercase();
        let hits: Vec<&RoleInfo> = inv
            .roles
            .iter()
            .filter(|r| {
                let code = r.code.as_deref().unwrap_or("");
                code == lq
                    || code.split('.').next() == Some(lq.as_str())
                    || r.role.to_lowercase() == lq
            })
            .collect();
        let hits: Vec<&RoleInfo> = if hits.is_empty() {
            inv.roles
                .iter()
                .filter(|r| r.role.to_lowercase().contains(&lq))
                .collect()
        } else {
            hits
        };
        if hits.is_empty() {
            let roles = inv.roles.iter().map(|r| (r.role.to_lowercase(), r));
            let names: Vec<String> = suggest::closest(&lq, roles, 3)
                .iter()
                .map(|(r, _)| format!("{} ({})", r.role, r.code.as_deref().unwrap_or("")))
                .collect();
            return Err(
                InputError::new(format!("no O*NET occupation matches {}", quote_cell(q))).hint(
                    format!(
                        "the closest are {}; give a code such as 43-4051.00 or a title",
                        names.join(", ")
                    ),
                ),
            );
        }
        keep.extend(hits.iter().map(|r| r.role.clone()));
    }
    let mut kept_weights = Vec::new();
    let mut kept_tasks = Vec::new();
    for (t, w) in inv.tasks.drain(..).zip(weights.drain(..)) {
        if keep.contains(&t.role) {
            kept_tasks.push(t);
            kept_weights.push(w);
        }
    }
    inv.tasks = kept_tasks;
    *weights = kept_weights;
    inv.roles.retain(|r| keep.contains(&r.role));
    Ok(())
}
