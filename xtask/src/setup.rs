//! Set-up: the tools the build and the tests need, each installed only when missing or at the
//! wrong version (see shared/toolchain.md §1, §5, §6).

use crate::{capture, describe, run_command, secs, timed, Result, Workspace};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Trunk ≥ 0.22 needs rustc 1.96.1; 0.21.14 is the newest that builds on our 1.95 toolchain.
pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";
const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Whether the set-up must provide a browser (only the tests need one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browser {
    Needed,
    NotNeeded,
}

/// Paths of the browser and its WebDriver, once present.
#[derive(Debug, Clone)]
pub struct BrowserPaths {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// Runs the whole set-up; returns the browser paths when a browser was asked for.
pub fn run(ws: &Workspace, browser: Browser) -> Result<Option<BrowserPaths>> {
    let start = Instant::now();
    ensure_wasm_target()?;
    ensure_tools(ws)?;
    let paths = match browser {
        Browser::Needed => Some(ensure_browser()?),
        Browser::NotNeeded => None,
    };
    println!("setup: done in {}", secs(start.elapsed()));
    Ok(paths)
}

fn ensure_wasm_target() -> Result<()> {
    let installed = capture(Command::new("rustup").args(["target", "list", "--installed"]));
    match installed {
        Some(list) if list.lines().any(|line| line.trim() == WASM_TARGET) => {
            println!("setup: rust target {WASM_TARGET} already installed");
            Ok(())
        }
        Some(_) => {
            let mut cmd = Command::new("rustup");
            cmd.args(["target", "add", WASM_TARGET]);
            let (result, took) = timed(|| run_command("rustup target add", &mut cmd));
            result?;
            println!(
                "setup: rust target {WASM_TARGET} installed in {}",
                secs(took)
            );
            Ok(())
        }
        None => {
            // No rustup (e.g. a distribution toolchain): the target's std must be in the sysroot.
            let sysroot = capture(Command::new("rustc").args(["--print", "sysroot"]))
                .ok_or("setup: neither `rustup` nor `rustc --print sysroot` works")?;
            let lib = Path::new(&sysroot).join("lib/rustlib").join(WASM_TARGET);
            if lib.is_dir() {
                println!("setup: rust target {WASM_TARGET} present in {sysroot}");
                Ok(())
            } else {
                Err(format!(
                    "setup: rustup not found and {} is missing: install the Rust standard \
                     library for {WASM_TARGET}",
                    lib.display()
                )
                .into())
            }
        }
    }
}

/// A cargo-installed tool pinned to one version.
#[derive(Debug)]
struct Tool {
    /// The crate to install.
    krate: &'static str,
    version: String,
    /// The executables that must report `<name> <version>` for `--version`.
    binaries: &'static [&'static str],
}

impl Tool {
    fn is_installed(&self) -> bool {
        self.binaries
            .iter()
            .all(|binary| installed_version(binary).as_deref() == Some(&self.version))
    }

    fn found(&self) -> String {
        self.binaries
            .iter()
            .map(|binary| match installed_version(binary) {
                Some(version) => format!("{binary} {version}"),
                None => format!("no {binary}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The version a tool reports as `<name> <version>` for `--version`.
fn installed_version(binary: &str) -> Option<String> {
    let out = capture(Command::new(binary).arg("--version"))?;
    parse_version_line(binary, &out)
}

fn parse_version_line(binary: &str, output: &str) -> Option<String> {
    let mut words = output.lines().next()?.split_whitespace();
    if words.next()? != binary {
        return None;
    }
    words.next().map(str::to_owned)
}

fn ensure_tools(ws: &Workspace) -> Result<()> {
    let lock = ws.root.join("Cargo.lock");
    let lock_text = fs::read_to_string(&lock)
        .map_err(|e| format!("setup: cannot read {}: {e}", lock.display()))?;
    let bindgen_version = locked_version(&lock_text, "wasm-bindgen")
        .map_err(|e| format!("setup: {}: {e}", lock.display()))?;
    let tools = [
        Tool {
            krate: "trunk",
            version: TRUNK_VERSION.to_owned(),
            binaries: &["trunk"],
        },
        Tool {
            krate: "wasm-bindgen-cli",
            version: bindgen_version,
            binaries: &["wasm-bindgen", "wasm-bindgen-test-runner"],
        },
    ];
    let mut missing = Vec::new();
    for tool in tools {
        if tool.is_installed() {
            println!("setup: {} {} already installed", tool.krate, tool.version);
        } else {
            println!(
                "setup: {} {} needed (found: {})",
                tool.krate,
                tool.version,
                tool.found()
            );
            missing.push(tool);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    install_in_parallel(ws, &missing)?;
    for tool in &missing {
        if !tool.is_installed() {
            return Err(format!(
                "setup: installed {} {} but PATH still finds {} (is another copy earlier on PATH?)",
                tool.krate,
                tool.version,
                tool.found()
            )
            .into());
        }
    }
    Ok(())
}

/// The version of `name` in Cargo.lock; an error if it is absent or locked at several versions.
pub fn locked_version(lock: &str, name: &str) -> std::result::Result<String, String> {
    let mut versions = Vec::new();
    for package in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            package.lines().find_map(|line| {
                let (k, v) = line.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
            })
        };
        if field("name").as_deref() == Some(name) {
            versions.extend(field("version"));
        }
    }
    match versions.as_slice() {
        [version] => Ok(version.clone()),
        [] => Err(format!("no package `{name}` in the lock file")),
        _ => Err(format!(
            "`{name}` is locked at several versions: {}",
            versions.join(", ")
        )),
    }
}

/// Installs the tools with `cargo install`, in parallel, as debug builds without debuginfo:
/// ~3 min cold instead of ~8.5 min for release builds; their speed does not matter.
fn install_in_parallel(ws: &Workspace, tools: &[Tool]) -> Result<()> {
    let logs = ws.scratch()?;
    let start = Instant::now();
    let handles: Vec<_> = tools
        .iter()
        .map(|tool| {
            let log = logs.join(format!("install-{}.log", tool.krate));
            println!(
                "setup: installing {} {} with cargo install (log: {})",
                tool.krate,
                tool.version,
                log.display()
            );
            let (krate, version, cargo) = (tool.krate, tool.version.clone(), ws.cargo.clone());
            let handle = thread::spawn(move || {
                let (result, took) = timed(|| install(&cargo, krate, &version, &log));
                (result, took, log)
            });
            (tool, handle)
        })
        .collect();

    let mut last_note = Instant::now();
    while handles.iter().any(|(_, handle)| !handle.is_finished()) {
        thread::sleep(Duration::from_millis(250));
        if last_note.elapsed() >= Duration::from_secs(60) {
            last_note = Instant::now();
            let busy: Vec<_> = handles
                .iter()
                .filter(|(_, handle)| !handle.is_finished())
                .map(|(tool, _)| tool.krate)
                .collect();
            println!(
                "setup: still installing {} ({} so far)",
                busy.join(", "),
                secs(start.elapsed())
            );
        }
    }

    let mut failures = Vec::new();
    for (tool, handle) in handles {
        let (result, took, log) = handle
            .join()
            .map_err(|_| "setup: install thread panicked")?;
        match result {
            Ok(()) => println!(
                "setup: installed {} {} in {}",
                tool.krate,
                tool.version,
                secs(took)
            ),
            Err(error) => {
                eprintln!("setup: {error}; last lines of {}:", log.display());
                eprintln!("{}", tail(&log, 30));
                failures.push(error.to_string());
            }
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; ").into())
    }
}

/// `cargo install KRATE --version V --locked --debug`, then the same without `--locked` if that
/// fails: the registry mirror sometimes lacks a locked dependency version (toolchain.md §1).
fn install(
    cargo: &std::ffi::OsStr,
    krate: &str,
    version: &str,
    log: &Path,
) -> std::result::Result<(), String> {
    let mut attempts = Vec::new();
    for locked in [true, false] {
        let mut cmd = Command::new(cargo);
        cmd.args(["install", krate, "--version", version, "--debug"]);
        if locked {
            cmd.arg("--locked");
        }
        // A shared CARGO_TARGET_DIR would serialize the two installs on its lock (pitfall 3),
        // and a workspace's .cargo/config.toml must not apply: run from the temp dir.
        cmd.env_remove("CARGO_TARGET_DIR")
            .env("CARGO_PROFILE_DEV_DEBUG", "0")
            .current_dir(std::env::temp_dir())
            .stdin(Stdio::null());
        let file = File::options()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|e| format!("cannot write {}: {e}", log.display()))?;
        let file2 = file
            .try_clone()
            .map_err(|e| format!("cannot write {}: {e}", log.display()))?;
        cmd.stdout(file).stderr(file2);
        let status = cmd
            .status()
            .map_err(|e| format!("cannot run `{}`: {e}", describe(&cmd)))?;
        if status.success() {
            return Ok(());
        }
        attempts.push(format!("`{}` failed ({status})", describe(&cmd)));
    }
    Err(attempts.join(", then "))
}

fn tail(path: &Path, lines: usize) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Chromium and ChromeDriver (for the wasm browser tests and the end-to-end tests).
fn ensure_browser() -> Result<BrowserPaths> {
    let chromium_env = std::env::var_os("CHROMIUM").map(PathBuf::from);
    let driver_env = std::env::var_os("CHROMEDRIVER").map(PathBuf::from);
    let paths = BrowserPaths {
        chromium: chromium_env
            .clone()
            .unwrap_or_else(|| DEFAULT_CHROMIUM.into()),
        chromedriver: driver_env
            .clone()
            .unwrap_or_else(|| DEFAULT_CHROMEDRIVER.into()),
    };
    for (var, path) in [("CHROMIUM", &chromium_env), ("CHROMEDRIVER", &driver_env)] {
        if let Some(path) = path {
            if !path.is_file() {
                return Err(format!("setup: {var}={} does not exist", path.display()).into());
            }
        }
    }
    if paths.chromium.is_file() && paths.chromedriver.is_file() {
        let version = capture(Command::new(&paths.chromedriver).arg("--version"))
            .and_then(|v| v.split(" (").next().map(str::to_owned))
            .unwrap_or_else(|| "version unknown".into());
        println!(
            "setup: chromium and chromedriver already installed ({}, {version})",
            paths.chromium.display()
        );
        return Ok(paths);
    }
    if !Path::new("/usr/bin/apt-get").is_file() {
        return Err(format!(
            "setup: {} or {} is missing. Install Chromium and the ChromeDriver of the same \
             version (Debian/Ubuntu: `apt-get install chromium chromium-driver`; Fedora: \
             `dnf install chromium chromedriver`; Arch: `pacman -S chromium`), or point the \
             CHROMIUM and CHROMEDRIVER environment variables at them",
            paths.chromium.display(),
            paths.chromedriver.display()
        )
        .into());
    }
    let (result, took) = timed(apt_install_chromium);
    result?;
    for path in [&paths.chromium, &paths.chromedriver] {
        if !path.is_file() {
            return Err(format!(
                "setup: apt-get installed chromium but {} is missing",
                path.display()
            )
            .into());
        }
    }
    println!(
        "setup: chromium and chromedriver installed with apt-get in {}",
        secs(took)
    );
    Ok(paths)
}

fn apt_install_chromium() -> Result<()> {
    let root = capture(Command::new("id").arg("-u")).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut cmd = if root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        cmd.args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null());
        cmd
    };
    println!(
        "setup: installing chromium and chromium-driver with apt-get{}",
        if root { "" } else { " (sudo)" }
    );
    run_command("apt-get update", &mut apt(&["update"]))?;
    run_command(
        "apt-get install",
        &mut apt(&["install", "-y", "chromium", "chromium-driver"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"
"#;

    #[test]
    fn reads_the_locked_version_of_one_package() {
        assert_eq!(locked_version(LOCK, "wasm-bindgen").unwrap(), "0.2.130");
        assert!(locked_version(LOCK, "trunk").is_err());
        let twice = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.99\"\n");
        assert!(locked_version(&twice, "wasm-bindgen").is_err());
    }

    #[test]
    fn reads_the_workspace_lock_file() {
        let lock = include_str!("../../Cargo.lock");
        assert!(locked_version(lock, "wasm-bindgen")
            .unwrap()
            .starts_with("0.2."));
    }

    #[test]
    fn parses_version_lines() {
        assert_eq!(
            parse_version_line("trunk", "trunk 0.21.14\n").as_deref(),
            Some("0.21.14")
        );
        assert_eq!(
            parse_version_line(
                "wasm-bindgen-test-runner",
                "wasm-bindgen-test-runner 0.2.130"
            )
            .as_deref(),
            Some("0.2.130")
        );
        assert_eq!(parse_version_line("trunk", "something else 1.0"), None);
        assert_eq!(parse_version_line("trunk", ""), None);
    }
}
