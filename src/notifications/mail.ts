/** A notification as a mail: subject, plain text and HTML in the reader's language and time zone. */
import type { MailFacts } from '../access/need-to-know.js';
import type { NotificationKind } from '../domain/vocabulary.js';
import { levelWords, mailCatalogues, mailLanguageOf, type MailWords } from './words.js';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface RenderInput {
  kind: NotificationKind;
  facts: MailFacts;
  language: string;
  timeZone: string;
  /** The deadline the reader must meet, when one applies. */
  dueAt: Date | null;
  /** Page the mail links to. */
  link: string;
  agencyName: (code: string, language: 'ko' | 'en') => string;
}

export function formatDue(at: Date, language: 'ko' | 'en', timeZone: string): string {
  return new Intl.DateTimeFormat(language === 'ko' ? 'ko-KR' : 'en-GB', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
}

export function renderMail(input: RenderInput): MailContent {
  const language = mailLanguageOf(input.language);
  const catalogue = mailCatalogues[language];
  const { facts } = input;
  const words: MailWords = {
    title: facts.title,
    province: input.agencyName(facts.provinceCode, language),
    mission: facts.missionCode === null ? '' : input.agencyName(facts.missionCode, language),
    stage: facts.stage === null ? '' : catalogue.stages[facts.stage],
    outcome: facts.outcome === null ? '' : catalogue.outcomes[facts.outcome],
    level: facts.level === null ? '' : levelWords[language](facts.level),
    due: input.dueAt === null ? '' : formatDue(input.dueAt, language, input.timeZone),
  };
  const subject = catalogue.subject[input.kind](words);
  const { labels } = catalogue;
  const lines: Array<[string, string]> = [
    [labels.request, words.title],
    [labels.province, words.province],
    ...(words.mission === '' ? [] : [[labels.mission, words.mission] as [string, string]]),
    ...(words.stage === '' ? [] : [[labels.stage, words.stage] as [string, string]]),
    ...(words.due === '' ? [] : [[labels.due, words.due] as [string, string]]),
  ];
  const text = [
    subject.replace(/^\[OneTeam\] /, ''),
    '',
    ...lines.map(([label, value]) => `${label}: ${value}`),
    `${labels.open}: ${input.link}`,
    '',
    catalogue.footer,
    '',
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escape(subject)}</title></head><body>`,
    `<p>${escape(subject.replace(/^\[OneTeam\] /, ''))}</p>`,
    '<table>',
    ...lines.map(
      ([label, value]) => `<tr><th scope="row" align="left">${escape(label)}</th><td>${escape(value)}</td></tr>`,
    ),
    '</table>',
    `<p><a href="${escape(input.link)}">${escape(labels.open)}</a></p>`,
    `<p><small>${escape(catalogue.footer)}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
