//! `stsplay`: run StatefulSet Playground scenarios from the command line, through the same
//! core and command language as the page.

use std::process::ExitCode;

use stsplay_core::session::{Scenario, Session};

const USAGE: &str = "usage: stsplay run [--json] SCENARIO.yaml|LINK\n       \
stsplay link SCENARIO.yaml [--base URL]\n       \
stsplay decode LINK\n\n\
run     runs a scenario (manifests, then commands) on a simulated cluster and prints a\n        \
transcript: `$ COMMAND` then its output. With --json, prints a JSON array of\n        \
{\"command\", \"stdout\", \"stderr\", \"exit_code\", \"time\"}. A share link runs\n        \
the scenario it carries.\n\
link    prints the share link of a scenario file: the whole file, compressed, in the\n        \
link's fragment (#v1:...). --base is the playground's address (default\n        \
http://127.0.0.1:8080/, where `cargo xtask serve` serves it).\n\
decode  prints the scenario file a share link carries, and its options on stderr.\n";

/// Where `cargo xtask serve` serves the playground (Trunk.toml).
const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("link") => link(&args[1..]),
        Some("decode") => decode(&args[1..]),
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

fn run(args: &[String]) -> ExitCode {
    let json = args.iter().any(|a| a == "--json");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [path] = files.as_slice() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let text = if is_link(path) {
        match stsplay_core::link::decode(path) {
            Ok(shared) => shared.scenario,
            Err(e) => {
                eprintln!("stsplay: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("stsplay: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
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
    let mut session = Session::new();
    // `kubectl apply -f FILE` reads files relative to the scenario's folder.
    let dir = std::path::Path::new(path.as_str())
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
            if word != "-" {
                if let Ok(t) = std::fs::read_to_string(dir.join(word)) {
                    session.add_file(word, &t);
                }
            }
        }
    }
    let outputs = session.run_scenario(&scenario);
    if json {
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

/// Whether a `run` argument is a share link rather than a file name.
fn is_link(arg: &str) -> bool {
    arg.contains("#v1:") || arg.starts_with("v1:")
}

fn link(args: &[String]) -> ExitCode {
    let mut base = DEFAULT_BASE.to_string();
    let mut files = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if let Some(b) = arg.strip_prefix("--base=") {
            base = b.to_string();
        } else if arg == "--base" {
            match rest.next() {
                Some(b) => base = b.clone(),
                None => {
                    eprint!("stsplay: --base needs a URL\n\n{USAGE}");
                    return ExitCode::from(2);
                }
            }
        } else {
            files.push(arg);
        }
    }
    let [path] = files.as_slice() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
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
