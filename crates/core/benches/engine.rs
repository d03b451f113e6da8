//! How the engine's cost grows with replicas: `cargo bench -p stsplay-core --bench engine`.
//!
//! Times `evaluate` (parse, validate, simulate until settled, render every view and one
//! nslookup per pod) natively for the seed at several replica counts. The page does the same
//! work in wasm on every edit, so these figures bound the edit-to-result time from below.
//! The wall clock is read here, in the benchmark, never in the core.

use std::time::Instant;

use stsplay_core::{evaluate, SEED_MANIFESTS};

fn main() {
    println!(
        "{:>9}  {:>12}  {:>12}",
        "replicas", "evaluate", "per replica"
    );
    for replicas in [2, 10, 50, 100, 250, 500] {
        let text = SEED_MANIFESTS.replace("replicas: 2", &format!("replicas: {replicas}"));
        // Warm up once, then take the best of a few runs.
        let view = evaluate(&text);
        assert_eq!(view.pods.rows.len(), replicas, "all pods settle");
        let runs = if replicas >= 250 { 3 } else { 10 };
        let mut best = f64::MAX;
        for _ in 0..runs {
            let t = Instant::now();
            std::hint::black_box(evaluate(&text));
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{replicas:>9}  {:>10.2}ms  {:>10.3}ms",
            best * 1e3,
            best * 1e3 / replicas as f64
        );
    }
}
