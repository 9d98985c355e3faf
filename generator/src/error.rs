//! The one error type of the command line, and the exit codes it maps to.

use std::fmt;

/// Exit status: everything fine.
pub const EXIT_OK: u8 = 0;
/// Exit status: validation (or a check) failed.
pub const EXIT_FAILED: u8 = 1;
/// Exit status: usage error or unreadable input.
pub const EXIT_USAGE: u8 = 2;

/// What can stop a command. Each variant's message says what is wrong and how to fix it.
#[derive(Debug)]
pub enum Error {
    /// Wrong arguments, unknown names, bad parameter values, unreadable input files.
    Usage(String),
    /// A check failed (validation errors, merge conflicts); the details were already printed.
    Failed(String),
    /// Reading or writing the disk failed.
    Io {
        path: String,
        source: std::io::Error,
    },
    /// A preset file was refused: the position of the offending key or value, and why.
    Preset {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A template folder is broken (bad manifest, a template that does not parse or render).
    Template(String),
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage(message.into())
    }
    pub fn io(path: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::Io { .. } | Error::Preset { .. } | Error::Template(_) => {
                EXIT_USAGE
            }
            Error::Failed(_) => EXIT_FAILED,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m) | Error::Failed(m) | Error::Template(m) => f.write_str(m),
            Error::Preset {
                path,
                line,
                column,
                message,
            } => write!(f, "{path}:{line}:{column}: {message}"),
            Error::Io { path, source } => write!(f, "{path}: {source}"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// Prints `error: MESSAGE` on stderr, the `error:` in bold red on a terminal (as cargo does;
/// `--color` and `NO_COLOR` apply).
pub fn eprint(message: &str) {
    use std::io::Write as _;
    let style = anstream::ColorChoice::global();
    // Bold bright red, then reset; the stream drops the codes when colour is off.
    let mut err = anstream::AutoStream::new(std::io::stderr(), style).lock();
    let _ = writeln!(err, "\x1b[1;91merror:\x1b[0m {message}");
}
