import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Stack traces of a Lambda bundle in source terms (`/var/task/functions/http/x.ts:12:5`), as Node prints them
 * under `--enable-source-maps`, but with the map read when a stack is first formatted rather than at cold start.
 *
 * Under `--enable-source-maps` Node reads and parses a bundle's whole map and measures every line of the
 * bundle, character by character, while it loads it: ≈ a quarter of the instructions of clients-api's cold
 * import (decision "Source maps read by the first stack, not at cold start"). The bundles carry no
 * `sourceMappingURL` and the functions run without the flag; the map beside the bundle (`index.mjs.map`) is
 * read by the first stack someone formats (a logged error, a crash). Frames are written as Node's
 * `serializeJSStackFrame` writes them (lib/internal/source_map/prepare_stack_trace.js), names restored from
 * the map; frames outside the bundle as V8 writes them.
 */

/** The bundle's map with its sources as absolute file URLs (as Node's source-map cache keeps them), or undefined. */
function readMap(bundleUrl: string): SourceMap | undefined {
  try {
    const payload = JSON.parse(readFileSync(`${fileURLToPath(bundleUrl)}.map`, 'utf8')) as SourceMapPayload;
    const root = payload.sourceRoot ?? '';
    payload.sources = payload.sources.map((source) => (isAbsolute(root + source) ? pathToFileURL(root + source).href : new URL(root + source, bundleUrl).href));
    payload.sourceRoot = '';
    return new SourceMap(payload);
  } catch {
    return undefined;
  }
}

/** The name the map gives the frame's function (its enclosing entry), else the one at its caller's call. */
function originalName(map: SourceMap, frame: NodeJS.CallSite, caller: NodeJS.CallSite | undefined): string | undefined {
  const nameAt = (line: number, column: number) => (map.findEntry(line - 1, column - 1) as { name?: string }).name || undefined;
  const enclosing = nameAt(frame.getEnclosingLineNumber()!, frame.getEnclosingColumnNumber()!);
  if (enclosing) return enclosing;
  if (caller && caller.getFileName() === frame.getFileName()) {
    return nameAt(caller.getLineNumber()!, caller.getColumnNumber()!);
  }
  return undefined;
}

function mappedFrame(map: SourceMap, frame: NodeJS.CallSite, caller: NodeJS.CallSite | undefined): string | undefined {
  const entry = map.findEntry(frame.getLineNumber()! - 1, frame.getColumnNumber()! - 1);
  if (!('originalSource' in entry) || entry.originalSource === undefined) return undefined;
  const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : entry.originalSource;
  const prefix = frame.isAsync() ? 'async ' : frame.isConstructor() ? 'new ' : '';
  const type = frame.getTypeName();
  const name = `${type !== null && type !== 'global' ? `${type}.` : ''}${originalName(map, frame, caller) || frame.getFunctionName() || frame.getMethodName() || '<anonymous>'}`;
  return `${prefix}${name} (${source}:${entry.originalLine + 1}:${entry.originalColumn + 1})`;
}

/** Formats stacks with the frames of the bundle at `bundleUrl` mapped through its `.map`, read once, on first use. */
export function installLazySourceMaps(bundleUrl: string): void {
  let map: SourceMap | undefined | null = null;
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => {
    const header = Error.prototype.toString.call(error);
    const lines = frames.map((frame, i) => {
      if (frame.getFileName() === bundleUrl) {
        if (map === null) map = readMap(bundleUrl);
        try {
          const mapped = map && mappedFrame(map, frame, frames[i + 1]);
          if (mapped) return mapped;
        } catch {
          // An unmappable frame is written as V8 writes it.
        }
      }
      return String(frame);
    });
    return [header, ...lines].join('\n    at ');
  };
}

// In a bundle every module's `import.meta.url` is the bundle's; from the sources (tests, scripts) it names this
// file, and Node's own stack traces are left alone.
if (import.meta.url.endsWith('.mjs')) installLazySourceMaps(import.meta.url);
