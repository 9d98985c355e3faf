//! One handler per subcommand. Each returns the exit status or an [`Error`](crate::error::Error).

pub mod check_endpoint;
pub mod completions;
pub mod keygen;
pub mod list;
pub mod new;
pub mod params;
pub mod preview;
pub mod publish;
pub mod rules;
pub mod schema;
pub mod validate;

use crate::cli::Command;
use crate::error::Result;

pub fn dispatch(command: Command) -> Result<u8> {
    match command {
        Command::Validate(args) => validate::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::New(args) => new::run(&args),
        Command::List(args) => list::run(&args),
        Command::Params(args) => params::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Keygen(args) => keygen::run(&args),
        Command::CheckEndpoint(args) => check_endpoint::run(&args),
        Command::Preview(args) => preview::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Publish(args) => publish::run(&args),
    }
}
