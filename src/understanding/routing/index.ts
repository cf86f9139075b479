export { buildRouter } from './router.ts';
export type { RouteCandidate, RouteResult, Router, RouterOptions, RouteScore } from './types.ts';
