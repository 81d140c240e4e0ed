import { createChatTicket } from '../resolvers/tickets.js';
import { builder } from './builder.js';

const ChatTicketRef = builder
  .objectRef<{ ticket: string; expiresAt: Date }>('ChatTicket')
  .implement({
    description:
      'A one-time credential for a WebSocket connection (connectionParams.ticket): valid 30 seconds, once, on any instance.',
    fields: (t) => ({
      ticket: t.exposeString('ticket', {
        description: 'The secret to pass as connectionParams.ticket.',
      }),
      expiresAt: t.expose('expiresAt', {
        type: 'DateTime',
        description: 'After this, the ticket is refused.',
      }),
    }),
  });

builder.mutationField('createChatTicket', (t) =>
  t.field({
    type: ChatTicketRef,
    description:
      "Issues a one-time ticket bound to the caller, for clients that can't send headers.",
    resolve: (_root, _args, ctx) => createChatTicket(ctx),
  }),
);
