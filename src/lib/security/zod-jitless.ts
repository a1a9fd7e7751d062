/**
 * zod compiles its object parsers with `new Function` when the page allows it,
 * and probes for that with a `new Function('')` of its own. Under the site's
 * CSP the probe is refused and reported as a violation (though zod then falls
 * back), so every realm that loads the engine's schemas (the editor's page
 * code, the engine worker) imports this first: zod never builds code from text.
 */
import { config } from 'zod';

config({ jitless: true });
