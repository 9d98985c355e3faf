use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_site, target_type, Place};

pub static RULE: Rule = Rule {
    id: "FJ-EXPR-IN-ACTIONS",
    level: Level::Error,
    versions: Versions::since(v(7, 2)),
    always: false,
    summary: "expressions in complete / data_exchange payloads type-check",
    explain: "From Flow JSON 7.2 the Builder also checks nested expressions used as values of `complete` \
and `data_exchange` payloads (`INVALID_ACTION_PAYLOAD_PROPERTY`): operators must be applied to \
matching types, as in component properties. Every reference inside must also resolve; that is \
FJ-PAYLOAD-BINDINGS's finding (in every version), so it is not repeated here.",
    help: "fix the operand types in the payload expression",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx, &mut |site| {
        if !matches!(
            site.place,
            Place::Payload(Some("complete" | "data_exchange"))
        ) {
            return;
        }
        let Some(Ok(expr)) = ctx.expression_at(site) else {
            return;
        };
        // Unresolved references are FJ-PAYLOAD-BINDINGS's (they type as "any" here).
        let mut errors = Vec::new();
        expr.check(&|t| target_type(ctx.flow, site.screen, t), &mut errors);
        for e in errors {
            sink.report(
                site.node,
                format!("in this payload expression: {}", e.message),
            );
        }
    });
}
