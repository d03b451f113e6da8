//! Stable sorting without a sort algorithm in the wasm bundle: items are ordered through the
//! store's shared B-tree. Every `sort`/`sort_by_key` on an element type (and every
//! `collect` into a `BTreeMap` or `BTreeSet`, which sorts its input; see `map_of` and the
//! store's `KeySet`) would put a copy of the sort algorithm, a few KB, into the bundle.

use std::collections::BTreeMap;

/// Sorts `items` by a numeric key, keeping the order of equal keys. The keys are compared as
/// zero-padded decimal text, which orders them as numbers.
pub fn by_u64<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    by_str(items, |t| format!("{:020}", key(t)));
}

/// Sorts `items` by a text key (byte order), keeping the order of equal keys. The items'
/// indices are put in the store's shared B-tree keyed by (key, zero-padded index), which
/// orders them so: no sort algorithm is instantiated at all.
pub fn by_str<T>(items: &mut Vec<T>, key: impl Fn(&T) -> String) {
    let mut order = crate::store::ObjMap::new();
    for (i, t) in items.iter().enumerate() {
        order.insert((key(t), format!("{i:020}")), i);
    }
    let order: Vec<usize> = order.values().copied().collect();
    permute(items, order.into_iter());
}

/// A map of the entries, built by inserting them: the same map as `collect` (a later entry
/// with an equal key wins), without a sort.
pub fn map_of<K: Ord, V>(entries: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in entries {
        map.insert(k, v);
    }
    map
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
        let mut big = vec![u64::MAX, 10, 9, 0, 10];
        by_u64(&mut big, |x| *x);
        assert_eq!(big, vec![0, 9, 10, 10, u64::MAX]);
        let mut w = vec!["web-10", "web-2", "web-1"];
        by_str(&mut w, |s| s.to_string());
        assert_eq!(w, vec!["web-1", "web-10", "web-2"]);
    }

    #[test]
    fn maps_are_what_collect_makes() {
        let entries = vec![("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        assert_eq!(
            map_of(entries.clone()),
            entries.iter().copied().collect::<BTreeMap<_, _>>()
        );
    }
}
