// --host-map: answer requests for some hosts from another server, e.g. a
// staging copy of a vendor, or a local fixture server that answers by Host
// header (the tests). Rules are `host=origin`, where host is `name`,
// `*.name` (the name and its subdomains) or `*` (every host but the site's).
// The request keeps its URL, so the browser, the cookie jar and the report
// see the original host; only the bytes come from `origin`.
import http from 'node:http';
import https from 'node:https';

/** Parses `host=origin` rules; throws a message for a bad one. */
export function parseHostMap(rules) {
  return rules.map((rule) => {
    const at = rule.indexOf('=');
    const host = rule.slice(0, at).trim().toLowerCase();
    let origin;
    try {
      origin = new URL(rule.slice(at + 1).trim());
    } catch {
      origin = undefined;
    }
    if (at < 1 || !origin || !/^https?:$/.test(origin.protocol) || !/^(\*|(\*\.)?[a-z0-9.-]+)$/.test(host)) {
      throw new Error(`--host-map ${JSON.stringify(rule)}: expected host=origin, e.g. www.google-analytics.com=http://127.0.0.1:8080`);
    }
    return { host, origin };
  });
}

const covers = (rule, host) =>
  rule.host === '*' || rule.host === host || (rule.host.startsWith('*.') && (host === rule.host.slice(2) || host.endsWith(rule.host.slice(1))));

/** Routes the context's requests for mapped hosts (other than `siteHost`) to their origins. */
export async function installHostMap(context, rules, siteHost) {
  if (!rules.length) return;
  const ruleFor = (url) => url.hostname !== siteHost && rules.find((r) => covers(r, url.hostname));
  await context.route(
    (url) => Boolean(ruleFor(url)),
    async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      const { origin } = ruleFor(url);
      try {
        const answer = await forward(origin, url, request.method(), await request.allHeaders(), request.postDataBuffer());
        await route.fulfill(answer);
      } catch {
        await route.abort('connectionrefused').catch(() => {});
      }
    },
  );
}

/** The response of `origin` for `url`'s path, sent with `url`'s Host. */
function forward(origin, url, method, headers, body) {
  const client = origin.protocol === 'https:' ? https : http;
  const sent = Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith(':')));
  sent.host = url.host;
  return new Promise((ok, fail) => {
    const req = client.request(
      { hostname: origin.hostname, port: origin.port, path: url.pathname + url.search, method, headers: sent },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const out = {};
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i].toLowerCase();
            // Playwright takes several Set-Cookie lines joined by newlines.
            out[name] = out[name] === undefined ? res.rawHeaders[i + 1] : `${out[name]}\n${res.rawHeaders[i + 1]}`;
          }
          ok({ status: res.statusCode, headers: out, body: Buffer.concat(chunks) });
        });
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    req.end(body || undefined);
  });
}
