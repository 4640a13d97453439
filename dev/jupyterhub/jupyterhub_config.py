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
# the db, but the servers themselves are stopped, not resumed.
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# --- Users and spawning. -----------------------------------------------------------------
# Any user name with any password logs in: a demo and test hub has no real users.
c.JupyterHub.authenticator_class = "dummy"
# SimpleLocalProcessSpawner: local processes without system users, home dirs under the
# state dir.
c.JupyterHub.spawner_class = "simple"
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
# The spawn POST answers 202 at once instead of waiting up to 10 s for the server; the
# portal follows the progress stream (GET .../progress) instead.
c.JupyterHub.tornado_settings = {"slow_spawn_timeout": 0}
# Atrium's workspaces are named servers: /user/<name>/<workspace>/.
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
if fail_profile:

    async def _fail_profile_hook(spawner):
        if (spawner.user_options or {}).get("profile") == fail_profile:
            raise Exception(f"image '{fail_profile}' could not be pulled")

    c.Spawner.pre_spawn_hook = _fail_profile_hook

# --- The portal: an API-only service with the scopes the workspaces backend needs. -------
c.JupyterHub.services = [{"name": "portal", "api_token": service_token}]
c.JupyterHub.load_roles = [
    {
        "name": "portal",
        "services": ["portal"],
        "scopes": [
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
