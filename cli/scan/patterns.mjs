// Cookie-name patterns as the config writes them: `*` stands for any run of
// characters (`_ga_*`, `wordpress_logged_in_*`, `*_session`), matched by the
// core's own rule (the one withdrawal deletes by), through consentry/server.
import { server } from './core.mjs';

/** Whether `name` matches `pattern`. */
export function matchesPattern(pattern, name) {
  return server.cookieMatches(pattern, name);
}

/** The characters of a pattern that are not `*`: the longer, the more specific. */
export function specificity(pattern) {
  return pattern.replaceAll('*', '').length;
}
