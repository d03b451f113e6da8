//! YAML text to documents, with positions. The only module that knows serde_yaml.
//!
//! The text is split into `---`-separated documents by hand, so that a syntax error in one
//! document does not hide the others (broken input is data, not an exception). Each document
//! is parsed on its own; its errors are shifted back to the line and column of the whole
//! text. A small indentation scanner remembers where every block-style key sits, so that
//! later stages can pin a field path (`spec.template.spec.containers[0].name`) to a line.

use crate::store::NameMap;

mod de;
mod emit;
mod lastwins;
mod tojson;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A problem in the editor text, pinned to a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// 0-based index of the YAML document (`---`-separated) the problem is in.
    pub document: usize,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The largest editor text the playground accepts, in bytes.
pub const MAX_TEXT_BYTES: usize = 512 * 1024;

/// One segment of a field path: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Where each block-style key of one document sits (1-based line and column).
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// Each located path (as `path_key`) → its position's index in `spots`: a map on the
    /// store's shared B-tree, not one more B-tree instantiation in the wasm bundle.
    keys: NameMap<usize>,
    spots: Vec<(usize, usize)>,
    /// Line and column of the document's first content.
    start: (usize, usize),
    /// Keys given twice in one mapping (a repeated key's own children are not listed).
    repeated: Vec<Repeated>,
}

/// A key given again in the same mapping.
#[derive(Debug, Clone)]
struct Repeated {
    /// The key's path, as `path_key`.
    path: String,
    name: String,
    /// Where it was first given, and where again.
    first: (usize, usize),
    again: (usize, usize),
}

impl Positions {
    /// The position of the key at `path`, or of its nearest ancestor that was found, or of
    /// the document's start (a missing field points at its parent).
    pub fn locate(&self, path: &[Seg]) -> (usize, usize) {
        let mut len = path.len();
        loop {
            if let Some(&i) = self.keys.get(&path_key(&path[..len])) {
                return self.spots[i];
            }
            if len == 0 {
                return self.start;
            }
            len -= 1;
        }
    }

    /// Records the position of `path`; `replace` says whether an earlier one gives way
    /// (for a key: the same key again in the same mapping, which is noted).
    fn set(&mut self, path: &[Seg], pos: (usize, usize), replace: bool) {
        let key = path_key(path);
        match self.keys.get(&key) {
            Some(&i) if replace => {
                // Below a repeated key everything comes again: only the top one is noted.
                let under_repeated = self
                    .repeated
                    .iter()
                    .any(|r| key.starts_with(&r.path) && key.len() > r.path.len());
                if let (Some(Seg::Key(name)), false) = (path.last(), under_repeated) {
                    self.repeated.push(Repeated {
                        path: key.clone(),
                        name: name.clone(),
                        first: self.spots[i],
                        again: pos,
                    });
                }
                self.spots[i] = pos;
            }
            Some(_) => {}
            None => {
                self.keys.insert(key, self.spots.len());
                self.spots.push(pos);
            }
        }
    }
}

/// A path as one string: each segment length-prefixed (`4:spec`, `#0:`), a prefix-free
/// code, so one path starts with another exactly when its key starts with the other's.
fn path_key(path: &[Seg]) -> String {
    let mut key = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                key.push_str(&k.len().to_string());
                key.push(':');
                key.push_str(k);
            }
            Seg::Index(i) => {
                key.push('#');
                key.push_str(&i.to_string());
                key.push(':');
            }
        }
    }
    key
}

/// One `---`-separated document of the text.
#[derive(Debug, Clone)]
pub struct Document {
    /// 0-based index among the documents of the text.
    pub index: usize,
    /// The parsed content (`None` for an empty document or one that failed to parse).
    pub value: Option<serde_yaml::Value>,
    /// The document's own text (separator lines blanked, so lines keep their numbers
    /// relative to `first_line`).
    pub text: String,
    /// 1-based line of the whole text where this document's text begins.
    pub first_line: usize,
    pub positions: Positions,
}

impl Document {
    /// A document made from an object's JSON (a patched object), with no positions.
    pub fn from_json(value: &serde_json::Value) -> Result<Document, String> {
        Ok(Document {
            index: 0,
            value: Some(json_to_yaml(value)),
            text: String::new(),
            first_line: 1,
            positions: Positions::default(),
        })
    }

    /// Diagnostic at the key `path` (or its nearest located ancestor).
    pub fn diagnostic_at(&self, path: &[Seg], message: String) -> Diagnostic {
        let (line, column) = self.positions.locate(path);
        Diagnostic {
            document: self.index,
            line,
            column,
            message,
        }
    }

    /// Deserializes the parsed document into `T`, reporting every ignored (unknown) field
    /// path to `unknown`. A type error is pinned to the line of the field it is about, a
    /// missing field to the object that lacks it.
    pub fn deserialize_strict<T: DeserializeOwned>(
        &self,
        unknown: &mut Vec<Vec<Seg>>,
    ) -> Result<T, Diagnostic> {
        let null = serde_yaml::Value::Null;
        let value = self.value.as_ref().unwrap_or(&null);
        let tracker = de::Tracker::default();
        let result = de::from_value::<T>(value, &tracker);
        unknown.extend(tracker.unknown.into_inner());
        result.map_err(|e| {
            let segs = e.path.unwrap_or_default();
            let message = if segs.is_empty() {
                e.message
            } else {
                format!("{}: {}", crate::api::render_path(&segs), e.message)
            };
            self.diagnostic_at(&segs, message)
        })
    }

    fn shift_error(&self, e: &serde_yaml::Error) -> Diagnostic {
        let shift = self.first_line - 1;
        let (message, context) = shifted_message(&e.to_string(), shift);
        let lines: Vec<&str> = self.text.split('\n').collect();
        // The last line with content, and where its content starts.
        let last = lines
            .iter()
            .enumerate()
            .rev()
            .find(|(_, l)| !l.trim().is_empty())
            .map_or((shift + 1, 1), |(i, l)| {
                (shift + i + 1, l.len() - l.trim_start().len() + 1)
            });
        let (line, column) = match e.location() {
            // An error found at the end of the text ("did not find expected ']'") points at
            // the construct it was parsing, or else at the last line with content: that is
            // where the learner must look.
            Some(loc) if loc.line() + shift > last.0 => context.unwrap_or(last),
            Some(loc) => (loc.line() + shift, loc.column()),
            None => self.positions.start,
        };
        // Words for the learner after kubectl's own (HINT separates them).
        let message = if message == "repetition limit exceeded" {
            // go-yaml's words for it (kubectl's parser), and what it is.
            format!("{EXCESSIVE_ALIASING}{HINT}an alias bomb, like the \"billion laughs\" of CVE-2019-11253: its aliases would expand past the parser's limit, so it is refused as kubectl refuses it")
        } else if message == "recursion limit exceeded" {
            format!("{message}{HINT}the YAML nests deeper than the parser's 128 levels; Kubernetes objects never need that many")
        } else if lines
            .get(line.saturating_sub(shift + 1))
            .and_then(|l| l.chars().nth(column.saturating_sub(1)))
            == Some('\t')
        {
            format!("{message}{HINT}a tab: YAML indents with spaces only")
        } else {
            message
        };
        Diagnostic {
            document: self.index,
            line,
            column,
            message,
        }
    }
}

/// Separates a parse error's words (as kubectl prints them) from a hint for the learner.
pub const HINT: &str = " \u{2014} ";
/// go-yaml's error for an alias bomb (it names no line).
pub const EXCESSIVE_ALIASING: &str = "document contains excessive aliasing";

/// kubectl's line for a document it cannot parse: `yaml: line N: ...`, without the
/// playground's hint.
pub fn kubectl_parse_error(d: &Diagnostic) -> String {
    let words = d.message.split(HINT).next().unwrap_or_default();
    if words == EXCESSIVE_ALIASING {
        format!("yaml: {words}")
    } else {
        format!("yaml: line {}: {words}", d.line)
    }
}

/// libyaml's messages carry their own " at line L column C" (the diagnostic carries the
/// position separately, so the first is dropped) and sometimes a context such as
/// ", while parsing a flow sequence at line 2 column 18", whose line is shifted to the
/// whole text's numbering and returned too.
fn shifted_message(text: &str, shift: usize) -> (String, Option<(usize, usize)>) {
    let mut out = String::new();
    let mut rest = text;
    let mut first = true;
    let mut context = None;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        let line: usize = after[..digits].parse().unwrap_or(0);
        let tail = &after[digits..];
        let (column, consumed) = match tail.strip_prefix(" column ") {
            Some(t) => {
                let d = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
                (t[..d].parse().unwrap_or(1), digits + " column ".len() + d)
            }
            None => (1, digits),
        };
        if first {
            first = false;
        } else {
            out.push_str(&format!(" at line {} column {column}", line + shift));
            context.get_or_insert((line + shift, column));
        }
        rest = &after[consumed..];
    }
    out.push_str(rest);
    (out, context)
}

/// Splits `text` into documents and parses each. Returns the documents (including empty and
/// broken ones, whose `value` is `None`) and the diagnostics of the ones that failed.
pub fn parse_documents(text: &str) -> (Vec<Document>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if text.len() > MAX_TEXT_BYTES {
        let (line, column) = line_col_of_byte(text, MAX_TEXT_BYTES);
        diagnostics.push(Diagnostic {
            document: 0,
            line,
            column,
            message: format!(
                "the text is {} bytes; the playground reads at most {} bytes (512 KiB), and this is where that limit falls",
                text.len(),
                MAX_TEXT_BYTES
            ),
        });
        return (Vec::new(), diagnostics);
    }
    let mut documents = Vec::new();
    for (index, (first_line, doc_text)) in split_documents(text).into_iter().enumerate() {
        let positions = scan_positions(&doc_text, first_line);
        let mut doc = Document {
            index,
            value: None,
            text: doc_text,
            first_line,
            positions,
        };
        match serde_yaml::from_str::<lastwins::LastWins>(&doc.text) {
            Ok(lastwins::LastWins(serde_yaml::Value::Null)) => {}
            Ok(lastwins::LastWins(v)) => doc.value = Some(v),
            Err(e) => diagnostics.push(doc.shift_error(&e)),
        }
        documents.push(doc);
    }
    (documents, diagnostics)
}

/// Notes for the learner on a text kubectl takes without a word: each key given twice in
/// one mapping, at the place whose value kubectl drops (the first: the last one wins, see
/// `lastwins`). Block-style keys only, as the position scanner sees them.
pub fn repeated_key_notes(text: &str) -> Vec<Diagnostic> {
    if text.len() > MAX_TEXT_BYTES {
        return Vec::new();
    }
    let mut notes = Vec::new();
    for (index, (first_line, doc_text)) in split_documents(text).into_iter().enumerate() {
        for r in scan_positions(&doc_text, first_line).repeated {
            notes.push(Diagnostic {
                document: index,
                line: r.first.0,
                column: r.first.1,
                message: repeated_key_message(&r),
            });
        }
    }
    notes
}

fn repeated_key_message(r: &Repeated) -> String {
    format!(
        "\"{}\" is given again at line {}: kubectl keeps the last value and drops this one without a word (kubernetes/kubernetes#125885)",
        r.name, r.again.0
    )
}

fn line_col_of_byte(text: &str, byte: usize) -> (usize, usize) {
    let mut cut = byte.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let before = &text[..cut];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Splits on `---` separator lines (and drops `...` end markers), returning each document's
/// first line number and its text. Text after `--- ` on the separator line stays, with the
/// marker blanked, so columns are kept.
fn split_documents(text: &str) -> Vec<(usize, String)> {
    let mut docs = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut first_line = 1;
    for (i, line) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let bare = line.trim_end_matches('\r');
        let is_sep = bare == "---" || bare.starts_with("--- ") || bare.starts_with("---\t");
        if is_sep {
            if i > 0 {
                docs.push((first_line, std::mem::take(&mut current).join("\n")));
            }
            first_line = line_no;
            current.push(format!("   {}", &bare[3..]));
        } else if bare == "..." {
            current.push(String::new());
        } else {
            current.push(bare.to_string());
        }
    }
    docs.push((first_line, current.join("\n")));
    docs
}

/// Records the line and column of every block-style mapping key, by indentation.
/// Flow-style collections are not entered (their keys fall back to the enclosing key).
fn scan_positions(doc: &str, first_line: usize) -> Positions {
    let mut pos = Positions {
        start: (first_line, 1),
        ..Positions::default()
    };
    let mut found_start = false;
    // (column, segment) of the enclosing nodes.
    let mut stack: Vec<(usize, Seg)> = Vec::new();
    // Next item index of each sequence, by its parent's `path_key`.
    let mut seq_counts: NameMap<usize> = NameMap::new();
    // Lines indented more than this belong to a block scalar.
    let mut block_scalar: Option<usize> = None;
    for (i, raw) in doc.split('\n').enumerate() {
        let line_no = first_line + i;
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let rest = &raw[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if let Some(min) = block_scalar {
            if indent > min {
                continue;
            }
            block_scalar = None;
        }
        if !found_start {
            pos.start = (line_no, indent + 1);
            found_start = true;
        }
        let mut col = indent;
        let mut rest = rest;
        loop {
            if rest == "-" || rest.starts_with("- ") {
                while stack
                    .last()
                    .is_some_and(|(c, s)| *c > col || (*c == col && matches!(s, Seg::Index(_))))
                {
                    stack.pop();
                }
                let parent: Vec<Seg> = stack.iter().map(|(_, s)| s.clone()).collect();
                let parent_key = path_key(&parent);
                let index = match seq_counts.get_mut(&parent_key) {
                    Some(n) => {
                        *n += 1;
                        *n - 1
                    }
                    None => {
                        seq_counts.insert(parent_key, 1);
                        0
                    }
                };
                stack.push((col, Seg::Index(index)));
                let mut item = parent;
                item.push(Seg::Index(index));
                pos.set(&item, (line_no, col + 1), false);
                let after = rest[1..].trim_start_matches(' ');
                col += rest.len() - after.len();
                rest = after;
                if rest.is_empty() || rest.starts_with('#') {
                    break;
                }
                continue;
            }
            if let Some((key, value)) = split_key(rest) {
                while stack.last().is_some_and(|(c, _)| *c >= col) {
                    stack.pop();
                }
                stack.push((col, Seg::Key(key)));
                let path: Vec<Seg> = stack.iter().map(|(_, s)| s.clone()).collect();
                // A new mapping under this key restarts sequence numbering below it.
                let under = path_key(&path);
                seq_counts.retain(|p, _| !p.starts_with(&under));
                pos.set(&path, (line_no, col + 1), true);
                let v = value.trim_start();
                if v.starts_with('|') || v.starts_with('>') {
                    block_scalar = Some(col);
                }
            }
            break;
        }
    }
    pos
}

/// `key: value` → (key, value). Quoted keys are unquoted; a `:` must be followed by a space
/// or the end of the line.
fn split_key(rest: &str) -> Option<(String, &str)> {
    let first = rest.chars().next()?;
    if matches!(
        first,
        '{' | '[' | '&' | '*' | '!' | '|' | '>' | '%' | '@' | '`'
    ) {
        return None;
    }
    if first == '"' || first == '\'' {
        let close = rest[1..].find(first)? + 1;
        let after = &rest[close + 1..];
        let after = after.trim_start_matches(' ');
        let value = after.strip_prefix(':')?;
        if value.is_empty() || value.starts_with(' ') {
            return Some((rest[1..close].to_string(), value));
        }
        return None;
    }
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' if i > 0 && bytes[i - 1] == b' ' => return None,
            b':' if i + 1 == bytes.len() || bytes[i + 1] == b' ' || bytes[i + 1] == b'\t' => {
                let key = rest[..i].trim_end();
                return Some((key.to_string(), &rest[i + 1..]));
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// An API value as JSON (`null` if it cannot be written), built by one serializer for every
/// type: API types get one `Serialize` instantiation, and a small one. The value is the one
/// serde_json's compact text of `v` parses back to.
pub fn json_value<T: Serialize>(v: &T) -> serde_json::Value {
    tojson::to_value(v).unwrap_or_default()
}

/// A JSON object of the given entries, as `serde_json::json!` makes it but without going
/// through serde_json's value serializer.
pub fn json_object(entries: Vec<(&str, serde_json::Value)>) -> serde_json::Value {
    // Inserted one by one: `collect` would sort, with a sort instantiated for these entries.
    let mut map = serde_json::Map::new();
    for (k, v) in entries {
        map.insert(k.to_string(), v);
    }
    serde_json::Value::Object(map)
}

/// A JSON value's compact text, byte for byte what `serde_json::to_string` writes (its
/// string escapes, its number text, the map's order), written here so that no serde_json
/// serializer is in the bundle.
pub fn json_text(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_json(&mut out, value);
    out
}

fn write_json(out: &mut String, value: &serde_json::Value) {
    use serde_json::Value as J;
    match value {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Number(n) => out.push_str(&n.to_string()),
        J::String(s) => write_json_string(out, s),
        J::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item);
            }
            out.push(']');
        }
        J::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(out, k);
                out.push(':');
                write_json(out, v);
            }
            out.push('}');
        }
    }
}

/// serde_json's escapes: `\"`, `\\`, the short forms of backspace, form feed, newline,
/// carriage return and tab, `\u00XX` (lower-case hex) for the other control characters.
fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A YAML value's compact JSON text.
pub fn yaml_json_text(value: &serde_yaml::Value) -> String {
    json_text(&yaml_to_json(value))
}

/// The annotation `kubectl apply` keeps the applied configuration in.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// What `kubectl apply` records in [`LAST_APPLIED`] for a document (kubectl's
/// `GetModifiedConfiguration`): the object as written, turned to JSON with sorted keys, with
/// `metadata.annotations` present (that annotation itself left out) and, for a namespaced
/// kind, `metadata.namespace` filled in; then a newline (a JSON encoder's).
pub fn last_applied(value: &serde_yaml::Value, namespace: Option<&str>) -> String {
    let mut text = go_json_text(&applied_configuration(value, namespace));
    text.push('\n');
    text
}

/// The configuration [`last_applied`] writes out, as a JSON value.
pub fn applied_configuration(
    value: &serde_yaml::Value,
    namespace: Option<&str>,
) -> serde_json::Value {
    let mut json = yaml_to_json(value);
    if let Some(meta) = json.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        let annotations = meta
            .entry("annotations")
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        match annotations.as_object_mut() {
            Some(a) => {
                a.remove(LAST_APPLIED);
            }
            None => *annotations = serde_json::Value::Object(serde_json::Map::new()),
        }
        if let Some(ns) = namespace {
            if !meta.get("namespace").is_some_and(|n| n.is_string()) {
                meta.insert("namespace".into(), ns.into());
            }
        }
    }
    json
}

/// Compact JSON as Go's `json.Marshal` writes it: [`json_text`] with `<`, `>`, `&`, U+2028
/// and U+2029 escaped (Go escapes them for HTML; they occur only inside strings).
pub fn go_json_text(value: &serde_json::Value) -> String {
    let text = json_text(value);
    if !text.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// `kubectl patch -p TEXT`: the patch as JSON. kubectl reads it as YAML (sigs.k8s.io/yaml's
/// `ToJSON`, so JSON and YAML both do); its error names the line, as go-yaml's does.
pub fn patch_json(text: &str) -> Result<serde_json::Value, String> {
    match serde_yaml::from_str::<lastwins::LastWins>(text) {
        Ok(lastwins::LastWins(v)) => Ok(yaml_to_json(&v)),
        Err(e) => {
            // An error at the end of the text is on its last line, as go-yaml counts.
            let lines = text.lines().count().max(1);
            let line = e.location().map_or(1, |l| l.line()).min(lines);
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or_default();
            Err(format!("yaml: line {line}: {message}"))
        }
    }
}

/// A YAML value as JSON, as `ToJSON` converts it: keys become strings, tags are dropped.
fn yaml_to_json(v: &serde_yaml::Value) -> serde_json::Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => serde_json::Value::Null,
        Y::Bool(b) => serde_json::Value::Bool(*b),
        Y::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => serde_json::Value::Number(i.into()),
            (_, Some(u), _) => serde_json::Value::Number(u.into()),
            (_, _, Some(f)) => serde_json::Number::from_f64(f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            _ => serde_json::Value::Null,
        },
        Y::String(s) => serde_json::Value::String(s.clone()),
        Y::Sequence(items) => serde_json::Value::Array(items.iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => {
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s.clone(),
                    Y::Bool(b) => b.to_string(),
                    Y::Number(n) => n.to_string(),
                    Y::Null => "null".to_string(),
                    _ => continue,
                };
                out.insert(key, yaml_to_json(v));
            }
            serde_json::Value::Object(out)
        }
        Y::Tagged(t) => yaml_to_json(&t.value),
    }
}

/// An API value back from its JSON, through the strict deserializer every API type already
/// goes through (so no other deserializer is instantiated for it).
pub fn from_json<T: DeserializeOwned>(json: &serde_json::Value) -> Option<T> {
    de::from_value(&json_to_yaml(json), &de::Tracker::default()).ok()
}

/// A JSON value as a YAML value: what `serde_yaml::to_value` makes of it (unsigned, then
/// signed, then float numbers; keys as strings, in the JSON map's order), without
/// instantiating serde_yaml's value serializer.
fn json_to_yaml(json: &serde_json::Value) -> serde_yaml::Value {
    use serde_json::Value as J;
    use serde_yaml::Value as Y;
    match json {
        J::Null => Y::Null,
        J::Bool(b) => Y::Bool(*b),
        J::Number(n) => Y::Number(if let Some(u) = n.as_u64() {
            u.into()
        } else if let Some(i) = n.as_i64() {
            i.into()
        } else {
            n.as_f64().unwrap_or(0.0).into()
        }),
        J::String(s) => Y::String(s.clone()),
        J::Array(items) => Y::Sequence(items.iter().map(json_to_yaml).collect()),
        J::Object(map) => Y::Mapping(
            map.iter()
                .map(|(k, v)| (Y::String(k.clone()), json_to_yaml(v)))
                .collect(),
        ),
    }
}

/// Deserializes a whole text (a scenario file, say) into `T`, with the error's position:
/// parsed as the manifests are and decoded by the same strict deserializer (so no other
/// deserializer is instantiated for `T`); more than one document is an error.
pub fn from_str_positioned<T: DeserializeOwned>(text: &str) -> Result<T, Diagnostic> {
    let (documents, diagnostics) = parse_documents(text);
    if let Some(d) = diagnostics.into_iter().next() {
        return Err(d);
    }
    if let Some(second) = documents.get(1) {
        return Err(Diagnostic {
            document: 1,
            line: second.first_line,
            column: 1,
            message: "a second YAML document: this file holds one".into(),
        });
    }
    let empty = Document {
        index: 0,
        value: None,
        text: String::new(),
        first_line: 1,
        positions: Positions::default(),
    };
    let document = documents.first().unwrap_or(&empty);
    // A file of the playground's own is held to more than kubectl holds manifests to.
    if let Some(r) = document.positions.repeated.first() {
        return Err(Diagnostic {
            document: 0,
            line: r.again.0,
            column: r.again.1,
            message: format!(
                "\"{}\" is given twice (first at line {})",
                r.name, r.first.0
            ),
        });
    }
    let mut unknown = Vec::new();
    let value = document.deserialize_strict(&mut unknown)?;
    // Strict, as kubectl is with manifests: the first unknown field, at its key.
    match unknown.first() {
        Some(path) => Err(document.diagnostic_at(
            path,
            format!("unknown field \"{}\"", crate::api::render_path(path)),
        )),
        None => Ok(value),
    }
}

/// A string field of a parsed document, if present and a string.
pub fn str_field<'a>(value: &'a serde_yaml::Value, key: &str) -> Option<&'a str> {
    value.as_mapping()?.get(key)?.as_str()
}

/// The name in `metadata.name`, if present.
pub fn metadata_name(value: &serde_yaml::Value) -> Option<&str> {
    str_field(value.as_mapping()?.get("metadata")?, "name")
}

/// Serializes any value as YAML text (for `-o yaml`).
pub fn to_yaml_string(value: &serde_json::Value) -> String {
    emit::to_kubectl_yaml(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_text_is_serde_jsons_compact_text() {
        let v: serde_json::Value = serde_json::from_str(
            r#"{"b":[1,-2,1.5,1e300,0.1,true,false,null,"x"],"a":{},"e":[],"s":"q \" b \\ \u0001 \u001f \b\f\n\r\t \u007f é ☃ 😀","{k:,}":{"z":[{}]},"u":18446744073709551615,"i":-9223372036854775808}"#,
        )
        .unwrap();
        assert_eq!(json_text(&v), serde_json::to_string(&v).unwrap());
        for scalar in ["null", "\"\"", "0", "-0.0", "2.5"] {
            let v: serde_json::Value = serde_json::from_str(scalar).unwrap();
            assert_eq!(json_text(&v), serde_json::to_string(&v).unwrap());
        }
    }

    fn key(path: &str) -> Vec<Seg> {
        path.split('.')
            .map(|s| match s.parse::<usize>() {
                Ok(i) => Seg::Index(i),
                Err(_) => Seg::Key(s.to_string()),
            })
            .collect()
    }

    #[test]
    fn splits_documents_and_keeps_line_numbers() {
        let text = "a: 1\n---\nb: 2\n---\n\n# only a comment\n---\nc: [\n";
        let (docs, diags) = parse_documents(text);
        assert_eq!(docs.len(), 4);
        assert!(docs[2].value.is_none(), "comment-only document is empty");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].document, 3);
        // The flow sequence opened on line 8 is never closed; the error is at or after it.
        assert!(diags[0].line >= 8, "{diags:?}");
    }

    #[test]
    fn locates_nested_keys_and_sequence_items() {
        let text = "\
apiVersion: apps/v1
kind: StatefulSet
spec:
  template:
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
      - name: side
        image: busybox
";
        let (docs, _) = parse_documents(text);
        let p = &docs[0].positions;
        assert_eq!(p.locate(&key("kind")), (2, 1));
        assert_eq!(
            p.locate(&key("spec.template.spec.containers.0.name")),
            (7, 9)
        );
        assert_eq!(
            p.locate(&key("spec.template.spec.containers.0.image")),
            (8, 9)
        );
        assert_eq!(
            p.locate(&key(
                "spec.template.spec.containers.0.ports.0.containerPort"
            )),
            (10, 11)
        );
        assert_eq!(
            p.locate(&key("spec.template.spec.containers.1.image")),
            (12, 9)
        );
        // A missing field points at its nearest existing parent.
        assert_eq!(
            p.locate(&key("spec.template.spec.containers.1.missing")),
            (11, 7)
        );
        assert_eq!(p.locate(&key("spec.selector")), (3, 1));
    }

    #[test]
    fn path_keys_are_prefixes_exactly_when_paths_are() {
        let paths = [
            key("a"),
            key("a.b"),
            key("a.0"),
            key("a.0.b"),
            key("ab"),
            key("a.10"),
            key("a.1"),
            vec![Seg::Key("1:a".into())],
            vec![Seg::Key("#0:".into())],
            vec![Seg::Index(0)],
            vec![],
        ];
        for p in &paths {
            for q in &paths {
                assert_eq!(
                    path_key(p).starts_with(&path_key(q)),
                    p.starts_with(q),
                    "{p:?} {q:?}"
                );
                assert_eq!(path_key(p) == path_key(q), p == q);
            }
        }
    }

    #[test]
    fn block_scalars_are_skipped() {
        let text = "data:\n  script: |\n    fake: key\n  real: 1\n";
        let (docs, _) = parse_documents(text);
        let p = &docs[0].positions;
        assert_eq!(p.locate(&key("data.real")), (4, 3));
        assert_eq!(p.locate(&key("data.script.fake")), (2, 3));
    }

    #[test]
    fn syntax_error_positions_are_in_whole_text_lines() {
        let text = "a: 1\n---\nb: 2\nc: \"unclosed\n";
        let (_, diags) = parse_documents(text);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].document, 1);
        assert!(diags[0].line >= 4, "{diags:?}");
    }

    #[test]
    fn json_to_yaml_matches_serde_yaml_to_value() {
        let json = serde_json::json!({
            "a": null, "b": true, "c": 3, "d": -4, "e": 1.5, "f": 18446744073709551615u64,
            "g": "text", "h": [1, "x", {"!tag": 1}], "i": {"!tag": {"k": [false]}}, "j": {},
            "k": [], "1": -0.0, "z": 1e300
        });
        assert_eq!(json_to_yaml(&json), serde_yaml::to_value(&json).unwrap());
    }

    #[test]
    fn oversized_text_is_refused_with_a_position() {
        let text = "a: b\n".repeat(MAX_TEXT_BYTES / 5 + 10);
        let (docs, diags) = parse_documents(&text);
        assert!(docs.is_empty());
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("at most 524288 bytes"));
        assert_eq!(diags[0].line, MAX_TEXT_BYTES / 5 + 1);
    }
}
