use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_site, target_type, Place};

pub static RULE: Rule = Rule {
    id: "FJ-EXPR-GRAMMAR",
    level: Level::Error,
    versions: Versions::since(v(6, 0)),
    always: false,
    summary: "backtick expressions parse and their operands have valid types",
    explain: "A nested expression (whole value in backticks, 6.0+) is made of `${…}` references, \
single-quoted strings, numbers, `true`/`false` and parentheses, joined by `==` `!=` (same type on both \
sides), `<` `<=` `>` `>=` and `+ - * / %` (numbers), `&&` `||` `!` (booleans); operands separated by \
spaces are concatenated into a string. The ternary `?:` and `null` are not supported. The Builder \
rejects expressions that do not parse or apply an operator to the wrong type (\"can only be used with \
numbers\"). Operand types come from the data model and the inputs' value types; unknown types are not \
reported. If conditions are checked by FJ-IF-CONDITION, payload types by FJ-EXPR-IN-ACTIONS.",
    help: "fix the expression: quote strings with ', close every parenthesis, use operators on matching types",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx, &mut |site| {
        if site.place == Place::Condition {
            return;
        }
        let Some(parsed) = ctx.expression_at(site) else {
            return;
        };
        match parsed {
            Err(e) => sink.report(
                site.node,
                format!(
                    "the expression in '{}' does not parse: {} (at character {})",
                    site.prop,
                    e.message,
                    e.offset + 2
                ),
            ),
            Ok(expr) => {
                if matches!(site.place, Place::Payload(_)) {
                    return;
                }
                let mut errors = Vec::new();
                expr.check(&|t| target_type(ctx.flow, site.screen, t), &mut errors);
                for e in errors {
                    sink.report(
                        site.node,
                        format!("in the expression of '{}': {}", site.prop, e.message),
                    );
                }
            }
        }
    });
}
