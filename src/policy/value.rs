//! The policy input built straight from a typed document as a regorus value, with no JSON value
//! in between: the value `regorus::Value::from(serde_json::to_value(x))` would give, built once.

use regorus::Value;
use serde::ser::{self, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Display;

/// The regorus value of `v`, as the JSON path gives it: numbers as serde_json holds them
/// (a non-negative signed integer is unsigned, a non-finite float is null), `None` and unit as
/// null, enums externally tagged, map keys as strings (integers and booleans written out).
/// Fails where `serde_json::to_value` fails (a key that is not a string or a scalar, a 128-bit
/// integer out of the 64-bit range).
pub fn to_rego<T: Serialize + ?Sized>(v: &T) -> crate::error::Result<Value> {
    let mut keys = Keys::default();
    v.serialize(Ser { keys: &mut keys })
        .map_err(|e| crate::error::Error::Internal(format!("policy input: {e}")))
}

/// Why a value has no regorus form.
#[derive(Debug)]
pub struct ToRegoError(String);

impl Display for ToRegoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ToRegoError {}

impl ser::Error for ToRegoError {
    fn custom<T: Display>(msg: T) -> Self {
        ToRegoError(msg.to_string())
    }
}

type Res<T> = std::result::Result<T, ToRegoError>;

fn key_must_be_a_string() -> ToRegoError {
    ToRegoError("key must be a string".into())
}

fn out_of_range() -> ToRegoError {
    ToRegoError("number out of range".into())
}

/// Object keys seen so far, so that the same field name of 20,000 components is one shared
/// string, not 20,000 allocations (values compare by content, so sharing changes nothing).
#[derive(Default)]
struct Keys(HashSet<regorus::Rc<str>>);

impl Keys {
    fn get(&mut self, k: &str) -> Value {
        if let Some(s) = self.0.get(k) {
            return Value::String(s.clone());
        }
        let s: regorus::Rc<str> = k.into();
        self.0.insert(s.clone());
        Value::String(s)
    }
}

fn signed(v: i64) -> Value {
    // serde_json holds a non-negative integer as unsigned, whatever type it came from.
    match u64::try_from(v) {
        Ok(u) => Value::from(u),
        Err(_) => Value::from(v),
    }
}

fn one_entry(key: Value, value: Value) -> Value {
    let mut map = BTreeMap::new();
    map.insert(key, value);
    Value::from(map)
}

struct Ser<'a> {
    keys: &'a mut Keys,
}

impl<'a> ser::Serializer for Ser<'a> {
    type Ok = Value;
    type Error = ToRegoError;
    type SerializeSeq = SeqSer<'a>;
    type SerializeTuple = SeqSer<'a>;
    type SerializeTupleStruct = SeqSer<'a>;
    type SerializeTupleVariant = SeqSer<'a>;
    type SerializeMap = MapSer<'a>;
    type SerializeStruct = MapSer<'a>;
    type SerializeStructVariant = MapSer<'a>;

    fn serialize_bool(self, v: bool) -> Res<Value> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Res<Value> {
        Ok(signed(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Res<Value> {
        Ok(signed(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Res<Value> {
        Ok(signed(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Res<Value> {
        Ok(signed(v))
    }
    fn serialize_i128(self, v: i128) -> Res<Value> {
        if let Ok(u) = u64::try_from(v) {
            return Ok(Value::from(u));
        }
        i64::try_from(v)
            .map(Value::from)
            .map_err(|_| out_of_range())
    }
    fn serialize_u8(self, v: u8) -> Res<Value> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Res<Value> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Res<Value> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Res<Value> {
        Ok(Value::from(v))
    }
    fn serialize_u128(self, v: u128) -> Res<Value> {
        u64::try_from(v)
            .map(Value::from)
            .map_err(|_| out_of_range())
    }
    fn serialize_f32(self, v: f32) -> Res<Value> {
        // Widened as serde_json widens it; regorus makes a non-finite float null, as JSON does.
        Ok(Value::from(f64::from(v)))
    }
    fn serialize_f64(self, v: f64) -> Res<Value> {
        Ok(Value::from(v))
    }
    fn serialize_char(self, v: char) -> Res<Value> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Res<Value> {
        Ok(Value::from(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Res<Value> {
        Ok(Value::from(
            v.iter()
                .map(|b| Value::from(u64::from(*b)))
                .collect::<Vec<_>>(),
        ))
    }
    fn serialize_none(self) -> Res<Value> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Res<Value> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Res<Value> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Res<Value> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Res<Value> {
        Ok(Value::from(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Res<Value> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Res<Value> {
        let key = self.keys.get(variant);
        let value = v.serialize(Ser {
            keys: &mut *self.keys,
        })?;
        Ok(one_entry(key, value))
    }
    fn serialize_seq(self, len: Option<usize>) -> Res<SeqSer<'a>> {
        Ok(SeqSer {
            keys: self.keys,
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Res<SeqSer<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Res<SeqSer<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Res<SeqSer<'a>> {
        Ok(SeqSer {
            keys: self.keys,
            items: Vec::with_capacity(len),
            variant: Some(variant),
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Res<MapSer<'a>> {
        Ok(MapSer {
            keys: self.keys,
            map: BTreeMap::new(),
            next_key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Res<MapSer<'a>> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Res<MapSer<'a>> {
        Ok(MapSer {
            keys: self.keys,
            map: BTreeMap::new(),
            next_key: None,
            variant: Some(variant),
        })
    }
    fn collect_str<T: Display + ?Sized>(self, v: &T) -> Res<Value> {
        Ok(Value::from(v.to_string()))
    }
}

struct SeqSer<'a> {
    keys: &'a mut Keys,
    items: Vec<Value>,
    /// The variant of a tuple variant, which wraps the array in a one-key object.
    variant: Option<&'static str>,
}

impl SeqSer<'_> {
    fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Res<()> {
        let value = v.serialize(Ser {
            keys: &mut *self.keys,
        })?;
        self.items.push(value);
        Ok(())
    }

    fn finish(self) -> Res<Value> {
        let array = Value::from(self.items);
        Ok(match self.variant {
            Some(variant) => one_entry(self.keys.get(variant), array),
            None => array,
        })
    }
}

/// serde's four sequence traits differ only in their method's name: each pushes an element.
macro_rules! seq_ser {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for SeqSer<'_> {
            type Ok = Value;
            type Error = ToRegoError;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Res<()> {
                self.push(v)
            }
            fn end(self) -> Res<Value> {
                self.finish()
            }
        }
    )*};
}

seq_ser!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

struct MapSer<'a> {
    keys: &'a mut Keys,
    map: BTreeMap<Value, Value>,
    next_key: Option<Value>,
    /// The variant of a struct variant, which wraps the object in a one-key object.
    variant: Option<&'static str>,
}

impl MapSer<'_> {
    fn insert<T: Serialize + ?Sized>(&mut self, key: Value, v: &T) -> Res<()> {
        let value = v.serialize(Ser {
            keys: &mut *self.keys,
        })?;
        // A repeated key keeps the last value, as in a JSON object built by serde_json.
        self.map.insert(key, value);
        Ok(())
    }

    fn finish(self) -> Res<Value> {
        let object = Value::from(self.map);
        Ok(match self.variant {
            Some(variant) => one_entry(self.keys.get(variant), object),
            None => object,
        })
    }
}

impl ser::SerializeMap for MapSer<'_> {
    type Ok = Value;
    type Error = ToRegoError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Res<()> {
        self.next_key = Some(key.serialize(KeySer {
            keys: &mut *self.keys,
        })?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Res<()> {
        let key = self
            .next_key
            .take()
            .ok_or_else(|| ToRegoError("a map value without its key".into()))?;
        self.insert(key, v)
    }
    fn end(self) -> Res<Value> {
        self.finish()
    }
}

impl ser::SerializeStruct for MapSer<'_> {
    type Ok = Value;
    type Error = ToRegoError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Res<()> {
        let key = self.keys.get(key);
        self.insert(key, v)
    }
    fn end(self) -> Res<Value> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for MapSer<'_> {
    type Ok = Value;
    type Error = ToRegoError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Res<()> {
        let key = self.keys.get(key);
        self.insert(key, v)
    }
    fn end(self) -> Res<Value> {
        self.finish()
    }
}

/// A map key as serde_json writes it: strings as they are, integers and booleans written out,
/// finite floats as serde_json formats them; anything else is refused.
struct KeySer<'a> {
    keys: &'a mut Keys,
}

impl KeySer<'_> {
    fn text(self, s: &str) -> Res<Value> {
        Ok(self.keys.get(s))
    }
}

/// A one-entry map, so that serde_json formats a float key exactly as it does in an object
/// (an `f32` with the shortest digits of the `f32`, a non-finite float refused).
struct FloatKey<F>(F);

impl<F: Serialize> Serialize for FloatKey<F> {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use ser::SerializeMap;
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(&self.0, &())?;
        m.end()
    }
}

fn float_key<F: Serialize>(v: F) -> Res<String> {
    match serde_json::to_value(FloatKey(v)) {
        Ok(serde_json::Value::Object(m)) => m
            .into_iter()
            .next()
            .map(|(k, _)| k)
            .ok_or_else(key_must_be_a_string),
        Ok(_) => Err(key_must_be_a_string()),
        Err(e) => Err(ToRegoError(e.to_string())),
    }
}

impl ser::Serializer for KeySer<'_> {
    type Ok = Value;
    type Error = ToRegoError;
    type SerializeSeq = ser::Impossible<Value, ToRegoError>;
    type SerializeTuple = ser::Impossible<Value, ToRegoError>;
    type SerializeTupleStruct = ser::Impossible<Value, ToRegoError>;
    type SerializeTupleVariant = ser::Impossible<Value, ToRegoError>;
    type SerializeMap = ser::Impossible<Value, ToRegoError>;
    type SerializeStruct = ser::Impossible<Value, ToRegoError>;
    type SerializeStructVariant = ser::Impossible<Value, ToRegoError>;

    fn serialize_bool(self, v: bool) -> Res<Value> {
        self.text(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Res<Value> {
        self.text(&v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Res<Value> {
        self.text(&v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Res<Value> {
        self.text(&v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Res<Value> {
        self.text(&v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Res<Value> {
        self.text(&v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Res<Value> {
        self.text(&v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Res<Value> {
        self.text(&v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Res<Value> {
        self.text(&v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Res<Value> {
        self.text(&v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Res<Value> {
        self.text(&v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Res<Value> {
        let s = float_key(v)?;
        self.text(&s)
    }
    fn serialize_f64(self, v: f64) -> Res<Value> {
        let s = float_key(v)?;
        self.text(&s)
    }
    fn serialize_char(self, v: char) -> Res<Value> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Res<Value> {
        self.text(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Res<Value> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Res<Value> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Res<Value> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Res<Value> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Res<Value> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Res<Value> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Res<Value> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Res<Value> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _: Option<usize>) -> Res<Self::SerializeSeq> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _: usize) -> Res<Self::SerializeTuple> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Res<Self::SerializeTupleStruct> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Res<Self::SerializeTupleVariant> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _: Option<usize>) -> Res<Self::SerializeMap> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Res<Self::SerializeStruct> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Res<Self::SerializeStructVariant> {
        Err(key_must_be_a_string())
    }
    fn collect_str<T: Display + ?Sized>(self, v: &T) -> Res<Value> {
        self.text(&v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::HashMap;

    /// The value written out with what `==` does not see: the variant of every number (an
    /// unsigned and a signed integer compare equal) and the bits of every float (0.0, -0.0).
    fn exact(v: &Value) -> String {
        match v {
            Value::Number(n) => format!(
                "{:?}/{}/{:?}",
                std::mem::discriminant(n),
                n.format_decimal(),
                n.as_f64().map(f64::to_bits)
            ),
            Value::Array(a) => {
                let items: Vec<String> = a.iter().map(exact).collect();
                format!("[{}]", items.join(","))
            }
            Value::Object(o) => {
                let items: Vec<String> = o
                    .iter_sorted()
                    .map(|(k, v)| format!("{}:{}", exact(k), exact(v)))
                    .collect();
                format!("{{{}}}", items.join(","))
            }
            other => format!("{other:?}"),
        }
    }

    /// The old path: JSON value first, then regorus's conversion of it.
    fn via_json<T: Serialize + ?Sized>(v: &T) -> Value {
        Value::from(serde_json::to_value(v).unwrap())
    }

    fn same<T: Serialize + ?Sized>(v: &T) {
        let direct = to_rego(v).unwrap();
        let old = via_json(v);
        assert_ne!(old, Value::Undefined);
        let (a, b): (Vec<char>, Vec<char>) = (
            exact(&direct).chars().collect(),
            exact(&old).chars().collect(),
        );
        if a != b {
            // Only the neighbourhood of the first difference: a whole input is long.
            let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            let around = |s: &[char]| -> String {
                s[at.saturating_sub(120)..(at + 60).min(s.len())]
                    .iter()
                    .collect()
            };
            panic!("direct: …{}…\njson:   …{}…", around(&a), around(&b));
        }
        assert_eq!(direct, old);
    }

    #[test]
    fn every_example_input_is_the_value_the_json_path_gives() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let set = crate::policy::PolicySet::builtin(false).unwrap();
        let opts = crate::pipeline::Options {
            now: crate::time::parse_now("2026-11-29T12:00:00Z").unwrap(),
            ..Default::default()
        };
        let mut loaded = 0;
        let mut dirs: Vec<_> = std::fs::read_dir(root.join("examples"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let Ok(mut input) = crate::pipeline::load_input(&dir, &set, &opts) else {
                continue;
            };
            same(&input);
            // With a base version, as `check --base` gives it.
            input.previous = Some(Box::new(input.clone()));
            same(&input);
            loaded += 1;
        }
        assert!(loaded >= 15, "{loaded} examples loaded");
    }

    #[derive(Serialize)]
    enum Kind {
        Unit,
        Newtype(i32),
        Tuple(u8, String),
        Struct { a: Option<u64>, b: f32 },
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Wrapper(i64);

    #[derive(Serialize)]
    struct Pair(u16, i16);

    struct Bytes(&'static [u8]);

    impl Serialize for Bytes {
        fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }

    #[derive(Serialize)]
    struct Inner {
        x: u8,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
    }

    #[derive(Serialize)]
    struct Everything {
        unsigned: Vec<u64>,
        signed: Vec<i64>,
        small: (i8, i16, i32, u8, u16, u32),
        wide: (i128, i128, u128),
        floats: Vec<f64>,
        single: Vec<f32>,
        strings: Vec<&'static str>,
        chars: Vec<char>,
        none: Option<String>,
        some: Option<Option<bool>>,
        unit: (),
        unit_struct: Unit,
        wrapper: Wrapper,
        pair: Pair,
        kinds: Vec<Kind>,
        bytes: Bytes,
        empty_map: BTreeMap<String, u8>,
        empty_vec: Vec<u8>,
        empty_struct: BTreeMap<String, Inner>,
        int_keys: BTreeMap<i32, &'static str>,
        bool_keys: BTreeMap<bool, u8>,
        char_keys: BTreeMap<char, u8>,
        unit_keys: BTreeMap<Kind2, u8>,
        hash: HashMap<String, Vec<Inner>>,
        #[serde(flatten)]
        flat: BTreeMap<String, serde_json::Value>,
        json: serde_json::Value,
    }

    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    enum Kind2 {
        Alpha,
        Beta,
    }

    #[test]
    fn scalars_and_shapes_are_the_values_the_json_path_gives() {
        let v = Everything {
            unsigned: vec![0, 1, u64::from(u32::MAX), 1 << 53, (1 << 53) + 1, u64::MAX],
            signed: vec![i64::MIN, -(1 << 53) - 1, -1, 0, 1, i64::MAX],
            small: (i8::MIN, -1, i32::MAX, u8::MAX, 0, u32::MAX),
            wide: (
                i128::from(i64::MIN),
                i128::from(u64::MAX),
                u128::from(u64::MAX),
            ),
            floats: vec![
                0.0,
                -0.0,
                1.0,
                3.0,
                -2.5,
                0.1,
                1e21,
                1e300,
                f64::MAX,
                f64::MIN,
                f64::MIN_POSITIVE,
                5e-324,
                9007199254740993.0,
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ],
            single: vec![0.1, -0.0, 16777217.0, f32::MAX, f32::NAN, f32::INFINITY],
            strings: vec![
                "",
                "plain",
                "quote \" backslash \\ slash / ",
                "new\nline\ttab\r\u{0}\u{1f}\u{7f}",
                "ünïcödé \u{1F600} \u{FEFF} \u{2028}",
                "$serde_json::private::Number",
            ],
            chars: vec!['a', '"', '\u{0}', '\u{10FFFF}'],
            none: None,
            some: Some(None),
            unit: (),
            unit_struct: Unit,
            wrapper: Wrapper(-7),
            pair: Pair(65535, -32768),
            kinds: vec![
                Kind::Unit,
                Kind::Newtype(-3),
                Kind::Tuple(1, "t".into()),
                Kind::Struct { a: None, b: 0.5 },
            ],
            bytes: Bytes(&[0, 1, 255]),
            empty_map: BTreeMap::new(),
            empty_vec: Vec::new(),
            empty_struct: BTreeMap::from([(
                "k".to_string(),
                Inner {
                    x: 1,
                    skipped: None,
                },
            )]),
            int_keys: BTreeMap::from([(-1, "a"), (0, "b"), (10, "c"), (2, "d")]),
            bool_keys: BTreeMap::from([(true, 1), (false, 0)]),
            char_keys: BTreeMap::from([('x', 1), ('é', 2)]),
            unit_keys: BTreeMap::from([(Kind2::Alpha, 1), (Kind2::Beta, 2)]),
            hash: HashMap::from([
                ("one".to_string(), vec![]),
                (
                    "two".to_string(),
                    vec![Inner {
                        x: 2,
                        skipped: Some(3),
                    }],
                ),
            ]),
            // Flattened keys that repeat a field: the last one written wins on both paths.
            flat: BTreeMap::from([
                ("json".to_string(), serde_json::json!("flattened")),
                ("zz".to_string(), serde_json::json!([1, -1, 1.5, null, {}])),
            ]),
            json: serde_json::json!({
                "n": [0, -0, 18446744073709551615u64, -9223372036854775808i64, 1.0, -0.0, 2.5e-10],
                "nested": {"": {"a": []}, "\"esc\"": "\\"},
                "null": null,
            }),
        };
        same(&v);
        // The parts on their own, so that a difference names its place.
        same(&v.floats);
        same(&v.single);
        same(&v.signed);
        same(&v.kinds);
        same(&v.json);
        same(&serde_json::json!({}));
        same(&serde_json::json!([]));
        same(&serde_json::Value::Null);
        same(&BTreeMap::from([(1.5f64.to_bits(), 1)]));
    }

    /// Float keys are written as serde_json writes them (shortest digits of their own width).
    #[test]
    fn float_keys_are_written_as_serde_json_writes_them() {
        struct Keys(Vec<(f64, f32)>);
        impl Serialize for Keys {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                for (i, (a, b)) in self.0.iter().enumerate() {
                    m.serialize_entry(a, &i)?;
                    m.serialize_entry(b, &i)?;
                }
                m.end()
            }
        }
        same(&Keys(vec![
            (0.1, 0.1),
            (-0.0, -0.0),
            (1e21, 1e-7),
            (3.0, 16777216.0),
        ]));
        // A non-finite float key fails on both paths.
        assert!(serde_json::to_value(Keys(vec![(f64::NAN, 0.0)])).is_err());
        assert!(to_rego(&Keys(vec![(f64::NAN, 0.0)])).is_err());
        assert!(to_rego(&Keys(vec![(0.0, f32::INFINITY)])).is_err());
    }

    /// What `serde_json::to_value` refuses is refused here too.
    #[test]
    fn what_the_json_path_refuses_is_refused() {
        let seq_key = BTreeMap::from([(vec![1u8], 1u8)]);
        assert!(serde_json::to_value(&seq_key).is_err());
        assert!(to_rego(&seq_key).is_err());
        let option_key = BTreeMap::from([(Some(1u8), 1u8)]);
        assert!(serde_json::to_value(&option_key).is_err());
        assert!(to_rego(&option_key).is_err());
        for wide in [i128::from(i64::MIN) - 1, i128::from(u64::MAX) + 1] {
            assert!(serde_json::to_value(wide).is_err());
            assert!(to_rego(&wide).is_err());
        }
        assert!(serde_json::to_value(u128::from(u64::MAX) + 1).is_err());
        assert!(to_rego(&(u128::from(u64::MAX) + 1)).is_err());
    }

    /// regorus's JSON conversion reads an object whose first key is serde_json's private number
    /// marker as a number (and the whole input as undefined when the text is not one). A
    /// model card's metadata can hold any key, so the direct path keeps it an ordinary object,
    /// as OPA reads the same JSON.
    #[test]
    fn the_private_number_marker_is_an_ordinary_key() {
        for text in ["12", "not a number"] {
            let doc = serde_json::json!({"metadata": {"$serde_json::private::Number": text}});
            let v = to_rego(&doc).unwrap();
            let meta = &v["metadata"];
            assert_eq!(meta["$serde_json::private::Number"], Value::from(text));
            assert_ne!(via_json(&doc), v);
        }
    }
}
