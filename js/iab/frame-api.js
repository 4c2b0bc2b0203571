/* The IAB's interface for vendors in frames, shared by js/tcf-stub.js and
 * js/gpp-stub.js (ES5; scripts/package.mjs puts this text in place of each
 * one's __FRAME_API__, so every stub stays one classic script):
 * - a hidden locator iframe named `<name>Locator` in this window, by which a
 *   vendor's frame finds the window that has the CMP;
 * - postMessage calls `{<name>Call: {command, parameter, version, callId}}`
 *   answered with `{<name>Return: {returnValue, success, callId}}`, as JSON
 *   text when the call came as text.
 * `invoke(call, callback)` makes the call on the API (the two APIs order
 * their arguments differently).
 */
function frameApi(w, d, name, title, invoke) {
  var locator = name + 'Locator';
  // One per page, in the top frame that has the CMP.
  function addLocator() {
    if (w.frames[locator]) return;
    if (!d.body) {
      setTimeout(addLocator, 5);
      return;
    }
    var frame = d.createElement('iframe');
    frame.style.cssText = 'display:none';
    frame.name = locator;
    frame.title = title;
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    d.body.appendChild(frame);
  }
  addLocator();

  w.addEventListener(
    'message',
    function (event) {
      var text = typeof event.data === 'string';
      var data = event.data;
      if (text) {
        try {
          data = JSON.parse(data);
        } catch (e) {
          return;
        }
      }
      var call = data && typeof data === 'object' ? data[name + 'Call'] : null;
      if (!call || typeof call !== 'object' || !event.source) return;
      invoke(call, function (returnValue, success) {
        var answer = {};
        answer[name + 'Return'] = { returnValue: returnValue, success: success, callId: call.callId };
        try {
          event.source.postMessage(text ? JSON.stringify(answer) : answer, '*');
        } catch (e) {
          // the frame has gone
        }
      });
    },
    false,
  );
}
