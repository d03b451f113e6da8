//! DNS query cost against the number of pods: a name lookup must not scan pods. Builds a
//! cluster with N pods behind one headless Service (the store filled directly, so the
//! 500-replica limit of the page does not apply), then times queries. `std::time` is used
//! here only; the core never reads a clock.

use std::hint::black_box;
use std::time::Instant;

use k8s_openapi::api::core::v1::{Pod, PodCondition, PodSpec, PodStatus};
use stsplay_core::dns::{query, DnsView, QType};
use stsplay_core::{Session, SEED_MANIFESTS};

fn cluster_with(pods: usize) -> stsplay_core::store::Cluster {
    let mut s = Session::new();
    s.apply_manifests(SEED_MANIFESTS);
    s.advance_seconds(30);
    let mut c = s.cluster().clone();
    c.pods.clear();
    for i in 0..pods {
        let name = format!("web-{i}");
        let mut pod = Pod::default();
        pod.metadata.name = Some(name.clone());
        pod.metadata.namespace = Some("default".into());
        pod.metadata.labels = Some([("app".to_string(), "nginx".to_string())].into());
        pod.spec = Some(PodSpec {
            hostname: Some(name.clone()),
            subdomain: Some("nginx".into()),
            ..Default::default()
        });
        pod.status = Some(PodStatus {
            pod_ip: Some(format!(
                "10.{}.{}.{}",
                244 + i / 65536,
                i / 256 % 256,
                i % 256
            )),
            phase: Some("Running".into()),
            conditions: Some(vec![PodCondition {
                type_: "Ready".into(),
                status: "True".into(),
                ..Default::default()
            }]),
            ..Default::default()
        });
        c.pods.insert(("default".into(), name), pod);
    }
    c
}

fn main() {
    println!(
        "| pods | index (first query) | web-N.nginx A | PTR of a pod IP | kubernetes.default A |"
    );
    println!("|---:|---:|---:|---:|---:|");
    for n in [10usize, 100, 1_000, 10_000] {
        let c = cluster_with(n);
        let t = Instant::now();
        let view = DnsView::new(&c);
        // The index is built on the first query.
        black_box(query(
            &view,
            "kubernetes.default.svc.cluster.local",
            QType::A,
        ));
        let build = t.elapsed();
        let iters = 20_000u32;
        let time = |name: &str, qtype: QType| {
            let t = Instant::now();
            for _ in 0..iters {
                black_box(query(&view, black_box(name), qtype));
            }
            t.elapsed() / iters
        };
        let ep = time(
            &format!("web-{}.nginx.default.svc.cluster.local", n / 2),
            QType::A,
        );
        let ip = format!(
            "10.{}.{}.{}",
            244 + (n / 2) / 65536,
            (n / 2) / 256 % 256,
            (n / 2) % 256
        );
        let parts: Vec<&str> = ip.split('.').collect();
        let rev = format!(
            "{}.{}.{}.{}.in-addr.arpa",
            parts[3], parts[2], parts[1], parts[0]
        );
        let ptr = time(&rev, QType::Ptr);
        let svc = time("kubernetes.default.svc.cluster.local", QType::A);
        println!("| {n} | {build:.2?} | {ep:.2?} | {ptr:.2?} | {svc:.2?} |");
    }
}
