//! KServe: InferenceServices (the review's K cases), TrainedModels, serving runtimes, storage
//! containers, local model caches and LLMInferenceServices.

use super::*;

#[test]
fn k1_an_explainer_storage_uri_is_a_reference_next_to_an_approved_predictor() {
    let s = isvc(json!({
        "predictor": {"model": {"modelFormat": {"name": "sklearn"},
                                "storageUri": format!("oci://r.example.com/m@sha256:{HEX}")}},
        "explainer": {"sklearn": {"storageUri": "gs://evil/explainer.pkl"}}
    }));
    assert_eq!(
        refs(&s),
        vec![
            (
                "storageUri",
                "spec.explainer.sklearn.storageUri",
                "gs://evil/explainer.pkl"
            ),
            (
                "storageUri",
                "spec.predictor.model.storageUri",
                &*format!("oci://r.example.com/m@sha256:{HEX}")
            ),
        ]
    );
    assert_eq!(at(&s, "spec.explainer.sklearn.storageUri").digest, None);
    let p = at(&s, "spec.predictor.model.storageUri");
    assert_eq!(
        (p.digest.clone(), p.digest_kind.as_deref()),
        (Some(digest()), Some("oci"))
    );
    assert_eq!(s.models[0].source, "spec.predictor.model.storageUri");
}

#[test]
fn k2_an_annotated_digest_does_not_hide_an_unpinned_storage_uri() {
    let s = summary(
        KSERVE,
        "v1beta1",
        "InferenceService",
        json!({
            "metadata": {"name": "scorer", "annotations": {MODEL_DIGEST_ANNOTATION: digest()}},
            "spec": {"predictor": {"model": {"storageUri": "gs://evil/model.pkl"}}}
        }),
    );
    assert_eq!(s.models[0].source, "annotation");
    assert_eq!(
        refs(&s),
        vec![(
            "storageUri",
            "spec.predictor.model.storageUri",
            "gs://evil/model.pkl"
        )]
    );
    assert_eq!(at(&s, "spec.predictor.model.storageUri").digest, None);
}

#[test]
fn k3_a_sha256_parameter_is_only_a_claim() {
    let s = isvc(json!({"predictor": {"model": {
        "storageUri": format!("https://evil.example/evil.pkl?sha256={HEX}")}}}));
    let r = at(&s, "spec.predictor.model.storageUri");
    assert_eq!(
        (r.digest.clone(), r.digest_kind.as_deref()),
        (Some(digest()), Some("claim"))
    );
    // Still looked up, so that the policy can say why it does not count.
    assert_eq!(s.models[0].digest, digest());
}

#[test]
fn k4_a_storage_uri_env_var_of_a_custom_predictor_is_a_reference() {
    let s = summary(
        KSERVE,
        "v1beta1",
        "InferenceService",
        json!({
            "metadata": {"name": "scorer", "annotations": {MODEL_DIGEST_ANNOTATION: digest()}},
            "spec": {"predictor": {"containers": [{"name": "kserve-container", "image": "r.example.com/custom:1",
                "env": [{"name": "STORAGE_URI", "value": "gs://evil/model"}]}]}}
        }),
    );
    let r = at(
        &s,
        "spec.predictor.containers[kserve-container].env[STORAGE_URI]",
    );
    assert_eq!(
        (
            r.via.as_str(),
            r.name.as_deref(),
            r.container.as_deref(),
            r.scheme.as_str()
        ),
        ("env", Some("STORAGE_URI"), Some("kserve-container"), "gs")
    );
}

#[test]
fn k5_storage_uris_are_references_in_components_and_model_specs() {
    let s = isvc(json!({"predictor": {
        "model": {"storageUri": format!("oci://r.example.com/m@sha256:{HEX}"),
                  "storageUris": [{"uri": "gs://evil/extra", "mountPath": "/mnt/models/extra"}]},
        "storageUris": [{"uri": "s3://evil/tokenizer", "mountPath": "/mnt/models/tok"},
                        {"uri": format!("oci://r.example.com/tok@sha256:{HEX}"), "mountPath": "/mnt/models/t2"}]
    }}));
    assert_eq!(
        refs(&s),
        vec![
            (
                "storageUris",
                "spec.predictor.storageUris[0].uri",
                "s3://evil/tokenizer"
            ),
            (
                "storageUris",
                "spec.predictor.storageUris[1].uri",
                &*format!("oci://r.example.com/tok@sha256:{HEX}")
            ),
            (
                "storageUri",
                "spec.predictor.model.storageUri",
                &*format!("oci://r.example.com/m@sha256:{HEX}")
            ),
            (
                "storageUris",
                "spec.predictor.model.storageUris[0].uri",
                "gs://evil/extra"
            ),
        ]
    );
    assert_eq!(
        at(&s, "spec.predictor.storageUris[1].uri")
            .digest_kind
            .as_deref(),
        Some("oci")
    );
}

#[test]
fn k7_a_trained_model_is_judged_by_its_storage_uri() {
    let s = summary(
        KSERVE,
        "v1alpha1",
        "TrainedModel",
        json!({
            "metadata": {"name": "model1"},
            "spec": {"inferenceService": "sklearn-iris", "model": {"storageUri": "gs://evil/model.pkl", "framework": "sklearn", "memory": "256Mi"}}
        }),
    );
    assert_eq!(
        refs(&s),
        vec![(
            "trained-model",
            "spec.model.storageUri",
            "gs://evil/model.pkl"
        )]
    );
    assert!(s.runs_containers && s.containers.is_empty());
}

#[test]
fn k11_an_at_sha256_in_a_query_is_no_digest() {
    let s = isvc(json!({"predictor": {"model": {
        "storageUri": format!("https://evil.example/x.pkl?ref=@sha256:{HEX}")}}}));
    let r = at(&s, "spec.predictor.model.storageUri");
    assert_eq!(
        (
            r.scheme.as_str(),
            r.digest.as_deref(),
            r.digest_kind.as_deref()
        ),
        ("https", None, None)
    );
    assert!(s.models.is_empty() && s.invalid_models.is_empty());
}

#[test]
fn k12_a_storage_spec_path_is_a_reference() {
    let s = isvc(json!({"predictor": {
        "model": {"storageUri": format!("oci://r.example.com/m@sha256:{HEX}")},
        "pytorch": {"storage": {"key": "localMinIO", "path": "evil/model.pt", "parameters": {"bucket": "models"}}},
        "sklearn": {"storage": {"storageKey": "legacy", "path": "x"}},
        "logger": {"mode": "all", "storage": {"key": "logs", "path": "isvc-logs"}}
    }}));
    let storage: Vec<_> = s.references.iter().filter(|r| r.via == "storage").collect();
    assert_eq!(storage.len(), 2, "{:#?}", s.references);
    assert_eq!(
        (
            storage[0].source.as_str(),
            storage[0].reference.as_str(),
            storage[0].scheme.as_str()
        ),
        (
            "spec.predictor.pytorch.storage",
            "storage:localMinIO/evil/model.pt",
            "storage"
        )
    );
    assert_eq!(storage[1].reference, "storage:legacy/x");
    assert!(storage[0].digest.is_none());
}

#[test]
fn inference_service_components_canaries_workers_and_model_containers() {
    let s = isvc(json!({
        "predictor": {
            "serviceAccountName": "reader",
            "labels": {"env": "prod", "storageUri": "not-a-model"},
            "annotations": {"image": "x"},
            "storageUri": "gs://component/level",
            "model": {"modelFormat": {"name": "huggingface"}, "image": format!("r.example.com/hf@sha256:{HEX}"),
                      "args": ["--model_id=hf://org/base"], "storageUri": "hf://org/base"},
            "mlserver": {"storageUri": "s3://future/framework"},
            "workerSpec": {"tensorParallelSize": 2, "containers": [{"name": "worker-container", "image": "r.example.com/w:1",
                           "env": [{"name": "MODEL", "value": "s3://worker/model"}]}]}
        },
        "transformer": {"containers": [{"name": "t", "image": "r.example.com/t:1"}]},
        "canary": [{"predictor": {"name": "v2", "sklearn": {"storageUri": "gs://canary/model"}}, "trafficPercent": 10}]
    }));
    assert_eq!(
        refs(&s),
        vec![
            (
                "storageUri",
                "spec.canary[0].predictor.sklearn.storageUri",
                "gs://canary/model"
            ),
            (
                "storageUri",
                "spec.predictor.storageUri",
                "gs://component/level"
            ),
            (
                "storageUri",
                "spec.predictor.mlserver.storageUri",
                "s3://future/framework"
            ),
            (
                "storageUri",
                "spec.predictor.model.storageUri",
                "hf://org/base"
            ),
            ("arg", "spec.predictor.model.args[0]", "hf://org/base"),
            (
                "env",
                "spec.predictor.workerSpec.containers[worker-container].env[MODEL]",
                "s3://worker/model"
            ),
        ]
    );
    assert_eq!(
        at(&s, "spec.predictor.model.args[0]").name.as_deref(),
        Some("--model_id")
    );
    assert_eq!(
        at(&s, "spec.predictor.model.args[0]").container.as_deref(),
        Some("kserve-container")
    );
    let containers: Vec<_> = s
        .containers
        .iter()
        .map(|c| (c.name.as_str(), c.digest.is_some()))
        .collect();
    assert_eq!(
        containers,
        vec![
            ("kserve-container", true),
            ("worker-container", false),
            ("t", false)
        ]
    );
    assert_eq!(s.service_account.as_deref(), Some("reader"));
    // The same shape under the v1alpha1 version.
    let v1alpha1 = summary(
        KSERVE,
        "v1alpha1",
        "InferenceService",
        json!({
        "metadata": {"name": "scorer"},
        "spec": {"predictor": {"tensorflow": {"storageUri": "gs://m/flowers"}}}}),
    );
    assert_eq!(
        refs(&v1alpha1),
        vec![(
            "storageUri",
            "spec.predictor.tensorflow.storageUri",
            "gs://m/flowers"
        )]
    );
}

#[test]
fn kfserving_default_and_canary_endpoints() {
    let s = summary(
        KFSERVING,
        "v1alpha2",
        "InferenceService",
        json!({
            "metadata": {"name": "flowers"},
            "spec": {
                "default": {"predictor": {"tensorflow": {"storageUri": "gs://m/flowers"}},
                            "explainer": {"alibi": {"type": "AnchorImages", "storageUri": "gs://m/explainer"}},
                            "transformer": {"custom": {"container": {"image": "r.example.com/t:1",
                                "args": ["--source", "gs://evil/t"]}}}},
                "canary": {"predictor": {"custom": {"container": {"name": "c", "image": "r.example.com/c:1"}}}},
                "canaryTrafficPercent": 10
            }
        }),
    );
    assert_eq!(
        refs(&s),
        vec![
            (
                "storageUri",
                "spec.default.explainer.alibi.storageUri",
                "gs://m/explainer"
            ),
            (
                "storageUri",
                "spec.default.predictor.tensorflow.storageUri",
                "gs://m/flowers"
            ),
            (
                "arg",
                "spec.default.transformer.custom.container.args[1]",
                "gs://evil/t"
            ),
        ]
    );
    let names: Vec<_> = s.containers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["c", "kserve-container"]);
}

#[test]
fn serving_runtimes_and_storage_containers_are_judged_by_their_containers() {
    let spec = json!({
        "supportedModelFormats": [{"name": "sklearn", "version": "1", "autoSelect": true}],
        "containers": [{"name": "kserve-container", "image": "r.example.com/sk:1",
                        "args": ["--model_name={{.Name}}", "--model_dir=/mnt/models", "--default_model=gs://defaults/m"]}],
        "workerSpec": {"containers": [{"name": "worker-container", "image": "r.example.com/sk:1"}]},
        "builtInAdapter": {"serverType": "mlserver", "env": [{"name": "MODEL_URI", "value": "s3://adapter/default"}]}
    });
    for kind in ["ServingRuntime", "ClusterServingRuntime"] {
        let s = summary(
            KSERVE,
            "v1alpha1",
            kind,
            json!({"metadata": {"name": "rt"}, "spec": spec.clone()}),
        );
        assert_eq!(
            refs(&s),
            vec![
                (
                    "arg",
                    "spec.containers[kserve-container].args[2]",
                    "gs://defaults/m"
                ),
                (
                    "env",
                    "spec.builtInAdapter.env[MODEL_URI]",
                    "s3://adapter/default"
                ),
            ],
            "{kind}"
        );
        assert_eq!(s.containers.len(), 2, "{kind}");
    }
    let s = summary(
        KSERVE,
        "v1alpha1",
        "ClusterStorageContainer",
        json!({
            "metadata": {"name": "hf-downloader"},
            "spec": {"container": {"name": "storage-initializer", "image": "r.example.com/downloader:1",
                                   "env": [{"name": "HF_ENDPOINT", "value": "https://mirror.example.com"}]},
                     "supportedUriFormats": [{"prefix": "hf://"}]}
        }),
    );
    assert_eq!(
        refs(&s),
        vec![(
            "env",
            "spec.container.env[HF_ENDPOINT]",
            "https://mirror.example.com"
        )]
    );
    assert_eq!(s.containers[0].role, "init");
    let s = summary(
        KSERVE,
        "v1alpha1",
        "LocalModelCache",
        json!({
            "metadata": {"name": "llama"},
            "spec": {"sourceModelUri": "hf://meta-llama/Llama-3-8B", "modelSize": "16Gi", "nodeGroups": ["gpu"]}
        }),
    );
    assert_eq!(
        refs(&s),
        vec![(
            "local-model-cache",
            "spec.sourceModelUri",
            "hf://meta-llama/Llama-3-8B"
        )]
    );
    assert!(s.runs_containers);
}

#[test]
fn llm_inference_services_name_the_base_model_adapters_and_pod_templates() {
    let pod = |name: &str| {
        json!({"containers": [{"name": name, "image": "vllm/vllm-openai:v0.8",
        "args": [format!("--served-model=s3://{name}/m")]}]})
    };
    let s = summary(
        KSERVE,
        "v1alpha2",
        "LLMInferenceServiceConfig",
        json!({
            "metadata": {"name": "cfg"},
            "spec": {
                "model": {"uri": format!("oci://r.example.com/llm@sha256:{HEX}"),
                          "lora": {"adapters": [{"name": "a", "uri": "hf://org/a",
                                                 "lora": {"adapters": [{"name": "b", "uri": "s3://nested/b"}]}}]}},
                "template": pod("main"), "worker": pod("worker"),
                "prefill": {"template": pod("prefill")},
                "router": {"scheduler": {"template": pod("scheduler")}}
            }
        }),
    );
    assert_eq!(
        refs(&s),
        vec![
            (
                "llm-model",
                "spec.model.uri",
                &*format!("oci://r.example.com/llm@sha256:{HEX}")
            ),
            (
                "lora-adapter",
                "spec.model.lora.adapters[a].uri",
                "hf://org/a"
            ),
            (
                "lora-adapter",
                "spec.model.lora.adapters[a].lora.adapters[b].uri",
                "s3://nested/b"
            ),
            (
                "arg",
                "spec.template.containers[main].args[0]",
                "s3://main/m"
            ),
            (
                "arg",
                "spec.worker.containers[worker].args[0]",
                "s3://worker/m"
            ),
            (
                "arg",
                "spec.prefill.template.containers[prefill].args[0]",
                "s3://prefill/m"
            ),
            (
                "arg",
                "spec.router.scheduler.template.containers[scheduler].args[0]",
                "s3://scheduler/m"
            ),
        ]
    );
    assert_eq!(s.models[0].source, "spec.model.uri");
}
