//! Bytes that are not UTF-8 never reach the engine: `stsplay` refuses the file with exit
//! code 2 and says why (the page reads files and links as text, decoding them first).

use std::process::Command;

#[test]
fn a_scenario_file_that_is_not_utf8_is_refused() {
    let dir = std::env::temp_dir().join(format!("stsplay-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("latin1.yaml");
    std::fs::write(&path, b"manifests: |\n  name: caf\xe9\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_stsplay"))
        .args(["run", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "stsplay: cannot read {}: stream did not contain valid UTF-8\n",
            path.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_repeated_key_is_a_note_on_stderr_and_the_transcript_is_kubectls() {
    // kubectl keeps the last value without a word (kubernetes/kubernetes#125885).
    let dir = std::env::temp_dir().join(format!("stsplay-repeated-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("repeated.yaml");
    std::fs::write(
        &path,
        "manifests: |\n  apiVersion: v1\n  kind: Service\n  metadata:\n    name: nginx\n  spec:\n    clusterIP: 10.96.0.50\n    ports:\n    - port: 80\n    clusterIP: None\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_stsplay"))
        .args(["run", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "$ kubectl apply -f -\nservice/nginx created\n"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("stsplay: note: manifests line 6, column 3: \"clusterIP\" is given again at line 9: kubectl keeps the last value"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
