use crate::flow::binding::Target;
use crate::flow::expression;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_site, named, resolve_data, target_type, Place, Resolved};

pub static RULE: Rule = Rule {
    id: "FJ-EXPR-IN-ACTIONS",
    level: Level::Error,
    versions: Versions::since(v(7, 2)),
    always: false,
    summary: "expressions in complete / data_exchange payloads resolve and type-check",
    explain: "From Flow JSON 7.2 the Builder also checks nested expressions used as values of `complete` \
and `data_exchange` payloads (`INVALID_ACTION_PAYLOAD_PROPERTY`): every reference inside must resolve \
(declared data field, input on this screen, existing field of another screen) and operators must be \
applied to matching types, as in component properties.",
    help: "fix the reference or the operand types in the payload expression",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx.flow, &mut |site| {
        if !matches!(
            site.place,
            Place::Payload(Some("complete" | "data_exchange"))
        ) {
            return;
        }
        let Some(src) = expression::inner(site.text) else {
            return;
        };
        let Ok(expr) = expression::parse(src) else {
            return;
        };
        let mut missing = Vec::new();
        expr.each_ref(&mut |text, target| {
            let ok = match target {
                Target::Data(path) => matches!(resolve_data(site.screen, path), Resolved::Field(_)),
                Target::Form(name) => {
                    named(site.screen, name).is_some_and(|c| c.kind != Some("Form"))
                }
                Target::ScreenData(id, path) => ctx
                    .flow
                    .screen(id)
                    .is_some_and(|s| matches!(resolve_data(s, path), Resolved::Field(_))),
                Target::ScreenForm(id, name) => ctx
                    .flow
                    .screen(id)
                    .and_then(|s| named(s, name))
                    .is_some_and(|c| c.kind != Some("Form")),
                Target::Invalid => true, // FJ-BIND-SYNTAX
            };
            if !ok {
                missing.push(text);
            }
        });
        for text in missing {
            sink.report(
                site.node,
                format!("'{text}' in this payload expression does not resolve"),
            );
        }
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
