use crate::flow::binding::{self, Target};
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::each_site;

pub static RULE: Rule = Rule {
    id: "FJ-BIND-SYNTAX",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "every `${…}` is `data.path`, `form.name`, `screen.ID.data.path` or `screen.ID.form.name`",
    explain: "A dynamic reference names where its value comes from: `${data.field}` (the screen's data \
model, with `.sub` for nested properties), `${form.name}` (an input on this screen), or a global \
reference `${screen.ID.data.field}` / `${screen.ID.form.name}` to another screen. Anything else inside \
`${…}` — a missing `data`/`form` segment, empty segments, spaces, a missing `}` — matches none of the \
Builder's patterns and is rejected (\"dynamic data format\"); at run time it would not resolve.",
    help: "write the reference as ${data.field}, ${form.name}, ${screen.ID.data.field} or ${screen.ID.form.name}",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx, &mut |site| {
        if !binding::has_ref(site.text) {
            return;
        }
        for r in ctx.refs_at(site) {
            if r.target != Target::Invalid {
                continue;
            }
            let inner = r.text.trim_start_matches("${").trim_end_matches('}');
            let parts: Vec<&str> = inner.split('.').collect();
            if !r.text.ends_with('}') {
                sink.report_help(
                    site.node,
                    format!("'{}' has no closing '}}'", r.text),
                    "close the reference with '}'",
                );
            } else if parts.first() == Some(&"screen")
                && parts.len() >= 3
                && !matches!(parts.get(2), Some(&"data" | &"form"))
            {
                sink.report_help(
                    site.node,
                    format!("'{}' is not a valid global reference: the screen id must be followed by '.data.' or '.form.'", r.text),
                    format!("write ${{screen.{}.form.{}}} for an input or ${{screen.{}.data.{}}} for a data field", parts[1], parts[2..].join("."), parts[1], parts[2..].join(".")),
                );
            } else {
                sink.report(
                    site.node,
                    format!("'{}' is not a valid dynamic reference", r.text),
                );
            }
        }
    });
}
