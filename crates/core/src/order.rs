//! Stable sorting through two shared sort instantiations, `(u64, usize)` and
//! `(String, usize)`: every `sort_by_key` on another element type would put another copy of
//! the sort algorithm into the wasm bundle.

/// Sorts `items` by a numeric key, keeping the order of equal keys.
pub fn by_u64<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let mut keyed: Vec<(u64, usize)> = items.iter().enumerate().map(|(i, t)| (key(t), i)).collect();
    keyed.sort_unstable();
    permute(items, keyed.into_iter().map(|(_, i)| i));
}

/// Sorts `items` by a text key (byte order), keeping the order of equal keys.
pub fn by_str<T>(items: &mut Vec<T>, key: impl Fn(&T) -> String) {
    let mut keyed: Vec<(String, usize)> =
        items.iter().enumerate().map(|(i, t)| (key(t), i)).collect();
    keyed.sort_unstable();
    permute(items, keyed.into_iter().map(|(_, i)| i));
}

fn permute<T>(items: &mut Vec<T>, order: impl Iterator<Item = usize>) {
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.filter_map(|i| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably() {
        let mut v = vec![(2, "a"), (1, "b"), (2, "c"), (0, "d")];
        by_u64(&mut v, |x| x.0);
        assert_eq!(v, vec![(0, "d"), (1, "b"), (2, "a"), (2, "c")]);
        let mut w = vec!["web-10", "web-2", "web-1"];
        by_str(&mut w, |s| s.to_string());
        assert_eq!(w, vec!["web-1", "web-10", "web-2"]);
    }
}
