/** Business calendars: due-time arithmetic for anyone, holiday declarations for administrators. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CalendarCoverageError,
  InvalidDurationError,
  HOLIDAY_YEARS,
  InvalidInstantError,
  addBusinessDuration,
  isHolidayYear,
} from '../../calendar/index.js';
import { calendarCode, serviceDate, serviceInstant } from '../../domain/codes.js';
import { problemResponses, validationFailed } from '../../errors.js';
import { requireRole } from '../../plugins/auth.js';
import { createCalendarRepository } from '../../repositories/calendars.js';
import { createSlaClockRepository } from '../../repositories/sla-clocks.js';
import { createCalendarService } from '../../services/calendars.js';
import { businessDurationSchema } from '../../sla/index.js';
import { createHolidayService } from '../../services/holidays.js';
import { text } from '../../domain/text.js';

const tags = ['calendars'];

const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const repository = createCalendarRepository(app.prisma);
  const calendarService = createCalendarService({ calendars: repository });
  const holidays = createHolidayService({
    calendars: repository,
    calendarService,
    clocks: createSlaClockRepository(app.prisma),
    temporal: app.temporal,
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
          200: z.object({ calendar: z.string(), from: z.string(), target: z.string(), dueAt: z.string() }),
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
            date: serviceDate.refine(
              isHolidayYear,
              `calendars know holidays from ${HOLIDAY_YEARS.from} to ${HOLIDAY_YEARS.to}`,
            ),
            name: text(200),
          })
          .strict(),
        response: {
          201: z.object({
            id: z.uuid(),
            calendar: z.string(),
            date: z.string(),
            name: z.string(),
            affectedWorkflows: z.number().int(),
          }),
          ...problemResponses(400, 404, 409),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await holidays.declare(request.principal, request.body)),
  );
};

export default calendarRoutes;
