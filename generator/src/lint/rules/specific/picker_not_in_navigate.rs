use crate::flow::binding;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::rules::util::each_string;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::picker_of;

pub static RULE: Rule = Rule {
    id: "FJ-PICKER-NOT-IN-NAVIGATE",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "PhotoPicker/DocumentPicker values are never passed in a navigate payload",
    explain: "Uploaded media cannot travel between screens in a `navigate` payload; the Builder \
reports \"not allowed in the payload of navigate action\". Later screens read the upload with a \
global reference (`${screen.UPLOAD.form.photo}`) in their own data_exchange or complete payload.",
    help:
        "drop it from the navigate payload and reference it later as ${screen.SCREEN_ID.form.NAME}",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for action in ctx
        .flow
        .actions
        .iter()
        .filter(|a| a.name == Some("navigate"))
    {
        let Some(payload) = action.payload else {
            continue;
        };
        each_string(payload, &mut |node, s| {
            if !binding::has_ref(s) {
                return;
            }
            for r in binding::refs(s) {
                if let Some(p) = picker_of(ctx.flow, action.screen, &r.target) {
                    sink.report(
                        node,
                        format!("{} ({}) is passed in a navigate payload", p.label(), r.text),
                    );
                }
            }
        });
    }
}
