//! The shape of `src/` (README, "How the code is laid out"): folders named
//! for the stages a line goes through, a few shared nouns at the root, and
//! no module reaching back up the flow.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// What each top-level module may import, besides itself. Test code is
/// left out: a test may drive the stages around the one it tests.
const MAY_IMPORT: &[(&str, &[&str])] = &[
    ("api_key", &[]),
    ("level", &[]),
    ("shutdown", &[]),
    ("secret_mask", &["api_key"]),
    ("entry", &["level", "secret_mask"]),
    ("output", &["level"]),
    // The help's exit status table comes from output's one list of codes.
    ("cli", &["level", "output"]),
    ("understand", &["entry", "level"]),
    ("filter", &["entry", "level", "secret_mask"]),
    ("input", &["output", "understand"]),
    ("spool", &["entry", "output"]),
    (
        "batch",
        &[
            "entry",
            "filter",
            "input",
            "level",
            "output",
            "shutdown",
            "spool",
            "understand",
        ],
    ),
    (
        "deliver",
        &["api_key", "batch", "output", "shutdown", "spool"],
    ),
    (
        "config",
        &[
            "api_key",
            "batch",
            "cli",
            "deliver",
            "entry",
            "filter",
            "level",
            "output",
            "spool",
            "understand",
        ],
    ),
    (
        "commands",
        &[
            "api_key",
            "batch",
            "cli",
            "config",
            "deliver",
            "entry",
            "filter",
            "input",
            "level",
            "output",
            "secret_mask",
            "shutdown",
            "spool",
            "understand",
        ],
    ),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

/// `text` without its comments and its `#[cfg(test)] mod … { … }` blocks.
fn without_tests(text: &str) -> String {
    let code: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut kept = String::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        kept.push_str(&rest[..at]);
        let after = &rest[at..];
        let block = after.find('{').filter(|open| {
            let head = &after[..*open];
            head.contains("mod ") && !head.contains(';')
        });
        rest = match block {
            Some(open) => {
                let mut depth = 0;
                let mut end = after.len();
                for (index, c) in after[open..].char_indices() {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    if depth == 0 {
                        end = open + index + 1;
                        break;
                    }
                }
                &after[end..]
            }
            None => &after["#[cfg(test)]".len()..],
        };
    }
    kept.push_str(rest);
    kept
}

/// The top-level modules each one imports, from its `crate::…` paths.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = src();
    let top_level: BTreeSet<String> = MAY_IMPORT.iter().map(|(m, _)| m.to_string()).collect();
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in rust_files(&src) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "tests.rs" || name.ends_with("_tests.rs") || name == "main.rs" {
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap();
        let module = relative.iter().next().unwrap().to_string_lossy();
        let module = module.trim_end_matches(".rs").to_owned();
        let code = without_tests(&fs::read_to_string(&path).unwrap());
        let found = imports.entry(module.clone()).or_default();
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            let mut names = vec![rest];
            // `use crate::{a::X, b::Y}`
            if let Some(group) = rest.strip_prefix('{') {
                names = group[..group.find('}').unwrap_or(group.len())]
                    .split(',')
                    .map(str::trim)
                    .collect();
            }
            for name in names {
                let target: String = name
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if top_level.contains(&target) && target != module {
                    found.insert(target);
                }
            }
        }
    }
    imports
}

#[test]
fn each_module_imports_only_what_it_takes_data_from_or_hands_it_to() {
    let imports = imports();
    let allowed: BTreeMap<&str, &[&str]> = MAY_IMPORT.iter().copied().collect();
    let mut reaching_back = Vec::new();
    for (module, targets) in &imports {
        let may = allowed
            .get(module.as_str())
            .unwrap_or_else(|| panic!("src/{module} is not in MAY_IMPORT: say where it sits"));
        for target in targets {
            if !may.contains(&target.as_str()) {
                reaching_back.push(format!("{module} -> {target}"));
            }
        }
    }
    assert!(
        reaching_back.is_empty(),
        "imports against the flow: {reaching_back:?}"
    );
    // The table itself has no cycle: each module may only import modules
    // listed before it.
    for (index, (module, may)) in MAY_IMPORT.iter().enumerate() {
        let earlier: Vec<&str> = MAY_IMPORT[..index].iter().map(|(m, _)| *m).collect();
        for target in *may {
            assert!(earlier.contains(target), "{module} -> {target} is a cycle");
        }
    }
}

#[test]
fn at_most_eight_files_stay_at_the_root() {
    let files: Vec<String> = fs::read_dir(src())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(files.len() <= 8, "{files:?}");
}

#[test]
fn every_stage_says_first_what_it_takes_in_and_hands_on() {
    for entry in fs::read_dir(src()).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let text = fs::read_to_string(dir.join("mod.rs")).unwrap();
        let first_paragraph: String = text
            .lines()
            .take_while(|line| line.starts_with("//! "))
            .collect();
        assert!(
            first_paragraph.contains("takes") && first_paragraph.contains("hands"),
            "{}/mod.rs does not open with what the stage takes in and hands on",
            dir.display()
        );
    }
}
