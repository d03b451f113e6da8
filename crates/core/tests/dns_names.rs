//! Query-name parsing never panics: arbitrary strings (labels over 63 bytes, names over 253,
//! empty labels, non-ASCII, trailing dots) go through CoreDNS's parser, every resolver
//! flavour and dig's argument parser.

use proptest::prelude::*;
use stsplay_core::dns::{query, resolve, ClientFlavour, DnsView, QType, ResolvConf};
use stsplay_core::{Session, SEED_MANIFESTS};

proptest! {
    // A fixed seed keeps CI deterministic; change it (or the case count) to explore.
    #![proptest_config(ProptestConfig {
        cases: 512,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x444e_5321),
        ..ProptestConfig::default()
    })]
    #[test]
    fn any_name_gets_an_answer(name in prop_oneof![
        any::<String>(),
        "[a-z0-9.-]{0,300}",
        "([a-zA-Z0-9_-]{0,70}\\.){0,8}(svc|pod|cluster|local|in-addr|arpa)?\\.?",
        "[0-9]{1,3}(\\.[0-9]{1,3}){0,5}(\\.in-addr\\.arpa)?\\.?",
    ]) {
        let mut s = Session::new();
        s.apply_manifests(SEED_MANIFESTS);
        s.advance_seconds(10);
        let view = DnsView::new(s.cluster());
        for t in [QType::A, QType::Aaaa, QType::Srv, QType::Ptr, QType::Cname] {
            let _ = query(&view, &name, t);
        }
        let conf = ResolvConf::cluster_first("default");
        for f in [ClientFlavour::Busybox128, ClientFlavour::Busybox136, ClientFlavour::Dnsutils] {
            let _ = resolve(&view, &conf, f, &name, None);
        }
        let _ = stsplay_core::tools::parse_dig(std::slice::from_ref(&name));
        let _ = s.run(&format!("dig +search {name:?}"));
        let _ = s.run(&format!("sim resolve --image busybox:1.36 {name:?}"));
    }
}
