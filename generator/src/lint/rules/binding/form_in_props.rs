use crate::flow::binding::{self, Target};
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_site, Place};

pub static RULE: Rule = Rule {
    id: "FJ-BIND-FORM-IN-PROPS",
    level: Level::Error,
    versions: Versions::before(v(4, 0)),
    always: false,
    summary: "before 4.0 component properties accept only `${data.…}`",
    explain: "Up to Flow JSON 3.1 a component property may only be bound to the screen's data model \
(the Builder's pattern is `^\\$\\{data\\..+\\}$`). Input values (`${form.name}`) can only be read in \
action payloads, e.g. a Footer's `complete` or `navigate` payload. Either move the value into the \
payload and on into the next screen's `data`, or raise the version to 4.0 or later.",
    help: "read ${form.…} only in action payloads, or use Flow JSON 4.0 or later",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    each_site(ctx, &mut |site| {
        if matches!(site.place, Place::Payload(_)) || !binding::has_ref(site.text) {
            return;
        }
        for r in ctx.refs_at(site) {
            if let Target::Form(_) = r.target {
                let what = if site.place == Place::Title {
                    "a screen title".to_owned()
                } else {
                    format!("property '{}'", site.prop)
                };
                sink.report(
                    site.node,
                    format!(
                        "'{}' in {what}: before 4.0 only ${{data.…}} may be bound here",
                        r.text
                    ),
                );
            }
        }
    });
}
