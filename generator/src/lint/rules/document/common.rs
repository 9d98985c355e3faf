//! Helpers for the document rules.

use crate::flow::{Version, Versions};
use crate::lint::Context;

/// True when the checked version is known and inside `range`. Rules with an upper version bound
/// use it so that a missing version does not make them fire.
pub fn version_in(ctx: &Context, range: Versions) -> bool {
    ctx.version().is_some_and(|v| range.contains(v))
}

/// The version the document itself declares, when it is a well-formed `"M.m"` string.
pub fn declared(ctx: &Context) -> Option<Version> {
    ctx.flow
        .version_node
        .and_then(|n| n.as_str())
        .and_then(Version::parse)
}
