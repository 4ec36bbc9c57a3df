//! Charts drawn as inline SVG for the HTML page. Readable without colour: each class has a
//! palette colour (Okabe-Ito) of its own lightness and a pattern (automate hatched, augment
//! dotted, retain solid), segments carry their share as a label, and the legend names each.
//! No `xmlns` attribute (inline SVG in HTML needs none) and no reference outside the page.

use super::chart::{Chart, ExposureChart, TicketChart};
use super::html::esc;
use super::percent;
use crate::score::Class;
use std::fmt::Write as _;

const WIDTH: f64 = 960.0;
const LABEL_END: f64 = 250.0;
const BAR_START: f64 = 260.0;
const BAR_WIDTH: f64 = 540.0;
const ROW: f64 = 26.0;
const TOP: f64 = 64.0;

/// Appends chart number `n` (ids in the page stay unique) to `s`.
pub fn chart(c: &Chart, n: usize, s: &mut String) {
    match c {
        Chart::Exposure(c) => exposure(c, n, s),
        Chart::Tickets(c) => tickets(c, n, s),
    }
}

fn open(title: &str, height: f64, n: usize, s: &mut String) {
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" \
aria-label=\"{}\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif\" font-size=\"12\">\n\
<title>{}</title>\n<defs>\n\
<pattern id=\"p{n}a\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
<rect width=\"6\" height=\"6\" fill=\"#D55E00\"/><rect width=\"2\" height=\"6\" fill=\"#ffffff\"/></pattern>\n\
<pattern id=\"p{n}g\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">\
<rect width=\"6\" height=\"6\" fill=\"#56B4E9\"/><circle cx=\"3\" cy=\"3\" r=\"1.3\" fill=\"#1b1b1b\"/></pattern>\n\
<pattern id=\"p{n}u\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">\
<rect width=\"6\" height=\"6\" fill=\"#e4e4e4\"/><path d=\"M0 0L6 6M6 0L0 6\" stroke=\"#777777\" stroke-width=\"0.8\"/></pattern>\n\
</defs>\n",
        esc(title),
        esc(title)
    );
}

/// The fill of a class: hatched vermillion, dotted sky blue, solid blue; unrecognised crossed grey.
fn fill(class: Option<Class>, n: usize) -> String {
    match class {
        Some(Class::Automate) => format!("url(#p{n}a)"),
        Some(Class::Augment) => format!("url(#p{n}g)"),
        Some(Class::Retain) => "#0072B2".to_string(),
        None => format!("url(#p{n}u)"),
    }
}

/// Text with a white halo, readable on any fill and in greyscale.
fn label(x: f64, y: f64, anchor: &str, bold: bool, text: &str, s: &mut String) {
    let _ = writeln!(
        s,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\"{} stroke=\"#ffffff\" stroke-width=\"3\" \
paint-order=\"stroke\" fill=\"#1b1b1b\">{}</text>",
        if bold { " font-weight=\"600\"" } else { "" },
        esc(text)
    );
}

fn swatch(x: f64, y: f64, fill: &str, text: &str, s: &mut String) {
    let _ = writeln!(
        s,
        "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"22\" height=\"12\" fill=\"{fill}\" stroke=\"#1b1b1b\" stroke-width=\"0.5\"/>"
    );
    label(x + 28.0, y + 10.0, "start", false, text, s);
}

fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

/// Stacked bars of the week's hours by class, with the exposure as a dot and its range as a
/// whisker in a lane under each bar, on one 0-100% axis.
fn exposure(c: &ExposureChart, n: usize, s: &mut String) {
    let height = TOP + ROW * c.bars.len() as f64 + 10.0;
    open(&c.title, height, n, s);
    legend(
        &["automate", "augment", "retain (share of the week's hours)"],
        n,
        s,
    );
    whisker(BAR_START + 8.0, BAR_START + 40.0, BAR_START + 24.0, 30.0, s);
    label(
        BAR_START + 50.0,
        34.0,
        "start",
        false,
        "exposure and its range",
        s,
    );
    axis(TOP - 8.0, height - 6.0, s);
    let x = |share: f64| BAR_START + BAR_WIDTH * share.clamp(0.0, 1.0);
    for (i, b) in c.bars.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        label(LABEL_END, y + 14.0, "end", false, &short(&b.label, 36), s);
        let mut start = 0.0;
        for (share, class) in [
            (b.automate, Class::Automate),
            (b.augment, Class::Augment),
            (b.retain, Class::Retain),
        ] {
            let w = BAR_WIDTH * share.clamp(0.0, 1.0);
            if w > 0.0 {
                let _ = writeln!(
                    s,
                    "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"13\" fill=\"{}\"/>",
                    x(start),
                    fill(Some(class), n)
                );
                if w >= 36.0 {
                    label(
                        x(start) + w / 2.0,
                        y + 11.0,
                        "middle",
                        false,
                        &percent(share),
                        s,
                    );
                }
            }
            start += share;
        }
        whisker(x(b.low), x(b.high), x(b.exposure), y + 19.0, s);
        let range = format!(
            "{} ({}–{})",
            percent(b.exposure),
            percent(b.low),
            percent(b.high)
        );
        label(
            BAR_START + BAR_WIDTH + 10.0,
            y + 14.0,
            "start",
            true,
            &range,
            s,
        );
    }
    s.push_str("</svg>\n");
}

/// The three classes' swatches, named.
fn legend(names: &[&str; 3], n: usize, s: &mut String) {
    let classes = [Class::Automate, Class::Augment, Class::Retain];
    for (i, (class, name)) in classes.iter().zip(names).enumerate() {
        swatch(
            BAR_START + 120.0 * i as f64,
            6.0,
            &fill(Some(*class), n),
            name,
            s,
        );
    }
}

/// Gridlines at 0, 25, 50, 75 and 100%.
fn axis(top: f64, bottom: f64, s: &mut String) {
    for k in 0..=4 {
        let share = k as f64 / 4.0;
        let x = BAR_START + BAR_WIDTH * share;
        let _ = writeln!(
            s,
            "<line x1=\"{x:.1}\" y1=\"{top:.1}\" x2=\"{x:.1}\" y2=\"{bottom:.1}\" stroke=\"#bbbbbb\" stroke-width=\"0.6\"/>"
        );
        label(x, top - 2.0, "middle", false, &percent(share), s);
    }
}

fn whisker(low: f64, high: f64, at: f64, y: f64, s: &mut String) {
    let _ = writeln!(
        s,
        "<path d=\"M{low:.1} {:.1}V{:.1}M{low:.1} {y:.1}H{high:.1}M{high:.1} {:.1}V{:.1}\" stroke=\"#1b1b1b\" stroke-width=\"1.4\" fill=\"none\"/>\
<circle cx=\"{at:.1}\" cy=\"{y:.1}\" r=\"3.6\" fill=\"#1b1b1b\" stroke=\"#ffffff\" stroke-width=\"1\"/>",
        y - 4.0,
        y + 4.0,
        y - 4.0,
        y + 4.0
    );
}

/// Ticket volume per category as bars filled by class, then the modelled automatability and
/// the share bots resolved, side by side as small bars with their figures.
fn tickets(c: &TicketChart, n: usize, s: &mut String) {
    const VOLUME: f64 = 300.0;
    const MODEL_X: f64 = 640.0;
    const BOTS_X: f64 = 810.0;
    let height = TOP + ROW * c.bars.len() as f64 + 10.0;
    open(&c.title, height, n, s);
    swatch(
        BAR_START,
        6.0,
        &fill(Some(Class::Automate), n),
        "automate",
        s,
    );
    swatch(
        BAR_START + 110.0,
        6.0,
        &fill(Some(Class::Augment), n),
        "augment",
        s,
    );
    swatch(
        BAR_START + 220.0,
        6.0,
        &fill(Some(Class::Retain), n),
        "retain",
        s,
    );
    swatch(BAR_START + 310.0, 6.0, &fill(None, n), "not recognised", s);
    label(BAR_START, TOP - 12.0, "start", true, "Tickets", s);
    label(MODEL_X, TOP - 12.0, "start", true, "Modelled", s);
    label(BOTS_X, TOP - 12.0, "start", true, "Resolved by bots", s);
    let max = c
        .bars
        .iter()
        .map(|b| b.tickets)
        .fold(0.0, f64::max)
        .max(1.0);
    for (i, b) in c.bars.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        label(LABEL_END, y + 13.0, "end", false, &short(&b.label, 36), s);
        let w = (VOLUME * b.tickets / max).max(1.0);
        let _ = writeln!(
            s,
            "<rect x=\"{BAR_START:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"16\" fill=\"{}\" stroke=\"#1b1b1b\" stroke-width=\"0.4\"/>",
            fill(b.class, n)
        );
        label(
            BAR_START + w + 6.0,
            y + 13.0,
            "start",
            false,
            &super::format_number(b.tickets, 0),
            s,
        );
        meter(MODEL_X, y, b.modelled, "#555555", s);
        meter(BOTS_X, y, b.observed, "#1b1b1b", s);
    }
    s.push_str("</svg>\n");
}

/// A share as a small bar on a 0-100% track with its figure; a dash when unknown.
fn meter(x: f64, y: f64, share: Option<f64>, colour: &str, s: &mut String) {
    let _ = writeln!(
        s,
        "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"80\" height=\"8\" fill=\"#ffffff\" stroke=\"#999999\" stroke-width=\"0.6\"/>",
        y + 5.0
    );
    if let Some(v) = share {
        let _ = writeln!(
            s,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"8\" fill=\"{colour}\"/>",
            y + 5.0,
            80.0 * v.clamp(0.0, 1.0)
        );
    }
    let text = share.map(percent).unwrap_or_else(|| "–".into());
    label(x + 88.0, y + 13.0, "start", false, &text, s);
}
