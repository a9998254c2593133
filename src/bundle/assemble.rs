//! The assemble stage: the input document from the evidence and what the manifest declares,
//! or every problem found while loading and verifying it.

use super::{Evidence, Located};
use crate::error::{Error, Result};
use crate::input::{Input, ManifestInfo};

/// The input document: the evidence with how it was found and what the manifest declares; or
/// every problem found while loading and verifying it.
pub fn assemble(located: &Located, evidence: Evidence) -> Result<Input> {
    let Evidence {
        mut input,
        mut errors,
        ..
    } = evidence;
    match errors.len() {
        0 => {}
        1 => return Err(errors.remove(0)),
        _ => return Err(Error::Many(errors)),
    }
    input.discovery.mode = if located.manifest.is_some() {
        "manifest"
    } else {
        "convention"
    }
    .to_string();
    input.manifest = match &located.manifest {
        Some((m, doc)) => ManifestInfo {
            source: Some(doc.source("modelgate-manifest")),
            name: Some(m.metadata.name.clone()),
            version: Some(m.metadata.version.clone()),
            owner: m.metadata.owner.clone(),
            risk_tier: Some(m.spec.risk_tier.as_str().to_string()),
            environment: m.spec.environment.clone(),
            jurisdictions: m.spec.jurisdictions.clone(),
            intended_deployment: m.spec.intended_deployment.clone(),
            labels: m.metadata.labels.clone(),
            automated_decisions: m.spec.automated_decisions.as_ref().map(|a| {
                crate::input::AutomatedDecisions {
                    solely_automated: a.solely_automated,
                    legal_or_similar_effect: a.legal_or_similar_effect,
                    human_intervention: a.human_intervention.clone(),
                    contestation: a.contestation.clone(),
                    exception: a.exception.clone(),
                    law_reference: a.law_reference.clone(),
                    point_of_view: a.point_of_view.clone(),
                    logic_information: a.logic_information.clone(),
                    affects_children: a.affects_children,
                    relied_on_by_third_parties: a.relied_on_by_third_parties,
                }
            }),
            eu_ai_act: m.spec.eu_ai_act.clone(),
            transparency: m.spec.transparency.clone(),
            gpai: m.spec.gpai.clone(),
            high_risk: m.spec.high_risk.clone(),
            deployer: m.spec.deployer.clone(),
            california: m.spec.california.clone(),
            erasure: m.spec.erasure.clone(),
        },
        None => ManifestInfo::default(),
    };
    Ok(input)
}
