use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_global, Global};

pub static RULE: Rule = Rule {
    id: "FJ-BIND-GLOBAL-SCREEN",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "a global reference names an existing screen",
    explain: "`${screen.ID.data.field}` and `${screen.ID.form.name}` read another screen's data or inputs. \
`ID` must be the `id` of a screen of this Flow; the Builder rejects others (\"The screen id '…' \
referenced … does not exist\"). Action payloads are checked by FJ-PAYLOAD-BINDINGS.",
    help: "use the id of an existing screen (ids are case-sensitive)",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_global(ctx, &mut |site, text, global| {
        if let Global::NoScreen(id) = global {
            sink.report(site.node, format!("'{text}': there is no screen '{id}'"));
        }
    });
}
