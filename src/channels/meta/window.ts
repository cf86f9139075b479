import { DeliveryError } from '../types.ts';

/**
 * Meta's customer-service window (contracts §3): a free-form reply may be sent only within
 * 24 hours of the customer's last message, counted from the provider's timestamp. Outside it
 * only a template may start the conversation again, which a person has to choose.
 */
export const WINDOW_HOURS = 24;

export function insideWindow(lastInboundAt: Date | null | undefined, now: Date = new Date()): boolean {
  if (!lastInboundAt) return false;
  return now.getTime() - lastInboundAt.getTime() < WINDOW_HOURS * 3600_000;
}

/** A reply refused because the window is closed: permanent, and the conversation goes to a person. */
export class WindowClosedError extends DeliveryError {
  constructor(channel: string) {
    super(
      `Outside ${channel}'s 24-hour customer-service window: the customer last wrote more than 24 hours ago, so only a template message can reach them. The conversation was handed to a person.`,
      { permanent: true },
    );
    this.name = 'WindowClosedError';
  }
}

/** A provider's timestamp (unix seconds or ms), never later than now (clocks drift). */
export function providerTime(value: string | number, now: Date = new Date()): Date {
  const n = Number(value);
  const ms = n > 1e12 ? n : n * 1000;
  return Number.isFinite(ms) && ms > 0 ? new Date(Math.min(ms, now.getTime())) : now;
}
