//! Making DOM nodes. Every string that reaches the page goes through [`Dom::text`] or
//! [`set_text`], that is as a text node: nothing here (or anywhere in this crate) parses
//! markup, so user text can never become an element.

use wasm_bindgen::UnwrapThrowExt;
use web_sys::{Document, Element};

/// The document the page is built in, with the few element-building calls the views need.
#[derive(Clone)]
pub(crate) struct Dom {
    document: Document,
}

impl Dom {
    pub(crate) fn new(document: Document) -> Self {
        Dom { document }
    }

    /// A new, detached `<tag>` with the given attributes.
    pub(crate) fn element(&self, tag: &str, attributes: &[(&str, &str)]) -> Element {
        let element = self
            .document
            .create_element(tag)
            .expect_throw("create_element with a fixed tag name");
        for (name, value) in attributes {
            element
                .set_attribute(name, value)
                .expect_throw("set_attribute with a fixed attribute name");
        }
        element
    }

    /// A new `<tag>` appended to `parent`.
    pub(crate) fn child(
        &self,
        parent: &Element,
        tag: &str,
        attributes: &[(&str, &str)],
    ) -> Element {
        let element = self.element(tag, attributes);
        append(parent, &element);
        element
    }

    /// A new `<tag>` appended to `parent`, holding `text` as a text node.
    pub(crate) fn child_with_text(
        &self,
        parent: &Element,
        tag: &str,
        attributes: &[(&str, &str)],
        text: &str,
    ) -> Element {
        let element = self.child(parent, tag, attributes);
        self.text(&element, text);
        element
    }

    /// A new SVG `<tag>` appended to `parent`, with the given attributes.
    pub(crate) fn svg(&self, parent: &Element, tag: &str, attributes: &[(&str, &str)]) -> Element {
        let element = self
            .document
            .create_element_ns(Some("http://www.w3.org/2000/svg"), tag)
            .expect_throw("create an SVG element with a fixed tag name");
        for (name, value) in attributes {
            element
                .set_attribute(name, value)
                .expect_throw("set_attribute with a fixed attribute name");
        }
        append(parent, &element);
        element
    }

    /// Appends `text` to `parent` as a text node.
    pub(crate) fn text(&self, parent: &Element, text: &str) {
        let node = self.document.create_text_node(text);
        parent
            .append_child(&node)
            .expect_throw("append a text node");
    }
}

/// Appends `child` to `parent`.
pub(crate) fn append(parent: &Element, child: &Element) {
    parent.append_child(child).expect_throw("append an element");
}

/// Removes every child of `element`.
pub(crate) fn clear(element: &Element) {
    element.set_text_content(None);
}

/// Replaces the content of `element` by `text` (one text node), unless it already reads so:
/// rewriting identical text would make screen readers announce a live region again.
pub(crate) fn set_text(element: &Element, text: &str) {
    if element.text_content().as_deref() != Some(text) {
        element.set_text_content(Some(text));
    }
}

/// Adds or removes `class` on `element`.
pub(crate) fn set_class(element: &Element, class: &str, on: bool) {
    element
        .class_list()
        .toggle_with_force(class, on)
        .expect_throw("toggle a fixed class name");
}

/// Sets or removes the boolean attribute `name` on `element`.
pub(crate) fn set_flag(element: &Element, name: &str, on: bool) {
    if on {
        element
            .set_attribute(name, "")
            .expect_throw("set a fixed attribute");
    } else {
        element
            .remove_attribute(name)
            .expect_throw("remove a fixed attribute");
    }
}
