// graphql-ws names its entry points by package.json "exports", which the server's moduleResolution
// ("node", for CommonJS) does not read; at run time Node (and Jest) do. The types, by their file.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
