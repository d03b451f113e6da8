//! The topology picture: per StatefulSet, its governing Service and a row of pods by ordinal
//! with their claims below, drawn as SVG from the core's [`Topology`]. Every word and colour
//! choice here follows a field the core computed (status, ready, published); the layout is
//! the only thing decided here. Text reaches the SVG as text nodes only.

use stsplay_core::page::{Topology, TopologySet};
use web_sys::Element;

use crate::dom::{self, Dom};
use crate::i18n::Strings;

const MARGIN: i32 = 12;
const POD_W: i32 = 280;
const POD_H: i32 = 88;
const GAP: i32 = 14;
const SERVICE_W: i32 = 330;
const SERVICE_H: i32 = 46;
const CLAIM_H: i32 = 24;
/// Pods drawn per StatefulSet; the rest are counted (the tables list them all).
const MAX_PODS: usize = 24;

/// Redraws the picture of `topology` into `container`.
pub(crate) fn render(
    dom: &Dom,
    container: &Element,
    topology: &Topology,
    s: &Strings,
    selected: Option<&str>,
) {
    dom::clear(container);
    if topology.sets.is_empty() {
        dom.child_with_text(container, "p", &[("class", "empty")], s.no_sets);
        return;
    }
    let summary: Vec<String> = topology
        .sets
        .iter()
        .map(|set| {
            let missing = if set.service_exists {
                String::new()
            } else {
                format!(" ({})", s.missing)
            };
            format!(
                "StatefulSet {} {}, {} {}{missing}",
                set.name, set.ready, s.service, set.service
            )
        })
        .collect();
    let width = topology
        .sets
        .iter()
        .map(|set| MARGIN + set.pods.len().min(MAX_PODS) as i32 * (POD_W + GAP))
        .max()
        .unwrap_or(0)
        .max(MARGIN * 2 + SERVICE_W + 300);
    let svg = dom.svg(
        container,
        "svg",
        &[
            ("role", "img"),
            ("aria-label", &summary.join("; ")),
            ("class", "topology"),
            ("width", &width.to_string()),
        ],
    );
    let mut y = MARGIN;
    for set in &topology.sets {
        y = draw_set(dom, &svg, topology, set, s, selected, y) + 2 * GAP;
    }
    let height = y.to_string();
    svg.set_attribute("height", &height).ok();
    svg.set_attribute("viewBox", &format!("0 0 {width} {height}"))
        .ok();
}

/// Draws one StatefulSet from `top`; returns the y below it.
fn draw_set(
    dom: &Dom,
    svg: &Element,
    topology: &Topology,
    set: &TopologySet,
    s: &Strings,
    selected: Option<&str>,
    top: i32,
) -> i32 {
    let service = topology.services.iter().find(|svc| svc.name == set.service);
    let class = if set.service_exists {
        "service"
    } else {
        "service missing"
    };
    let group = dom.svg(svg, "g", &[("class", class)]);
    let kind = match service {
        Some(svc) if svc.headless => format!("{} \u{b7} clusterIP: None", s.headless),
        Some(svc) => format!("ClusterIP {}", svc.cluster_ip),
        None => s.missing.to_owned(),
    };
    let title = dom.svg(&group, "title", &[]);
    dom.text(&title, &format!("{} {}: {kind}", s.service, set.service));
    rect(dom, &group, MARGIN, top, SERVICE_W, SERVICE_H);
    text(
        dom,
        &group,
        MARGIN + 10,
        top + 19,
        "name",
        &format!("{} {}", s.service, set.service),
    );
    text(dom, &group, MARGIN + 10, top + 37, "detail", &kind);
    text(
        dom,
        svg,
        MARGIN + SERVICE_W + 16,
        top + 28,
        "set-label",
        &format!("StatefulSet {} \u{b7} {}", set.name, set.ready),
    );

    let pods_top = top + SERVICE_H + 34;
    let mut bottom = pods_top + POD_H;
    for (i, pod) in set.pods.iter().take(MAX_PODS).enumerate() {
        let x = MARGIN + i as i32 * (POD_W + GAP);
        let link = format!(
            "M{} {} V{} H{} V{pods_top}",
            MARGIN + 24,
            top + SERVICE_H,
            pods_top - 14,
            x + POD_W / 2
        );
        dom.svg(svg, "path", &[("class", "link"), ("d", &link)]);
        let readiness = if pod.ready { s.ready } else { s.not_ready };
        let mut class = String::from(if pod.ready {
            "pod ready"
        } else {
            "pod not-ready"
        });
        if selected == Some(pod.name.as_str()) {
            class.push_str(" selected");
        }
        let g = dom.svg(
            svg,
            "g",
            &[
                ("class", &class),
                ("data-pod", &pod.name),
                ("tabindex", "0"),
            ],
        );
        let title = dom.svg(&g, "title", &[]);
        dom.text(
            &title,
            &format!(
                "{}: {}, {readiness}, {} {}",
                pod.name, pod.status, pod.ip, pod.dns_name
            ),
        );
        rect(dom, &g, x, pods_top, POD_W, POD_H);
        text(dom, &g, x + 10, pods_top + 19, "name", &pod.name);
        text(
            dom,
            &g,
            x + 10,
            pods_top + 37,
            "status",
            &format!("{} \u{b7} {readiness}", pod.status),
        );
        let ip = if pod.ip.is_empty() {
            "\u{2014}"
        } else {
            &pod.ip
        };
        let place = if pod.node.is_empty() {
            ip.to_owned()
        } else {
            format!("{ip} \u{b7} {}", pod.node)
        };
        text(dom, &g, x + 10, pods_top + 55, "detail", &place);
        let dns_class = if pod.published {
            "dns"
        } else {
            "dns unpublished"
        };
        let dns = text(dom, &g, x + 10, pods_top + 73, dns_class, &pod.dns_name);
        if !pod.published && !pod.dns_name.is_empty() {
            let title = dom.svg(&dns, "title", &[]);
            dom.text(&title, s.not_published);
        }
        for (j, claim) in pod.claims.iter().enumerate() {
            let cy = pods_top + POD_H + 12 + j as i32 * (CLAIM_H + 6);
            dom.svg(
                svg,
                "path",
                &[
                    ("class", "link"),
                    ("d", &format!("M{} {} V{cy}", x + 20, cy - 12)),
                ],
            );
            let g = dom.svg(svg, "g", &[("class", "claim")]);
            rect(dom, &g, x + 10, cy, POD_W - 20, CLAIM_H);
            text(dom, &g, x + 18, cy + 16, "detail", claim);
            bottom = bottom.max(cy + CLAIM_H);
        }
    }
    if set.pods.len() > MAX_PODS {
        bottom += 22;
        text(
            dom,
            svg,
            MARGIN,
            bottom,
            "set-label",
            &format!("+{} {}", set.pods.len() - MAX_PODS, s.more_pods),
        );
    }
    bottom
}

fn rect(dom: &Dom, parent: &Element, x: i32, y: i32, w: i32, h: i32) {
    dom.svg(
        parent,
        "rect",
        &[
            ("x", &x.to_string()),
            ("y", &y.to_string()),
            ("width", &w.to_string()),
            ("height", &h.to_string()),
            ("rx", "6"),
        ],
    );
}

fn text(dom: &Dom, parent: &Element, x: i32, y: i32, class: &str, content: &str) -> Element {
    let element = dom.svg(
        parent,
        "text",
        &[
            ("x", &x.to_string()),
            ("y", &y.to_string()),
            ("class", class),
        ],
    );
    dom.text(&element, content);
    element
}
