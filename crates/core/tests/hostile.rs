//! Hostile input (issue 5, "Bad input"): each kind is answered with a clear message and a
//! position, bounded by a limit the README states, and nothing panics. Expected texts are
//! kubectl's (go-yaml's and libyaml's words, as `kubectl apply` prints them) or the
//! playground's own limits; the property tests feed arbitrary text and mutated manifests
//! through the whole pipeline (parse, validate, simulate, print).

use proptest::prelude::*;
use stsplay_core::page::Playground;
use stsplay_core::{Diagnostic, SEED_MANIFESTS};

fn problems(text: &str) -> (Vec<Diagnostic>, String) {
    let mut p = Playground::new(text);
    let view = p.view();
    (view.diagnostics, view.applied.stderr)
}

#[test]
fn an_alias_bomb_is_refused_as_kubectl_refuses_it() {
    // The "billion laughs" of CVE-2019-11253: nine levels of nine aliases.
    let mut laughs = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, c) in ('b'..='i').enumerate() {
        let p = (b'a' + i as u8) as char;
        laughs.push_str(&format!(
            "{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        ));
    }
    let (diags, stderr) = problems(&laughs);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0]
            .message
            .starts_with("document contains excessive aliasing \u{2014} an alias bomb"),
        "{}",
        diags[0].message
    );
    // go-yaml names no line for it (sigs.k8s.io/yaml, the fix of CVE-2019-11253).
    assert_eq!(
        stderr,
        "error: error parsing STDIN: error converting YAML to JSON: yaml: document contains excessive aliasing\n"
    );
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused_with_a_position() {
    let deep = format!("a: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let (diags, stderr) = problems(&deep);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].line, 1);
    assert!(
        stderr.starts_with(
            "error: error parsing STDIN: error converting YAML to JSON: yaml: line 1: "
        ),
        "{stderr}"
    );
}

#[test]
fn a_five_megabyte_paste_stops_at_the_text_limit() {
    let big = "a: b\n".repeat(5 * 1024 * 1024 / 5);
    let (diags, _) = problems(&big);
    assert_eq!(diags.len(), 1);
    // 512 KiB of five-byte lines: the limit falls on line 104,858, column 4.
    assert_eq!((diags[0].line, diags[0].column), (104_858, 4));
    assert_eq!(
        diags[0].message,
        "the text is 5242880 bytes; the playground reads at most 524288 bytes (512 KiB), and this is where that limit falls"
    );
}

#[test]
fn a_document_of_ten_thousand_keys_is_read_whole() {
    let mut many =
        String::from("apiVersion: v1\nkind: Service\nmetadata:\n  name: many\n  labels:\n");
    for i in 0..10_000 {
        many.push_str(&format!("    k{i}: v\n"));
    }
    many.push_str("spec:\n  ports:\n  - port: 80\n");
    let mut p = Playground::new(&many);
    let view = p.view();
    assert!(
        view.diagnostics.is_empty(),
        "{:?}",
        view.diagnostics.first()
    );
    assert_eq!(view.applied.stdout, "service/many created\n");
    // Ten thousand unknown fields: kubectl's strict decoding names every one in one line.
    let mut unknown = String::from("apiVersion: v1\nkind: Service\nmetadata:\n  name: many\n");
    for i in 0..10_000 {
        unknown.push_str(&format!("x{i}: v\n"));
    }
    let (diags, stderr) = problems(&unknown);
    assert_eq!((diags[0].line, diags[0].column), (5, 1), "{:?}", diags[0]);
    assert!(stderr.contains("strict decoding error: unknown field \"x0\", unknown field \"x1\""));
    assert!(stderr.contains("unknown field \"x9999\""));
}

#[test]
fn a_tab_for_indentation_points_at_the_tab() {
    let tabbed = "apiVersion: v1\nkind: Service\nmetadata:\n\tname: tabbed\n";
    let (diags, stderr) = problems(tabbed);
    assert_eq!((diags[0].line, diags[0].column), (4, 1));
    assert_eq!(
        diags[0].message,
        "found character that cannot start any token, while scanning for the next token \u{2014} a tab: YAML indents with spaces only"
    );
    // kubectl prints libyaml's words only.
    assert_eq!(
        stderr,
        "error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: found character that cannot start any token, while scanning for the next token\n"
    );
}

/// Small edits of a valid manifest: a character removed, duplicated or replaced.
fn mutated_seed() -> impl Strategy<Value = String> {
    let len = SEED_MANIFESTS.len();
    (0..len, 0u8..3, any::<char>()).prop_map(move |(at, how, c)| {
        let mut at = at;
        while !SEED_MANIFESTS.is_char_boundary(at) {
            at -= 1;
        }
        let (head, tail) = SEED_MANIFESTS.split_at(at);
        let mut rest = tail.chars();
        let first = rest.next();
        match (how, first) {
            (0, Some(_)) => format!("{head}{}", rest.as_str()),
            (1, Some(f)) => format!("{head}{f}{f}{}", rest.as_str()),
            _ => format!("{head}{c}{}", rest.as_str()),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x4857_4c45),
        ..ProptestConfig::default()
    })]

    /// Arbitrary text never panics anywhere from parsing to printing.
    #[test]
    fn arbitrary_text_never_panics(text in "(\\PC|[\\t\\n\\r\\[\\]{}:&*!|>'\"#-]){0,300}") {
        let mut p = Playground::new(&text);
        let _ = p.view();
    }

    /// Nor does a valid manifest with one character removed, doubled or replaced; every
    /// problem found has a position inside the text.
    #[test]
    fn a_mutated_manifest_never_panics_and_points_inside_the_text(text in mutated_seed()) {
        let mut p = Playground::new(&text);
        let view = p.view();
        let lines = text.split('\n').count();
        for d in &view.diagnostics {
            prop_assert!(d.line >= 1 && d.line <= lines + 1, "{d:?}");
            prop_assert!(d.column >= 1, "{d:?}");
        }
    }
}
