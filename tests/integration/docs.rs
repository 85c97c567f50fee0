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
