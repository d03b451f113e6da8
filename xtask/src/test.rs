//! `cargo xtask test`: every check CI runs, in order, failing fast.

use crate::setup::{self, Browser, BrowserPaths, WASM_TARGET};
use crate::{run_command, secs, size, timed, Result, Workspace};
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// One step of `cargo xtask test`, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Host,
    Wasm,
    Build,
    Size,
    E2e,
}

impl Step {
    const ALL: [Step; 5] = [Step::Host, Step::Wasm, Step::Build, Step::Size, Step::E2e];

    fn name(self) -> &'static str {
        match self {
            Step::Host => "host",
            Step::Wasm => "wasm",
            Step::Build => "build",
            Step::Size => "size",
            Step::E2e => "e2e",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Step::Host => "host tests (cargo test --workspace)",
            Step::Wasm => "wasm tests in headless Chromium (wasm-bindgen-test)",
            Step::Build => "release bundle (trunk build --release → dist/)",
            Step::Size => "size budget of dist/ (gzip -9 ≤ 448 KiB)",
            Step::E2e => "end-to-end tests against dist/ (tests/e2e, WebDriver)",
        }
    }

    fn needs_browser(self) -> bool {
        matches!(self, Step::Wasm | Step::E2e)
    }

    fn parse(name: &str) -> Result<Step> {
        Step::ALL
            .into_iter()
            .find(|step| step.name() == name)
            .ok_or_else(|| {
                let names: Vec<_> = Step::ALL.iter().map(|s| s.name()).collect();
                format!("test: unknown step `{name}` (steps: {})", names.join(", ")).into()
            })
    }
}

/// Which steps to run.
#[derive(Debug, PartialEq, Eq)]
pub struct Steps {
    skip: Vec<Step>,
}

impl Steps {
    /// Parses `[--skip a,b]`.
    pub fn parse(options: &[String]) -> Result<Steps> {
        let list = match options {
            [] => return Ok(Steps { skip: Vec::new() }),
            [flag, list] if flag == "--skip" => list.as_str(),
            [flag] if flag.starts_with("--skip=") => &flag["--skip=".len()..],
            _ => {
                return Err(format!(
                    "test: unexpected arguments {options:?} (usage: test [--skip STEP,...])"
                )
                .into())
            }
        };
        let skip = list
            .split(',')
            .filter(|s| !s.is_empty())
            .map(Step::parse)
            .collect::<Result<_>>()?;
        Ok(Steps { skip })
    }

    fn runs(&self, step: Step) -> bool {
        !self.skip.contains(&step)
    }
}

pub fn run(ws: &Workspace, steps: &Steps) -> Result<()> {
    let start = Instant::now();
    let browser = if Step::ALL
        .iter()
        .any(|&s| steps.runs(s) && s.needs_browser())
    {
        Browser::Needed
    } else {
        Browser::NotNeeded
    };
    let (paths, took) = timed(|| setup::run(ws, browser));
    let mut timings = vec![("setup", took)];
    let paths = paths?;
    let to_run: Vec<_> = Step::ALL.into_iter().filter(|&s| steps.runs(s)).collect();
    for (i, &step) in to_run.iter().enumerate() {
        println!(
            "\n==> test {}/{} [{}]: {}",
            i + 1,
            to_run.len(),
            step.name(),
            step.title()
        );
        let (result, took) = timed(|| run_step(ws, step, paths.as_ref()));
        timings.push((step.name(), took));
        if let Err(error) = result {
            print_timings(&timings, start.elapsed());
            return Err(format!(
                "step `{}` failed after {}: {error}",
                step.name(),
                secs(took)
            )
            .into());
        }
        println!("==> [{}] ok in {}", step.name(), secs(took));
    }
    for step in Step::ALL.into_iter().filter(|&s| !steps.runs(s)) {
        println!("test: skipped [{}] {}", step.name(), step.title());
    }
    print_timings(&timings, start.elapsed());
    println!("test: all {} steps passed", to_run.len());
    Ok(())
}

fn print_timings(timings: &[(&str, Duration)], total: Duration) {
    let parts: Vec<_> = timings
        .iter()
        .map(|(name, took)| format!("{name} {}", secs(*took)))
        .collect();
    println!("\ntimings: {}; total {}", parts.join(", "), secs(total));
}

fn run_step(ws: &Workspace, step: Step, browser: Option<&BrowserPaths>) -> Result<()> {
    let browser = || browser.ok_or_else(|| crate::Error::from("internal: browser not set up"));
    match step {
        Step::Host => host_tests(ws),
        Step::Wasm => wasm_tests(ws, browser()?),
        Step::Build => build(ws),
        Step::Size => size::check(ws),
        Step::E2e => e2e_tests(ws, browser()?),
    }
}

fn host_tests(ws: &Workspace) -> Result<()> {
    let mut cmd = ws.cargo();
    cmd.args([
        "test",
        "--workspace",
        "--exclude",
        "stsplay-e2e",
        "--locked",
    ]);
    run_command("host tests", &mut cmd)
}

fn wasm_tests(ws: &Workspace, browser: &BrowserPaths) -> Result<()> {
    let tests = ws.root.join("crates/web/tests/browser.rs");
    if !tests.is_file() {
        return Err(format!(
            "{} is missing (the wasm-bindgen browser tests); `--skip wasm` runs the other steps",
            tests.display()
        )
        .into());
    }
    let mut cmd = ws.cargo();
    cmd.args([
        "test",
        "--locked",
        "--target",
        WASM_TARGET,
        "-p",
        "stsplay-web",
        "--test",
        "browser",
    ])
    .env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    )
    .env("CHROMEDRIVER", &browser.chromedriver)
    .env(
        "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
        webdriver_json(ws, browser)?,
    )
    // Make the runner pick Chromium, headless, whatever the caller's environment says.
    .env_remove("GECKODRIVER")
    .env_remove("SAFARIDRIVER")
    .env_remove("NO_HEADLESS");
    run_command("wasm tests", &mut cmd)
}

/// The capabilities wasm-bindgen-test-runner merges into its WebDriver session:
/// `crates/web/webdriver.json` for the default Chromium, a generated copy for `$CHROMIUM`.
fn webdriver_json(ws: &Workspace, browser: &BrowserPaths) -> Result<PathBuf> {
    let checked_in = ws.root.join("crates/web/webdriver.json");
    if browser.chromium == std::path::Path::new("/usr/bin/chromium") && checked_in.is_file() {
        return Ok(checked_in);
    }
    let json = format!(
        concat!(
            "{{\n  \"goog:chromeOptions\": {{\n    \"binary\": {:?},\n",
            "    \"args\": [\"--disable-gpu\", \"--disable-background-networking\", ",
            "\"--disable-component-update\", \"--disable-sync\", \"--no-first-run\", ",
            "\"--disable-quic\"]\n  }}\n}}\n"
        ),
        browser.chromium.to_string_lossy()
    );
    let path = ws.scratch()?.join("webdriver.json");
    fs::write(&path, json).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Fails with a clear message when web/index.html (Trunk's build manifest) is missing.
pub fn require_index_html(ws: &Workspace) -> Result<()> {
    let index = ws.root.join("web/index.html");
    if index.is_file() {
        Ok(())
    } else {
        Err(format!("{} is missing (Trunk.toml's build target)", index.display()).into())
    }
}

fn build(ws: &Workspace) -> Result<()> {
    require_index_html(ws)?;
    let mut cmd = ws.trunk();
    // Flags with optional values get `=true`, so nothing is read as a value (pitfall 6); the
    // CLI `--offline` also skips Trunk's update check (pitfall 7).
    cmd.args([
        "build",
        "--release=true",
        "--offline=true",
        "--locked=true",
        "--skip-version-check",
    ]);
    run_command("trunk build", &mut cmd)
}

/// `cargo xtask bench`: the page in headless Chromium (tests/e2e/src/bin/bench.rs), then the
/// engine natively (`cargo bench` of the core). Prints Markdown tables for the README.
pub fn bench(ws: &Workspace) -> Result<()> {
    let browser = crate::setup::run(ws, crate::setup::Browser::Needed)?
        .ok_or("bench: the browser set-up gave no paths")?;
    build(ws)?;
    let mut cmd = ws.cargo();
    cmd.args([
        "run",
        "--locked",
        "--release",
        "-q",
        "-p",
        "stsplay-e2e",
        "--bin",
        "bench",
    ])
    .env("STSPLAY_DIST", ws.dist())
    .env("CHROMEDRIVER", &browser.chromedriver)
    .env("CHROMIUM", &browser.chromium)
    .env("RUST_BACKTRACE", "0");
    run_command("page benchmark", &mut cmd)?;
    for bench in ["engine", "scale", "dns"] {
        let mut cmd = ws.cargo();
        cmd.args([
            "bench",
            "--locked",
            "-q",
            "-p",
            "stsplay-core",
            "--bench",
            bench,
        ]);
        run_command(&format!("engine benchmark `{bench}`"), &mut cmd)?;
    }
    Ok(())
}

fn e2e_tests(ws: &Workspace, browser: &BrowserPaths) -> Result<()> {
    let mut cmd = ws.cargo();
    cmd.args(["test", "--locked", "-p", "stsplay-e2e", "--", "--nocapture"])
        .env("STSPLAY_DIST", ws.dist())
        .env("CHROMEDRIVER", &browser.chromedriver)
        .env("CHROMIUM", &browser.chromium)
        .env("RUST_BACKTRACE", "0");
    run_command("end-to-end tests", &mut cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Steps> {
        Steps::parse(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_skip_lists() {
        assert_eq!(parse(&[]).unwrap(), Steps { skip: vec![] });
        assert_eq!(
            parse(&["--skip", "wasm,e2e"]).unwrap(),
            Steps {
                skip: vec![Step::Wasm, Step::E2e]
            }
        );
        assert_eq!(
            parse(&["--skip=host"]).unwrap(),
            Steps {
                skip: vec![Step::Host]
            }
        );
        assert!(parse(&["--skip", "nope"]).is_err());
        assert!(parse(&["--only", "host"]).is_err());
    }

    #[test]
    fn steps_run_in_the_documented_order() {
        let names: Vec<_> = Step::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(names, ["host", "wasm", "build", "size", "e2e"]);
    }
}
