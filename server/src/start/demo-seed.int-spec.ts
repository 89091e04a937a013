import { startTestApi, type TestApi } from '../test/api.harness';
import { DEMO_SLUG, demoState } from './demo';
import { DEMO_STEPS, seedDemo } from './demo-seed';

class Interrupted extends Error {}

/** What a finished demo holds, read from the read models (a seeding done twice would show doubles). */
async function demoContents(api: TestApi) {
  const { rows } = await api.db.owner.query(
    `SELECT
       (SELECT count(*)::int FROM workspaces WHERE slug = $1) AS workspaces,
       (SELECT count(*)::int FROM members) AS members,
       (SELECT json_agg(c.name ORDER BY c.name) FROM clients c) AS clients,
       (SELECT json_agg(c.email ORDER BY c.email) FROM contacts c) AS contacts,
       (SELECT json_agg(p.name) FROM projects p) AS projects,
       (SELECT json_agg(i.status ORDER BY i.status) FROM invoices i) AS invoices,
       (SELECT json_agg(d.kind || ' ' || d.name ORDER BY d.name) FROM documents d WHERE NOT d.removed) AS documents,
       (SELECT json_agg(t.title || ' ' || t.status || ' ' || (t.assignee_contact_id IS NOT NULL) ORDER BY t.title) FROM tasks t) AS tasks,
       (SELECT count(*)::int FROM task_comments) AS comments,
       (SELECT (task_visibility = 'ALL') FROM workspaces WHERE slug = $1) AS tasks_shared`,
    [DEMO_SLUG],
  );
  return rows[0];
}

const FULL_DEMO = {
  workspaces: 1,
  members: 1,
  clients: ['Smith & Co'],
  contacts: ['jane.smith@example.com', 'john.smith@example.com'],
  projects: ['Website relaunch'],
  invoices: ['DRAFT', 'PAID', 'SENT'],
  documents: ['FILE Project brief.pdf', 'FILE Sitemap v1.pdf', 'LINK Staging site'],
  tasks: [
    'Approve the sitemap DONE false',
    'Send us your logo files TODO true',
    'Write the About page copy TODO false',
  ],
  comments: 1,
  tasks_shared: true,
};

describe("npm start's demo seeding", () => {
  let api: TestApi | null = null;
  afterEach(async () => {
    await api?.stop();
    api = null;
  });

  it('seeds the whole demo and marks it complete', async () => {
    api = await startTestApi();
    expect(await demoState(api.context)).toBe('none');
    await seedDemo(api.context);
    expect(await demoContents(api)).toEqual(FULL_DEMO);
    expect(await demoState(api.context)).toBe('complete');
  });

  it.each(DEMO_STEPS.map((step) => step.name))(
    'an interruption before "%s" leaves a partial demo that the next seeding finishes, nothing twice',
    async (stopBefore) => {
      api = await startTestApi();
      await expect(
        seedDemo(api.context, {
          beforeStep: (name) => {
            if (name === stopBefore) throw new Interrupted(name);
          },
        }),
      ).rejects.toBeInstanceOf(Interrupted);
      expect(await demoState(api.context)).toBe('partial');
      await seedDemo(api.context);
      expect(await demoState(api.context)).toBe('complete');
      expect(await demoContents(api)).toEqual(FULL_DEMO);
    },
    30_000,
  );

  it('an interruption inside a step (the invoice made, not yet sent) is finished too', async () => {
    api = await startTestApi();
    const invoices = api.context.services.invoices;
    const send = invoices.send.bind(invoices);
    invoices.send = async () => {
      throw new Interrupted('send');
    };
    await expect(seedDemo(api.context)).rejects.toBeInstanceOf(Interrupted);
    expect((await demoContents(api)).invoices).toEqual(['DRAFT']);
    invoices.send = send;
    await seedDemo(api.context);
    expect(await demoContents(api)).toEqual(FULL_DEMO);
  });
});
