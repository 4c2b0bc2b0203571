// Consent receipts (`consentLog: {endpoint}`): one per decision, POSTed to
// the site's endpoint and kept in localStorage until it acknowledges, so an
// undelivered receipt goes out on a later page, once. A chunk of its own
// (pkg/consentry-receipts.js), fetched only by the sites whose config has
// a consentLog (js/chunks.js).

const RECEIPTS_KEY = 'consentry:receipts';

/** Where receipts go, and what every receipt carries besides the record. */
let endpoint = null;
let language = '';
let configHash = '';
// The queue; a copy lives in memory for pages where storage is blocked.
let memory = [];
let sending = false;

/** FNV-1a of the config text, as 8 hex digits: which config a receipt was made under. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Sets the endpoint (the config's consentLog; none: no receipts) and what
 * goes in every receipt: the dialog's language and the config's hash.
 */
export function setUpReceipts(consentLog, receiptLanguage, configText) {
  endpoint = consentLog || null;
  language = receiptLanguage;
  configHash = fnv1a(configText);
}

function stored() {
  try {
    const list = JSON.parse(localStorage.getItem(RECEIPTS_KEY) || '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return memory;
  }
}

function store(list) {
  memory = list;
  try {
    if (list.length) localStorage.setItem(RECEIPTS_KEY, JSON.stringify(list));
    else localStorage.removeItem(RECEIPTS_KEY);
  } catch {
    // Storage blocked: receipts live only as long as this page.
  }
}

/** Sends what is queued, in order; stops at the first the endpoint does not take. */
export async function sendReceipts() {
  if (sending || !endpoint) return;
  sending = true;
  try {
    for (const receipt of stored()) {
      let delivered = false;
      try {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(receipt),
          keepalive: true,
          credentials: 'same-origin',
        });
        delivered = response.ok;
      } catch {
        delivered = false;
      }
      if (!delivered) break; // keep it (and the rest, in order) for a later page
      store(stored().filter((r) => r.key !== receipt.key));
    }
  } finally {
    sending = false;
  }
}

/** Queues the receipt of `record` (a decision made on this page) and sends. */
export function queueReceipt(record) {
  if (!endpoint || !record) return;
  const random = crypto.getRandomValues(new Uint32Array(2));
  store(
    stored().concat({
      key: `${record.id}.${random[0].toString(36)}${random[1].toString(36)}`,
      id: record.id,
      revision: record.revision,
      time: record.updatedAt,
      method: record.method,
      gpc: record.gpc,
      categories: record.categories,
      services: record.services,
      language,
      configHash,
    }),
  );
  sendReceipts();
}
