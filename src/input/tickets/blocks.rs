//! One pass over a CSV export, in blocks of whole rows.
//!
//! The file is read once, in buffers of a few megabytes: a thread hashes every byte (BLAKE3,
//! and SHA-256 when asked, for the report's inputs), the reading thread cuts each buffer after its last row (a newline
//! outside quotes), and worker threads check the rows are UTF-8 and hand them to the caller's
//! `work`, which parses and aggregates them. Memory stays at a few buffers whatever the file's
//! size, and no byte is looked at twice by the reader.

use super::Hashes;
use sha2::Digest;
use std::io::Read;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

/// Bytes read at a time; a block is this plus the unfinished row carried over. (Measured on
/// 10 million rows: 4 MB beats 1, 2, 8, 16 and 32 MB; blocks stay in the cache between
/// hashing and parsing.)
const BUFFER: usize = 4 << 20;

/// A row longer than this (a stray quote that never closes, most likely) stops the pass.
const LONGEST_ROW: usize = 64 << 20;

/// Why a pass stopped.
#[derive(Debug)]
pub(super) enum Stop<E> {
    Io(std::io::Error),
    /// Some bytes are not UTF-8: the caller reads the file another way.
    NotUtf8,
    /// The file ends inside a quoted field, or a quote never closes.
    Unterminated,
    /// The caller's work failed.
    Work(E),
    /// The caller's work panicked.
    Panicked,
}

/// Reads `path` in blocks of whole rows after the header row and runs `work` on each; returns
/// what `work` returned for each block, in file order. Every byte read goes to `hasher`, when
/// there is one (none for a copy whose original was hashed).
pub(super) fn run<T, E, W>(
    path: &Path,
    compression: super::compressed::Compression,
    delimiter: u8,
    hasher: Option<&Hasher>,
    bar: Option<&indicatif::ProgressBar>,
    work: W,
) -> Result<Vec<T>, Stop<E>>
where
    T: Send,
    E: Send,
    W: Fn(&[u8]) -> Result<T, E> + Sync,
{
    let mut file = super::compressed::open(path, compression).map_err(Stop::Io)?;
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    let stopped = AtomicBool::new(false);
    let results: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::new());
    let failure: Mutex<Option<Stop<E>>> = Mutex::new(None);
    let fail = |why: Stop<E>| {
        stopped.store(true, Ordering::Relaxed);
        let mut first = failure.lock().unwrap_or_else(|e| e.into_inner());
        first.get_or_insert(why);
    };
    let (to_work, work_queue) = sync_channel::<Job>(workers);
    let work_queue = Mutex::new(work_queue);
    std::thread::scope(|s| {
        let (work_queue, work, stopped, results, fail) =
            (&work_queue, &work, &stopped, &results, &fail);
        for _ in 0..workers {
            s.spawn(move || worker(work_queue, work, stopped, results, fail));
        }
        // Buffers in flight: the hasher's queue, the workers' queue and the one each worker
        // and the reader hold.
        let pool = Pool::new(2 * workers + 6);
        let reader = Reader {
            delimiter,
            bar,
            stopped,
            hasher,
            to_work: &to_work,
            pool: &pool,
        };
        if let Err(why) = reader.cut_blocks(&mut file) {
            fail(why);
        }
        drop(to_work);
    });
    if let Some(why) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(why);
    }
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    Ok(results.into_iter().map(|(_, r)| r).collect())
}

type Job = (usize, Arc<Buffer>, Range<usize>);

/// Bytes of the file, shared by the hasher and a worker. When both are done with them, the
/// memory goes back to its pool for a later read instead of being freed: a pass reuses a few
/// buffers instead of faulting in fresh pages for every 4 MB of the file.
pub(super) struct Buffer {
    bytes: Vec<u8>,
    pool: Option<Arc<Pool>>,
}

impl Buffer {
    /// Bytes that go nowhere when dropped.
    pub(super) fn unpooled(bytes: Vec<u8>) -> Buffer {
        Buffer { bytes, pool: None }
    }
}

impl std::ops::Deref for Buffer {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        if let Some(pool) = &self.pool {
            pool.put(std::mem::take(&mut self.bytes));
        }
    }
}

/// Empty buffers, kept for reuse: no more than the pass can have in flight.
pub(super) struct Pool {
    free: Mutex<Vec<Vec<u8>>>,
    keep: usize,
}

impl Pool {
    fn new(keep: usize) -> Arc<Pool> {
        Arc::new(Pool {
            free: Mutex::new(Vec::new()),
            keep,
        })
    }

    /// An empty buffer with room for `capacity` bytes, reused when one is free.
    fn take(self: &Arc<Pool>, capacity: usize) -> Vec<u8> {
        let reused = self.free.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut bytes = reused.unwrap_or_default();
        bytes.clear();
        bytes.reserve(capacity);
        bytes
    }

    fn put(&self, bytes: Vec<u8>) {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        if free.len() < self.keep {
            free.push(bytes);
        }
    }
}

/// The hashes of bytes handed over in order: BLAKE3, and SHA-256 when asked for.
pub(super) struct Digests {
    blake: blake3::Hasher,
    sha: Option<sha2::Sha256>,
}

impl Digests {
    pub(super) fn new(sha256: bool) -> Digests {
        Digests {
            blake: blake3::Hasher::new(),
            sha: sha256.then(sha2::Sha256::new),
        }
    }

    pub(super) fn update(&mut self, bytes: &[u8]) {
        self.blake.update(bytes);
        if let Some(sha) = &mut self.sha {
            sha.update(bytes);
        }
    }

    /// The hashes in hexadecimal.
    pub(super) fn finish(self) -> Hashes {
        Hashes {
            blake3: self.blake.finalize().to_hex().to_string(),
            sha256: self.sha.map(|s| crate::input::source::hex(&s.finalize())),
        }
    }
}

/// The hashes on a thread of their own: the reading thread hands it each buffer and goes on, so
/// a pass costs the slower of reading and hashing instead of their sum. BLAKE3 always (about
/// a fifth of SHA-256's time on this project's machines); SHA-256 when `sha256` asks for it.
pub(super) struct Hasher {
    queue: SyncSender<(Arc<Buffer>, usize)>,
    thread: std::thread::JoinHandle<Hashes>,
}

impl Hasher {
    pub(super) fn start(sha256: bool) -> Hasher {
        let (queue, buffers) = sync_channel::<(Arc<Buffer>, usize)>(4);
        let thread = std::thread::spawn(move || {
            let mut digests = Digests::new(sha256);
            for (buffer, from) in buffers {
                digests.update(&buffer[from..]);
            }
            digests.finish()
        });
        Hasher { queue, thread }
    }

    /// Hashes `buffer[from..]`, after the bytes handed over before.
    pub(super) fn add(&self, buffer: Arc<Buffer>, from: usize) {
        // The thread lives until `finish` drops the queue, so a send cannot fail.
        let _ = self.queue.send((buffer, from));
    }

    /// The hashes of all the bytes handed over, in hexadecimal.
    pub(super) fn finish(self) -> std::io::Result<Hashes> {
        drop(self.queue);
        self.thread
            .join()
            .map_err(|_| std::io::Error::other("the hashing thread failed"))
    }
}

fn worker<T, E, W>(
    queue: &Mutex<Receiver<Job>>,
    work: &W,
    stopped: &AtomicBool,
    results: &Mutex<Vec<(usize, T)>>,
    fail: &(impl Fn(Stop<E>) + Sync),
) where
    W: Fn(&[u8]) -> Result<T, E>,
{
    loop {
        let job = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok((index, buffer, range)) = job else {
            return;
        };
        if stopped.load(Ordering::Relaxed) {
            continue;
        }
        let rows = &buffer[range];
        if !super::chunk::is_utf8(rows) {
            fail(Stop::NotUtf8);
            continue;
        }
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(rows))) {
            Ok(Ok(r)) => results
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((index, r)),
            Ok(Err(e)) => fail(Stop::Work(e)),
            Err(_) => fail(Stop::Panicked),
        }
    }
}

/// The reading thread and where it sends what it reads.
struct Reader<'a> {
    delimiter: u8,
    bar: Option<&'a indicatif::ProgressBar>,
    stopped: &'a AtomicBool,
    hasher: Option<&'a Hasher>,
    to_work: &'a SyncSender<Job>,
    pool: &'a Arc<Pool>,
}

impl Reader<'_> {
    /// Fills buffers, sends every byte to the hasher once, and sends the whole rows of each
    /// buffer to the workers, carrying the unfinished last row over.
    fn cut_blocks<E>(&self, file: &mut dyn Read) -> Result<(), Stop<E>> {
        let Reader {
            delimiter,
            bar,
            stopped,
            hasher,
            to_work,
            pool,
        } = *self;
        let mut carry: Vec<u8> = Vec::new();
        let mut header_done = false;
        let mut index = 0;
        loop {
            if stopped.load(Ordering::Relaxed) {
                return Ok(());
            }
            let mut buffer = pool.take(carry.len() + BUFFER);
            buffer.extend_from_slice(&carry);
            let fresh = buffer.len();
            let eof = fill(file, &mut buffer, BUFFER).map_err(Stop::Io)?;
            if let Some(bar) = bar {
                bar.inc((buffer.len() - fresh) as u64);
            }
            let buffer = Arc::new(Buffer {
                bytes: buffer,
                pool: Some(Arc::clone(pool)),
            });
            if let Some(hasher) = hasher {
                hasher.add(buffer.clone(), fresh);
            }
            let mut start = 0;
            if !header_done {
                let header = scan(&buffer, delimiter);
                match header.first_end {
                    Some(end) => {
                        start = end;
                        header_done = true;
                    }
                    None if eof && header.open_at_end => return Err(Stop::Unterminated),
                    None if eof => return Ok(()),
                    None if buffer.len() > LONGEST_ROW => return Err(Stop::Unterminated),
                    None => {
                        carry = buffer.to_vec();
                        continue;
                    }
                }
            }
            let rows = scan(&buffer[start..], delimiter);
            let end = if eof {
                if rows.open_at_end {
                    return Err(Stop::Unterminated);
                }
                buffer.len()
            } else {
                match rows.last_end {
                    Some(end) => start + end,
                    None if buffer.len() - start > LONGEST_ROW => return Err(Stop::Unterminated),
                    None => {
                        carry = buffer[start..].to_vec();
                        continue;
                    }
                }
            };
            carry = buffer[end..].to_vec();
            if buffer[start..end].iter().any(|b| !b.is_ascii_whitespace()) {
                // The workers live until this thread drops its sender, so a send cannot fail.
                let _ = to_work.send((index, buffer, start..end));
                index += 1;
            }
            if eof {
                return Ok(());
            }
        }
    }
}

/// Reads until `want` more bytes are in `buffer` or the file ends; true at the end.
fn fill(file: &mut dyn Read, buffer: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    let target = buffer.len() + want;
    while buffer.len() < target {
        let n = (&mut *file)
            .take((target - buffer.len()) as u64)
            .read_to_end(buffer)?;
        if n == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Where rows end in bytes that start at the start of a row.
#[derive(Debug, PartialEq)]
pub(super) struct Rows {
    /// Just after the first newline that ends a row.
    pub first_end: Option<usize>,
    /// Just after the last newline that ends a row.
    pub last_end: Option<usize>,
    /// The bytes end inside a quoted field.
    pub open_at_end: bool,
}

/// Finds the newlines that end rows, reading quotes as the CSV parser does: a quote opens a
/// quoted field only where a field starts (after the delimiter or a newline); in a field that
/// began with a quote every quote toggles, so `""` is an escaped quote. A quote inside an
/// unquoted field (`24" screen`) is text and changes nothing.
pub(super) fn scan(bytes: &[u8], delimiter: u8) -> Rows {
    // The quoted spans, from the quotes alone; then the newlines near the ends are looked up
    // in them, which is cheaper than following every newline.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let (mut quoted, mut opened_at, mut closed_at) = (false, 0, usize::MAX);
    for i in memchr::memchr_iter(b'"', bytes) {
        if quoted {
            quoted = false;
            closed_at = i;
            spans.push((opened_at, i));
        } else {
            // At the start of a field, or later in a field that began with a quote: the
            // parser toggles on every quote of such a field (`""` is the usual case).
            let before = i.checked_sub(1).map(|j| bytes[j]);
            quoted = matches!(before, None | Some(b'\n'))
                || before == Some(delimiter)
                || (closed_at < i
                    && memchr::memchr2(delimiter, b'\n', &bytes[closed_at + 1..i]).is_none());
            opened_at = i;
        }
    }
    if quoted {
        spans.push((opened_at, bytes.len()));
    }
    let ends_row = |newline: &usize| {
        let k = spans.partition_point(|(open, _)| open < newline);
        k == 0 || spans[k - 1].1 < *newline
    };
    Rows {
        first_end: memchr::memchr_iter(b'\n', bytes)
            .find(ends_row)
            .map(|i| i + 1),
        last_end: memchr::memrchr_iter(b'\n', bytes)
            .find(ends_row)
            .map(|i| i + 1),
        open_at_end: quoted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_end_at_newlines_outside_quotes() {
        let ends = |b: &[u8]| {
            let r = scan(b, b',');
            (r.first_end, r.last_end, r.open_at_end)
        };
        assert_eq!(ends(b"a,\"b\nc\"\nd\n"), (Some(8), Some(10), false));
        assert_eq!(ends(b"a\nb,\"c\nd"), (Some(2), Some(2), true));
        assert_eq!(ends(b"a\n\"b\"\"\nc\"\nd"), (Some(2), Some(10), false));
        assert_eq!(ends(b"\"a\nb"), (None, None, true));
        // A quote inside an unquoted field is text.
        assert_eq!(
            ends(b"q,Screen 24\" flat\nq,x\n"),
            (Some(18), Some(22), false)
        );
        assert_eq!(scan(b"q;\"a\nb\";c\n", b';').first_end, Some(10));
        // A field that began with a quote toggles on every quote, as the parser reads it.
        assert_eq!(ends(b"\"a\"b\"c\nd\"\ne\n"), (Some(10), Some(12), false));
        // After a closing quote and a delimiter, a quote mid-field is text again.
        assert_eq!(ends(b"\"a\",b\"c\nd\n"), (Some(8), Some(10), false));
    }

    #[test]
    fn blocks_cover_every_row_once() {
        let mut text = String::from("id,text\n");
        for i in 0..300_000 {
            text.push_str(&format!("{i},\"line {i}\nwith a newline, and a comma\"\n"));
        }
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, text.as_bytes()).unwrap();
        let hasher = Hasher::start(true);
        let results = run::<_, (), _>(
            file.path(),
            super::super::compressed::Compression::None,
            b',',
            Some(&hasher),
            None,
            |rows| Ok(memchr::memchr_iter(b'\n', rows).count()),
        )
        .unwrap();
        assert!(results.len() > 1, "the file spans several blocks");
        assert_eq!(results.iter().sum::<usize>(), 600_000);
        let whole = crate::input::source::sha256(text.as_bytes());
        let hashes = hasher.finish().unwrap();
        assert_eq!(hashes.sha256, Some(whole));
        let whole = crate::input::source::blake3(text.as_bytes());
        assert_eq!(hashes.blake3, whole);
    }

    #[test]
    fn an_unclosed_quote_stops_the_pass() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, b"id,text\n1,\"open\n2,x\n").unwrap();
        let pass = run::<(), (), _>(
            file.path(),
            super::super::compressed::Compression::None,
            b',',
            None,
            None,
            |_| Ok(()),
        );
        assert!(matches!(pass, Err(Stop::Unterminated)));
    }
}
