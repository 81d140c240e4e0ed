/**
 * The `current_time` tool: models have no clock, and "what day is it?" is a common
 * question. Answers in UTC or in the IANA time zone asked for.
 */
import { z } from 'zod';
import { defineTool, errorOutcome } from './tool.js';

export const currentTimeTool = defineTool({
  name: 'current_time',
  description: 'Returns the current date and time, in UTC or in the given IANA time zone.',
  args: z.object({
    timezone: z
      .string()
      .optional()
      .describe('IANA time zone, e.g. "Europe/Paris" or "America/New_York"; default UTC'),
  }),
  async run({ timezone }, run) {
    run.progress('reading the clock');
    const now = new Date();
    const timeZone = timezone?.trim() || 'UTC';
    let local: string;
    try {
      local = new Intl.DateTimeFormat('en-US', {
        timeZone,
        dateStyle: 'full',
        timeStyle: 'long',
      }).format(now);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return errorOutcome<Date>(`unknown time zone "${timeZone}"`);
    }
    const output = JSON.stringify({ iso: now.toISOString(), timeZone, local });
    return { output, summary: `${local} (${timeZone})`, isError: false, data: now };
  },
});
