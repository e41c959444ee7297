# Sourced by .ci/test and .ci/serve: install whatever is missing, quickly skip what is
# there. Every tool is checked by version first, so a second run costs seconds.
# What installs on these machines and what fails is in README.md ("Testing").

TRUNK_VERSION=0.21.14
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
# Playwright drives Debian's Chromium; it must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROMEDRIVER=/usr/bin/chromedriver

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed: $2"
}

# Run as root, or through sudo when not.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_rust() {
  need cargo "install Rust with rustup (https://rustup.rs)"
  need rustup "install Rust with rustup (https://rustup.rs)"
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  for component in clippy rustfmt; do
    if ! rustup component list --installed | grep -q "^$component"; then
      say "adding rustup component $component"
      rustup component add "$component"
    fi
  done
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (a few minutes, once)"
    # --locked: without it, 0.21.14 pulls an incompatible lightningcss.
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

ensure_wasm_bindgen() {
  # The CLI must match the wasm-bindgen crate exactly; Cargo.toml pins it with "=".
  local version
  version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  [ -n "$version" ] || die "wasm-bindgen is not in Cargo.lock"
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
    say "installing wasm-bindgen-cli $version (a few minutes, once)"
    # Not --locked: the locked tree names a crate version the registry mirror lacks.
    cargo install wasm-bindgen-cli --version "$version"
  fi
}

# `npm ci` in DIR (WHAT says what for) when its package-lock.json changed since the last
# install there, or when the executable MUST_HAVE (a path under DIR, optional) is missing.
npm_ci_when_changed() {
  local dir=$1 what=$2 must_have=${3:-}
  local stamp=$dir/node_modules/.installed-from-lock want
  need npm "install Node.js 20 and npm"
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if { [ -n "$must_have" ] && [ ! -x "$dir/$must_have" ]; } \
    || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing $what"
    npm ci --prefix "$dir" --no-audit --no-fund
    echo "$want" > "$stamp"
  fi
}

ensure_npm_tools() {
  npm_ci_when_changed . "the npm tools (binaryen's wasm-opt, Playwright)" node_modules/.bin/wasm-opt
}

# Whether a Debian package is installed (not merely known, or removed with its config).
installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

ensure_browser() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  # A CJK font, so Chinese rubrics render in screenshots as users see them.
  installed fonts-wqy-zenhei || missing+=(fonts-wqy-zenhei)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# What building the widget needs.
setup_build() {
  ensure_rust
  ensure_npm_tools
  ensure_trunk
  ensure_wasm_bindgen
}

# What running every test needs.
setup_test() {
  setup_build
  ensure_browser
}

# The SurveyJS peer of the browser benchmark (npm, into benches/browser/node_modules).
ensure_bench_peer() {
  npm_ci_when_changed benches/browser "the benchmark's peer (SurveyJS, from npm)"
}
