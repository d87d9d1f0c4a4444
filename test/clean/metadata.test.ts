import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectLanguage, normalizeLanguageCode } from '../../src/clean/language.js';
import { resolvePublished, type PublishedInput } from '../../src/clean/published.js';
import { publishedOnSeeds, resolveSeed } from '../../eval/published.js';
import { hasShared, SHARED_DIR } from '../helpers/shared.js';

const pub = (text: string, more: Partial<PublishedInput> = {}) => resolvePublished({ text, language: 'en', ...more });

describe('published: declared dates', () => {
  it('parses RFC 822', () => {
    assert.deepEqual(pub('', { declared: 'Tue, 10 Jun 2003 04:00:00 GMT' }), { value: '2003-06-10', precision: 'day', kind: 'date' });
  });
  it('parses ISO 8601 and keeps the stated local day', () => {
    assert.equal(pub('', { declared: '2022-05-26T10:00:00+02:00' })?.value, '2022-05-26');
    assert.equal(pub('', { declared: '2019-11-30T23:30:00-05:00' })?.value, '2019-11-30');
    assert.equal(pub('', { declared: '20181004' })?.value, '2018-10-04');
  });
  it('parses written dates in English and French', () => {
    assert.equal(pub('', { declared: 'May 26, 2022' })?.value, '2022-05-26');
    assert.equal(pub('', { declared: 'Thursday, September 3, 2020 10:15 AM' })?.value, '2020-09-03');
    assert.equal(pub('', { declared: '26 mai 2022', language: 'fr' })?.value, '2022-05-26');
    assert.equal(pub('', { declared: 'mardi 1er décembre 2020', language: 'fr' })?.value, '2020-12-01');
  });
  it('parses numeric dates and epochs', () => {
    assert.equal(pub('', { declared: '26/05/2022', language: 'fr' })?.value, '2022-05-26');
    assert.equal(pub('', { declared: '26.05.2022', language: 'de' })?.value, '2022-05-26');
    assert.equal(pub('', { declared: String(Date.UTC(2021, 6, 14, 9) / 1000) })?.value, '2021-07-14');
    assert.equal(pub('', { declared: String(Date.UTC(2021, 6, 14, 9)) })?.value, '2021-07-14');
  });
  it('falls through to the text when the declared date is invalid', () => {
    assert.equal(pub('Published: 4 August 2017\n\nThe port reopened.', { declared: 'not a date' })?.value, '2017-08-04');
    assert.equal(pub('The port reopened yesterday.', { declared: '2022-13-45' }), null);
  });
});

describe('published: datelines', () => {
  it('reads a keyword dateline with its year', () => {
    assert.deepEqual(pub('Published: 12 March 2022\n\nThe harbour authority closed two berths.'), { value: '2022-03-12', precision: 'day', kind: 'date' });
    assert.equal(pub('Updated 10:32 GMT, 4 May 2023\n\nFarmers protested in the capital.')?.value, '2023-05-04');
  });
  it('reads a French dateline', () => {
    assert.equal(pub('Mis à jour le 3 juin 2022 à 10h32\n\nLes agriculteurs ont manifesté.', { language: 'fr' })?.value, '2022-06-03');
  });
  it('reads a head line that is only a date, and prefers a valid declared date', () => {
    assert.equal(pub('By Ana Ruiz\nMonday 12 June 2023\n\nThe ferry service resumed.')?.value, '2023-06-12');
    assert.equal(pub('Published: 12 March 2022\n\nThe ferry service resumed.', { declared: '2022-03-11' })?.value, '2022-03-11');
  });
  it('lets the latest update win', () => {
    const text = 'Published: 3 March 2021\nUpdated: 5 March 2021\n\nThe dam was inspected by engineers.';
    assert.equal(pub(text)?.value, '2021-03-05');
  });
  it('takes the year of a yearless dateline from the content', () => {
    const text = [
      'UPDATE, OCTOBER 9:',
      'The council reversed its decision after a second vote.',
      'ORIGINAL ENTRY, OCTOBER 2: The regional council voted to close the old bridge.',
      'The bridge opened in 1987 and was repaired in 2014. Engineers inspected it in March 2019.',
      'On September 20, inspectors reported new cracks.',
    ].join('\n');
    assert.deepEqual(pub(text), { value: '2019-10-09', precision: 'day', kind: 'date', inferred: true });
  });
  it('rolls a wire dateline into the next year when the content requires it', () => {
    const text = 'HARARE, Jan 5 (Reuters) - The electoral commission, which held a disputed vote in November 2021, said it would publish its audit.';
    assert.deepEqual(pub(text), { value: '2022-01-05', precision: 'day', kind: 'date', inferred: true });
  });
});

describe('published: inference from the content', () => {
  it('places yearless month-days after a month-year and stops before future events', () => {
    const text = [
      'In November 2019, the council dissolved parliament.',
      'On February 3, the president appointed a new cabinet.',
      'On February 10, thousands of protesters gathered in the capital.',
      'A referendum will take place on April 20.',
    ].join('\n');
    assert.deepEqual(pub(text), { value: '2020-02', precision: 'month', kind: 'date', inferred: true });
  });
  it('does the same in French', () => {
    const text = [
      'En novembre 2019, le conseil a dissous le parlement.',
      'Le 3 février, le président a nommé un nouveau gouvernement.',
      'Un référendum aura lieu le 20 avril.',
    ].join('\n');
    assert.deepEqual(pub(text, { language: 'fr' }), { value: '2020-02', precision: 'month', kind: 'date', inferred: true });
  });
  it('distinguishes future from past month-days', () => {
    // May 30 is announced, not past: the text is from before it, just after the past April event.
    const text = 'The treaty was signed in 2016. Talks resumed on April 14 in Geneva. The delegations will meet again on May 30.';
    assert.deepEqual(pub(text), { value: '2016-04', precision: 'month', kind: 'date', inferred: true });
  });
  it('reads a bare month spoken of as a whole as a past month', () => {
    const text = 'Elections were held in 2018. The government resigned in March, and the new cabinet will be sworn in by the summer.';
    assert.deepEqual(pub(text), { value: '2018-04', precision: 'month', kind: 'date', inferred: true });
  });
  it('reads reported future ("would") and far-off plans as future', () => {
    const text = 'The vote was postponed in 2015. The commission said on October 8 that the new vote would take place in 2017.';
    assert.deepEqual(pub(text), { value: '2015-10', precision: 'month', kind: 'date', inferred: true });
    assert.equal(pub('The union adopted its Agenda 2090 in 2011.')?.value, '2011');
  });
  it('reads a French month spoken of as a whole as past', () => {
    const text = "Les élections ont eu lieu en 2017. En janvier, le gouvernement a démissionné. Le nouveau cabinet sera nommé d'ici l'été.";
    assert.deepEqual(pub(text, { language: 'fr' }), { value: '2017-02', precision: 'month', kind: 'date', inferred: true });
  });
  it('anchors a duration on its start year', () => {
    const text = 'The navy first deployed ships to the strait in 2011, and the patrols turned into a seven-year campaign. Piracy has fallen since 2014.';
    assert.deepEqual(pub(text), { value: '2018', precision: 'year', kind: 'date', inferred: true });
    const fr = "L'armée est intervenue dans la région en 2012, et cette guerre de huit ans a coûté cher. Les attaques ont repris depuis 2015.";
    assert.equal(pub(fr, { language: 'fr' })?.value, '2020');
  });
  it('reads "last year" next to an explicit year', () => {
    assert.equal(pub('The mine closed last year (2016) after a long strike.')?.value, '2017');
  });
  it('reports only a year when the latest evidence is an explicit year', () => {
    const text = 'The rebellion began in 2012. Two coups followed, in August 2020 and May 2021.';
    assert.deepEqual(pub(text), { value: '2021', precision: 'year', kind: 'date', inferred: true });
  });
  it('returns null when the text holds no year', () => {
    assert.equal(pub('Last week the minister said that the talks would resume on Monday. On March 3, the envoy left.'), null);
    assert.equal(pub('Elections will be held in 2030.'), null);
    assert.equal(pub(''), null);
  });
  it('does not take counts for years', () => {
    assert.equal(pub('Some 2000 soldiers and 1990 civilians were evacuated.'), null);
  });
});

describe('language', () => {
  it('detects Latin-script languages by function words', () => {
    assert.equal(detectLanguage('The ministry said on Tuesday that the bridge would remain closed until the engineers have finished their work.'), 'en');
    assert.equal(detectLanguage("Le ministère a indiqué mardi que le pont resterait fermé jusqu'à ce que les ingénieurs aient terminé leur travail."), 'fr');
    assert.equal(detectLanguage('Das Ministerium teilte am Dienstag mit, dass die Brücke geschlossen bleibt, bis die Ingenieure ihre Arbeit beendet haben.'), 'de');
    assert.equal(detectLanguage('El ministerio dijo el martes que el puente seguirá cerrado hasta que los ingenieros terminen su trabajo.'), 'es');
    assert.equal(detectLanguage('Il ministero ha detto martedì che il ponte resterà chiuso finché gli ingegneri non avranno finito il loro lavoro.'), 'it');
    assert.equal(detectLanguage('O ministério disse na terça-feira que a ponte continuará fechada até que os engenheiros terminem o seu trabalho.'), 'pt');
    assert.equal(detectLanguage('Het ministerie zei dinsdag dat de brug gesloten blijft tot de ingenieurs hun werk hebben afgerond.'), 'nl');
  });
  it('detects non-Latin scripts', () => {
    assert.equal(detectLanguage('Министерство заявило во вторник, что мост останется закрытым, пока инженеры не закончат работу.'), 'ru');
    assert.equal(detectLanguage('قالت الوزارة يوم الثلاثاء إن الجسر سيبقى مغلقا حتى ينهي المهندسون عملهم.'), 'ar');
    assert.equal(detectLanguage('Το υπουργείο δήλωσε την Τρίτη ότι η γέφυρα θα παραμείνει κλειστή.'), 'el');
    assert.equal(detectLanguage('省は火曜日、技術者が作業を終えるまで橋は閉鎖されたままだと述べた。'), 'ja');
    assert.equal(detectLanguage('该部周二表示，在工程师完成工作之前，这座桥将继续关闭。'), 'zh');
  });
  it('overrides a wrong declaration on a clear text, and follows it on a close call or short text', () => {
    assert.equal(detectLanguage("Le ministère a indiqué mardi que le pont resterait fermé jusqu'à la fin des travaux.", 'en'), 'fr');
    assert.equal(detectLanguage('Mali', 'fr-FR'), 'fr');
    assert.equal(detectLanguage('Bamako, Mali', 'French'), 'fr');
    assert.equal(detectLanguage('', null), 'en');
    assert.equal(detectLanguage('ok', 'zz'), 'en');
  });
  it('always returns two lowercase letters', () => {
    for (const [t, d] of [['', 'ENG'], ['xyz', 'pt-BR'], ['1234', undefined], ['…', 'x']] as Array<[string, string | undefined]>) {
      assert.match(detectLanguage(t, d), /^[a-z]{2}$/);
    }
    assert.equal(normalizeLanguageCode('pt-BR'), 'pt');
    assert.equal(normalizeLanguageCode('fra'), 'fr');
    assert.equal(normalizeLanguageCode('qq'), null);
  });
  it('samples only the head of a long text', () => {
    // English at the head, far more French after it: only a sample of the head decides.
    const text = 'The council met on Monday and the ministers agreed on the budget. '.repeat(200) + 'Le conseil s’est réuni lundi et les ministres ont adopté le budget. '.repeat(20000);
    assert.equal(detectLanguage(text), 'en');
  });
});

describe('published: seeds', { skip: !hasShared && 'shared folder absent' }, () => {
  it('gets the publication date of 3 of the 5 seeds (000, 003, 004), and no guess on the yearless one', () => {
    const results = publishedOnSeeds(SHARED_DIR, resolveSeed);
    if (!results.length) return;
    const ok = results.filter((r) => r.ok).map((r) => r.file.slice(0, 3));
    assert.ok(ok.length >= 3, `right on ${ok.join(', ')}`);
    const yearless = results.find((r) => r.file.startsWith('002'));
    if (yearless) assert.equal(yearless.got, null);
  });
  it('still does without the first line (a caption) of each seed', () => {
    const results = publishedOnSeeds(SHARED_DIR, (f, text) => resolveSeed(f, text.split('\n').slice(1).join('\n')));
    if (!results.length) return;
    assert.ok(results.filter((r) => r.ok).length >= 3);
  });
});
