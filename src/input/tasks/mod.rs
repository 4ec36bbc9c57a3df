//! The task inventory: one row per role and task, as HR systems export it (ARCHITECTURE section 3).
//!
//! This module reads the rows and their role and task; each kind of field has a module of its
//! own: the time a task takes (`time`: hours, shares, frequencies), what a role is apart from
//! its tasks (`role`: department, code, headcount) and explicit evidence (`traits`: trait
//! columns and the automatable override). A worker's own list, whose role column is
//! optional, is read by `own`.

mod own;
mod role;
mod time;
mod traits;

pub use own::parse_own;

use super::columns::{self, ColumnMap, Key};
use super::source::{self, Source};
use super::values::{self, Number};
use super::{InputInfo, Inventory, RoleInfo};
use crate::error::{quote_cell, InputError};
use crate::warning::Warning;

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

/// One task row, read and checked, before its hours are settled role by role.
struct Row {
    line: u64,
    role: String,
    task: String,
    id: Option<String>,
    time: time::Given,
    explicit: Vec<(String, f64)>,
    automatable: Option<f64>,
}

/// What the rows gave: tasks, the roles in order of first appearance, and rows skipped.
struct Rows {
    rows: Vec<Row>,
    roles: Vec<RoleInfo>,
    skipped: u64,
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
    source::ensure_text(file, &src.text)?;
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

    let trait_cols = traits::columns(&headers, &opts.trait_ids);
    let keys = traits::keys_besides(&trait_cols);
    let map = columns::resolve(
        file,
        &headers,
        &keys,
        &["role", "task"],
        &opts.maps,
        &mut warnings,
    )?;
    let fields = Fields {
        file,
        headers: &headers,
        map: &map,
        trait_cols: &trait_cols,
        point_decimals: delimiter == b',',
    };
    let Rows {
        rows,
        roles,
        skipped,
    } = read_rows(&fields, &mut reader, &mut warnings)?;
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

    let tasks = time::hours_per_role(&fields, rows, opts.week_hours, &mut warnings)?;
    Ok(Inventory {
        inputs: vec![InputInfo {
            path: src.name.clone(),
            sha256: Some(src.sha256.clone()),
            blake3: src.blake3.clone(),
            rows: tasks.len() as u64 + skipped,
        }],
        tasks,
        roles,
        warnings,
    })
}

/// Where the fields of a file are: its name and header, the keys' columns and the trait columns.
struct Fields<'a> {
    file: &'a str,
    headers: &'a [String],
    map: &'a ColumnMap,
    trait_cols: &'a [(usize, String)],
    /// Comma-separated: a decimal comma would need quotes, so `.` is the decimal mark and
    /// `1.015` is a decimal; with `;` or tabs, where decimal commas are the custom, it is a guess.
    point_decimals: bool,
}

/// Reads the task rows: a row without a role or a task is skipped with a warning; the first
/// bad cell is an error that names its line and column.
fn read_rows<R: std::io::Read>(
    fields: &Fields,
    reader: &mut csv::Reader<R>,
    warnings: &mut Vec<Warning>,
) -> Result<Rows, InputError> {
    let file = fields.file;
    let (mut rows, mut skipped) = (Vec::new(), 0);
    let mut roles = role::Roles::default();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(file, e)),
        }
        let cells = Cells::new(fields, &record);
        let line = cells.line;
        let role = cells.get("role").map(|(_, v)| v).unwrap_or("");
        let task = cells.get("task").map(|(_, v)| v).unwrap_or("");
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if let Some(extra) = record
            .iter()
            .skip(fields.headers.len())
            .position(|c| !c.trim().is_empty())
        {
            return Err(cells.error(
                fields.headers.len() + extra,
                format!(
                    "this row has {} fields but the header has {}",
                    record.len(),
                    fields.headers.len()
                ),
            )
            .hint("a cell that holds the delimiter must be quoted, such as \"Answer emails, chats\""));
        }
        if role.is_empty() || task.is_empty() {
            skipped += 1;
            warnings.push(Warning::RowSkipped {
                file: file.to_string(),
                line,
                missing_role: role.is_empty(),
            });
            continue;
        }
        roles.update(role, &cells, warnings)?;
        rows.push(Row {
            line,
            role: role.to_string(),
            task: task.to_string(),
            time: time::Given::read(&cells)?,
            explicit: traits::explicit(&cells, fields.trait_cols)?,
            automatable: traits::automatable(&cells)?,
            id: cells.text("id").map(str::to_string),
        });
    }
    Ok(Rows {
        rows,
        roles: roles.into_list(),
        skipped,
    })
}

/// The cells of one record, by key, and the errors that point at them.
struct Cells<'a> {
    fields: &'a Fields<'a>,
    record: &'a csv::StringRecord,
    line: u64,
}

impl<'a> Cells<'a> {
    fn new(fields: &'a Fields<'a>, record: &'a csv::StringRecord) -> Cells<'a> {
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        Cells {
            fields,
            record,
            line,
        }
    }

    /// The key's column and its trimmed cell, when the file has the column.
    fn get(&self, key: &str) -> Option<(usize, &'a str)> {
        let i = self.fields.map.get(key)?;
        Some((i, self.record.get(i).unwrap_or("").trim()))
    }

    /// The trimmed cell of column `i`.
    fn at(&self, i: usize) -> &'a str {
        self.record.get(i).unwrap_or("").trim()
    }

    /// The key's cell, unless it is missing.
    fn text(&self, key: &str) -> Option<&'a str> {
        self.get(key)
            .map(|(_, v)| v)
            .filter(|v| !values::is_missing(v))
    }

    /// An error about the cell of column `i` on this line.
    fn error(&self, i: usize, message: impl Into<String>) -> InputError {
        let header = self.fields.headers.get(i).cloned().unwrap_or_default();
        InputError::in_file(self.fields.file, message)
            .at_line(self.line)
            .at_column(i + 1, header)
    }

    /// An error when the number in column `i` could be read with its separator as a decimal
    /// mark or as a thousands separator (`1.200`).
    pub(super) fn unambiguous(&self, i: usize, v: &str) -> Result<(), InputError> {
        if !values::ambiguous_grouping(v) || (self.fields.point_decimals && !v.contains(',')) {
            return Ok(());
        }
        let digits: String = v
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        Err(self
            .error(
                i,
                format!(
                    "{} is ambiguous: a decimal or a thousands separator",
                    quote_cell(v)
                ),
            )
            .hint(format!(
                "write {digits} without a separator for thousands, or the decimal with fewer digits (such as 1.2)"
            )))
    }

    /// The key's cell as a number, `None` when the column or the value is missing.
    fn number(&self, key: &str) -> Result<Option<Number>, InputError> {
        let Some((i, v)) = self.get(key) else {
            return Ok(None);
        };
        if values::is_missing(v) {
            return Ok(None);
        }
        self.unambiguous(i, v)?;
        match values::parse_number(v) {
            Some(n) => Ok(Some(n)),
            None => Err(self
                .error(i, format!("{} is not a number", quote_cell(v)))
                .hint(format!(
                    "write {} as a number such as 7.5, or leave the cell empty",
                    key
                ))),
        }
    }
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
