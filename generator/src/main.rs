//! The `flowgen` binary: parse arguments, run, exit with the status `flowgen::run` returns.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(flowgen::run(std::env::args_os()))
}
