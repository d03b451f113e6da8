//! Validation fixtures in the style of typst's tests: each file under `tests/validation/`
//! is applied as `kubectl apply -f -`, and carries the diagnostics it must produce inline.
//! A comment line `#   ^ MESSAGE` expects MESSAGE at the line above it, at the column of the
//! `^`; `# <- MESSAGE` expects it at column 1 (a key at the start of the line, where no
//! caret fits); `# kubectl: TEXT` lines, together, are the exact stderr kubectl must print. The
//! expected texts are written from fidelity spec 6 and the apimachinery messages it quotes.

use std::collections::BTreeSet;

fn expectations(text: &str) -> (BTreeSet<(usize, usize, String)>, String) {
    let mut diags = BTreeSet::new();
    let mut stderr = String::new();
    let mut last_content_line = 0;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let after_hash = trimmed.strip_prefix('#').map(|r| r.trim_start_matches(' '));
        if let Some(rest) = after_hash.and_then(|r| r.strip_prefix("^ ")) {
            let column = line.find('^').unwrap() + 1;
            diags.insert((last_content_line, column, rest.to_string()));
        } else if let Some(rest) = trimmed.strip_prefix("# <- ") {
            diags.insert((last_content_line, 1, rest.to_string()));
        } else if let Some(rest) = trimmed.strip_prefix("# kubectl: ") {
            stderr.push_str(rest);
            stderr.push('\n');
        } else if !trimmed.starts_with('#') && !trimmed.is_empty() {
            last_content_line = i + 1;
        }
    }
    (diags, stderr)
}

#[test]
fn every_fixture_gives_its_inline_diagnostics() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/validation");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "fixtures: {files:?}");
    let mut failures = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let (want, want_stderr) = expectations(&text);
        let mut session = stsplay_core::Session::new();
        let (out, diags) = session.apply_manifests(&text);
        let got: BTreeSet<(usize, usize, String)> = diags
            .iter()
            .map(|d| (d.line, d.column, d.message.clone()))
            .collect();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if got != want {
            failures.push(format!(
                "{name}:\n  missing: {:?}\n  unexpected: {:?}",
                want.difference(&got).collect::<Vec<_>>(),
                got.difference(&want).collect::<Vec<_>>()
            ));
        }
        if !want_stderr.is_empty() && out.stderr != want_stderr {
            failures.push(format!(
                "{name}: stderr\n  want: {want_stderr:?}\n  got:  {:?}",
                out.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
