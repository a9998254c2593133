//! Hugging Face cards: front matter, Markdown sections, template cards, names and versions,
//! malformed front matter and template neutralization.

use super::*;
use crate::formats::model_card::huggingface::{neutralize_template, PLACEHOLDER};

/// The whole normalized card of the complete fixture, one snapshot: format, path and digest of
/// the source, name, version, licence, language, tags, base model, pipeline tag, datasets (the
/// model-index dataset is the one in `datasets`: listed once), the raw front matter (with the
/// `model-index` entries' `revision` and `verified`), every metric with its name, value,
/// dataset, split and task, and every section.
#[test]
fn hf_complete_card_fields() {
    let card = load_fixture("hf-complete.md");
    assert_eq!(card.source.format, FORMAT_HUGGINGFACE);
    snapshot("hf-complete.md", &card);
}

#[test]
fn hf_complete_card_sections() {
    let card = load_fixture("hf-complete.md");
    let expected = [
        "model_details",
        "intended_use",
        "out_of_scope_use",
        "limitations",
        "recommendations",
        "human_oversight",
        "getting_started",
        "training_data",
        "training_procedure",
        "evaluation",
        "model_examination",
        "bias_fairness",
        "ethical_considerations",
        "environmental_impact",
        "technical_specifications",
        "citation",
        "glossary",
        "more_information",
        "version",
        "authors",
        "contact",
        // "- **License:** Apache-2.0" in Model Details: a bold label opens a section.
        "license",
    ];
    for id in expected {
        let s = section(&card, id);
        assert!(s.present, "{id} not present: {s:?}");
        // BibTeX's `{{Corporate Author}}` reads as a template slot to
        // markdown::strip_placeholders; the citation is present all the same.
        if id != "citation" {
            assert!(!s.placeholder, "{id} has a placeholder: {s:?}");
        }
        assert!(s.line.is_some() && s.pointer.is_none(), "{id}");
    }
    let mut keys: Vec<&str> = card.sections.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut want = expected.to_vec();
    want.sort_unstable();
    assert_eq!(keys, want);

    // Heading text and line of the first heading of each id.
    let at = |id: &str| {
        let s = section(&card, id);
        (s.heading.as_str(), s.line.unwrap())
    };
    assert_eq!(at("model_details"), ("Model Details", 51));
    assert_eq!(at("intended_use"), ("Uses", 72));
    assert_eq!(at("out_of_scope_use"), ("Out-of-Scope Use", 85));
    assert_eq!(at("limitations"), ("Bias, Risks, and Limitations", 91));
    assert_eq!(at("human_oversight"), ("Human Oversight", 104));
    assert_eq!(at("training_data"), ("Training Details", 121));
    assert_eq!(at("evaluation"), ("Evaluation", 149));
    assert_eq!(at("bias_fairness"), ("Bias and Fairness", 181));
    assert_eq!(at("version"), ("Changelog", 240));
    assert_eq!(at("contact"), ("Model Card Contact", 249));

    let contact = section(&card, "contact");
    assert_eq!(contact.text, "credit-models@northwind.example");
    assert_eq!(contact.words, 1);
    let oversight = section(&card, "human_oversight");
    assert!(oversight
        .text
        .starts_with("Every decline is made by a credit officer"));
    assert!(oversight.words > 40);
    // Direct, Downstream and the (empty) Uses heading are joined.
    let uses = section(&card, "intended_use");
    assert!(
        uses.text.contains("Scoring new applications")
            && uses.text.contains("Portfolio monitoring")
    );
    // Code in "How to Get Started" is content; the template's lead-in sentence is not.
    let start = section(&card, "getting_started");
    assert!(start.text.contains("torch.jit.load"));
    assert!(!start.text.contains("Use the code below"));
    // Filled "Label: value" lines are kept whole.
    let env = section(&card, "environmental_impact");
    assert!(
        env.text.contains("Hardware Type: NVIDIA A10G"),
        "{}",
        env.text
    );
}

#[test]
fn hf_template_card_counts_as_unfilled() {
    let card = load_fixture("hf-template.md");
    assert_eq!(
        card.name, None,
        "'Model ID' is the template default, not a name"
    );
    assert_eq!(card.version, None);
    assert_eq!(card.license, None);
    assert!(card.datasets.is_empty() && card.metrics.is_empty() && card.base_model.is_empty());
    assert_eq!(card.metadata, Some(serde_json::json!({})));
    let ids = [
        "model_details",
        "intended_use",
        "out_of_scope_use",
        "limitations",
        "recommendations",
        "getting_started",
        "training_data",
        "training_procedure",
        "evaluation",
        "model_examination",
        "environmental_impact",
        "technical_specifications",
        "citation",
        "glossary",
        "more_information",
        "authors",
        "contact",
        // "- **License:** [More Information Needed]" in Model Details.
        "license",
    ];
    for id in ids {
        let s = section(&card, id);
        assert!(!s.present, "{id} counted as present: {s:?}");
        assert_eq!(s.words, 0, "{id}: {s:?}");
        assert!(s.placeholder, "{id} placeholder not seen: {s:?}");
    }
    assert_eq!(card.sections.len(), ids.len());
    for id in [
        "human_oversight",
        "bias_fairness",
        "ethical_considerations",
        "version",
    ] {
        assert!(!card.sections.contains_key(id), "{id}");
    }
    assert_eq!(section(&card, "model_details").line, Some(13));
    assert_eq!(section(&card, "model_details").heading, "Model Details");
    assert_eq!(section(&card, "limitations").line, Some(59));
    assert_eq!(section(&card, "recommendations").line, Some(65));
    assert_eq!(section(&card, "evaluation").line, Some(104));
    assert_eq!(section(&card, "citation").heading, "Citation [optional]");
    // The text keeps the placeholders (for display), not the labels of unfilled fields.
    let details = &section(&card, "model_details").text;
    assert!(details.contains("[More Information Needed]"));
    assert!(!details.contains("Developed by"), "{details}");
}

#[test]
fn hf_card_without_front_matter_takes_no_name_from_its_title_and_reads_version_line() {
    let card = load(&loading("title-and-version-line.md")).unwrap();
    // A title is not a name: the report falls back to the manifest's.
    assert_eq!(card.name, None);
    // The version is read from the "Model version:" line of Model Details.
    assert_eq!(card.version.as_deref(), Some("0.9.1"));
    // No metadata, no licence, the sections with their words and lines.
    snapshot("title-and-version-line.md", &card);
}

#[test]
fn real_card_opening_with_a_thematic_break_loads() {
    // Line 1 is `---`, no other `---` follows: a horizontal rule, not front matter.
    let card = load(&loading("thematic-break-no-front-matter.md")).unwrap();
    assert_eq!(card.metadata, None);
    assert_eq!(card.license, None);
    // "# MODEL CARD" and "# Model Card for Brain Tumor Detection Model" are titles.
    assert_eq!(card.name, None);
    let oos = section(&card, "out_of_scope_use");
    assert!(
        oos.present && oos.text.contains("standalone diagnostic tool"),
        "{oos:?}"
    );
    assert!(section(&card, "training_data").present);
    assert_eq!(section(&card, "model_details").line, Some(9));

    // Closed by a later rule, with Markdown between: still no front matter.
    let md = "---\n\n# Title\n\nA sentence of prose.\n\n---\n\n## Limitations\n\nFails on noise.\n";
    let card = inline("README.md", md).unwrap();
    assert_eq!(card.metadata, None);
    assert_eq!(section(&card, "limitations").words, 3);

    // Front matter that starts like YAML is still front matter: a missing close or bad
    // YAML stays an error, never silently Markdown.
    let e = inline("README.md", "---\n# comment\nlicense: mit\n\n# Card\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("never closed"), "{e}");
    let e = inline("README.md", "---\nlicense: [mit\n---\n# Card\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("invalid YAML"), "{e}");
    // Comments only, or `{}`: empty front matter, as before.
    let card = inline("README.md", "---\n# just a comment\n---\n# Card\n").unwrap();
    assert_eq!(card.metadata, Some(serde_json::json!({})));
}

#[test]
fn model_index_mapping_is_skipped_and_the_card_kept() {
    let card = load(&loading("model-index-mapping.md")).unwrap();
    assert_eq!(card.license.as_deref(), Some("apache-2.0"));
    assert!(card.metrics.is_empty() && card.task_types.is_empty());
    // The mapping's name is not read (the entry is skipped), nor is the H1 title.
    assert_eq!(card.name, None);
    let raw = card.metadata.as_ref().unwrap().get("model-index").unwrap();
    assert!(
        raw.is_object(),
        "the raw value stays visible in metadata: {raw}"
    );

    // Results hidden in a mapping are not evaluation results.
    let md =
        "---\nmodel-index:\n  name: m\n  results:\n  - task: {type: text-classification}\n    \
                  metrics:\n    - {type: accuracy, value: 0.99}\n---\n# m\n";
    let card = inline("README.md", md).unwrap();
    assert!(
        card.metrics.is_empty() && card.task_types.is_empty(),
        "{card:?}"
    );
    // A list inside a mapping entry still has its errors located.
    let md = "---\nmodel-index:\n- name: m\n  results: 3\n---\n";
    let e = inline("README.md", md).unwrap_err().to_string();
    assert!(e.contains("/model-index/0/results"), "{e}");
}

#[test]
fn front_matter_after_blank_lines_is_read_and_located() {
    // The Hub accepts blank lines before the opening `---` (the *_ppo-Huggy cards).
    let card = inline("README.md", "\n\n---\nlicense: mit\n---\n# Card\n").unwrap();
    assert_eq!(card.license.as_deref(), Some("mit"));
    // An error in that YAML names the file's own line: line 5, not line 3.
    let e = inline("README.md", "\n\n---\nlicense: mit\nmodel-index: x\n---\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 5"), "{e}");
    let e = inline("README.md", "\n\n---\n- a list\n---\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 4"), "{e}");
}

#[test]
fn name_comes_from_metadata_never_from_a_title() {
    let card = load(&loading("whisper-model-card.md")).unwrap();
    assert_eq!(card.name, None, "\"Model Card: Whisper\" is a title");
    let md = "---\nmodel_name: from-model-name\nmodel-index:\n- results: []\n- name: from-index\n---\n# Model Details\n";
    let card = inline("README.md", md).unwrap();
    assert_eq!(card.name.as_deref(), Some("from-model-name"));
    let md = "---\nmodel-index:\n- results: []\n- name: from-index\n---\n# Model Card: Other\n";
    let card = inline("README.md", md).unwrap();
    assert_eq!(card.name.as_deref(), Some("from-index"));
}

#[test]
fn style_and_script_blocks_are_not_words() {
    // The skops model plot: ~10 kB of CSS in a <style> block under "Model Plot", which
    // folds into the training procedure.
    let card = load(&loading("skops-style-block.md")).unwrap();
    let tp = section(&card, "training_procedure");
    assert!(!tp.text.contains("background-color"), "{}", tp.text);
    assert!(!tp.text.contains("sk-container-id-3 {"), "{}", tp.text);
    assert!(tp.text.contains("The model plot is below"), "{}", tp.text);

    // Each card's Limitations section has exactly the 3 words "Fails on noise.".
    for md in [
            "## Limitations\n\n<style>\np { color: red; margin: 0 auto; padding: 1px 2px 3px; }\n</style>\n\n\
             <SCRIPT type=\"x\">var a = one two three four five;</SCRIPT>\n\nFails on noise.\n",
            // A `</style>` inside a comment does not end the comment: hidden text stays hidden.
            "## Limitations\n\n<!-- </style> hidden filler words that nobody sees -->\n\nFails on noise.\n",
            // `<styled>` is not `<style>`: its text is visible.
            "## Limitations\n\n<styled>Fails on noise.</styled>\n",
        ] {
            let card = inline("README.md", md).unwrap();
            assert_eq!(section(&card, "limitations").words, 3, "{md}: {:?}", card.sections);
        }
}

#[test]
fn hf_front_matter_variants() {
    // A licence list joined with AND, a base-model list, a numeric version, a bare language.
    let card = load(&loading("front-matter-variants.md")).unwrap();
    assert_eq!(
        card.version.as_deref(),
        Some("1.10"),
        "numeric version kept as written"
    );
    snapshot("front-matter-variants.md", &card);

    let md = "---\nlicense: other\nlicense_name: northwind-model-license\n---\n";
    let card = inline("README.md", md).unwrap();
    assert_eq!(card.license.as_deref(), Some("northwind-model-license"));

    // A metric value that is not a number is kept as text; a missing type falls back to
    // the name; a metric with neither is skipped.
    let md = "---\nmodel-index:\n- name: m\n  results:\n  - task: {type: text-generation}\n    \
                  dataset: {name: Held-out prompts}\n    metrics:\n    - {type: win_rate, value: 'n/a'}\n    \
                  - {name: toxicity, value: '3%'}\n    - {value: 1}\n---\n";
    let card = inline("README.md", md).unwrap();
    assert_eq!(card.metrics.len(), 2);
    assert_eq!(card.metrics[0].value, None);
    assert_eq!(card.metrics[0].value_text.as_deref(), Some("n/a"));
    assert_eq!(card.metrics[0].dataset.as_deref(), Some("Held-out prompts"));
    assert_eq!(card.metrics[1].metric_type, "toxicity");
    assert_eq!(card.metrics[1].value, Some(0.03));
    assert_eq!(card.datasets, ["Held-out prompts"]);
}

#[test]
fn hf_malformed_front_matter_errors_name_the_line() {
    let e = load_err("bad-unterminated.md");
    assert!(e.contains("bad-unterminated.md: line 1:"), "{e}");
    assert!(e.contains("never closed"), "{e}");

    let e = load_err("bad-yaml.md");
    assert!(
        e.contains("bad-yaml.md: line 6, column 15: invalid YAML"),
        "{e}"
    );
    assert!(e.contains("invalid YAML"), "{e}");

    let e = load_err("bad-model-index.md");
    assert!(e.contains("line 4"), "{e}");
    assert!(e.contains("at /model-index"), "{e}");
    assert!(e.contains("expected a sequence"), "{e}");

    let e = load_err("bad-license.md");
    assert!(e.contains("line 4"), "{e}");
    assert!(e.contains("at /license"), "{e}");
    assert!(e.contains("expected a string or a list of strings"), "{e}");

    let e = load_err("bad-metric-name.md");
    assert!(e.contains("line 16"), "{e}");
    assert!(
        e.contains("at /model-index/0/results/0/metrics/1/name"),
        "{e}"
    );

    let e = inline("README.md", "---\n- a\n- b\n---\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 2") && e.contains("not a mapping"), "{e}");
}

#[test]
fn template_neutralization() {
    let t = "Developed by: [More Information Needed]\nModel type: Gradient boosting\nBibTeX:\n\
                 [More Information Needed]\nAPA:\nSmith (2024).\nUse the code below to get started with the model.";
    assert_eq!(
            neutralize_template(t),
            "[More Information Needed]\nModel type: Gradient boosting\n[More Information Needed]\nAPA:\nSmith (2024)."
        );
    // Raw (unrendered) template slots count as placeholders too.
    let raw = "Developed by: {{ developers | default(\"[More Information Needed]\", true)}}";
    assert_eq!(neutralize_template(raw), PLACEHOLDER);
    // The sentence-transformers template's evaluation line, whatever model its link names.
    for name in ["{MODEL_NAME}", "org/model-a"] {
        let line = format!(
            "For an automated evaluation of this model, see the *Sentence Embeddings \
                 Benchmark*: [https://seb.sbert.net](https://seb.sbert.net?model_name={name})"
        );
        assert_eq!(neutralize_template(&line), PLACEHOLDER);
    }
    // Results written after the pointer, on lines of their own, stay.
    assert_eq!(
        neutralize_template("Spearman correlation on STS-b: 84.2."),
        "Spearman correlation on STS-b: 84.2."
    );
    // Markup left around a label does not hide it.
    assert_eq!(
        neutralize_template("**Hours used:** [More Information Needed]"),
        PLACEHOLDER
    );
}
