"""Atrium data access, hub side: gives a workspace exactly the data the portal granted.

The portal (the data-access plugin) puts a signed list of data sources in the spawn
request's user_options under "atrium_data":

    {"payload": "<JSON>", "signature": "<hex HMAC-SHA256 of payload>"}

where the payload is {"v": 1, "user", "server", "expiresAt", "sources": [...]} (see
plugins/data-access-common/src/types.ts, LaunchDataPayload). Anyone who may call the
hub's API can put anything in user_options, so the list is applied only when its
signature is right under the key the portal and the hub share, it names the user and
server being spawned, and it has not expired; otherwise the spawn fails.

Call `apply(spawner, signing_key)` from the hub's pre_spawn_hook on EVERY spawn: it also
takes back what an earlier start of the same server was given (JupyterHub keeps one
spawner object per server across starts). With KubeSpawner, set `modify_pod` as the
modify_pod_hook too: the chosen profile is applied after pre_spawn_hook and may replace
the lists `apply` added to.

- KubeSpawner (z2jh, Nebari): a shared folder becomes a volume and a volume mount
  (readOnly for a read grant, subPath when set), plain variables go to `environment`,
  Secrets reach the notebook container as `envFrom` secretRefs (by name: the hub never
  reads them) through `extra_container_config`.
- The local demo and test hub (SimpleLocalProcessSpawner, as root), with
  `local_data_root`: a shared folder is the directory <local_data_root>/<claimName or
  nfs path>/<subPath>, bind-mounted (read-only for a read grant) at ~/<mountPath> in a
  private mount namespace of the server's process (unshare).

Python 3 standard library only.
"""

import copy
import hashlib
import hmac
import json
import os
import shlex
from datetime import datetime, timezone

USER_OPTION = "atrium_data"
_BASE = "_atrium_data_base"
_SOURCES = "_atrium_data_sources"


class DataAccessRefused(Exception):
    """The spawn fails with this message (JupyterHub shows it as the spawn's failure)."""


def verify(signed, signing_key, user, server, now=None):
    """The payload of a signed atrium_data entry, once it is genuine and for this spawn."""
    if not signing_key:
        raise DataAccessRefused(
            "data access: the spawn request carries data, but this hub has no signing "
            "key (ATRIUM_HUB_DATA_SIGNING_KEY) to check it"
        )
    if (
        not isinstance(signed, dict)
        or not isinstance(signed.get("payload"), str)
        or not isinstance(signed.get("signature"), str)
    ):
        raise DataAccessRefused("data access: atrium_data must be {payload, signature}")
    expected = hmac.new(
        signing_key.encode("utf-8"), signed["payload"].encode("utf-8"), hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, signed["signature"].lower()):
        raise DataAccessRefused(
            "data access: the data list is not signed by the portal (bad signature)"
        )
    payload = json.loads(signed["payload"])
    if payload.get("v") != 1:
        raise DataAccessRefused(f"data access: unknown payload version {payload.get('v')!r}")
    if payload.get("user") != user or payload.get("server") != server:
        raise DataAccessRefused(
            f"data access: the data list is for {payload.get('user')}/{payload.get('server')}, "
            f"not {user}/{server}"
        )
    expires = datetime.fromisoformat(str(payload.get("expiresAt", "")).replace("Z", "+00:00"))
    if expires <= (now or datetime.now(timezone.utc)):
        raise DataAccessRefused(
            f"data access: the data list expired at {payload['expiresAt']}: start the "
            "workspace again from the portal"
        )
    return payload


def _restore_base(spawner, names):
    """Puts back the spawner's own values of `names` before this start adds to them."""
    base = getattr(spawner, _BASE, None)
    if base is None:
        base = {name: copy.deepcopy(getattr(spawner, name)) for name in names}
        setattr(spawner, _BASE, base)
    for name, value in base.items():
        # New objects every time: the config's list or dict may be shared by all spawners.
        setattr(spawner, name, copy.deepcopy(value))


def _sub_path(source):
    volume = source.get("volume") or {}
    return source.get("subPath") or volume.get("subPath") or ""


def _kube_objects(sources):
    """The volumes, mounts, variables and envFrom entries of the sources."""
    volumes, mounts, environment, env_from = [], [], {}, []
    for source in sources:
        if source.get("volume") and source.get("mountPath"):
            name = source["volume"].get("name") or f"atrium-data-{source['name']}"
            volume = {k: v for k, v in source["volume"].items() if k != "subPath"}
            volume["name"] = name
            volumes.append(volume)
            mount = {
                "name": name,
                "mountPath": source["mountPath"],
                "readOnly": source.get("access") != "read-write",
            }
            if _sub_path(source):
                mount["subPath"] = _sub_path(source)
            mounts.append(mount)
        environment.update(source.get("env") or {})
        env_from.extend({"secretRef": {"name": s}} for s in source.get("secretNames") or [])
    return volumes, mounts, environment, env_from


def _apply_kubespawner(spawner, sources):
    volumes, mounts, environment, env_from = _kube_objects(sources)
    if isinstance(spawner.volumes, dict):  # KubeSpawner 6+ also takes them keyed by name
        spawner.volumes = {**spawner.volumes, **{v["name"]: v for v in volumes}}
    else:
        spawner.volumes = [*spawner.volumes, *volumes]
    if isinstance(spawner.volume_mounts, dict):
        spawner.volume_mounts = {**spawner.volume_mounts, **{m["name"]: m for m in mounts}}
    else:
        spawner.volume_mounts = [*spawner.volume_mounts, *mounts]
    spawner.environment = {**spawner.environment, **environment}
    container = dict(spawner.extra_container_config)
    if env_from:
        existing = list(container.pop("envFrom", None) or container.pop("env_from", None) or [])
        container["envFrom"] = existing + env_from
    spawner.extra_container_config = container


def _field(obj, snake, camel=None):
    """A field of a kubernetes client model or of a plain dict."""
    if isinstance(obj, dict):
        return obj.get(camel or snake, obj.get(snake))
    return getattr(obj, snake, None)


def modify_pod(spawner, pod):
    """KubeSpawner's modify_pod_hook: adds what `apply` gave but the pod lacks.

    KubeSpawner applies the chosen profile after pre_spawn_hook, and a profile whose
    kubespawner_override sets a list (Nebari's set `volumes` and `volume_mounts` for the
    shared folders) replaces what `apply` added. This puts the data sources into the
    pod itself, once: what is there already (by volume, mount, variable or Secret name)
    is left as it is.
    """
    sources = getattr(spawner, _SOURCES, None) or []
    if not sources:
        return pod
    volumes, mounts, environment, env_from = _kube_objects(sources)
    spec = pod.spec
    containers = spec.containers or []
    notebook = next((c for c in containers if c.name == "notebook"), containers[0])
    have_volumes = {_field(v, "name") for v in spec.volumes or []}
    spec.volumes = list(spec.volumes or []) + [v for v in volumes if v["name"] not in have_volumes]
    have_mounts = {_field(m, "mount_path", "mountPath") for m in notebook.volume_mounts or []}
    notebook.volume_mounts = list(notebook.volume_mounts or []) + [
        m for m in mounts if m["mountPath"] not in have_mounts
    ]
    have_env = {_field(e, "name") for e in notebook.env or []}
    notebook.env = list(notebook.env or []) + [
        {"name": k, "value": v} for k, v in environment.items() if k not in have_env
    ]
    have_secrets = {
        _field(_field(e, "secret_ref", "secretRef") or {}, "name") for e in notebook.env_from or []
    }
    notebook.env_from = list(notebook.env_from or []) + [
        e for e in env_from if e["secretRef"]["name"] not in have_secrets
    ]
    return pod


def _local_folder(root, source):
    volume = source.get("volume") or {}
    if "persistentVolumeClaim" in volume:
        base = volume["persistentVolumeClaim"]["claimName"]
    elif "nfs" in volume:
        base = volume["nfs"]["path"]
    else:
        raise DataAccessRefused(f"data access: {source['name']}: no volume this hub can mount")
    volume_folder = os.path.join(root, base.lstrip("/"))
    relative = os.path.normpath(os.path.join(base.lstrip("/"), _sub_path(source)))
    if relative.startswith(".."):
        raise DataAccessRefused(f"data access: {source['name']}: the folder leaves the data root")
    if not os.path.isdir(volume_folder):
        raise DataAccessRefused(
            f"data access: {source['name']}: no folder {volume_folder} on this hub"
        )
    # As the kubelet does for a subPath: a group's shared folder exists once mounted.
    folder = os.path.join(root, relative)
    os.makedirs(folder, exist_ok=True)
    return folder


def _apply_local(spawner, sources, root):
    home = spawner.home_dir
    steps = []
    environment = dict(spawner.environment)
    for source in sources:
        environment.update(source.get("env") or {})
        if not (source.get("volume") and source.get("mountPath")):
            continue
        target = os.path.normpath(os.path.join(home, source["mountPath"].lstrip("/")))
        if not target.startswith(home.rstrip("/") + "/"):
            raise DataAccessRefused(f"data access: {source['name']}: mount path outside the home")
        folder = shlex.quote(_local_folder(root, source))
        read_only = "-o ro " if source.get("access") != "read-write" else ""
        steps.append(
            f"mkdir -p {shlex.quote(target)} && mount --bind {read_only}{folder} {shlex.quote(target)}"
        )
    spawner.environment = environment
    if steps:
        # A private mount namespace for the server's process: the mounts are seen by it
        # (and the kernels it starts) only, and go when it ends.
        script = "set -e; " + "; ".join(steps) + '; exec "$@"'
        spawner.cmd = [
            "/usr/bin/unshare", "--mount", "--propagation", "private", "--",
            "/bin/sh", "-c", script, "sh", *spawner.cmd,
        ]


def apply(spawner, signing_key, local_data_root=None, now=None):
    """Applies (and removes from user_options) the signed data list of this spawn.

    Returns the sources applied. Raises DataAccessRefused (which fails the spawn) for a
    list that is not genuine, not for this user and server, or expired.
    """
    local = bool(local_data_root)
    kube = not local and hasattr(spawner, "volume_mounts")
    if local:
        _restore_base(spawner, ["cmd", "environment"])
    elif kube:
        _restore_base(
            spawner, ["volumes", "volume_mounts", "environment", "extra_container_config"]
        )
    setattr(spawner, _SOURCES, [])
    options = dict(spawner.user_options or {})
    signed = options.pop(USER_OPTION, None)
    spawner.user_options = options
    if signed is None:
        return []
    payload = verify(signed, signing_key, spawner.user.name, spawner.name, now)
    sources = payload.get("sources") or []
    setattr(spawner, _SOURCES, sources)
    if local:
        _apply_local(spawner, sources, os.path.abspath(local_data_root))
    elif kube:
        _apply_kubespawner(spawner, sources)
    else:
        raise DataAccessRefused(
            "data access: this hub's spawner cannot mount data (KubeSpawner, or a local "
            "data root on the demo hub)"
        )
    spawner.log.info(
        "data access: %s gets %s",
        spawner._log_name,
        ", ".join(f"{s['name']} ({s.get('access')})" for s in sources) or "no data",
    )
    return sources
