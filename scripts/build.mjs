// npm run build: the portal's pages, the playground and the compiled server, all of them anew.
import { join } from 'node:path';
import { buildPagesIfStale, buildServer } from './build-if-stale.mjs';

const root = join(import.meta.dirname, '..');
buildPagesIfStale(root, { force: true });
buildServer(root);
process.stdout.write('built web/dist, web/console/dist, playground/dist and dist/ (the server, compiled)\n');
