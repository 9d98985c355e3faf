//! Helpers shared by the component rules.

use crate::flow::binding;
use crate::flow::components::{spec_of, Spec, Table};
use crate::flow::json::Node;
use crate::flow::model::{Component, Screen};
use crate::flow::version::{Version, LATEST};
use crate::lint::Context;

/// The version to compare availability against (the latest when the document's is unknown).
pub fn version(ctx: &Context) -> Version {
    ctx.version().unwrap_or(LATEST)
}

/// The catalogue entry and property table of a component with a known `type`.
pub fn known<'c>(c: &Component<'c>) -> Option<(&'static Spec, &'static Table)> {
    let spec = spec_of(c.kind?)?;
    Some((spec, spec.table()?))
}

/// Like [`known`], but only when the type exists in the checked version (FJ-COMP-TYPE reports
/// the others).
pub fn available<'c>(ctx: &Context, c: &Component<'c>) -> Option<(&'static Spec, &'static Table)> {
    known(c).filter(|(s, _)| s.since <= version(ctx))
}

/// True for a value computed at run time (`${…}` or a backtick expression): not checkable statically.
pub fn is_dynamic(s: &str) -> bool {
    binding::has_ref(s) || binding::is_expression(s)
}

/// ` on screen 'ID'` (empty when the screen has no string id).
pub fn on_screen(screen: &Screen) -> String {
    screen
        .id
        .map(|id| format!(" on screen '{id}'"))
        .unwrap_or_default()
}

/// A static number value (not a binding).
pub fn number(node: &Node) -> Option<f64> {
    node.as_f64()
}

/// Formats a number without a needless `.0`.
pub fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else if n.abs() >= 1e15 {
        format!("{n:e}")
    } else {
        format!("{n}")
    }
}

/// Number of characters (not bytes) of a string.
pub fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The closest of `candidates` to `word` when it is a likely typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| {
            let score = if c.eq_ignore_ascii_case(word) {
                1.0
            } else {
                strsim::jaro_winkler(&word.to_ascii_lowercase(), &c.to_ascii_lowercase())
            };
            (score, c)
        })
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
