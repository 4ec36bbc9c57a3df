//! What a task inventory says about a role apart from its tasks: its department, its code and
//! its headcount, each taken from the first row that gives it.

use super::Cells;
use crate::error::{quote_cell, InputError};
use crate::input::{values, RoleInfo};
use crate::warning::Warning;
use std::collections::HashMap;

/// The roles met so far, in order of first appearance.
#[derive(Default)]
pub(super) struct Roles {
    list: Vec<RoleInfo>,
    index: HashMap<String, usize>,
}

impl Roles {
    /// Notes a row of `role`: the role is added when it is new, and its department, code and
    /// headcount are taken from this row when no earlier row gave them. A headcount that
    /// differs from an earlier one is a warning; one that is not a number is an error.
    pub(super) fn update(
        &mut self,
        role: &str,
        cells: &Cells,
        warnings: &mut Vec<Warning>,
    ) -> Result<(), InputError> {
        let i = *self.index.entry(role.to_string()).or_insert_with(|| {
            self.list.push(RoleInfo {
                role: role.to_string(),
                ..RoleInfo::default()
            });
            self.list.len() - 1
        });
        let info = &mut self.list[i];
        if info.department.is_none() {
            info.department = cells.text("department").map(str::to_string);
        }
        if info.code.is_none() {
            info.code = cells.text("code").map(str::to_string);
        }
        if let Some(n) = headcount(cells)? {
            match info.headcount {
                None => info.headcount = Some(n),
                Some(h) if (h - n).abs() > 1e-9 => warnings.push(Warning::HeadcountDiffers {
                    file: cells.fields.file.to_string(),
                    line: cells.line,
                    role: info.role.clone(),
                    given: n,
                    first: h,
                }),
                Some(_) => {}
            }
        }
        Ok(())
    }

    pub(super) fn into_list(self) -> Vec<RoleInfo> {
        self.list
    }
}

/// The row's headcount: people or FTEs, never negative and never a percentage.
fn headcount(cells: &Cells) -> Result<Option<f64>, InputError> {
    let (Some((c, _)), Some(v)) = (cells.get("headcount"), cells.text("headcount")) else {
        return Ok(None);
    };
    cells.unambiguous(c, v)?;
    let n = values::parse_number(v)
        .filter(|n| n.value >= 0.0 && !n.percent)
        .ok_or_else(|| {
            cells
                .error(c, format!("{} is not a headcount", quote_cell(v)))
                .hint("write the number of people in the role, such as 12 or 3.5 FTE")
        })?;
    Ok(Some(n.value))
}
