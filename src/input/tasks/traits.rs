//! Explicit evidence in a task inventory: columns named after a trait of the active taxonomy
//! give that trait's score for each task, and an `automatable` column overrides the model.

use super::{Cells, KEYS};
use crate::error::{quote_cell, InputError};
use crate::input::columns::{self, Key};
use crate::input::values;

/// The trait columns: those whose header is a trait id of the active taxonomy, with that id.
pub(super) fn columns(headers: &[String], trait_ids: &[String]) -> Vec<(usize, String)> {
    headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let n = columns::normalise(h);
            trait_ids
                .iter()
                .find(|id| columns::normalise(id) == n)
                .map(|id| (i, id.clone()))
        })
        .collect()
}

/// The inventory's keys, but those a trait column is named after: that column is a trait's.
pub(super) fn keys_besides(trait_cols: &[(usize, String)]) -> Vec<Key> {
    KEYS.iter()
        .filter(|k| {
            !trait_cols
                .iter()
                .any(|(_, id)| columns::normalise(id) == columns::normalise(k.name))
        })
        .copied()
        .collect()
}

/// The row's trait scores, 0-1, for the trait columns whose cells are not missing.
pub(super) fn explicit(
    cells: &Cells,
    trait_cols: &[(usize, String)],
) -> Result<Vec<(String, f64)>, InputError> {
    let mut explicit = Vec::new();
    for (i, id) in trait_cols {
        let v = cells.at(*i);
        if values::is_missing(v) {
            continue;
        }
        let e = unit_value(v).ok_or_else(|| {
            cells
                .error(*i, format!("{} is not a trait score", quote_cell(v)))
                .hint("trait columns take 0-1, 1-5, a percentage, or yes/no")
        })?;
        explicit.push((id.clone(), e));
    }
    Ok(explicit)
}

/// The row's explicit automatability, 0-1, when the column is there and the cell is not
/// missing.
pub(super) fn automatable(cells: &Cells) -> Result<Option<f64>, InputError> {
    let Some((i, v)) = cells.get("automatable") else {
        return Ok(None);
    };
    if values::is_missing(v) {
        return Ok(None);
    }
    let share = values::parse_share(v).ok_or_else(|| {
        cells
            .error(
                i,
                format!("{} is not an automatability between 0 and 1", quote_cell(v)),
            )
            .hint("write 0-1 or a percentage such as 70%")
    })?;
    Ok(Some(share))
}

/// A trait score in any of the spellings the design allows, mapped to 0-1.
fn unit_value(v: &str) -> Option<f64> {
    if let Some(b) = values::parse_yes_no(v, &values::YES_NO) {
        return Some(if b { 1.0 } else { 0.0 });
    }
    let n = values::parse_number(v)?;
    let x = if n.percent || n.value > 5.0 {
        n.value / 100.0
    } else if n.value > 1.0 {
        (n.value - 1.0) / 4.0
    } else {
        n.value
    };
    (0.0..=1.0).contains(&x).then_some(x)
}
