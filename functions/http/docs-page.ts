/**
 * A self-contained API reference page rendered from the OpenAPI document: no CDN, so it works
 * offline on the local stack and needs no content-security exceptions in AWS.
 */
const escapeHtml = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

type Doc = { info: { title: string; description?: string }; paths?: Record<string, Record<string, Operation>> };
type Operation = { summary?: string; operationId?: string; parameters?: Array<{ name: string; in: string; required?: boolean; description?: string }>; requestBody?: { content?: Record<string, { schema?: unknown }> }; responses?: Record<string, { description?: string }> };

export function renderDocsPage(doc: Doc): string {
  const ops = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  const sections = ops.map(({ path, method, op }) => {
    const params = (op.parameters ?? []).map((p) => `<li><code>${escapeHtml(p.name)}</code> (${escapeHtml(p.in)}${p.required ? ', required' : ''}) ${escapeHtml(p.description)}</li>`).join('');
    const body = op.requestBody?.content?.['application/json']?.schema;
    const responses = Object.entries(op.responses ?? {}).map(([status, r]) => `<li><b>${escapeHtml(status)}</b> ${escapeHtml(r.description)}</li>`).join('');
    return `<section id="${escapeHtml(op.operationId)}"><h2><span class="m ${method.toLowerCase()}">${method}</span> <code>${escapeHtml(path)}</code></h2>
<p>${escapeHtml(op.summary)}</p>${params ? `<h3>Parameters</h3><ul>${params}</ul>` : ''}
${body ? `<h3>Body</h3><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre>` : ''}<h3>Responses</h3><ul>${responses}</ul></section>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;min-width:4.5rem;padding:0 .4rem;border-radius:4px;color:#fff;font-size:.8em;text-align:center}
.get{background:#2b7}.post{background:#27c}.patch{background:#c82}.delete{background:#c33}.put{background:#84c}pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:12px}</style></head>
<body><h1>${escapeHtml(doc.info.title)}</h1><p>${escapeHtml(doc.info.description)}</p><p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a></p>
<nav><ul>${ops.map(({ path, method, op }) => `<li><a href="#${escapeHtml(op.operationId)}">${method} ${escapeHtml(path)}</a></li>`).join('')}</ul></nav>
${sections.join('\n')}</body></html>`;
}
