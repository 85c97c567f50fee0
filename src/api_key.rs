//! The API key, wrapped so that it cannot be formatted into output by accident.

use std::fmt;

/// A secret bearer key. It has no `Display`, and its `Debug` is redacted:
/// the only way to the text is [`ApiKey::expose`], used for the one header
/// that needs it and to mask the key wherever it would be shipped.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

/// Why a text is not a usable key. It never holds the key itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    /// Nothing but white space.
    Empty,
    /// The text starts with a byte order mark, as some editors save files.
    ByteOrderMark,
    /// A character that cannot go into an HTTP header as a bearer token:
    /// white space inside the key, a control character, or a non-ASCII one.
    BadCharacter {
        /// Where it is, counted in characters from 1.
        position: usize,
        /// What kind of character it is, in words.
        kind: &'static str,
    },
}

impl fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyProblem::Empty => f.write_str("it is empty"),
            KeyProblem::ByteOrderMark => f.write_str(
                "it starts with a byte order mark (U+FEFF); save the file as plain UTF-8 or ASCII",
            ),
            KeyProblem::BadCharacter { position, kind } => write!(
                f,
                "character {position} is {kind}; a key is one word of printable ASCII"
            ),
        }
    }
}

impl ApiKey {
    /// Checks and wraps a key, without surrounding white space (key files end
    /// in a newline). A key is one word of printable ASCII: anything else could
    /// not be sent in the `Authorization` header, and no retry would mend it.
    pub fn parse(text: &str) -> Result<ApiKey, KeyProblem> {
        if text.starts_with('\u{feff}') {
            return Err(KeyProblem::ByteOrderMark);
        }
        let key = text.trim();
        if key.is_empty() {
            return Err(KeyProblem::Empty);
        }
        if let Some((index, c)) = key.chars().enumerate().find(|(_, c)| !c.is_ascii_graphic()) {
            let kind = match c {
                '\n' | '\r' => "a line break",
                c if c.is_whitespace() => "white space",
                c if c.is_control() => "a control character",
                _ => "not ASCII",
            };
            return Err(KeyProblem::BadCharacter {
                position: index + 1,
                kind,
            });
        }
        Ok(ApiKey(key.to_owned()))
    }

    /// The key itself: for the `Authorization` header, and for finding it
    /// where it must be masked.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_key() {
        let key = ApiKey::parse(" ls_app_live_secret123\n").unwrap();
        assert_eq!(key.expose(), "ls_app_live_secret123");
        assert!(!format!("{key:?}").contains("secret"));
    }

    #[test]
    fn an_empty_key_is_no_key() {
        assert_eq!(ApiKey::parse("  \n"), Err(KeyProblem::Empty));
    }

    #[test]
    fn a_key_must_be_one_word_of_printable_ascii() {
        assert_eq!(
            ApiKey::parse("ls_app_live_abc\ndef\n"),
            Err(KeyProblem::BadCharacter {
                position: 16,
                kind: "a line break"
            })
        );
        assert_eq!(
            ApiKey::parse("ls_app_live_abc def"),
            Err(KeyProblem::BadCharacter {
                position: 16,
                kind: "white space"
            })
        );
        assert_eq!(
            ApiKey::parse("ls_app_live_äbc"),
            Err(KeyProblem::BadCharacter {
                position: 13,
                kind: "not ASCII"
            })
        );
        assert_eq!(
            ApiKey::parse("\u{feff}ls_app_live_abc\n"),
            Err(KeyProblem::ByteOrderMark)
        );
        let problem = ApiKey::parse("ls_app_live_secret\u{7}").unwrap_err();
        assert!(!problem.to_string().contains("secret"), "{problem}");
    }
}
