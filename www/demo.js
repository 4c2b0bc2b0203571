// The demo's own code, bundled by webpack. It imports the package exactly as
// a site would; the JSON config tag in the page starts it.
import consentry from 'consentry';

const categories = ['necessary', 'analytics', 'marketing'];

function render() {
  const body = document.querySelector('#status tbody');
  body.replaceChildren(
    ...categories.map((name) => {
      const row = document.createElement('tr');
      const cell = (text) => {
        const td = document.createElement('td');
        td.textContent = text;
        return td;
      };
      row.append(cell(name), cell(String(consentry.hasConsent(name))));
      return row;
    }),
  );
  document.getElementById('ran').textContent = (window.demoRan || []).join(', ') || 'none';
}

window.addEventListener('consentry:change', () => setTimeout(render));
document.getElementById('forget').addEventListener('click', () => {
  document.cookie = 'consentry=; Max-Age=0; Path=/';
  location.reload();
});
consentry.init().then(render, (e) => console.error(e));
render();
