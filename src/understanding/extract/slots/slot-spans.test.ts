import { describe, expect, it } from 'vitest';
import { extractSlotSpans } from './slot-spans.ts';

/** The spans as [slot, words] pairs, in text order, so expectations read like the message. */
const spans = (text: string, requested: string[] = []) =>
  extractSlotSpans(text, requested).map((s) => [s.slot, text.slice(s.start, s.end)]);

describe('extractSlotSpans: dates and times', () => {
  it('keeps the date and the time apart', () => {
    expect(spans('Could we get a table tomorrow at 8pm?')).toEqual([
      ['date', 'tomorrow'],
      ['time', '8pm'],
    ]);
  });

  it('follows the annotation conventions for meridiems and full stops', () => {
    expect(spans('Book it for 7:30 PM.')).toEqual([['time', '7:30 PM.']]);
    expect(spans('Book it for 10:15 AM please')).toEqual([['time', '10:15']]);
    expect(spans('Make it 6pm.')).toEqual([['time', '6pm.']]);
    expect(spans("We'll come at 8 o'clock")).toEqual([['time', '8']]);
    expect(spans('around 5ish would suit us')).toEqual([['time', '5ish']]);
  });

  it('reads spoken times', () => {
    expect(spans('half past seven works')).toEqual([['time', 'half past seven']]);
    expect(spans('we could do seven in the evening')).toEqual([['time', 'seven in the evening']]);
    expect(spans('any time after 6 is fine')).toEqual([['time', '6']]);
  });

  it('reads relative and written-out dates', () => {
    expect(spans('I need a table in 5 days')).toEqual([['date', 'in 5 days']]);
    expect(spans('Is there space on Saturday the 14th of March, 2026?')).toEqual([
      ['date', 'Saturday the 14th of March, 2026'],
    ]);
    expect(spans('how about March the 3rd')).toEqual([['date', 'March the 3rd']]);
    expect(spans('the 12th please', ['date'])).toEqual([['date', '12th']]);
  });

  it('marks "in an hour" as both a date and a time', () => {
    expect(spans('can we come in an hour?')).toEqual([
      ['date', 'in an hour'],
      ['time', 'in an hour'],
    ]);
  });

  it('leaves out past moments and questions about opening hours', () => {
    expect(spans('I booked it 3 days ago')).toEqual([]);
    expect(spans('Are you open on Sunday?')).toEqual([]);
    expect(spans('I said 6pm not 7pm')).toEqual([['time', '6pm']]);
  });

  it('uses the requested slot for a bare number', () => {
    expect(spans('19', ['time'])).toEqual([['time', '19']]);
    expect(spans('19', ['people'])).toEqual([['people', '19']]);
    expect(spans('19')).toEqual([]);
    expect(spans('2115', ['time'])).toEqual([['time', '2115']]);
  });
});

describe('extractSlotSpans: people', () => {
  it.each([
    ['A table for 6 please', '6'],
    ['We are 4 people', '4 people'],
    ['There are eleven of us', 'eleven'],
    ['3 grown-ups... sorry, 3 adults and 2 kids', '3 adults and 2 kids'],
    ['just me and my brother', 'me and my brother'],
    ['my husband and I', 'my husband and I'],
    ['myself and four colleagues', 'myself and four colleagues'],
    ['The 9 of us would like to come', 'The 9'],
    ['Could we have a 6 top?', 'a 6'],
    ['We are a party of seven tonight', 'seven'],
    ['Five persons will join', 'Five'],
  ])('%s → %s', (text, words) => {
    expect(spans(text).filter(([slot]) => slot === 'people')).toEqual([['people', words]]);
  });

  it('takes the corrected number', () => {
    expect(spans('not 5 people, 6').filter(([slot]) => slot === 'people')).toEqual([['people', '6']]);
    expect(spans('we were 3, can you make that 4?').filter(([slot]) => slot === 'people')).toEqual([
      ['people', '4'],
    ]);
  });

  it('does not count times, dates or prices', () => {
    expect(spans('at 7 for 2 people')).toEqual([
      ['time', '7'],
      ['people', '2 people'],
    ]);
    expect(spans('the set menu is $25')).toEqual([]);
  });
});

describe('extractSlotSpans: names', () => {
  it('finds a name after a cue', () => {
    expect(spans('The booking is under the name Marla Quenby')).toEqual([
      ['first_name', 'Marla'],
      ['last_name', 'Quenby'],
    ]);
    expect(spans('you can call me Oskar Velde.')).toEqual([
      ['first_name', 'Oskar'],
      ['last_name', 'Velde'],
    ]);
    expect(spans('Tamsin Hollier here, I booked for 4')).toEqual([
      ['first_name', 'Tamsin'],
      ['last_name', 'Hollier'],
      ['people', '4'],
    ]);
  });

  it('skips a title and a middle name', () => {
    expect(spans('reserve it under Mrs. Ada Lin Worrell')).toEqual([
      ['first_name', 'Ada'],
      ['last_name', 'Worrell'],
    ]);
  });

  it('reads a one-part name by what was asked', () => {
    expect(spans('Quenby', ['first_name', 'last_name', 'last_name'])).toEqual([['last_name', 'Quenby']]);
    expect(spans('Marla', ['first_name', 'last_name'])).toEqual([['first_name', 'Marla']]);
    expect(spans('My surname is Quenby')).toEqual([['last_name', 'Quenby']]);
  });

  it('does not take places, restaurants or exclamations for names', () => {
    expect(spans("I'm looking for Golden Dragon Kitchen")).toEqual([]);
    expect(spans('Oh okay', ['first_name', 'last_name'])).toEqual([]);
    expect(spans('is it near Camden Town?')).toEqual([]);
  });
});
