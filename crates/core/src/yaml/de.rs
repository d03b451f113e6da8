//! A strict, path-tracking deserializer over a parsed YAML document.
//!
//! It does the work of three generic layers (a value deserializer, serde_ignored and
//! serde_path_to_error) in one, so each API type's `Deserialize` is instantiated once: that
//! keeps the wasm bundle small. It reports every field the target type ignored (kubectl's
//! strict field validation) and pins an error to the path of the value it is about (a
//! missing field to the object that lacks it).

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;
use serde_yaml::Value;

use super::Seg;

/// An error with the path of the value it is about.
#[derive(Debug)]
pub struct Error {
    pub message: String,
    pub path: Option<Vec<Seg>>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            path: None,
        }
    }
}

/// Shared state of one deserialization: the fields nobody asked for.
#[derive(Debug, Default)]
pub struct Tracker {
    pub unknown: RefCell<Vec<Vec<Seg>>>,
}

/// Deserializes `value` into `T`, recording ignored fields in `tracker`.
pub fn from_value<T: de::DeserializeOwned>(value: &Value, tracker: &Tracker) -> Result<T, Error> {
    T::deserialize(ValueDe {
        value,
        path: &Path::Root,
        tracker,
    })
}

/// The path of the value being deserialized, as a chain of borrowed segments: built without
/// allocating (and with nothing to drop) in the generic code, and turned into segments only
/// for an error or an ignored field.
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    #[inline(never)]
    fn segments(&self) -> Vec<Seg> {
        let mut segs = Vec::new();
        let mut p = self;
        loop {
            match p {
                Path::Root => break,
                Path::Key(parent, key) => {
                    segs.push(Seg::Key((*key).to_string()));
                    p = parent;
                }
                Path::Index(parent, index) => {
                    segs.push(Seg::Index(*index));
                    p = parent;
                }
            }
        }
        segs.reverse();
        segs
    }
}

#[derive(Clone, Copy)]
struct ValueDe<'a> {
    value: &'a Value,
    path: &'a Path<'a>,
    tracker: &'a Tracker,
}

impl ValueDe<'_> {
    /// Gives an error the path of this value, in place: the result is not moved (an API
    /// value is large), only its error looked at.
    fn at<T>(&self, mut r: Result<T, Error>) -> Result<T, Error> {
        if let Err(e) = &mut r {
            annotate_in_place(e, self.path);
        }
        r
    }
}

/// Gives an error the path of the innermost value it came through. Not generic, so it is in
/// the bundle once.
#[inline(never)]
fn annotate(mut e: Error, path: &Path<'_>) -> Error {
    annotate_in_place(&mut e, path);
    e
}

#[inline(never)]
fn annotate_in_place(e: &mut Error, path: &Path<'_>) {
    if e.path.is_none() {
        e.path = Some(path.segments());
    }
}

/// A mapping key as a string (YAML allows numbers and booleans as keys).
#[inline(never)]
fn key_text<'a>(k: &'a Value, path: &Path<'_>) -> Result<Cow<'a, str>, Error> {
    match k {
        Value::String(s) => Ok(Cow::Borrowed(s)),
        Value::Number(n) => Ok(Cow::Owned(n.to_string())),
        Value::Bool(b) => Ok(Cow::Owned(b.to_string())),
        _ => Err(Error {
            message: "a mapping key must be a string".into(),
            path: Some(path.segments()),
        }),
    }
}

/// Deserializes a mapping key: just a string, with this module's error type.
struct KeyDe<'a>(&'a str);

impl<'de> de::Deserializer<'de> for KeyDe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.0)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map struct
        enum identifier ignored_any
    }
}

fn unexpected(v: &Value) -> de::Unexpected<'_> {
    match v {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                de::Unexpected::Signed(i)
            } else if let Some(u) = n.as_u64() {
                de::Unexpected::Unsigned(u)
            } else {
                de::Unexpected::Float(n.as_f64().unwrap_or(0.0))
            }
        }
        Value::String(s) => de::Unexpected::Str(s),
        Value::Sequence(_) => de::Unexpected::Seq,
        Value::Mapping(_) => de::Unexpected::Map,
        Value::Tagged(t) => unexpected(&t.value),
    }
}

impl<'de> de::Deserializer<'de> for ValueDe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(0.0))
                }
            }
            Value::String(s) => visitor.visit_str(s),
            Value::Sequence(items) => visitor.visit_seq(SeqAccess::new(items, self)),
            Value::Mapping(map) => visitor.visit_map(MapAccess::new(map, self)),
            Value::Tagged(t) => {
                let inner = ValueDe {
                    value: &t.value,
                    ..self
                };
                return inner.deserialize_any(visitor);
            }
        };
        self.at(r)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = if matches!(self.value, Value::Null) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        };
        self.at(r)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let r = visitor.visit_newtype_struct(self);
        self.at(r)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let r = match self.value {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            other => Err(de::Error::invalid_type(
                unexpected(other),
                &"a string naming a variant",
            )),
        };
        self.at(r)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.tracker.ignore(self.path);
        visitor.visit_unit()
    }

    // Typed requests call only the one visitor method that can succeed and build the
    // type error themselves: the visitor's other `visit_*` methods are then never
    // instantiated, which keeps the bundle small (each API type has its own visitor).
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match self.value {
            Value::Bool(b) => visitor.visit_bool(*b),
            other => Err(mismatch(other, &visitor)),
        };
        self.at(r)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match self.value {
            Value::Number(n) if n.as_i64().is_some() => visitor.visit_i64(n.as_i64().unwrap_or(0)),
            Value::Number(n) if n.as_u64().is_some() => visitor.visit_u64(n.as_u64().unwrap_or(0)),
            other => Err(mismatch(other, &visitor)),
        };
        self.at(r)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match self.value {
            Value::Number(n) => visitor.visit_f64(n.as_f64().unwrap_or(0.0)),
            other => Err(mismatch(other, &visitor)),
        };
        self.at(r)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match self.value {
            Value::String(s) => visitor.visit_str(s),
            other => Err(mismatch(other, &visitor)),
        };
        self.at(r)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match self.value {
            Value::Sequence(items) => visitor.visit_seq(SeqAccess::new(items, self)),
            other => Err(mismatch(other, &visitor)),
        };
        self.at(r)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match self.value {
            Value::Mapping(map) => visitor.visit_map(MapAccess::new(map, self)),
            other => Err(mismatch(other, &visitor)),
        };
        self.at(r)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit unit_struct tuple_struct
    }
}

impl Tracker {
    #[inline(never)]
    fn ignore(&self, path: &Path<'_>) {
        self.unknown.borrow_mut().push(path.segments());
    }
}

/// The error of a value of the wrong kind: not generic over the visitor beyond its
/// `expecting` text.
fn mismatch(value: &Value, expected: &dyn de::Expected) -> Error {
    let value = match value {
        Value::Tagged(t) => &t.value,
        v => v,
    };
    de::Error::invalid_type(unexpected(value), expected)
}

struct SeqAccess<'a> {
    items: &'a [Value],
    index: usize,
    path: &'a Path<'a>,
    tracker: &'a Tracker,
}

impl<'a> SeqAccess<'a> {
    fn new(items: &'a [Value], de: ValueDe<'a>) -> Self {
        SeqAccess {
            items,
            index: 0,
            path: de.path,
            tracker: de.tracker,
        }
    }
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(value) = self.items.get(self.index) else {
            return Ok(None);
        };
        let path = Path::Index(self.path, self.index);
        self.index += 1;
        seed.deserialize(ValueDe {
            value,
            path: &path,
            tracker: self.tracker,
        })
        .map(Some)
    }
}

struct MapAccess<'a> {
    iter: serde_yaml::mapping::Iter<'a>,
    /// The key last read, and its value until that is read.
    key: Cow<'a, str>,
    value: Option<&'a Value>,
    path: &'a Path<'a>,
    tracker: &'a Tracker,
}

impl<'a> MapAccess<'a> {
    fn new(map: &'a serde_yaml::Mapping, de: ValueDe<'a>) -> Self {
        MapAccess {
            iter: map.iter(),
            key: Cow::Borrowed(""),
            value: None,
            path: de.path,
            tracker: de.tracker,
        }
    }

    /// Moves to the next entry and returns its key. Not generic, so it is in the bundle once.
    #[inline(never)]
    fn advance(&mut self) -> Result<Option<&str>, Error> {
        let Some((k, v)) = self.iter.next() else {
            return Ok(None);
        };
        self.key = key_text(k, self.path)?;
        self.value = Some(v);
        Ok(Some(&self.key))
    }
}

impl<'de> de::MapAccess<'de> for MapAccess<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let key = match self.advance() {
            Ok(Some(key)) => key,
            Ok(None) => return Ok(None),
            Err(e) => return Err(e),
        };
        match seed.deserialize(KeyDe(key)) {
            Ok(k) => Ok(Some(k)),
            Err(e) => Err(annotate(e, self.path)),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some(value) = self.value.take() else {
            return Err(de::Error::custom("value without a key"));
        };
        let path = Path::Key(self.path, &self.key);
        seed.deserialize(ValueDe {
            value,
            path: &path,
            tracker: self.tracker,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::apps::v1::StatefulSet;

    fn de(text: &str) -> (Result<StatefulSet, Error>, Vec<Vec<Seg>>) {
        let v: Value = serde_yaml::from_str(text).unwrap();
        let t = Tracker::default();
        let r = from_value::<StatefulSet>(&v, &t);
        (r, t.unknown.into_inner())
    }

    fn k(s: &str) -> Seg {
        Seg::Key(s.into())
    }

    #[test]
    fn reports_unknown_fields_with_their_paths() {
        let (r, unknown) = de("spec:\n  replica: 3\n  template:\n    spec:\n      containers:\n      - name: a\n        imagee: x\n");
        assert!(r.is_ok());
        assert_eq!(
            unknown,
            vec![
                vec![k("spec"), k("replica")],
                vec![
                    k("spec"),
                    k("template"),
                    k("spec"),
                    k("containers"),
                    Seg::Index(0),
                    k("imagee")
                ],
            ]
        );
    }

    #[test]
    fn type_errors_carry_the_path_of_the_value() {
        let (r, _) = de("spec:\n  replicas: many\n");
        let e = r.unwrap_err();
        assert_eq!(e.path, Some(vec![k("spec"), k("replicas")]));
        assert!(
            e.message.contains("invalid type: string \"many\""),
            "{}",
            e.message
        );
        let (r, _) = de("spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        ports: {containerPort: 80}\n");
        let e = r.unwrap_err();
        assert_eq!(e.message, "invalid type: map, expected a sequence");
        assert_eq!(
            e.path,
            Some(vec![
                k("spec"),
                k("template"),
                k("spec"),
                k("containers"),
                Seg::Index(0),
                k("ports")
            ])
        );
    }

    #[test]
    fn known_values_round_trip() {
        let (r, unknown) = de(
            "metadata:\n  name: web\n  labels: {app: nginx}\nspec:\n  replicas: 2\n  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 50%\n",
        );
        let set = r.unwrap();
        assert!(unknown.is_empty());
        let spec = set.spec.unwrap();
        assert_eq!(spec.replicas, Some(2));
        assert_eq!(
            spec.update_strategy
                .unwrap()
                .rolling_update
                .unwrap()
                .max_unavailable,
            Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String("50%".into()))
        );
    }
}
