// Progress on stderr: a bar redrawn in place on a terminal, one plain line
// per page otherwise (CI logs).
const NAMES = ['no choice', 'accept all', 'reject all'];

export function progress(stream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  let drawn = false;
  const update = ({ pass, page, total, url, step }) => {
    const label = `pass ${pass + 1}/3 (${NAMES[pass]})`;
    const what = step ? `${step}() on ${url}` : url;
    if (!tty) {
      stream.write(`consentry scan: ${label} ${step ? 'choice' : `page ${page + 1}/${total}`}: ${what}\n`);
      return;
    }
    const width = 24;
    const done = Math.round((width * page) / Math.max(1, total));
    const bar = `[${'#'.repeat(done)}${'.'.repeat(width - done)}]`;
    const columns = stream.columns || 100;
    const line = `${bar} ${label} ${page}/${total} ${what}`.slice(0, columns - 1);
    stream.write(`\r\x1b[2K${line}`);
    drawn = true;
  };
  update.end = () => {
    if (tty && drawn) stream.write('\r\x1b[2K');
  };
  return update;
}
