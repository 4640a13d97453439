# Keeps the demo's simulated cluster (packages/kube-test-server, started by
# scripts/start.sh) in step with the demo hub: a pod with KubeSpawner's labels for every
# running workspace, created before the spawn and deleted at stop, so Atrium's cluster
# pages and a workspace's Diagnose panel see what they would see on a real cluster.
#
# DEMO ONLY. A real hub runs KubeSpawner, which makes the pods itself; nothing of this
# belongs on a z2jh or Nebari deployment. jupyterhub_config.py installs the hooks only
# when ATRIUM_DEMO_KUBE_URL is set (scripts/start.sh sets it when it starts the
# simulated cluster, never for a cluster given as ATRIUM_KUBE_URL).
#
# There is no scheduler in the simulated cluster, so this hook places the pod: a pod
# that asks for more GPUs than any node has (the demo's "gpu-4x" profile; the demo seed
# has one node with one nvidia.com/gpu) stays Pending with the default scheduler's
# FailedScheduling event, worded as kube-scheduler words it for that case (e.g. from
# kubernetes/kubernetes issues and the NVIDIA device plugin's docs):
#
#   0/4 nodes are available: 4 Insufficient nvidia.com/gpu. preemption: 0/4 nodes are
#   available: 4 No preemption victims found for incoming pod.
#
# and the spawn fails after ATRIUM_DEMO_KUBE_START_TIMEOUT seconds (default 3) with
# KubeSpawner's own message ("pod dev/jupyter-ada--x did not start in 3 seconds!").
# Unlike KubeSpawner, which deletes the pod of a failed spawn, the demo keeps it until
# the workspace is started again, so that Diagnose can show it. CPU and memory are not
# checked. Only the Python standard library is used (Debian's JupyterHub 3.0).
import asyncio
import hashlib
import json
import re
import ssl
import urllib.error
import urllib.request

# The hub-side profile list, as KubeSpawner's profile_list mirrors Atrium's
# workspaces.profiles (app-config.yaml): what each slug's pod asks for.
PROFILES = {
    "small": {"cpu": ("1500m", "2"), "memory": ("5G", "8G")},
    "medium": {"cpu": ("3", "4"), "memory": ("10G", "16G")},
    "gpu": {
        "cpu": ("6", "8"),
        "memory": ("24G", "32G"),
        "gpus": 1,
        "image": "quay.io/nebari/nebari-jupyterlab-gpu:2024.1.1",
        # profile_options.gpus: "two" asks for 2.
        "options": {"gpus": {"two": {"gpus": 2}}},
    },
    "gpu-4x": {
        "cpu": ("3", "4"),
        "memory": ("12G", "16G"),
        "gpus": 4,
        "image": "quay.io/nebari/nebari-jupyterlab-gpu:2024.1.1",
    },
}
DEFAULT_IMAGE = "quay.io/nebari/nebari-jupyterlab:2024.11.1"


class PodDidNotStart(Exception):
    """The spawn's failure, as KubeSpawner words its start timeout (not an OSError, so
    the hub config's guard against an unreachable simulated cluster lets it through)."""


def safe_label(name):
    """KubeSpawner 7's safe_slug(name, is_valid=is_valid_label) for label values."""
    valid = re.fullmatch(r"([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?", name)
    if valid and "--" not in name:
        return name
    digest = hashlib.sha256(name.encode("utf8")).hexdigest()[:8]
    safe = re.sub(r"[^a-z0-9]+", "-", name.lower()).lstrip("-")[:21].rstrip("-")
    if safe and not safe[0].isalpha():
        safe = "x-" + safe[:19]
    return f"{safe or 'x'}---{digest}"


class DemoCluster:
    def __init__(self, url, token, namespace="dev", start_timeout=3, log=None):
        self.url = url.rstrip("/")
        self.token = token
        self.namespace = namespace
        self.start_timeout = start_timeout
        self.log = log

    def _call(self, method, path, body=None):
        req = urllib.request.Request(
            self.url + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
            },
        )
        context = ssl.create_default_context() if self.url.startswith("https") else None
        try:
            with urllib.request.urlopen(req, timeout=5, context=context) as res:
                return json.loads(res.read() or b"null")
        except urllib.error.HTTPError as e:
            if e.code == 404 and method in ("GET", "DELETE"):
                return None
            raise

    async def call(self, method, path, body=None):
        # urllib blocks: off the hub's event loop.
        return await asyncio.to_thread(self._call, method, path, body)

    def pod_name(self, username, servername):
        # As the demo seed's pods are named (jupyter-ada--gpu-experiments); Atrium joins a
        # workspace to its pod by labels and annotations, not by this name.
        user_server = safe_label(username)
        if servername:
            user_server += "--" + safe_label(servername)
        return "jupyter-" + user_server.lower()

    def pod_spec(self, spawner):
        options = dict(spawner.user_options or {})
        profile = PROFILES.get(options.get("profile"), PROFILES["small"])
        gpus = profile.get("gpus", 0)
        for option, choices in profile.get("options", {}).items():
            gpus = choices.get(options.get(option), {}).get("gpus", gpus)
        (cpu_req, cpu_lim), (mem_req, mem_lim) = profile["cpu"], profile["memory"]
        limits = {"cpu": cpu_lim, "memory": mem_lim}
        if gpus:
            limits["nvidia.com/gpu"] = str(gpus)
        username, servername = spawner.user.name, spawner.name or ""
        return gpus, {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "name": self.pod_name(username, servername),
                "namespace": self.namespace,
                # KubeSpawner's labels and annotations (z2jh's singleuser pods).
                "labels": {
                    "app": "jupyterhub",
                    "component": "singleuser-server",
                    "heritage": "jupyterhub",
                    "release": "nebari",
                    "hub.jupyter.org/network-access-hub": "true",
                    "hub.jupyter.org/username": safe_label(username),
                    "hub.jupyter.org/servername": safe_label(servername),
                },
                "annotations": {
                    "hub.jupyter.org/username": username,
                    "hub.jupyter.org/servername": servername,
                    "nebari.dev/profile": options.get("profile", ""),
                },
            },
            "spec": {
                "containers": [
                    {
                        "name": "notebook",
                        "image": profile.get("image", DEFAULT_IMAGE),
                        "resources": {
                            # Extended resources: requests equal limits.
                            "requests": {
                                "cpu": cpu_req,
                                "memory": mem_req,
                                **({"nvidia.com/gpu": str(gpus)} if gpus else {}),
                            },
                            "limits": limits,
                        },
                    }
                ],
                "tolerations": [
                    {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}
                ]
                if gpus
                else [],
                "schedulerName": "default-scheduler",
            },
        }

    async def node_for(self, gpus):
        """A node that can hold the pod, or the scheduler's message why none can."""
        nodes = (await self.call("GET", "/api/v1/nodes") or {}).get("items", [])
        def gpus_of(node):
            return int(node["status"].get("allocatable", {}).get("nvidia.com/gpu", "0"))
        if gpus and all(gpus_of(n) < gpus for n in nodes):
            n = len(nodes)
            return None, (
                f"0/{n} nodes are available: {n} Insufficient nvidia.com/gpu. "
                f"preemption: 0/{n} nodes are available: {n} No preemption victims "
                "found for incoming pod."
            )
        fits = [n for n in nodes if gpus_of(n) >= gpus] if gpus else [
            n for n in nodes
            if n["metadata"].get("labels", {}).get("nebari.dev/node-group") == "user"
        ] or nodes
        return (fits[0]["metadata"]["name"] if fits else None), None

    async def pre_spawn(self, spawner):
        gpus, pod = self.pod_spec(spawner)
        name, ns = pod["metadata"]["name"], self.namespace
        path = f"/api/v1/namespaces/{ns}/pods"
        # A pod left from the last (failed) start of this workspace.
        await self.call("DELETE", f"{path}/{name}?gracePeriodSeconds=0")
        node, unschedulable = await self.node_for(gpus)
        now = _now()
        if unschedulable:
            pod["status"] = {
                "phase": "Pending",
                "conditions": [
                    {
                        "type": "PodScheduled",
                        "status": "False",
                        "reason": "Unschedulable",
                        "message": unschedulable,
                        "lastProbeTime": None,
                        "lastTransitionTime": now,
                    }
                ],
                "qosClass": "Burstable",
            }
            created = await self.call("POST", path, pod)
            await self.call(
                "POST",
                f"/api/v1/namespaces/{ns}/events",
                _event(created, "FailedScheduling", unschedulable, now),
            )
            await asyncio.sleep(self.start_timeout)
            # Kept for Diagnose (see above): post_stop leaves it.
            spawner.atrium_demo_keep_pod = True
            raise PodDidNotStart(
                f"pod {ns}/{name} did not start in {self.start_timeout} seconds!"
            )
        pod["spec"]["nodeName"] = node
        pod["status"] = _running_status(pod, now)
        await self.call("POST", path, pod)
        spawner.atrium_demo_keep_pod = False

    async def post_stop(self, spawner):
        if getattr(spawner, "atrium_demo_keep_pod", False):
            return
        name = self.pod_name(spawner.user.name, spawner.name or "")
        await self.call("DELETE", f"/api/v1/namespaces/{self.namespace}/pods/{name}")


def _now():
    import datetime

    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _event(pod, reason, message, now):
    meta = pod["metadata"]
    return {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"generateName": meta["name"] + ".", "namespace": meta["namespace"]},
        "involvedObject": {
            "kind": "Pod",
            "namespace": meta["namespace"],
            "name": meta["name"],
            "uid": meta["uid"],
            "apiVersion": "v1",
            "resourceVersion": meta.get("resourceVersion"),
        },
        "reason": reason,
        "message": message,
        "source": {"component": "default-scheduler"},
        "firstTimestamp": now,
        "lastTimestamp": now,
        "count": 1,
        "type": "Warning",
        "eventTime": None,
        "reportingComponent": "default-scheduler",
        "reportingInstance": "",
    }


def _running_status(pod, now):
    container = pod["spec"]["containers"][0]
    condition = lambda t: {"type": t, "status": "True", "lastProbeTime": None, "lastTransitionTime": now}
    return {
        "phase": "Running",
        "conditions": [condition(t) for t in ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")],
        "startTime": now,
        "containerStatuses": [
            {
                "name": container["name"],
                "image": container["image"],
                "ready": True,
                "started": True,
                "restartCount": 0,
                "state": {"running": {"startedAt": now}},
                "lastState": {},
            }
        ],
        "qosClass": "Burstable",
    }
