export { buildRouter } from './router.ts';
export type { RouteCandidate, RouteResult, RouteScore, Router, RouterOptions } from './types.ts';
