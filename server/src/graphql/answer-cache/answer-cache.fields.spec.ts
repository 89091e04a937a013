import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getOperationAST, isObjectType, parse } from 'graphql';
import { KEPT_FIELDS, keepsAnswerOf } from './answer-cache.fields';

const schema = buildSchema(readFileSync(join(__dirname, '..', '..', '..', '..', 'schema.graphql'), 'utf8'));

const judge = (query: string) => {
  const document = parse(query);
  return keepsAnswerOf(schema, document, getOperationAST(document)!);
};

describe('the fields a kept answer may hold', () => {
  it('names only types and fields the schema has (a renamed one must be judged again)', () => {
    const missing: string[] = [];
    for (const [typeName, fields] of Object.entries(KEPT_FIELDS)) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) missing.push(typeName);
      else
        for (const field of fields)
          if (field !== '*' && !type.getFields()[field]) missing.push(`${typeName}.${field}`);
    }
    expect(missing).toEqual([]);
  });

  it("keeps the portal's overview and the members' list", () => {
    expect(
      judge(`query($id: ID!) { project(id: $id) { id name timeline(first: 20) { edges { cursor node { id summary actor { kind name } } } pageInfo { hasNextPage } }
        documents { id url sharedBy { name } } invoices { id overdue lineItems { description } payments { amount } } tasks { id comments { id body } } } }`),
    ).toBe(true);
    expect(judge(`{ projects { id client { id contacts { id name email } } } }`)).toBe(true);
    expect(judge(`{ ... on Query { projects { __typename id } } }`)).toBe(true);
  });

  it('keeps nothing with a field it does not list, wherever it is, nor a mutation, nor a query that reads nothing', () => {
    expect(judge(`{ projects { id messages { edges { node { id } } } } }`)).toBe(false);
    expect(judge(`{ projects { id client { contacts { lastSignedInAt } } } }`)).toBe(false);
    expect(judge(`{ project(id: "x") { invoices { pdfUrl } } }`)).toBe(false);
    expect(judge(`{ ...f } fragment f on Query { notifications { edges { node { id } } } }`)).toBe(false);
    expect(
      judge(
        `query { projects { ...p } } fragment p on Project { id } fragment q on Query { viewer { __typename } }`,
      ),
    ).toBe(false);
    expect(judge(`{ projectAt(id: "x", at: "2026-01-01T00:00:00Z") { id } }`)).toBe(false);
    expect(judge(`mutation { renameProject(id: "x", name: "y") { id } }`)).toBe(false);
    expect(judge(`{ __typename }`)).toBe(false);
    expect(judge(`{ project(id: "x") { nope } }`)).toBe(false);
  });
});
