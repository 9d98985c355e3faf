use crate::flow::version::{v, LATEST, OLDEST_PUBLISHABLE};
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::version_in;

pub static RULE: Rule = Rule {
    id: "FJ-VERSION-PUBLISHABLE",
    level: Level::Publish,
    versions: Versions::between(v(2, 1), v(5, 0)),
    always: false,
    summary: "the version can still be published (5.1 or newer)",
    explain:
        "Flow JSON 2.1 to 5.0 are frozen: Flows already published with them can still be sent \
and opened, but new Flows and updates are refused (\"Unsupported Flow JSON version\"). When only \
linting this is a warning; with --for-publish it is an error. Fix: move the Flow to 7.3 (check the \
changelog for breaking changes such as non-blank strings from 6.0).",
    help: "upgrade the Flow to \"version\": \"7.3\"",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(version) = ctx.version() else { return };
    if !version_in(ctx, RULE.versions) {
        return;
    }
    let at = ctx.flow.version_node.unwrap_or(ctx.flow.root);
    sink.report(
        at,
        format!("Flow JSON {version} is frozen: it can be sent but not published; the oldest publishable version is {OLDEST_PUBLISHABLE}, and {LATEST} is recommended"),
    );
}
