use crate::flow::binding::{self, Target};
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_site, resolve_data, Place, Resolved};

pub static RULE: Rule = Rule {
    id: "FJ-BIND-DATA-DECLARED",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`${data.path}` resolves in the current screen's `data`",
    explain: "`${data.x}` reads the current screen's data model, so `x` (and every nested segment, through \
`properties` of object fields) must be declared in that screen's `data`. The Builder rejects an \
undeclared path (\"Missing dynamic data '…' in the screen data model\"). From 6.0 the Builder skips \
bindings in a Form's `init-values` / `error-messages`, so there the finding is only a warning — the value \
is still empty at run time. Action payloads are checked by FJ-PAYLOAD-BINDINGS.",
    help: "declare the field in this screen's \"data\" (with \"type\" and \"__example__\"), or fix the path",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx, &mut |site| {
        if matches!(site.place, Place::Payload(_)) || !binding::has_ref(site.text) {
            return;
        }
        for r in ctx.refs_at(site) {
            let Target::Data(path) = &r.target else {
                continue;
            };
            let Resolved::Missing(at) = resolve_data(site.screen, path) else {
                continue;
            };
            let screen = crate::lint::rules::util::short(site.screen.id.unwrap_or("?"));
            let text = crate::lint::rules::util::short(r.text);
            let message = if at == 0 {
                format!(
                    "'{}': screen '{screen}' declares no data field '{}'",
                    text, path[0]
                )
            } else {
                format!(
                    "'{}': field '{}' of screen '{screen}' has no property '{}'",
                    text,
                    path[..at].join("."),
                    path[at]
                )
            };
            if site.place == Place::FormInit {
                sink.warn(site.node, message, "declare the field in this screen's \"data\"; the Builder does not check Form init-values / error-messages, but the value stays empty");
            } else {
                sink.report(site.node, message);
            }
        }
    });
}
