//! The delta encodings of Parquet's version 2 pages, which DuckDB and others write for integers
//! (timestamps) and for strings that do not fit a dictionary. polars' decoders for them are not
//! public, so they are decoded here, from the format's description:
//! <https://parquet.apache.org/docs/file-format/data-pages/encodings/>.

use super::Unread;

/// Reads an unsigned LEB128 number at `at`, moving past it.
fn uleb(bytes: &[u8], at: &mut usize) -> Result<u64, Unread> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at).ok_or(Unread)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(Unread)
}

/// Reads a zigzag-encoded signed number at `at`, moving past it.
fn zigzag(bytes: &[u8], at: &mut usize) -> Result<i64, Unread> {
    let v = uleb(bytes, at)?;
    Ok((v >> 1) as i64 ^ -((v & 1) as i64))
}

/// The `width`-bit number at bit `bit` of `packed` (least significant bits first).
fn unpack(packed: &[u8], bit: usize, width: u32) -> u64 {
    let start = bit / 8;
    let mut word = [0u8; 16];
    let available = packed.len().saturating_sub(start).min(16);
    word[..available].copy_from_slice(&packed[start..start + available]);
    let value = u128::from_le_bytes(word) >> (bit % 8);
    match width {
        64 => value as u64,
        w => (value as u64) & ((1u64 << w) - 1),
    }
}

/// Decodes `n` integers written DELTA_BINARY_PACKED into `out`; returns the bytes after them.
/// `Unread` when the bytes do not hold exactly `n` values.
pub(super) fn ints<'a>(bytes: &'a [u8], n: usize, out: &mut Vec<i64>) -> Result<&'a [u8], Unread> {
    let mut at = 0;
    let block = usize::try_from(uleb(bytes, &mut at)?).map_err(|_| Unread)?;
    let minis = usize::try_from(uleb(bytes, &mut at)?).map_err(|_| Unread)?;
    let total = usize::try_from(uleb(bytes, &mut at)?).map_err(|_| Unread)?;
    let first = zigzag(bytes, &mut at)?;
    if total != n || block == 0 || minis == 0 || block % 128 != 0 || block % minis != 0 {
        return Err(Unread);
    }
    let per_mini = block / minis;
    if per_mini % 32 != 0 {
        return Err(Unread);
    }
    let end = out.len() + n;
    if n == 0 {
        return Ok(&bytes[at..]);
    }
    out.reserve(n);
    out.push(first);
    let mut last = first;
    while out.len() < end {
        let min_delta = zigzag(bytes, &mut at)?;
        let widths = bytes.get(at..at + minis).ok_or(Unread)?;
        at += minis;
        for &width in widths {
            if out.len() == end {
                // Miniblocks past the last value have a width but no bytes.
                break;
            }
            if width > 64 {
                return Err(Unread);
            }
            let len = per_mini.checked_mul(usize::from(width)).ok_or(Unread)? / 8;
            let packed = bytes.get(at..at + len).ok_or(Unread)?;
            at += len;
            for i in 0..per_mini.min(end - out.len()) {
                let delta = unpack(packed, i * usize::from(width), u32::from(width));
                last = last.wrapping_add(min_delta).wrapping_add(delta as i64);
                out.push(last);
            }
        }
    }
    Ok(&bytes[at..])
}

/// Decodes `n` strings written DELTA_LENGTH_BYTE_ARRAY (their lengths, then their bytes) and
/// hands each to `each`.
pub(super) fn length_strings(
    bytes: &[u8],
    n: usize,
    lengths: &mut Vec<i64>,
    mut each: impl FnMut(&[u8]) -> Result<(), Unread>,
) -> Result<(), Unread> {
    lengths.clear();
    let mut rest = ints(bytes, n, lengths)?;
    for &len in lengths.iter() {
        let len = usize::try_from(len).map_err(|_| Unread)?;
        let text = rest.get(..len).ok_or(Unread)?;
        each(text)?;
        rest = &rest[len..];
    }
    Ok(())
}

/// Decodes `n` strings written DELTA_BYTE_ARRAY (each a prefix of the one before, then a
/// suffix of its own: the prefixes' lengths, then the suffixes written as
/// DELTA_LENGTH_BYTE_ARRAY) and hands each to `each`.
pub(super) fn prefixed_strings(
    bytes: &[u8],
    n: usize,
    lengths: &mut Vec<i64>,
    mut each: impl FnMut(&[u8]) -> Result<(), Unread>,
) -> Result<(), Unread> {
    let mut prefixes = Vec::with_capacity(n);
    let suffixes = ints(bytes, n, &mut prefixes)?;
    let mut prefixes = prefixes.into_iter();
    let mut text: Vec<u8> = Vec::new();
    length_strings(suffixes, n, lengths, |suffix| {
        let prefix = usize::try_from(prefixes.next().ok_or(Unread)?).map_err(|_| Unread)?;
        if prefix > text.len() {
            return Err(Unread);
        }
        text.truncate(prefix);
        text.extend_from_slice(suffix);
        each(&text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars_parquet::parquet::encoding::delta_byte_array::encode;

    /// Strings with shared prefixes, an empty one and long ones, so that the lengths need
    /// several bit widths and blocks. None is a prefix of the one before it: polars' encoder
    /// cannot write that case (its prefix length underflows).
    fn strings(n: usize) -> Vec<Vec<u8>> {
        let mut state = 0x9e37_79b9_u64;
        let mut next = move |below: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % below
        };
        (0..n)
            .map(|i| match next(5) {
                _ if i == 0 => Vec::new(),
                1 => format!("{}{i};", "x".repeat(next(3_000) as usize)).into_bytes(),
                _ => format!("Order {} late, ticket {i};", next(40)).into_bytes(),
            })
            .collect()
    }

    fn decoded(bytes: &[u8], n: usize) -> Result<Vec<Vec<u8>>, Unread> {
        let mut out = Vec::new();
        prefixed_strings(bytes, n, &mut Vec::new(), |s| {
            out.push(s.to_vec());
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn strings_written_by_prefix_and_suffix_read_back() {
        for n in [0, 1, 2, 127, 128, 129, 1_000, 5_000] {
            let written = strings(n);
            let mut bytes = Vec::new();
            encode(written.iter().map(|s| s.as_slice()), &mut bytes);
            assert_eq!(decoded(&bytes, n).unwrap(), written, "{n} strings");
            // A count other than the page's, and bytes cut short, are not read.
            assert!(decoded(&bytes, n + 1).is_err());
            if n > 0 {
                assert!(decoded(&bytes[..bytes.len() - 1], n).is_err());
                assert!(decoded(&bytes[..bytes.len() / 2], n).is_err());
            }
        }
    }

    #[test]
    fn zigzag_numbers_read_back() {
        for (bytes, value) in [
            (&[0x00][..], 0),
            (&[0x01], -1),
            (&[0x02], 1),
            (&[0x03], -2),
            (&[0xfe, 0xff, 0xff, 0xff, 0x0f], i64::from(i32::MAX)),
            (&[0xff, 0xff, 0xff, 0xff, 0x0f], i64::from(i32::MIN)),
        ] {
            assert_eq!(zigzag(bytes, &mut 0).unwrap(), value);
        }
        assert!(uleb(&[0x80, 0x80], &mut 0).is_err());
    }
}
