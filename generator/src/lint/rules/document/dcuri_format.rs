use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::version_in;

pub static RULE: Rule = Rule {
    id: "FJ-DCURI-FORMAT",
    level: Level::Error,
    versions: Versions::between(v(2, 1), v(2, 1)),
    always: false,
    summary: "in Flow JSON 2.1, `data_channel_uri` is a URI, present in endpoint Flows",
    explain: "Flow JSON 2.1 endpoint Flows name their endpoint in `data_channel_uri`, an absolute \
URI such as \"https://example.com/flow\" (INVALID_PROPERTY_VALUE_FORMAT otherwise). A 2.1 Flow that \
declares `data_api_version` or uses `data_exchange` actions without it has nowhere to send data.",
    help: "set \"data_channel_uri\": \"https://…\" to the endpoint's URL",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    if !version_in(ctx, RULE.versions) || !ctx.flow.root.is_object() {
        return;
    }
    match ctx.flow.root.get("data_channel_uri") {
        Some(node) => match node.as_str() {
            Some(s) if is_uri(s) => {}
            Some(s) => sink.report(
                node,
                format!("data_channel_uri \"{}\" is not an absolute URI", short(s)),
            ),
            None => sink.report(
                node,
                format!(
                    "data_channel_uri is a JSON {}; it must be a URI string",
                    node.type_name()
                ),
            ),
        },
        None => {
            let exchange = ctx
                .flow
                .actions
                .iter()
                .find(|a| a.name == Some("data_exchange"));
            if let Some(dapi) = ctx.flow.data_api_version {
                sink.report(dapi, "this 2.1 endpoint Flow has no \"data_channel_uri\"");
            } else if let Some(a) = exchange {
                sink.report(
                    a.node.get("name").unwrap_or(a.node),
                    "this 2.1 Flow uses data_exchange but has no \"data_channel_uri\"",
                );
            }
        }
    }
}

/// `scheme:rest` with an RFC 3986 scheme, a non-empty rest and no white space.
fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut bytes = scheme.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        && !rest.is_empty()
        && !s.chars().any(char::is_whitespace)
        && (!matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https")
            || rest.len() > 2 && rest.starts_with("//"))
}

fn short(s: &str) -> &str {
    match s.char_indices().nth(60) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}
