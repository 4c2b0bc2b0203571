// The CMP API behind window.__tcfapi once the TCF module has loaded
// (js/tcf-stub.js checks every call and queues them until then).
//
// The state follows the IAB's @iabtechlabtcf/cmpapi, which
// tests/e2e/tcf-api.test.mjs runs beside it on the same sequence of calls:
// `update(tcString, model, uiVisible)` is told each change (the dialog
// shown, a choice stored, the stored string at start); the first update
// answers the queued calls, later ones call every event listener.
//   eventStatus  cmpuishown while the dialog shows; else tcloaded for the
//                first update, useractioncomplete after that
//   displayStatus visible / hidden, or disabled when the first update had
//                no dialog (a returning visitor)
import { tcData } from './tcdata.js';

/** `callback(value, success)`; a vendor's throw must not stop the others. */
function answer(callback, value, success) {
  try {
    callback(value, success);
  } catch (e) {
    console.error(e);
  }
}

/** Whether `vendorIds` is what getTCData accepts: none, or an array of integers. */
const validIds = (ids) => ids === undefined || (Array.isArray(ids) && ids.every(Number.isInteger));

/**
 * Serves `__tcfapi` for `{cmpId, cmpVersion, gvl, extra}` (`gvl`:
 * `{json, vendorListVersion, tcfPolicyVersion}`; `extra()`:
 * `{addtlConsent?, enableAdvertiserConsentMode?}` added to TCData).
 * Returns `{update}`.
 */
export function serveCmp({ cmpId, cmpVersion, gvl, extra }) {
  const listeners = new Map();
  let nextListener = 0;
  let updates = 0;
  const state = {
    cmpStatus: 'loading',
    displayStatus: 'hidden',
    eventStatus: undefined,
    tcString: undefined, // undefined: no update yet
    model: null,
  };

  const data = (vendorIds, listenerId) =>
    tcData(state.model, {
      tcString: state.tcString,
      cmpId,
      cmpVersion,
      gdprApplies: true,
      eventStatus: state.eventStatus,
      cmpStatus: state.cmpStatus,
      listenerId,
      vendorIds,
      tcfPolicyVersion: gvl.tcfPolicyVersion,
      ...extra(),
    });

  function ping() {
    const loaded = state.tcString !== undefined;
    return {
      cmpId,
      cmpVersion,
      gdprApplies: loaded ? true : undefined,
      tcfPolicyVersion: loaded ? state.model.policyVersion : undefined,
      cmpLoaded: true,
      cmpStatus: state.cmpStatus,
      displayStatus: state.displayStatus,
      apiVersion: '2.3',
      gvlVersion: loaded && state.model.vendorListVersion ? state.model.vendorListVersion : undefined,
    };
  }

  function respond(command, callback, parameter) {
    if (command === 'ping') return answer(callback, ping(), true);
    if (state.tcString === undefined) return queue.push([command, callback, parameter]);
    if (command === 'removeEventListener') return answer(callback, listeners.delete(parameter), true);
    if (command === 'getVendorList') {
      // Only the site's list is here (browsers never fetch the IAB's).
      const ok = parameter === undefined || parameter === state.model.vendorListVersion || parameter === gvl.vendorListVersion;
      return answer(callback, ok ? JSON.parse(gvl.json) : null, ok);
    }
    let listenerId;
    if (command === 'addEventListener') {
      // Registered even with bad vendor ids, as cmpapi does: each event then answers (null, false).
      listenerId = nextListener++;
      listeners.set(listenerId, { callback, parameter });
    }
    tell(callback, parameter, listenerId);
  }

  /** getTCData's answer (also each listener's): null and false for bad vendor ids. */
  function tell(callback, vendorIds, listenerId) {
    if (validIds(vendorIds)) answer(callback, data(vendorIds, listenerId), true);
    else answer(callback, null, false);
  }

  const api = window.__tcfapi;
  const queue = api && api.r === null ? api() : null;
  if (!queue) {
    console.error('Consentry: TCF needs consentry-tcf-stub.js right after consentry-stub.js; __tcfapi is not served');
    return { update() {} };
  }
  api.r = respond;

  return {
    /** The CMP's state changed: `tcString` ('' before a choice) and its model, the dialog shown or not. */
    update(tcString, model, uiVisible) {
      state.cmpStatus = 'loaded';
      if (uiVisible) {
        state.displayStatus = 'visible';
        state.eventStatus = 'cmpuishown';
      } else if (state.tcString === undefined) {
        state.displayStatus = 'disabled';
        state.eventStatus = 'tcloaded';
      } else {
        state.displayStatus = 'hidden';
        state.eventStatus = 'useractioncomplete';
      }
      state.tcString = tcString;
      state.model = model;
      if (updates++ === 0) {
        for (const call of queue.splice(0)) respond(...call);
      } else {
        for (const [id, l] of listeners) tell(l.callback, l.parameter, id);
      }
    },
  };
}
