import { DeciderSpecification } from '../../test/decider.specification';
import { conversationDecider, MAX_MESSAGE, type ConversationCommand } from './conversation.decider';

const spec = DeciderSpecification(conversationDecider);
const post = (body: string): ConversationCommand => ({
  type: 'PostMessage',
  messageId: 'm1',
  projectId: 'p1',
  clientId: 'c1',
  body,
});

describe('conversation decider', () => {
  it('PostMessage: MessagePosted with the body trimmed', () => {
    spec
      .given([])
      .when(post('  Hello there \n'))
      .then([
        {
          type: 'MessagePosted',
          data: { messageId: 'm1', projectId: 'p1', clientId: 'c1', body: 'Hello there' },
        },
      ]);
  });

  it('needs no past: a conversation with messages takes another the same way', () => {
    const earlier = conversationDecider.decide(post('First'), null, { now: new Date() });
    spec
      .given(earlier)
      .when(post('Second'))
      .then([
        { type: 'MessagePosted', data: { messageId: 'm1', projectId: 'p1', clientId: 'c1', body: 'Second' } },
      ]);
  });

  it.each([
    ['empty', ''],
    ['whitespace only', ' \n\t '],
    ['10,001 characters', 'x'.repeat(MAX_MESSAGE + 1)],
  ])('refuses a body that is %s, at the body', (_what, body) => {
    spec.given([]).when(post(body)).thenRefuses('BAD_USER_INPUT', 'body');
  });

  it('takes 10,000 characters, counted after trimming', () => {
    const body = 'x'.repeat(MAX_MESSAGE);
    spec
      .given([])
      .when(post(`  ${body}  `))
      .then([{ type: 'MessagePosted', data: { messageId: 'm1', projectId: 'p1', clientId: 'c1', body } }]);
  });
});
