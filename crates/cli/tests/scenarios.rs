//! Golden transcripts: every `scenarios/NAME.yaml` (and `scenarios/spec/NAME.yaml`, one per
//! numbered rule of the fidelity spec) with a `NAME.expected` beside it
//! is run through `stsplay run`, and its transcript must equal the expected file, written by
//! hand from the fidelity spec (layouts, messages, orders) and the documented simulation
//! timings (ARCHITECTURE.md), never pasted from our output. Values the spec does not fix are
//! masked (in words between spaces or tabs): pod IPs are written `10.244.X.Y`, and volume names `pvc-<uid>` as `pvc-UID1`,
//! `pvc-UID2`, … numbered in order of first appearance, so a claim keeping its volume still
//! shows.
//! Each scenario's share link (`stsplay link`) must run to the same transcript.

use std::path::Path;
use std::process::Command;

/// `pvc-` and a 36-character uid.
fn is_volume_name(word: &str) -> bool {
    word.strip_prefix("pvc-").is_some_and(|uid| {
        uid.len() == 36
            && uid.bytes().enumerate().all(|(i, b)| {
                if matches!(i, 8 | 13 | 18 | 23) {
                    b == b'-'
                } else {
                    b.is_ascii_hexdigit()
                }
            })
    })
}

fn mask_unfixed(text: &str) -> String {
    let mut volumes: Vec<String> = Vec::new();
    let mut mask = |w: &str| -> String {
        let p: Vec<&str> = w.split('.').collect();
        let ip = p.len() == 4
            && p[0] == "10"
            && p[1] == "244"
            && p.iter()
                .all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()));
        if ip {
            "10.244.X.Y".to_string()
        } else if is_volume_name(w) {
            let n = match volumes.iter().position(|v| v == w) {
                Some(i) => i + 1,
                None => {
                    volumes.push(w.to_string());
                    volumes.len()
                }
            };
            format!("pvc-UID{n}")
        } else {
            w.to_string()
        }
    };
    // Words are separated by spaces or tabs (kubelet's /etc/hosts, dig's sections); the
    // separators stay as they were.
    let mut out = String::new();
    for line in text.lines() {
        let mut word = String::new();
        for c in line.chars() {
            if c == ' ' || c == '\t' {
                out.push_str(&mask(&word));
                word.clear();
                out.push(c);
            } else {
                word.push(c);
            }
        }
        out.push_str(&mask(&word));
        out.push('\n');
    }
    out
}

#[test]
fn scenarios_print_their_expected_transcripts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut checked = 0;
    let mut failures = Vec::new();
    // The gallery's scenarios, and one scenario per numbered rule of the spec in `spec/`.
    let mut entries: Vec<_> = ["scenarios", "scenarios/spec"]
        .iter()
        .filter_map(|dir| std::fs::read_dir(root.join(dir)).ok())
        .flatten()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for yaml in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    {
        let expected = yaml.with_extension("expected");
        let Ok(want) = std::fs::read_to_string(&expected) else {
            continue;
        };
        let out = Command::new(env!("CARGO_BIN_EXE_stsplay"))
            .arg("run")
            .arg(yaml)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            yaml.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let got = mask_unfixed(&String::from_utf8(out.stdout).unwrap());
        // The scenario's share link runs the same scenario (the page opens that link).
        let link = Command::new(env!("CARGO_BIN_EXE_stsplay"))
            .arg("link")
            .arg(yaml)
            .output()
            .unwrap();
        assert!(link.status.success(), "{}: link", yaml.display());
        let link = String::from_utf8(link.stdout).unwrap();
        let by_link = Command::new(env!("CARGO_BIN_EXE_stsplay"))
            .args(["run", link.trim()])
            .output()
            .unwrap();
        assert_eq!(
            mask_unfixed(&String::from_utf8(by_link.stdout).unwrap()),
            got,
            "{}: its share link runs differently",
            yaml.display()
        );
        if got != want {
            let diff: Vec<String> = want
                .lines()
                .zip(got.lines())
                .enumerate()
                .filter(|(_, (w, g))| w != g)
                .take(5)
                .map(|(i, (w, g))| format!("  line {}:\n    want: {w}\n    got:  {g}", i + 1))
                .collect();
            failures.push(format!(
                "{} ({} lines expected, {} printed)\n{}",
                yaml.display(),
                want.lines().count(),
                got.lines().count(),
                diff.join("\n")
            ));
        }
        checked += 1;
    }
    assert!(checked >= 2, "no golden scenarios found");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
