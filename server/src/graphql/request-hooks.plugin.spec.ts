import type {
  BaseContext,
  GraphQLRequestContext,
  GraphQLRequestListener,
  GraphQLResponse,
} from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { requestHooksPlugin, type RequestPlugin } from './request-hooks.plugin';

const request = {} as GraphQLRequestContext<BaseContext>;
const answer = (text: string): GraphQLResponse => ({
  http: { status: undefined, headers: new HeaderMap() },
  body: { kind: 'single', singleResult: { data: { text } } },
});

async function listenerOf(
  plugins: RequestPlugin<BaseContext>[],
): Promise<GraphQLRequestListener<BaseContext>> {
  const listener = await requestHooksPlugin(plugins).requestDidStart!(request);
  if (!listener) throw new Error('no listener');
  return listener;
}

describe('requestHooksPlugin: the API plugins as one', () => {
  it('runs each stage hooks in order, waiting for those that return a promise', async () => {
    const ran: string[] = [];
    const listener = await listenerOf([
      () => ({ willSendResponse: () => void ran.push('a') }),
      () => null,
      () => ({
        willSendResponse: async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          ran.push('b');
        },
      }),
      () => ({ willSendResponse: () => void ran.push('c') }),
    ]);
    await listener.willSendResponse!({} as never);
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('every hook of a stage runs when an earlier one throws; the stage fails with the first error', async () => {
    const ran: string[] = [];
    const listener = await listenerOf([
      () => ({
        didResolveOperation: () => {
          ran.push('refuses');
          throw new Error('first');
        },
      }),
      () => ({
        didResolveOperation: async () => {
          ran.push('rejects');
          throw new Error('second');
        },
      }),
      () => ({ didResolveOperation: () => void ran.push('counts') }),
    ]);
    await expect(listener.didResolveOperation!({} as never)).rejects.toThrow('first');
    expect(ran).toEqual(['refuses', 'rejects', 'counts']);
  });

  it('the first response a plugin gives is the answer; later ones are not asked', async () => {
    const asked: string[] = [];
    const listener = await listenerOf([
      () => ({ responseForOperation: () => (asked.push('none'), null) }),
      () => ({ responseForOperation: async () => (asked.push('kept'), answer('kept')) }),
      () => ({ responseForOperation: () => (asked.push('late'), answer('late')) }),
    ]);
    expect(await listener.responseForOperation!({} as never)).toEqual(answer('kept'));
    expect(asked).toEqual(['none', 'kept']);
  });

  it('a stage no plugin has is absent, and each plugin is asked once per request with the request', async () => {
    const given: unknown[] = [];
    const listener = await listenerOf([
      (context) => (given.push(context), { didEncounterErrors: () => undefined }),
      (context) => (given.push(context), null),
    ]);
    expect(given).toEqual([request, request]);
    expect(listener.didEncounterErrors).toBeDefined();
    expect(listener.didResolveOperation).toBeUndefined();
    expect(listener.willSendResponse).toBeUndefined();
    expect(listener.responseForOperation).toBeUndefined();
  });
});
