//! Seldon Core v2 Models and Servers, and v1 SeldonDeployments.

use super::*;

#[test]
fn seldon_models_servers_and_deployments() {
    let s = summary(
        "mlops.seldon.io",
        "v1alpha1",
        "Model",
        json!({
            "metadata": {"name": "iris"},
            "spec": {"storageUri": "gs://seldon-models/iris", "requirements": ["sklearn"],
                     "parameters": [{"name": "uri", "value": "s3://evil/override"}]}
        }),
    );
    assert_eq!(
        refs(&s),
        vec![
            ("seldon-model", "spec.storageUri", "gs://seldon-models/iris"),
            ("parameter", "spec.parameters[uri]", "s3://evil/override"),
        ]
    );
    assert!(s.runs_containers);
    let s = summary(
        "mlops.seldon.io",
        "v1alpha1",
        "Server",
        json!({
            "metadata": {"name": "mlserver"},
            "spec": {"serverConfig": "mlserver",
                     "podSpec": {"containers": [{"name": "mlserver", "image": "seldonio/mlserver:1.6",
                                                 "env": [{"name": "MLSERVER_MODEL_URI", "value": "gs://evil/m"}]}]},
                     "imageOverrides": {"rclone": {"image": "r.example.com/rclone:1"}, "agent": {}}}
        }),
    );
    assert_eq!(
        refs(&s),
        vec![(
            "env",
            "spec.podSpec.containers[mlserver].env[MLSERVER_MODEL_URI]",
            "gs://evil/m"
        )]
    );
    let names: Vec<_> = s.containers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["mlserver", "rclone"]);
    let s = summary(
        "machinelearning.seldon.io",
        "v1",
        "SeldonDeployment",
        json!({
            "metadata": {"name": "iris"},
            "spec": {"predictors": [{
                "name": "default",
                "graph": {"name": "router", "type": "ROUTER", "children": [
                    {"name": "a", "modelUri": "gs://m/a", "storageInitializerImage": "r.example.com/init:1",
                     "children": [{"name": "b", "modelUri": "s3://m/b"}]}]},
                "componentSpecs": [{"metadata": {"name": "c"}, "spec": {"serviceAccountName": "seldon",
                    "containers": [{"name": "a", "image": "r.example.com/a:1"}]}}],
                "explainer": {"type": "AnchorTabular", "modelUri": "gs://m/explainer",
                              "containerSpec": {"name": "explainer", "image": "r.example.com/alibi:1",
                                                "args": ["--storage_uri=gs://evil/explainer"]}},
                "svcOrchSpec": {"env": [{"name": "SELDON_LOG_LEVEL", "value": "DEBUG"}]}
            }]}
        }),
    );
    assert_eq!(
        refs(&s),
        vec![
            (
                "seldon-graph",
                "spec.predictors[default].graph.children[a].modelUri",
                "gs://m/a"
            ),
            (
                "seldon-graph",
                "spec.predictors[default].graph.children[a].children[b].modelUri",
                "s3://m/b"
            ),
            (
                "seldon-explainer",
                "spec.predictors[default].explainer.modelUri",
                "gs://m/explainer"
            ),
            (
                "arg",
                "spec.predictors[default].explainer.containerSpec.args[0]",
                "gs://evil/explainer"
            ),
            (
                "env",
                "spec.predictors[default].svcOrchSpec.env[SELDON_LOG_LEVEL]",
                "DEBUG"
            ),
        ]
    );
    let containers: Vec<_> = s
        .containers
        .iter()
        .map(|c| (c.name.as_str(), c.role.as_str()))
        .collect();
    assert_eq!(
        containers,
        vec![
            ("a-model-initializer", "init"),
            ("a", "container"),
            ("explainer", "container")
        ]
    );
    assert_eq!(s.service_account.as_deref(), Some("seldon"));
}
