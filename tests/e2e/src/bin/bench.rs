//! `cargo xtask bench`: how long the page takes from an edit to the updated DOM, in headless
//! Chromium, on the release bundle in dist/.
//!
//! Each measurement runs inside the page: the clock (`performance.now()`) is read, the edit
//! is made and applied with Ctrl+Enter (or a console line is entered), and the clock is read
//! again when the app's synchronous handler has evaluated the scenario and rewritten the DOM
//! (paint follows in the next frame). Reported as median and 95th percentile.

use stsplay_e2e::{dist_dir, executable, Browser, Result};

/// Times `runs` edits: the editor gets `text` (with a changing comment, so that every run is
/// a real change) and Ctrl+Enter; returns milliseconds per run.
const EDIT: &str = r#"
const [text, runs] = arguments;
const editor = document.querySelector('#editor');
const times = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  editor.value = text + '\n# run ' + i + '\n';
  editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
  times.push(performance.now() - t0);
}
return times;
"#;

/// Times `runs` console lines; returns milliseconds per run.
const CONSOLE: &str = r#"
const [line, runs] = arguments;
const input = document.querySelector('#console-input');
const times = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  input.value = line;
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  times.push(performance.now() - t0);
}
return times;
"#;

fn percentiles(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95))
}

async fn measure(b: &Browser, script: &str, arg: &str, runs: u32) -> Result<(f64, f64)> {
    let args = vec![serde_json::json!(arg), serde_json::json!(runs)];
    let value = b
        .client()
        .execute(script, args)
        .await
        .map_err(|e| format!("running the benchmark script: {e}"))?;
    let ms: Vec<f64> = value
        .as_array()
        .ok_or("the benchmark script returned no timings")?
        .iter()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    Ok(percentiles(ms))
}

const SEED: &str = include_str!("../../../../scenarios/seed.yaml");

/// The seed's manifests (the scenario file's `manifests: |` block, unindented).
fn seed_manifests() -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in SEED.lines() {
        if line.starts_with("manifests: |") {
            inside = true;
            continue;
        }
        if inside {
            if !line.starts_with("  ") && !line.is_empty() {
                break;
            }
            out.push_str(line.strip_prefix("  ").unwrap_or(line));
            out.push('\n');
        }
    }
    out
}

async fn run(b: &Browser) -> Result<()> {
    b.open("/").await?;
    b.wait_for(
        "the app",
        "return document.body.getAttribute('data-ready') === 'true';",
        "",
    )
    .await?;
    let seed = seed_manifests();
    let thousand = seed.replace("replicas: 2", "replicas: 1000");
    let rows = [
        (
            "edit → DOM, the seed (2 replicas)",
            measure(b, EDIT, &seed, 60).await?,
        ),
        (
            "edit → DOM, 100 replicas",
            measure(b, EDIT, &seed.replace("replicas: 2", "replicas: 100"), 20).await?,
        ),
        (
            "edit → DOM, 1,000 replicas",
            measure(b, EDIT, &thousand, 5).await?,
        ),
    ];
    // Back to the seed for the console.
    measure(b, EDIT, &seed, 1).await?;
    let console = measure(b, CONSOLE, "kubectl get pods", 60).await?;
    b.assert_no_errors().await?;
    println!("| measurement | median | p95 |");
    println!("|---|---:|---:|");
    for (what, (p50, p95)) in rows
        .iter()
        .chain([("console `kubectl get pods`, the seed", console)].iter())
    {
        println!("| {what} | {p50:.1} ms | {p95:.1} ms |");
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let setup = async {
        let dist = dist_dir()?;
        let chromium = executable("CHROMIUM", "/usr/bin/chromium")?;
        let chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver")?;
        Browser::launch(dist, &chromium, &chromedriver).await
    };
    let browser = match setup.await {
        Ok(b) => b,
        Err(e) => {
            eprintln!("bench: set-up failed: {e}");
            std::process::exit(1);
        }
    };
    let result = run(&browser).await;
    let _ = browser.close().await;
    if let Err(e) = result {
        eprintln!("bench: {e}");
        std::process::exit(1);
    }
}
