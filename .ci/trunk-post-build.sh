#!/usr/bin/env bash
# Trunk post-build hook. A release build minifies the widget's two scripts (the loader
# and wasm-bindgen's glue; trunk minifies the CSS itself, and wasm-opt the wasm) and
# writes .br and .gz copies of the bundle; then every build puts the embeddable bundle
# under a versioned folder too, so a host can pin /widget/<version>/rubric-widget.js
# while /rubric-widget.js is the latest. The report console (report.html) gets the
# same minifying and compressing, and no versioned folder (trunk writes every page as
# index.html; .ci/build-web puts the console's into dist/ as report.html).
set -euo pipefail
page=$(basename "${TRUNK_HTML_FILE:-index.html}")
if [ "$page" = report.html ]; then
  scripts=(rubric-report-wasm.js)
  bundle=(rubric-report-wasm.js rubric-report-wasm_bg.wasm report.css)
else
  scripts=(rubric-widget.js rubric-widget-wasm.js)
  bundle=(rubric-widget.js rubric-widget-wasm.js rubric-widget-wasm_bg.wasm rubric-widget.css)
fi
if [ "${TRUNK_PROFILE:-}" = release ]; then
  terser="$TRUNK_SOURCE_DIR/node_modules/.bin/terser"
  if [ ! -x "$terser" ]; then
    echo "trunk-post-build: $terser is missing: run 'npm ci' (or .ci/serve / .ci/test, which do)" >&2
    exit 1
  fi
  # The subresource-integrity hash trunk wrote into index.html for a file.
  sri() { node -e 'const c = require("crypto"), fs = require("fs");
    process.stdout.write("sha384-" + c.createHash("sha384").update(fs.readFileSync(process.argv[1])).digest("base64"))' "$1"; }
  for file in "${scripts[@]}"; do
    path="$TRUNK_STAGING_DIR/$file"
    before=$(sri "$path")
    "$terser" "$path" --module --compress --mangle --comments false --output "$path.min"
    mv "$path.min" "$path"
    # index.html preloads the glue with its hash: give it the minified file's.
    after=$(sri "$path")
    sed -i "s|$before|$after|g" "$TRUNK_STAGING_DIR/index.html"
  done
  # Precompressed copies (Brotli 11, gzip 9) for servers that serve them, as the
  # reference receiver does: the bytes a browser actually downloads.
  node -e 'const z = require("zlib"), fs = require("fs");
    for (const file of process.argv.slice(1)) {
      const bytes = fs.readFileSync(file);
      fs.writeFileSync(file + ".gz", z.gzipSync(bytes, { level: 9 }));
      fs.writeFileSync(file + ".br", z.brotliCompressSync(bytes, { params: {
        [z.constants.BROTLI_PARAM_QUALITY]: 11, [z.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
    }' "${bundle[@]/#/$TRUNK_STAGING_DIR/}"
fi
# The wasm's preload link: without trunk's integrity attribute. Browsers ignore SRI on an
# `as=fetch` preload (Chromium warns on every load, crbug.com/981419), and the glue
# fetches the wasm without one, so a browser that honoured it would not reuse the
# preload and would download the wasm twice. The glue module and the CSS keep theirs.
node -e 'const fs = require("fs"), file = process.argv[1];
  fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/<link\b[^>]*_bg\.wasm[^>]*>/g,
    (tag) => tag.replace(/\s+integrity=("[^"]*"|[^\s>]*)/, "")));' "$TRUNK_STAGING_DIR/index.html"
if [ "$page" = report.html ]; then
  exit 0
fi
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
target="$TRUNK_STAGING_DIR/widget/$version"
mkdir -p "$target"
for file in rubric-widget.js rubric-widget.d.ts rubric-widget-wasm.js rubric-widget-wasm_bg.wasm rubric-widget.css; do
  cp "$TRUNK_STAGING_DIR/$file" "$target/$file"
  for encoded in "$TRUNK_STAGING_DIR/$file".{br,gz}; do
    if [ -f "$encoded" ]; then cp "$encoded" "$target/"; fi
  done
done
