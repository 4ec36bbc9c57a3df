//! Charts as data. A view puts a [`Chart`] among its blocks; the HTML writer draws it as inline
//! SVG (`svg.rs`), and every other writer shows its figures as a table, so no format loses them.

use super::{percent, Cell, Grid};
use crate::score::Class;

/// One chart of a view.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Per role, sorted: the week's hours by class as shares, with exposure and its range.
    Exposure(ExposureChart),
    /// Per ticket category: volume coloured by class, with the modelled automatability beside
    /// the share that bots resolved.
    Tickets(TicketChart),
}

/// Roles as stacked bars (automate / augment / retain) with the exposure range as a whisker.
#[derive(Debug, Clone, PartialEq)]
pub struct ExposureChart {
    pub title: String,
    pub bars: Vec<ExposureBar>,
    /// Roles not drawn (the chart keeps the most and the least exposed of a long list).
    pub omitted: usize,
}

/// One role: shares of its week (summing to 1) and its exposure with the range.
#[derive(Debug, Clone, PartialEq)]
pub struct ExposureBar {
    pub label: String,
    pub automate: f64,
    pub augment: f64,
    pub retain: f64,
    pub exposure: f64,
    pub low: f64,
    pub high: f64,
}

/// Ticket categories by volume.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketChart {
    pub title: String,
    pub bars: Vec<TicketBar>,
    /// Categories not drawn (the smallest of a long list).
    pub omitted: usize,
}

/// One ticket category of one queue.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketBar {
    pub label: String,
    pub tickets: f64,
    /// The class of the category; `None` when no trait recognised it.
    pub class: Option<Class>,
    /// The model's automatability of the category.
    pub modelled: Option<f64>,
    /// The share of its tickets that automation resolved, where the export says.
    pub observed: Option<f64>,
}

impl Chart {
    pub fn title(&self) -> &str {
        match self {
            Chart::Exposure(c) => &c.title,
            Chart::Tickets(c) => &c.title,
        }
    }

    /// What is left out of the drawing, in words; empty when everything is drawn.
    pub fn omitted_text(&self) -> String {
        match self {
            Chart::Exposure(c) if c.omitted > 0 => format!(
                "{} roles between the most and the least exposed are not drawn; the table of roles lists them all.",
                c.omitted
            ),
            Chart::Tickets(c) if c.omitted > 0 => format!(
                "{} smaller categories are not drawn; `exposure tickets` lists them all.",
                c.omitted
            ),
            _ => String::new(),
        }
    }

    /// The chart's figures as a table, for the writers that do not draw.
    pub fn grid(&self) -> Grid {
        match self {
            Chart::Exposure(c) => Grid {
                header: vec!["Role", "Automate", "Augment", "Retain", "Exposure", "Range"],
                rows: c
                    .bars
                    .iter()
                    .map(|b| {
                        vec![
                            Cell::text(&b.label),
                            Cell::text(percent(b.automate)),
                            Cell::text(percent(b.augment)),
                            Cell::text(percent(b.retain)),
                            Cell::text(percent(b.exposure)),
                            Cell::text(format!("{}–{}", percent(b.low), percent(b.high))),
                        ]
                    })
                    .collect(),
            },
            Chart::Tickets(c) => Grid {
                header: vec!["Category", "Tickets", "Class", "Modelled", "Bots resolved"],
                rows: c
                    .bars
                    .iter()
                    .map(|b| {
                        let pct = |x: Option<f64>| x.map(percent).unwrap_or_else(|| "–".into());
                        vec![
                            Cell::text(&b.label),
                            Cell::Number(b.tickets, 0),
                            b.class
                                .map(Cell::Class)
                                .unwrap_or_else(|| Cell::text("unrecognised")),
                            Cell::text(pct(b.modelled)),
                            Cell::text(pct(b.observed)),
                        ]
                    })
                    .collect(),
            },
        }
    }
}
