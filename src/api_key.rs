//! The API key, wrapped so that it cannot be formatted into output by accident.

use std::fmt;

/// A secret bearer key. It has no `Display`, and its `Debug` is redacted:
/// the only way to the text is [`ApiKey::expose`], used for the one header
/// that needs it.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key, without surrounding whitespace (key files end in a newline).
    pub fn new(key: &str) -> Option<ApiKey> {
        let key = key.trim();
        (!key.is_empty()).then(|| ApiKey(key.to_owned()))
    }

    /// The key itself: for the `Authorization` header only.
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
        let key = ApiKey::new(" ls_app_live_secret123\n").unwrap();
        assert_eq!(key.expose(), "ls_app_live_secret123");
        assert!(!format!("{key:?}").contains("secret"));
    }

    #[test]
    fn an_empty_key_is_no_key() {
        assert!(ApiKey::new("  \n").is_none());
    }
}
