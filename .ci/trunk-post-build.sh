#!/usr/bin/env bash
# Trunk post-build hook: put the embeddable bundle under a versioned folder too, so a
# host can pin /widget/<version>/rubric-widget.js while /rubric-widget.js is the latest.
set -euo pipefail
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
target="$TRUNK_STAGING_DIR/widget/$version"
mkdir -p "$target"
for file in rubric-widget.js rubric-widget.d.ts rubric-widget-wasm.js rubric-widget-wasm_bg.wasm rubric-widget.css; do
  cp "$TRUNK_STAGING_DIR/$file" "$target/$file"
done
