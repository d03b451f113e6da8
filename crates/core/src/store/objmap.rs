//! `ObjMap<T>`: an ordered map from (namespace, name) to objects of one type, with the
//! `BTreeMap` methods the engine uses. All `ObjMap`s share one `BTreeMap<Key, Box<dyn Any>>`
//! underneath, so the B-tree code is in the wasm bundle once instead of once per object type
//! (it was about a fifth of the bundle). Access is typed; the downcasts cannot fail because
//! only `T`s are ever inserted.

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::ops::RangeBounds;

use super::Key;

pub struct ObjMap<T> {
    inner: BTreeMap<Key, Box<dyn Any>>,
    _t: PhantomData<T>,
}

impl<T> Default for ObjMap<T> {
    fn default() -> Self {
        ObjMap {
            inner: BTreeMap::new(),
            _t: PhantomData,
        }
    }
}

impl<T: Clone + 'static> Clone for ObjMap<T> {
    fn clone(&self) -> Self {
        let mut out = ObjMap::default();
        for (k, v) in self.iter() {
            out.insert(k.clone(), v.clone());
        }
        out
    }
}

impl<T> fmt::Debug for ObjMap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.inner.keys()).finish()
    }
}

fn cast<T: 'static>(b: &dyn Any) -> &T {
    b.downcast_ref().expect("an ObjMap holds only its own type")
}

fn cast_mut<T: 'static>(b: &mut dyn Any) -> &mut T {
    b.downcast_mut().expect("an ObjMap holds only its own type")
}

impl<T: 'static> ObjMap<T> {
    pub fn new() -> Self {
        ObjMap::default()
    }

    pub fn get(&self, k: &Key) -> Option<&T> {
        self.inner.get(k).map(|b| cast(b.as_ref()))
    }

    pub fn get_mut(&mut self, k: &Key) -> Option<&mut T> {
        self.inner.get_mut(k).map(|b| cast_mut(b.as_mut()))
    }

    pub fn contains_key(&self, k: &Key) -> bool {
        self.inner.contains_key(k)
    }

    pub fn insert(&mut self, k: Key, v: T) -> Option<T> {
        self.inner
            .insert(k, Box::new(v))
            .and_then(|old| old.downcast().ok())
            .map(|b| *b)
    }

    pub fn remove(&mut self, k: &Key) -> Option<T> {
        self.inner
            .remove(k)
            .and_then(|old| old.downcast().ok())
            .map(|b| *b)
    }

    pub fn clear(&mut self) {
        self.inner.clear();
    }

    pub fn len(&self) -> usize {
        self.inner.len()
    }

    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Key, &T)> + '_ {
        self.inner.iter().map(|(k, v)| (k, cast(v.as_ref())))
    }

    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (&Key, &mut T)> + '_ {
        self.inner
            .iter_mut()
            .map(|(k, v)| (k, cast_mut(v.as_mut())))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Key> + '_ {
        self.inner.keys()
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        self.inner.values().map(|v| cast(v.as_ref()))
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut T> + '_ {
        self.inner.values_mut().map(|v| cast_mut(v.as_mut()))
    }

    pub fn range<R: RangeBounds<Key>>(
        &self,
        r: R,
    ) -> impl DoubleEndedIterator<Item = (&Key, &T)> + '_ {
        self.inner.range(r).map(|(k, v)| (k, cast(v.as_ref())))
    }

    pub fn retain(&mut self, mut f: impl FnMut(&Key, &mut T) -> bool) {
        self.inner.retain(|k, v| f(k, cast_mut(v.as_mut())));
    }
}

/// A set of keys on the same shared B-tree as `ObjMap` (a `BTreeSet<Key>` would be another
/// B-tree instantiation in the bundle).
#[derive(Default, Clone, Debug)]
pub struct KeySet(ObjMap<()>);

impl KeySet {
    pub fn new() -> Self {
        KeySet::default()
    }

    /// Adds `k`; returns whether it was not there yet.
    pub fn insert(&mut self, k: Key) -> bool {
        self.0.insert(k, ()).is_none()
    }

    /// Removes `k`; returns whether it was there.
    pub fn remove(&mut self, k: &Key) -> bool {
        self.0.remove(k).is_some()
    }

    pub fn contains(&self, k: &Key) -> bool {
        self.0.contains_key(k)
    }

    /// Removes and returns the smallest key.
    pub fn pop_first(&mut self) -> Option<Key> {
        self.0.inner.pop_first().map(|(k, _)| k)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Key> + '_ {
        self.0.keys()
    }
}

/// A map from names to `T` on the same shared B-tree (keys `(name, "")`, ordered by name),
/// with the `BTreeMap<String, T>` methods the engine uses.
pub struct NameMap<T>(ObjMap<T>);

impl<T> Default for NameMap<T> {
    fn default() -> Self {
        NameMap(ObjMap::default())
    }
}

impl<T: Clone + 'static> Clone for NameMap<T> {
    fn clone(&self) -> Self {
        NameMap(self.0.clone())
    }
}

impl<T> fmt::Debug for NameMap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: 'static> NameMap<T> {
    pub fn new() -> Self {
        NameMap::default()
    }

    pub fn insert(&mut self, name: String, v: T) -> Option<T> {
        self.0.insert((name, String::new()), v)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.0.contains_key(&(name.to_string(), String::new()))
    }

    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.get(&(name.to_string(), String::new()))
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut T> {
        self.0.get_mut(&(name.to_string(), String::new()))
    }

    pub fn retain(&mut self, mut f: impl FnMut(&String, &mut T) -> bool) {
        self.0.retain(|k, v| f(&k.0, v));
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + '_ {
        self.0.keys().map(|k| &k.0)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &T)> + '_ {
        self.0.iter().map(|(k, v)| (&k.0, v))
    }
}

/// A set of strings on the same shared B-tree (keys `(s, "")`, ordered by `s`).
#[derive(Default, Clone, Debug)]
pub struct StrSet(KeySet);

impl StrSet {
    pub fn new() -> Self {
        StrSet::default()
    }

    /// Adds `s`; returns whether it was not there yet.
    pub fn insert(&mut self, s: String) -> bool {
        self.0.insert((s, String::new()))
    }

    /// Removes `s`; returns whether it was there.
    pub fn remove(&mut self, s: &str) -> bool {
        self.0.remove(&(s.to_string(), String::new()))
    }

    pub fn contains(&self, s: &str) -> bool {
        self.0.contains(&(s.to_string(), String::new()))
    }
}

impl FromIterator<String> for StrSet {
    fn from_iter<I: IntoIterator<Item = String>>(items: I) -> Self {
        let mut set = StrSet::new();
        for s in items {
            set.insert(s);
        }
        set
    }
}

impl Extend<Key> for KeySet {
    fn extend<I: IntoIterator<Item = Key>>(&mut self, keys: I) {
        for k in keys {
            self.insert(k);
        }
    }
}

impl FromIterator<Key> for KeySet {
    fn from_iter<I: IntoIterator<Item = Key>>(keys: I) -> Self {
        let mut set = KeySet::new();
        set.extend(keys);
        set
    }
}

impl<T: 'static> std::ops::Index<&Key> for ObjMap<T> {
    type Output = T;
    fn index(&self, k: &Key) -> &T {
        self.get(k).expect("no entry for the key")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(ns: &str, n: &str) -> Key {
        (ns.into(), n.into())
    }

    #[test]
    fn key_set_behaves_as_an_ordered_set() {
        let mut s = KeySet::new();
        assert!(s.insert(k("b", "1")));
        assert!(s.insert(k("a", "2")));
        assert!(!s.insert(k("b", "1")));
        assert!(s.contains(&k("a", "2")));
        assert_eq!(s.len(), 2);
        assert_eq!(
            s.iter().cloned().collect::<Vec<_>>(),
            vec![k("a", "2"), k("b", "1")]
        );
        assert_eq!(s.pop_first(), Some(k("a", "2")));
        assert!(s.remove(&k("b", "1")));
        assert!(!s.remove(&k("b", "1")));
        assert!(s.is_empty());
        assert_eq!(s.pop_first(), None);
    }

    #[test]
    fn name_map_behaves_as_an_ordered_map() {
        let mut m: NameMap<u32> = NameMap::new();
        assert_eq!(m.insert("b".into(), 1), None);
        assert_eq!(m.insert("a".into(), 2), None);
        assert_eq!(m.insert("b".into(), 3), Some(1));
        assert!(m.contains_key("a") && !m.contains_key("c"));
        assert_eq!(m.get("b"), Some(&3));
        assert_eq!(m.keys().cloned().collect::<Vec<_>>(), vec!["a", "b"]);
        assert_eq!(m.iter().map(|(_, v)| *v).collect::<Vec<_>>(), vec![2, 3]);
    }

    #[test]
    fn str_set_behaves_as_a_set() {
        let mut s: StrSet = ["b".to_string(), "a".to_string()].into_iter().collect();
        assert!(!s.insert("a".into()));
        assert!(s.insert("c".into()));
        assert!(s.contains("b") && !s.contains("d"));
        assert!(s.remove("b"));
        assert!(!s.remove("b"));
    }

    #[test]
    fn behaves_as_an_ordered_map() {
        let mut m: ObjMap<u32> = ObjMap::new();
        assert_eq!(m.insert(k("default", "web-1"), 1), None);
        m.insert(k("default", "web-0"), 0);
        m.insert(k("other", "a"), 9);
        assert_eq!(m.insert(k("default", "web-1"), 11), Some(1));
        assert_eq!(m.get(&k("default", "web-1")), Some(&11));
        *m.get_mut(&k("other", "a")).unwrap() += 1;
        let in_default: Vec<u32> = m
            .range(k("default", "")..)
            .take_while(|(key, _)| key.0 == "default")
            .map(|(_, v)| *v)
            .collect();
        assert_eq!(in_default, vec![0, 11]);
        assert_eq!(m.values().copied().collect::<Vec<_>>(), vec![0, 11, 10]);
        m.retain(|_, v| *v > 0);
        assert_eq!(m.remove(&k("other", "a")), Some(10));
        assert_eq!(m.len(), 1);
        assert!(m.clone().contains_key(&k("default", "web-1")));
    }
}
