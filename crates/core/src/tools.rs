//! What the client tools inside a pod print: busybox `nslookup` (1.28 and 1.36), `dig`
//! (dnsutils), `hostname`, `cat /etc/hosts` and `cat /etc/resolv.conf`. Answers come from
//! [`crate::dns`]; this module only lays them out as the real tools do.

use crate::dns::{self, ClientFlavour, ResolvConf};

/// Output of a busybox nslookup: stdout, stderr and the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

/// `nslookup NAME` in busybox 1.28 (BB128, errata 11.1).
pub fn nslookup_busybox128(view: &dns::DnsView<'_>, conf: &ResolvConf, name: &str) -> ToolOutput {
    let mut out = String::new();
    let server = &conf.nameserver;
    out.push_str(&format!("{:<10} {server}\n", "Server:"));
    out.push_str(&address_line(view, 1, server));
    out.push('\n');
    let res = dns::resolve(view, conf, ClientFlavour::Busybox128, name);
    if res.addresses.is_empty() {
        return ToolOutput {
            stdout: out,
            stderr: format!("nslookup: can't resolve '{name}'\n"),
            exit_code: 1,
        };
    }
    out.push_str(&format!("{:<10} {name}\n", "Name:"));
    for (i, ip) in res.addresses.iter().enumerate() {
        out.push_str(&address_line(view, i + 1, ip));
    }
    ToolOutput {
        stdout: out,
        stderr: String::new(),
        exit_code: 0,
    }
}

fn address_line(view: &dns::DnsView<'_>, n: usize, ip: &str) -> String {
    match dns::reverse_name(view, ip) {
        Some(name) => format!("Address {n}: {ip} {name}\n"),
        None => format!("Address {n}: {ip}\n"),
    }
}
