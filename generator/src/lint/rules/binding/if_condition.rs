use crate::flow::expression::{self, Ty};
use crate::flow::json::Value;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::target_type;

pub static RULE: Rule = Rule {
    id: "FJ-IF-CONDITION",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "an If `condition` follows the condition grammar",
    explain: "An If `condition` is a string expression (from 6.0 also a boolean, or a backtick expression) \
built from `${…}` references, single-quoted strings, numbers, `true`/`false`, parentheses and the \
operators `== != < <= > >= && || ! + - * / %` (`&&` binds tighter than `||`). The Builder requires at \
least one reference, a boolean result, no operator with literals on both sides, matching types for \
`==`/`!=` and numbers for comparisons (\"to contain at least one operand\", \"literals on both sides\", \
\"Missing closing parenthesis.\", \"Type mismatch in an equality operation\").",
    help: "write a boolean condition over references, e.g. \"${form.age} >= 18 && ${data.ok}\"",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in screen.of_kind("If") {
            let Some(node) = c.node.get("condition") else {
                continue;
            };
            let text = match &node.value {
                Value::String(s) => s.as_ref(),
                Value::Bool(_) if ctx.at_least(6, 0) => continue,
                Value::Bool(_) => {
                    sink.report(node, "a boolean condition needs Flow JSON 6.0; before that the condition is a string expression");
                    continue;
                }
                _ => {
                    sink.report(
                        node,
                        format!(
                            "the condition is {}, not a string expression",
                            node.type_name()
                        ),
                    );
                    continue;
                }
            };
            let src = match expression::inner(text) {
                Some(inner) if ctx.at_least(6, 0) => inner,
                _ => text,
            };
            let expr = match expression::parse(src) {
                Ok(e) => e,
                Err(e) => {
                    sink.report(
                        node,
                        format!(
                            "the condition does not parse: {} (at character {})",
                            e.message,
                            e.offset + 1
                        ),
                    );
                    continue;
                }
            };
            if !expr.is_dynamic() {
                sink.report(
                    node,
                    format!(
                        "the condition \"{text}\" contains no ${{…}} reference, so it is constant"
                    ),
                );
            }
            expr.each_literal_pair(&mut |op| {
                sink.report(
                    node,
                    format!("operator '{}' has literals on both sides", op.symbol()),
                );
            });
            let mut errors = Vec::new();
            let ty = expr.check(&|t| target_type(ctx.flow, screen, t), &mut errors);
            for e in errors {
                sink.report(node, format!("in the condition: {}", e.message));
            }
            if !ty.fits(Ty::Boolean) {
                sink.report(
                    node,
                    format!("the condition yields a {}, not a boolean", ty.name()),
                );
            }
        }
    }
}
