import { describe, expect, it } from 'vitest';
import { mailFacts, type MailSource } from '../../../src/access/need-to-know.js';
import { formatDue, renderMail } from '../../../src/notifications/mail.js';

const source: MailSource = {
  requestId: '0b7f3c2e-0000-4000-8000-000000000001',
  taskId: null,
  title: 'Students <for> "Chungbuk"',
  description: 'CONFIDENTIAL-DESCRIPTION',
  provinceCode: 'KR-43',
  missionCode: 'SA-RUH',
  stage: 'acceptance',
  level: null,
  dueAt: null,
  outcome: null,
  eventData: { question: 'CONFIDENTIAL-QUESTION', note: 'CONFIDENTIAL-NOTE' },
};
const names: Record<string, { en: string; ko: string }> = {
  'KR-43': { en: 'Chungcheongbuk-do', ko: '충청북도' },
  'SA-RUH': { en: 'Embassy in Riyadh', ko: 'Embassy in Riyadh' },
};
const render = (language: string, timeZone: string, dueAt: Date | null = new Date('2027-03-05T06:00:00Z')) =>
  renderMail({
    kind: 'task_assigned',
    facts: mailFacts(source),
    language,
    timeZone,
    dueAt,
    link: `https://oneteam.example/app/requests/${source.requestId}`,
    agencyName: (code, lang) => names[code]![lang],
  });

describe('a notification mail', () => {
  it('carries the title, the agencies and the link, never the request text nor what the event said', () => {
    const facts = mailFacts(source);
    expect(facts).not.toHaveProperty('description');
    expect(facts).not.toHaveProperty('eventData');
    for (const language of ['ko', 'en']) {
      const mail = render(language, 'Asia/Riyadh');
      for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/CONFIDENTIAL/);
      expect(mail.text).toContain(`https://oneteam.example/app/requests/${source.requestId}`);
      expect(mail.html).toContain('Students &#60;for&#62; &#34;Chungbuk&#34;');
    }
  });

  it('says what to do and by when in the reader language and local time', () => {
    const ko = render('ko', 'Asia/Riyadh');
    expect(ko.subject).toBe(
      `[OneTeam] 새 과제 배정: Students <for> "Chungbuk" — ${formatDue(new Date('2027-03-05T06:00:00Z'), 'ko', 'Asia/Riyadh')}까지 수락해 주십시오`,
    );
    expect(ko.subject).toContain('2027년 3월 5일 (금) AM 09:00');
    expect(ko.text).toContain('지자체: 충청북도');
    const en = render('en', 'America/Los_Angeles');
    expect(en.subject).toBe('[OneTeam] New task: accept "Students <for> "Chungbuk"" by Thu, 4 Mar 2027, 22:00 GMT-8');
    expect(en.text).toContain('Province: Chungcheongbuk-do');
  });

  it('leaves "by when" out when no deadline applies, and falls back to Korean for an unknown language', () => {
    expect(render('en', 'UTC', null).subject).toBe('[OneTeam] New task: accept "Students <for> "Chungbuk""');
    expect(render('fr', 'UTC', null).subject).toBe('[OneTeam] 새 과제 배정: Students <for> "Chungbuk" 수락해 주십시오');
  });
});
