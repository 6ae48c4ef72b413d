/**
 * The README's table route → requirement, generated from the route specs so it cannot drift:
 * `node scripts/route-table.ts` prints it, and test/integration/route-requirements.test.ts fails
 * when the README's copy differs.
 */
import { functionCatalogue, httpRoutes } from '../functions/catalogue.ts';

const levelNames = { 1: '1 (company)', 2: '2 (branch) or broader', 3: '3 (department) or broader', 4: 'any' } as const;

export function routeRequirementTable(): string {
  const rows = functionCatalogue.flatMap((fn) =>
    httpRoutes(fn).map((r) => {
      const level = r.public ? 'public' : r.portal ? 'portal token' : levelNames[r.requires!.level];
      const permission = r.requires?.permission ? `\`${r.requires.permission}\`` : '';
      return `| \`${r.method} ${r.path}\` | ${level} | ${permission} |`;
    }),
  );
  return ['| route | access level | permission |', '| --- | --- | --- |', ...rows].join('\n');
}

if (import.meta.main) console.log(routeRequirementTable());
