import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    "A head digest of the workspace's log: a Merkle root over its streams' heads at a position, to keep and check later with `npm run cli -- verify-log --digest DIGEST`.",
})
export class LogDigest {
  @Field({ description: 'v1.<workspaceId>.<transactionId>.<globalPosition>.<Merkle root, hex>' })
  digest!: string;

  @Field({ description: 'The position of the last event it covers, as StoredEvent.position gives it.' })
  position!: string;

  @Field(() => Int, { description: 'Streams whose heads it covers.' })
  streams!: number;

  @Field(() => Int, { description: 'Events of the workspace it covers.' })
  events!: number;

  @Field()
  computedAt!: Date;
}
