//! Colour on the terminal: only when the stream is a terminal, and never when
//! `NO_COLOR` is set (<https://no-color.org>) or `TERM=dumb`.

use std::borrow::Cow;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Paints words in colour, or leaves them alone when colour is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    enabled: bool,
}

impl Palette {
    /// Colour for a stream: on only when it is a terminal and colour is not unwanted.
    pub fn new(stream_is_terminal: bool, no_color: bool) -> Palette {
        Palette {
            enabled: stream_is_terminal && !no_color,
        }
    }

    /// No colour at all.
    #[cfg(test)]
    pub fn plain() -> Palette {
        Palette { enabled: false }
    }

    /// For errors and failed checks: red.
    pub fn error<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.paint(RED, text)
    }

    /// For hints and warnings: yellow.
    pub fn hint<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.paint(YELLOW, text)
    }

    /// For passed checks: green.
    pub fn good<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.paint(GREEN, text)
    }

    /// For headings: bold.
    pub fn heading<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.paint(BOLD, text)
    }

    /// For what matters less, such as where a setting came from: dim.
    pub fn faint<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.paint(DIM, text)
    }

    fn paint<'a>(&self, style: &str, text: &'a str) -> Cow<'a, str> {
        if self.enabled {
            Cow::Owned(format!("{style}{text}{RESET}"))
        } else {
            Cow::Borrowed(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert_eq!(Palette::new(true, false).error("x"), "\x1b[31mx\x1b[0m");
        assert_eq!(Palette::new(false, false).error("x"), "x");
        assert_eq!(Palette::new(true, true).error("x"), "x");
        assert_eq!(Palette::plain().good("x"), "x");
    }
}
