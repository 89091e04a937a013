import type { Pool } from 'pg';

/** The pool with every statement it is given written down (pool.query, and client.query of checked-out clients). */
export function countedPool(pool: Pool, statements: string[]): Pool {
  const textOf = (query: unknown) => (typeof query === 'string' ? query : (query as { text: string }).text);
  return new Proxy(pool, {
    get(target, property) {
      if (property === 'query')
        return (query: unknown, ...rest: unknown[]) => {
          statements.push(textOf(query));
          return (target.query as (...args: unknown[]) => unknown)(query, ...rest);
        };
      if (property === 'connect')
        return async () => {
          const client = await target.connect();
          return new Proxy(client, {
            get(c, p) {
              if (p === 'query')
                return (query: unknown, ...rest: unknown[]) => {
                  statements.push(textOf(query));
                  return (c.query as (...args: unknown[]) => unknown).call(c, query, ...rest);
                };
              const value = Reflect.get(c, p);
              return typeof value === 'function' ? value.bind(c) : value;
            },
          });
        };
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
