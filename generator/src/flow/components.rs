//! The component catalogue: every Flow JSON component type, the version it appeared in, whether it
//! is an input, and where it may sit. Rules read this table instead of hard-coding lists.
//! Per-property tables (allowed keys, required keys, text limits) are added beside `SPECS`.

use super::version::{v, Version};

/// What the catalogue knows of one component type.
#[derive(Debug)]
pub struct Spec {
    pub kind: &'static str,
    pub since: Version,
    /// An input: has a `name`, must sit in a Form before 4.0 and when the screen has a Form.
    pub input: bool,
    /// May appear inside an If branch from this version (None: never).
    pub in_if: Option<Version>,
    /// May appear inside a Switch case from this version (None: never).
    pub in_switch: Option<Version>,
    /// May appear inside a Form.
    pub in_form: bool,
}

const fn spec(
    kind: &'static str,
    since: Version,
    input: bool,
    in_if: Option<Version>,
    in_switch: Option<Version>,
    in_form: bool,
) -> Spec {
    Spec {
        kind,
        since,
        input,
        in_if,
        in_switch,
        in_form,
    }
}

const V21: Version = v(2, 1);
const V40: Version = v(4, 0);

/// Every component type, in the order of the components reference.
pub const SPECS: &[Spec] = &[
    spec("TextHeading", V21, false, Some(V40), Some(V40), true),
    spec("TextSubheading", V21, false, Some(V40), Some(V40), true),
    spec("TextBody", V21, false, Some(V40), Some(V40), true),
    spec("TextCaption", V21, false, Some(V40), Some(V40), true),
    spec("RichText", v(5, 1), false, None, None, false),
    spec("TextInput", V21, true, Some(V40), Some(V40), true),
    spec("TextArea", V21, true, Some(V40), Some(V40), true),
    spec("CheckboxGroup", V21, true, Some(V40), Some(V40), true),
    spec("RadioButtonsGroup", V21, true, Some(V40), Some(V40), true),
    spec("Dropdown", V21, true, Some(V40), Some(V40), true),
    spec(
        "ChipsSelector",
        v(6, 3),
        true,
        Some(v(7, 1)),
        Some(v(7, 1)),
        true,
    ),
    spec("DatePicker", V21, true, Some(V40), Some(V40), true),
    spec(
        "CalendarPicker",
        v(6, 1),
        true,
        Some(v(6, 1)),
        Some(v(6, 1)),
        true,
    ),
    spec("OptIn", V21, true, Some(V40), Some(V40), true),
    spec("EmbeddedLink", V21, false, Some(V40), Some(V40), true),
    spec("Footer", V21, false, Some(V40), Some(V40), true),
    spec("Image", V21, false, Some(V40), Some(V40), true),
    spec("ImageCarousel", v(7, 1), false, None, None, true),
    spec("PhotoPicker", V40, true, Some(V40), Some(V40), true),
    spec("DocumentPicker", V40, true, Some(V40), Some(V40), true),
    spec("NavigationList", v(6, 2), false, None, None, true),
    spec("If", V40, false, Some(V40), None, true),
    spec("Switch", V40, false, Some(V40), None, true),
    spec("Form", V21, false, None, None, false),
];

/// The catalogue entry for a `type`, if it is a known component.
pub fn spec_of(kind: &str) -> Option<&'static Spec> {
    SPECS.get(index_of(kind)?)
}

/// The position of a component type in [`SPECS`] and [`TABLES`]. A `match` instead of a scan
/// of string comparisons: every rule looks components up, for every component.
fn index_of(kind: &str) -> Option<usize> {
    Some(match kind {
        "TextHeading" => 0,
        "TextSubheading" => 1,
        "TextBody" => 2,
        "TextCaption" => 3,
        "RichText" => 4,
        "TextInput" => 5,
        "TextArea" => 6,
        "CheckboxGroup" => 7,
        "RadioButtonsGroup" => 8,
        "Dropdown" => 9,
        "ChipsSelector" => 10,
        "DatePicker" => 11,
        "CalendarPicker" => 12,
        "OptIn" => 13,
        "EmbeddedLink" => 14,
        "Footer" => 15,
        "Image" => 16,
        "ImageCarousel" => 17,
        "PhotoPicker" => 18,
        "DocumentPicker" => 19,
        "NavigationList" => 20,
        "If" => 21,
        "Switch" => 22,
        "Form" => 23,
        _ => return None,
    })
}

/// True for the input components that must sit inside a Form when the screen has one.
pub fn is_input(kind: &str) -> bool {
    spec_of(kind).is_some_and(|s| s.input)
}

// ---------------------------------------------------------------------------------------------
// Per-component property tables.

/// One property a component accepts.
#[derive(Debug, Clone, Copy)]
pub struct Prop {
    pub name: &'static str,
    /// The first version that knows the property.
    pub since: Version,
    /// Only allowed when the component is not inside a Form (`init-value`, `error-message`).
    pub outside_form: bool,
}

/// A property that must be present (from `since` on).
#[derive(Debug, Clone, Copy)]
pub struct Required {
    pub name: &'static str,
    pub since: Version,
}

/// A property whose static value must be one of `values`.
#[derive(Debug, Clone, Copy)]
pub struct Enum {
    pub name: &'static str,
    pub values: &'static [&'static str],
}

/// A documented display limit in characters for a string property.
#[derive(Debug, Clone, Copy)]
pub struct TextLimit {
    pub name: &'static str,
    pub chars: usize,
}

/// How many items a list property (`data-source`, `list-items`, `images`) may hold (documented).
#[derive(Debug, Clone, Copy)]
pub struct OptionLimit {
    /// The list property.
    pub list: &'static str,
    /// Documented minimum (the Builder itself only needs 1).
    pub min: usize,
    pub max: usize,
    /// A lower maximum when any item carries an `image` (Dropdown: 100).
    pub max_with_images: Option<usize>,
}

/// Numeric bounds of a property (inclusive), for static values.
#[derive(Debug, Clone, Copy)]
pub struct Range {
    pub name: &'static str,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The value must be a whole number.
    pub integer: bool,
}

/// Everything the catalogue knows about one component's properties.
#[derive(Debug)]
pub struct Table {
    pub kind: &'static str,
    /// Every property the component accepts (besides `type`), with the version it appeared in.
    pub props: &'static [Prop],
    pub required: &'static [Required],
    pub enums: &'static [Enum],
    pub text_limits: &'static [TextLimit],
    /// Limits on keys of each static list item (`data-source` items: title 30, …).
    pub item_limits: &'static [TextLimit],
    pub options: Option<OptionLimit>,
    /// Pairs `(min, max)` whose static values must satisfy min ≤ max.
    pub min_max: &'static [(&'static str, &'static str)],
    pub ranges: &'static [Range],
}

impl Table {
    /// The property entry for `name`, if the component knows it in some version.
    pub fn prop(&self, name: &str) -> Option<&'static Prop> {
        if name == "type" {
            return Some(&TYPE_PROP);
        }
        self.props.iter().find(|p| p.name == name)
    }
}

const V50: Version = v(5, 0);
const V51: Version = v(5, 1);
const V60: Version = v(6, 0);
const V62: Version = v(6, 2);
const V70: Version = v(7, 0);
const V71: Version = v(7, 1);

static TYPE_PROP: Prop = p("type");

const fn p(name: &'static str) -> Prop {
    Prop {
        name,
        since: V21,
        outside_form: false,
    }
}
const fn ps(name: &'static str, since: Version) -> Prop {
    Prop {
        name,
        since,
        outside_form: false,
    }
}
/// `init-value` / `error-message`: 4.0+, only outside a Form.
const fn po(name: &'static str) -> Prop {
    Prop {
        name,
        since: V40,
        outside_form: true,
    }
}
const fn r(name: &'static str) -> Required {
    Required { name, since: V21 }
}
const fn rs(name: &'static str, since: Version) -> Required {
    Required { name, since }
}
const fn e(name: &'static str, values: &'static [&'static str]) -> Enum {
    Enum { name, values }
}
const fn l(name: &'static str, chars: usize) -> TextLimit {
    TextLimit { name, chars }
}
const fn range(name: &'static str, min: Option<f64>, max: Option<f64>, integer: bool) -> Range {
    Range {
        name,
        min,
        max,
        integer,
    }
}
const fn opts(
    list: &'static str,
    min: usize,
    max: usize,
    max_with_images: Option<usize>,
) -> Option<OptionLimit> {
    Some(OptionLimit {
        list,
        min,
        max,
        max_with_images,
    })
}

const NONE_E: &[Enum] = &[];
const NONE_L: &[TextLimit] = &[];
const NONE_MM: &[(&str, &str)] = &[];
const NONE_R: &[Range] = &[];

/// Font weights of TextBody / TextCaption.
pub const FONT_WEIGHTS: &[&str] = &["bold", "italic", "bold_italic", "normal"];
/// TextInput `input-type`.
pub const INPUT_TYPES: &[&str] = &["text", "number", "email", "password", "passcode", "phone"];
/// Image / ImageCarousel `scale-type`.
pub const SCALE_TYPES: &[&str] = &["cover", "contain"];
/// Data-source item text limits (CheckboxGroup, RadioButtonsGroup, Dropdown, ChipsSelector).
const ITEM_LIMITS: &[TextLimit] = &[l("title", 30), l("description", 300), l("metadata", 20)];

const TEXT_PROPS: &[Prop] = &[p("text"), p("visible")];
const BODY_PROPS: &[Prop] = &[
    p("text"),
    p("font-weight"),
    p("strikethrough"),
    ps("markdown", V51),
    p("visible"),
];
const BODY_ENUMS: &[Enum] = &[e("font-weight", FONT_WEIGHTS)];
const TEXT_REQ: &[Required] = &[r("text")];
const NAME_LABEL: &[Required] = &[r("name"), r("label")];

/// Per-component tables, same order as [`SPECS`].
pub static TABLES: &[Table] = &[
    Table {
        kind: "TextHeading",
        props: TEXT_PROPS,
        required: TEXT_REQ,
        enums: NONE_E,
        text_limits: &[l("text", 80)],
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "TextSubheading",
        props: TEXT_PROPS,
        required: TEXT_REQ,
        enums: NONE_E,
        text_limits: &[l("text", 80)],
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "TextBody",
        props: BODY_PROPS,
        required: TEXT_REQ,
        enums: BODY_ENUMS,
        text_limits: &[l("text", 4096)],
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "TextCaption",
        props: BODY_PROPS,
        required: TEXT_REQ,
        enums: BODY_ENUMS,
        text_limits: &[l("text", 409)],
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "RichText",
        props: TEXT_PROPS,
        required: TEXT_REQ,
        enums: NONE_E,
        text_limits: NONE_L,
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "TextInput",
        props: &[
            p("name"),
            p("label"),
            p("input-type"),
            p("required"),
            p("min-chars"),
            p("max-chars"),
            p("helper-text"),
            p("enabled"),
            p("visible"),
            ps("pattern", V62),
            ps("label-variant", V70),
            po("init-value"),
            po("error-message"),
        ],
        required: NAME_LABEL,
        enums: &[e("input-type", INPUT_TYPES)],
        text_limits: &[l("label", 20), l("helper-text", 80), l("error-message", 30)],
        item_limits: NONE_L,
        options: None,
        min_max: &[("min-chars", "max-chars")],
        ranges: NONE_R,
    },
    Table {
        kind: "TextArea",
        props: &[
            p("name"),
            p("label"),
            p("required"),
            p("max-length"),
            p("helper-text"),
            p("enabled"),
            p("visible"),
            ps("label-variant", V70),
            po("init-value"),
            po("error-message"),
        ],
        required: NAME_LABEL,
        enums: NONE_E,
        text_limits: &[l("label", 20), l("helper-text", 80)],
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "CheckboxGroup",
        props: &[
            p("name"),
            p("data-source"),
            p("label"),
            ps("description", V40),
            p("min-selected-items"),
            p("max-selected-items"),
            p("required"),
            p("enabled"),
            p("visible"),
            ps("media-size", V50),
            p("on-select-action"),
            ps("on-unselect-action", V60),
            po("init-value"),
            po("error-message"),
        ],
        required: &[r("name"), r("data-source"), rs("label", V40)],
        enums: NONE_E,
        text_limits: &[l("label", 30), l("description", 300)],
        item_limits: ITEM_LIMITS,
        options: opts("data-source", 1, 20, None),
        min_max: &[("min-selected-items", "max-selected-items")],
        ranges: &[
            range("min-selected-items", Some(0.0), None, false),
            range("max-selected-items", Some(2.0), None, false),
        ],
    },
    Table {
        kind: "RadioButtonsGroup",
        props: &[
            p("name"),
            p("data-source"),
            p("label"),
            ps("description", V40),
            p("required"),
            p("enabled"),
            p("visible"),
            ps("media-size", V50),
            p("on-select-action"),
            ps("on-unselect-action", V60),
            po("init-value"),
            po("error-message"),
        ],
        required: &[r("name"), r("data-source"), rs("label", V40)],
        enums: NONE_E,
        text_limits: &[l("label", 30), l("description", 300)],
        item_limits: ITEM_LIMITS,
        options: opts("data-source", 1, 20, None),
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "Dropdown",
        props: &[
            p("name"),
            p("label"),
            p("data-source"),
            p("required"),
            p("enabled"),
            p("visible"),
            p("on-select-action"),
            ps("on-unselect-action", V60),
            po("init-value"),
            po("error-message"),
        ],
        required: &[r("name"), r("label"), r("data-source")],
        enums: NONE_E,
        text_limits: &[l("label", 20)],
        item_limits: ITEM_LIMITS,
        options: opts("data-source", 1, 200, Some(100)),
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "ChipsSelector",
        props: &[
            p("name"),
            p("label"),
            p("data-source"),
            p("description"),
            p("min-selected-items"),
            p("max-selected-items"),
            p("required"),
            p("enabled"),
            p("visible"),
            po("init-value"),
            po("error-message"),
            ps("on-select-action", V71),
            ps("on-unselect-action", V71),
        ],
        required: &[r("name"), r("label"), r("data-source")],
        enums: NONE_E,
        text_limits: &[l("label", 80), l("description", 300)],
        item_limits: &[l("title", 30)],
        options: opts("data-source", 2, 20, None),
        min_max: &[("min-selected-items", "max-selected-items")],
        ranges: &[
            range("min-selected-items", Some(0.0), None, false),
            range("max-selected-items", Some(1.0), None, false),
        ],
    },
    Table {
        kind: "DatePicker",
        props: &[
            p("name"),
            p("label"),
            p("helper-text"),
            p("required"),
            p("enabled"),
            p("visible"),
            p("min-date"),
            p("max-date"),
            p("unavailable-dates"),
            p("on-select-action"),
            po("init-value"),
            po("error-message"),
        ],
        required: NAME_LABEL,
        enums: NONE_E,
        text_limits: &[l("label", 40), l("helper-text", 80), l("error-message", 80)],
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "CalendarPicker",
        props: &[
            p("name"),
            p("label"),
            p("title"),
            p("description"),
            p("helper-text"),
            p("required"),
            p("enabled"),
            p("visible"),
            p("mode"),
            p("min-date"),
            p("max-date"),
            p("unavailable-dates"),
            p("include-days"),
            p("min-days"),
            p("max-days"),
            p("on-select-action"),
            po("init-value"),
            po("error-message"),
        ],
        required: NAME_LABEL,
        enums: &[e("mode", &["single", "range"])],
        text_limits: &[
            l("title", 80),
            l("description", 300),
            l("label", 40),
            l("helper-text", 80),
            l("error-message", 80),
        ],
        item_limits: NONE_L,
        options: None,
        min_max: &[("min-days", "max-days")],
        ranges: NONE_R,
    },
    Table {
        kind: "OptIn",
        props: &[
            p("name"),
            p("label"),
            p("required"),
            p("visible"),
            p("on-click-action"),
            ps("on-select-action", V60),
            ps("on-unselect-action", V60),
            po("init-value"),
        ],
        required: NAME_LABEL,
        enums: NONE_E,
        text_limits: &[l("label", 120)],
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "EmbeddedLink",
        props: &[p("text"), p("on-click-action"), p("visible")],
        required: &[r("text"), r("on-click-action")],
        enums: NONE_E,
        text_limits: &[l("text", 25)],
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "Footer",
        props: &[
            p("label"),
            p("on-click-action"),
            p("left-caption"),
            p("center-caption"),
            p("right-caption"),
            p("enabled"),
        ],
        required: &[r("label"), r("on-click-action")],
        enums: NONE_E,
        text_limits: &[
            l("label", 35),
            l("left-caption", 15),
            l("center-caption", 15),
            l("right-caption", 15),
        ],
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "Image",
        props: &[
            p("src"),
            p("width"),
            p("height"),
            p("aspect-ratio"),
            p("scale-type"),
            p("alt-text"),
            p("visible"),
        ],
        required: &[r("src")],
        enums: &[e("scale-type", SCALE_TYPES)],
        text_limits: NONE_L,
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "ImageCarousel",
        props: &[
            p("images"),
            p("aspect-ratio"),
            p("scale-type"),
            p("visible"),
        ],
        required: &[r("images")],
        enums: &[
            e("aspect-ratio", &["4:3", "16:9"]),
            e("scale-type", SCALE_TYPES),
        ],
        text_limits: NONE_L,
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "PhotoPicker",
        props: &[
            p("name"),
            p("label"),
            p("description"),
            p("photo-source"),
            p("max-file-size-kb"),
            p("min-uploaded-photos"),
            p("max-uploaded-photos"),
            p("enabled"),
            p("visible"),
            po("error-message"),
        ],
        required: NAME_LABEL,
        enums: &[e("photo-source", &["camera_gallery", "camera", "gallery"])],
        text_limits: &[l("label", 80), l("description", 300)],
        item_limits: NONE_L,
        options: None,
        min_max: &[("min-uploaded-photos", "max-uploaded-photos")],
        ranges: &[
            range("max-file-size-kb", Some(1.0), Some(25600.0), true),
            range("min-uploaded-photos", Some(0.0), Some(30.0), true),
            range("max-uploaded-photos", Some(1.0), Some(30.0), true),
        ],
    },
    Table {
        kind: "DocumentPicker",
        props: &[
            p("name"),
            p("label"),
            p("description"),
            p("allowed-mime-types"),
            p("max-file-size-kb"),
            p("min-uploaded-documents"),
            p("max-uploaded-documents"),
            p("enabled"),
            p("visible"),
            po("error-message"),
        ],
        required: NAME_LABEL,
        enums: NONE_E,
        text_limits: &[l("label", 80), l("description", 300)],
        item_limits: NONE_L,
        options: None,
        min_max: &[("min-uploaded-documents", "max-uploaded-documents")],
        ranges: &[
            range("max-file-size-kb", Some(1.0), Some(25600.0), true),
            range("min-uploaded-documents", Some(0.0), Some(30.0), true),
            range("max-uploaded-documents", Some(1.0), Some(30.0), true),
        ],
    },
    Table {
        kind: "NavigationList",
        props: &[
            p("name"),
            p("list-items"),
            p("label"),
            p("description"),
            p("media-size"),
            p("on-click-action"),
        ],
        required: &[r("name"), r("list-items")],
        enums: NONE_E,
        text_limits: &[l("label", 80), l("description", 300)],
        item_limits: &[l("badge", 15)],
        options: opts("list-items", 1, 20, None),
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "If",
        props: &[p("condition"), p("then"), p("else")],
        required: &[r("condition"), r("then")],
        enums: NONE_E,
        text_limits: NONE_L,
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "Switch",
        props: &[p("value"), p("cases")],
        required: &[r("value"), r("cases")],
        enums: NONE_E,
        text_limits: NONE_L,
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
    Table {
        kind: "Form",
        props: &[
            p("name"),
            p("children"),
            p("init-values"),
            p("error-messages"),
        ],
        required: &[r("name"), r("children")],
        enums: NONE_E,
        text_limits: NONE_L,
        item_limits: NONE_L,
        options: None,
        min_max: NONE_MM,
        ranges: NONE_R,
    },
];

/// The JSON value a component property takes (§4 tables, §6.1–6.2 of the spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// A string: texts, labels, names, ids, captions, base64 `src`, `pattern`, dates.
    Text,
    /// A string, or (5.1+) an array of strings: the `text` of TextBody, TextCaption, RichText.
    TextOrLines,
    /// A string, or an object of strings (a picker's `error-message`: media id → message).
    TextOrObject,
    Boolean,
    Number,
    /// A whole number (TextArea `max-length`).
    Integer,
    /// A literal number, never a binding: the Builder takes none for the pickers' limits.
    StaticNumber,
    /// A literal boolean, never a binding (`markdown`).
    StaticBoolean,
    /// An array (options, list items, images, dates, days, MIME types), or a binding to one.
    Array,
    /// An array of components (Form `children`, If `else`), never a binding.
    Components,
    /// An object (Form `init-values` / `error-messages`), or a binding to one.
    Object,
    /// Values another rule checks, named here: enumerations, actions, If/Switch structure.
    CheckedBy(&'static str),
}

impl ValueType {
    /// True when a `${…}` reference or a backtick expression may stand for the value.
    pub fn bindable(self) -> bool {
        !matches!(
            self,
            ValueType::StaticNumber | ValueType::StaticBoolean | ValueType::Components
        )
    }
}

/// What value property `prop` of component `kind` takes, or None when the component does not
/// know the property. For CalendarPicker `label`, `helper-text`, `required`, `init-value` and
/// `error-message` this is the single-mode type (range mode makes them objects,
/// FJ-CALENDAR-RANGE-SHAPE).
pub fn value_type(kind: &str, prop: &str) -> Option<ValueType> {
    use ValueType::*;
    let table = table_of(kind)?;
    table.prop(prop)?;
    if table.enums.iter().any(|e| e.name == prop) {
        return Some(CheckedBy("FJ-COMP-ENUMS"));
    }
    Some(match (kind, prop) {
        (_, "type") => CheckedBy("FJ-COMP-TYPE"),
        (_, "on-click-action" | "on-select-action" | "on-unselect-action") => {
            CheckedBy("FJ-ACTION-ALLOWED")
        }
        (_, "media-size") => CheckedBy("FJ-MEDIA-SIZE"),
        (_, "label-variant") => CheckedBy("FJ-LABEL-VARIANT"),
        ("If", "condition") => CheckedBy("FJ-IF-CONDITION"),
        ("If", "then") => CheckedBy("FJ-IF-THEN"),
        ("If", "else") | ("Form", "children") => Components,
        ("Switch", "value") => CheckedBy("FJ-SWITCH-VALUE"),
        ("Switch", "cases") => CheckedBy("FJ-SWITCH-CASES"),
        ("Form", "init-values" | "error-messages") => Object,
        ("TextBody" | "TextCaption" | "RichText", "text") => TextOrLines,
        ("PhotoPicker" | "DocumentPicker", "error-message") => TextOrObject,
        ("CheckboxGroup" | "ChipsSelector", "init-value") => Array,
        ("OptIn", "init-value") => Boolean,
        (_, "visible" | "required" | "enabled" | "strikethrough") => Boolean,
        (_, "markdown") => StaticBoolean,
        ("TextArea", "max-length") => Integer,
        (
            _,
            "max-file-size-kb"
            | "min-uploaded-photos"
            | "max-uploaded-photos"
            | "min-uploaded-documents"
            | "max-uploaded-documents",
        ) => StaticNumber,
        (
            _,
            "min-chars" | "max-chars" | "min-selected-items" | "max-selected-items" | "min-days"
            | "max-days" | "width" | "height" | "aspect-ratio",
        ) => Number,
        (
            _,
            "data-source" | "list-items" | "images" | "unavailable-dates" | "include-days"
            | "allowed-mime-types",
        ) => Array,
        _ => Text,
    })
}

/// NavigationList item text limits: `main-content` and `end` keys (§4.10).
pub const NAVLIST_MAIN_LIMITS: &[TextLimit] =
    &[l("title", 30), l("description", 20), l("metadata", 80)];
pub const NAVLIST_END_LIMITS: &[TextLimit] =
    &[l("title", 10), l("description", 10), l("metadata", 10)];
/// NavigationList item `tags` entries.
pub const NAVLIST_TAG_CHARS: usize = 15;

/// Most components of one type allowed on a screen (§3.4), with the version the limit applies
/// from. Form (FJ-FORM-MAX-ONE) and the pickers (FJ-PICKER-ONE-PER-SCREEN) have their own rules
/// but are listed for completeness.
pub const PER_SCREEN_MAX: &[(&str, usize, Version)] = &[
    ("Footer", 1, V21),
    ("EmbeddedLink", 2, V21),
    ("Image", 3, V21),
    ("OptIn", 5, V21),
    ("PhotoPicker", 1, V40),
    ("DocumentPicker", 1, V40),
    ("NavigationList", 2, V62),
    ("ImageCarousel", 2, V71),
    ("Form", 1, V70),
];

/// The property table of a component `type`, if it is known.
pub fn table_of(kind: &str) -> Option<&'static Table> {
    TABLES.get(index_of(kind)?)
}

impl Spec {
    /// This component's property table.
    pub fn table(&self) -> Option<&'static Table> {
        table_of(self.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_property_has_a_value_type() {
        // The properties that fall through to Text are the string ones; list them so a new
        // property cannot silently become "a string".
        const TEXT: &[&str] = &[
            "text",
            "name",
            "label",
            "description",
            "helper-text",
            "pattern",
            "init-value",
            "error-message",
            "title",
            "min-date",
            "max-date",
            "left-caption",
            "center-caption",
            "right-caption",
            "src",
            "alt-text",
        ];
        for t in TABLES {
            for p in t.props.iter().chain([&TYPE_PROP]) {
                let ty = value_type(t.kind, p.name);
                assert!(ty.is_some(), "{}.{} has no value type", t.kind, p.name);
                if ty == Some(ValueType::Text) {
                    assert!(
                        TEXT.contains(&p.name),
                        "{}.{} became Text by default",
                        t.kind,
                        p.name
                    );
                }
            }
        }
        assert_eq!(value_type("TextInput", "nope"), None);
        assert_eq!(value_type("Nope", "text"), None);
    }

    #[test]
    fn every_spec_has_a_table() {
        for s in SPECS {
            assert!(s.table().is_some(), "{} has no table", s.kind);
        }
        assert_eq!(SPECS.len(), TABLES.len());
        for (i, (s, t)) in SPECS.iter().zip(TABLES).enumerate() {
            assert_eq!(s.kind, t.kind, "SPECS and TABLES differ at {i}");
            assert_eq!(index_of(s.kind), Some(i), "index_of({})", s.kind);
        }
        for t in TABLES {
            for req in t.required {
                assert!(
                    t.prop(req.name).is_some(),
                    "{}: required {} not a prop",
                    t.kind,
                    req.name
                );
            }
            for en in t.enums {
                assert!(
                    t.prop(en.name).is_some(),
                    "{}: enum {} not a prop",
                    t.kind,
                    en.name
                );
            }
            for lim in t.text_limits {
                assert!(
                    t.prop(lim.name).is_some(),
                    "{}: limit {} not a prop",
                    t.kind,
                    lim.name
                );
            }
        }
    }
}
