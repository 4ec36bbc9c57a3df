//! Warnings as data: what the core noticed and carried on with. Their wording lives in the render
//! layer (`report::warnings`), so the core never builds a sentence.

use serde::Serialize;

/// Something the user should know about a result that was still computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "warning", rename_all = "snake_case")]
pub enum Warning {
    /// A file that is not UTF-8 was read as Windows-1252.
    NotUtf8 { file: String, line: u64 },
    /// A header repeats an earlier one; the later column is ignored.
    RepeatedHeader {
        file: String,
        column: usize,
        header: String,
    },
    /// A task row without its role or task text was skipped.
    RowSkipped {
        file: String,
        line: u64,
        missing_role: bool,
    },
    /// A role's headcount differs between rows; the first is used.
    HeadcountDiffers {
        file: String,
        line: u64,
        role: String,
        given: f64,
        first: f64,
    },
    /// A role's hours add up to more than one person's week.
    HoursPerTeam { role: String, total: f64 },
    /// A role's shares add up to zero; its tasks are weighted equally.
    SharesZero { role: String },
    /// A role's shares do not add up to 100%; they were scaled.
    SharesScaled { role: String, total: f64 },
    /// A role without hours or shares was split by task frequency.
    SplitByFrequency { role: String, week_hours: f64 },
    /// A role without hours, shares or frequencies was split equally.
    SplitEqually { role: String, week_hours: f64 },
    /// The same task appears twice in one role.
    DuplicateTask {
        file: String,
        line: u64,
        first_line: u64,
        role: String,
    },
    /// Ticket exports without usable dates are taken to cover one week.
    NoTicketDates,
    /// Handle times left out of the averages (the tickets still count).
    HandleTimesExcluded {
        negative: u64,
        over_24_hours: u64,
        unreadable: u64,
    },
    /// Queues the queue map does not name keep their own name as role (the first few).
    UnmappedQueues { file: String, queues: Vec<String> },
    /// An export without a category column: subjects were classified instead.
    SubjectsClassified { file: String },
    /// No export has handle times; `--aht` gave every ticket's.
    NoHandleTimes { minutes: f64 },
    /// Some categories have no handle times and use a fallback.
    EstimatedHandleTimes {
        categories: usize,
        minutes: f64,
        from_flag: bool,
    },
    /// Inventory tasks that may count the same work as the role's ticket workload.
    DoubleCounted { role: String, tasks: Vec<String> },
    /// No inventory task of a role describes its ticket work: the ticket hours were added.
    NothingToReconcile { role: String },
    /// Ticket hours over paid hours outside 20%-100%.
    ImplausibleOccupancy {
        role: String,
        occupancy: f64,
        ticket_hours: f64,
        paid_hours: f64,
    },
    /// The exports have no handle times and no `--aht`: hours are left empty.
    HoursNeedHandleTimes,
    /// Roles without a headcount: their ticket workload counts as one person's week.
    NoHeadcount { roles: Vec<String> },
    /// Ticket categories no trait recognises.
    UnrecognisedCategories { categories: Vec<CategoryShare> },
    /// A taxonomy phrase stands in two traits.
    PhraseInTwoTraits {
        file: String,
        phrase: String,
        trait_id: String,
        other: String,
    },
    /// A taxonomy trait without phrases.
    TraitWithoutPhrases { file: String, trait_id: String },
    /// A taxonomy without any trait of one kind.
    NoTraitOfKind { file: String, kind: String },
    /// A catalog skill names a trait the taxonomy does not have.
    SkillTraitUnknown {
        file: String,
        skill: String,
        trait_id: String,
        taxonomy: String,
    },
    /// A catalog skill with no known trait.
    SkillWithoutTrait { file: String, skill: String },
    /// A catalog target whose skills lie on one layer of the skill stack.
    TargetOnOneLayer { file: String, target: String },
    /// `simulate`: an export read from standard input or Parquet was not read again for its
    /// arrival times; its tickets count as deferred work.
    ArrivalsUnread { file: String, parquet: bool },
    /// `simulate`: no export names the channel, so no queue is staffed as a live one.
    NoChannelColumn,
    /// `simulate`: a live queue that cannot be staffed with Erlang counts as deferred work.
    LiveQueueAsDeferred {
        role: String,
        channel: String,
        why: LiveGap,
    },
    /// `simulate`: roles without a headcount count as one person.
    SimulatedAsOnePerson { roles: Vec<String> },
}

/// Why a live queue could not be staffed with Erlang.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LiveGap {
    /// No readable created timestamps.
    NoDates,
    /// No valid handle times.
    NoHandleTimes,
    /// No agent count meets the target (an extreme load).
    NoStaffing,
}

/// A ticket category, its role and its share of all tickets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryShare {
    pub category: String,
    pub role: String,
    pub share: f64,
}
