//! The wording of every warning, in one place.

use super::{format_number, percent};
use crate::error::quote_cell;
use crate::warning::{LiveGap, Warning};
use std::fmt;

/// Words a list of warnings.
pub fn words(warnings: &[Warning]) -> Vec<String> {
    warnings.iter().map(ToString::to_string).collect()
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|s| quote_cell(s))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The wording is kept by group, one function each, so that each stays short; this match
        // names every variant, so a new one cannot be left without words.
        match self {
            Warning::NotUtf8 { .. }
            | Warning::RepeatedHeader { .. }
            | Warning::RowSkipped { .. }
            | Warning::HeadcountDiffers { .. }
            | Warning::HoursPerTeam { .. }
            | Warning::SharesZero { .. }
            | Warning::SharesScaled { .. }
            | Warning::SplitByFrequency { .. }
            | Warning::SplitEqually { .. }
            | Warning::DuplicateTask { .. } => input_files(self, f),
            Warning::NoTicketDates
            | Warning::HandleTimesExcluded { .. }
            | Warning::UnmappedQueues { .. }
            | Warning::SubjectsClassified { .. }
            | Warning::NoHandleTimes { .. }
            | Warning::EstimatedHandleTimes { .. }
            | Warning::DoubleCounted { .. }
            | Warning::NoHeadcount { .. }
            | Warning::UnrecognisedCategories { .. } => tickets(self, f),
            Warning::NothingToReconcile { .. }
            | Warning::ImplausibleOccupancy { .. }
            | Warning::HoursNeedHandleTimes => reconciliation(self, f),
            Warning::ArrivalsUnread { .. }
            | Warning::NoChannelColumn
            | Warning::LiveQueueAsDeferred { .. }
            | Warning::SimulatedAsOnePerson { .. } => simulation(self, f),
            Warning::PhraseInTwoTraits { .. }
            | Warning::TraitWithoutPhrases { .. }
            | Warning::NoTraitOfKind { .. }
            | Warning::SkillTraitUnknown { .. }
            | Warning::SkillWithoutTrait { .. }
            | Warning::TargetOnOneLayer { .. } => taxonomy_and_catalog(self, f),
        }
    }
}

/// Warnings about joining tickets to the inventory, and about hours the exports cannot give.
fn reconciliation(warning: &Warning, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match warning {
        Warning::NothingToReconcile { role } => write!(
            f,
            "{}: no inventory task describes the work of its ticket queue; the ticket hours were added to its week",
            quote_cell(role)
        ),
        Warning::ImplausibleOccupancy { role, occupancy, ticket_hours, paid_hours } => write!(
            f,
            "{}: ticket hours are {} of the paid week ({} of {} hours a person), outside the plausible 20%-100%; check the period (--weeks), the headcount and the queue map",
            quote_cell(role),
            percent(*occupancy),
            format_number(*ticket_hours, 1),
            format_number(*paid_hours, 1)
        ),
        Warning::HoursNeedHandleTimes => write!(
            f,
            "the exports have no handle times: volumes, shares and automation are shown, hours and handle times are left empty (give --aht MINUTES for them)"
        ),
        _ => unreachable!("only reconciliation warnings are sent here"),
    }
}

/// Warnings of the staffing simulation.
fn simulation(warning: &Warning, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match warning {
        Warning::ArrivalsUnread { file, parquet } => write!(
            f,
            "{file}: {} not read again for arrival times; its tickets count as deferred work (give the export as a CSV file)",
            if *parquet { "Parquet is" } else { "standard input is" }
        ),
        Warning::NoChannelColumn => write!(
            f,
            "the ticket exports have no channel column: every queue counts as deferred work, none is staffed with Erlang (name it with --map channel=COLUMN)"
        ),
        Warning::LiveQueueAsDeferred { role, channel, why } => write!(
            f,
            "the live queue {} ({}) counts as deferred work: {}",
            quote_cell(role),
            quote_cell(channel),
            match why {
                LiveGap::NoDates => "its tickets have no readable created times",
                LiveGap::NoHandleTimes => "its tickets have no valid handle times",
                LiveGap::NoStaffing => "no agent count meets the service level at its load",
            }
        ),
        Warning::SimulatedAsOnePerson { roles } => write!(
            f,
            "no headcount for {}: each counts as one person in the staffing simulation",
            quoted(roles)
        ),
        _ => unreachable!("only simulation warnings are sent here"),
    }
}

/// Warnings about task inventories and the text of input files.
fn input_files(warning: &Warning, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match warning {
        Warning::NotUtf8 { file, line } => write!(
            f,
            "{file} is not valid UTF-8 (first at line {line}); read it as Windows-1252, the encoding Excel uses"
        ),
        Warning::RepeatedHeader { file, column, header } => write!(
            f,
            "{file}: column {column} repeats the header {}; it is ignored",
            quote_cell(header)
        ),
        Warning::RowSkipped { file, line, missing_role } => write!(
            f,
            "{file}:{line}: row skipped: {} is empty",
            if *missing_role { "the role" } else { "the task" }
        ),
        Warning::HeadcountDiffers { file, line, role, given, first } => write!(
            f,
            "{file}:{line}: headcount {given} for {} differs from {first} given earlier; the first is used",
            quote_cell(role)
        ),
        Warning::HoursPerTeam { role, total } => write!(
            f,
            "{} adds up to {total:.1} hours a week per person; hours should be per person, not per team",
            quote_cell(role)
        ),
        Warning::SharesZero { role } => write!(
            f,
            "the shares of {} add up to 0; its tasks are weighted equally",
            quote_cell(role)
        ),
        Warning::SharesScaled { role, total } => write!(
            f,
            "the shares of {} add up to {:.0}%, not 100%; they were scaled to 100%",
            quote_cell(role),
            total * 100.0
        ),
        Warning::SplitByFrequency { role, week_hours } => write!(
            f,
            "{} has no hours or shares; its {week_hours}-hour week was split by task frequency",
            quote_cell(role)
        ),
        Warning::SplitEqually { role, week_hours } => write!(
            f,
            "{} has no hours, shares or frequencies; its tasks share its {week_hours}-hour week equally",
            quote_cell(role)
        ),
        Warning::DuplicateTask { file, line, first_line, role } => write!(
            f,
            "{file}:{line}: the same task as line {first_line} in {}; both are counted",
            quote_cell(role)
        ),
        _ => unreachable!("Display for Warning sends only input-file warnings here"),
    }
}

/// Warnings about ticket exports and the workload made from them.
fn tickets(warning: &Warning, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match warning {
        Warning::NoTicketDates => write!(
            f,
            "the exports have no usable created or resolved dates: they are taken to cover one week (give --weeks)"
        ),
        Warning::HandleTimesExcluded { negative, over_24_hours, unreadable } => {
            let mut said = Vec::new();
            if *negative > 0 {
                said.push(format!("{negative} negative"));
            }
            if *over_24_hours > 0 {
                said.push(format!("{over_24_hours} over 24 hours"));
            }
            if *unreadable > 0 {
                said.push(format!("{unreadable} unreadable"));
            }
            write!(
                f,
                "handle times excluded from the averages: {} (those tickets still count in volume)",
                said.join(", ")
            )
        }
        Warning::UnmappedQueues { file, queues } => write!(
            f,
            "{file}: queues not in the queue map keep their own name as role: {}",
            quoted(queues)
        ),
        Warning::SubjectsClassified { file } => write!(
            f,
            "{file}: no category column; ticket subjects were classified instead (only the matched phrases are reported, never the subjects)"
        ),
        Warning::NoHandleTimes { minutes } => write!(
            f,
            "the exports have no handle times: every ticket is taken to take {minutes} minutes (--aht)"
        ),
        Warning::EstimatedHandleTimes { categories, minutes, from_flag } => write!(
            f,
            "{categories} ticket categories have no handle times; they use {} minutes ({})",
            format_number(*minutes, 1),
            if *from_flag { "--aht" } else { "the average of the others" }
        ),
        Warning::DoubleCounted { role, tasks } => write!(
            f,
            "{}: {} inventory task(s) may count the same work as the role's ticket workload (drop them or their hours): {}",
            quote_cell(role),
            tasks.len(),
            quoted(tasks)
        ),
        Warning::NoHeadcount { roles } => write!(
            f,
            "no headcount for {}: their ticket workload counts as one person's week (give the headcount in the inventory)",
            quoted(roles)
        ),
        Warning::UnrecognisedCategories { categories } => {
            // An export of thousands of categories would make this one line of thousands.
            const SHOWN: usize = 20;
            let mut items: Vec<String> = categories
                .iter()
                .take(SHOWN)
                .map(|c| {
                    format!(
                        "{} in {} ({} of tickets)",
                        quote_cell(&c.category),
                        quote_cell(&c.role),
                        percent(c.share)
                    )
                })
                .collect();
            if categories.len() > SHOWN {
                let rest = &categories[SHOWN..];
                let share: f64 = rest.iter().map(|c| c.share).sum();
                items.push(format!(
                    "and {} more ({} of tickets)",
                    rest.len(),
                    percent(share)
                ));
            }
            write!(
                f,
                "ticket categories that no trait recognises (counted as unclassified, not guessed): {}",
                items.join(", ")
            )
        }
        _ => unreachable!("Display for Warning sends only ticket warnings here"),
    }
}

/// Warnings about a taxonomy or catalog file.
fn taxonomy_and_catalog(warning: &Warning, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match warning {
        Warning::PhraseInTwoTraits { file, phrase, trait_id, other } => write!(
            f,
            "{file}: phrase {} of {trait_id} also stands in {other}; a match counts for both",
            quote_cell(phrase)
        ),
        Warning::TraitWithoutPhrases { file, trait_id } => write!(
            f,
            "{file}: trait {trait_id} has no phrases; only explicit columns can give it evidence"
        ),
        Warning::NoTraitOfKind { file, kind } => write!(
            f,
            "{file}: no {kind} trait; every task will lack that side of the evidence"
        ),
        Warning::SkillTraitUnknown { file, skill, trait_id, taxonomy } => write!(
            f,
            "{file}: skill {skill}: trait {} is not in taxonomy {taxonomy}; ignored",
            quote_cell(trait_id)
        ),
        Warning::SkillWithoutTrait { file, skill } => write!(
            f,
            "{file}: skill {skill} has no known trait; no role can show practice of it"
        ),
        Warning::TargetOnOneLayer { file, target } => write!(
            f,
            "{file}: target {target} has skills on one layer only; its gaps cannot span the skill stack"
        ),
        _ => unreachable!("Display for Warning sends only taxonomy and catalog warnings here"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::warning::CategoryShare;

    #[test]
    fn thousands_of_unrecognised_categories_are_named_twenty_and_counted() {
        let categories = (0..1000)
            .map(|i| CategoryShare {
                category: format!("Code {i}"),
                role: "Desk".into(),
                share: 0.001,
            })
            .collect();
        let text = words(&[Warning::UnrecognisedCategories { categories }]).join("");
        assert!(text.contains("\"Code 19\" in \"Desk\""), "{text}");
        assert!(!text.contains("\"Code 20\""), "{text}");
        assert!(text.ends_with("and 980 more (98% of tickets)"), "{text}");
    }
}
