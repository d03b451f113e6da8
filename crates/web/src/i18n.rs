//! The interface's own words in English and Chinese. Only the page's chrome is translated:
//! what kubectl, nslookup and dig print stays as the tools print it.

/// A language of the interface.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// The language for a BCP 47 tag such as `navigator.language` (`zh-CN` → Chinese).
    pub fn from_tag(tag: &str) -> Lang {
        if tag.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("zh")) {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The value of `<html lang>` and of the language switch.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    pub(crate) fn strings(self) -> &'static Strings {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }
}

/// A string of the table below, chosen when the page is drawn or the language switches.
pub(crate) type Pick = fn(&Strings) -> &'static str;

/// Every word of the interface.
pub(crate) struct Strings {
    pub title: &'static str,
    pub tagline: &'static str,
    pub manifests: &'static str,
    pub editor_hint: &'static str,
    pub editor_label: &'static str,
    pub problems_label: &'static str,
    pub cluster: &'static str,
    pub up_to_date: &'static str,
    pub clock_prefix: &'static str,
    pub problem: &'static str,
    pub problems: &'static str,
    pub in_manifests: &'static str,
    pub stale_with: &'static str,
    pub stale_without: &'static str,
    pub place_line: &'static str,
    pub place_document: &'static str,
    pub column: &'static str,
    pub console: &'static str,
    pub console_note: &'static str,
    pub command_label: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub time: &'static str,
    pub play: &'static str,
    pub pause: &'static str,
    pub step: &'static str,
    pub scrubber: &'static str,
    pub speed: &'static str,
    pub settled: &'static str,
    pub theme: &'static str,
    pub theme_system: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    pub language: &'static str,
    pub help: &'static str,
    pub close: &'static str,
    pub shortcuts: &'static str,
    pub key_apply: &'static str,
    pub key_console: &'static str,
    pub key_help: &'static str,
    pub key_close: &'static str,
    pub key_history: &'static str,
    pub key_complete: &'static str,
    pub key_select: &'static str,
    pub as_printed: &'static str,
    /// Under a long table: `{shown}` and `{total}` are replaced by row counts.
    pub rows_shown: &'static str,
    pub nothing_to_look_up: &'static str,
    pub topology: &'static str,
    pub topology_note: &'static str,
    pub no_sets: &'static str,
    pub service: &'static str,
    pub headless: &'static str,
    pub missing: &'static str,
    pub ready: &'static str,
    pub not_ready: &'static str,
    pub not_published: &'static str,
    pub more_pods: &'static str,
    pub detail: &'static str,
    pub detail_note: &'static str,
    pub detail_gone: &'static str,
    pub explain: &'static str,
    pub applied_note: &'static str,
    pub services_note: &'static str,
    pub sets_note: &'static str,
    pub pods_note: &'static str,
    pub identities: &'static str,
    pub identities_note: &'static str,
    pub endpoints_note: &'static str,
    pub claims_note: &'static str,
    pub dns: &'static str,
    pub dns_note: &'static str,
    pub events_note: &'static str,
    pub lookups_note: &'static str,
    pub panic: &'static str,
    pub reload: &'static str,
}

pub(crate) const EN: Strings = Strings {
    title: "StatefulSet Playground",
    tagline: "Edit a headless Service and a StatefulSet; see the pods, their stable names and the DNS answers a cluster would give. Everything is simulated in your browser.",
    manifests: "Manifests",
    editor_hint: "YAML, documents separated by ---. Results update as you type.",
    editor_label: "Kubernetes manifests (YAML)",
    problems_label: "Problems in the manifests",
    cluster: "Simulated cluster",
    up_to_date: "Up to date",
    clock_prefix: "Simulated clock: ",
    problem: "problem",
    problems: "problems",
    in_manifests: " in the manifests \u{2014} ",
    stale_with: "showing the last good result (stale)",
    stale_without: "no result to show yet (stale)",
    place_line: "line ",
    place_document: "document ",
    column: "column ",
    console: "Console",
    console_note: "kubectl, nslookup, dig, sleep and sim, at the simulated time. Tab completes, \u{2191} \u{2193} recall.",
    command_label: "Command",
    copy: "Copy",
    copied: "Copied",
    time: "Simulated time",
    play: "Play",
    pause: "Pause",
    step: "Step",
    scrubber: "Time line",
    speed: "Speed",
    settled: "settled: nothing changes by itself",
    theme: "Theme",
    theme_system: "System",
    theme_light: "Light",
    theme_dark: "Dark",
    language: "Language",
    help: "Shortcuts",
    close: "Close",
    shortcuts: "Keyboard shortcuts",
    key_apply: "apply the manifests now",
    key_console: "focus the console",
    key_help: "show or hide this help",
    key_close: "close this help",
    key_history: "earlier and later commands (console)",
    key_complete: "complete a command, kind or name (console); otherwise moves focus",
    key_select: "select the focused pod or DNS record",
    as_printed: "As kubectl prints it",
    rows_shown: "The first {shown} of {total} rows are shown. Every row is in “As kubectl prints it” below and in the console.",
    nothing_to_look_up: "Nothing to look up yet.",
    topology: "Topology",
    topology_note: "Each StatefulSet under its governing Service, pods by ordinal, claims below.",
    no_sets: "No StatefulSets yet.",
    service: "Service",
    headless: "headless",
    missing: "missing",
    ready: "Ready",
    not_ready: "Not ready",
    not_published: "not in DNS",
    more_pods: "more pods",
    detail: "Selected pod",
    detail_note: "Select a pod (click or Enter on its row or box) to see its hostname, /etc/hosts, resolv.conf and YAML.",
    detail_gone: "The selected pod does not exist at this time.",
    explain: "Explain its DNS name",
    applied_note: "What the API server answered when the editor text was applied.",
    services_note: "Services in the default namespace.",
    sets_note: "READY is ready pods over desired replicas.",
    pods_note: "Pods are named after their StatefulSet and ordinal.",
    identities: "Stable pod identities",
    identities_note: "Name, hostname and DNS name stay with the ordinal when a pod is recreated; the IP may change.",
    endpoints_note: "The ready addresses behind each Service.",
    claims_note: "Each pod's claims, kept when the pod is recreated.",
    dns: "DNS records",
    dns_note: "What CoreDNS answers for each Service. Select a record to explain it.",
    events_note: "The Events section, oldest first.",
    lookups_note: "Each pod's DNS name looked up from a busybox 1.28 pod in the default namespace.",
    panic: "Something went wrong in the playground.",
    reload: "Reload with my scenario",
};

pub(crate) const ZH: Strings = Strings {
    title: "StatefulSet 演练场",
    tagline: "编辑无头 Service 与 StatefulSet，查看 Pod、它们稳定的名称以及集群会给出的 DNS 应答。一切都在你的浏览器里模拟。",
    manifests: "清单",
    editor_hint: "YAML，文档之间用 --- 分隔。输入时结果随之更新。",
    editor_label: "Kubernetes 清单（YAML）",
    problems_label: "清单中的问题",
    cluster: "模拟集群",
    up_to_date: "已是最新",
    clock_prefix: "模拟时钟：",
    problem: "个问题",
    problems: "个问题",
    in_manifests: "（清单中）\u{2014} ",
    stale_with: "显示上一次正确的结果（已过时）",
    stale_without: "还没有可显示的结果（已过时）",
    place_line: "行 ",
    place_document: "文档 ",
    column: "列 ",
    console: "控制台",
    console_note: "在模拟时间运行 kubectl、nslookup、dig、sleep 与 sim。Tab 补全，\u{2191} \u{2193} 调出历史。",
    command_label: "命令",
    copy: "复制",
    copied: "已复制",
    time: "模拟时间",
    play: "播放",
    pause: "暂停",
    step: "单步",
    scrubber: "时间线",
    speed: "速度",
    settled: "已稳定：不会再自行变化",
    theme: "主题",
    theme_system: "跟随系统",
    theme_light: "浅色",
    theme_dark: "深色",
    language: "语言",
    help: "快捷键",
    close: "关闭",
    shortcuts: "键盘快捷键",
    key_apply: "立即应用清单",
    key_console: "聚焦控制台",
    key_help: "显示或隐藏本帮助",
    key_close: "关闭本帮助",
    key_history: "上一条、下一条命令（控制台）",
    key_complete: "补全命令、类型或名称（控制台）；否则移动焦点",
    key_select: "选中当前聚焦的 Pod 或 DNS 记录",
    as_printed: "kubectl 的原样输出",
    rows_shown: "只显示 {total} 行中的前 {shown} 行。所有行都在下面的“kubectl 的原样输出”和控制台中。",
    nothing_to_look_up: "暂无可查询的名称。",
    topology: "拓扑",
    topology_note: "每个 StatefulSet 位于其管理 Service 之下，Pod 按序号排列，下方是存储卷声明。",
    no_sets: "还没有 StatefulSet。",
    service: "Service",
    headless: "无头",
    missing: "不存在",
    ready: "就绪",
    not_ready: "未就绪",
    not_published: "未发布到 DNS",
    more_pods: "个 Pod 未画出",
    detail: "选中的 Pod",
    detail_note: "选择一个 Pod（点击，或在其行、方框上按 Enter），查看主机名、/etc/hosts、resolv.conf 与 YAML。",
    detail_gone: "此时选中的 Pod 不存在。",
    explain: "解释它的 DNS 名称",
    applied_note: "应用编辑器文本时 API 服务器的应答。",
    services_note: "default 命名空间中的 Service。",
    sets_note: "READY 为就绪 Pod 数 / 期望副本数。",
    pods_note: "Pod 以其 StatefulSet 与序号命名。",
    identities: "稳定的 Pod 身份",
    identities_note: "Pod 重建后名称、主机名与 DNS 名称随序号保留；IP 可能变化。",
    endpoints_note: "每个 Service 背后的就绪地址。",
    claims_note: "每个 Pod 的存储卷声明，Pod 重建后仍保留。",
    dns: "DNS 记录",
    dns_note: "CoreDNS 为每个 Service 给出的应答。选择一条记录查看解释。",
    events_note: "Events 部分，最早的在前。",
    lookups_note: "从 default 命名空间的 busybox 1.28 Pod 查询每个 Pod 的 DNS 名称。",
    panic: "演练场出错了。",
    reload: "带着我的场景重新加载",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_browser_language() {
        assert_eq!(Lang::from_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("zh"), Lang::Zh);
        assert_eq!(Lang::from_tag("ZH-tw"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("de"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
        assert_eq!(Lang::from_tag("z"), Lang::En);
    }
}
