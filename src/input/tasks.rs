//! The task inventory: one row per role and task, as HR systems export it (DESIGN section 3).

use super::columns::{self, Key};
use super::source::{self, Source};
use super::values::{self, Number};
use super::{InputInfo, Inventory, RoleInfo, TaskRecord, TaskSource};
use crate::error::{quote_cell, InputError};
use std::collections::HashMap;

/// The keys of a task inventory and their synonyms (normalised: see [`columns::normalise`]).
pub const KEYS: &[Key] = &[
    Key {
        name: "role",
        what: "the job title each task belongs to",
        synonyms: &[
            "rolename",
            "jobtitle",
            "title",
            "position",
            "positiontitle",
            "occupation",
            "job",
            "jobrole",
            "jobname",
            "roletitle",
        ],
    },
    Key {
        name: "task",
        what: "the task description",
        synonyms: &[
            "taskdescription",
            "tasks",
            "taskname",
            "taskstatement",
            "activity",
            "activitydescription",
            "duty",
            "duties",
            "responsibility",
            "responsibilities",
            "description",
        ],
    },
    Key {
        name: "hours_per_week",
        what: "hours per week spent on the task, per person",
        synonyms: &[
            "hours",
            "hoursweek",
            "hrsweek",
            "hrsperweek",
            "weeklyhours",
            "weeklyhrs",
            "hrs",
            "time",
            "timeperweek",
            "hoursperweekperperson",
        ],
    },
    Key {
        name: "share",
        what: "the share of the role's time spent on the task",
        synonyms: &[
            "%time",
            "%oftime",
            "percentoftime",
            "percenttime",
            "pctoftime",
            "pcttime",
            "timeshare",
            "shareoftime",
            "allocation",
            "timeallocation",
            "%",
            "percent",
            "percentage",
        ],
    },
    Key {
        name: "headcount",
        what: "the number of people in the role",
        synonyms: &[
            "employees",
            "fte",
            "ftes",
            "people",
            "staff",
            "numberofemployees",
            "noofemployees",
            "incumbents",
        ],
    },
    Key {
        name: "department",
        what: "the department",
        synonyms: &[
            "dept",
            "team",
            "function",
            "unit",
            "businessunit",
            "division",
        ],
    },
    Key {
        name: "frequency",
        what: "how often the task is done",
        synonyms: &["howoften", "freq", "taskfrequency"],
    },
    Key {
        name: "automatable",
        what: "an explicit automatability score that overrides the model",
        synonyms: &["automatability", "automationscore", "automatableshare"],
    },
    Key {
        name: "id",
        what: "the task's own id",
        synonyms: &["taskid", "taskno", "tasknumber", "taskcode", "taskref"],
    },
    Key {
        name: "code",
        what: "the role's code (SOC or internal)",
        synonyms: &["rolecode", "jobcode", "soccode", "onetsoccode", "onetcode"],
    },
];

/// How to read an inventory.
#[derive(Debug, Clone)]
pub struct Options {
    pub maps: Vec<(String, String)>,
    /// Trait ids of the active taxonomy: columns with these names give explicit evidence.
    pub trait_ids: Vec<String>,
    /// A full working week, for roles given as shares, frequencies or nothing.
    pub week_hours: f64,
}

/// Reads a task inventory from `path` (`-` for stdin).
pub fn read(path: &str, opts: &Options) -> Result<Inventory, InputError> {
    let src = source::read(path)?;
    parse(&src, opts)
}

struct Row {
    line: u64,
    role: String,
    task: String,
    id: Option<String>,
    hours: Option<f64>,
    share: Option<Number>,
    frequency: Option<f64>,
    explicit: Vec<(String, f64)>,
    automatable: Option<f64>,
}

/// Parses an inventory that is already decoded.
pub fn parse(src: &Source, opts: &Options) -> Result<Inventory, InputError> {
    let file = src.name.as_str();
    let mut warnings = src.warnings.clone();
    if src.text.trim().is_empty() {
        return Err(InputError::in_file(file, "the file is empty").hint(
            "a task inventory needs a header such as role,task,hours_per_week and one row per task",
        ));
    }
    let delimiter = source::sniff_delimiter(&src.text);
    if let Some(line) = source::unterminated_quote(&src.text, delimiter) {
        return Err(unterminated(file, line));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(src.text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(file, e))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();

    // Trait columns: the header is a trait id of the active taxonomy.
    let trait_cols: Vec<(usize, String)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let n = columns::normalise(h);
            opts.trait_ids
                .iter()
                .find(|id| columns::normalise(id) == n)
                .map(|id| (i, id.clone()))
        })
        .collect();
    let keys: Vec<Key> = KEYS
        .iter()
        .filter(|k| {
            !trait_cols
                .iter()
                .any(|(_, id)| columns::normalise(id) == columns::normalise(k.name))
        })
        .copied()
        .collect();
    let map = columns::resolve(
        file,
        &headers,
        &keys,
        &["role", "task"],
        &opts.maps,
        &mut warnings,
    )?;
    let col = |key: &str| map.get(key);
    let header_of = |i: usize| headers.get(i).cloned().unwrap_or_default();

    let mut rows: Vec<Row> = Vec::new();
    let mut roles: Vec<RoleInfo> = Vec::new();
    let mut role_index: HashMap<String, usize> = HashMap::new();
    let mut record = csv::StringRecord::new();
    let mut skipped = 0u64;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(file, e)),
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let cell = |key: &str| -> Option<(usize, &str)> {
            col(key).map(|i| (i, record.get(i).unwrap_or("").trim()))
        };
        let role = cell("role").map(|(_, v)| v).unwrap_or("");
        let task = cell("task").map(|(_, v)| v).unwrap_or("");
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if role.is_empty() || task.is_empty() {
            skipped += 1;
            warnings.push(format!(
                "{file}:{line}: row skipped: {} is empty",
                if role.is_empty() {
                    "the role"
                } else {
                    "the task"
                }
            ));
            continue;
        }
        let i = *role_index.entry(role.to_string()).or_insert_with(|| {
            roles.push(RoleInfo {
                role: role.to_string(),
                ..RoleInfo::default()
            });
            roles.len() - 1
        });
        update_role(
            file,
            &mut roles[i],
            line,
            &|key| cell(key),
            &headers,
            &mut warnings,
        )?;
        let number = |key: &str| -> Result<Option<Number>, InputError> {
            let Some((i, v)) = cell(key) else {
                return Ok(None);
            };
            if values::is_missing(v) {
                return Ok(None);
            }
            match values::parse_number(v) {
                Some(n) => Ok(Some(n)),
                None => Err(InputError::in_file(
                    file,
                    format!("{} is not a number", quote_cell(v)),
                )
                .at_line(line)
                .at_column(i + 1, header_of(i))
                .hint(format!(
                    "write {} as a number such as 7.5, or leave the cell empty",
                    key
                ))),
            }
        };
        let hours = number("hours_per_week")?;
        if let Some(h) = hours {
            let (i, _) = cell("hours_per_week").unwrap_or((0, ""));
            if h.value < 0.0 {
                return Err(
                    InputError::in_file(file, format!("negative hours ({})", h.value))
                        .at_line(line)
                        .at_column(i + 1, header_of(i))
                        .hint("hours per week cannot be below 0"),
                );
            }
            if h.value > 168.0 {
                return Err(InputError::in_file(
                    file,
                    format!("{} hours in one week is more than the week has", h.value),
                )
                .at_line(line)
                .at_column(i + 1, header_of(i))
                .hint(
                    "hours are per person and per week; for a team total, divide by the headcount",
                ));
            }
        }
        let share = number("share")?;
        if let Some(s) = share {
            if s.value < 0.0 {
                let (i, _) = cell("share").unwrap_or((0, ""));
                return Err(
                    InputError::in_file(file, format!("negative share ({})", s.value))
                        .at_line(line)
                        .at_column(i + 1, header_of(i)),
                );
            }
        }
        let frequency = match cell("frequency") {
            Some((_, v)) if values::is_missing(v) => None,
            Some((i, v)) => Some(values::parse_frequency(v).ok_or_else(|| {
                InputError::in_file(file, format!("{} is not a frequency", quote_cell(v)))
                    .at_line(line)
                    .at_column(i + 1, header_of(i))
                    .hint("use hourly, several times daily, daily, weekly, monthly, quarterly, yearly, or O*NET's categories 1-7")
            })?),
            None => None,
        };
        let mut explicit = Vec::new();
        for (i, id) in &trait_cols {
            let v = record.get(*i).unwrap_or("").trim();
            if values::is_missing(v) {
                continue;
            }
            let e = unit_value(v).ok_or_else(|| {
                InputError::in_file(file, format!("{} is not a trait score", quote_cell(v)))
                    .at_line(line)
                    .at_column(i + 1, header_of(*i))
                    .hint("trait columns take 0-1, 1-5, a percentage, or yes/no")
            })?;
            explicit.push((id.clone(), e));
        }
        let automatable = match cell("automatable") {
            Some((_, v)) if values::is_missing(v) => None,
            Some((i, v)) => Some(values::parse_share(v).ok_or_else(|| {
                InputError::in_file(
                    file,
                    format!("{} is not an automatability between 0 and 1", quote_cell(v)),
                )
                .at_line(line)
                .at_column(i + 1, header_of(i))
                .hint("write 0-1 or a percentage such as 70%")
            })?),
            None => None,
        };
        rows.push(Row {
            line,
            role: role.to_string(),
            task: task.to_string(),
            id: cell("id")
                .map(|(_, v)| v.to_string())
                .filter(|v| !values::is_missing(v)),
            hours: hours.map(|n| n.value),
            share,
            frequency,
            explicit,
            automatable,
        });
    }
    if rows.is_empty() {
        return Err(InputError::in_file(
            file,
            if skipped > 0 {
                "no row has both a role and a task"
            } else {
                "the file has a header but no task rows"
            },
        )
        .hint("add one row per role and task below the header"));
    }

    let tasks = hours_per_role(file, rows, opts.week_hours, &headers, &map, &mut warnings)?;
    Ok(Inventory {
        inputs: vec![InputInfo {
            path: src.name.clone(),
            sha256: src.sha256.clone(),
            rows: tasks.len() as u64 + skipped,
        }],
        tasks,
        roles,
        warnings,
    })
}

/// A trait score in any of the spellings the design allows, mapped to 0-1.
fn unit_value(v: &str) -> Option<f64> {
    if let Some(b) = values::parse_yes_no(v, &values::YES_NO) {
        return Some(if b { 1.0 } else { 0.0 });
    }
    let n = values::parse_number(v)?;
    let x = if n.percent || n.value > 5.0 {
        n.value / 100.0
    } else if n.value > 1.0 {
        (n.value - 1.0) / 4.0
    } else {
        n.value
    };
    (0.0..=1.0).contains(&x).then_some(x)
}

/// Takes a role's department, code and headcount from the first row that has them.
fn update_role<'a>(
    file: &str,
    info: &mut RoleInfo,
    line: u64,
    cell: &dyn Fn(&str) -> Option<(usize, &'a str)>,
    headers: &[String],
    warnings: &mut Vec<String>,
) -> Result<(), InputError> {
    let text = |key: &str| cell(key).map(|(_, v)| v).filter(|v| !values::is_missing(v));
    if info.department.is_none() {
        info.department = text("department").map(str::to_string);
    }
    if info.code.is_none() {
        info.code = text("code").map(str::to_string);
    }
    if let (Some((c, _)), Some(v)) = (cell("headcount"), text("headcount")) {
        let n = values::parse_number(v)
            .filter(|n| n.value >= 0.0 && !n.percent)
            .ok_or_else(|| {
                InputError::in_file(file, format!("{} is not a headcount", quote_cell(v)))
                    .at_line(line)
                    .at_column(c + 1, headers[c].clone())
                    .hint("write the number of people in the role, such as 12 or 3.5 FTE")
            })?;
        match info.headcount {
            None => info.headcount = Some(n.value),
            Some(h) if (h - n.value).abs() > 1e-9 => warnings.push(format!(
                "{file}:{line}: headcount {} for {} differs from {} given earlier; the first is used",
                n.value,
                quote_cell(&info.role),
                h
            )),
            Some(_) => {}
        }
    }
    Ok(())
}

/// Gives every task its hours per week: hours as given, else shares of a full week, else
/// frequency weights, else an equal split; each fallback is said in a warning.
fn hours_per_role(
    file: &str,
    rows: Vec<Row>,
    week_hours: f64,
    headers: &[String],
    map: &columns::ColumnMap,
    warnings: &mut Vec<String>,
) -> Result<Vec<TaskRecord>, InputError> {
    // Share columns are percentages when any cell says so or any value exceeds 1.
    let share_percent = rows
        .iter()
        .any(|r| r.share.is_some_and(|s| s.percent || s.value > 1.0));
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
        let all = |f: &dyn Fn(&Row) -> bool| idx.iter().all(|&i| f(&rows[i]));
        let any = |f: &dyn Fn(&Row) -> bool| idx.iter().any(|&i| f(&rows[i]));
        if all(&|r| r.hours.is_some()) {
            for &i in idx {
                hours[i] = rows[i].hours.unwrap_or(0.0);
            }
            let total: f64 = idx.iter().map(|&i| hours[i]).sum();
            if total > 80.0 {
                warnings.push(format!(
                    "{} adds up to {:.1} hours a week per person; hours should be per person, not per team",
                    quote_cell(role),
                    total
                ));
            }
        } else if any(&|r| r.hours.is_some()) {
            let missing = idx.iter().map(|&i| &rows[i]).find(|r| r.hours.is_none());
            let c = map.get("hours_per_week").unwrap_or(0);
            let line = missing.map(|r| r.line).unwrap_or(0);
            return Err(InputError::in_file(
                file,
                format!(
                    "no hours for this task, while other tasks of {} have hours",
                    quote_cell(role)
                ),
            )
            .at_line(line)
            .at_column(c + 1, headers.get(c).cloned().unwrap_or_default())
            .hint("give every task of a role its hours per week (0 is allowed)"));
        } else if all(&|r| r.share.is_some()) {
            let shares: Vec<f64> = idx
                .iter()
                .map(|&i| {
                    let s = rows[i].share.map(|s| s.value).unwrap_or(0.0);
                    if share_percent {
                        s / 100.0
                    } else {
                        s
                    }
                })
                .collect();
            let total: f64 = shares.iter().sum();
            if total <= 0.0 {
                warnings.push(format!(
                    "the shares of {} add up to 0; its tasks are weighted equally",
                    quote_cell(role)
                ));
                for &i in idx {
                    hours[i] = week_hours / idx.len() as f64;
                }
                continue;
            }
            if (total - 1.0).abs() > 0.02 {
                warnings.push(format!(
                    "the shares of {} add up to {:.0}%, not 100%; they were scaled to 100%",
                    quote_cell(role),
                    total * 100.0
                ));
            }
            for (k, &i) in idx.iter().enumerate() {
                hours[i] = shares[k] / total * week_hours;
            }
        } else if all(&|r| r.frequency.is_some()) {
            let total: f64 = idx.iter().map(|&i| rows[i].frequency.unwrap_or(0.0)).sum();
            for &i in idx {
                hours[i] = rows[i].frequency.unwrap_or(0.0) / total * week_hours;
            }
            warnings.push(format!(
                "{} has no hours or shares; its {}-hour week was split by task frequency",
                quote_cell(role),
                week_hours
            ));
        } else {
            for &i in idx {
                hours[i] = week_hours / idx.len() as f64;
            }
            warnings.push(format!(
                "{} has no hours, shares or frequencies; its tasks share its {}-hour week equally",
                quote_cell(role),
                week_hours
            ));
        }
    }

    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut tasks = Vec::with_capacity(rows.len());
    for (i, r) in rows.into_iter().enumerate() {
        let key = (r.role.clone(), r.task.to_lowercase());
        if let Some(first) = seen.get(&key) {
            warnings.push(format!(
                "{file}:{}: the same task as line {first} in {}; both are counted",
                r.line,
                quote_cell(&r.role)
            ));
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
    Ok(tasks)
}

/// The error for a quoted field that never closes.
pub fn unterminated(file: &str, line: u64) -> InputError {
    InputError::in_file(
        file,
        "a quoted field opens here and never closes; the file may be cut short",
    )
    .at_line(line)
    .hint("close the quote, or export the file again")
}

/// A CSV syntax error, with the line it was found on.
pub fn csv_error(file: &str, e: csv::Error) -> InputError {
    let line = e.position().map(|p| p.line());
    let msg = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the text is not valid UTF-8".to_string(),
        csv::ErrorKind::Io(io) => format!("cannot read: {}", source::io_reason(io)),
        _ => format!("malformed CSV: {e}"),
    };
    let err = InputError::in_file(file, msg)
        .hint("check the quoting on this line: every opening quote needs a closing quote");
    match line {
        Some(l) => err.at_line(l),
        None => err,
    }
}
