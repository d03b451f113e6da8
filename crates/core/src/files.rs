//! The files that commands write inside pods, each kept on the volume that holds it: a
//! claim's volume (so it outlives the pod and comes back with the next pod of the
//! same name, the point of a StatefulSet's stable storage), a pod's emptyDir or its
//! container's own layer (both gone with the pod).
//!
//! Only what commands wrote is stored; of an image's own files, nginx's stock `index.html` is
//! known (`PodFs::stock`).

use std::collections::BTreeMap;

/// The cap on what the pods' files hold in all, in bytes: a runaway loop of `>>` writes is
/// refused with `No space left on device` instead of filling the tab's memory.
pub const MAX_BYTES: usize = 1 << 20;

/// Where one path of a pod's filesystem lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// The mount path, without a trailing `/`.
    pub path: String,
    /// The store key of the volume: `claim:UID` for a claim's, `pod:UID:VOLUME` for a
    /// volume that lives and dies with its pod (emptyDir, a claim that does not exist).
    pub volume: String,
    /// configMap, secret, projected and downwardAPI volumes, and `readOnly: true` mounts.
    pub read_only: bool,
}

/// A pod's filesystem as commands see it: its mounts and its container layer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PodFs {
    pub mounts: Vec<Mount>,
    /// The store key of the container's own layer (`pod:UID`, `client:NS/NAME`).
    pub layer: String,
    /// Whether the image is nginx's (its `/usr/share/nginx/html` and stock `index.html`).
    pub nginx: Option<NginxImage>,
}

/// Which nginx an image runs: the version of an official `nginx:X.Y.Z` tag, when it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NginxImage {
    pub version: Option<(u32, u32, u32)>,
}

impl NginxImage {
    /// The nginx of `image`, if it is one (any image whose name contains `nginx`).
    pub fn of(image: &str) -> Option<NginxImage> {
        let name = image.rsplit('/').next().unwrap_or(image);
        if !name.contains("nginx") {
            return None;
        }
        let version = name.strip_prefix("nginx:").and_then(|tag| {
            let tag = tag.split('-').next().unwrap_or(tag);
            let mut parts = tag.split('.').map(|p| p.parse::<u32>().ok());
            Some((
                parts.next()??,
                parts.next()??,
                parts.next().flatten().unwrap_or(0),
            ))
        });
        Some(NginxImage { version })
    }

    /// The `Server`/error-page token: `nginx/1.9.1` for an official versioned tag, else
    /// `nginx` (the playground does not know which nginx another image carries).
    pub fn token(&self) -> String {
        match self.version {
            Some((a, b, c)) => format!("nginx/{a}.{b}.{c}"),
            None => "nginx".into(),
        }
    }
}

/// Why a write failed, in the shell's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    NoDirectory,
    ReadOnly,
    IsDirectory,
    NoSpace,
}

/// The directories every image has (and nginx's, for nginx images).
const IMAGE_DIRS: [&str; 10] = [
    "/",
    "/bin",
    "/dev",
    "/etc",
    "/home",
    "/root",
    "/tmp",
    "/usr",
    "/usr/share",
    "/var",
];
const NGINX_HTML: &str = "/usr/share/nginx/html";

/// The files all pods' commands have written, by volume.
#[derive(Debug, Clone, Default)]
pub struct Disks {
    /// `VOLUME\nPATH-IN-VOLUME` → content (one map for all volumes keeps the bundle small).
    files: BTreeMap<String, String>,
    bytes: usize,
}

/// `path` made absolute (the images' working directory is `/`), `.` and `..` resolved.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

impl PodFs {
    /// The volume holding `path` (absolute, normalized) and the path within it.
    fn locate(&self, path: &str) -> (&str, String, bool) {
        let hit = self
            .mounts
            .iter()
            .filter(|m| path == m.path || path.starts_with(&format!("{}/", m.path)))
            .max_by_key(|m| m.path.len());
        match hit {
            Some(m) => (&m.volume, path[m.path.len()..].to_string(), m.read_only),
            None => (&self.layer, path.to_string(), false),
        }
    }

    /// Whether `dir` is a directory of this pod (no `mkdir`: mounts, their parents, and
    /// the image's own directories).
    pub fn is_dir(&self, dir: &str) -> bool {
        IMAGE_DIRS.contains(&dir)
            || (self.nginx.is_some() && (dir == NGINX_HTML || dir == "/usr/share/nginx"))
            || self
                .mounts
                .iter()
                .any(|m| m.path == dir || m.path.starts_with(&format!("{dir}/")))
    }

    /// Whether `path` is the stock `index.html` of an nginx image, not hidden by a mount.
    fn stock(&self, path: &str) -> Option<&'static str> {
        let nginx = self.nginx.as_ref()?;
        if path != "/usr/share/nginx/html/index.html" {
            return None;
        }
        let (volume, _, _) = self.locate(path);
        (volume == self.layer).then(|| welcome_page(nginx))
    }
}

impl Disks {
    /// The content of `path` in `fs`: what a command wrote there, else the image's own file.
    pub fn read(&self, fs: &PodFs, path: &str) -> Option<String> {
        let path = normalize(path);
        let (volume, rel, _) = fs.locate(&path);
        self.files
            .get(&format!("{volume}\n{rel}"))
            .cloned()
            .or_else(|| fs.stock(&path).map(str::to_string))
    }

    /// Writes (or appends) `text` to `path` in `fs`.
    pub fn write(
        &mut self,
        fs: &PodFs,
        path: &str,
        text: &str,
        append: bool,
    ) -> Result<(), WriteError> {
        let path = normalize(path);
        if path == "/dev/null" {
            return Ok(());
        }
        if fs.is_dir(&path) {
            return Err(WriteError::IsDirectory);
        }
        if !fs.is_dir(parent(&path)) {
            return Err(WriteError::NoDirectory);
        }
        let (volume, rel, read_only) = fs.locate(&path);
        if read_only {
            return Err(WriteError::ReadOnly);
        }
        let key = format!("{volume}\n{rel}");
        let old = match (append, self.files.get(&key)) {
            (true, Some(old)) => old.clone(),
            (true, None) => fs.stock(&path).unwrap_or_default().to_string(),
            (false, _) => String::new(),
        };
        let replaced = self.files.get(&key).map_or(0, String::len);
        if self.bytes - replaced + old.len() + text.len() > MAX_BYTES {
            return Err(WriteError::NoSpace);
        }
        self.bytes = self.bytes - replaced + old.len() + text.len();
        self.files.insert(key, old + text);
        Ok(())
    }

    /// The names in directory `dir` of `fs`, sorted: what commands wrote there (one level)
    /// and the image's stock files.
    pub fn list(&self, fs: &PodFs, dir: &str) -> Vec<String> {
        let dir = normalize(dir);
        // Kept sorted as it grows (the store's keys come in order): no sort in the bundle.
        let mut names: Vec<String> = Vec::new();
        let mut add = |name: String| {
            if let Err(i) = names.binary_search(&name) {
                names.insert(i, name);
            }
        };
        let (volume, rel, _) = fs.locate(&dir);
        let prefix = format!("{volume}\n{}/", rel.trim_end_matches('/'));
        for key in self.files.keys().filter(|k| k.starts_with(&prefix)) {
            let rest = &key[prefix.len()..];
            if !rest.is_empty() && !rest.contains('/') {
                add(rest.to_string());
            }
        }
        if fs.stock(&format!("{dir}/index.html")).is_some() {
            add("index.html".into());
            add("50x.html".into());
        }
        for m in &fs.mounts {
            if parent(&m.path) == dir {
                add(m.path[dir.len()..].trim_start_matches('/').to_string());
            }
        }
        names
    }
}

/// The stock `index.html` of nginx's image: the page with `color-scheme` since 1.21 (as
/// 1.29.3 serves it), the older one before.
fn welcome_page(nginx: &NginxImage) -> &'static str {
    match nginx.version {
        Some(v) if v < (1, 21, 0) => WELCOME_OLD,
        _ => WELCOME,
    }
}

const WELCOME: &str = "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";

const WELCOME_OLD: &str = "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";

/// nginx's own error page for `status` (`403 Forbidden`, `404 Not Found`).
pub fn nginx_error_page(nginx: &NginxImage, status: &str) -> String {
    format!(
        "<html>\n<head><title>{status}</title></head>\n<body>\n<center><h1>{status}</h1></center>\n<hr><center>{}</center>\n</body>\n</html>\n",
        nginx.token()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fs() -> PodFs {
        PodFs {
            mounts: vec![Mount {
                path: NGINX_HTML.into(),
                volume: "claim:uid-9".into(),
                read_only: false,
            }],
            layer: "pod:uid-1".into(),
            nginx: NginxImage::of("registry.k8s.io/nginx-slim:0.21"),
        }
    }

    #[test]
    fn a_file_on_a_claim_outlives_the_pod() {
        let mut d = Disks::default();
        d.write(&fs(), "/usr/share/nginx/html/index.html", "web-0\n", false)
            .unwrap();
        d.write(&fs(), "/tmp/x", "layer\n", false).unwrap();
        let next = PodFs {
            layer: "pod:uid-2".into(),
            ..fs()
        };
        assert_eq!(
            d.read(&next, "/usr/share/nginx/html/index.html").as_deref(),
            Some("web-0\n")
        );
        assert_eq!(d.read(&next, "/tmp/x"), None);
        assert_eq!(d.read(&fs(), "/tmp/../tmp/./x").as_deref(), Some("layer\n"));
    }

    #[test]
    fn writes_need_a_directory_and_a_writable_volume() {
        let mut d = Disks::default();
        let mut f = fs();
        assert_eq!(
            d.write(&f, "/nope/x", "", false),
            Err(WriteError::NoDirectory)
        );
        assert_eq!(d.write(&f, "/tmp", "", false), Err(WriteError::IsDirectory));
        f.mounts[0].read_only = true;
        assert_eq!(
            d.write(&f, "/usr/share/nginx/html/a", "", false),
            Err(WriteError::ReadOnly)
        );
        let big = "x".repeat(MAX_BYTES);
        assert_eq!(d.write(&f, "/tmp/a", "y", false), Ok(()));
        assert_eq!(d.write(&f, "/tmp/b", &big, false), Err(WriteError::NoSpace));
        assert_eq!(d.write(&f, "/tmp/a", &big[1..], false), Ok(()));
    }

    #[test]
    fn the_stock_page_shows_unless_a_volume_hides_it() {
        let d = Disks::default();
        assert_eq!(d.read(&fs(), "/usr/share/nginx/html/index.html"), None);
        let plain = PodFs {
            mounts: vec![],
            ..fs()
        };
        let page = d.read(&plain, "/usr/share/nginx/html/index.html").unwrap();
        assert!(page.contains("html { color-scheme: light dark; }"));
        let old = PodFs {
            nginx: NginxImage::of("nginx:1.9.1"),
            ..plain
        };
        let page = d.read(&old, "/usr/share/nginx/html/index.html").unwrap();
        assert!(!page.contains("color-scheme"));
        assert_eq!(d.list(&old, NGINX_HTML), ["50x.html", "index.html"]);
    }

    #[test]
    fn image_versions() {
        assert_eq!(
            NginxImage::of("nginx:1.9.1").unwrap().token(),
            "nginx/1.9.1"
        );
        assert_eq!(NginxImage::of("nginx").unwrap().token(), "nginx");
        assert_eq!(NginxImage::of("busybox:1.28"), None);
    }
}
