//! Which files the PATH arguments name: a path as it is, a glob (`*`, `?`,
//! `[`) as the files it matches now; and the rotated siblings of a file,
//! the names logrotate gives it (`app.log.1`, `app.log-20261202`).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regex::Regex;

/// One PATH argument.
#[derive(Debug, Clone)]
pub enum PathPattern {
    /// A file named as it is.
    Literal(PathBuf),
    /// A glob, and its text.
    Glob(glob::Pattern, String),
}

impl PathPattern {
    /// The PATH argument `text`: a glob when it holds `*`, `?` or `[`.
    pub fn parse(text: &str) -> Result<PathPattern, String> {
        if !text.contains(['*', '?', '[']) {
            return Ok(PathPattern::Literal(PathBuf::from(text)));
        }
        glob::Pattern::new(text)
            .map(|pattern| PathPattern::Glob(pattern, text.to_owned()))
            .map_err(|error| format!("{text} is not a valid glob: {error}"))
    }

    /// The text given on the command line.
    pub fn text(&self) -> String {
        match self {
            PathPattern::Literal(path) => path.display().to_string(),
            PathPattern::Glob(_, text) => text.clone(),
        }
    }

    /// The paths it names now: a literal path whether it exists or not, a
    /// glob's matching files (not directories), sorted.
    pub fn expand(&self) -> Vec<PathBuf> {
        match self {
            PathPattern::Literal(path) => vec![path.clone()],
            PathPattern::Glob(_, text) => {
                let mut paths: Vec<PathBuf> = glob::glob(text)
                    .map(|paths| {
                        paths
                            .filter_map(Result::ok)
                            .filter(|path| !path.is_dir())
                            .collect()
                    })
                    .unwrap_or_default();
                paths.sort();
                paths
            }
        }
    }

    /// Whether `path` is one this argument names.
    pub fn names(&self, path: &Path) -> bool {
        match self {
            PathPattern::Literal(literal) => literal == path,
            PathPattern::Glob(pattern, _) => pattern.matches_path(path),
        }
    }
}

/// The files beside `path` named as logrotate names its rotated copies,
/// uncompressed: `NAME.1`, `NAME-20261202`, `NAME-2026-12-02`, `NAME-20261202.1`.
pub fn rotated_siblings(path: &Path) -> Vec<PathBuf> {
    static SUFFIX: OnceLock<Regex> = OnceLock::new();
    let suffix = SUFFIX
        .get_or_init(|| Regex::new(r"^(?:\.[0-9]+|-[0-9][0-9_.-]*)$").expect("a valid regex"));
    let (Some(name), dir) = (path.file_name(), path.parent()) else {
        return Vec::new();
    };
    let name = name.to_string_lossy();
    let dir = match dir {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut siblings: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let other = entry.file_name();
            let other = other.to_string_lossy();
            other
                .strip_prefix(name.as_ref())
                .is_some_and(|rest| suffix.is_match(rest))
                && entry.file_type().is_ok_and(|kind| kind.is_file())
        })
        .map(|entry| dir.join(entry.file_name()))
        .collect();
    siblings.sort();
    siblings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logrotates_names_are_siblings_and_compressed_ones_are_not() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "app.log",
            "app.log.1",
            "app.log.2.gz",
            "app.log-20261202",
            "app.log-2026-12-01",
            "app.logger",
            "app.log.old",
            "other.log.1",
        ] {
            std::fs::write(dir.path().join(name), "x\n").unwrap();
        }
        let names: Vec<String> = rotated_siblings(&dir.path().join("app.log"))
            .iter()
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["app.log-2026-12-01", "app.log-20261202", "app.log.1"]
        );
    }

    #[test]
    fn a_glob_names_the_files_it_matches() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.log"), "").unwrap();
        std::fs::write(dir.path().join("b.log"), "").unwrap();
        std::fs::write(dir.path().join("b.txt"), "").unwrap();
        let text = format!("{}/*.log", dir.path().display());
        let pattern = PathPattern::parse(&text).unwrap();
        assert_eq!(pattern.expand().len(), 2);
        assert!(pattern.names(&dir.path().join("c.log")));
        assert!(matches!(
            PathPattern::parse("/var/log/app.log"),
            Ok(PathPattern::Literal(_))
        ));
    }
}
