use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{dotted, walk_all};

pub static RULE: Rule = Rule {
    id: "FJ-DATA-EXAMPLE-TOP-ONLY",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`__example__` only at the top level of a data field",
    explain: "`__example__` holds mock data for a whole field, so it belongs next to the field's \
top-level `type`, not inside nested `properties` or `items` (\"allowed only as a top level property \
of data model\"). Put the nested values into the top-level example instead.",
    help: "remove the nested __example__ and include the value in the field's top-level __example__",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    walk_all(ctx, &mut |schema, path, depth| {
        if depth == 0 {
            return;
        }
        if let Some(ex) = schema.get("__example__") {
            sink.report(ex, format!("\"__example__\" inside '{}' is only allowed at the top level of data field '{}'", dotted(path), path.first().copied().unwrap_or_default()));
        }
    });
}
