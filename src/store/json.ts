/**
 * jsonb values are written as JSON text: node-postgres would turn a JS array into a
 * PostgreSQL array literal, and PGlite passes strings to json columns untouched, so text
 * is the one form both backends store identically.
 */
export const toJson = (value: unknown): string => JSON.stringify(value ?? null);
