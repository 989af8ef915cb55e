/**
 * The slots of `heap.globals`, a root the interpreter keeps its own
 * references in: the global environment, and the symbols and primitives
 * the expander builds code from. See docs/design/example-scheme.md `.impl.roots`.
 * .critical: none.
 */

/** The global environment: an eq hash table from symbols to values. */
export const G_ENV = 0;
/** Symbols and primitives the expander builds code from. */
export const G_LAMBDA = 1, G_LAMBDA2 = 2, G_BEGIN = 3, G_IF = 4, G_LET = 5, G_LETSTAR = 6, G_LETREC = 7, G_SET = 8,
  G_QUOTE = 9, G_ELSE = 10, G_ARROW = 11, G_UNQUOTE = 12, G_SPLICING = 13, G_QQ = 14, G_OR = 15, G_TMP = 16,
  G_LOOP = 17, G_DEFINE = 18, G_CONS = 19, G_APPEND = 20, G_LIST2VEC = 21, G_MEMV = 22, G_LIST = 23, G_NGLOBALS = 24;
/** The first slot of `heap.globals` that primitives may use for their own references. */
export const G_FREE = G_NGLOBALS;

/**
 * Slot of the console port.
 * @public
 */
export const G_CONSOLE = G_FREE;
