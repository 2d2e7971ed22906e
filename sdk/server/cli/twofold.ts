/** Bundle entry of dist/cli/twofold.mjs: runs the CLI on process.argv (bin/twofold.mjs imports it). */
import { main } from './index';

await main();
