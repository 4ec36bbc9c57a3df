//! Errors a user can act on: where the problem is (file, line, column), what was expected, and a
//! hint when a fix is known. Anything that is an [`InputError`] exits with code 2.

use std::fmt;

/// What kind of problem an [`InputError`] is, for callers that handle one kind (code never
/// decides by message text).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ErrorKind {
    /// Content that cannot be read: a cell, a row, a file's format.
    #[default]
    Input,
    /// A flag or argument that cannot be used.
    Usage,
    /// A column the input needs is missing; the key it was looked up by.
    MissingColumn(String),
    /// The operating system refused to read or write a path.
    Io,
}

/// A problem with what the user gave us: a file, a flag, a cell. Exit code 2.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub kind: ErrorKind,
    /// Display name of the file (`<stdin>` for `-`), if the problem is in a file.
    pub file: Option<String>,
    /// 1-based line number.
    pub line: Option<u64>,
    /// 1-based column number and the column's header, if known.
    pub column: Option<(usize, String)>,
    pub message: String,
    pub hint: Option<String>,
}

impl InputError {
    /// A problem that is not tied to a place in a file (a flag, a missing file).
    pub fn new(message: impl Into<String>) -> Self {
        InputError {
            kind: ErrorKind::Input,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn in_file(file: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            file: Some(file.into()),
            ..InputError::new(message)
        }
    }

    /// The operating system refused `action` ("read", "write") on `path`: the path and the
    /// system's reason.
    pub fn io(path: impl fmt::Display, action: &str, e: &std::io::Error) -> Self {
        InputError::new(format!("cannot {action} {path}: {}", io_reason(e)))
            .with_kind(ErrorKind::Io)
    }

    pub fn with_kind(mut self, kind: ErrorKind) -> Self {
        self.kind = kind;
        self
    }

    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at_column(mut self, index: usize, header: impl Into<String>) -> Self {
        self.column = Some((index, header.into()));
        self
    }

    /// A column number without a header name (TOML files).
    pub fn at_column_number(mut self, index: usize) -> Self {
        self.column = Some((index, String::new()));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some((col, _)) = &self.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some((_, header)) = self.column.as_ref().filter(|(_, h)| !h.is_empty()) {
            write!(f, " (column \"{}\")", sanitize(header))?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// The operating system's reason for an I/O error, without Rust's "(os error N)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "is a directory, not a file".to_string(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// Replaces what must not reach a terminal as it is: tabs and line breaks become spaces, and
/// every other control character, bidirectional override or isolate, and invisible format
/// character becomes a visible `U+FFFD` (�), so a crafted cell can neither move the cursor,
/// change colours, nor reorder the text around it. The one function every terminal path uses:
/// tables, warnings, errors and the interactive prompts.
pub fn sanitize(text: &str) -> String {
    text.chars().map(visible).collect()
}

/// One character as it may be shown on a terminal.
fn visible(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => ' ',
        c if c.is_control() || is_hidden_format(c) => '\u{FFFD}',
        c => c,
    }
}

/// Bidirectional embeddings, overrides, isolates and marks, and invisible characters that can
/// disguise text (zero-width space, word joiner, byte-order mark, interlinear annotation).
fn is_hidden_format(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// Sanitised text cut to at most `max` characters (an ellipsis marks the cut). The work is
/// bounded by `max`, not by the length of the text, so a 50 MB cell costs what a short one does.
pub fn shorten(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(max.min(text.len()) + 3);
    let mut chars = text.chars();
    for c in chars.by_ref().take(max) {
        out.push(visible(c));
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// Shortens user data quoted in messages so one bad cell cannot flood the screen.
pub fn quote_cell(text: &str) -> String {
    format!("\"{}\"", shorten(text, 40))
}

/// A number as a message quotes it: as written up to a billion, in scientific notation beyond
/// (`1e308` rather than 309 digits).
pub fn quote_number(x: f64) -> String {
    if x.abs() < 1e9 {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_replaced_visibly() {
        assert_eq!(
            sanitize("a\u{202E}b\x1b[31mc\u{2066}d"),
            "a\u{FFFD}b\u{FFFD}[31mc\u{FFFD}d"
        );
        assert_eq!(sanitize("two\tcells\nlines"), "two cells lines");
        assert_eq!(sanitize("Zoë 東京"), "Zoë 東京");
    }

    #[test]
    fn shorten_cuts_long_text_and_marks_the_cut() {
        assert_eq!(shorten("abcdef", 3), "abc…");
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(quote_cell(&"x".repeat(50_000_000)).chars().count(), 43);
    }
}
