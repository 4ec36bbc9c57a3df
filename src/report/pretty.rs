//! A pretty-printed JSON object written field by field, whose large arrays are serialised on
//! every core a chunk at a time and written in order. The bytes are those serde_json's pretty
//! printer writes of the whole document (two spaces an indent level), which the golden files
//! and a test check; only the work is spread.

use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;

/// Array elements serialised together before they are written: enough to keep both cores busy,
/// few enough that a chunk of upskilling paths stays a few megabytes.
const CHUNK: usize = 128;

/// A top-level JSON object being written.
pub struct Object<'w> {
    out: &'w mut dyn Write,
    empty: bool,
}

impl<'w> Object<'w> {
    pub fn begin(out: &'w mut dyn Write) -> serde_json::Result<Object<'w>> {
        out.write_all(b"{").map_err(serde_json::Error::io)?;
        Ok(Object { out, empty: true })
    }

    fn key(&mut self, key: &str) -> serde_json::Result<()> {
        let lead: &[u8] = if self.empty { b"\n  " } else { b",\n  " };
        self.empty = false;
        self.out.write_all(lead).map_err(serde_json::Error::io)?;
        serde_json::to_writer(&mut *self.out, key)?;
        self.out.write_all(b": ").map_err(serde_json::Error::io)
    }

    /// A field whose value is written as serde_json writes it.
    pub fn field(&mut self, key: &str, value: &impl Serialize) -> serde_json::Result<()> {
        self.key(key)?;
        let text = indented(value, 1)?;
        self.out.write_all(&text).map_err(serde_json::Error::io)
    }

    /// A field whose value is the array of `each` of `items`, serialised on every core.
    pub fn array<'a, T, U>(
        &mut self,
        key: &str,
        items: &'a [T],
        each: impl Fn(&'a T) -> U + Sync,
    ) -> serde_json::Result<()>
    where
        T: Sync,
        U: Serialize,
    {
        self.key(key)?;
        if items.is_empty() {
            return self.out.write_all(b"[]").map_err(serde_json::Error::io);
        }
        self.out.write_all(b"[").map_err(serde_json::Error::io)?;
        for (c, chunk) in items.chunks(CHUNK).enumerate() {
            let texts: Vec<serde_json::Result<Vec<u8>>> =
                chunk.par_iter().map(|t| indented(&each(t), 2)).collect();
            for (i, text) in texts.into_iter().enumerate() {
                let lead: &[u8] = if c == 0 && i == 0 {
                    b"\n    "
                } else {
                    b",\n    "
                };
                self.out.write_all(lead).map_err(serde_json::Error::io)?;
                self.out.write_all(&text?).map_err(serde_json::Error::io)?;
            }
        }
        self.out.write_all(b"\n  ]").map_err(serde_json::Error::io)
    }

    pub fn end(self) -> serde_json::Result<()> {
        let close: &[u8] = if self.empty { b"}" } else { b"\n}" };
        self.out.write_all(close).map_err(serde_json::Error::io)
    }
}

/// `value` pretty-printed as if it stood `depth` levels deep: every line after the first is
/// indented two spaces a level more. (A newline in serde_json's output is always its own:
/// strings escape theirs.)
fn indented(value: &impl Serialize, depth: usize) -> serde_json::Result<Vec<u8>> {
    let text = serde_json::to_vec_pretty(value)?;
    let pad = 2 * depth;
    let lines = memchr::memchr_iter(b'\n', &text).count();
    if lines == 0 {
        return Ok(text);
    }
    let mut out = Vec::with_capacity(text.len() + lines * pad);
    for piece in text.split_inclusive(|&b| b == b'\n') {
        out.extend_from_slice(piece);
        if piece.last() == Some(&b'\n') {
            out.resize(out.len() + pad, b' ');
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_and_arrays_read_as_serde_json_writes_the_whole() {
        let roles: Vec<serde_json::Value> = (0..300)
            .map(|i| json!({"role": format!("R{i}"), "tags": ["a\nb", i], "nested": {"x": [], "y": {}}}))
            .collect();
        let whole = json!({
            "version": 1,
            "inputs": [{"path": "a.csv", "rows": 3}],
            "catalog": null,
            "roles": roles,
            "none": [],
            "warnings": ["one"],
        });
        let mut out = Vec::new();
        let mut o = Object::begin(&mut out).unwrap();
        o.field("version", &1).unwrap();
        o.field("inputs", &whole["inputs"]).unwrap();
        o.field("catalog", &whole["catalog"]).unwrap();
        o.array("roles", &roles, |r| r.clone()).unwrap();
        o.array("none", &[] as &[u8], |b| *b).unwrap();
        o.field("warnings", &whole["warnings"]).unwrap();
        o.end().unwrap();
        let expected = serde_json::to_vec_pretty(&whole).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }

    #[test]
    fn an_empty_object_is_braces() {
        let mut out = Vec::new();
        Object::begin(&mut out).unwrap().end().unwrap();
        assert_eq!(out, b"{}");
    }
}
