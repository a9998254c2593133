//! Every admission fixture decoded, and what summarizing one costs.

use super::*;

/// `(via, source, ref)` of each reference of a fixture, in order.
type Expected = &'static [(&'static str, &'static str, &'static str)];

/// Every fixture as the API server sends it: `(file, references as (via, source, ref))`,
/// `None` for reviews that start nothing.
const FIXTURES: &[(&str, Option<Expected>)] = &[
    ("clusterservingruntime.json", Some(&[
        ("env", "spec.containers[kserve-container].env[HF_HOME]", "/tmp/hf_home"),
        ("arg", "spec.containers[kserve-container].args[0]", "s3://runtime-defaults/bert"),
    ])),
    ("configmap.json", None),
    ("cronjob.json", Some(&[
        ("env", "spec.jobTemplate.spec.template.spec.containers[batch].env[MODEL_DIR]", "/models"),
        ("arg", "spec.jobTemplate.spec.template.spec.initContainers[fetch-model].args[0]", "gs://models/credit-risk/2026-11/model.onnx"),
    ])),
    ("deployment.json", Some(&[])),
    ("inferenceservice-components.json", Some(&[
        ("storageUri", "spec.canary[0].predictor.pytorch.storageUri", "https://models.example.com/scorer-v2.mar?sha256=b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
        ("storage", "spec.canary[0].predictor.pytorch.storage", "storage:localMinIO/evil/model.pt"),
        ("storageUri", "spec.explainer.art.storageUri", "gs://evil/explainer.pkl"),
        ("storageUris", "spec.predictor.storageUris[0].uri", "s3://models/credit-risk/tokenizer"),
        ("storageUri", "spec.predictor.model.storageUri", "oci://registry.example.com/models/credit-risk-scorer@sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
        ("env", "spec.predictor.model.env[STORAGE_URI]", "gs://evil/model.joblib"),
        ("env", "spec.transformer.containers[kserve-container].env[STORAGE_URI]", "https://evil.example/x.pkl?ref=@sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
        ("arg", "spec.transformer.containers[kserve-container].args[1]", "https://feast.example.com/credit"),
    ])),
    ("inferenceservice-v1alpha2.json", Some(&[
        ("storageUri", "spec.canary.predictor.tensorflow.storageUri", "gs://kfserving-samples/models/tensorflow/flowers-2"),
        ("storageUri", "spec.default.predictor.tensorflow.storageUri", "gs://kfserving-samples/models/tensorflow/flowers"),
        ("env", "spec.default.transformer.custom.container.env[STORAGE_URI]", "gs://evil/transformer"),
    ])),
    ("inferenceservice.json", Some(&[
        ("storageUri", "spec.predictor.model.storageUri", "oci://registry.example.com/models/credit-risk-scorer@sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
    ])),
    ("knative-service.json", Some(&[
        ("env", "spec.template.spec.containers[0].env[MODEL_URI]", "https://models.example.com/scorer.onnx"),
    ])),
    ("kserve-modelcar-pod.json", Some(&[
        ("annotation", "metadata.annotations[internal.serving.kserve.io/storage-initializer-sourceuri]", "oci://registry.example.com/models/credit-risk-scorer@sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
        ("env", "spec.containers[kserve-container].env[MODEL_INIT_MODE]", "async"),
        ("modelcar", "spec.containers[modelcar].image", "registry.example.com/models/credit-risk-scorer@sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
        ("modelcar", "spec.initContainers[modelcar-init].image", "registry.example.com/models/credit-risk-scorer@sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
    ])),
    ("kserve-predictor-pod.json", Some(&[
        ("annotation", "metadata.annotations[internal.serving.kserve.io/storage-initializer-sourceuri]", "gs://kfserving-examples/models/sklearn/1.0/model"),
        ("storage-initializer", "spec.initContainers[storage-initializer].args[0]", "gs://kfserving-examples/models/sklearn/1.0/model"),
    ])),
    ("llminferenceservice.json", Some(&[
        ("llm-model", "spec.model.uri", "hf://facebook/opt-125m"),
        ("lora-adapter", "spec.model.lora.adapters[sql-lora].uri", "s3://evil/lora/sql"),
        ("env", "spec.template.containers[main].env[VLLM_LOGGING_LEVEL]", "DEBUG"),
    ])),
    ("malformed.json", Some(&[])),
    ("pod-delete.json", None),
    ("pod-model-sources.json", Some(&[
        ("env", "spec.containers[serve].env[MODEL_URI]", "s3://evil/model.pkl"),
        ("env", "spec.containers[serve].env[LOG_LEVEL]", "info"),
        ("env", "spec.containers[serve].env[MODEL_PATH]", "valueFrom:configMapKeyRef:scorer-config/model-path"),
        ("env", "spec.containers[serve].env[POD_NAME]", "valueFrom:fieldRef:metadata.name"),
        ("arg", "spec.containers[serve].args[1]", "s3://evil/model.pkl"),
        ("arg", "spec.containers[serve].args[2]", "hf://evil-org/weights"),
        ("image-volume", "spec.volumes[weights].image.reference", "registry.example.com/models/scorer@sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
    ])),
    ("pod-verified.json", Some(&[])),
    ("pod.json", Some(&[])),
    ("podtemplate.json", Some(&[
        ("env", "template.spec.containers[serve].env[MODEL_URI]", "gs://models/scorer/v3"),
    ])),
    ("replicationcontroller.json", Some(&[
        ("arg", "spec.template.spec.containers[serve].args[2]", "oci://registry.example.com/models/legacy:latest"),
    ])),
    ("seldon-model.json", Some(&[
        ("seldon-model", "spec.storageUri", "gs://seldon-models/scv2/samples/mlserver_1.3.5/iris-sklearn"),
    ])),
    ("seldondeployment.json", Some(&[
        ("seldon-graph", "spec.predictors[default].graph.modelUri", "gs://seldon-models/v1.19.0-dev/sklearn/iris"),
        ("parameter", "spec.predictors[default].graph.children[outlier].parameters[model_uri]", "s3://evil/outlier.pkl"),
        ("parameter", "spec.predictors[default].graph.children[outlier].parameters[threshold]", "0.9"),
        ("env", "spec.predictors[default].componentSpecs[0].spec.containers[outlier].env[MODEL_URI]", "s3://evil/outlier.pkl"),
        ("seldon-explainer", "spec.predictors[default].explainer.modelUri", "gs://seldon-models/v1.19.0-dev/sklearn/iris-anchor"),
    ])),
    ("servingruntime.json", Some(&[
        ("env", "spec.containers[kserve-container].env[DEFAULT_MODEL_URI]", "gs://evil/default-model"),
    ])),
    ("trainedmodel.json", Some(&[
        ("trained-model", "spec.model.storageUri", "gs://evil/model.pkl"),
    ])),
];

fn fixture(name: &str) -> AdmissionRequest {
    let path = format!(
        "{}/tests/fixtures/admission/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    parse(&std::fs::read(&path).unwrap()).unwrap_or_else(|m| panic!("{name}: {m:?}"))
}

#[test]
fn every_fixture_decodes_to_its_references() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/admission");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".json"))
        .collect();
    files.sort();
    let listed: Vec<&str> = FIXTURES.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        files, listed,
        "every fixture has its expected references here"
    );
    for (name, expected) in FIXTURES {
        let got = summarize(&fixture(name));
        match (*name, expected) {
            ("malformed.json", _) => {
                assert!(
                    got.unwrap_err().contains("object.spec.containers"),
                    "{name}"
                );
            }
            (_, None) => assert_eq!(got, Ok(None), "{name}"),
            (_, Some(expected)) => {
                let s = got.unwrap_or_else(|e| panic!("{name}: {e}")).unwrap();
                assert_eq!(refs(&s), expected.to_vec(), "{name}");
                assert!(s.runs_containers, "{name}");
                assert!(!s.name.is_empty() && s.invalid_models.is_empty(), "{name}");
            }
        }
    }
    // Facts the table does not show.
    let s = summarize(&fixture("inferenceservice-components.json"))
        .unwrap()
        .unwrap();
    let kinds: Vec<_> = s
        .references
        .iter()
        .filter_map(|r| r.digest_kind.as_deref())
        .collect();
    assert_eq!(kinds, vec!["claim", "oci"]);
    assert_eq!(
        (s.models.len(), s.models[0].source.as_str()),
        (1, "annotation")
    );
    assert_eq!(s.service_account.as_deref(), Some("models-reader"));
    let s = summarize(&fixture("pod-model-sources.json"))
        .unwrap()
        .unwrap();
    assert_eq!(s.models[0].digest, APPROVED);
    assert_eq!(s.service_account.as_deref(), Some("scorer"));
    let s = summarize(&fixture("replicationcontroller.json"))
        .unwrap()
        .unwrap();
    assert_eq!(
        (s.images[0].pinned, s.models[0].source.as_str()),
        (false, "annotation")
    );
    let s = summarize(&fixture("kserve-predictor-pod.json"))
        .unwrap()
        .unwrap();
    assert_eq!(s.name, "sklearn-iris-predictor-7d9f8c6b5-");
    let s = summarize(&fixture("trainedmodel.json")).unwrap().unwrap();
    assert!(s.containers.is_empty());
}

#[test]
fn summarizing_the_inferenceservice_fixture_is_cheap() {
    // `cargo test --release --lib serve::review::tests::fixtures::summarizing -- --nocapture` prints
    // the cost; the bound holds for a debug build on a slow machine too.
    let req = fixture("inferenceservice-components.json");
    let rounds = 2000u32;
    let start = std::time::Instant::now();
    let mut found = 0;
    for _ in 0..rounds {
        let s = summarize(std::hint::black_box(&req)).unwrap().unwrap();
        found += s.references.len();
    }
    let summarize_cost = start.elapsed() / rounds;
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        let s = summarize(std::hint::black_box(&req)).unwrap().unwrap();
        std::hint::black_box(serde_json::to_value(&s).unwrap());
    }
    let with_json = start.elapsed() / rounds;
    eprintln!("summarize inferenceservice-components.json: {summarize_cost:?}; with serde_json::to_value: {with_json:?}");
    assert_eq!(found, 8 * rounds as usize);
    assert!(
        summarize_cost < std::time::Duration::from_micros(500),
        "{summarize_cost:?}"
    );
}
