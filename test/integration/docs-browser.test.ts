import { existsSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiGateway } from '../../scripts/local/api-gateway.ts';
import { createDevIssuer } from '../../scripts/local/dev-issuer.ts';

/**
 * /docs in a real headless browser (Debian's Chromium driven by playwright-core): the page renders an
 * operation with its markdown description, response schema and example, and asks nothing of any host
 * but this one. Without /usr/bin/chromium the test is skipped, saying so (README, "API reference").
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`docs-browser: skipped, no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

let server: Server;
let base: string;
beforeAll(async () => {
  ({ server, url: base } = await createApiGateway({ issuer: await createDevIssuer(), port: 0, host: '127.0.0.1' }));
});
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
});

describe.skipIf(!hasChromium)('/docs in headless Chromium', () => {
  it('renders createClient with its markdown, response schema and example, fetching only from this API', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Without the background-networking flags Chromium calls Google's hosts at start (docs: machines/node.md).
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
      const requested: string[] = [];
      const consoleErrors: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(error.message));

      await page.goto(`${base}/docs#/Clients/createClient`, { waitUntil: 'networkidle' });
      const operation = page.locator('#operations-Clients-createClient');
      await operation.waitFor({ state: 'visible', timeout: 30_000 });
      if (!(await operation.locator('.opblock-body').isVisible())) await operation.locator('.opblock-summary').first().click();
      const body = operation.locator('.opblock-body');
      await body.waitFor({ state: 'visible' });

      // Markdown: the description's table and code spans are HTML, not asterisks and pipes.
      const description = operation.locator('.opblock-description .renderedMarkdown');
      expect(await description.locator('table th').allInnerTexts()).toEqual(['personType', 'required', 'allowed']);
      expect(await description.locator('code').count()).toBeGreaterThan(3);
      expect(await description.innerText()).not.toContain('| --- |');

      // The 201 response: its example (a Chilean client) and, on the Schema tab, the named schema.
      const created = operation.locator('.responses-table tr.response[data-code="201"]');
      expect(await created.locator('.example, .highlight-code').first().innerText()).toContain('13.456.783-K');
      await created.getByRole('tab', { name: 'Schema' }).click();
      expect(await created.locator('.model-box').first().innerText()).toContain('Client');
      // The documented 409, with the Problem example naming the holder.
      const conflict = operation.locator('.responses-table tr.response[data-code="409"]');
      expect(await conflict.innerText()).toContain('existingId');

      const shot = join(mkdtempSync(join(tmpdir(), 'cobranza-docs-')), 'docs.png');
      // The top of the operation (description, parameters, body example, the 201 with its schema): readable at a glance.
      const box = (await operation.boundingBox())!;
      const scrolled = await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);
      await page.screenshot({ path: shot, fullPage: true, clip: { x: box.x, y: box.y + scrolled, width: box.width, height: Math.min(box.height, 1400) } });
      console.info(`docs-browser: screenshot at ${shot}`);

      const elsewhere = requested.filter((url) => !url.startsWith(`${base}/`) && !url.startsWith('data:'));
      expect(elsewhere, 'requests that left this API').toEqual([]);
      expect(requested.some((url) => url.endsWith('/v1/openapi.json'))).toBe(true);
      expect(consoleErrors, 'errors in the page (a CSP refusal among them)').toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
