//! `stsplay`: run StatefulSet Playground scenarios from the command line, through the same
//! core and command language as the page.

use std::process::ExitCode;

use stsplay_core::session::{Scenario, Session};

const USAGE: &str = "usage: stsplay run [--json] SCENARIO.yaml|LINK\n       \
stsplay link SCENARIO.yaml [--base URL]\n       \
stsplay decode LINK\n       \
stsplay render [--format markdown|html] [--base URL] SCENARIO.yaml|LINK\n       \
stsplay gallery [--base URL] DIR\n\n\
run     runs a scenario (manifests, then commands) on a simulated cluster and prints a\n        \
transcript: `$ COMMAND` then its output. With --json, prints a JSON array of\n        \
{\"command\", \"stdout\", \"stderr\", \"exit_code\", \"time\"}. A share link runs\n        \
the scenario it carries.\n\
link    prints the share link of a scenario file: the whole file, compressed, in the\n        \
link's fragment (#v1:...). --base is the playground's address (default\n        \
http://127.0.0.1:8080/, where `cargo xtask serve` serves it).\n\
decode  prints the scenario file a share link carries, and its options on stderr.\n\
render  prints the scenario for documentation: its title, description, manifests and\n        \
transcript, and its share link, as Markdown (the default) or an HTML fragment.\n\
gallery prints the gallery page of the scenarios listed in DIR/gallery.yaml, each with\n        \
its link (relative to --base, default ./) and transcript (web/gallery.html).\n";

/// Where `cargo xtask serve` serves the playground (Trunk.toml).
const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("link") => link(&args[1..]),
        Some("decode") => decode(&args[1..]),
        Some("render") => render(&args[1..]),
        Some("gallery") => gallery(&args[1..]),
        Some("-h") | Some("--help") | Some("help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprint!("stsplay: unknown command \"{other}\"\n\n{USAGE}");
            ExitCode::from(2)
        }
        None => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The arguments of a subcommand: its flags with their values, and the rest.
struct Args {
    flags: Vec<(String, Option<String>)>,
    rest: Vec<String>,
}

impl Args {
    /// Splits `args`; the flags named in `valued` take a value (`--base URL` or
    /// `--base=URL`).
    fn parse(args: &[String], valued: &[&str]) -> Result<Args, String> {
        let mut flags = Vec::new();
        let mut rest = Vec::new();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if let Some(flag) = arg.strip_prefix("--") {
                match flag.split_once('=') {
                    Some((name, value)) => flags.push((name.to_string(), Some(value.to_string()))),
                    None if valued.contains(&flag) => match it.next() {
                        Some(value) => flags.push((flag.to_string(), Some(value.clone()))),
                        None => return Err(format!("--{flag} needs a value")),
                    },
                    None => flags.push((flag.to_string(), None)),
                }
            } else {
                rest.push(arg.clone());
            }
        }
        Ok(Args { flags, rest })
    }

    fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, _)| n == name)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    /// The one path or link the subcommand takes.
    fn one(&self) -> Option<&str> {
        match self.rest.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprint!("stsplay: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

/// A scenario file (or share link) read and parsed, with the text it came from and a
/// session holding the files its `kubectl apply -f FILE` lines read.
struct Loaded {
    text: String,
    scenario: Scenario,
    session: Session,
}

fn load(path: &str) -> Result<Loaded, ExitCode> {
    let text = if is_link(path) {
        stsplay_core::link::decode(path)
            .map(|s| s.scenario)
            .map_err(|e| {
                eprintln!("stsplay: {e}");
                ExitCode::from(2)
            })?
    } else {
        std::fs::read_to_string(path).map_err(|e| {
            eprintln!("stsplay: cannot read {path}: {e}");
            ExitCode::from(2)
        })?
    };
    let scenario = Scenario::parse(&text).map_err(|d| {
        eprintln!(
            "stsplay: {path}:{}:{}: invalid scenario: {}",
            d.line, d.column, d.message
        );
        ExitCode::from(2)
    })?;
    let mut session = Session::new();
    // `kubectl apply -f FILE` reads files relative to the scenario's folder.
    let dir = std::path::Path::new(path)
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    for line in &scenario.commands {
        for word in line
            .split_whitespace()
            .skip_while(|w| *w != "-f")
            .skip(1)
            .take(1)
        {
            if word != "-" && !is_link(path) {
                if let Ok(t) = std::fs::read_to_string(dir.join(word)) {
                    session.add_file(word, &t);
                }
            }
        }
    }
    Ok(Loaded {
        text,
        scenario,
        session,
    })
}

fn run(args: &[String]) -> ExitCode {
    let args = match Args::parse(args, &[]) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    let Some(path) = args.one() else {
        return usage_error("run takes one scenario file or link");
    };
    let mut loaded = match load(path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let outputs = loaded.session.run_scenario(&loaded.scenario);
    // What the page's editor marks as notes: kubectl says nothing, so they stay out of the
    // transcript, on stderr.
    for note in stsplay_core::yaml::repeated_key_notes(&loaded.scenario.manifests) {
        eprintln!(
            "stsplay: note: manifests line {}, column {}: {}",
            note.line, note.column, note.message
        );
    }
    if args.has("json") {
        match serde_json::to_string_pretty(&outputs) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("stsplay: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        print!("{}", stsplay_core::session::transcript(&outputs));
    }
    ExitCode::SUCCESS
}

fn render(args: &[String]) -> ExitCode {
    let args = match Args::parse(args, &["format", "base"]) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    let Some(path) = args.one() else {
        return usage_error("render takes one scenario file or link");
    };
    let format = args.value("format").unwrap_or("markdown");
    if format != "markdown" && format != "html" {
        return usage_error(&format!("--format is markdown or html, not \"{format}\""));
    }
    let mut loaded = match load(path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let outputs = loaded.session.run_scenario(&loaded.scenario);
    let base = args.value("base").unwrap_or(DEFAULT_BASE);
    let link = stsplay_core::link::link(base, &loaded.text, &[]);
    let rendered = if format == "html" {
        stsplay_core::render::html(&loaded.scenario, &outputs, &link)
    } else {
        stsplay_core::render::markdown(&loaded.scenario, &outputs, &link)
    };
    print!("{rendered}");
    ExitCode::SUCCESS
}

/// Whether a `run` argument is a share link rather than a file name.
fn is_link(arg: &str) -> bool {
    arg.contains("#v1:") || arg.starts_with("v1:")
}

fn link(args: &[String]) -> ExitCode {
    let args = match Args::parse(args, &["base"]) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    let Some(path) = args.one() else {
        return usage_error("link takes one scenario file");
    };
    let base = args.value("base").unwrap_or(DEFAULT_BASE).to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("stsplay: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let scenario = match Scenario::parse(&text) {
        Ok(s) => s,
        Err(d) => {
            eprintln!(
                "stsplay: {path}:{}:{}: invalid scenario: {}",
                d.line, d.column, d.message
            );
            return ExitCode::from(2);
        }
    };
    // The page has only the link: files the commands read are not in it.
    for line in &scenario.commands {
        let words: Vec<&str> = line.split_whitespace().collect();
        for pair in words.windows(2) {
            if pair[0] == "-f" && pair[1] != "-" {
                eprintln!(
                    "stsplay: warning: `{line}` reads {}, which the link does not carry",
                    pair[1]
                );
            }
        }
    }
    let link = stsplay_core::link::link(&base, &text, &[]);
    // The same limit the page applies when it opens the link.
    if let Err(e) = stsplay_core::link::decode(&link) {
        eprintln!("stsplay: {path}: {e}");
        return ExitCode::from(2);
    }
    println!("{link}");
    ExitCode::SUCCESS
}

fn decode(args: &[String]) -> ExitCode {
    let [link] = args else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    match stsplay_core::link::decode(link) {
        Ok(shared) => {
            print!("{}", shared.scenario);
            for (key, value) in &shared.options {
                eprintln!("option {key}={value}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("stsplay: {e}");
            ExitCode::from(2)
        }
    }
}

fn gallery(args: &[String]) -> ExitCode {
    let args = match Args::parse(args, &["base"]) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    let Some(dir) = args.one() else {
        return usage_error("gallery takes the folder holding gallery.yaml");
    };
    let dir = std::path::Path::new(dir);
    let index_path = dir.join("gallery.yaml");
    let index = match std::fs::read_to_string(&index_path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("stsplay: cannot read {}: {e}", index_path.display());
            return ExitCode::from(2);
        }
    };
    let entries = match stsplay_core::gallery::parse_index(&index) {
        Ok(e) => e,
        Err(d) => {
            eprintln!(
                "stsplay: {}:{}:{}: invalid gallery index: {}",
                index_path.display(),
                d.line,
                d.column,
                d.message
            );
            return ExitCode::from(2);
        }
    };
    let base = args.value("base").unwrap_or("./");
    let mut items = Vec::new();
    for entry in entries {
        let path = dir.join(&entry.file);
        let mut loaded = match load(&path.to_string_lossy()) {
            Ok(l) => l,
            Err(code) => return code,
        };
        let outputs = loaded.session.run_scenario(&loaded.scenario);
        items.push(stsplay_core::render::GalleryItem {
            link: stsplay_core::link::link(base, &loaded.text, &[]),
            entry,
            scenario: loaded.scenario,
            outputs,
        });
    }
    print!("{}", stsplay_core::render::gallery_page(&items));
    ExitCode::SUCCESS
}
