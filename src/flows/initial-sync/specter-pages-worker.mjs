// Entry of the thread that reads Specter article pages for an initial sync. The sources are
// TypeScript run through tsx, and a worker thread does not inherit the main thread's loader: it
// registers its own, then loads the worker's code.
import { register } from 'tsx/esm/api';

register();
await import('./specter-pages-worker.ts');
