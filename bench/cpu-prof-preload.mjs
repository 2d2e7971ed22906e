// `node --cpu-prof` cannot be passed through NODE_OPTIONS, so the load bench preloads this module
// (`NODE_OPTIONS=--import=./bench/cpu-prof-preload.mjs`, allowed there) into the `twofold serve` it
// starts: it profiles the whole process with the inspector's Profiler and writes a .cpuprofile to
// $TWOFOLD_CPU_PROFILE_DIR on exit (the in-process inspector session answers synchronously, so this
// works in an 'exit' handler). Summarise with bench/cpu-profile.mjs.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.TWOFOLD_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `serve-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
