import { afterEach, describe, expect, it, vi } from 'vitest';
import { envNames } from '../../functions/catalogue.ts';
import { ownTable } from '../support/own-table.ts';

describe('metrics of the async functions', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('emits the dispatch counts as CloudWatch EMF when metrics are enabled', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    // A queue of its own: this run must not send (or be raced for) other test files' e-mail.
    vi.stubEnv(envNames.tableName, (await ownTable()).config.tableName);
    vi.resetModules();
    const lines: string[] = [];
    // Powertools writes through its own Console on stdout.
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      lines.push(...String(chunk).split('\n'));
      return true;
    });
    const { handler } = await import('../../functions/schedule/outbox-dispatcher.handler.ts');
    const report = await handler({ time: new Date().toISOString() } as never);
    const emf = lines
      .map((l) => {
        try {
          return JSON.parse(l);
        } catch {
          return undefined;
        }
      })
      .find((l) => l?._aws);
    expect(emf?._aws.CloudWatchMetrics[0].Namespace).toBe('Cobranza');
    expect(emf).toMatchObject({ EmailsSent: report.sent, EmailsFailed: report.failed, EmailsUnknown: report.unknown, function: 'outbox-dispatcher' });
  });
});
