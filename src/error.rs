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

/// Replaces control characters in user data before it is echoed to a terminal, so a crafted
/// cell cannot move the cursor or change colours.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Shortens user data quoted in messages so one bad cell cannot flood the screen.
pub fn quote_cell(text: &str) -> String {
    const MAX: usize = 40;
    let clean = sanitize(text);
    if clean.chars().count() > MAX {
        let cut: String = clean.chars().take(MAX).collect();
        format!("\"{cut}…\"")
    } else {
        format!("\"{clean}\"")
    }
}
