use crate::flow::Versions;
use crate::lint::rules::util::quoted;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{available, closest, is_dynamic};

pub static RULE: Rule = Rule {
    id: "FJ-COMP-ENUMS",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "enumerated properties hold one of their documented values",
    explain: "Some properties accept only a fixed set of values: TextInput `input-type` (text, number, \
email, password, passcode, phone), TextBody/TextCaption `font-weight` (bold, italic, bold_italic, \
normal), Image/ImageCarousel `scale-type` (cover, contain), ImageCarousel `aspect-ratio` (4:3, 16:9), \
CalendarPicker `mode` (single, range), PhotoPicker `photo-source` (camera_gallery, camera, gallery). \
Other values are rejected with `INVALID_ENUM_VALUE`. Values are case-sensitive. (`media-size` and \
`label-variant` are checked by FJ-MEDIA-SIZE and FJ-LABEL-VARIANT.)",
    help: "use one of the documented values",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in &screen.components {
            let Some((_, table)) = available(ctx, c) else {
                continue;
            };
            for en in table.enums {
                let Some(value) = c.node.get(en.name) else {
                    continue;
                };
                match value.as_str() {
                    Some(s) if is_dynamic(s) || en.values.contains(&s) => {}
                    Some(s) => {
                        let allowed = quoted(en.values);
                        let help = match closest(s, en.values.iter().copied()) {
                            Some(hint) => format!("did you mean '{hint}'?"),
                            None => format!("use one of {allowed}"),
                        };
                        sink.report_help(
                            value,
                            format!(
                                "'{}' of {} is '{s}'; expected one of {allowed}",
                                en.name,
                                c.label()
                            ),
                            help,
                        );
                    }
                    None => {
                        let allowed = quoted(en.values);
                        sink.report_help(
                            value,
                            format!(
                                "'{}' of {} must be a string, one of {allowed} (found {})",
                                en.name,
                                c.label(),
                                value.type_name()
                            ),
                            format!("use one of {allowed}"),
                        )
                    }
                }
            }
        }
    }
}
