use crate::flow::version::KNOWN;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::declared;

pub static RULE: Rule = Rule {
    id: "FJ-VERSION-KNOWN",
    level: Level::Error,
    versions: Versions::ALL,
    always: true,
    summary: "`version` is a public Flow JSON version",
    explain:
        "WhatsApp only accepts the public Flow JSON versions 2.1, 3.0, 3.1, 4.0, 5.0, 5.1, 6.0–6.3 \
and 7.0–7.3 (\"Given Flow JSON version is not supported\"). Other numbers, including versions Meta \
uses internally, are refused. A version that is not a \"M.m\" string at all is reported by \
FJ-VERSION-STRING instead. Fix: use \"7.3\", the current recommended version.",
    help: "use a public version; \"7.3\" is the current one",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let (Some(node), Some(version)) = (ctx.flow.version_node, declared(ctx)) else {
        return;
    };
    if !version.is_known() {
        let list: Vec<String> = KNOWN.iter().map(|v| v.to_string()).collect();
        sink.report(
            node,
            format!(
                "Flow JSON version \"{version}\" does not exist; known versions are {}",
                list.join(", ")
            ),
        );
    }
}
