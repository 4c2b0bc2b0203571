// A small static server for the built demo (dist/), used by `npm start` and
// by the end-to-end tests. Only ever listens on the loopback interface.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/** What a production host compresses: text and wasm (images are compressed already). */
const COMPRESSED = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg']);

/**
 * Serves `dir` on 127.0.0.1:`port` (0: any free port); resolves to the
 * server. `gzip`: answers a request that accepts gzip with the file
 * compressed (level 6, nginx's and most CDNs' default), as sites serve
 * them; the benchmarks use it, so that Lighthouse's simulated network
 * sees the bytes a visitor would fetch. Compressed once per file, so the
 * compression's time is not a request's.
 */
export function serve(dir, port = 8080, host = '127.0.0.1', { gzip = false } = {}) {
  const root = resolve(dir);
  const compressed = new Map();
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (path !== root && !path.startsWith(root + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if ((await stat(path).catch(() => null))?.isDirectory()) path = join(path, 'index.html');
      let body = await readFile(path);
      const headers = { 'content-type': TYPES[extname(path)] || 'application/octet-stream', 'cache-control': 'no-store' };
      if (gzip && COMPRESSED.has(extname(path)) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        let known = compressed.get(path);
        if (!known || !known.raw.equals(body)) compressed.set(path, (known = { raw: body, gz: gzipSync(body, { level: 6 }) }));
        body = known.gz;
        headers['content-encoding'] = 'gzip';
        headers.vary = 'accept-encoding';
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = fileURLToPath(new URL('../dist', import.meta.url));
  const port = Number(process.env.PORT || 8080);
  const server = await serve(dir, port);
  console.log(`Consentry demo: http://localhost:${server.address().port}/`);
}
