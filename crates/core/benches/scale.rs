//! How the controller's cost grows with replicas: `cargo bench -p stsplay-core --bench scale`.
//!
//! For 10, 1,000 and 10,000 replicas (OrderedReady, so one pod at a time): apply, run the
//! simulated cluster until nothing is pending (every pod Running and Ready), then render
//! `kubectl get pods -o wide`. The cost should grow about linearly: 10,000 replicas at most
//! 12 times 1,000. The wall clock is read here, in the benchmark, never in the core.
//! Each timed run is in a fresh process (see `main`); the same runs back to back in one
//! process are reported too.

use std::time::Instant;

use stsplay_core::{Session, SEED_MANIFESTS};

fn run(replicas: usize) -> (f64, usize) {
    let text = SEED_MANIFESTS.replace("replicas: 2", &format!("replicas: {replicas}"));
    let t = Instant::now();
    let mut s = Session::new();
    let (out, diags) = s.apply_manifests(&text);
    assert!(diags.is_empty(), "{diags:?} {}", out.stderr);
    // Two simulated seconds per pod, one at a time: settle for as long as that takes.
    s.settle(0, replicas as u64 * 3 + 60);
    let table = s.run("kubectl get pods -o wide");
    let elapsed = t.elapsed().as_secs_f64();
    let rows = table.stdout.lines().count() - 1;
    assert_eq!(rows, replicas);
    assert!(table
        .stdout
        .lines()
        .skip(1)
        .all(|l| l.contains(" 1/1 ") && l.contains("Running")));
    (elapsed, rows)
}

/// One run in this process: `scale -- once N` prints its seconds.
fn once_in_a_fresh_process(replicas: usize) -> f64 {
    let me = std::env::current_exe().expect("the benchmark's own path");
    let out = std::process::Command::new(me)
        .args(["--bench", "once", &replicas.to_string()])
        .output()
        .expect("run the benchmark again");
    let text = String::from_utf8_lossy(&out.stdout);
    text.trim()
        .parse()
        .unwrap_or_else(|_| panic!("no time from a child run: {text}"))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = args.iter().find_map(|a| a.parse::<usize>().ok());
    if args.iter().any(|a| a == "once") {
        println!("{}", run(number.unwrap_or(1_000)).0);
        return;
    }
    // `cargo bench --bench scale -- 10000` runs one size (for a profiler).
    if let Some(replicas) = number {
        let best = (0..5).map(|_| run(replicas).0).fold(f64::MAX, f64::min);
        println!("{replicas:>9}  {:>10.1}ms", best * 1e3);
        return;
    }
    println!(
        "{:>9}  {:>12}  {:>14}  {:>16}",
        "replicas", "to steady", "per replica", "back to back"
    );
    let mut fresh = Vec::new();
    let mut back_to_back = Vec::new();
    for replicas in [10, 1_000, 10_000] {
        // Best of several runs: the least disturbed by the rest of the machine. Each run in
        // a process of its own, so that no run starts on the heap another run just freed
        // (glibc's malloc is slower on it, and more so the more was freed); then the same
        // runs back to back in this process, as the page runs one edit after another.
        let runs = if replicas >= 10_000 { 5 } else { 9 };
        let best = (0..runs)
            .map(|_| once_in_a_fresh_process(replicas))
            .fold(f64::MAX, f64::min);
        let again = (0..runs).map(|_| run(replicas).0).fold(f64::MAX, f64::min);
        println!(
            "{replicas:>9}  {:>10.1}ms  {:>12.1}µs  {:>14.1}ms",
            best * 1e3,
            best * 1e6 / replicas as f64,
            again * 1e3
        );
        fresh.push(best);
        back_to_back.push(again);
    }
    println!(
        "10,000 / 1,000 replicas: {:.1}x the cost (linear would be 10x); back to back in one process: {:.1}x",
        fresh[2] / fresh[1],
        back_to_back[2] / back_to_back[1]
    );
}
