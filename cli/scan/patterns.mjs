// Cookie-name patterns as the config writes them: `*` stands for any run of
// characters (`_ga_*`, `wordpress_logged_in_*`, `*_session`). The same rule
// as the core's `matches_pattern` (src/core/cookie.rs), which deletes the
// cookies on withdrawal; tests/e2e/scan-data.test.mjs runs both on one table.

/** Whether `name` matches `pattern`. */
export function matchesPattern(pattern, name) {
  let pi = 0;
  let ni = 0;
  let star = -1;
  let taken = 0;
  while (ni < name.length) {
    if (pattern[pi] === '*') {
      star = pi++;
      taken = ni;
    } else if (pi < pattern.length && pattern[pi] === name[ni]) {
      pi++;
      ni++;
    } else if (star >= 0) {
      pi = star + 1;
      ni = ++taken;
    } else return false;
  }
  while (pattern[pi] === '*') pi++;
  return pi === pattern.length;
}

/** The characters of a pattern that are not `*`: the longer, the more specific. */
export function specificity(pattern) {
  return pattern.replaceAll('*', '').length;
}
