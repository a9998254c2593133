//! Model card headings and bold labels as people write them, mapped to canonical section ids:
//! by meaning, with every topic of a combined heading, and never onto a near miss (a false
//! match hides a missing section, i.e. approves). Shown on real big-lab cards and on
//! hand-labelled Hugging Face Hub cards.

use crate::common;

use modelgate::formats::model_card::{self, heading_topics, is_section_label};
use modelgate::formats::Doc;
use modelgate::input::ModelCard;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The ids a heading names, a topic that needs its text to discuss it marked with "?". The
/// out-of-scope use that every use section may state in its text is left out here (see
/// `use_sections_that_turn_uses_away_state_out_of_scope_use`).
fn topics(heading: &str) -> Vec<String> {
    let all = heading_topics(heading);
    let use_section = all.iter().any(|t| t.id == "intended_use");
    all.iter()
        .filter(|t| !(use_section && t.id == "out_of_scope_use" && t.needs.is_some()))
        .map(|t| match t.needs {
            Some(_) => format!("{}?", t.id),
            None => t.id.to_string(),
        })
        .collect()
}

fn card(text: &str) -> ModelCard {
    model_card::load(&Doc::new(
        "README.md",
        "README.md",
        text.as_bytes().to_vec(),
    ))
    .unwrap()
}

/// The ids of the card's sections that have content.
fn present(card: &ModelCard) -> Vec<&str> {
    card.sections
        .iter()
        .filter(|(_, s)| s.present)
        .map(|(id, _)| id.as_str())
        .collect()
}

#[test]
fn headings_match_by_meaning() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Ethical Considerations and Limitations",
            &["ethical_considerations", "limitations?"],
        ),
        ("Considerations and Limitations", &["limitations"]),
        (
            "Performance and Limitations",
            &["evaluation", "limitations?"],
        ),
        ("Model Use", &["intended_use"]),
        ("Evaluated Use", &["intended_use"]),
        ("Model Limitations", &["limitations"]),
        ("Model Scope", &["intended_use"]),
        ("Pre-training data", &["training_data"]),
        ("Pretraining Data", &["training_data"]),
        (
            "Training data and setup",
            &["training_data", "training_procedure"],
        ),
        ("Training/Fine-Tuning procedure", &["training_procedure"]),
        ("License (CreativeML OpenRAIL-M)", &["license"]),
        ("Licence", &["license"]),
        ("模型信息 Model Information", &["model_details"]),
        ("下游效果 Performance", &["evaluation"]),
        (
            "Where to send questions or comments about the model",
            &["contact"],
        ),
        ("Feedback", &["contact"]),
        ("Intended Uses:", &["intended_use"]),
        ("Model Details.", &["model_details"]),
        ("Out-of-scope use cases", &["out_of_scope_use"]),
        ("Out of scope", &["out_of_scope_use"]),
        ("Primary intended uses", &["intended_use"]),
        ("Secondary uses", &["intended_use"]),
        ("Limitations: Not all is well 😮.", &["limitations"]),
        ("Intended Use: LMs as History Machines.", &["intended_use"]),
        ("Eval results on Test set (BLEU score)", &["evaluation"]),
        ("Usage (with Stable-baselines3)", &["getting_started"]),
        ("2.1 Known Limitations [optional]", &["limitations"]),
        ("Broader Implications", &["ethical_considerations"]),
        ("Datasets", &["training_data"]),
        ("Data", &["training_data"]),
        ("Original Dataset:", &["training_data"]),
        ("Accuracy", &["evaluation"]),
    ];
    for (heading, want) in cases {
        assert_eq!(topics(heading), *want, "{heading}");
    }
}

#[test]
fn combined_headings_count_for_every_topic_they_name() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Intended uses & limitations",
            &["intended_use?", "limitations?"],
        ),
        (
            "Intended Uses and Limitations",
            &["intended_use?", "limitations?"],
        ),
        (
            "Intended Use and Out-of-Scope Use",
            &["intended_use?", "out_of_scope_use"],
        ),
        ("Limitations and bias", &["limitations", "bias_fairness?"]),
        ("Limitations and Biases", &["limitations", "bias_fairness?"]),
        (
            "Bias, Risks, and Limitations",
            &["limitations", "bias_fairness?"],
        ),
        (
            "Bias, Risks and Limitations",
            &["limitations", "bias_fairness?"],
        ),
        (
            "Training and evaluation data",
            &["training_data", "evaluation?"],
        ),
        (
            "Caveats and Recommendations",
            &["limitations", "recommendations"],
        ),
        ("Direct and downstream use", &["intended_use"]),
        ("Testing Data, Factors & Metrics", &["evaluation"]),
        ("Bias and Fairness", &["bias_fairness"]),
        ("Fairness Evaluation", &["bias_fairness"]),
        (
            "Misuse, Malicious Use, and Out-of-Scope Use",
            &["out_of_scope_use"],
        ),
    ];
    for (heading, want) in cases {
        assert_eq!(topics(heading), *want, "{heading}");
    }
    // The main topic, for callers that take one id.
    let c =
        |h: &str| model_card::classify_heading(&modelgate::formats::markdown::normalize_heading(h));
    assert_eq!(c("Bias, Risks, and Limitations"), Some("limitations"));
    assert_eq!(c("Intended Uses & Limitations"), Some("intended_use"));
    assert_eq!(c("Training and evaluation data"), Some("training_data"));
}

#[test]
fn use_sections_that_turn_uses_away_state_out_of_scope_use() {
    let sections = |body: &str| {
        let c = card(&format!("# M\n\n## Evaluated Use\n\n{body}\n"));
        present(&c)
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    for body in [
        "Researchers may use it. We caution against using it to transcribe recordings of individuals taken without their consent.",
        "Use it for English ASR. It should not be used for medical transcription.",
        "Use of the model for classification is not only not evaluated but also not appropriate.",
        "For research. Deployment in hiring is out of scope.",
    ] {
        assert_eq!(sections(body), ["intended_use", "out_of_scope_use"], "{body}");
    }
    // Saying what the model is for, or what it was not tested on, turns no use away.
    for body in [
        "Use it to transcribe English speech in podcasts and meetings.",
        "It has not been evaluated on speaker diarization. Evaluate it in your domain before use.",
        "Do not hesitate to open an issue if it works well for your use.",
    ] {
        assert_eq!(sections(body), ["intended_use"], "{body}");
    }
    // A section of its own wins; a heading of another topic gets nothing from such text.
    let c = card("# M\n\n## Training Data\n\nThis data should not be used for anything else.\n");
    assert_eq!(present(&c), ["training_data"]);
}

#[test]
fn near_misses_name_nothing_or_the_right_thing() {
    // Each would hide a missing section if it matched the topic its words resemble.
    let cases: &[(&str, &[&str])] = &[
        ("Scope", &["intended_use"]),
        ("Out of scope", &["out_of_scope_use"]),
        ("Limitations of the dataset", &[]),
        ("Dataset limitations", &[]),
        ("License", &["license"]),
        ("Licensing of the training data", &[]),
        ("Training data license", &[]),
        ("Training Factors", &[]),
        ("Model Card: Whisper", &[]),
        ("GPT-2 model card", &[]),
        ("Model", &[]),
        ("Model Card", &[]),
        ("Considerations", &[]),
        ("Questions?", &[]),
        ("Using the model", &[]),
        ("Use in transformers", &[]),
        ("How to use", &["getting_started"]),
        ("Data Freshness", &[]),
        ("Summary", &[]),
        ("Optional", &[]),
        ("", &[]),
        ("Evaluation of the training data", &[]),
        ("Contact-free deployment limitations", &[]),
        ("Misuse detection", &[]),
        ("Bias correction of the optimizer", &[]),
        ("非预期用途", &[]),
        ("Original model", &[]),
        ("Original license", &[]),
    ];
    for (heading, want) in cases {
        assert_eq!(topics(heading), *want, "{heading}");
    }
}

#[test]
fn bold_labels_accepted_and_refused() {
    for label in [
        "Out-of-scope Uses",
        "Out-of-scope",
        "License",
        "License:",
        "Where to send questions or comments about the model",
        "Training Data",
        "Intended Use Cases",
        "Limitations",
        "Eval data",
        "Carbon Footprint",
    ] {
        assert!(is_section_label(label), "{label}");
    }
    for label in [
        "Overview",
        "Data",
        "Dataset",
        "Results",
        "Note",
        "Model developers",
        "Model Architecture",
        "Developed by",
        "Training Factors",
        "Status",
        "BibTeX",
        "Model type",
        "Llama 3 family of models",
    ] {
        assert!(!is_section_label(label), "{label}");
    }
}

#[test]
fn a_near_miss_under_training_data_leaves_limitations_missing() {
    let c = card(
        "## Training Data\n\nWe trained on ten thousand public domain books from the archive.\n\n\
         ### Limitations of the dataset\n\nThe books are mostly English novels of the 19th century, \
         so modern registers are missing.\n",
    );
    assert!(
        !c.sections.contains_key("limitations"),
        "{:?}",
        c.sections.keys()
    );
    assert!(c.sections["training_data"].text.contains("19th century"));
}

#[test]
fn licensing_of_the_data_is_no_model_licence() {
    let c = card(
        "## Licensing of the training data\n\nThe corpus is CC-BY-4.0; attribution is in NOTICE.\n",
    );
    assert!(
        !c.sections.contains_key("license"),
        "{:?}",
        c.sections.keys()
    );
}

#[test]
fn the_template_bias_heading_counts_for_bias_only_when_its_text_discusses_bias() {
    let about_bias = card(
        "## Bias, Risks, and Limitations\n\nThe model under-performs on speakers of regional \
         dialects and shows gender bias in occupation words; it was not tested on children.\n",
    );
    assert_eq!(present(&about_bias), ["bias_fairness", "limitations"]);
    let limits_only = card(
        "## Bias, Risks, and Limitations\n\nThe model fails on inputs longer than 512 tokens and \
         on scanned documents with handwriting.\n",
    );
    assert_eq!(present(&limits_only), ["limitations"]);
    assert!(!limits_only.sections.contains_key("bias_fairness"));
    // The template's own sentence is a placeholder, not a discussion of bias.
    let template = card(
        "## Bias, Risks, and Limitations\n\n[More Information Needed]\n\n### Recommendations\n\n\
         Users (both direct and downstream) should be made aware of the risks, biases and \
         limitations of the model. More information needed for further recommendations.\n",
    );
    assert!(!template.sections.contains_key("bias_fairness"));
    // Gender discussed without the word "bias".
    let disparity = card(
        "## Limitations and biases\n\nMost reviewers were women, which could cause a difference in \
         performance for reviews written by men.\n",
    );
    assert_eq!(present(&disparity), ["bias_fairness", "limitations"]);
}

#[test]
fn a_combined_heading_whose_text_states_no_limit_is_no_limitations_section() {
    let c = card("## Intended uses & limitations\n\nClassifying attributes of interest on tweets and similar short texts.\n");
    assert_eq!(present(&c), ["intended_use"]);
    let c = card(
        "## Intended uses & limitations\n\nThis model is not ready to be used in production.\n",
    );
    assert_eq!(present(&c), ["limitations"]);
}

#[test]
fn a_combined_heading_whose_text_states_no_use_is_no_intended_use_section() {
    // What the Trainer writes under the template's heading: a description, results, a denial.
    for text in [
        "This model is a fine-tuned version of [bert-base-uncased](https://huggingface.co/\
         bert-base-uncased) on the imdb dataset.\nIt achieves the following results on the \
         evaluation set:\n- Loss: 1.9326\n- Accuracy: 0.5934",
        "This model is not ready to be used in production.",
        "It should never be used on medical records.",
        "Pretrained models are distributed under the Apache-2.0 license. Hence, they can be \
         reused extensively without strict limitations.",
        "The autoencoder was not changed, nor the CLOOB model. So these are not provided in this \
         repository.",
        "Evaluating on whole document texts might change the performance.",
    ] {
        let c = card(&format!("## Intended uses & limitations\n\n{text}\n"));
        assert!(!c.sections.contains_key("intended_use"), "{text}");
        let c = card(&format!("## Uses and limitations\n\n{text}\n"));
        assert!(!c.sections.contains_key("intended_use"), "{text}");
    }
    // Stated uses, as real cards write them.
    for text in [
        "You can use this model for Finnish ASR (speech-to-text) task.",
        "The model could be used for translation of legal texts from Czech to English.",
        "This can only be used for questions similar to the ones in the dataset.",
        "Classifying attributes of interest on tweet-like data.",
        "This model was trained to detect primary outcomes in medical articles.",
        "Intended for research on summarisation; it should not be used for medical advice.",
        "You can use it for search, but not for ranking candidates for a job.",
    ] {
        let c = card(&format!("## Intended uses & limitations\n\n{text}\n"));
        assert!(c.sections.contains_key("intended_use"), "{text}");
    }
    // A heading of intended use alone counts whatever its text: the content test is only for
    // a topic that shares its heading with others.
    for heading in [
        "Intended Use",
        "Intended uses",
        "Uses",
        "Direct and downstream use",
    ] {
        let c = card(&format!(
            "## {heading}\n\nThis model is not ready to be used in production.\n"
        ));
        assert_eq!(present(&c), ["intended_use"], "{heading}");
    }
    // An out-of-scope statement under a combined heading is out-of-scope use, not a use.
    let c = card(
        "## Intended Use and Out-of-Scope Use\n\nThe model must not be used to make decisions \
         about people.\n",
    );
    assert_eq!(present(&c), ["out_of_scope_use"]);
}

#[test]
fn training_and_evaluation_data_naming_only_training_data_is_no_evaluation() {
    let c = card(
        "## Training and evaluation data\n\nModel has been trained on Common Voice 8 Dutch.\n",
    );
    assert_eq!(present(&c), ["training_data"]);
    let c = card(
        "## Training and evaluation data\n\nThe 744,360 rows were shuffled and split into train \
         and validation sets 80/20.\n",
    );
    assert_eq!(present(&c), ["evaluation", "training_data"]);
    // A dataset named without saying what for is the data of both.
    let c =
        card("## Training and evaluation data\n\n- [org/gqa](https://example.org/gqa) dataset\n");
    assert_eq!(present(&c), ["evaluation", "training_data"]);
    // A heading of evaluation alone, or first, counts whatever its text.
    for heading in ["Evaluation data", "Performance and Limitations"] {
        let c = card(&format!(
            "## {heading}\n\nModel has been trained on Common Voice.\n"
        ));
        assert!(c.sections.contains_key("evaluation"), "{heading}");
    }
}

#[test]
fn a_pointer_to_a_benchmark_site_is_no_evaluation() {
    // The sentence-transformers template: evaluation "stated" by a link to somebody's site.
    let c = card(
        "## Evaluation Results\n\n<!--- Describe how your model was evaluated -->\n\n\
         For an automated evaluation of this model, see the *Sentence Embeddings Benchmark*: \
         [https://seb.sbert.net](https://seb.sbert.net?model_name=org/model-a)\n",
    );
    let e = &c.sections["evaluation"];
    assert!(e.placeholder && e.words < 30, "{e:?}");
    // Results stated beside it count.
    let c = card(
        "## Evaluation Results\n\nFor an automated evaluation of this model, see the *Sentence \
         Embeddings Benchmark*: [https://seb.sbert.net](https://seb.sbert.net?model_name=x)\n\n\
         Spearman correlation on the STS benchmark test split: 84.2.\n",
    );
    assert!(c.sections["evaluation"].text.contains("84.2"));
    assert!(c.sections["evaluation"].present);
}

#[test]
fn combined_headings_fill_each_topic() {
    let c = card(
        "## Intended uses & limitations\n\nFor ranking support tickets by urgency; it fails on \
         tickets shorter than five words.\n\n## Training and evaluation data\n\nTrained on 40k \
         tickets of 2023, evaluated on 5k held-out tickets of 2024.\n",
    );
    assert_eq!(
        present(&c),
        ["evaluation", "intended_use", "limitations", "training_data"]
    );
}

#[test]
fn bold_labels_open_sections() {
    let c = card(
        "## Model Details\n\nA ticket classifier built by the support analytics team.\n\n\
         - **Developed by:** Support analytics\n- **License:** MIT\n- **Model type:** classifier\n\n\
         ## Uses\n\nRanking support tickets.\n\n**Out-of-scope Uses**\n\nLegal or medical triage; \
         decisions about employees.\n\nAny use on personal messages.\n\n## Training\n\n\
         **Training Data**\n\nForty thousand tickets of 2023.\n",
    );
    assert_eq!(c.sections["license"].text, "MIT");
    assert!(
        c.sections["model_details"].text.contains("classifier"),
        "the next item stays"
    );
    let oos = &c.sections["out_of_scope_use"].text;
    assert!(
        oos.contains("medical") && oos.contains("personal messages"),
        "{oos}"
    );
    assert!(!c.sections["intended_use"].text.contains("medical"));
    assert!(c.sections["training_data"].text.contains("Forty thousand"));
}

#[test]
fn an_inline_label_owns_its_paragraph_only() {
    let c = card(
        "## Intended Use\n\n**Intended Use Cases** Commercial and research use in English.\n\n\
         **Out-of-scope** Use that violates applicable laws.\n\nDevelopers may fine-tune for other \
         languages under the licence.\n",
    );
    assert_eq!(
        c.sections["out_of_scope_use"].text,
        "Use that violates applicable laws."
    );
    assert!(c.sections["intended_use"]
        .text
        .contains("Developers may fine-tune"));
    // A label ending in a colon introduces what follows.
    let c = card("## Notes\n\n**Limitations:** it fails on:\n\n- long inputs\n- handwriting\n");
    assert!(c.sections["limitations"].text.contains("handwriting"));
}

#[test]
fn label_attacks_do_not_fill_a_section() {
    // An empty licence label followed by another item: the other item is no licence.
    let c =
        card("## Model Details\n\n- **License:**\n- **Finetuned from model:** bert-base-uncased\n");
    assert!(
        c.sections.get("license").is_none_or(|s| !s.present),
        "{:?}",
        c.sections.get("license")
    );
    // A label with only a placeholder.
    let c = card("## Model Details\n\n- **License:** [More Information Needed]\n");
    assert!(c.sections.get("license").is_none_or(|s| !s.present));
    // An empty standalone label right before a heading.
    let c = card(
        "## Uses\n\nTicket ranking.\n\n**Out-of-scope Uses**\n\n## Training Data\n\nTickets.\n",
    );
    assert!(c
        .sections
        .get("out_of_scope_use")
        .is_none_or(|s| !s.present));
    // Bold text in a table cell, a code block or an HTML comment is no label.
    let c = card(
        "## Details\n\n| **License** | none given |\n|---|---|\n| a | b |\n\n```\n**License:** MIT\n```\n\n\
         <!-- **License:** MIT -->\n",
    );
    assert!(
        !c.sections.contains_key("license"),
        "{:?}",
        c.sections.keys()
    );
    // A generic one-word label does not take the text of the section it is in.
    let c = card("## Training Data\n\n**Overview** Two trillion tokens of public web text.\n\n**Data:** crawled in 2023.\n");
    assert!(c.sections["training_data"].text.contains("Two trillion"));
    assert!(!c.sections.contains_key("model_details"));
}

#[test]
fn the_mitchell_contact_question_counts_without_bold() {
    let c = card(
        "## Model Details\n\nA model.\n\nWhere to send questions or comments about the model \
         Instructions are in the README.\n\nMore details follow here.\n",
    );
    assert_eq!(
        c.sections["contact"].text,
        "Instructions are in the README."
    );
    assert!(c.sections["model_details"].text.contains("More details"));
    // Only at the start of a paragraph.
    let c = card(
        "## Model Details\n\nWe never say where to send questions or comments about the model.\n",
    );
    assert!(!c.sections.contains_key("contact"));
}

// ---------------------------------------------------------------------------------------------
// Real cards
// ---------------------------------------------------------------------------------------------

fn fixtures() -> PathBuf {
    common::root().join("tests/fixtures/cards")
}

/// The rule ids among `rules` that `modelgate check` reports for a high-risk bundle made of the
/// card and a minimal manifest.
fn reported(card: &str, rules: &[&str]) -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join(card), dir.path().join("README.md")).unwrap();
    std::fs::write(
        dir.path().join("modelgate.yaml"),
        "apiVersion: modelgate.dev/v1\nkind: ModelRelease\nmetadata:\n  name: m\n  version: \"1\"\n  \
         owner: ml@example.com\nspec:\n  riskTier: high\n  modelCard: README.md\n",
    )
    .unwrap();
    let out = common::run_in(
        dir.path(),
        &["check", ".", "--format", "json", "--now", common::NOW],
    );
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .filter(|id| rules.contains(id))
        .map(str::to_string)
        .collect()
}

#[test]
fn big_lab_cards_are_not_blocked_for_what_they_state() {
    const RULES: &[&str] = &[
        "doc-intended-use",
        "doc-limitations",
        "doc-out-of-scope-use",
        "doc-license-missing",
        "doc-contact",
    ];
    // Read from each card: what it does not state is still reported.
    let cases: &[(&str, &[&str])] = &[
        // No licence or contact in the card (its out-of-scope uses are sentences inside
        // "Evaluated Use": "we caution against using Whisper models to transcribe ...").
        ("whisper.md", &["doc-contact", "doc-license-missing"]),
        // The licence is in the repository's LICENSE, not in the card.
        ("gpt2.md", &["doc-license-missing"]),
        ("clip.md", &["doc-license-missing"]),
        ("llama3.md", &[]),
        ("llama2.md", &[]),
    ];
    for (file, want) in cases {
        let got = reported(file, RULES);
        let want: BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
        assert_eq!(got, want, "{file}");
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-labelled Hub cards
// ---------------------------------------------------------------------------------------------

const TOPICS: &[&str] = &[
    "intended_use",
    "out_of_scope_use",
    "limitations",
    "training_data",
    "evaluation",
    "bias_fairness",
    "contact",
    "license",
];

/// Topics the loader finds stated: a section with content that is not only left beside a
/// placeholder (the documentation policy's default: 30 words with a placeholder), or for the
/// licence the front matter.
fn found(card: &ModelCard) -> BTreeSet<&'static str> {
    TOPICS
        .iter()
        .copied()
        .filter(|t| {
            let section = card
                .sections
                .get(*t)
                .is_some_and(|s| s.present && (!s.placeholder || s.words >= 30));
            section
                || (*t == "license"
                    && card
                        .license
                        .as_deref()
                        .is_some_and(|l| !l.trim().is_empty()))
        })
        .collect()
}

#[test]
fn hand_labelled_hub_cards_recall_and_precision() {
    let corpus = common::root().join("../shared/data/real/model-cards-hf-hub");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let labels = std::fs::read_to_string(fixtures().join("labels.tsv")).unwrap();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut per_topic: Vec<(usize, usize, usize)> = vec![(0, 0, 0); TOPICS.len()];
    let mut cards = 0;
    let mut misses = Vec::new();
    for line in labels
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (file, topics) = line.split_once('\t').unwrap();
        let truth: BTreeSet<&str> = topics.split_whitespace().filter(|t| *t != "-").collect();
        for t in &truth {
            assert!(TOPICS.contains(t), "{file}: unknown topic {t}");
        }
        let path = corpus.join(file);
        let doc = Doc::read(Path::new(&path), file).unwrap();
        let got = found(&model_card::load(&doc).unwrap());
        cards += 1;
        for (i, t) in TOPICS.iter().enumerate() {
            match (truth.contains(t), got.contains(t)) {
                (true, true) => {
                    tp += 1;
                    per_topic[i].0 += 1;
                }
                (false, true) => {
                    fp += 1;
                    per_topic[i].1 += 1;
                    misses.push(format!("{file}: {t} found, not stated"));
                }
                (true, false) => {
                    fn_ += 1;
                    per_topic[i].2 += 1;
                    misses.push(format!("{file}: {t} stated, not found"));
                }
                (false, false) => {}
            }
        }
    }
    let recall = tp as f64 / (tp + fn_) as f64;
    let precision = tp as f64 / (tp + fp) as f64;
    println!("{cards} hand-labelled cards: topic recall {recall:.3}, precision {precision:.3} ({tp} right, {fp} false, {fn_} missed)");
    for (i, t) in TOPICS.iter().enumerate() {
        let (a, b, c) = per_topic[i];
        println!("  {t:18} right {a:3}  false {b:2}  missed {c:2}");
    }
    for m in &misses {
        println!("  {m}");
    }
    assert!(cards >= 60, "{cards} labelled cards");
    assert!(recall >= 0.95, "recall {recall:.3}");
    assert!(precision >= 0.95, "precision {precision:.3}");
}
