//! The direct reader: a block of a CSV export with one row per ticket, split and summed in one
//! pass over its bytes, without building columns first.
//!
//! It reads the common case only: role, category and automated flag written as text, handle
//! times written as plain numbers or clock times (or missing), and ISO dates of one width (or
//! none). A block
//! with anything else in the columns it reads (a handle time such as `12 min`, a date of
//! another width, a field quoted in a way it does not read) is left to polars' parser, which
//! reads every case. On the blocks both read, the two give the same totals: the test below
//! compares them on 3,200 random blocks.
//!
//! Why by hand: the totals of a block are a few groups, but polars first builds a column of
//! every field read (strings copied, then hashed again by the group-by). Splitting the fields
//! with `memchr` and summing them straight into a hash table of groups reads each byte once,
//! which is what brings a plain export below DuckDB's time (issue 14).

use super::formats::parse_millis;
use super::plan::plain_number;
use super::totals::{detach, Totals};
use super::{automated, values, MAX_HANDLE_MINUTES};
use hashbrown::HashTable;
use polars::prelude::*;
use split::split_row;
use std::borrow::Cow;
use std::hash::{Hash, Hasher};

mod split;

/// Most columns the direct reader reads from a row (role, category, flag, handle, date, id).
const MOST: usize = 6;

/// How a block's rows are read, decided once per export from its plan.
#[derive(Debug, Clone)]
pub(super) struct Direct {
    pub(super) delimiter: u8,
    /// The name every ticket gets (`--role`), whatever its role column says.
    pub(super) role_name: Option<String>,
    /// The role's column when the export has one: read with `--role` too, since a row with a
    /// value there is not blank (polars' reader reads it for the same reason).
    pub(super) role_column: Option<usize>,
    /// The category's column (the subject's, when the export has no category).
    pub(super) category: usize,
    /// The category column holds subjects (free text): kept as text, not as categoricals.
    pub(super) subjects: bool,
    pub(super) automated: Option<usize>,
    pub(super) handle: Option<Handle>,
    pub(super) date: Option<Date>,
    /// The ticket id's column, when rows are ticket events.
    pub(super) events: Option<usize>,
}

/// The handle-time column, written as plain numbers or as clock times.
#[derive(Debug, Clone)]
pub(super) struct Handle {
    pub(super) column: usize,
    /// Written as `hh:mm:ss` or `mm:ss` (the factor is then unused).
    pub(super) clock: bool,
    /// Minutes per unit written.
    pub(super) factor: f64,
    /// The export's spelling of a missing handle time ("N/A"), read as missing.
    pub(super) null: Option<String>,
}

/// The date column, ISO text of one width, compared as text.
#[derive(Debug, Clone)]
pub(super) struct Date {
    pub(super) column: usize,
    pub(super) width: usize,
    pub(super) format: &'static str,
}

/// Something in a block the direct reader leaves to polars' parser.
#[derive(Debug)]
pub(super) struct Unread;

/// What rows add up to: the rows of one group (role, category, flag), or of one ticket.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Sums {
    rows: u64,
    /// Valid handle minutes (0 to 24 hours) and the rows that have one.
    minutes: f64,
    timed: u64,
    negative: u64,
    absurd: u64,
    /// Handle times written but not readable as one (clock times only: `5 min`, `?x`).
    unreadable: u64,
}

/// What a row's handle-time cell says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Reading {
    /// Empty, or a spelling of a missing value.
    Missing,
    Minutes(f64),
    /// Written, but not a time.
    Unreadable,
}

impl Sums {
    pub(super) fn add(&mut self, reading: Reading) {
        self.rows += 1;
        if reading == Reading::Unreadable {
            self.unreadable += 1;
        }
        if let Reading::Minutes(m) = reading {
            if (0.0..=MAX_HANDLE_MINUTES).contains(&m) {
                self.minutes += m;
                self.timed += 1;
            } else if m < 0.0 {
                self.negative += 1;
            } else if m > MAX_HANDLE_MINUTES {
                self.absurd += 1;
            }
        }
    }

    /// Adds the sums of the same group from another part of the export.
    pub(super) fn merge(&mut self, other: &Sums) {
        self.rows += other.rows;
        self.minutes += other.minutes;
        self.timed += other.timed;
        self.negative += other.negative;
        self.absurd += other.absurd;
        self.unreadable += other.unreadable;
    }
}

/// A key of the hash table: up to three fields as written (a missing one as `None`).
type Key = [Option<Box<[u8]>>; 3];

/// One entry: its key, its hash, its sums, and for a ticket its first role and category and
/// whether any of its rows says automated (yes) or not (no).
struct Entry {
    hash: u64,
    key: Key,
    sums: Sums,
    first: [Option<Box<[u8]>>; 2],
    yes: bool,
    no: bool,
}

/// The slots of the columns read, in the order of `Direct::columns`.
const ROLE: usize = 0;
const CATEGORY: usize = 1;
const AUTOMATED: usize = 2;
const HANDLE: usize = 3;
const DATE: usize = 4;
const ID: usize = 5;

type Fields<'a> = [Option<Cow<'a, [u8]>>; MOST];

/// The smallest and largest date of a block, as written.
type Span<'a> = (Option<&'a [u8]>, Option<&'a [u8]>);

/// What an automated flag says: (yes, no); neither when it is not a known spelling.
type Said = (bool, bool);

impl Direct {
    /// The file column read into each slot (role, category, flag, handle, date, id).
    pub(super) fn columns(&self) -> [Option<usize>; MOST] {
        [
            self.role_column,
            Some(self.category),
            self.automated,
            self.handle.as_ref().map(|h| h.column),
            self.date.as_ref().map(|d| d.column),
            self.events,
        ]
    }

    /// Totals of a block of whole rows, in the shape of polars' aggregation (`Plan::block`):
    /// per role, category and flag, or for event rows per ticket. `Err(Unread)` when the
    /// block has something this reader leaves to polars.
    pub(super) fn block(&self, rows: &[u8]) -> Result<PolarsResult<Totals>, Unread> {
        let mut table: HashTable<Entry> = HashTable::new();
        let mut flags = Flags::default();
        let span = self.each_row(rows, |fields, reading| {
            let f = |slot: usize| fields[slot].as_deref();
            // With `--role` every row has that role, whatever its role column says.
            let role = f(ROLE).filter(|_| self.role_name.is_none());
            if self.events.is_none() {
                let key = [role, f(CATEGORY), f(AUTOMATED)];
                entry(&mut table, key).sums.add(reading);
                return;
            }
            let ticket = entry(&mut table, [f(ID), None, None]);
            if ticket.sums.rows == 0 {
                ticket.first = [role.map(Box::from), f(CATEGORY).map(Box::from)];
            }
            ticket.sums.add(reading);
            let (yes, no) = flags.read(f(AUTOMATED));
            ticket.yes |= yes;
            ticket.no |= no;
        })?;
        let (first, last) = match &self.date {
            Some(date) => (self.millis(span.0, date)?, self.millis(span.1, date)?),
            None => (None, None),
        };
        let entries: Vec<Entry> = table.into_iter().collect();
        let groups = match self.events {
            None => self.groups(&entries),
            Some(_) => self.tickets(&entries),
        };
        Ok(groups.map(|groups| Totals {
            groups,
            first,
            last,
        }))
    }

    /// Splits every row of a block and hands `add` its fields and handle time, skipping
    /// blank rows; returns the smallest and largest date as written.
    fn each_row<'a>(
        &self,
        rows: &'a [u8],
        mut add: impl FnMut(&Fields<'a>, Reading),
    ) -> Result<Span<'a>, Unread> {
        // For each file column up to the last one read, the slot its value goes to.
        let columns = self.columns();
        let last = columns.iter().flatten().max().copied().unwrap_or(0);
        let mut slot_of = vec![None; last + 1];
        for (slot, c) in columns.iter().enumerate() {
            if let Some(c) = c {
                slot_of[*c] = Some(slot);
            }
        }
        let (mut first, mut last): (Option<&[u8]>, Option<&[u8]>) = (None, None);
        let mut pos = 0;
        let mut fields: Fields = Default::default();
        while pos < rows.len() {
            fields.iter_mut().for_each(|f| *f = None);
            pos = split_row(rows, pos, self.delimiter, &slot_of, &mut fields)?;
            if fields.iter().all(Option::is_none) {
                // No value in any column read: a blank line, not a ticket.
                continue;
            }
            if let Some(date) = &fields[DATE] {
                // A date with doubled quotes is rare enough to leave to polars.
                let Cow::Borrowed(d) = date else {
                    return Err(Unread);
                };
                let d: &'a [u8] = d;
                if first.is_none_or(|f| d < f) {
                    first = Some(d);
                }
                if last.is_none_or(|l| d > l) {
                    last = Some(d);
                }
            }
            add(&fields, self.minutes(fields[HANDLE].as_deref())?);
        }
        Ok((first, last))
    }

    /// What a row's handle time says. A plain number is read as polars' number parser reads
    /// it; `Unread` for any other value of a numeric column, which polars' parser then reads as
    /// text. A clock time is read as `Plan::minutes` reads it (`-h:mm:ss`, `mm:ss`, seconds
    /// with decimals, spaces around); `Unread` for text that is not ASCII, whose digits and
    /// spaces polars' regular expression reads by Unicode's rules.
    fn minutes(&self, value: Option<&[u8]>) -> Result<Reading, Unread> {
        let (Some(handle), Some(value)) = (&self.handle, value) else {
            return Ok(Reading::Missing);
        };
        if handle.clock {
            return clock_minutes(value);
        }
        if handle
            .null
            .as_deref()
            .is_some_and(|n| n.as_bytes() == value)
        {
            return Ok(Reading::Missing);
        }
        let number = std::str::from_utf8(value)
            .ok()
            .and_then(plain_number)
            .ok_or(Unread)?;
        Ok(Reading::Minutes(number * handle.factor))
    }

    /// The milliseconds of a block's first or last date as text, when it is a date of the
    /// export's width; `Unread` otherwise (polars' reader parses every row's date then).
    fn millis(&self, text: Option<&[u8]>, date: &Date) -> Result<Option<i64>, Unread> {
        let Some(text) = text else {
            return Ok(None);
        };
        let text = std::str::from_utf8(text).map_err(|_| Unread)?;
        if text.len() != date.width {
            return Err(Unread);
        }
        parse_millis(text, date.format).map(Some).ok_or(Unread)
    }

    /// The roles of `n` entries: the name every ticket gets, or their role column's.
    fn roles<'e>(
        &'e self,
        fields: impl Iterator<Item = &'e Option<Box<[u8]>>>,
        n: usize,
    ) -> PolarsResult<Vec<Option<&'e str>>> {
        match &self.role_name {
            Some(name) => Ok(vec![Some(name.as_str()); n]),
            None => texts(fields.map(Option::as_deref)),
        }
    }

    /// The groups as a frame with the columns and types of polars' aggregation
    /// (`Plan::aggregate`).
    fn groups(&self, entries: &[Entry]) -> PolarsResult<DataFrame> {
        let keys: Vec<[Option<&[u8]>; 3]> = entries
            .iter()
            .map(|e| e.key.each_ref().map(|k| k.as_deref()))
            .collect();
        let sums: Vec<Sums> = entries.iter().map(|e| e.sums).collect();
        groups_frame(self.role_name.as_deref(), &keys, &sums)
    }

    /// The tickets as a frame with the columns and types of polars' aggregation
    /// (`Plan::per_ticket`, then `detach`).
    fn tickets(&self, entries: &[Entry]) -> PolarsResult<DataFrame> {
        let roles = self.roles(entries.iter().map(|e| &e.first[0]), entries.len())?;
        let counts = |f: fn(&Sums) -> u64| {
            entries
                .iter()
                .map(|e| u32::try_from(f(&e.sums)).unwrap_or(u32::MAX))
                .collect::<Vec<u32>>()
        };
        let flags = |f: fn(&Entry) -> bool| entries.iter().map(f).collect::<Vec<bool>>();
        let columns = vec![
            Column::new(
                "id".into(),
                texts(entries.iter().map(|e| e.key[0].as_deref()))?,
            ),
            Column::new("role".into(), roles),
            Column::new(
                "category".into(),
                texts(entries.iter().map(|e| e.first[1].as_deref()))?,
            ),
            Column::new(
                "minutes".into(),
                entries.iter().map(|e| e.sums.minutes).collect::<Vec<f64>>(),
            ),
            Column::new("timed".into(), flags(|e| e.sums.timed > 0)),
            Column::new("neg".into(), counts(|s| s.negative)),
            Column::new("absurd".into(), counts(|s| s.absurd)),
            Column::new("unreadable".into(), counts(|s| s.unreadable)),
            Column::new("auto".into(), flags(|e| e.yes)),
            Column::new("auto_no".into(), flags(|e| e.no)),
            Column::new("rows".into(), counts(|s| s.rows)),
        ];
        detach(DataFrame::new(entries.len(), columns)?, !self.subjects)
    }
}

/// Groups as a frame with the columns and types of polars' aggregation (`Plan::aggregate`):
/// their role, category and automated flag as written, and their sums. With `role_name`, every
/// group has that role.
pub(super) fn groups_frame(
    role_name: Option<&str>,
    keys: &[[Option<&[u8]>; 3]],
    sums: &[Sums],
) -> PolarsResult<DataFrame> {
    let text = |i: usize| texts(keys.iter().map(|k| k[i]));
    let roles = match role_name {
        Some(name) => vec![Some(name); keys.len()],
        None => text(0)?,
    };
    let totals = |f: fn(&Sums) -> f64| sums.iter().map(f).collect::<Vec<_>>();
    let counts = |f: fn(&Sums) -> u64| sums.iter().map(f).collect::<Vec<_>>();
    let columns = vec![
        Column::new("role".into(), roles),
        Column::new("category".into(), text(1)?),
        Column::new("auto_raw".into(), text(2)?),
        Column::new("tickets".into(), totals(|s| s.rows as f64)),
        Column::new("minutes".into(), totals(|s| s.minutes)),
        Column::new("timed".into(), totals(|s| s.timed as f64)),
        Column::new("neg".into(), counts(|s| s.negative)),
        Column::new("absurd".into(), counts(|s| s.absurd)),
        Column::new("unreadable".into(), counts(|s| s.unreadable)),
        Column::new("rows".into(), counts(|s| s.rows)),
    ];
    DataFrame::new(keys.len(), columns)
}

/// A clock time's minutes: `[-][h:]m:s[.fraction]` with digits only, spaces around it; a
/// missing spelling ("N/A") is missing; anything else is unreadable.
fn clock_minutes(value: &[u8]) -> Result<Reading, Unread> {
    if !value.is_ascii() {
        return Err(Unread);
    }
    // Trimmed as polars trims (Unicode's white space, which in ASCII includes \x0b).
    let text = std::str::from_utf8(value)
        .map_err(|_| Unread)?
        .trim()
        .as_bytes();
    let (negative, rest) = match text.strip_prefix(b"-") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let parts: Vec<&[u8]> = rest.split(|b| *b == b':').collect();
    let digits = |p: &[u8]| !p.is_empty() && p.iter().all(u8::is_ascii_digit);
    let number = |p: &[u8]| {
        std::str::from_utf8(p)
            .ok()
            .and_then(|p| p.parse::<f64>().ok())
    };
    let seconds = |p: &[u8]| match p.iter().position(|b| *b == b'.') {
        Some(dot) => digits(&p[..dot]) && digits(&p[dot + 1..]),
        None => digits(p),
    };
    let minutes = match parts.as_slice() {
        [m, s] if digits(m) && seconds(s) => number(m).zip(number(s)).map(|(m, s)| m + s / 60.0),
        [h, m, s] if digits(h) && digits(m) && seconds(s) => number(h)
            .zip(number(m))
            .zip(number(s))
            .map(|((h, m), s)| h * 60.0 + m + s / 60.0),
        _ => None,
    };
    Ok(match minutes {
        Some(m) if negative => Reading::Minutes(-m),
        Some(m) => Reading::Minutes(m),
        None => {
            let text = std::str::from_utf8(text).map_err(|_| Unread)?;
            if values::is_missing(text) {
                Reading::Missing
            } else {
                Reading::Unreadable
            }
        }
    })
}

/// The automated flags of a block, each distinct spelling read once: (yes, no).
#[derive(Default)]
struct Flags {
    read: Vec<(Box<[u8]>, Said)>,
}

impl Flags {
    fn read(&mut self, flag: Option<&[u8]>) -> Said {
        let Some(flag) = flag else {
            return (false, false);
        };
        if let Some((_, said)) = self.read.iter().find(|(f, _)| &**f == flag) {
            return *said;
        }
        let said = match automated(std::str::from_utf8(flag).ok()) {
            Some(true) => (true, false),
            Some(false) => (false, true),
            None => (false, false),
        };
        self.read.push((flag.into(), said));
        said
    }
}

/// Fields as text, a missing one as `None`.
fn texts<'e>(fields: impl Iterator<Item = Option<&'e [u8]>>) -> PolarsResult<Vec<Option<&'e str>>> {
    fields
        .map(|f| {
            f.map(std::str::from_utf8)
                .transpose()
                .map_err(|e| polars_err!(ComputeError: "{e}"))
        })
        .collect()
}

/// The entry of a key, added to the table when it is new.
fn entry<'t>(table: &'t mut HashTable<Entry>, key: [Option<&[u8]>; 3]) -> &'t mut Entry {
    let mut hasher = rustc_hash::FxHasher::default();
    key.hash(&mut hasher);
    let hash = hasher.finish();
    let same =
        |e: &Entry| e.hash == hash && e.key.iter().zip(&key).all(|(a, b)| a.as_deref() == *b);
    table
        .entry(hash, same, |e| e.hash)
        .or_insert_with(|| Entry {
            hash,
            key: key.map(|k| k.map(Box::from)),
            sums: Sums::default(),
            first: [None, None],
            yes: false,
            no: false,
        })
        .into_mut()
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::export::open;
    use super::super::plan::Plan;
    use super::super::{Notes, Options};
    use super::*;
    use std::collections::BTreeMap;

    /// A small deterministic generator (xorshift), so that a failure is reproducible.
    pub(crate) struct Random(pub(crate) u64);

    impl Random {
        pub(crate) fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        pub(crate) fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.below(from.len())]
        }
    }

    const HEADER: &str =
        "Ticket ID,Created at,Queue,Category,Subject,Handle time (sec),Resolved by bot,Notes\n";

    /// A row as exports write them, with the odd cases both readers must agree on: quoted
    /// fields with delimiters, newlines and doubled quotes, empty and missing fields, short and
    /// long rows, carriage returns, blank lines, handle times and dates of other forms.
    /// The header with handle times as clock times (no unit in its name).
    fn clock_header() -> String {
        HEADER.replace("Handle time (sec)", "Handle time")
    }

    fn row(r: &mut Random, odd: bool, ids: usize, clock: bool) -> String {
        let queue = r.pick(&["L1 Chat", "L1 Email", "\"L2, Billing\"", "Back office"]);
        let category = r.pick(&[
            "Password reset",
            "Invoice copy",
            "\"Refund, partial\"",
            "\"Order \"\"late\"\"\"",
            "\"Two\nlines\"",
            "",
        ]);
        let subject = r.pick(&[
            "Hello",
            "\"Re: order 12, any update?\"",
            "\"a \"\"b\"\"\nc\"",
            "",
        ]);
        let created = format!("2026-10-{:02}T{:02}:15:00", 1 + r.below(28), r.below(24));
        let mut handle = match (clock, r.below(2)) {
            (false, _) => format!("{}", r.below(2_000)),
            (true, 0) => format!("{}:{:02}", r.below(90), r.below(60)),
            (true, _) => format!("{:02}:{:02}:{:02}", r.below(30), r.below(60), r.below(60)),
        };
        let mut bot = r.pick(&["TRUE", "FALSE", "", "yes"]).to_string();
        // A column no reader needs, with quotes in the middle of a field now and then (in
        // pairs: a lone one is below).
        let notes = r.pick(&["", "ok", "\"a, b\"", "x \"y\" z"]);
        let mut created = created;
        let mut queue = queue.to_string();
        let mut end = "\n";
        if odd {
            match r.below(14) {
                0 if clock => {
                    handle = r
                        .pick(&[
                            "N/A",
                            "",
                            "-0:01:00",
                            "1:02:03.5",
                            " 0:30 ",
                            "\"0:45\"",
                            "-",
                        ])
                        .into()
                }
                1 if clock => {
                    handle = r
                        .pick(&["5 min", "abc", "1:2:3:4", "+0:30", "0:3x", "30:00:00"])
                        .into()
                }
                0 => {
                    handle = r
                        .pick(&["N/A", "", "-5", "12.5", "1e2", "200000", "\"300\""])
                        .into()
                }
                1 => handle = r.pick(&["12 min", " 30", "abc"]).into(),
                2 => created = r.pick(&["", "2026-10-03", "N/A"]).into(),
                3 => end = "\r\n",
                4 => return "\n".into(),
                5 => return format!("T{},{created},{queue}\n", r.below(99)),
                6 => bot = format!("{bot},extra,\"more\""),
                7 => queue = r.pick(&["\"\"", "\"x\"y", "", "L3 \"quoted\" mid"]).into(),
                8 => return ",,,,,,\n".into(),
                9 => end = "",
                10 => queue = format!("{queue}\r"),
                11 => return format!("T{},,{queue},,,,,\n", r.below(99)),
                _ => {}
            }
        }
        let id = r.below(ids);
        format!("T{id},{created},{queue},{category},{subject},{handle},{bot},{notes}{end}")
    }

    /// The totals of a block in a form that compares: rows by key (role, category and flag, or
    /// the ticket id), figures rounded to what summing in another order cannot change.
    pub(crate) type Compared = (
        BTreeMap<Vec<Option<String>>, Vec<i64>>,
        Option<i64>,
        Option<i64>,
    );
    pub(crate) fn comparable(t: &Totals) -> Compared {
        let g = &t.groups;
        let text = |c: &str| -> Vec<Option<String>> {
            let s = g.column(c).unwrap().cast(&DataType::String).unwrap();
            s.str()
                .unwrap()
                .iter()
                .map(|v| v.map(str::to_string))
                .collect()
        };
        let number = |c: &str| -> Vec<f64> {
            let s = g.column(c).unwrap().cast(&DataType::Float64).unwrap();
            s.f64().unwrap().iter().map(|v| v.unwrap_or(0.0)).collect()
        };
        let events = g.column("id").is_ok();
        let (keys, figures): (&[&str], &[&str]) = if events {
            (
                &["id", "role", "category"],
                &[
                    "minutes",
                    "timed",
                    "neg",
                    "absurd",
                    "unreadable",
                    "auto",
                    "auto_no",
                    "rows",
                ],
            )
        } else {
            (
                &["role", "category", "auto_raw"],
                &[
                    "tickets",
                    "minutes",
                    "timed",
                    "neg",
                    "absurd",
                    "unreadable",
                    "rows",
                ],
            )
        };
        let keys: Vec<Vec<Option<String>>> = keys.iter().map(|c| text(c)).collect();
        let figures: Vec<Vec<f64>> = figures.iter().map(|c| number(c)).collect();
        let mut out = BTreeMap::new();
        for i in 0..g.height() {
            let key = keys.iter().map(|k| k[i].clone()).collect();
            let values = figures
                .iter()
                .map(|f| (f[i] * 1e6).round() as i64)
                .collect();
            assert!(out.insert(key, values).is_none(), "one row per key");
        }
        (out, t.first, t.last)
    }

    fn plan_for(sample: &str, opts: &Options) -> (Plan, tempfile::NamedTempFile) {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, sample.as_bytes()).unwrap();
        let path = file.path().to_str().unwrap().to_string();
        let (mut notes, mut warnings) = (Notes::default(), Vec::new());
        let opened = open(&path, opts, &mut notes, &mut warnings).unwrap();
        let plan = Plan::new(&path, &opened.head, &opened.map, opts, &mut notes).unwrap();
        (plan, file)
    }

    /// Random blocks of an export read by both readers: `ids` distinct ticket ids (few make
    /// an export of event rows).
    fn agree_on_random_blocks(seed: u64, ids: usize, clock: bool) {
        let mut r = Random(seed);
        let mut sample = if clock {
            clock_header()
        } else {
            HEADER.to_string()
        };
        for _ in 0..200 {
            sample.push_str(&row(&mut r, false, ids, clock));
        }
        for opts in [
            Options::default(),
            Options {
                role: Some("Support".into()),
                ..Options::default()
            },
        ] {
            let (mut plan, _file) = plan_for(&sample, &opts);
            assert_eq!(plan.events, ids < 1000, "event rows when ids repeat");
            let direct = plan
                .direct
                .clone()
                .expect("the direct reader reads this export");
            plan.direct = None;
            let (mut read, mut left) = (0, 0);
            for case in 0..400 {
                let odd_rows = r.below(3);
                let mut block = String::new();
                for _ in 0..1 + r.below(40) {
                    let odd = odd_rows > 0 && r.below(8) == 0;
                    block.push_str(&row(&mut r, odd, ids, clock));
                }
                let by_polars = match plan.block(block.as_bytes()) {
                    Ok(totals) => totals,
                    // What polars refuses (text after a closing quote) is an error to the
                    // user: the direct reader must leave it to polars.
                    Err(_) => {
                        assert!(
                            direct.block(block.as_bytes()).is_err(),
                            "case {case}:\n{block}"
                        );
                        continue;
                    }
                };
                match direct.block(block.as_bytes()) {
                    Ok(by_direct) => {
                        read += 1;
                        assert_eq!(
                            comparable(&by_direct.unwrap()),
                            comparable(&by_polars),
                            "case {case}, block:\n{block}"
                        );
                    }
                    Err(Unread) => left += 1,
                }
            }
            assert!(
                read > 2 * left,
                "the direct reader read {read} blocks and left {left}"
            );
        }
    }

    #[test]
    fn direct_and_polars_readers_agree_on_random_blocks() {
        agree_on_random_blocks(0x9e37_79b9_7f4a_7c15, 1 << 40, false);
    }

    #[test]
    fn direct_and_polars_readers_agree_on_random_blocks_of_events() {
        agree_on_random_blocks(0x2545_f491_4f6c_dd1d, 25, false);
    }

    #[test]
    fn direct_and_polars_readers_agree_on_random_blocks_with_clock_times() {
        agree_on_random_blocks(0x6a09_e667_f3bc_c908, 1 << 40, true);
        agree_on_random_blocks(0xbb67_ae85_84ca_a73b, 25, true);
    }

    #[test]
    fn carriage_returns_and_quotes_read_alike() {
        let sample = format!("{HEADER}T1,2026-10-01T10:00:00,Q,C,S,30,TRUE\n");
        let (mut plan, _f) = plan_for(&sample, &Options::default());
        let direct = plan.direct.clone().unwrap();
        plan.direct = None;
        let block = "T2,2026-10-01T10:00:00,Q,C,S,30,TRUE\r\nT3,2026-10-02T10:00:00,\"Q\",\"C \"\"x\"\"\",S,45,\r\n";
        let by_direct = direct.block(block.as_bytes()).unwrap().unwrap();
        assert_eq!(
            comparable(&by_direct),
            comparable(&plan.block(block.as_bytes()).unwrap())
        );
    }

    /// A lone quote in the middle of a field is text (`24" screen`), as the block reader cuts
    /// rows. Polars' chunk parser toggles on it when it looks for the end of a row and swallows
    /// the rows after it; the direct reader reads every row.
    #[test]
    fn a_quote_in_the_middle_of_a_field_is_text() {
        let sample = format!("{HEADER}T1,2026-10-01T10:00:00,Q,C,S,30,TRUE,ok\n");
        let (plan, _f) = plan_for(&sample, &Options::default());
        let direct = plan.direct.clone().unwrap();
        let block = "T2,2026-10-01T10:00:00,Q,C,S,30,TRUE,24\" screen\n\
                     T3,2026-10-02T10:00:00,Q,C,S,60,TRUE,ok\n";
        let totals = direct.block(block.as_bytes()).unwrap().unwrap();
        let (groups, _, _) = comparable(&totals);
        let key = vec![
            Some("Q".to_string()),
            Some("C".to_string()),
            Some("TRUE".to_string()),
        ];
        assert_eq!(groups[&key][0], 2_000_000, "two tickets: {groups:?}");
    }

    #[test]
    fn exports_it_does_not_read_are_left_to_polars() {
        let opts = Options::default();
        // Handle times in a unit written beside them.
        let (plan, _f) = plan_for(
            &format!("{HEADER}T1,2026-10-01T10:00:00,Q,C,S,5 min,TRUE\n"),
            &opts,
        );
        assert!(plan.direct.is_none());
        // Two keys mapped to one column.
        let opts_twice = Options {
            maps: vec![
                ("role".into(), "Queue".into()),
                ("category".into(), "Queue".into()),
            ],
            ..Options::default()
        };
        let (plan, _f) = plan_for(
            &format!("{HEADER}T1,2026-10-01T10:00:00,Q,C,S,30,TRUE,ok\n"),
            &opts_twice,
        );
        assert!(plan.direct.is_none());
        // An aggregated export with a count column.
        let counted = "Queue,Category,Tickets\nQ,C,12\n";
        let (plan, _f) = plan_for(counted, &opts);
        assert!(plan.direct.is_none());
        // Rows per ticket and per event are read directly.
        let (plan, _f) = plan_for(
            &format!("{HEADER}T1,2026-10-01T10:00:00,Q,C,S,30,TRUE\n"),
            &opts,
        );
        assert!(plan.direct.as_ref().is_some_and(|d| d.events.is_none()));
        let events = "T1,2026-10-01T10:00:00,Q,C,S,30,TRUE\n".repeat(3);
        let (plan, _f) = plan_for(&format!("{HEADER}{events}"), &opts);
        assert!(plan.direct.as_ref().is_some_and(|d| d.events.is_some()));
    }
}
