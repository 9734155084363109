// The baseline the benches divide by: a bare Koa route in its own process, started like the server
// (same node, same NODE_OPTIONS), measured in the same run.
//   node bench/lib/bareServer.mjs echo           POST /bare: reads the body, JSON.parse, answers {}
//   node bench/lib/bareServer.mjs pk <mysql url> GET /bare/:id: one primary-key SELECT of a sub-account
//                                                through the compiled DataSource (dist/: the same TypeORM
//                                                + mysql2 pool, same settings, as AirGate's), as JSON
import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';

const [mode, url] = process.argv.slice(2);
const app = new Koa();
const router = new Router();
let db;

if (mode === 'echo') {
  router.post('/bare', async (ctx) => {
    const chunks = [];
    for await (const c of ctx.req) chunks.push(c);
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    ctx.body = {};
  });
} else if (mode === 'pk') {
  const { createDataSource } = await import('../../dist/src/db/dataSource.js');
  db = createDataSource({ type: 'mysql', url });
  await db.initialize();
  router.get('/bare/:id', async (ctx) => {
    const rows = await db.query('SELECT * FROM sub_accounts WHERE id = ?', [ctx.params.id]);
    if (rows.length === 0) ctx.status = 404;
    else ctx.body = rows[0];
  });
} else {
  throw new Error(`unknown mode ${mode}`);
}

app.use(router.routes());
const server = createServer(app.callback());
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(async () => {
    await db?.destroy();
    process.exit(0);
  });
});
