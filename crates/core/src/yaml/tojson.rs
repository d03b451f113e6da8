//! A serializer that builds a `serde_json::Value` directly: the value that serde_json's
//! compact text of the same input parses back to (keys sorted by the JSON map, `None` and
//! unit as `null`, enum variants externally tagged), without writing and reparsing the text.
//!
//! It is also small: a struct field or a sequence element is one call of a non-generic
//! insert, so each API type's `Serialize` instantiation (the bulk of this code in the wasm
//! bundle) costs little beyond the type's own field list.

use std::fmt;

use serde::ser::{self, Serialize};
use serde_json::{Map, Value};

/// A failed serialization (a map key that is not a string, or a type's own error). Callers
/// only need to know that it failed.
#[derive(Debug)]
pub struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the value cannot be written as JSON")
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Error
    }
}

/// The JSON value of `v`.
pub fn to_value<T: Serialize + ?Sized>(v: &T) -> Result<Value, Error> {
    v.serialize(ToJson)
}

/// What serde_json's text of a float reads back as: the number its shortest text names
/// (so an `f32` keeps its decimal value, `0.1` and not `0.10000000149011612`), `null` for
/// NaN and the infinities, as serde_json writes them.
fn float_value(text: String) -> Value {
    text.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

/// A 128-bit integer as serde_json's text of it reads back: a 64-bit integer when it fits,
/// else (serde_json without arbitrary precision) the nearest float.
fn wide_int_value(fits: Option<Value>, text: String) -> Value {
    fits.unwrap_or_else(|| float_value(text))
}

/// `{variant: value}`, serde_json's external tagging.
#[inline(never)]
fn tagged(variant: &str, value: Value) -> Value {
    let mut map = Map::new();
    map.insert(variant.to_string(), value);
    Value::Object(map)
}

/// A map key as serde_json writes it: a string, or a number or bool as its text.
#[inline(never)]
fn key_text(key: Value) -> Result<String, Error> {
    match key {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(Error),
    }
}

struct ToJson;

impl ser::Serializer for ToJson {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = SeqBuilder;
    type SerializeTuple = SeqBuilder;
    type SerializeTupleStruct = SeqBuilder;
    type SerializeTupleVariant = SeqBuilder;
    type SerializeMap = MapBuilder;
    type SerializeStruct = MapBuilder;
    type SerializeStructVariant = MapBuilder;

    fn serialize_bool(self, v: bool) -> Result<Value, Error> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<Value, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<Value, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<Value, Error> {
        Ok(Value::Number(v.into()))
    }
    fn serialize_i128(self, v: i128) -> Result<Value, Error> {
        let fits = i64::try_from(v)
            .map(|i| Value::Number(i.into()))
            .or_else(|_| u64::try_from(v).map(|u| Value::Number(u.into())))
            .ok();
        Ok(wide_int_value(fits, v.to_string()))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<Value, Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<Value, Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<Value, Error> {
        Ok(Value::Number(v.into()))
    }
    fn serialize_u128(self, v: u128) -> Result<Value, Error> {
        let fits = u64::try_from(v).map(|u| Value::Number(u.into())).ok();
        Ok(wide_int_value(fits, v.to_string()))
    }
    fn serialize_f32(self, v: f32) -> Result<Value, Error> {
        Ok(float_value(v.to_string()))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, Error> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn serialize_char(self, v: char) -> Result<Value, Error> {
        Ok(Value::String(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, Error> {
        Ok(Value::String(v.to_string()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, Error> {
        Ok(Value::Array(v.iter().map(|&b| Value::from(b)).collect()))
    }
    fn serialize_none(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        Ok(tagged(variant, value.serialize(self)?))
    }
    /// A list in one loop (serde's default goes through `serialize_seq` and a closure per
    /// element type).
    fn collect_seq<I>(self, items: I) -> Result<Value, Error>
    where
        I: IntoIterator,
        I::Item: Serialize,
    {
        let mut array = SeqBuilder {
            items: Vec::new(),
            variant: None,
        };
        for item in items {
            array.push(item.serialize(ToJson))?;
        }
        array.finish()
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder, Error> {
        Ok(SeqBuilder {
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<SeqBuilder, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqBuilder, Error> {
        Ok(SeqBuilder {
            items: Vec::with_capacity(len),
            variant: Some(variant),
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapBuilder, Error> {
        Ok(MapBuilder::new(None))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<MapBuilder, Error> {
        Ok(MapBuilder::new(None))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<MapBuilder, Error> {
        Ok(MapBuilder::new(Some(variant)))
    }
}

struct SeqBuilder {
    items: Vec<Value>,
    variant: Option<&'static str>,
}

impl SeqBuilder {
    #[inline(never)]
    fn push(&mut self, item: Result<Value, Error>) -> Result<(), Error> {
        self.items.push(item?);
        Ok(())
    }

    #[inline(never)]
    fn finish(self) -> Result<Value, Error> {
        let array = Value::Array(self.items);
        Ok(match self.variant {
            Some(variant) => tagged(variant, array),
            None => array,
        })
    }
}

impl ser::SerializeSeq for SeqBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value.serialize(ToJson))
    }
    fn end(self) -> Result<Value, Error> {
        self.finish()
    }
}

impl ser::SerializeTuple for SeqBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value.serialize(ToJson))
    }
    fn end(self) -> Result<Value, Error> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for SeqBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value.serialize(ToJson))
    }
    fn end(self) -> Result<Value, Error> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for SeqBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value.serialize(ToJson))
    }
    fn end(self) -> Result<Value, Error> {
        self.finish()
    }
}

struct MapBuilder {
    map: Map<String, Value>,
    key: Option<String>,
    variant: Option<&'static str>,
}

impl MapBuilder {
    fn new(variant: Option<&'static str>) -> Self {
        MapBuilder {
            map: Map::new(),
            key: None,
            variant,
        }
    }

    /// Inserts a field's value (a later equal key wins, as when the text is parsed).
    #[inline(never)]
    fn field(&mut self, key: &str, value: Result<Value, Error>) -> Result<(), Error> {
        self.map.insert(key.to_string(), value?);
        Ok(())
    }

    #[inline(never)]
    fn set_key(&mut self, key: Result<Value, Error>) -> Result<(), Error> {
        self.key = Some(key_text(key?)?);
        Ok(())
    }

    #[inline(never)]
    fn value(&mut self, value: Result<Value, Error>) -> Result<(), Error> {
        let key = self.key.take().ok_or(Error)?;
        self.map.insert(key, value?);
        Ok(())
    }

    #[inline(never)]
    fn finish(self) -> Result<Value, Error> {
        let object = Value::Object(self.map);
        Ok(match self.variant {
            Some(variant) => tagged(variant, object),
            None => object,
        })
    }
}

impl ser::SerializeMap for MapBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.set_key(key.serialize(ToJson))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.value(value.serialize(ToJson))
    }
    fn end(self) -> Result<Value, Error> {
        self.finish()
    }
}

impl ser::SerializeStruct for MapBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value.serialize(ToJson))
    }
    fn end(self) -> Result<Value, Error> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for MapBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value.serialize(ToJson))
    }
    fn end(self) -> Result<Value, Error> {
        self.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The value the old way: compact text, parsed back.
    fn reparsed<T: Serialize>(v: &T) -> Value {
        serde_json::from_str(&serde_json::to_string(v).unwrap()).unwrap()
    }

    #[derive(serde::Serialize)]
    enum E {
        Unit,
        New(i32),
        Tuple(u8, String),
        Struct { b: bool, a: Option<i64> },
    }

    #[derive(serde::Serialize)]
    struct S {
        z: u64,
        a: i8,
        text: &'static str,
        c: char,
        none: Option<u32>,
        unit: (),
        floats: Vec<f64>,
        small: f32,
        big: u128,
        neg: i128,
        tuple: (i16, u16),
        map: BTreeMap<u32, Vec<E>>,
        strings: BTreeMap<String, String>,
    }

    #[test]
    fn builds_what_the_text_parses_back_to() {
        let s = S {
            z: u64::MAX,
            a: -3,
            text: "quote \" back \\ é \u{1}",
            c: 'x',
            none: None,
            unit: (),
            floats: vec![0.1 + 0.2, 1e300, -0.0, 2.5, f64::NAN],
            small: 0.1,
            big: u128::MAX,
            neg: -5,
            tuple: (-1, 2),
            map: BTreeMap::from([(
                7,
                vec![
                    E::Unit,
                    E::New(-1),
                    E::Tuple(1, "t".into()),
                    E::Struct { b: true, a: None },
                ],
            )]),
            strings: BTreeMap::from([("b".into(), "1".into()), ("a".into(), "2".into())]),
        };
        assert_eq!(to_value(&s).unwrap(), reparsed(&s));
    }

    #[test]
    fn api_objects_are_what_the_text_parses_back_to() {
        let set: k8s_openapi::api::apps::v1::StatefulSet = serde_yaml::from_str(
            "metadata: {name: web, labels: {app: nginx}, creationTimestamp: '2026-01-01T00:00:00Z'}
spec:
  replicas: 2
  selector: {matchLabels: {app: nginx}}
  updateStrategy: {rollingUpdate: {maxUnavailable: 50%, partition: 0}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
      - name: nginx
        image: nginx
        ports: [{containerPort: 80, name: web}]
        resources: {requests: {cpu: 0.5, memory: 1Gi}}
  volumeClaimTemplates:
  - metadata: {name: www}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
",
        )
        .unwrap();
        assert_eq!(to_value(&set).unwrap(), reparsed(&set));
    }
}
