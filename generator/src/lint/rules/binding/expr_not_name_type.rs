use crate::flow::binding;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-EXPR-NOT-NAME-TYPE",
    level: Level::Error,
    versions: Versions::since(v(6, 0)),
    always: false,
    summary: "component `name` and `type` are literal strings",
    explain: "A component's `type` selects the component and its `name` is the key its value is submitted \
under; both must be known when the Flow is compiled. The Builder rejects `${…}` references and backtick \
expressions in them (\"should not be enclosed in backticks\").",
    help: "write the name / type as a plain string",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in &screen.components {
            for key in ["name", "type"] {
                let Some(node) = c.node.get(key) else {
                    continue;
                };
                let Some(s) = node.as_str() else { continue };
                if binding::is_expression(s) {
                    sink.report(node, format!("'{key}' is a backtick expression ({s})"));
                } else if binding::has_ref(s) {
                    sink.report(node, format!("'{key}' holds a dynamic reference ({s})"));
                }
            }
        }
    }
}
