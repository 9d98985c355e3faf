use crate::flow::version::{v, LATEST};
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::version_in;

pub static RULE: Rule = Rule {
    id: "FJ-VERSION-RECOMMENDED",
    level: Level::Warning,
    versions: Versions::between(v(5, 1), v(7, 2)),
    always: false,
    summary: "use the recommended version 7.3",
    explain: "Meta recommends the newest Flow JSON version, 7.3. It brings stricter routing-model \
and data-model validation (problems show up before users hit them) and is required for Data API \
4.0. Older versions keep working, so this is only advice. A frozen version (2.1–5.0) is \
FJ-VERSION-PUBLISHABLE's finding, which recommends 7.3 too.",
    help: "set \"version\": \"7.3\" and re-run flowgen validate",
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
        format!("Flow JSON {version} is older than the recommended {LATEST}"),
    );
}
