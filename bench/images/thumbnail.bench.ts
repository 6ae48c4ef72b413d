/**
 * The client-image function's work on a 4000 × 3000 JPEG (a 12 MP phone photo, noisy so it compresses like
 * one): header inspection and the 256 × 256 WebP thumbnail through the same codec the function uses
 * (functions/adapters/sharp-image-codec.ts). Each run is a fresh Node process, so its peak RSS (maxRSS) is
 * the thumbnail's own plus Node's start. Prints p50/max time and peak RSS; figures in the decision
 * "Client images: judged by their bytes, thumbnails by sharp in their own function".
 *
 *   node bench/images/thumbnail.bench.ts [--runs 5] [--width 4000] [--height 3000] [--format jpeg|png|webp]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    width: { type: 'string', default: '4000' },
    height: { type: 'string', default: '3000' },
    child: { type: 'string' },
    format: { type: 'string', default: 'jpeg' },
  },
});

if (values.child) {
  const { sharpImageCodec } = await import('../../functions/adapters/sharp-image-codec.ts');
  const { MAX_IMAGE_PIXELS, THUMBNAIL_SIZE } = await import('../../domain/clients/client-image.schema.ts');
  const bytes = new Uint8Array(readFileSync(values.child));
  const baseline = process.resourceUsage().maxRSS;
  const started = performance.now();
  const inspection = await sharpImageCodec.inspect(bytes);
  const thumb = await sharpImageCodec.thumbnail(bytes, THUMBNAIL_SIZE, MAX_IMAGE_PIXELS);
  const ms = performance.now() - started;
  process.stdout.write(
    JSON.stringify({
      ms,
      maxRssKb: process.resourceUsage().maxRSS,
      baselineKb: baseline,
      inspection,
      thumb: { width: thumb.width, height: thumb.height, bytes: thumb.bytes.length },
    }),
  );
} else {
  const sharp = (await import('sharp')).default;
  const width = Number(values.width);
  const height = Number(values.height);
  const dir = mkdtempSync(join(tmpdir(), 'cobranza-thumb-bench-'));
  try {
    const file = join(dir, `photo.${values.format}`);
    const photo = await sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 12 } } })
      .toFormat(values.format as 'jpeg' | 'png' | 'webp', { quality: 80 })
      .toBuffer();
    writeFileSync(file, photo);
    const runs = [];
    for (let i = 0; i < Number(values.runs); i++) {
      runs.push(
        JSON.parse(execFileSync(process.execPath, [import.meta.filename, '--child', file], { encoding: 'utf8' })) as {
          ms: number;
          maxRssKb: number;
          baselineKb: number;
          thumb: unknown;
        },
      );
    }
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    const mb = (kb: number) => (kb / 1024).toFixed(0);
    console.log(`${width} × ${height} ${values.format!.toUpperCase()}, ${(photo.length / 1024 / 1024).toFixed(2)} MB, ${runs.length} fresh processes`);
    console.log(`inspect + thumbnail: p50 ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms, max ${ms.at(-1)!.toFixed(0)} ms`);
    console.log(
      `peak RSS: max ${mb(Math.max(...runs.map((r) => r.maxRssKb)))} MB (Node and modules loaded before: ${mb(Math.max(...runs.map((r) => r.baselineKb)))} MB)`,
    );
    console.log(`thumbnail: ${JSON.stringify(runs[0]!.thumb)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
