// A plain static server for the built widget on a second origin (127.0.0.1 only), to
// show the widget sending reviews to a receiver on another origin.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const port = Number(process.argv[2] || 4818);
const root = resolve('dist');
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
};

createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const relative = normalize(path === '/' ? 'index.html' : path.slice(1));
  const file = join(root, relative);
  if (!file.startsWith(root)) return res.writeHead(403).end('forbidden');
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
  }
}).listen(port, '127.0.0.1', () => console.log(`static widget on http://127.0.0.1:${port}/`));
