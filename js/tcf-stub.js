/*! Consentry TCF stub: right after consentry-stub.js on a site that
 * configures `tcf` (classic, synchronous, ES5; pkg/consentry-tcf-stub.js).
 *
 * The IAB's CMP API has to exist before any ad tag runs, long before the
 * core and the TCF module have loaded, so this defines it at once:
 * - window.__tcfapi(command, version, callback, parameter): `ping` answers
 *   synchronously (cmpLoaded false, cmpStatus "stub"); every other call is
 *   queued; called with no arguments it returns the queue, which the TCF
 *   module (js/iab/cmp.js) takes over and answers in order once loaded;
 * - the `__tcfapiLocator` iframe, which tells framed vendors that a CMP is
 *   here, and the postMessage protocol: a `{__tcfapiCall: {command,
 *   version, parameter, callId}}` message (an object or its JSON text) is
 *   answered with `{__tcfapiReturn: {returnValue, success, callId}}` in
 *   the same form, through whichever __tcfapi is current.
 * Calls are checked here, once, in the order the IAB's @iabtechlabtcf/cmpapi
 * checks them: a command that is not a string, a version other than 2 (or
 * 0, none), or a command the API does not have gets callback(null, false);
 * a callback that is not a function throws. Once loaded, the TCF module
 * sets `__tcfapi.r(command, callback, parameter)` and every later call
 * goes there.
 */
(function (w, d) {
  'use strict';
  if (typeof w.__tcfapi === 'function') return; // another CMP (or this one twice): leave it
  var queue = [];

  var COMMANDS = { ping: 1, getTCData: 1, addEventListener: 1, removeEventListener: 1, getVendorList: 1 };

  var api = (w.__tcfapi = function (command, version, callback, parameter) {
    if (!arguments.length) return queue;
    var v = typeof version === 'string' ? Number(version) : version;
    var known = typeof command === 'string' && COMMANDS.hasOwnProperty(command);
    if (typeof command !== 'string' && typeof callback === 'function') callback(null, false);
    else if (!(v === 2 || v === 0 || v == null)) callback(null, false);
    else if (typeof callback !== 'function') throw new Error('invalid callback function');
    else if (!known) callback(null, false);
    else if (api.r) api.r(command, callback, parameter);
    else if (command !== 'ping') queue.push([command, callback, parameter]);
    else callback({ gdprApplies: undefined, cmpLoaded: false, cmpStatus: 'stub', displayStatus: 'hidden', apiVersion: '2.3' }, true);
  });
  api.r = null;

  frameApi(w, d, '__tcfapi', 'TCF locator', function (call, callback) {
    w.__tcfapi(call.command, call.version, callback, call.parameter);
  });

  __FRAME_API__
})(window, document);
