//! The scenario gallery: every scenario file is listed in `scenarios/gallery.yaml` with a
//! stable id, has a golden transcript (or is the seed, tested against the notes), the tour's
//! steps run 1..n, every gallery link decodes to its file exactly, and `web/gallery.html` is
//! what `stsplay gallery` prints now (regenerate it with `cargo xtask gallery`).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn entries() -> Vec<stsplay_core::gallery::Entry> {
    let text = std::fs::read_to_string(root().join("scenarios/gallery.yaml")).unwrap();
    stsplay_core::gallery::parse_index(&text).unwrap()
}

#[test]
fn every_scenario_is_in_the_gallery_once_with_a_golden() {
    let listed: Vec<String> = entries().iter().map(|e| e.file.clone()).collect();
    let unique: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(
        unique.len(),
        listed.len(),
        "a file is listed twice: {listed:?}"
    );
    let mut files: Vec<String> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") && n != "gallery.yaml")
        .collect();
    files.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(
        sorted, files,
        "scenarios/gallery.yaml must list every scenario file"
    );
    for file in &listed {
        let golden = root()
            .join("scenarios")
            .join(file.replace(".yaml", ".expected"));
        assert!(
            golden.is_file() || file == "seed.yaml",
            "{file} has no golden transcript"
        );
    }
}

#[test]
fn ids_are_unique_and_the_tour_counts_from_one() {
    let entries = entries();
    let ids: BTreeSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), entries.len());
    assert!(ids.iter().all(|id| id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')));
    let mut steps: Vec<u32> = entries.iter().filter_map(|e| e.tour).collect();
    steps.sort_unstable();
    assert_eq!(steps, (1..=5).collect::<Vec<u32>>());
}

#[test]
fn the_gallery_page_is_fresh_and_its_links_carry_the_files() {
    let out = Command::new(env!("CARGO_BIN_EXE_stsplay"))
        .args(["gallery", root().join("scenarios").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = String::from_utf8(out.stdout).unwrap();
    let committed = std::fs::read_to_string(root().join("web/gallery.html")).unwrap();
    assert!(
        page == committed,
        "web/gallery.html is out of date: run `cargo xtask gallery`"
    );
    for entry in entries() {
        let anchor = format!("<article id=\"{}\">", entry.id);
        let at = page.find(&anchor).unwrap_or_else(|| panic!("no {anchor}"));
        let href = page[at..]
            .split("<a href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap();
        assert!(href.starts_with("./#v1:"), "{href}");
        let text = std::fs::read_to_string(root().join("scenarios").join(&entry.file)).unwrap();
        assert_eq!(stsplay_core::link::decode(href).unwrap().scenario, text);
    }
    // A static page: no script at all, and scenario text only as escaped text.
    assert!(!page.contains("<script"));
}
