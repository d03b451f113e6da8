//! Positions in the editor text: the textarea counts UTF-16 code units, diagnostics count
//! 1-based lines and characters. Pure functions, tested on the host.

/// How many lines the editor shows for `text` (a trailing newline starts an empty line).
pub fn line_count(text: &str) -> usize {
    text.split('\n').count()
}

/// The UTF-16 offset of the 1-based `line` and `column` in `text`, as
/// `HTMLTextAreaElement.setSelectionRange` wants it. Positions past the end of a line stop
/// at its end; lines past the end of the text stop at the end of the text.
pub fn utf16_offset(text: &str, line: usize, column: usize) -> u32 {
    let mut offset = 0usize;
    for (index, content) in text.split('\n').enumerate() {
        if index + 1 >= line {
            let within: usize = content
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf16)
                .sum();
            return to_u32(offset + within);
        }
        offset += content.encode_utf16().count() + 1;
    }
    to_u32(text.encode_utf16().count())
}

/// The byte offset in `text` of the UTF-16 offset `utf16` (a caret position), clamped to the
/// text and to a character boundary.
pub fn byte_offset(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

fn to_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, line: usize, column: usize, expected: u32) {
        assert_eq!(
            utf16_offset(text, line, column),
            expected,
            "{text:?} {line}:{column}"
        );
    }

    #[test]
    fn offsets() {
        check("", 1, 1, 0);
        check("abc\ndef", 1, 1, 0);
        check("abc\ndef", 1, 3, 2);
        check("abc\ndef", 2, 1, 4);
        check("abc\ndef", 2, 3, 6);
        // Past the end of a line or of the text.
        check("abc\ndef", 1, 99, 3);
        check("abc\ndef", 9, 1, 7);
        // Line 0 and column 0 mean the start.
        check("abc\ndef", 0, 0, 0);
        // Characters outside the BMP count two UTF-16 units; accents one.
        check("é😀x\ny", 1, 3, 3);
        check("é😀x\ny", 2, 1, 5);
    }

    #[test]
    fn byte_offsets_of_carets() {
        assert_eq!(byte_offset("abc", 0), 0);
        assert_eq!(byte_offset("abc", 2), 2);
        assert_eq!(byte_offset("abc", 9), 3);
        // é is 2 bytes and 1 unit; 😀 is 4 bytes and 2 units.
        assert_eq!(byte_offset("é😀x", 1), 2);
        assert_eq!(byte_offset("é😀x", 3), 6);
        // Inside a surrogate pair: the character's end.
        assert_eq!(byte_offset("😀x", 1), 4);
    }

    #[test]
    fn lines() {
        assert_eq!(line_count(""), 1);
        assert_eq!(line_count("a"), 1);
        assert_eq!(line_count("a\n"), 2);
        assert_eq!(line_count("a\nb\nc"), 3);
    }
}

/// What a piece of YAML is, for the editor's colours.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tok {
    Plain,
    Comment,
    Key,
    /// A quoted string, or a line of a block scalar (`|`, `>`).
    Str,
    /// A number, `true`, `false`, `null` or `~`.
    Literal,
    /// `-`, `:`, `---`, `|`, `>`, brackets and commas.
    Punct,
    /// An anchor `&a`, alias `*a` or tag `!t`.
    Anchor,
}

impl Tok {
    /// The CSS class of the span (`None`: plain text).
    pub fn class(self) -> Option<&'static str> {
        Some(match self {
            Tok::Plain => return None,
            Tok::Comment => "t-comment",
            Tok::Key => "t-key",
            Tok::Str => "t-str",
            Tok::Literal => "t-lit",
            Tok::Punct => "t-punct",
            Tok::Anchor => "t-anchor",
        })
    }
}

/// Splits YAML text into coloured pieces, line by line (the pieces, joined, are the text).
/// A lexical approximation for colours only: the core's parser decides what the text means.
pub fn highlight(text: &str) -> Vec<(Tok, &str)> {
    let mut out = Vec::new();
    // Inside a block scalar: the indentation of the line that opened it.
    let mut block: Option<usize> = None;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push((Tok::Plain, "\n"));
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block {
            if line.trim().is_empty() || indent > parent {
                out.push((Tok::Str, line));
                continue;
            }
            block = None;
        }
        if highlight_line(line, &mut out) {
            block = Some(indent);
        }
    }
    out.retain(|(_, s)| !s.is_empty());
    out
}

/// One line; returns whether it opens a block scalar.
fn highlight_line<'a>(line: &'a str, out: &mut Vec<(Tok, &'a str)>) -> bool {
    let body = line.trim_start_matches(' ');
    out.push((Tok::Plain, &line[..line.len() - body.len()]));
    let mut rest = body;
    if rest.starts_with('#') {
        out.push((Tok::Comment, rest));
        return false;
    }
    for marker in ["---", "..."] {
        if rest == marker || rest.starts_with(&format!("{marker} ")) {
            out.push((Tok::Punct, &rest[..3]));
            rest = &rest[3..];
            return value(rest, out);
        }
    }
    // Sequence dashes, possibly several (`- - a`).
    while rest == "-" || rest.starts_with("- ") {
        out.push((Tok::Punct, &rest[..1]));
        let after = rest[1..].trim_start_matches(' ');
        out.push((Tok::Plain, &rest[1..rest.len() - after.len()]));
        rest = after;
    }
    if let Some(colon) = key_end(rest) {
        out.push((Tok::Key, &rest[..colon]));
        out.push((Tok::Punct, ":"));
        rest = &rest[colon + 1..];
    }
    value(rest, out)
}

/// Where a `key:` ends (the colon's index), if `text` starts with a key.
fn key_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    match bytes.first() {
        None | Some(b'#' | b'[' | b'{' | b'&' | b'*' | b'!' | b'|' | b'>') => return None,
        Some(&q @ (b'"' | b'\'')) => {
            i = 1;
            while i < bytes.len() && bytes[i] != q {
                i += if q == b'"' && bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        }
        _ => {}
    }
    while i < bytes.len() {
        match bytes[i] {
            b':' if bytes.get(i + 1).is_none_or(|b| *b == b' ') => return Some(i),
            b'#' if i > 0 && bytes[i - 1] == b' ' => return None,
            _ => i += 1,
        }
    }
    None
}

/// A value after `key:` or `- `; returns whether it opens a block scalar.
fn value<'a>(text: &'a str, out: &mut Vec<(Tok, &'a str)>) -> bool {
    let mut rest = text;
    let mut opens_block = false;
    while !rest.is_empty() {
        let start = rest.trim_start_matches(' ');
        out.push((Tok::Plain, &rest[..rest.len() - start.len()]));
        rest = start;
        let Some(first) = rest.chars().next() else {
            break;
        };
        let len = match first {
            '#' => {
                out.push((Tok::Comment, rest));
                return opens_block;
            }
            '"' | '\'' => {
                let bytes = rest.as_bytes();
                let mut i = 1;
                while i < bytes.len() && bytes[i] != first as u8 {
                    i += if first == '"' && bytes[i] == b'\\' {
                        2
                    } else {
                        1
                    };
                }
                out.push((Tok::Str, &rest[..(i + 1).min(rest.len())]));
                (i + 1).min(rest.len())
            }
            '&' | '*' | '!' => {
                let end = rest.find([' ', ',', ']', '}']).unwrap_or(rest.len());
                out.push((Tok::Anchor, &rest[..end]));
                end
            }
            '[' | ']' | '{' | '}' | ',' => {
                out.push((Tok::Punct, &rest[..1]));
                1
            }
            '|' | '>' => {
                let end = rest.find(' ').unwrap_or(rest.len());
                out.push((Tok::Punct, &rest[..end]));
                opens_block = true;
                end
            }
            _ => {
                // A plain scalar: up to a comment, or a flow punctuation inside brackets.
                let end = rest
                    .find(" #")
                    .into_iter()
                    .chain(rest.find([',', ']', '}']))
                    .min()
                    .unwrap_or(rest.len())
                    .max(1);
                let word = rest[..end].trim_end();
                let tok = if is_literal(word) {
                    Tok::Literal
                } else {
                    Tok::Plain
                };
                out.push((tok, &rest[..end]));
                end
            }
        };
        rest = &rest[len..];
    }
    opens_block
}

fn is_literal(word: &str) -> bool {
    matches!(
        word,
        "true" | "false" | "True" | "False" | "TRUE" | "FALSE" | "null" | "Null" | "NULL" | "~"
    ) || word.parse::<i64>().is_ok()
        || (word.parse::<f64>().is_ok()
            && word
                .bytes()
                .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)))
}

/// What Enter inserts after `line` (the text of the line before the caret): a newline and
/// the indentation the next line most likely wants: the same as this line's, inside a list
/// item aligned with its content, and two more after `key:` or a block scalar's `|`/`>`.
pub fn newline_indent(line: &str) -> String {
    let body = line.trim_start_matches(' ');
    let mut indent = line.len() - body.len();
    if body.trim_end() == "-" {
        // A bare dash: the item's content goes on the next line, indented past the dash.
        return format!("\n{}", " ".repeat(indent + 2));
    }
    let mut content = body;
    while content.starts_with("- ") {
        let after = content[1..].trim_start_matches(' ');
        indent += content.len() - after.len();
        content = after;
    }
    let code = match content.find(" #") {
        Some(i) => &content[..i],
        None if content.starts_with('#') => "",
        None => content,
    }
    .trim_end();
    let opens = code.ends_with(':')
        || matches!(
            code.rsplit(' ').next(),
            Some("|" | ">" | "|-" | ">-" | "|+" | ">+")
        );
    if opens {
        indent += 2;
    }
    format!("\n{}", " ".repeat(indent))
}

#[cfg(test)]
mod highlight_tests {
    use super::*;

    fn toks(text: &str) -> Vec<(Tok, &str)> {
        highlight(text)
    }

    #[test]
    fn keys_values_and_comments() {
        use Tok::*;
        assert_eq!(
            toks("replicas: 2 # by default is 1"),
            [
                (Key, "replicas"),
                (Punct, ":"),
                (Plain, " "),
                (Literal, "2"),
                (Plain, " "),
                (Comment, "# by default is 1")
            ]
        );
        assert_eq!(
            toks("  serviceName: \"nginx\""),
            [
                (Plain, "  "),
                (Key, "serviceName"),
                (Punct, ":"),
                (Plain, " "),
                (Str, "\"nginx\"")
            ]
        );
        assert_eq!(
            toks("- name: web"),
            [
                (Punct, "-"),
                (Plain, " "),
                (Key, "name"),
                (Punct, ":"),
                (Plain, " "),
                (Plain, "web")
            ]
        );
        assert_eq!(toks("---"), [(Punct, "---")]);
        assert_eq!(toks("# note: not a key"), [(Comment, "# note: not a key")]);
        assert_eq!(
            toks("image: nginx:1.9.1"),
            [
                (Key, "image"),
                (Punct, ":"),
                (Plain, " "),
                (Plain, "nginx:1.9.1")
            ]
        );
        assert_eq!(
            toks("a: &x [1, b]"),
            [
                (Key, "a"),
                (Punct, ":"),
                (Plain, " "),
                (Anchor, "&x"),
                (Plain, " "),
                (Punct, "["),
                (Literal, "1"),
                (Punct, ","),
                (Plain, " "),
                (Plain, "b"),
                (Punct, "]")
            ]
        );
    }

    #[test]
    fn block_scalars_are_strings_until_the_indentation_drops() {
        use Tok::*;
        assert_eq!(
            toks("data: |\n  a: b\n\n  c\nnext: 1"),
            [
                (Key, "data"),
                (Punct, ":"),
                (Plain, " "),
                (Punct, "|"),
                (Plain, "\n"),
                (Str, "  a: b"),
                (Plain, "\n"),
                (Plain, "\n"),
                (Str, "  c"),
                (Plain, "\n"),
                (Key, "next"),
                (Punct, ":"),
                (Plain, " "),
                (Literal, "1"),
            ]
        );
    }

    #[test]
    fn pieces_join_to_the_text() {
        for text in [
            "a: 'unterminated",
            "k: \"esc \\\" q\" # c",
            "- - x",
            "{a: 1}",
            "é: ü # ñ",
            "x:y",
            ":",
            "- |\n  t",
        ] {
            let joined: String = highlight(text).iter().map(|(_, s)| *s).collect();
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn enter_keeps_or_deepens_the_indentation() {
        assert_eq!(newline_indent("spec:"), "\n  ");
        assert_eq!(newline_indent("  replicas: 2"), "\n  ");
        assert_eq!(newline_indent("      - name: nginx"), "\n        ");
        assert_eq!(newline_indent("        ports:"), "\n          ");
        assert_eq!(newline_indent("  - ports: # the ports"), "\n      ");
        assert_eq!(newline_indent("  script: |"), "\n    ");
        assert_eq!(newline_indent("  # a comment:"), "\n  ");
        assert_eq!(newline_indent("    -"), "\n      ");
        assert_eq!(newline_indent(""), "\n");
    }
}
