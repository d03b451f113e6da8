//! Share links: a whole scenario inside a URL fragment, so that a link never depends on a
//! server and never rots.
//!
//! A link is `BASE#v1:PAYLOAD` followed by plain, human-editable options, each `&key=value`
//! (`&t=95&view=dns`). `PAYLOAD` is the scenario file's text (`shared/spec/commands.md`)
//! in UTF-8, compressed as a zlib stream (deflate level 9 with its Adler-32 checksum, RFC
//! 1950) and written in unpadded base64url (RFC 4648 §5). The `v1:` prefix names that codec
//! and that payload; a later format takes a new prefix and every `v1` link keeps decoding
//! as it does today (a test freezes one).
//!
//! A link is hostile data: it is refused past [`MAX_LINK_CHARS`] characters, its payload
//! past [`MAX_DECODED_BYTES`] (checked while inflating, so a decompression bomb stops
//! there), and every way it can be broken has its own message. Decoding never runs or
//! renders anything; the caller parses the text as a scenario like any other.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use miniz_oxide::inflate::TINFLStatus;

use crate::session::ScenarioTimings;

/// The longest fragment a link may have, in characters.
pub const MAX_LINK_CHARS: usize = 32_768;
/// The most text a link may decode to, in bytes.
pub const MAX_DECODED_BYTES: usize = 256 * 1024;
/// The format this version writes.
pub const VERSION: &str = "v1";

/// base64url without padding when writing; padding tolerated when reading (a hand-copied
/// link may have gained it).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// What a link carries: the scenario text and the options after it, in link order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub scenario: String,
    pub options: Vec<(String, String)>,
}

impl Shared {
    /// The value of option `key` (the last one if it is given twice).
    pub fn option(&self, key: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `t=`: the simulated time the link was shared at, in milliseconds (`t=95` or
    /// `t=95.25`, in seconds). `Err` names what is wrong with it.
    pub fn time_ms(&self) -> Result<Option<u64>, String> {
        self.option("t").map(parse_seconds).transpose()
    }
}

/// Why a link could not be read. The message is meant for the person who opened it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    pub message: String,
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn fail<T>(message: impl Into<String>) -> Result<T, LinkError> {
    Err(LinkError {
        message: message.into(),
    })
}

/// The fragment (without `#`) for `scenario` and `options`: `v1:PAYLOAD&key=value...`.
/// Option values are written as given; they are meant to be short words and numbers.
pub fn fragment(scenario: &str, options: &[(&str, &str)]) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(scenario.as_bytes(), 9);
    let mut out = format!("{VERSION}:{}", BASE64.encode(compressed));
    for (key, value) in options {
        out.push('&');
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// The whole link: `base` (the playground's address, any fragment of it dropped), `#`,
/// then [`fragment`].
pub fn link(base: &str, scenario: &str, options: &[(&str, &str)]) -> String {
    let base = base.split('#').next().unwrap_or_default();
    format!("{base}#{}", fragment(scenario, options))
}

/// Reads a link, a fragment with or without its `#`, or a bare `v1:...` payload.
pub fn decode(link: &str) -> Result<Shared, LinkError> {
    let link = link.trim();
    let fragment = match link.split_once('#') {
        Some((_, f)) => f,
        None if link.contains("://") => {
            return fail("The link carries no scenario: it has no # part (a playground link has #v1: and the scenario after it).");
        }
        None => link,
    };
    let chars = fragment.chars().count();
    if chars > MAX_LINK_CHARS {
        return fail(format!(
            "The link is too long: {chars} characters after #, more than the {MAX_LINK_CHARS} a playground link may have. Share the scenario as a file instead."
        ));
    }
    let head = fragment.split('&').next().unwrap_or_default();
    let options = options(fragment);
    let Some((version, payload)) = head.split_once(':') else {
        return fail(if head.is_empty() {
            "The link carries no scenario: nothing follows # (a playground link has #v1: and the scenario after it).".to_string()
        } else {
            "This is not a playground link: the part after # does not start with v1: (the format and its version).".to_string()
        });
    };
    if version != VERSION {
        let newer = version
            .strip_prefix('v')
            .and_then(|n| n.parse::<u32>().ok());
        return fail(match newer {
            Some(n) if n > 1 => format!(
                "This link is in format {version}, newer than this playground, which reads v1 links. Open it in the playground that made it."
            ),
            _ => format!("This is not a playground link: \"{version}:\" is not a format the playground knows (links start with v1:)."),
        });
    }
    let bytes = match BASE64.decode(payload) {
        Ok(b) => b,
        Err(base64::DecodeError::InvalidByte(at, byte)) => {
            let shown = payload[at..].chars().next().unwrap_or(byte as char);
            return fail(format!(
                "The link is damaged: character {} of the scenario, '{}', cannot appear in a link's base64url text. Was the link copied whole?",
                at + 1,
                shown.escape_default()
            ));
        }
        Err(_) => {
            return fail(
                "The link is damaged: its base64url text has a length no encoder writes, so its end is missing. Was the link copied whole?",
            )
        }
    };
    let text = match miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(
        &bytes,
        MAX_DECODED_BYTES,
    ) {
        Ok(t) => t,
        Err(e) => {
            return fail(match e.status {
                TINFLStatus::HasMoreOutput => format!(
                    "The link's scenario is too large: it decodes to more than {} KiB, the most a link may carry. Share the scenario as a file instead.",
                    MAX_DECODED_BYTES / 1024
                ),
                TINFLStatus::Adler32Mismatch => {
                    "The link is damaged: its checksum does not match its content, so a character was changed on the way. The scenario was not opened, so that nothing is altered silently.".to_string()
                }
                TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                    "The link is cut short: its compressed scenario ends before it is complete. Was the link copied whole?".to_string()
                }
                _ => "The link is damaged: its scenario is not valid compressed data, so a character was changed on the way.".to_string(),
            })
        }
    };
    match String::from_utf8(text) {
        Ok(scenario) => Ok(Shared { scenario, options }),
        Err(_) => fail("The link is damaged: its scenario is not UTF-8 text."),
    }
}

/// The options after a link's payload (`&view=dns&t=95` gives `view`, `t`), read even when
/// the payload itself is broken. An option without `=` has an empty value.
pub fn options(link: &str) -> Vec<(String, String)> {
    let fragment = link.split_once('#').map_or(link, |(_, f)| f);
    fragment
        .split('&')
        .skip(1)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.to_string(), String::new()),
        })
        .collect()
}

/// `95`, `95.5` or `95.125` seconds as milliseconds.
fn parse_seconds(text: &str) -> Result<u64, String> {
    let bad = || format!("t={text} is not a time in seconds (for example t=95 or t=95.5)");
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 3 || whole.len() > 9 {
        return Err(bad());
    }
    let ms: u64 = format!("{frac:0<3}").parse().map_err(|_| bad())?;
    Ok(whole.parse::<u64>().map_err(|_| bad())? * 1000 + ms)
}

/// `ms` as the seconds of a `t=` option: `95`, `95.5`, `95.125`.
pub fn seconds_text(ms: u64) -> String {
    let (s, frac) = (ms / 1000, ms % 1000);
    if frac == 0 {
        return s.to_string();
    }
    let frac = format!("{frac:03}");
    format!("{s}.{}", frac.trim_end_matches('0'))
}

/// A scenario file (`shared/spec/commands.md`) for `manifests` and `commands`, written so
/// that reading it back gives exactly the same text and lines: the manifests as a literal
/// block when YAML can carry them byte for byte, otherwise as a double-quoted string.
pub fn scenario_text(
    manifests: &str,
    timings: Option<&ScenarioTimings>,
    commands: &[String],
) -> String {
    let mut out = String::from("manifests:");
    if manifests.is_empty() {
        out.push_str(" \"\"\n");
    } else if let Some(block) = literal_block(manifests) {
        out.push_str(&block);
    } else {
        out.push(' ');
        out.push_str(&double_quoted(manifests));
        out.push('\n');
    }
    if let Some(t) = timings {
        out.push_str("timings:\n");
        let fields = [
            ("scheduled", &t.scheduled),
            ("ip", &t.ip),
            ("running", &t.running),
            ("terminating", &t.terminating),
        ];
        for (key, value) in fields {
            if let Some(v) = value {
                out.push_str(&format!("  {key}: {}\n", double_quoted(v)));
            }
        }
    }
    if !commands.is_empty() {
        out.push_str("commands:\n");
        for c in commands {
            out.push_str("- ");
            if plain_safe(c) {
                out.push_str(c);
            } else {
                out.push_str(&double_quoted(c));
            }
            out.push('\n');
        }
    }
    out
}

/// ` |2-` and the indented lines, when a literal block keeps `text` exactly.
fn literal_block(text: &str) -> Option<String> {
    // Characters a YAML reader changes or refuses inside a block: carriage returns and the
    // other line breaks (NEL, LS, PS), the byte-order mark, control characters but tab.
    if text
        .chars()
        .any(|c| c != '\n' && c != '\t' && needs_escape(c))
    {
        return None;
    }
    let body = text.trim_end_matches('\n');
    let trailing = text.len() - body.len();
    // A block whose content is only line breaks cannot say how many it has.
    if body.is_empty() {
        return None;
    }
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    // The indentation is given, so leading spaces and blank first lines stay content.
    let mut out = format!(" |2{chomp}\n");
    for line in body.split('\n') {
        if !line.is_empty() {
            out.push_str("  ");
            out.push_str(line);
        }
        out.push('\n');
    }
    for _ in 1..trailing {
        out.push('\n');
    }
    Some(out)
}

/// A command that reads back as the same string without quotes.
fn plain_safe(s: &str) -> bool {
    let first = s.chars().next();
    first.is_some_and(|c| c.is_ascii_alphabetic())
        && s.contains(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " ._/=@+,-".contains(c))
}

/// Characters YAML changes or refuses when written as they are: control characters, the
/// line breaks NEL, LS and PS, the byte-order mark and the non-characters U+FFFE, U+FFFF.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// A YAML double-quoted scalar holding exactly `s`.
fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_round_trip() {
        assert_eq!(parse_seconds("95"), Ok(95_000));
        assert_eq!(parse_seconds("95.5"), Ok(95_500));
        assert_eq!(parse_seconds("0.125"), Ok(125));
        assert!(parse_seconds("1.2345").is_err());
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("").is_err());
        assert!(parse_seconds("1e3").is_err());
        assert_eq!(seconds_text(95_000), "95");
        assert_eq!(seconds_text(95_500), "95.5");
        assert_eq!(seconds_text(125), "0.125");
    }

    #[test]
    fn commands_are_quoted_unless_plain_reads_them_back() {
        assert!(plain_safe("kubectl delete pod web-0"));
        assert!(plain_safe("sleep 30s"));
        assert!(!plain_safe("exit"));
        assert!(!plain_safe("kubectl patch sts web --type=merge -p '{}'"));
        assert!(!plain_safe("nslookup a # b"));
        assert!(!plain_safe("- a"));
    }
}
