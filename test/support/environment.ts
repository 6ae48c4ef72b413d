import { inject } from 'vitest';

// Handlers read their configuration at import, as at a Lambda cold start: set it before any test imports them.
Object.assign(process.env, inject('env'));
