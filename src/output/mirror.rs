//! The console mirror: input echoed to stdout for `pipe`, `[LEVEL] message`
//! lines for `send`, as the official SDK's `console=True` does.

use std::io::{self, Write};

use serde_json::{Map, Value};

use crate::level::Level;

/// Echoes input bytes unchanged to a writer (stdout), so that a program's
/// output still reaches the terminal or journald. When the reader of our
/// stdout goes away (EPIPE), mirroring stops and shipping goes on.
pub struct Mirror<'a> {
    out: Option<Box<dyn Write + 'a>>,
    /// Where the mirror writes, for the warning when it stops.
    target: Target,
}

/// Where a mirror writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Stdout,
    /// `run`'s mirror of the command's stderr: a failure to write there is
    /// not told (on stderr, of all places).
    Stderr,
    #[cfg(test)]
    Nowhere,
    /// Any writer (for tests).
    #[cfg(test)]
    Writer,
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Target::Stdout => "stdout",
            Target::Stderr => "stderr",
            #[cfg(test)]
            Target::Nowhere => "nowhere",
            #[cfg(test)]
            Target::Writer => "a writer",
        })
    }
}

impl<'a> Mirror<'a> {
    /// A mirror to stdout, or one that drops everything when not `enabled`.
    pub fn stdout(enabled: bool) -> Mirror<'static> {
        Mirror {
            out: enabled.then(|| Box::new(io::stdout()) as Box<dyn Write>),
            target: Target::Stdout,
        }
    }

    /// A mirror to stderr (for `run`, the command's stderr), or one that drops
    /// everything when not `enabled`.
    pub fn stderr(enabled: bool) -> Mirror<'static> {
        Mirror {
            out: enabled.then(|| Box::new(io::stderr()) as Box<dyn Write>),
            target: Target::Stderr,
        }
    }

    /// A mirror that writes nowhere.
    #[cfg(test)]
    pub fn disabled() -> Mirror<'static> {
        Mirror {
            out: None,
            target: Target::Nowhere,
        }
    }

    /// A mirror to any writer (for tests).
    #[cfg(test)]
    pub fn to_writer(out: Box<dyn Write + 'a>) -> Mirror<'a> {
        Mirror {
            out: Some(out),
            target: Target::Writer,
        }
    }

    /// True when it writes somewhere.
    pub fn is_enabled(&self) -> bool {
        self.out.is_some()
    }

    /// Writes and flushes `bytes`. After a failure the mirror goes quiet: a
    /// closed pipe is a normal end for a tee, and other errors are reported once.
    pub fn write(&mut self, bytes: &[u8]) {
        let Some(out) = &mut self.out else { return };
        if let Err(error) = out.write_all(bytes).and_then(|()| out.flush()) {
            if error.kind() != io::ErrorKind::BrokenPipe && self.target != Target::Stderr {
                eprintln!(
                    "logingestor: warning: stopped mirroring input to {}: {error}",
                    self.target
                );
            }
            self.out = None;
        }
    }
}

/// Formats the line `send` mirrors: `[LEVEL] message`, then meta as JSON if any.
pub fn format_entry_line(level: Level, message: &str, meta: &Map<String, Value>) -> String {
    if meta.is_empty() {
        format!("[{level}] {message}")
    } else {
        format!("[{level}] {message} {}", Value::Object(meta.clone()))
    }
}

/// Prints an entry as `send` mirrors it: DEBUG and INFO to stdout, WARN and
/// ERROR to stderr. Write errors are ignored: the mirror is a courtesy.
pub fn print_entry(level: Level, message: &str, meta: &Map<String, Value>) {
    let line = format_entry_line(level, message, meta);
    let _ = match level {
        Level::Debug | Level::Info => writeln!(io::stdout(), "{line}"),
        Level::Warn | Level::Error => writeln!(io::stderr(), "{line}"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_lines_look_like_the_sdks() {
        let mut meta = Map::new();
        assert_eq!(
            format_entry_line(Level::Warn, "disk full", &meta),
            "[WARN] disk full"
        );
        meta.insert("host".into(), "web-1".into());
        assert_eq!(
            format_entry_line(Level::Info, "up", &meta),
            "[INFO] up {\"host\":\"web-1\"}"
        );
    }

    #[test]
    fn a_failing_writer_silences_the_mirror() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut mirror = Mirror::to_writer(Box::new(Closed));
        mirror.write(b"a\n");
        assert!(mirror.out.is_none());
        mirror.write(b"b\n");
    }
}
