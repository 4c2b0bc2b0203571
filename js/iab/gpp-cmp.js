// The GPP CMP API (v1.1) behind window.__gpp once the GPP module has
// loaded (js/gpp-stub.js answers `ping` and queues the rest until then).
// The answers' shapes follow the IAB's @iabgpp/cmpapi: each callback gets
// (value, success), success false exactly when the value is null.
//   ping                 PingData
//   addEventListener     EventData 'listenerRegistered' (data true), then
//                        every event to every listener
//   removeEventListener  EventData 'listenerRemoved' (data: whether it was there)
//   hasSection(name)     boolean
//   getSection(name)     the section's fields, or null
//   getField('s.Field')  its value, or null
// Events: signalStatus ('ready' / 'not ready'), cmpDisplayStatus
// ('visible' / 'hidden'), sectionChange (the section names that changed).

/** The ids of the sections Consentry writes. */
const IDS = { tcfeuv2: 2, usnat: 7, usca: 8 };

/** `callback(value, success)`; a vendor's throw must not stop the others. */
function answer(callback, value) {
  if (typeof callback !== 'function') return;
  try {
    callback(value, value !== null);
  } catch (e) {
    console.error(e);
  }
}

/**
 * Serves `__gpp` with `supported` (['7:usnat', ...]) and `applicable`
 * section ids. Returns `{update(gppString, sections), display(visible)}`;
 * `sections` is the decoded model's `sections` object.
 */
export function serveGpp({ supported, applicable }) {
  const listeners = new Map();
  let nextListener = 0;
  const state = {
    gppVersion: '1.1',
    cmpStatus: 'loaded',
    cmpDisplayStatus: 'hidden',
    signalStatus: 'not ready',
    supportedAPIs: supported,
    cmpId: 0,
    sectionList: [],
    applicableSections: applicable,
    gppString: '',
    parsedSections: {},
  };
  const ping = () => ({ ...state, supportedAPIs: state.supportedAPIs.slice(), sectionList: state.sectionList.slice() });
  const event = (name, id, data) => ({ eventName: name, listenerId: id, data, pingData: ping() });
  const emit = (name, data) => {
    for (const [id, callback] of listeners) answer(callback, event(name, id, data));
  };
  const section = (name) => (name !== 'tcfeuv2' && Object.hasOwn(state.parsedSections, name) ? state.parsedSections[name] : null);

  function respond(command, callback, parameter) {
    switch (command) {
      case 'ping':
        return answer(callback, ping());
      case 'addEventListener': {
        const id = nextListener++;
        listeners.set(id, callback);
        return answer(callback, event('listenerRegistered', id, true));
      }
      case 'removeEventListener':
        return answer(callback, event('listenerRemoved', parameter, listeners.delete(parameter)));
      case 'hasSection':
        return answer(callback, typeof parameter === 'string' && Object.hasOwn(state.parsedSections, parameter));
      case 'getSection':
        return answer(callback, typeof parameter === 'string' ? section(parameter) : null);
      case 'getField': {
        const [name, field, extra] = typeof parameter === 'string' ? parameter.split('.') : [];
        const s = extra === undefined && field ? section(name) : null;
        return answer(callback, s && Object.hasOwn(s, field) ? s[field] : null);
      }
      default:
        return answer(callback, null);
    }
  }

  const api = window.__gpp;
  const queue = api && api.r === null ? api() : null;
  if (!queue) {
    console.error('Consentry: GPP needs consentry-gpp-stub.js right after consentry-stub.js; __gpp is not served');
    return { update() {}, display() {} };
  }
  api.r = (command, callback, parameter) => {
    respond(command, callback, parameter);
    return command === 'ping' ? ping() : undefined;
  };
  let started = false;

  return {
    /** The choice changed (or is first known): the string and its decoded sections. */
    update(gppString, sections) {
      const changed = Object.keys(sections).filter(
        (name) => JSON.stringify(sections[name]) !== JSON.stringify(state.parsedSections[name]),
      );
      state.gppString = gppString;
      state.parsedSections = sections;
      state.sectionList = Object.keys(sections)
        .map((name) => IDS[name])
        .sort((a, b) => a - b);
      const wasReady = state.signalStatus === 'ready';
      state.signalStatus = state.cmpDisplayStatus === 'visible' ? 'not ready' : 'ready';
      if (!started) {
        started = true;
        for (const call of queue.splice(0)) respond(...call);
        if (state.signalStatus === 'ready') emit('signalStatus', 'ready');
        return;
      }
      if (changed.length) emit('sectionChange', changed);
      if (!wasReady && state.signalStatus === 'ready') emit('signalStatus', 'ready');
    },
    /** The opt-out dialog opened or closed. */
    display(visible) {
      const status = visible ? 'visible' : 'hidden';
      if (status === state.cmpDisplayStatus) return;
      state.cmpDisplayStatus = status;
      emit('cmpDisplayStatus', status);
      const signal = visible ? 'not ready' : 'ready';
      if (started && state.signalStatus !== signal) {
        state.signalStatus = signal;
        emit('signalStatus', signal);
      }
    },
  };
}
