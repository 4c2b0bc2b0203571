// Deleting the web storage a choice withdraws: a chunk of its own
// (pkg/consentry-storage.js), fetched by the shell at the first change
// (a returning visitor's start, a decision) and only when the config
// declares localStorage, sessionStorage or indexedDB names on a category
// or service. Nothing waits for it: the dialog and the start do not, and
// deleting what a choice withdraws a moment later changes nothing a
// visitor sees. The page lists what
// it holds; the core says, name by name, what the choice withdraws (the
// cookie rule, `Core.withdraws`), so no copy of the rule lives here.

/**
 * Deletes the localStorage and sessionStorage keys and the IndexedDB
 * databases the current choice withdraws (after every change: a start with
 * a stored choice, a decision, another tab's). A database a script still
 * holds open goes once it is closed.
 */
export function clearStorage(core) {
  try {
    // The core's area numbers: 1 localStorage, 2 sessionStorage, 3 IndexedDB.
    [localStorage, sessionStorage].forEach((store, i) => {
      const keys = [];
      for (let k = 0; k < store.length; k++) keys.push(store.key(k));
      // Consentry's own keys (`consentry:receipts`) are never a site's to withdraw, as the consent cookie is not.
      for (const key of keys) if (!key.startsWith('consentry:') && core.withdraws(i + 1, key)) store.removeItem(key);
    });
    // indexedDB.databases(): Chrome 71, Safari 14, Firefox 126.
    indexedDB.databases().then(
      (list) => {
        for (const db of list) if (core.withdraws(3, db.name)) indexedDB.deleteDatabase(db.name);
      },
      () => {},
    );
  } catch {
    // Storage blocked (a sandboxed frame, the visitor's settings): nothing to delete.
  }
}
