//! SPDX 2.2 / 2.3 JSON: packages (or files when there are none), their checksums, licenses and
//! external references, and the described subject.

use super::lenient::{LaxText, Text};
use super::{
    component, err_at, name_at, normalize_created, purl, push_hash, push_license,
    spdx_purpose_type, Ident, Top,
};
use crate::error::Result;
use crate::formats::robustness::Obj;
use crate::formats::Doc;
use crate::input::Sbom;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
pub(super) struct Spdx2Package {
    #[serde(rename = "SPDXID")]
    spdx_id: Option<String>,
    name: Option<Text>,
    #[serde(rename = "versionInfo")]
    version_info: Option<Text>,
    #[serde(rename = "primaryPackagePurpose")]
    purpose: Option<String>,
    #[serde(rename = "licenseConcluded")]
    license_concluded: Option<String>,
    #[serde(rename = "licenseDeclared")]
    license_declared: Option<String>,
    checksums: Option<Vec<Obj<Spdx2Checksum>>>,
    #[serde(rename = "externalRefs")]
    external_refs: Option<Vec<Obj<Spdx2ExternalRef>>>,
    #[serde(rename = "downloadLocation", default)]
    download_location: LaxText,
    #[serde(default)]
    homepage: LaxText,
}

#[derive(Deserialize)]
struct Spdx2Checksum {
    algorithm: String,
    #[serde(rename = "checksumValue")]
    value: String,
}

#[derive(Deserialize)]
struct Spdx2ExternalRef {
    #[serde(rename = "referenceType")]
    reference_type: Option<String>,
    #[serde(rename = "referenceLocator")]
    locator: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct Spdx2File {
    #[serde(rename = "SPDXID")]
    spdx_id: Option<String>,
    #[serde(rename = "fileName")]
    file_name: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct Spdx2Relationship {
    #[serde(rename = "spdxElementId")]
    element: Option<String>,
    #[serde(rename = "relationshipType")]
    kind: Option<String>,
    #[serde(rename = "relatedSpdxElement")]
    related: Option<String>,
}

pub(super) fn spdx2(doc: &Doc, text: &str, top: Top) -> Result<Sbom> {
    let spec_version = top
        .spdx_version
        .as_deref()
        .map(|v| v.trim_start_matches("SPDX-").to_string())
        .unwrap_or_default();

    // What the document describes: documentDescribes, else DESCRIBES / DESCRIBED_BY.
    let mut described: Vec<String> = top.document_describes.unwrap_or_default();
    if described.is_empty() {
        for r in top.relationships.iter().flatten() {
            let (Some(a), Some(kind), Some(b)) = (&r.element, &r.kind, &r.related) else {
                continue;
            };
            if kind == "DESCRIBES" && a == "SPDXRef-DOCUMENT" {
                described.push(b.clone());
            } else if kind == "DESCRIBED_BY" && b == "SPDXRef-DOCUMENT" {
                described.push(a.clone());
            }
        }
    }

    let created = top
        .creation_info
        .as_ref()
        .and_then(|c| c.get("created"))
        .and_then(|c| c.as_str())
        .and_then(normalize_created);
    let packages = top.packages.unwrap_or_default();
    let mut subject = None;
    'find: for id in &described {
        for p in &packages {
            if p.spdx_id.as_deref() == Some(id.as_str()) {
                if let Some(Text(name)) = &p.name {
                    subject = Some(name_at(name, p.version_info.as_ref().map(|v| v.0.as_str())));
                    break 'find;
                }
            }
        }
        for f in top.files.iter().flatten() {
            if f.spdx_id.as_deref() == Some(id.as_str()) {
                if let Some(name) = &f.file_name {
                    subject = Some(name.clone());
                    break 'find;
                }
            }
        }
    }

    let mut components = Vec::with_capacity(packages.len());
    for (i, Obj(p)) in packages.into_iter().enumerate() {
        let pointer = format!("/packages/{i}");
        let Some(Text(name)) = p.name else {
            return Err(err_at(doc, text, &pointer, "package without a name"));
        };
        let mut licenses = Vec::new();
        for l in [&p.license_concluded, &p.license_declared]
            .into_iter()
            .flatten()
        {
            push_license(&mut licenses, l);
        }
        let mut hashes = BTreeMap::new();
        for c in p.checksums.iter().flatten() {
            push_hash(&mut hashes, &c.algorithm, &c.value);
        }
        let mut ident = Ident::default();
        for Obj(r) in p.external_refs.into_iter().flatten() {
            let (Some(kind), Some(locator)) = (r.reference_type, r.locator) else {
                continue;
            };
            if kind.eq_ignore_ascii_case("purl") {
                match ident.purl {
                    None => ident.purl = Some(locator),
                    Some(_) => ident.other_purls.push(locator),
                }
            } else if kind.starts_with("cpe") {
                if let Some(eco) = purl::eco_of_cpe(&locator) {
                    ident.hints.insert(eco);
                }
            } else if let Some(p) = purl::purl_of_reference(&kind, &locator) {
                ident.other_purls.push(p);
            }
        }
        for url in [&p.download_location.0, &p.homepage.0]
            .into_iter()
            .flatten()
        {
            if let Some(eco) = purl::eco_of_url(url) {
                ident.hints.insert(eco);
            }
        }
        components.push(component(
            name,
            p.version_info.map(|v| v.0),
            ident,
            p.purpose.as_deref().map(spdx_purpose_type),
            licenses,
            hashes,
            pointer,
        ));
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
