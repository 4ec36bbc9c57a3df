//! The direct reader's CSV splitter: a row's fields found with `memchr`, quotes read as polars'
//! parser reads them (a quote opens a quoted field only at its start, `""` inside one is a
//! quote), and only the fields of the columns read kept.

use super::Unread;
use std::borrow::Cow;

/// A field split from a row: its value (`None` when empty), where the next field starts, and
/// whether the row ends after it.
type Split<'a> = (Option<Cow<'a, [u8]>>, usize, bool);

/// Splits the row that starts at `pos` into the fields of the columns read (`slot_of` gives
/// each file column's slot); returns where the next row starts. A missing field, an empty one
/// and the fields of a short row are `None`, as polars' parser reads them.
pub(super) fn split_row<'a>(
    bytes: &'a [u8],
    mut pos: usize,
    delimiter: u8,
    slot_of: &[Option<usize>],
    fields: &mut [Option<Cow<'a, [u8]>>],
) -> Result<usize, Unread> {
    let mut column = 0;
    loop {
        let (value, next, row_ends) = if bytes.get(pos) == Some(&b'"') {
            quoted_field(bytes, pos, delimiter)?
        } else {
            unquoted_field(bytes, pos, delimiter)
        };
        if let Some(Some(slot)) = slot_of.get(column) {
            fields[*slot] = value;
        }
        column += 1;
        pos = next;
        if row_ends {
            return Ok(pos);
        }
    }
}

/// The field that starts at `pos` without a quote: up to the delimiter or the newline (a
/// carriage return at its end is not part of it, as polars reads it). Returns the value
/// (`None` when empty), where the next field starts and whether the row ends after it.
fn unquoted_field(bytes: &[u8], pos: usize, delimiter: u8) -> Split<'_> {
    let (end, next, row_ends) = match memchr::memchr2(delimiter, b'\n', &bytes[pos..]) {
        Some(k) if bytes[pos + k] == delimiter => (pos + k, pos + k + 1, false),
        Some(k) => (pos + k, pos + k + 1, true),
        None => (bytes.len(), bytes.len(), true),
    };
    let end = if end > pos && bytes[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    let value = (end > pos).then(|| Cow::Borrowed(&bytes[pos..end]));
    (value, next, row_ends)
}

/// The field that starts with a quote at `pos`: up to the closing quote, `""` read as one
/// quote. `Unread` for what polars reads its own way: an empty quoted field, text after the
/// closing quote, a quote that does not close.
fn quoted_field(bytes: &[u8], pos: usize, delimiter: u8) -> Result<Split<'_>, Unread> {
    let mut from = pos + 1;
    let mut escaped = false;
    let close = loop {
        let quote = from + memchr::memchr(b'"', &bytes[from..]).ok_or(Unread)?;
        if bytes.get(quote + 1) == Some(&b'"') {
            escaped = true;
            from = quote + 2;
        } else {
            break quote;
        }
    };
    let content = &bytes[pos + 1..close];
    if content.is_empty() {
        return Err(Unread);
    }
    let after = close + 1;
    let (next, row_ends) = match bytes.get(after) {
        Some(&b) if b == delimiter => (after + 1, false),
        Some(b'\n') => (after + 1, true),
        Some(b'\r') if bytes.get(after + 1) == Some(&b'\n') => (after + 2, true),
        None => (after, true),
        Some(_) => return Err(Unread),
    };
    let value = if escaped {
        let mut text = Vec::with_capacity(content.len());
        let mut rest = content;
        while let Some(q) = memchr::memchr(b'"', rest) {
            text.extend_from_slice(&rest[..=q]);
            rest = &rest[q + 2..];
        }
        text.extend_from_slice(rest);
        Cow::Owned(text)
    } else {
        Cow::Borrowed(content)
    };
    Ok((Some(value), next, row_ends))
}
