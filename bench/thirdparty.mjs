// The fake third parties as a server: an HTTPS server on 127.0.0.1 that
// answers every vendor host with vendors.mjs's bodies, and the Chromium flags
// that send every host but 127.0.0.1 to it (--host-resolver-rules, with
// --ignore-certificate-errors for its throwaway self-signed certificate).
// Nothing leaves the machine, and first-party requests are not touched.
//
// Why not Playwright's page.route: once any route is set, Playwright pauses
// every request of the page (Fetch.enable with urlPattern "*") until its
// Node process answers it, first-party ones included, and turns the HTTP
// cache off. That adds a round trip through Node to each of the shop page's
// ~50 requests, worst for requests that queue behind the third-party ones a
// product releases on a decision. This server leaves the page's own requests
// alone, as a real site's would be.
//
// The server runs in a worker thread with an ECDSA certificate (cheap TLS
// handshakes), so its work does not queue behind, or in front of, the
// first-party server and Playwright in the main thread: on a real site the
// vendors' servers are other machines.
//
// Each request a page made (it has a referrer) is reported to
// `onRequest({ url, dest })` (its Sec-Fetch-Dest), which the runner points at
// the current run; the browser's own requests (autofill) come here too, since
// every host does, and are answered but not counted.
import { createServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fakeResponse } from './vendors.mjs';

const TYPES = { script: 'script', image: 'image', iframe: 'document', document: 'document', style: 'stylesheet' };

/** A self-signed ECDSA P-256 certificate for this run (openssl), as { key, cert }. */
async function certificate() {
  const dir = await mkdtemp(join(os.tmpdir(), 'consentry-tp-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=bench third parties'],
      { stdio: 'ignore' },
    );
    return { key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** In the worker: the server; each counted request is posted to the main thread. */
function serveInWorker({ key, cert }) {
  const server = createServer({ key, cert }, (req, res) => {
    const url = `https://${req.headers.host}${req.url}`;
    const dest = req.headers['sec-fetch-dest'] || '';
    // The browser's own requests (autofill, ...) carry no referrer; a page's
    // and its frames' do. Only those are counted; all are answered.
    if (req.headers.referer) parentPort.postMessage({ url, dest });
    const answer = fakeResponse(url, TYPES[dest] || 'other');
    res.writeHead(answer.status, {
      'content-type': answer.contentType,
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
      'timing-allow-origin': '*',
    });
    res.end(answer.body);
  });
  server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
  parentPort.on('message', (m) => {
    if (m === 'close') {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    }
  });
}

if (!isMainThread && workerData?.thirdParties) serveInWorker(workerData.thirdParties);

/**
 * Starts the server (in a worker). Returns { args, close(), onRequest }
 * where `args` are the Chromium flags to add and `onRequest` may be replaced
 * at any time.
 */
export async function startThirdParties() {
  const tls = await certificate();
  const worker = new Worker(new URL(import.meta.url), { workerData: { thirdParties: tls } });
  const state = { onRequest: () => {} };
  const port = await new Promise((ok, fail) => {
    worker.once('error', fail);
    worker.on('message', (m) => (m.port ? ok(m.port) : state.onRequest(m)));
  });
  return {
    args: [`--host-resolver-rules=MAP * 127.0.0.1:${port}, EXCLUDE 127.0.0.1`, '--ignore-certificate-errors'],
    set onRequest(fn) {
      state.onRequest = fn;
    },
    close: () =>
      new Promise((ok) => {
        worker.once('exit', ok);
        worker.postMessage('close');
      }),
  };
}
