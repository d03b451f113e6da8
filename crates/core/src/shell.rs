//! The shell around commands: the console's compound lines (`for i in 0 1; do kubectl exec
//! "web-$i" -- sh -c 'hostname'; done`, `;`, `&&`), as the StatefulSet tutorial types them,
//! and the POSIX-shell subset that `sh -c SCRIPT` and the `/ # ` prompt run inside a pod:
//! simple commands joined by `;` and `&&`, `$(...)` and `$VAR`, `>` and `>>`.
//!
//! Everything else a shell has (pipes, `||`, `&`, `<`, backquotes, nested loops) is said to
//! be beyond the playground, never run wrongly.

use crate::command::split_words;
use crate::files::WriteError;
use crate::tools::ToolOutput;

/// The most simple commands one line may run (a loop's body times its values).
pub const MAX_STEPS: usize = 1000;
/// How deep `$( )` may nest.
const MAX_DEPTH: usize = 8;

/// The pieces of a command list: each with whether it runs only if the one before it
/// succeeded (`&&`). Splits at `;`, newlines and `&&` outside quotes and `$( )`; a
/// construct the playground does not run is an error naming it.
fn split_list(text: &str) -> Result<Vec<(String, bool)>, String> {
    let mut pieces = Vec::new();
    let mut cur = String::new();
    let mut if_ok = false;
    let mut depth = 0usize;
    let (mut single, mut double) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if single {
            single = c != '\'';
            cur.push(c);
            continue;
        }
        match c {
            '\\' => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
                continue;
            }
            '\'' if !double => single = true,
            '"' => double = !double,
            '(' if cur.ends_with('$') => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if double || depth > 0 => {}
            ';' | '\n' => {
                pieces.push((std::mem::take(&mut cur), if_ok));
                if_ok = false;
                continue;
            }
            '&' if chars.peek() == Some(&'&') => {
                chars.next();
                pieces.push((std::mem::take(&mut cur), if_ok));
                if_ok = true;
                continue;
            }
            '|' if chars.peek() == Some(&'|') => return Err("||".into()),
            '|' | '&' | '<' | '`' => return Err(c.to_string()),
            _ => {}
        }
        cur.push(c);
    }
    pieces.push((cur, if_ok));
    Ok(pieces
        .into_iter()
        .map(|(p, ok)| (p.trim().to_string(), ok))
        .filter(|(p, _)| !p.is_empty())
        .collect())
}

/// One simple command of a console line, and whether it runs only after a success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub line: String,
    pub if_ok: bool,
}

/// A console line as the simple commands it runs, in order, when it is compound (a `for`
/// loop, `;` or `&&`); `None` for one simple command, which runs as it is.
pub fn unroll(line: &str) -> Option<Result<Vec<Step>, String>> {
    let t = line.trim();
    if t.starts_with('#') {
        return None;
    }
    let pieces = match split_list(t) {
        Ok(p) => p,
        Err(what) => return Some(Err(unsupported(&what))),
    };
    if pieces.len() <= 1 && !t.starts_with("for ") {
        return None;
    }
    Some(unroll_pieces(&pieces))
}

fn unsupported(what: &str) -> String {
    format!(
        "the playground's shell runs simple commands joined by ';' and '&&' and for loops, not '{what}'"
    )
}

fn unroll_pieces(pieces: &[(String, bool)]) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let (piece, if_ok) = &pieces[i];
        i += 1;
        let Some(head) = piece.strip_prefix("for ") else {
            if matches!(piece.as_str(), "do" | "done") || piece.starts_with("do ") {
                return Err(format!("syntax error near unexpected token `{piece}'"));
            }
            steps.push(Step {
                line: piece.clone(),
                if_ok: *if_ok,
            });
            continue;
        };
        let words = split_words(head).map_err(|e| e.stderr)?;
        let (var, values) = match words.split_first() {
            Some((var, rest)) if is_name(var) && rest.first().is_some_and(|w| w == "in") => {
                (var.clone(), rest[1..].to_vec())
            }
            _ => return Err(format!("syntax error in `for {head}'")),
        };
        // The body: from `do ...` to `done`.
        let mut body: Vec<(String, bool)> = Vec::new();
        let mut closed = false;
        let mut first = true;
        while i < pieces.len() {
            let (p, ok) = &pieces[i];
            i += 1;
            if p == "done" {
                closed = true;
                break;
            }
            let p = if first {
                first = false;
                match p.strip_prefix("do") {
                    Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => {
                        rest.trim()
                    }
                    _ => return Err(format!("syntax error: `do' expected, not `{p}'")),
                }
            } else {
                p.as_str()
            };
            if p.starts_with("for ") {
                return Err(unsupported("a loop inside a loop"));
            }
            if !p.is_empty() {
                body.push((p.to_string(), *ok));
            }
        }
        if !closed {
            return Err("syntax error: `done' expected".into());
        }
        for (n, value) in values.iter().enumerate() {
            for (k, (b, ok)) in body.iter().enumerate() {
                let if_ok = if n == 0 && k == 0 { *if_ok } else { *ok };
                steps.push(Step {
                    line: substitute(b, &var, value),
                    if_ok,
                });
                if steps.len() > MAX_STEPS {
                    return Err(format!(
                        "the playground runs at most {MAX_STEPS} commands from one line"
                    ));
                }
            }
        }
    }
    Ok(steps)
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `text` with `$var` and `${var}` replaced by `value` outside single quotes.
fn substitute(text: &str, var: &str, value: &str) -> String {
    expand(text, &mut |e| match e {
        Expansion::Var(name) => Ok((name == var).then(|| value.to_string())),
        Expansion::Command(_) => Ok(None),
    })
    .unwrap_or_else(|_| text.to_string())
}

/// What `expand` asks its caller for.
enum Expansion<'a> {
    /// `$NAME` or `${NAME}`.
    Var(&'a str),
    /// The script inside `$( )`.
    Command(&'a str),
}

/// Expands `$NAME`, `${NAME}` and `$( )` outside single quotes with what `with` answers
/// (`None` keeps the text as it is). What is put in is quoted so that it stays one text
/// inside double quotes and splits at blanks outside them, as a shell's expansion does.
fn expand(
    text: &str,
    with: &mut dyn FnMut(Expansion<'_>) -> Result<Option<String>, ToolOutput>,
) -> Result<String, ToolOutput> {
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if single {
            single = c != '\'';
            out.push(c);
            continue;
        }
        match c {
            '\\' => {
                out.push(c);
                if let Some(&n) = chars.get(i) {
                    out.push(n);
                    i += 1;
                }
            }
            '\'' if !double => {
                single = true;
                out.push(c);
            }
            '"' => {
                double = !double;
                out.push(c);
            }
            '$' if chars.get(i) == Some(&'(') => {
                let mut depth = 1;
                let start = i + 1;
                let mut j = start;
                while j < chars.len() && depth > 0 {
                    match chars[j] {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                if depth > 0 {
                    out.push(c);
                    continue;
                }
                let inner: String = chars[start..j - 1].iter().collect();
                match with(Expansion::Command(&inner))? {
                    Some(value) => quote_into(&mut out, value.trim_end_matches('\n'), double),
                    None => out.extend(&chars[i - 1..j]),
                }
                i = j;
            }
            '$' => {
                let braced = chars.get(i) == Some(&'{');
                let from = if braced { i + 1 } else { i };
                let mut j = from;
                while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
                let name: String = chars[from..j].iter().collect();
                let closed = !braced || chars.get(j) == Some(&'}');
                if name.is_empty() || !closed {
                    out.push(c);
                    continue;
                }
                let end = if braced { j + 1 } else { j };
                match with(Expansion::Var(&name))? {
                    Some(v) => quote_into(&mut out, &v, double),
                    None => out.extend(&chars[i - 1..end]),
                }
                i = end;
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

fn quote_into(out: &mut String, value: &str, in_double: bool) {
    for ch in value.chars() {
        let special = if in_double {
            matches!(ch, '"' | '\\' | '$' | '`')
        } else {
            !ch.is_whitespace() && !ch.is_ascii_alphanumeric() && !"-_./:=@,+%".contains(ch)
        };
        if special {
            out.push('\\');
        }
        out.push(ch);
    }
}

/// What a script can do in its pod.
pub trait Host {
    /// Runs one simple command; `None` when the image has no such program.
    fn exec(&mut self, argv: &[String]) -> Option<ToolOutput>;
    /// Creates, truncates or appends to a file, as a redirection does.
    fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), WriteError>;
    /// An environment variable of the container.
    fn env(&self, name: &str) -> Option<String>;
}

/// Which shell runs a script: its `$0` and whether it is dash (Debian's `sh`, whose
/// messages carry a line number) or busybox's ash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sh<'a> {
    pub argv0: &'a str,
    pub dash: bool,
}

impl Sh<'_> {
    fn prefix(&self) -> String {
        if self.dash {
            format!("{}: 1: ", self.argv0)
        } else {
            format!("{}: ", self.argv0)
        }
    }

    fn cannot_create(&self, path: &str, e: &WriteError) -> (String, i32) {
        let why = match (e, self.dash) {
            (WriteError::NoDirectory, true) => "Directory nonexistent",
            (WriteError::NoDirectory, false) => "nonexistent directory",
            (WriteError::ReadOnly, _) => "Read-only file system",
            (WriteError::IsDirectory, _) => "Is a directory",
            (WriteError::NoSpace, _) => "No space left on device",
        };
        let verb = if self.dash { "cannot" } else { "can't" };
        (
            format!("{}{verb} create {path}: {why}\n", self.prefix()),
            if self.dash { 2 } else { 1 },
        )
    }
}

/// Runs `script` in a pod as `sh -c` does (or one line at its prompt).
pub fn run_script(script: &str, sh: Sh<'_>, host: &mut dyn Host) -> ToolOutput {
    let mut out = ToolOutput::default();
    let mut steps = 0;
    out.exit_code = run_list(script, sh, host, &mut out, 0, &mut steps);
    out
}

fn run_list(
    script: &str,
    sh: Sh<'_>,
    host: &mut dyn Host,
    out: &mut ToolOutput,
    depth: usize,
    steps: &mut usize,
) -> i32 {
    let pieces = match split_list(script) {
        Ok(p) => p,
        Err(what) => {
            out.stderr
                .push_str(&format!("{}{}\n", sh.prefix(), unsupported(&what)));
            return 2;
        }
    };
    let mut status = 0;
    for (piece, if_ok) in pieces {
        if if_ok && status != 0 {
            continue;
        }
        *steps += 1;
        if *steps > MAX_STEPS || depth > MAX_DEPTH {
            out.stderr.push_str(&format!(
                "{}the playground runs at most {MAX_STEPS} commands, {MAX_DEPTH} $( ) deep\n",
                sh.prefix()
            ));
            return 2;
        }
        status = run_simple(&piece, sh, host, out, depth, steps);
    }
    status
}

fn run_simple(
    piece: &str,
    sh: Sh<'_>,
    host: &mut dyn Host,
    out: &mut ToolOutput,
    depth: usize,
    steps: &mut usize,
) -> i32 {
    if piece.starts_with("for ") {
        out.stderr.push_str(&format!(
            "{}{}\n",
            sh.prefix(),
            unsupported("a loop inside a pod")
        ));
        return 2;
    }
    // `$VAR` (empty when unset, as in a shell) and `$( )`, which runs in a subshell: its
    // stdout is the value, its stderr goes to the script's.
    let mut inner_err = String::new();
    let expanded = expand(piece, &mut |e| match e {
        Expansion::Var(name) => Ok(Some(host.env(name).unwrap_or_default())),
        Expansion::Command(inner) => {
            let mut o = ToolOutput::default();
            run_list(inner, sh, host, &mut o, depth + 1, steps);
            inner_err.push_str(&o.stderr);
            Ok(Some(o.stdout))
        }
    });
    out.stderr.push_str(&inner_err);
    let Ok(text) = expanded else {
        return 2;
    };
    let words = match split_words(&mark_redirections(&text)) {
        Ok(w) => w,
        Err(e) => {
            out.stderr.push_str(&format!(
                "{}{}\n",
                sh.prefix(),
                e.stderr.trim_start_matches("error: ")
            ));
            return 2;
        }
    };
    // Redirections: `> FILE`, `>> FILE` (stdout), `2> FILE`, `2>> FILE`, `2>&1`.
    let mut argv = Vec::new();
    let mut target: Option<(String, bool)> = None;
    let mut err_target: Option<(String, bool)> = None;
    let mut err_to_out = false;
    let mut it = words.into_iter();
    while let Some(w) = it.next() {
        let Some(op) = w.strip_prefix(MARK) else {
            argv.push(w);
            continue;
        };
        if op == "2>&1" {
            err_to_out = true;
            continue;
        }
        let Some(path) = it.next() else {
            out.stderr.push_str(&format!(
                "{}Syntax error: newline unexpected\n",
                sh.prefix()
            ));
            return 2;
        };
        let append = op.ends_with(">>");
        if op.starts_with('2') {
            err_target = Some((path, append));
        } else {
            target = Some((path, append));
        }
    }
    // The shell opens the files before it runs the command; a failure skips the command.
    for (path, append) in [&target, &err_target].into_iter().flatten() {
        if let Err(e) = host.write(path, "", *append) {
            let (msg, code) = sh.cannot_create(path, &e);
            out.stderr.push_str(&msg);
            return code;
        }
    }
    if argv.is_empty() {
        return 0;
    }
    let r = host.exec(&argv).unwrap_or_else(|| ToolOutput {
        stderr: format!("{}{}: not found\n", sh.prefix(), argv[0]),
        exit_code: 127,
        ..Default::default()
    });
    let (mut stdout, stderr) = (r.stdout, r.stderr);
    let mut stderr = Some(stderr);
    if err_to_out {
        stdout.push_str(&stderr.take().unwrap_or_default());
    }
    for (text, dest, is_stdout) in [(Some(stdout), &target, true), (stderr, &err_target, false)] {
        let Some(text) = text else { continue };
        match dest {
            Some((path, _)) => {
                if let Err(e) = host.write(path, &text, true) {
                    let (msg, code) = sh.cannot_create(path, &e);
                    out.stderr.push_str(&msg);
                    return code;
                }
            }
            None if is_stdout => out.stdout.push_str(&text),
            None => out.stderr.push_str(&text),
        }
    }
    r.exit_code
}

/// Marks a redirection operator's word.
const MARK: char = '\u{1}';

/// `text` with each redirection operator outside quotes made a word of its own, marked
/// (a `>` that came quoted, or out of an expansion, stays an ordinary character).
fn mark_redirections(text: &str) -> String {
    let text = text.replace(MARK, "");
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            _ if single => single = c != '\'',
            '\\' => {
                out.push(c);
                if let Some(&n) = chars.get(i) {
                    out.push(n);
                    i += 1;
                }
                continue;
            }
            '\'' if !double => single = true,
            '"' => double = !double,
            '>' if !double => {
                // A lone `1` or `2` right before it names the stream.
                let fd = match out.chars().last() {
                    Some(d @ ('1' | '2')) => {
                        let before = &out[..out.len() - 1];
                        (before.is_empty() || before.ends_with(char::is_whitespace)).then_some(d)
                    }
                    _ => None,
                };
                if fd.is_some() {
                    out.pop();
                }
                let mut op = String::from(if fd == Some('2') { "2>" } else { ">" });
                if chars.get(i) == Some(&'>') {
                    op.push('>');
                    i += 1;
                } else if op == "2>" && chars.get(i) == Some(&'&') && chars.get(i + 1) == Some(&'1')
                {
                    op.push_str("&1");
                    i += 2;
                }
                out.push_str(&format!(" {MARK}{op} "));
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn a_tutorial_loop_unrolls_with_its_variable() {
        let steps = unroll(
            r#"for i in 0 1; do kubectl exec "web-$i" -- sh -c 'echo "$(hostname)" > /x/$i'; done"#,
        )
        .unwrap()
        .unwrap();
        let lines: Vec<&str> = steps.iter().map(|s| s.line.as_str()).collect();
        assert_eq!(
            lines,
            [
                r#"kubectl exec "web-0" -- sh -c 'echo "$(hostname)" > /x/$i'"#,
                r#"kubectl exec "web-1" -- sh -c 'echo "$(hostname)" > /x/$i'"#,
            ]
        );
        let steps = unroll("for p in 0 1 2; do kubectl get pod web-$p; echo; done").unwrap();
        assert_eq!(steps.unwrap().len(), 6);
        assert_eq!(unroll("kubectl get pods"), None);
        assert_eq!(unroll("kubectl exec web-0 -- sh -c 'a; b'"), None);
        let seq = unroll("sleep 5s && kubectl get pods").unwrap().unwrap();
        assert_eq!(
            seq,
            [
                Step {
                    line: "sleep 5s".into(),
                    if_ok: false
                },
                Step {
                    line: "kubectl get pods".into(),
                    if_ok: true
                }
            ]
        );
    }

    #[test]
    fn what_the_shell_does_not_run_is_an_error() {
        for line in [
            "kubectl get pods | grep web",
            "sleep 1s &",
            "a || b",
            "for i in 0 1; do for j in 0; do x; done; done",
            "for i in 0 1; do x",
            "for 1 in 0; do x; done",
        ] {
            assert!(matches!(unroll(line), Some(Err(_))), "{line}");
        }
        let many = format!("for i in {}; do x; done", "0 ".repeat(MAX_STEPS + 1));
        assert!(matches!(unroll(&many), Some(Err(_))));
    }

    struct Fake {
        files: BTreeMap<String, String>,
    }

    impl Host for Fake {
        fn exec(&mut self, argv: &[String]) -> Option<ToolOutput> {
            let stdout = match argv[0].as_str() {
                "hostname" => "web-0\n".to_string(),
                "echo" => format!("{}\n", argv[1..].join(" ")),
                "cat" => self.files.get(&argv[1]).cloned().unwrap_or_default(),
                _ => return None,
            };
            Some(ToolOutput {
                stdout,
                ..Default::default()
            })
        }
        fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), WriteError> {
            if !path.starts_with("/ok/") {
                return Err(WriteError::NoDirectory);
            }
            let f = self.files.entry(path.to_string()).or_default();
            if !append {
                f.clear();
            }
            f.push_str(text);
            Ok(())
        }
        fn env(&self, name: &str) -> Option<String> {
            (name == "HOSTNAME").then(|| "web-0".into())
        }
    }

    const DASH: Sh<'static> = Sh {
        argv0: "sh",
        dash: true,
    };

    #[test]
    fn echo_of_a_substitution_into_a_file() {
        let mut h = Fake {
            files: BTreeMap::new(),
        };
        let r = run_script(r#"echo "$(hostname)" > /ok/index.html"#, DASH, &mut h);
        assert_eq!(r, ToolOutput::default());
        assert_eq!(h.files["/ok/index.html"], "web-0\n");
        let r = run_script(
            "echo $HOSTNAME $NOPE b>>/ok/index.html; cat /ok/index.html",
            DASH,
            &mut h,
        );
        assert_eq!(r.stdout, "web-0\nweb-0 b\n");
        // dash's messages, and `&&` stops at the failure.
        let r = run_script("echo x > /no/f && echo after", DASH, &mut h);
        assert_eq!(
            (r.stderr.as_str(), r.stdout.as_str(), r.exit_code),
            ("sh: 1: cannot create /no/f: Directory nonexistent\n", "", 2)
        );
        let r = run_script("nope; echo after", DASH, &mut h);
        assert_eq!(
            (r.stderr.as_str(), r.stdout.as_str(), r.exit_code),
            ("sh: 1: nope: not found\n", "after\n", 0)
        );
        let ash = Sh {
            argv0: "/bin/sh",
            dash: false,
        };
        let r = run_script("echo x > /no/f", ash, &mut h);
        assert_eq!(
            (r.stderr.as_str(), r.exit_code),
            ("/bin/sh: can't create /no/f: nonexistent directory\n", 1)
        );
        let r = run_script(
            "nope 2>/ok/err; echo \"a > b\" 1>/ok/out; cat /ok/err /ok/out",
            DASH,
            &mut h,
        );
        assert_eq!(r.stdout, "sh: 1: nope: not found\n");
        assert_eq!(h.files["/ok/err"], "sh: 1: nope: not found\n");
        assert_eq!(h.files["/ok/out"], "a > b\n");
        let r = run_script("echo a | cat", ash, &mut h);
        assert_eq!(r.exit_code, 2);
        assert!(r.stderr.contains("not '|'"), "{}", r.stderr);
    }
}
