# JupyterHub configuration shared by Atrium's integration tests
# (packages/test-utils/src/jupyterhub.ts) and the local demo.
#
# Written for Debian's JupyterHub 3.0.0 (/usr/bin/jupyterhub). Everything that differs
# between a test run and the demo comes from environment variables:
#
#   ATRIUM_HUB_STATE_DIR          required: sqlite db, cookie secret, pid files, user homes
#   ATRIUM_HUB_SERVICE_TOKEN      required: API token of the "portal" service (the portal's
#                                 backend talks to the hub with it)
#   ATRIUM_HUB_PORT               public proxy port (default 18000)
#   ATRIUM_HUB_API_PORT           port the hub itself binds, hub_bind_url (default 18081)
#   ATRIUM_HUB_PROXY_API_PORT     configurable-http-proxy's REST API port (default 18001)
#   ATRIUM_HUB_ACTIVITY_INTERVAL  seconds between activity reports (default 10)
#   ATRIUM_HUB_PROXY_AUTH_TOKEN   proxy API token (default: random on every start)
#   ATRIUM_HUB_FAIL_PROFILE       optional: a profile slug whose spawns always fail
#   ATRIUM_HUB_SLOW_SPAWN_TIMEOUT seconds the spawn POST waits before answering 202
#                                 (default 0; "hub" for JupyterHub's own default, 10 s)
#   ATRIUM_HUB_KEEP_SERVERS       1: servers keep running across a hub restart, as with
#                                 KubeSpawner (default 0: the hub stops them on shutdown)
#   ATRIUM_HUB_SLOW_CHECK_SECONDS seconds a restarted hub's first poll of each server
#                                 takes (default 0), to show servers pending "check"
#   ATRIUM_HUB_INIT_SPAWNERS_TIMEOUT  JupyterHub's init_spawners_timeout (default 10)
#   ATRIUM_HUB_PORTAL_SCOPES      comma-separated scopes of the portal service instead of
#                                 the defaults below (tests of the least set)
#   ATRIUM_HUB_DATA_SIGNING_KEY   the key the portal signs a workspace's data list with
#                                 (dataAccess.launchSigningKey); without it, a spawn that
#                                 carries data fails (atrium_data_access.py)
#   ATRIUM_HUB_DATA_ROOT          the local folder standing for the cluster's volumes: a
#                                 shared-folder source is <root>/<claimName or nfs
#                                 path>/<subPath>, mounted at ~/<mountPath> (dev/data)
#   ATRIUM_DEMO_KUBE_URL          demo only: the simulated cluster (kube-test-server) in
#                                 which a pod with KubeSpawner's labels is kept per running
#                                 server (demo_cluster.py); ATRIUM_DEMO_KUBE_TOKEN its token,
#                                 ATRIUM_DEMO_KUBE_START_TIMEOUT seconds an unschedulable
#                                 pod waits before its spawn fails (default 3)
#
# Start it by full path, as pyenv's python comes first on PATH on the project's machines:
#
#   ATRIUM_HUB_STATE_DIR=/tmp/atrium-hub ATRIUM_HUB_SERVICE_TOKEN=... \
#     /usr/bin/jupyterhub -f dev/jupyterhub/jupyterhub_config.py
#
# SimpleLocalProcessSpawner gives every user a plain local process and no isolation at all:
# this file is for tests and demos only, never for a real deployment.
import os
import secrets

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)


def _required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise SystemExit(f"{name} must be set (see dev/jupyterhub/jupyterhub_config.py)")
    return value


def _int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {value!r}")


state_dir = os.path.abspath(_required("ATRIUM_HUB_STATE_DIR"))
os.makedirs(state_dir, exist_ok=True)
service_token = _required("ATRIUM_HUB_SERVICE_TOKEN")
# JupyterHub 3.0 refuses API tokens shorter than 8 characters, but only after it has
# created the db ("ValueError: Tokens must be at least 8 characters"); say so up front.
if len(service_token) < 8:
    raise SystemExit("ATRIUM_HUB_SERVICE_TOKEN must be at least 8 characters")
hub_port = _int("ATRIUM_HUB_PORT", 18000)
hub_api_port = _int("ATRIUM_HUB_API_PORT", 18081)
proxy_api_port = _int("ATRIUM_HUB_PROXY_API_PORT", 18001)
activity_interval = _int("ATRIUM_HUB_ACTIVITY_INTERVAL", 10)
fail_profile = os.environ.get("ATRIUM_HUB_FAIL_PROFILE", "").strip()
slow_spawn_timeout = os.environ.get("ATRIUM_HUB_SLOW_SPAWN_TIMEOUT", "").strip()
keep_servers = os.environ.get("ATRIUM_HUB_KEEP_SERVERS", "").strip() == "1"
slow_check_seconds = _int("ATRIUM_HUB_SLOW_CHECK_SECONDS", 0)
init_spawners_timeout = _int("ATRIUM_HUB_INIT_SPAWNERS_TIMEOUT", 10)
portal_scopes = [
    s.strip()
    for s in os.environ.get("ATRIUM_HUB_PORTAL_SCOPES", "").split(",")
    if s.strip()
]

# --- Network: everything on loopback only. ----------------------------------------------
# Public entry point (configurable-http-proxy): the portal and browsers use this URL.
c.JupyterHub.bind_url = f"http://127.0.0.1:{hub_port}"
# The hub process itself (API, OAuth); the proxy forwards /hub/ to it and single-user
# servers call it directly.
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{hub_api_port}"

# --- Proxy: the hub starts and stops configurable-http-proxy itself. ---------------------
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{proxy_api_port}"
# Random per start: only this hub and the proxy it starts need to know it. A fixed token
# would let anything on the machine rewrite the routes of a test's hub.
c.ConfigurableHTTPProxy.auth_token = os.environ.get(
    "ATRIUM_HUB_PROXY_AUTH_TOKEN", ""
).strip() or secrets.token_hex(32)
# Debian's proxy script starts with "#!/usr/bin/env node", so it would run under whichever
# Node comes first on PATH (Node 22 from .toolchain/ when started from the repo's
# scripts). Run it with Debian's own Node, which the package depends on and was built for.
_debian_node = "/usr/bin/node"
c.ConfigurableHTTPProxy.command = (
    [_debian_node, "/usr/bin/configurable-http-proxy"]
    if os.path.exists(_debian_node)
    else ["/usr/bin/configurable-http-proxy"]
)
# Debian installs the proxy's Node modules in /usr/share/nodejs, outside Node's default
# search path; the proxy inherits the hub's environment.
os.environ.setdefault("NODE_PATH", "/usr/share/nodejs")
# The default pid file is ./jupyterhub-proxy.pid in the working directory; keep it in the
# state dir so that a restart finds (and ends) a proxy left behind by a killed hub.
c.ConfigurableHTTPProxy.pid_file = os.path.join(state_dir, "proxy.pid")

# --- State: all files in the state dir, nothing in the working directory. ---------------
c.JupyterHub.db_url = "sqlite:///" + os.path.join(state_dir, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(state_dir, "cookie_secret")
c.JupyterHub.pid_file = os.path.join(state_dir, "jupyterhub.pid")
# On shutdown (SIGTERM) the hub stops every single-user server (this is the default,
# spelled out because the tests rely on it): a hub restart keeps the server records in
# the db, but the servers themselves are stopped, not resumed. With
# ATRIUM_HUB_KEEP_SERVERS=1 they keep running and the restarted hub polls them, as a
# hub with KubeSpawner does.
c.JupyterHub.cleanup_servers = not keep_servers
c.JupyterHub.init_spawners_timeout = init_spawners_timeout
c.JupyterHub.cleanup_proxy = True

# --- Users and spawning. -----------------------------------------------------------------
# Any user name with any password logs in: a demo and test hub has no real users.
c.JupyterHub.authenticator_class = "dummy"
# SimpleLocalProcessSpawner: local processes without system users, home dirs under the
# state dir.
c.JupyterHub.spawner_class = "simple"
if slow_check_seconds > 0:
    # A restarted hub reports its servers as pending "check" until their first poll
    # returns; KubeSpawner's takes seconds with many pods. This one takes as long as
    # ATRIUM_HUB_SLOW_CHECK_SECONDS, longer than init_spawners_timeout, so that the hub
    # answers the API while its servers are still being checked.
    import asyncio

    from jupyterhub.spawner import SimpleLocalProcessSpawner

    class SlowCheckSpawner(SimpleLocalProcessSpawner):
        async def poll(self):
            if self._check_pending:
                await asyncio.sleep(slow_check_seconds)
            return await super().poll()

    c.JupyterHub.spawner_class = SlowCheckSpawner
c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(
    state_dir, "homes", "{username}"
)
# Full path: with pyenv first on PATH a bare "jupyterhub-singleuser" is not Debian's.
c.Spawner.cmd = ["/usr/bin/jupyterhub-singleuser"]
# The notebook server refuses to run as root without it; the project's machines run as root.
c.Spawner.args = ["--allow-root"]
# Single-user servers listen on loopback only; the proxy is their only client.
c.Spawner.ip = "127.0.0.1"
# Seconds for Spawner.start to return (a local process starts at once), then for the
# server to answer over HTTP (2-5 s on these machines; generous for loaded CI machines).
c.Spawner.start_timeout = 30
c.Spawner.http_timeout = 60
# How often single-user servers report activity to the hub (default 300 s) and how often
# the hub pushes the proxy's activity into the db (default 300 s): short so that the
# portal's idle tracking can be tested without waiting minutes.
c.Spawner.environment = {"JUPYTERHUB_ACTIVITY_INTERVAL": str(activity_interval)}
c.JupyterHub.last_activity_interval = activity_interval
# By default the spawn POST answers 202 at once instead of waiting up to 10 s for the
# server, and the portal follows the progress stream (GET .../progress). With
# ATRIUM_HUB_SLOW_SPAWN_TIMEOUT=hub the hub waits as a real one does (10 s), so a start
# answers 201 once the server runs (and a failed spawn answers 500); the portal's own
# start timeout (workspaces.jupyterhub.spawnTimeout, 30 s) is longer than that.
if slow_spawn_timeout != "hub":
    c.JupyterHub.tornado_settings = {
        "slow_spawn_timeout": int(slow_spawn_timeout or "0")
    }
# Atrium's workspaces are named servers: /user/<name>/<workspace>/. JupyterHub's own
# default named_server_limit_per_user is 0 (no limit); this hub allows 5, and stopped
# named servers count toward it.
c.JupyterHub.allow_named_servers = True
c.JupyterHub.named_server_limit_per_user = 5

# --- Failing profile (tests): a spawn whose options name ATRIUM_HUB_FAIL_PROFILE fails. --
# user_options is the spawn POST's JSON body (e.g. {"profile": "broken"}); JupyterHub
# sets it on the spawner before it runs pre_spawn_hook, and a raised exception fails the
# spawn: the progress stream then ends with
# {"failed": true, "message": "Spawn failed: image 'broken' could not be pulled"}.
# The spawn POST still answers 202 (not 500): with slow_spawn_timeout 0 the hub's answer
# is decided on the event loop's next turn, before the failed spawn's callbacks run.
# A failed named server stays in the db as a stopped server (?include_stopped_servers).
async def _fail_profile_hook(spawner):
    if fail_profile and (spawner.user_options or {}).get("profile") == fail_profile:
        raise Exception(f"image '{fail_profile}' could not be pulled")


# --- Data access: the data the portal granted (atrium_data_access.py). -------------------
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atrium_data_access  # noqa: E402

data_signing_key = os.environ.get("ATRIUM_HUB_DATA_SIGNING_KEY", "").strip()
data_root = os.environ.get("ATRIUM_HUB_DATA_ROOT", "").strip()
if data_root and not os.path.isdir(data_root):
    raise SystemExit(f"ATRIUM_HUB_DATA_ROOT {data_root!r} is not a directory")


# --- Demo: the simulated cluster in step with this hub (demo_cluster.py). ----------------
demo_kube_url = os.environ.get("ATRIUM_DEMO_KUBE_URL", "").strip()
demo_cluster = None
if demo_kube_url:
    from demo_cluster import DemoCluster

    demo_cluster = DemoCluster(
        demo_kube_url,
        os.environ.get("ATRIUM_DEMO_KUBE_TOKEN", "").strip(),
        start_timeout=_int("ATRIUM_DEMO_KUBE_START_TIMEOUT", 3),
    )


async def _pre_spawn_hook(spawner):
    await _fail_profile_hook(spawner)
    # On every spawn: it also takes back what an earlier start of this server got.
    atrium_data_access.apply(spawner, data_signing_key, local_data_root=data_root or None)
    if demo_cluster:
        try:
            await demo_cluster.pre_spawn(spawner)
        except (OSError, ValueError) as e:
            # The simulated cluster is a demo nicety: a spawn does not fail for it.
            spawner.log.warning("demo cluster: no pod for %s: %s", spawner._log_name, e)


async def _post_stop_hook(spawner):
    if demo_cluster:
        try:
            await demo_cluster.post_stop(spawner)
        except (OSError, ValueError) as e:
            spawner.log.warning("demo cluster: pod of %s not deleted: %s", spawner._log_name, e)


c.Spawner.pre_spawn_hook = _pre_spawn_hook
c.Spawner.post_stop_hook = _post_stop_hook

# --- The portal: an API-only service with the scopes the workspaces backend needs. -------
c.JupyterHub.services = [{"name": "portal", "api_token": service_token}]
c.JupyterHub.load_roles = [
    {
        "name": "portal",
        "services": ["portal"],
        # The workspaces backend itself needs only "admin:users" and "servers" (the least
        # set, tested in plugins/workspaces-backend/src/hubRestart.test.ts); the rest are
        # for the tests' and the demo's own calls.
        "scopes": portal_scopes
        or [
            "admin:users",  # create users on first use
            "admin:servers",  # start, stop and remove named servers
            "list:users",
            "read:users",
            "read:servers",
            "read:users:activity",
            "users:activity",
            "servers",
            "access:servers",  # call the servers through the proxy with the token
            "read:metrics",  # the demo Prometheus scrapes /hub/metrics with this token
        ],
    }
]
