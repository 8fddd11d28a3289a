import { randomBytes } from 'node:crypto';

import { HttpPeer, RecordedRequest } from './http-peer';

/**
 * Answers like the Zalo OA Open API v3 (HTTP 200 with an `error` field) and its OAuth token
 * endpoint (single-use, rotating refresh tokens). Scripts are keyed by follower id: '500',
 * 'rate' (-32), 'window' (-230), 'timeout' (never answers), 'token' (the access token is
 * revoked before answering: -216).
 */
export class ZaloPeer extends HttpPeer {
  accessToken = `at-${randomBytes(8).toString('hex')}`;
  refreshes = 0;
  private messageId = 5000;

  constructor(
    public refreshToken: string,
    readonly appSecret: string,
  ) {
    super(
      (req, behaviour) => {
        if (req.path === '/v4/oa/access_token') {
          if (req.headers.secret_key !== this.appSecret || req.body.refresh_token !== this.refreshToken) {
            return { status: 200, body: { error: -14014, error_name: 'Invalid refresh token' } };
          }
          this.refreshes++;
          this.accessToken = `at-${randomBytes(8).toString('hex')}`;
          this.refreshToken = `rt-${randomBytes(8).toString('hex')}`;
          return {
            status: 200,
            body: { access_token: this.accessToken, refresh_token: this.refreshToken, expires_in: '90000' },
          };
        }
        if (req.path !== '/v3.0/oa/message/cs')
          return { status: 404, body: { error: -1, message: 'not found' } };
        if (behaviour === 'token') this.accessToken = `revoked-${this.accessToken}`;
        if (req.headers.access_token !== this.accessToken) {
          // A stale token is refused before the scripted behaviour gets a chance: keep it for the retry.
          const user = this.userOf(req);
          if (user && behaviour !== 'ok' && behaviour !== 'token') this.unshift(user, behaviour);
          return { status: 200, body: { error: -216, message: 'Access token is invalid' } };
        }
        this.acceptedRequests.push(req);
        switch (behaviour) {
          case '500':
            return { status: 502, body: { error: -1, message: 'Bad gateway' } };
          case 'rate':
            return { status: 200, body: { error: -32, message: 'Your application reached limit call api' } };
          case 'window':
            return {
              status: 200,
              body: { error: -230, message: 'User has not interacted with OA in past 7 days' },
            };
          case 'timeout':
            return 'hang';
          default:
            return {
              status: 200,
              body: {
                error: 0,
                message: 'Success',
                data: { message_id: `m${++this.messageId}`, user_id: this.userOf(req) },
              },
            };
        }
      },
      (req) =>
        req.path === '/v3.0/oa/message/cs'
          ? (req.body.recipient as { user_id?: string })?.user_id
          : undefined,
    );
  }

  /** Requests that got past the token check (those a follower could have received). */
  readonly acceptedRequests: RecordedRequest[] = [];

  accepted(userId: string): RecordedRequest[] {
    return this.acceptedRequests.filter((r) => this.userOf(r) === userId);
  }

  userOf(req: RecordedRequest): string | undefined {
    return (req.body.recipient as { user_id?: string } | undefined)?.user_id;
  }

  /** Messages that reached the follower (answered with error 0 would be decided later; this lists requests). */
  sent(userId?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.path === '/v3.0/oa/message/cs' && (userId === undefined || this.userOf(r) === userId),
    );
  }

  textOf(req: RecordedRequest): string {
    return String((req.body.message as { text?: string } | undefined)?.text ?? '');
  }
}
