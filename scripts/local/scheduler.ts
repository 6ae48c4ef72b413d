import { functionCatalogue, type FunctionSpec } from '../../functions/catalogue.ts';
import { invokeFunction } from './handlers.ts';

const units: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };

/** `rate(5 minutes)` → 300000. Cron expressions are for AWS only (none are catalogued yet). */
export function rateToMs(expression: string): number {
  const match = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (!match) throw new Error(`the local scheduler understands rate(...) only, not ${expression}`);
  return Number(match[1]) * units[match[2]!]!;
}

/** The EventBridge "Scheduled Event" a rule delivers. */
export function scheduledEvent(spec: FunctionSpec, at: Date) {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: [`arn:aws:events:us-east-1:000000000000:rule/${spec.name}`],
    detail: {},
  };
}

/** Runs each scheduled function on its rate; a run still going when the next is due is skipped. */
export function startScheduler(log: (line: string) => void) {
  const timers: NodeJS.Timeout[] = [];
  for (const spec of functionCatalogue) {
    if (spec.trigger.type !== 'schedule') continue;
    let running = false;
    const timer = setInterval(async () => {
      if (running) return;
      running = true;
      try {
        const result = await invokeFunction(spec, scheduledEvent(spec, new Date()));
        log(`⏱ ${spec.name}: ${JSON.stringify(result)}`);
      } catch (error) {
        log(`✗ ${spec.name} failed: ${String(error)}`);
      } finally {
        running = false;
      }
    }, rateToMs(spec.trigger.expression));
    timers.push(timer);
  }
  return { stop: () => timers.forEach(clearInterval) };
}
