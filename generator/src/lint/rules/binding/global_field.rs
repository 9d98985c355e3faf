use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_global, Global};

pub static RULE: Rule = Rule {
    id: "FJ-BIND-GLOBAL-FIELD",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "the field a global reference reads exists on that screen",
    explain: "`${screen.ID.data.field}` needs `field` declared in screen `ID`'s `data`; \
`${screen.ID.form.name}` needs a component named `name` on screen `ID`. The Builder rejects others \
(\"Global dynamic data '…' does not exist on screen …\"). The reading screen does not declare it. \
Action payloads are checked by FJ-PAYLOAD-BINDINGS.",
    help: "declare the field in that screen's data, or use the name of one of its inputs",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_global(ctx, &mut |site, text, global| {
        if let Global::NoField(id, what) = global {
            sink.report(site.node, format!("'{text}': screen '{id}' has no {what}"));
        }
    });
}
