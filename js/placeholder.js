// A held embed's placeholder content: the text naming who it is from and
// why it waits, "Load once" (this element only, nothing recorded) and
// "Always allow" (a decision), in a shadow root with its own stylesheet.
// A chunk of its own (pkg/consentry-placeholder.js), fetched only by pages
// that hold an iframe or a [data-placeholder] element: js/activate.js puts
// the sized, empty placeholder in place at once (so the layout does not
// move) and hands it here to be filled. What it needs from the entry comes
// as arguments, so the chunk imports nothing.
import placeholderCss from './placeholder.css';

/** Static placeholder markup; the texts are set as text afterwards. */
const PLACEHOLDER =
  '<div class=p role=group aria-labelledby=m><p id=m></p><div class=r>' +
  '<button type=button aria-describedby=m></button><button type=button aria-describedby=m></button></div></div>';

/** `template` with each `{name}` replaced. */
function fill(template, values) {
  return template.replace(/\{(service|category)\}/g, (token, name) => values[name]);
}

/**
 * Fills the placeholder `host` of held element `e` (of category
 * `category`): `core` gives the texts, `fillShadow` is js/dialog.js's,
 * `parsed(url)` reads a URL as the browser does, `loadOnce()` releases `e`
 * alone, `allow(category)` records the grant and `known` has the config's
 * categories as own properties.
 */
export function fillPlaceholder(host, e, category, { core, fillShadow, parsed, loadOnce, allow, known }) {
  const root = fillShadow(host, placeholderCss, PLACEHOLDER);
  const title = core.heldFrom(category); // with no service or host: the category's title
  // Who it is from: the host it would load from, unless it is the page's own.
  const u = parsed(e.getAttribute('data-src') ?? e.getAttribute('src') ?? '');
  const from = u && u.hostname && u.hostname !== location.hostname ? u.hostname : undefined;
  root.querySelector('p').textContent = fill(core.text('placeholderText'), {
    service: core.heldFrom(category, e.getAttribute('data-service') ?? undefined, from),
    category: title,
  });
  const [once, always] = root.querySelectorAll('button');
  once.textContent = core.text('loadOnce');
  once.onclick = loadOnce;
  if (known[category] === true) {
    always.textContent = fill(core.text('alwaysAllow'), { category: title });
    always.onclick = () => allow(category);
  } else {
    always.remove(); // a category the config lacks cannot be granted
  }
}
