//! The committed man pages and completions match the clap definitions.

use std::path::Path;

use crate::test_env::{text, TestEnv};

#[test]
fn generated_docs_are_up_to_date() {
    let env = TestEnv::new();
    let out = env.home.path().join("generated");
    let output = env
        .bare_command()
        .arg("generate-docs")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for dir in ["man", "completions"] {
        for file in std::fs::read_dir(out.join(dir)).unwrap() {
            let file = file.unwrap();
            let committed = repo.join(dir).join(file.file_name());
            let fresh = std::fs::read(file.path()).unwrap();
            let old = std::fs::read(&committed).unwrap_or_default();
            assert!(
                fresh == old,
                "{} is out of date: run `cargo run -- generate-docs` and commit the result",
                committed.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} generated files");
}

#[test]
fn the_completions_command_prints_the_committed_scripts() {
    let env = TestEnv::new();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in [
        ("bash", "logingestor.bash"),
        ("zsh", "_logingestor"),
        ("fish", "logingestor.fish"),
        ("elvish", "logingestor.elv"),
        ("powershell", "_logingestor.ps1"),
    ] {
        let output = env
            .bare_command()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(output.status.success(), "{shell}: {}", text(&output.stderr));
        let committed = std::fs::read(repo.join("completions").join(file)).unwrap();
        assert!(
            output.stdout == committed,
            "{shell}: differs from completions/{file}"
        );
        assert!(
            text(&output.stdout).contains("run"),
            "{shell}: no run subcommand"
        );
    }
    env.bare_command()
        .args(["completions", "tcsh"])
        .assert()
        .code(64);
}

#[test]
fn every_subcommand_has_a_man_page_with_the_sections_people_look_for() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for page in [
        "logingestor",
        "logingestor-send",
        "logingestor-pipe",
        "logingestor-run",
        "logingestor-check",
    ] {
        let text = std::fs::read_to_string(repo.join("man").join(format!("{page}.1"))).unwrap();
        for section in [
            "EXIT STATUS",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH EXAMPLES",
        ] {
            assert!(text.contains(section), "{page}.1 has no {section}");
        }
    }
}

/// Every committed man page, with its name.
fn man_pages() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    pages.sort();
    assert!(pages.len() >= 8, "only {} man pages", pages.len());
    pages
}

#[test]
fn man_pages_are_ascii_roff_that_groff_reads_without_a_warning() {
    for (name, page) in man_pages() {
        let stray: Vec<char> = page.chars().filter(|c| !c.is_ascii()).collect();
        assert!(
            stray.is_empty(),
            "{name} holds {stray:?}: escape them in roff"
        );
    }
    // CI may not have groff; where it is installed, it must not complain.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    for (name, _) in man_pages() {
        let checked = std::process::Command::new("groff")
            .args(["-ww", "-z", "-man"])
            .arg(dir.join(&name))
            .output();
        let Ok(output) = checked else {
            eprintln!("groff is not installed: only the ASCII check ran");
            return;
        };
        assert!(output.status.success(), "groff failed on {name}");
        assert!(
            output.stderr.is_empty(),
            "groff -ww warns about {name}: {}",
            text(&output.stderr)
        );
    }
}

#[test]
fn every_page_a_man_page_refers_to_exists() {
    let pages = man_pages();
    for (name, page) in &pages {
        let page = page.replace("\\-", "-");
        for reference in page.split("(1)").map(|before| {
            before
                .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .next()
                .unwrap_or_default()
        }) {
            if reference.starts_with("logingestor") {
                let file = format!("{reference}.1");
                assert!(
                    pages.iter().any(|(existing, _)| *existing == file),
                    "{name} refers to {reference}(1), which does not exist"
                );
            }
        }
    }
}

/// The `--file` operands of each line of `text`, in order.
fn file_operands(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            words
                .windows(2)
                .filter(|pair| matches!(pair[0], "--file" | "-f" | "\\-\\-file"))
                .map(|pair| pair[1].replace("\\-", "-"))
                .collect()
        })
        .filter(|files: &Vec<String>| files.len() > 1)
        .collect()
}

#[test]
fn examples_name_a_rotated_file_before_the_current_one() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = vec![(
        "README.md".to_owned(),
        std::fs::read_to_string(repo.join("README.md")).unwrap(),
    )];
    texts.extend(man_pages());
    let mut seen = 0;
    for (name, text) in texts {
        for files in file_operands(&text) {
            seen += 1;
            for (index, newer) in files.iter().enumerate() {
                for older in &files[index + 1..] {
                    let rotated = older
                        .strip_prefix(newer.as_str())
                        .and_then(|suffix| suffix.strip_prefix('.'))
                        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
                    assert!(
                        !rotated,
                        "{name}: --file {newer} before --file {older} ships the newer lines first"
                    );
                }
            }
        }
    }
    assert!(seen > 0, "no example with two --file");
}

#[test]
fn pipe_help_says_files_are_read_in_the_order_given() {
    let env = TestEnv::new();
    let output = env
        .bare_command()
        .args(["pipe", "--help"])
        .output()
        .unwrap();
    let help = text(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(help.contains("Files are read in the order given"), "{help}");
}
