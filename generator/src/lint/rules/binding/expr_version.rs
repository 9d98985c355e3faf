use crate::flow::binding;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::each_site;

pub static RULE: Rule = Rule {
    id: "FJ-EXPR-VERSION",
    level: Level::Error,
    versions: Versions::before(v(6, 0)),
    always: false,
    summary: "no backtick expressions before 6.0",
    explain: "A value wrapped in backticks is a nested expression (comparisons, logic, arithmetic, \
concatenation), introduced in Flow JSON 6.0. Older versions accept only plain `${…}` references, so the \
Builder's pattern rejects the value. Compute the value before it reaches the screen, or raise the version.",
    help: "use Flow JSON 6.0 or later, or replace the expression by a plain ${data.…} value",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx, &mut |site| {
        if binding::is_expression(site.text) {
            let version = ctx.version().map(|v| v.to_string()).unwrap_or_default();
            sink.report(
                site.node,
                format!(
                    "backtick expression in '{}' needs Flow JSON 6.0 (this Flow is {version})",
                    site.prop
                ),
            );
        }
    });
}
