/** Kept for modules written before the context moved to src/context.ts. */
export type { AppContext } from '../context.ts';
