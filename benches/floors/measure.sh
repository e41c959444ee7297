#!/usr/bin/env bash
# What the bundle-size budget is up against, measured: the least a Yew app costs (a
# counter) and what the widget's scoring core costs with no UI at all, each built the
# way the widget is (its release profile, wasm-bindgen, wasm-opt -Oz, terser for the
# glue) and gzipped -9. Run by .ci/bench (which puts the tools on PATH); writes
# target/bench/floors.md. The crates are copied to target/floors/ and built there.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/floors
# The features rustc enables for wasm32 and trunk passes to wasm-opt.
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

gz() { gzip -9c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }

rows=()
for crate in yew-counter core-only; do
  dir="$out/$crate"
  mkdir -p "$dir"
  rm -rf "$dir/src" "$dir/pkg"
  cp -r "benches/floors/$crate/." "$dir/"
  cp Cargo.lock "$dir/Cargo.lock"
  CARGO_TARGET_DIR="$out/target" cargo build --quiet --release --target wasm32-unknown-unknown \
    --manifest-path "$dir/Cargo.toml"
  # A binary keeps its dashes, a library's file takes underscores.
  name="floor-$crate"
  [ -f "$dir/src/lib.rs" ] && name="${name//-/_}"
  wasm-bindgen --target web --out-dir "$dir/pkg" --out-name "$crate" \
    "$out/target/wasm32-unknown-unknown/release/$name.wasm"
  wasm-opt -Oz "${features[@]}" -o "$dir/pkg/$crate.wasm" "$dir/pkg/${crate}_bg.wasm"
  terser "$dir/pkg/$crate.js" --module --compress --mangle --comments false --output "$dir/pkg/$crate.min.js"
  wasm=$(gz "$dir/pkg/$crate.wasm")
  js=$(gz "$dir/pkg/$crate.min.js")
  rows+=("| $crate | $(kb "$wasm") | $(kb "$js") | **$(kb $((wasm + js)))** |")
done

mkdir -p target/bench
{
  echo "| floor (built like the widget) | wasm, gzip -9 | JS glue, gzip -9 | together |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee target/bench/floors.md
