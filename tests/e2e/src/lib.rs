//! Harness for the end-to-end tests of the StatefulSet Playground.
//!
//! The release bundle in `$STSPLAY_DIST` (default `<repo>/dist`, built by
//! `trunk build --release`) is served by a small std HTTP server on 127.0.0.1, Chromium is
//! driven headless through `chromedriver` with fantoccini, and every page error is collected
//! from the first script on: `error` / `unhandledrejection` events and `console.error` calls via
//! an injected collector, and SEVERE entries of the browser log (failed loads and the like).
//!
//! Nothing is skipped: a missing bundle, browser or driver is a failure with a message that
//! says what to install or build (`cargo xtask test` does both).

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use std::{env, fs, thread};

/// Errors of the harness and the scenario: one message for the test output.
pub type Result<T> = std::result::Result<T, String>;

/// How long a condition may take to become true (the editor re-renders debounced).
pub const WAIT: Duration = Duration::from_secs(10);

/// The Chromium flags of every session: headless, and no network traffic of its own.
pub const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--window-size=1280,1000",
];

/// The bundle to test: `$STSPLAY_DIST`, or `dist/` at the repository root.
pub fn dist_dir() -> Result<PathBuf> {
    let dist = match env::var_os("STSPLAY_DIST") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dist"),
    };
    if dist.join("index.html").is_file() {
        Ok(dist)
    } else {
        Err(format!(
            "no index.html in {} (STSPLAY_DIST): build the bundle first with \
             `trunk build --release` or run `cargo xtask test`",
            dist.display()
        ))
    }
}

/// An executable from `$var`, or `default`; an error naming what to install if it is absent.
pub fn executable(var: &str, default: &str) -> Result<PathBuf> {
    let path = env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| default.into());
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} not found (set {var} to override): install Chromium and ChromeDriver \
             (Debian: `apt-get install chromium chromium-driver`, or `cargo xtask setup --browser`)",
            path.display()
        ))
    }
}

/// A static file server for one directory on an ephemeral port of 127.0.0.1.
#[derive(Debug)]
pub struct StaticServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
}

impl StaticServer {
    /// Serves `root` from a background thread (one thread per connection) until the process ends.
    pub fn start(root: PathBuf) -> Result<StaticServer> {
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("local_addr: {e}"))?;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&requests);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, log) = (root.clone(), Arc::clone(&log));
                thread::spawn(move || {
                    // A client that goes away mid-response is not our concern.
                    let _ = serve_one(stream, &root, &log);
                });
            }
        });
        Ok(StaticServer { addr, requests })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request so far, as `METHOD /path -> status`.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

fn serve_one(stream: TcpStream, root: &Path, log: &Mutex<Vec<String>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (status, content_type, body) = match (method, resolve(root, path)) {
        ("GET" | "HEAD", Some(file)) => match fs::read(&file) {
            Ok(body) => ("200 OK", content_type(&file), body),
            Err(_) => ("404 Not Found", "text/plain", b"not found\n".to_vec()),
        },
        // Chromium may ask for a favicon on its own; the bundle need not have one.
        ("GET" | "HEAD", None) if path == "/favicon.ico" => {
            ("204 No Content", "image/x-icon", Vec::new())
        }
        ("GET" | "HEAD", None) => ("404 Not Found", "text/plain", b"not found\n".to_vec()),
        _ => (
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed\n".to_vec(),
        ),
    };
    if let Ok(mut log) = log.lock() {
        log.push(format!("{method} {target} -> {status}"));
    }
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// Maps a URL path to a file below `root` (`/` → `index.html`); None if absent or escaping.
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = root.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// A `chromedriver` child process on a free port, killed on drop.
#[derive(Debug)]
pub struct Chromedriver {
    child: Child,
    port: u16,
}

impl Chromedriver {
    /// Starts `path --port=N` and waits until it accepts connections.
    pub fn spawn(path: &Path) -> Result<Chromedriver> {
        let port = free_port()?;
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", path.display()))?;
        let mut driver = Chromedriver { child, port };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = driver.child.try_wait() {
                return Err(format!("{} exited at start-up ({status})", path.display()));
            }
            if start.elapsed() > WAIT {
                return Err(format!(
                    "{} did not listen on port {port} within {WAIT:?}",
                    path.display()
                ));
            }
            thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }

    /// The WebDriver endpoint.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("local_addr: {e}"))
}

/// Installed before any page script runs (and again after load, idempotently): collects
/// uncaught errors, failed resource loads, unhandled rejections and `console.error` calls.
pub const ERROR_COLLECTOR: &str = r#"
(() => {
  if (window.__stsplayErrors) return;
  const errors = (window.__stsplayErrors = []);
  const describe = (v) => {
    try { return v instanceof Error ? (v.stack || String(v)) : typeof v === 'string' ? v : JSON.stringify(v); }
    catch (_) { return String(v); }
  };
  window.addEventListener('error', (e) => {
    const t = e.target;
    if (t && t !== window && (t.src || t.href)) errors.push('failed to load ' + (t.src || t.href));
    else errors.push('uncaught error: ' + (e.message || describe(e.error)) + (e.filename ? ' at ' + e.filename + ':' + e.lineno : ''));
  }, true);
  window.addEventListener('unhandledrejection', (e) => errors.push('unhandled rejection: ' + describe(e.reason)));
  const original = console.error;
  console.error = function (...args) {
    errors.push('console.error: ' + args.map(describe).join(' '));
    return original.apply(this, args);
  };
})();
"#;

/// The browser log of chromedriver (`goog:loggingPrefs`), read and cleared on each call.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}

/// A Chrome DevTools Protocol command through chromedriver.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// One headless Chromium session on the served bundle.
#[derive(Debug)]
pub struct Browser {
    client: Client,
    server: StaticServer,
    profile: PathBuf,
    // Dropped last: kills chromedriver (and with it the browser, if still open).
    _driver: Chromedriver,
}

impl Browser {
    /// Serves `dist`, starts chromedriver and a fresh headless Chromium profile.
    pub async fn launch(dist: PathBuf, chromium: &Path, chromedriver: &Path) -> Result<Browser> {
        let server = StaticServer::start(dist)?;
        let driver = Chromedriver::spawn(chromedriver)?;
        let profile = env::temp_dir().join(format!(
            "stsplay-e2e-profile-{}-{}",
            std::process::id(),
            driver.port
        ));
        fs::create_dir_all(&profile)
            .map_err(|e| format!("cannot create {}: {e}", profile.display()))?;
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let mut caps = Capabilities::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": chromium, "args": args }),
        );
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url())
            .await
            .map_err(|e| {
                format!(
                    "cannot open a Chromium session ({}): {e}",
                    chromium.display()
                )
            })?;
        let browser = Browser {
            client,
            server,
            profile,
            _driver: driver,
        };
        // Collect errors from the first script of every page on.
        browser
            .client
            .issue_cmd(Cdp {
                cmd: "Page.addScriptToEvaluateOnNewDocument",
                params: json!({ "source": ERROR_COLLECTOR }),
            })
            .await
            .map_err(|e| format!("cannot install the error collector: {e}"))?;
        Ok(browser)
    }

    /// The WebDriver client, for anything the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The origin the bundle is served from.
    pub fn origin(&self) -> String {
        self.server.origin()
    }

    /// Requests the static server saw, for failure messages.
    pub fn served(&self) -> Vec<String> {
        self.server.requests()
    }

    /// Opens `path` of the served bundle.
    pub async fn open(&self, path: &str) -> Result<()> {
        let url = format!("{}{path}", self.origin());
        self.client
            .goto(&url)
            .await
            .map_err(|e| format!("cannot open {url}: {e}"))?;
        // Also inject after load, in case the CDP script did not run (idempotent).
        self.eval(ERROR_COLLECTOR).await.map(drop)
    }

    /// Runs a script (a function body: use `return`) and returns its JSON result.
    pub async fn eval(&self, script: &str) -> Result<Value> {
        self.client
            .execute(script, Vec::new())
            .await
            .map_err(|e| format!("script failed: {e}\n{script}"))
    }

    /// Errors collected in the page plus SEVERE entries of the browser log.
    pub async fn errors(&self) -> Result<Vec<String>> {
        let collected = self
            .eval("return window.__stsplayErrors ? window.__stsplayErrors.slice() : [];")
            .await?;
        let mut errors: Vec<String> = collected
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect();
        errors.extend(self.console_errors().await?);
        Ok(errors)
    }

    /// SEVERE entries of Chromium's log since the last call (e.g. failed loads, CSP violations).
    async fn console_errors(&self) -> Result<Vec<String>> {
        let log = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .map_err(|e| format!("cannot read the browser log: {e}"))?;
        Ok(log
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| format!("console: {}", entry["message"].as_str().unwrap_or_default()))
            .collect())
    }

    /// Fails if the page reported any error so far.
    pub async fn assert_no_errors(&self) -> Result<()> {
        let errors = self.errors().await?;
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "the page reported errors:\n  {}",
                errors.join("\n  ")
            ))
        }
    }

    /// Polls `condition` (a function body returning a truthy value when done) every 100 ms until
    /// it holds, failing fast on page errors and after [`WAIT`] with `what` and `context`
    /// (a function body returning a string describing the page, for the failure message).
    pub async fn wait_for(&self, what: &str, condition: &str, context: &str) -> Result<()> {
        let script = format!(
            "const ok = (() => {{ {condition} }})();\n\
             return {{ ok: !!ok, errors: window.__stsplayErrors ? window.__stsplayErrors.slice() : [] }};"
        );
        let start = Instant::now();
        let mut last_log_check = Instant::now();
        loop {
            let state = self.eval(&script).await?;
            let errors = state["errors"].as_array().map(Vec::len).unwrap_or(0);
            if errors > 0 || last_log_check.elapsed() > Duration::from_millis(500) {
                last_log_check = Instant::now();
                self.assert_no_errors()
                    .await
                    .map_err(|e| format!("while waiting for {what}: {e}"))?;
            }
            if state["ok"] == true {
                return Ok(());
            }
            if start.elapsed() > WAIT {
                let page = self.eval(context).await.unwrap_or_else(Value::String);
                let page = page
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| page.to_string());
                return Err(format!(
                    "timed out after {WAIT:?} waiting for {what}; the page shows:\n{page}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a PNG screenshot of the viewport.
    pub async fn screenshot(&self, file: &Path) -> Result<()> {
        let png = self
            .client
            .screenshot()
            .await
            .map_err(|e| format!("screenshot: {e}"))?;
        if let Some(dir) = file.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        fs::write(file, png).map_err(|e| format!("cannot write {}: {e}", file.display()))
    }

    /// Ends the session and removes the profile directory.
    pub async fn close(self) -> Result<()> {
        let result = self
            .client
            .close()
            .await
            .map_err(|e| format!("closing the session: {e}"));
        let _ = fs::remove_dir_all(&self.profile);
        result
    }
}

/// A test's journeys: an async function of the browser.
pub type Journeys =
    for<'a> fn(
        &'a Browser,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<()>> + 'a>>;

/// The journeys of one test, in a fresh headless Chromium on the served bundle: set-up
/// failures and journey failures panic with their message, a failure leaves a screenshot at
/// `failure_shot`, and the browser is closed either way.
pub async fn run_in_chromium(failure_shot: &Path, journeys: Journeys) {
    let browser = async {
        let dist = dist_dir()?;
        let chromium = executable("CHROMIUM", "/usr/bin/chromium")?;
        let chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver")?;
        Browser::launch(dist, &chromium, &chromedriver).await
    }
    .await
    .unwrap_or_else(|e| panic!("e2e set-up failed: {e}"));
    let result = journeys(&browser).await;
    if result.is_err() {
        let _ = browser.screenshot(failure_shot).await;
    }
    let closed = browser.close().await;
    if let Err(error) = result {
        panic!("{error}\n(screenshot: {})", failure_shot.display());
    }
    closed.unwrap_or_else(|e| panic!("{e}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_inside_the_root_only() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(resolve(root, "/Cargo.toml"), Some(root.join("Cargo.toml")));
        assert_eq!(resolve(root, "/../Cargo.toml"), None);
        assert_eq!(resolve(root, "/src/../Cargo.toml"), None);
        assert_eq!(resolve(root, "/missing.wasm"), None);
    }
}
