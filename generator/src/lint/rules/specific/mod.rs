//! Rules about individual component types: text and RichText, TextInput, data-source items, dates,
//! Footer captions, images and carousels, media pickers, NavigationList, ChipsSelector.

use crate::lint::Rule;

mod common;

mod calendar_days;
mod calendar_mode_props;
mod calendar_range_shape;
mod carousel_images;
mod carousel_per_flow;
mod chips_version;
mod datasource_action_exclusive;
mod datasource_color;
mod datasource_id_unique;
mod datasource_image_size;
mod datasource_image_xor_color;
mod datasource_item;
mod date_format;
mod date_range;
mod docpicker_mime;
mod image_size;
mod image_src;
mod label_variant;
mod media_size;
mod navlist_action;
mod navlist_alone;
mod navlist_items;
mod navlist_not_terminal;
mod picker_complete_limits;
mod picker_not_in_navigate;
mod picker_one_per_screen;
mod picker_top_level;
mod richtext_placement;
mod richtext_static;
mod text_markdown;
mod textinput_pattern;
mod textinput_pattern_helper;

pub static RULES: &[&Rule] = &[
    &text_markdown::RULE,
    &richtext_placement::RULE,
    &richtext_static::RULE,
    &textinput_pattern::RULE,
    &textinput_pattern_helper::RULE,
    &label_variant::RULE,
    &datasource_item::RULE,
    &datasource_image_xor_color::RULE,
    &datasource_color::RULE,
    &datasource_image_size::RULE,
    &datasource_action_exclusive::RULE,
    &datasource_id_unique::RULE,
    &media_size::RULE,
    &date_format::RULE,
    &date_range::RULE,
    &calendar_mode_props::RULE,
    &calendar_range_shape::RULE,
    &calendar_days::RULE,
    &image_src::RULE,
    &image_size::RULE,
    &carousel_images::RULE,
    &carousel_per_flow::RULE,
    &picker_one_per_screen::RULE,
    &picker_not_in_navigate::RULE,
    &picker_top_level::RULE,
    &picker_complete_limits::RULE,
    &docpicker_mime::RULE,
    &navlist_not_terminal::RULE,
    &navlist_alone::RULE,
    &navlist_action::RULE,
    &navlist_items::RULE,
    &chips_version::RULE,
];
