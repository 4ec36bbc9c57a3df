//! Matching a file's headers to the keys the tool needs: case-insensitive, ignoring spaces,
//! `_ - . /` and units in brackets, against synonyms; `--map KEY=COLUMN` overrides.

use super::suggest;
use crate::error::{quote_cell, ErrorKind, InputError};
use crate::warning::Warning;

/// One thing the tool looks for in a file's header, and the names it goes by.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    /// Said in messages: what the column holds.
    pub what: &'static str,
    /// Normalised synonyms, best first (the key's own name is always tried first).
    pub synonyms: &'static [&'static str],
}

/// Lowercases, drops bracketed units and everything but letters, digits and `%`.
pub fn normalise(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() || c == '%' => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    if out.is_empty() {
        // A header that is only a unit, such as "(h)", keeps its letters.
        header
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '%')
            .flat_map(char::to_lowercase)
            .collect()
    } else {
        out
    }
}

/// Parses `--map KEY=COLUMN` values.
pub fn parse_map(raw: &[String]) -> Result<Vec<(String, String)>, InputError> {
    raw.iter()
        .map(|m| match m.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => {
                Ok((k.trim().to_string(), v.trim().to_string()))
            }
            _ => Err(
                InputError::new(format!("--map {} is not KEY=COLUMN", quote_cell(m)))
                    .hint("for example --map task=\"Activity description\""),
            ),
        })
        .collect()
}

/// Which column (0-based) holds each key that was found.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap {
    found: Vec<(&'static str, usize)>,
}

impl ColumnMap {
    pub fn get(&self, key: &str) -> Option<usize> {
        self.found.iter().find(|(k, _)| *k == key).map(|(_, i)| *i)
    }

    /// Gives `to` the column of `from` (dropping what `to` had); returns the column `to` had.
    pub fn promote(&mut self, from: &str, to: &'static str) -> Option<usize> {
        let i = self.get(from)?;
        let before = self.get(to);
        self.found.retain(|(k, _)| *k != to && *k != from);
        self.found.push((to, i));
        before
    }

    pub fn used(&self) -> impl Iterator<Item = usize> + '_ {
        self.found.iter().map(|(_, i)| *i)
    }
}

/// Resolves `keys` against `headers`. `required` keys that are missing are an error that lists
/// the columns found, the closest match, and the `--map` hint.
pub fn resolve(
    file: &str,
    headers: &[String],
    keys: &[Key],
    required: &[&str],
    overrides: &[(String, String)],
    warnings: &mut Vec<Warning>,
) -> Result<ColumnMap, InputError> {
    let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let mut map = ColumnMap::default();
    // Overrides first: a column the user named is not up for matching by synonym.
    apply_overrides(file, headers, &normalised, keys, overrides, &mut map)?;
    match_synonyms(file, &normalised, keys, &mut map)?;
    if let Some(name) = required.iter().find(|name| map.get(name).is_none()) {
        return Err(missing_column(file, headers, keys, name, &map));
    }
    warn_repeated_headers(file, headers, &normalised, &map, warnings);
    Ok(map)
}

/// Applies `--map KEY=COLUMN`: the column is found by its exact name, then by its normalised
/// one; a column that is not there is an error that lists the columns and the closest one.
fn apply_overrides(
    file: &str,
    headers: &[String],
    normalised: &[String],
    keys: &[Key],
    overrides: &[(String, String)],
    map: &mut ColumnMap,
) -> Result<(), InputError> {
    for (key, column) in overrides {
        let Some(k) = keys.iter().find(|k| normalise(k.name) == normalise(key)) else {
            // The override may belong to another input read in the same run.
            continue;
        };
        let wanted = normalise(column);
        let idx = headers
            .iter()
            .position(|h| h == column)
            .or_else(|| normalised.iter().position(|h| *h == wanted));
        match idx {
            Some(i) => map.found.push((k.name, i)),
            None => {
                return Err(InputError::in_file(
                    file,
                    format!(
                        "--map {}={}: there is no such column",
                        k.name,
                        quote_cell(column)
                    ),
                )
                .at_line(1)
                .hint(format!(
                    "the columns are {}{}",
                    list(headers),
                    closest(column, headers)
                        .map(|c| format!("; did you mean {}?", quote_cell(c)))
                        .unwrap_or_default()
                )))
            }
        }
    }
    Ok(())
}

/// Finds each key not overridden by its name, then its synonyms in order, among the columns
/// not yet taken. Two columns that fit the same name are an error rather than a guess.
fn match_synonyms(
    file: &str,
    normalised: &[String],
    keys: &[Key],
    map: &mut ColumnMap,
) -> Result<(), InputError> {
    for key in keys {
        if map.get(key.name).is_some() {
            continue;
        }
        let names =
            std::iter::once(normalise(key.name)).chain(key.synonyms.iter().map(|s| s.to_string()));
        'names: for name in names {
            let hits: Vec<usize> = (0..normalised.len())
                .filter(|&i| normalised[i] == name && !map.used().any(|u| u == i))
                .collect();
            match hits.as_slice() {
                [] => continue,
                [i] => {
                    map.found.push((key.name, *i));
                    break 'names;
                }
                [first, second, ..] => {
                    return Err(InputError::in_file(
                        file,
                        format!(
                            "columns {} and {} both look like {} ({})",
                            first + 1,
                            second + 1,
                            key.name,
                            key.what
                        ),
                    )
                    .at_line(1)
                    .hint(format!(
                        "rename one, or choose with --map {}=COLUMN",
                        key.name
                    )))
                }
            }
        }
    }
    Ok(())
}

/// The error for a required key with no column: it lists the columns found and, among the
/// columns not taken, the closest one with the `--map` that would use it.
fn missing_column(
    file: &str,
    headers: &[String],
    keys: &[Key],
    name: &str,
    map: &ColumnMap,
) -> InputError {
    let key = keys
        .iter()
        .find(|k| k.name == name)
        .copied()
        .unwrap_or(Key {
            name: "",
            what: "",
            synonyms: &[],
        });
    let unused: Vec<&String> = headers
        .iter()
        .enumerate()
        .filter(|(i, _)| !map.used().any(|u| u == *i))
        .map(|(_, h)| h)
        .collect();
    let close = closest_to_key(&key, &unused);
    let mut hint = format!("name the column with --map {}=COLUMN", key.name);
    let odd = ['|', ':', '^', '~'];
    if let [only] = headers {
        if let Some(d) = only.chars().find(|c| odd.contains(c)) {
            hint = format!(
                "the header is one column that holds '{d}': the file seems to be separated by '{d}'; save it with commas, semicolons or tabs"
            );
        }
    }
    if let Some(c) = close.filter(|_| headers.len() > 1) {
        hint = format!(
            "if {} holds {}, run again with --map {}={}",
            quote_cell(c),
            key.what,
            key.name,
            shell_word(c)
        );
    }
    InputError::in_file(
        file,
        format!(
            "no column for \"{}\" ({}); the columns found are {}{}",
            key.name,
            key.what,
            list(headers),
            close
                .map(|c| format!("; the closest is {}", quote_cell(c)))
                .unwrap_or_default()
        ),
    )
    .at_line(1)
    .hint(hint)
    .with_kind(ErrorKind::MissingColumn(key.name.to_string()))
}

/// Warns of a column whose header repeats an earlier one and that no key took: it is ignored,
/// which the user should know rather than wonder why its values are missing.
fn warn_repeated_headers(
    file: &str,
    headers: &[String],
    normalised: &[String],
    map: &ColumnMap,
    warnings: &mut Vec<Warning>,
) {
    let mut seen: Vec<&str> = Vec::new();
    for (i, n) in normalised.iter().enumerate() {
        if n.is_empty() {
            continue;
        }
        if seen.contains(&n.as_str()) && !map.used().any(|u| u == i) {
            warnings.push(Warning::RepeatedHeader {
                file: file.to_string(),
                column: i + 1,
                header: headers[i].to_string(),
            });
        }
        seen.push(n);
    }
}

/// The headers as a message quotes them: the first 20, then how many more.
pub fn list(headers: &[String]) -> String {
    const SHOWN: usize = 20;
    if headers.is_empty() {
        return "none".to_string();
    }
    let mut out = headers
        .iter()
        .take(SHOWN)
        .map(|h| quote_cell(h))
        .collect::<Vec<_>>()
        .join(", ");
    if headers.len() > SHOWN {
        out.push_str(&format!(" and {} more", headers.len() - SHOWN));
    }
    out
}

fn shell_word(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('"', "\\\""))
    }
}

/// The header most like any of the key's names, if it is like enough to suggest.
fn closest_to_key<'a>(key: &Key, headers: &[&'a String]) -> Option<&'a String> {
    let names: Vec<String> = std::iter::once(normalise(key.name))
        .chain(key.synonyms.iter().map(|s| s.to_string()))
        .collect();
    let mut best: Option<(f64, &String)> = None;
    for h in headers {
        let n = normalise(h);
        if n.is_empty() {
            continue;
        }
        for name in &names {
            // A header that contains a synonym ("task description text") is a strong candidate.
            let contains = n.contains(name.as_str()) || (n.len() >= 4 && name.contains(&n));
            let score = suggest::similarity(&n, name) + if contains { 0.2 } else { 0.0 };
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, h));
            }
        }
    }
    best.filter(|(s, _)| *s >= 0.75).map(|(_, h)| h)
}

/// The header most like a `--map` column that is not there, if it is like enough to suggest.
fn closest<'a>(wanted: &str, headers: &'a [String]) -> Option<&'a String> {
    // Reversed: of equally close headers the last is named, as it always was.
    let headers = headers.iter().rev().map(|h| (normalise(h), h));
    suggest::closest(&normalise(wanted), headers, 1)
        .into_iter()
        .find(|(_, score)| *score >= 0.7)
        .map(|(h, _)| h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_units_and_punctuation() {
        assert_eq!(normalise("Hours / Week"), "hoursweek");
        assert_eq!(normalise("Time (h)"), "time");
        assert_eq!(normalise("% time"), "%time");
        assert_eq!(normalise("Job_Title"), "jobtitle");
        assert_eq!(normalise("(h)"), "h");
    }
}
