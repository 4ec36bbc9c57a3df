//! Reading the world: files or stdin, encodings, delimiters, column matching, and the parsers
//! for each kind of input (task inventories, O*NET task statements).

pub mod columns;
pub mod onet;
pub mod source;
pub mod suggest;
pub mod tasks;
pub mod tickets;
pub mod values;

use crate::warning::Warning;
use serde::Serialize;

/// What the report says about one input: where it came from, its hashes and how many rows it
/// had.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InputInfo {
    pub path: String,
    /// SHA-256 of the bytes read; for a ticket export only with `--sha256` (it costs about a
    /// fifth of the read), otherwise `None` (null in JSON).
    pub sha256: Option<String>,
    /// BLAKE3 of the same bytes, always.
    pub blake3: String,
    pub rows: u64,
}

/// Where a task came from, as the JSON contract names it.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum TaskSource {
    Inventory,
    Tickets,
    Onet,
}

impl TaskSource {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskSource::Inventory => "inventory",
            TaskSource::Tickets => "tickets",
            TaskSource::Onet => "onet",
        }
    }
}

/// One task of one role, as read and normalised, before classification.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRecord {
    pub role: String,
    pub id: Option<String>,
    pub task: String,
    pub source: TaskSource,
    pub hours_per_week: f64,
    /// Evidence given explicitly in a trait column: (trait id, evidence 0-1).
    pub explicit_traits: Vec<(String, f64)>,
    /// An explicit automatability that overrides the model for this task.
    pub automatable: Option<f64>,
}

/// What is known about a role apart from its tasks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoleInfo {
    pub role: String,
    pub code: Option<String>,
    pub department: Option<String>,
    pub headcount: Option<f64>,
}

/// A parsed inventory: tasks, roles in order of first appearance, and what was noticed on the way.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    pub tasks: Vec<TaskRecord>,
    pub roles: Vec<RoleInfo>,
    pub inputs: Vec<InputInfo>,
    pub warnings: Vec<Warning>,
}
