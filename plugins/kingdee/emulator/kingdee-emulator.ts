import { EmulatorKit, type EmulatorRequest, type EmulatorResponse, type FaultOptions, type RunningEmulator } from '@datong/sdk/emulator';
import { AuthGate, Throttle } from './auth-gate.js';
import { billQuery, UnknownField } from './bill-query.js';
import { applySettings, DEFAULT_SETTINGS, type KingdeeEmulatorSettings } from './emulator-settings.js';
import { CALL_LIMITED, failure, MsgCode, queryFailure, SESSION_LOST, statusBody } from './envelope.js';
import { formById, type FormDef } from './kingdee-forms.js';
import { KingdeeStore } from './kingdee-store.js';
import { callArgs, formAndData, queryData, type CallArgs } from './request-args.js';
import { SiteCredentials, type KingdeeCredentials } from './site-credentials.js';

export interface KingdeeEmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  faults?: FaultOptions;
  settings?: Partial<KingdeeEmulatorSettings>;
  /** A clock for sessions, signatures and the throttle window (ms epoch). */
  now?: () => number;
  [setting: string]: unknown;
}

const STUB = 'Kingdee.BOS.WebApi.ServicesStub';
/** The services served, by their full name; the route of each is `/k3cloud/<name>.common.kdsvc`. */
export const SERVICES = {
  login: `${STUB}.AuthService.LoginBySign`,
  query: `${STUB}.DynamicFormService.ExecuteBillQuery`,
  view: `${STUB}.DynamicFormService.View`,
  save: `${STUB}.DynamicFormService.Save`,
  batchSave: `${STUB}.DynamicFormService.BatchSave`,
  delete: `${STUB}.DynamicFormService.Delete`,
  audit: `${STUB}.DynamicFormService.Audit`,
} as const;

type Handler = (args: CallArgs, req: EmulatorRequest) => EmulatorResponse;

/**
 * A K3Cloud (金蝶云·星空) site over HTTP, written from Kingdee's documentation apart from the
 * sink it tests: `POST /k3cloud/<Service>.common.kdsvc` (path case-insensitive), body form A or B,
 * LoginBySign sessions and SDK 8.x signature headers, MsgCode 1 for a lost session and MsgCode 14
 * for the throttle (both HTTP 200), BatchSave/Save/ExecuteBillQuery/View/Delete/Audit on
 * BD_Customer and SAL_SaleOrder with per-record errors.
 *
 * @example
 *   const kingdee = await startEmulator({ settings: { throttleRequests: 5, throttleWindowMs: 500 } });
 *   const config = { ...kingdee.credentials };
 */
export class KingdeeEmulator implements RunningEmulator {
  readonly kit: EmulatorKit;
  readonly settings: KingdeeEmulatorSettings;
  readonly store: KingdeeStore;
  readonly auth: AuthGate;
  readonly credentials: KingdeeCredentials & { baseUrl: string };
  private readonly throttle: Throttle;
  private readonly handlers = new Map<string, Handler>();

  constructor(options: KingdeeEmulatorOptions = {}) {
    this.kit = new EmulatorKit({
      name: 'kingdee',
      port: options.port,
      host: options.host,
      seed: options.seed,
      faults: options.faults,
      now: options.now,
      rateLimitResponse: (req) => this.limited(req),
    });
    // `datong emulate kingdee --set throttleRequests=5` passes settings as top-level options.
    const loose = Object.fromEntries(Object.entries(options).filter(([k]) => k in DEFAULT_SETTINGS || k === 'expireSessionsAfterCalls'));
    this.settings = applySettings({ ...DEFAULT_SETTINGS }, { ...loose, ...options.settings });
    const now = () => this.kit.now();
    const r = this.kit.random;
    const blob = Buffer.from(Array.from({ length: 24 }, () => r.int(0, 255))).toString('base64');
    this.credentials = {
      acctId: `6${Array.from({ length: 14 }, () => r.int(0, 15).toString(16)).join('')}`,
      userName: 'datong-api',
      appId: `${r.int(200_000, 299_999)}_${blob}`,
      appSecret: `emulator-app-secret-${Array.from({ length: 16 }, () => r.int(0, 15).toString(16)).join('')}`,
      orgNumber: '100',
      baseUrl: '',
    };
    this.store = new KingdeeStore(this.settings, now);
    this.throttle = new Throttle(this.settings, now);
    this.auth = new AuthGate(new SiteCredentials(this.credentials), this.settings, now, (at) => this.kit.tokenExpired(at), () => this.hex(32));
    this.routes();
  }

  /**
   * The site root a client is configured with, `/k3cloud/` included, so `datong emulate --write-env`
   * writes a KINGDEE_BASE_URL that works as the config's baseUrl. Control endpoints are at `kit.url`.
   */
  get url(): string {
    return `${this.kit.url}/k3cloud/`;
  }

  async start(): Promise<this> {
    const url = await this.kit.start();
    this.credentials.baseUrl = `${url}/k3cloud/`;
    return this;
  }

  close(): Promise<void> {
    return this.kit.close();
  }

  /** Everything the site holds, as plain data. */
  dump(): Record<string, unknown> {
    return this.store.dump();
  }

  /** How many records of a form hold this number (1 when written once, never 2). */
  countByNumber(formId: 'BD_Customer' | 'SAL_SaleOrder', number: string): number {
    return this.store.countByNumber(formId, number);
  }

  private routes(): void {
    this.service(SERVICES.login, (args) => this.auth.login(args), false);
    this.service(SERVICES.query, (args) => this.query(args));
    this.service(SERVICES.view, (args) => this.view(args));
    this.service(SERVICES.save, (args) => this.save(args, false));
    this.service(SERVICES.batchSave, (args) => this.save(args, true));
    this.service(SERVICES.delete, (args) => this.operate(args, 'delete'));
    this.service(SERVICES.audit, (args) => this.operate(args, 'audit'));
    // Kingdee matches the site path and the service name case-insensitively (/K3Cloud/ too).
    this.kit.route('POST', '/:site/:service', (req) => {
      const name = req.params.service!.replace(/\.common\.kdsvc$/i, '').toLowerCase();
      const handler = req.params.site!.toLowerCase() === 'k3cloud' ? this.handlers.get(name) : undefined;
      return handler ? handler(callArgs(req) ?? {}, req) : failure(MsgCode.exception, `服务 ${req.params.service} 不存在`);
    });
    this.kit.control('settings', (patch: Record<string, unknown> | undefined) => applySettings(this.settings, patch ?? {}));
    this.kit.control('expire-sessions', () => this.auth.expireAll());
    this.kit.control('audit', (body: { formId?: string; numbers?: string[] } | undefined) => {
      const form = formById(body?.formId);
      if (!form) throw new Error('audit takes {"formId":"SAL_SaleOrder","numbers":["..."]}');
      return this.store.audit(form, body?.numbers ?? []);
    });
    this.kit.control('dump', () => this.dump());
  }

  /** Registers `/k3cloud/<name>.common.kdsvc`: throttle, then (but for login) the session or signature, then the handler. */
  private service(name: string, handler: Handler, authenticated = true): void {
    const wrapped: Handler = (args, req) => {
      if (!this.throttle.admit()) return this.limited(req);
      if (authenticated) {
        const admission = this.auth.admit(req);
        if (!admission.ok) {
          const answer = name === SERVICES.query ? queryFailure(MsgCode.sessionLost, SESSION_LOST) : failure(MsgCode.sessionLost, SESSION_LOST);
          return { ...answer, fault: admission.why === 'session expired' ? 'token-expired' : undefined };
        }
      }
      return handler(args, req);
    };
    this.handlers.set(name.toLowerCase(), wrapped);
    this.kit.route('POST', `/k3cloud/${name}.common.kdsvc`, (req) => {
      const args = callArgs(req);
      if (!args) return failure(MsgCode.parameter, '请求参数格式不正确：需要 {"parameters":[...]} 或 {"formid","data"}');
      return wrapped(args, req);
    });
  }

  /** MsgCode 14 in the shape of the call it refuses (rows calls get it wrapped in arrays). */
  private limited(req: EmulatorRequest): EmulatorResponse {
    const answer = /ExecuteBillQuery/i.test(req.path) ? queryFailure(MsgCode.callLimited, CALL_LIMITED) : failure(MsgCode.callLimited, CALL_LIMITED);
    return { ...answer, fault: 'rate-limit' };
  }

  private query(args: CallArgs): EmulatorResponse {
    const data = queryData(args);
    const form = formById(data?.FormId);
    if (!data || !form) return queryFailure(MsgCode.exception, `业务对象“${String(data?.FormId ?? '')}”不存在`, 'FormId');
    try {
      return { json: billQuery(form, this.store.bills(form), data, this.settings.maxQueryRows) };
    } catch (error) {
      if (error instanceof UnknownField) return queryFailure(MsgCode.fieldNotFound, error.message, error.field);
      return queryFailure(MsgCode.exception, (error as Error).message, 'FilterString');
    }
  }

  private view(args: CallArgs): EmulatorResponse {
    const { formId, data } = formAndData(args);
    const form = formById(formId);
    if (!form) return failure(MsgCode.exception, `业务对象“${String(formId ?? '')}”不存在`, 'FormId');
    const bill = this.store.bills(form).find((b) => (data?.Number ? b.number === String(data.Number) : b.id === Number(data?.Id)));
    if (!bill) return failure(MsgCode.dataNotFound, '数据不存在或已被删除');
    const result: Record<string, unknown> = { Id: bill.id, Number: bill.number, DocumentStatus: bill.status, ...bill.fields };
    if (form.entry) result[form.entry.key] = bill.entries.map((e) => ({ Id: e.FEntryID, ...e.fields }));
    return { json: { Result: { ResponseStatus: null, Result: result } } };
  }

  private save(args: CallArgs, batch: boolean): EmulatorResponse {
    const { formId, data } = formAndData(args);
    const form = formById(formId);
    if (!form) return failure(MsgCode.exception, `业务对象“${String(formId ?? '')}”不存在`, 'FormId');
    const model = data?.Model;
    const models = batch ? model : model === undefined ? undefined : [model];
    if (!Array.isArray(models) || models.length === 0) return failure(MsgCode.parameter, batch ? 'BatchSave 的 Model 必须是非空数组' : 'Save 需要 Model', 'Model');
    if (models.length > this.settings.maxBatchSize) {
      return failure(MsgCode.parameter, `批量保存的数据条数 ${models.length} 超过了最大值 ${this.settings.maxBatchSize}`, 'Model');
    }
    const flags = {
      needUpdateFields: Array.isArray(data?.NeedUpDateFields) ? (data.NeedUpDateFields as unknown[]).map(String) : [],
      isDeleteEntry: data?.IsDeleteEntry !== false && data?.IsDeleteEntry !== 'false',
    };
    const result = this.store.save(form, models, flags, this.settings.partialBatchSave === 'all-or-nothing');
    return { json: statusBody(result.errors, result.successes) };
  }

  private operate(args: CallArgs, op: 'delete' | 'audit'): EmulatorResponse {
    const { formId, data } = formAndData(args);
    const form: FormDef | undefined = formById(formId);
    if (!form) return failure(MsgCode.exception, `业务对象“${String(formId ?? '')}”不存在`, 'FormId');
    let numbers = Array.isArray(data?.Numbers) ? (data.Numbers as unknown[]).map(String) : [];
    if (numbers.length === 0 && typeof data?.Ids === 'string' && data.Ids !== '') {
      const ids = data.Ids.split(',').map(Number);
      numbers = this.store.bills(form).filter((b) => ids.includes(b.id)).map((b) => b.number);
    }
    if (numbers.length === 0) return failure(MsgCode.parameter, '需要 Numbers 或 Ids', 'Numbers');
    const result = op === 'delete' ? this.store.delete(form, numbers) : this.store.audit(form, numbers);
    return { json: statusBody(result.errors, result.successes, result.errors.some((e) => e.FieldName === 'FDocumentStatus') ? MsgCode.notAllowed : MsgCode.dataNotFound) };
  }

  private hex(length: number): string {
    return Array.from({ length }, () => this.kit.random.int(0, 15).toString(16)).join('');
  }
}

/** Starts an emulator on 127.0.0.1 (an ephemeral port unless `port` is given). */
export function startEmulator(options: KingdeeEmulatorOptions = {}): Promise<KingdeeEmulator> {
  return new KingdeeEmulator(options).start();
}
