import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { scopeMessages, visibleRequest, seeMessage, writableAudiences, type Viewer } from '../access/need-to-know.js';
import type { MessageAudience } from '../domain/vocabulary.js';
import { conflict, forbidden, notFound, validationFailed } from '../errors.js';
import type { AccessLog, AccessPoint } from '../repositories/access-log.js';
import type { MessageRepository, MessageRow } from '../repositories/messages.js';
import type { RequestRepository, RequestRow } from '../repositories/requests.js';
import { byCreation, decodeCursor, page } from './cursor.js';

export interface MessageServiceDependencies {
  requests: RequestRepository;
  messages: MessageRepository;
  accessLog: AccessLog;
}

export interface MessageInput {
  audience: MessageAudience;
  missionCode?: string;
  body: string;
}

/** What an administrator learns of a redaction: no content. */
export interface RedactionRecord {
  messageId: string;
  requestId: string;
  redactedAt: Date;
  redactedBy: string;
  redactionReason: string;
}

/**
 * The thread of a request. A message is not a transition of the loop: it is written by the API with its audit
 * row in one transaction, never through a workflow, and moves no SLA clock.
 */
export function createMessageService({ requests, messages, accessLog }: MessageServiceDependencies) {
  async function findVisible(caller: Principal, id: string): Promise<{ request: RequestRow; viewer: Viewer }> {
    return visibleRequest(caller, await requests.findSummary(id), id);
  }

  /** The mission a message is for: a MOFA-and-mission thread names one of the request's missions. */
  function threadMission(viewer: Viewer, request: RequestRow, input: MessageInput): string | null {
    if (input.audience !== 'mofa_mission') {
      if (input.missionCode !== undefined) {
        throw validationFailed([{ path: 'body.missionCode', message: 'only a mofa_mission message names a mission' }]);
      }
      return null;
    }
    if (viewer.audience === 'mission') {
      if (input.missionCode !== undefined && input.missionCode !== viewer.agency) {
        throw forbidden('A mission writes to its own thread only.');
      }
      return viewer.agency;
    }
    if (input.missionCode === undefined || !request.missions.includes(input.missionCode)) {
      // Which missions hold a task is the request's state, not the body's shape: a conflict, like a transition.
      throw conflict(`Name a mission holding a task on this request: ${request.missions.join(', ') || 'none yet'}.`);
    }
    return input.missionCode;
  }

  return {
    /** A page of the thread as the caller may see it; the read is logged with the messages it showed. */
    async list(caller: Principal, requestId: string, from: AccessPoint, limit: number, cursor?: string) {
      const { viewer } = await findVisible(caller, requestId);
      const rows = await messages.list(requestId, scopeMessages(viewer), limit + 1, decodeCursor(cursor));
      const { items, nextCursor } = page(rows, limit, byCreation);
      const seen = items.map((row) => seeMessage(viewer, row));
      await accessLog.record({
        actor: caller.sub,
        actorRole: caller.role,
        actorAgency: caller.agency,
        action: 'thread_read',
        requestId,
        subjects: seen.map((message) => message.id),
        ...from,
      });
      return { items: seen, nextCursor };
    },

    async post(caller: Principal, requestId: string, input: MessageInput): Promise<MessageRow> {
      const { request, viewer } = await findVisible(caller, requestId);
      const writable = writableAudiences(viewer);
      if (!writable.includes(input.audience)) {
        throw forbidden(`You may write to: ${writable.join(', ')}.`);
      }
      const missionCode = threadMission(viewer, request, input);
      if (request.status === 'closed') throw conflict('the request is closed: its record takes no new messages');
      const id = randomUUID();
      const at = new Date();
      const created = await messages.create(
        {
          id,
          requestId,
          audience: input.audience,
          missionCode,
          author: caller.sub,
          authorAgency: caller.agency,
          body: input.body,
          createdAt: at,
        },
        {
          id: `message-${id}:posted`,
          requestId,
          type: 'message_posted',
          actor: caller.sub,
          at,
          // The text stays in the thread, where a redaction can remove it; the audit trail only says who wrote to whom.
          data: { messageId: id, audience: input.audience, missionCode },
        },
      );
      return seeMessage(viewer, created);
    },

    /** An administrator empties a message, with a reason; the audit trail keeps who, when and why. */
    async redact(caller: Principal, messageId: string, reason: string): Promise<RedactionRecord> {
      const message = await messages.find(messageId);
      if (message === null) throw notFound('message', messageId);
      const at = new Date();
      const redacted = await messages.redact(
        { messageId, by: caller.sub, at, reason },
        {
          id: `message-${messageId}:redacted`,
          requestId: message.requestId,
          type: 'message_redacted',
          actor: caller.sub,
          at,
          data: { messageId, audience: message.audience, missionCode: message.missionCode, reason },
        },
      );
      if (!redacted) throw conflict('this message was redacted already');
      return {
        messageId,
        requestId: message.requestId,
        redactedAt: at,
        redactedBy: caller.sub,
        redactionReason: reason,
      };
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;
