// shared/time: vendor time strings → UTC ms, with zone-less input reported rather than guessed silently.
import { describe, expect, it } from 'vitest';
import { parseIsoTime, parseLocaleOrIsoTime, toIso } from '../../src/adapters/shared/time.js';
import { ms } from '../helpers/fixtures.js';

describe('parseIsoTime', () => {
  it.each([
    ['2026-05-01T10:02:11Z', '2026-05-01T10:02:11.000Z', 'CloudTrail eventTime (extended, seconds, Z)'],
    ['2026-05-01T10:02:11z', '2026-05-01T10:02:11.000Z', 'lower-case z'],
    ['2026-05-01T10:02:11.123Z', '2026-05-01T10:02:11.123Z', 'milliseconds'],
    ['2026-05-01T10:02:11.1875602Z', '2026-05-01T10:02:11.187Z', 'Entra 7-digit fraction, truncated to ms'],
    ['2026-05-01T10:02:11.123456789Z', '2026-05-01T10:02:11.123Z', 'GCP 9-digit fraction, truncated to ms'],
    ['2026-05-01T10:02:11.999999999Z', '2026-05-01T10:02:11.999Z', 'a 9-digit fraction never rounds into the next second'],
    ['2026-05-01T10:02:11.5Z', '2026-05-01T10:02:11.500Z', 'one fraction digit is tenths'],
    ['2026-05-01T10:02:11,25Z', '2026-05-01T10:02:11.250Z', 'ISO comma decimal sign'],
    ['2026-05-01T10:02:11+00:00', '2026-05-01T10:02:11.000Z', 'Entra createdDateTime +00:00'],
    ['2026-05-01T12:02:11+02:00', '2026-05-01T10:02:11.000Z', 'git committer offset east of UTC'],
    ['2026-05-01T02:02:11-08:00', '2026-05-01T10:02:11.000Z', 'LookupEvents CLI local offset west of UTC'],
    ['2026-05-01T15:32:11+0530', '2026-05-01T10:02:11.000Z', 'offset without a colon, with minutes'],
    ['2026-05-01T12:02:11+02', '2026-05-01T10:02:11.000Z', 'hour-only offset'],
    ['2026-05-01T10:02Z', '2026-05-01T10:02:00.000Z', 'no seconds'],
    ['20260501T095802Z', '2026-05-01T09:58:02.000Z', 'basic notation (CloudTrail creationDate in AWS docs)'],
    ['20131102T010628Z', '2013-11-02T01:06:28.000Z', 'the AWS documentation example itself'],
    ['20260501T115802+0200', '2026-05-01T09:58:02.000Z', 'basic notation with an offset'],
    ['  2026-05-01T10:02:11Z  ', '2026-05-01T10:02:11.000Z', 'surrounding blanks'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z', 'a leap day'],
  ])('%s → %s (%s)', (text, expected) => {
    expect(parseIsoTime(text)).toEqual({ ms: ms(expected), zoneless: false });
  });

  it.each([
    ['2026-05-01 10:02:11', '2026-05-01T10:02:11.000Z', 'SIEM space form'],
    ['2026-05-01 10:02:11.123', '2026-05-01T10:02:11.123Z', 'space form with ms'],
    ['2026-05-01 10:02:11.1234567', '2026-05-01T10:02:11.123Z', 'space form with 7 digits'],
    ['2026-05-01T10:02:11', '2026-05-01T10:02:11.000Z', 'T form without a zone'],
    ['20260501T095802', '2026-05-01T09:58:02.000Z', 'basic form without a zone'],
    ['2026-05-01', '2026-05-01T00:00:00.000Z', 'a bare date is its midnight'],
  ])('%s has no zone: read as UTC %s and reported zone-less (%s)', (text, expected) => {
    expect(parseIsoTime(text)).toEqual({ ms: ms(expected), zoneless: true });
  });

  it('a space before the zone (Panther "2020-11-05 21:21:46Z") still carries the zone', () => {
    expect(parseIsoTime('2020-11-05 21:21:46 Z')).toEqual({ ms: ms('2020-11-05T21:21:46Z'), zoneless: false });
    expect(parseIsoTime('2020-11-05 21:21:46Z')).toEqual({ ms: ms('2020-11-05T21:21:46Z'), zoneless: false });
  });

  it.each([
    ['redacted', 'a placeholder word'],
    ['...', 'an elision'],
    ['', 'empty'],
    ['1777644333.0', 'epoch seconds (not ISO)'],
    ['May 1, 2026 11:17:11 AM', 'locale text (not ISO; see parseLocaleOrIsoTime)'],
    ['2026-13-01T00:00:00Z', 'month 13'],
    ['2026-00-10T00:00:00Z', 'month 0'],
    ['2026-02-29T00:00:00Z', 'Feb 29 in a common year'],
    ['2026-04-31T00:00:00Z', 'April 31 (Date.UTC would roll it into May)'],
    ['2026-05-00T00:00:00Z', 'day 0'],
    ['2026-05-01T24:00:00Z', 'hour 24'],
    ['2026-05-01T10:60:00Z', 'minute 60'],
    ['2026-05-01T10:02:61Z', 'second 61'],
    ['2026-05-01T10:02:11+25:00', 'an offset no clock has'],
    ['2026-05-01T10:02:11+02:75', 'offset minutes 75'],
    ['2026-05-01T10:02:11.Z', 'a decimal point without digits'],
    ['2026-05-01T10:02:11Zjunk', 'trailing text'],
    ['2026-5-1T10:02:11Z', 'unpadded month and day'],
  ])('%s is not a time (%s)', (text) => {
    expect(parseIsoTime(text)).toBeUndefined();
  });
});

describe('parseLocaleOrIsoTime', () => {
  it.each([
    ['May 1, 2026 11:17:11 AM', '2026-05-01T11:17:11Z', 'docs-era form, no comma after the year'],
    ['May 1, 2026, 11:17:11 AM', '2026-05-01T11:17:11Z', 'current form, comma after the year'],
    ['May 1, 2026 1:05:00 PM', '2026-05-01T13:05:00Z', 'single-digit PM hour'],
    ['May 1, 2026, 12:30:00 PM', '2026-05-01T12:30:00Z', '12 PM is noon'],
    ['May 2, 2026, 12:15:00 AM', '2026-05-02T00:15:00Z', '12 AM is the first hour of the day'],
    ['May 1, 2026, 11:59:59 PM', '2026-05-01T23:59:59Z', 'last second of the day'],
    ['Oct 2, 2019 11:12:29 PM', '2019-10-02T23:12:29Z', 'the FORMATS.md example'],
    ['Jul 30, 2024, 9:46:15 PM', '2024-07-30T21:46:15Z', 'a real Stratus record'],
    ['Jan 22, 2021 12:46:28 AM', '2021-01-22T00:46:28Z', 'the CloudTrail source-identity doc example'],
    ['Sept 3, 2026, 1:00:00 AM', '2026-09-03T01:00:00Z', 'a four-letter month abbreviation'],
    ['may 1, 2026 11:17:11 am', '2026-05-01T11:17:11Z', 'lower case'],
  ])('%s → %s (%s)', (text, expected) => {
    // The locale text has no zone marker but CloudTrail writes it in UTC: it is not flagged as a guess.
    expect(parseLocaleOrIsoTime(text)).toEqual({ ms: ms(expected), zoneless: false });
  });

  it('falls back to ISO, zone flag included', () => {
    expect(parseLocaleOrIsoTime('2026-05-01T22:15:33Z')).toEqual({ ms: ms('2026-05-01T22:15:33Z'), zoneless: false });
    expect(parseLocaleOrIsoTime('2026-05-01 22:15:33')).toEqual({ ms: ms('2026-05-01T22:15:33Z'), zoneless: true });
  });

  it.each([
    ['Foo 1, 2026 11:17:11 AM', 'an unknown month'],
    ['May 1, 2026 13:05:00 PM', 'hour 13 on a 12-hour clock'],
    ['May 1, 2026 0:05:00 AM', 'hour 0 on a 12-hour clock'],
    ['Feb 30, 2026 1:00:00 AM', 'Feb 30'],
    ['May 1, 2026 11:17:11', 'no AM/PM'],
    ['May 1 2026 11:17:11 AM', 'no comma after the day'],
    ['soon', 'not a time at all'],
  ])('%s is not a time (%s)', (text) => {
    expect(parseLocaleOrIsoTime(text)).toBeUndefined();
  });
});

describe('toIso', () => {
  it('prints UTC with milliseconds', () => {
    expect(toIso(ms('2026-05-01T10:02:11.123Z'))).toBe('2026-05-01T10:02:11.123Z');
  });
});
