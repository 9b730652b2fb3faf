/** Details shown under a failed assertion: `found`/`wanted` make tap print a diff. */
export type AssertExtra = { [field: string]: any };
/** An assertion's message and details, spelt as tap spells them, so tap's `t` fits exactly. */
export type AssertMessage = [] | [message: string] | [message: string, extra: AssertExtra];

/**
 * The part of a tap test the contract kit uses. tap's own `t` fits it, so a plugin's test passes
 * its `t` straight in; the kit's own tests pass a recorder instead, to prove a broken plugin fails.
 *
 * @example
 *   t.test('shopify source contract', (t) => sourceContract(t, options));
 */
export interface ContractTest {
  /**
   * Runs a named subtest; resolves when it has ended. A throw inside it fails that subtest. `fn`
   * is async: tap ends a subtest when its promise settles, and waits forever on a plain function.
   */
  test(name: string, fn: (t: ContractTest) => Promise<void>): PromiseLike<unknown>;
  ok(value: unknown, ...message: AssertMessage): boolean;
  pass(...message: AssertMessage): boolean;
  fail(...message: AssertMessage): boolean;
  comment(...message: unknown[]): void;
}
