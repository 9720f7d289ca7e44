// Live service rules: the panel's `services` answer, cached in the storage with its fetch time (so
// it survives restarts and the bot can quote rules while the panel is down), refreshed on an
// interval and on demand, and read from memory. The bot quotes min, max, rate, refill and cancel from
// here, and says so when the rules are older than the stale limit.
import type { Clock } from '../clock.js';
import type { Log } from '../observability/logger.js';
import type { PanelClient, PanelService } from '../panel/types.js';
import type { RuleStore } from '../storage/port.js';
import { PanelError, type PanelErrorKind } from '../panel/errors.js';

export interface RuleView {
  serviceId: string;
  name: string;
  category: string;
  min: number;
  max: number;
  /** Price per 1000 as the panel wrote it ("0.90"). */
  rate: string;
  currency: string | null;
  /** `null`: the panel did not say. */
  refill: boolean | null;
  cancel: boolean | null;
  dripfeed: boolean | null;
  fetchedAt: string;
  stale: boolean;
}

/** What the panel said of its API key at the last refresh: `unchecked` before the first answer. */
export type PanelKeyState = 'ok' | 'refused' | 'unchecked';

/** How current the rules are; `failing` when the last attempt to fetch them failed. */
export interface RulesState {
  fetchedAt: string | null;
  stale: boolean;
  failing: boolean;
  panelKey: PanelKeyState;
}

export interface ServiceRules {
  /** Fetches the services now; concurrent calls share one fetch. Never rejects: a failure keeps the last good rules. */
  refresh(): Promise<void>;
  get(serviceId: string): RuleView | undefined;
  all(): RuleView[];
  fetchedAt(): string | null;
  isStale(): boolean;
  status(): RulesState;
  start(): void;
  stop(): void;
}

export interface ServiceRulesOptions {
  store: RuleStore;
  panel: Pick<PanelClient, 'services' | 'balance'>;
  clock: Clock;
  log: Log;
  refreshMs: number;
  staleMs: number;
  /** The currency rates are quoted in; when unset it is read from the panel's balance answer. */
  currency?: string;
}

/** The panel's answers that mean the key (or the server's address) is not accepted. */
const KEY_REFUSED: ReadonlySet<PanelErrorKind> = new Set(['invalid_key', 'ip_not_allowed']);

/** Loads the cached rules first: `get` and `all` answer from memory from then on. */
export async function createServiceRules(options: ServiceRulesOptions): Promise<ServiceRules> {
  const { store, panel, clock, log, refreshMs, staleMs } = options;
  let cached = await store.load();
  let byId = new Map(cached.services.map((s) => [s.id, s]));
  let inflight: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let failing = false;
  let panelKey: PanelKeyState = 'unchecked';

  const isStale = () => cached.fetchedAt === null || clock().getTime() - new Date(cached.fetchedAt).getTime() > staleMs;
  const view = (s: PanelService): RuleView => ({
    serviceId: s.id, name: s.name, category: s.category, min: s.min, max: s.max, rate: s.rate, currency: cached.currency,
    refill: s.refill, cancel: s.cancel, dripfeed: s.dripfeed, fetchedAt: cached.fetchedAt as string, stale: isStale(),
  });

  async function fetchOnce(): Promise<void> {
    try {
      const services = await panel.services();
      panelKey = 'ok';
      // An empty catalogue is far likelier a panel glitch than a shop with nothing to sell.
      if (services.length === 0 && cached.services.length > 0) {
        failing = true;
        log.warn({ kept: cached.services.length }, 'service rules refresh returned no services; keeping the last good rules');
        return;
      }
      const currency = options.currency ?? (await panel.balance().then((b) => b.currency, () => null)) ?? cached.currency;
      if (stopped) return;
      const fetchedAt = clock().toISOString();
      await store.save(services, fetchedAt, currency);
      cached = { services, fetchedAt, currency };
      byId = new Map(services.map((s) => [s.id, s]));
      failing = false;
      log.info({ services: services.length }, 'service rules refreshed');
    } catch (err) {
      if (stopped) return;
      failing = true;
      if (err instanceof PanelError && KEY_REFUSED.has(err.kind)) {
        // Every order lookup fails the same way until an operator acts: loud, not a warning.
        panelKey = 'refused';
        log.error({ kind: err.kind }, 'the panel refused PANEL_API_KEY (or this server\'s address): order lookups and service rules fail until it is fixed');
        return;
      }
      const code = err instanceof Error && 'code' in err ? String(err.code) : 'error';
      log.warn({ code, fetchedAt: cached.fetchedAt, kept: cached.services.length }, 'service rules refresh failed; keeping the last good rules');
    }
  }

  const refresh = (): Promise<void> => {
    inflight ??= fetchOnce().finally(() => {
      inflight = null;
    });
    return inflight;
  };

  return {
    refresh,
    get: (serviceId) => {
      const s = byId.get(serviceId.trim());
      return s ? view(s) : undefined;
    },
    all: () => cached.services.map(view),
    fetchedAt: () => cached.fetchedAt,
    isStale,
    status: () => ({ fetchedAt: cached.fetchedAt, stale: isStale(), failing, panelKey }),
    start() {
      if (timer) return;
      stopped = false;
      timer = setInterval(() => void refresh(), refreshMs);
      timer.unref(); // never keeps the process alive on its own
      // At every start, even with fresh rules from the store: it is also the check of the panel key.
      void refresh();
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
