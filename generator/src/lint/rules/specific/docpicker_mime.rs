use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_of, is_dynamic_node, items};

pub static RULE: Rule = Rule {
    id: "FJ-DOCPICKER-MIME",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "DocumentPicker allowed-mime-types are documented MIME types",
    explain: "`allowed-mime-types` of a DocumentPicker takes only the MIME types WhatsApp lists: \
PDF, Office and OpenDocument formats, gzip/zip/7z archives, common image types (avif, gif, heic, \
heif, jpeg, png, tiff, webp), text/plain and video mp4/mpeg. Anything else, including wildcards \
such as image/*, is refused by the schema.",
    help: "use only documented MIME types, e.g. \"application/pdf\", \"image/jpeg\"",
    check,
};

const MIME: &[&str] = &[
    "application/gzip",
    "application/msword",
    "application/pdf",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/x-7z-compressed",
    "application/zip",
    "image/avif",
    "image/gif",
    "image/heic",
    "image/heif",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "image/webp",
    "text/plain",
    "video/mp4",
    "video/mpeg",
];

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, &["DocumentPicker"]) {
        for n in items(c, "allowed-mime-types") {
            if is_dynamic_node(n) {
                continue;
            }
            match n.as_str() {
                Some(m) if MIME.contains(&m) => {}
                Some(m) => sink.report(
                    n,
                    format!("'{m}' is not a MIME type DocumentPicker accepts"),
                ),
                None => sink.report(
                    n,
                    format!(
                        "allowed-mime-types entry is a {}, not a MIME type string",
                        n.type_name()
                    ),
                ),
            }
        }
    }
}
