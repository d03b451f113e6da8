//! `stsplay link`, `stsplay decode`, `stsplay run LINK` and `stsplay render`: the same
//! links the page makes and opens (commands.md), and their errors with exit code 2.

use std::process::{Command, Output};

fn stsplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stsplay"))
        .args(args)
        .output()
        .unwrap()
}

fn scenario(name: &str) -> String {
    format!("{}/../../scenarios/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn link_then_decode_gives_the_file_back() {
    let path = scenario("dns-lookups.yaml");
    let link = stsplay(&["link", &path, "--base", "https://play.example/sts/"]);
    assert!(link.status.success(), "{}", stderr(&link));
    let link = stdout(&link);
    assert!(
        link.starts_with("https://play.example/sts/#v1:eN"),
        "{link}"
    );
    let decoded = stsplay(&["decode", link.trim()]);
    assert!(decoded.status.success());
    assert_eq!(stdout(&decoded), std::fs::read_to_string(&path).unwrap());
}

#[test]
fn the_default_base_is_where_xtask_serves_the_page() {
    let link = stdout(&stsplay(&["link", &scenario("seed.yaml")]));
    assert!(link.starts_with("http://127.0.0.1:8080/#v1:"), "{link}");
}

#[test]
fn decode_prints_the_options_on_stderr() {
    let fragment =
        stsplay_core::link::fragment("manifests: \"\"\n", &[("t", "30"), ("pod", "web-1")]);
    let o = stsplay(&["decode", &format!("#{fragment}")]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), "manifests: \"\"\n");
    assert_eq!(stderr(&o), "option t=30\noption pod=web-1\n");
}

#[test]
fn broken_links_exit_2_with_the_reason() {
    let o = stsplay(&["decode", "v1:eNo*abc"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "stsplay: The link is damaged: character 4 of the scenario, '*', cannot appear in a link's base64url text. Was the link copied whole?\n"
    );
    let o = stsplay(&["run", "http://h/#v1:eNo"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("stsplay: The link is"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn link_refuses_an_invalid_scenario_with_its_line() {
    let dir = std::env::temp_dir().join(format!("stsplay-link-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "manifests: ''\ncommand:\n- sleep 1s\n").unwrap();
    let o = stsplay(&["link", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.yaml:2:1: invalid scenario: unknown field \"command\""),
        "{}",
        stderr(&o)
    );
    // A command reading another file: the link cannot carry it, and says so.
    let reads = dir.join("reads.yaml");
    std::fs::write(&reads, "commands:\n- kubectl apply -f web.yaml\n").unwrap();
    let o = stsplay(&["link", reads.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(
        stderr(&o),
        "stsplay: warning: `kubectl apply -f web.yaml` reads web.yaml, which the link does not carry\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn render_prints_the_transcript_for_documentation() {
    let path = scenario("dns-lookups.yaml");
    let run = stdout(&stsplay(&["run", &path]));
    let md = stsplay(&["render", &path]);
    assert!(md.status.success());
    let md = stdout(&md);
    assert!(
        md.starts_with("## DNS — what a headless Service publishes\n\n"),
        "{md}"
    );
    assert!(md.contains(&format!("```console\n{run}```\n")), "{md}");
    assert!(md.contains("[Open in the playground](http://127.0.0.1:8080/#v1:"));

    let html = stdout(&stsplay(&["render", "--format=html", &path]));
    assert!(html.starts_with("<section class=\"stsplay-scenario\">"));
    assert!(html.contains("<span class=\"stsplay-command\">$ kubectl apply -f -</span>\n"));

    let o = stsplay(&["render", "--format", "pdf", &path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("stsplay: --format is markdown or html, not \"pdf\"\n"));
}
