//! Getting text out of a file or stdin: byte-order marks, UTF-8 with a Windows-1252 fallback
//! (what Excel writes), UTF-16 from "Unicode text" exports, and delimiter sniffing.

use crate::error::InputError;
use crate::warning::Warning;
use sha2::{Digest, Sha256};
use std::io::Read;

/// A whole input decoded to text, with its hash over the raw bytes.
#[derive(Debug, Clone)]
pub struct Source {
    /// How messages name it: the path as given, or `<stdin>`.
    pub name: String,
    pub text: String,
    pub sha256: String,
    pub blake3: String,
    pub warnings: Vec<Warning>,
}

/// Reads `path` (`-` is stdin) and decodes it.
pub fn read(path: &str) -> Result<Source, InputError> {
    let (name, bytes) = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| InputError::in_file("<stdin>", format!("cannot read: {e}")))?;
        ("<stdin>".to_string(), bytes)
    } else {
        let bytes = std::fs::read(path).map_err(|e| {
            let err = InputError::in_file(path, format!("cannot read: {}", io_reason(&e)));
            if e.kind() == std::io::ErrorKind::NotFound {
                err.hint("check the path; use - to read from standard input")
            } else {
                err
            }
        })?;
        (path.to_string(), bytes)
    };
    Ok(decode(name, &bytes))
}

/// The reason of an I/O error without the OS error number noise.
pub use crate::error::io_reason;

/// Decodes raw bytes and hashes them: a byte-order mark decides; otherwise UTF-8, falling back
/// to Windows-1252.
pub fn decode(name: String, bytes: &[u8]) -> Source {
    let (text, warnings) = decode_text(&name, bytes);
    Source {
        sha256: sha256(bytes),
        blake3: blake3(bytes),
        name,
        text,
        warnings,
    }
}

/// The text of raw bytes, as `decode` reads it, with the warning that it was not UTF-8; no
/// hashes (for the head of a ticket export, which is hashed whole as it is read).
pub fn decode_text(name: &str, bytes: &[u8]) -> (String, Vec<Warning>) {
    let mut warnings = Vec::new();
    let text = if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, _) = encoding.decode(&bytes[bom_len..]);
        text.into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(e) => {
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                warnings.push(Warning::NotUtf8 {
                    file: name.to_string(),
                    line: line as u64,
                });
                let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                text.into_owned()
            }
        }
    };
    (text, warnings)
}

/// An error when decoded text is a binary file rather than a table: a NUL character (no text
/// file has one; UTF-16 without a byte-order mark has one in every other byte), or control
/// characters in more than one in twenty of its first 8,000 characters. The message names the
/// file and line and says what the file seems to be; it never quotes the bytes.
pub fn ensure_text(name: &str, text: &str) -> Result<(), InputError> {
    let nul = text.find('\0');
    let head: Vec<char> = text.chars().take(8000).collect();
    let controls = head
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{1b}'))
        .count();
    let binary = controls >= 3 && controls * 20 >= head.len();
    if nul.is_none() && !binary {
        return Ok(());
    }
    let (message, hint) = if looks_utf16(text) {
        (
            "this is UTF-16 text without a byte-order mark".to_string(),
            "save it as CSV (UTF-8)",
        )
    } else if let Some((what, hint)) = binary_kind(text) {
        (format!("this is not a text table but {what}"), hint)
    } else if binary {
        (
            "this is not a text table but binary data".to_string(),
            "give a CSV or tab-separated text file (UTF-8 or Windows-1252)",
        )
    } else {
        let at = nul.unwrap_or(0);
        let line = text[..at].matches('\n').count() as u64 + 1;
        let err = InputError::in_file(name, "a NUL character, which no text file holds")
            .at_line(line)
            .hint("remove it, or export the file again as CSV (UTF-8)");
        return Err(err);
    };
    Err(InputError::in_file(name, message).hint(hint))
}

/// What a binary file's first bytes (decoded as Windows-1252) say it is, and what to do.
fn binary_kind(text: &str) -> Option<(&'static str, &'static str)> {
    const OTHER: &str = "give a CSV or tab-separated text file (UTF-8 or Windows-1252)";
    let kinds: [(&str, &str, &str); 6] = [
        (
            "\u{1f}\u{2039}",
            "gzip-compressed data",
            "decompress it first (gunzip)",
        ),
        (
            "PK\u{3}\u{4}",
            "a zip archive or an Excel workbook",
            "save the sheet as CSV (UTF-8)",
        ),
        ("%PDF", "a PDF document", OTHER),
        ("\u{2030}PNG", "an image", OTHER),
        ("\u{ff}\u{d8}\u{ff}", "an image", OTHER),
        (
            "PAR1",
            "a Parquet file, which only ticket exports may be",
            OTHER,
        ),
    ];
    kinds
        .iter()
        .find(|(magic, _, _)| text.starts_with(magic))
        .map(|(_, what, hint)| (*what, *hint))
}

/// True when every other character of the text's start is NUL.
fn looks_utf16(text: &str) -> bool {
    let head: Vec<char> = text.chars().take(64).collect();
    head.len() >= 8 && head.iter().skip(1).step_by(2).all(|c| *c == '\0')
}

/// The SHA-256 of a file's raw bytes, in lowercase hexadecimal: the hash reports name task files,
/// taxonomies and catalogs by (ticket exports with `--sha256`).
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The BLAKE3 hash of a file's raw bytes, in lowercase hexadecimal: given for every input, since
/// it costs a fraction of SHA-256 on the gigabytes of a ticket export.
pub fn blake3(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Bytes in lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Picks the delimiter from the header line: the most frequent of comma, semicolon and tab
/// outside quotes. A header with none of them is read as comma-separated (a single column).
pub fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut in_quotes = false;
    for b in header.bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            for (d, n) in counts.iter_mut() {
                if *d == b {
                    *n += 1;
                }
            }
        }
    }
    // Ties go to the earlier entry: comma, then semicolon, then tab.
    let mut best = counts[0];
    for c in &counts[1..] {
        if c.1 > best.1 {
            best = *c;
        }
    }
    best.0
}

/// The line on which a quoted field opens that never closes, if any (a truncated export).
///
/// Follows RFC 4180: a quote opens a field only at its start, `""` inside is an escaped quote,
/// and quotes inside unquoted fields are literal, as the csv crate reads them.
pub fn unterminated_quote(text: &str, delimiter: u8) -> Option<u64> {
    let bytes = text.as_bytes();
    let (mut line, mut opened_at) = (1u64, 0u64);
    let (mut in_quotes, mut field_start) = (false, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            } else if b == b'\n' {
                line += 1;
            }
        } else if b == b'"' && field_start {
            in_quotes = true;
            opened_at = line;
        } else if b == b'\n' {
            line += 1;
        }
        field_start = !in_quotes && (b == delimiter || b == b'\n' || (b == b'\r' && field_start));
        i += 1;
    }
    in_quotes.then_some(opened_at)
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_unterminated_quotes() {
        assert_eq!(unterminated_quote("a,b\n1,\"x\n2,3\n", b','), Some(2));
        assert_eq!(
            unterminated_quote("a,b\n1,\"x\"\"y\"\n2,3 5\" screen\n", b','),
            None
        );
        assert_eq!(unterminated_quote("a;b\r\n\"1\n2\";3\r\n", b';'), None);
    }

    use super::*;

    #[test]
    fn sniffs_semicolon_and_tab() {
        assert_eq!(sniff_delimiter("role;task;hours\nA;b;1"), b';');
        assert_eq!(sniff_delimiter("role\ttask\thours"), b'\t');
        assert_eq!(sniff_delimiter("\"a;b\",c,d"), b',');
        assert_eq!(sniff_delimiter("role"), b',');
    }

    #[test]
    fn utf8_bom_is_skipped_and_1252_falls_back() {
        let s = decode("x".into(), b"\xEF\xBB\xBFrole,task");
        assert_eq!(s.text, "role,task");
        assert!(s.warnings.is_empty());
        let s = decode("x".into(), b"role,caf\xE9");
        assert_eq!(s.text, "role,café");
        assert_eq!(s.warnings.len(), 1);
    }
}
