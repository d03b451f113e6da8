//! Golden test: the seed scenario, run through the `stsplay` binary, prints what the notes
//! the project grew from show a real cluster printing (fixtures/seed-notes.txt, copied from
//! the notes). Pod IPs are the only thing allowed to differ.

use std::process::Command;

fn stsplay(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_stsplay"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("stsplay runs")
}

/// `$ command` blocks of a transcript, in order.
fn blocks(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') && out.is_empty() {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.push((cmd.to_string(), Vec::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push(line.to_string());
        }
    }
    out
}

fn mask_pod_ips(line: &str) -> String {
    let mut out = String::new();
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let parts: Vec<&str> = word.split('.').collect();
        let is_pod_ip = parts.len() == 4
            && parts[0] == "10"
            && parts[1] == "244"
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        out.push_str(if is_pod_ip { "10.244.X.Y" } else { word });
    }
    out
}

#[test]
fn seed_scenario_prints_what_the_notes_show() {
    let notes = include_str!("fixtures/seed-notes.txt");
    let run = stsplay(&["run", "scenarios/seed.yaml"]);
    assert!(
        run.status.success(),
        "stsplay failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let transcript = String::from_utf8(run.stdout).unwrap();
    let ours = blocks(&transcript);
    let mut checked = 0;
    for (cmd, expected) in blocks(notes) {
        if cmd.starts_with("kubectl run -i") {
            // The notes open an interactive shell here; the nslookups that follow run in it.
            // The shorthand `nslookup` runs in the same throwaway busybox:1.28 client pod.
            continue;
        }
        let (_, got) = ours
            .iter()
            .find(|(c, _)| *c == cmd)
            .unwrap_or_else(|| panic!("the seed scenario does not run `{cmd}`:\n{transcript}"));
        let got: Vec<String> = got.iter().map(|l| mask_pod_ips(l)).collect();
        let expected: Vec<String> = expected.iter().map(|l| mask_pod_ips(l)).collect();
        if expected.first().map(String::as_str) == Some("...") {
            let tail = &expected[1..];
            assert!(
                got.len() >= tail.len(),
                "`{cmd}` printed too little:\n{}",
                got.join("\n")
            );
            assert_eq!(&got[got.len() - tail.len()..], tail, "`{cmd}` (tail)");
        } else {
            assert_eq!(got, expected, "`{cmd}`");
        }
        checked += 1;
    }
    assert_eq!(checked, 5, "every command of the notes was compared");
}

#[test]
fn json_transcript_has_one_entry_per_command_with_simulated_time() {
    let run = stsplay(&["run", "--json", "scenarios/seed.yaml"]);
    assert!(run.status.success());
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).expect("valid JSON");
    let entries = v.as_array().expect("an array");
    // The initial apply plus the scenario's nine commands.
    assert_eq!(entries.len(), 10);
    assert_eq!(entries[0]["command"], "kubectl apply -f -");
    assert_eq!(
        entries[0]["stdout"],
        "service/nginx created\nstatefulset.apps/web created\n"
    );
    assert_eq!(entries[0]["exit_code"], 0);
    assert_eq!(entries[0]["time"], 0);
    let get_svc = entries
        .iter()
        .find(|e| e["command"] == "kubectl get svc")
        .unwrap();
    assert_eq!(get_svc["time"], 29);
    for e in entries {
        for key in ["command", "stdout", "stderr", "exit_code", "time"] {
            assert!(e.get(key).is_some(), "{key} missing in {e}");
        }
    }
}

#[test]
fn unreadable_or_invalid_scenarios_exit_2_with_the_line() {
    let run = stsplay(&["run", "does/not/exist.yaml"]);
    assert_eq!(run.status.code(), Some(2));
    let dir = std::env::temp_dir().join(format!("stsplay-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "title: x\ncommands:\n  - sleep 1s\n  oops: [\n").unwrap();
    let run = stsplay(&["run", bad.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("bad.yaml:4:"), "{err}");
    std::fs::write(&bad, "title: x\nmanifest: |\n  a: b\n").unwrap();
    let run = stsplay(&["run", bad.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&run.stderr)
            .contains("bad.yaml:2:1: invalid scenario: unknown field \"manifest\""),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
