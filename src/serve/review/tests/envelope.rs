//! Reviews read or refused, objects of the wrong shape refused with their path, and the
//! summary's serialized shape.

use super::*;

#[test]
fn reviews_are_read_or_refused_with_the_uid_when_known() {
    let e = parse(b"not json").unwrap_err();
    assert!(e.uid.is_none() && e.message.contains("not JSON"));
    let e = parse(br#"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"x"}}"#)
        .unwrap_err();
    assert_eq!(e.uid.as_deref(), Some("x"));
    assert!(e.message.contains("v1beta1"));
    let e = parse(br#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"x","kind":{}}}"#)
        .unwrap_err();
    assert_eq!(e.uid.as_deref(), Some("x"));
    assert!(e.message.contains("request.kind"), "{}", e.message);
    let e = parse(br#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{}}"#)
        .unwrap_err();
    assert!(e.uid.is_none() && e.message.contains("uid"));
}

#[test]
fn o5_create_or_update_without_an_object_is_an_error_and_delete_connect_start_nothing() {
    let mut req = request(gvk("", "v1", "Pod"), Value::Null);
    assert!(summarize(&req)
        .unwrap_err()
        .contains("CREATE request must carry the object"));
    req.object = None;
    req.operation = "UPDATE".into();
    assert!(summarize(&req).unwrap_err().contains("UPDATE"));
    req.object = Some(json!("a pod"));
    assert!(summarize(&req)
        .unwrap_err()
        .contains("expected an object, found a string"));
    // An object null on CREATE of a kind the webhook does not check is an error as well.
    let cm = request(gvk("", "v1", "ConfigMap"), Value::Null);
    assert!(summarize(&cm).is_err());
    let pod = json!({"spec": {"containers": [{"name": "s", "image": "evil:latest"}]}});
    for op in ["DELETE", "CONNECT"] {
        let mut r = request(gvk("", "v1", "Pod"), pod.clone());
        r.operation = op.into();
        assert_eq!(summarize(&r), Ok(None), "{op}");
        r.object = None;
        assert_eq!(summarize(&r), Ok(None), "{op}");
    }
    let mut r = request(gvk("", "v1", "Pod"), pod);
    for op in ["PATCH", "create", ""] {
        r.operation = op.into();
        assert!(summarize(&r).unwrap_err().contains("operation"), "{op}");
    }
}

#[test]
fn wrong_types_where_a_reference_could_hide_are_located_errors() {
    let pod = |container: Value| json!({"spec": {"containers": [container]}});
    let cases = [
        (
            "",
            "Pod",
            json!({"spec": {"containers": {"name": "x"}}}),
            "object.spec.containers: expected a list, found an object",
        ),
        (
            "",
            "Pod",
            json!({"spec": {"containers": ["nginx"]}}),
            "object.spec.containers[0]: expected an object",
        ),
        (
            "",
            "Pod",
            pod(json!({"name": "serve", "env": {"MODEL": "s3://x"}})),
            "object.spec.containers[serve].env: expected a list",
        ),
        (
            "",
            "Pod",
            pod(json!({"name": "serve", "env": ["MODEL=s3://x"]})),
            "object.spec.containers[serve].env[0]: expected an object",
        ),
        (
            "",
            "Pod",
            pod(json!({"name": "serve", "env": [{"name": "M", "value": 5}]})),
            "object.spec.containers[serve].env[M].value: expected a string",
        ),
        (
            "",
            "Pod",
            pod(
                json!({"name": "serve", "env": [{"name": "M", "valueFrom": {"configMapKeyRef": "cm"}}]}),
            ),
            "object.spec.containers[serve].env[M].valueFrom.configMapKeyRef: expected an object",
        ),
        (
            "",
            "Pod",
            pod(json!({"name": "serve", "args": ["--model", 5]})),
            "object.spec.containers[serve].args[1]: expected a string",
        ),
        (
            "",
            "Pod",
            pod(json!({"name": "serve", "command": "serve s3://x"})),
            "object.spec.containers[serve].command: expected a list",
        ),
        (
            "",
            "Pod",
            pod(json!({"name": "serve", "image": 5})),
            "object.spec.containers[serve].image: expected a string",
        ),
        (
            "",
            "Pod",
            json!({"spec": {"containers": [], "volumes": [{"name": "w", "image": {"reference": 1}}]}}),
            "object.spec.volumes[w].image.reference: expected a string",
        ),
        (
            "",
            "Pod",
            json!({"metadata": {"annotations": {MODEL_DIGEST_ANNOTATION: 5}}, "spec": {}}),
            "object.metadata.annotations.modelgate.dev/model-digest: expected a string",
        ),
        (
            "apps",
            "Deployment",
            json!({"spec": {"template": {"spec": {"initContainers": {}}}}}),
            "object.spec.template.spec.initContainers: expected a list",
        ),
        // K9: a predictor given as a list.
        (
            KSERVE,
            "InferenceService",
            json!({"spec": {"predictor": [{"sklearn": {"storageUri": "gs://x"}}]}}),
            "object.spec.predictor: expected an object, found a list",
        ),
        (
            KSERVE,
            "InferenceService",
            json!({"spec": {"predictor": {"sklearn": [{"storageUri": "gs://x"}]}}}),
            "object.spec.predictor.sklearn: expected an object",
        ),
        (
            KSERVE,
            "InferenceService",
            json!({"spec": {"predictor": {"model": {"storageUri": ["gs://x"]}}}}),
            "object.spec.predictor.model.storageUri: expected a string",
        ),
        (
            KSERVE,
            "InferenceService",
            json!({"spec": {"predictor": {"storageUris": {"uri": "gs://x"}}}}),
            "object.spec.predictor.storageUris: expected a list",
        ),
        (
            KSERVE,
            "InferenceService",
            json!({"spec": {"predictor": {"model": {"storage": "evil/model.pt"}}}}),
            "object.spec.predictor.model.storage: expected an object",
        ),
        (
            KSERVE,
            "TrainedModel",
            json!({"spec": {"model": {"storageUri": 1}}}),
            "object.spec.model.storageUri: expected a string",
        ),
        (
            KSERVE,
            "LLMInferenceService",
            json!({"spec": {"model": {"uri": "hf://a/b", "lora": {"adapters": {"uri": "s3://x"}}}}}),
            "object.spec.model.lora.adapters: expected a list",
        ),
        (
            "mlops.seldon.io",
            "Model",
            json!({"spec": {"storageUri": {"uri": "gs://x"}}}),
            "object.spec.storageUri: expected a string",
        ),
        (
            "machinelearning.seldon.io",
            "SeldonDeployment",
            json!({"spec": {"predictors": {"graph": {}}}}),
            "object.spec.predictors: expected a list",
        ),
        (
            "machinelearning.seldon.io",
            "SeldonDeployment",
            json!({"spec": {"predictors": [{"name": "p", "graph": {"children": [{"modelUri": 3}]}}]}}),
            "object.spec.predictors[p].graph.children[0].modelUri: expected a string",
        ),
    ];
    for (group, kind, object, expected) in cases {
        let e = error(group, "v1", kind, object);
        assert!(e.contains(expected), "{kind}: {e}");
    }
}

#[test]
fn the_summary_serializes_to_the_documented_shape() {
    let s = isvc(
        json!({"predictor": {"model": {"storageUri": format!("oci://r/m@sha256:{HEX}")},
        "containers": [{"name": "c", "image": "r/c:1", "args": ["--x=s3://b/k"]}]}}),
    );
    let v = serde_json::to_value(&s).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        vec![
            "annotations",
            "containers",
            "dry_run",
            "group",
            "images",
            "invalid_models",
            "kind",
            "labels",
            "models",
            "name",
            "namespace",
            "operation",
            "references",
            "runs_containers",
            "uid",
            "version"
        ]
    );
    assert_eq!(
        v["references"][0],
        json!({"source": "spec.predictor.model.storageUri", "via": "storageUri",
               "ref": format!("oci://r/m@sha256:{HEX}"), "scheme": "oci",
               "digest": digest(), "digest_kind": "oci"})
    );
    assert_eq!(
        v["references"][1],
        json!({"source": "spec.predictor.containers[c].args[0]", "via": "arg", "container": "c",
               "name": "--x", "ref": "s3://b/k", "scheme": "s3"})
    );
    assert_eq!(
        v["containers"][0],
        json!({"name": "c", "role": "container", "ref": "r/c:1", "command": [], "args": ["--x=s3://b/k"]})
    );
}
