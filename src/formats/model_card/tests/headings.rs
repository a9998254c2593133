//! Headings read as section ids: the table against [`SECTION_IDS`], template headings and
//! their variants.

use super::*;
use crate::formats::markdown;
use crate::formats::model_card::headings::HEADINGS;

#[test]
fn section_ids_and_docs_agree_and_cover_the_table() {
    let doc_ids: Vec<&str> = SECTION_DOCS.iter().map(|(id, _)| *id).collect();
    assert_eq!(doc_ids, SECTION_IDS);
    for (heading, id) in HEADINGS {
        assert!(
            SECTION_IDS.contains(id),
            "{heading} -> {id} not in SECTION_IDS"
        );
        assert_eq!(
            classify_heading(&markdown::normalize_heading(heading)),
            Some(*id),
            "{heading}"
        );
    }
}

#[test]
fn classify_template_headings_and_variants() {
    let c = |h: &str| classify_heading(&markdown::normalize_heading(h));
    assert_eq!(c("Model Details"), Some("model_details"));
    assert_eq!(c("Model Description"), Some("model_details"));
    assert_eq!(c("Model Sources [optional]"), Some("model_details"));
    assert_eq!(c("Uses"), Some("intended_use"));
    assert_eq!(c("Intended Uses & Limitations"), Some("intended_use"));
    assert_eq!(c("Downstream Use [optional]"), Some("intended_use"));
    assert_eq!(c("Out-of-Scope Use"), Some("out_of_scope_use"));
    assert_eq!(c("Bias, Risks, and Limitations"), Some("limitations"));
    assert_eq!(c("Bias, Risks and Limitations"), Some("limitations"));
    assert_eq!(c("2.1 Known Limitations"), Some("limitations"));
    assert_eq!(c("Recommendations"), Some("recommendations"));
    assert_eq!(c("Training Details"), Some("training_data"));
    assert_eq!(c("Training Hyperparameters"), Some("training_procedure"));
    assert_eq!(c("Testing Data, Factors & Metrics"), Some("evaluation"));
    assert_eq!(c("Results"), Some("evaluation"));
    assert_eq!(c("Bias and Fairness"), Some("bias_fairness"));
    assert_eq!(c("Fairness Evaluation"), Some("bias_fairness"));
    assert_eq!(c("Human-in-the-loop"), Some("human_oversight"));
    assert_eq!(c("Environmental Impact"), Some("environmental_impact"));
    assert_eq!(
        c("Technical Specifications [optional]"),
        Some("technical_specifications")
    );
    assert_eq!(c("Citation [optional]"), Some("citation"));
    assert_eq!(c("Model Card Contact"), Some("contact"));
    assert_eq!(c("Model Card Authors [optional]"), Some("authors"));
    assert_eq!(
        c("How to Get Started with the Model"),
        Some("getting_started")
    );
    assert_eq!(c("📊 Evaluation"), Some("evaluation"));
    assert_eq!(c("Changelog"), Some("version"));
    assert_eq!(c("Model Card for credit-risk-ft"), None);
    assert_eq!(c("Summary"), None);
    assert_eq!(c(""), None);
    assert_eq!(c("Optional"), None);
}
