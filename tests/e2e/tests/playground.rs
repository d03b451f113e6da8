//! The playground end to end: the release bundle in headless Chromium.
//!
//! Page contract (web/index.html + crates/web): `#editor` is the YAML <textarea> (re-render on
//! `input`, debounced); `#pods` holds a <table> with one <tr> per pod; `#lookups` the nslookup
//! transcripts; `#diagnostics` the errors (`line N`, `column M`); `#status` says `stale` while
//! the text is broken and the last good result is kept; `body[data-ready="true"]` once mounted.
//!
//! Run with `cargo xtask test` (builds dist/ first), or after `trunk build --release`:
//! `cargo test -p stsplay-e2e -- --nocapture` (env: STSPLAY_DIST, CHROMIUM, CHROMEDRIVER).

use std::path::{Path, PathBuf};
use std::time::Instant;
use stsplay_e2e::{dist_dir, executable, Browser, Result};

/// JS helpers shared by the conditions below (prepended to each script).
const HELPERS: &str = r#"
const text = (sel) => { const e = document.querySelector(sel); return e ? e.textContent : ''; };
const podRows = () => [...document.querySelectorAll('#pods table tr')]
  .map((tr) => [...tr.cells].map((c) => c.textContent.trim()))
  .filter((cells) => cells.some((c) => c.split(/\s+/).some((w) => /^web-\d+$/.test(w))));
const hasPod = (name) => podRows().some((cells) => cells.some((c) => c.split(/\s+/).includes(name)));
"#;

/// What the page shows, for failure messages.
const PAGE_STATE: &str = r#"
const show = (sel) => { const e = document.querySelector(sel); return e ? JSON.stringify(e.innerText.slice(0, 1200)) : '(no ' + sel + ')'; };
return [
  'body[data-ready] = ' + document.body.getAttribute('data-ready'),
  '#status      ' + show('#status'),
  '#diagnostics ' + show('#diagnostics'),
  '#pods        ' + show('#pods'),
  '#lookups     ' + show('#lookups'),
].join('\n');
"#;

fn out_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("out")
}

#[tokio::test]
async fn playground_in_headless_chromium() {
    let start = Instant::now();
    let setup = async {
        let dist = dist_dir()?;
        let chromium = executable("CHROMIUM", "/usr/bin/chromium")?;
        let chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver")?;
        eprintln!("e2e: serving {} to {}", dist.display(), chromium.display());
        Browser::launch(dist, &chromium, &chromedriver).await
    };
    let browser = setup
        .await
        .unwrap_or_else(|e| panic!("e2e set-up failed: {e}"));
    eprintln!(
        "e2e: browser ready in {:.1} s",
        start.elapsed().as_secs_f64()
    );

    let result = scenario(&browser).await;
    if result.is_err() {
        let _ = browser
            .screenshot(&out_dir().join("playground-failure.png"))
            .await;
    }
    let served = browser.served();
    let closed = browser.close().await;
    if let Err(error) = result {
        panic!(
            "{error}\n\nrequests served:\n  {}\n(screenshot: {})",
            served.join("\n  "),
            out_dir().join("playground-failure.png").display()
        );
    }
    closed.unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "e2e: all steps passed in {:.1} s",
        start.elapsed().as_secs_f64()
    );
}

async fn scenario(browser: &Browser) -> Result<()> {
    step(
        "1 page loads: web-0, web-1 and the nslookup of web-0",
        loads(browser),
    )
    .await?;
    step(
        "2 replicas: 3 adds web-2 and its DNS name",
        scale_up(browser),
    )
    .await?;
    step(
        "2b replicas: 250 draws the first 200 pod rows, says so, keeps all in the text",
        long_table(browser),
    )
    .await?;
    browser
        .screenshot(&out_dir().join("playground.png"))
        .await?;
    step(
        "3 broken YAML: diagnostics, stale status, last good result kept",
        break_yaml(browser),
    )
    .await?;
    browser
        .screenshot(&out_dir().join("playground-stale.png"))
        .await?;
    step("4 no third-party requests", same_origin_only(browser)).await
}

async fn step(name: &str, run: impl std::future::Future<Output = Result<()>>) -> Result<()> {
    let start = Instant::now();
    run.await.map_err(|e| format!("step {name}: FAILED: {e}"))?;
    eprintln!(
        "e2e: step {name}: ok ({:.1} s)",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn wait(browser: &Browser, what: &str, condition: &str) -> Result<()> {
    browser
        .wait_for(what, &format!("{HELPERS}\n{condition}"), PAGE_STATE)
        .await
}

async fn loads(browser: &Browser) -> Result<()> {
    browser.open("/").await?;
    wait(
        browser,
        "the app to mount (body[data-ready=\"true\"])",
        "return document.body.getAttribute('data-ready') === 'true';",
    )
    .await?;
    wait(
        browser,
        "pods web-0 and web-1 in #pods",
        "return hasPod('web-0') && hasPod('web-1');",
    )
    .await?;
    wait(
        browser,
        "the nslookup of web-0 in #lookups",
        r"const t = text('#lookups');
          return /Name:\s+web-0\.nginx\b/.test(t) && t.includes('web-0.nginx.default.svc.cluster.local');",
    )
    .await?;
    let extra = browser
        .eval(&format!(
            "{HELPERS}\nreturn podRows().filter((r) => !r.some((c) => /\\bweb-[01]\\b/.test(c)));"
        ))
        .await?;
    if extra.as_array().is_some_and(|rows| !rows.is_empty()) {
        return Err(format!(
            "expected only web-0 and web-1 with replicas: 2, also found rows {extra}"
        ));
    }
    browser.assert_no_errors().await
}

/// Sets the editor text from its current value, as typing would (an `input` event).
async fn edit(browser: &Browser, transform: &str) -> Result<()> {
    let script = format!(
        r"const el = document.querySelector('#editor');
          if (!el || el.tagName !== 'TEXTAREA') return 'no <textarea id=editor> on the page';
          const before = el.value;
          const after = (({transform}))(before);
          if (typeof after !== 'string' || after === before) return 'the edit changed nothing; the editor holds:\n' + before;
          el.value = after;
          el.dispatchEvent(new Event('input', {{ bubbles: true }}));
          return null;"
    );
    match browser.eval(&script).await? {
        serde_json::Value::Null => Ok(()),
        problem => Err(problem
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| problem.to_string())),
    }
}

async fn scale_up(browser: &Browser) -> Result<()> {
    edit(browser, "(v) => v.replace('replicas: 2', 'replicas: 3')").await?;
    wait(
        browser,
        "pod web-2 in #pods and web-2.nginx.default.svc.cluster.local in #lookups",
        "return hasPod('web-2') && text('#lookups').includes('web-2.nginx.default.svc.cluster.local');",
    )
    .await?;
    browser.assert_no_errors().await
}

/// A long table is cut at 200 drawn rows with a note; the kubectl text keeps every row.
async fn long_table(browser: &Browser) -> Result<()> {
    edit(browser, "(v) => v.replace('replicas: 3', 'replicas: 250')").await?;
    wait(
        browser,
        "200 rows in #pods' table body, the note `The first 200 of 250 rows`, web-249 in the text",
        r"return document.querySelectorAll('#pods tbody tr').length === 200
            && text('#pods .rows-shown').includes('The first 200 of 250 rows')
            && text('#pods pre.transcript').includes('web-249 ');",
    )
    .await?;
    edit(browser, "(v) => v.replace('replicas: 250', 'replicas: 3')").await?;
    wait(
        browser,
        "three pod rows again and no note",
        r"return document.querySelectorAll('#pods tbody tr').length === 3
            && !document.querySelector('#pods .rows-shown');",
    )
    .await?;
    browser.assert_no_errors().await
}

async fn break_yaml(browser: &Browser) -> Result<()> {
    edit(browser, r"(v) => v + '\n  bad: [unclosed'").await?;
    wait(
        browser,
        "a `line N ... column M` diagnostic and a stale #status",
        r"const d = text('#diagnostics');
          return /\bline \d+/.test(d) && /\bcolumn \d+/.test(d) && text('#status').toLowerCase().includes('stale');",
    )
    .await?;
    // The last good result stays on screen.
    let kept = browser
        .eval(&format!(
            "{HELPERS}\nreturn hasPod('web-0') && hasPod('web-2') && text('#lookups').includes('web-2.nginx');"
        ))
        .await?;
    if kept != true {
        let page = browser.eval(PAGE_STATE).await?;
        return Err(format!(
            "the last good result (web-0..web-2) is gone:\n{}",
            page.as_str().unwrap_or("")
        ));
    }
    browser.assert_no_errors().await
}

async fn same_origin_only(browser: &Browser) -> Result<()> {
    let entries = browser
        .eval("return performance.getEntriesByType('resource').map((e) => e.name);")
        .await?;
    let names: Vec<&str> = entries
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect();
    let origin = format!("{}/", browser.origin());
    let foreign: Vec<_> = names.iter().filter(|n| !n.starts_with(&origin)).collect();
    if !foreign.is_empty() {
        return Err(format!(
            "the page requested other origins than {origin}: {foreign:?}"
        ));
    }
    if !names
        .iter()
        .any(|n| n.split('?').next().unwrap_or("").ends_with(".wasm"))
    {
        return Err(format!(
            "no .wasm among the page's resources {names:?}: is the check blind?"
        ));
    }
    eprintln!("e2e: {} resources, all from {origin}", names.len());
    browser.assert_no_errors().await
}
