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
    /// A command of the language that a later piece of work implements.
    NotYet {
        what: String,
    },
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
            c if c.is_whitespace() => {
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
        "dig" => Ok(Command::NotYet { what: "dig".into() }),
        "sim" => Ok(Command::NotYet { what: format!("sim {}", rest.first().map_or("", |s| s.as_str())) }),
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
    while i < rest.len() {
        let a = &rest[i];
        let (flag, inline) = match a.split_once('=') {
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
                    other => return Err(err(format!(
                        "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
                    ))),
                };
            }
            f if f.starts_with('-') && f.len() > 1 => {
                // Flags of verbs this slice does not implement yet are kept for NotYet.
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
            let resource = Resource::parse(&kind).ok_or_else(|| {
                err(format!(
                    "error: the server doesn't have a resource type \"{kind}\""
                ))
            })?;
            names.extend(positional[1..].iter().cloned());
            Ok(Command::Get {
                resource,
                names,
                namespace,
                all_namespaces,
                selector,
                output,
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
            let resource = Resource::parse(&kind).ok_or_else(|| {
                err(format!(
                    "error: the server doesn't have a resource type \"{kind}\""
                ))
            })?;
            Ok(Command::Describe {
                resource,
                name,
                namespace,
            })
        }
        "delete" | "scale" | "set" | "patch" | "rollout" | "wait" | "run" | "exec" | "edit"
        | "create" => Ok(Command::NotYet {
            what: format!("kubectl {verb}"),
        }),
        other => Err(err(format!(
            "error: unknown command \"{other}\" for \"kubectl\"\n\nDid you mean this?\n{}",
            suggest_verb(other)
        ))),
    }
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
                output: OutputFormat::Wide
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
                output: OutputFormat::Table
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
            Command::NotYet {
                what: "kubectl scale".into()
            }
        );
        assert_eq!(parse("ls").unwrap_err().exit_code, 127);
    }
}
