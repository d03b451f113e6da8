//! A scenario's transcript pre-rendered for documentation (`stsplay render`): Markdown or
//! an HTML fragment, so that a docs page shows the right output before, or without, the
//! playground's wasm. Both carry the scenario's share link ("Open in the playground").
//!
//! The HTML is a fragment to paste into a page: every piece of scenario text in it is
//! escaped, and it has no script, style or external reference.

use crate::session::{Output, Scenario};

/// Markdown: the title as a heading, the description as it is (it is Markdown already), the
/// manifests in a `yaml` block, the transcript in a `console` block, then the link.
pub fn markdown(scenario: &Scenario, outputs: &[Output], link: &str) -> String {
    let mut out = String::new();
    if let Some(title) = &scenario.title {
        out.push_str(&format!("## {}\n\n", title.trim()));
    }
    if let Some(description) = &scenario.description {
        out.push_str(description.trim_end());
        out.push_str("\n\n");
    }
    if !scenario.manifests.trim().is_empty() {
        out.push_str(&fenced("yaml", &scenario.manifests));
        out.push('\n');
    }
    out.push_str(&fenced("console", &crate::session::transcript(outputs)));
    out.push_str(&format!("\n[Open in the playground]({link})\n"));
    out
}

/// A fenced code block whose fence is longer than any run of backticks in `text`.
fn fenced(info: &str, text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let body = if text.ends_with('\n') {
        text.to_string()
    } else {
        format!("{text}\n")
    };
    format!("{fence}{info}\n{body}{fence}\n")
}

/// An HTML fragment: a `<section class="stsplay-scenario">` with the title, the description
/// (its paragraphs as text), the manifests, the transcript (commands, stdout and stderr in
/// their own spans) and the link.
pub fn html(scenario: &Scenario, outputs: &[Output], link: &str) -> String {
    let mut out = String::from("<section class=\"stsplay-scenario\">\n");
    if let Some(title) = &scenario.title {
        out.push_str(&format!("<h2>{}</h2>\n", escape(title.trim())));
    }
    if let Some(description) = &scenario.description {
        for paragraph in description.split("\n\n").filter(|p| !p.trim().is_empty()) {
            out.push_str(&format!("<p>{}</p>\n", escape(paragraph.trim())));
        }
    }
    if !scenario.manifests.trim().is_empty() {
        out.push_str(&format!(
            "<pre class=\"stsplay-manifests\"><code class=\"language-yaml\">{}</code></pre>\n",
            escape(&scenario.manifests)
        ));
    }
    out.push_str("<pre class=\"stsplay-transcript\"><code>");
    for o in outputs {
        let prompt = o.prompt.as_deref().unwrap_or("$ ");
        out.push_str(&format!(
            "<span class=\"stsplay-command\">{}{}</span>\n",
            escape(prompt),
            escape(&o.command)
        ));
        out.push_str(&escape(&o.stdout));
        if !o.stderr.is_empty() {
            out.push_str(&format!(
                "<span class=\"stsplay-stderr\">{}</span>",
                escape(&o.stderr)
            ));
        }
    }
    out.push_str("</code></pre>\n");
    out.push_str(&format!(
        "<p><a href=\"{}\">Open in the playground</a></p>\n</section>\n",
        escape(link)
    ));
    out
}

/// Text as HTML text or attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
