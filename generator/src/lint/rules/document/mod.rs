//! Rules about the document as a whole: JSON shape, size, root keys, `version`, `data_api_version`.

use crate::lint::Rule;

mod common;
mod dapi_for_data_exchange;
mod dapi_recommended;
mod dapi_value;
mod dcuri_format;
mod dcuri_removed;
mod duplicate_key;
mod json_object;
mod meta_reserved;
mod root_keys;
mod routing_with_dapi;
mod screens_max;
mod screens_present;
mod size;
mod version_known;
mod version_present;
mod version_publishable;
mod version_recommended;
mod version_string;

pub static RULES: &[&Rule] = &[
    &json_object::RULE,
    &duplicate_key::RULE,
    &size::RULE,
    &root_keys::RULE,
    &meta_reserved::RULE,
    &version_present::RULE,
    &version_string::RULE,
    &version_known::RULE,
    &version_publishable::RULE,
    &version_recommended::RULE,
    &screens_present::RULE,
    &screens_max::RULE,
    &dapi_value::RULE,
    &dapi_recommended::RULE,
    &dapi_for_data_exchange::RULE,
    &routing_with_dapi::RULE,
    &dcuri_removed::RULE,
    &dcuri_format::RULE,
];
