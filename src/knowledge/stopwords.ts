/**
 * English stop words for indexing and querying. The usual function words plus chat filler
 * ("hi", "please", "want", "need") because customer questions are short and conversational,
 * and a filler word matching an unrelated passage is exactly what makes a spurious answer.
 * Words that carry support meaning (order, return, account, help) are deliberately absent.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being
  below between both but by can cannot could did do does doing down during each either else ever
  few for from further had has have having he her here hers herself him himself his how i if in into
  is it its itself just let me might more most must my myself neither no nor not now of off on once
  only or other ought our ours ourselves out over own same shall she should so some such than that
  the their theirs them themselves then there these they this those through to too under until up
  upon us very was we were what when where whether which while who whom whose why will with within
  would yet you your yours yourself yourselves
  hi hello hey dear please pls thanks thank thx ok okay yes yeah
  use used using uses make makes made put puts come comes take takes happen happens one
  something anything everything nothing someone anyone everyone thing things stuff
  get got getting want wanted wanting need needs needed like would know tell let lets still really
  im ive id ill youre youve youll theyre weve its dont doesnt didnt cant cannot wont isnt arent wasnt
  werent havent hasnt hadnt shouldnt wouldnt couldnt whats hows wheres whens whos thats theres heres`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

/**
 * Words that only complete a question phrase after "how" ("how long", "how much"); on their own
 * they can be content ("long sleeve"), so they are dropped from queries only in that position.
 */
export const HOW_COMPLEMENTS: ReadonlySet<string> = new Set(['long', 'much', 'many', 'often', 'soon', 'far']);
