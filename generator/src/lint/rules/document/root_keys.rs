use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-ROOT-KEYS",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "the document has only the keys version, screens, data_api_version and routing_model",
    explain: "The top-level object of a Flow JSON document is closed: besides `version` and `screens` \
it may hold `data_api_version` and `routing_model` (and, in Flow JSON 2.1 only, `data_channel_uri`). \
Meta's Builder refuses any other key with INVALID_PROPERTY_KEY, so a misspelt key such as `screen` or \
`routingModel` does not just get ignored, it blocks publishing. `meta` and `data_channel_uri` have \
their own rules (FJ-ROOT-META-RESERVED, FJ-DCURI-REMOVED). Fix: remove the key or correct its spelling.",
    help: "remove the key or correct its spelling",
    check,
};

const ALLOWED: &[&str] = &["version", "screens", "data_api_version", "routing_model"];

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(members) = ctx.flow.root.as_object() else {
        return;
    };
    // `meta` from 5.1 is FJ-ROOT-META-RESERVED's; `data_channel_uri` is allowed in 2.1 and
    // FJ-DCURI-REMOVED's from 3.0.
    let meta_elsewhere = ctx.version().map_or(true, |ver| ver >= v(5, 1));
    for m in members {
        let key = m.key.as_ref();
        if ALLOWED.contains(&key) || key == "data_channel_uri" || (key == "meta" && meta_elsewhere)
        {
            continue;
        }
        let hint = closest(key)
            .map(|k| format!(" (did you mean '{k}'?)"))
            .unwrap_or_default();
        sink.report(
            &m.value,
            format!(
                "property '{key}' is not allowed at the top level of a Flow JSON document{hint}"
            ),
        );
    }
}

fn closest(key: &str) -> Option<&'static str> {
    ALLOWED
        .iter()
        .map(|k| (strsim::jaro_winkler(&key.to_ascii_lowercase(), k), *k))
        .filter(|(s, _)| *s > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}
