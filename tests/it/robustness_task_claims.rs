//! The robustness policy's task claims (pipeline tag, model-index task types, tags) on Hugging
//! Face model cards: the loader puts model-index task types into the input, and
//! `rob-task-mismatch` does not fire on the real cards of ../shared/data/real (skipped, saying
//! so, when that folder is absent) while it does fire once their pipeline tag is falsified.

use modelgate::formats::{model_card, Doc};
use modelgate::input::{Input, ManifestInfo, ModelCard};
use modelgate::policy::{Evaluator, PolicySet, DEFAULT_TIMEOUT};
use std::collections::BTreeSet;
use std::path::Path;

const REAL_CARDS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/data/real/model-cards-hf-hub"
);

fn engine() -> Evaluator {
    PolicySet::builtin(false)
        .unwrap()
        .engine(DEFAULT_TIMEOUT)
        .unwrap()
}

/// The pipeline tags of the robustness policy's default `task_families`.
fn family_tags() -> BTreeSet<String> {
    let params = PolicySet::builtin(false).unwrap().default_params().unwrap();
    let families = &params["data.modelgate.robustness"]["task_families"];
    families
        .as_object()
        .unwrap()
        .values()
        .flat_map(|tags| tags.as_array().unwrap())
        .map(|t| t.as_str().unwrap().to_string())
        .collect()
}

/// A high-tier release whose only evidence is `card`.
fn input_for(card: &ModelCard) -> serde_json::Value {
    let input = Input {
        manifest: ManifestInfo {
            name: Some("release".into()),
            risk_tier: Some("high".into()),
            ..ManifestInfo::default()
        },
        model: Some(card.clone()),
        ..Input::default()
    };
    serde_json::to_value(&input).unwrap()
}

/// The messages of the `rob-task-mismatch` findings for `card`.
fn mismatches(engine: &mut Evaluator, card: &ModelCard) -> Vec<String> {
    engine
        .evaluate(&input_for(card))
        .unwrap()
        .into_iter()
        .filter(|f| f.value["id"] == "rob-task-mismatch")
        .map(|f| f.value["msg"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Whether the boolean rule `data.modelgate.robustness.<rule>` holds for `card`.
fn holds(engine: &mut Evaluator, card: &ModelCard, rule: &str) -> bool {
    engine.set_input(&input_for(card));
    engine
        .eval_rule(&format!("data.modelgate.robustness.{rule}"))
        .unwrap()
        == serde_json::Value::Bool(true)
}

#[test]
fn model_index_task_types_reach_the_input() {
    let md = "---\npipeline_tag: text-generation\ntags: [conversational]\nmodel-index:\n\
              - name: m\n  results:\n  - task: {type: text-generation}\n    dataset: {name: d}\n\
              \x20 - task: {type: text-generation, name: again}\n    metrics: [{type: acc, value: 1}]\n\
              \x20 - task: {type: Summarization}\n  - dataset: {name: no task}\n\
              - name: other\n  results:\n  - task: {type: tabular-classification}\n---\n# m\n";
    let card =
        model_card::load(&Doc::new("README.md", "README.md", md.as_bytes().to_vec())).unwrap();
    // Results without metrics count; each type once, as written (MTEB-style names included:
    // the policy, not the loader, decides what is a pipeline tag).
    assert_eq!(
        card.task_types,
        ["text-generation", "Summarization", "tabular-classification"]
    );
    assert_eq!(card.tags, ["conversational"]);
    let mut engine = engine();
    assert_eq!(
        mismatches(&mut engine, &card),
        ["pipeline tag text-generation (text-generation) contradicts model-index task tabular-classification (tabular)"]
    );
    assert!(holds(&mut engine, &card, "llm") && holds(&mut engine, &card, "non_llm"));
}

#[test]
fn real_cards_consistent_claims_do_not_trip_the_mismatch_rule() {
    let dir = Path::new(REAL_CARDS);
    if !dir.is_dir() {
        eprintln!("skipping: ../shared/data/real/model-cards-hf-hub not found");
        return;
    }
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    let mut engine = engine();
    let known = family_tags();
    assert!(known.contains("tabular-classification") && !known.contains("graph"));
    let (mut loaded, mut errors, mut with_tag, mut with_claims) = (0, 0, 0, 0);
    let (mut llm, mut both, mut falsified) = (0, 0, 0);
    let mut fired = Vec::new();
    for name in &names {
        let doc = Doc::read(&dir.join(name), name).unwrap();
        let Ok(card) = model_card::load(&doc) else {
            errors += 1;
            continue;
        };
        loaded += 1;
        with_tag += usize::from(card.pipeline_tag.is_some());
        for m in mismatches(&mut engine, &card) {
            fired.push(format!("{name}: {m}"));
        }
        let is_llm = holds(&mut engine, &card, "llm");
        llm += usize::from(is_llm);
        both += usize::from(is_llm && holds(&mut engine, &card, "non_llm"));

        // The claims besides the pipeline tag that name a known task: with a pipeline tag of a
        // family none of them shares (graph-ml), the rule must fire, so that its silence above
        // is not blindness.
        engine.set_input(&input_for(&card));
        let claims = engine
            .eval_rule("data.modelgate.robustness.task_claims")
            .unwrap();
        let others = claims
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|c| c["from"] != "pipeline_tag")
                    .filter(|c| c["tag"].as_str().is_some_and(|t| known.contains(t)))
                    .count()
            })
            .unwrap_or(0);
        if others > 0 {
            with_claims += 1;
            let mut forged = card.clone();
            forged.pipeline_tag = Some("graph-ml".into());
            assert!(
                !mismatches(&mut engine, &forged).is_empty(),
                "{name}: a graph-ml pipeline tag contradicts its claims {claims}"
            );
            falsified += 1;
        }
    }
    eprintln!(
        "real model cards: {} files, {loaded} loaded, {errors} not loadable; {with_tag} with a \
         pipeline tag, {with_claims} with model-index or tag task claims; {} rob-task-mismatch \
         findings; {llm} LLM cards, {both} with LLM and non-LLM claims",
        names.len(),
        fired.len()
    );
    assert!(
        loaded >= 400 && with_tag >= 10 && with_claims >= 100,
        "the real cards were not read as expected: {loaded} loaded, {with_tag} with a pipeline tag, {with_claims} with claims"
    );
    assert_eq!(falsified, with_claims);
    // Measured: none of the real cards' pipeline tags contradicts their model-index task types
    // or tags, and no real card makes both LLM and non-LLM claims; a finding here is a false
    // positive (or a real inconsistency, to be looked at and recorded here).
    assert!(fired.is_empty(), "false positives: {fired:#?}");
    assert_eq!(both, 0, "real cards judged by both regimes");
    assert!(llm > 0, "no real card was recognised as an LLM");
}
