import type { EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import type { KingdeeEmulatorSettings } from './emulator-settings.js';
import type { CallArgs } from './request-args.js';
import type { SiteCredentials } from './site-credentials.js';

interface Session {
  issuedAt: number;
  generation: number;
}

/** Who a call comes from, or why it is refused (answered MsgCode 1). */
export type Admission = { ok: true; via: 'session' | 'signature' } | { ok: false; why: string };

/**
 * The site's two ways in: sessions from LoginBySign (carried by the kdservice-sessionid cookie,
 * the SID header or the kdservice-sessionid header) and the SDK 8.x signature headers. Sessions
 * die at sessionTtlMs, at the kit's tokenExpiresAt fault, at `expireAll()` (the control), or after
 * expireSessionsAfterCalls more calls (one-shot).
 */
export class AuthGate {
  private readonly sessions = new Map<string, Session>();
  /** Sessions of an older generation are lost. */
  private generation = 0;
  private minGeneration = 0;
  /** LoginBySign calls answered with a session. */
  logins = 0;

  constructor(
    private readonly site: SiteCredentials,
    private readonly settings: KingdeeEmulatorSettings,
    private readonly now: () => number,
    private readonly tokenExpired: (issuedAt: number) => boolean,
    private readonly newSessionId: () => string,
  ) {}

  /** Every session issued so far is lost now. */
  expireAll(): { expired: number } {
    const live = [...this.sessions.values()].filter((s) => s.generation >= this.minGeneration).length;
    this.minGeneration = ++this.generation;
    return { expired: live };
  }

  /** LoginBySign `[acctId, userName, appId, timestamp, sign, lcid]` (or named). */
  login(args: CallArgs): EmulatorResponse {
    const named = args.named ?? {};
    const [acctId, userName, appId, timestamp, sign] = (args.positional ?? [named.acctid, named.username, named.appid, named.timestamp, named.sign]).map((v) => String(v ?? ''));
    const { app } = this.site;
    if (acctId !== app.acctId) {
      // Observed for a wrong data centre id (2nd-hand): not a 200, and no JSON.
      return { status: 500, text: 'Fail to verify thirty passport' };
    }
    const age = Math.abs(this.now() - Number(timestamp) * 1000);
    const fine = userName === app.userName && appId === app.appId && Number.isFinite(age) && age <= this.settings.signatureToleranceMs
      && sign === this.site.expectedLoginSign(acctId!, userName!, appId!, timestamp!);
    if (!fine) {
      return { json: { Message: '用户名或密码错误（应用签名校验失败）', MessageCode: 'CheckPasswordPolicy', LoginResultType: -1, Context: null, KDSVCSessionId: null, IsSuccessByAPI: false } };
    }
    const sessionId = this.newSessionId();
    this.sessions.set(sessionId, { issuedAt: this.now(), generation: this.generation });
    this.logins++;
    return {
      headers: { 'set-cookie': `kdservice-sessionid=${sessionId}; path=/; HttpOnly` },
      json: {
        Message: null,
        MessageCode: 'CheckPasswordPolicy',
        LoginResultType: 1,
        Context: { UserName: app.userName, UserId: 100_008, DBid: app.acctId, SessionId: sessionId, DataCenterName: 'datong emulator', DisplayVersion: '8.2.0.emulator' },
        KDSVCSessionId: sessionId,
        IsSuccessByAPI: true,
        Lcid: 2052,
      },
    };
  }

  /** Whether a business call may go on, by session or by signature headers. */
  admit(req: EmulatorRequest): Admission {
    const admission = req.headers['x-api-signature'] !== undefined ? this.signed(req) : this.session(req);
    if (admission.ok && this.settings.expireSessionsAfterCalls !== undefined) {
      this.settings.expireSessionsAfterCalls--;
      if (this.settings.expireSessionsAfterCalls <= 0) {
        delete this.settings.expireSessionsAfterCalls;
        this.expireAll();
      }
    }
    return admission;
  }

  private session(req: EmulatorRequest): Admission {
    const cookie = /(?:^|;\s*)kdservice-sessionid=([^;]+)/i.exec(req.headers.cookie ?? '')?.[1];
    const id = cookie ?? req.headers.sid ?? req.headers['kdservice-sessionid'];
    if (!id) return { ok: false, why: 'no session' };
    const session = this.sessions.get(id);
    if (!session) return { ok: false, why: 'unknown session' };
    if (session.generation < this.minGeneration || this.now() - session.issuedAt > this.settings.sessionTtlMs || this.tokenExpired(session.issuedAt)) {
      this.sessions.delete(id);
      return { ok: false, why: 'session expired' };
    }
    return { ok: true, via: 'session' };
  }

  private signed(req: EmulatorRequest): Admission {
    const h = req.headers;
    const { app } = this.site;
    const timestamp = h['x-api-timestamp'] ?? '';
    const nonce = h['x-api-nonce'] ?? '';
    // The Java SDK sends ms, the Python SDK seconds.
    const ms = Number(timestamp) < 1e12 ? Number(timestamp) * 1000 : Number(timestamp);
    if (!Number.isFinite(ms) || Math.abs(this.now() - ms) > this.settings.signatureToleranceMs) return { ok: false, why: 'timestamp outside the window' };
    if (h['x-api-clientid'] !== app.appId.split('_')[0] || h['x-kd-appkey'] !== app.appId) return { ok: false, why: 'unknown app' };
    if (h['x-api-signature'] !== this.site.expectedApiSignature(req.path, nonce, timestamp)) return { ok: false, why: 'bad X-Api-Signature' };
    const appData = Buffer.from(h['x-kd-appdata'] ?? '', 'base64').toString('utf8');
    const [acctId, userName] = appData.split(',');
    if (acctId !== app.acctId || userName !== app.userName) return { ok: false, why: 'X-Kd-Appdata names another account or user' };
    if (h['x-kd-signature'] !== this.site.expectedKdSignature(appData)) return { ok: false, why: 'bad X-Kd-Signature' };
    return { ok: true, via: 'signature' };
  }
}

/** MsgCode 14's window: calls accepted in the last throttleWindowMs. Refused calls do not count (UNCONFIRMED). */
export class Throttle {
  private accepted: number[] = [];

  constructor(
    private readonly settings: KingdeeEmulatorSettings,
    private readonly now: () => number,
  ) {}

  admit(): boolean {
    const now = this.now();
    while (this.accepted.length > 0 && this.accepted[0]! <= now - this.settings.throttleWindowMs) this.accepted.shift();
    if (this.accepted.length >= this.settings.throttleRequests) return false;
    this.accepted.push(now);
    return true;
  }
}
