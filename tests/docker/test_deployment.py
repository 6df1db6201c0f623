"""The deployment files: Kubernetes manifests against the vendored Kubernetes JSON schemas
(kubernetes-validate), and the compose file's structure (replicas behind a proxy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

DOCKER = Path(__file__).resolve().parents[2] / "docker"
K8S = DOCKER / "k8s"
KUBERNETES = "1.30"


def _documents(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


MANIFESTS = sorted(p for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_each_manifest_is_valid_kubernetes(path: Path) -> None:
    for document in _documents(path):
        kubernetes_validate.validate(document, KUBERNETES, strict=True)


def test_a_broken_manifest_is_refused() -> None:
    deployment = _documents(K8S / "deployment.yaml")[0]
    deployment["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES, strict=True)


def test_the_deployment_probes_scales_and_takes_secrets_from_kubernetes() -> None:
    kinds = {(d["kind"], d["metadata"]["name"]): d for p in MANIFESTS for d in _documents(p)}
    deployment = kinds["Deployment", "frontdesk"]
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    secrets = {
        e["name"]: e["valueFrom"]["secretKeyRef"]["name"]
        for e in container["env"]
        if "valueFrom" in e
    }
    assert (
        secrets["FRONTDESK_SECRET_KEY"]
        == secrets["FRONTDESK_CHECKPOINT_URL"]
        == "frontdesk-secrets"
    )
    hpa = kinds["HorizontalPodAutoscaler", "frontdesk"]["spec"]
    assert hpa["metrics"][0]["resource"]["name"] == "cpu" and hpa["minReplicas"] >= 2
    assert hpa["scaleTargetRef"]["name"] == "frontdesk"
    service = kinds["Service", "frontdesk"]["spec"]
    assert service["selector"] == deployment["spec"]["selector"]["matchLabels"]
    assert kinds["Service", "postgres"]["spec"]["type"] == "ExternalName"  # outside the cluster
    kustomized = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    assert kustomized == {p.name for p in MANIFESTS if p.name != "secret.example.yaml"}


def test_compose_runs_replicas_behind_a_proxy_with_postgres_and_hapi() -> None:
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    services = compose["services"]
    assert {"hapi", "postgres", "redis", "app", "proxy"} <= services.keys()
    app = services["app"]
    assert app["deploy"]["replicas"] >= 2
    env = app["environment"]
    assert env["FRONTDESK_CHECKPOINT_URL"].startswith("postgresql://")
    assert env["FRONTDESK_FHIR_BASE_URL"] == "http://hapi:8080/fhir"
    assert env["FRONTDESK_REDIS_URL"].startswith("redis://")
    assert "ports" not in app  # only the proxy is published
    proxy = services["proxy"]
    assert "app" in proxy["depends_on"]
    mounted = proxy["volumes"][0].split(":")[0]
    config = (DOCKER / mounted).read_text()
    assert "proxy_pass http://frontdesk" in config and "server app:8000" in config
    for name, service in services.items():  # every dependency is a service of the file
        assert set(service.get("depends_on", {})) <= services.keys(), name
