//! Placeholders and filler in model cards (security review finding 14, PH1-PH5): the review's
//! attacks on the approved example block end to end; against real model cards
//! (`../shared/data/real`, 503 Hugging Face Hub cards) every section a real card documents
//! stays documented, and the real cards' heading structure filled with spelt-around
//! placeholders or filler documents nothing. The real-card tests skip, saying so, where
//! `../shared/data` is absent.

use modelgate::formats::{model_card, Doc};
use modelgate::input::Section;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn cards_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real/model-cards-hf-hub");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: ../shared/data/real/model-cards-hf-hub not found");
        None
    }
}

fn card_paths(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    paths
}

/// Whether a section meets policies/documentation.rego at its default parameters (min_words
/// 10, 1 for contact, license and version; 30 while a placeholder is left; min_distinct_words
/// 4, never more than min_words, 0 for version).
fn documented(id: &str, s: &Section) -> bool {
    let min_words = match id {
        "contact" | "license" | "version" => 1,
        _ => 10,
    };
    let words = if s.placeholder {
        min_words.max(30)
    } else {
        min_words
    };
    let distinct = if id == "version" { 0 } else { min_words.min(4) };
    s.present && s.words >= words && s.distinct_words >= distinct
}

/// The card with its front matter and headings kept and everything under each heading
/// replaced by `filler`.
fn refill(card: &str, filler: &str) -> String {
    let mut out = String::new();
    let mut lines = card.lines().peekable();
    if lines.peek() == Some(&"---") {
        out.push_str("---\n");
        lines.next();
        for l in lines.by_ref() {
            out.push_str(l);
            out.push('\n');
            if l == "---" {
                break;
            }
        }
    }
    for l in lines {
        // ATX headings only: `#` followed by a space (a `#comment` of code is no heading).
        let hashes = l.len() - l.trim_start_matches('#').len();
        if (1..=6).contains(&hashes) && l[hashes..].starts_with(' ') {
            out.push_str(&format!("\n{l}\n\n{filler}\n"));
        }
    }
    out
}

#[test]
fn real_sections_stay_documented() {
    let Some(dir) = cards_dir() else { return };
    // Known-good sections: short ones at the thresholds, one with a placeholder left and much
    // content, tables of numbers, code, "optimizer: None" lines, non-English text.
    let sample = [
        // "Intended uses & limitations" holding only "not ready to be used in production":
        // a limitation, not a statement of intended use (issue 15's content check).
        ("merve_model-broken-config_README.md", "limitations"),
        (
            "Geotrend_bert-base-en-fr-nl-ru-ar-cased_README.md",
            "contact",
        ),
        (
            "Finnish-NLP_wav2vec2-large-uralic-voxpopuli-v2-finnish_README.md",
            "intended_use",
        ),
        ("allenai_led-base-16384-ms2_README.md", "model_details"),
        ("Davlan_mbart50-large-yor-eng-mt_README.md", "training_data"),
        (
            "Mathking_scibert_scivocab_uncased-ner-prim_out_README.md",
            "intended_use",
        ),
        ("bryanhpchiang_anim_README.md", "bias_fairness"),
        ("bryanhpchiang_anim_README.md", "out_of_scope_use"),
        ("Riiid_kda-bert-large-uncased-race_README.md", "citation"),
        (
            "dominguesm_stt_pt_quartznet15x5_ctc_small_README.md",
            "model_details",
        ),
        (
            "Christoph911_GELECTRA-base-LegalQuAD_README.md",
            "model_details",
        ),
        (
            "keras-io_collaborative-filtering-movielens_README.md",
            "training_data",
        ),
        ("PL031_haha-model_README.md", "training_procedure"),
        ("megantosh_flair-arabic-MSA-aqmar_README.md", "evaluation"),
    ];
    for (file, id) in sample {
        let path = dir.join(file);
        let card = model_card::load(&Doc::read(&path, file).unwrap()).unwrap();
        let s = card
            .sections
            .get(id)
            .unwrap_or_else(|| panic!("{file}: no section {id}"));
        assert!(documented(id, s), "{file} {id} no longer documented: {s:?}");
    }

    // Over all the cards: measured when placeholder detection moved to folded tokens, 416
    // sections met the defaults before and after (the one section that changed, "TODO", was
    // not documented before either).
    let mut documented_sections = 0;
    let mut cards = 0;
    for path in card_paths(&dir) {
        let rel = path.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(card) = model_card::load(&Doc::read(&path, &rel).unwrap()) else {
            continue;
        };
        cards += 1;
        documented_sections += card
            .sections
            .iter()
            .filter(|(id, s)| documented(id, s))
            .count();
    }
    assert!(cards >= 500, "only {cards} cards loaded");
    assert!(
        documented_sections >= 416,
        "only {documented_sections} documented sections in the real cards (416 measured)"
    );
}

#[test]
fn real_card_structures_filled_with_placeholders_document_nothing() {
    let Some(dir) = cards_dir() else { return };
    let lorem = "Lorem\u{00a0}ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod \
                 tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam.";
    // Template markers and empty answers: nothing is left, whatever the section's minimum.
    let placeholders = [
        "[More Informat\u{0456}on Needed] ".repeat(4),
        lorem.to_string(),
        "N/A. ".repeat(11),
        "N\u{ff0f}A ".repeat(11),
        "T\u{200b}B\u{200b}D".to_string(),
        "L\u{03bf}rem \u{0456}\u{0440}sum d\u{043e}lor sit amet, consectetur adipiscing elit."
            .repeat(3),
        "---- .... ????".to_string(),
        "{{ model_description | default(\"[More Information Needed]\", true) }}".to_string(),
        "<!--\nThe model is designed for credit scoring by trained analysts in retail banks.\n-->"
            .to_string(),
        "\u{1f680} \u{2705} \u{2728} 🤗".to_string(),
    ];
    // Filler: words, but no documentation. Sections whose minimum is one word (contact,
    // license, version) can only be held to the markers above.
    let filler = ["data ".repeat(50), "1 2 3 4 5 6 7 8 9 10 11 12".to_string()];
    let mut checked = 0;
    for path in card_paths(&dir) {
        let rel = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for (attack, all_sections) in placeholders
            .iter()
            .map(|a| (a, true))
            .chain(filler.iter().map(|a| (a, false)))
        {
            let Ok(card) = model_card::load(&Doc::new(&rel, &rel, refill(&text, attack).into()))
            else {
                continue;
            };
            for (id, s) in &card.sections {
                if !all_sections && matches!(id.as_str(), "contact" | "license" | "version") {
                    continue;
                }
                assert!(
                    !documented(id, s),
                    "{rel}: section {id} filled with {attack:?} counts as documented: {s:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 5000, "only {checked} sections checked");
}

/// Runs `modelgate check` on a copy of `examples/approved` whose model card is `card`; returns
/// the exit code and the ids of the blocking findings.
fn check_approved_with_card(card: Option<&str>) -> (i32, BTreeSet<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("b");
    copy_tree(&root.join("examples/approved"), &bundle);
    if let Some(card) = card {
        std::fs::write(bundle.join("README.md"), card).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_modelgate"))
        .args([
            "check",
            "--format",
            "json",
            "--now",
            "2026-11-29T12:00:00Z",
            "--key",
        ])
        .arg(root.join("examples/release.pub"))
        .arg("--record-key")
        .arg(root.join("examples/gate.pub"))
        .arg(&bundle)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let denied = report["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] == "deny")
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect();
    (out.status.code().unwrap(), denied)
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dst = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), dst).unwrap();
        }
    }
}

#[test]
fn review_placeholder_attacks_block_the_approved_example() {
    let (code, denied) = check_approved_with_card(None);
    assert_eq!(
        code, 0,
        "the approved example no longer approves: {denied:?}"
    );
    let card = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/approved/README.md"),
    )
    .unwrap();
    // The section rules of a high-risk release, each of which the attacks must trip.
    let rules = [
        "doc-intended-use",
        "doc-out-of-scope-use",
        "doc-limitations",
        "doc-training-data",
        "doc-evaluation",
        "doc-bias-fairness",
        "doc-human-oversight",
    ];
    let attacks = [
        // PH1, PH2, PH3 as the review wrote them.
        "Lorem\u{00a0}ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor \
         incididunt ut labore et dolore magna aliqua."
            .to_string(),
        "[More Informat\u{0456}on Needed] ".repeat(4),
        "N/A. ".repeat(11),
        // Variants.
        "T\u{200b}B\u{200b}D ".repeat(11),
        "data ".repeat(50),
        "1 2 3 4 5 6 7 8 9 10 11 12".to_string(),
    ];
    for attack in &attacks {
        let (code, denied) = check_approved_with_card(Some(&refill(&card, attack)));
        assert_eq!(code, 1, "{attack:?} approved");
        for rule in rules {
            assert!(denied.contains(rule), "{attack:?}: no {rule} in {denied:?}");
        }
    }
    // PH4 and PH5: a one-word limitations section, an empty human-oversight heading.
    let none = card.replacen(
        "## Bias, Risks, and Limitations",
        "## Bias, Risks, and Limitations\n\nNone.\n\n## Old limitations",
        1,
    );
    let (code, denied) = check_approved_with_card(Some(&none));
    assert!(
        code == 1 && denied.contains("doc-limitations"),
        "{denied:?}"
    );
    let empty = card.replacen(
        "## Human Oversight",
        "## Human Oversight\n\n## Old oversight",
        1,
    );
    let (code, denied) = check_approved_with_card(Some(&empty));
    assert!(
        code == 1 && denied.contains("doc-human-oversight"),
        "{denied:?}"
    );
}
