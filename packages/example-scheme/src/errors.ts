/**
 * The error the interpreter raises for a Scheme-level failure: bad syntax,
 * an unbound variable, a wrong argument, running out of memory. The REPL
 * catches it, prints it and goes on. See docs/design/example-scheme.md `.impl.errors`.
 * .critical: none.
 */

/**
 * A Scheme error: `message` says what went wrong; `expression` is the
 * expression being evaluated, as `write` prints it, when known.
 * @public
 */
export class SchemeError extends Error {
  /** The expression being evaluated when it happened, printed. */
  expression: string | undefined;
  constructor(message: string, expression?: string) {
    super(message);
    this.name = "SchemeError";
    this.expression = expression;
  }
}
