//! The configured API key is never shipped: wherever it appears in an entry
//! about to be sent or spooled (a line of `env` output, a command line, a
//! JSON field), it is replaced by a marker.

use memchr::memmem::Finder;

use crate::api_key::ApiKey;

/// What the key is replaced with.
pub const MARKER: &str = "[REDACTED]";
/// A message cut at the API's limit that ends in at least this much of the
/// start of the key has that part masked too.
const MIN_CUT_PREFIX: usize = 8;

/// Finds the key in encoded entries and masks it.
#[derive(Clone)]
pub struct SecretMask {
    /// The key as it appears in JSON (escaped as a JSON string's contents).
    key: Option<Vec<u8>>,
    finder: Option<Finder<'static>>,
}

impl std::fmt::Debug for SecretMask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretMask(<redacted>)")
    }
}

impl SecretMask {
    /// A mask for `key`; one that masks nothing when there is no key.
    pub fn new(key: Option<&ApiKey>) -> Self {
        let Some(key) = key else {
            return SecretMask::none();
        };
        let quoted = serde_json::to_string(key.expose()).expect("strings always serialize");
        let escaped = quoted.as_bytes()[1..quoted.len() - 1].to_vec();
        SecretMask {
            finder: Some(Finder::new(&escaped).into_owned()),
            key: Some(escaped),
        }
    }

    /// A mask that masks nothing.
    pub fn none() -> Self {
        SecretMask {
            key: None,
            finder: None,
        }
    }

    /// Masks every occurrence of the key in `out[start..]`, one encoded
    /// entry; returns how many it masked.
    pub fn mask(&self, out: &mut Vec<u8>, start: usize) -> usize {
        let Some(finder) = &self.finder else {
            return 0;
        };
        let Some(first) = finder.find(&out[start..]) else {
            return 0;
        };
        let key_len = finder.needle().len();
        let mut masked = Vec::with_capacity(out.len() - start);
        let mut rest = &out[start..];
        let mut at = Some(first);
        let mut count = 0;
        while let Some(index) = at {
            masked.extend_from_slice(&rest[..index]);
            masked.extend_from_slice(MARKER.as_bytes());
            rest = &rest[index + key_len..];
            count += 1;
            at = finder.find(rest);
        }
        masked.extend_from_slice(rest);
        out.truncate(start);
        out.extend_from_slice(&masked);
        count
    }

    /// `message` (one cut at the API's limit) without a start of the key at
    /// its very end, where the cut went through it.
    pub fn cut_tail(&self, message: &str) -> Option<String> {
        let key = self.key.as_ref()?;
        let bytes = message.as_bytes();
        let longest = key.len().min(bytes.len());
        (MIN_CUT_PREFIX..longest)
            .rev()
            .find(|&len| bytes[bytes.len() - len..] == key[..len])
            .map(|len| format!("{}{MARKER}", &message[..message.len() - len]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask() -> SecretMask {
        SecretMask::new(Some(
            &ApiKey::parse("ls_app_live_SECRET0123456789").unwrap(),
        ))
    }

    #[test]
    fn every_occurrence_is_masked() {
        let mut out = b"prefix{\"message\":\"key=ls_app_live_SECRET0123456789 and ls_app_live_SECRET0123456789\"}".to_vec();
        assert_eq!(mask().mask(&mut out, 6), 2);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "prefix{\"message\":\"key=[REDACTED] and [REDACTED]\"}"
        );
        let mut clean = b"{\"message\":\"nothing\"}".to_vec();
        assert_eq!(mask().mask(&mut clean, 0), 0);
        assert_eq!(SecretMask::none().mask(&mut clean, 0), 0);
    }

    #[test]
    fn a_key_cut_by_the_message_limit_is_masked_too() {
        let cut = "…Authorization: Bearer ls_app_live_SECR";
        assert_eq!(
            mask().cut_tail(cut).as_deref(),
            Some("…Authorization: Bearer [REDACTED]")
        );
        assert_eq!(
            mask().cut_tail("ends with ls_app"),
            None,
            "too short to say"
        );
        assert_eq!(mask().cut_tail("nothing of it"), None);
    }
}
