//! The page's journeys end to end, in headless Chromium on the release bundle: the console
//! (with the seed's interactive shell, history and completion), time (delete a pod and step
//! until it is back, scrub back, play), selecting a pod and a DNS miss, the topology picture,
//! theme and language, markup staying text, no request after load, the panic banner and a
//! phone-sized viewport. Expected values come from the seed's notes and kubectl/busybox
//! behaviour (commands.md), never from the page's own output.
//!
//! Screenshots go to `tests/e2e/out/` (desktop and phone, light and dark, Chinese).

use std::path::{Path, PathBuf};

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::Value;
use stsplay_e2e::{run_in_chromium, Browser, Result};

/// The seed's client pod, exactly as the notes type it.
const SEED_RUN: &str =
    "kubectl run -i --tty --image busybox:1.28.0 dns-test --restart=Never --rm /bin/sh";

/// Helpers prepended to every condition.
const HELPERS: &str = r#"
const q = (sel) => document.querySelector(sel);
const text = (sel) => { const e = q(sel); return e ? e.textContent : ''; };
const entries = () => [...document.querySelectorAll('#console-log .entry pre')].map((e) => e.textContent);
const last = () => { const all = entries(); return all.length ? all[all.length - 1] : ''; };
const podRow = (name) => { const tr = q('#pods tr[data-pod="' + name + '"]'); return tr ? [...tr.cells].map((c) => c.textContent) : null; };
"#;

const PAGE_STATE: &str = r#"
const show = (sel) => { const e = document.querySelector(sel); return e ? JSON.stringify(e.innerText.slice(0, 1500)) : '(no ' + sel + ')'; };
return ['#status ' + show('#status'), '#clock ' + show('#clock'), '#console-prompt ' + show('#console-prompt'),
  '#console-log ' + show('#console-log'), '#pods ' + show('#pods'), '#pod-detail ' + show('#pod-detail')].join('\n');
"#;

fn out(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("out").join(name)
}

#[tokio::test]
async fn journeys_in_headless_chromium() {
    run_in_chromium(&out("journeys-failure.png"), |b| Box::pin(journeys(b))).await;
}

async fn journeys(b: &Browser) -> Result<()> {
    b.client()
        .set_window_size(1280, 1000)
        .await
        .map_err(|e| e.to_string())?;
    b.open("/").await?;
    wait(
        b,
        "the app to mount and show web-0 and web-1",
        "return document.body.dataset.ready === 'true' && podRow('web-0') && podRow('web-1');",
    )
    .await?;
    let loaded = b.served().len();
    step("console: kubectl get pods", console_get(b)).await?;
    step("console: the seed's interactive shell", shell(b)).await?;
    step(
        "console: history and Tab completion",
        history_and_completion(b),
    )
    .await?;
    step(
        "time: delete web-0, step until it is back",
        delete_and_step(b),
    )
    .await?;
    b.screenshot(&out("desktop.png")).await?;
    step("time: scrub back, then play", scrub_and_play(b)).await?;
    step("select a pod, explain a DNS miss", select_pod(b)).await?;
    step("topology picture", topology(b)).await?;
    b.screenshot(&out("desktop-selected.png")).await?;
    step("theme and language", theme_and_language(b)).await?;
    step("markup stays text", markup_is_text(b)).await?;
    step("no request after load", no_network(b, loaded)).await?;
    step("phone viewport", phone(b)).await?;
    step("panic banner and reload with my scenario", panic_banner(b)).await?;
    step(
        "editor: colours, Enter indents, undo",
        editor_colours_and_indent(b),
    )
    .await?;
    step(
        "editor: a repeated key is a note, not a problem",
        repeated_key_note(b),
    )
    .await
}

/// kubectl keeps the last value of a key given twice without a word
/// (kubernetes/kubernetes#125885): the result is not stale, and the dropped line has a note.
async fn repeated_key_note(b: &Browser) -> Result<()> {
    let manifest = "apiVersion: v1\\nkind: Service\\nmetadata:\\n  name: nginx\\nspec:\\n  clusterIP: 10.96.0.50\\n  ports:\\n  - port: 80\\n  clusterIP: None\\n  selector:\\n    app: nginx\\n";
    b.eval(&format!(
        "const e = document.querySelector('#editor'); e.value = \"{manifest}\"; e.dispatchEvent(new Event('input', {{ bubbles: true }})); return null;"
    ))
    .await?;
    wait(
        b,
        "a note on line 6, the gutter marking it, the headless Service shown and nothing stale",
        "const d = q('#diagnostics'); return !d.hidden && d.classList.contains('only-notes') && d.querySelectorAll('.diagnostic.note').length === 1 && /line 6\\b/.test(text('#diagnostics')) && text('#diagnostics').includes('kubectl keeps the last value') && q('.gutter .line:nth-child(6)').classList.contains('has-note') && q('#editor').getAttribute('aria-invalid') === 'false' && !text('#status').toLowerCase().includes('stale') && [...document.querySelectorAll('#services tr')].some((tr) => [...tr.cells].map((c) => c.textContent).join(' ').startsWith('nginx ClusterIP None'));",
    )
    .await?;
    b.screenshot(&out("desktop-note.png")).await?;
    click(b, "#reset-example").await?;
    wait(
        b,
        "the note gone with the text",
        "return q('#diagnostics').hidden;",
    )
    .await?;
    b.assert_no_errors().await
}

async fn step(name: &str, run: impl std::future::Future<Output = Result<()>>) -> Result<()> {
    run.await
        .map_err(|e| format!("journey `{name}`: FAILED: {e}"))?;
    eprintln!("e2e: journey `{name}`: ok");
    Ok(())
}

async fn wait(b: &Browser, what: &str, condition: &str) -> Result<()> {
    b.wait_for(what, &format!("{HELPERS}\n{condition}"), PAGE_STATE)
        .await
}

async fn eval(b: &Browser, script: &str) -> Result<Value> {
    b.eval(&format!("{HELPERS}\n{script}")).await
}

/// Types `line` into the console and presses Enter, as a person would.
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

async fn press(b: &Browser, selector: &str, keys: &str) -> Result<()> {
    let element = b
        .client()
        .find(Locator::Css(selector))
        .await
        .map_err(|e| format!("no {selector}: {e}"))?;
    element
        .send_keys(keys)
        .await
        .map_err(|e| format!("keys on {selector}: {e}"))
}

async fn click(b: &Browser, selector: &str) -> Result<()> {
    let element = b
        .client()
        .find(Locator::Css(selector))
        .await
        .map_err(|e| format!("no {selector}: {e}"))?;
    element
        .click()
        .await
        .map_err(|e| format!("click {selector}: {e}"))
}

async fn console_get(b: &Browser) -> Result<()> {
    type_line(b, "kubectl get pods").await?;
    wait(
        b,
        "kubectl's pod table in the console",
        r"const t = last(); return t.startsWith('$ kubectl get pods') && /NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/.test(t) && /web-0\s+1\/1\s+Running/.test(t) && /web-1\s+1\/1\s+Running/.test(t);",
    )
    .await?;
    // The same command language as the CLI: kubectl's flags, and cobra's error for a bad one.
    type_line(
        b,
        "kubectl get endpointslices -l kubernetes.io/service-name=nginx --show-labels",
    )
    .await?;
    wait(
        b,
        "the Service's EndpointSlice found by its label, its labels last",
        r"const t = last(); return /NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE\s+LABELS/.test(t) && /nginx-\w{5}\s+IPv4\s+80\s/.test(t) && t.includes('kubernetes.io/service-name=nginx');",
    )
    .await?;
    // The tutorial's loop, a file written in web-0 and served back by its nginx.
    type_line(
        b,
        r#"for i in 0 1; do kubectl exec "web-$i" -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'; done"#,
    )
    .await?;
    type_line(
        b,
        "for i in 0 1; do kubectl exec web-$i -- curl -s http://localhost/; done",
    )
    .await?;
    wait(
        b,
        "each pod's nginx serving the hostname it wrote",
        r"const t = last(); return t.startsWith('$ for i in 0 1; do kubectl exec web-$i -- curl') && /\nweb-0\nweb-1\s*$/.test(t);",
    )
    .await?;
    type_line(b, "kubectl get pods --bogus").await?;
    wait(
        b,
        "cobra's unknown-flag error",
        r#"return last().includes("error: unknown flag: --bogus") && last().includes("See 'kubectl get --help' for usage.");"#,
    )
    .await?;
    // Each entry has its copy button.
    wait(
        b,
        "a copy button per entry",
        "return document.querySelectorAll('#console-log .entry').length === document.querySelectorAll('#console-log .entry .copy').length;",
    )
    .await?;
    b.assert_no_errors().await
}

async fn shell(b: &Browser) -> Result<()> {
    type_line(b, SEED_RUN).await?;
    wait(
        b,
        "the busybox prompt `/ # `",
        "return text('#console-prompt') === '/ # ';",
    )
    .await?;
    type_line(b, "nslookup web-0.nginx").await?;
    // busybox 1.28's nslookup, as the notes show it.
    wait(
        b,
        "`Name:      web-0.nginx` at the `/ # ` prompt",
        r"const t = last(); return t.startsWith('/ # nslookup web-0.nginx') && /Name:\s+web-0\.nginx\n/.test(t) && /Address 1: 10\.244\.\d+\.\d+ web-0\.nginx\.default\.svc\.cluster\.local/.test(t);",
    )
    .await?;
    type_line(b, "exit").await?;
    wait(
        b,
        "the shell to close (`$ ` again) and kubectl to delete dns-test",
        r#"return text('#console-prompt') === '$ ' && /pod "dns-test" deleted/.test(last());"#,
    )
    .await?;
    b.assert_no_errors().await
}

async fn history_and_completion(b: &Browser) -> Result<()> {
    press(b, "#console-input", &Key::Up.to_string()).await?;
    wait(
        b,
        "Up to recall `exit`",
        "return q('#console-input').value === 'exit';",
    )
    .await?;
    press(b, "#console-input", &Key::Up.to_string()).await?;
    wait(
        b,
        "Up again to recall the nslookup",
        "return q('#console-input').value === 'nslookup web-0.nginx';",
    )
    .await?;
    press(b, "#console-input", &Key::Down.to_string()).await?;
    press(b, "#console-input", &Key::Down.to_string()).await?;
    wait(
        b,
        "Down back to an empty line",
        "return q('#console-input').value === '';",
    )
    .await?;
    // Completion: a verb, then a kind, then a pod name.
    press(b, "#console-input", &format!("kubectl des{}", Key::Tab)).await?;
    wait(
        b,
        "Tab to complete `describe`",
        "return q('#console-input').value === 'kubectl describe ';",
    )
    .await?;
    press(b, "#console-input", &format!("statefuls{}", Key::Tab)).await?;
    wait(
        b,
        "Tab to complete `statefulset`",
        "return q('#console-input').value === 'kubectl describe statefulset';",
    )
    .await?;
    press(b, "#console-input", &format!(" we{}", Key::Tab)).await?;
    wait(
        b,
        "Tab to complete the name `web`",
        "return q('#console-input').value.startsWith('kubectl describe statefulset web');",
    )
    .await?;
    b.eval("const i = document.querySelector('#console-input'); i.value = 'kubectl get '; return null;").await?;
    // Nothing to complete: Tab must move the focus on, not trap it.
    press(b, "#console-input", &Key::Tab.to_string()).await?;
    wait(
        b,
        "Tab with nothing to complete to leave the console",
        "return document.activeElement !== q('#console-input');",
    )
    .await?;
    b.eval("document.querySelector('#console-input').value = ''; return null;")
        .await?;
    b.assert_no_errors().await
}

async fn delete_and_step(b: &Browser) -> Result<()> {
    let before = eval(b, "return podRow('web-0');").await?;
    type_line(b, "kubectl delete pod web-0").await?;
    wait(
        b,
        "kubectl's deletion message",
        r#"return /pod "web-0" deleted/.test(last());"#,
    )
    .await?;
    // Deleting takes no simulated time: web-0 is Terminating now.
    wait(
        b,
        "web-0 Terminating",
        "const r = podRow('web-0'); return r && r.includes('Terminating');",
    )
    .await?;
    for _ in 0..30 {
        let back = eval(
            b,
            "const r = podRow('web-0'); return !!r && r.includes('Running') && r.includes('1/1');",
        )
        .await?;
        if back == true {
            let after = eval(b, "return podRow('web-0');").await?;
            if after == before {
                return Err(format!("web-0 came back identical, AGE included: {after}"));
            }
            return b.assert_no_errors().await;
        }
        click(b, "#step").await?;
    }
    Err("web-0 was not Running and Ready again after 30 steps".into())
}

async fn scrub_and_play(b: &Browser) -> Result<()> {
    // Dragging the scrubber to the start: the replay of the manifests at time zero.
    b.eval("const s = document.querySelector('#scrubber'); s.value = '0'; s.dispatchEvent(new Event('input', { bubbles: true })); return null;").await?;
    // OrderedReady: at time zero web-1 does not exist yet and web-0 is not Ready.
    wait(
        b,
        "the clock at 2026-01-01T00:00:00Z with no web-1",
        "return text('#clock').includes('2026-01-01T00:00:00Z') && !podRow('web-1') && !(podRow('web-0') || []).includes('1/1');",
    )
    .await?;
    b.screenshot(&out("desktop-time-zero.png")).await?;
    b.eval("const s = document.querySelector('#speed'); s.value = '10'; s.dispatchEvent(new Event('change', { bubbles: true })); return null;").await?;
    click(b, "#play").await?;
    wait(
        b,
        "the play button pressed",
        "return q('#play').getAttribute('aria-pressed') === 'true' || !!podRow('web-1');",
    )
    .await?;
    wait(
        b,
        "play to run until web-1 is Running and Ready, then stop by itself",
        "const r = podRow('web-1'); return r && r.includes('Running') && r.includes('1/1') && q('#play').getAttribute('aria-pressed') === 'false';",
    )
    .await?;
    b.assert_no_errors().await
}

async fn select_pod(b: &Browser) -> Result<()> {
    click(b, "#pods tr[data-pod='web-1']").await?;
    wait(
        b,
        "web-1's hostname, /etc/hosts and resolv.conf",
        r"const t = text('#pod-detail'); return /hostname\n+web-1\n/.test(t) && /\tweb-1\.nginx\.default\.svc\.cluster\.local\tweb-1/.test(t) && t.includes('search default.svc.cluster.local svc.cluster.local cluster.local');",
    )
    .await?;
    // Keyboard: a row is focusable and Enter selects it.
    b.eval("document.querySelector(\"#pods tr[data-pod='web-0']\").focus(); return null;")
        .await?;
    press(b, "#pods tr[data-pod='web-0']", &Key::Enter.to_string()).await?;
    wait(b, "Enter on web-0's row to select it", r"return /hostname\n+web-0\n/.test(text('#pod-detail')) && q(`#pods tr[data-pod='web-0']`).getAttribute('aria-selected') === 'true';").await?;
    // A miss: web-1 not Ready is not published, and the explanation says why.
    type_line(b, "sim unready web-1").await?;
    click(b, "#pods tr[data-pod='web-1']").await?;
    wait(
        b,
        "web-1's DNS name marked as not published",
        "return !!q('#pod-detail .detail-dns .unpublished');",
    )
    .await?;
    click(b, "#pod-detail .explain").await?;
    wait(
        b,
        "sim resolve's explanation of the miss in the console",
        "const t = last(); return t.includes('sim resolve web-1.nginx.default.svc.cluster.local') && t.includes('NXDOMAIN') && /not Ready/.test(t);",
    )
    .await?;
    type_line(b, "sim ready web-1").await?;
    // A DNS record row explains its name too.
    click(b, "#dns tr[data-resolve]").await?;
    wait(
        b,
        "a DNS record explained",
        "return last().includes('sim resolve ');",
    )
    .await?;
    b.assert_no_errors().await
}

async fn topology(b: &Browser) -> Result<()> {
    wait(
        b,
        "the SVG picture: Service nginx, web-0 and web-1 with readiness as text",
        r"const svg = q('#topology svg[role=img]'); if (!svg) return false;
          const t = svg.textContent;
          return svg.getAttribute('aria-label').includes('nginx') && t.includes('Service nginx') && t.includes('clusterIP: None')
            && !!svg.querySelector('g[data-pod=web-0]') && !!svg.querySelector('g[data-pod=web-1]')
            && t.includes('web-0.nginx.default.svc.cluster.local') && /Running · Ready/.test(t) && svg.querySelectorAll('title').length > 2;",
    )
    .await?;
    click(b, "#topology g[data-pod='web-1']").await?;
    wait(
        b,
        "a click on web-1's box to select it",
        r"return /hostname\n+web-1\n/.test(text('#pod-detail'));",
    )
    .await?;
    b.assert_no_errors().await
}

async fn theme_and_language(b: &Browser) -> Result<()> {
    let light = eval(b, "return getComputedStyle(document.body).backgroundColor;").await?;
    b.eval("const s = document.querySelector('#theme'); s.value = 'dark'; s.dispatchEvent(new Event('change', { bubbles: true })); return null;").await?;
    wait(b, "html[data-theme=dark] and a stored choice", "return document.documentElement.dataset.theme === 'dark' && localStorage.getItem('stsplay-theme') === 'dark';").await?;
    let dark = eval(b, "return getComputedStyle(document.body).backgroundColor;").await?;
    if light == dark {
        return Err(format!(
            "the dark theme did not change the background ({light})"
        ));
    }
    b.screenshot(&out("desktop-dark.png")).await?;
    b.eval("const s = document.querySelector('#lang'); s.value = 'zh'; s.dispatchEvent(new Event('change', { bubbles: true })); return null;").await?;
    wait(
        b,
        "the interface in Chinese, kubectl output unchanged",
        "return document.documentElement.lang === 'zh' && text('#console-heading') === '控制台' && text('#site-title') === 'StatefulSet 演练场' && text('#play') === '播放' && /web-0\\s+1\\/1\\s+Running/.test(text('#pods'));",
    )
    .await?;
    b.screenshot(&out("desktop-dark-zh.png")).await?;
    b.eval("const s = document.querySelector('#lang'); s.value = 'en'; s.dispatchEvent(new Event('change', { bubbles: true })); const t = document.querySelector('#theme'); t.value = 'system'; t.dispatchEvent(new Event('change', { bubbles: true })); return null;").await?;
    wait(
        b,
        "English and the system theme again",
        "return text('#console-heading') === 'Console' && !document.documentElement.dataset.theme;",
    )
    .await?;
    // The help panel: `?` opens it, Escape closes it.
    b.eval("document.activeElement && document.activeElement.blur(); return null;")
        .await?;
    press(b, "body", "?").await?;
    wait(
        b,
        "`?` to open the shortcuts",
        "return !q('#help').hidden && text('#help').includes('Ctrl');",
    )
    .await?;
    press(b, "#help-close", &Key::Escape.to_string()).await?;
    wait(b, "Escape to close them", "return q('#help').hidden;").await?;
    press(b, "body", "/").await?;
    wait(
        b,
        "`/` to focus the console",
        "return document.activeElement === q('#console-input');",
    )
    .await?;
    b.assert_no_errors().await
}

async fn markup_is_text(b: &Browser) -> Result<()> {
    const PAYLOAD: &str = "<img src=x onerror=window.__xss=1>";
    type_line(b, &format!("kubectl get pods {PAYLOAD}")).await?;
    let manifest = format!(
        "apiVersion: v1\\nkind: Service\\nmetadata:\\n  name: \"{PAYLOAD}\"\\n  labels:\\n    app: \"{PAYLOAD}\"\\nspec:\\n  clusterIP: None\\n  ports:\\n  - port: 80\\n"
    );
    b.eval(&format!(
        "const e = document.querySelector('#editor'); e.value = \"{}\"; e.dispatchEvent(new Event('input', {{ bubbles: true }})); return null;",
        manifest.replace('"', "\\\"")
    ))
    .await?;
    wait(
        b,
        "the markup shown as text in the console and the diagnostics, and no <img>",
        "return text('#console-log').includes('<img') && text('#diagnostics').includes('<img') && !document.querySelector('img') && !window.__xss;",
    )
    .await?;
    // Back to the seed's text (the last good one is still on show).
    b.eval("window.history.replaceState(null, '', '/'); return null;")
        .await?;
    b.assert_no_errors().await
}

async fn editor_colours_and_indent(b: &Browser) -> Result<()> {
    click(b, "#reset-example").await?;
    // The coloured copy under the textarea holds exactly its text, keys, strings and
    // comments in their spans.
    wait(
        b,
        "the editor's colours",
        "const h = q('.highlight'); const e = q('#editor'); return !!h && h.textContent === e.value + '\\n ' && [...h.querySelectorAll('.t-key')].some((s) => s.textContent === 'apiVersion') && [...h.querySelectorAll('.t-str')].some((s) => s.textContent === '\"nginx\"') && [...h.querySelectorAll('.t-comment')].some((s) => s.textContent.startsWith('# has to match')) && getComputedStyle(e).color === 'rgba(0, 0, 0, 0)';",
    )
    .await?;
    let original = eval(b, "return q('#editor').value;").await?;
    // The caret at the end of `spec:` (the Service's), then Enter: the new line is indented.
    b.eval("const e = document.querySelector('#editor'); const at = e.value.indexOf('spec:') + 5; e.focus(); e.setSelectionRange(at, at); return null;").await?;
    press(b, "#editor", &Key::Enter.to_string()).await?;
    wait(
        b,
        "a new line indented under spec:",
        "return q('#editor').value.includes('spec:\\n  \\n  ports:') && q('.highlight').textContent === q('#editor').value + '\\n ';",
    )
    .await?;
    // The browser's undo takes it back in one step.
    press(b, "#editor", &format!("{}z{}", Key::Control, Key::Control)).await?;
    let undone = eval(b, "return q('#editor').value;").await?;
    if undone != original {
        return Err(format!("undo left {undone}"));
    }
    // Tab leaves the editor (it never traps focus).
    press(b, "#editor", &Key::Tab.to_string()).await?;
    let left = eval(b, "return document.activeElement !== q('#editor');").await?;
    if left != true {
        return Err("Tab stayed in the editor".into());
    }
    b.assert_no_errors().await
}

async fn no_network(b: &Browser, loaded: usize) -> Result<()> {
    let served = b.served();
    if served.len() != loaded {
        return Err(format!(
            "requests after load: {:?}",
            &served[loaded.min(served.len())..]
        ));
    }
    let origin = format!("{}/", b.origin());
    let entries = b
        .eval("return performance.getEntriesByType('resource').map((e) => e.name);")
        .await?;
    let names: Vec<&str> = entries
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if names.is_empty() || names.iter().any(|n| !n.starts_with(&origin)) {
        return Err(format!("resources not all from {origin}: {names:?}"));
    }
    b.assert_no_errors().await
}

async fn phone(b: &Browser) -> Result<()> {
    b.client()
        .set_window_size(390, 844)
        .await
        .map_err(|e| e.to_string())?;
    wait(
        b,
        "the page to fit 390 px without sideways scrolling",
        "return document.documentElement.clientWidth <= 390 && document.documentElement.scrollWidth <= document.documentElement.clientWidth;",
    )
    .await?;
    b.screenshot(&out("phone.png")).await?;
    b.eval("document.querySelector('#console').scrollIntoView(); return null;")
        .await?;
    b.screenshot(&out("phone-console.png")).await?;
    b.eval("document.querySelector('#topology-panel').scrollIntoView(); return null;")
        .await?;
    b.screenshot(&out("phone-topology.png")).await?;
    b.client()
        .set_window_size(1280, 1000)
        .await
        .map_err(|e| e.to_string())?;
    b.assert_no_errors().await
}

async fn panic_banner(b: &Browser) -> Result<()> {
    b.eval("const e = document.querySelector('#editor'); e.value = e.value.replace(/name: \"?<img[^\\n]*/, 'name: kept'); return null;").await?;
    b.eval("try { window.wasmBindings.panic_for_test(); } catch (_) {} return null;")
        .await?;
    // The hook draws the banner before the panic unwinds out of the call (not through
    // `wait`, which would stop at the panic's console error).
    let banner = eval(b, "const p = q('#panic-banner'); return !!p && p.getAttribute('role') === 'alert' && !!q('#panic-reload') && sessionStorage.getItem('stsplay-scenario').includes('name: kept');").await?;
    if banner != true {
        return Err(
            "no panic banner (with a reload link and the scenario kept) after a panic".into(),
        );
    }
    // The panic is reported on the console, as it should be; take those errors out.
    let errors = b.errors().await?;
    if !errors
        .iter()
        .any(|e| e.contains("a panic asked for by the end-to-end test"))
    {
        return Err(format!("the panic was not reported: {errors:?}"));
    }
    b.eval("window.__stsplayErrors.length = 0; return null;")
        .await?;
    b.screenshot(&out("desktop-panic.png")).await?;
    click(b, "#panic-reload").await?;
    wait(
        b,
        "the reloaded page with my scenario in the editor",
        "return document.body.dataset.ready === 'true' && !q('#panic-banner') && q('#editor').value.includes('name: kept');",
    )
    .await?;
    b.assert_no_errors().await
}
