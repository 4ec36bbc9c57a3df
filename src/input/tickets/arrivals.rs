//! When contacts arrive, per queue and channel, for `exposure simulate` (ARCHITECTURE section
//! 5). A live channel is staffed for its busiest half-hour, so its staffing needs the created
//! timestamps, not only the weekly volume the main reader sums. The exports are read once more,
//! row by row with the csv crate (gzip and zstd decompressed as the main reader does them), and
//! only counts leave this module: per queue (mapped to its role as the main reader maps it) and
//! channel, the agent-handled arrivals in each 30-minute slot of the week and, per category, the
//! tickets and handle time. No ticket text, names or addresses.

use super::compressed::{self, Compression};
use super::export::is_parquet;
use super::formats::{self, Duration};
use super::{AUTOMATED, KEYS, MAX_HANDLE_MINUTES};
use crate::error::InputError;
use crate::input::{columns, source, values};
use crate::warning::Warning;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::Path;

/// Half-hour slots in a week, Monday 00:00 first.
pub const SLOTS_PER_WEEK: usize = 7 * 48;

/// Rows read first to recognise how dates and handle times are written.
const SAMPLE_ROWS: usize = 2_000;

/// How a channel is worked: live (the contact waits on the line) or deferred (it waits in a
/// backlog).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelKind {
    Live,
    Deferred,
}

/// Phone and chat are live: someone waits on the line. Messaging threads (WhatsApp), e-mail, web
/// forms and anything unnamed wait in a backlog.
pub fn channel_kind(channel: &str) -> ChannelKind {
    let c = channel.to_lowercase();
    let live = ["phone", "voice", "call", "telephon", "chat"];
    if live.iter().any(|w| c.contains(w)) && !c.contains("whatsapp") {
        ChannelKind::Live
    } else {
        ChannelKind::Deferred
    }
}

/// How to read the exports: as the main reader does.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    pub maps: &'a [(String, String)],
    /// Every ticket goes to this role.
    pub role: Option<&'a str>,
    pub queue_map: Option<&'a HashMap<String, String>>,
}

/// One category of a queue and channel.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CategoryCount {
    pub category: String,
    pub tickets: f64,
    /// Tickets no bot resolved: the ones an agent handled.
    pub agent_tickets: f64,
    /// Valid handle time of agent-handled tickets, and how many tickets it covers.
    pub handle_seconds: f64,
    pub timed: f64,
}

/// One queue (its role) and channel over the whole period.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueArrivals {
    pub role: String,
    pub channel: String,
    pub kind: ChannelKind,
    /// Agent-handled arrivals per half-hour slot of the week, summed over the weeks read.
    pub slots: Vec<f64>,
    /// Agent-handled tickets with a readable created timestamp.
    pub dated: f64,
    pub categories: Vec<CategoryCount>,
}

impl QueueArrivals {
    pub fn agent_tickets(&self) -> f64 {
        self.categories.iter().map(|c| c.agent_tickets).sum()
    }

    /// Mean handle time of agent-handled tickets, in seconds.
    pub fn aht_seconds(&self) -> Option<f64> {
        let timed: f64 = self.categories.iter().map(|c| c.timed).sum();
        let secs: f64 = self.categories.iter().map(|c| c.handle_seconds).sum();
        (timed > 0.0 && secs > 0.0).then(|| secs / timed)
    }
}

/// What the second reading found.
#[derive(Debug, Clone, Default)]
pub struct Arrivals {
    /// Ordered by role, then channel.
    pub queues: Vec<QueueArrivals>,
    /// True when some export has a channel column.
    pub channels: bool,
    pub warnings: Vec<Warning>,
}

/// Counts arrivals in every export. Standard input and Parquet are not read again (a warning
/// says so); their tickets count as deferred work.
pub fn read(paths: &[String], opts: &Options) -> Result<Arrivals, InputError> {
    let mut acc: HashMap<(String, String), Acc> = HashMap::new();
    let mut out = Arrivals::default();
    for path in paths {
        let disk = Path::new(path);
        let unread = |parquet| Warning::ArrivalsUnread {
            file: if path == "-" {
                "<stdin>".into()
            } else {
                path.clone()
            },
            parquet,
        };
        if path == "-" {
            out.warnings.push(unread(false));
            continue;
        }
        let compression = compressed::detect(disk).map_err(|e| super::cannot_read(path, e))?;
        if compression == Compression::None && is_parquet(disk) {
            out.warnings.push(unread(true));
            continue;
        }
        let file = File::open(path, compression, opts)?;
        out.channels |= file.channel.is_some();
        file.count(opts, &mut acc)
            .map_err(|e| InputError::in_file(path, format!("cannot read: {e}")))?;
    }
    let mut queues: Vec<QueueArrivals> = acc
        .into_iter()
        .map(|((role, channel), a)| a.finish(role, channel))
        .collect();
    queues.sort_by(|a, b| (&a.role, &a.channel).cmp(&(&b.role, &b.channel)));
    out.queues = queues;
    Ok(out)
}

/// Per queue and channel while reading.
struct Acc {
    slots: Vec<f64>,
    dated: f64,
    categories: HashMap<String, CategoryCount>,
}

impl Acc {
    fn finish(self, role: String, channel: String) -> QueueArrivals {
        let mut categories: Vec<CategoryCount> = self.categories.into_values().collect();
        categories.sort_by(|a, b| a.category.cmp(&b.category));
        QueueArrivals {
            kind: channel_kind(&channel),
            role,
            channel,
            slots: self.slots,
            dated: self.dated,
            categories,
        }
    }
}

/// One export: where its columns are and how its values are written.
struct File<'p> {
    path: &'p str,
    compression: Compression,
    delimiter: u8,
    role: Option<usize>,
    channel: Option<usize>,
    category: Option<usize>,
    created: Option<(usize, &'static str)>,
    handle: Option<(usize, Duration)>,
    automated: Option<usize>,
    count: Option<usize>,
    id: Option<usize>,
}

impl<'p> File<'p> {
    /// Reads the header and a sample of rows to find the columns and their formats.
    fn open(path: &'p str, compression: Compression, opts: &Options) -> Result<Self, InputError> {
        let io = |e: std::io::Error| super::cannot_read(path, e);
        let mut head = Vec::new();
        compressed::open(Path::new(path), compression)
            .map_err(io)?
            .take(64 * 1024)
            .read_to_end(&mut head)
            .map_err(io)?;
        let delimiter = source::sniff_delimiter(&String::from_utf8_lossy(&head));
        let mut reader = csv_reader(path, compression, delimiter).map_err(io)?;
        let headers: Vec<String> = reader
            .byte_headers()
            .map_err(|e| InputError::in_file(path, format!("cannot read: {e}")))?
            .iter()
            .map(|h| {
                String::from_utf8_lossy(h)
                    .trim_start_matches('\u{feff}')
                    .to_string()
            })
            .collect();
        // The main reader has already warned about these columns.
        let map = columns::resolve(path, &headers, KEYS, &[], opts.maps, &mut Vec::new())?;
        let (mut dates, mut handles) = (Vec::new(), Vec::new());
        let (created, handle) = (map.get("created"), map.get("handle_minutes"));
        for rec in reader.byte_records().take(SAMPLE_ROWS).flatten() {
            let cell = |i: Option<usize>| i.and_then(|i| rec.get(i)).map(lossy);
            dates.extend(cell(created));
            handles.extend(cell(handle));
        }
        let header = |i: usize| headers[i].as_str();
        Ok(File {
            path,
            compression,
            delimiter,
            role: map.get("role"),
            channel: map.get("channel"),
            category: map.get("category"),
            created: created.and_then(|i| formats::detect_date_format(&dates).map(|f| (i, f))),
            handle: handle.map(|i| (i, formats::detect_duration(header(i), &handles))),
            automated: map.get("automated"),
            count: map.get("count"),
            id: map.get("id"),
        })
    }

    /// Adds every row to the queue and channel it belongs to. Rows repeating a ticket id (event
    /// exports) add only their handle time, to the ticket's first row.
    fn count(&self, opts: &Options, acc: &mut HashMap<(String, String), Acc>) -> csv::Result<()> {
        let mut reader = csv_reader(self.path, self.compression, self.delimiter)?;
        let mut seen: HashMap<u64, (String, String, String)> = HashMap::new();
        let mut rec = csv::ByteRecord::new();
        while reader.read_byte_record(&mut rec)? {
            let cell = |i: Option<usize>| i.and_then(|i| rec.get(i)).map(lossy);
            let minutes = self
                .handle
                .and_then(|(i, d)| handle_minutes(&lossy(rec.get(i)?), d));
            let id = self.id.and_then(|i| rec.get(i)).filter(|v| !v.is_empty());
            if let Some(first) = id.and_then(|v| seen.get(&hash(v))) {
                if let (Some(m), Some(a)) =
                    (minutes, acc.get_mut(&(first.0.clone(), first.1.clone())))
                {
                    if let Some(c) = a.categories.get_mut(&first.2) {
                        c.handle_seconds += m * 60.0;
                    }
                }
                continue;
            }
            let key = (
                self.queue_of(cell(self.role), opts),
                named(cell(self.channel), "(no channel)"),
            );
            let category = values::redact_emails(&named(cell(self.category), "(no category)"));
            if let Some(v) = id {
                seen.insert(hash(v), (key.0.clone(), key.1.clone(), category.clone()));
            }
            let weight = cell(self.count)
                .and_then(|c| values::parse_number(&c))
                .map_or(1.0, |n| n.value.max(0.0));
            let bot = cell(self.automated).and_then(|f| values::parse_yes_no(f.trim(), &AUTOMATED))
                == Some(true);
            let slot = self
                .created
                .and_then(|(i, f)| formats::parse_millis(&lossy(rec.get(i)?), f))
                .map(slot_of_week);
            let a = acc.entry(key).or_insert_with(|| Acc {
                slots: vec![0.0; SLOTS_PER_WEEK],
                dated: 0.0,
                categories: HashMap::new(),
            });
            let c = a
                .categories
                .entry(category.clone())
                .or_insert_with(|| CategoryCount {
                    category,
                    ..CategoryCount::default()
                });
            c.tickets += weight;
            if bot {
                continue;
            }
            c.agent_tickets += weight;
            if let Some(m) = minutes {
                c.handle_seconds += m * 60.0 * weight;
                c.timed += weight;
            }
            if let Some(s) = slot {
                a.slots[s] += weight;
                a.dated += weight;
            }
        }
        Ok(())
    }

    /// The role a row's queue maps to, as the main reader maps it.
    fn queue_of(&self, queue: Option<String>, opts: &Options) -> String {
        if let Some(role) = opts.role {
            return role.to_string();
        }
        let queue = named(queue, "(no queue)");
        opts.queue_map
            .and_then(|m| m.get(&queue).cloned())
            .unwrap_or_else(|| values::redact_emails(&queue))
    }
}

fn csv_reader(
    path: &str,
    compression: Compression,
    delimiter: u8,
) -> std::io::Result<csv::Reader<Box<dyn Read + Send>>> {
    Ok(csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(compressed::open(Path::new(path), compression)?))
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A cell's text, or `missing` for an empty cell or a spelling of "no value".
fn named(cell: Option<String>, missing: &str) -> String {
    match cell {
        Some(v) if !values::is_missing(&v) => v.trim().to_string(),
        _ => missing.to_string(),
    }
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// A handle time in minutes, if it is readable and between 0 and a day.
pub(super) fn handle_minutes(cell: &str, d: Duration) -> Option<f64> {
    let m = match d {
        Duration::Number(per) => values::parse_number(cell)?.value * per,
        Duration::Clock => {
            let parts: Vec<f64> = cell
                .trim()
                .split(':')
                .map(|p| p.trim().parse::<f64>().ok())
                .collect::<Option<_>>()?;
            match parts[..] {
                [h, m, s] => h * 60.0 + m + s / 60.0,
                [m, s] => m + s / 60.0,
                _ => return None,
            }
        }
    };
    (0.0..=MAX_HANDLE_MINUTES).contains(&m).then_some(m)
}

/// The half-hour slot of the week (Monday 00:00 is 0) of a time in milliseconds since the
/// epoch; 1 January 1970 was a Thursday, slot 3 × 48.
pub fn slot_of_week(ms: i64) -> usize {
    (ms.div_euclid(30 * 60 * 1000) + 3 * 48).rem_euclid(SLOTS_PER_WEEK as i64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_start_on_monday_midnight() {
        let ms = |s: &str| formats::parse_millis(s, "%Y-%m-%dT%H:%M:%S").expect("a time");
        assert_eq!(slot_of_week(ms("2026-09-07T00:00:45")), 0, "a Monday");
        assert_eq!(slot_of_week(ms("2026-09-07T10:29:59")), 20);
        assert_eq!(slot_of_week(ms("2026-09-13T23:59:00")), SLOTS_PER_WEEK - 1);
    }

    #[test]
    fn phone_and_chat_are_live_messaging_and_email_wait() {
        for c in ["phone", "Voice", "chat", "Live Chat", "inbound call"] {
            assert_eq!(channel_kind(c), ChannelKind::Live, "{c}");
        }
        for c in ["whatsapp", "email", "web form", "(no channel)"] {
            assert_eq!(channel_kind(c), ChannelKind::Deferred, "{c}");
        }
    }

    #[test]
    fn handle_times_in_clock_form_and_out_of_range() {
        assert_eq!(handle_minutes("00:05:30", Duration::Clock), Some(5.5));
        assert_eq!(
            handle_minutes("90", Duration::Number(1.0 / 60.0)),
            Some(1.5)
        );
        assert_eq!(handle_minutes("-3", Duration::Number(1.0)), None);
        assert_eq!(handle_minutes("N/A", Duration::Number(1.0)), None);
    }
}
