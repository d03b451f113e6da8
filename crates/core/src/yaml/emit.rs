//! YAML output as `kubectl get -o yaml` writes it: sigs.k8s.io/yaml turns the object's JSON
//! into go-yaml v2 output, so keys come sorted, lists sit at their parent key's indentation,
//! and strings are plain unless YAML 1.1 would read them as something else (then double
//! quoted: `resourceVersion: "1004"`, `creationTimestamp: "2026-01-01T00:00:00Z"`) or their
//! characters forbid the plain style (then single quoted); multi-line strings are literal
//! blocks.

use serde_json::Value;

/// The YAML text of a JSON value, in kubectl's style.
pub fn to_kubectl_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(m) if !m.is_empty() => write_map(&mut out, m, 0),
        Value::Array(a) if !a.is_empty() => write_seq(&mut out, a, 0),
        other => {
            out.push_str(&inline(other, 0));
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn write_map(out: &mut String, m: &serde_json::Map<String, Value>, indent: usize) {
    for (k, v) in m {
        pad(out, indent);
        write_entry(out, k, v, indent);
    }
}

/// `key: value` at `indent` (the caller wrote the indentation).
fn write_entry(out: &mut String, key: &str, v: &Value, indent: usize) {
    out.push_str(&string_scalar(key, indent).0);
    out.push(':');
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_map(out, m, indent + 2);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_seq(out, a, indent);
        }
        other => {
            out.push(' ');
            out.push_str(&inline(other, indent + 2));
            out.push('\n');
        }
    }
}

fn write_seq(out: &mut String, a: &[Value], indent: usize) {
    for item in a {
        pad(out, indent);
        out.push_str("- ");
        match item {
            Value::Object(m) if !m.is_empty() => {
                let mut first = true;
                for (k, v) in m {
                    if !std::mem::take(&mut first) {
                        pad(out, indent + 2);
                    }
                    write_entry(out, k, v, indent + 2);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                // go-yaml writes a nested list's first item on the same line.
                let mut nested = String::new();
                write_seq(&mut nested, inner, indent + 2);
                out.push_str(nested.trim_start());
            }
            other => {
                out.push_str(&inline(other, indent + 2));
                out.push('\n');
            }
        }
    }
}

/// A scalar (or an empty collection) on the current line. Multi-line strings become a
/// literal block indented to `indent`.
fn inline(v: &Value, indent: usize) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string_scalar(s, indent).0,
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// The scalar's text and whether it is a block.
fn string_scalar(s: &str, indent: usize) -> (String, bool) {
    if s.contains('\n') && s.chars().all(|c| c == '\n' || !c.is_control()) {
        let chomp = if s.ends_with("\n\n") {
            "+"
        } else if s.ends_with('\n') {
            ""
        } else {
            "-"
        };
        let mut out = format!("|{chomp}\n");
        let body = s.strip_suffix('\n').unwrap_or(s);
        for (i, line) in body.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if !line.is_empty() {
                pad(&mut out, indent);
                out.push_str(line);
            }
        }
        // The caller adds the final newline.
        return (out, true);
    }
    if !resolves_to_string(s) || s.chars().any(|c| c.is_control()) {
        return (double_quoted(s), false);
    }
    if plain_allowed(s) {
        return (s.to_string(), false);
    }
    (format!("'{}'", s.replace('\'', "''")), false)
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether go-yaml v2 (YAML 1.1) reads the plain text `s` back as a string, not as null, a
/// bool, a number or a timestamp.
fn resolves_to_string(s: &str) -> bool {
    if s.is_empty() {
        return false;
    }
    const SPECIAL: &[&str] = &[
        "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan",
        ".NaN", ".NAN", "<<",
    ];
    if SPECIAL.contains(&s) {
        return false;
    }
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return true;
    }
    let t = s.replace('_', "");
    let body = t.strip_prefix(['-', '+']).unwrap_or(&t);
    let is_int = !body.is_empty()
        && (body.bytes().all(|b| b.is_ascii_digit())
            || body
                .strip_prefix("0x")
                .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()))
            || body
                .strip_prefix("0b")
                .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b == b'0' || b == b'1')));
    let is_float = body.parse::<f64>().is_ok() && body.bytes().any(|b| b.is_ascii_digit());
    // Timestamps: 2006-01-02 and 2006-01-02T15:04:05[.frac](Z|±hh:mm).
    let b = s.as_bytes();
    let is_date = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && (b.len() == 10 || matches!(b[10], b'T' | b't' | b' '));
    !(is_int || is_float || is_date)
}

/// Whether the plain style may carry `s` (YAML's plain-scalar rules, as libyaml's emitter
/// applies them for a block-context value).
fn plain_allowed(s: &str) -> bool {
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // `-`, `?` and `:` may start a plain scalar when followed by a non-space.
        let second = s.chars().nth(1);
        if !(matches!(first, '-' | '?' | ':') && second.is_some_and(|c| c != ' ')) {
            return false;
        }
    }
    if s.starts_with(' ') || s.ends_with(' ') || s.ends_with(':') {
        return false;
    }
    let forbidden = [": ", " #", "\t", "\u{feff}"];
    !forbidden.iter().any(|f| s.contains(f)) && !s.starts_with("---") && !s.starts_with("...")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_as_kubectl_does() {
        // Keys sorted (serde_json's map), lists at the parent's indentation, quoting as
        // go-yaml v2 does for kubectl.
        let v = json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "creationTimestamp": "2026-01-01T00:00:00Z",
                "labels": {"app": "nginx", "apps.kubernetes.io/pod-index": "0"},
                "name": "web-0",
                "resourceVersion": "1004"
            },
            "spec": {
                "containers": [{"image": "nginx:1.9.1", "name": "nginx", "ports": [{"containerPort": 80, "name": "web", "protocol": "TCP"}]}],
                "securityContext": {},
                "tolerations": []
            }
        });
        assert_eq!(
            to_kubectl_yaml(&v),
            "apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: \"2026-01-01T00:00:00Z\"
  labels:
    app: nginx
    apps.kubernetes.io/pod-index: \"0\"
  name: web-0
  resourceVersion: \"1004\"
spec:
  containers:
  - image: nginx:1.9.1
    name: nginx
    ports:
    - containerPort: 80
      name: web
      protocol: TCP
  securityContext: {}
  tolerations: []
"
        );
    }

    #[test]
    fn quotes_what_yaml_would_misread() {
        for (s, want) in [
            ("", "\"\""),
            ("yes", "\"yes\""),
            ("null", "\"null\""),
            ("1.5", "\"1.5\""),
            ("0x1F", "\"0x1F\""),
            ("2026-01-01", "\"2026-01-01\""),
            ("web-0", "web-0"),
            ("10.244.1.5", "10.244.1.5"),
            ("*", "'*'"),
            ("a: b", "'a: b'"),
            ("it's", "it's"),
            ("- x", "'- x'"),
            ("-x", "-x"),
            ("[a]", "'[a]'"),
        ] {
            assert_eq!(string_scalar(s, 0).0, want, "{s:?}");
        }
    }

    #[test]
    fn multi_line_strings_are_literal_blocks() {
        let v = json!({"data": {"script": "echo a\necho b\n", "two": "a\nb"}});
        assert_eq!(
            to_kubectl_yaml(&v),
            "data:\n  script: |\n    echo a\n    echo b\n  two: |-\n    a\n    b\n"
        );
    }
}
