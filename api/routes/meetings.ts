// The daily PIT Stop meeting: its minutes (read), and the steps that record it: opened
// with its chair, the register taken, closed. Every read and write is audited; the
// minutes as a consultation of each case they name.
import { Router, type Request, type Response } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf, type Caller } from '../audit.js';
import { addAttendees, closeMeeting, openMeeting, type MeetingStep } from '../commands/meetings.js';
import type { ApiContext } from '../context.js';
import { presentMeeting, presentMinutes } from '../presenters/meetings.js';
import { meetingMinutes, meetingRecords, type MeetingRecords } from '../queries/meetings.js';
import { meetingClosing, meetingOpening, meetingParams, registerAddition } from '../schemas/meetings.js';
import { parse } from '../validate.js';

/** The caller, with the meeting's date in the audited resource (the entries name no case). */
function meetingCaller(req: Request, res: Response, date: string): Caller {
  const caller = callerOf(req, res);
  return { ...caller, resource: caller.resource.replace(':date', date) };
}

export function meetingRoutes(ctx: ApiContext): Router {
  const router = Router();

  router.get('/:date', allow('meeting.read'), async (req, res) => {
    const { date } = parse(meetingParams, req.params, 'params');
    const { records, meetingTime, cases } = await meetingMinutes(ctx, date);
    const minutes = presentMinutes(records, meetingTime, cases, ctx.policy.calendar.timeZone);
    await audit(ctx.store, meetingCaller(req, res, date), { action: 'meeting.read', caseIds: minutes.items.map((i) => i.caseId) });
    res.json(minutes);
  });

  // The meeting as recorded, without its agenda: the register a decision takes (the pages
  // read it on each case's page; no case is named, so none is recorded as consulted).
  router.get('/:date/register', allow('meeting.read'), async (req, res) => {
    const { date } = parse(meetingParams, req.params, 'params');
    const meeting = presentMeeting(await meetingRecords(ctx.store, date));
    await audit(ctx.store, meetingCaller(req, res, date), { action: 'meeting.read' });
    res.json(meeting);
  });

  // Each step: its path, its action (the policy table's and the audit trail's), what it does.
  const steps: [path: string, action: MeetingStep, run: (c: Caller, date: string, body: unknown) => Promise<MeetingRecords>][] = [
    ['open', 'meeting.open', (c, date, body) => openMeeting(ctx, c, date, parse(meetingOpening, body))],
    ['register', 'meeting.register.add', (c, date, body) => addAttendees(ctx, c, date, parse(registerAddition, body))],
    ['close', 'meeting.close', (c, date, body) => closeMeeting(ctx, c, date, parse(meetingClosing, body))],
  ];
  for (const [path, action, run] of steps) {
    router.post(`/:date/${path}`, allow(action), async (req, res) => {
      const { date } = parse(meetingParams, req.params, 'params');
      const caller = meetingCaller(req, res, date);
      // Audited by the step itself, with the record it made (commands/meetings.ts).
      res.json(presentMeeting(await run(caller, date, req.body)));
    });
  }
  return router;
}
