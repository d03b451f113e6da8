//! The size budget: every file in `dist/` the playground page loads, raw and gzip -9, grouped
//! by kind; fails when the gzip total exceeds 448 KiB. The gallery is a page of its own
//! (static, no script), reached by a link: its files are listed apart, outside the budget.

use crate::{Result, Workspace};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The budget for the sum of the gzip -9 sizes of all files in `dist/` the page loads: a
/// guard against growth, not the goal. Issue 6 asks for 350 KB; the bundle is above it (the
/// README says by how much), so this stands a little above the current figure and comes
/// down as the bundle does. 400 KiB until share links, embeds, the editor's colours and
/// the new kinds (about +56 KB) outgrew what the size work took out (about -49 KB); 420 KiB
/// until the derived Endpoints, EndpointSlices and Namespaces, kubectl's flag checks,
/// the last-applied annotation, the repeated-key notes, what admission adds to pods, the
/// patch of a failed update, `kubectl get all`, delete by label with `--cascade=orphan` and
/// adoption, and JSON patches (about +22 KB); 436 KiB until the pods' files on their
/// volumes, the shell (`for` loops, `sh -c` with `;`, `&&`, `$( )` and redirections) and
/// nginx's `curl`, the tutorial's "Writing to Stable Storage" (about +13 KB).
pub const GZIP_BUDGET: u64 = 448 * 1024;
/// The budget as people say it.
const BUDGET_TEXT: &str = "448 KiB";

/// Files of `dist/` the playground page never loads: the gallery page and its style.
const OTHER_PAGES: [&str; 2] = ["gallery.html", "gallery.css"];

/// `cargo xtask size`: measure an existing `dist/`.
pub fn run(ws: &Workspace) -> Result<()> {
    check(ws)
}

/// Measures `dist/`, prints the table, writes `target/size-report.txt` and enforces the budget.
pub fn check(ws: &Workspace) -> Result<()> {
    let dist = ws.dist();
    if !dist.join("index.html").is_file() {
        return Err(format!(
            "size: {} has no index.html; build it first (`cargo xtask test` or `trunk build --release`)",
            dist.display()
        )
        .into());
    }
    let mut paths = Vec::new();
    list_files(&dist, &mut paths)
        .map_err(|e| format!("size: cannot read {}: {e}", dist.display()))?;
    paths.sort();
    let mut files = Vec::new();
    let mut other_pages = Vec::new();
    for path in paths {
        let bytes =
            fs::read(&path).map_err(|e| format!("size: cannot read {}: {e}", path.display()))?;
        let name = path
            .strip_prefix(&dist)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let file = FileSize {
            kind: Kind::of(&name),
            raw: bytes.len() as u64,
            gzip: gzip_len(&bytes),
            name,
        };
        if OTHER_PAGES.contains(&file.name.as_str()) {
            other_pages.push(file);
        } else {
            files.push(file);
        }
    }
    let report = Report { files, other_pages };
    let text = report.render();
    print!("{text}");
    let out = ws.root.join("target").join("size-report.txt");
    fs::create_dir_all(out.parent().unwrap_or(&ws.root))
        .and_then(|()| fs::write(&out, &text))
        .map_err(|e| format!("size: cannot write {}: {e}", out.display()))?;
    println!("size: report written to {}", out.display());
    let total = report.total_gzip();
    if total > GZIP_BUDGET {
        return Err(format!(
            "size: dist/ is {} bytes gzip -9, over the budget of {} bytes ({BUDGET_TEXT})",
            thousands(total),
            thousands(GZIP_BUDGET)
        )
        .into());
    }
    Ok(())
}

fn list_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            list_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// The length of `bytes` after gzip at the best compression level (as `gzip -9`).
fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory").len() as u64
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Wasm,
    Js,
    Html,
    Css,
    Other,
}

impl Kind {
    const ALL: [Kind; 5] = [Kind::Wasm, Kind::Js, Kind::Html, Kind::Css, Kind::Other];

    fn of(name: &str) -> Kind {
        match name
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase())
            .as_deref()
        {
            Some("wasm") => Kind::Wasm,
            Some("js" | "mjs") => Kind::Js,
            Some("html" | "htm") => Kind::Html,
            Some("css") => Kind::Css,
            _ => Kind::Other,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Wasm => "wasm",
            Kind::Js => "js",
            Kind::Html => "html",
            Kind::Css => "css",
            Kind::Other => "other",
        }
    }
}

#[derive(Debug)]
struct FileSize {
    name: String,
    kind: Kind,
    raw: u64,
    gzip: u64,
}

#[derive(Debug)]
struct Report {
    files: Vec<FileSize>,
    other_pages: Vec<FileSize>,
}

impl Report {
    fn total_gzip(&self) -> u64 {
        self.files.iter().map(|f| f.gzip).sum()
    }

    /// A Markdown table by kind (ready to paste into the README), then one row per file.
    fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "Size of dist/ (every file the playground page loads; bytes, gzip -9 per file):\n\n",
        );
        out.push_str("| kind  | files |   raw bytes | gzip -9 bytes |\n");
        out.push_str("|-------|------:|------------:|--------------:|\n");
        for kind in Kind::ALL {
            let of_kind: Vec<_> = self.files.iter().filter(|f| f.kind == kind).collect();
            if kind == Kind::Other && of_kind.is_empty() {
                continue;
            }
            let raw = of_kind.iter().map(|f| f.raw).sum();
            let gzip = of_kind.iter().map(|f| f.gzip).sum();
            out.push_str(&row(kind.label(), of_kind.len(), raw, gzip));
        }
        let raw = self.files.iter().map(|f| f.raw).sum();
        out.push_str(&row("total", self.files.len(), raw, self.total_gzip()));
        let total = self.total_gzip();
        out.push_str(&format!(
            "\ngzip budget: {} of {} bytes ({BUDGET_TEXT}) used, {}%: {}\n\nFiles:\n",
            thousands(total),
            thousands(GZIP_BUDGET),
            total * 100 / GZIP_BUDGET,
            if total <= GZIP_BUDGET {
                "OK"
            } else {
                "OVER BUDGET"
            }
        ));
        for file in &self.files {
            out.push_str(&format!(
                "  {:>11}  {:>11}  {}\n",
                thousands(file.raw),
                thousands(file.gzip),
                file.name
            ));
        }
        if !self.other_pages.is_empty() {
            out.push_str(
                "\nNot loaded by the page (the gallery, a page of its own; outside the budget):\n",
            );
            for file in &self.other_pages {
                out.push_str(&format!(
                    "  {:>11}  {:>11}  {}\n",
                    thousands(file.raw),
                    thousands(file.gzip),
                    file.name
                ));
            }
        }
        out
    }
}

fn row(label: &str, files: usize, raw: u64, gzip: u64) -> String {
    format!(
        "| {label:<5} | {files:>5} | {:>11} | {:>13} |\n",
        thousands(raw),
        thousands(gzip)
    )
}

/// `1234567` → `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_files_by_extension() {
        assert_eq!(Kind::of("stsplay-web-1a2b_bg.wasm"), Kind::Wasm);
        assert_eq!(Kind::of("stsplay-web-1a2b.js"), Kind::Js);
        assert_eq!(Kind::of("index.html"), Kind::Html);
        assert_eq!(Kind::of("style-9f.css"), Kind::Css);
        assert_eq!(Kind::of("favicon.ico"), Kind::Other);
        assert_eq!(Kind::of("LICENSE"), Kind::Other);
    }

    #[test]
    fn formats_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(409_600), "409,600");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn gzip_shrinks_repetitive_input() {
        let len = gzip_len(&[b'a'; 10_000]);
        assert!(len > 18 && len < 100, "{len}");
    }

    #[test]
    fn renders_totals_and_verdict() {
        let report = Report {
            files: vec![
                FileSize {
                    name: "a_bg.wasm".into(),
                    kind: Kind::Wasm,
                    raw: 2000,
                    gzip: 1000,
                },
                FileSize {
                    name: "a.js".into(),
                    kind: Kind::Js,
                    raw: 300,
                    gzip: 100,
                },
                FileSize {
                    name: "index.html".into(),
                    kind: Kind::Html,
                    raw: 50,
                    gzip: 40,
                },
            ],
            other_pages: vec![FileSize {
                name: "gallery.html".into(),
                kind: Kind::Html,
                raw: 9000,
                gzip: 3000,
            }],
        };
        let text = report.render();
        assert!(
            text.contains("| total |     3 |       2,350 |         1,140 |"),
            "{text}"
        );
        assert!(
            text.contains("| css   |     0 |           0 |             0 |"),
            "{text}"
        );
        assert!(!text.contains("| other"), "{text}");
        assert!(
            text.contains("outside the budget):\n        9,000        3,000  gallery.html\n"),
            "{text}"
        );
        assert!(text.contains(": OK"), "{text}");
    }
}
