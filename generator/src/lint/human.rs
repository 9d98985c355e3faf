//! The human format of a finding: a rustc-style code frame drawn by annotate-snippets (the crate
//! rustc, cargo and ruff use), so carets land at the right display column under wide characters
//! (CJK, emoji) and tabs, long lines are cut around the span, and secondary spans ("first defined
//! here") get their own label.
//!
//! Rendering is styled (ANSI colours) or plain; whether colour reaches the terminal is decided
//! where it is printed (`anstream`, from `--color`, `NO_COLOR` and whether stdout is a terminal).

use std::borrow::Cow;
use std::ops::Range;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, Related, Severity};

type Frame<'a> = Snippet<'a, Annotation<'a>>;

/// Lines wider than this are cut around the span (what rustc does at its default width).
const WIDTH: usize = 120;
/// Lines longer than this (in bytes) are cut to [`CONTEXT`] bytes either side of the span before
/// they are drawn.
const LONG_LINE: usize = 1024;
const CONTEXT: usize = 160;

/// One finding over `text` (the file it was found in, shown as `path`), with or without colour.
pub fn render(path: &str, text: &str, d: &Diagnostic, styled: bool) -> String {
    let d = &*consistent(text, d);
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii)
    .term_width(WIDTH);
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str()).id(d.rule);
    let mut group = Group::with_title(title);
    let mut window_column = None;
    if let Some((snippet, column)) = frame(path, text, d) {
        group = group.element(snippet);
        window_column = column;
    } else {
        let origin = Origin::path(path);
        group = group.element(if d.line > 0 {
            origin.line(d.line).char_column(d.column)
        } else {
            origin
        });
    }
    if !d.pointer.is_empty() {
        group = group.element(Level::NOTE.with_name("at").message(d.pointer.as_str()));
    }
    if !d.help.is_empty() {
        group = group.element(Level::HELP.message(d.help.as_str()));
    }
    let mut out = renderer.render(&[group]);
    if let Some(shown) = window_column {
        // The frame of a cut line counts columns from the cut: give the origin the true one.
        out = out.replacen(
            &format!("{path}:{}:{shown}", d.line),
            &format!("{path}:{}:{}", d.line, d.column),
            1,
        );
    }
    out.push('\n');
    out
}

/// The source lines from the first to the last span of `d`, with the spans relative to them.
/// A very long line (minified Flow JSON, base64 images) is first cut to a window around the
/// primary span, so drawing a finding never costs more than a screenful of text.
/// `d` with spans that fit `text`: a span that is out of range or splits a character, or an
/// empty one that is not at `line:column` (a finding made by hand, without a span), is replaced
/// by the empty span at `line:column`; related places that do not fit are left out.
fn consistent<'a>(text: &str, d: &'a Diagnostic) -> Cow<'a, Diagnostic> {
    let fits = |r: &Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    let primary_ok = fits(&d.span)
        && (!d.span.is_empty() || offset_of(text, d.line, d.column) == Some(d.span.start));
    let related_ok = d.related.iter().all(|r| fits(&r.span));
    if primary_ok && related_ok {
        return Cow::Borrowed(d);
    }
    let mut fixed = d.clone();
    if !primary_ok {
        let at = offset_of(text, d.line, d.column).unwrap_or(text.len());
        fixed.span = at..at;
        fixed.end_column = fixed.column;
    }
    fixed.related.retain(|r| fits(&r.span));
    Cow::Owned(fixed)
}

/// Byte offset of 1-based `line:column` (columns in characters), if the text has it.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = if line <= 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', text.as_bytes()).nth(line - 2)? + 1
    };
    let rest = &text[start..];
    let line_len = rest.find('\n').unwrap_or(rest.len());
    let mut chars = rest[..line_len]
        .char_indices()
        .map(|(i, _)| i)
        .chain([line_len]);
    chars.nth(column.checked_sub(1)?).map(|i| start + i)
}

/// The second value is set when the line was cut: the column the frame's origin then shows.
fn frame<'a>(
    path: &'a str,
    text: &'a str,
    d: &'a Diagnostic,
) -> Option<(Frame<'a>, Option<usize>)> {
    if d.line == 0 || text.is_empty() || d.span.end > text.len() {
        return None;
    }
    // The lines holding `at..end`, without the line break that ends the last (`\r\n` included).
    let bounds = |at: usize, end: usize| {
        let from = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let mut to = text[end..].find('\n').map_or(text.len(), |i| end + i);
        if to > end && text.as_bytes()[to - 1] == b'\r' {
            to -= 1;
        }
        (from, to)
    };
    let (line_from, line_to) = bounds(d.span.start, d.span.end);
    if line_to - line_from > LONG_LINE {
        let (snippet, column) = windowed(path, text, d, line_from, line_to);
        return Some((snippet, Some(column)));
    }
    let related: Vec<&Related> = d
        .related
        .iter()
        .filter(|r| {
            r.span.end <= text.len() && {
                let (f, t) = bounds(r.span.start, r.span.end);
                t - f <= LONG_LINE
            }
        })
        .collect();
    let first = related
        .iter()
        .map(|r| r.span.start)
        .fold(d.span.start, usize::min);
    let last = related
        .iter()
        .map(|r| r.span.end)
        .fold(d.span.end, usize::max);
    let (from, to) = bounds(first, last);
    let first_line = related.iter().map(|r| r.line).fold(d.line, usize::min);
    let mut snippet = Snippet::source(&text[from..to])
        .path(path)
        .line_start(first_line)
        .fold(true)
        .annotation(AnnotationKind::Primary.span(d.span.start - from..d.span.end - from));
    for r in related {
        snippet = snippet.annotation(
            AnnotationKind::Context
                .span(r.span.start - from..r.span.end - from)
                .label(r.label.as_str()),
        );
    }
    Some((snippet, None))
}

/// The part of a long line around the primary span (and the related spans that fit in it),
/// marked `...` where cut; returns it with the column its origin line will show.
fn windowed<'a>(
    path: &'a str,
    text: &'a str,
    d: &'a Diagnostic,
    line_from: usize,
    line_to: usize,
) -> (Frame<'a>, usize) {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let from = floor(d.span.start.saturating_sub(CONTEXT).max(line_from));
    let span_end = d.span.end.min(d.span.start + LONG_LINE);
    let mut to = floor((span_end + CONTEXT).min(line_to));
    if to < span_end {
        to = span_end;
    }
    let (head, tail) = (
        if from > line_from { "..." } else { "" },
        if to < line_to { "..." } else { "" },
    );
    let source = format!("{head}{}{tail}", &text[from..to]);
    let shift = |at: usize| at - from + head.len();
    let shown_column = source[..shift(d.span.start)].chars().count() + 1;
    let mut snippet = Snippet::source(source)
        .path(path)
        .line_start(d.line)
        .annotation(AnnotationKind::Primary.span(shift(d.span.start)..shift(span_end)));
    for r in &d.related {
        if r.span.start >= from && r.span.end <= to {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(shift(r.span.start)..shift(r.span.end))
                    .label(r.label.as_str()),
            );
        }
    }
    (snippet, shown_column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{check, Options};

    #[test]
    fn a_long_line_is_cut_and_keeps_its_true_column() {
        let pad = "A".repeat(300_000);
        let text = format!(
            r#"{{"version": "7.3", "pad": "{pad}", "screens": [{{"id": "W", "title": "x", "title": "y"}}]}}"#
        );
        let outcome = check(&text, &Options::default());
        let dup = outcome
            .diagnostics()
            .iter()
            .find(|d| d.rule == "FJ-DOC-DUPLICATE-KEY")
            .expect("duplicate key found");
        let shown = render("f.json", &text, dup, false);
        assert!(
            shown.contains(&format!(" --> f.json:1:{}", dup.column)),
            "{shown}"
        );
        assert!(shown.contains("first defined here"), "{shown}");
        assert!(shown.len() < 2_000, "{} bytes", shown.len());
    }

    const FLOW: &str = r#"{
  "version": "7.3",
  "screens": [{ "id": "W", "title": "A", "title": "B", "terminal": true,
    "layout": { "type": "SingleColumnLayout", "children": [{ "type": "TextBody", "text": "T" }] } }]
}"#;

    proptest::proptest! {
        /// Any text (wide characters, tabs, carriage returns, long runs) spliced into a Flow, raw
        /// or as a string value: every finding draws without panicking.
        #[test]
        fn every_finding_draws(
            piece in r#"[{}\[\]":, \t\r\na-z0-9\\\u{4e00}-\u{4e10}\u{1f389}]{0,80}"#,
            at in 0usize..200,
            pad in 0usize..1500,
        ) {
            let piece = format!("{piece}{}", "x".repeat(pad));
            let as_value = FLOW.replace("\"T\"", &serde_json::to_string(&piece).unwrap());
            let mut raw = FLOW.to_owned();
            let at = (0..=at.min(raw.len())).rev().find(|&i| raw.is_char_boundary(i)).unwrap_or(0);
            raw.insert_str(at, &piece);
            for text in [as_value, raw] {
                let outcome = check(&text, &Options::default());
                for d in outcome.diagnostics() {
                    let _ = render("f.json", &text, d, true);
                }
            }
        }
    }

    #[test]
    fn crlf_line_ends_are_not_drawn() {
        let text = "{\r\n  \"version\": \"7.3\",\r\n  \"version\": \"7.2\"\r\n}\r\n";
        let outcome = check(text, &Options::default());
        for d in outcome.diagnostics() {
            let shown = render("f.json", text, d, false);
            assert!(
                !shown.contains('\r') && !shown.contains('\u{240d}'),
                "{shown}"
            );
        }
    }

    #[test]
    fn a_finding_made_by_hand_without_a_span_is_drawn_at_its_line_and_column() {
        let text = "{\n  \"a\": 1,\n  \"b\": \"é\"\n}\n";
        let d = Diagnostic {
            rule: "FJ-ROOT-KEYS",
            severity: Severity::Error,
            pointer: "/b".into(),
            line: 3,
            column: 9,
            message: "m".into(),
            help: String::new(),
            end_column: 0,
            span: 0..0,
            related: vec![Related {
                line: 1,
                column: 1,
                end_column: 2,
                span: 11..99,
                label: "out of range".into(),
            }],
        };
        let shown = render("f.json", text, &d, false);
        assert!(shown.contains(" --> f.json:3:9\n"), "{shown}");
        assert!(shown.contains("3 |   \"b\": \"é\"\n"), "{shown}");
        assert!(!shown.contains("out of range"), "{shown}");
        assert_eq!(offset_of(text, 3, 9), Some(text.find('é').unwrap()));
        assert_eq!(offset_of(text, 9, 1), None);
    }

    #[test]
    fn a_finding_without_position_names_the_file() {
        let d = Diagnostic {
            rule: "FJ-DOC-JSON-OBJECT",
            severity: Severity::Error,
            pointer: String::new(),
            line: 0,
            column: 0,
            message: "empty".into(),
            help: String::new(),
            end_column: 0,
            span: 0..0,
            related: Vec::new(),
        };
        let shown = render("<stdin>", "", &d, false);
        assert!(
            shown.starts_with("error[FJ-DOC-JSON-OBJECT]: empty\n"),
            "{shown}"
        );
        assert!(shown.contains("--> <stdin>\n"), "{shown}");
    }
}
