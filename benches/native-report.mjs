// The native benchmark's figures as reviews scored per second (from criterion's
// estimates in target/criterion/review/), as a Markdown table.
import { existsSync, readFileSync } from 'node:fs';

const rows = [];
for (const [bench, what] of [['validate+score', 'answers validated, resolved and scored'], ['score', 'scored (answers already resolved)']]) {
  for (const n of [50, 1000]) {
    const file = `target/criterion/review/${bench}/${n}/new/estimates.json`;
    if (!existsSync(file)) continue;
    const ns = JSON.parse(readFileSync(file, 'utf8')).median.point_estimate;
    const fmt = ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`;
    rows.push(`| ${n} | ${what} | ${fmt} | ${Math.round(1e9 / ns).toLocaleString('en-US')} |`);
  }
}
console.log(['| items | per review | median time | reviews / s (one core) |', '|---|---|---|---|', ...rows].join('\n'));
