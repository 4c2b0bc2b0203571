// "Same site": first- and third-party, without the Public Suffix List (the
// CLI ships no copy of it). A host's site is its last two labels, or three
// under a two-letter country code whose second level is a common generic
// one (example.co.uk, example.com.au); IP addresses and single labels are
// their own site. This is an approximation: on a private suffix such as
// github.io two sites read as one.
const GENERIC = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'ne', 'or', 'go', 'gob', 'gv', 'mil', 'nic']);

export function siteOf(hostname) {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (/^[\d.]+$/.test(host) || host.includes(':') || !host.includes('.')) return host;
  const labels = host.split('.');
  const n = labels.length;
  const three = n >= 3 && labels[n - 1].length === 2 && GENERIC.has(labels[n - 2]);
  return labels.slice(three ? -3 : -2).join('.');
}

/** Whether a cookie's domain (`.example.com`, `www.example.com`) is of the site of `hostname`. */
export function isFirstParty(cookieDomain, hostname) {
  return siteOf(cookieDomain.replace(/^\./, '')) === siteOf(hostname);
}
