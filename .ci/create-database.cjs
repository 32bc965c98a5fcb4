// Creates the database a URL names (argv[3]) on the server argv[2] names, when it is missing. A file of its own:
// inside `node -e "…"` bash ate the double quotes of the CREATE statement, which only a fresh machine reached.
const { Client } = require('pg');

(async () => {
  const [server, target] = process.argv.slice(2);
  const c = new Client({ connectionString: `${server}/postgres` });
  await c.connect();
  const name = decodeURIComponent(new URL(target).pathname.slice(1));
  const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!r.rowCount) await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  await c.end();
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
