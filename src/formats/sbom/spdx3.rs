//! SPDX 3.0 JSON-LD: the `@graph` elements (software, AI and dataset packages, files), their
//! integrity methods, licensing relationships and the document's root element.

use super::lenient::{Lax, LaxText, OneOrMany, Text};
use super::{
    component, err_at, name_at, normalize_created, purl, push_hash, push_license,
    spdx_purpose_type, Ident, Top,
};
use crate::error::Result;
use crate::formats::robustness::Obj;
use crate::formats::Doc;
use crate::input::Sbom;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Deserialize)]
pub(super) struct Spdx3Element {
    #[serde(rename = "type")]
    type_: Option<String>,
    #[serde(rename = "@type")]
    at_type: Option<String>,
    #[serde(rename = "spdxId")]
    spdx_id: Option<String>,
    #[serde(rename = "@id")]
    at_id: Option<String>,
    name: Option<Text>,
    #[serde(rename = "software_packageVersion")]
    package_version: Option<Text>,
    #[serde(rename = "software_packageUrl")]
    package_url: Option<String>,
    #[serde(rename = "software_primaryPurpose")]
    primary_purpose: Option<String>,
    #[serde(rename = "verifiedUsing")]
    verified_using: Option<Vec<Obj<Spdx3Integrity>>>,
    #[serde(rename = "externalIdentifier")]
    external_identifier: Option<Vec<Obj<Spdx3ExternalId>>>,
    #[serde(rename = "relationshipType")]
    relationship_type: Option<String>,
    from: Option<String>,
    to: Option<OneOrMany>,
    #[serde(rename = "rootElement")]
    root_element: Option<OneOrMany>,
    #[serde(rename = "specVersion")]
    spec_version: Option<String>,
    created: Option<Text>,
    #[serde(rename = "simplelicensing_licenseExpression")]
    license_expression: Option<String>,
    #[serde(rename = "software_downloadLocation", default)]
    download_location: LaxText,
    #[serde(rename = "software_homePage", default)]
    home_page: LaxText,
    #[serde(rename = "externalRef")]
    external_ref: Option<Lax<Vec<Spdx3ExternalRef>>>,
}

#[derive(Deserialize)]
struct Spdx3ExternalRef {
    #[serde(rename = "externalRefType")]
    kind: Option<String>,
    locator: Option<OneOrMany>,
}

impl Spdx3Element {
    fn kind(&self) -> &str {
        self.type_
            .as_deref()
            .or(self.at_type.as_deref())
            .unwrap_or("")
    }
    fn id(&self) -> Option<&str> {
        self.spdx_id.as_deref().or(self.at_id.as_deref())
    }
}

#[derive(Deserialize)]
struct Spdx3Integrity {
    #[serde(rename = "type")]
    type_: Option<String>,
    algorithm: Option<String>,
    #[serde(rename = "hashValue")]
    hash_value: Option<String>,
}

#[derive(Deserialize)]
struct Spdx3ExternalId {
    #[serde(rename = "externalIdentifierType")]
    kind: Option<String>,
    identifier: Option<String>,
}

const SPDX3_PACKAGES: [&str; 3] = ["software_Package", "ai_AIPackage", "dataset_DatasetPackage"];

/// The SPDX 3 version named by an `@context` (`https://spdx.org/rdf/3.0.1/spdx-context.jsonld`
/// → `3.0.1`), or `None` when the context is not SPDX 3.
pub(super) fn spdx3_context_version(context: &serde_json::Value) -> Option<String> {
    let urls: Vec<&str> = match context {
        serde_json::Value::String(s) => vec![s.as_str()],
        serde_json::Value::Array(a) => a.iter().filter_map(|v| v.as_str()).collect(),
        _ => Vec::new(),
    };
    urls.iter().find_map(|u| {
        let rest = &u[u.find("spdx.org/rdf/3")? + "spdx.org/rdf/".len()..];
        Some(rest.split('/').next().unwrap_or("3.0").to_string())
    })
}

pub(super) fn spdx3(doc: &Doc, text: &str, top: Top, context_version: String) -> Result<Sbom> {
    let graph = top.graph.unwrap_or_default();
    let by_id: HashMap<&str, usize> = graph
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((e.id()?, i)))
        .collect();

    let spec_version = graph
        .iter()
        .filter(|e| e.kind() == "CreationInfo")
        .find_map(|e| e.spec_version.clone())
        .unwrap_or_else(|| {
            if context_version.starts_with("3.") {
                context_version
            } else {
                "3.0".to_string()
            }
        });

    let created = graph
        .iter()
        .filter(|e| e.kind() == "CreationInfo")
        .find_map(|e| e.created.as_ref().and_then(|c| normalize_created(&c.0)));

    // License relationships: element id -> (concluded targets, declared targets).
    let mut license_rels: HashMap<&str, (Vec<&str>, Vec<&str>)> = HashMap::new();
    for e in &graph {
        let Some(kind) = e.relationship_type.as_deref() else {
            continue;
        };
        let (Some(from), Some(to)) = (e.from.as_deref(), e.to.as_ref()) else {
            continue;
        };
        let entry = license_rels.entry(from);
        match kind {
            "hasConcludedLicense" => entry.or_default().0.extend(to.0.iter().map(String::as_str)),
            "hasDeclaredLicense" => entry.or_default().1.extend(to.0.iter().map(String::as_str)),
            _ => {}
        }
    }
    let license_of = |target: &str| -> Option<String> {
        match by_id.get(target).map(|&i| &graph[i]) {
            Some(el) => match el.kind() {
                "simplelicensing_LicenseExpression" => el.license_expression.clone(),
                "expandedlicensing_NoAssertionLicense" | "expandedlicensing_NoneLicense" => None,
                "expandedlicensing_ListedLicense" => Some(last_segment(target).to_string()),
                "expandedlicensing_CustomLicense" => Some(match &el.name {
                    Some(Text(n)) => n.clone(),
                    None => license_ref(last_segment(target)),
                }),
                _ => None,
            },
            None => target
                .strip_prefix("https://spdx.org/licenses/")
                .map(str::to_string),
        }
    };

    let has_packages = graph.iter().any(|e| SPDX3_PACKAGES.contains(&e.kind()));
    let mut components = Vec::new();
    for (i, e) in graph.iter().enumerate() {
        let kind = e.kind();
        if !(SPDX3_PACKAGES.contains(&kind) || (!has_packages && kind == "software_File")) {
            continue;
        }
        let pointer = format!("/@graph/{i}");
        let name = match (&e.name, e.id()) {
            (Some(Text(n)), _) => n.clone(),
            (None, Some(id)) => id.to_string(),
            (None, None) => {
                return Err(err_at(
                    doc,
                    text,
                    &pointer,
                    format!("{kind} without a name or spdxId"),
                ))
            }
        };
        let component_type = match kind {
            "ai_AIPackage" => Some("machine-learning-model".to_string()),
            "dataset_DatasetPackage" => Some("data".to_string()),
            _ => match &e.primary_purpose {
                Some(p) => Some(spdx_purpose_type(p)),
                None if kind == "software_Package" => Some("library".to_string()),
                None => None,
            },
        };
        let mut hashes = BTreeMap::new();
        for h in e.verified_using.iter().flatten() {
            if h.type_.as_deref().is_none_or(|t| t == "Hash") {
                if let (Some(alg), Some(v)) = (&h.algorithm, &h.hash_value) {
                    push_hash(&mut hashes, alg, v);
                }
            }
        }
        let mut ident = Ident {
            purl: e.package_url.clone().filter(|p| !p.trim().is_empty()),
            ..Ident::default()
        };
        for x in e.external_identifier.iter().flatten() {
            let (Some(kind), Some(value)) = (x.kind.as_deref(), x.identifier.as_ref()) else {
                continue;
            };
            match kind {
                "packageUrl" if ident.purl.is_none() => ident.purl = Some(value.clone()),
                "packageUrl" => ident.other_purls.push(value.clone()),
                "cpe23" | "cpe22" => {
                    if let Some(eco) = purl::eco_of_cpe(value) {
                        ident.hints.insert(eco);
                    }
                }
                _ => {}
            }
        }
        for r in e.external_ref.iter().flat_map(|l| l.0.iter().flatten()) {
            let Some(kind) = r.kind.as_deref() else {
                continue;
            };
            for locator in r.locator.iter().flat_map(|l| l.0.iter()) {
                if let Some(p) = purl::purl_of_reference(kind, locator) {
                    ident.other_purls.push(p);
                }
            }
        }
        for url in [&e.download_location.0, &e.home_page.0]
            .into_iter()
            .flatten()
        {
            if let Some(eco) = purl::eco_of_url(url) {
                ident.hints.insert(eco);
            }
        }
        let mut licenses = Vec::new();
        if let Some((concluded, declared)) = e.id().and_then(|id| license_rels.get(id)) {
            for target in concluded.iter().chain(declared) {
                if let Some(l) = license_of(target) {
                    push_license(&mut licenses, &l);
                }
            }
        }
        components.push(component(
            name,
            e.package_version.as_ref().map(|v| v.0.clone()),
            ident,
            component_type,
            licenses,
            hashes,
            pointer,
        ));
    }

    // Subject: the SpdxDocument's root element, looking through Sbom/Bom elements.
    let mut subject = None;
    let mut queue: Vec<&str> = graph
        .iter()
        .filter(|e| e.kind() == "SpdxDocument")
        .flat_map(|e| {
            e.root_element
                .iter()
                .flat_map(|r| r.0.iter().map(String::as_str))
        })
        .collect();
    let mut seen = HashSet::new();
    let mut next = 0;
    while next < queue.len() && subject.is_none() {
        let id = queue[next];
        next += 1;
        if !seen.insert(id) {
            continue;
        }
        let Some(el) = by_id.get(id).map(|&i| &graph[i]) else {
            continue;
        };
        if let Some(roots) = &el.root_element {
            queue.extend(roots.0.iter().map(String::as_str));
        } else if let Some(Text(name)) = &el.name {
            subject = Some(name_at(
                name,
                el.package_version.as_ref().map(|v| v.0.as_str()),
            ));
        }
    }

    Ok(Sbom {
        duplicates: Vec::new(),
        source: doc.source("spdx"),
        format: "spdx".to_string(),
        spec_version,
        subject,
        created,
        components,
    })
}

fn last_segment(iri: &str) -> &str {
    iri.trim_end_matches('/')
        .rsplit(['/', '#'])
        .next()
        .unwrap_or(iri)
}

/// An SPDX `LicenseRef-` for a custom license that has no name.
fn license_ref(id: &str) -> String {
    let clean: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if clean.starts_with("LicenseRef-") {
        clean
    } else {
        format!("LicenseRef-{clean}")
    }
}
