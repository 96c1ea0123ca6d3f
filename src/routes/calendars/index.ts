/** Business calendars: due-time arithmetic for anyone, holiday declarations for administrators. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CalendarCoverageError,
  InvalidDurationError,
  HOLIDAY_YEARS,
  InvalidInstantError,
  addBusinessDuration,
} from '../../calendar/index.js';
import { calendarCode, serviceDate, serviceInstant } from '../../domain/codes.js';
import { problemResponses, validationFailed } from '../../errors.js';
import { requireRole } from '../../plugins/auth.js';
import { createCalendarRepository } from '../../repositories/calendars.js';
import { createCalendarService } from '../../services/calendars.js';
import { businessDurationSchema } from '../../sla/index.js';
import { createHolidayService } from '../../services/holidays.js';
import { createWorkflowCalls } from '../../services/workflow-calls.js';
import { text } from '../../domain/text.js';
import { dueTimeSchema, holidaySchema } from './schemas.js';

/** The years the calendars know, as a pattern rather than a refinement, so the OpenAPI document says it too. */
const holidayYears = new RegExp(
  `^(?:${Array.from({ length: HOLIDAY_YEARS.to - HOLIDAY_YEARS.from + 1 }, (_, i) => HOLIDAY_YEARS.from + i).join('|')})-`,
);

const tags = ['calendars'];

const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const repository = createCalendarRepository(app.prisma);
  const calendarService = createCalendarService({ calendars: repository });
  const holidays = createHolidayService({
    calendars: repository,
    calendarService,
    workflows: createWorkflowCalls(app.temporal, { updateWaitMs: app.config.WORKFLOW_UPDATE_WAIT_MS }),
    taskQueue: app.config.TEMPORAL_TASK_QUEUE,
  });

  app.get(
    '/v1/calendars/:calendar/due',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'When a business duration started at an instant falls due on a calendar',
        params: z.object({ calendar: calendarCode }),
        querystring: z.object({
          from: serviceInstant,
          target: businessDurationSchema.max(40).describe('ISO 8601: P<n>D working days, PT<n>H/M/S working time'),
        }),
        response: {
          200: dueTimeSchema,
          ...problemResponses(400, 404),
        },
      },
    },
    async (request) => {
      const { calendar: code } = request.params;
      const { from, target } = request.query;
      const calendar = await calendarService.get(code);
      try {
        const dueAt = addBusinessDuration(calendar, new Date(from), target);
        return { calendar: code, from: new Date(from).toISOString(), target, dueAt: dueAt.toISOString() };
      } catch (error) {
        if (error instanceof InvalidDurationError)
          throw validationFailed([{ path: 'querystring.target', message: error.message }]);
        if (error instanceof CalendarCoverageError || error instanceof InvalidInstantError) {
          throw validationFailed([{ path: 'querystring.from', message: error.message }]);
        }
        throw error;
      }
    },
  );

  app.post(
    '/v1/calendars/holidays',
    {
      onRequest: [requireRole('admin')],
      schema: {
        tags,
        summary: 'Declare a holiday; running deadlines that cross it move',
        body: z
          .object({
            calendar: calendarCode,
            date: serviceDate.regex(
              holidayYears,
              `calendars know holidays from ${HOLIDAY_YEARS.from} to ${HOLIDAY_YEARS.to}`,
            ),
            name: text(200),
          })
          .strict(),
        response: {
          201: holidaySchema.describe('Declared; its fan-out to the running clocks is under way or done'),
          200: holidaySchema.describe('Declared already with this name: the holiday as it is'),
          ...problemResponses(400, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { created, holiday } = await holidays.declare(request.principal, request.body);
      return reply
        .code(created ? 201 : 200)
        .header('location', `/v1/calendars/holidays/${holiday.id}`)
        .send(holiday);
    },
  );

  app.get(
    '/v1/calendars/holidays/:id',
    {
      onRequest: [requireRole('admin')],
      schema: {
        tags,
        summary: 'A declared holiday and how far telling the running deadlines has come',
        params: z.object({ id: z.uuid() }),
        response: { 200: holidaySchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => holidays.get(request.params.id),
  );
};

export default calendarRoutes;
