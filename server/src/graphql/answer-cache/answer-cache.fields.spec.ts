import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getOperationAST, isObjectType, parse } from 'graphql';
import { judge as judgeOperation, KEPT_FIELDS, stringArgument } from './answer-cache.fields';

const schema = buildSchema(readFileSync(join(__dirname, '..', '..', '..', '..', 'schema.graphql'), 'utf8'));

const judge = (query: string) => {
  const document = parse(query);
  return judgeOperation(schema, document, getOperationAST(document)!).keeps;
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

  it('names the project of a lone project(id:) that reaches no other project, and no other', () => {
    const projectOf = (query: string, variables?: Record<string, unknown>) => {
      const document = parse(query);
      return stringArgument(
        judgeOperation(schema, document, getOperationAST(document)!).projectId,
        variables,
      );
    };
    expect(projectOf(`query($id: ID!) { project(id: $id) { id name client { name } } }`, { id: 'p1' })).toBe(
      'p1',
    );
    expect(projectOf(`{ __typename project(id: "p2") { id invoices { project { id } } } }`)).toBe('p2');
    expect(
      projectOf(`query($id: ID!) { project(id: $id) { client { projects { id } } } }`, { id: 'p1' }),
    ).toBeNull();
    expect(
      projectOf(
        `query($id: ID!) { project(id: $id) { ...f } } fragment f on Project { client { projects { id } } }`,
        { id: 'p1' },
      ),
    ).toBeNull();
    expect(projectOf(`{ a: project(id: "p1") { id } b: project(id: "p2") { id } }`)).toBeNull();
    expect(projectOf(`{ project(id: "p1") { id } projects { id } }`)).toBeNull();
    expect(projectOf(`{ ... on Query { project(id: "p1") { id } } }`)).toBeNull();
    expect(projectOf(`query($id: ID!) { project(id: $id) { id } }`, { id: 42 })).toBeNull();
    expect(projectOf(`{ projects { id } }`)).toBeNull();
  });
});
