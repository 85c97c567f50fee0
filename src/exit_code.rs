//! The process exit codes, one table for the whole program (sysexits.h values).

/// Why logingestor ended; each variant is one documented exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitCode {
    /// Every entry was accepted by the API.
    Success,
    /// The command line was malformed (EX_USAGE).
    Usage,
    /// The API rejected entries as invalid, 400 or 422 (EX_DATAERR).
    DataRejected,
    /// An input file could not be opened or read (EX_NOINPUT).
    NoInput,
    /// The API was unreachable or failing: network error, timeout, 5xx (EX_UNAVAILABLE).
    Unavailable,
    /// An unexpected internal error; a bug worth reporting (EX_SOFTWARE).
    Internal,
    /// The spool directory could not be created or written (EX_CANTCREAT).
    CantCreate,
    /// A local I/O failure, such as writing to stdout (EX_IOERR).
    IoError,
    /// Entries wait in the spool for a later run; nothing is lost (EX_TEMPFAIL).
    TempFail,
    /// The key was refused, 401 or 403 (EX_NOPERM).
    NoPermission,
    /// The configuration is missing or wrong, including a 404 from a wrong base URL (EX_CONFIG).
    Config,
    /// `run`: the command's own status (128+N when signal N killed it; 126 when
    /// it could not be executed, 127 when it was not found), passed on unchanged.
    Command(u8),
}

impl ExitCode {
    /// The numeric status handed to the operating system.
    pub fn code(self) -> u8 {
        match self {
            ExitCode::Success => 0,
            ExitCode::Usage => 64,
            ExitCode::DataRejected => 65,
            ExitCode::NoInput => 66,
            ExitCode::Unavailable => 69,
            ExitCode::Internal => 70,
            ExitCode::CantCreate => 73,
            ExitCode::IoError => 74,
            ExitCode::TempFail => 75,
            ExitCode::NoPermission => 77,
            ExitCode::Config => 78,
            ExitCode::Command(status) => status,
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code.code())
    }
}
