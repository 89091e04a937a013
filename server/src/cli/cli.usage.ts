/** Every command of `npm run cli`, with its flags: printed by --help, -h, no command and an unknown one. */
export const USAGE = `usage: npm run cli -- <command> [flags]

commands:
  migrate                          apply the migrations in migrations/
  migration:create <name>          write an empty migration, migrations/<timestamp>-<name>.ts
  create-workspace --name NAME --slug SLUG --owner-name NAME --owner-email EMAIL
                                   a workspace, its owner and an API token, as one JSON line
                                   {"workspaceId":…,"slug":…,"apiToken":…}
  create-api-token --slug SLUG --email EMAIL [--name NAME]
                                   a new API token for the member of workspace SLUG with that email
                                   (a lost token), as one JSON line {"apiToken":…}; NAME defaults to "Command line"
  rebuild-projections [--verify]   replay the log into the read models; --verify compares instead, exit 1 on a difference
  verify-log [--digest DIGEST]     recompute every stream's hash chain, as one JSON line {"checked":…,"streams":…,"ok":…};
                                   exit 1 naming the first stream and position whose row no longer matches, or a gap;
                                   --digest (Query.logDigest) also says whether the log still extends what it attested
  --help, -h                       this list

Exit codes: 0 done, 1 refused or failed (the reason on stderr), 2 a bad command line or configuration.`;

/**
 * A command line that cannot be run as given: exit 2 with the reason, then the
 * whole usage (an unknown command) or a pointer to it (a flag amiss).
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

export const USAGE_HINT = 'npm run cli -- --help lists every command and its flags';
