import { crmSkillKind } from '../../integrations/hubspot/skill-kind.ts';
import { actionKind } from './action.ts';
import { flowKindEntry } from './flow.ts';
import { registerSkillKind } from './registry.ts';

// The built-in kinds; importing this module (the lifecycle and the executor do) registers them.
registerSkillKind(actionKind);
registerSkillKind(flowKindEntry);
registerSkillKind(crmSkillKind);

export * from './registry.ts';
