use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_global, Global};

pub static RULE: Rule = Rule {
    id: "FJ-BIND-GLOBAL-NOT-SELF",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "a global reference does not target the current screen",
    explain: "A global reference to the screen it sits on is rejected by the Builder (\"Convert expression \
to local referencing\"): use `${data.field}` or `${form.name}` for the current screen. Action payloads \
are checked by FJ-PAYLOAD-BINDINGS.",
    help: "use the local form: ${data.field} or ${form.name}",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_global(ctx, &mut |site, text, global| {
        if let Global::SelfRef(local) = global {
            sink.report_help(
                site.node,
                format!(
                    "'{text}' refers to the current screen '{}'",
                    site.screen.id.unwrap_or("?")
                ),
                format!("write {local} instead"),
            );
        }
    });
}
