//! CycloneDX JSON (spec 1.2–1.7): the fields the loader reads, ecosystem hints from properties
//! and external references, and the walk through nested components.

use super::lenient::{LaxText, Text};
use super::{
    component, err_at, name_at, normalize_created, purl, push_hash, push_license, Ident, Top,
};
use crate::error::Result;
use crate::formats::robustness::Obj;
use crate::formats::Doc;
use crate::input::{Component, Sbom};
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

#[derive(Deserialize)]
pub(super) struct CdxMetadata {
    timestamp: Option<Text>,
    component: Option<Obj<CdxComponent>>,
}

#[derive(Deserialize)]
pub(super) struct CdxComponent {
    name: Option<Text>,
    version: Option<Text>,
    purl: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    licenses: Option<Vec<Obj<CdxLicenseChoice>>>,
    hashes: Option<Vec<Obj<CdxHash>>>,
    components: Option<Vec<Obj<CdxComponent>>>,
    #[serde(default)]
    group: LaxText,
    #[serde(rename = "bom-ref", default)]
    bom_ref: LaxText,
    #[serde(default)]
    cpe: LaxText,
    #[serde(default)]
    properties: Hints,
    #[serde(rename = "externalReferences", default)]
    external_references: Hints,
}

/// The ecosystems a CycloneDX `properties` (`syft:package:type`, `cdx:npm:…`) or
/// `externalReferences` (a registry URL) list names. Read without allocating, and leniently:
/// an entry of another shape is skipped, since these are hints and not required fields.
#[derive(Default)]
struct Hints(purl::EcoSet);

impl<'de> Deserialize<'de> for Hints {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Hints;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Hints, A::Error> {
                let mut set = purl::EcoSet::default();
                while let Some(HintEntry(eco)) = seq.next_element()? {
                    if let Some(e) = eco {
                        set.insert(e);
                    }
                }
                Ok(Hints(set))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Hints, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Hints::default())
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Hints, E> {
                Ok(Hints::default())
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Hints, E> {
                Ok(Hints::default())
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Hints, E> {
                Ok(Hints::default())
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Hints, E> {
                Ok(Hints::default())
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Hints, E> {
                Ok(Hints::default())
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Hints, E> {
                Ok(Hints::default())
            }
        }
        d.deserialize_any(V)
    }
}

/// One `{name, value}` property or `{type, url}` reference, as the ecosystem it names.
struct HintEntry(Option<&'static str>);

/// A key of a hint entry.
enum HintKey {
    Name,
    Value,
    Url,
    Other,
}

impl<'de> Deserialize<'de> for HintKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = HintKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<HintKey, E> {
                Ok(match v {
                    "name" => HintKey::Name,
                    "value" => HintKey::Value,
                    "url" => HintKey::Url,
                    _ => HintKey::Other,
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

/// What a string value of a hint entry says: for a property name, whether it is syft's package
/// type or language (then the value names the ecosystem) or the ecosystem of a `cdx:` namespace;
/// for a value or URL, the ecosystem it names.
#[derive(Clone, Copy, Default)]
struct HintValue {
    syft: bool,
    eco: Option<&'static str>,
}

/// Reads a string (anything else ignored) and maps it with `f`, without keeping it.
struct MapStr<F>(F);

impl<'de, F: FnOnce(&str) -> HintValue> serde::de::DeserializeSeed<'de> for MapStr<F> {
    type Value = HintValue;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<HintValue, D::Error> {
        struct V<F>(F);
        impl<'de, F: FnOnce(&str) -> HintValue> Visitor<'de> for V<F> {
            type Value = HintValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<HintValue, E> {
                Ok((self.0)(v))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<HintValue, E> {
                Ok(HintValue::default())
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<HintValue, E> {
                Ok(HintValue::default())
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<HintValue, E> {
                Ok(HintValue::default())
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<HintValue, E> {
                Ok(HintValue::default())
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<HintValue, E> {
                Ok(HintValue::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<HintValue, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(HintValue::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HintValue, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(HintValue::default())
            }
        }
        d.deserialize_any(V(self.0))
    }
}

impl<'de> Deserialize<'de> for HintEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = HintEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HintEntry, A::Error> {
                let (mut name, mut value, mut url) = (HintValue::default(), None, None);
                while let Some(key) = map.next_key::<HintKey>()? {
                    match key {
                        HintKey::Name => {
                            name = map.next_value_seed(MapStr(|s: &str| HintValue {
                                syft: s == "syft:package:type" || s == "syft:package:language",
                                eco: purl::eco_of_property(s, ""),
                            }))?;
                        }
                        HintKey::Value => {
                            value = map
                                .next_value_seed(MapStr(|s: &str| HintValue {
                                    syft: false,
                                    eco: purl::eco_of_tool_type(s),
                                }))?
                                .eco;
                        }
                        HintKey::Url => {
                            url = map
                                .next_value_seed(MapStr(|s: &str| HintValue {
                                    syft: false,
                                    eco: purl::eco_of_url(s),
                                }))?
                                .eco;
                        }
                        HintKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let property = if name.syft { value } else { name.eco };
                Ok(HintEntry(url.or(property)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<HintEntry, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(HintEntry(None))
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<HintEntry, E> {
                Ok(HintEntry(None))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<HintEntry, E> {
                Ok(HintEntry(None))
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<HintEntry, E> {
                Ok(HintEntry(None))
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<HintEntry, E> {
                Ok(HintEntry(None))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<HintEntry, E> {
                Ok(HintEntry(None))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<HintEntry, E> {
                Ok(HintEntry(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// `{license: {id|name}}` or `{expression}`; a bare `{id|name}` is accepted too.
#[derive(Deserialize)]
struct CdxLicenseChoice {
    license: Option<Obj<CdxLicense>>,
    expression: Option<String>,
    id: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct CdxLicense {
    id: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct CdxHash {
    alg: String,
    content: String,
}

pub(super) fn cyclonedx(doc: &Doc, text: &str, top: Top) -> Result<Sbom> {
    let spec_version = match top.spec_version {
        Some(Text(v)) => v,
        None => {
            return Err(err_at(
                doc,
                text,
                "/specVersion",
                "CycloneDX BOM without specVersion",
            ))
        }
    };
    let minor = spec_version
        .strip_prefix("1.")
        .and_then(|m| m.parse::<u32>().ok());
    if !matches!(minor, Some(m) if m >= 2) {
        return Err(err_at(
            doc,
            text,
            "/specVersion",
            format!(
                "unsupported CycloneDX specVersion \"{spec_version}\" (JSON is read for 1.2-1.7)"
            ),
        ));
    }
    let mut components = Vec::new();
    let mut subject = None;
    let mut created = None;
    if let Some(Obj(metadata)) = &top.metadata {
        created = metadata
            .timestamp
            .as_ref()
            .and_then(|t| normalize_created(&t.0));
    }
    if let Some(Obj(CdxMetadata {
        component: Some(Obj(mut meta)),
        ..
    })) = top.metadata
    {
        if let Some(Text(name)) = &meta.name {
            subject = Some(name_at(name, meta.version.as_ref().map(|v| v.0.as_str())));
        }
        if let Some(children) = meta.components.take() {
            cdx_walk(
                doc,
                text,
                children,
                "/metadata/component/components",
                &mut components,
            )?;
        }
    }
    if let Some(list) = top.components {
        cdx_walk(doc, text, list, "/components", &mut components)?;
    }
    Ok(Sbom {
        duplicates: Vec::new(),
        source: doc.source("cyclonedx"),
        format: "cyclonedx".to_string(),
        spec_version,
        subject,
        created,
        components,
    })
}

fn cdx_walk(
    doc: &Doc,
    text: &str,
    list: Vec<Obj<CdxComponent>>,
    base: &str,
    out: &mut Vec<Component>,
) -> Result<()> {
    for (i, Obj(c)) in list.into_iter().enumerate() {
        let pointer = format!("{base}/{i}");
        let Some(Text(name)) = c.name else {
            return Err(err_at(doc, text, &pointer, "component without a name"));
        };
        let mut licenses = Vec::new();
        for choice in c.licenses.iter().flatten() {
            if let Some(e) = &choice.expression {
                push_license(&mut licenses, e);
            }
            let (id, lname) = match &choice.license {
                Some(l) => (l.id.as_deref(), l.name.as_deref()),
                None => (choice.id.as_deref(), choice.name.as_deref()),
            };
            if let Some(l) = id.or(lname) {
                push_license(&mut licenses, l);
            }
        }
        let mut hashes = BTreeMap::new();
        for h in c.hashes.iter().flatten() {
            push_hash(&mut hashes, &h.alg, &h.content);
        }
        let mut ident = Ident {
            purl: c.purl.filter(|p| !p.trim().is_empty()),
            group: c.group.0,
            hints: c.properties.0,
            ..Ident::default()
        };
        ident.hints.union(c.external_references.0);
        if let Some(eco) = c.cpe.0.as_deref().and_then(purl::eco_of_cpe) {
            ident.hints.insert(eco);
        }
        // Tools (syft, cdxgen) often make the purl the bom-ref; it still names the package when
        // the purl field is left out or broken.
        ident.fallback_purl = c.bom_ref.0.filter(|r| {
            r.trim_start()
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("pkg:"))
        });
        out.push(component(
            name,
            c.version.map(|v| v.0),
            ident,
            c.kind.map(|k| k.trim().to_ascii_lowercase()),
            licenses,
            hashes,
            pointer.clone(),
        ));
        if let Some(children) = c.components {
            cdx_walk(doc, text, children, &format!("{pointer}/components"), out)?;
        }
    }
    Ok(())
}
