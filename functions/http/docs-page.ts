import type { DocsAssets } from './docs-assets.ts';

/**
 * The API reference page: Swagger UI, every file from this API (docs-assets.ts). The policy below lets
 * the page load and call nothing but this origin, so no CDN, font host or validator can slip back in.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function renderDocsPage(assets: Pick<DocsAssets, 'path' | 'initScript'>, title = 'Cobranza API'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · reference</title>
<link rel="icon" type="image/png" href="${assets.path('favicon-32x32.png')}">
<link rel="stylesheet" href="${assets.path('swagger-ui.css')}">
</head>
<body>
<noscript>This reference needs JavaScript; the document itself is at <a href="/v1/openapi.json">/v1/openapi.json</a>.</noscript>
<div id="swagger-ui"></div>
<script src="${assets.path('swagger-ui-bundle.js')}"></script>
<script src="${assets.path(assets.initScript)}"></script>
</body>
</html>
`;
}
