//! One handler per subcommand. Each returns the exit status or an [`Error`](crate::error::Error).

pub mod rules;
pub mod validate;

use crate::cli::Command;
use crate::error::{Error, Result};

pub fn dispatch(command: Command) -> Result<u8> {
    match command {
        Command::Validate(args) => validate::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::New(_) | Command::List | Command::Params(_) | Command::Schema(_) => {
            Err(Error::usage("this command is not built yet (see issue 4)"))
        }
        Command::Keygen(_) => Err(Error::usage("keygen is not built yet (see issue 5)")),
    }
}
