//! Client tools inside pods: busybox 1.36 nslookup (spec 11.2-11.4, errata 11), BIND 9.9 dig
//! (dnsutils), `kubectl run`/`exec`, the `/ #` shell, `/etc/hosts` (errata 2.6) and
//! `sim resolve`. Expected texts are written from the specs and upstream sources.

use stsplay_core::{Session, SEED_MANIFESTS};

fn settled(manifests: &str) -> Session {
    let mut s = Session::new();
    let (out, diags) = s.apply_manifests(manifests);
    assert!(diags.is_empty(), "{diags:?} {}", out.stderr);
    s.advance_seconds(30);
    s
}

/// (name, ip) of every pod, from `kubectl get pods -o wide`.
fn pod_ips(s: &mut Session) -> Vec<(String, String)> {
    let out = s.run("kubectl get pods -o wide");
    out.stdout
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (c[0].to_string(), c[5].to_string())
        })
        .collect()
}

#[test]
fn busybox_1_36_applies_no_search_domain_to_a_dotted_name() {
    let mut s = settled(SEED_MANIFESTS);
    let out =
        s.run("kubectl run -i --rm t --image=busybox:1.36 --restart=Never -- nslookup web-0.nginx");
    // 11.2: A then AAAA for the name as typed, both forwarded upstream: NXDOMAIN, exit 1.
    assert_eq!(
        out.stdout,
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n\
         ** server can't find web-0.nginx: NXDOMAIN\n\n\
         ** server can't find web-0.nginx: NXDOMAIN\n\n\
         pod \"t\" deleted from default namespace\n"
    );
    assert_eq!(out.exit_code, 1);
    assert_eq!(out.stderr, "pod default/t terminated (Error)\n");
}

#[test]
fn busybox_1_36_searches_a_dot_free_name_and_prints_every_reply() {
    let mut s = settled(SEED_MANIFESTS);
    let ips = pod_ips(&mut s);
    let out = s.run("kubectl run -i --rm t --image=busybox:1.36 --restart=Never -- nslookup nginx");
    // 11.4: A and AAAA for nginx.<each search domain>; the last two are NXDOMAIN (9.2); the
    // AAAA NODATA prints only its empty line (11.3).
    let expected = format!(
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n\
         Name:\tnginx.default.svc.cluster.local\nAddress: {}\n\
         Name:\tnginx.default.svc.cluster.local\nAddress: {}\n\n\
         ** server can't find nginx.svc.cluster.local: NXDOMAIN\n\n\
         ** server can't find nginx.cluster.local: NXDOMAIN\n\n\
         \n\
         ** server can't find nginx.svc.cluster.local: NXDOMAIN\n\n\
         ** server can't find nginx.cluster.local: NXDOMAIN\n\n\
         pod \"t\" deleted from default namespace\n",
        ips[0].1, ips[1].1
    );
    assert_eq!(out.stdout, expected);
    assert_eq!(out.exit_code, 1);
}

#[test]
fn busybox_1_36_full_name_and_ip() {
    let mut s = settled(SEED_MANIFESTS);
    let ip = pod_ips(&mut s)[0].1.clone();
    s.run("kubectl run c --image=busybox:1.36 --restart=Never -- sleep 3600");
    let out = s.run("kubectl exec c -- nslookup web-0.nginx.default.svc.cluster.local");
    assert_eq!(
        out.stdout,
        format!("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb-0.nginx.default.svc.cluster.local\nAddress: {ip}\n\n\n")
    );
    assert_eq!(out.exit_code, 0);
    let out = s.run("kubectl exec c -- nslookup 10.96.0.10");
    assert_eq!(
        out.stdout,
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local\n\n"
    );
}

#[test]
fn dig_prints_as_bind_9_9() {
    let mut s = settled(SEED_MANIFESTS);
    let ip = pod_ips(&mut s)[0].1.clone();
    let out = s.run("dig web-0.nginx.default.svc.cluster.local");
    // Message size: 12 header + 43 question + 53 answer (39 owner + 10 + 4) + 11 OPT = 119.
    // The question line: BIND counts its columns from the name, not from the `;` printed
    // before it (see `dig_question_line_columns_count_from_the_name`): the 38-character
    // name ends at column 38, class column 32 is behind it, so one space (masterdump.c
    // `indent`: at least one character, no tab as 39/8 == 38/8), then `IN` to 41 and one
    // space again before the type (column 40 is behind).
    let expected = format!(
        "\n; <<>> DiG 9.9.5-9+deb8u19-Debian <<>> web-0.nginx.default.svc.cluster.local\n\
         ;; global options: +cmd\n\
         ;; Got answer:\n\
         ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ID\n\
         ;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n\
         ;; WARNING: recursion requested but not available\n\
         \n\
         ;; OPT PSEUDOSECTION:\n\
         ; EDNS: version: 0, flags:; udp: 4096\n\
         ;; QUESTION SECTION:\n\
         ;web-0.nginx.default.svc.cluster.local. IN A\n\
         \n\
         ;; ANSWER SECTION:\n\
         web-0.nginx.default.svc.cluster.local. 30 IN A\t{ip}\n\
         \n\
         ;; Query time: 0 msec\n\
         ;; SERVER: 10.96.0.10#53(10.96.0.10)\n\
         ;; WHEN: Thu Jan 01 00:00:30 UTC 2026\n\
         ;; MSG SIZE  rcvd: 119\n\n"
    );
    let got: Vec<String> = out
        .stdout
        .lines()
        .map(|l| match l.split_once(", id: ") {
            Some((a, _)) => format!("{a}, id: ID"),
            None => l.to_string(),
        })
        .collect();
    assert_eq!(got.join("\n") + "\n", expected);
}

/// dig's QUESTION line. BIND's `dns_message_sectiontotext` (lib/dns/message.c) writes `;`
/// and then calls `dns_master_questiontotext`, whose `question_totext`
/// (lib/dns/masterdump.c) sets `column = 0`, adds the name's length, then `INDENT_TO
/// (class_column)`, `IN`, `INDENT_TO(type_column)`, the type. dig's style (bin/dig/dig.c
/// `dns_master_stylecreate(&style, styleflags, 24, 32, 40, 48, 80, 8, ...)`, and
/// `dns_master_style_debug` = 24, 32, 40, 48, tab width 8 in 9.9) puts the class at 32 and
/// the type at 40. `indent(&column, to)` moves at least one column, writing
/// `to/8 - from/8` tabs and then spaces. So the `;` is outside the count: a name of
/// length L is followed by tabs and spaces worked out from column L.
#[test]
fn dig_question_line_columns_count_from_the_name() {
    let mut s = settled(SEED_MANIFESTS);
    for (line, question) in [
        // L = 38: 38 → 39 is one space (39/8 == 38/8); IN to 41; 41 → 42 one space.
        (
            "dig web-5.nginx.default.svc.cluster.local",
            ";web-5.nginx.default.svc.cluster.local. IN A",
        ),
        // L = 31: 31 → 32 is one tab; IN to 34; 34 → 40 one tab.
        (
            "dig nope.default.svc.cluster.local",
            ";nope.default.svc.cluster.local.\tIN\tA",
        ),
        // L = 32: 32 → 33 one space; IN to 35; 35 → 40 one tab.
        (
            "dig nginx.default.svc.cluster.local AAAA",
            ";nginx.default.svc.cluster.local. IN\tAAAA",
        ),
        // L = 24: one tab to 32; IN to 34; one tab to 40.
        ("dig -x 10.96.0.10", ";10.0.96.10.in-addr.arpa.\tIN\tPTR"),
        // L = 14: three tabs (14 → 16 → 24 → 32); IN; one tab.
        ("dig cluster.local", ";cluster.local.\t\t\tIN\tA"),
        // L = 38 again, another type: one space, IN, one space.
        (
            "dig web-0.nginx.default.svc.cluster.local SRV",
            ";web-0.nginx.default.svc.cluster.local. IN SRV",
        ),
        // L = 39: 39 → 40 one tab (40/8 > 39/8); IN to 42; 42 → 43 one space.
        (
            "dig web-10.nginx.default.svc.cluster.local",
            ";web-10.nginx.default.svc.cluster.local.\tIN A",
        ),
    ] {
        let out = s.run(line);
        let got = out
            .stdout
            .lines()
            .skip_while(|l| *l != ";; QUESTION SECTION:")
            .nth(1)
            .unwrap_or_default()
            .to_string();
        assert_eq!(got, question, "{line}:\n{}", out.stdout);
    }
}

/// Errata 9.1 through dig: the SRV owner echoes the question; the targets and the
/// additional records' owners are `<host>.<service>.<namespace>.svc.` in lower case and the
/// zone as the question spells it (CoreDNS handler_case_test.go). Record lines in dig's
/// columns (TTL 24, class 32, type 40, data 48).
#[test]
fn dig_srv_targets_keep_the_zone_case_of_the_question() {
    let mut s = settled(SEED_MANIFESTS);
    let ips = pod_ips(&mut s);
    let out = s.run("dig _WEB._TCP.NGINX.DEFAULT.SVC.CLUSTER.LOCAL SRV");
    for (pod, ip) in &ips {
        let target = format!("{pod}.nginx.default.svc.CLUSTER.LOCAL.");
        assert!(
            out.stdout.contains(&format!(
                "_WEB._TCP.NGINX.DEFAULT.SVC.CLUSTER.LOCAL. 30 IN SRV 0 50 80 {target}\n"
            )),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout.contains(&format!("{target} 30 IN A\t{ip}\n")),
            "{}",
            out.stdout
        );
    }
}

#[test]
fn dig_nxdomain_carries_the_zone_soa_and_short_forms() {
    let mut s = settled(SEED_MANIFESTS);
    let out = s.run("dig nope.default.svc.cluster.local");
    assert!(out.stdout.contains("status: NXDOMAIN"));
    assert!(out
        .stdout
        .contains("ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1"));
    // CoreDNS's SOA: ns.dns.<zone> hostmaster.<zone> serial 7200 1800 86400 ttl.
    assert!(out.stdout.contains(
        "\n;; AUTHORITY SECTION:\ncluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1767225630 7200 1800 86400 30\n"
    ));
    let ips = pod_ips(&mut s);
    let out = s.run("dig +short _web._tcp.nginx.default.svc.cluster.local SRV");
    assert_eq!(
        out.stdout,
        "0 50 80 web-0.nginx.default.svc.cluster.local.\n0 50 80 web-1.nginx.default.svc.cluster.local.\n"
    );
    let out = s.run(&format!("dig +short -x {}", ips[1].1));
    assert_eq!(out.stdout, "web-1.nginx.default.svc.cluster.local.\n");
    let out = s.run("dig +short web-0.nginx");
    assert_eq!(out.stdout, "", "no search without +search");
    let out = s.run("dig +short +search web-0.nginx");
    assert_eq!(out.stdout, format!("{}\n", ips[0].1));
}

#[test]
fn dig_showsearch_prints_each_name_tried() {
    let mut s = settled(SEED_MANIFESTS);
    let out = s.run("dig +showsearch kubernetes.default");
    let questions: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with(';') && l.contains("\tIN") || l.starts_with(";kubernetes"))
        .collect();
    // 10.3: kubernetes.default.default.svc.cluster.local (NXDOMAIN), then the hit.
    assert_eq!(
        questions,
        vec![
            ";kubernetes.default.default.svc.cluster.local. IN A",
            ";kubernetes.default.svc.cluster.local. IN A"
        ]
    );
    assert_eq!(out.stdout.matches(";; Got answer:").count(), 2);
    assert!(out
        .stdout
        .contains("kubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1\n"));
}

#[test]
fn exec_in_a_statefulset_pod_sees_its_identity() {
    let mut s = settled(SEED_MANIFESTS);
    let ip = pod_ips(&mut s)[0].1.clone();
    assert_eq!(s.run("kubectl exec web-0 -- hostname").stdout, "web-0\n");
    let hosts = s.run("kubectl exec web-0 -- cat /etc/hosts").stdout;
    assert_eq!(
        hosts,
        format!(
            "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n{ip}\tweb-0.nginx.default.svc.cluster.local\tweb-0\n"
        )
    );
    assert_eq!(
        s.run("kubectl exec web-0 -- cat /etc/resolv.conf").stdout,
        "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"
    );
    // nginx:1.9.1 has no nslookup.
    let out = s.run("kubectl exec web-0 -- nslookup web-1.nginx");
    assert_eq!(out.exit_code, 1);
    assert!(out
        .stderr
        .contains("exec: \"nslookup\": executable file not found in $PATH"));
    let out = s.run("kubectl exec web-9 -- hostname");
    assert_eq!(
        out.stderr,
        "Error from server (NotFound): pods \"web-9\" not found\n"
    );
}

#[test]
fn the_seed_shell_runs_lines_at_a_prompt_until_exit() {
    let mut s = settled(SEED_MANIFESTS);
    let open =
        s.run("kubectl run -i --tty --image busybox:1.28.0 dns-test --restart=Never --rm /bin/sh");
    assert_eq!((open.stdout.as_str(), open.exit_code), ("", 0));
    let look = s.run("nslookup web-0.nginx");
    assert_eq!(look.prompt.as_deref(), Some("/ # "));
    assert!(look.stdout.starts_with("Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      web-0.nginx\n"));
    assert_eq!(s.run("hostname").stdout, "dns-test\n");
    let bad = s.run("wget x");
    assert_eq!(
        (bad.stderr.as_str(), bad.exit_code),
        ("/bin/sh: wget: not found\n", 127)
    );
    let exit = s.run("exit");
    assert_eq!(
        exit.stdout,
        "pod \"dns-test\" deleted from default namespace\n"
    );
    let after = s.run("kubectl get pods");
    assert_eq!(after.prompt, None);
}

#[test]
fn sim_resolve_explains_misses() {
    let manifests = SEED_MANIFESTS.replace("serviceName: \"nginx\"", "serviceName: \"nginx-svc\"");
    let mut s = settled(&manifests);
    let out = s.run("sim resolve web-0.nginx");
    assert!(
        out.stdout
            .contains("the StatefulSet's serviceName is nginx-svc but the Service is nginx"),
        "{}",
        out.stdout
    );
    assert!(out
        .stdout
        .ends_with("result: web-0.nginx does not resolve\n"));
    // uClibc-ng order: AAAA walk, dotted name as-is first (errata 10.2).
    assert!(
        out.stdout.contains(" 1. AAAA web-0.nginx: NXDOMAIN"),
        "{}",
        out.stdout
    );
    let out = s.run("sim resolve --image busybox:1.36 web-0.nginx-svc");
    assert!(
        out.stdout
            .contains("busybox 1.36 does not apply search domains to names with a dot"),
        "{}",
        out.stdout
    );
    let out = s.run("sim resolve kubernetes.default");
    assert!(
        out.stdout
            .ends_with("result: kubernetes.default resolves to 10.96.0.1\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn image_tags_pick_the_flavour() {
    use stsplay_core::dns::ClientFlavour;
    use stsplay_core::dns::ClientFlavour::*;
    for (image, f) in [
        ("busybox:1.28", Busybox128),
        ("busybox:1.28.0", Busybox128),
        ("docker.io/library/busybox:1.27", Busybox128),
        ("busybox:1.36", Busybox136),
        ("busybox", Busybox136),
        (
            "registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3",
            Dnsutils,
        ),
        ("nginx:1.9.1", Plain),
    ] {
        assert_eq!(ClientFlavour::from_image(image), f, "{image}");
    }
}
