/**
 * A request the scaffolder refuses (a bad name, an existing folder, an unknown option). Its
 * message says what to do instead; the command prints it without a stack and exits with 2.
 */
export class CreatePluginError extends Error {
  override readonly name = 'CreatePluginError';
}
