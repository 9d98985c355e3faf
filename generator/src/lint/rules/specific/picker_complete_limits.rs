use crate::flow::binding;
use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::{Component, Versions};
use crate::lint::{Context, Level, Rule, Sink};

use super::common::picker_of;

pub static RULE: Rule = Rule {
    id: "FJ-PICKER-COMPLETE-LIMITS",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "media sent with `complete`: at most 10 files and 100 MiB in total (5.0+); one single-file picker before 5.0",
    explain: "Media passed in a `complete` payload go out with the completion message, which has \
limits. From 5.0 the pickers referenced there may allow at most 10 files together (sum of \
`max-uploaded-photos`/`max-uploaded-documents`, default 30 each) and at most 100 MiB (sum of \
max files × `max-file-size-kb`, default 25600 KB). Before 5.0 only one picker may be referenced, \
allowing at most one file. The Builder reports INVALID_ON_CLICK_ACTION_PAYLOAD otherwise.",
    help: "lower max-uploaded-photos/documents and max-file-size-kb, or send the media with data_exchange",
    check,
};

fn max_files(p: &Component) -> f64 {
    let key = if p.kind == Some("DocumentPicker") {
        "max-uploaded-documents"
    } else {
        "max-uploaded-photos"
    };
    p.node.get(key).and_then(Node::as_f64).unwrap_or(30.0)
}

fn max_kb(p: &Component) -> f64 {
    p.node
        .get("max-file-size-kb")
        .and_then(Node::as_f64)
        .unwrap_or(25600.0)
}

fn check(ctx: &Context, sink: &mut Sink) {
    for action in ctx
        .flow
        .actions
        .iter()
        .filter(|a| a.name == Some("complete"))
    {
        let Some(payload) = action.payload else {
            continue;
        };
        let mut pickers: Vec<&Component> = Vec::new();
        for m in payload.as_object().unwrap_or(&[]) {
            let Some(s) = m.value.as_str().filter(|s| binding::is_single_ref(s)) else {
                continue;
            };
            for r in binding::refs(s) {
                if let Some(p) = picker_of(ctx.flow, action.screen, &r.target) {
                    if !pickers.iter().any(|q| std::ptr::eq(q.node, p.node)) {
                        pickers.push(p);
                    }
                }
            }
        }
        if pickers.is_empty() {
            continue;
        }
        if ctx.at_least(5, 0) || ctx.version().is_none() {
            let files: f64 = pickers.iter().map(|p| max_files(p)).sum();
            let size: f64 = pickers.iter().map(|p| max_files(p) * max_kb(p)).sum();
            if files > 10.0 {
                sink.report(payload, format!("the complete payload carries pickers allowing {files} files in total; at most 10 are allowed"));
            }
            if size > 102_400.0 {
                sink.report(payload, format!("the complete payload carries pickers allowing {size} KB in total; at most 102400 KB (100 MiB) are allowed"));
            }
        } else {
            if pickers.len() > 1 {
                sink.report(
                    payload,
                    format!(
                        "the complete payload carries {} pickers; before 5.0 only one is allowed",
                        pickers.len()
                    ),
                );
            }
            for p in &pickers {
                if max_files(p) > 1.0 {
                    sink.report(payload, format!("{} allows {} files; before 5.0 a picker sent with complete allows at most 1", p.label(), max_files(p)));
                }
            }
        }
    }
}
