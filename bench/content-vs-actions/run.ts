import { actionDefinitionSchema } from '../../src/actions/definition/schema.ts';
import { type Choice, compete } from '../../src/conversations/engine/compete.ts';
import { DEMO_FAQ, demoActions, RETURNS_POLICY } from '../../src/demo/seed.ts';
import { chunkSections } from '../../src/knowledge/chunk.ts';
import { faqPassages } from '../../src/knowledge/faq.ts';
import { buildKnowledgeIndex } from '../../src/knowledge/index.ts';
import { parseMarkdown } from '../../src/knowledge/parse/markdown.ts';
import { answer } from '../../src/knowledge/retrieve.ts';
import { buildRouter } from '../../src/understanding/routing/index.ts';
import { type Label, MESSAGES } from './data.ts';

/**
 * Content vs actions on the demo agent (issue 9): the demo's real router and knowledge index,
 * the engine's `compete` decision, over the labelled messages in data.ts.
 *   node bench/content-vs-actions/run.ts [--verbose]
 */
const actions = demoActions('https://store.example.com/api').map((a) => actionDefinitionSchema.parse(a));
const router = buildRouter(
  actions.map((a) => ({ id: a.key, name: a.name, description: a.description, triggers: a.triggers })),
);
const index = buildKnowledgeIndex([
  {
    id: 'faq',
    kind: 'faq',
    title: 'FAQ',
    passages: faqPassages({ id: 'faq', title: 'FAQ' }, [{ id: 'faq_1', ...DEMO_FAQ }]),
  },
  {
    id: 'returns',
    kind: 'document',
    title: 'Returns policy',
    passages: chunkSections(
      { id: 'returns', title: 'Returns policy' },
      parseMarkdown(RETURNS_POLICY).sections,
    ),
  },
]);

type Outcome = 'right' | 'asked' | 'wrong';
function judge(label: Label, c: Choice): Outcome {
  if (label.startsWith('either:')) {
    const key = label.slice('either:'.length);
    return c.type === 'knowledge' ||
      (c.type === 'action' && c.key === key) ||
      (c.type === 'ask' && c.key === key)
      ? 'right'
      : 'wrong';
  }
  if (label === 'knowledge') return c.type === 'knowledge' ? 'right' : c.type === 'ask' ? 'asked' : 'wrong';
  if (c.type === 'action') return c.key === label ? 'right' : 'wrong';
  if (c.type === 'ask') return c.key === label ? 'asked' : 'wrong';
  if (c.type === 'clarify') return c.keys.includes(label) ? 'asked' : 'wrong';
  return 'wrong';
}

const verbose = process.argv.includes('--verbose') || process.env.BENCH_VERBOSE === '1';
const tally = {
  knowledge: { n: 0, right: 0, asked: 0, wrong: 0 },
  action: { n: 0, right: 0, asked: 0, wrong: 0 },
  either: { n: 0, right: 0, asked: 0, wrong: 0 },
};
for (const [text, label] of MESSAGES) {
  const route = router.route(text);
  const found = answer(index, text);
  const choice = compete(text, route, found);
  const outcome = judge(label, choice);
  const group = label === 'knowledge' ? 'knowledge' : label.startsWith('either:') ? 'either' : 'action';
  tally[group].n += 1;
  tally[group][outcome] += 1;
  if (verbose && outcome !== 'right')
    console.log(
      `${outcome.padEnd(5)} ${label.padEnd(20)} ${JSON.stringify(choice).padEnd(44)} route=${route.decision}:${route.ranked[0]?.id}@${route.ranked[0]?.score} kn=${found ? `${found.score}/${found.confidence}` : '-'}  ${text}`,
    );
}
const all = Object.values(tally).reduce(
  (a, t) => ({ n: a.n + t.n, right: a.right + t.right, asked: a.asked + t.asked, wrong: a.wrong + t.wrong }),
  { n: 0, right: 0, asked: 0, wrong: 0 },
);
const pct = (x: number, n: number) => `${((100 * x) / n).toFixed(1)} %`;
console.log('| messages | n | right | asked back | wrong |');
console.log('|---|---|---|---|---|');
for (const [name, t] of Object.entries({ ...tally, all }))
  console.log(`| ${name} | ${t.n} | ${pct(t.right, t.n)} | ${pct(t.asked, t.n)} | ${pct(t.wrong, t.n)} |`);
