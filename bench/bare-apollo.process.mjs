// The ceiling of the read benches: a bare Apollo Server 5 on graphql-js, over the same express 5
// integration as the API, answering from memory. Its schema is the API's own, printed (BARE_SCHEMA,
// a file), with no resolver of its own: graphql-js's default resolvers walk the answers the API gave
// (BARE_ANSWERS, a file: [{ query, data }]), so each request is parsed, validated and executed
// against the same types and gives the same JSON, and nothing is read from anywhere.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSchema, parse, print } from 'graphql';

const schema = buildSchema(readFileSync(process.env.BARE_SCHEMA, 'utf8'));
// A query's answer by its printed document (Apollo parses each query once and caches the document).
const byDocument = new Map(
  JSON.parse(readFileSync(process.env.BARE_ANSWERS, 'utf8')).map(({ query, data }) => [
    print(parse(query)),
    data,
  ]),
);
const printed = new WeakMap();

const server = new ApolloServer({
  schema,
  rootValue: (document) => {
    let text = printed.get(document);
    if (text === undefined) printed.set(document, (text = print(document)));
    return byDocument.get(text);
  },
  csrfPrevention: true,
  stopOnTerminationSignals: false,
  hideSchemaDetailsFromClientErrors: true,
});
await server.start();
const app = express();
app.get('/healthz', (_req, res) => res.send('ok'));
app.use('/graphql', express.json({ limit: '100kb' }), expressMiddleware(server));
const http = createServer(app);
http.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => http.close(() => server.stop().then(() => process.exit(0))));
