//! Rules about individual component types: text and RichText, TextInput, data-source items, dates,
//! Footer captions, images and carousels, media pickers, NavigationList, ChipsSelector.

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[];
