use crate::flow::expression::{self, Ty};
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{article, each_site, property_type, target_type, Place};

pub static RULE: Rule = Rule {
    id: "FJ-EXPR-RESULT-TYPE",
    level: Level::Error,
    versions: Versions::since(v(6, 0)),
    always: false,
    summary: "a backtick expression's result type fits the property",
    explain: "The Builder type-checks a nested expression and rejects it when its result does not fit the \
property (\"The expression return type is … which does not match\"): `visible`, `required` and \
`enabled` need a boolean (a comparison or logic), list properties an array, and text properties a \
string (concatenation) rather than a boolean. Only properties with a clear type are checked, and only \
when the result type is known.",
    help: "rewrite the expression so that it yields the property's type (compare to get a boolean, concatenate to get text)",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx, &mut |site| {
        if !site.whole || !matches!(site.place, Place::Property | Place::Title) {
            return;
        }
        if expression::inner(site.text).is_none() {
            return;
        }
        let want = match site.place {
            Place::Title => Some(Ty::String),
            _ => site
                .component
                .and_then(|c| property_type(c.kind, site.prop)),
        };
        let Some(want) = want else { return };
        let Some(Ok(expr)) = ctx.expression_at(site) else {
            return;
        };
        let got = expr.check(&|t| target_type(ctx.flow, site.screen, t), &mut Vec::new());
        let wrong = match want {
            Ty::String => got == Ty::Boolean,
            _ => !got.fits(want),
        };
        if wrong {
            sink.report(
                site.node,
                format!(
                    "the expression yields {} {}, but '{}' expects {} {}",
                    article(got),
                    got.name(),
                    site.prop,
                    article(want),
                    want.name()
                ),
            );
        }
    });
}
