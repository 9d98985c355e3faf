//! `flowgen list`: the use cases, one line each.

use crate::catalog::{self, Catalog};
use crate::error::{Result, EXIT_OK};

pub fn run() -> Result<u8> {
    let catalog = Catalog::load(None)?;
    crate::say_raw!("{}", catalog::list_lines(&catalog));
    Ok(EXIT_OK)
}
