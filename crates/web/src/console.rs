//! The console's line editing: history recall and Tab completion. Pure functions over the
//! typed line, tested on the host. The words completed are the command language's own
//! vocabulary (`shared/spec/commands.md`) and the object names the page's tables show.

/// Words a line can start with.
const COMMANDS: &[&str] = &[
    "kubectl", "nslookup", "dig", "sleep", "sim", "exit", "hostname", "cat",
];
/// Words after `kubectl`.
const KUBECTL: &[&str] = &[
    "apply", "get", "describe", "delete", "scale", "set", "patch", "rollout", "wait", "run", "exec",
];
/// Words after `sim`.
const SIM: &[&str] = &["unready", "ready", "fail", "hold", "release", "resolve"];
/// Kinds, sub-verbs and flags, anywhere later in a line.
const LATER: &[&str] = &[
    "pods",
    "pod",
    "statefulsets",
    "statefulset",
    "services",
    "service",
    "endpoints",
    "endpointslices",
    "pvc",
    "pv",
    "events",
    "controllerrevisions",
    "namespaces",
    "storageclasses",
    "status",
    "image",
    "wide",
    "yaml",
    "json",
    "--replicas=",
    "--for=condition=Ready",
    "--image=",
    "--restart=Never",
    "--rm",
    "--show-labels",
    "--show-kind",
    "--no-headers",
    "--ignore-not-found",
    "/etc/hosts",
    "/etc/resolv.conf",
];

/// What Tab does to a line.
#[derive(Debug, PartialEq, Eq)]
pub enum Completion {
    /// Nothing to complete: Tab moves the focus on.
    Nothing,
    /// The line completed (one candidate, or the longer prefix all candidates share).
    Line(String),
    /// Several candidates and no longer common prefix: list them.
    Choices(Vec<String>),
}

/// Completes the last word of `line` from the command language's words and `names` (the
/// objects the page shows). A completed word that is the only candidate gets a space.
pub fn complete(line: &str, names: &[String]) -> Completion {
    let start = line
        .rfind(|c: char| c.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    let (head, word) = line.split_at(start);
    if word.is_empty() {
        return Completion::Nothing;
    }
    let previous = head.split_whitespace().last();
    let vocabulary: Vec<&str> = match (head.trim().is_empty(), previous) {
        (true, _) => COMMANDS.to_vec(),
        (false, Some("kubectl")) if head.split_whitespace().count() == 1 => KUBECTL.to_vec(),
        (false, Some("sim")) if head.split_whitespace().count() == 1 => SIM.to_vec(),
        _ => LATER
            .iter()
            .copied()
            .chain(names.iter().map(String::as_str))
            .collect(),
    };
    let mut found: Vec<&str> = vocabulary
        .into_iter()
        .filter(|c| c.starts_with(word) && *c != word)
        .collect();
    // Through the core's order::by_str: a sort here would be a few KB more wasm.
    stsplay_core::order::by_str(&mut found, |s| s.to_string());
    found.dedup();
    match found.as_slice() {
        [] => Completion::Nothing,
        [only] => {
            let space = if only.ends_with('=') { "" } else { " " };
            Completion::Line(format!("{head}{only}{space}"))
        }
        [first, rest @ ..] => {
            let shared = rest.iter().fold(first.len(), |len, c| {
                first
                    .bytes()
                    .zip(c.bytes())
                    .take(len)
                    .take_while(|(a, b)| a == b)
                    .count()
            });
            // Cut at a character boundary (names are ASCII, but be safe).
            let mut shared = shared;
            while !first.is_char_boundary(shared) {
                shared -= 1;
            }
            if shared > word.len() {
                Completion::Line(format!("{head}{}", &first[..shared]))
            } else {
                Completion::Choices(found.iter().map(|c| c.to_string()).collect())
            }
        }
    }
}

/// The commands typed so far and the position of Up/Down recall in them.
#[derive(Default, Debug)]
pub struct History {
    lines: Vec<String>,
    /// `lines.len()` while on the line being typed.
    position: usize,
    /// The line being typed, kept while recalling earlier ones.
    draft: String,
}

impl History {
    /// Records a command that ran and goes back to a fresh line.
    pub fn push(&mut self, line: &str) {
        if !line.trim().is_empty() && self.lines.last().map(String::as_str) != Some(line) {
            self.lines.push(line.to_owned());
        }
        self.position = self.lines.len();
        self.draft.clear();
    }

    /// The line Up shows, given what the input holds now; None at the oldest line.
    pub fn earlier(&mut self, current: &str) -> Option<String> {
        if self.position == 0 {
            return None;
        }
        if self.position == self.lines.len() {
            self.draft = current.to_owned();
        }
        self.position -= 1;
        Some(self.lines[self.position].clone())
    }

    /// The line Down shows; None when already on the line being typed.
    pub fn later(&mut self) -> Option<String> {
        if self.position >= self.lines.len() {
            return None;
        }
        self.position += 1;
        Some(
            self.lines
                .get(self.position)
                .cloned()
                .unwrap_or_else(|| self.draft.clone()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        ["web-0", "web-1", "web", "nginx", "www-web-0"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn line(s: &str) -> Completion {
        Completion::Line(s.to_owned())
    }

    #[test]
    fn completes_commands_verbs_kinds_and_names() {
        assert_eq!(complete("kub", &names()), line("kubectl "));
        assert_eq!(complete("kubectl g", &names()), line("kubectl get "));
        assert_eq!(
            complete("kubectl get statef", &names()),
            line("kubectl get statefulset")
        );
        assert_eq!(
            complete("kubectl get statefulsets", &names()),
            Completion::Nothing
        );
        assert_eq!(complete("sim res", &names()), line("sim resolve "));
        assert_eq!(
            complete("kubectl delete pod we", &names()),
            line("kubectl delete pod web")
        );
        assert_eq!(
            complete("kubectl delete pod web-", &names()),
            Completion::Choices(vec!["web-0".into(), "web-1".into()])
        );
        assert_eq!(complete("nslookup ngi", &names()), line("nslookup nginx "));
        assert_eq!(
            complete("kubectl scale statefulset web --rep", &names()),
            line("kubectl scale statefulset web --replicas=")
        );
    }

    #[test]
    fn nothing_to_complete_lets_tab_move_on() {
        assert_eq!(complete("", &names()), Completion::Nothing);
        assert_eq!(complete("kubectl ", &names()), Completion::Nothing);
        assert_eq!(complete("zzz", &names()), Completion::Nothing);
        assert_eq!(complete("kubectl get zzz", &names()), Completion::Nothing);
    }

    #[test]
    fn history_recalls_and_keeps_the_draft() {
        let mut h = History::default();
        assert_eq!(h.earlier("x"), None);
        h.push("one");
        h.push("two");
        h.push("two");
        h.push("  ");
        assert_eq!(h.earlier("draft").as_deref(), Some("two"));
        assert_eq!(h.earlier("two").as_deref(), Some("one"));
        assert_eq!(h.earlier("one"), None);
        assert_eq!(h.later().as_deref(), Some("two"));
        assert_eq!(h.later().as_deref(), Some("draft"));
        assert_eq!(h.later(), None);
    }
}
