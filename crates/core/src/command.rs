//! The command language of `shared/spec/commands.md`, parsed into a typed [`Command`]
//! before anything runs. Every front (page console, CLI, tests) goes through [`parse`].

use crate::clock::Duration;

/// kubectl resource kinds, with their short names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Pods,
    StatefulSets,
    Services,
    Endpoints,
    EndpointSlices,
    PersistentVolumeClaims,
    PersistentVolumes,
    Events,
    Namespaces,
    ControllerRevisions,
    StorageClasses,
}

impl Resource {
    pub fn parse(word: &str) -> Option<Resource> {
        Some(match word.to_ascii_lowercase().as_str() {
            "po" | "pod" | "pods" => Resource::Pods,
            "sts" | "statefulset" | "statefulsets" | "statefulset.apps" | "statefulsets.apps" => {
                Resource::StatefulSets
            }
            "svc" | "service" | "services" => Resource::Services,
            "ep" | "endpoints" => Resource::Endpoints,
            "endpointslice" | "endpointslices" | "endpointslices.discovery.k8s.io" => {
                Resource::EndpointSlices
            }
            "pvc" | "persistentvolumeclaim" | "persistentvolumeclaims" => {
                Resource::PersistentVolumeClaims
            }
            "pv" | "persistentvolume" | "persistentvolumes" => Resource::PersistentVolumes,
            "ev" | "event" | "events" => Resource::Events,
            "ns" | "namespace" | "namespaces" => Resource::Namespaces,
            "sc"
            | "storageclass"
            | "storageclasses"
            | "storageclass.storage.k8s.io"
            | "storageclasses.storage.k8s.io" => Resource::StorageClasses,
            "controllerrevision" | "controllerrevisions" | "controllerrevisions.apps" => {
                Resource::ControllerRevisions
            }
            _ => return None,
        })
    }
}

/// `-o` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Wide,
    Name,
    Json,
    Yaml,
}

/// The switches of `kubectl get` beyond its output format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GetFlags {
    /// `--show-labels`: a last LABELS column.
    pub show_labels: bool,
    /// `--no-headers`: the table without its header line.
    pub no_headers: bool,
    /// `--ignore-not-found`: a name that is not there is no error.
    pub ignore_not_found: bool,
    /// `--show-kind`, and always with several kinds: names as `kind/name`.
    pub show_kind: bool,
}

/// A typed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// A blank line or a `#` comment: does nothing.
    Nothing,
    Apply {
        file: String,
    },
    Get {
        resource: Resource,
        names: Vec<String>,
        namespace: Option<String>,
        all_namespaces: bool,
        selector: Option<String>,
        output: OutputFormat,
        /// `--show-labels`, `--no-headers`, `--ignore-not-found`, `--show-kind`.
        flags: GetFlags,
        /// The kinds after the first of `pods,svc` or `all` (pods, services, statefulsets:
        /// what the `all` category holds of the kinds simulated), in kubectl's order.
        also: Vec<Resource>,
    },
    Describe {
        resource: Resource,
        name: String,
        namespace: Option<String>,
    },
    Nslookup {
        name: String,
        server: Option<String>,
    },
    Sleep(Duration),
    /// `kubectl delete KIND NAME...`.
    Delete {
        resource: Resource,
        names: Vec<String>,
        namespace: Option<String>,
        /// `-l SELECTOR`: every object of the kind it selects.
        selector: Option<String>,
        /// `--cascade=orphan`: the dependents stay, without their owner.
        orphan: bool,
        /// kubectl's warning for a deprecated `--cascade` value, if one was given.
        warning: Option<String>,
    },
    /// `kubectl scale statefulset NAME --replicas=N`.
    Scale {
        name: String,
        replicas: i32,
        namespace: Option<String>,
    },
    /// `kubectl wait --for=condition=Ready pod/NAME [--timeout=D]`.
    Wait {
        pod: String,
        timeout: Duration,
        namespace: Option<String>,
    },
    /// `sim unready|ready|fail|hold|release POD`: the outside world a real cluster gets from
    /// probes and containers.
    Sim {
        action: SimAction,
        pod: String,
        namespace: Option<String>,
    },
    /// `kubectl set image statefulset/NAME CONTAINER=IMAGE...`.
    SetImage {
        name: String,
        images: Vec<(String, String)>,
        namespace: Option<String>,
    },
    /// `kubectl patch KIND NAME [--type=merge|strategic] -p 'JSON'`.
    Patch {
        resource: Resource,
        name: String,
        patch: String,
        merge: PatchType,
        namespace: Option<String>,
    },
    /// `kubectl rollout status statefulset/NAME [--timeout=D]`.
    RolloutStatus {
        name: String,
        timeout: Option<Duration>,
        namespace: Option<String>,
    },
    /// `dig ARGS`: a throwaway dnsutils client pod in `default` (arguments parsed by the tool).
    Dig {
        args: Vec<String>,
    },
    /// `kubectl run NAME --image=IMAGE [-n NS] [-i] [--tty] [--rm] --restart=Never [--] [CMD...]`.
    Run {
        name: String,
        image: String,
        namespace: Option<String>,
        /// `-i`/`--stdin` (attach): CMD's output is shown.
        interactive: bool,
        /// `--rm`: the pod is deleted when CMD exits.
        rm: bool,
        command: Vec<String>,
    },
    /// `kubectl exec [-n NS] POD [-it] -- CMD...`.
    Exec {
        pod: String,
        namespace: Option<String>,
        command: Vec<String>,
    },
    /// `sim resolve [-n NS] [--image IMAGE] NAME`: explains a lookup.
    SimResolve {
        name: String,
        namespace: Option<String>,
        image: Option<String>,
    },
    /// A command of the language that a later piece of work implements.
    NotYet {
        what: String,
    },
}

/// `kubectl patch --type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchType {
    /// RFC 7386 JSON merge patch.
    Merge,
    /// Strategic merge patch (the default): lists of named objects merge by name.
    Strategic,
    /// RFC 6902 JSON patch: a list of operations.
    Json,
}

/// What `sim` does to a pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimAction {
    /// The current pod's readiness probe starts failing: Running, not Ready.
    Unready,
    /// Its readiness probe passes again.
    Ready,
    /// Its containers exit with an error: phase Failed.
    Fail,
    /// Every incarnation of that pod name stays not Ready.
    Hold,
    /// Undo `hold`.
    Release,
}

/// A command line that could not be parsed: what the real tool prints, and its exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub stderr: String,
    pub exit_code: i32,
}

fn err(msg: impl Into<String>) -> ParseError {
    ParseError {
        stderr: msg.into(),
        exit_code: 1,
    }
}

/// Splits a line as a POSIX shell would for simple commands: whitespace, single and double
/// quotes, backslash escapes.
pub fn split_words(line: &str) -> Result<Vec<String>, ParseError> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                        None => return Err(err("error: unterminated single quote")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x @ ('"' | '\\' | '$' | '`')) => cur.push(x),
                            Some(x) => {
                                cur.push('\\');
                                cur.push(x);
                            }
                            None => return Err(err("error: unterminated double quote")),
                        },
                        Some(x) => cur.push(x),
                        None => return Err(err("error: unterminated double quote")),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(x) = chars.next() {
                    cur.push(x);
                }
            }
            c if c.is_ascii_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Parses one command line.
pub fn parse(line: &str) -> Result<Command, ParseError> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(Command::Nothing);
    }
    let words = split_words(trimmed)?;
    let (head, rest) = words.split_first().ok_or_else(|| err(""))?;
    match head.as_str() {
        "kubectl" | "k" => parse_kubectl(rest),
        "nslookup" => {
            let args: Vec<&String> = rest.iter().filter(|a| !a.starts_with('-')).collect();
            match args.as_slice() {
                [name] => Ok(Command::Nslookup { name: (*name).clone(), server: None }),
                [name, server] => Ok(Command::Nslookup { name: (*name).clone(), server: Some((*server).clone()) }),
                _ => Err(err("BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server")),
            }
        }
        "sleep" => match rest {
            [d] => Duration::parse(d).map(Command::Sleep).map_err(|e| err(format!("sleep: {e}"))),
            _ => Err(err("sleep: usage: sleep DURATION (for example sleep 30s)")),
        },
        "dig" => Ok(Command::Dig { args: rest.to_vec() }),
        "sim" if rest.first().is_some_and(|w| w == "resolve") => parse_sim_resolve(&rest[1..]),
        "sim" => parse_sim(rest),
        other => Err(ParseError {
            stderr: format!("{other}: command not found (the playground runs kubectl, nslookup, dig, sleep and sim)"),
            exit_code: 127,
        }),
    }
}

fn parse_kubectl(args: &[String]) -> Result<Command, ParseError> {
    let Some((verb, rest)) = args.split_first() else {
        return Err(err("kubectl controls the Kubernetes cluster manager.\n\nerror: a command is required (for example kubectl get pods)"));
    };
    match verb.as_str() {
        "run" => return parse_run(rest),
        "exec" => return parse_exec(rest),
        _ => {}
    }
    let mut namespace = None;
    let mut all_namespaces = false;
    let mut selector = None;
    let mut output = OutputFormat::Table;
    let mut file = None;
    let mut positional: Vec<String> = Vec::new();
    let mut i = 0;
    let value = |i: &mut usize, flag: &str, inline: Option<&str>| -> Result<String, ParseError> {
        if let Some(v) = inline {
            return Ok(v.to_string());
        }
        *i += 1;
        rest.get(*i)
            .cloned()
            .ok_or_else(|| err(format!("error: flag needs an argument: {flag}")))
    };
    let mut get_flags = GetFlags::default();
    while i < rest.len() {
        let a = &rest[i];
        let (flag, inline) = match a.split_once('=') {
            // pflag takes a shorthand's value attached: `-owide`, `-nkube-system`, `-lapp=web`.
            _ if a.len() > 2
                && !a.starts_with("--")
                && matches!(a.get(..2), Some("-o" | "-n" | "-l" | "-f")) =>
            {
                (&a[..2], Some(a[2..].trim_start_matches('=')))
            }
            Some((f, v)) if a.starts_with('-') => (f, Some(v)),
            _ => (a.as_str(), None),
        };
        match flag {
            "-n" | "--namespace" => namespace = Some(value(&mut i, flag, inline)?),
            "-A" | "--all-namespaces" => all_namespaces = true,
            "-l" | "--selector" => selector = Some(value(&mut i, flag, inline)?),
            "-f" | "--filename" => file = Some(value(&mut i, flag, inline)?),
            "-o" | "--output" => {
                let v = value(&mut i, flag, inline)?;
                output = match v.as_str() {
                    "wide" => OutputFormat::Wide,
                    "name" => OutputFormat::Name,
                    "json" => OutputFormat::Json,
                    "yaml" => OutputFormat::Yaml,
                    // Formats kubectl has that the playground does not print.
                    other
                        if [
                            "custom-columns", "go-template", "jsonpath", "template",
                            "templatefile",
                        ]
                        .iter()
                        .any(|f| other.starts_with(f)) =>
                    {
                        let name = other.split('=').next().unwrap_or(other);
                        return Err(err(format!(
                            "error: the playground prints -o wide, name, json and yaml, not {name}"
                        )));
                    }
                    other => return Err(err(format!(
                        "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
                    ))),
                };
            }
            "--show-labels" | "--no-headers" | "--ignore-not-found" | "--show-kind"
                if verb == "get" =>
            {
                let on = match inline {
                    None | Some("true") => true,
                    Some("false") => false,
                    Some(v) => {
                        return Err(err(format!(
                            "error: invalid argument \"{v}\" for \"{flag}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax\nSee 'kubectl get --help' for usage."
                        )))
                    }
                };
                match flag {
                    "--show-labels" => get_flags.show_labels = on,
                    "--no-headers" => get_flags.no_headers = on,
                    "--show-kind" => get_flags.show_kind = on,
                    _ => get_flags.ignore_not_found = on,
                }
            }
            f if f.starts_with('-') && f.len() > 1 => {
                check_flag(verb, rest, f)?;
                // Flags of the verbs themselves (`--replicas`, `--type`, ...) stay in the
                // words, for the verb's own parser.
                positional.push(a.clone());
            }
            _ => positional.push(a.clone()),
        }
        i += 1;
    }
    match verb.as_str() {
        "apply" => match file {
            Some(f) => Ok(Command::Apply { file: f }),
            None => Err(err("error: must specify one of -f and -k")),
        },
        "get" => {
            let Some(first) = positional.first() else {
                return Err(err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples"));
            };
            let (kind, mut names) = match first.split_once('/') {
                Some((k, n)) => (k.to_string(), vec![n.to_string()]),
                None => (first.clone(), Vec::new()),
            };
            let mut kinds = Vec::new();
            for word in kind.split(',') {
                if word == "all" {
                    kinds.extend([Resource::Pods, Resource::Services, Resource::StatefulSets]);
                    continue;
                }
                kinds.push(Resource::parse(word).ok_or_else(|| unknown_kind(word))?);
            }
            let resource = kinds.remove(0);
            names.extend(positional[1..].iter().cloned());
            Ok(Command::Get {
                resource,
                names,
                namespace,
                all_namespaces,
                selector,
                output,
                flags: get_flags,
                also: kinds,
            })
        }
        "describe" => {
            let (kind, name) = match positional.as_slice() {
                [one] if one.contains('/') => {
                    let (k, n) = one.split_once('/').unwrap_or_default();
                    (k.to_string(), n.to_string())
                }
                [k, n, ..] => (k.clone(), n.clone()),
                [k] => (k.clone(), String::new()),
                [] => return Err(err("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.")),
            };
            let resource = Resource::parse(&kind).ok_or_else(|| unknown_kind(&kind))?;
            Ok(Command::Describe {
                resource,
                name,
                namespace,
            })
        }
        "delete" => parse_delete(&positional, namespace, selector),
        "scale" => parse_scale(&positional, namespace),
        "wait" => parse_wait(&positional, namespace),
        "set" => parse_set(&positional, namespace),
        "patch" => parse_patch(&positional, namespace),
        "rollout" => parse_rollout(&positional, namespace),
        // kubectl's other commands (1.35's `kubectl --help`): real, but not simulated.
        other if KUBECTL_COMMANDS.split(' ').any(|c| c == other) => Ok(Command::NotYet {
            what: format!("kubectl {verb}"),
        }),
        other => Err(err(format!(
            "error: unknown command \"{other}\" for \"kubectl\"\n\nDid you mean this?\n{}",
            suggest_verb(other)
        ))),
    }
}

/// The commands kubectl 1.35 has beyond those parsed above.
const KUBECTL_COMMANDS: &str = concat!(
    "alpha annotate api-resources api-versions attach auth autoscale certificate ",
    "cluster-info completion config cordon cp create debug diff drain edit events explain ",
    "expose kustomize label logs options plugin port-forward proxy replace taint top ",
    "uncordon version",
);

/// Resource types a real cluster serves that the playground does not simulate (their
/// names, short names and singulars as `kubectl api-resources` lists them).
const UNSIMULATED_KINDS: &str = concat!(
    "deployments deployment deploy replicasets replicaset rs daemonsets daemonset ds jobs ",
    "job cronjobs cronjob cj configmaps configmap cm secrets secret serviceaccounts ",
    "serviceaccount sa nodes node no ingresses ingress ing networkpolicies networkpolicy ",
    "netpol horizontalpodautoscalers horizontalpodautoscaler hpa poddisruptionbudgets ",
    "poddisruptionbudget pdb roles role rolebindings rolebinding clusterroles clusterrole ",
    "clusterrolebindings clusterrolebinding replicationcontrollers replicationcontroller rc ",
    "limitranges limitrange limits resourcequotas resourcequota quota ",
    "customresourcedefinitions customresourcedefinition crd crds leases lease ",
    "priorityclasses priorityclass pc ingressclasses ingressclass podtemplates podtemplate ",
    "csidrivers csinodes volumeattachments runtimeclasses componentstatuses cs",
);

/// kubectl's words for a resource type the server does not serve; the playground's for
/// one a real cluster serves that it does not simulate.
fn unknown_kind(word: &str) -> ParseError {
    if UNSIMULATED_KINDS
        .split(' ')
        .any(|k| k.eq_ignore_ascii_case(word))
    {
        return err(format!(
            "error: the playground does not simulate {word}: it simulates pods, statefulsets, services, endpoints, endpointslices, persistentvolumeclaims, persistentvolumes, storageclasses, namespaces, events and controllerrevisions"
        ));
    }
    err(format!(
        "error: the server doesn't have a resource type \"{word}\""
    ))
}

/// kubectl's answer to a flag its command does not have (cobra's words), or the
/// playground's to one kubectl has that the playground does not model where it matters.
fn check_flag(verb: &str, rest: &[String], flag: &str) -> Result<(), ParseError> {
    // `set image` and `rollout status` are commands of their own to cobra.
    let command = match (verb, rest.iter().find(|w| !w.starts_with('-'))) {
        ("set" | "rollout", Some(sub)) => format!("{verb} {sub}"),
        _ => verb.to_string(),
    };
    let flags = match command.as_str() {
        "get" => GET_FLAGS,
        "describe" => DESCRIBE_FLAGS,
        "delete" => DELETE_FLAGS,
        "scale" => SCALE_FLAGS,
        "apply" => APPLY_FLAGS,
        "set image" => SET_IMAGE_FLAGS,
        "patch" => PATCH_FLAGS,
        "rollout status" => ROLLOUT_STATUS_FLAGS,
        "wait" => WAIT_FLAGS,
        // Verbs the playground does not run answer for themselves.
        _ => return Ok(()),
    };
    if flags.split(' ').any(|f| f == flag) {
        // `kubectl get` prints: a flag that would change what it prints must not be dropped
        // (the ones it takes never reach here).
        if command == "get" {
            return Err(err(format!(
                "error: the playground's kubectl get does not take {flag} (it takes -n, -A, -l, -o, --show-labels, --show-kind, --no-headers and --ignore-not-found)"
            )));
        }
        return Ok(());
    }
    if GLOBAL_FLAGS.split(' ').any(|f| f == flag) {
        return Ok(());
    }
    let what = match flag.strip_prefix("--") {
        Some(_) => format!("unknown flag: {flag}"),
        None => format!(
            "unknown shorthand flag: '{}' in {flag}",
            flag.chars().nth(1).unwrap_or('-')
        ),
    };
    Err(err(format!(
        "error: {what}\nSee 'kubectl {command} --help' for usage."
    )))
}

/// kubectl 1.35's flags, per command (`kubectl COMMAND --help`), and its global ones: one
/// string each, split at spaces (a slice of strings would cost a pointer and a length each).
const GLOBAL_FLAGS: &str = concat!(
    "-n --namespace --context --kubeconfig --cluster --user --token -s --server ",
    "--request-timeout --insecure-skip-tls-verify --as --as-group --as-uid ",
    "--cache-dir --certificate-authority --client-certificate --client-key ",
    "--disable-compression --log-flush-frequency --match-server-version --profile ",
    "--profile-output --tls-server-name --username --password -v --v --vmodule ",
    "--warnings-as-errors --kuberc",
);
const GET_FLAGS: &str = concat!(
    "-A --all-namespaces --allow-missing-template-keys --chunk-size --field-selector ",
    "-f --filename --ignore-not-found -k --kustomize -L --label-columns --no-headers ",
    "-o --output --output-watch-events --raw -R --recursive -l --selector ",
    "--server-print --show-kind --show-labels --show-managed-fields --sort-by ",
    "--subresource --template -w --watch --watch-only",
);
const DESCRIBE_FLAGS: &str = concat!(
    "-A --all-namespaces --chunk-size -f --filename -k --kustomize -R --recursive -l ",
    "--selector --show-events",
);
const DELETE_FLAGS: &str = concat!(
    "--all -A --all-namespaces --cascade --dry-run --field-selector -f --filename ",
    "--force --grace-period --ignore-not-found -i --interactive -k --kustomize --now ",
    "-o --output --raw -R --recursive -l --selector --timeout --wait",
);
const SCALE_FLAGS: &str = concat!(
    "--all --allow-missing-template-keys --current-replicas --dry-run -f --filename ",
    "-k --kustomize -o --output -R --recursive --replicas --resource-version -l ",
    "--selector --show-managed-fields --template --timeout",
);
const APPLY_FLAGS: &str = concat!(
    "--all --allow-missing-template-keys --cascade --dry-run --field-manager -f ",
    "--filename --force --force-conflicts --grace-period -k --kustomize -o --output ",
    "--overwrite --prune --prune-allowlist -R --recursive -l --selector ",
    "--server-side --show-managed-fields --template --timeout --validate --wait",
);
const SET_IMAGE_FLAGS: &str = concat!(
    "--all --allow-missing-template-keys --dry-run --field-manager -f --filename -k ",
    "--kustomize --local -o --output -R --recursive -l --selector ",
    "--show-managed-fields --template",
);
const PATCH_FLAGS: &str = concat!(
    "--allow-missing-template-keys --dry-run --field-manager -f --filename -k ",
    "--kustomize --local -o --output -p --patch --patch-file -R --recursive ",
    "--show-managed-fields --subresource --template --type",
);
const ROLLOUT_STATUS_FLAGS: &str = concat!(
    "-f --filename -k --kustomize -R --recursive --revision -l --selector --timeout ",
    "-w --watch",
);
const WAIT_FLAGS: &str = concat!(
    "--all -A --all-namespaces --allow-missing-template-keys --field-selector -f ",
    "--filename --for --local -o --output -R --recursive -l --selector ",
    "--show-managed-fields --template --timeout",
);

/// `KIND NAME...` or `KIND/NAME...` from the positional words of a kubectl verb.
fn kind_and_names(
    positional: &[String],
    verb: &str,
) -> Result<(Resource, Vec<String>), ParseError> {
    let mut words: Vec<&String> = Vec::new();
    let mut skip_next = false;
    for w in positional {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        if w.starts_with('-') {
            skip_next = VALUE_FLAGS.contains(&w.as_str());
            continue;
        }
        words.push(w);
    }
    let Some(first) = words.first() else {
        return Err(err(format!(
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n\nSee 'kubectl {verb} -h' for help and examples"
        )));
    };
    if first.contains('/') {
        let mut kind = None;
        let mut names = Vec::new();
        for w in &words {
            let (k, n) = w.split_once('/').ok_or_else(|| {
                err(format!("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl {verb} resource/<resource_name>' instead of 'kubectl {verb} resource resource/<resource_name>'"))
            })?;
            let r = Resource::parse(k).ok_or_else(|| unknown_kind(k))?;
            if kind.is_some_and(|prev| prev != r) {
                return Err(err("error: the playground takes one kind per command"));
            }
            kind = Some(r);
            names.push(n.to_string());
        }
        return Ok((kind.unwrap_or(Resource::Pods), names));
    }
    let resource = Resource::parse(first).ok_or_else(|| unknown_kind(first))?;
    Ok((resource, words[1..].iter().map(|w| (*w).clone()).collect()))
}

/// Flags of the verbs above that take a value, as `--flag=value` or `--flag value`.
const VALUE_FLAGS: &[&str] = &[
    "--replicas",
    "--timeout",
    "--for",
    "--type",
    "-p",
    "--patch",
];

fn flag_value<'a>(positional: &'a [String], name: &str) -> Option<&'a str> {
    positional.iter().enumerate().find_map(|(i, w)| {
        if w == name {
            return positional.get(i + 1).map(String::as_str);
        }
        w.strip_prefix(name).and_then(|r| r.strip_prefix('='))
    })
}

fn parse_delete(
    positional: &[String],
    namespace: Option<String>,
    selector: Option<String>,
) -> Result<Command, ParseError> {
    let (resource, names) = kind_and_names(positional, "delete")?;
    if names.is_empty() && selector.is_none() {
        return Err(err(
            "error: resource(s) were provided, but no name was specified",
        ));
    }
    if !names.is_empty() && selector.is_some() {
        return Err(err(
            "error: name cannot be provided when a selector is specified",
        ));
    }
    // cmdutil `GetCascadingStrategy`: `--cascade` alone is background; the old booleans
    // still work, with a warning.
    // (Its value comes after `=` only: a bare `--cascade` takes none from the next word.)
    let cascade = positional
        .iter()
        .find_map(|w| w.strip_prefix("--cascade="))
        .unwrap_or("background");
    let (orphan, warning) = match cascade {
        "background" | "foreground" => (false, None),
        "orphan" => (true, None),
        "true" | "false" => {
            let instead = if cascade == "false" { "orphan" } else { "background" };
            (
                cascade == "false",
                Some(format!("warning: --cascade={cascade} is deprecated (boolean value) and can be replaced with --cascade={instead}.")),
            )
        }
        other => {
            return Err(err(format!(
                "error: invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
            )))
        }
    };
    Ok(Command::Delete {
        resource,
        names,
        namespace,
        selector,
        orphan,
        warning,
    })
}

fn parse_scale(positional: &[String], namespace: Option<String>) -> Result<Command, ParseError> {
    let Some(replicas) = flag_value(positional, "--replicas") else {
        return Err(err("error: required flag(s) \"replicas\" not set"));
    };
    let replicas: i32 = replicas.parse().map_err(|_| {
        err(format!("error: invalid argument \"{replicas}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{replicas}\": invalid syntax\nSee 'kubectl scale --help' for usage."))
    })?;
    if replicas < 0 {
        return Err(err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"));
    }
    let (resource, names) = kind_and_names(positional, "scale")?;
    if resource != Resource::StatefulSets {
        return Err(err("error: the playground scales statefulsets only"));
    }
    let [name] = names.as_slice() else {
        return Err(err(
            "error: the playground scales one statefulset per command",
        ));
    };
    Ok(Command::Scale {
        name: name.clone(),
        replicas,
        namespace,
    })
}

fn parse_wait(positional: &[String], namespace: Option<String>) -> Result<Command, ParseError> {
    let condition = flag_value(positional, "--for").unwrap_or("");
    if !condition.eq_ignore_ascii_case("condition=Ready") {
        return Err(err(format!(
            "error: the playground waits for --for=condition=Ready only, not \"{condition}\""
        )));
    }
    let timeout = match flag_value(positional, "--timeout") {
        Some(t) => Duration::parse(t).map_err(|e| err(format!("error: {e}")))?,
        None => Duration::from_secs(30),
    };
    let (resource, names) = kind_and_names(positional, "wait")?;
    match (resource, names.as_slice()) {
        (Resource::Pods, [pod]) => Ok(Command::Wait {
            pod: pod.clone(),
            timeout,
            namespace,
        }),
        _ => Err(err(
            "error: the playground waits for one pod: kubectl wait --for=condition=Ready pod/NAME",
        )),
    }
}

fn parse_set(positional: &[String], namespace: Option<String>) -> Result<Command, ParseError> {
    let Some((what, rest)) = positional.split_first() else {
        return Err(err("error: Required resource not specified."));
    };
    if what != "image" {
        return Err(err(format!(
            "error: the playground runs `kubectl set image` only, not `kubectl set {what}`"
        )));
    }
    let (target, pairs): (Vec<&String>, Vec<&String>) = rest
        .iter()
        .filter(|w| !w.starts_with('-'))
        .partition(|w| !w.contains('='));
    let resource_words: Vec<String> = target.into_iter().cloned().collect();
    let (resource, names) = kind_and_names(&resource_words, "set image")?;
    if resource != Resource::StatefulSets {
        return Err(err(
            "error: the playground sets images of statefulsets only",
        ));
    }
    let [name] = names.as_slice() else {
        return Err(err(
            "error: the playground sets the images of one statefulset per command",
        ));
    };
    if pairs.is_empty() {
        return Err(err("error: at least one image update is required"));
    }
    let images = pairs
        .iter()
        .filter_map(|p| {
            p.split_once('=')
                .map(|(c, i)| (c.to_string(), i.to_string()))
        })
        .collect();
    Ok(Command::SetImage {
        name: name.clone(),
        images,
        namespace,
    })
}

fn parse_patch(positional: &[String], namespace: Option<String>) -> Result<Command, ParseError> {
    let patch = flag_value(positional, "-p")
        .or_else(|| flag_value(positional, "--patch"))
        .ok_or_else(|| {
            err("error: must specify --patch or --patch-file containing the contents of the patch")
        })?;
    let merge = match flag_value(positional, "--type").unwrap_or("strategic") {
        "merge" => PatchType::Merge,
        "strategic" => PatchType::Strategic,
        "json" => PatchType::Json,
        other => {
            return Err(err(format!(
                "error: --type must be one of [json merge strategic], not \"{other}\""
            )))
        }
    };
    let (resource, names) = kind_and_names(positional, "patch")?;
    let [name] = names.as_slice() else {
        return Err(err("error: the playground patches one object per command"));
    };
    Ok(Command::Patch {
        resource,
        name: name.clone(),
        patch: patch.to_string(),
        merge,
        namespace,
    })
}

fn parse_rollout(positional: &[String], namespace: Option<String>) -> Result<Command, ParseError> {
    let Some((what, rest)) = positional.split_first() else {
        return Err(err("error: Required resource not specified."));
    };
    if what != "status" {
        return Err(err(format!("error: the playground runs `kubectl rollout status` only, not `kubectl rollout {what}`")));
    }
    let timeout = match flag_value(rest, "--timeout") {
        Some(t) => Some(Duration::parse(t).map_err(|e| err(format!("error: {e}")))?),
        None => None,
    };
    let (resource, names) = kind_and_names(rest, "rollout status")?;
    match (resource, names.as_slice()) {
        (Resource::StatefulSets, [name]) => Ok(Command::RolloutStatus { name: name.clone(), timeout, namespace }),
        _ => Err(err("error: the playground follows the rollout of one statefulset: kubectl rollout status statefulset/NAME")),
    }
}

fn parse_sim(rest: &[String]) -> Result<Command, ParseError> {
    let usage = "sim: usage: sim unready|ready|fail|hold|release [-n NS] POD";
    let mut namespace = None;
    let mut words = Vec::new();
    let mut it = rest.iter();
    while let Some(w) = it.next() {
        match w.as_str() {
            "-n" | "--namespace" => namespace = it.next().cloned(),
            _ => words.push(w.clone()),
        }
    }
    let (verb, pod) = match words.as_slice() {
        [v, p] => (v.as_str(), p.trim_start_matches("pod/").to_string()),
        [v, ..] if v == "resolve" => {
            return Ok(Command::NotYet {
                what: "sim resolve".into(),
            })
        }
        _ => return Err(err(usage)),
    };
    let action = match verb {
        "unready" => SimAction::Unready,
        "ready" => SimAction::Ready,
        "fail" => SimAction::Fail,
        "hold" => SimAction::Hold,
        "release" => SimAction::Release,
        "resolve" => {
            return Ok(Command::NotYet {
                what: "sim resolve".into(),
            })
        }
        _ => return Err(err(usage)),
    };
    Ok(Command::Sim {
        action,
        pod,
        namespace,
    })
}

/// Splits `ARGS -- CMD...` at the first `--`.
fn split_dashdash(args: &[String]) -> (&[String], Option<&[String]>) {
    match args.iter().position(|a| a == "--") {
        Some(i) => (&args[..i], Some(&args[i + 1..])),
        None => (args, None),
    }
}

/// `kubectl run`: flags anywhere before `--`; a bare word after the name starts the command
/// (the seed's `kubectl run ... dns-test --restart=Never --rm /bin/sh`).
fn parse_run(args: &[String]) -> Result<Command, ParseError> {
    let (flags, after) = split_dashdash(args);
    let mut name = None;
    let mut image = None;
    let mut namespace = None;
    let mut interactive = false;
    let mut rm = false;
    let mut command: Vec<String> = after.map(<[String]>::to_vec).unwrap_or_default();
    let mut i = 0;
    while i < flags.len() {
        let a = &flags[i];
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if a.starts_with('-') => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let value = |i: &mut usize| -> Result<String, ParseError> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            *i += 1;
            flags
                .get(*i)
                .cloned()
                .ok_or_else(|| err(format!("error: flag needs an argument: {flag}")))
        };
        match flag {
            "--image" => image = Some(value(&mut i)?),
            "-n" | "--namespace" => namespace = Some(value(&mut i)?),
            "--restart" => {
                let r = value(&mut i)?;
                if r != "Never" {
                    return Err(err(format!("error: the playground runs client pods with --restart=Never, not --restart={r}")));
                }
            }
            "-i" | "--stdin" => interactive = true,
            "-t" | "--tty" => {}
            "-it" | "-ti" => interactive = true,
            "--rm" => rm = true,
            "--attach" => interactive = true,
            "--command" => {}
            f if f.starts_with('-') => {
                return Err(err(format!(
                    "error: unknown flag: {f}\nSee 'kubectl run --help' for usage."
                )))
            }
            _ if name.is_none() => name = Some(a.clone()),
            _ => {
                // Words after the name are the command (kubectl passes them as args).
                command = flags[i..].iter().cloned().chain(command).collect();
                break;
            }
        }
        i += 1;
    }
    let Some(name) = name else {
        return Err(err(
            "error: NAME is required for run\nSee 'kubectl run -h' for help and examples",
        ));
    };
    let Some(image) = image else {
        return Err(err("error: required flag(s) \"image\" not set"));
    };
    if rm && !interactive {
        return Err(err(
            "error: --rm should only be used for attached containers",
        ));
    }
    Ok(Command::Run {
        name,
        image,
        namespace,
        interactive,
        rm,
        command,
    })
}

/// `kubectl exec [-n NS] [-i] [-t] POD -- CMD...`.
fn parse_exec(args: &[String]) -> Result<Command, ParseError> {
    let (flags, after) = split_dashdash(args);
    let mut pod = None;
    let mut namespace = None;
    let mut i = 0;
    while i < flags.len() {
        let a = &flags[i];
        match a.as_str() {
            "-n" | "--namespace" => {
                i += 1;
                namespace = flags.get(i).cloned();
            }
            f if f.starts_with("--namespace=") => {
                namespace = Some(f["--namespace=".len()..].to_string())
            }
            "-i" | "-t" | "-it" | "-ti" | "--stdin" | "--tty" => {}
            f if f.starts_with('-') => {
                return Err(err(format!(
                    "error: unknown flag: {f}\nSee 'kubectl exec --help' for usage."
                )))
            }
            p if pod.is_none() => pod = Some(p.trim_start_matches("pod/").to_string()),
            _ => {
                return Err(err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples"));
            }
        }
        i += 1;
    }
    let Some(pod) = pod else {
        return Err(err("error: pod, type/name or --filename must be specified"));
    };
    let command = after.map(<[String]>::to_vec).unwrap_or_default();
    if command.is_empty() {
        return Err(err(
            "error: you must specify at least one command for the container",
        ));
    }
    Ok(Command::Exec {
        pod,
        namespace,
        command,
    })
}

/// `sim resolve [-n NS] [--image IMAGE] NAME`.
fn parse_sim_resolve(args: &[String]) -> Result<Command, ParseError> {
    let usage = "sim: usage: sim resolve [-n NS] [--image IMAGE] NAME";
    let mut namespace = None;
    let mut image = None;
    let mut name = None;
    let mut it = args.iter();
    while let Some(w) = it.next() {
        if let Some(v) = w.strip_prefix("--image=") {
            image = Some(v.to_string());
            continue;
        }
        match w.as_str() {
            "-n" | "--namespace" => namespace = it.next().cloned(),
            "--image" => image = it.next().cloned(),
            _ if name.is_none() && !w.starts_with('-') => name = Some(w.clone()),
            _ => return Err(err(usage)),
        }
    }
    let name = name.ok_or_else(|| err(usage))?;
    Ok(Command::SimResolve {
        name,
        namespace,
        image,
    })
}

fn suggest_verb(verb: &str) -> String {
    let verbs = [
        "apply", "get", "describe", "delete", "scale", "set", "patch", "rollout", "wait", "run",
        "exec",
    ];
    verbs
        .iter()
        .find(|v| v.starts_with(&verb[..verb.len().min(2)]))
        .map_or_else(|| "\tget".to_string(), |v| format!("\t{v}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_like_a_shell() {
        assert_eq!(
            split_words("a 'b c' \"d\\\"e\" f\\ g").unwrap(),
            vec!["a", "b c", "d\"e", "f g"]
        );
        assert!(split_words("a 'b").is_err());
    }

    #[test]
    fn kubectl_get_forms() {
        assert_eq!(
            parse("kubectl get pods -o wide").unwrap(),
            Command::Get {
                resource: Resource::Pods,
                names: vec![],
                namespace: None,
                all_namespaces: false,
                selector: None,
                output: OutputFormat::Wide,
                flags: GetFlags::default(),
                also: vec![]
            }
        );
        assert_eq!(
            parse("kubectl get sts/web -n default").unwrap(),
            Command::Get {
                resource: Resource::StatefulSets,
                names: vec!["web".into()],
                namespace: Some("default".into()),
                all_namespaces: false,
                selector: None,
                output: OutputFormat::Table,
                flags: GetFlags::default(),
                also: vec![]
            }
        );
        assert_eq!(
            parse("kubectl get foo").unwrap_err().stderr,
            "error: the server doesn't have a resource type \"foo\""
        );
    }

    #[test]
    fn other_commands() {
        assert_eq!(
            parse("kubectl apply -f -").unwrap(),
            Command::Apply { file: "-".into() }
        );
        assert_eq!(parse("  # a comment").unwrap(), Command::Nothing);
        assert_eq!(
            parse("sleep 1m30s").unwrap(),
            Command::Sleep(Duration(90_000))
        );
        assert_eq!(
            parse("nslookup web-0.nginx").unwrap(),
            Command::Nslookup {
                name: "web-0.nginx".into(),
                server: None
            }
        );
        assert_eq!(
            parse("kubectl describe statefulset web").unwrap(),
            Command::Describe {
                resource: Resource::StatefulSets,
                name: "web".into(),
                namespace: None
            }
        );
        assert_eq!(
            parse("kubectl scale sts web --replicas=3").unwrap(),
            Command::Scale {
                name: "web".into(),
                replicas: 3,
                namespace: None
            }
        );
        assert_eq!(
            parse("kubectl scale statefulset/web --replicas 3").unwrap(),
            Command::Scale {
                name: "web".into(),
                replicas: 3,
                namespace: None
            }
        );
        assert_eq!(
            parse("kubectl scale statefulset/web").unwrap_err().stderr,
            "error: required flag(s) \"replicas\" not set"
        );
        assert_eq!(
            parse("kubectl delete pod web-0 web-1 -n default").unwrap(),
            Command::Delete {
                resource: Resource::Pods,
                names: vec!["web-0".into(), "web-1".into()],
                namespace: Some("default".into()),
                selector: None,
                orphan: false,
                warning: None,
            }
        );
        assert_eq!(
            parse("kubectl delete pods").unwrap_err().stderr,
            "error: resource(s) were provided, but no name was specified"
        );
        assert_eq!(
            parse("kubectl wait --for=condition=Ready pod/web-0 --timeout=60s").unwrap(),
            Command::Wait {
                pod: "web-0".into(),
                timeout: Duration(60_000),
                namespace: None
            }
        );
        assert_eq!(
            parse("sim hold web-1").unwrap(),
            Command::Sim {
                action: SimAction::Hold,
                pod: "web-1".into(),
                namespace: None
            }
        );
        assert!(parse("sim explode web-1").is_err());
        assert_eq!(parse("ls").unwrap_err().exit_code, 127);
    }
}
