// Imported first by main.tsx, before any schema is built: zod must not probe for or
// use `new Function` (the page's CSP forbids eval, and so do we).
import { z } from 'zod';

z.config({ jitless: true });
