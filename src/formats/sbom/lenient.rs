//! Lenient serde readers for SBOM values: scalars read as text, and identity hints that are
//! skipped, never fatal, when they have another shape.

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// A scalar read as text: strings as they are, numbers and booleans printed.
pub(super) struct Text(pub(super) String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A scalar read as text when it is one, any other value skipped: for fields that only hint at
/// a component's identity, which must not make an SBOM unreadable.
#[derive(Default)]
pub(super) struct LaxText(pub(super) Option<String>);

impl<'de> Deserialize<'de> for LaxText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LaxText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<LaxText, E> {
                Ok(LaxText(Some(v.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<LaxText, E> {
                Ok(LaxText(Some(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<LaxText, E> {
                Ok(LaxText(Some(v.to_string())))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<LaxText, E> {
                Ok(LaxText(Some(v.to_string())))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<LaxText, E> {
                Ok(LaxText(Some(v.to_string())))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<LaxText, E> {
                Ok(LaxText(None))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<LaxText, E> {
                Ok(LaxText(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LaxText, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(LaxText(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LaxText, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(LaxText(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// A value read as `T` when it has `T`'s shape, else skipped (a hint, as [`LaxText`]).
pub(super) struct Lax<T>(pub(super) Option<T>);

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Lax<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Ok(Lax(serde_json::from_value(v).ok()))
    }
}

/// A string or a list of strings, read as a list.
#[derive(Default)]
pub(super) struct OneOrMany(pub(super) Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(OneOrMany(out))
            }
        }
        d.deserialize_any(V)
    }
}
