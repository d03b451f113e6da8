//! Share links end to end, in headless Chromium on the release bundle (issue 7): change the
//! cluster, share, open the link in a fresh page and find the same state; a link pasted
//! into an open page's address; and every kind of hostile link, each answered with its
//! message, the link's text and a live page. The links themselves are made and read with
//! the core's `link` module, the same code `stsplay link` and `stsplay decode` use.

use std::path::{Path, PathBuf};

use base64::Engine;
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::Value;
use stsplay_core::link;
use stsplay_e2e::{run_in_chromium, Browser, Result};

const HELPERS: &str = r#"
const q = (sel) => document.querySelector(sel);
const text = (sel) => { const e = q(sel); return e ? e.textContent : ''; };
const shown = (sel) => { const e = q(sel); return !!e && !e.hidden && !e.closest('[hidden]'); };
const podRow = (name) => { const tr = q('#pods tr[data-pod="' + name + '"]'); return tr ? [...tr.cells].map((c) => c.textContent) : null; };
const seedAlive = () => document.body.dataset.ready === 'true' && !!podRow('web-0') && !!podRow('web-1');
"#;

const PAGE_STATE: &str = r#"
const show = (sel) => { const e = document.querySelector(sel); return e ? JSON.stringify(e.innerText.slice(0, 1200)) : '(no ' + sel + ')'; };
return ['location ' + location.href.slice(0, 200), '#link-error ' + show('#link-error'), '#clock ' + show('#clock'),
  '#diagnostics ' + show('#diagnostics'), '#console-log ' + show('#console-log'), '#pods ' + show('#pods')].join('\n');
"#;

fn out(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("out").join(name)
}

#[tokio::test]
async fn share_links_in_headless_chromium() {
    run_in_chromium(&out("links-failure.png"), |b| Box::pin(links(b))).await;
}

async fn links(b: &Browser) -> Result<()> {
    b.client()
        .set_window_size(1280, 1000)
        .await
        .map_err(|e| e.to_string())?;
    b.open("/").await?;
    wait(b, "the seed", "return seedAlive();").await?;
    let link = step(
        "share, then open the link in a fresh page",
        share_and_reopen(b),
    )
    .await?;
    step("a link pasted into an open page", hash_change(b, &link)).await?;
    step("hostile links", hostile(b, &link)).await?;
    step("autosave, new scenario, reset to example", autosave(b)).await?;
    step(
        "an embed in a page, and Open in playground",
        embed(b, &link),
    )
    .await?;
    step("the gallery page and one of its links", gallery(b)).await?;
    step("open a scenario file", upload(b)).await
}

/// A scenario file picked in the share dialog opens as its link would; a file that is not a
/// scenario says why, with its line, and leaves the page as it was.
async fn upload(b: &Browser) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("stsplay-e2e-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/ordinals-start.yaml");
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "manifests: ''\ncommand:\n- sleep 1s\n").map_err(|e| e.to_string())?;
    open_fresh_root(b).await?;
    wait(b, "the example", "return seedAlive();").await?;
    let pick = |path: PathBuf| async move {
        let input = b
            .client()
            .find(Locator::Css("#scenario-upload"))
            .await
            .map_err(|e| e.to_string())?;
        let path = path.canonicalize().map_err(|e| e.to_string())?;
        input
            .send_keys(&path.to_string_lossy())
            .await
            .map_err(|e| e.to_string())
    };
    pick(good).await?;
    wait(b, "web-5 from the picked file", "return !!podRow('web-5') && !podRow('web-0') && q('#editor').value.includes('start: 5') && !shown('#link-error');").await?;
    pick(bad.clone()).await?;
    wait(b, "why the bad file did not open, and web-5 still on show", "return shown('#link-error') && text('#link-error-message').includes('line 2, column 1') && text('#link-raw').startsWith('manifests:') && !!podRow('web-5');").await?;
    std::fs::remove_dir_all(&dir).map_err(|e| e.to_string())?;
    b.assert_no_errors().await
}

/// The gallery: reached from the toolbar, a static page with no errors, each scenario
/// under its stable anchor; its tour's second step opens in the playground as itself.
async fn gallery(b: &Browser) -> Result<()> {
    open_fresh_root(b).await?;
    wait(b, "the example", "return seedAlive();").await?;
    click(b, "#gallery-link").await?;
    wait(
        b,
        "the gallery with its tour and the ordered-creation step",
        "return location.pathname.endsWith('/gallery.html') && document.querySelectorAll('article').length >= 6 && !!q('#ordered-creation a[href^=\"./#v1:\"]') && !document.querySelector('script');",
    )
    .await?;
    b.screenshot(&out("gallery.png")).await?;
    b.assert_no_errors().await?;
    click(b, "#ordered-creation .open a").await?;
    wait(
        b,
        "the ordered-creation scenario in the playground, at the end of its commands",
        "return document.body.dataset.ready === 'true' && q('#editor').value.includes('replicas: 3') && /\\$ kubectl describe statefulset web/.test(text('#console-log')) && /web-2\\s+1\\/1\\s+Running/.test(q('#pods').innerText);",
    )
    .await?;
    b.assert_no_errors().await?;
    every_gallery_scenario_agrees_with_the_cli(b).await
}

async fn step<T>(name: &str, run: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    let value = run
        .await
        .map_err(|e| format!("journey `{name}`: FAILED: {e}"))?;
    eprintln!("e2e: journey `{name}`: ok");
    Ok(value)
}

async fn wait(b: &Browser, what: &str, condition: &str) -> Result<()> {
    b.wait_for(what, &format!("{HELPERS}\n{condition}"), PAGE_STATE)
        .await
}

async fn eval(b: &Browser, script: &str) -> Result<Value> {
    b.eval(&format!("{HELPERS}\n{script}")).await
}

async fn type_line(b: &Browser, line: &str) -> Result<()> {
    let input = b
        .client()
        .find(Locator::Css("#console-input"))
        .await
        .map_err(|e| format!("no #console-input: {e}"))?;
    input
        .send_keys(&format!("{line}{}", Key::Enter))
        .await
        .map_err(|e| format!("typing {line:?}: {e}"))
}

async fn click(b: &Browser, selector: &str) -> Result<()> {
    b.client()
        .find(Locator::Css(selector))
        .await
        .map_err(|e| format!("no {selector}: {e}"))?
        .click()
        .await
        .map_err(|e| format!("click {selector}: {e}"))
}

fn string(v: Value) -> String {
    v.as_str().map(str::to_string).unwrap_or_default()
}

/// Opens `fragment` in a fresh page (a full load, not a same-document navigation).
async fn open_fresh(b: &Browser, fragment: &str) -> Result<()> {
    b.client()
        .goto("about:blank")
        .await
        .map_err(|e| e.to_string())?;
    b.open(&format!("/#{fragment}")).await
}

async fn share_and_reopen(b: &Browser) -> Result<String> {
    type_line(b, "kubectl delete pod web-0").await?;
    wait(
        b,
        "the deletion",
        r#"return /pod "web-0" deleted/.test(text('#console-log'));"#,
    )
    .await?;
    click(b, "#step").await?;
    click(b, "#step").await?;
    type_line(b, "kubectl get pods").await?;
    wait(
        b,
        "the pod table",
        "return /\\$ kubectl get pods/.test(text('#console-log'));",
    )
    .await?;
    click(b, "#pods tr[data-pod='web-1']").await?;
    let before = eval(
        b,
        "return [text('#clock'), q('#pods').innerText, text('#pod-detail')];",
    )
    .await?;

    click(b, "#share-button").await?;
    wait(
        b,
        "the share dialog",
        "return shown('#share') && text('#share-link').includes('#v1:');",
    )
    .await?;
    let texts = eval(b, "return [text('#share-link'), text('#share-iframe'), text('#share-markdown'), location.href];").await?;
    let [link, iframe, markdown, href] = [0, 1, 2, 3].map(|i| string(texts[i].clone()));
    let base = format!("{}/", b.origin());
    if !link.starts_with(&format!("{base}#v1:")) || href != link {
        return Err(format!(
            "the link {link:?} is not {base}#v1:... in the address bar ({href:?})"
        ));
    }
    let want_iframe = format!(
        "<iframe src=\"{link}&embed=1\" title=\"StatefulSet Playground\" loading=\"lazy\" style=\"width:100%;height:640px;border:0\"></iframe>"
    );
    if iframe != want_iframe || markdown != format!("[StatefulSet Playground]({link})") {
        return Err(format!("iframe {iframe:?} / markdown {markdown:?}"));
    }
    // What the CLI reads from the same link: the console's lines, the pod, the time.
    let shared = link::decode(&link).map_err(|e| e.message)?;
    let scenario =
        stsplay_core::session::Scenario::parse(&shared.scenario).map_err(|d| d.message)?;
    if !scenario
        .commands
        .iter()
        .any(|c| c == "kubectl delete pod web-0")
        || shared.option("pod") != Some("web-1")
        || shared.time_ms().ok().flatten().is_none()
    {
        return Err(format!("the link carries {shared:?}"));
    }
    b.screenshot(&out("share-dialog.png")).await?;
    // Download: the file is the scenario the link carries (the blob is caught on its way).
    eval(b, "window.__blobs = []; const real = URL.createObjectURL; URL.createObjectURL = (blob) => { window.__blobs.push(blob); return real(blob); }; return null;").await?;
    click(b, "#share-download").await?;
    wait(
        b,
        "the downloaded blob",
        "return window.__blobs.length === 1;",
    )
    .await?;
    let downloaded = b
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__blobs[0].text().then(done);",
            Vec::new(),
        )
        .await
        .map_err(|e| e.to_string())?;
    if downloaded.as_str() != Some(shared.scenario.as_str()) {
        return Err(format!(
            "downloaded {downloaded}\nlink carries {:?}",
            shared.scenario
        ));
    }
    press_escape(b).await?;
    wait(b, "the dialog closed", "return !shown('#share');").await?;

    let fragment = link
        .split_once('#')
        .map(|(_, f)| f.to_string())
        .unwrap_or_default();
    open_fresh(b, &fragment).await?;
    wait(
        b,
        "the shared state in a fresh page",
        "return seedAlive() && /\\$ kubectl delete pod web-0/.test(text('#console-log'));",
    )
    .await?;
    let after = eval(
        b,
        "return [text('#clock'), q('#pods').innerText, text('#pod-detail')];",
    )
    .await?;
    if after != before {
        return Err(format!("shared {before}\nopened {after}"));
    }
    let linked = eval(
        b,
        "return !shown('#link-error') && q('#editor').value.includes('kind: StatefulSet');",
    )
    .await?;
    if linked != true {
        return Err("the link's manifests are not in the editor".into());
    }
    b.assert_no_errors().await?;
    Ok(link)
}

async fn press_escape(b: &Browser) -> Result<()> {
    b.client()
        .find(Locator::Css("body"))
        .await
        .map_err(|e| e.to_string())?
        .send_keys(&Key::Escape.to_string())
        .await
        .map_err(|e| e.to_string())
}

async fn hash_change(b: &Browser, link: &str) -> Result<()> {
    // Opening the link autosaved its state; this journey starts from the example.
    b.eval("localStorage.clear(); return null;").await?;
    open_fresh_root(b).await?;
    wait(
        b,
        "the seed",
        "return seedAlive() && !/kubectl delete pod/.test(text('#console-log'));",
    )
    .await?;
    let fragment = link
        .split_once('#')
        .map(|(_, f)| f.to_string())
        .unwrap_or_default();
    b.eval(&format!(
        "location.hash = {}; return null;",
        Value::String(fragment)
    ))
    .await?;
    wait(
        b,
        "the link opened in place",
        "return /\\$ kubectl delete pod web-0/.test(text('#console-log'));",
    )
    .await?;
    b.assert_no_errors().await
}

/// Every gallery scenario, opened by its link, prints in the page's console what
/// `stsplay run` prints for it (the same core, run here natively).
async fn every_gallery_scenario_agrees_with_the_cli(b: &Browser) -> Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let index = std::fs::read_to_string(dir.join("gallery.yaml")).map_err(|e| e.to_string())?;
    let entries = stsplay_core::gallery::parse_index(&index).map_err(|d| d.message)?;
    for entry in entries {
        let text = std::fs::read_to_string(dir.join(&entry.file)).map_err(|e| e.to_string())?;
        let scenario = stsplay_core::session::Scenario::parse(&text).map_err(|d| d.message)?;
        let mut session = stsplay_core::Session::new();
        let outputs = session.run_scenario(&scenario);
        // The page's console shows the commands, not the apply of the editor's text.
        let want: Vec<Value> = outputs
            .iter()
            .skip(1)
            .map(|o| {
                let mut t = format!(
                    "{}{}\n{}",
                    o.prompt.as_deref().unwrap_or("$ "),
                    o.command,
                    o.stdout
                );
                if !o.stderr.is_empty() && !o.stdout.is_empty() && !o.stdout.ends_with('\n') {
                    t.push('\n');
                }
                t.push_str(&o.stderr);
                Value::String(t)
            })
            .collect();
        open_fresh(b, &link::fragment(&text, &[])).await?;
        wait(
            b,
            &format!("{}: its {} commands in the console", entry.id, want.len()),
            &format!("return document.body.dataset.ready === 'true' && document.querySelectorAll('#console-log pre').length === {};", want.len()),
        )
        .await?;
        let got = eval(
            b,
            "return [...document.querySelectorAll('#console-log pre')].map((p) => p.textContent);",
        )
        .await?;
        if got != Value::Array(want.clone()) {
            let got = got.as_array().cloned().unwrap_or_default();
            let first = want.iter().zip(&got).position(|(w, g)| w != g).unwrap_or(0);
            return Err(format!(
                "{}: the page's console differs from stsplay run at command {}:\n page: {}\n cli:  {}",
                entry.id,
                first + 1,
                got.get(first).cloned().unwrap_or_default(),
                want.get(first).cloned().unwrap_or_default()
            ));
        }
        b.assert_no_errors().await?;
    }
    Ok(())
}

/// Opens `/` in a fresh page.
async fn open_fresh_root(b: &Browser) -> Result<()> {
    b.client()
        .goto("about:blank")
        .await
        .map_err(|e| e.to_string())?;
    b.open("/").await
}

async fn autosave(b: &Browser) -> Result<()> {
    b.eval("localStorage.clear(); return null;").await?;
    open_fresh_root(b).await?;
    wait(
        b,
        "the example",
        "return seedAlive() && text('#console-log') === '';",
    )
    .await?;
    type_line(b, "kubectl delete pod web-0").await?;
    wait(
        b,
        "the deletion",
        r#"return /pod "web-0" deleted/.test(text('#console-log'));"#,
    )
    .await?;
    click(b, "#step").await?;
    let before = eval(b, "return [text('#clock'), q('#pods').innerText];").await?;
    open_fresh_root(b).await?;
    wait(
        b,
        "the autosaved console after a reload",
        "return seedAlive() && /\\$ kubectl delete pod web-0/.test(text('#console-log'));",
    )
    .await?;
    let after = eval(b, "return [text('#clock'), q('#pods').innerText];").await?;
    if after != before {
        return Err(format!("before the reload {before}\nafter {after}"));
    }
    // The address bar holds the link of what is on show, and reloading it finds the same.
    let hash = eval(b, "return location.hash;").await?;
    let hash = string(hash);
    if !hash.starts_with("#v1:") || !hash.contains("&t=") {
        return Err(format!("the address does not hold the state: {hash:?}"));
    }
    b.client().refresh().await.map_err(|e| e.to_string())?;
    wait(
        b,
        "the same state after reloading the address",
        "return seedAlive() && /\\$ kubectl delete pod web-0/.test(text('#console-log'));",
    )
    .await?;
    let reloaded = eval(b, "return [text('#clock'), q('#pods').innerText];").await?;
    if reloaded != before {
        return Err(format!("before the reload {before}\nafter {reloaded}"));
    }
    // Broken text is kept too, and comes back broken (the last good result stale).
    b.eval("const e = document.querySelector('#editor'); e.value = e.value.replace('replicas: 2', 'replicas: [2'); e.dispatchEvent(new Event('input', { bubbles: true })); return null;").await?;
    wait(b, "the problem", "return shown('#diagnostics');").await?;
    // Reloading the address brings the broken text back over its link's state.
    b.client().refresh().await.map_err(|e| e.to_string())?;
    wait(b, "the broken text back after reloading the address", "return shown('#diagnostics') && q('#editor').value.includes('replicas: [2') && /\\$ kubectl delete pod web-0/.test(text('#console-log'));").await?;
    open_fresh_root(b).await?;
    wait(b, "the broken text back after a reload", "return shown('#diagnostics') && q('#editor').value.includes('replicas: [2') && /\\$ kubectl delete pod web-0/.test(text('#console-log'));").await?;
    click(b, "#reset-example").await?;
    wait(b, "the example again with an empty console", "return seedAlive() && !shown('#diagnostics') && q('#editor').value.includes('replicas: 2 # by default is 1') && text('#console-log') === '';").await?;
    click(b, "#new-scenario").await?;
    wait(
        b,
        "the new scenario's StatefulSet",
        "return q('#editor').value.startsWith('# A new scenario') && !podRow('web-0') && !!podRow('app-0') && !shown('#diagnostics');",
    )
    .await?;
    open_fresh_root(b).await?;
    wait(b, "the new scenario kept over a reload", "return document.body.dataset.ready === 'true' && q('#editor').value.startsWith('# A new scenario') && !podRow('web-0') && !!podRow('app-0');").await?;
    // A broken link says why and leaves the saved work as it was, on show.
    open_fresh(b, "v1:eNo*abc").await?;
    wait(b, "the broken link's message over the saved work", "return shown('#link-error') && q('#editor').value.startsWith('# A new scenario') && !!podRow('app-0');").await?;
    open_fresh_root(b).await?;
    wait(b, "the saved work still there", "return document.body.dataset.ready === 'true' && q('#editor').value.startsWith('# A new scenario');").await?;
    b.eval("localStorage.clear(); return null;").await?;
    b.assert_no_errors().await
}

/// The embed inside a page of the same origin: the embed's own options, its height
/// message, no storage written, and its "Open in playground" link carrying the state.
async fn embed(b: &Browser, link: &str) -> Result<()> {
    let fragment = link
        .split_once('#')
        .map(|(_, f)| f.to_string())
        .unwrap_or_default();
    let src = format!("/#{fragment}&embed=1&view=pods&theme=dark");
    open_fresh_root(b).await?;
    wait(b, "the example", "return seedAlive();").await?;
    b.eval("localStorage.clear(); window.__hostHash = location.hash; return null;")
        .await?;
    b.eval(&format!(
        "window.__heights = []; window.addEventListener('message', (e) => {{ if (e.data && e.data.type === 'stsplay:resize') window.__heights.push(e.data.height); }});          const f = document.createElement('iframe'); f.id = 'embed'; f.title = 'embed'; f.width = '900'; f.height = '300'; f.src = {}; document.body.prepend(f); return null;",
        Value::String(src)
    ))
    .await?;
    let inside = "const d = q('#embed').contentDocument; const w = q('#embed').contentWindow; const dq = (s) => d && d.querySelector(s);";
    wait(
        b,
        "the embed: its slim bar, the read-only editor, only the pods panel, dark, and a height message",
        &format!("{inside} return !!d && d.body.dataset.ready === 'true' && d.body.dataset.embed === 'true' && !!dq('#pods tr[data-pod=web-0]') && dq('.embed-bar') && !dq('.embed-bar').hidden && dq('.toolbar').hidden && dq('#editor').readOnly && dq('#dns').closest('section').hidden && !dq('#pods').closest('section').hidden && d.documentElement.dataset.theme === 'dark' && window.__heights.length > 0 && window.__heights[window.__heights.length - 1] > 200;"),
    )
    .await?;
    b.screenshot(&out("embed.png")).await?;
    // The embed wrote nothing to storage, and nothing to the parent's address.
    let clean = eval(
        b,
        "return localStorage.length === 0 && location.hash === window.__hostHash;",
    )
    .await?;
    if clean != true {
        return Err("the embed wrote to localStorage or to the page's address".into());
    }
    // Act in the embed, then follow its link: the full page opens in that state.
    eval(b, &format!("{inside} const i = dq('#console-input'); i.value = 'kubectl scale statefulset web --replicas=3'; i.dispatchEvent(new w.KeyboardEvent('keydown', {{ key: 'Enter', bubbles: true }})); return null;")).await?;
    wait(
        b,
        "the scale in the embed (web-2 waits: OrderedReady and web-0 is not Ready yet)",
        &format!(
            "{inside} return /statefulset.apps\\/web scaled/.test(dq('#console-log').textContent);"
        ),
    )
    .await?;
    let state = eval(b, &format!("{inside} return [dq('#open-full').href, dq('#open-full').target, dq('#clock').textContent, dq('#pods').innerText];")).await?;
    let href = string(state[0].clone());
    if !href.starts_with(&format!("{}/#v1:", b.origin()))
        || href.contains("embed=")
        || state[1] != "_blank"
    {
        return Err(format!(
            "Open in playground goes to {href:?} ({})",
            state[1]
        ));
    }
    b.client()
        .goto("about:blank")
        .await
        .map_err(|e| e.to_string())?;
    b.client().goto(&href).await.map_err(|e| e.to_string())?;
    wait(
        b,
        "the full page in the embed's state",
        "return document.body.dataset.ready === 'true' && !document.body.dataset.embed && /statefulset.apps\\/web scaled/.test(text('#console-log'));",
    )
    .await?;
    let full = eval(b, "return [text('#clock'), q('#pods').innerText];").await?;
    if full[0] != state[2] || full[1] != state[3] {
        return Err(format!("embed {state}\nfull page {full}"));
    }
    b.assert_no_errors().await
}

/// Zeros compressed as a link's payload: a decompression bomb.
fn bomb(bytes: usize) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&vec![b'0'; bytes], 9);
    format!(
        "v1:{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed)
    )
}

async fn hostile(b: &Browser, good: &str) -> Result<()> {
    let good = good
        .split_once('#')
        .map(|(_, f)| f.to_string())
        .unwrap_or_default();
    let flipped = {
        let mut bytes = good.clone().into_bytes();
        let at = good.find('&').unwrap_or(good.len()) - 3;
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        String::from_utf8(bytes).map_err(|e| e.to_string())?
    };
    let truncated = good[..good.find('&').unwrap_or(good.len()) - 12].to_string();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "invalid base64",
            "v1:eNo*abc".into(),
            "character 4 of the scenario",
        ),
        ("a truncated link", truncated, "The link is"),
        ("a flipped bit", flipped, "checksum does not match"),
        (
            "a 64 MiB decompression bomb",
            bomb(64 << 20),
            "The link is too long",
        ),
        (
            "an 8 MiB bomb under the length limit",
            bomb(8 << 20),
            "more than 256 KiB",
        ),
        (
            "a newer format",
            "v2:eNoDAAAAAAE".into(),
            "newer than this playground",
        ),
    ];
    for (name, fragment, message) in cases {
        open_fresh(b, &fragment).await?;
        let head: String = fragment.chars().take(200).collect();
        wait(
            b,
            &format!("{name}: its message, its text and the live seed"),
            &format!(
                "return seedAlive() && shown('#link-error') && text('#link-error-message').includes({}) && text('#link-raw').startsWith({});",
                Value::String(message.into()),
                Value::String(head)
            ),
        )
        .await?;
        b.assert_no_errors().await?;
    }
    // However broken, no link made the page ask for anything but its own files.
    let before = b.served().len();
    let strays: Vec<String> = b
        .served()
        .into_iter()
        .filter(|r| {
            let path = r.split(' ').nth(1).unwrap_or_default();
            let known = path == "/"
                || path == "/index.html"
                || path.starts_with("/stsplay-web-")
                || path.starts_with("/style-")
                || path == "/boot.js";
            !(known && r.contains("-> 200"))
        })
        .collect();
    if before == 0 || !strays.is_empty() {
        return Err(format!(
            "requests other than the page's own files: {strays:?}"
        ));
    }
    b.screenshot(&out("link-error.png")).await?;
    click(b, "#link-error-close").await?;
    wait(
        b,
        "the message dismissed",
        "return !shown('#link-error') && seedAlive();",
    )
    .await?;

    // Hostile YAML inside a valid link: the page opens it, shows its problems, stays alive,
    // and markup in it stays text.
    let mut laughs = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"<img src=x onerror=window.__xss=1>\"\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, c) in ('b'..='i').enumerate() {
        let p = (b'a' + i as u8) as char;
        laughs.push_str(&format!(
            "  {c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        ));
    }
    let fragment = link::fragment(&link::scenario_text(&laughs, None, &[]), &[]);
    open_fresh(b, &fragment).await?;
    wait(
        b,
        "the hostile YAML's problems, with no markup run",
        "return document.body.dataset.ready === 'true' && shown('#diagnostics') && q('#editor').value.includes('&a [') && !q('img') && !window.__xss && !shown('#link-error');",
    )
    .await?;
    b.assert_no_errors().await
}
