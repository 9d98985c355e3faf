use crate::flow::binding;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_site, Place};

pub static RULE: Rule = Rule {
    id: "FJ-BIND-NO-MIX",
    level: Level::Error,
    versions: Versions::before(v(6, 0)),
    always: false,
    summary: "before 6.0 a binding is the whole value (no text around it)",
    explain: "Before Flow JSON 6.0 a dynamic reference must be the entire string: `\"${data.name}\"` works, \
`\"Hello ${data.name}\"` or two references in one string do not (a compile error). Build the text in the \
data model (send the full sentence from the endpoint or the previous screen), or use Flow JSON 6.0+ \
and a backtick expression, which concatenates: `` \"`'Hello ' ${data.name}`\" `` (from 6.0 a mixed \
text is accepted but shown as written, see FJ-BIND-MIX-LITERAL).",
    help: "make the reference the whole value and compose the text elsewhere, or use Flow JSON 6.0 or later with a backtick expression",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx, &mut |site| {
        if site.place == Place::Condition
            || !binding::has_ref(site.text)
            || binding::is_single_ref(site.text)
            || binding::is_expression(site.text)
        {
            return;
        }
        sink.report(
            site.node,
            format!("\"{}\" mixes a reference with other text", site.text),
        );
    });
}
