import { HttpPeer, RecordedRequest } from './http-peer';

/**
 * Answers like the Telegram Bot API (`POST /bot<token>/<method>`, `{ ok, result }` envelopes).
 * Scripts are keyed by chat id: '500', '429' (retry_after 1), 'timeout' (never answers),
 * 'permanent' (403 "bot was blocked by the user").
 */
export class TelegramPeer extends HttpPeer {
  private messageId = 1000;

  constructor(readonly token: string) {
    super(
      (req, behaviour) => {
        if (!req.path.startsWith(`/bot${token}/`)) {
          return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
        }
        switch (behaviour) {
          case '500':
            return {
              status: 500,
              body: { ok: false, error_code: 500, description: 'Internal Server Error' },
            };
          case '429':
            return {
              status: 429,
              body: {
                ok: false,
                error_code: 429,
                description: 'Too Many Requests: retry after 1',
                parameters: { retry_after: 1 },
              },
            };
          case 'timeout':
            return 'hang';
          case 'permanent':
            return {
              status: 403,
              body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
            };
          default:
            return {
              status: 200,
              body: {
                ok: true,
                result:
                  this.method(req) === 'sendMessage'
                    ? { message_id: ++this.messageId, date: 0, chat: { id: Number(req.body.chat_id) } }
                    : true,
              },
            };
        }
      },
      (req) => (typeof req.body.chat_id === 'string' ? req.body.chat_id : undefined),
    );
  }

  method(req: RecordedRequest): string {
    return req.path.split('/').pop() ?? '';
  }

  sent(chatId?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => this.method(r) === 'sendMessage' && (chatId === undefined || r.body.chat_id === chatId),
    );
  }

  calls(method: string): RecordedRequest[] {
    return this.requests.filter((r) => this.method(r) === method);
  }
}
