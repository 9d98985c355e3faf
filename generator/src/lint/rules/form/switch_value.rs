use crate::flow::binding::{is_expression, is_single_ref};
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-SWITCH-VALUE",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "a Switch `value` is a binding",
    explain:
        "A Switch renders the case whose key equals its `value`, so `value` must be dynamic: a \
single `${data.…}`, `${form.…}` or `${screen.…}` reference (from 6.0 also a backtick expression). \
A literal value would always pick the same case; WhatsApp rejects it by pattern.",
    help: "set `value` to a binding such as \"${form.choice}\" or \"${data.kind}\"",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in screen.of_kind("Switch") {
            let Some(value) = c.node.get("value") else {
                sink.report(c.node, "Switch has no 'value'");
                continue;
            };
            let Some(s) = value.as_str() else {
                sink.report(
                    value,
                    format!(
                        "Switch 'value' must be a binding string, found {}",
                        value.type_name()
                    ),
                );
                continue;
            };
            if !(is_single_ref(s) || (ctx.at_least(6, 0) && is_expression(s))) {
                sink.report(value, format!("Switch 'value' \"{s}\" is not a binding"));
            }
        }
    }
}
