use crate::flow::version::v;
use crate::flow::{ActionSite, Versions};
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-OPEN-URL",
    level: Level::Error,
    versions: Versions::since(v(6, 0)),
    always: false,
    summary: "`open_url` has a `url` and no `payload`; `url` only on open_url",
    explain: "`open_url` (6.0+) opens a web page from an EmbeddedLink or OptIn. It needs a `url` \
(a URI string or a binding) and takes no `payload` (and, like every action but navigate, no \
`next`). Other actions take no `url`. WhatsApp's schema rejects anything else.",
    help: "give open_url a \"url\" string and no payload",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for action in &ctx.flow.actions {
        let Some(name) = action.name else { continue };
        let url = action.node.get("url");
        if name != "open_url" {
            // On selection actions FJ-ACTION-SELECT-SHAPE reports every extra key.
            if let Some(url) = url.filter(|_| action.site == ActionSite::OnClick) {
                sink.report_help(
                    url,
                    format!("'{name}' takes no 'url'; only open_url does"),
                    "remove 'url'",
                );
            }
            continue;
        }
        match url {
            None => sink.report(action.node, "open_url has no 'url'"),
            Some(u) => match u.as_str() {
                None => sink.report(
                    u,
                    format!("open_url 'url' must be a string, found {}", u.type_name()),
                ),
                Some(s) if s.trim().is_empty() => sink.report(u, "open_url 'url' is empty"),
                Some(_) => {}
            },
        }
        if let Some(p) = action.payload {
            sink.report_help(p, "open_url takes no 'payload'", "remove 'payload'");
        }
    }
}
