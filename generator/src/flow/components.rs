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

const fn spec(kind: &'static str, since: Version, input: bool, in_if: Option<Version>, in_switch: Option<Version>, in_form: bool) -> Spec {
    Spec { kind, since, input, in_if, in_switch, in_form }
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
    spec("ChipsSelector", v(6, 3), true, Some(v(7, 1)), Some(v(7, 1)), true),
    spec("DatePicker", V21, true, Some(V40), Some(V40), true),
    spec("CalendarPicker", v(6, 1), true, Some(v(6, 1)), Some(v(6, 1)), true),
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
    SPECS.iter().find(|s| s.kind == kind)
}

/// True for the input components that must sit inside a Form when the screen has one.
pub fn is_input(kind: &str) -> bool {
    spec_of(kind).is_some_and(|s| s.input)
}
