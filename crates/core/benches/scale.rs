//! How the controller's cost grows with replicas: `cargo bench -p stsplay-core --bench scale`.
//!
//! For 10, 1,000 and 10,000 replicas (OrderedReady, so one pod at a time): apply, run the
//! simulated cluster until nothing is pending (every pod Running and Ready), then render
//! `kubectl get pods -o wide`. The cost should grow about linearly: 10,000 replicas at most
//! 12 times 1,000. The wall clock is read here, in the benchmark, never in the core.

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

fn main() {
    println!(
        "{:>9}  {:>12}  {:>14}",
        "replicas", "to steady", "per replica"
    );
    let mut results = Vec::new();
    for replicas in [10, 1_000, 10_000] {
        let runs = if replicas >= 10_000 { 2 } else { 5 };
        let best = (0..runs).map(|_| run(replicas).0).fold(f64::MAX, f64::min);
        println!(
            "{replicas:>9}  {:>10.1}ms  {:>12.1}µs",
            best * 1e3,
            best * 1e6 / replicas as f64
        );
        results.push(best);
    }
    println!(
        "10,000 / 1,000 replicas: {:.1}x the cost (linear would be 10x)",
        results[2] / results[1]
    );
}
