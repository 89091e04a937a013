import { createTestWorkspace, ok, startTestApi, type TestApi } from '../../test/api.harness';
import { createClientWithContacts, waitFor } from '../../test/email.fixture';
import { liveClient, startLivePublisher } from '../../test/live.client';
import { TestRedisServer } from '../../test/redis-server';

const ENTRIES = `subscription($p: ID!) { timelineEntryAdded(projectId: $p) { id summary } }`;

test('after Redis restarts, subscribers receive new entries again (the publisher retries, the bus subscribes again)', async () => {
  const redis = await TestRedisServer.start();
  const api: TestApi = await startTestApi({ REDIS_URL: redis.url });
  const publisher = startLivePublisher(api.context);
  try {
    const ws = await createTestWorkspace(api);
    const { clientId } = await createClientWithContacts(api, ws, [{ name: 'Cy', email: 'cy@client.test' }]);
    const projectId = ok(
      await api.gql<{ createProject: { id: string } }>(
        'mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }',
        { i: { clientId, name: 'Site' } },
        ws.token,
      ),
    ).createProject.id;
    const member = liveClient(api.url, { token: ws.token });
    const sub = member.subscribe<{ timelineEntryAdded: { summary: string } }>(ENTRIES, { p: projectId });
    const heardAfter = async (label: string) =>
      waitFor(
        async () => {
          ok(
            await api.gql(
              'mutation($id: ID!, $n: String!) { renameProject(id: $id, name: $n) { id } }',
              { id: projectId, n: `${label} ${Math.random()}` },
              ws.token,
            ),
          );
          await new Promise((resolve) => setTimeout(resolve, 200));
          return sub.items.some((item) => item.timelineEntryAdded.summary.includes(label));
        },
        label,
        30_000,
      );
    await heardAfter('before');
    await redis.stop();
    await redis.start();
    expect(await heardAfter('after the restart')).toBe(true);
    expect(sub.errors).toEqual([]);
    await member.dispose();
  } finally {
    await publisher.stop();
    await api.stop();
    await redis.stop();
  }
});
