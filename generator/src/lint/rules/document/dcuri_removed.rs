use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-DCURI-REMOVED",
    level: Level::Error,
    versions: Versions::since(v(3, 0)),
    always: false,
    summary: "no `data_channel_uri` from Flow JSON 3.0",
    explain: "Flow JSON 2.1 named the endpoint URL in the document (`data_channel_uri`). From 3.0 \
the key is refused (\"no longer supported in Flow JSON as of version '3.0'\"): the endpoint URL is \
set on the Flow itself through the Flows API (`endpoint_uri`) or in WhatsApp Manager.",
    help: "remove \"data_channel_uri\" and set the endpoint URL with the Flows API (endpoint_uri)",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    if let Some(node) = ctx.flow.root.get("data_channel_uri") {
        let message = match ctx.version() {
            Some(ver) => {
                format!("\"data_channel_uri\" is not supported in Flow JSON {ver} (removed in 3.0)")
            }
            None => "\"data_channel_uri\" is not supported from Flow JSON 3.0 on".to_owned(),
        };
        sink.report(node, message);
    }
}
