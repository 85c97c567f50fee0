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
    /// Every status logingestor ends with of its own, lowest first (not
    /// [`ExitCode::Command`], which passes a command's status on): the table
    /// of `--help`, of the man pages and of the README.
    pub const DOCUMENTED: [ExitCode; 11] = [
        ExitCode::Success,
        ExitCode::Usage,
        ExitCode::DataRejected,
        ExitCode::NoInput,
        ExitCode::Unavailable,
        ExitCode::Internal,
        ExitCode::CantCreate,
        ExitCode::IoError,
        ExitCode::TempFail,
        ExitCode::NoPermission,
        ExitCode::Config,
    ];

    /// What the status means, in the words of the exit status tables (with
    /// `code` in backquotes, as the README writes it); empty for
    /// [`ExitCode::Command`].
    pub fn meaning(self) -> &'static str {
        match self {
            ExitCode::Success => "every entry read was accepted by the API",
            ExitCode::Usage => "usage error: a malformed flag, level, `--meta` pair or timestamp",
            ExitCode::DataRejected => {
                "the API rejected entries as invalid (400/422); they are in the dead-letter file"
            }
            ExitCode::NoInput => "an input file could not be read",
            ExitCode::Unavailable => {
                "entries were lost: dropped by `--when-full drop`, undeliverable with the spool \
                 off, or deleted by the spool's cap (the message says how many); for `check`, \
                 the API was unreachable or failing"
            }
            ExitCode::Internal => "internal error (a bug: please report it)",
            ExitCode::CantCreate => {
                "the spool directory could not be created or written, and the entries that \
                 needed it were lost (the message says how many)"
            }
            ExitCode::IoError => "local I/O error",
            ExitCode::TempFail => {
                "some entries could not be delivered yet and wait in the spool: nothing is \
                 lost, the next run (or `logingestor spool flush`) sends them"
            }
            ExitCode::NoPermission => {
                "the API refused the key (401/403): a read-only key, a source key, or a key \
                 pinned to another project"
            }
            ExitCode::Config => {
                "configuration error: missing or malformed key, project, URL or config file, \
                 no ingest API at the URL (404), or a server certificate the trust roots refuse"
            }
            ExitCode::Command(_) => "",
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_codes_are_distinct_and_each_has_a_meaning() {
        let codes: Vec<u8> = ExitCode::DOCUMENTED
            .iter()
            .map(|code| code.code())
            .collect();
        assert!(codes.windows(2).all(|pair| pair[0] < pair[1]), "{codes:?}");
        for code in ExitCode::DOCUMENTED {
            assert!(!code.meaning().is_empty(), "{code:?}");
        }
    }

    #[test]
    fn the_readme_exit_code_table_is_this_one() {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("| code | meaning |")
            .expect("the README's exit code table");
        let rows: Vec<(u8, String)> = readme[start..]
            .lines()
            .skip(2)
            .take_while(|line| line.starts_with('|'))
            .map(|row| {
                let cells: Vec<&str> = row.split('|').map(str::trim).collect();
                (cells[1].parse().expect("a code"), cells[2].to_owned())
            })
            .collect();
        let expected: Vec<(u8, String)> = ExitCode::DOCUMENTED
            .iter()
            .map(|code| (code.code(), code.meaning().to_owned()))
            .collect();
        assert_eq!(rows, expected);
    }
}
