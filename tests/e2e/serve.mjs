// A static file server for the e2e tests, on 127.0.0.1 only: the built app from
// dist/ at /, and broken test documents from tests/e2e/fixtures at /fixtures/.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const port = Number(process.argv[2] || 4817);
const roots = [
  ['/fixtures/', resolve('tests/e2e/fixtures')],
  ['/', resolve('dist')],
];
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png',
};

createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const [prefix, root] = roots.find(([p]) => path.startsWith(p));
  const relative = normalize(path.slice(prefix.length) || 'index.html');
  const file = join(root, relative.endsWith('/') ? relative + 'index.html' : relative);
  if (!file.startsWith(root)) {
    res.writeHead(403).end('forbidden');
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
  }
}).listen(port, '127.0.0.1', () => console.log(`e2e server on http://127.0.0.1:${port}/`));
