// The bytes a host transfers for the widget: the four files of a release build, raw and
// gzip -9 (zlib level 9); and the report console's own bundle. Imported by the browser benchmark; run on its own after
// `trunk build --release` for the figure alone (a size check before and after a change):
//
//   node benches/bytes.mjs [dist]
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WIDGET_FILES = ['rubric-widget-wasm_bg.wasm', 'rubric-widget-wasm.js', 'rubric-widget.js', 'rubric-widget.css'];
// The report console's own files (it shares rubric-widget.css with the widget, cached).
export const CONSOLE_FILES = ['rubric-report-wasm_bg.wasm', 'rubric-report-wasm.js', 'report.css', 'report.html'];

/** Raw and gzip -9 sizes of `files`, each and together. */
export function bytes(files) {
  const list = files.map((f) => {
    const data = readFileSync(f);
    return { file: f, raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
  });
  return { files: list, raw: list.reduce((s, f) => s + f.raw, 0), gzip: list.reduce((s, f) => s + f.gzip, 0) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2] ?? 'dist';
  const widget = bytes(WIDGET_FILES.map((f) => join(dist, f)));
  for (const f of widget.files) console.log(`${f.file}: ${f.gzip} B gzip -9 (${f.raw} B raw)`);
  console.log(`widget: ${widget.gzip} B gzip -9 (${widget.raw} B raw)`);
  const report = bytes(CONSOLE_FILES.map((f) => join(dist, f)));
  for (const f of report.files) console.log(`${f.file}: ${f.gzip} B gzip -9 (${f.raw} B raw)`);
  console.log(`report console: ${report.gzip} B gzip -9 (${report.raw} B raw)`);
}
