import { userInfo } from 'node:os';

/**
 * Who does an operator action, for the audit trail: `--actor`, else `DATONG_ACTOR`, else the OS
 * user running the command.
 */
export function actorOf(flags: { actor?: string }): string {
  if (flags.actor) return flags.actor;
  if (process.env.DATONG_ACTOR) return process.env.DATONG_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
