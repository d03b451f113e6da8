//! Project automation, reached through the cargo alias `cargo xtask` (matklad/cargo-xtask).
//!
//! * `cargo xtask setup`  installs what the build needs (wasm target, Trunk, wasm-bindgen-cli,
//!   and Chromium + ChromeDriver with `--browser`), skipping what is already there.
//! * `cargo xtask serve [--port N]`  set-up, then `trunk serve --release` on 127.0.0.1.
//! * `cargo xtask test [--skip STEP,...]`  set-up, then every check CI runs, failing fast:
//!   host tests, wasm tests in headless Chromium, release build, size budget, end-to-end tests.
//! * `cargo xtask size`  the size budget of an existing `dist/` only.
//!
//! Pure std apart from `flate2` (gzip for the size budget).

use std::env;
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

mod setup;
mod size;
mod test;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup [--browser]      install the wasm target, trunk, wasm-bindgen-cli
                         (and Chromium + ChromeDriver with --browser) when missing
  serve [--port N]       set-up, then `trunk serve --release` on http://127.0.0.1:8080
  test [--skip STEPS]    set-up, then run in order, failing fast:
                           host   cargo test --workspace (host tests)
                           wasm   wasm-bindgen tests in headless Chromium
                           build  trunk build --release into dist/
                           size   gzip budget of dist/ (fails above 448 KiB)
                           e2e    end-to-end tests (tests/e2e) against dist/
                         STEPS is a comma-separated subset of the names above
  size                   only the size budget of an existing dist/
  gallery                regenerate web/gallery.html from scenarios/ (gallery.yaml) with
                         `stsplay gallery`; a host test fails while it is out of date
  bench                  set-up, release build, then time edits and console commands in
                         headless Chromium (edit -> updated DOM), and the engine natively

environment:
  CHROMIUM, CHROMEDRIVER  browser and driver paths (default /usr/bin/chromium, /usr/bin/chromedriver)
";

/// The error of a failed command: one line for the user.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Error {
    fn from(message: String) -> Self {
        Error(message)
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Self {
        Error(message.to_owned())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// What every command needs to know about the workspace and the tools.
#[derive(Debug)]
pub struct Workspace {
    /// The repository root (the directory holding the workspace `Cargo.toml`).
    pub root: PathBuf,
    /// The cargo that runs us (`$CARGO`), so nested builds use the same toolchain.
    pub cargo: OsString,
}

impl Workspace {
    fn locate() -> Workspace {
        // `cargo run` sets CARGO_MANIFEST_DIR at run time too; fall back to the build-time value.
        let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let root = manifest_dir
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or(manifest_dir);
        let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Workspace { root, cargo }
    }

    /// Trunk's output directory (Trunk.toml `dist`), independent of CARGO_TARGET_DIR.
    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }

    /// Where the xtask keeps its logs and generated files: `<root>/target/xtask`.
    pub fn scratch(&self) -> Result<PathBuf> {
        let dir = self.root.join("target").join("xtask");
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(dir)
    }

    /// A `cargo` command run in the workspace root.
    pub fn cargo(&self) -> Command {
        let mut cmd = Command::new(&self.cargo);
        cmd.current_dir(&self.root);
        cmd
    }

    /// A `trunk` command run in the workspace root, with short error output (pitfall 9).
    pub fn trunk(&self) -> Command {
        let mut cmd = Command::new("trunk");
        cmd.current_dir(&self.root).env("RUST_BACKTRACE", "0");
        // Panic locations in dependencies name their files under `$CARGO_HOME/registry/src/`;
        // cut that prefix so the bundle is the same (and a little smaller) wherever it is built.
        // (RUSTFLAGS splits on whitespace, so a path with a space is left alone.)
        if let Some(home) = cargo_home().filter(|h| !h.to_string_lossy().contains(' ')) {
            let mut flags = env::var("RUSTFLAGS").unwrap_or_default();
            let registry = home.join("registry").join("src");
            flags.push_str(&format!(" --remap-path-prefix={}/=", registry.display()));
            cmd.env("RUSTFLAGS", flags.trim_start());
        }
        cmd
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<()> {
    let Some((command, options)) = args.split_first() else {
        print!("{USAGE}");
        return Err("no command given".into());
    };
    let ws = Workspace::locate();
    add_cargo_bin_to_path();
    match command.as_str() {
        "setup" => {
            let browser = match options {
                [] => setup::Browser::NotNeeded,
                [flag] if flag == "--browser" => setup::Browser::Needed,
                _ => return Err(format!("setup: unexpected arguments {options:?}").into()),
            };
            setup::run(&ws, browser).map(drop)
        }
        "serve" => serve(&ws, parse_port(options)?),
        "test" => test::run(&ws, &test::Steps::parse(options)?),
        "bench" => test::bench(&ws),
        "gallery" => match options {
            [] => gallery(&ws),
            _ => Err(format!("gallery: unexpected arguments {options:?}").into()),
        },
        "size" => match options {
            [] => size::run(&ws),
            _ => Err(format!("size: unexpected arguments {options:?}").into()),
        },
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => {
            print!("{USAGE}");
            Err(format!("unknown command `{other}`").into())
        }
    }
}

/// `cargo xtask gallery`: writes `web/gallery.html`, the static gallery page Trunk copies
/// into `dist/`.
fn gallery(ws: &Workspace) -> Result<()> {
    let output = ws
        .cargo()
        .args([
            "run",
            "--quiet",
            "--locked",
            "-p",
            "stsplay",
            "--",
            "gallery",
            "scenarios",
        ])
        .output()
        .map_err(|e| format!("gallery: cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "gallery: `stsplay gallery scenarios` failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    let out = ws.root.join("web").join("gallery.html");
    std::fs::write(&out, &output.stdout)
        .map_err(|e| format!("gallery: cannot write {}: {e}", out.display()))?;
    println!(
        "gallery: wrote {} ({} bytes)",
        out.display(),
        output.stdout.len()
    );
    Ok(())
}

fn parse_port(options: &[String]) -> Result<u16> {
    match options {
        [] => Ok(8080),
        [flag, port] if flag == "--port" => port
            .parse()
            .map_err(|_| format!("serve: `{port}` is not a port number").into()),
        [flag] if flag.starts_with("--port=") => {
            let port = &flag["--port=".len()..];
            port.parse()
                .map_err(|_| format!("serve: `{port}` is not a port number").into())
        }
        _ => {
            Err(format!("serve: unexpected arguments {options:?} (usage: serve [--port N])").into())
        }
    }
}

fn serve(ws: &Workspace, port: u16) -> Result<()> {
    setup::run(ws, setup::Browser::NotNeeded)?;
    test::require_index_html(ws)?;
    println!("serve: http://127.0.0.1:{port}/ (release build; Ctrl-C to stop)");
    // `--release` and `--offline` take an optional value: always write `=true` (pitfall 6).
    // `offline = true` in Trunk.toml does not skip the update check; the flags do (pitfall 7).
    let mut cmd = ws.trunk();
    cmd.args([
        "serve",
        "--release=true",
        "--offline=true",
        "--skip-version-check",
        // Trunk's auto-reload is an inline script and a WebSocket, both refused by the
        // page's Content-Security-Policy; reload by hand.
        "--no-autoreload=true",
    ])
    .arg(format!("--port={port}"));
    run_command("trunk serve", &mut cmd)
}

/// Cargo installs binaries into `$CARGO_HOME/bin`; make sure our children find them there
/// first (Trunk itself looks wasm-bindgen up on PATH).
fn add_cargo_bin_to_path() {
    let Some(bin) = cargo_home().map(|home| home.join("bin")) else {
        return;
    };
    let path = env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = env::split_paths(&path).collect();
    if dirs.first() == Some(&bin) {
        return;
    }
    dirs.retain(|dir| dir != &bin);
    dirs.insert(0, bin);
    if let Ok(joined) = env::join_paths(dirs) {
        // Single-threaded at this point: nothing else reads the environment concurrently.
        env::set_var("PATH", joined);
    }
}

/// `$CARGO_HOME`, or `~/.cargo`.
pub fn cargo_home() -> Option<PathBuf> {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
}

/// Renders a command line for the log.
pub fn describe(cmd: &Command) -> String {
    let mut line = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

/// Runs a command with inherited stdio; fails unless it exits with status 0.
pub fn run_command(what: &str, cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .map_err(|e| format!("{what}: cannot run `{}`: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status}): `{}`", describe(cmd)).into())
    }
}

/// Runs a command quietly and returns its trimmed stdout, or None if it cannot run or fails.
pub fn capture(cmd: &mut Command) -> Option<String> {
    let output = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Formats a duration as seconds with one decimal, e.g. `12.3 s`.
pub fn secs(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

/// Times a closure and returns its result together with the elapsed time.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn port_defaults_to_8080_and_accepts_both_spellings() {
        assert_eq!(parse_port(&[]).unwrap(), 8080);
        assert_eq!(parse_port(&strings(&["--port", "9000"])).unwrap(), 9000);
        assert_eq!(parse_port(&strings(&["--port=9001"])).unwrap(), 9001);
        assert!(parse_port(&strings(&["--port", "x"])).is_err());
        assert!(parse_port(&strings(&["--prot", "1"])).is_err());
    }
}
