//! `stsplay render`'s two formats: the layout documentation pages get, and scenario text
//! (which comes from links and files, so is hostile) kept as text in the HTML.

use stsplay_core::render;
use stsplay_core::session::{Output, Scenario};

fn output(command: &str, stdout: &str, stderr: &str) -> Output {
    Output {
        command: command.into(),
        stdout: stdout.into(),
        stderr: stderr.into(),
        ..Default::default()
    }
}

fn scenario(title: &str, description: &str, manifests: &str) -> Scenario {
    Scenario {
        title: Some(title.into()),
        description: Some(description.into()),
        manifests: manifests.into(),
        ..Default::default()
    }
}

#[test]
fn markdown_has_the_title_the_description_the_manifests_and_the_transcript() {
    let s = scenario("Scale down", "Highest ordinal first.\n", "kind: Service\n");
    let outputs = [
        output("kubectl apply -f -", "service/nginx created\n", ""),
        output(
            "kubectl get pod web-9",
            "",
            "Error from server (NotFound): pods \"web-9\" not found\n",
        ),
    ];
    let want = "## Scale down\n\nHighest ordinal first.\n\n```yaml\nkind: Service\n```\n\n```console\n$ kubectl apply -f -\nservice/nginx created\n$ kubectl get pod web-9\nError from server (NotFound): pods \"web-9\" not found\n```\n\n[Open in the playground](http://h/#v1:x)\n";
    assert_eq!(render::markdown(&s, &outputs, "http://h/#v1:x"), want);
}

#[test]
fn a_markdown_fence_is_longer_than_any_backticks_inside() {
    let s = Scenario {
        manifests: "a: \"````\"\n".into(),
        ..Default::default()
    };
    let md = render::markdown(&s, &[], "l");
    assert!(md.starts_with("`````yaml\na: \"````\"\n`````\n"), "{md}");
}

#[test]
fn html_escapes_every_piece_of_scenario_text() {
    let hostile = "<script>alert(1)</script> & \"'";
    let s = scenario(hostile, &format!("{hostile}\n\nSecond paragraph."), hostile);
    let outputs = [output(hostile, hostile, hostile)];
    let html = render::html(&s, &outputs, "http://h/#v1:x\"><script>");
    assert!(!html.contains("<script>"), "{html}");
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;&#39;";
    assert_eq!(html.matches(escaped).count(), 6, "{html}");
    assert!(html.starts_with("<section class=\"stsplay-scenario\">\n<h2>"));
    assert!(html.contains("<p>Second paragraph.</p>\n"));
    assert!(html.contains("<span class=\"stsplay-stderr\">"));
    assert!(html
        .contains("<a href=\"http://h/#v1:x&quot;&gt;&lt;script&gt;\">Open in the playground</a>"));
    assert!(html.ends_with("</section>\n"));
}
