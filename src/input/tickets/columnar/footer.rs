//! A check of a Parquet footer before polars parses it. The footer is Thrift's compact
//! protocol; polars reserves room for as many elements as a list's header claims, so a damaged
//! header (fuzzing found one claiming 3.7 billion row groups in an 825-byte file) asks for
//! hundreds of gigabytes. Every list, set, map and string here must fit in the bytes that
//! remain, as whole ones do (each element takes at least one byte), and nesting is bounded.
//! Thrift's compact protocol: <https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md>.

/// Deeper nesting than a Parquet footer has (its schema is a flat list of elements).
const DEEPEST: u32 = 64;

/// Whether the footer's lists, sets, maps and strings all fit in its bytes.
pub(super) fn fits(footer: &[u8]) -> bool {
    let mut walk = Walk {
        bytes: footer,
        at: 0,
    };
    walk.fields(0).is_some()
}

struct Walk<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Walk<'_> {
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn skip(&mut self, n: u64) -> Option<()> {
        let n = usize::try_from(n).ok().filter(|&n| n <= self.left())?;
        self.at += n;
        Some(())
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A struct's fields up to its stop byte.
    fn fields(&mut self, depth: u32) -> Option<()> {
        if depth > DEEPEST {
            return None;
        }
        loop {
            let header = self.byte()?;
            if header == 0 {
                return Some(());
            }
            if header >> 4 == 0 {
                // The field's id follows in full (no delta from the one before).
                self.varint()?;
            }
            self.value(header & 0x0f, depth)?;
        }
    }

    /// A value of a compact type; a field's booleans are in its header.
    fn value(&mut self, kind: u8, depth: u32) -> Option<()> {
        match kind {
            1 | 2 => Some(()),
            3 => self.skip(1),
            4..=6 => self.varint().map(|_| ()),
            7 => self.skip(8),
            8 => {
                let len = self.varint()?;
                self.skip(len)
            }
            9 | 10 => {
                let header = self.byte()?;
                let mut n = u64::from(header >> 4);
                if n == 15 {
                    n = self.varint()?;
                }
                self.elements(n, &[header & 0x0f], depth)
            }
            11 => {
                let n = self.varint()?;
                if n == 0 {
                    return Some(());
                }
                let kinds = self.byte()?;
                self.elements(n, &[kinds >> 4, kinds & 0x0f], depth)
            }
            12 => self.fields(depth + 1),
            _ => None,
        }
    }

    /// `n` elements (of a list or set: one kind; of a map: a key and a value), each of which
    /// takes at least a byte: more than the bytes left is a damaged header.
    fn elements(&mut self, n: u64, kinds: &[u8], depth: u32) -> Option<()> {
        if depth > DEEPEST || n.checked_mul(kinds.len() as u64)? > self.left() as u64 {
            return None;
        }
        for _ in 0..n {
            for &kind in kinds {
                match kind {
                    // A boolean element is a byte of its own.
                    1 | 2 => self.skip(1)?,
                    kind => self.value(kind, depth + 1)?,
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_footers_fit_and_damaged_ones_do_not() {
        for name in ["v1_snappy", "v2_zstd", "v2_subjects", "int32_utc"] {
            let path = format!("fuzz/corpus/tickets_parquet/{name}.parquet");
            let file = std::fs::read(path).unwrap();
            let n = file.len();
            let len = u32::from_le_bytes(file[n - 8..n - 4].try_into().unwrap()) as usize;
            let footer = &file[n - 8 - len..n - 8];
            assert!(fits(footer), "{name}");
            // Cut short anywhere, it no longer parses.
            for cut in [1, len / 3, len / 2, len - 1] {
                assert!(!fits(&footer[..cut]), "{name} cut at {cut}");
            }
        }
        // A struct whose list field claims 3.7 billion elements in a few bytes.
        assert!(!fits(&[
            0x19, 0xfc, 0xff, 0xff, 0xff, 0xff, 0x0d, 0x00, 0x00
        ]));
        // A string longer than what follows.
        assert!(!fits(&[0x18, 0x7f, b'a', 0x00]));
        // Structs, and lists of lists, nested deeper than any footer (a million lists deep
        // would overflow the stack of a walk without a bound).
        let deep: Vec<u8> = std::iter::repeat_n(0x1c, 100).chain([0x00; 101]).collect();
        assert!(!fits(&deep));
        let lists: Vec<u8> = std::iter::repeat_n(0x19, 1_000_000).chain([0x00]).collect();
        assert!(!fits(&lists));
        assert!(fits(&[0x15, 0x02, 0x18, 0x01, b'a', 0x00]));
    }
}
