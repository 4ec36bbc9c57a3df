//! One self-contained HTML page: a document's blocks with inline CSS and inline SVG charts, no
//! script and no external reference, so it opens anywhere offline and prints on A4 with its tables
//! and charts unbroken. Every text is escaped.

use super::{svg, Block, Cell, Document, Grid};
use crate::error::sanitize;
use crate::score::{Band, Class};
use anyhow::Result;
use std::io::Write;

/// The page's style: a colour-vision-safe palette (Okabe-Ito: vermillion, sky blue, blue) that
/// the charts pair with patterns and labels, and print rules for A4.
const CSS: &str = "\
:root{--automate:#D55E00;--augment:#56B4E9;--retain:#0072B2;--ink:#1b1b1b;--muted:#555;--rule:#c8c8c8}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:#fff;color:var(--ink);font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif}
main{max-width:62rem;margin:0 auto;padding:2rem 1.5rem 3rem}
h1{font-size:1.9rem;margin:0 0 .4rem}
h2{font-size:1.4rem;margin:2.4rem 0 .7rem;padding-bottom:.2rem;border-bottom:2px solid var(--ink)}
h3{font-size:1.15rem;margin:1.8rem 0 .4rem}
h4{font-size:1rem;margin:1.1rem 0 .3rem}
p{margin:.4rem 0 .7rem;max-width:48rem}
ul{margin:.3rem 0 .8rem;padding-left:1.4rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.1rem;font-size:.84rem}
th,td{border:1px solid var(--rule);padding:.25rem .45rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:#efefef}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.c-automate,td.b-high{border-left:5px solid var(--automate)}
td.c-augment,td.b-medium{border-left:5px dotted var(--augment)}
td.c-retain,td.b-low{border-left:5px double var(--retain)}
figure{margin:1rem 0 1.4rem}
figcaption{font-weight:600;margin-bottom:.3rem}
figure p{color:var(--muted);font-size:.85rem}
svg{display:block;max-width:100%;height:auto}
.note{color:var(--muted);font-size:.9rem}
.warnings li{margin-bottom:.3rem}
@page{size:A4;margin:14mm 12mm}
@media print{
body{font-size:9.5pt}
main{max-width:none;padding:0}
svg{width:100%}
h2{break-before:auto}
h2,h3,h4,figcaption{break-after:avoid}
table,figure,svg,tr,li{break-inside:avoid}
thead{display:table-header-group}
}
";

/// Writes `doc` as a page: its title, its blocks, then its warnings.
pub fn write(doc: &Document, out: &mut dyn Write) -> Result<()> {
    let title = doc.title.as_deref().unwrap_or("exposure");
    let mut s = String::with_capacity(64 * 1024);
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    s.push_str(&format!("<title>{}</title>\n", esc(title)));
    s.push_str(&format!(
        "<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n"
    ));
    if doc.title.is_some() {
        s.push_str(&format!("<h1>{}</h1>\n", esc(title)));
    }
    let mut charts = 0;
    for block in doc.blocks() {
        block_html(block, &mut charts, &mut s);
        // Write in pieces, so a report of thousands of roles never sits whole in memory twice.
        if s.len() > 256 * 1024 {
            out.write_all(s.as_bytes())?;
            s.clear();
        }
    }
    warnings_html(&doc.warnings, &mut s);
    s.push_str("</main>\n</body>\n</html>\n");
    out.write_all(s.as_bytes())?;
    Ok(())
}

fn block_html(block: &Block, charts: &mut usize, s: &mut String) {
    match block {
        // Level 1 is a part of the report, 2 a role or a topic in it, 3 a part of that.
        Block::Heading(level, text) => {
            let h = (level + 1).clamp(2, 4);
            s.push_str(&format!("<h{h}>{}</h{h}>\n", esc(text)));
        }
        Block::Paragraph(text) => s.push_str(&format!("<p>{}</p>\n", lines(text))),
        Block::Summary(text) => s.push_str(&format!("<p class=\"note\">{}</p>\n", lines(text))),
        Block::Lines(items) | Block::Bullets(items) => {
            s.push_str("<ul>\n");
            for item in items {
                s.push_str(&format!("<li>{}</li>\n", lines(item)));
            }
            s.push_str("</ul>\n");
        }
        Block::Table(grid) => table(grid, s),
        Block::Chart(chart) => {
            *charts += 1;
            s.push_str(&format!(
                "<figure>\n<figcaption>{}</figcaption>\n",
                esc(chart.title())
            ));
            svg::chart(chart, *charts, s);
            let omitted = chart.omitted_text();
            if !omitted.is_empty() {
                s.push_str(&format!("<p>{}</p>\n", esc(&omitted)));
            }
            s.push_str("</figure>\n");
        }
        Block::Gap => {}
    }
}

fn table(grid: &Grid, s: &mut String) {
    s.push_str("<table>\n<thead><tr>");
    for h in &grid.header {
        s.push_str(&format!("<th>{}</th>", esc(h)));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for row in &grid.rows {
        s.push_str("<tr>");
        for cell in row {
            let class = match cell {
                Cell::Number(..) => " class=\"num\"",
                Cell::Class(c) => class_attr(*c),
                Cell::Band(b) => band_attr(*b),
                _ => "",
            };
            s.push_str(&format!("<td{class}>{}</td>", lines(&cell.render())));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
}

fn class_attr(c: Class) -> &'static str {
    match c {
        Class::Automate => " class=\"c-automate\"",
        Class::Augment => " class=\"c-augment\"",
        Class::Retain => " class=\"c-retain\"",
    }
}

fn band_attr(b: Band) -> &'static str {
    match b {
        Band::High => " class=\"b-high\"",
        Band::Medium => " class=\"b-medium\"",
        Band::Low => " class=\"b-low\"",
    }
}

fn warnings_html(warnings: &[String], s: &mut String) {
    s.push_str("<h2>Warnings</h2>\n");
    if warnings.is_empty() {
        s.push_str("<p>None: every input was read as it stands.</p>\n");
        return;
    }
    s.push_str("<ul class=\"warnings\">\n");
    for w in warnings {
        s.push_str(&format!("<li>{}</li>\n", esc(w)));
    }
    s.push_str("</ul>\n");
}

/// Text with its line breaks kept as `<br>`.
fn lines(text: &str) -> String {
    text.split('\n').map(esc).collect::<Vec<_>>().join("<br>")
}

/// Text safe in an element or a quoted attribute: control characters become spaces, and the
/// five characters HTML gives a meaning become references.
pub fn esc(text: &str) -> String {
    let clean = sanitize(text);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\"\u{7}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\u{FFFD}"
        );
        // A bidi override is shown, not obeyed, as on the terminal.
        assert_eq!(esc("a\u{202E}b"), "a\u{FFFD}b");
        assert_eq!(lines("a<b\nc"), "a&lt;b<br>c");
    }
}
