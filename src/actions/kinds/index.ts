import { actionKind } from './action.ts';
import { flowKindEntry } from './flow.ts';
import { registerSkillKind } from './registry.ts';

// The built-in kinds; importing this module (the lifecycle and the executor do) registers them.
registerSkillKind(actionKind);
registerSkillKind(flowKindEntry);

export * from './registry.ts';
