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
            out.push_str(&format!("<p>{}</p>\n", inline(paragraph.trim())));
        }
    }
    if !scenario.manifests.trim().is_empty() {
        out.push_str(&format!(
            "<pre class=\"stsplay-manifests\"><code class=\"language-yaml\">{}</code></pre>\n",
            escape(&scenario.manifests)
        ));
    }
    out.push_str("<pre class=\"stsplay-transcript\"><code>");
    out.push_str(&transcript_html(outputs));
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

/// A scenario of the gallery, ready to list: its entry, the scenario, what `stsplay run`
/// prints for it and its share link.
#[derive(Debug, Clone)]
pub struct GalleryItem {
    pub entry: crate::gallery::Entry,
    pub scenario: Scenario,
    pub outputs: Vec<Output>,
    pub link: String,
}

/// The gallery page (`web/gallery.html`): a static page, no script, every scenario with its
/// English and Chinese words, its "Open in playground" link and its transcript; the tour's
/// steps first, in order. Each scenario has a stable anchor, `gallery.html#<id>`.
pub fn gallery_page(items: &[GalleryItem]) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"color-scheme\" content=\"light dark\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'\">\n\
<title>Scenario gallery · StatefulSet Playground</title>\n\
<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"gallery.css\">\n</head>\n<body>\n\
<header>\n<h1>Scenario gallery <span lang=\"zh\">场景库</span></h1>\n\
<p>Each scenario opens in the playground with its manifests and commands; its transcript below is what the playground prints for it. <span lang=\"zh\">每个场景都可在 Playground 中打开；下面的输出记录就是 Playground 为它打印的内容。</span></p>\n\
<p><a href=\"./\">Back to the playground</a> · <a href=\"./\" lang=\"zh\">返回 Playground</a></p>\n</header>\n<main>\n",
    );
    let (tour, rest): (Vec<&GalleryItem>, Vec<&GalleryItem>) =
        items.iter().partition(|i| i.entry.tour.is_some());
    let mut tour = tour;
    tour.sort_by_key(|i| i.entry.tour);
    for (heading, zh, list) in [
        ("A guided tour of the seed", "种子示例导览", tour),
        ("More scenarios", "更多场景", rest),
    ] {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "<section>\n<h2>{heading} <span lang=\"zh\">{zh}</span></h2>\n"
        ));
        for item in list {
            out.push_str(&gallery_article(item));
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn gallery_article(item: &GalleryItem) -> String {
    let entry = &item.entry;
    let step = entry
        .tour
        .map(|n| format!("<span class=\"step\">Step {n} · 第 {n} 步</span> "))
        .unwrap_or_default();
    let title = item.scenario.title.as_deref().unwrap_or(&entry.id);
    let mut out = format!(
        "<article id=\"{}\">\n<h3>{step}{}</h3>\n<p class=\"zh-title\" lang=\"zh\">{}</p>\n",
        escape(&entry.id),
        inline(title.trim()),
        inline(entry.zh.title.trim())
    );
    for (lang, text) in [
        (
            "en",
            item.scenario.description.as_deref().unwrap_or_default(),
        ),
        ("zh", entry.zh.description.as_str()),
    ] {
        for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
            out.push_str(&format!(
                "<p lang=\"{lang}\">{}</p>\n",
                inline(paragraph.trim())
            ));
        }
    }
    out.push_str(&format!(
        "<p class=\"open\"><a href=\"{}\">Open in playground · 在 Playground 中打开</a></p>\n\
<details>\n<summary>Transcript · 输出记录</summary>\n<pre><code>{}</code></pre>\n</details>\n</article>\n",
        escape(&item.link),
        transcript_html(&item.outputs)
    ));
    out
}

/// A transcript with each command line, and stderr, in its own span.
fn transcript_html(outputs: &[Output]) -> String {
    let mut out = String::new();
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
    out
}

/// Text with Markdown's `code` spans as `<code>`, everything else escaped.
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{}</code>", escape(part)));
        } else {
            out.push_str(&escape(part));
        }
    }
    // An unpaired backtick leaves the rest as code; that is still only text.
    if text.matches('`').count() % 2 == 1 {
        return escape(text);
    }
    out
}
