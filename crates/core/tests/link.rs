//! Share links (issue 7, `shared/notes/playgrounds.md` §2): the `v1:` format read from links
//! made by an independent encoder (Python's zlib and base64), a frozen link that must decode
//! the same forever, round trips of the page's state, and every kind of hostile link.

use proptest::prelude::*;
use stsplay_core::link::{self, MAX_DECODED_BYTES, MAX_LINK_CHARS};
use stsplay_core::page::{OpenError, Playground};
use stsplay_core::session::Scenario;
use stsplay_core::SEED_MANIFESTS;

/// `scenarios/stable-identity.yaml` as Python makes it:
/// `"v1:" + base64.urlsafe_b64encode(zlib.compress(text, 9)).rstrip(b"=")`.
const PYTHON_LINK: &str =
    "v1:eNqNVMGO0zAQve9XjMoBkDahgcuSI-KyEiqVirg7zrSx6thRZtLdShz4CL6QL2FsJ23aLogcEntm_N6b8UzYsMU\
SNqwqi2BqdGz4CL9__oIaLTICNwidr-k-rI6gfYtQKb0HRcHSEtoD0l2NpHvTsfGuhB93AN_kHCHWrwmsIgZtlWnLC\
bXy3ERYUK6OHCKBcTvYDTL0mOkeZZ8o4MlIdAgi1aJgO_mIoMYTx2UE-bzaJAe82Q8V9k54KDceeGDfG2VhMef4pMh\
oWtzDOqgwDpQAzwLe5vDV2WOkfVwTtEqSb5TbYX7XKme2SEwpVdWZ79hTTP1QiGFvXC1Fxf5gdNDbIqtasSplndSX4\
HbGPce9VRVaSr4A1p2d1KFOjs73PMZkcVPCw3I8kgCfsIp7bQdi7B_XJay8w2iTS0ItVXiRJMuyqyTETe_mmZzL8pd\
sEvlZ7jVhq1g3Xy4SnauAV9CEfvIpEPKAlDO2nRXmfGLMU6lGhljdVaRfRJRFdPTYWaOV3M17ga2O0nJbNVgGQ1DEi\
An3JO4iodsr-R-tU8L5LNPx-Lkq8Xq8Y2WclPpsy256Ij2mVbvJXBb5x7yYOWcdMaGcsNeXDXLdJjLE0sJ1PJ0BWcQ\
OPiwp7sLsaLbToMqMhiPZMr6Li5CdjFGY4X-gXIRMRnxGPYJm2WmKXw4pbkIcWe_3Q5cQ8lMXz5SHX1Elf4uxbUlEh\
LT_AIYahDs";

/// A link frozen on 2026-11-26: every later version must decode it to exactly this text.
const FROZEN_V1: &str =
    "http://127.0.0.1:8080/#v1:eNpFjsEKwkAMRO_9ivkBQW-SP_AiguA9bqMs7SbLZls9-PGubcHbzPCSmcQaH-LV\
CZ8O4BxvUjyaEuZDC4aoPeEqZY5Bmk9SuefK1DSgnISgz6jv5j1LWPMwTl6lnC6Es6ksmcsooVpZiV9V_p8C2Uobsc\
jdYgjH_YauNS-5d8FSYu0buIP6aDZMeXvyBWbMPJQ&t=95.5&view=dns";
const FROZEN_V1_TEXT: &str = "manifests: |\n  apiVersion: v1\n  kind: Service\n  metadata:\n    \
name: nginx\n  spec:\n    clusterIP: None\n    selector:\n      app: nginx\n    ports:\n    - port: 80\n      \
name: web\ncommands:\n- nslookup nginx\n";

fn scenario_file(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../scenarios/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn a_link_made_by_python_zlib_decodes_to_its_file() {
    let shared = link::decode(PYTHON_LINK).unwrap();
    assert_eq!(shared.scenario, scenario_file("stable-identity.yaml"));
    assert!(shared.options.is_empty());
}

#[test]
fn the_frozen_v1_link_decodes_the_same_forever() {
    let shared = link::decode(FROZEN_V1).unwrap();
    assert_eq!(shared.scenario, FROZEN_V1_TEXT);
    assert_eq!(shared.option("view"), Some("dns"));
    assert_eq!(shared.time_ms(), Ok(Some(95_500)));
    let scenario = Scenario::parse(&shared.scenario).unwrap();
    assert_eq!(scenario.commands, ["nslookup nginx"]);
}

#[test]
fn a_link_is_a_fragment_a_bare_payload_or_a_whole_url() {
    let fragment = link::fragment("manifests: \"\"\n", &[("view", "pods")]);
    assert!(fragment.starts_with("v1:eN"), "{fragment}");
    assert!(fragment.ends_with("&view=pods"));
    for form in [
        fragment.clone(),
        format!("#{fragment}"),
        format!("https://example.org/play/?x=1#{fragment}"),
        format!("  {fragment}\n"),
    ] {
        let shared = link::decode(&form).unwrap();
        assert_eq!(shared.scenario, "manifests: \"\"\n");
        assert_eq!(shared.option("view"), Some("pods"));
    }
    assert_eq!(
        link::link("http://h/p#old", "x", &[]),
        format!("http://h/p#{}", link::fragment("x", &[]))
    );
}

#[test]
fn every_scenario_file_round_trips_byte_for_byte() {
    let dir = format!("{}/../../scenarios", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let f = link::fragment(&text, &[]);
            assert!(f.len() < MAX_LINK_CHARS, "{}", path.display());
            assert_eq!(link::decode(&f).unwrap().scenario, text);
        }
    }
}

#[test]
fn the_seed_link_is_about_450_characters() {
    // The notes measured 438 characters for a 790-byte StatefulSet and Service; the seed's
    // link carries its 625-byte manifests, the settle time and the playground's address.
    let p = Playground::new(SEED_MANIFESTS);
    let url = format!("http://127.0.0.1:8080/#{}", p.share_fragment(&[]));
    assert!(
        (350..=520).contains(&url.len()),
        "{} chars: {url}",
        url.len()
    );
    assert!(url.ends_with("&t=30"), "{url}");
}

#[test]
fn the_page_state_survives_its_link() {
    let mut p = Playground::new(SEED_MANIFESTS);
    p.run("kubectl delete pod web-0");
    p.advance(1_500);
    p.run("kubectl get pods");
    p.step();
    p.run("nslookup web-0.nginx");
    let fragment = p.share_fragment(&[("view", "dns")]);

    let opened = Playground::open_link(&fragment).unwrap();
    let (mut q, shared) = (opened.playground, opened.shared);
    assert_eq!(opened.manifests, SEED_MANIFESTS);
    let printed: Vec<&str> = opened.outputs.iter().map(|o| o.command.as_str()).collect();
    assert_eq!(printed[1], "kubectl delete pod web-0");
    // kubectl 1.35 names the namespace (spec 12.10).
    assert_eq!(
        opened.outputs[1].stdout,
        "pod \"web-0\" deleted from default namespace\n"
    );
    assert_eq!(shared.option("view"), Some("dns"));
    assert_eq!(q.view(), p.view());
    // The restored console lists the scenario's lines, clock moves written as sleeps.
    let lines: Vec<(u64, &str)> = q.history().iter().map(|(t, l)| (*t, l.as_str())).collect();
    assert_eq!(
        lines,
        [
            (0, "sleep 30s"),
            (30_000, "kubectl delete pod web-0"),
            (30_000, "sleep 1500ms"),
            (31_500, "kubectl get pods"),
            (31_500, "sleep 500ms"),
            (32_000, "nslookup web-0.nginx"),
        ]
    );
    // The scenario says where the clock moved: 30 s of settling, 1.5 s of stepping.
    let scenario = Scenario::parse(&shared.scenario).unwrap();
    assert_eq!(scenario.manifests, SEED_MANIFESTS);
    assert_eq!(
        scenario.commands[..4],
        [
            "sleep 30s",
            "kubectl delete pod web-0",
            "sleep 1500ms",
            "kubectl get pods"
        ]
    );
    // Sharing again gives the same link.
    assert_eq!(q.share_fragment(&[("view", "dns")]), fragment);
}

#[test]
fn scenario_time_options_are_checked() {
    let bad = link::fragment(&link::scenario_text("", None, &[]), &[("t", "soon")]);
    let err = Playground::open_link(&bad).unwrap_err();
    assert_eq!(
        err.to_string(),
        "t=soon is not a time in seconds (for example t=95 or t=95.5)"
    );
    let later = link::fragment(&link::scenario_text("", None, &[]), &[("t", "12.25")]);
    let mut p = Playground::open_link(&later).unwrap().playground;
    assert_eq!(p.view().time_ms, 12_250);
}

fn message(link: &str) -> String {
    link::decode(link).unwrap_err().message
}

#[test]
fn a_link_past_32768_characters_is_refused_before_decoding() {
    let long = format!("v1:{}", "A".repeat(MAX_LINK_CHARS));
    assert_eq!(
        message(&long),
        "The link is too long: 32771 characters after #, more than the 32768 a playground link may have. Share the scenario as a file instead."
    );
}

/// Zeros compressed by the same deflate the page uses: about 1,000 to 1.
fn bomb(bytes: usize) -> String {
    let zeros = vec![b'0'; bytes];
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 9);
    use base64::Engine;
    format!(
        "v1:{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed)
    )
}

#[test]
fn a_64_mib_decompression_bomb_is_refused() {
    let big = bomb(64 << 20);
    let m = message(&big);
    assert!(m.starts_with("The link is too long"), "{m}");
    // A bomb short enough to pass the length check stops at 256 KiB while inflating.
    let small = bomb(8 << 20);
    assert!(small.len() <= MAX_LINK_CHARS, "{}", small.len());
    assert_eq!(
        message(&small),
        "The link's scenario is too large: it decodes to more than 256 KiB, the most a link may carry. Share the scenario as a file instead."
    );
    // Exactly at the limit is fine.
    let edge = bomb(MAX_DECODED_BYTES);
    assert_eq!(
        link::decode(&edge).unwrap().scenario.len(),
        MAX_DECODED_BYTES
    );
}

#[test]
fn a_truncated_link_is_refused() {
    let full = link::fragment(&scenario_file("stable-identity.yaml"), &[]);
    for cut in [1, 2, 5, 40, full.len() / 2] {
        let m = message(&full[..full.len() - cut]);
        assert!(
            m.starts_with("The link is cut short") || m.starts_with("The link is damaged"),
            "cut {cut}: {m}"
        );
    }
}

#[test]
fn a_flipped_bit_is_caught_by_the_checksum_or_the_decoder() {
    let full = link::fragment(&scenario_file("stable-identity.yaml"), &[]);
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // Every position after the zlib header, each base64 digit with one bit flipped.
    let mut caught = 0;
    for at in 8..full.len() {
        let digit = ALPHABET
            .iter()
            .position(|&c| c == full.as_bytes()[at])
            .unwrap();
        for bit in 0..6 {
            let mut bytes = full.clone().into_bytes();
            bytes[at] = ALPHABET[digit ^ (1 << bit)];
            let flipped = String::from_utf8(bytes).unwrap();
            match link::decode(&flipped) {
                Err(e) => {
                    assert!(e.message.starts_with("The link is"), "{}", e.message);
                    caught += 1;
                }
                // The last digit carries padding bits the decoder may ignore; any other
                // change must never come back as different text.
                Ok(s) => assert_eq!(
                    s.scenario,
                    scenario_file("stable-identity.yaml"),
                    "flip at {at} bit {bit} altered the YAML silently"
                ),
            }
        }
    }
    assert!(caught > 6 * (full.len() - 8) * 9 / 10, "{caught}");
    let checksum = {
        let mut b = full.clone().into_bytes();
        let at = b.len() - 3;
        b[at] = if b[at] == b'A' { b'B' } else { b'A' };
        String::from_utf8(b).unwrap()
    };
    assert_eq!(
        message(&checksum),
        "The link is damaged: its checksum does not match its content, so a character was changed on the way. The scenario was not opened, so that nothing is altered silently."
    );
}

#[test]
fn invalid_base64_names_the_character() {
    assert_eq!(
        message("v1:eNo*abc"),
        "The link is damaged: character 4 of the scenario, '*', cannot appear in a link's base64url text. Was the link copied whole?"
    );
    assert_eq!(
        message("v1:eNo+"),
        "The link is damaged: character 4 of the scenario, '+', cannot appear in a link's base64url text. Was the link copied whole?"
    );
    assert!(message("v1:e").contains("its end is missing"));
}

#[test]
fn links_that_are_not_playground_links_say_so() {
    assert_eq!(
        message("https://example.org/"),
        "The link carries no scenario: it has no # part (a playground link has #v1: and the scenario after it)."
    );
    assert_eq!(
        message("https://example.org/#view=dns"),
        "This is not a playground link: the part after # does not start with v1: (the format and its version)."
    );
    assert_eq!(
        message("https://example.org/#"),
        "The link carries no scenario: nothing follows # (a playground link has #v1: and the scenario after it)."
    );
    assert_eq!(
        message("#v2:eNoDAAAAAAE"),
        "This link is in format v2, newer than this playground, which reads v1 links. Open it in the playground that made it."
    );
    assert_eq!(
        message("#pako:eNoDAAAAAAE"),
        "This is not a playground link: \"pako:\" is not a format the playground knows (links start with v1:)."
    );
    // Valid zlib of bytes that are not UTF-8.
    let latin1 = miniz_oxide::deflate::compress_to_vec_zlib(b"caf\xe9", 9);
    use base64::Engine;
    let l = format!(
        "v1:{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(latin1)
    );
    assert_eq!(
        message(&l),
        "The link is damaged: its scenario is not UTF-8 text."
    );
}

#[test]
fn a_link_whose_scenario_is_not_a_scenario_names_its_line() {
    let l = link::fragment("manifests: ''\ncommand:\n- sleep 1s\n", &[]);
    match Playground::open_link(&l) {
        Err(OpenError::Scenario(d)) => {
            assert_eq!((d.line, d.column), (2, 1), "{}", d.message);
            assert!(d.message == "unknown field \"command\"", "{}", d.message);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_link_with_hostile_yaml_opens_with_its_diagnostics() {
    // The "billion laughs" of CVE-2019-11253, in a link's manifests.
    let mut laughs = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, c) in ('b'..='i').enumerate() {
        let prev = (b'a' + i as u8) as char;
        laughs.push_str(&format!(
            "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    let l = link::fragment(&link::scenario_text(&laughs, None, &[]), &[]);
    let mut p = Playground::open_link(&l).unwrap().playground;
    let view = p.view();
    assert!(!view.diagnostics.is_empty());
    assert!(view.pods.rows.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the editor holds and whatever was typed in the console, the scenario file a
    /// link carries reads back as exactly that text and those lines.
    #[test]
    fn scenario_text_reads_back_exactly(
        manifests in "(\\PC|[ \\t\\n\\r\u{85}\u{2028}\u{feff}#:'\"|>-]){0,80}",
        commands in prop::collection::vec("(\\PC|[ #:'\"{}]){1,30}", 0..4),
    ) {
        let commands: Vec<String> = commands.into_iter().filter(|c| !c.trim().is_empty()).collect();
        let text = link::scenario_text(&manifests, None, &commands);
        let back = Scenario::parse(&text).map_err(|d| TestCaseError::fail(format!("{d:?}\n{text}")))?;
        prop_assert_eq!(&back.manifests, &manifests, "{}", text);
        prop_assert_eq!(&back.commands, &commands, "{}", text);
    }
}

#[test]
fn the_new_scenario_template_applies_cleanly() {
    let mut p = Playground::new(stsplay_core::page::NEW_MANIFESTS);
    let view = p.view();
    assert!(view.diagnostics.is_empty(), "{:?}", view.diagnostics);
    assert_eq!(
        view.applied.stdout,
        "service/app created\nstatefulset.apps/app created\n"
    );
    assert_eq!(view.pods.rows[0][0], "app-0");
}
