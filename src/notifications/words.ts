/**
 * Every word of a notification mail, Korean first. Kept in one module, shaped like a message catalogue, so that it
 * moves into the catalogues (src/i18n) as it is.
 */
import type { NotificationKind, Outcome, Stage } from '../domain/vocabulary.js';

export const mailLanguages = ['ko', 'en'] as const;
export type MailLanguage = (typeof mailLanguages)[number];

/** What a subject line and the first sentence may name; `due` is already in the reader's local time. */
export interface MailWords {
  title: string;
  province: string;
  mission: string;
  stage: string;
  outcome: string;
  level: string;
  /** Empty when no deadline applies. */
  due: string;
}

interface Catalogue {
  /** What to do, and by when when there is a deadline. */
  subject: Record<NotificationKind, (words: MailWords) => string>;
  stages: Record<Stage, string>;
  outcomes: Record<Outcome, string>;
  labels: { request: string; province: string; mission: string; stage: string; due: string; open: string };
  /** Why the mail says so little. */
  footer: string;
}

const by = (due: string, ko: boolean) => (due === '' ? '' : ko ? ` — ${due}까지` : ` by ${due}`);

export const mailCatalogues: Readonly<Record<MailLanguage, Catalogue>> = {
  ko: {
    subject: {
      task_assigned: (w) => `[OneTeam] 새 과제 배정: ${w.title}${by(w.due, true)} 수락해 주십시오`,
      info_answered: (w) => `[OneTeam] ${w.province}이(가) 질문에 답했습니다: ${w.title}${by(w.due, true)} 회신`,
      task_cancelled: (w) => `[OneTeam] 과제 취소(요청 종료): ${w.title}`,
      clarification_requested: (w) => `[OneTeam] 외교부 보완 요청: ${w.title}${by(w.due, true)} 답변해 주십시오`,
      info_requested: (w) => `[OneTeam] ${w.mission}의 추가 정보 요청: ${w.title}`,
      mission_responded: (w) => `[OneTeam] ${w.mission} 회신 도착: ${w.title}`,
      review_started: (w) => `[OneTeam] 검토 요청: ${w.title}${by(w.due, true)} 검토해 주십시오`,
      request_closed: (w) => `[OneTeam] 요청 종료(${w.outcome}): ${w.title}`,
      deadline_moved: (w) => `[OneTeam] 기한 변경: ${w.title} — ${w.stage} 기한 ${w.due}`,
      request_submitted: (w) => `[OneTeam] 새 요청(${w.province}): ${w.title}${by(w.due, true)} 분류해 주십시오`,
      clarification_answered: (w) => `[OneTeam] 보완 답변 도착: ${w.title}${by(w.due, true)} 분류해 주십시오`,
      task_declined: (w) => `[OneTeam] ${w.mission} 과제 거절: ${w.title}${by(w.due, true)} 재배정해 주십시오`,
      sla_at_risk: (w) => `[OneTeam] 기한 임박: ${w.title} — ${w.stage}${by(w.due, true)}`,
      sla_breached: (w) => `[OneTeam] 기한 초과(${w.level}): ${w.title} — ${w.stage} 기한 ${w.due}`,
      sla_level3: (w) => `[OneTeam] 긴급 에스컬레이션(${w.level}): ${w.title} — ${w.stage} 기한 ${w.due}`,
    },
    stages: { triage: '분류', clarification: '보완', acceptance: '수락', response: '회신', review: '검토' },
    outcomes: { completed: '완료', rejected: '반려', withdrawn: '철회', auto_closed: '자동 종료' },
    labels: { request: '요청', province: '지자체', mission: '재외공관', stage: '단계', due: '기한', open: '열기' },
    footer: '이 메일에는 요청 내용이 담겨 있지 않습니다. 내용은 OneTeam에 로그인하여 확인하십시오.',
  },
  en: {
    subject: {
      task_assigned: (w) => `[OneTeam] New task: accept "${w.title}"${by(w.due, false)}`,
      info_answered: (w) =>
        `[OneTeam] ${w.province} answered your question on "${w.title}": respond${by(w.due, false)}`,
      task_cancelled: (w) => `[OneTeam] Task cancelled, the request closed: "${w.title}"`,
      clarification_requested: (w) => `[OneTeam] MOFA asks for clarification: answer "${w.title}"${by(w.due, false)}`,
      info_requested: (w) => `[OneTeam] ${w.mission} asks for information on "${w.title}"`,
      mission_responded: (w) => `[OneTeam] ${w.mission} responded on "${w.title}"`,
      review_started: (w) => `[OneTeam] Review "${w.title}"${by(w.due, false)}`,
      request_closed: (w) => `[OneTeam] Request closed (${w.outcome}): "${w.title}"`,
      deadline_moved: (w) => `[OneTeam] Deadline moved: "${w.title}", ${w.stage} now due ${w.due}`,
      request_submitted: (w) => `[OneTeam] New request from ${w.province}: triage "${w.title}"${by(w.due, false)}`,
      clarification_answered: (w) => `[OneTeam] Clarification answered: triage "${w.title}"${by(w.due, false)}`,
      task_declined: (w) => `[OneTeam] ${w.mission} declined "${w.title}": reassign${by(w.due, false)}`,
      sla_at_risk: (w) => `[OneTeam] At risk: "${w.title}", ${w.stage} due ${w.due}`,
      sla_breached: (w) => `[OneTeam] Breached (${w.level}): "${w.title}", ${w.stage} was due ${w.due}`,
      sla_level3: (w) => `[OneTeam] Escalated (${w.level}): "${w.title}", ${w.stage} was due ${w.due}`,
    },
    stages: {
      triage: 'triage',
      clarification: 'clarification',
      acceptance: 'acceptance',
      response: 'response',
      review: 'review',
    },
    outcomes: {
      completed: 'completed',
      rejected: 'rejected',
      withdrawn: 'withdrawn',
      auto_closed: 'closed unreviewed',
    },
    labels: {
      request: 'Request',
      province: 'Province',
      mission: 'Mission',
      stage: 'Stage',
      due: 'Due',
      open: 'Open',
    },
    footer: 'This mail carries no request content. Sign in to OneTeam to read it.',
  },
};

export const levelWords: Readonly<Record<MailLanguage, (level: number) => string>> = {
  ko: (level) => `${level}단계`,
  en: (level) => `level ${level}`,
};

export function mailLanguageOf(language: string): MailLanguage {
  return (mailLanguages as readonly string[]).includes(language) ? (language as MailLanguage) : 'ko';
}
