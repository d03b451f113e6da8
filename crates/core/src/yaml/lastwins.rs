//! A YAML value read as kubectl reads one: a key given twice in a mapping keeps its last
//! value, without a word.
//!
//! kubectl turns YAML into JSON on the client (sigs.k8s.io/yaml's `YAMLToJSON`, go-yaml v2's
//! non-strict `Unmarshal` into a map, where a second key overwrites the first) and sends the
//! server JSON with one copy of each key, so the server's strict field validation never sees
//! the duplicate (kubernetes/kubernetes#99286, #125885). serde_yaml's own `Value` refuses a
//! duplicate key instead; this reader is the same `Value` without that refusal.

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};

/// A [`Value`] whose mappings keep the last value of a repeated key.
pub(crate) struct LastWins(pub(crate) Value);

impl<'de> Deserialize<'de> for LastWins {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<LastWins, D::Error> {
        d.deserialize_any(ValueVisitor).map(LastWins)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(LastWins(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some(LastWins(key)) = map.next_key()? {
            let LastWins(value) = map.next_value()?;
            // `insert` replaces the value of a key already there: the last one wins.
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // serde_yaml hands a `!tag value` over as an enum whose variant is the tag.
        let (tag, contents) = data.variant_seed(TagSeed)?;
        let value = de::VariantAccess::newtype_variant_seed(contents, ValueSeed)?;
        Ok(Value::Tagged(Box::new(TaggedValue { tag, value })))
    }
}

struct TagSeed;

impl<'de> DeserializeSeed<'de> for TagSeed {
    type Value = Tag;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Tag, D::Error> {
        String::deserialize(d).map(Tag::new)
    }
}

struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Value {
        serde_yaml::from_str::<LastWins>(text).unwrap().0
    }

    #[test]
    fn reads_what_serde_yamls_value_reads() {
        let text =
            "a: 1\nb: [x, 2.5, true, null, ~]\nc:\n  d: -3\n  e: !custom {f: g}\n'h': |\n  i\n";
        assert_eq!(read(text), serde_yaml::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_in_its_first_place() {
        let v = read("spec:\n  clusterIP: 10.96.0.5\n  ports: []\n  clusterIP: None\n");
        let spec = v.get("spec").unwrap().as_mapping().unwrap();
        let keys: Vec<&str> = spec.keys().filter_map(Value::as_str).collect();
        assert_eq!(keys, ["clusterIP", "ports"]);
        assert_eq!(spec.get("clusterIP").and_then(Value::as_str), Some("None"));
        // serde_yaml's own Value refuses the same text.
        assert!(serde_yaml::from_str::<Value>("a: 1\na: 2\n").is_err());
    }
}
