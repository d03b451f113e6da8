//! What the client tools inside a pod print: busybox `nslookup` (1.28 and 1.36), BIND's
//! `dig` and `nslookup` (dnsutils), `hostname`, `cat`, `ls`, `echo`, nginx images' `curl`
//! (served by the pods' nginx from their files), `sh -c` through [`crate::shell`], and the
//! explanation of a lookup that `sim resolve` prints. Answers come from [`crate::dns`] and
//! files from [`crate::files`]; this module only lays them out as the real tools do.

use crate::clock::Instant;
use crate::dns::{
    self, Answer, ClientFlavour, DnsView, HostsEntry, QType, RData, Rcode, Record, ResolvConf,
};
use crate::files::{self, Disks, NginxImage, PodFs};
use crate::shell::{self, Sh};
use crate::store::CLUSTER_DOMAIN;

/// What a command printed: stdout, stderr and the exit code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ToolOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

/// A pod that commands run in: a client pod (`kubectl run`) or a StatefulSet pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientPod {
    pub name: String,
    pub namespace: String,
    pub image: String,
    pub flavour: ClientFlavour,
    /// Its own line of `/etc/hosts`, when it has an IP.
    pub hosts: Option<HostsEntry>,
    /// Its filesystem: mounts and container layer.
    pub fs: PodFs,
}

impl ClientPod {
    /// A client pod of `image` in `namespace` (`hosts` from its IP when it has one).
    pub fn new(name: &str, namespace: &str, image: &str, ip: Option<&str>) -> ClientPod {
        ClientPod {
            name: name.to_string(),
            namespace: namespace.to_string(),
            image: image.to_string(),
            flavour: ClientFlavour::from_image(image),
            hosts: ip.map(|ip| dns::hosts_entry(ip, name, None, namespace)),
            fs: PodFs {
                mounts: Vec::new(),
                layer: format!("client:{namespace}/{name}"),
                nginx: NginxImage::of(image),
            },
        }
    }

    pub fn resolv_conf(&self) -> ResolvConf {
        ResolvConf::cluster_first(&self.namespace)
    }
}

/// Why a command could not run in the pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRun {
    /// The image has no such executable.
    NotFound(String),
}

/// What commands in a pod reach beyond it: the cluster's DNS, the clock (dig's `WHEN`
/// line), the pods' files and the other pods by IP (the servers `curl` talks to).
pub struct PodEnv<'a> {
    pub view: &'a DnsView<'a>,
    pub now: Instant,
    pub disks: &'a mut Disks,
    pub peer: &'a dyn Fn(&str) -> Option<ClientPod>,
}

/// Runs `argv` in `pod`. Takes no simulated time; it changes nothing but the files that
/// a redirection writes.
pub fn run_in_pod(
    env: &mut PodEnv<'_>,
    pod: &ClientPod,
    argv: &[String],
) -> Result<ToolOutput, NotRun> {
    let Some((cmd, args)) = argv.split_first() else {
        return Ok(ToolOutput::default());
    };
    let prog = cmd.rsplit('/').next().unwrap_or(cmd);
    let busybox = matches!(
        pod.flavour,
        ClientFlavour::Busybox128 | ClientFlavour::Busybox136
    );
    let conf = pod.resolv_conf();
    let view = env.view;
    match prog {
        "hostname" => Ok(ok(format!("{}\n", pod.name))),
        "cat" => Ok(cat(env.disks, pod, &conf, args, busybox)),
        "ls" => Ok(ls(env.disks, pod, args, busybox)),
        "chmod" if args.len() >= 2 => Ok(chmod(env.disks, pod, &args[1..], busybox)),
        "curl" if pod.fs.nginx.is_some() => Ok(curl(env, pod, args)),
        "nslookup" => match pod.flavour {
            ClientFlavour::Busybox128 => Ok(nslookup_busybox128_args(view, pod, &conf, args)),
            ClientFlavour::Busybox136 => Ok(nslookup_busybox136(view, &conf, args)),
            ClientFlavour::Dnsutils => Ok(nslookup_bind(view, pod, &conf, args)),
            ClientFlavour::Plain => Err(NotRun::NotFound(cmd.clone())),
        },
        "dig" if pod.flavour == ClientFlavour::Dnsutils => Ok(dig(view, &conf, args, env.now)),
        // `sh -c SCRIPT`: busybox's ash, or Debian's dash.
        "sh" | "ash" if args.first().is_some_and(|a| a == "-c") => {
            let script = args.get(1).map_or("", String::as_str);
            let sh = Sh {
                argv0: cmd,
                dash: !busybox,
            };
            Ok(shell::run_script(script, sh, &mut InPod { env, pod }))
        }
        // bash's messages differ from dash's; it runs one simple command.
        "bash" if !busybox && args.first().is_some_and(|a| a == "-c") => {
            let script = args.get(1).map_or("", String::as_str);
            match crate::command::split_words(script) {
                Ok(words) if !script.contains([';', '|', '&', '<', '>', '$', '`', '(', '\n']) => {
                    run_in_pod(env, pod, &words)
                }
                _ => Ok(fail(
                    format!("bash: the playground's bash runs one simple command, not {script:?}; sh runs more\n"),
                    2,
                )),
            }
        }
        "true" => Ok(ToolOutput::default()),
        "echo" => Ok(ok(format!("{}\n", args.join(" ")))),
        _ if busybox && prog == "busybox" => Ok(ok(String::new())),
        _ => Err(NotRun::NotFound(cmd.clone())),
    }
}

/// Runs `line` at a client pod's `/ # ` prompt: busybox's ash.
pub fn run_at_prompt(env: &mut PodEnv<'_>, pod: &ClientPod, line: &str) -> ToolOutput {
    let sh = Sh {
        argv0: "/bin/sh",
        dash: false,
    };
    shell::run_script(line, sh, &mut InPod { env, pod })
}

/// A script's view of its pod.
struct InPod<'e, 'a> {
    env: &'e mut PodEnv<'a>,
    pod: &'e ClientPod,
}

impl shell::Host for InPod<'_, '_> {
    fn exec(&mut self, argv: &[String]) -> Option<ToolOutput> {
        run_in_pod(self.env, self.pod, argv).ok()
    }

    fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), files::WriteError> {
        self.env.disks.write(&self.pod.fs, path, text, append)
    }

    fn env(&self, name: &str) -> Option<String> {
        match name {
            "HOSTNAME" => Some(self.pod.name.clone()),
            "HOME" => Some("/root".into()),
            "PATH" => Some("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into()),
            _ => None,
        }
    }
}

fn ok(stdout: String) -> ToolOutput {
    ToolOutput {
        stdout,
        ..Default::default()
    }
}

fn fail(stderr: String, exit_code: i32) -> ToolOutput {
    ToolOutput {
        stderr,
        exit_code,
        ..Default::default()
    }
}

fn cat(
    disks: &Disks,
    pod: &ClientPod,
    conf: &ResolvConf,
    args: &[String],
    busybox: bool,
) -> ToolOutput {
    let mut out = ToolOutput::default();
    for f in args {
        match f.as_str() {
            "/etc/hosts" => out.stdout.push_str(&dns::render_hosts(pod.hosts.as_ref())),
            "/etc/resolv.conf" => out.stdout.push_str(&conf.render()),
            "/etc/hostname" => out.stdout.push_str(&format!("{}\n", pod.name)),
            other => match disks.read(&pod.fs, other) {
                Some(text) => out.stdout.push_str(&text),
                None => {
                    let why = if pod.fs.is_dir(&files::normalize(other)) {
                        "Is a directory"
                    } else {
                        "No such file or directory"
                    };
                    out.stderr.push_str(&if busybox {
                        if why == "Is a directory" {
                            "cat: read error: Is a directory\n".to_string()
                        } else {
                            format!("cat: can't open '{other}': {why}\n")
                        }
                    } else {
                        format!("cat: {other}: {why}\n")
                    });
                    out.exit_code = 1;
                }
            },
        }
    }
    out
}

/// `ls [PATH...]`, one name a line (its output is not a terminal).
fn ls(disks: &Disks, pod: &ClientPod, args: &[String], busybox: bool) -> ToolOutput {
    let mut out = ToolOutput::default();
    let paths: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let paths = if paths.is_empty() { vec!["/"] } else { paths };
    for (i, p) in paths.iter().enumerate() {
        let path = files::normalize(p);
        if pod.fs.is_dir(&path) {
            if paths.len() > 1 {
                let blank = if i > 0 { "\n" } else { "" };
                out.stdout.push_str(&format!("{blank}{p}:\n"));
            }
            for name in disks.list(&pod.fs, &path) {
                out.stdout.push_str(&format!("{name}\n"));
            }
        } else if disks.read(&pod.fs, &path).is_some() {
            out.stdout.push_str(&format!("{p}\n"));
        } else if busybox {
            out.stderr
                .push_str(&format!("ls: {p}: No such file or directory\n"));
            out.exit_code = 1;
        } else {
            out.stderr.push_str(&format!(
                "ls: cannot access '{p}': No such file or directory\n"
            ));
            out.exit_code = 2;
        }
    }
    out
}

/// `chmod MODE PATH...`: the playground keeps no modes; it checks the paths exist.
fn chmod(disks: &Disks, pod: &ClientPod, paths: &[String], busybox: bool) -> ToolOutput {
    let mut out = ToolOutput::default();
    for p in paths {
        let path = files::normalize(p);
        if !pod.fs.is_dir(&path) && disks.read(&pod.fs, &path).is_none() {
            out.stderr.push_str(&if busybox {
                format!("chmod: {p}: No such file or directory\n")
            } else {
                format!("chmod: cannot access '{p}': No such file or directory\n")
            });
            out.exit_code = 1;
        }
    }
    out
}

/// `curl URL` in an nginx image: an HTTP GET, answered by the nginx of the pod the URL
/// names (its `/usr/share/nginx/html`), as curl prints the body. Options are ignored.
fn curl(env: &mut PodEnv<'_>, pod: &ClientPod, args: &[String]) -> ToolOutput {
    let Some(url) = args.iter().find(|a| !a.starts_with('-')) else {
        return fail(
            "curl: try 'curl --help' or 'curl --manual' for more information\n".into(),
            2,
        );
    };
    let (rest, default_port) = match url.split_once("://") {
        Some(("http", rest)) => (rest, 80),
        Some(("https", rest)) => (rest, 443),
        Some((scheme, _)) => {
            return fail(
                format!("curl: (1) Protocol \"{scheme}\" not supported\n"),
                1,
            )
        }
        None => (url.as_str(), 80),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => match p.parse::<u16>() {
            Ok(p) => (h, p),
            Err(_) => return fail("curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n".into(), 3),
        },
        None => (authority, default_port),
    };
    let server = if matches!(host, "localhost" | "127.0.0.1") {
        Some(pod.clone())
    } else {
        let conf = pod.resolv_conf();
        let res = dns::resolve(env.view, &conf, pod.flavour, host, pod.hosts.as_ref());
        let Some(ip) = res.addresses.first() else {
            return fail(format!("curl: (6) Could not resolve host: {host}\n"), 6);
        };
        (env.peer)(ip)
    };
    let Some((server, nginx)) = server
        .filter(|_| port == 80)
        .and_then(|s| s.fs.nginx.clone().map(|n| (s, n)))
    else {
        return fail(
            format!("curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server\n"),
            7,
        );
    };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let file = files::normalize(&format!("/usr/share/nginx/html{path}"));
    let body = if path.ends_with('/') {
        env.disks
            .read(&server.fs, &format!("{file}/index.html"))
            .unwrap_or_else(|| files::nginx_error_page(&nginx, "403 Forbidden"))
    } else if server.fs.is_dir(&file) {
        files::nginx_error_page(&nginx, "301 Moved Permanently")
    } else {
        env.disks
            .read(&server.fs, &file)
            .unwrap_or_else(|| files::nginx_error_page(&nginx, "404 Not Found"))
    };
    ok(body)
}

const BB128_NSLOOKUP_USAGE: &str = "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n";

fn nslookup_busybox128_args(
    view: &DnsView<'_>,
    pod: &ClientPod,
    conf: &ResolvConf,
    args: &[String],
) -> ToolOutput {
    match args {
        [name] if !name.starts_with('-') => {
            nslookup_busybox128_in(view, conf, name, pod.hosts.as_ref())
        }
        [name, _server] if !name.starts_with('-') => {
            nslookup_busybox128_in(view, conf, name, pod.hosts.as_ref())
        }
        _ => fail(BB128_NSLOOKUP_USAGE.into(), 1),
    }
}

/// `nslookup NAME` in busybox 1.28 (BB128, errata 11.1), from a pod without a hosts line.
pub fn nslookup_busybox128(view: &DnsView<'_>, conf: &ResolvConf, name: &str) -> ToolOutput {
    nslookup_busybox128_in(view, conf, name, None)
}

fn nslookup_busybox128_in(
    view: &DnsView<'_>,
    conf: &ResolvConf,
    name: &str,
    hosts: Option<&HostsEntry>,
) -> ToolOutput {
    let mut out = String::new();
    let server = &conf.nameserver;
    out.push_str(&format!("{:<10} {server}\n", "Server:"));
    out.push_str(&address_line(view, hosts, 1, server));
    out.push('\n');
    let res = dns::resolve(view, conf, ClientFlavour::Busybox128, name, hosts);
    if res.addresses.is_empty() {
        return ToolOutput {
            stdout: out,
            stderr: format!("nslookup: can't resolve '{name}'\n"),
            exit_code: 1,
        };
    }
    out.push_str(&format!("{:<10} {name}\n", "Name:"));
    for (i, ip) in res.addresses.iter().enumerate() {
        out.push_str(&address_line(view, hosts, i + 1, ip));
    }
    ok(out)
}

/// `Address N: IP[ NAME]`: the name from `getnameinfo(NI_NAMEREQD)`, /etc/hosts first.
fn address_line(view: &DnsView<'_>, hosts: Option<&HostsEntry>, n: usize, ip: &str) -> String {
    let local = hosts
        .filter(|h| h.ip == ip)
        .and_then(|h| h.names.first().cloned());
    match local.or_else(|| dns::reverse_name(view, ip)) {
        Some(name) => format!("Address {n}: {ip} {name}\n"),
        None => format!("Address {n}: {ip}\n"),
    }
}

/// `in-addr.arpa` name of an IPv4 address.
fn ptr_name(ip: &str) -> Option<String> {
    let addr: std::net::Ipv4Addr = ip.parse().ok()?;
    let o = addr.octets();
    Some(format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0]))
}

/// `nslookup [-type=T] NAME [SERVER]` in busybox 1.36 (glibc build; spec 11.2-11.4, errata
/// 11.2-11.4): its own resolver, replies printed in the order the queries were sent.
pub fn nslookup_busybox136(view: &DnsView<'_>, conf: &ResolvConf, args: &[String]) -> ToolOutput {
    let mut qtypes = Vec::new();
    let mut positional = Vec::new();
    for a in args {
        if let Some(opt) = a.strip_prefix('-') {
            let (k, v) = opt.split_once('=').unwrap_or((opt, ""));
            match (k, v.to_ascii_uppercase().as_str()) {
                ("type" | "querytype", "A") => qtypes.push(QType::A),
                ("type" | "querytype", "AAAA") => qtypes.push(QType::Aaaa),
                ("type" | "querytype", "SRV") => qtypes.push(QType::Srv),
                ("type" | "querytype", "PTR") => qtypes.push(QType::Ptr),
                ("type" | "querytype", other) => {
                    return fail(format!("nslookup: invalid query type \"{other}\"\n"), 1)
                }
                _ => return fail(BB136_USAGE.into(), 1),
            }
        } else {
            positional.push(a.clone());
        }
    }
    let Some(name) = positional.first() else {
        return fail(BB136_USAGE.into(), 1);
    };
    if positional.len() > 2 {
        return fail(BB136_USAGE.into(), 1);
    }
    let server = &conf.nameserver;
    let mut out = format!("Server:\t\t{server}\nAddress:\t{server}:53\n\n");
    let mut exit_code = 0;
    let queries: Vec<(String, QType)> = if qtypes.is_empty() {
        if let Some(ptr) = ptr_name(name) {
            vec![(ptr, QType::Ptr)]
        } else {
            dns::resolve(view, conf, ClientFlavour::Busybox136, name, None)
                .attempts
                .into_iter()
                .map(|a| (a.name, a.qtype))
                .collect()
        }
    } else {
        // Query types in busybox's table order (A, AAAA, SRV, PTR), each with search.
        let mut q = Vec::new();
        for t in [QType::A, QType::Aaaa, QType::Srv, QType::Ptr] {
            if qtypes.contains(&t) {
                let names: Vec<String> =
                    if t == QType::Ptr || name.contains('.') || conf.search.is_empty() {
                        vec![name.clone()]
                    } else {
                        conf.search.iter().map(|s| format!("{name}.{s}")).collect()
                    };
                q.extend(names.into_iter().map(|n| (n, t)));
            }
        }
        q
    };
    for (qname, qtype) in queries {
        let answer = dns::query(view, &qname, qtype);
        if answer.rcode == Rcode::NxDomain {
            out.push_str(&format!("** server can't find {qname}: NXDOMAIN\n"));
            exit_code = 1;
        } else {
            if !authoritative(&qname, &answer) {
                out.push_str("Non-authoritative answer:\n");
            }
            for r in &answer.answers {
                let owner = r.name.trim_end_matches('.');
                match &r.data {
                    RData::A(ip) => out.push_str(&format!("Name:\t{owner}\nAddress: {ip}\n")),
                    RData::Srv {
                        priority,
                        weight,
                        port,
                        target,
                    } => out.push_str(&format!(
                        "{owner}\tservice = {priority} {weight} {port} {}\n",
                        target.trim_end_matches('.')
                    )),
                    RData::Ptr(t) => {
                        out.push_str(&format!("{owner}\tname = {}\n", t.trim_end_matches('.')))
                    }
                    RData::Cname(t) => out.push_str(&format!(
                        "{owner}\tcanonical name = {}\n",
                        t.trim_end_matches('.')
                    )),
                }
            }
        }
        out.push('\n');
    }
    ToolOutput {
        stdout: out,
        stderr: String::new(),
        exit_code,
    }
}

const BB136_USAGE: &str = "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n";

/// Whether CoreDNS answered `name` from its own zones (AA set): the cluster zone, and the
/// reverse zone when the IP is the cluster's (unknown IPs fall through to the upstream).
fn authoritative(name: &str, answer: &Answer) -> bool {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    n == CLUSTER_DOMAIN
        || n.ends_with(&format!(".{CLUSTER_DOMAIN}"))
        || (n.ends_with(".in-addr.arpa") && answer.rcode == Rcode::NoError)
}

/// `nslookup NAME` from BIND 9.9 (the dnsutils image): the search list with ndots, A only.
fn nslookup_bind(
    view: &DnsView<'_>,
    pod: &ClientPod,
    conf: &ResolvConf,
    args: &[String],
) -> ToolOutput {
    let Some(name) = args.iter().find(|a| !a.starts_with('-')) else {
        return fail("nslookup: no host given\n".into(), 1);
    };
    let server = &conf.nameserver;
    let mut out = format!("Server:\t\t{server}\nAddress:\t{server}#53\n\n");
    let _ = pod;
    let walk = search_walk(view, conf, name, QType::A, true);
    let last = walk.last().map(|(n, a)| (n.clone(), a.clone()));
    match last {
        Some((qname, answer)) if answer.rcode == Rcode::NoError => {
            for r in &answer.answers {
                if let RData::A(ip) = &r.data {
                    out.push_str(&format!(
                        "Name:\t{}\nAddress: {ip}\n",
                        qname.trim_end_matches('.')
                    ));
                }
            }
            out.push('\n');
            ok(out)
        }
        _ => {
            out.push_str(&format!("** server can't find {name}: NXDOMAIN\n\n"));
            ToolOutput {
                stdout: out,
                stderr: String::new(),
                exit_code: 1,
            }
        }
    }
}

/// dig's `+search` walk (`dighost.c` `next_origin`): fewer dots than ndots → each search
/// domain, then the name as-is; otherwise as-is first, then the search domains. Only
/// NXDOMAIN moves on. Returns every query sent with its answer.
fn search_walk(
    view: &DnsView<'_>,
    conf: &ResolvConf,
    name: &str,
    qtype: QType,
    search: bool,
) -> Vec<(String, Answer)> {
    let bare = name.trim_end_matches('.');
    let names: Vec<String> = if !search || name.ends_with('.') {
        vec![bare.to_string()]
    } else {
        let searched = conf.search.iter().map(|s| format!("{bare}.{s}"));
        if bare.bytes().filter(|&b| b == b'.').count() as u32 >= conf.ndots {
            std::iter::once(bare.to_string()).chain(searched).collect()
        } else {
            searched.chain(std::iter::once(bare.to_string())).collect()
        }
    };
    let mut out = Vec::new();
    for n in names {
        let answer = dns::query(view, &n, qtype);
        let stop = answer.rcode != Rcode::NxDomain;
        out.push((n, answer));
        if stop {
            break;
        }
    }
    out
}

/// dig's command line: `[@SERVER] NAME [TYPE] [-t TYPE] [-x ADDR] [+short] [+search]
/// [+showsearch]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigArgs {
    pub name: String,
    pub qtype: QType,
    pub short: bool,
    pub search: bool,
    pub showsearch: bool,
}

/// Parses dig's arguments; an error is dig's own message.
pub fn parse_dig(args: &[String]) -> Result<DigArgs, String> {
    let mut d = DigArgs {
        name: String::new(),
        qtype: QType::A,
        short: false,
        search: false,
        showsearch: false,
    };
    let mut name = None;
    let mut i = 0;
    let qtype_of = |t: &str| match t.to_ascii_uppercase().as_str() {
        "A" => Some(QType::A),
        "AAAA" => Some(QType::Aaaa),
        "SRV" => Some(QType::Srv),
        "PTR" => Some(QType::Ptr),
        "CNAME" => Some(QType::Cname),
        _ => None,
    };
    while i < args.len() {
        let a = &args[i];
        if let Some(server) = a.strip_prefix('@') {
            if server != crate::store::KUBE_DNS_IP && server != "kube-dns.kube-system" {
                return Err(format!(
                    "the playground's dig asks the cluster DNS (10.96.0.10) only, not {server}\n"
                ));
            }
        } else if let Some(opt) = a.strip_prefix('+') {
            match opt {
                "short" => d.short = true,
                "noshort" => d.short = false,
                "search" => d.search = true,
                "nosearch" => d.search = false,
                "showsearch" => {
                    d.search = true;
                    d.showsearch = true;
                }
                _ => return Err(format!("Invalid option: +{opt}\n")),
            }
        } else if a == "-x" {
            i += 1;
            let ip = args.get(i).ok_or("dig: -x requires an address\n")?;
            name = Some(ptr_name(ip).ok_or_else(|| format!("Invalid IP address {ip}\n"))? + ".");
            d.qtype = QType::Ptr;
        } else if a == "-t" {
            i += 1;
            let t = args.get(i).map(String::as_str).unwrap_or_default();
            d.qtype = qtype_of(t).ok_or_else(|| {
                format!(
                    "the playground's dig answers A, AAAA, SRV, PTR and CNAME queries, not {t}\n"
                )
            })?;
        } else if let (Some(t), Some(_)) = (qtype_of(a), &name) {
            d.qtype = t;
        } else if a.starts_with('-') {
            return Err(format!("Invalid option: {a}\n"));
        } else if name.is_none() {
            name = Some(a.clone());
        } else {
            return Err(format!(
                "the playground's dig answers A, AAAA, SRV, PTR and CNAME queries, not {a}\n"
            ));
        }
        i += 1;
    }
    d.name = name.ok_or(
        "the playground's dig needs a name: dig NAME [A|AAAA|SRV|PTR|CNAME] [+short] [+search] [+showsearch]\n",
    )?;
    Ok(d)
}

/// `dig ARGS` as BIND 9.9.5 (Debian jessie's dnsutils, the `jessie-dnsutils` image) prints
/// it. Deterministic stand-ins for what a real run measures: `Query time: 0 msec`, `WHEN` is
/// the simulated clock, the message id is a hash of the question and the clock, and the
/// SOA serial is the simulated clock's Unix time.
pub fn dig(view: &DnsView<'_>, conf: &ResolvConf, args: &[String], now: Instant) -> ToolOutput {
    let d = match parse_dig(args) {
        Ok(d) => d,
        Err(e) => return fail(e, 1),
    };
    let walk = search_walk(view, conf, &d.name, d.qtype, d.search);
    let mut out = String::new();
    if d.short {
        if let Some((_, answer)) = walk.last() {
            for r in &answer.answers {
                out.push_str(&rdata_text(&r.data));
                out.push('\n');
            }
        }
        return ok(out);
    }
    out.push_str(&format!(
        "\n; <<>> DiG 9.9.5-9+deb8u19-Debian <<>> {}\n;; global options: +cmd\n",
        args.join(" ")
    ));
    let shown: Vec<&(String, Answer)> = if d.showsearch {
        walk.iter().collect()
    } else {
        walk.last().into_iter().collect()
    };
    for (qname, answer) in shown {
        out.push_str(&dig_message(qname, d.qtype, answer, now, &conf.nameserver));
    }
    ok(out)
}

fn qtype_text(t: QType) -> &'static str {
    t.name()
}

fn rdata_text(d: &RData) -> String {
    match d {
        RData::A(ip) => ip.clone(),
        RData::Srv {
            priority,
            weight,
            port,
            target,
        } => format!("{priority} {weight} {port} {target}"),
        RData::Ptr(t) | RData::Cname(t) => t.clone(),
    }
}

fn rtype_text(d: &RData) -> &'static str {
    match d {
        RData::A(_) => "A",
        RData::Srv { .. } => "SRV",
        RData::Ptr(_) => "PTR",
        RData::Cname(_) => "CNAME",
    }
}

/// BIND's `indent`: tabs (width 8) and spaces from the end of `line` to column `to`, at
/// least one character.
fn indent(line: &mut String, to: usize) {
    let from = line
        .chars()
        .fold(0, |c, ch| if ch == '\t' { c / 8 * 8 + 8 } else { c + 1 });
    let to = to.max(from + 1);
    let tabs = to / 8 - from / 8;
    let mut at = from;
    if tabs > 0 {
        line.extend(std::iter::repeat_n('\t', tabs));
        at = to / 8 * 8;
    }
    line.extend(std::iter::repeat_n(' ', to - at));
}

/// One record in dig's debug style (`dns_master_style_debug`): TTL at column 24, class at
/// 32, type at 40, data at 48.
fn record_line(owner: &str, ttl: u32, rtype: &str, rdata: &str) -> String {
    let mut line = owner.to_string();
    indent(&mut line, 24);
    line.push_str(&ttl.to_string());
    indent(&mut line, 32);
    line.push_str("IN");
    indent(&mut line, 40);
    line.push_str(rtype);
    indent(&mut line, 48);
    line.push_str(rdata);
    line
}

fn name_wire_len(name: &str) -> usize {
    let n = name.trim_end_matches('.');
    if n.is_empty() {
        1
    } else {
        n.split('.').map(|l| l.len() + 1).sum::<usize>() + 1
    }
}

fn rr_wire_len(r: &Record) -> usize {
    let rdlen = match &r.data {
        RData::A(_) => 4,
        RData::Srv { target, .. } => 6 + name_wire_len(target),
        RData::Ptr(t) | RData::Cname(t) => name_wire_len(t),
    };
    name_wire_len(&r.name) + 10 + rdlen
}

/// FNV-1a, for a deterministic message id.
fn fnv(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// dig's `WHEN:` line from the simulated clock: `Thu Jan 01 00:03:00 UTC 2026`.
fn when(now: Instant) -> String {
    // rfc1123z: "Thu, 01 Jan 2026 00:03:00 +0000"
    let t = now.rfc1123z();
    let p: Vec<&str> = t.split(' ').collect();
    match p.as_slice() {
        [wd, d, mo, y, hms, _] => format!("{} {mo} {d} {hms} UTC {y}", wd.trim_end_matches(',')),
        _ => t,
    }
}

fn dig_message(qname: &str, qtype: QType, answer: &Answer, now: Instant, server: &str) -> String {
    let fq = format!("{}.", qname.trim_end_matches('.'));
    let aa = authoritative(qname, answer);
    let status = match answer.rcode {
        Rcode::NoError => "NOERROR",
        Rcode::NxDomain => "NXDOMAIN",
    };
    // CoreDNS puts its zone's SOA in the authority section of NXDOMAIN and NODATA replies.
    let soa = if aa && answer.answers.is_empty() {
        let zone = if fq.to_ascii_lowercase().ends_with(".in-addr.arpa.") {
            "in-addr.arpa.".to_string()
        } else {
            let suffix = format!("{CLUSTER_DOMAIN}.");
            // The zone keeps the question's case.
            fq[fq.len() - suffix.len()..].to_string()
        };
        let rdata = format!(
            "ns.dns.{zone} hostmaster.{zone} {} 7200 1800 86400 30",
            now.unix_seconds()
        );
        Some((zone, rdata))
    } else {
        None
    };
    let id = fnv(&format!("{fq}{}{}", qtype_text(qtype), now.0)) & 0xffff;
    let flags = if aa { "qr aa rd" } else { "qr rd ra" };
    let mut s = String::from(";; Got answer:\n");
    s.push_str(&format!(
        ";; ->>HEADER<<- opcode: QUERY, status: {status}, id: {id}\n;; flags: {flags}; QUERY: 1, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: {}\n",
        answer.answers.len(),
        usize::from(soa.is_some()),
        answer.additional.len() + 1
    ));
    if aa {
        s.push_str(";; WARNING: recursion requested but not available\n");
    }
    s.push_str(
        "\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 4096\n;; QUESTION SECTION:\n",
    );
    // The question has no TTL and no data: class at 32, type at 40. BIND's
    // `dns_message_sectiontotext` writes the `;` and then calls `dns_master_questiontotext`,
    // whose `question_totext` starts its column count at 0 with the name
    // (lib/dns/message.c, lib/dns/masterdump.c): the columns are counted from the name, not
    // from the `;`, so the tabs are worked out without it and printed after it.
    let mut q = fq.clone();
    indent(&mut q, 32);
    q.push_str("IN");
    indent(&mut q, 40);
    q.push_str(qtype_text(qtype));
    s.push(';');
    s.push_str(&q);
    s.push_str("\n\n");
    let mut size = 12 + name_wire_len(&fq) + 4 + 11;
    if !answer.answers.is_empty() {
        s.push_str(";; ANSWER SECTION:\n");
        for r in &answer.answers {
            s.push_str(&record_line(
                &r.name,
                r.ttl,
                rtype_text(&r.data),
                &rdata_text(&r.data),
            ));
            s.push('\n');
            size += rr_wire_len(r);
        }
        s.push('\n');
    }
    if let Some((zone, rdata)) = &soa {
        s.push_str(";; AUTHORITY SECTION:\n");
        s.push_str(&record_line(zone, 30, "SOA", rdata));
        s.push_str("\n\n");
        // owner + fixed + mname (ns.dns.) + rname (hostmaster.) + five 32-bit fields
        size +=
            name_wire_len(zone) + 10 + (name_wire_len(zone) + 7) + (name_wire_len(zone) + 11) + 20;
    }
    if !answer.additional.is_empty() {
        s.push_str(";; ADDITIONAL SECTION:\n");
        for r in &answer.additional {
            s.push_str(&record_line(
                &r.name,
                r.ttl,
                rtype_text(&r.data),
                &rdata_text(&r.data),
            ));
            s.push('\n');
            size += rr_wire_len(r);
        }
        s.push('\n');
    }
    s.push_str(&format!(
        ";; Query time: 0 msec\n;; SERVER: {server}#53({server})\n;; WHEN: {}\n;; MSG SIZE  rcvd: {size}\n\n",
        when(now)
    ));
    s
}

/// `sim resolve`: each query the client's stub resolver sends, in order, with its answer
/// code and the record or reason behind it, then the result.
pub fn explain_resolution(view: &DnsView<'_>, pod: &ClientPod, name: &str) -> String {
    let conf = pod.resolv_conf();
    let res = dns::resolve(view, &conf, pod.flavour, name, pod.hosts.as_ref());
    let mut s = format!(
        "client: {} in namespace {}\nresolver: {}\nresolv.conf: search {}; options ndots:{}\n",
        pod.image,
        pod.namespace,
        pod.flavour.describe(),
        conf.search.join(" "),
        conf.ndots
    );
    if let Some(local) = &res.local {
        s.push_str(&format!("no query: {local}\n"));
    }
    for (i, a) in res.attempts.iter().enumerate() {
        let code = match a.answer.rcode {
            Rcode::NxDomain => "NXDOMAIN".to_string(),
            Rcode::NoError if a.answer.answers.is_empty() => {
                "NOERROR, no records (NODATA)".to_string()
            }
            Rcode::NoError => {
                let data: Vec<String> = a
                    .answer
                    .answers
                    .iter()
                    .map(|r| rdata_text(&r.data))
                    .collect();
                format!("NOERROR {}", data.join(" "))
            }
        };
        s.push_str(&format!(
            "{:>2}. {:<4} {}: {code}: {}\n",
            i + 1,
            qtype_text(a.qtype),
            a.name,
            a.answer.reason
        ));
    }
    for n in &res.notes {
        s.push_str(&format!("note: {n}\n"));
    }
    if res.addresses.is_empty() {
        s.push_str(&format!("result: {name} does not resolve\n"));
    } else {
        s.push_str(&format!(
            "result: {name} resolves to {}\n",
            res.addresses.join(", ")
        ));
    }
    s
}
