// The floor of the load bench: a bare node:http server that does nothing but read each request's
// body and answer it with a canned JSON body of the size the real server sends on that path
// (captured from `twofold serve` in the same run), with as many node:cluster workers as the
// `twofold serve` row it is compared with. Same client, same sizes, no work: what the machine can
// serve at best. Env: FLOOR_ANSWERS (JSON object path → body), FLOOR_WORKERS.
import cluster from 'node:cluster';
import { createServer } from 'node:http';

const workers = Math.max(1, Number(process.env.FLOOR_WORKERS ?? 1));
if (cluster.isPrimary && workers > 1) {
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    if (++listening === workers) console.log(`listening on http://127.0.0.1:${address.port}`);
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    process.exit(0);
  });
} else {
  const answers = new Map(Object.entries(JSON.parse(process.env.FLOOR_ANSWERS ?? '{}')));
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = answers.get((req.url ?? '').split('?')[0]) ?? '{"error":{"code":"not_found"}}';
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    });
  });
  // With one worker the port is this process's; under cluster the primary shares one.
  server.listen(Number(process.env.FLOOR_PORT ?? 0), '127.0.0.1', () => {
    if (workers === 1) console.log(`listening on http://127.0.0.1:${server.address().port}`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
