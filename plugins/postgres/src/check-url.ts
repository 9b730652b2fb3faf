import { configError } from './config-error.js';

/**
 * Fails early, and without repeating it, on a postgres:// url that does not parse: left to pg,
 * the failure would surface at the first query with the url inside the error.
 */
export function checkUrl(url: string): void {
  // libpq key=value strings and socket paths are pg's to judge.
  if (!/^postgres(ql)?:\/\//i.test(url)) return;
  try {
    new URL(url);
  } catch {
    throw configError('url is not a valid postgres:// connection string', '/url');
  }
}
