use crate::flow::binding;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::each_site;

pub static RULE: Rule = Rule {
    id: "FJ-BIND-GLOBAL-VERSION",
    level: Level::Error,
    versions: Versions::before(v(4, 0)),
    always: false,
    summary: "no global `${screen.…}` references before 4.0",
    explain: "Global references (`${screen.ID.data.field}`, `${screen.ID.form.name}`) that read another \
screen's data or inputs were introduced in Flow JSON 4.0. In older versions pass the value along in \
the `navigate` payload and declare it in the next screen's `data`, or raise the version.",
    help: "pass the value through the navigate payload into this screen's data, or use Flow JSON 4.0 or later",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx, &mut |site| {
        if !binding::has_ref(site.text) {
            return;
        }
        for r in ctx.refs_at(site) {
            if r.text.starts_with("${screen.") {
                let version = ctx.version().map(|v| v.to_string()).unwrap_or_default();
                sink.report(
                    site.node,
                    format!(
                        "global reference '{}' needs Flow JSON 4.0 (this Flow is {version})",
                        r.text
                    ),
                );
            }
        }
    });
}
