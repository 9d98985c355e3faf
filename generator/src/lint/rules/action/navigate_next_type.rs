use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-NAVIGATE-NEXT-TYPE",
    level: Level::Warning,
    versions: Versions::ALL,
    always: false,
    summary: "`next.type` is \"screen\"",
    explain:
        "The Flow JSON reference documents a single navigation type, `\"screen\"`. Other values \
(some libraries model `\"plugin\"`) are undocumented: WhatsApp's routing checks ignore such \
navigations and clients may not support them.",
    help: "use \"type\": \"screen\"",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for action in ctx
        .flow
        .actions
        .iter()
        .filter(|a| a.name == Some("navigate"))
    {
        let Some(ty) = action.node.get("next").and_then(|n| n.get("type")) else {
            continue;
        };
        match ty.as_str() {
            Some("screen") => {}
            Some(other) => sink.report(
                ty,
                format!("navigation type \"{other}\" is undocumented; only \"screen\" is"),
            ),
            None => sink.report(
                ty,
                format!(
                    "'next.type' must be the string \"screen\", found {}",
                    ty.type_name()
                ),
            ),
        }
    }
}
