//! `stsplay`: run StatefulSet Playground scenarios from the command line, through the same
//! core and command language as the page.

use std::process::ExitCode;

use stsplay_core::session::{Scenario, Session};

const USAGE: &str = "usage: stsplay run [--json] SCENARIO.yaml\n\n\
Runs a scenario (manifests, then commands) on a simulated cluster and prints a transcript:\n\
`$ COMMAND` then its output. With --json, prints a JSON array of\n\
{\"command\", \"stdout\", \"stderr\", \"exit_code\", \"time\"}.\n";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
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
