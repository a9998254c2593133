//! Every real card of ../shared/data/real (503 Hugging Face Hub model cards, 82 dataset cards)
//! loads as a bundle loads it, unless huggingface_hub cannot read it either; and a card whose
//! front matter huggingface_hub reads keeps it here (a lost front matter loses the licence,
//! datasets and results the policies check). Which cards huggingface_hub rejects, or reads
//! without front matter, is in tests/fixtures/real-corpus (made by its hub_invalid.py), so the
//! test needs no Python.

use crate::common;

use modelgate::formats::{dataset, model_card, Doc};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn fixture_names(file: &str) -> BTreeSet<String> {
    let path = common::root().join("tests/fixtures/real-corpus").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

/// The files of `folder` under the corpus, sorted; `None` when the corpus is absent.
fn cards(folder: &str) -> Option<Vec<PathBuf>> {
    let dir = common::root().join("../shared/data/real").join(folder);
    if !dir.is_dir() {
        return None;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    Some(files)
}

/// What loading one card gave: `Ok(has front matter)` (always `true` for dataset cards, which
/// keep no metadata of their own), or the error.
type Outcome = Result<bool, String>;

/// Loads as the bundle loader does: `Doc::read` (size limit, BOM, UTF-16) under the path a
/// convention bundle gives the file, then the format's `load`.
fn load(folder: &str, path: &Path) -> Outcome {
    match folder {
        "model-cards-hf-hub" => {
            let doc = Doc::read(path, "README.md").map_err(|e| e.to_string())?;
            model_card::load(&doc)
                .map(|c| c.metadata.is_some())
                .map_err(|e| e.to_string())
        }
        _ => {
            let doc = Doc::read(path, "datasets/corpus/README.md").map_err(|e| e.to_string())?;
            dataset::load(&doc).map(|_| true).map_err(|e| e.to_string())
        }
    }
}

#[test]
fn every_real_card_loads_unless_huggingface_hub_rejects_it_too() {
    let invalid = fixture_names("hub-invalid.txt");
    let bare = fixture_names("hub-no-front-matter.txt");
    let (mut loaded, mut expected_errors, mut invalid_loaded) = (0, 0, 0);
    let mut seen = BTreeSet::new();
    let mut failures = Vec::new();
    let mut model_card_time = Duration::ZERO;
    let mut model_cards = 0u32;
    for folder in ["model-cards-hf-hub", "dataset-cards-hf"] {
        let Some(files) = cards(folder) else {
            eprintln!("skipped: ../shared/data/real/{folder} is absent");
            return;
        };
        for path in files {
            let name = format!("{folder}/{}", path.file_name().unwrap().to_string_lossy());
            seen.insert(name.clone());
            let hub_rejects = invalid.contains(&name);
            let start = Instant::now();
            let outcome = load(folder, &path);
            if folder == "model-cards-hf-hub" {
                model_card_time += start.elapsed();
                model_cards += 1;
            }
            match outcome {
                Ok(front_matter) => {
                    loaded += 1;
                    if hub_rejects {
                        invalid_loaded += 1;
                    } else if folder == "model-cards-hf-hub" {
                        let hub_has = !bare.contains(&name);
                        if front_matter != hub_has {
                            failures.push(format!(
                                "{name}: front matter {} here, {} for huggingface_hub",
                                if front_matter { "read" } else { "not found" },
                                if hub_has { "read" } else { "not found" },
                            ));
                        }
                    }
                }
                Err(_) if hub_rejects => expected_errors += 1,
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
    }
    // A fixture naming a card that is not in the corpus is stale: regenerate it.
    for name in invalid.iter().chain(&bare) {
        assert!(
            seen.contains(name),
            "{name} is in tests/fixtures/real-corpus but not in the corpus"
        );
    }
    println!(
        "{} real cards: {loaded} loaded ({invalid_loaded} of them invalid for huggingface_hub), \
         {expected_errors} errored as expected (invalid for huggingface_hub too), \
         {} unexpected",
        seen.len(),
        failures.len()
    );
    // In-process reading and normalizing only (no process start, no policies): a debug build
    // unless run with `--release`.
    println!(
        "{model_cards} Hub model cards read in {:.1} ms, {:.2} ms per card",
        model_card_time.as_secs_f64() * 1e3,
        model_card_time.as_secs_f64() * 1e3 / f64::from(model_cards.max(1))
    );
    assert!(seen.len() >= 585, "{} cards in the corpus", seen.len());
    assert!(
        failures.is_empty(),
        "{} cards read differently from huggingface_hub:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
