//! Server-side PDF rendering of invoices and sales orders.
//!
//! The caller hands over a [`PrintDocument`] whose strings are already
//! translated and formatted; this module only lays them out on A4 pages and
//! writes the PDF with `krilla`. DejaVu Sans is embedded (subset) so that
//! Romanian, Spanish and the euro sign print the same on every viewer.
//!
//! Layout happens in two passes: first every page is turned into a list of
//! positioned drawing operations, then the operations are written. Only after
//! the first pass is the page count known, which the "n/N" footers need.

use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

static REGULAR_FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD_FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// A document laid out for print: every text already translated and formatted.
#[derive(Debug, Clone, Default)]
pub struct PrintDocument {
    /// "Invoice INV/2026/00012" — the big heading.
    pub title: String,
    /// The seller: name first (bold), then address lines, VAT number, email.
    pub seller: Vec<String>,
    /// Heading over the customer block, e.g. "Bill to".
    pub customer_heading: String,
    /// The customer: name first (bold), then address lines.
    pub customer: Vec<String>,
    /// Label/value pairs shown under the title: dates, state, currency.
    pub facts: Vec<(String, String)>,
    /// Column headings: description, quantity, unit price, discount, tax, amount.
    pub columns: [String; 6],
    /// One row per line, same order as `columns`; numbers right-aligned (all but the first column).
    pub lines: Vec<[String; 6]>,
    /// Label/value rows under the lines, right side: untaxed, each tax, total.
    pub totals: Vec<(String, String)>,
    /// Heading over the payments received (shown only when `payments` is not empty).
    pub payments_heading: String,
    /// Label/value rows: ("5 November 2026 · bank transfer", "1.000,00 RON").
    pub payments: Vec<(String, String)>,
    /// The amount still due, emphasised (bold, larger), when there is one.
    pub amount_due: Option<(String, String)>,
    /// Free text printed after the totals (terms, notes), wrapped.
    pub note: Option<String>,
    /// Footer text at the bottom of every page, e.g. "INV/2026/00012"; the renderer appends " · n/N" page numbers.
    pub footer: String,
}

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The bundled font files are unreadable: a build problem, not bad input.
    #[error("the bundled PDF font could not be read")]
    Font,
    /// krilla refused to write the document.
    #[error("the PDF could not be written: {0}")]
    Render(String),
}

/// A4 portrait PDF bytes.
pub fn render(document: &PrintDocument) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let pages = lay_out(&fonts, document);
    write_pdf(&fonts, document, &pages)
}

// ---------------------------------------------------------------------------
// Page geometry and type styles. Units are PDF points (1/72 inch); krilla's
// origin is the top-left corner with y growing downwards.

const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 18.0 * 72.0 / 25.4;
const CONTENT_LEFT: f32 = MARGIN;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const CONTENT_RIGHT: f32 = CONTENT_LEFT + CONTENT_WIDTH;
const CONTENT_TOP: f32 = MARGIN;
/// The footer sits inside the bottom margin, so body text may run to the margin.
const CONTENT_BOTTOM: f32 = PAGE_HEIGHT - MARGIN;
const FOOTER_BASELINE: f32 = PAGE_HEIGHT - MARGIN / 2.0;

/// Space between two table or label/value columns.
const GUTTER: f32 = 10.0;
/// Line box height as a multiple of the font size.
const LINE_SPACING: f32 = 1.3;
/// Vertical padding above the text of each table row.
const ROW_PADDING: f32 = 3.0;
/// A heading cell wraps to at most this many lines; the running header is
/// repeated on every page, so it must never be able to fill one.
const MAX_HEADING_LINES: usize = 3;

const INK: u8 = 0x1f;
const MUTED: u8 = 0x5f;
const STRONG_RULE: u8 = 0x40;
const FAINT_RULE: u8 = 0xd8;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    bold: bool,
    size: f32,
    gray: u8,
}

const fn regular(size: f32, gray: u8) -> Style {
    Style {
        bold: false,
        size,
        gray,
    }
}

const fn bold(size: f32, gray: u8) -> Style {
    Style {
        bold: true,
        size,
        gray,
    }
}

const TITLE: Style = bold(17.0, INK);
const NAME: Style = bold(10.0, INK);
const BODY: Style = regular(9.0, INK);
const DETAIL: Style = regular(8.5, MUTED);
/// Same size as DETAIL, so a muted label and its value share one line height.
const FACT: Style = regular(8.5, INK);
const HEADING: Style = bold(8.0, MUTED);
const TABLE_HEADING: Style = bold(8.5, INK);
const TOTAL: Style = bold(10.0, INK);
const DUE: Style = bold(12.0, INK);
const FOOTER: Style = regular(7.5, MUTED);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
}

// ---------------------------------------------------------------------------
// Fonts: krilla embeds and subsets them, skrifa measures them. Drawing uses
// the very glyphs and advances that were measured, so wrapped and
// right-aligned text lands exactly where the layout expects it.

struct Face {
    pdf: Font,
    charmap: skrifa::charmap::Charmap<'static>,
    advances: GlyphMetrics<'static>,
    units_per_em: f32,
    /// Ascender and descender as fractions of the font size (both positive).
    ascent: f32,
    descent: f32,
}

impl Face {
    fn load(data: &'static [u8]) -> Result<Self, PdfError> {
        let font = FontRef::new(data).map_err(|_| PdfError::Font)?;
        let metrics = font.metrics(Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(metrics.units_per_em.max(1));
        Ok(Face {
            pdf: Font::new(data.into(), 0).ok_or(PdfError::Font)?,
            charmap: font.charmap(),
            advances: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
            ascent: metrics.ascent / units_per_em,
            descent: metrics.descent.abs() / units_per_em,
        })
    }

    /// Characters the font lacks fall back to its .notdef box rather than
    /// vanishing, so a reader can tell something is missing.
    fn glyph(&self, c: char) -> (GlyphId, f32) {
        let id = self.charmap.map(c).unwrap_or(skrifa::GlyphId::NOTDEF);
        let advance = self.advances.advance_width(id).unwrap_or(0.0) / self.units_per_em;
        (GlyphId::new(id.to_u32()), advance)
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// One glyph per character, each tied to its bytes in `text` so that
    /// copying and searching the PDF gives back the original string.
    fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .map(|(start, c)| {
                let (id, advance) = self.glyph(c);
                KrillaGlyph::new(
                    id,
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    start..start + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }
}

struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    fn load() -> Result<Self, PdfError> {
        Ok(Fonts {
            regular: Face::load(REGULAR_FONT)?,
            bold: Face::load(BOLD_FONT)?,
        })
    }

    fn face(&self, style: Style) -> &Face {
        if style.bold {
            &self.bold
        } else {
            &self.regular
        }
    }

    fn width(&self, text: &str, style: Style) -> f32 {
        self.face(style).width(text, style.size)
    }

    fn line_height(&self, style: Style) -> f32 {
        style.size * LINE_SPACING
    }

    /// Centres the glyphs' ascender-to-descender box in the line box.
    fn baseline_offset(&self, style: Style) -> f32 {
        let face = self.face(style);
        let glyph_box = (face.ascent + face.descent) * style.size;
        (self.line_height(style) - glyph_box) / 2.0 + face.ascent * style.size
    }
}

// ---------------------------------------------------------------------------
// Line breaking.

/// Control characters (tabs, carriage returns, stray NULs) would print as
/// .notdef boxes; treating them as spaces is what a reader expects.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// No-break spaces group digits in many locales ("1 234,56 €"): never break there.
fn is_break(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// Breaks `text` into lines no wider than `max_width`. Explicit newlines
/// start a new line; a word wider than the column is cut between characters
/// rather than overflowing. Always returns at least one (possibly empty) line
/// so that an empty cell still occupies a row.
fn wrap(fonts: &Fonts, text: &str, style: Style, max_width: f32) -> Vec<String> {
    let text = clean(text);
    let mut lines = Vec::new();
    for paragraph in text.trim_end().split('\n') {
        wrap_paragraph(fonts, paragraph, style, max_width, &mut lines);
    }
    lines
}

fn wrap_paragraph(
    fonts: &Fonts,
    paragraph: &str,
    style: Style,
    max_width: f32,
    out: &mut Vec<String>,
) {
    let space = fonts.width(" ", style);
    let mut line = String::new();
    let mut line_width = 0.0;
    for word in paragraph.split(is_break).filter(|word| !word.is_empty()) {
        let word_width = fonts.width(word, style);
        if !line.is_empty() {
            if line_width + space + word_width <= max_width {
                line.push(' ');
                line.push_str(word);
                line_width += space + word_width;
                continue;
            }
            out.push(std::mem::take(&mut line));
        }
        if word_width <= max_width {
            line = word.to_owned();
            line_width = word_width;
        } else {
            let mut pieces = break_word(fonts.face(style), word, style.size, max_width);
            // The last piece stays open so the next word may join it.
            if let Some((last, last_width)) = pieces.pop() {
                out.extend(pieces.into_iter().map(|(piece, _)| piece));
                line = last;
                line_width = last_width;
            }
        }
    }
    out.push(line);
}

/// Cuts a word into pieces that each fit, keeping at least one character per
/// piece so that even a column narrower than a glyph makes progress.
/// Zero-width combining marks never start a piece, so they stay on their letter.
fn break_word(face: &Face, word: &str, size: f32, max_width: f32) -> Vec<(String, f32)> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut width = 0.0;
    for c in word.chars() {
        let advance = face.glyph(c).1 * size;
        if !piece.is_empty() && width + advance > max_width {
            pieces.push((std::mem::take(&mut piece), width));
            width = 0.0;
        }
        piece.push(c);
        width += advance;
    }
    if !piece.is_empty() {
        pieces.push((piece, width));
    }
    pieces
}

/// Like [`wrap`], but cut to `max_lines`, the last one ending in "…".
fn wrap_limited(
    fonts: &Fonts,
    text: &str,
    style: Style,
    max_width: f32,
    max_lines: usize,
) -> Vec<String> {
    let mut lines = wrap(fonts, text, style, max_width);
    if lines.len() > max_lines {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            *last = ellipsize(fonts, last, style, max_width);
        }
    }
    lines
}

/// Cuts `text` to fit `max_width` with a trailing "…", in one pass: it runs
/// once per page on footers that may be arbitrarily long.
fn ellipsize(fonts: &Fonts, text: &str, style: Style, max_width: f32) -> String {
    let ellipsis = "…";
    let room = max_width - fonts.width(ellipsis, style);
    let face = fonts.face(style);
    let mut width = 0.0;
    let mut end = 0;
    for (index, c) in text.char_indices() {
        width += face.glyph(c).1 * style.size;
        if width > room {
            break;
        }
        end = index + c.len_utf8();
    }
    format!("{}{ellipsis}", text[..end].trim_end())
}

// ---------------------------------------------------------------------------
// The display list a layout pass produces for each page.

#[derive(Debug, Clone)]
enum Op {
    Text {
        x: f32,
        baseline: f32,
        style: Style,
        text: String,
    },
    Rule {
        x: f32,
        y: f32,
        width: f32,
        thickness: f32,
        gray: u8,
    },
}

/// One visual line of text inside a column.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    style: Style,
    align: Align,
    /// Extra space above the line; dropped when the line opens a page.
    gap_before: f32,
}

/// A vertical run of lines at a fixed horizontal position.
#[derive(Debug, Clone)]
struct Column {
    x: f32,
    width: f32,
    lines: Vec<Line>,
    pending_gap: f32,
}

impl Column {
    fn new(x: f32, width: f32) -> Self {
        Column {
            x,
            width: width.max(1.0),
            lines: Vec::new(),
            pending_gap: 0.0,
        }
    }

    fn gap(&mut self, gap: f32) {
        self.pending_gap += gap;
    }

    fn push_lines(&mut self, lines: Vec<String>, style: Style, align: Align) {
        for text in lines {
            let gap_before = std::mem::take(&mut self.pending_gap);
            self.lines.push(Line {
                text,
                style,
                align,
                gap_before,
            });
        }
    }

    fn text(&mut self, fonts: &Fonts, text: &str, style: Style, align: Align) {
        let lines = wrap(fonts, text, style, self.width);
        self.push_lines(lines, style, align);
    }

    /// Each line's top and bottom relative to the column's top.
    fn extents(&self, fonts: &Fonts) -> Vec<(f32, f32)> {
        let mut bottom = 0.0;
        self.lines
            .iter()
            .map(|line| {
                let top = bottom + line.gap_before;
                bottom = top + fonts.line_height(line.style);
                (top, bottom)
            })
            .collect()
    }

    fn height(&self, fonts: &Fonts) -> f32 {
        self.extents(fonts)
            .last()
            .map_or(0.0, |&(_, bottom)| bottom)
    }
}

/// Pads two wrapped cells to the same number of lines so the rows after
/// them start level in both columns.
fn level(mut left: Vec<String>, mut right: Vec<String>) -> (Vec<String>, Vec<String>) {
    let rows = left.len().max(right.len());
    left.resize(rows, String::new());
    right.resize(rows, String::new());
    (left, right)
}

/// Places columns on pages, starting a new page whenever the next line would
/// cross the bottom margin.
struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Op>>,
    y: f32,
    /// True while the current page holds nothing but its running header.
    fresh: bool,
    /// The table header, repeated at the top of pages while the table runs.
    running_header: Option<Vec<Column>>,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts) -> Self {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: CONTENT_TOP,
            fresh: true,
            running_header: None,
        }
    }

    fn remaining(&self) -> f32 {
        CONTENT_BOTTOM - self.y
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = CONTENT_TOP;
        if let Some(header) = self.running_header.clone() {
            self.table_header(&header);
        }
        self.fresh = true;
    }

    /// Moves to a new page unless `height` still fits on this one. A fresh
    /// page is never abandoned, or content taller than a page would loop.
    fn ensure(&mut self, height: f32) {
        if height > self.remaining() && !self.fresh {
            self.new_page();
        }
    }

    fn space(&mut self, gap: f32) {
        if !self.fresh {
            self.y = (self.y + gap).min(CONTENT_BOTTOM);
        }
    }

    fn rule(&mut self, x: f32, width: f32, thickness: f32, gray: u8) {
        self.push(Op::Rule {
            x,
            y: self.y,
            width,
            thickness,
            gray,
        });
    }

    fn emit_line(&mut self, column: &Column, line: &Line, top: f32) {
        if line.text.is_empty() {
            return;
        }
        let x = match line.align {
            Align::Left => column.x,
            Align::Right => column.x + column.width - self.fonts.width(&line.text, line.style),
        };
        let baseline = top + self.fonts.baseline_offset(line.style);
        self.push(Op::Text {
            x,
            baseline,
            style: line.style,
            text: line.text.clone(),
        });
    }

    /// Places side-by-side columns from the current position. With
    /// `keep_together`, a block that fits on an empty page is moved there
    /// whole instead of being split; anything taller is split line by line,
    /// each column continuing at the top of the next page.
    fn place(&mut self, columns: &[Column], keep_together: bool) {
        let fonts = self.fonts;
        let extents: Vec<Vec<(f32, f32)>> = columns.iter().map(|c| c.extents(fonts)).collect();
        let height = columns.iter().map(|c| c.height(fonts)).fold(0.0, f32::max);
        if keep_together && height <= CONTENT_BOTTOM - CONTENT_TOP {
            self.ensure(height);
        }
        let mut next = vec![0usize; columns.len()];
        // Offset, within each column, of the part that starts on this page.
        let mut origin = vec![0.0f32; columns.len()];
        loop {
            let top = self.y;
            let room = self.remaining();
            let mut used: f32 = 0.0;
            for (index, column) in columns.iter().enumerate() {
                let mut placed_here = false;
                while let (Some(line), Some(&(line_top, line_bottom))) = (
                    column.lines.get(next[index]),
                    extents[index].get(next[index]),
                ) {
                    let bottom = line_bottom - origin[index];
                    // The first line on an empty page always goes in, so nothing can loop forever.
                    let forced = self.fresh && !placed_here;
                    if bottom > room && !forced {
                        break;
                    }
                    self.emit_line(column, line, top + line_top - origin[index]);
                    used = used.max(bottom);
                    placed_here = true;
                    next[index] += 1;
                }
            }
            if used > 0.0 {
                self.fresh = false;
            }
            let unfinished: Vec<usize> = (0..columns.len())
                .filter(|&i| next[i] < columns[i].lines.len())
                .collect();
            if unfinished.is_empty() {
                self.y = top + used;
                return;
            }
            self.new_page();
            for index in unfinished {
                if let Some(&(line_top, _)) = extents[index].get(next[index]) {
                    origin[index] = line_top;
                }
            }
        }
    }

    fn table_header(&mut self, header: &[Column]) {
        let top = self.y;
        let mut height: f32 = 0.0;
        for column in header {
            let extents = column.extents(self.fonts);
            for (line, &(line_top, line_bottom)) in column.lines.iter().zip(&extents) {
                self.emit_line(column, line, top + line_top);
                height = height.max(line_bottom);
            }
        }
        self.y = top + height + 2.0;
        self.rule(CONTENT_LEFT, CONTENT_WIDTH, 0.8, STRONG_RULE);
        self.y += 1.0;
    }
}

// ---------------------------------------------------------------------------
// The document's sections, top to bottom.

fn lay_out(fonts: &Fonts, document: &PrintDocument) -> Vec<Vec<Op>> {
    let mut layout = Layout::new(fonts);
    seller_and_title(&mut layout, document);
    layout.space(22.0);
    customer_and_facts(&mut layout, document);
    layout.space(20.0);
    lines_table(&mut layout, document);
    layout.space(10.0);
    let summary = Summary::new(fonts, document);
    totals(&mut layout, document, summary);
    payments(&mut layout, document, summary);
    amount_due(&mut layout, document, summary);
    note(&mut layout, document);
    layout.pages
}

const HALF: f32 = (CONTENT_WIDTH - GUTTER) / 2.0;
const RIGHT_HALF_LEFT: f32 = CONTENT_RIGHT - HALF;

/// A party block: name in bold, the rest in a quieter style.
fn party(fonts: &Fonts, column: &mut Column, lines: &[String]) {
    for (index, line) in lines.iter().enumerate() {
        let style = if index == 0 { NAME } else { DETAIL };
        column.text(fonts, line, style, Align::Left);
    }
}

fn seller_and_title(layout: &mut Layout, document: &PrintDocument) {
    let fonts = layout.fonts;
    let mut seller = Column::new(CONTENT_LEFT, HALF);
    party(fonts, &mut seller, &document.seller);
    let mut title = Column::new(RIGHT_HALF_LEFT, HALF);
    title.text(fonts, &document.title, TITLE, Align::Right);
    layout.place(&[seller, title], false);
}

fn customer_and_facts(layout: &mut Layout, document: &PrintDocument) {
    let fonts = layout.fonts;
    let mut customer = Column::new(CONTENT_LEFT, HALF);
    if !document.customer_heading.trim().is_empty() {
        customer.text(fonts, &document.customer_heading, HEADING, Align::Left);
        customer.gap(2.0);
    }
    party(fonts, &mut customer, &document.customer);

    // Labels get the width they need, up to half the block; values take the rest.
    let widest_label = document
        .facts
        .iter()
        .map(|(label, _)| fonts.width(label, DETAIL))
        .fold(0.0, f32::max);
    let label_width = widest_label.min((HALF - GUTTER) / 2.0);
    let mut labels = Column::new(RIGHT_HALF_LEFT, label_width);
    let mut values = Column::new(
        RIGHT_HALF_LEFT + label_width + GUTTER,
        HALF - label_width - GUTTER,
    );
    for (label, value) in &document.facts {
        let (label_lines, value_lines) = level(
            wrap(fonts, label, DETAIL, labels.width),
            wrap(fonts, value, FACT, values.width),
        );
        labels.push_lines(label_lines, DETAIL, Align::Left);
        values.push_lines(value_lines, FACT, Align::Right);
    }
    layout.place(&[customer, labels, values], false);
}

/// Column widths for the lines table: each number column is as wide as its
/// widest cell (capped), the description takes what is left, but never less
/// than a third of the page, so absurd numbers wrap instead of crowding it out.
fn table_widths(fonts: &Fonts, document: &PrintDocument) -> [f32; 6] {
    let mut widths = [0.0f32; 6];
    for (index, width) in widths.iter_mut().enumerate().skip(1) {
        let heading = fonts.width(&document.columns[index], TABLE_HEADING);
        let cells = document
            .lines
            .iter()
            .map(|row| fonts.width(&row[index], BODY))
            .fold(0.0, f32::max);
        *width = heading.max(cells).clamp(24.0, CONTENT_WIDTH * 0.2);
    }
    let gutters = GUTTER * 5.0;
    let numbers: f32 = widths[1..].iter().sum();
    let room = CONTENT_WIDTH - CONTENT_WIDTH / 3.0 - gutters;
    if numbers > room {
        for width in &mut widths[1..] {
            *width *= room / numbers;
        }
    }
    widths[0] = CONTENT_WIDTH - gutters - widths[1..].iter().sum::<f32>();
    widths
}

fn table_columns(widths: &[f32; 6]) -> Vec<Column> {
    let mut x = CONTENT_LEFT;
    widths
        .iter()
        .map(|&width| {
            let column = Column::new(x, width);
            x += width + GUTTER;
            column
        })
        .collect()
}

fn column_align(index: usize) -> Align {
    if index == 0 {
        Align::Left
    } else {
        Align::Right
    }
}

fn lines_table(layout: &mut Layout, document: &PrintDocument) {
    let fonts = layout.fonts;
    let widths = table_widths(fonts, document);
    let mut header = table_columns(&widths);
    for (index, column) in header.iter_mut().enumerate() {
        let lines = wrap_limited(
            fonts,
            &document.columns[index],
            TABLE_HEADING,
            column.width,
            MAX_HEADING_LINES,
        );
        column.push_lines(lines, TABLE_HEADING, column_align(index));
    }
    // Keep the header with at least one row of text below it.
    let header_height = header.iter().map(|c| c.height(fonts)).fold(0.0, f32::max);
    layout.ensure(header_height + 4.0 + fonts.line_height(BODY) + ROW_PADDING * 2.0);
    layout.table_header(&header);
    layout.running_header = Some(header);
    layout.fresh = false;

    for row in &document.lines {
        let mut cells = table_columns(&widths);
        for (index, cell) in cells.iter_mut().enumerate() {
            cell.gap(ROW_PADDING);
            cell.text(fonts, &row[index], BODY, column_align(index));
        }
        layout.place(&cells, true);
        layout.y += ROW_PADDING;
        layout.rule(CONTENT_LEFT, CONTENT_WIDTH, 0.4, FAINT_RULE);
    }
    layout.running_header = None;
}

/// The label/value block under the table, flush right. Values line up
/// under the Amount column. The block takes the right half of the page, or
/// more when a label such as "5 November 2026 · bank transfer" needs it.
#[derive(Debug, Clone, Copy)]
struct Summary {
    left: f32,
    label_width: f32,
    value_width: f32,
}

impl Summary {
    fn new(fonts: &Fonts, document: &PrintDocument) -> Self {
        // Measured in the boldest style each row may take: a few points too
        // generous for plain totals rows, never too tight for the grand total.
        let rows = document.totals.iter().map(|row| (row, TOTAL, TOTAL));
        let rows = rows.chain(document.payments.iter().map(|row| (row, DETAIL, FACT)));
        let rows = rows.chain(document.amount_due.iter().map(|row| (row, DUE, DUE)));
        let (mut label_width, mut value_width) = (0.0f32, 0.0f32);
        for ((label, value), label_style, value_style) in rows {
            label_width = label_width.max(fonts.width(label, label_style));
            value_width = value_width.max(fonts.width(value, value_style));
        }
        let value_width = value_width.clamp(HALF * 0.25, HALF * 0.6);
        let width = (label_width + GUTTER + value_width).clamp(HALF, CONTENT_WIDTH * 0.65);
        Summary {
            left: CONTENT_RIGHT - width,
            label_width: width - value_width - GUTTER,
            value_width,
        }
    }

    fn width(self) -> f32 {
        CONTENT_RIGHT - self.left
    }

    fn row(
        self,
        layout: &mut Layout,
        label: &str,
        value: &str,
        label_style: Style,
        value_style: Style,
    ) {
        let fonts = layout.fonts;
        let mut labels = Column::new(self.left, self.label_width);
        let mut values = Column::new(CONTENT_RIGHT - self.value_width, self.value_width);
        for column in [&mut labels, &mut values] {
            column.gap(2.0);
        }
        labels.text(fonts, label, label_style, Align::Left);
        values.text(fonts, value, value_style, Align::Right);
        layout.place(&[labels, values], true);
    }
}

/// A strong rule that stays on the same page as the row it introduces.
fn rule_before(layout: &mut Layout, summary: Summary, style: Style) {
    layout.ensure(layout.fonts.line_height(style) + 8.0);
    layout.y += 3.0;
    layout.rule(summary.left, summary.width(), 0.7, STRONG_RULE);
    layout.y += 1.0;
}

fn totals(layout: &mut Layout, document: &PrintDocument, summary: Summary) {
    let count = document.totals.len();
    for (index, (label, value)) in document.totals.iter().enumerate() {
        if index + 1 == count {
            if count > 1 {
                rule_before(layout, summary, TOTAL);
            }
            summary.row(layout, label, value, TOTAL, TOTAL);
        } else {
            summary.row(layout, label, value, BODY, BODY);
        }
    }
}

fn payments(layout: &mut Layout, document: &PrintDocument, summary: Summary) {
    if document.payments.is_empty() {
        return;
    }
    layout.space(14.0);
    let fonts = layout.fonts;
    let mut heading = Column::new(summary.left, summary.width());
    heading.text(fonts, &document.payments_heading, HEADING, Align::Left);
    // Keep the heading with the first payment.
    layout.ensure(heading.height(fonts) + fonts.line_height(BODY) + 2.0);
    layout.place(&[heading], true);
    for (label, value) in &document.payments {
        summary.row(layout, label, value, DETAIL, FACT);
    }
}

fn amount_due(layout: &mut Layout, document: &PrintDocument, summary: Summary) {
    if let Some((label, value)) = &document.amount_due {
        layout.space(6.0);
        rule_before(layout, summary, DUE);
        summary.row(layout, label, value, DUE, DUE);
    }
}

fn note(layout: &mut Layout, document: &PrintDocument) {
    let Some(text) = document
        .note
        .as_deref()
        .filter(|text| !text.trim().is_empty())
    else {
        return;
    };
    layout.space(24.0);
    let mut column = Column::new(CONTENT_LEFT, CONTENT_WIDTH);
    column.text(layout.fonts, text, DETAIL, Align::Left);
    layout.place(&[column], false);
}

/// "INV/2026/00012 · 2/3", the reference shortened if it would not fit on one line.
fn footer_op(fonts: &Fonts, footer: &str, page: usize, pages: usize) -> Op {
    let numbers = format!("{page}/{pages}");
    let reference = clean(footer)
        .split(is_break)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let text = if reference.is_empty() {
        numbers
    } else {
        let suffix = format!(" · {numbers}");
        let room = CONTENT_WIDTH - fonts.width(&suffix, FOOTER);
        let reference = if fonts.width(&reference, FOOTER) > room {
            ellipsize(fonts, &reference, FOOTER, room)
        } else {
            reference
        };
        reference + &suffix
    };
    let x = CONTENT_LEFT + (CONTENT_WIDTH - fonts.width(&text, FOOTER)) / 2.0;
    Op::Text {
        x,
        baseline: FOOTER_BASELINE,
        style: FOOTER,
        text,
    }
}

// ---------------------------------------------------------------------------
// Writing the PDF.

fn write_pdf(
    fonts: &Fonts,
    document: &PrintDocument,
    pages: &[Vec<Op>],
) -> Result<Vec<u8>, PdfError> {
    let mut pdf = Document::new();
    pdf.set_metadata(Metadata::new().title(clean(&document.title)));
    for (index, ops) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| PdfError::Render("invalid page size".to_owned()))?;
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, fonts, op);
        }
        draw(
            &mut surface,
            fonts,
            &footer_op(fonts, &document.footer, index + 1, pages.len()),
        );
        surface.finish();
        page.finish();
    }
    pdf.finish()
        .map_err(|error| PdfError::Render(error.to_string()))
}

fn fill(gray: u8) -> Fill {
    Fill {
        paint: luma::Color::new(gray).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn draw(surface: &mut Surface, fonts: &Fonts, op: &Op) {
    match op {
        Op::Text {
            x,
            baseline,
            style,
            text,
        } => {
            let face = fonts.face(*style);
            let glyphs = face.glyphs(text);
            surface.set_fill(Some(fill(style.gray)));
            surface.draw_glyphs(
                Point::from_xy(*x, *baseline),
                &glyphs,
                face.pdf.clone(),
                text,
                style.size,
                false,
            );
        }
        Op::Rule {
            x,
            y,
            width,
            thickness,
            gray,
        } => {
            // A filled rectangle rather than a stroked line: its edges do not
            // depend on the viewer's line cap handling.
            let Some(rect) = Rect::from_xywh(*x, *y - thickness / 2.0, *width, *thickness) else {
                return;
            };
            let mut builder = PathBuilder::new();
            builder.push_rect(rect);
            if let Some(path) = builder.finish() {
                surface.set_fill(Some(fill(*gray)));
                surface.draw_path(&path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::process::Command;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn s(text: &str) -> String {
        text.to_owned()
    }

    fn row(description: &str, amount: &str) -> [String; 6] {
        [
            s(description),
            s("1,00"),
            s(amount),
            s(""),
            s("TVA 19%"),
            s(amount),
        ]
    }

    fn invoice() -> PrintDocument {
        PrintDocument {
            title: s("Invoice INV/2026/00012"),
            seller: vec![
                s("Portico Demo SRL"),
                s("Strada Ștefan cel Mare 12"),
                s("VAT RO12345678"),
            ],
            customer_heading: s("Bill to"),
            customer: vec![
                s("Ștefan Țăran SRL"),
                s("Bulevardul Independenței 45, Iași"),
            ],
            facts: vec![
                (s("Invoice date"), s("5 November 2026")),
                (s("Currency"), s("EUR")),
            ],
            columns: [
                s("Description"),
                s("Quantity"),
                s("Unit price"),
                s("Discount"),
                s("Taxes"),
                s("Amount"),
            ],
            lines: vec![
                row("Consultanță și instalare", "800,00 €"),
                row("Diseño de señalética", "237,44 €"),
            ],
            totals: vec![
                (s("Untaxed amount"), s("1.037,44 €")),
                (s("Total"), s("1.234,56 €")),
            ],
            payments_heading: s("Payments received"),
            payments: vec![(s("5 November 2026 · bank transfer"), s("1.000,00 €"))],
            amount_due: Some((s("Amount due"), s("234,56 €"))),
            note: Some(s("Plata în 30 de zile. Gracias por su confianza.")),
            footer: s("INV/2026/00012"),
        }
    }

    /// A rendered PDF on disk for the poppler tools, removed when dropped.
    struct PdfFile(PathBuf);

    impl PdfFile {
        fn new(bytes: &[u8]) -> Self {
            static COUNTER: AtomicUsize = AtomicUsize::new(0);
            let name = format!(
                "portico-pdf-test-{}-{}.pdf",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            );
            let path = std::env::temp_dir().join(name);
            std::fs::write(&path, bytes).expect("write the PDF to the temp dir");
            PdfFile(path)
        }

        fn run(&self, tool: &str, args: &[&str]) -> String {
            let output = Command::new(tool)
                .args(args)
                .arg(&self.0)
                .args(if tool == "pdftotext" {
                    &["-"][..]
                } else {
                    &[][..]
                })
                .output()
                .unwrap_or_else(|error| {
                    panic!("{tool} did not run ({error}); install poppler-utils")
                });
            assert!(
                output.status.success(),
                "{tool} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            String::from_utf8(output.stdout).expect("poppler prints UTF-8")
        }

        fn text(&self) -> String {
            self.run("pdftotext", &["-enc", "UTF-8"])
        }

        fn pages(&self) -> usize {
            let info = self.run("pdfinfo", &[]);
            info.lines()
                .find_map(|line| line.strip_prefix("Pages:"))
                .and_then(|count| count.trim().parse().ok())
                .expect("pdfinfo reports the page count")
        }
    }

    impl Drop for PdfFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    fn rendered(document: &PrintDocument) -> PdfFile {
        let bytes = render(document).expect("the document renders");
        assert!(bytes.starts_with(b"%PDF-"));
        PdfFile::new(&bytes)
    }

    /// A word as `pdftotext -bbox` places it, in points from the top left.
    struct Word {
        text: String,
        left: f32,
        right: f32,
        top: f32,
        bottom: f32,
    }

    fn words(pdf: &PdfFile) -> Vec<Word> {
        let html = pdf.run("pdftotext", &["-bbox"]);
        let attribute = |word: &str, name: &str| -> f32 {
            let start = word.find(&format!("{name}=\"")).expect("bbox attribute") + name.len() + 2;
            let rest = &word[start..];
            rest[..rest.find('"').expect("closing quote")]
                .parse()
                .expect("a number")
        };
        html.split("<word ")
            .skip(1)
            .map(|word| Word {
                text: word
                    .split_once('>')
                    .and_then(|(_, rest)| rest.split_once("</word>"))
                    .map_or(String::new(), |(text, _)| text.to_owned()),
                left: attribute(word, "xMin"),
                right: attribute(word, "xMax"),
                top: attribute(word, "yMin"),
                bottom: attribute(word, "yMax"),
            })
            .collect()
    }

    /// Every word poppler finds lies inside the margins: nothing is clipped or
    /// pushed off the page, however long the text.
    fn assert_inside_margins(pdf: &PdfFile) {
        let words = words(pdf);
        assert!(!words.is_empty());
        for word in words {
            let text = &word.text;
            assert!(
                word.left >= MARGIN - 1.0 && word.right <= PAGE_WIDTH - MARGIN + 1.0,
                "outside the margins: {text:?} {}..{}",
                word.left,
                word.right
            );
            assert!(
                word.top >= 0.0 && word.bottom <= PAGE_HEIGHT,
                "off the page: {text:?}"
            );
        }
    }

    #[test]
    fn romanian_and_spanish_text_survives_in_embedded_fonts() {
        let pdf = rendered(&invoice());
        let text = pdf.text();
        for expected in [
            "Ștefan Țăran SRL",
            "Consultanță și instalare",
            "Diseño de señalética",
            "1.234,56 €",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from:\n{text}"
            );
        }
        assert!(text.contains("INV/2026/00012 · 1/1"));
        assert_eq!(pdf.pages(), 1);
        let fonts = pdf.run("pdffonts", &[]);
        let embedded = fonts
            .lines()
            .filter(|line| line.contains("DejaVuSans") && line.contains("yes yes yes"));
        assert_eq!(
            embedded.count(),
            2,
            "regular and bold embedded as subsets with ToUnicode:\n{fonts}"
        );
        assert_inside_margins(&pdf);
    }

    #[test]
    fn long_tables_continue_on_new_pages_with_the_header_repeated() {
        let mut document = invoice();
        document.lines = (1..=300)
            .map(|n| row(&format!("Articolul {n:03} șurub inox"), "1,00 €"))
            .collect();
        let pdf = rendered(&document);
        let pages = pdf.pages();
        assert!(pages > 1, "300 lines fit on {pages} page");
        let text = pdf.text();
        assert_eq!(
            text.matches('\u{c}').count(),
            pages,
            "pdftotext ends every page with a form feed"
        );
        for n in 1..=300 {
            let description = format!("Articolul {n:03} șurub inox");
            assert!(text.contains(&description), "{description:?} missing");
        }
        assert_eq!(
            text.matches("Description").count(),
            pages,
            "the table header opens every page"
        );
        for page in 1..=pages {
            assert!(text.contains(&format!("INV/2026/00012 · {page}/{pages}")));
        }
        assert_inside_margins(&pdf);
    }

    #[test]
    fn hostile_input_renders_without_panicking() {
        let word = "x".repeat(2000);
        let letters = "ȘțăÎâñé€".repeat(250);
        let odd = s("tab\there\r\nNUL\0bell\u{7} 😀 漢字 مرحبا s\u{326}e\u{301} \u{a0}\u{202f}");
        let mut document = PrintDocument {
            title: word.clone(),
            seller: vec![word.clone(), s(""), letters.clone(), odd.clone()],
            customer_heading: word.clone(),
            customer: vec![s(""), word.clone()],
            facts: vec![
                (word.clone(), letters.clone()),
                (s(""), s("")),
                (odd.clone(), s("\n\n\n")),
            ],
            columns: [
                word.clone(),
                word.clone(),
                s(""),
                letters.clone(),
                odd.clone(),
                word.clone(),
            ],
            lines: vec![
                [
                    word.clone(),
                    word.clone(),
                    letters.clone(),
                    s(""),
                    odd.clone(),
                    word.clone(),
                ],
                Default::default(),
                [s("y").repeat(500), s(""), s(""), s(""), s(""), s("")],
            ],
            totals: vec![(word.clone(), word.clone()), (s(""), s(""))],
            payments_heading: s(""),
            payments: vec![(letters.clone(), word.clone()), (s(""), s(""))],
            amount_due: Some((word.clone(), letters.clone())),
            note: Some(format!("{word}\n\n{letters} {odd}")),
            footer: word.clone(),
        };
        let pdf = rendered(&document);
        assert_inside_margins(&pdf);
        let squeezed: String = pdf.text().split_whitespace().collect();
        assert!(
            squeezed.contains(&"y".repeat(500)),
            "a word too long for its column is broken, not lost"
        );

        document.lines.clear();
        rendered(&document);
        rendered(&PrintDocument::default());
        rendered(&PrintDocument {
            lines: vec![Default::default(); 300],
            ..Default::default()
        });
    }

    #[test]
    fn wrapped_lines_fit_their_column_and_lose_no_characters() {
        let fonts = Fonts::load().expect("bundled fonts");
        let texts = [
            "",
            "   ",
            "Consultanță și instalare la sediul clientului",
            &"ș".repeat(300),
            "a\nb\n\nc",
        ];
        for text in texts {
            for max_width in [-5.0, 0.0, 3.0, 40.0, 300.0] {
                let lines = wrap(&fonts, text, BODY, max_width);
                assert!(!lines.is_empty());
                for line in &lines {
                    assert!(
                        fonts.width(line, BODY) <= max_width || line.chars().count() <= 1,
                        "{line:?} is wider than {max_width}"
                    );
                }
                let kept: String = lines.concat().split_whitespace().collect();
                let original: String = text.split_whitespace().collect();
                assert_eq!(kept, original);
            }
        }
    }
}
