//! The kinds the webhook knows and where each keeps its containers and models: pod templates,
//! KServe, Seldon.

use super::envelope::GroupVersionKind;
use super::summary::{ContainerInfo, DecodeError, Image};
use super::uri::image_digest;
use super::walk::{Cx, Obj, Parse, ROLE_CONTAINER, ROLE_INIT};
use serde_json::Value;

/// The kinds the webhook knows, by where their containers and models are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// `spec` is the pod spec.
    Pod,
    /// Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, ReplicationControllers:
    /// `spec.template`.
    Template,
    /// A PodTemplate: `template`.
    PodTemplate,
    /// `spec.jobTemplate.spec.template`.
    CronJob,
    /// KServe InferenceService: v1beta1 components, and the KFServing `default`/`canary`
    /// endpoints.
    InferenceService,
    /// KServe TrainedModel: a model loaded into a running InferenceService.
    TrainedModel,
    /// KServe ServingRuntime and ClusterServingRuntime.
    ServingRuntime,
    /// KServe LLMInferenceService and LLMInferenceServiceConfig.
    LlmInferenceService,
    /// KServe LocalModelCache and LocalModelNamespaceCache: a model downloaded to nodes.
    LocalModelCache,
    /// KServe ClusterStorageContainer: the container that downloads models.
    StorageContainer,
    /// Seldon Core v2 Model.
    SeldonModel,
    /// Seldon Core v2 Server and ServerConfig: `spec.podSpec`.
    SeldonServer,
    /// Seldon Core v1 SeldonDeployment.
    SeldonDeployment,
}

pub(super) const KSERVE: &str = "serving.kserve.io";
/// KServe's former API group (KFServing).
pub(super) const KFSERVING: &str = "serving.kubeflow.org";

impl Workload {
    pub fn of(gvk: &GroupVersionKind) -> Option<Workload> {
        let w = match (gvk.group.as_str(), gvk.kind.as_str()) {
            ("", "Pod") => Workload::Pod,
            ("", "ReplicationController")
            | ("apps", "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet")
            | ("batch", "Job") => Workload::Template,
            ("", "PodTemplate") => Workload::PodTemplate,
            ("batch", "CronJob") => Workload::CronJob,
            (KSERVE | KFSERVING, "InferenceService") => Workload::InferenceService,
            (KSERVE | KFSERVING, "TrainedModel") => Workload::TrainedModel,
            (KSERVE, "ServingRuntime" | "ClusterServingRuntime") => Workload::ServingRuntime,
            (KSERVE, "LLMInferenceService" | "LLMInferenceServiceConfig") => {
                Workload::LlmInferenceService
            }
            (KSERVE, "LocalModelCache" | "LocalModelNamespaceCache") => Workload::LocalModelCache,
            (KSERVE, "ClusterStorageContainer") => Workload::StorageContainer,
            ("mlops.seldon.io", "Model") => Workload::SeldonModel,
            ("mlops.seldon.io", "Server" | "ServerConfig") => Workload::SeldonServer,
            ("machinelearning.seldon.io", "SeldonDeployment") => Workload::SeldonDeployment,
            _ => return None,
        };
        Some(w)
    }
}

/// The container a KServe model spec configures.
const KSERVE_CONTAINER: &str = "kserve-container";
/// The components of an InferenceService (and of a KFServing endpoint), in key order.
const COMPONENTS: [&str; 3] = ["explainer", "predictor", "transformer"];
/// Keys of a KServe component whose object is a model spec even without a storage field.
const FRAMEWORKS: [&str; 17] = [
    "model",
    "sklearn",
    "xgboost",
    "tensorflow",
    "pytorch",
    "triton",
    "onnx",
    "huggingface",
    "pmml",
    "lightgbm",
    "paddle",
    "catboost",
    "tensorrt",
    "custom",
    "art",
    "alibi",
    "aix",
];
/// Keys of a KServe component whose object is never a model spec: `logger.storage` is where
/// request logs go, and labels and annotations may hold any key.
const NOT_MODEL_SPECS: [&str; 7] = [
    "logger",
    "labels",
    "annotations",
    "nodeSelector",
    "workerSpec",
    "batcher",
    "autoScaling",
];
/// Fields that make any other object of a KServe component a model spec.
const MODEL_FIELDS: [&str; 8] = [
    "storageUri",
    "storageUris",
    "storage",
    "container",
    "image",
    "env",
    "args",
    "command",
];

impl<'v> Cx<'v> {
    pub(super) fn workload(&mut self, w: Workload, o: &'v Obj) -> Result<(), DecodeError> {
        if w == Workload::PodTemplate {
            return self.pod_template(o, "template");
        }
        let Some(spec) = self.object(o, "spec")? else {
            return Ok(());
        };
        let n = self.key("spec");
        match w {
            Workload::Pod => self.pod_spec(spec)?,
            Workload::Template => self.pod_template(spec, "template")?,
            Workload::PodTemplate => {}
            Workload::CronJob => {
                if let Some(job) = self.object(spec, "jobTemplate")? {
                    let k = self.key("jobTemplate");
                    if let Some(m) = self.object(job, "metadata")? {
                        self.metas.push((self.at("metadata"), m));
                    }
                    if let Some(js) = self.object(job, "spec")? {
                        let j = self.key("spec");
                        self.pod_template(js, "template")?;
                        self.back(j);
                    }
                    self.back(k);
                }
            }
            Workload::InferenceService => self.inference_service(spec)?,
            Workload::TrainedModel => {
                if let Some(m) = self.object(spec, "model")? {
                    let k = self.key("model");
                    self.reference_at(m, "storageUri", "trained-model")?;
                    self.back(k);
                }
            }
            Workload::ServingRuntime => {
                self.pod_spec(spec)?;
                self.pod_specs_at(spec, &["workerSpec"])?;
                if let Some(adapter) = self.object(spec, "builtInAdapter")? {
                    let k = self.key("builtInAdapter");
                    self.env(adapter, None)?;
                    self.back(k);
                }
            }
            Workload::LlmInferenceService => self.llm_inference_service(spec)?,
            Workload::LocalModelCache => {
                self.reference_at(spec, "sourceModelUri", "local-model-cache")?
            }
            Workload::StorageContainer => {
                if let Some(c) = self.object(spec, "container")? {
                    let k = self.key("container");
                    let name = self
                        .string(c, "name")?
                        .filter(|s| !s.is_empty())
                        .unwrap_or("storage-initializer");
                    self.container(c, ROLE_INIT, name, true)?;
                    self.back(k);
                }
            }
            Workload::SeldonModel => {
                self.reference_at(spec, "storageUri", "seldon-model")?;
                self.parameters(spec)?;
            }
            Workload::SeldonServer => {
                self.pod_specs_at(spec, &["podSpec"])?;
                if let Some(overrides) = self.object(spec, "imageOverrides")? {
                    let k = self.key("imageOverrides");
                    for name in ["agent", "rclone"] {
                        if let Some(c) = self.object(overrides, name)? {
                            let j = self.key(name);
                            self.container(c, ROLE_CONTAINER, name, false)?;
                            self.back(j);
                        }
                    }
                    self.back(k);
                }
            }
            Workload::SeldonDeployment => self.seldon_deployment(spec)?,
        }
        self.back(n);
        Ok(())
    }

    fn inference_service(&mut self, spec: &'v Obj) -> Result<(), DecodeError> {
        for (key, v) in spec {
            let component = COMPONENTS.contains(&key.as_str());
            match v {
                Value::Object(o) => {
                    let n = self.key(key);
                    if !component && COMPONENTS.iter().any(|c| o.contains_key(*c)) {
                        // KFServing's `default` and `canary` endpoints.
                        self.endpoint(o)?;
                    } else {
                        self.component(o)?;
                    }
                    self.back(n);
                }
                // v1beta1 `canary: [{predictor, trafficPercent}]`.
                Value::Array(items) if !component => {
                    let n = self.key(key);
                    for (i, item) in items.iter().enumerate() {
                        if let Value::Object(o) = item {
                            let m = self.item("", i);
                            self.endpoint(o)?;
                            self.back(m);
                        }
                    }
                    self.back(n);
                }
                Value::Null => {}
                _ if component || key == "default" => {
                    return Err(self.wrong(key, "an object", v));
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn endpoint(&mut self, o: &'v Obj) -> Result<(), DecodeError> {
        for key in COMPONENTS {
            if let Some(c) = self.object(o, key)? {
                let n = self.key(key);
                self.component(c)?;
                self.back(n);
            }
        }
        Ok(())
    }

    /// A KServe component: its storage fields, its model specs, its pod spec and worker spec.
    fn component(&mut self, o: &'v Obj) -> Result<(), DecodeError> {
        self.storage_fields(o)?;
        for (key, v) in o {
            let framework = FRAMEWORKS.contains(&key.as_str());
            match v {
                Value::Object(m)
                    if framework
                        || (!NOT_MODEL_SPECS.contains(&key.as_str())
                            && MODEL_FIELDS.iter().any(|f| m.contains_key(*f))) =>
                {
                    let n = self.key(key);
                    self.model_spec(m)?;
                    self.back(n);
                }
                Value::Null | Value::Object(_) => {}
                _ if framework => return Err(self.wrong(key, "an object", v)),
                _ => {}
            }
        }
        self.pod_specs_at(o, &["workerSpec"])?;
        self.pod_spec(o)
    }

    /// A KServe model spec: storage fields, and the container it configures.
    fn model_spec(&mut self, m: &'v Obj) -> Result<(), DecodeError> {
        self.storage_fields(m)?;
        if let Some(c) = self.object(m, "container")? {
            let n = self.key("container");
            let name = self
                .string(c, "name")?
                .filter(|s| !s.is_empty())
                .unwrap_or(KSERVE_CONTAINER);
            self.container(c, ROLE_CONTAINER, name, true)?;
            self.back(n);
        }
        let name = self
            .string(m, "name")?
            .filter(|s| !s.is_empty())
            .unwrap_or(KSERVE_CONTAINER);
        self.container(m, ROLE_CONTAINER, name, false)
    }

    fn storage_fields(&mut self, o: &'v Obj) -> Result<(), DecodeError> {
        self.reference_at(o, "storageUri", "storageUri")?;
        let uris = self.list(o, "storageUris")?;
        let n = self.key("storageUris");
        for (i, v) in uris.iter().enumerate() {
            let (u, _, m) = self.enter(v, i, "")?;
            self.reference_at(u, "uri", "storageUris")?;
            self.back(m);
        }
        self.back(n);
        if let Some(st) = self.object(o, "storage")? {
            let n = self.key("storage");
            let key = match self.string(st, "key")? {
                Some(k) => k,
                None => self.string(st, "storageKey")?.unwrap_or(""),
            };
            let path = self.string(st, "path")?.unwrap_or("");
            self.reference(
                "storage",
                None,
                None,
                &format!("storage:{key}/{path}"),
                Parse::Storage,
            );
            self.back(n);
        }
        Ok(())
    }

    fn llm_inference_service(&mut self, spec: &'v Obj) -> Result<(), DecodeError> {
        if let Some(m) = self.object(spec, "model")? {
            let n = self.key("model");
            self.llm_model(m, "llm-model")?;
            self.back(n);
        }
        self.pod_specs_at(spec, &["template", "worker"])?;
        if let Some(prefill) = self.object(spec, "prefill")? {
            let n = self.key("prefill");
            self.pod_specs_at(prefill, &["template", "worker"])?;
            self.back(n);
        }
        if let Some(router) = self.object(spec, "router")? {
            let n = self.key("router");
            if let Some(scheduler) = self.object(router, "scheduler")? {
                let k = self.key("scheduler");
                self.pod_specs_at(scheduler, &["template"])?;
                if let Some(tokenizer) = self.object(scheduler, "tokenizer")? {
                    let j = self.key("tokenizer");
                    self.pod_specs_at(tokenizer, &["template"])?;
                    self.back(j);
                }
                self.back(k);
            }
            self.back(n);
        }
        Ok(())
    }

    fn llm_model(&mut self, m: &'v Obj, via: &str) -> Result<(), DecodeError> {
        self.reference_at(m, "uri", via)?;
        if let Some(lora) = self.object(m, "lora")? {
            let n = self.key("lora");
            let adapters = self.list(lora, "adapters")?;
            let k = self.key("adapters");
            for (i, v) in adapters.iter().enumerate() {
                let (a, _, j) = self.enter(v, i, "name")?;
                self.llm_model(a, "lora-adapter")?;
                self.back(j);
            }
            self.back(k);
            self.back(n);
        }
        Ok(())
    }

    /// Seldon `parameters: [{name, value}]`, each a candidate like an env var.
    fn parameters(&mut self, o: &'v Obj) -> Result<(), DecodeError> {
        let list = self.list(o, "parameters")?;
        let n = self.key("parameters");
        for (i, v) in list.iter().enumerate() {
            let (p, name, m) = self.enter(v, i, "name")?;
            if let Some(value) = self.string(p, "value")? {
                self.reference("parameter", None, Some(name), value, Parse::Uri);
            }
            self.back(m);
        }
        self.back(n);
        Ok(())
    }

    fn seldon_deployment(&mut self, spec: &'v Obj) -> Result<(), DecodeError> {
        let predictors = self.list(spec, "predictors")?;
        let n = self.key("predictors");
        for (i, v) in predictors.iter().enumerate() {
            let (p, _, m) = self.enter(v, i, "name")?;
            if let Some(graph) = self.object(p, "graph")? {
                let k = self.key("graph");
                self.seldon_unit(graph)?;
                self.back(k);
            }
            let specs = self.list(p, "componentSpecs")?;
            let k = self.key("componentSpecs");
            for (j, v) in specs.iter().enumerate() {
                let (c, _, mark) = self.enter(v, j, "")?;
                self.pod_specs_at(c, &["spec"])?;
                self.back(mark);
            }
            self.back(k);
            if let Some(explainer) = self.object(p, "explainer")? {
                let k = self.key("explainer");
                self.reference_at(explainer, "modelUri", "seldon-explainer")?;
                if let Some(c) = self.object(explainer, "containerSpec")? {
                    let j = self.key("containerSpec");
                    let name = self
                        .string(c, "name")?
                        .filter(|s| !s.is_empty())
                        .unwrap_or("explainer");
                    self.container(c, ROLE_CONTAINER, name, false)?;
                    self.back(j);
                }
                self.initializer_image(explainer, "explainer")?;
                self.back(k);
            }
            if let Some(orchestrator) = self.object(p, "svcOrchSpec")? {
                let k = self.key("svcOrchSpec");
                self.env(orchestrator, Some("seldon-container-engine"))?;
                self.back(k);
            }
            self.back(m);
        }
        self.back(n);
        Ok(())
    }

    /// A SeldonDeployment graph node and its children.
    fn seldon_unit(&mut self, unit: &'v Obj) -> Result<(), DecodeError> {
        self.reference_at(unit, "modelUri", "seldon-graph")?;
        self.parameters(unit)?;
        let name = self.string(unit, "name")?.unwrap_or("");
        self.initializer_image(unit, name)?;
        let children = self.list(unit, "children")?;
        let n = self.key("children");
        for (i, v) in children.iter().enumerate() {
            let (child, _, m) = self.enter(v, i, "name")?;
            self.seldon_unit(child)?;
            self.back(m);
        }
        self.back(n);
        Ok(())
    }

    /// Seldon's `storageInitializerImage`: the init container that downloads `modelUri`.
    fn initializer_image(&mut self, o: &'v Obj, unit: &str) -> Result<(), DecodeError> {
        let Some(image) = self
            .string(o, "storageInitializerImage")?
            .filter(|i| !i.is_empty())
        else {
            return Ok(());
        };
        let name = format!("{unit}-model-initializer");
        let digest = image_digest(image);
        self.images.push(Image {
            container: name.clone(),
            reference: image.to_string(),
            digest: digest.clone(),
            pinned: digest.is_some(),
        });
        self.containers.push(ContainerInfo {
            name,
            role: ROLE_INIT.to_string(),
            image: image.to_string(),
            digest,
            command: Vec::new(),
            args: Vec::new(),
        });
        Ok(())
    }
}
