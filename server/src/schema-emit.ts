import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchema } from 'graphql';
import { graphqlSchema } from './graphql/schema';
import { PROJECT_ROOT } from './paths';

export const SCHEMA_FILE = join(PROJECT_ROOT, 'schema.graphql');

export async function printedSchema(): Promise<string> {
  return printSchema(await graphqlSchema()) + '\n';
}

/** npm run schema:emit — writes schema.graphql from the resolvers (a test fails when it is stale). */
if (require.main === module) {
  void printedSchema().then((text) => {
    writeFileSync(SCHEMA_FILE, text);
    process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
  });
}
